// Package feed writes a site's stories as Atom 1.0 (RFC 4287), RSS 2.0
// and JSON Feed 1.1 documents.
//
// The writers are hand-rolled rather than built on encoding/xml's Marshal:
// a site build renders tens of thousands of feeds, and streaming escaped
// text straight into a buffered writer avoids reflection and per-element
// allocations. Output is deterministic: the same Feed always yields the
// same bytes, and only the data's own times are used, never the clock.
package feed

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
)

// A Feed is one feed of stories, in any of the three formats.
type Feed struct {
	Title    string
	Subtitle string
	Language string    // BCP 47, e.g. "en"
	HomeURL  string    // absolute URL of the HTML page the feed belongs to
	ID       string    // stable feed ID (absolute URL or tag: URI)
	Updated  time.Time // newest item's update time; zero when no items
	Author   string    // site-level author name, may be empty
	Items    []Item
}

// An Item is one story in a Feed.
type Item struct {
	ID          string // stable, e.g. tag:example.org,2025-01-28:/stories/slug/ or the permalink
	Title       string
	URL         string // absolute permalink
	Summary     string // plain text
	ContentHTML string // full body HTML (already safe HTML produced by the site)
	Published   time.Time
	Updated     time.Time
	Authors     []string
	Tags        []string
	// Encoded, when set, is the item as Encode wrote it, and the writers
	// copy it rather than write the fields again. Whoever changes a
	// field of an encoded item must clear it.
	Encoded *Encoded
}

// Encoded is an Item as each format writes it. A site's story is in the
// feed of each of its tags: escaping it once for all of them saves most
// of the feeds' time.
type Encoded struct {
	atom []byte // nil when the entry takes its time from the feed
	rss  []byte
	json []byte
}

// Len is the bytes e holds.
func (e *Encoded) Len() int { return len(e.atom) + len(e.rss) + len(e.json) }

// Encode writes it as each format does, for Item.Encoded. The item's
// times must be writable: an item the writers would reject stays
// rejected, as they check the fields first.
func Encode(it *Item) *Encoded {
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	x := &xmlWriter{buf: (*bp)[:0]}
	var atomEnd int
	var spans escSpans
	var sp *escSpans
	if !itemUpdated(it).IsZero() {
		// Atom and RSS escape the title, summary and content alike:
		// RSS copies Atom's.
		sp = &spans
		writeAtomEntry(x, it, time.Time{}, sp)
		atomEnd = len(x.buf)
	}
	writeRSSItem(x, it, sp)
	rssEnd := len(x.buf)
	b := appendJSONItem(x.buf, it)
	*bp = b[:0]
	// One allocation for the three.
	b = append(make([]byte, 0, len(b)), b...)
	e := &Encoded{rss: b[atomEnd:rssEnd:rssEnd], json: b[rssEnd:]}
	if atomEnd > 0 {
		e.atom = b[:atomEnd:atomEnd]
	}
	return e
}

// epoch stands in for Atom's required <updated> when a feed has no
// time at all; the Unix epoch is obviously "unknown" to a reader.
var epoch = time.Unix(0, 0).UTC()

// itemUpdated is the item's last change: Updated, else Published.
func itemUpdated(it *Item) time.Time {
	if !it.Updated.IsZero() {
		return it.Updated
	}
	return it.Published
}

// feedUpdated is f.Updated, else the newest item time; zero if none.
func feedUpdated(f *Feed) time.Time {
	if !f.Updated.IsZero() {
		return f.Updated
	}
	var newest time.Time
	for i := range f.Items {
		if t := itemUpdated(&f.Items[i]); t.After(newest) {
			newest = t
		}
	}
	return newest
}

// itemID is the item's ID, falling back to its permalink, which is
// stable too and keeps id/guid present as all three formats want.
func itemID(it *Item) string {
	if it.ID != "" {
		return it.ID
	}
	return it.URL
}

