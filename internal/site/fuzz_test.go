package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// FuzzConfig feeds arbitrary bytes to the config reader: it must never
// panic, and an error must name digest.yaml.
func FuzzConfig(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("title: T\nbase_url: https://example.org/\n"))
	f.Add([]byte("stories_per_page: -1\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, err := LoadConfig(fstest.MapFS{ConfigFile: {Data: src}})
		if err != nil && !strings.Contains(err.Error(), ConfigFile) && !strings.Contains(err.Error(), "base URL") && !strings.Contains(err.Error(), TagsFile) {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}

// FuzzTagRules does the same for tags.yaml.
func FuzzTagRules(f *testing.F) {
	f.Add([]byte("IRGC:\n  rename: Islamic Revolutionary Guard Corps\nallies:\n  hide: true\n"))
	f.Add([]byte("x:\n  kind: place\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		rules, err := LoadTagRules(fstest.MapFS{TagsFile: {Data: src}})
		if err != nil {
			if !strings.HasPrefix(err.Error(), TagsFile+":") {
				t.Fatalf("error %q does not start with %s:LINE", err, TagsFile)
			}
			return
		}
		for _, r := range rules {
			rules.apply(Label{Name: r.Rename})
		}
	})
}
