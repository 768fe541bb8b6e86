package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is one word, number or punctuation mark of a paragraph.
type token struct {
	text      string // the word as written, possessive "'s" left out
	start     int    // byte offsets into the paragraph
	end       int
	word      bool // letters (possibly with digits, hyphens, inner apostrophes, dots)
	num       bool // starts with a digit
	cap       bool // starts with an upper-case letter, or a particle then one ("al-Assad")
	allCaps   bool // two or more letters, none lower-case
	poss      bool // followed by a possessive 's, which ends a name
	sentStart bool // first word of a sentence, quotation or clause after a colon
	dotted    bool // initial or dotted abbreviation: "P.", "U.S."
	name      bool // nameTok: can be part of a name
}

// abbrevs take a full stop that does not end the sentence.
var abbrevs = set(`Mr Mrs Ms Dr St Mt Ft Gen Lt Col Capt Sgt Maj Adm Sen Rep Gov Prof Rev Jr Sr Inc Ltd Co Corp No Nos
vs Vs Brig Cmdr Hon Messrs Mme Mlle Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec Ave Blvd`)

func isApos(r rune) bool { return r == '\'' || r == '’' }

// tokenize splits a paragraph into tokens, appended to buf, and marks sentence starts.
// It is a single pass without regular expressions, because Find must be fast.
func tokenize(s string, buf []token) []token {
	toks := buf // appended to: Find tokenises a whole story into one buffer
	newSent := true
	i := 0
	for i < len(s) {
		var r rune
		w := 1
		if c := s[i]; c < utf8.RuneSelf {
			cl := asciiClass[c]
			if cl&cSpace != 0 {
				i++
				continue
			}
			r = rune(c)
		} else {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r >= utf8.RuneSelf && unicode.IsSpace(r):
			i += w
		case isLetterDigit(r):
			t := scanWord(s, i)
			t.sentStart = newSent
			newSent = false
			toks = append(toks, t)
			i = t.end
			if t.poss {
				// skip the possessive ending: 's or ’s, or a bare apostrophe after s
				j := i
				if j < len(s) {
					_, aw := utf8.DecodeRuneInString(s[j:])
					j += aw
					if j < len(s) && (s[j] == 's' || s[j] == 'S') {
						j++
					}
				}
				i = j
			}
		default:
			toks = append(toks, token{text: s[i : i+w], start: i, end: i + w})
			switch r {
			case '.', '!', '?', ':', ';', '“', '"', '«', '(', '[', '—', '–':
				// A new sentence or quotation opens: its first word is capitalised
				// by rule, so capitalisation says little there.
				newSent = true
			case '-':
				if i+w < len(s) && s[i+w] == ' ' && i > 0 && s[i-1] == ' ' {
					newSent = true
				}
			}
			i += w
		}
	}
	return toks
}

// scanWord reads one word starting at i.
func scanWord(s string, i int) token {
	t := token{start: i, word: true}
	first := rune(s[i])
	if first >= utf8.RuneSelf {
		first, _ = utf8.DecodeRuneInString(s[i:])
		t.num = unicode.IsDigit(first)
	} else {
		t.num = asciiClass[first]&cDigit != 0
	}
	j := i
	for j < len(s) {
		var r rune
		w := 1
		if c := s[j]; c < utf8.RuneSelf {
			if asciiClass[c]&(cLetter|cDigit) != 0 {
				j++
				continue
			}
			r = rune(c)
		} else {
			r, w = utf8.DecodeRuneInString(s[j:])
			if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
				j += w
				continue
			}
		}
		if (r == '-' || r == '.' || r == ',' || r == '/') && j+w < len(s) {
			n, _ := utf8.DecodeRuneInString(s[j+w:])
			if r == '-' && (unicode.IsLetter(n) || unicode.IsDigit(n)) {
				j += w
				continue
			}
			// numbers keep their separators: 1,196.35 and 1996-08-30
			if t.num && (r == '.' || r == ',' || r == '/') && unicode.IsDigit(n) {
				j += w
				continue
			}
			// dotted abbreviations: U.S. U.N.
			if r == '.' && !t.num && j-i == 1 && isUpperASCII(s[i]) {
				k := j
				for k+2 < len(s) && s[k] == '.' && isUpperASCII(s[k+1]) && s[k+2] == '.' {
					k += 2
				}
				if k > j {
					j = k + 1
					t.dotted = true
					break
				}
			}
		}
		if isApos(r) && j+w < len(s) {
			n, nw := utf8.DecodeRuneInString(s[j+w:])
			if n == 's' || n == 'S' {
				after := j + w + nw
				if after == len(s) || !isWordRune(s, after) {
					t.poss = true
					break
				}
			}
			if unicode.IsLetter(n) {
				j += w
				continue
			}
		}
		if isApos(r) && j > i && (s[j-1] == 's') && (j+w == len(s) || !isWordRune(s, j+w)) {
			// plural possessive: "Islanders’ "
			t.poss = true
		}
		break
	}
	t.end = j
	t.text = s[i:j]
	if !t.dotted && j < len(s) && s[j] == '.' {
		// An initial ("P.") or a known abbreviation keeps its stop.
		if (utf8.RuneCountInString(t.text) == 1 && unicode.IsUpper(first)) || abbrevs.has(t.text) {
			t.end = j + 1
			t.text = s[i : j+1]
			t.dotted = true
		}
	}
	t.cap = unicode.IsUpper(first)
	if !t.cap {
		// "al-Assad", "bin-Laden": a lower-case particle, a hyphen, then a capital
		if k := strings.IndexByte(t.text, '-'); k > 0 && particles.has(t.text[:k]) {
			n, _ := utf8.DecodeRuneInString(t.text[k+1:])
			t.cap = unicode.IsUpper(n)
		}
	}
	letters, upper := 0, 0
	for k := 0; k < len(t.text); {
		c := t.text[k]
		if c < utf8.RuneSelf {
			k++
			if cl := asciiClass[c]; cl&cLetter != 0 {
				letters++
				if cl&cUpper != 0 {
					upper++
				} else {
					break // a lower-case letter: not all capitals
				}
			}
			continue
		}
		r, w := utf8.DecodeRuneInString(t.text[k:])
		k += w
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				upper++
			} else {
				break
			}
		}
	}
	t.allCaps = letters >= 2 && letters == upper
	return t
}

// ASCII character classes, as the unicode package has them.
const (
	cSpace = 1 << iota
	cLetter
	cDigit
	cUpper
)

var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for _, c := range "\t\n\v\f\r " {
		t[c] = cSpace
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = cLetter
		t[c-'a'+'A'] = cLetter | cUpper
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = cDigit
	}
	return t
}()

func isLetterDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiClass[r]&(cLetter|cDigit) != 0
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isWordRune(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isUpperASCII(b byte) bool { return b >= 'A' && b <= 'Z' }
