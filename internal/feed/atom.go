package feed

import (
	"io"
	"time"
)

// WriteAtom writes f as an Atom 1.0 feed (RFC 4287). selfURL is the
// absolute URL the feed itself is published at (link rel="self").
//
// Where RFC 4287 requires an element the data may lack, WriteAtom fills
// it from what is there: feed id falls back to selfURL then HomeURL,
// entry id to the permalink, updated to the newest item time (the Unix
// epoch only for a feed with no times at all), and the feed-level author
// to the feed title when some entry has no author of its own (§4.1.1
// requires an author for every entry, directly or inherited).
func WriteAtom(w io.Writer, f *Feed, selfURL string) error {
	if err := checkTimes(f); err != nil {
		return err
	}
	x := newXMLWriter(w)
	updated := feedUpdated(f)
	if updated.IsZero() {
		updated = epoch
	}

	x.raw(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<feed xmlns="http://www.w3.org/2005/Atom"`)
	if f.Language != "" {
		x.raw(` xml:lang="`)
		x.attr(f.Language)
		x.raw(`"`)
	}
	x.raw(">\n")

	id := f.ID
	if id == "" {
		id = selfURL
	}
	if id == "" {
		id = f.HomeURL
	}
	x.elem("  ", "id", id)
	x.elem("  ", "title", f.Title)
	if f.Subtitle != "" {
		x.elem("  ", "subtitle", f.Subtitle)
	}
	x.dateElem("  ", "updated", updated, time.RFC3339)
	if f.HomeURL != "" {
		atomLink(x, "  ", "alternate", "text/html", f.HomeURL)
	}
	if selfURL != "" {
		atomLink(x, "  ", "self", "application/atom+xml", selfURL)
	}
	if author := atomFeedAuthor(f); author != "" {
		atomAuthor(x, "  ", author)
	}

	for i := range f.Items {
		it := &f.Items[i]
		if e := it.Encoded; e != nil && e.atom != nil {
			x.buf = append(x.buf, e.atom...)
		} else {
			writeAtomEntry(x, it, updated, nil)
		}
		x.maybeFlush()
	}
	x.raw("</feed>\n")
	return x.finish()
}

// writeAtomEntry writes one entry; updated is the feed's, for an entry
// without a time of its own.
func writeAtomEntry(x *xmlWriter, it *Item, updated time.Time, sp *escSpans) {
	x.raw("  <entry>\n")
	x.elem("    ", "id", itemID(it))
	start := len(x.buf) + len("    <title>")
	x.elem("    ", "title", it.Title)
	if sp != nil {
		sp.title = [2]int{start, len(x.buf) - len("</title>\n")}
	}
	if it.URL != "" {
		atomLink(x, "    ", "alternate", "text/html", it.URL)
	}
	pub := -1 // where the published time's text starts in x.buf
	if !it.Published.IsZero() {
		pub = len(x.buf) + len("    <published>")
		x.dateElem("    ", "published", it.Published, time.RFC3339)
	}
	eu := itemUpdated(it)
	if eu.IsZero() {
		eu = updated
	}
	if pub >= 0 && eu == it.Published {
		// The same time in the same zone is the same text: copied, as
		// formatting a time is most of an entry's cost.
		b := append(x.buf, "    <updated>"...)
		b = append(b, b[pub:len(x.buf)-len("</published>\n")]...)
		x.buf = append(b, "</updated>\n"...)
	} else {
		x.dateElem("    ", "updated", eu, time.RFC3339)
	}
	for _, a := range it.Authors {
		atomAuthor(x, "    ", a)
	}
	for _, t := range it.Tags {
		x.raw(`    <category term="`)
		x.attr(t)
		x.raw("\"/>\n")
	}
	// §4.1.1.1: an entry with neither content nor an alternate
	// link must have a summary, so write an empty one then.
	if it.Summary != "" || (it.ContentHTML == "" && it.URL == "") {
		x.raw(`    <summary type="text">`)
		start := len(x.buf)
		x.text(it.Summary)
		if sp != nil {
			sp.summary = [2]int{start, len(x.buf)}
		}
		x.raw("</summary>\n")
	}
	if it.ContentHTML != "" {
		x.raw(`    <content type="html">`)
		start := len(x.buf)
		x.text(it.ContentHTML)
		if sp != nil {
			sp.content = [2]int{start, len(x.buf)}
		}
		x.raw("</content>\n")
	}
	x.raw("  </entry>\n")
}

// atomFeedAuthor is the feed-level author name to write, or "" when
// every entry names its own authors and the site named none.
func atomFeedAuthor(f *Feed) string {
	if f.Author != "" {
		return f.Author
	}
	for i := range f.Items {
		if len(f.Items[i].Authors) == 0 {
			return f.Title
		}
	}
	return ""
}

func atomLink(x *xmlWriter, indent, rel, typ, href string) {
	x.raw(indent)
	x.raw(`<link rel="`)
	x.raw(rel)
	x.raw(`" type="`)
	x.raw(typ)
	x.raw(`" href="`)
	x.attr(href)
	x.raw("\"/>\n")
}

func atomAuthor(x *xmlWriter, indent, name string) {
	x.raw(indent)
	x.raw("<author><name>")
	x.text(name)
	x.raw("</name></author>\n")
}
