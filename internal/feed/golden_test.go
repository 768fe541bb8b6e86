package feed

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// -update rewrites testdata/*.golden from the current output.
var update = flag.Bool("update", false, "rewrite golden files in testdata/")

func TestGolden(t *testing.T) {
	for _, tc := range []struct{ format, file, self string }{
		{"atom", "sample.atom.golden", "https://example.org/feed.atom"},
		{"rss", "sample.rss.golden", "https://example.org/feed.rss"},
		{"json", "sample.json.golden", "https://example.org/feed.json"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			got := render(t, tc.format, sampleFeed(), tc.self)
			path := filepath.Join("testdata", tc.file)
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
		})
	}
}
