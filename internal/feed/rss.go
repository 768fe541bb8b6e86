package feed

import (
	"io"
	"strings"
	"time"
)

// WriteRSS writes f as an RSS 2.0 feed. selfURL is the absolute URL the
// feed itself is published at (atom:link rel="self", as the RSS Advisory
// Board recommends).
//
// The item summary goes in <description> and the full HTML in
// content:encoded; authors are dc:creator because RSS's own <author>
// must be an e-mail address. The channel <description>, which RSS
// requires, falls back to the title when there is no subtitle.
func WriteRSS(w io.Writer, f *Feed, selfURL string) error {
	if err := checkTimes(f); err != nil {
		return err
	}
	x := newXMLWriter(w)
	x.raw(`<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n" +
		"  <channel>\n")
	x.elem("    ", "title", f.Title)
	x.elem("    ", "link", f.HomeURL)
	desc := f.Subtitle
	if desc == "" {
		desc = f.Title
	}
	x.elem("    ", "description", desc)
	if f.Language != "" {
		x.elem("    ", "language", f.Language)
	}
	if u := feedUpdated(f); !u.IsZero() {
		x.dateElem("    ", "lastBuildDate", u, time.RFC1123Z)
	}
	if selfURL != "" {
		x.raw(`    <atom:link href="`)
		x.attr(selfURL)
		x.raw("\" rel=\"self\" type=\"application/rss+xml\"/>\n")
	}
	if f.Author != "" {
		x.elem("    ", "dc:creator", f.Author)
	}

	for i := range f.Items {
		it := &f.Items[i]
		if e := it.Encoded; e != nil {
			x.buf = append(x.buf, e.rss...)
		} else {
			writeRSSItem(x, it, nil)
		}
		x.maybeFlush()
	}
	x.raw("  </channel>\n</rss>\n")
	return x.finish()
}

// writeRSSItem writes one item.
// sp, when not nil, holds where x.buf has the item's title, summary and
// content escaped as RSS escapes them: they are copied from there.
func writeRSSItem(x *xmlWriter, it *Item, sp *escSpans) {
	x.raw("    <item>\n")
	// RSS needs a title or a description; write title whenever set.
	if it.Title != "" {
		if sp != nil {
			x.escapedElem("      ", "title", sp.title)
		} else {
			x.elem("      ", "title", it.Title)
		}
	}
	if it.URL != "" {
		x.elem("      ", "link", it.URL)
	}
	if id := itemID(it); id != "" {
		// isPermaLink defaults to true, which would be wrong for a
		// tag: URI, so say which it is every time.
		if isPermaLink(id, it.URL) {
			x.raw(`      <guid isPermaLink="true">`)
		} else {
			x.raw(`      <guid isPermaLink="false">`)
		}
		x.text(id)
		x.raw("</guid>\n")
	}
	pub := it.Published
	if pub.IsZero() {
		pub = it.Updated
	}
	if !pub.IsZero() {
		x.dateElem("      ", "pubDate", pub, time.RFC1123Z)
	}
	if it.Summary != "" || it.Title == "" {
		if sp != nil {
			x.escapedElem("      ", "description", sp.summary)
		} else {
			x.elem("      ", "description", it.Summary)
		}
	}
	if it.ContentHTML != "" {
		if sp != nil {
			x.escapedElem("      ", "content:encoded", sp.content)
		} else {
			x.elem("      ", "content:encoded", it.ContentHTML)
		}
	}
	for _, a := range it.Authors {
		x.elem("      ", "dc:creator", a)
	}
	for _, t := range it.Tags {
		x.elem("      ", "category", t)
	}
	x.raw("    </item>\n")
}

// isPermaLink reports whether the guid is the item's own http(s) URL;
// only then may readers open it as a link.
func isPermaLink(id, url string) bool {
	return id == url && (strings.HasPrefix(id, "https://") || strings.HasPrefix(id, "http://"))
}
