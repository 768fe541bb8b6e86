// Package content reads a site's stories from the content/ folder of its
// source: Markdown files with YAML front matter, and raw news text that the
// story parser splits into stories.
//
// A raw text file (.txt) may open with a header block of "Key: value" lines
// (Title, Date, Source, Tags, Author) ended by a blank line; it sets the
// defaults of every story in the file. Without a Date header, a file name
// that starts with YYYY-MM-DD dates its stories.
package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"digest/internal/parallel"
	"digest/internal/story"
)

// A Warning is a problem in the input that did not stop the build.
type Warning struct {
	File string
	Line int // 0 when it concerns the whole file
	Msg  string
}

func (w Warning) String() string {
	if w.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg)
	}
	return w.File + ": " + w.Msg
}

// Options say how to read content.
type Options struct {
	Location *time.Location // the site's time zone, for dates without an offset
	Drafts   bool           // keep stories marked draft
	Sources  *Sources       // when not nil, where files are read from first
}

// Read reads every story below dir in fsys, in a deterministic order: by
// file path, then by position in the file. Files are parsed concurrently.
func Read(fsys fs.FS, dir string, opts Options) ([]story.Story, []Warning, error) {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	var files []string
	var warns []Warning
	err := fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if target, ok := insideLink(fsys, dir, name); !ok {
				warns = append(warns, Warning{File: name, Msg: "symbolic link leads outside " + dir + " (to " + target + "); skipped"})
				return nil
			}
			st, err := fs.Stat(fsys, name)
			if err != nil || st.IsDir() {
				// Linked folders are not walked: a loop would never end.
				warns = append(warns, Warning{File: name, Msg: "symbolic link to a folder; skipped"})
				return nil
			}
		} else if d.IsDir() {
			if base := d.Name(); name != dir && (strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(path.Base(name), ".") {
			return nil
		}
		files = append(files, name)
		return nil
	})
	if err != nil {
		return nil, warns, fmt.Errorf("reading %s: %w", dir, err)
	}
	sort.Strings(files)

	type result struct {
		stories []story.Story
		one     [1]story.Story // a Markdown file's: not a slice of its own each
		warns   []Warning
		err     error
	}
	results := make([]result, len(files))
	parallel.For(len(files), func(i int) error {
		r := &results[i]
		r.stories, r.warns, r.err = readFile(fsys, files[i], opts, &r.one)
		return nil
	})

	total := 0
	for _, r := range results {
		total += len(r.stories)
	}
	var stories []story.Story
	if total > 0 {
		stories = make([]story.Story, 0, total)
	}
	for _, r := range results {
		warns = append(warns, r.warns...)
		if r.err != nil {
			return nil, warns, r.err
		}
		stories = append(stories, r.stories...)
	}
	return stories, warns, nil
}

// insideLink reports whether the symbolic link name resolves to a path
// inside dir.
func insideLink(fsys fs.FS, dir, name string) (string, bool) {
	target, err := fs.ReadLink(fsys, name)
	if err != nil {
		return "?", false
	}
	if path.IsAbs(target) || strings.HasPrefix(target, "/") {
		return target, false
	}
	resolved := path.Join(path.Dir(name), target)
	return target, resolved == dir || strings.HasPrefix(resolved, dir+"/")
}

// readFile reads the stories of the file name. A Markdown file's story
// is put in one, and the list returned is one's.
func readFile(fsys fs.FS, name string, opts Options, one *[1]story.Story) ([]story.Story, []Warning, error) {
	src, err := opts.Sources.readFile(fsys, name)
	if err != nil {
		return nil, nil, err
	}
	ext := strings.ToLower(path.Ext(name))
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")))) == 0 {
		return nil, []Warning{{File: name, Msg: "empty; no stories"}}, nil
	}
	// A Markdown file is checked for invalid UTF-8 whole: when it has none,
	// isBinary has none to count in its head either.
	valid := (ext == ".md" || ext == ".markdown") && utf8.Valid(src)
	if isBinary(src, valid) {
		return nil, []Warning{{File: name, Msg: "binary file (not text); skipped"}}, nil
	}
	switch ext {
	case ".md", ".markdown":
		s, warns, err := readMarkdown(name, src, valid, opts)
		if err != nil || (s.Draft && !opts.Drafts) {
			return nil, warns, err
		}
		one[0] = s
		return one[:], warns, nil
	case ".txt", ".text":
		return readText(name, src, opts)
	default:
		return nil, []Warning{{File: name, Msg: "not a story (only .md and .txt files are read); skipped"}}, nil
	}
}

// isBinary reports whether src looks like an image, a PDF or another binary
// file rather than text: a NUL byte or many invalid UTF-8 sequences in its
// first 8 KB. UTF-16 text (which has NULs) is recognised by its byte order mark.
// valid says src is known to be valid UTF-8.
func isBinary(src []byte, valid bool) bool {
	if bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}) {
		return false
	}
	head := src[:min(len(src), 8192)]
	if bytes.Contains(head, []byte{0}) && bytes.Count(head, []byte{0}) > len(head)/64 {
		return true
	}
	if valid || utf8.Valid(head) {
		return false // nothing invalid to count
	}
	bad := 0
	for len(head) > 0 {
		r, n := utf8.DecodeRune(head)
		if r == utf8.RuneError && n == 1 && len(head) > 3 {
			bad++
		}
		head = head[n:]
	}
	return bad > 16 && bad > len(src[:min(len(src), 8192)])/20
}

// parseDate reads a date as RFC 3339, or as a date (and optional time)
// without an offset in loc.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("date %q is not RFC 3339 (2025-01-28T09:30:00+03:30) or YYYY-MM-DD", s)
}

// datePrefix returns the date a file name starts with (2025-01-28-…).
func datePrefix(name string, loc *time.Location) (time.Time, bool) {
	base := path.Base(name)
	if len(base) < 10 {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01-02", base[:10], loc)
	return t, err == nil
}
