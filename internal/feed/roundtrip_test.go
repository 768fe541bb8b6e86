package feed

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// hostileCases are strings a story may carry, with what a reader must
// get back: markup and quotes unchanged, characters XML cannot carry
// dropped, invalid UTF-8 replaced by U+FFFD.
var hostileCases = []struct{ name, in, want string }{
	{"script", `<script>alert(1)</script>`, `<script>alert(1)</script>`},
	{"quotes", `"quotes" & 'apostrophes'`, `"quotes" & 'apostrophes'`},
	{"cdata end", `x]]>y <![CDATA[z]]>`, `x]]>y <![CDATA[z]]>`},
	{"entities literal", `&amp; &lt; &#38; &copy;`, `&amp; &lt; &#38; &copy;`},
	{"nul byte", "nul\x00byte", "nulbyte"},
	{"controls", "esc\x1b[0m bell\x07 \uFFFE\uFFFFend", "esc[0m bell end"},
	{"invalid utf8", "bad\xff utf8\xc3(", "bad\uFFFD utf8\uFFFD("},
	{"unicode", "Zürich — 東京 😀", "Zürich — 東京 😀"},
	{"carriage return", "one\r\ntwo", "one\r\ntwo"},
}

// hostileFeed puts s, with a distinct prefix, in every text field, and
// a query string with & and quotes in every URL.
func hostileFeed(s string) *Feed {
	return &Feed{
		Title:    "T " + s,
		Subtitle: "S " + s,
		Language: "en",
		HomeURL:  `https://example.org/?a=1&b='2'&c="3"`,
		ID:       "tag:example.org,2025:/feeds/" + "x&y",
		Updated:  tUpd,
		Author:   "A " + s,
		Items: []Item{{
			ID:          "tag:example.org,2025-01-28:/stories/a&b/",
			Title:       "IT " + s,
			URL:         `https://example.org/s/?q=1&r="2"`,
			Summary:     "SU " + s,
			ContentHTML: "<p>HTML " + s + "</p>",
			Published:   tPub,
			Updated:     tUpd,
			Authors:     []string{"AU " + s, "second"},
			Tags:        []string{"TG " + s, "news"},
		}},
	}
}

// readBack is what a parser returned, in one shape for all formats.
type readBack struct {
	Title, Subtitle, Home, Self, ID, Author, Language string
	Updated                                           string
	Items                                             []readItem
}

type readItem struct {
	ID, Title, URL, Summary, Content string
	Published, Updated               string
	Authors, Tags                    []string
	PermaLink                        string // RSS only
}

// want is what every format should give back for f, with cleaned
// strings substituted via repl (the input text → expected text).
func wantFor(f *Feed, self string, fix func(string) string, layout string) readBack {
	rb := readBack{
		Title: fix(f.Title), Subtitle: fix(f.Subtitle), Home: fix(f.HomeURL), Self: self,
		ID: fix(f.ID), Author: fix(f.Author), Language: f.Language,
		Updated: f.Updated.Format(layout),
	}
	for _, it := range f.Items {
		ri := readItem{
			ID: fix(it.ID), Title: fix(it.Title), URL: fix(it.URL), Summary: fix(it.Summary),
			Content: fix(it.ContentHTML), Published: it.Published.Format(layout), Updated: it.Updated.Format(layout),
		}
		for _, a := range it.Authors {
			ri.Authors = append(ri.Authors, fix(a))
		}
		for _, tg := range it.Tags {
			ri.Tags = append(ri.Tags, fix(tg))
		}
		rb.Items = append(rb.Items, ri)
	}
	return rb
}

func readAtom(t *testing.T, doc []byte) readBack {
	t.Helper()
	af, err := (&atom.Parser{}).Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed atom: %v\n%s", err, doc)
	}
	rb := readBack{Title: af.Title, Subtitle: af.Subtitle, ID: af.ID, Language: af.Language, Updated: af.Updated}
	for _, l := range af.Links {
		switch l.Rel {
		case "alternate":
			rb.Home = l.Href
		case "self":
			rb.Self = l.Href
		}
	}
	if len(af.Authors) == 1 {
		rb.Author = af.Authors[0].Name
	}
	for _, e := range af.Entries {
		ri := readItem{ID: e.ID, Title: e.Title, Summary: e.Summary, Published: e.Published, Updated: e.Updated}
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				ri.URL = l.Href
			}
		}
		if e.Content != nil {
			ri.Content = e.Content.Value
		}
		for _, a := range e.Authors {
			ri.Authors = append(ri.Authors, a.Name)
		}
		for _, c := range e.Categories {
			ri.Tags = append(ri.Tags, c.Term)
		}
		rb.Items = append(rb.Items, ri)
	}
	return rb
}

