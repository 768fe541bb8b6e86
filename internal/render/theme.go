package render

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"digest/internal/memo"
	"digest/internal/site"
)

// LoadTheme reads the default theme from def and lets the files of the
// site's own templates folder (override, which may be nil) replace or add
// to it. Files whose names start with "_" are layouts and partials shared
// by every page; other .html files are pages; anything else is copied to
// the output as it is.
func LoadTheme(def, override fs.FS, root string) (*Theme, error) {
	files := map[string][]byte{}
	origin := map[string]string{}
	load := func(fsys fs.FS, label string) error {
		from := " (default theme)"
		if fsys != def {
			from = " (the site's)"
		}
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			if fsys != def && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		for _, e := range entries {
			if e.IsDir() || strings.HasPrefix(e.Name(), ".") || strings.HasSuffix(e.Name(), ".go") {
				continue
			}
			b, err := fs.ReadFile(fsys, e.Name())
			if err != nil {
				return err
			}
			files[e.Name()] = b
			origin[e.Name()] = path.Join(label, e.Name()) + from
		}
		return nil
	}
	if err := load(def, "templates"); err != nil {
		return nil, err
	}
	if override != nil {
		if err := load(override, "templates"); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)

	var h memo.Hasher
	h.String(root)
	for _, n := range names {
		h.String(n)
		h.String(string(files[n]))
	}
	fm := funcs(root)
	base := template.New("").Funcs(fm)
	th := &Theme{id: h.Key(), pages: map[string]*template.Template{}, origin: origin}
	for _, n := range names {
		if strings.HasPrefix(n, "_") && strings.HasSuffix(n, ".html") {
			if _, err := base.New(n).Parse(string(files[n])); err != nil {
				return nil, themeErr(origin[n], err)
			}
		}
	}
	for _, frag := range []string{"card", "chip", "ref", "masthead", "footer"} {
		if base.Lookup(frag) == nil {
			return nil, fmt.Errorf("theme has no %q template (the default defines it in _partials.html)", frag)
		}
	}
	frags, err := base.Clone()
	if err != nil {
		return nil, err
	}
	th.frags = frags
	for _, n := range names {
		switch {
		case strings.HasPrefix(n, "_"):
		case strings.HasSuffix(n, ".html"):
			t, err := base.Clone()
			if err == nil {
				_, err = t.New(n).Parse(string(files[n]))
			}
			if err != nil {
				return nil, themeErr(origin[n], err)
			}
			th.pages[n] = t
		default:
			th.assets = append(th.assets, asset{name: n, data: files[n]})
		}
	}
	for _, need := range []string{"home.html", "story.html", "tag.html", "tags.html", "day.html", "archive.html", "quotes.html", "404.html"} {
		if th.pages[need] == nil {
			return nil, fmt.Errorf("theme has no %s page template", need)
		}
	}
	th.fast = compileTheme(th, fm, appenders(root))
	return th, nil
}

// themeErr names the template file a parse error comes from, so that an
// error in a site's override is not blamed on the default theme.
func themeErr(file string, err error) error {
	return fmt.Errorf("%s: %w", file, err)
}

// funcs are the functions templates may call. root is the site's path
// prefix ("/" or "/news/").
func funcs(root string) template.FuncMap {
	return template.FuncMap{
		// url makes a link to a path relative to the site root.
		"url": func(p string) string { return root + p },
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "undated"
			}
			return dateString(t, false)
		},
		"day": func(t time.Time) string { return dateString(t, true) },
		"iso": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format(time.RFC3339)
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return "1 " + one
			}
			return fmt.Sprint(n) + " " + many
		},
		"kindLabel": kindLabel,
		"byKind":    byKind,
		"excerpt":   func(s string, n int) string { return plain(s, n) },
		// first returns at most the first n tags: a card shows a story's
		// main tags, its page all of them.
		"first": func(n int, tags []*site.Tag) []*site.Tag { return tags[:min(n, len(tags))] },
	}
}

// appenders are some of funcs written for the fast executor, which
// escapes their bytes and drops them: as funcs they made a string each
// time. Each appends what its namesake returns, byte for byte, for the
// same arguments (TestAppenders).
func appenders(root string) map[string]any {
	return map[string]any{
		"url": func(b []byte, p string) []byte { return append(append(b, root...), p...) },
		"date": func(b []byte, t time.Time) []byte {
			if t.IsZero() {
				return append(b, "undated"...)
			}
			return appendDate(b, t, false)
		},
		"iso": func(b []byte, t time.Time) []byte {
			if t.IsZero() {
				return b
			}
			return t.AppendFormat(b, time.RFC3339)
		},
	}
}

func kindLabel(kind string) string { return site.KindLabel(kind) }

func byKind(tags []*site.Tag) []site.TagGroup { return site.GroupByKind(tags) }

// dateString is t.Format("2 January 2006"), or with weekday
// t.Format("Monday 2 January 2006"), without reading the layout: pages
// and cards show a date each.
func dateString(t time.Time, weekday bool) string {
	var a [40]byte
	return string(appendDate(a[:0], t, weekday))
}

// appendDate appends dateString(t, weekday) to b.
func appendDate(b []byte, t time.Time, weekday bool) []byte {
	y, m, d := t.Date()
	if y < 1000 || y > 9999 { // Format pads or signs these
		if weekday {
			return t.AppendFormat(b, "Monday 2 January 2006")
		}
		return t.AppendFormat(b, "2 January 2006")
	}
	if weekday {
		b = append(append(b, t.Weekday().String()...), ' ')
	}
	b = append(strconv.AppendInt(b, int64(d), 10), ' ')
	b = append(append(b, m.String()...), ' ')
	return strconv.AppendInt(b, int64(y), 10)
}

// isoDate is t.Format("2006-01-02"), without reading the layout.
func isoDate(t time.Time) string {
	y, m, d := t.Date()
	if y < 1000 || y > 9999 {
		return t.Format("2006-01-02")
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:])
}
