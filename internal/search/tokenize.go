package search

import (
	"math/bits"
	"slices"
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

// isWord reports whether r is a letter, a number or a mark. General
// Punctuation, the quotes and dashes of news text, holds none: it is
// ruled out before the searches of the Unicode tables.
func isWord(r rune) bool {
	if 0x2000 <= r && r <= 0x206f {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func isApos(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u2018' }

// tokenizer splits text into normalised terms. It keeps its buffers
// between calls, so one tokenizer per goroutine.
type tokenizer struct {
	// The terms of the last call to terms, in order, eight bytes a word,
	// little-endian. A term of at most eight bytes, as most are, is one
	// word, its bytes zero-padded (terms have no zero bytes). A longer
	// one is a word holding its length << 8, whose low byte of zero no
	// short term has, then its bytes, the last word zero-padded.
	words []uint64
	buf   []byte // the word being collected, when not plain
	out   []byte // scratch for normalize
}

// wordLen returns the length of a term of at most eight bytes from its
// word.
func wordLen(word uint64) int { return (bits.Len64(word) + 7) >> 3 }

// terms adds the terms of s to t.words, after those already there: a
// batch rather than a callback a term, so that the caller counts terms in
// a loop of its own, and the terms as words, which plainWords makes
// without copying them to a buffer first and the caller looks up without
// reading them again.
//
// A term is a maximal run of letters, digits and marks, lower-cased,
// diacritics removed. An apostrophe between word characters joins them
// (don't → dont, O'Brien → obrien), except a possessive 's ending a word,
// which is dropped (Iran's → iran). search.js words() does the same.
func (t *tokenizer) terms(s string) {
	w, words := t.buf[:0], t.words
	ascii := true
	for i := 0; i < len(s); {
		if len(w) == 0 {
			// plainWords stops between words: go on from there.
			var stop int
			if words, i, stop = plainWords(s, i, words); i == len(s) {
				break
			}
			// At an apostrophe or a byte ≥ 0x80 that may end the
			// ASCII word from i all the same, or lie between words.
			if stop >= 0 {
				if next := plainEnd(s, stop, stop > i); next >= 0 {
					for ; i < stop; i++ {
						w = append(w, asciiClass[s[i]])
					}
					if len(w) > 0 {
						w, words = t.end(w, true, words)
					}
					i = next
					continue
				}
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
			} else if l == 1 && len(w) > 0 {
				var end bool
				if i, end = apostrophe(s, i+1); !end {
					continue
				}
			} else {
				i++
			}
		} else {
			r, n := utf8.DecodeRuneInString(s[i:])
			if isApos(r) && len(w) > 0 {
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
		if len(w) > 0 {
			w, words = t.end(w, ascii, words)
			ascii = true
		}
	}
	if len(w) > 0 {
		w, words = t.end(w, ascii, words)
	}
	t.buf, t.words = w, words
}

// end adds the word w to the terms, normalised, unless it is too long or
// normalises to nothing, and returns the buffers, w emptied.
func (t *tokenizer) end(w []byte, ascii bool, words []uint64) ([]byte, []uint64) {
	if !ascii {
		w = t.normalize(w)
	}
	switch n := len(w); {
	case n == 0 || n > maxTermLen:
	case n <= 8:
		words = append(words, load8(w))
	default:
		words = append(words, uint64(n)<<8)
		for rest := w; len(rest) > 0; rest = rest[min(8, len(rest)):] {
			words = append(words, load8(rest))
		}
	}
	return w[:0], words
}

// plainWords adds the terms of s from i on to words for as long as they
// are plain: ASCII, and followed by an ASCII byte that is neither a word
// character nor an apostrophe, or by the end of s, as most terms are. It
// skips such bytes between terms, and reads eight bytes at a time, in a
// loop of its own with few enough variables to keep them in registers.
// It returns where it stopped, between words: at a word that is not
// plain, or one of eight bytes or more that the last eight bytes of s do
// not hold; or at the end of s. In the first case it returns too where
// the apostrophe or byte ≥ 0x80 that ends the run of ASCII letters and
// digits from there is (there itself if none), and otherwise -1.
func plainWords(s string, i int, words []uint64) ([]uint64, int, int) {
	const (
		// Bytes read between checks of the room left in words: a term
		// takes a word a byte at most, and two bytes at least with the
		// byte that ends it; a long one, its length and six more.
		window = 512
	)
	for len(s)-i >= 8 {
		words = slices.Grow(words, window/2+16)
		buf := words[:cap(words)]
		k := len(words)
		// i ≤ len(t)-8 stops at the window's end, and with i ≥ 0
		// spares load8s its bounds checks.
		t := s[:min(len(s), i+window+8)]
		for i >= 0 && i <= len(t)-8 {
			v := load8s(t, i)
			end, bad, lower := classify(v)
			if end == 0 {
				// A word of eight bytes or more, its bytes after a
				// word for its length at hdr.
				hdr, j := k, i
				c := hdr
				for {
					if c < hdr+7 {
						c++ // past maxTermLen, the term is dropped anyway
					}
					buf[c] = lower
					if j += 8; len(s)-j < 8 {
						return buf[:hdr], i, -1
					}
					if end, bad, lower = classify(load8s(s, j)); end != 0 {
						break
					}
				}
				n := bits.TrailingZeros64(end) >> 3
				if end&bad != 0 {
					return buf[:hdr], i, j + n
				}
				buf[c+1] = lower & (end>>7 - 1)
				switch l := j - i + n; {
				case l > maxTermLen:
					k = hdr
				case l == 8:
					buf[hdr] = buf[hdr+1]
					k = hdr + 1
				default:
					buf[hdr] = uint64(l) << 8
					k = hdr + 1 + (l+7)>>3
				}
				i = j + n + 1
				continue
			}
			// end>>7 - 1 masks the term's bytes; a byte that ends none
			// at i (n = 0) stores a zero word, which k does not keep.
			n := bits.TrailingZeros64(end) >> 3
			if end&bad != 0 {
				return buf[:k], i, i + n // not a plain word
			}
			buf[k] = lower & (end>>7 - 1)
			k += (n + 7) >> 3
			i += n + 1
		}
		words = buf[:k]
	}
	return plainTail(s, i, words)
}

// plainEnd returns where terms goes on when s[a], where plainWords
// stopped, is an apostrophe or a byte ≥ 0x80 that either ends an ASCII
// word (word) or lies between words; or -1 when terms' slow path must
// take over. Between words, an apostrophe or a character that is not a
// word character is skipped. After a word, such a character ends it, and
// so does an apostrophe followed by anything but a word character, or a
// possessive 's (Iran's → iran) followed by anything but a word
// character or an apostrophe; the slow path joins the rest (don't →
// dont) and handles non-ASCII words.
func plainEnd(s string, a int, word bool) int {
	c := s[a]
	if !word {
		if c < utf8.RuneSelf {
			return a + 1 // an apostrophe
		}
		if r, n := utf8.DecodeRuneInString(s[a:]); !isWord(r) {
			return a + n
		}
		return -1
	}
	r, n := rune(c), 1
	if c >= utf8.RuneSelf {
		r, n = utf8.DecodeRuneInString(s[a:])
	}
	if !isApos(r) {
		if isWord(r) {
			return -1
		}
		return a + n
	}
	// An apostrophe: it ends the word unless a word character follows.
	if a += n; a == len(s) {
		return a
	}
	if c = s[a]; c == 's' || c == 'S' {
		// A possessive ends the word, and then what follows it must
		// not go on with it.
		if a++; a == len(s) {
			return a
		}
		if c := s[a]; c < utf8.RuneSelf {
			if asciiClass[c] != 0 {
				return -1
			}
		} else if r, _ := utf8.DecodeRuneInString(s[a:]); isWord(r) || isApos(r) {
			return -1
		}
		return a
	}
	if c < utf8.RuneSelf {
		if asciiClass[c] > 1 {
			return -1
		}
	} else if r, _ := utf8.DecodeRuneInString(s[a:]); isWord(r) {
		return -1
	}
	return a
}

// plainTail is plainWords for the last bytes of s from i, fewer than
// eight. Apart, it leaves plainWords' loop its registers.
//
//go:noinline
func plainTail(s string, i int, words []uint64) ([]uint64, int, int) {
	// The bytes, zero-padded: a zero byte ends a plain term, as the end
	// of s does.
	for i < len(s) {
		// end is not zero: the word loaded has a zero byte at least.
		end, bad, lower := classify(loadTail(s, i))
		n := bits.TrailingZeros64(end) >> 3
		if end&bad != 0 {
			return words, i, i + n
		}
		if n > 0 {
			words = append(words, lower&(end>>7-1))
			i += n
		}
		i++
	}
	return words, len(s), -1
}

// loadTail returns s[i:], fewer than eight bytes, as a little-endian
// word, zero-padded.
func loadTail(s string, i int) uint64 {
	if len(s) >= 8 {
		return load8s(s, len(s)-8) >> (8 * (8 - (len(s) - i)))
	}
	var v uint64
	for k := len(s) - 1; k >= i; k-- {
		v = v<<8 | uint64(s[k])
	}
	return v
}

// classify returns, of the eight bytes of v, bit 7 of the lowest that is
// not an ASCII letter or digit, or zero if all are; and bit 7 of every
// byte that may not end a plain term: an apostrophe or a byte ≥ 0x80; and
// v lower-cased, where its bytes are ASCII letters and digits.
func classify(v uint64) (end, bad, lower uint64) {
	// Each byte of x is below 0x80, so no sum below carries into the next
	// byte, and no difference borrows from it: bit 7 of (x + 0x80 - lo)
	// is set where x ≥ lo, and of (0x80 + hi - x) where x ≤ hi.
	c := &swar
	x := v & c.low7
	y := x | c.x20 // letters lower-cased
	digit := (x + c.x50) & (c.xb9 - x)
	letter := (y + c.x1f) & (c.xfa - y)
	nonword := (^(digit | letter) | v) & c.high // or a byte ≥ 0x80
	// x ^ '\'' is zero at an apostrophe only.
	bad = c.high - (x ^ c.x27) | v
	return nonword & -nonword, bad, y
}

// swar holds classify's constants, ones in each byte, in variables: the
// compiler folds the load of one into the instruction that uses it,
// where a constant of 64 bits takes an instruction of its own.
var swar = struct{ low7, high, x20, x50, xb9, x1f, xfa, x27 uint64 }{
	0x7f * ones, 0x80 * ones, 0x20 * ones, (0x80 - '0') * ones, (0x80 + '9') * ones,
	(0x80 - 'a') * ones, (0x80 + 'z') * ones, '\'' * ones,
}

const ones = 0x0101010101010101

// load8s returns s[i:i+8] as a little-endian word.
func load8s(s string, i int) uint64 {
	p := s[i : i+8] // one bounds check; the loads combine into one
	return uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24 |
		uint64(p[4])<<32 | uint64(p[5])<<40 | uint64(p[6])<<48 | uint64(p[7])<<56
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

// normalize replaces w, a word with non-ASCII letters, by its
// normal form: lower-cased (already done for ASCII), diacritics stripped
// and the letters of the fold table folded.
func (t *tokenizer) normalize(w []byte) []byte {
	// Lower-case first, as search.js does, so that 'İ' becomes "i̇" and
	// then loses its dot with the other marks.
	lower := strings.ToLower(string(w))
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
	// w holds this word only, so nothing before it composes with it.
	t.out = out
	return norm.NFC.Append(w[:0], out...)
}
