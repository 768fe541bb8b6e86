package search

import (
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
	word []byte // the raw word being collected
	out  []byte // its normalised form
}

// each calls f with every term of s, in order. The slice passed to f is
// only valid during the call.
//
// A term is a maximal run of letters, digits and marks, lower-cased,
// diacritics removed. An apostrophe between word characters joins them
// (don't → dont, O'Brien → obrien), except a possessive 's ending a word,
// which is dropped (Iran's → iran). search.js words() does the same.
func (t *tokenizer) each(s string, f func(term []byte)) {
	// No closures here: the word and the flag stay in registers.
	w := t.word[:0]
	ascii := true
	for i := 0; i < len(s); {
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
			if !ascii {
				t.emit(w, f)
			} else if len(w) <= maxTermLen {
				f(w) // what emit does, without the call
			}
			w, ascii = w[:0], true
		}
	}
	if len(w) > 0 {
		if !ascii {
			t.emit(w, f)
		} else if len(w) <= maxTermLen {
			f(w)
		}
	}
	t.word = w[:0]
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

// emit passes a finished word with non-ASCII letters to f, normalised,
// unless it is too long.
func (t *tokenizer) emit(w []byte, f func([]byte)) {
	w = t.normalize(w)
	if len(w) > 0 && len(w) <= maxTermLen {
		f(w)
	}
}

// normalize lower-cases w (already done for ASCII), strips diacritics and
// folds the letters of the fold table.
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
	out = norm.NFC.Append(t.out[:0:0], out...)
	t.out = out
	return out
}
