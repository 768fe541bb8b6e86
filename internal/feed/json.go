package feed

import (
	"encoding/json"
	"io"
	"time"
)

// jsonFeedVersion identifies JSON Feed 1.1.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

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

// WriteJSON writes f as a JSON Feed 1.1 document. selfURL is the
// absolute URL the feed itself is published at (feed_url).
//
// Strings get the same cleaning as the XML formats (invalid UTF-8
// replaced, characters XML 1.0 forbids dropped) so that all three feeds
// say the same thing. Items without HTML carry their summary as
// content_text, since the spec requires one of the two.
func WriteJSON(w io.Writer, f *Feed, selfURL string) error {
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

// rfc3339 formats t, or returns "" for the zero time (field omitted).
// Formatting by hand, rather than with time.Time's MarshalJSON, keeps
// whole seconds as in the XML formats.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return norm(t).Format(time.RFC3339)
}
