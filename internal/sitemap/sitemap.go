// Package sitemap writes sitemaps.org 0.9 sitemaps, split into a sitemap
// index plus numbered sitemaps when the protocol's limits require it.
package sitemap

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The protocol's limits, per sitemap file and per index.
const (
	MaxURLs  = 50000
	MaxBytes = 50 * 1024 * 1024 // 52,428,800 bytes, uncompressed
)

// maxURLs and maxBytes are the limits Files applies; tests lower them to
// exercise splitting without building 50 MB files.
var maxURLs, maxBytes = MaxURLs, MaxBytes

// IndexName is the file a crawler is pointed at: the only sitemap when
// there is one, else the index of the numbered ones.
const IndexName = "sitemap.xml"

// ErrNoURLs is returned for an empty URL list: the sitemaps.org XSD
// requires at least one <url>, so no valid sitemap exists for it.
var ErrNoURLs = errors.New("sitemap: no URLs")

type URL struct {
	Loc     string    // absolute
	LastMod time.Time // zero: omitted
}

const (
	header      = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	urlsetOpen  = header + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n"
	urlsetClose = "</urlset>\n"
	indexOpen   = header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n"
	indexClose  = "</sitemapindex>\n"
)

// Files returns the sitemap files to publish for urls, name → bytes, in
// the caller's order. Up to MaxURLs URLs (and MaxBytes) it is just
// IndexName. Beyond that the URLs are split over "sitemap-1.xml",
// "sitemap-2.xml", ... and IndexName is a sitemap index pointing at them
// as baseURL + name; baseURL is the absolute URL of the folder the files
// are published in. Each child's lastmod in the index is the newest
// lastmod among its URLs.
//
// Every Loc must be an absolute URL of 12 to 2048 characters, and
// LastMod years 1 to 9999, as the sitemaps.org XSD requires; anything
// else is an error rather than an invalid file.
func Files(baseURL string, urls []URL) (map[string][]byte, error) {
	if len(urls) == 0 {
		return nil, ErrNoURLs
	}
	var (
		files   [][]byte
		newest  []time.Time
		cur     bytes.Buffer
		n       int
		latest  time.Time
		entry   []byte
		scratch []byte
	)
	finish := func() {
		cur.WriteString(urlsetClose)
		files = append(files, cur.Bytes())
		newest = append(newest, latest)
		cur = bytes.Buffer{} // the finished file keeps the old buffer
		n, latest = 0, time.Time{}
	}
	for i, u := range urls {
		var err error
		entry, err = appendURL(entry[:0], u)
		if err != nil {
			return nil, fmt.Errorf("sitemap: URL %d: %w", i, err)
		}
		if n > 0 && (n == maxURLs || cur.Len()+len(entry)+len(urlsetClose) > maxBytes) {
			finish()
		}
		if n == 0 {
			// Size the buffer from this entry to skip most regrowth.
			cur.Grow(min(len(urlsetOpen)+(len(entry)+8)*min(len(urls)-i, maxURLs), maxBytes))
			cur.WriteString(urlsetOpen)
		}
		cur.Write(entry)
		n++
		if u.LastMod.After(latest) {
			latest = u.LastMod
		}
	}
	finish()
	if len(files) == 1 {
		return map[string][]byte{IndexName: files[0]}, nil
	}

	if len(files) > maxURLs {
		return nil, fmt.Errorf("sitemap: %d sitemaps exceed the index limit of %d", len(files), maxURLs)
	}
	base := strings.TrimSuffix(baseURL, "/") + "/"
	out := make(map[string][]byte, len(files)+1)
	var idx bytes.Buffer
	idx.WriteString(indexOpen)
	for i, data := range files {
		name := "sitemap-" + strconv.Itoa(i+1) + ".xml"
		out[name] = data
		var err error
		scratch, err = appendEntry(scratch[:0], "sitemap", base+name, newest[i])
		if err != nil {
			return nil, fmt.Errorf("sitemap: index entry for %s (baseURL %q): %w", name, baseURL, err)
		}
		idx.Write(scratch)
	}
	idx.WriteString(indexClose)
	if idx.Len() > maxBytes {
		return nil, fmt.Errorf("sitemap: index of %d bytes exceeds %d", idx.Len(), maxBytes)
	}
	out[IndexName] = idx.Bytes()
	return out, nil
}

