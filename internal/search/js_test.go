package search

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestJavaScript runs templates/search.js under Node.js, when it is
// installed, and wants it to split words and rank stories exactly as the
// Go code does: the Go client above stands in for the JavaScript in the
// other tests. Node.js is only a test tool; the build never needs it.
func TestJavaScript(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node in PATH")
	}
	docs := append(slices.Clone(sample), synth(3000, 11)...)
	// Small shards, so that keys split into parts, as at 100,000 stories.
	defer func(n int) { maxShard = n }(maxShard)
	maxShard = 6 << 10
	files, err := Files(docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	texts := []string{
		"Iran's don't O'Brien rock'n'roll 'quoted' it's's", "Café Zürich São Ångström Straße Œuvre Łódź Øresund Þór",
		"İstanbul ΣΟΦΟΣ σοφός", "تهران، ایران 한국어", "COVID-19 in 2025: 3.5%", "e\u0301t\u00e9 " + strings.Repeat("x", 60),
		"</script><b>\"quotes\"&",
	}
	queries := []string{"bridge ", "harbour", "bridge library", "libr", "tre", "cafe zurich", "Café's", "xyzzy bridge"}
	for i := 0; i < 40; i++ {
		words := strings.Fields(strings.Join(docs[5+i*70].Text, " "))
		queries = append(queries, words[i%7]+" "+words[i%5+3][:min(3, len(words[i%5+3]))], words[i%11])
	}
	in, _ := json.Marshal(map[string]any{"dir": dir, "texts": texts, "queries": queries})
	script := `
const fs = require('fs');
const s = require(process.argv[1]);
const {dir, texts, queries} = JSON.parse(fs.readFileSync(0, 'utf8'));
const ix = s.Index(async name => JSON.parse(fs.readFileSync(dir + '/' + name.split('?')[0], 'utf8')));
(async () => {
  const out = {words: texts.map(s.words), ranks: []};
  for (const q of queries) out.ranks.push((await ix.search(q)).slice(0, 20));
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`
	js, _ := filepath.Abs("../../templates/search.js")
	cmd := exec.Command(node, "-e", script, js)
	cmd.Stdin = strings.NewReader(string(in))
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got struct {
		Words [][]string
		Ranks [][]int
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	for i, text := range texts {
		if want := terms(text); !slices.Equal(got.Words[i], want) {
			t.Errorf("words(%q): JavaScript %q, Go %q", text, got.Words[i], want)
		}
	}
	c := newClient(t, files)
	if len(c.meta.Parts) < 10 {
		t.Errorf("only %d keys split into parts; the test wants to try many", len(c.meta.Parts))
	}
	for i, q := range queries {
		want := c.search(t, q)
		if want = want[:min(20, len(want))]; !slices.Equal(got.Ranks[i], want) && !(len(want) == 0 && len(got.Ranks[i]) == 0) {
			t.Errorf("search(%q): JavaScript %v, Go %v", q, got.Ranks[i], want)
		}
	}
}
