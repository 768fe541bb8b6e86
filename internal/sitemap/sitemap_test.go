package sitemap

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// -update rewrites testdata/sitemap.golden.xml from the current output.
var update = flag.Bool("update", false, "rewrite golden files in testdata/")

const base = "https://example.org/"

var (
	t1 = time.Date(2025, 1, 28, 9, 30, 0, 0, time.UTC)
	t2 = time.Date(2025, 1, 29, 18, 5, 7, 0, time.FixedZone("IST", 5*3600+30*60))
)

func sampleURLs() []URL {
	return []URL{
		{Loc: "https://example.org/", LastMod: t2},
		{Loc: "https://example.org/stories/rates/", LastMod: t1},
		{Loc: `https://example.org/search?q=a&b='c'&d="e"`},
		{Loc: "https://example.org/tags/zürich/"},
	}
}

// parsed is a sitemap or index as encoding/xml reads it back.
type parsed struct {
	XMLName xml.Name
	Entries []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:",any"`
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	// Token loop first: strict well-formedness of the whole file.
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
	}
	var p parsed
	if err := xml.Unmarshal(data, &p); err != nil {
		t.Fatalf("xml.Unmarshal: %v", err)
	}
	if p.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Errorf("namespace: got %q", p.XMLName.Space)
	}
	return p
}

func TestSingle(t *testing.T) {
	files, err := Files(base, sampleURLs())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[IndexName] == nil {
		t.Fatalf("files: got %d %v, want only %s", len(files), keys(files), IndexName)
	}
	p := parse(t, files[IndexName])
	if p.XMLName.Local != "urlset" {
		t.Errorf("root: got %q, want urlset", p.XMLName.Local)
	}
	want := []struct{ loc, lastmod string }{
		{"https://example.org/", "2025-01-29T18:05:07+05:30"},
		{"https://example.org/stories/rates/", "2025-01-28T09:30:00Z"},
		{`https://example.org/search?q=a&b='c'&d="e"`, ""},
		{"https://example.org/tags/zürich/", ""},
	}
	if len(p.Entries) != len(want) {
		t.Fatalf("entries: got %d, want %d", len(p.Entries), len(want))
	}
	for i, w := range want {
		if g := p.Entries[i]; g.Loc != w.loc || g.LastMod != w.lastmod {
			t.Errorf("entry %d: got (%q, %q), want (%q, %q)", i, g.Loc, g.LastMod, w.loc, w.lastmod)
		}
	}
}

func TestGolden(t *testing.T) {
	files, err := Files(base, sampleURLs())
	if err != nil {
		t.Fatal(err)
	}
	got := files[IndexName]
	path := filepath.Join("testdata", "sitemap.golden.xml")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update if intended)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestWriteMatchesFiles(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sampleURLs()); err != nil {
		t.Fatal(err)
	}
	files, _ := Files(base, sampleURLs())
	if !bytes.Equal(buf.Bytes(), files[IndexName]) {
		t.Errorf("Write and Files differ:\n%s\n%s", buf.Bytes(), files[IndexName])
	}
}

func TestDeterministic(t *testing.T) {
	withLimits(t, 7, MaxBytes)
	urls := manyURLs(30, 0)
	a, err := Files(base, urls)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Files(base, urls)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between runs", name)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		urls []URL
	}{
		{"empty", nil},
		{"relative", []URL{{Loc: "/stories/a-long-enough/"}}},
		{"no host", []URL{{Loc: "mailto:someone@example.org"}}},
		{"too short", []URL{{Loc: "http://a.b/"}}},
		{"too long", []URL{{Loc: "https://example.org/" + strings.Repeat("a", 2048)}}},
		{"nul", []URL{{Loc: "https://example.org/\x00"}}},
		{"invalid utf8", []URL{{Loc: "https://example.org/\xff"}}},
		{"noncharacter", []URL{{Loc: "https://example.org/\uFFFE"}}},
		{"year 10000", []URL{{Loc: "https://example.org/", LastMod: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if files, err := Files(base, tt.urls); err == nil {
				t.Errorf("Files: got nil error and %v", keys(files))
			}
			var buf bytes.Buffer
			if err := Write(&buf, tt.urls); err == nil || buf.Len() > 0 {
				t.Errorf("Write: got error %v after %d bytes, want an error and nothing written", err, buf.Len())
			}
		})
	}
	if _, err := Files(base, nil); !errors.Is(err, ErrNoURLs) {
		t.Errorf("empty: got %v, want ErrNoURLs", err)
	}
}

