package feed

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// The JSON Feed document as structs, for writeJSONEncoder.
type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors,omitempty"`
	Items       []jsonItem   `json:"items"` // required, even when empty
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID          string `json:"id"`
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	ContentHTML string `json:"content_html,omitempty"`
	// ContentText is set only when there is no HTML: the spec wants one
	// of the two present, and a pointer lets an empty one be written.
	ContentText   *string      `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

// writeJSONEncoder is WriteJSON as it was first written, with
// encoding/json: the reference the hand-written encoder is held to.
func writeJSONEncoder(w io.Writer, f *Feed, selfURL string) error {
	if err := checkTimes(f); err != nil {
		return err
	}
	jf := jsonFeed{
		Version:     jsonFeedVersion,
		Title:       clean(f.Title),
		HomePageURL: clean(f.HomeURL),
		FeedURL:     clean(selfURL),
		Description: clean(f.Subtitle),
		Language:    clean(f.Language),
		Items:       make([]jsonItem, len(f.Items)),
	}
	if f.Author != "" {
		jf.Authors = []jsonAuthor{{Name: clean(f.Author)}}
	}
	for i := range f.Items {
		it := &f.Items[i]
		ji := &jf.Items[i]
		ji.ID = clean(itemID(it))
		ji.URL = clean(it.URL)
		ji.Title = clean(it.Title)
		ji.ContentHTML = clean(it.ContentHTML)
		ji.Summary = clean(it.Summary)
		if ji.ContentHTML == "" {
			ji.ContentText = &ji.Summary
		}
		ji.DatePublished = rfc3339(it.Published)
		ji.DateModified = rfc3339(it.Updated)
		if len(it.Authors) > 0 {
			ji.Authors = make([]jsonAuthor, len(it.Authors))
			for j, a := range it.Authors {
				ji.Authors[j].Name = clean(a)
			}
		}
		if len(it.Tags) > 0 {
			ji.Tags = make([]string, len(it.Tags))
			for j, t := range it.Tags {
				ji.Tags[j] = clean(t)
			}
		}
	}
	// Encoder writes the document in a single Write, so no extra
	// buffering is needed. No indentation: it made encoding 4x slower.
	return json.NewEncoder(w).Encode(&jf)
}

// checkJSONMatches fails unless WriteJSON and the encoding/json reference
// write the same bytes for f.
func checkJSONMatches(t *testing.T, f *Feed, self string) {
	t.Helper()
	var want bytes.Buffer
	if err := writeJSONEncoder(&want, f, self); err != nil {
		t.Fatal(err)
	}
	if got := render(t, "json", f, self); !bytes.Equal(got, want.Bytes()) {
		t.Errorf("WriteJSON differs from encoding/json:\n got %s\nwant %s", got, want.Bytes())
	}
}

func TestJSONMatchesEncoder(t *testing.T) {
	checkJSONMatches(t, sampleFeed(), "https://example.org/feed.json")
	checkJSONMatches(t, &Feed{Title: "Empty"}, "")
	for _, tc := range hostileCases {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.in + "\b\f\x01\x1f\u2028\u2029\xff<>&\\\"\t\r\n"
			checkJSONMatches(t, &Feed{Title: s, Subtitle: s, Language: s, HomeURL: s, Author: s,
				Items: []Item{
					{ID: s, Title: s, URL: s, Summary: s, ContentHTML: s, Authors: []string{s, s}, Tags: []string{s}},
					{URL: s},
					{ID: s, Summary: s, Tags: []string{s, "", s}},
				}}, s)
		})
	}
}

// FuzzAppendCleanJSON holds appendCleanJSON and cleanJSONField, which
// clean and escape in one pass, to cleaning first and escaping after.
func FuzzAppendCleanJSON(f *testing.F) {
	for _, tc := range hostileCases {
		f.Add(tc.in)
	}
	for _, s := range []string{"", "plain", "\x01", "\x01\x02\b\f", "a\x00b", "\xff", "\uFFFE\uFFFF", "\xed\xa0\x80", "\uFFFD",
		"\u2028\u2029", `<a href="x">&amp;</a>`, "tab\tnl\ncr\r", "Iran’s “enemy” — 1988\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := appendCleanJSON([]byte("x"), s), AppendJSONString([]byte("x"), clean(s)); !bytes.Equal(got, want) {
			t.Errorf("appendCleanJSON(%q) = %q, want %q", s, got, want)
		}
		if got, want := cleanJSONField([]byte("x"), `,"f":`, s), jsonField([]byte("x"), `,"f":`, clean(s)); !bytes.Equal(got, want) {
			t.Errorf("cleanJSONField(%q) = %q, want %q", s, got, want)
		}
	})
}
