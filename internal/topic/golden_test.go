package topic

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestExtractGolden pins Extract's whole output, so that work on its speed
// cannot change what it picks. The sample digest is given both as its
// blank-line-separated groups of lines (a line is a paragraph), in
// stories of six lines and as one story per line; the
// synthetic stories exercise capitals, quotes, hyphens, apostrophes,
// numbers, non-ASCII letters and repeated phrases. Run with -update to
// rewrite testdata/extract.golden.
func TestExtractGolden(t *testing.T) {
	var out bytes.Buffer
	run := func(name string, docs [][]string, n int) {
		fmt.Fprintf(&out, "# %s n=%d\n", name, n)
		for i, ps := range Extract(docs, n) {
			b, _ := json.Marshal(ps)
			fmt.Fprintf(&out, "%d %s\n", i, b)
		}
	}
	raw, err := os.ReadFile("../../content/2025-01-28-iran-digest.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimRight(string(raw), "\n")
	var groups, chunks, lines [][]string
	for _, g := range strings.Split(text, "\n\n") {
		groups = append(groups, strings.Split(g, "\n"))
	}
	all := strings.Split(text, "\n")
	for i := 0; i < len(all); i += 6 {
		chunks = append(chunks, all[i:min(i+6, len(all))])
	}
	for _, l := range all {
		lines = append(lines, []string{l})
	}
	run("digest groups", groups, 3)
	run("digest chunks", chunks, 3)
	run("digest lines", lines, 3)
	syn := goldenDocs(3000)
	run("synthetic", syn, 3)
	run("synthetic", syn[:500], 1)
	run("synthetic small", syn[:40], 2)
	run("synthetic", syn[:300], 0)
	run("synthetic", syn[:300], -1) // no limit

	path := filepath.Join("testdata", "extract.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		got := strings.Split(out.String(), "\n")
		for i, w := range strings.Split(string(want), "\n") {
			if i >= len(got) || got[i] != w {
				t.Fatalf("line %d: got %q, want %q", i+1, got[min(i, len(got)-1)], w)
			}
		}
		t.Fatal("output longer than the golden file")
	}
}

// goldenDocs makes n stories deterministically from a small vocabulary,
// so that words, pairs and their spellings repeat across stories.
func goldenDocs(n int) [][]string {
	words := strings.Fields(`iran Iran IRAN tehran Tehran nuclear Nuclear talks Talks talk
		executions execution Executions drones drone Drones sanctions sanction oil Oil prices
		pipeline pipelines policy policies agency agencies analysis bus buses glass process
		well-known Well-Known cease-fire ceasefire Khamenei Raisi Washington Vienna Europe
		protest protests Protests protesters economy economic inflation rial currency
		crackdown rights Rights women Women hijab hijabs missile missiles Missile strike
		strikes tanker tankers Hormuz strait Strait navy Navy guard guards Guards election
		elections vote votes candidate candidates reform reformist hardline hardliners
		said officials year people government the and of to in on for with by Monday March
		café Café naïve résumé Straße ÉLAN über Zürich
		run ran running talked talked uranium enrichment enriched Enriched`)
	punct := []string{" ", " ", " ", " ", ", ", ". ", "! ", "? ", "; ", ": ", " - ", " — ", " (", ") ", " / ", "\" ", " \"", " “", "” ", " ‘", "’ "}
	rng := rand.New(rand.NewPCG(7, 11))
	docs := make([][]string, n)
	for i := range docs {
		var paras []string
		// a few phrases that the story repeats
		theme := make([]string, 1+rng.IntN(4))
		for k := range theme {
			theme[k] = words[rng.IntN(len(words))]
			if rng.IntN(2) == 0 {
				theme[k] += " " + words[rng.IntN(len(words))]
			}
		}
		for range 1 + rng.IntN(8) {
			if rng.IntN(6) == 0 {
				// a short line: a subheading
				paras = append(paras, theme[rng.IntN(len(theme))])
				continue
			}
			var sb strings.Builder
			for range rng.IntN(60) {
				var w string
				switch r := rng.IntN(20); {
				case r < 6:
					w = theme[rng.IntN(len(theme))]
				case r == 6:
					w = fmt.Sprint(rng.IntN(2000))
				case r == 7:
					w = words[rng.IntN(len(words))] + "'s"
				case r == 8:
					w = words[rng.IntN(len(words))] + "’s"
				case r == 9:
					w = words[rng.IntN(len(words))] + "-" + words[rng.IntN(len(words))]
				case r == 10:
					w = "'" + words[rng.IntN(len(words))] + "'"
				case r == 11:
					w = strings.ToUpper(words[rng.IntN(len(words))][:1]) + words[rng.IntN(len(words))]
				default:
					w = words[rng.IntN(len(words))]
				}
				sb.WriteString(w)
				sb.WriteString(punct[rng.IntN(len(punct))])
			}
			paras = append(paras, sb.String())
		}
		docs[i] = paras
	}
	return docs
}
