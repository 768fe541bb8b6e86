package render

import (
	"html/template"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"digest/internal/byteset"
	"digest/internal/feed"
	"digest/internal/site"
)

// A Page is the data every page template gets. Which of the optional
// fields are set depends on the page.
type Page struct {
	Site        *site.Site
	Path        string // relative to the site root; "" for the home page
	Title       string
	Description string
	Canonical   string // absolute URL
	OGType      string // "website" or "article"
	NoIndex     bool
	Feeds       []FeedLink
	LD          *NewsArticle // schema.org JSON-LD, story pages only
	// Masthead and Footer are the page's chrome, rendered once for its
	// section.
	Masthead, Footer template.HTML

	Home    bool
	Story   *site.Story
	Tag     *site.Tag
	Day     *site.Day
	Stories []*site.Story
	Groups  []DayGroup
	Tags    []*site.Tag
	Days    []*site.Day
	// Speakers is everyone quoted, for the quotes page.
	Speakers []*site.Speaker
	Pager    *Pager
}

// A FeedLink is an alternate feed of a page.
type FeedLink struct {
	Type  string // MIME type
	Label string // the format's name: Atom, RSS or JSON
	Title string
	URL   string // absolute
}

// A DayGroup is the stories of one day on a list page.
type DayGroup struct {
	Date    time.Time
	Day     *site.Day
	Stories []*site.Story
}

// A Pager links the pages of a paginated list.
type Pager struct {
	Number, Total int
	Prev, Next    string // paths relative to the root; "" at the ends
}

// Chrome is the data of the masthead and footer partials.
type Chrome struct {
	Site    *site.Site
	Current string // the section's path: "" (home), "archive/", "tags/", … or "-" for none
}

// sections are the pages the masthead links to; every other page is in
// none of them.
var sections = []string{"", "archive/", "tags/", "quotes/", "search/", "-"}

// sectionOf is the section of the page at path.
func sectionOf(path string) string {
	if path == "" || strings.HasPrefix(path, "page/") {
		return ""
	} else if slices.Contains(sections, path) {
		return path
	}
	return "-"
}

func (r *siteRenderer) newPage(path, title, desc string) *Page {
	return &Page{
		Masthead:    r.masthead[sectionOf(path)],
		Footer:      r.footer,
		Site:        r.site,
		Path:        path,
		Title:       title,
		Description: desc,
		Canonical:   r.abs(path),
		OGType:      "website",
	}
}

// abs makes an absolute URL of a path relative to the site root.
func (r *siteRenderer) abs(path string) string { return r.site.Config.BaseURL + path }

func groupByDay(stories []*site.Story, cfg *site.Config) []DayGroup {
	var groups []DayGroup
	for _, s := range stories {
		d := s.Date.In(cfg.Location)
		if n := len(groups); n > 0 && sameDate(groups[n-1].Date, d) {
			groups[n-1].Stories = append(groups[n-1].Stories, s)
			continue
		}
		groups = append(groups, DayGroup{Date: d, Day: s.Day, Stories: []*site.Story{s}})
	}
	return groups
}

func sameDate(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// siteFeeds are the links to the feeds named base+"atom.xml" and so on,
// in the order feeds writes them: it takes their URLs from here.
func siteFeeds(base string) []FeedLink {
	return []FeedLink{
		{"application/atom+xml", "Atom", "Atom feed", base + "atom.xml"},
		{"application/rss+xml", "RSS", "RSS feed", base + "rss.xml"},
		{"application/feed+json", "JSON", "JSON feed", base + "feed.json"},
	}
}

func tagFeeds(base, name string) []FeedLink {
	f := siteFeeds(base)
	for i := range f {
		f[i].Title = name + " — " + f[i].Title
	}
	return f
}

// NewsArticle is schema.org NewsArticle structured data; html/template
// encodes it as JSON inside the script element, escaping what must be.
type NewsArticle struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	Headline      string   `json:"headline"`
	Description   string   `json:"description,omitempty"`
	DatePublished string   `json:"datePublished,omitempty"`
	DateModified  string   `json:"dateModified,omitempty"`
	URL           string   `json:"url"`
	MainEntity    string   `json:"mainEntityOfPage"`
	Author        []Person `json:"author,omitempty"`
	Publisher     *Org     `json:"publisher,omitempty"`
	Keywords      []string `json:"keywords,omitempty"`
	WordCount     int      `json:"wordCount,omitempty"`
	InLanguage    string   `json:"inLanguage,omitempty"`
}