func readRSS(t *testing.T, doc []byte) readBack {
	t.Helper()
	rf, err := (&rss.Parser{}).Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed rss: %v\n%s", err, doc)
	}
	rb := readBack{Title: rf.Title, Subtitle: rf.Description, Home: rf.Link, Language: rf.Language, Updated: rf.LastBuildDate}
	for _, l := range rf.Extensions["atom"]["link"] {
		if l.Attrs["rel"] == "self" {
			rb.Self = l.Attrs["href"]
		}
	}
	if rf.DublinCoreExt != nil && len(rf.DublinCoreExt.Creator) == 1 {
		rb.Author = rf.DublinCoreExt.Creator[0]
	}
	for _, it := range rf.Items {
		ri := readItem{Title: it.Title, URL: it.Link, Summary: it.Description, Content: it.Content, Published: it.PubDate}
		if it.GUID != nil {
			ri.ID, ri.PermaLink = it.GUID.Value, it.GUID.IsPermalink
		}
		if it.DublinCoreExt != nil {
			ri.Authors = it.DublinCoreExt.Creator
		}
		for _, c := range it.Categories {
			ri.Tags = append(ri.Tags, c.Value)
		}
		rb.Items = append(rb.Items, ri)
	}
	return rb
}

func readJSON(t *testing.T, doc []byte) readBack {
	t.Helper()
	jf, err := (&jsonfeed.Parser{}).Parse(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("gofeed json: %v\n%s", err, doc)
	}
	if jf.Version != "https://jsonfeed.org/version/1.1" {
		t.Errorf("version: got %q, want 1.1", jf.Version)
	}
	rb := readBack{Title: jf.Title, Subtitle: jf.Description, Home: jf.HomePageURL, Self: jf.FeedURL, Language: jf.Language}
	if len(jf.Authors) == 1 {
		rb.Author = jf.Authors[0].Name
	}
	for _, it := range jf.Items {
		ri := readItem{ID: it.ID, Title: it.Title, URL: it.URL, Summary: it.Summary, Content: it.ContentHTML,
			Published: it.DatePublished, Updated: it.DateModified, Tags: it.Tags}
		for _, a := range it.Authors {
			ri.Authors = append(ri.Authors, a.Name)
		}
		rb.Items = append(rb.Items, ri)
	}
	return rb
}

func compare(t *testing.T, got, want readBack) {
	t.Helper()
	check := func(field, g, w string) {
		if g != w {
			t.Errorf("%s: got %q, want %q", field, g, w)
		}
	}
	check("title", got.Title, want.Title)
	check("subtitle/description", got.Subtitle, want.Subtitle)
	check("home link", got.Home, want.Home)
	check("self link", got.Self, want.Self)
	check("feed id", got.ID, want.ID)
	check("feed author", got.Author, want.Author)
	check("language", got.Language, want.Language)
	check("feed updated", got.Updated, want.Updated)
	if len(got.Items) != len(want.Items) {
		t.Fatalf("items: got %d, want %d", len(got.Items), len(want.Items))
	}
	for i := range want.Items {
		g, w := got.Items[i], want.Items[i]
		check("item id", g.ID, w.ID)
		check("item title", g.Title, w.Title)
		check("item url", g.URL, w.URL)
		check("item summary", g.Summary, w.Summary)
		check("item content", g.Content, w.Content)
		check("item published", g.Published, w.Published)
		check("item updated", g.Updated, w.Updated)
		check("item permalink", g.PermaLink, w.PermaLink)
		if !slices.Equal(g.Authors, w.Authors) {
			t.Errorf("item authors: got %q, want %q", g.Authors, w.Authors)
		}
		if !slices.Equal(g.Tags, w.Tags) {
			t.Errorf("item tags: got %q, want %q", g.Tags, w.Tags)
		}
	}
}