// manyURLs makes n URLs whose loc is padded to about pad bytes; the
// lastmod rises with i, so each part's newest is its last URL.
func manyURLs(n, pad int) []URL {
	urls := make([]URL, n)
	p := strings.Repeat("x", pad)
	for i := range urls {
		urls[i] = URL{Loc: fmt.Sprintf("https://example.org/stories/%d/%s", i, p), LastMod: t1.Add(time.Duration(i) * time.Second)}
	}
	return urls
}

// checkSplit verifies an index and its parts: every URL once, in
// order, each part within the limits, the index pointing at each part
// with its newest lastmod.
func checkSplit(t *testing.T, files map[string][]byte, urls []URL, parts int) {
	t.Helper()
	if len(files) != parts+1 {
		t.Fatalf("files: got %d %v, want index + %d parts", len(files), keys(files), parts)
	}
	idx := parse(t, files[IndexName])
	if idx.XMLName.Local != "sitemapindex" || len(idx.Entries) != parts {
		t.Fatalf("index: got <%s> with %d entries, want sitemapindex with %d", idx.XMLName.Local, len(idx.Entries), parts)
	}
	next := 0
	for i, e := range idx.Entries {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if want := base + name; e.Loc != want {
			t.Errorf("index entry %d: got %q, want %q", i, e.Loc, want)
		}
		data := files[name]
		if len(data) > MaxBytes {
			t.Errorf("%s: %d bytes, over %d", name, len(data), MaxBytes)
		}
		p := parse(t, data)
		if len(p.Entries) > MaxURLs {
			t.Errorf("%s: %d URLs, over %d", name, len(p.Entries), MaxURLs)
		}
		for _, u := range p.Entries {
			if u.Loc != urls[next].Loc {
				t.Fatalf("%s: got %q, want %q", name, u.Loc, urls[next].Loc)
			}
			next++
		}
		if want := urls[next-1].LastMod.Format(time.RFC3339); e.LastMod != want {
			t.Errorf("index lastmod for %s: got %q, want %q", name, e.LastMod, want)
		}
	}
	if next != len(urls) {
		t.Errorf("URLs written: got %d, want %d", next, len(urls))
	}
}

// withLimits lowers Files' limits for one test.
func withLimits(t *testing.T, urls, size int) {
	t.Helper()
	oldURLs, oldBytes := maxURLs, maxBytes
	maxURLs, maxBytes = urls, size
	t.Cleanup(func() { maxURLs, maxBytes = oldURLs, oldBytes })
}

func TestSplitByCount(t *testing.T) {
	withLimits(t, 10, MaxBytes)
	for _, tt := range []struct{ n, parts int }{{10, 0}, {11, 2}, {20, 2}, {21, 3}} {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			urls := manyURLs(tt.n, 0)
			files, err := Files(base, urls)
			if err != nil {
				t.Fatal(err)
			}
			if tt.parts == 0 {
				if p := parse(t, files[IndexName]); len(files) != 1 || len(p.Entries) != tt.n {
					t.Fatalf("got %v with %d URLs, want one sitemap of %d", keys(files), len(p.Entries), tt.n)
				}
				return
			}
			checkSplit(t, files, urls, tt.parts)
		})
	}
	t.Run("index full", func(t *testing.T) {
		if _, err := Files(base, manyURLs(10*10+1, 0)); err == nil {
			t.Errorf("got nil error for more parts than an index may list")
		}
	})
}

// TestSplitAtRealLimit runs the protocol's own 50,000 once.
func TestSplitAtRealLimit(t *testing.T) {
	urls := manyURLs(MaxURLs+1, 0)
	files, err := Files(base, urls)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(files["sitemap-1.xml"], []byte("<url>")); n != MaxURLs {
		t.Errorf("sitemap-1.xml: got %d URLs, want %d", n, MaxURLs)
	}
	checkSplit(t, files, urls, 2)
}