type Person struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type Org struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// newsArticle describes st, whose summary is oneLine(st.Summary).
func newsArticle(st *site.Story, cfg *site.Config, url, summary string) *NewsArticle {
	a := &NewsArticle{
		Context: "https://schema.org", Type: "NewsArticle",
		Headline:    plain(st.Title, 110),
		Description: cutLine(summary, 300),
		URL:         url, MainEntity: url,
		Publisher:  &Org{Type: "Organization", Name: cfg.Title},
		WordCount:  st.Words,
		InLanguage: cfg.Language,
	}
	if !st.Date.IsZero() {
		a.DatePublished = st.Date.Format(time.RFC3339)
		a.DateModified = a.DatePublished
	}
	if st.Author != "" {
		a.Author = []Person{{Type: "Person", Name: st.Author}}
	} else if st.Source != "" {
		a.Author = []Person{{Type: "Organization", Name: st.Source}}
	}
	if len(st.Tags) > 0 {
		a.Keywords = make([]string, len(st.Tags)) // one allocation, not one per doubling
		for i, t := range st.Tags {
			a.Keywords[i] = t.Name
		}
	}
	return a
}

// appendJSON appends a as json.Marshal encodes it, field for field, as
// every story page's script element holds it: encoding/json's reflection
// was most of the time of that one action. TestNewsArticleJSON holds the
// two equal.
func (a *NewsArticle) appendJSON(b []byte) []byte {
	b = append(b, `{"@context":`...)
	b = appendJSONString(b, a.Context)
	b = append(b, `,"@type":`...)
	b = appendJSONString(b, a.Type)
	b = append(b, `,"headline":`...)
	b = appendJSONString(b, a.Headline)
	b = jsonField(b, `,"description":`, a.Description)
	b = jsonField(b, `,"datePublished":`, a.DatePublished)
	b = jsonField(b, `,"dateModified":`, a.DateModified)
	b = append(b, `,"url":`...)
	b = appendJSONString(b, a.URL)
	b = append(b, `,"mainEntityOfPage":`...)
	b = appendJSONString(b, a.MainEntity)
	for i, p := range a.Author {
		if i == 0 {
			b = append(b, `,"author":[`...)
		} else {
			b = append(b, ',')
		}
		b = append(b, `{"@type":`...)
		b = appendJSONString(b, p.Type)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, p.Name)
		b = append(b, '}')
		if i == len(a.Author)-1 {
			b = append(b, ']')
		}
	}
	if a.Publisher != nil {
		b = append(b, `,"publisher":{"@type":`...)
		b = appendJSONString(b, a.Publisher.Type)
		b = append(b, `,"name":`...)
		b = appendJSONString(b, a.Publisher.Name)
		b = append(b, '}')
	}
	for i, k := range a.Keywords {
		if i == 0 {
			b = append(b, `,"keywords":[`...)
		} else {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		if i == len(a.Keywords)-1 {
			b = append(b, ']')
		}
	}
	if a.WordCount != 0 {
		b = strconv.AppendInt(append(b, `,"wordCount":`...), int64(a.WordCount), 10)
	}
	b = jsonField(b, `,"inLanguage":`, a.InLanguage)
	return append(b, '}')
}

// jsonField appends name and s as a JSON string, unless s is empty
// (encoding/json's omitempty).
func jsonField(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	return appendJSONString(append(b, name...), s)
}

// appendJSONString is feed.AppendJSONString, faster on what most of an
// article's strings are: ASCII that JSON copies as it is, found by
// byteset.Set.Index, eight bytes at a time where feed's loop takes one.
func appendJSONString(b []byte, s string) []byte {
	i := jsonSpecial.Index(s, 0)
	b = append(b, '"')
	b = append(b, s[:i]...)
	if i == len(s) {
		return append(b, '"')
	}
	// The rest to feed, from a rune's start as s[:i] is ASCII: its
	// opening quote is one too many.
	k := len(b)
	b = feed.AppendJSONString(b, s[i:])
	return append(b[:k], b[k+1:]...)
}

// jsonSpecial marks what JSON does not copy as it is: control characters,
// the five it escapes, and the bytes of runes past ASCII, some of which
// it escapes.
var jsonSpecial = func() (t byteset.Set) {
	for c := range 256 {
		if c < 0x20 || c >= utf8.RuneSelf || strings.IndexByte(`"\\<>&`, byte(c)) >= 0 {
			t[c] = 1
		}
	}
	return t
}()
