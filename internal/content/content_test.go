package content

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

var tehran, _ = time.LoadLocation("Asia/Tehran")

func TestReadMarkdown(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		src     string
		wantErr string
		check   func(t *testing.T, title string, date time.Time, tags []string, source, sourceURL string, draft bool, warns []Warning)
	}{
		{
			name: "full front matter",
			file: "content/a.md",
			src:  "---\ntitle: Talks resume\ndate: 2025-01-28\ntags: [Iran, nuclear talks]\nsummary: S\nauthor: A. Writer\nsource:\n  name: Wire\n  url: https://wire.example/1\nslug: talks\n---\nBody text.\n",
			check: func(t *testing.T, title string, date time.Time, tags []string, source, sourceURL string, draft bool, warns []Warning) {
				if title != "Talks resume" {
					t.Errorf("title = %q", title)
				}
				if want := time.Date(2025, 1, 28, 0, 0, 0, 0, tehran); !date.Equal(want) {
					t.Errorf("date = %v, want %v (a date without offset is in the site's zone)", date, want)
				}
				if strings.Join(tags, "|") != "Iran|nuclear talks" {
					t.Errorf("tags = %q", tags)
				}
				if source != "Wire" || sourceURL != "https://wire.example/1" {
					t.Errorf("source = %q %q", source, sourceURL)
				}
				if len(warns) != 0 {
					t.Errorf("warnings = %v, want none", warns)
				}
			},
		},
		{
			name: "RFC 3339 date keeps its offset",
			file: "content/b.md",
			src:  "---\ntitle: T\ndate: 2025-01-28T09:30:00+01:00\n---\nx\n",
			check: func(t *testing.T, _ string, date time.Time, _ []string, _, _ string, _ bool, _ []Warning) {
				if want := time.Date(2025, 1, 28, 8, 30, 0, 0, time.UTC); !date.Equal(want) {
					t.Errorf("date = %v, want %v", date, want)
				}
			},
		},
		{
			name: "date from the file name, unknown key warned",
			file: "content/2025-02-01-c.md",
			src:  "---\ntitle: T\nmood: calm\n---\nx\n",
			check: func(t *testing.T, _ string, date time.Time, _ []string, _, _ string, _ bool, warns []Warning) {
				if date.Format("2006-01-02") != "2025-02-01" {
					t.Errorf("date = %v, want 2025-02-01", date)
				}
				if len(warns) != 1 || warns[0].Line != 3 || !strings.Contains(warns[0].Msg, `"mood"`) {
					t.Errorf("warnings = %v, want one for mood on line 3", warns)
				}
			},
		},
		{name: "unclosed front matter", file: "content/d.md", src: "---\ntitle: T\n", wantErr: "content/d.md:1:1: front matter opened with --- is never closed"},
		{name: "bad YAML", file: "content/e.md", src: "---\ntitle: T\ntags: [a, b\n---\nx\n", wantErr: "content/e.md:"},
		{name: "bad date", file: "content/f.md", src: "---\ntitle: T\ndate: yesterday\n---\nx\n", wantErr: "content/f.md:3:7: date \"yesterday\""},
		{name: "bad draft", file: "content/g.md", src: "---\ndraft: maybe\n---\nx\n", wantErr: "content/g.md:2:8: draft"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, warns, err := readMarkdown(tt.file, []byte(tt.src), false, Options{Location: tehran})
			if tt.wantErr != "" {
				var se *SyntaxError
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !errors.As(err, &se) {
					t.Fatalf("err = %v, want a SyntaxError containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s.Title, s.Date, s.Tags, s.Source, s.SourceURL, s.Draft, warns)
		})
	}
}

func TestReadText(t *testing.T) {
	src := "Title: Morning digest\nDate: 2025-01-28\nSource: Wire\nTags: Iran, Diplomacy\n\nTehran maintains mixed signals on talks\nThe deputy speaker said Wednesday that Tehran supports negotiations.\n"
	stories, warns, err := readText("content/digest.txt", []byte(src), Options{Location: tehran})
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings = %v", warns)
	}
	if len(stories) != 1 {
		t.Fatalf("got %d stories, want 1", len(stories))
	}
	s := stories[0]
	if s.FirstLine != 6 || s.LastLine != 7 {
		t.Errorf("lines %d-%d, want 6-7: the header must not shift line numbers", s.FirstLine, s.LastLine)
	}
	if s.Source != "Wire" || strings.Join(s.Tags, "|") != "Iran|Diplomacy" || s.Date.Format("2006-01-02") != "2025-01-28" {
		t.Errorf("header defaults not applied: %+v", s)
	}

	// A file without a header whose first line merely has a colon keeps it.
	stories, _, _ = readText("content/2025-01-29-x.txt", []byte("Note: this is text\nMore text here.\n"), Options{Location: tehran})
	if len(stories) == 0 || stories[0].FirstLine != 1 {
		t.Errorf("a colon line with no blank line after it was taken as a header: %+v", stories)
	}
}

func TestRead(t *testing.T) {
	fsys := fstest.MapFS{
		"content/2025-01-28-a.txt":   {Data: []byte("Headline one here\nA paragraph of the first story.\n")},
		"content/b.md":               {Data: []byte("---\ntitle: B\ndate: 2025-01-27\n---\nText.\n")},
		"content/draft.md":           {Data: []byte("---\ntitle: D\ndate: 2025-01-27\ndraft: true\n---\nText.\n")},
		"content/photo.jpg":          {Data: append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, make([]byte, 400)...)},
		"content/notes.csv":          {Data: []byte("a,b\n")},
		"content/.hidden.md":         {Data: []byte("---\ntitle: H\n---\nx\n")},
		"content/2025-01-28-bad.txt": {Data: []byte("Good line\nBad \xff byte line.\n")},
	}
	stories, warns, err := Read(fsys, "content", Options{Location: tehran})
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, s := range stories {
		files = append(files, s.File)
	}
	if got, want := strings.Join(files, " "), "content/2025-01-28-a.txt content/2025-01-28-bad.txt content/b.md"; got != want {
		t.Errorf("stories from %q, want %q (sorted, draft left out)", got, want)
	}
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"content/photo.jpg: binary file", "content/notes.csv: not a story", "content/2025-01-28-bad.txt:2: invalid UTF-8"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
	stories, _, _ = Read(fsys, "content", Options{Location: tehran, Drafts: true})
	if len(stories) != 4 {
		t.Errorf("with Drafts got %d stories, want 4", len(stories))
	}
}

func TestPlainMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain text stays.", "Plain text stays."},
		{"Some **bold** and *em* and `code`.", "Some bold and em and code."},
		{"See [the report](https://example.org/r) and ![a chart](c.png).", "See the report and a chart."},
		{"A [ref link][1] here.", "A ref link here."},
		{"<em>kept</em> <script>alert(1)</script> <a href=\"javascript:x\">x</a>", "kept alert(1) x"},
		{"snake_case_name and _em_", "snake_case_name and em"},
		{`Escaped \*star\* and 3 < 4`, "Escaped *star* and 3 < 4"},
	}
	for _, tt := range tests {
		if got := plainMarkdown(tt.in); got != tt.want {
			t.Errorf("plainMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
