package search

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxTermLen drops longer tokens (URLs, hashes): they bloat the
// dictionary and nobody types them.
const maxTermLen = 48

// fold maps letters that have no canonical decomposition to what a reader
// types on a plain keyboard. templates/search.js holds the same table.
var fold = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d",
	'ð': "d", 'þ': "th", 'ı': "i",
	// JavaScript lower-cases a word-final Σ to ς, Go to σ: agree on σ.
	'ς': "σ",
}

// asciiClass maps an ASCII byte to itself lower-cased when it is a word
// character, to 1 for the apostrophe and to 0 for anything else,
// including every byte of a multi-byte character: one lookup tells an
// ASCII word character.
var asciiClass = func() (t [256]byte) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
			t[c] = byte(c)
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case c == '\'':
			t[c] = 1
		}
	}
	return
}()

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }

func isApos(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u2018' }

// tokenizer splits text into normalised terms. It keeps its buffers
// between calls, so one tokenizer per goroutine.
type tokenizer struct {
	// The terms of the last call to terms, in order. A term of at most
	// eight bytes, as most are, is a word of words: its bytes,
	// zero-padded (terms have no zero bytes). A longer one is a zero
	// word, and its bytes are next in buf, up to the next of ends.
	words []uint64
	buf   []byte
	ends  []int32
	out   []byte // scratch for normalize
	nfc   []byte
}

// wordLen returns the length of a term of at most eight bytes from its
// word.
func wordLen(word uint64) int { return (bits.Len64(word) + 7) >> 3 }

// terms splits s into t.words, t.buf and t.ends: a batch rather than a
// callback a term, so that the caller counts terms in a loop of its own,
// and the short terms as words, which plain makes without copying them
// and the caller looks up without reading them again.
//
// A term is a maximal run of letters, digits and marks, lower-cased,
// diacritics removed. An apostrophe between word characters joins them
// (don't → dont, O'Brien → obrien), except a possessive 's ending a word,
// which is dropped (Iran's → iran). search.js words() does the same.
func (t *tokenizer) terms(s string) {
	w, words, ends := t.buf[:0], t.words[:0], t.ends[:0]
	start := 0 // of the word being collected, in w
	ascii := true
	for i := 0; i < len(s); {
		if len(w) == start && len(s)-i >= 8 {
			j := i
			t.buf, t.words, t.ends = w, words, ends
			i, start = t.plain(s, i)
			w, words, ends = t.buf, t.words, t.ends
			if i > j {
				continue
			}
		}
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII fast path: most news text is ASCII.
			if l := asciiClass[c]; l > 1 {
				// The rest of the run of ASCII word characters, in a
				// tight loop.
				w = append(w, l)
				for i++; i < len(s); i++ {
					l := asciiClass[s[i]]
					if l <= 1 {
						break
					}
					w = append(w, l)
				}
				continue
			} else if l == 1 && len(w) > start {
				var end bool
				if i, end = apostrophe(s, i+1); !end {
					continue
				}
			} else {
				i++
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			if isApos(r) && len(w) > start {
				var end bool
				if i, end = apostrophe(s, i+n); !end {
					continue
				}
			} else if isWord(r) {
				w = append(w, s[i:i+n]...)
				ascii = false
				i += n
				continue
			} else {
				i += n
			}
		}
		// s[i-1] ended the word.
		if len(w) > start {
			w, words, ends = t.end(w, start, ascii, words, ends)
			start, ascii = len(w), true
		}
	}
	if len(w) > start {
		w, words, ends = t.end(w, start, ascii, words, ends)
	}
	t.buf, t.words, t.ends = w, words, ends
}

// end adds the word w[start:] to the terms, normalised, unless it is too
// long or normalises to nothing, and returns the buffers.
func (t *tokenizer) end(w []byte, start int, ascii bool, words []uint64, ends []int32) ([]byte, []uint64, []int32) {
	if !ascii {
		w = t.normalize(w, start)
	}
	switch n := len(w) - start; {
	case n == 0 || n > maxTermLen:
		w = w[:start]
	case n <= 8:
		words = append(words, load8(w[start:]))
		w = w[:start]
	default:
		words = append(words, 0)
		ends = append(ends, int32(len(w)))
	}
	return w, words, ends
}

// plain adds the terms of s from i on to the batch for as long as they
// are plain: ASCII, and followed by an ASCII byte that is neither a word
// character nor an apostrophe, as most terms are. It skips such bytes
// between terms, and reads eight bytes at a time, in a loop of its own:
// terms' loop has too much in hand to keep it in registers. It returns
// where it stopped, at the start of a word, in one or on a byte that
// ends none, and where the word being collected starts in t.buf: what
// terms does next.
func (t *tokenizer) plain(s string, i int) (int, int) {
	w, words, ends := t.buf, t.words, t.ends
	start := len(w)
	for len(s)-i >= 8 {
		v := load8s(s, i)
		n := wordBytes(v)
		// Below, | 0x20 lower-cases an ASCII letter and leaves a digit
		// as it is.
		if n < 8 {
			if e := byte(v >> (8 * n)); e >= utf8.RuneSelf || asciiClass[e] != 0 {
				break // an apostrophe or a multi-byte character
			}
			if n > 0 {
				words = append(words, (v|0x2020202020202020)&(1<<(8*n)-1))
			}
			i += n + 1
			continue
		}
		// A word of eight bytes or more, copied to w eight at a time.
		for n == 8 {
			w = binary.LittleEndian.AppendUint64(w, v|0x2020202020202020)
			if i += 8; len(s)-i < 8 {
				break
			}
			v = load8s(s, i)
			n = wordBytes(v)
		}
		if n == 8 {
			break // fewer than eight bytes left: terms goes on
		}
		k := len(w)
		w = binary.LittleEndian.AppendUint64(w, v|0x2020202020202020)[:k+n]
		i += n
		if e := byte(v >> (8 * n)); e >= utf8.RuneSelf || asciiClass[e] != 0 {
			break
		}
		i++
		switch n := len(w) - start; {
		case n > maxTermLen:
			w = w[:start]
		case n == 8:
			words = append(words, load8(w[start:]))
			w = w[:start]
		default:
			words = append(words, 0)
			ends = append(ends, int32(len(w)))
			start = len(w)
		}
	}
	t.buf, t.words, t.ends = w, words, ends
	return i, start
}

// load8s returns s[i:i+8] as a little-endian word.
func load8s(s string, i int) uint64 {
	p := s[i : i+8] // one bounds check; the loads combine into one
	return uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24 |
		uint64(p[4])<<32 | uint64(p[5])<<40 | uint64(p[6])<<48 | uint64(p[7])<<56
}

// wordBytes returns how many of the eight bytes of v, from the lowest,
// are ASCII letters or digits before the first that is not: what the
// byte loop over asciiClass would take, eight bytes at once.
func wordBytes(v uint64) int {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	// Each byte of x is below 0x80, so no sum below carries into the next
	// byte; bit 7 of (x + 0x80 - lo) is set where x ≥ lo, and of
	// (x + 0x7f - hi) where x > hi.
	x := v &^ high
	y := x | 0x20*ones // letters lower-cased
	digit := (x + (0x80-'0')*ones) &^ (x + (0x7f-'9')*ones)
	letter := (y + (0x80-'a')*ones) &^ (y + (0x7f-'z')*ones)
	word := (digit | letter) &^ v & high // and not a byte ≥ 0x80
	return bits.TrailingZeros64(^word&high) >> 3
}

// apostrophe handles an apostrophe after a word character; j is the index
// just past it. It returns where scanning resumes and whether the word
// ends there. An apostrophe before a word character is skipped (the word
// goes on), a possessive "'s" is dropped, and any other apostrophe ends
// the word.
func apostrophe(s string, j int) (int, bool) {
	r, n := utf8.DecodeRuneInString(s[j:])
	if j >= len(s) || !isWord(r) {
		return j, true
	}
	if r == 's' || r == 'S' {
		if r2, _ := utf8.DecodeRuneInString(s[j+n:]); j+n >= len(s) || !isWord(r2) {
			return j + n, false // the next character ends the word
		}
	}
	return j, false
}

// normalize replaces w[start:], a word with non-ASCII letters, by its
// normal form: lower-cased (already done for ASCII), diacritics stripped
// and the letters of the fold table folded.
func (t *tokenizer) normalize(w []byte, start int) []byte {
	// Lower-case first, as search.js does, so that 'İ' becomes "i̇" and
	// then loses its dot with the other marks.
	lower := strings.ToLower(string(w[start:]))
	out := t.out[:0]
	var it norm.Iter
	it.InitString(norm.NFD, lower)
	for !it.Done() {
		seg := it.Next()
		for len(seg) > 0 {
			r, n := utf8.DecodeRune(seg)
			seg = seg[n:]
			switch {
			case unicode.Is(unicode.Mn, r):
			case fold[r] != "":
				out = append(out, fold[r]...)
			default:
				out = utf8.AppendRune(out, r)
			}
		}
	}
	// Recompose what is left (Hangul, spacing marks) so terms stay short.
	// Into a buffer of its own: appending to w would let NFC compose
	// across the boundary with the term before.
	t.out, t.nfc = out, norm.NFC.Append(t.nfc[:0], out...)
	return append(w[:start], t.nfc...)
}
