package render

import (
	"time"

	"digest/internal/memo"
	"digest/internal/parallel"
	"digest/internal/search"
)

// search writes the client-side search index under search/ and the
// search page. The index holds the listed stories, newest first, so that
// the newest wins a tie in the ranking.
func (r *siteRenderer) search() error {
	cfg := &r.site.Config
	listed := r.site.Listed
	docs := make([]search.Doc, len(listed))
	// The documents' pieces of text and tags in two arrays, not two a
	// story; a date's string once for the stories in a row of that day.
	var ntext, ntags int
	for _, st := range listed {
		ntext += len(st.Blocks)
		ntags += len(st.Tags)
	}
	text, tags := make([]string, 0, ntext), make([]string, 0, ntags)
	var y, d int
	var m time.Month
	date := ""
	for i, st := range listed {
		k := len(text)
		for _, b := range st.Blocks {
			text = append(text, b.Text)
		}
		doc := search.Doc{Path: st.Path, Title: st.Title, Text: text[k:len(text):len(text)], Snippet: st.Summary}
		k = len(tags)
		for _, t := range st.Tags {
			tags = append(tags, t.Name)
		}
		doc.Tags = tags[k:len(tags):len(tags)]
		if !st.Date.IsZero() {
			if y1, m1, d1 := st.Date.Date(); date == "" || y1 != y || m1 != m || d1 != d {
				y, m, d = y1, m1, d1
				date = dateString(st.Date, false) // as the "date" template function shows it
			}
			doc.Date = date
		}
		if doc.Snippet == "" {
			doc.Snippet = st.Lead
		}
		docs[i] = doc
	}
	var mt *memo.Table
	if r.pm != nil {
		mt = r.pm.Search
	}
	files, err := search.Files(docs, mt)
	if err != nil {
		return err
	}
	// A file the last build made the same has no Data: publish keeps
	// the last build's, if it can vouch for it.
	if err := parallel.For(len(files), func(i int) error {
		f := &files[i]
		if f.Data == nil && r.pm != nil && r.pm.keep("search/"+f.Name, f.Sum, f.Size) {
			return nil
		}
		return r.write("search/"+f.Name, f.Bytes())
	}); err != nil {
		return err
	}
	// Rendered before the versions, it has no record: no slot.
	return r.page(&pageJob{name: "search/index.html", tmpl: "search.html", slot: -1, data: func() *Page {
		p := r.newPage("search/", "Search", "Search every story of "+cfg.Title+".")
		p.NoIndex = true // a search page has nothing of its own to index
		return p
	}})
}
