package render

import (
	"digest/internal/memo"
	"digest/internal/search"
)

// search writes the client-side search index under search/ and the
// search page. The index holds the listed stories, newest first, so that
// the newest wins a tie in the ranking.
func (r *siteRenderer) search() error {
	cfg := &r.site.Config
	docs := make([]search.Doc, len(r.site.Listed))
	for i, st := range r.site.Listed {
		text := make([]string, len(st.Blocks))
		for j, b := range st.Blocks {
			text[j] = b.Text
		}
		tags := make([]string, len(st.Tags))
		for j, t := range st.Tags {
			tags[j] = t.Name
		}
		date := ""
		if !st.Date.IsZero() {
			date = st.Date.Format("2 January 2006") // as the "date" template function shows it
		}
		snip := st.Summary
		if snip == "" {
			snip = st.Lead
		}
		docs[i] = search.Doc{Path: st.Path, Title: st.Title, Date: date, Tags: tags, Text: text, Snippet: snip}
	}
	var m *memo.Table
	if r.pm != nil {
		m = r.pm.Search
	}
	files, err := search.Files(docs, m)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := r.write("search/"+f.Name, f.Data); err != nil {
			return err
		}
	}
	// Rendered before the versions, it has no record: no slot.
	return r.page(&pageJob{name: "search/index.html", tmpl: "search.html", slot: -1, data: func() *Page {
		p := r.newPage("search/", "Search", "Search every story of "+cfg.Title+".")
		p.NoIndex = true // a search page has nothing of its own to index
		return p
	}})
}
