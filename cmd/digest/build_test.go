package main

import (
	"bytes"
	"flag"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// testNow is the clock of test builds: after every test story but the one
// dated 2099.
var testNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// buildTo builds the site in src into a new folder and returns the folder.
func buildTo(t *testing.T, src string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(buildOptions{Src: src, Out: out, Now: testNow}, io.Discard); err != nil {
		t.Fatalf("build %s: %v", src, err)
	}
	return out
}

// readTree returns every file below dir by its slash-separated path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestGolden pins the HTML of every page type, and the feeds and sitemap,
// of a small site. Run with -update after an intended change and review
// the diff.
func TestGolden(t *testing.T) {
	out := buildTo(t, "testdata/site")
	pages := []string{
		"index.html",
		"page/2.html",
		"stories/harbour-bridge-reopens-after-repairs.html",
		"stories/library-opens-late-on-thursdays-and-fridays.html",
		"tags/city-council.html",
		"tags/index.html",
		"2025/03/04.html",
		"archive/index.html",
		"404.html",
		"atom.xml",
		"rss.xml",
		"feed.json",
		"tags/city-council.atom.xml",
		"sitemap.xml",
		"robots.txt",
	}
	for _, p := range pages {
		t.Run(p, func(t *testing.T) {
			got, err := os.ReadFile(filepath.Join(out, p))
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata/golden", strings.ReplaceAll(p, "/", "_"))
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (run go test ./cmd/digest -update and review the diff)\ngot:\n%s", p, golden, got)
			}
		})
	}
}

// TestDeterministic builds the sample site twice and wants the same bytes.
func TestDeterministic(t *testing.T) {
	a := readTree(t, buildTo(t, "../.."))
	b := readTree(t, buildTo(t, "../.."))
	if len(a) != len(b) {
		t.Fatalf("first build has %d files, second %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two builds of the same input", name)
		}
	}
	if len(a) < 20 {
		t.Errorf("the sample site has only %d files", len(a))
	}
}

// copyTree copies the folder src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFailedBuildKeepsOutput breaks a story's front matter after a good
// build and wants the build to fail naming the file and line, with the
// previous output exactly as it was.
func TestFailedBuildKeepsOutput(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	out := filepath.Join(src, "public")
	if _, err := build(buildOptions{Src: src, Out: out, Now: testNow}, io.Discard); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	cache := filepath.Join(src, ".public.digest-cache")
	cacheBefore := readTree(t, cache)
	bad := "---\ntitle: Broken\ntags: [a, b\n---\nText.\n"
	if err := os.WriteFile(filepath.Join(src, "content", "broken.md"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := build(buildOptions{Src: src, Out: out, Now: testNow}, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "content/broken.md:") {
		t.Fatalf("err = %v, want one starting with content/broken.md:LINE", err)
	}
	sameFiles(t, "output", before, readTree(t, out))
	entries, _ := os.ReadDir(src)
	for _, e := range entries {
		if strings.Contains(e.Name(), "staging") {
			t.Errorf("the failed build left %s behind", e.Name())
		}
	}
	// Nor does it remember anything of the stories it failed on.
	sameFiles(t, "cache", cacheBefore, readTree(t, cache))
}

// sameFiles reports the files of a folder (what) that a failed build
// changed, added or removed: before and after are readTree's.
func sameFiles(t *testing.T, what string, before, after map[string][]byte) {
	t.Helper()
	if len(after) != len(before) {
		t.Errorf("the %s has %d files after the failed build, %d before", what, len(after), len(before))
	}
	for name, data := range before {
		if !bytes.Equal(data, after[name]) {
			t.Errorf("%s file %s changed although the build failed", what, name)
		}
	}
}

// TestMissingSiteCreatesNothing builds a folder that does not exist: the
// build fails and leaves no output, cache or staging folder behind.
func TestMissingSiteCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "missing")
	_, err := build(buildOptions{Src: src, Out: filepath.Join(src, "public"), Now: testNow}, io.Discard)
	if err == nil {
		t.Fatal("building a missing site succeeded")
	}
	if _, statErr := os.Stat(src); !os.IsNotExist(statErr) {
		t.Errorf("the failed build created %s (stat: %v)", src, statErr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the failed build left %d entries beside the site, want 0", len(entries))
	}
}

// TestFeedsParse reads every feed of the test site back with a real feed
// parser.
func TestFeedsParse(t *testing.T) {
	out := buildTo(t, "testdata/site")
	for _, name := range []string{"atom.xml", "rss.xml", "feed.json", "tags/city-council.atom.xml", "tags/city-council.rss.xml", "tags/city-council.feed.json"} {
		t.Run(name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			feed, err := gofeed.NewParser().Parse(f)
			if err != nil {
				t.Fatalf("parsing: %v", err)
			}
			if len(feed.Items) == 0 {
				t.Fatal("no items")
			}
			first := feed.Items[0]
			if first.Title != "Harbour bridge reopens after repairs" && first.Title != "Ferry operators cut extra sailings" {
				t.Errorf("first item %q, want a story of 4 March", first.Title)
			}
			for _, it := range feed.Items {
				if !strings.HasPrefix(it.Link, "https://news.example.org/digest/stories/") {
					t.Errorf("item link %q is not an absolute story URL", it.Link)
				}
				if !strings.HasPrefix(it.GUID, "tag:news.example.org,2025-03-0") {
					t.Errorf("item ID %q is not a stable tag URI", it.GUID)
				}
				if it.PublishedParsed == nil || it.PublishedParsed.Year() != 2025 {
					t.Errorf("item %q published %v", it.Title, it.PublishedParsed)
				}
				// The site's feeds carry full content; tag feeds, by
				// default, the summary.
				if tagFeed := strings.HasPrefix(name, "tags/"); !tagFeed && it.Content == "" {
					t.Errorf("item %q has no full content", it.Title)
				} else if tagFeed && it.Description == "" {
					t.Errorf("item %q has no summary", it.Title)
				}
				if strings.Contains(it.Title, "future") {
					t.Errorf("the story dated 2099 is in the feed")
				}
			}
		})
	}
}

// TestSitemapXSD validates the sample site's sitemap against the
// sitemaps.org schema with xmllint. CI provides the schema (npm package
// sitemap) in SITEMAP_XSD_DIR.
func TestSitemapXSD(t *testing.T) {
	dir := os.Getenv("SITEMAP_XSD_DIR")
	xmllint, err := exec.LookPath("xmllint")
	if dir == "" || err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must provide xmllint and SITEMAP_XSD_DIR (see .ci/run)")
		}
		t.Skip("needs xmllint (Debian libxml2-utils) and SITEMAP_XSD_DIR pointing at the npm package sitemap's schema folder")
	}
	out := buildTo(t, "../..")
	cmd := exec.Command(xmllint, "--noout", "--schema", filepath.Join(dir, "sitemap.xsd"), filepath.Join(out, "sitemap.xml"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xmllint: %v\n%s", err, b)
	}
}