// TestRoundTrip writes hostile feeds in each format and reads them back
// with gofeed's format parsers: every field must survive, cleaned only
// as documented.
func TestRoundTrip(t *testing.T) {
	for _, tc := range hostileCases {
		f := hostileFeed(tc.in)
		fix := func(s string) string {
			// Only the hostile part of a field changes.
			return string(bytes.ReplaceAll([]byte(s), []byte(tc.in), []byte(tc.want)))
		}
		t.Run(tc.name+"/atom", func(t *testing.T) {
			want := wantFor(f, selfAtom, fix, time.RFC3339)
			compare(t, readAtom(t, render(t, "atom", f, selfAtom)), want)
		})
		t.Run(tc.name+"/rss", func(t *testing.T) {
			want := wantFor(f, selfAtom, fix, time.RFC1123Z)
			// RSS has no feed id and one item date (pubDate).
			want.ID = ""
			want.Items[0].Updated = ""
			want.Items[0].PermaLink = "false"
			compare(t, readRSS(t, render(t, "rss", f, selfAtom)), want)
		})
		t.Run(tc.name+"/json", func(t *testing.T) {
			want := wantFor(f, selfAtom, fix, time.RFC3339)
			// JSON Feed has no feed id or feed-level date.
			want.ID, want.Updated = "", ""
			compare(t, readJSON(t, render(t, "json", f, selfAtom)), want)
		})
	}
}

// TestRoundTripSample checks the plain sample feed, including fallbacks:
// an item with ID == URL is an RSS permalink guid.
func TestRoundTripSample(t *testing.T) {
	f := sampleFeed()
	same := func(s string) string { return s }
	t.Run("atom", func(t *testing.T) {
		want := wantFor(f, selfAtom, same, time.RFC3339)
		// Atom entries need updated: item 2 falls back to published.
		want.Items[1].Updated = tOld.Format(time.RFC3339)
		compare(t, readAtom(t, render(t, "atom", f, selfAtom)), want)
	})
	t.Run("rss", func(t *testing.T) {
		want := wantFor(f, selfAtom, same, time.RFC1123Z)
		want.ID = ""
		for i := range want.Items { // RSS items have only pubDate
			want.Items[i].Updated = ""
		}
		want.Items[0].PermaLink, want.Items[1].PermaLink = "false", "true"
		compare(t, readRSS(t, render(t, "rss", f, selfAtom)), want)
	})
	t.Run("json", func(t *testing.T) {
		want := wantFor(f, selfAtom, same, time.RFC3339)
		want.ID, want.Updated = "", ""
		want.Items[1].Updated = ""
		compare(t, readJSON(t, render(t, "json", f, selfAtom)), want)
	})
}

// TestFallbacks checks what fills required elements the data lacks.
func TestFallbacks(t *testing.T) {
	f := &Feed{
		Title:   "Bare",
		HomeURL: "https://example.org/",
		Items:   []Item{{Title: "No id", URL: "https://example.org/a/"}, {Title: "Only text", Summary: "just text"}},
	}
	t.Run("atom", func(t *testing.T) {
		got := readAtom(t, render(t, "atom", f, selfAtom))
		if got.ID != selfAtom {
			t.Errorf("feed id: got %q, want selfURL %q", got.ID, selfAtom)
		}
		if got.Author != "Bare" {
			t.Errorf("feed author: got %q, want the title %q", got.Author, "Bare")
		}
		if got.Items[0].ID != "https://example.org/a/" {
			t.Errorf("entry id: got %q, want the permalink", got.Items[0].ID)
		}
		if got.Items[0].Updated != "1970-01-01T00:00:00Z" {
			t.Errorf("entry updated: got %q, want the epoch", got.Items[0].Updated)
		}
	})
	t.Run("rss", func(t *testing.T) {
		got := readRSS(t, render(t, "rss", f, selfAtom))
		if got.Subtitle != "Bare" {
			t.Errorf("channel description: got %q, want the title", got.Subtitle)
		}
		if got.Items[0].ID != "https://example.org/a/" || got.Items[0].PermaLink != "true" {
			t.Errorf("guid: got %q permalink %q, want the URL as permalink", got.Items[0].ID, got.Items[0].PermaLink)
		}
		if got.Items[1].ID != "" {
			t.Errorf("guid without id or url: got %q, want none", got.Items[1].ID)
		}
	})
	t.Run("json", func(t *testing.T) {
		out := render(t, "json", f, selfAtom)
		var doc struct {
			Items []map[string]any `json:"items"`
		}
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		if got := doc.Items[1]["content_text"]; got != "just text" {
			t.Errorf("content_text without HTML: got %v, want the summary", got)
		}
		if _, ok := doc.Items[0]["content_text"]; !ok {
			t.Errorf("item without any content lacks content_text; one of content_html/content_text is required")
		}
		if got := doc.Items[0]["id"]; got != "https://example.org/a/" {
			t.Errorf("id: got %v, want the permalink", got)
		}
	})
}

func jsonValid(b []byte) bool { return json.Valid(b) }
