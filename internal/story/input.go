package story

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// A line is one input line after decoding, with surrounding white space
// removed. n is its 1-based number in the input.
type line struct {
	n    int
	text string
}

// decode turns raw bytes into lines. It transcodes UTF-16 (recognised by
// its byte order mark), drops a UTF-8 byte order mark, accepts LF, CRLF and
// CR line ends, and replaces invalid UTF-8 and NUL bytes with U+FFFD,
// warning once per line for each. It runs in time linear in len(src) and
// returns blank lines too, because blank lines separate paragraphs.
func decode(name string, src []byte) ([]line, []Warning) {
	var warns []Warning
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}), bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(src)
		if err != nil {
			// The decoder replaces bad code units itself and rarely
			// fails; if it does, the bytes are read as UTF-8 below.
			warns = append(warns, Warning{name, 1, "UTF-16 input could not be decoded: " + err.Error()})
		} else {
			if len(src)%2 == 1 {
				warns = append(warns, Warning{name, 1, "UTF-16 input has an odd number of bytes; the last was replaced"})
			}
			src = out
		}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))

	lines := make([]line, 0, bytes.Count(src, []byte{'\n'})+1)
	// Most input has no CR: then a line ends at the next LF.
	cr := bytes.IndexByte(src, '\r') >= 0
	n := 0
	for len(src) > 0 || n == 0 {
		n++
		var end int
		if cr {
			end = bytes.IndexAny(src, "\r\n")
		} else {
			end = bytes.IndexByte(src, '\n')
		}
		var raw []byte
		if end < 0 {
			raw, src = src, nil
		} else {
			raw = src[:end]
			if src[end] == '\r' && end+1 < len(src) && src[end+1] == '\n' {
				end++
			}
			src = src[end+1:]
		}
		text := string(raw)
		if !utf8.ValidString(text) {
			warns = append(warns, Warning{name, n, "invalid UTF-8 replaced with U+FFFD"})
			text = strings.ToValidUTF8(text, "\uFFFD")
		}
		if strings.IndexByte(text, 0) >= 0 {
			warns = append(warns, Warning{name, n, fmt.Sprintf("%d NUL bytes replaced with U+FFFD", strings.Count(text, "\x00"))})
			text = strings.ReplaceAll(text, "\x00", "\uFFFD")
		}
		lines = append(lines, line{n, strings.TrimSpace(text)})
	}
	return lines, warns
}
