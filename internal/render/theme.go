package render

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"

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

	fm := funcs(root)
	base := template.New("").Funcs(fm)
	th := &Theme{pages: map[string]*template.Template{}, origin: origin}
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
	th.fast = compileTheme(th, fm)
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
			return t.Format("2 January 2006")
		},
		"day": func(t time.Time) string { return t.Format("Monday 2 January 2006") },
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

func kindLabel(kind string) string { return site.KindLabel(kind) }

func byKind(tags []*site.Tag) []site.TagGroup { return site.GroupByKind(tags) }