// Write writes one sitemap (a urlset) for urls to w. It fails, writing
// nothing, if urls is empty, is invalid as Files describes, or exceeds
// MaxURLs or MaxBytes; use Files to split large sets.
func Write(w io.Writer, urls []URL) error {
	if len(urls) == 0 {
		return ErrNoURLs
	}
	if len(urls) > MaxURLs {
		return fmt.Errorf("sitemap: %d URLs exceed the limit of %d; use Files", len(urls), MaxURLs)
	}
	b := append([]byte(nil), urlsetOpen...)
	for i, u := range urls {
		var err error
		if b, err = appendURL(b, u); err != nil {
			return fmt.Errorf("sitemap: URL %d: %w", i, err)
		}
	}
	b = append(b, urlsetClose...)
	if len(b) > MaxBytes {
		return fmt.Errorf("sitemap: %d bytes exceed the limit of %d; use Files", len(b), MaxBytes)
	}
	_, err := w.Write(b)
	return err
}

func appendURL(b []byte, u URL) ([]byte, error) {
	return appendEntry(b, "url", u.Loc, u.LastMod)
}

// appendEntry appends <tag><loc>…</loc><lastmod>…</lastmod></tag>.
func appendEntry(b []byte, tag, loc string, lastmod time.Time) ([]byte, error) {
	if err := checkLoc(loc); err != nil {
		return b, err
	}
	b = append(b, "  <"...)
	b = append(b, tag...)
	b = append(b, "><loc>"...)
	b = appendEscaped(b, loc)
	b = append(b, "</loc>"...)
	if !lastmod.IsZero() {
		// xsd:dateTime has no year 0 and four-digit years only here.
		if y := lastmod.Year(); y < 1 || y > 9999 {
			return b, fmt.Errorf("lastmod year %d outside 0001-9999", y)
		}
		if _, off := lastmod.Zone(); off%60 != 0 {
			lastmod = lastmod.UTC() // W3C datetime offsets have no seconds
		}
		b = append(b, "<lastmod>"...)
		b = lastmod.AppendFormat(b, time.RFC3339)
		b = append(b, "</lastmod>"...)
	}
	b = append(b, "</"...)
	b = append(b, tag...)
	return append(b, ">\n"...), nil
}

// checkLoc enforces the XSD's tLoc (anyURI of 12 to 2048 characters),
// XML's character set, and the protocol's "absolute URL": an RFC 3986
// scheme followed by "://" and a host. A hand check rather than
// url.Parse, which allocated once per URL and dominated Files' time.
func checkLoc(loc string) error {
	if n := utf8.RuneCountInString(loc); n < 12 || n > 2048 {
		return fmt.Errorf("loc %q: length %d outside 12-2048", loc, n)
	}
	if !utf8.ValidString(loc) {
		return fmt.Errorf("loc %q: invalid UTF-8", loc)
	}
	for i := 0; i < len(loc); i++ {
		switch c := loc[i]; {
		case c < 0x20 || c == 0x7f:
			return fmt.Errorf("loc %q: control character", loc)
		case c == 0xEF && i+2 < len(loc) && loc[i+1] == 0xBF && loc[i+2] >= 0xBE:
			// U+FFFE and U+FFFF (EF BF BE/BF) are not XML characters.
			return fmt.Errorf("loc %q: character not allowed in XML", loc)
		}
	}
	scheme, rest, ok := strings.Cut(loc, "://")
	if !ok || !validScheme(scheme) || rest == "" || strings.ContainsRune("/?#", rune(rest[0])) {
		return fmt.Errorf("loc %q: not an absolute URL", loc)
	}
	return nil
}

// validScheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), RFC 3986 §3.1.
func validScheme(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// appendEscaped escapes the five XML markup characters. checkLoc has
// already rejected invalid UTF-8, control characters and U+FFFE/U+FFFF,
// so nothing else can make the document ill-formed.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&apos;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