// checkTimes rejects years that RFC 3339 and RFC 1123 cannot spell with
// four digits, before anything is written, so an error never leaves a
// half-written feed behind.
func checkTimes(f *Feed) error {
	if f == nil {
		return errors.New("feed: nil Feed")
	}
	if err := checkYear(f.Updated, "Feed.Updated"); err != nil {
		return err
	}
	for i := range f.Items {
		it := &f.Items[i]
		if err := checkYear(it.Published, "Published"); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
		if err := checkYear(it.Updated, "Updated"); err != nil {
			return fmt.Errorf("item %d: %w", i, err)
		}
	}
	return nil
}

func checkYear(t time.Time, what string) error {
	if t.IsZero() {
		return nil
	}
	if y := t.Year(); y < 0 || y > 9999 {
		return fmt.Errorf("feed: %s year %d outside 0000-9999", what, y)
	}
	return nil
}

// norm keeps t in its own zone unless the offset has seconds (old LMT
// zones), which RFC 3339 and RFC 1123Z cannot write; then it uses UTC so
// the written instant stays exact.
func norm(t time.Time) time.Time {
	if _, off := t.Zone(); off%60 != 0 {
		return t.UTC()
	}
	return t
}

// Buffers are pooled: a fresh one per feed would be the biggest
// allocation of a site build's feed phase.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, flushAt+4<<10); return &b }}

// flushAt is when the buffer is handed to the io.Writer mid-feed, so a
// huge feed does not need its whole size in memory.
const flushAt = 32 << 10

// xmlWriter appends escaped XML to a pooled byte slice. Appending beats
// bufio.Writer here: escaping HTML bodies cuts text into many short
// runs, and a method call per run dominated the profile.
type xmlWriter struct {
	w   io.Writer
	buf []byte
	err error
	bp  *[]byte
}

func newXMLWriter(w io.Writer) *xmlWriter {
	bp := bufPool.Get().(*[]byte)
	return &xmlWriter{w: w, buf: (*bp)[:0], bp: bp}
}

// maybeFlush writes the buffer out once it is large; called between
// elements. The first write error sticks and later output is dropped.
func (x *xmlWriter) maybeFlush() {
	if len(x.buf) >= flushAt {
		x.flush()
	}
}

func (x *xmlWriter) flush() {
	if x.err == nil && len(x.buf) > 0 {
		_, x.err = x.w.Write(x.buf)
	}
	x.buf = x.buf[:0]
}

func (x *xmlWriter) finish() error {
	x.flush()
	if cap(x.buf) <= 1<<20 { // don't pin a buffer grown by one giant item
		*x.bp = x.buf
		bufPool.Put(x.bp)
	}
	x.buf, x.bp = nil, nil
	return x.err
}

func (x *xmlWriter) raw(s string)  { x.buf = append(x.buf, s...) }
func (x *xmlWriter) text(s string) { x.buf = appendEscaped(x.buf, s, false) }
func (x *xmlWriter) attr(s string) { x.buf = appendEscaped(x.buf, s, true) }

// elem writes <name>text</name> preceded by indent.
func (x *xmlWriter) elem(indent, name, s string) {
	b := append(x.buf, indent...)
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = appendEscaped(b, s, false)
	b = append(b, "</"...)
	b = append(b, name...)
	x.buf = append(b, ">\n"...)
}

// escSpans are where an entry's title, summary and content lie in an
// xmlWriter's buffer, escaped as text: Encode writes them once for Atom
// and RSS.
type escSpans struct{ title, summary, content [2]int }

// escapedElem is elem for text already escaped at span of x.buf.
func (x *xmlWriter) escapedElem(indent, name string, span [2]int) {
	b := append(x.buf, indent...)
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	// b may be a new array; x.buf still holds the span.
	b = append(b, x.buf[span[0]:span[1]]...)
	b = append(b, "</"...)
	b = append(b, name...)
	x.buf = append(b, ">\n"...)
}

func (x *xmlWriter) dateElem(indent, name string, t time.Time, layout string) {
	b := append(x.buf, indent...)
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = norm(t).AppendFormat(b, layout)
	b = append(b, "</"...)
	b = append(b, name...)
	x.buf = append(b, ">\n"...)
}
