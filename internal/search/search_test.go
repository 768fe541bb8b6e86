package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"digest/internal/memo"
)

func terms(s string) []string {
	var t tokenizer
	out := []string{}
	t.each(s, func(b []byte) {
		out = append(out, string(b))
	})
	return out
}

func TestTokenize(t *testing.T) {
	long := strings.Repeat("x", maxTermLen+1)
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"Harbour Bridge reopens", "harbour bridge reopens"},
		{"Iran's foreign minister", "iran foreign minister"},
		{"Iran’s", "iran"},
		{"don't O'Brien rock'n'roll", "dont obrien rocknroll"},
		{"'quoted' words'", "quoted words"},
		{"it's's", "it"},
		{"Café Zürich São Paulo Ångström", "cafe zurich sao paulo angstrom"},
		{"Straße Œuvre Łódź Øresund Þór", "strasse oeuvre lodz oresund thor"},
		{"İstanbul", "istanbul"},
		{"ΣΟΦΟΣ σοφός", "σοφοσ σοφοσ"},
		{"تهران، ایران", "تهران ایران"},
		{"한국어", "한국어"},
		{"COVID-19 in 2025: 3.5%", "covid 19 in 2025 3 5"},
		{"a\u00a0b\tc\n", "a b c"},
		{"e\u0301t\u00e9", "ete"},
		{"</script><b>\"quotes\"&", "script b quotes"},
		{"ok " + long + " ok", "ok ok"},
		{"\xff bad \xfe utf8", "bad utf8"},
		{"", ""},
	} {
		got := strings.Join(terms(tc.in), " ")
		if got != tc.want {
			t.Errorf("terms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestKeys(t *testing.T) {
	for _, tc := range []struct{ term, key, file string }{
		{"bridge", "br", "br"},
		{"a", "a", "a"},
		{"2025", "20", "20"},
		{"تهران", "ته", "_62a_647"},
		{"é", "é", "_e9"},
	} {
		if k := Key(tc.term); k != tc.key || fileKey(k) != tc.file {
			t.Errorf("Key(%q) = %q, file %q; want %q, %q", tc.term, k, fileKey(k), tc.key, tc.file)
		}
	}
}

// client is a Go copy of the query side of search.js, so that tests can
// rank queries without a browser. Keep the two in step.
type client struct {
	meta struct {
		V     int                 `json:"v"`
		N     int                 `json:"n"`
		Chunk int                 `json:"chunk"`
		Hash  string              `json:"hash"`
		Keys  []string            `json:"keys"`
		Parts map[string][]string `json:"parts"`
	}
	files   map[string][]byte
	fetched map[string]bool
}

func newClient(t testing.TB, files []File) *client {
	c := &client{files: map[string][]byte{}, fetched: map[string]bool{}}
	for _, f := range files {
		c.files[f.Name] = f.Data
	}
	if err := json.Unmarshal(c.files["meta.json"], &c.meta); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *client) get(t testing.TB, name string, v any) {
	t.Helper()
	b, ok := c.files[name]
	if !ok {
		t.Fatalf("the client fetches %s, which the index lacks", name)
	}
	c.fetched[name] = true
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func (c *client) shards(t string, pre bool) []string {
	k := Key(t)
	if !slices.Contains(c.meta.Keys, k) {
		return nil
	}
	f, b := "t/"+fileKey(k), c.meta.Parts[k]
	i := 0
	for i < len(b) && b[i] <= t {
		i++
	}
	name := f
	if i > 0 {
		name += "-" + strconv.Itoa(i)
	}
	names := []string{name + ".json"}
	if pre && i < len(b) && strings.HasPrefix(b[i], t) {
		names = append(names, f+"-"+strconv.Itoa(i+1)+".json")
	}
	return names
}

func decodePostings(s string, f func(doc, impact int)) {
	doc, v, sh := -1, 0, 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(digits, s[i])
		v |= (d & 31) << sh
		if d < 32 {
			doc += v>>4 + 1
			f(doc, v&15+1)
			v, sh = 0, 0
		} else {
			sh += 5
		}
	}
}

// search returns the ranked doc IDs for q, as search.js does.
func (c *client) search(t testing.TB, q string) []int {
	ws := terms(q)
	r, _ := utf8.DecodeLastRuneInString(q)
	pre := isWord(r)
	type cand struct {
		term string
		df   int
		post string
	}
	score, hits := map[int]float64{}, map[int]int{}
	need := 0
	for wi, w := range ws {
		p := pre && wi == len(ws)-1
		var cands []cand
		for _, name := range c.shards(w, p) {
			var arr []any
			c.get(t, name, &arr)
			for i := 0; i < len(arr); i += 3 {
				term := arr[i].(string)
				if term == w || p && strings.HasPrefix(term, w) {
					cands = append(cands, cand{term, int(arr[i+1].(float64)), arr[i+2].(string)})
				}
			}
		}
		slices.SortStableFunc(cands, func(a, b cand) int {
			if (a.term == w) != (b.term == w) {
				if a.term == w {
					return -1
				}
				return 1
			}
			return b.df - a.df
		})
		best := map[int]float64{}
		req := len(cands) > 0
		for _, cd := range cands[:min(20, len(cands))] {
			wt := math.Log(1 + (float64(c.meta.N-cd.df)+.5)/(float64(cd.df)+.5))
			if cd.term != w {
				wt *= .7
			}
			n := 0
			decodePostings(cd.post, func(d, imp int) {
				n++
				if s, ok := best[d]; !ok || s < wt*float64(imp) {
					best[d] = wt * float64(imp)
				}
			})
			if n < cd.df {
				req = false
			}
		}
		if req {
			need++
		}
		for d, s := range best {
			score[d] += s
			if req {
				hits[d]++
			}
		}
	}
	var ids, all []int
	for d := range score {
		ids = append(ids, d)
	}
	slices.SortFunc(ids, func(a, b int) int {
		if hits[a] != hits[b] {
			return hits[b] - hits[a]
		}
		if score[a] != score[b] {
			if score[a] > score[b] {
				return -1
			}
			return 1
		}
		return a - b
	})
	for _, d := range ids {
		if hits[d] == need {
			all = append(all, d)
		}
	}
	if len(all) > 0 {
		return all
	}
	return ids
}

var sample = []Doc{
	{Path: "stories/bridge/", Title: "Harbour bridge reopens after repairs", Date: "4 March 2025", Tags: []string{"City Council", "Harbour"},
		Text: []string{"The harbour bridge reopened on Tuesday after six months of repairs. Traffic was light."}},
	{Path: "stories/ferry/", Title: "Ferry operators cut extra sailings", Date: "4 March 2025", Tags: []string{"Ferries"},
		Text: []string{"With the bridge open again, ferry operators cut the extra sailings they ran during the repairs. The bridge bridge bridge was mentioned a lot."}},
	{Path: "stories/library/", Title: "Library opens late on Thursdays and Fridays", Date: "3 March 2025", Tags: []string{"City Council", "Libraries"},
		Text: []string{"The central library will stay open until nine. Visitors crossing the harbour can use the bridge."}},
	{Path: "stories/market/", Title: "Market square to get new trees", Date: "2 March 2025", Tags: []string{"City Council"},
		Text: []string{"Twelve trees will be planted in the market square next month."}},
	{Path: "stories/cafe/", Title: "Café in Zürich wins </script> award", Date: "1 March 2025", Tags: []string{`Quote "Tag"`},
		Text: []string{"The café's owner said: \"We are delighted\" & <b>proud</b>."}},
}

func TestRanking(t *testing.T) {
	files, err := Files(sample, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, files)
	for _, tc := range []struct {
		q    string
		want []int
	}{
		// Title and tag matches rank above body matches, however often
		// the body repeats the word.
		{"bridge ", []int{0, 1, 2}},
		{"harbour", []int{0, 2}},
		// Every word must match when some story matches them all.
		{"bridge library", []int{2}},
		{"city council trees", []int{3}},
		// The last word matches as a prefix while it is being typed; a
		// finished word (trailing space) does not.
		{"libr", []int{2}},
		{"tre", []int{3}},
		{"tre ", nil},
		{"cafe zurich", []int{4}},
		{"Café's", []int{4}},
		{"ZÜRICH", []int{4}},
		// A word no story has: the others still find stories.
		{"bridge xyzzy ", []int{0, 1, 2}},
		{"script", []int{4}},
		{"", nil},
	} {
		got := c.search(t, tc.q)
		if !slices.Equal(got, tc.want) {
			t.Errorf("search(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestEscaping(t *testing.T) {
	files, err := Files(sample, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !json.Valid(f.Data) {
			t.Errorf("%s is not valid JSON", f.Name)
		}
		if bytes.ContainsAny(f.Data, "<>&") {
			t.Errorf("%s holds an unescaped <, > or &: %s", f.Name, f.Data)
		}
	}
	c := newClient(t, files)
	var docs [][]any
	c.get(t, "d/0.json", &docs)
	if got := docs[4][0]; got != sample[4].Title {
		t.Errorf("title read back as %q, want %q", got, sample[4].Title)
	}
	if got := docs[4][3].([]any)[0]; got != sample[4].Tags[0] {
		t.Errorf("tag read back as %q, want %q", got, sample[4].Tags[0])
	}
}

func TestDeterministic(t *testing.T) {
	docs := synth(3000, 1)
	a, err := Files(docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, _ := Files(docs, nil)
		if len(a) != len(b) {
			t.Fatalf("%d files, then %d", len(a), len(b))
		}
		for i := range a {
			if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Fatalf("%s differs between two builds", a[i].Name)
			}
		}
	}
}

func TestSnippet(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short  text\n", 20, "short text"},
		{"one two three four five", 12, "one two…"},
		{"ééééé ééééé", 8, "ééééé…"},
	} {
		if got := snippet(tc.in, tc.n); got != tc.want {
			t.Errorf("snippet(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// synth makes n stories of about 400 words drawn from a Zipf-distributed
// vocabulary of made-up words, like news text: a few words everywhere,
// most words rare.
func synth(n int, seed uint64) []Doc {
	rng := rand.New(rand.NewPCG(seed, 42))
	// Syllables consonant-vowel and vowel-consonant, so that words start
	// with some 150 different pairs of letters, as English words do.
	var syl []string
	for _, c := range "bcdfghklmnprstv" {
		for _, v := range "aeiou" {
			syl = append(syl, string(c)+string(v), string(v)+string(c))
		}
	}
	vocab := make([]string, 60000)
	for i := range vocab {
		var sb strings.Builder
		for range 1 + i%4 + rng.IntN(2) {
			sb.WriteString(syl[rng.IntN(len(syl))])
		}
		vocab[i] = sb.String()
	}
	zipf := rand.NewZipf(rng, 1.07, 2, uint64(len(vocab)-1))
	words := func(k int) string {
		var sb strings.Builder
		for i := range k {
			if i > 0 {
				sb.WriteByte(' ')
			}
			sb.WriteString(vocab[zipf.Uint64()])
			if rng.IntN(12) == 0 {
				sb.WriteByte('.')
			}
		}
		return sb.String()
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{
			Path:  fmt.Sprintf("stories/story-%d/", i),
			Title: words(4 + rng.IntN(6)),
			Date:  "2 January 2006",
			Tags:  []string{vocab[100+rng.IntN(2000)], vocab[100+rng.IntN(2000)]},
			Text:  []string{words(350 + rng.IntN(100))},
		}
	}
	return docs
}

// vocab returns the first word of story i.
func vocab(docs []Doc, i int) string { return strings.Fields(docs[i].Text[0])[0] }

type stats struct {
	total, biggest, raw int
	files               int
	biggestName         string
}

func sizes(docs []Doc, files []File) stats {
	var s stats
	for _, d := range docs {
		s.raw += len(d.Title) + len(d.Text[0])
	}
	for _, f := range files {
		s.total += len(f.Data)
		s.files++
		if len(f.Data) > s.biggest {
			s.biggest, s.biggestName = len(f.Data), f.Name
		}
	}
	return s
}

// TestScale indexes 100,000 synthetic stories and checks the budget: the
// index well under the raw text, no file over ~200 KB, and a few files
// per query.
func TestScale(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	docs := synth(n, 7)
	files, err := Files(docs, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := sizes(docs, files)
	t.Logf("%d docs: %d files, index %d bytes (raw text %d, %.0f%%), biggest %s %d bytes",
		n, s.files, s.total, s.raw, 100*float64(s.total)/float64(s.raw), s.biggestName, s.biggest)
	if s.total > s.raw/2 {
		t.Errorf("index %d bytes, more than half the raw text (%d)", s.total, s.raw)
	}
	if s.biggest > 200<<10 {
		t.Errorf("%s is %d bytes, over 200 KB", s.biggestName, s.biggest)
	}
	c := newClient(t, files)
	t.Logf("meta.json %d bytes, %d keys, %d split into parts", len(c.files["meta.json"]), len(c.meta.Keys), len(c.meta.Parts))
	if len(c.files["meta.json"]) > 64<<10 {
		t.Errorf("meta.json is %d bytes", len(c.files["meta.json"]))
	}
	for _, q := range []string{
		docs[0].Title, docs[0].Title[:2], docs[123].Title[:3], docs[5].Tags[0], vocab(docs, 3), "k", "zzz",
	} {
		clear(c.fetched)
		ids := c.search(t, q)
		var bytes int
		for name := range c.fetched {
			bytes += len(c.files[name])
		}
		t.Logf("query %q: %d results, %d shards fetched, %d bytes", q, len(ids), len(c.fetched), bytes)
		if len(c.fetched) > 2*len(terms(q))+1 {
			t.Errorf("query %q fetched %d shards", q, len(c.fetched))
		}
	}
	// A story's own title finds it first.
	if ids := c.search(t, docs[0].Title+" "); len(ids) == 0 || ids[0] != 0 {
		t.Errorf("searching for the title of story 0 ranks %v first", ids[:min(3, len(ids))])
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10_000} {
		docs := synth(n, 3)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var s stats
			cpu := cpuTime()
			for b.Loop() {
				files, err := Files(docs, nil)
				if err != nil {
					b.Fatal(err)
				}
				s = sizes(docs, files)
			}
			b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(s.total), "index-bytes")
			b.ReportMetric(float64(s.biggest), "biggest-file-bytes")
		})
	}
}

// cpuTime is the process's user+system time, for figures that mean
// something on a loaded machine where wall time does not.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCorpus indexes the stories of a content folder, when
// SEARCH_BENCH_CONTENT names one: real prose tokenises unlike synth's
// made-up words (capitals, curly apostrophes, long words).
func BenchmarkCorpus(b *testing.B) {
	dir := os.Getenv("SEARCH_BENCH_CONTENT")
	if dir == "" {
		b.Skip("SEARCH_BENCH_CONTENT not set")
	}
	docs := loadCorpus(b, dir)
	b.Run("Files", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			if _, err := Files(docs, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
	})
	b.Run("run", func(b *testing.B) {
		for b.Loop() {
			var w worker
			w.run(docs, nil, 0, nil)
		}
	})
}

// loadCorpus reads the stories of dir roughly as the site does: the title
// and tags of the front matter, the body's paragraphs, and the first as
// the snippet. Without a snippet, Files joins a whole story to cut one
// from it, which the site never makes it do.
func loadCorpus(b *testing.B, dir string) []Doc {
	names, err := filepath.Glob(filepath.Join(dir, "*.md"))
	if err != nil || len(names) == 0 {
		b.Fatalf("no stories in %s: %v", dir, err)
	}
	var docs []Doc
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		var d Doc
		front, body, _ := strings.Cut(strings.TrimPrefix(string(data), "---\n"), "\n---\n")
		for line := range strings.Lines(front) {
			k, v, _ := strings.Cut(strings.TrimSpace(line), ": ")
			switch k {
			case "title":
				d.Title, _ = strconv.Unquote(v)
			case "tags":
				json.Unmarshal([]byte(v), &d.Tags)
			}
		}
		for p := range strings.SplitSeq(body, "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				d.Text = append(d.Text, p)
			}
		}
		if len(d.Text) > 0 {
			d.Snippet = d.Text[0] // the site's snippet is the summary or the lead
		}
		d.Path = "stories/" + filepath.Base(name) + "/"
		docs = append(docs, d)
	}
	return docs
}

// BenchmarkCorpusEdit indexes the stories of SEARCH_BENCH_CONTENT with a
// warm memo after one story's text changed, as an edit build does.
func BenchmarkCorpusEdit(b *testing.B) {
	dir := os.Getenv("SEARCH_BENCH_CONTENT")
	if dir == "" {
		b.Skip("SEARCH_BENCH_CONTENT not set")
	}
	docs := loadCorpus(b, dir)
	m := memo.Decode(nil, "v", len(docs))
	if _, err := Files(docs, m); err != nil {
		b.Fatal(err)
	}
	data := m.Encode()
	edited := slices.Clone(docs)
	e := &edited[len(docs)/2]
	var cpu time.Duration
	n := 0
	for b.Loop() {
		n++
		b.StopTimer()
		e.Text = append(slices.Clip(docs[len(docs)/2].Text), fmt.Sprint("Edited ", n, "."))
		m := memo.Decode(data, "v", len(docs))
		b.StartTimer()
		c := cpuTime()
		if _, err := Files(edited, m); err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c
	}
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-us/op")
}
