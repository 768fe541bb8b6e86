package entity

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is one word, number or punctuation mark of a paragraph. It
// holds no pointers, only offsets into the paragraph, so that a story's
// tokens are neither scanned by the collector nor cleared for it.
type token struct {
	start     int     // byte offsets into the paragraph of the word as written,
	end       int     // possessive "'s" left out: see text
	cls       wordSet // the lists the word is in, once asked: see class
	key       uint16  // filterKey of a word that is not a number, else noKey
	word      bool    // letters (possibly with digits, hyphens, inner apostrophes, dots)
	num       bool    // starts with a digit
	cap       bool    // starts with an upper-case letter, or a particle then one ("al-Assad")
	allCaps   bool    // two or more letters, none lower-case
	poss      bool    // followed by a possessive 's, which ends a name
	sentStart bool    // first word of a sentence, quotation or clause after a colon
	dotted    bool    // initial or dotted abbreviation: "P.", "U.S."
	name      bool    // nameTok: can be part of a name
}

// text is the token as written in p, its paragraph; "" for the zero token.
func (t *token) text(p string) string { return p[t.start:t.end] }

// class is classOf(trimDot(t.text(p))), looked up once: span asks about
// the same few tokens many times. It is small enough to inline.
func (t *token) class(p string) wordSet {
	if t.cls != 0 {
		return t.cls
	}
	return t.lookUpClass(p)
}

func (t *token) lookUpClass(p string) wordSet {
	w, c := t.text(p), classKnown
	if strings.HasSuffix(w, ".") {
		w, c = w[:len(w)-1], c|classStop
	}
	t.cls = c | classOf(w)
	return t.cls
}

// rawClass is classOf(t.text(p)): class, unless the token ends in a full
// stop, which no word of the lists does.
func (t *token) rawClass(p string) wordSet {
	if t.cls == 0 {
		t.lookUpClass(p)
	}
	if t.cls&classStop != 0 {
		return 0
	}
	return t.cls
}

// abbrevs take a full stop that does not end the sentence.
var abbrevs = set(`Mr Mrs Ms Dr St Mt Ft Gen Lt Col Capt Sgt Maj Adm Sen Rep Gov Prof Rev Jr Sr Inc Ltd Co Corp No Nos
vs Vs Brig Cmdr Hon Messrs Mme Mlle Jan Feb Mar Apr Aug Sep Sept Oct Nov Dec Ave Blvd`)

func isApos(r rune) bool { return r == '\'' || r == '’' }

