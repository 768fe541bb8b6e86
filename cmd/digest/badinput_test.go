package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput builds a site with one kind of bad input each and checks the
// exact outcome: the error or warning the user sees, and what the site
// shows or leaves out.
func TestBadInput(t *testing.T) {
	const config = "title: T\nbase_url: https://example.org/\ntime_zone: UTC\n"
	tests := []struct {
		name     string
		files    map[string]string // relative to the site folder
		wantErr  string            // substring of the build error; "" for success
		wantWarn []string          // substrings of stderr
		setup    func(t *testing.T, src string)
		check    func(t *testing.T, out string)
	}{
		{
			name:    "front matter that is not YAML",
			files:   map[string]string{"content/a.md": "---\ntitle: A\ntags: [x, y\n---\nText.\n"},
			wantErr: "content/a.md:",
		},
		{
			name:    "front matter with a wrong type",
			files:   map[string]string{"content/a.md": "---\ntitle: A\ndraft: perhaps\n---\nText.\n"},
			wantErr: "content/a.md:3:8: draft",
		},
		{
			name:    "config key unknown",
			files:   map[string]string{"digest.yaml": config + "colour: red\n"},
			wantErr: `digest.yaml:4:1: unknown key "colour"`,
		},
		{
			name:    "config time zone unknown",
			files:   map[string]string{"digest.yaml": "time_zone: Atlantis/Central\n"},
			wantErr: `time_zone "Atlantis/Central" is not a known IANA time zone`,
		},
		{
			name:     "invalid UTF-8 is replaced and reported",
			files:    map[string]string{"content/2025-01-02-a.txt": "Markets steady after holiday\nTraders returned \xff\xfe to quiet desks on Thursday.\n"},
			wantWarn: []string{"content/2025-01-02-a.txt:2: invalid UTF-8"},
			check: func(t *testing.T, out string) {
				page := readFile(t, out, "stories/markets-steady-after-holiday.html")
				if !strings.Contains(page, "Traders returned \uFFFD") {
					t.Errorf("the replaced text is not on the page")
				}
			},
		},
		{
			name:     "a binary file is skipped with a warning",
			files:    map[string]string{"content/scan.pdf": "%PDF-1.7\n\x00\x00\x00\x00\x01\x02\x03" + strings.Repeat("\x00\x9f", 200), "content/2025-01-02-a.md": "---\ntitle: Kept\n---\nText.\n"},
			wantWarn: []string{"content/scan.pdf: binary file (not text); skipped"},
		},
		{
			name:     "an image named .txt is skipped",
			files:    map[string]string{"content/photo.txt": "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + strings.Repeat("\x00\xff\x10", 300)},
			wantWarn: []string{"content/photo.txt: binary file"},
		},
		{
			name:  "empty and blank files make no stories",
			files: map[string]string{"content/2025-01-02-empty.txt": "", "content/2025-01-02-blank.txt": " \n\t\n\n", "content/2025-01-02-empty.md": ""},
			check: func(t *testing.T, out string) {
				if !strings.Contains(readFile(t, out, "index.html"), "No stories yet.") {
					t.Errorf("home page of an empty site does not say so")
				}
			},
		},
		{
			name: "markup in every field is escaped",
			files: map[string]string{"content/2025-01-02-x.md": "---\n" +
				"title: \"<script>alert('t')</script> & \\\"quotes\\\"\"\n" +
				"summary: \"<img src=x onerror=alert(1)>\"\n" +
				"tags: [\"<b>bold</b>\", \"x\\\" onmouseover=\\\"alert(2)\"]\n" +
				"source:\n  name: \"</script><script>alert(3)</script>\"\n  url: \"javascript:alert(4)\"\n" +
				"---\nBody <script>alert(5)</script> and [link](javascript:alert(6)).\n"},
			check: func(t *testing.T, out string) {
				for _, f := range []string{"index.html", "stories/script-alert-t-script-and-quotes.html", "atom.xml", "rss.xml", "feed.json", "tags/index.html", "search/d/0.json", "sitemap.xml"} {
					page := readFile(t, out, f)
					for _, bad := range []string{"<script>alert", "<img src=x", "javascript:alert", "<b>bold</b>", `" onmouseover="`} {
						// A quote is harmless in XML and JSON text; only an
						// HTML attribute could be broken out of with it.
						if bad[0] == '"' && !strings.HasSuffix(f, ".html") {
							continue
						}
						if strings.Contains(page, bad) {
							t.Errorf("%s contains unescaped %q", f, bad)
						}
					}
				}
			},
		},
		{
			name:  "slugs that try to leave the output folder",
			files: map[string]string{"content/a.md": "---\ntitle: A\ndate: 2025-01-02\nslug: ../../../etc/passwd\n---\nx\n", "content/b.md": "---\ntitle: B\ndate: 2025-01-02\nslug: /abs/olute\n---\nx\n", "content/c.md": "---\ntitle: C\ndate: 2025-01-02\nslug: index\n---\nx\n"},
			check: func(t *testing.T, out string) {
				for _, f := range []string{"stories/etc-passwd.html", "stories/abs-olute.html", "stories/index-2.html", "index.html"} {
					readFile(t, out, f)
				}
				if _, err := os.Stat(filepath.Join(out, "..", "etc")); err == nil {
					t.Errorf("a file was written outside the output folder")
				}
			},
		},
		{
			name:     "a tag named index does not overwrite the tags index",
			files:    map[string]string{"content/2025-01-02-a.md": "---\ntitle: A\ntags: [Index, Other]\n---\nx\n"},
			wantWarn: []string{`tags "(the tags index)" and "Index" share the slug "index"; "Index" gets "index-2"`},
			check: func(t *testing.T, out string) {
				if !strings.Contains(readFile(t, out, "tags/index.html"), "<h1>Tags</h1>") {
					t.Errorf("tags/index.html is not the tags index")
				}
				if !strings.Contains(readFile(t, out, "tags/index-2.html"), "<h1>Index</h1>") {
					t.Errorf("the tag Index has no page of its own")
				}
			},
		},
		{
			name:  "a symbolic link out of content is not followed",
			files: map[string]string{"content/2025-01-02-a.md": "---\ntitle: Kept\n---\nx\n"},
			setup: func(t *testing.T, src string) {
				secret := filepath.Join(filepath.Dir(src), "secret.md")
				os.WriteFile(secret, []byte("---\ntitle: Secret\n---\nSECRET TEXT\n"), 0o644)
				if err := os.Symlink(secret, filepath.Join(src, "content", "leak.md")); err != nil {
					t.Skip("no symbolic links here:", err)
				}
				if err := os.Symlink("2025-01-02-a.md", filepath.Join(src, "content", "inside.md")); err != nil {
					t.Fatal(err)
				}
			},
			wantWarn: []string{"content/leak.md: symbolic link leads outside content"},
			check: func(t *testing.T, out string) {
				if strings.Contains(readFile(t, out, "index.html"), "Secret") {
					t.Errorf("the linked file from outside content was published")
				}
			},
		},
		{
			name:  "raw HTML is escaped unless the config opts in, and then sanitised",
			files: map[string]string{"content/2025-01-02-a.md": "---\ntitle: Raw\n---\n<em>kept</em> <script>alert(1)</script> <a href=\"javascript:alert(2)\">x</a>\n\n<div onclick=\"alert(3)\">block</div>\n"},
			check: func(t *testing.T, out string) {
				page := readFile(t, out, "stories/raw.html")
				if !strings.Contains(page, "&lt;em&gt;kept&lt;/em&gt;") || strings.Contains(page, "<em>kept</em>") {
					t.Errorf("raw HTML was not shown as text")
				}
			},
		},
		{
			name:  "opted-in raw HTML is sanitised",
			files: map[string]string{"digest.yaml": config + "unsafe_html: true\n", "content/2025-01-02-a.md": "---\ntitle: Raw\n---\n<em>kept</em> <script>alert(1)</script> <a href=\"javascript:alert(2)\">x</a>\n\n<div onclick=\"alert(3)\">block</div>\n"},
			check: func(t *testing.T, out string) {
				page := readFile(t, out, "stories/raw.html")
				if !strings.Contains(page, "<em>kept</em>") {
					t.Errorf("allowed markup was removed")
				}
				for _, bad := range []string{"<script>alert", "javascript:alert", "onclick"} {
					if strings.Contains(page, bad) {
						t.Errorf("sanitised page still has %q", bad)
					}
				}
			},
		},
		{
			name:     "duplicate slugs get numbered, with a warning",
			files:    map[string]string{"content/a.md": "---\ntitle: Same\ndate: 2025-01-02\n---\nx\n", "content/b.md": "---\ntitle: Same\ndate: 2025-01-03\n---\ny\n"},
			wantWarn: []string{`content/b.md:1: slug "same" is taken by content/a.md:1; using "same-2"`},
			check: func(t *testing.T, out string) {
				readFile(t, out, "stories/same.html")
				readFile(t, out, "stories/same-2.html")
			},
		},
		{
			name:     "an empty title gets a stand-in and a warning",
			files:    map[string]string{"content/2025-01-02-a.md": "---\ntitle: \"\"\n---\nHarbour dues rise for the first time in ten years. More follows.\n"},
			wantWarn: []string{`content/2025-01-02-a.md:1: no title: using "Harbour dues rise for the first time in ten years"`},
		},
		{
			name:     "a story dated in the future is left out",
			files:    map[string]string{"content/2999-01-01-a.md": "---\ntitle: Later\n---\nx\n", "content/2025-01-01-b.md": "---\ntitle: Now\n---\ny\n"},
			wantWarn: []string{"dated 2999-01-01T00:00:00Z, in the future; left out (build with -future to include it)"},
			check: func(t *testing.T, out string) {
				if _, err := os.Stat(filepath.Join(out, "stories/later.html")); err == nil {
					t.Errorf("the future story was published")
				}
			},
		},
		{
			name:    "a template that fails names the file, the line and the story",
			files:   map[string]string{"content/2025-01-02-a.md": "---\ntitle: Ferry fares\n---\nx\n", "templates/story.html": "{{template \"base\" .}}{{define \"main\"}}\n<h1>{{.Story.Title}}</h1>\n{{index .Story.Tags 3}}{{end}}"},
			wantErr: `templates/story.html (the site's): template: story.html:3:2: executing "main" at <index .Story.Tags 3>: error calling index: index out of range: 3 (rendering content/2025-01-02-a.md:1, "Ferry fares")`,
		},
		{
			name:    "a template that does not parse names the file and line",
			files:   map[string]string{"templates/tag.html": "{{template \"base\" .}}{{define \"main\"}}\n{{if}}{{end}}"},
			wantErr: "templates/tag.html (the site's): template: tag.html:2: missing value for if",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := t.TempDir()
			files := map[string]string{"digest.yaml": config}
			for k, v := range tt.files {
				files[k] = v
			}
			for name, data := range files {
				p := filepath.Join(src, name)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			os.MkdirAll(filepath.Join(src, "content"), 0o755)
			if tt.setup != nil {
				tt.setup(t, src)
			}
			out := filepath.Join(src, "public")
			var stderr bytes.Buffer
			_, err := build(buildOptions{Src: src, Out: out, Now: testNow}, &stderr)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("build failed: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("err = %v\nwant one containing %q", err, tt.wantErr)
			}
			for _, w := range tt.wantWarn {
				if !strings.Contains(stderr.String(), w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr.String())
				}
			}
			if tt.wantErr != "" {
				if _, err := os.Stat(out); err == nil {
					t.Errorf("a failed first build left an output folder")
				}
				return
			}
			if tt.check != nil {
				tt.check(t, out)
			}
		})
	}
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	return string(b)
}
