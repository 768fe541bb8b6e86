package feed

import (
	"io"
	"time"
	"unicode/utf8"

	"digest/internal/byteset"
)

// jsonFeedVersion identifies JSON Feed 1.1.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

// WriteJSON writes f as a JSON Feed 1.1 document. selfURL is the
// absolute URL the feed itself is published at (feed_url).
//
// Strings get the same cleaning as the XML formats (invalid UTF-8
// replaced, characters XML 1.0 forbids dropped) so that all three feeds
// say the same thing. Items without HTML carry their summary as
// content_text, since the spec requires one of the two.
//
// The document is written by hand, byte for byte as encoding/json would
// encode the jsonFeed struct (TestJSONMatchesEncoder and FuzzWellFormed
// hold the two equal): reflection made JSON the slowest of the three
// formats, and a site writes a feed for every tag.
func WriteJSON(w io.Writer, f *Feed, selfURL string) error {
	if err := checkTimes(f); err != nil {
		return err
	}
	x := newXMLWriter(w) // only its pooled buffer and flushing
	b := append(x.buf, `{"version":"`+jsonFeedVersion+`","title":`...)
	b = appendCleanJSON(b, f.Title)
	b = cleanJSONField(b, `,"home_page_url":`, f.HomeURL)
	b = cleanJSONField(b, `,"feed_url":`, selfURL)
	b = cleanJSONField(b, `,"description":`, f.Subtitle)
	b = cleanJSONField(b, `,"language":`, f.Language)
	if f.Author != "" {
		b = append(b, `,"authors":[{"name":`...)
		b = appendCleanJSON(b, f.Author)
		b = append(b, "}]"...)
	}
	b = append(b, `,"items":[`...)
	for i := range f.Items {
		it := &f.Items[i]
		if i > 0 {
			b = append(b, ',')
		}
		if e := it.Encoded; e != nil {
			b = append(b, e.json...)
		} else {
			b = appendJSONItem(b, it)
		}
		x.buf = b
		x.maybeFlush()
		b = x.buf
	}
	x.buf = append(b, "]}\n"...)
	return x.finish()
}

// appendJSONItem appends one item's object.
func appendJSONItem(b []byte, it *Item) []byte {
	b = append(b, `{"id":`...)
	b = appendCleanJSON(b, itemID(it))
	b = cleanJSONField(b, `,"url":`, it.URL)
	b = cleanJSONField(b, `,"title":`, it.Title)
	mark := len(b)
	b = cleanJSONField(b, `,"content_html":`, it.ContentHTML)
	if len(b) > mark { // HTML left after cleaning
		b = cleanJSONField(b, `,"summary":`, it.Summary)
	} else {
		b = append(b, `,"content_text":`...)
		start := len(b)
		b = appendCleanJSON(b, it.Summary)
		if end := len(b); end-start > len(`""`) {
			// The same string again: copied rather than escaped twice.
			b = append(b, `,"summary":`...)
			b = append(b, b[start:end]...)
		}
	}
	b = jsonField(b, `,"date_published":`, rfc3339(it.Published))
	b = jsonField(b, `,"date_modified":`, rfc3339(it.Updated))
	for j, a := range it.Authors {
		if j == 0 {
			b = append(b, `,"authors":[`...)
		} else {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendCleanJSON(b, a)
		b = append(b, '}')
		if j == len(it.Authors)-1 {
			b = append(b, ']')
		}
	}
	for j, t := range it.Tags {
		if j == 0 {
			b = append(b, `,"tags":[`...)
		} else {
			b = append(b, ',')
		}
		b = appendCleanJSON(b, t)
		if j == len(it.Tags)-1 {
			b = append(b, ']')
		}
	}
	return append(b, '}')
}

// jsonField appends name and s as a JSON string, unless s is empty
// (encoding/json's omitempty).
func jsonField(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	return AppendJSONString(append(b, name...), s)
}

// cleanJSONField is jsonField(b, name, clean(s)).
func cleanJSONField(b []byte, name, s string) []byte {
	if s == "" {
		return b
	}
	mark := len(b)
	b = appendCleanJSON(append(b, name...), s)
	if len(b) == mark+len(name)+len(`""`) { // nothing left after cleaning
		return b[:mark]
	}
	return b
}

// appendCleanJSON is AppendJSONString(b, clean(s)) in one pass over s:
// what clean drops is dropped, and an invalid byte is written as the
// U+FFFD that clean puts in its place, which JSON keeps as it is.
func appendCleanJSON(b []byte, s string) []byte { return appendJSON(b, s, true) }

// AppendJSONString appends s as a JSON string exactly as encoding/json
// does with HTML escaping on (its default): <, > and & as \u escapes,
// control characters escaped, invalid UTF-8 as \ufffd, and U+2028 and
// U+2029 escaped for JavaScript.
func AppendJSONString(b []byte, s string) []byte { return appendJSON(b, s, false) }

// appendJSON is AppendJSONString, or appendCleanJSON when clean. Only the
// bytes stopJSON stops at tell the two apart.
func appendJSON(b []byte, s string, clean bool) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if i = stopJSON.Index(s, i); i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch {
			case c == '\\' || c == '"':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c == '<' || c == '>' || c == '&':
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			case clean:
				// Any other control character: not XML, dropped.
			case c == '\b':
				b = append(b, '\\', 'b')
			case c == '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1 && clean:
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case clean && !xmlChar(r):
			b = append(b, s[start:i]...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// stopJSON marks the bytes encoding/json does not copy as they are, and
// every byte of a multi-byte character, which AppendJSONString checks.
var stopJSON = func() (t byteset.Set) {
	for c := range 256 {
		t[c] = 1
	}
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = 0
	}
	for _, c := range `"\\<>&` {
		t[c] = 1
	}
	return t
}()

// rfc3339 formats t, or returns "" for the zero time (field omitted).
// Formatting by hand, rather than with time.Time's MarshalJSON, keeps
// whole seconds as in the XML formats.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return norm(t).Format(time.RFC3339)
}