// tokenize splits a paragraph into tokens, appended to buf, and marks sentence starts
// and names. It is a single pass without regular expressions, because Find must be
// fast; it counts the paragraph's words and lists its names in ts on the way.
func tokenize(s string, buf []token, ts *tokStats) []token {
	toks := buf // appended to: Find tokenises a whole story into one buffer
	base := len(buf)
	newSent := true
	i := 0
	for i < len(s) {
		var r rune
		w := 1
		word := false
		if c := s[i]; c < utf8.RuneSelf {
			cl := asciiClass[c]
			if cl&cSpace != 0 {
				i++
				continue
			}
			if cl&cLetter != 0 {
				// Most words are ASCII letters and digits that a space or a
				// plain mark ends: they need none of scanWord's cases.
				j := alnumEnd(s, i+1)
				end, dotted := j, false
				plain := j == len(s) || plainEnd[s[j]]
				if !plain && s[j] == '.' && j-i > 1 {
					// Nor does a word of two letters or more before a full
					// stop, but for the abbreviations that keep it ("Mr.").
					plain = true
					if abbrevs.has(s[i:j]) {
						end, dotted = j+1, true
					}
				}
				if plain {
					t := token{start: i, end: end, key: filterKey(s[i:end]), word: true, sentStart: newSent, dotted: dotted}
					ts.words++
					if cl&cUpper != 0 {
						t.cap = true
						t.allCaps = allCapsASCII(s[i:end])
						if t.allCaps || end-i == 1 {
							ts.caps++
						}
						// nameTok: a capitalised ASCII word of two letters or more
						if t.name = j-i > 1; t.name {
							ts.names = append(ts.names, int32(len(toks)-base))
						}
					}
					toks = append(toks, t)
					newSent = false
					i = end
					if end < len(s) && s[end] == ' ' {
						i++ // the next loop would skip it
					}
					continue
				}
			}
			r = rune(c)
			word = cl&(cLetter|cDigit) != 0
		} else {
			r, w = utf8.DecodeRuneInString(s[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		switch {
		case r >= utf8.RuneSelf && unicode.IsSpace(r):
			i += w
		case word:
			// the word is written in place: a token is too big to copy twice
			toks = append(toks, token{})
			t := &toks[len(toks)-1]
			hyph, apos := scanWord(s, i, t)
			t.sentStart = newSent
			text := t.text(s)
			if t.key = noKey; !t.num {
				t.key = filterKey(text)
			}
			ts.count(t, text)
			if t.name = t.cap && nameTok(t, text, hyph, apos); t.name {
				ts.names = append(ts.names, int32(len(toks)-1-base))
			}
			newSent = false
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
			toks = append(toks, token{start: i, end: i + w, key: noKey})
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

// scanWord reads one word starting at i into t, which is zero. It
// returns the offsets in the word of its first hyphen and first
// apostrophe, 0 when there is none.
func scanWord(s string, i int, t *token) (hyph, apos int32) {
	t.start, t.word = i, true
	first := rune(s[i])
	if first >= utf8.RuneSelf {
		first, _ = utf8.DecodeRuneInString(s[i:])
		t.num = unicode.IsDigit(first)
	} else {
		t.num = asciiClass[first]&cDigit != 0
	}
	j := i
	for j < len(s) {
		// the common case: a run of ASCII letters and digits
		for j < len(s) && asciiClass[s[j]]&(cLetter|cDigit) != 0 {
			j++
		}
		if j == len(s) {
			break
		}
		var r rune
		w := 1
		if c := s[j]; c < utf8.RuneSelf {
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
				if hyph == 0 {
					hyph = int32(j - i)
				}
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
				if apos == 0 {
					apos = int32(j - i)
				}
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
	text := s[i:j]
	if !t.dotted && j < len(s) && s[j] == '.' {
		// An initial ("P.") or a known abbreviation keeps its stop.
		if (oneRune(text) && unicode.IsUpper(first)) || abbrevs.has(text) {
			t.end = j + 1
			text = s[i : j+1]
			t.dotted = true
		}
	}
	if first < utf8.RuneSelf {
		t.cap = asciiClass[first]&cUpper != 0
	} else {
		t.cap = unicode.IsUpper(first)
	}
	if !t.cap {
		// "al-Assad", "bin-Laden": a lower-case particle, a hyphen, then a capital
		if k := hyph; k > 0 && particles.has(text[:k]) {
			n, _ := utf8.DecodeRuneInString(text[k+1:])
			t.cap = unicode.IsUpper(n)
		}
	}
	if first < utf8.RuneSelf && asciiClass[first]&(cLetter|cUpper) == cLetter {
		return hyph, apos // a lower-case first letter: not all capitals
	}
	letters, upper := 0, 0
	for k := 0; k < len(text); {
		c := text[k]
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
		r, w := utf8.DecodeRuneInString(text[k:])
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
	return hyph, apos
}

// ASCII character classes, as the unicode package has them; bytes of
// multi-byte runes have none, so a byte indexes the table unchecked.
const (
	cSpace = 1 << iota
	cLetter
	cDigit
	cUpper
)

var asciiClass = func() (t [256]uint8) {
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

// alnumEnd returns the end of the run of ASCII letters and digits at j.
func alnumEnd(s string, j int) int {
	for j+8 <= len(s) {
		n := alnumRun(load64(s[j:]))
		j += n
		if n < 8 {
			return j
		}
	}
	for j < len(s) && asciiClass[s[j]]&(cLetter|cDigit) != 0 {
		j++
	}
	return j
}

// alnumRun returns how many of the eight bytes of x, from the first, are
// ASCII letters or digits before one that is not: the run of a word found
// eight bytes at a time.
func alnumRun(x uint64) int {
	const hi, lo = 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	// Bytes without bit 7 are summed so that bit 7 tells a byte at or
	// above a bound, and no sum carries into the next byte. With bit 5
	// set a letter is 'a' to 'z'.
	z := x & lo
	y := z | 0x2020202020202020
	letters := (y + 0x1f1f1f1f1f1f1f1f) &^ (y + 0x0505050505050505) // 'a' to 'z'
	digits := (z + 0x5050505050505050) &^ (z + 0x4646464646464646)  // '0' to '9'
	return bits.TrailingZeros64(^((letters|digits)&^x)&hi) >> 3
}

// load64 reads eight bytes of s as a little-endian word; the compiler
// makes it a single load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// plainEnd are the bytes after a word of ASCII letters that scanWord
// takes no notice of: ASCII, and not a hyphen, full stop or apostrophe.
var plainEnd = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = asciiClass[c]&(cLetter|cDigit) == 0 && c != '-' && c != '.' && c != '\''
	}
	return t
}()

// allCapsASCII is a token's allCaps for an ASCII word: two or more
// letters, none lower-case.
func allCapsASCII(s string) bool {
	letters := 0
	for i := 0; i < len(s); i++ {
		if cl := asciiClass[s[i]]; cl&cLetter != 0 {
			if cl&cUpper == 0 {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

func isWordRune(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func isUpperASCII(b byte) bool { return b >= 'A' && b <= 'Z' }
