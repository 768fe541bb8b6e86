package render

import (
	"slices"
	"unicode/utf8"
)

// An outBuf is a page, fragment, body or feed being written: a byte
// slice appended to. Its writes inline to an append, where
// bytes.Buffer's are calls of some 40 instructions, and a page takes
// one for every text and action the templates write.
type outBuf struct{ b []byte }

// Write and WriteString never fail; they return what io.Writer and
// io.StringWriter do.
func (w *outBuf) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *outBuf) WriteString(s string) (int, error) {
	w.b = append(w.b, s...)
	return len(s), nil
}

func (w *outBuf) WriteByte(c byte) error {
	w.b = append(w.b, c)
	return nil
}

func (w *outBuf) WriteRune(r rune) (int, error) {
	n := len(w.b)
	w.b = utf8.AppendRune(w.b, r)
	return len(w.b) - n, nil
}

// Grow makes room for n more bytes without another allocation.
func (w *outBuf) Grow(n int) { w.b = slices.Grow(w.b, n) }

func (w *outBuf) Bytes() []byte  { return w.b }
func (w *outBuf) String() string { return string(w.b) }
func (w *outBuf) Len() int       { return len(w.b) }
func (w *outBuf) Cap() int       { return cap(w.b) }
func (w *outBuf) Reset()         { w.b = w.b[:0] }

// Truncate keeps the first n bytes.
func (w *outBuf) Truncate(n int) { w.b = w.b[:n] }