func TestSplitBySize(t *testing.T) {
	// Entries are ~150 bytes: 10 KB holds about 68, so 200 make 3 parts.
	const limit = 10 << 10
	withLimits(t, MaxURLs, limit)
	urls := manyURLs(200, 50)
	files, err := Files(base, urls)
	if err != nil {
		t.Fatal(err)
	}
	checkSplit(t, files, urls, 3)
	// Full parts: the next URL would not have fitted.
	for i := 1; i <= 2; i++ {
		name := fmt.Sprintf("sitemap-%d.xml", i)
		entry, _ := appendURL(nil, urls[0])
		if n := len(files[name]); n+len(entry) <= limit {
			t.Errorf("%s: %d bytes; another %d-byte entry would have fitted in %d", name, n, len(entry), limit)
		}
	}
}

func TestBaseURL(t *testing.T) {
	withLimits(t, 2, MaxBytes)
	for _, b := range []string{"https://example.org/digest", "https://example.org/digest/"} {
		files, err := Files(b, manyURLs(3, 0))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(files[IndexName], []byte("<loc>https://example.org/digest/sitemap-2.xml</loc>")) {
			t.Errorf("baseURL %q: index does not point into the folder:\n%s", b, files[IndexName])
		}
	}
	if _, err := Files("/relative/", manyURLs(3, 0)); err == nil {
		t.Errorf("relative baseURL: got nil error")
	}
}

// TestXSD validates a sitemap and a split index against the sitemaps.org
// schemas with xmllint. CI provides them; see the package report for the
// install lines.
func TestXSD(t *testing.T) {
	dir := os.Getenv("SITEMAP_XSD_DIR")
	if dir == "" {
		t.Skip("SITEMAP_XSD_DIR not set: set it to the folder with sitemap.xsd (npm install --prefix DIR sitemap; DIR/node_modules/sitemap/schema)")
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not on PATH: apt-get install -y libxml2-utils")
	}
	urlsetXSD := filepath.Join(dir, "sitemap.xsd")
	if _, err := os.Stat(urlsetXSD); err != nil {
		t.Fatalf("SITEMAP_XSD_DIR=%s: %v", dir, err)
	}
	// The npm package has no siteindex.xsd; use ours unless one is given.
	indexXSD := filepath.Join(dir, "siteindex.xsd")
	if _, err := os.Stat(indexXSD); err != nil {
		indexXSD, _ = filepath.Abs(filepath.Join("testdata", "siteindex.xsd"))
		t.Logf("no siteindex.xsd in %s; using %s", dir, indexXSD)
	}

	single, err := Files(base, sampleURLs())
	if err != nil {
		t.Fatal(err)
	}
	split, err := Files(base, manyURLs(MaxURLs+1, 0))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	tests := []struct {
		name, xsd string
		data      []byte
	}{
		{"single urlset", urlsetXSD, single[IndexName]},
		{"split sitemap-1", urlsetXSD, split["sitemap-1.xml"]},
		{"split sitemap-2", urlsetXSD, split["sitemap-2.xml"]},
		{"split index", indexXSD, split[IndexName]},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(tmp, fmt.Sprintf("%d.xml", i))
			if err := os.WriteFile(file, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			// --nonet: the schemas must not pull anything from the network.
			out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", tt.xsd, file).CombinedOutput()
			if err != nil {
				t.Errorf("xmllint --schema %s: %v\n%s", tt.xsd, err, out)
			}
		})
	}
	// The schemas must reject what they should, or the check proves nothing.
	rejects := []struct {
		name, xsd, doc string
	}{
		{"urlset with short loc", urlsetXSD, strings.Replace(string(single[IndexName]), "<loc>https://example.org/</loc>", "<loc>short</loc>", 1)},
		{"index with short loc", indexXSD, strings.Replace(string(split[IndexName]), "<loc>https://example.org/sitemap-1.xml</loc>", "<loc>short</loc>", 1)},
		{"index with bad lastmod", indexXSD, strings.Replace(string(split[IndexName]), "<lastmod>", "<lastmod>x", 1)},
		{"urlset against index schema", indexXSD, string(single[IndexName])},
	}
	for i, tt := range rejects {
		t.Run("rejects "+tt.name, func(t *testing.T) {
			bad := filepath.Join(tmp, fmt.Sprintf("bad%d.xml", i))
			if err := os.WriteFile(bad, []byte(tt.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", tt.xsd, bad).CombinedOutput(); err == nil {
				t.Errorf("xmllint accepted it:\n%s", out)
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func BenchmarkFiles(b *testing.B) {
	urls := manyURLs(10000, 20)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Files(base, urls); err != nil {
			b.Fatal(err)
		}
	}
}
