package entity

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is one word, number or punctuation mark of a paragraph. It
// holds no pointers, only offsets into the paragraph, so that a story's
// tokens are neither scanned by the collector nor cleared for it. It has
// four fields, flags and key packed in one, so that the compiler keeps a
// token being made in registers rather than building it in memory.
type token struct {
	start int     // byte offsets into the paragraph of the word as written,
	end   int     // possessive "'s" left out: see text
	cls   wordSet // the lists the word is in, once asked: see class
	bits  tokBits // filterKey in the low 16 bits (noKey for all but words that are not numbers), flags above
}

// tokBits holds a token's key and its flags, the bits from tWord up.
type tokBits uint32

const (
	tWord      tokBits = 1 << (16 + iota) // letters (possibly with digits, hyphens, inner apostrophes, dots)
	tNum                                  // starts with a digit
	tCap                                  // starts with an upper-case letter, or a particle then one ("al-Assad")
	tAllCaps                              // two or more letters, none lower-case
	tPoss                                 // followed by a possessive 's, which ends a name
	tSentStart                            // first word of a sentence, quotation or clause after a colon
	tDotted                               // initial or dotted abbreviation: "P.", "U.S."
	tName                                 // nameTok: can be part of a name
)

func (t *token) key() uint16     { return uint16(t.bits) }
func (t *token) word() bool      { return t.bits&tWord != 0 }
func (t *token) num() bool       { return t.bits&tNum != 0 }
func (t *token) cap() bool       { return t.bits&tCap != 0 }
func (t *token) allCaps() bool   { return t.bits&tAllCaps != 0 }
func (t *token) poss() bool      { return t.bits&tPoss != 0 }
func (t *token) sentStart() bool { return t.bits&tSentStart != 0 }
func (t *token) dotted() bool    { return t.bits&tDotted != 0 }
func (t *token) name() bool      { return t.bits&tName != 0 }

// flagIf is f when on, else 0.
func flagIf(f tokBits, on bool) tokBits {
	if on {
		return f
	}
	return 0
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
	ts.base = len(buf)
	sent := tSentStart // tSentStart while the next word opens a sentence, else 0
	// The loop keeps few values live, the rest in ts, so that they stay
	// in registers through it.
	i := 0
	for i < len(s) {
		c := s[i]
		cl := asciiClass[c]
		if cl&cLetter == 0 {
			if cl&cSpace != 0 {
				i++
				continue
			}
			if cl&cDigit != 0 {
				i = tokenizeNumber(s, i, &toks, &sent, ts)
				continue
			}
			if c < utf8.RuneSelf {
				i = tokenizeMark(s, i, &toks, &sent)
				continue
			}
			toks, i, sent = tokenizeOther(s, i, toks, sent, ts)
			continue
		}
		// Most words are ASCII letters and digits that a space or a plain
		// mark ends: they need none of scanWord's cases. Two bytes a
		// round (runEnd): eight bytes at a time takes more registers than
		// the loop has to spare, and more instructions for words this short.
		j := runEnd(s, i+1)
		end, bits := j, tWord|sent
		if j < len(s) && !plainEnd[s[j]] {
			// Nor does a word of two letters or more before a full stop,
			// but for the abbreviations that keep it ("Mr.").
			if s[j] != '.' || j-i == 1 {
				toks, i, sent = tokenizeTail(s, i, j, toks, sent, ts)
				continue
			}
			if abbrevs.has(s[i:j]) {
				end, bits = j+1, bits|tDotted
			}
		}
		ts.words++
		// c and cl again, rather than kept through the run: the loop has
		// no registers to spare
		c = s[i]
		if asciiClass[c]&cUpper != 0 {
			b := capBits(s[i:j])
			ts.addCapital(b, len(toks))
			bits |= b
		}
		// filterKey, from c, the first byte
		key := (uint(end-i)*0x3b ^ uint(c)*0x11 ^ uint(s[end-1])) & 1023
		toks = append(toks, token{start: i, end: end, bits: bits | tokBits(key)})
		sent = 0
		i = end
		if end < len(s) && s[end] == ' ' {
			i++ // the next loop would skip it
			// Most of news text is runs of lower-case words, one space
			// after each. Such a word opens no sentence (sent is 0 after
			// a word), is no capital nor a name, and needs none of
			// scanWord's cases: only its key is left to find. Runs are
			// taken here, with fewer tests, appended to a copy of toks
			// that stays in registers. (Unsigned tests of i and j spare
			// the bounds checks.)
			lt := toks
			for uint(i) < uint(len(s)) && asciiClass[s[i]] == cLetter {
				j := runEnd(s, i+1)
				if uint(j) >= uint(len(s)) || s[j] != ' ' {
					break // the loop above takes it
				}
				// filterKey
				key := (uint(j-i)*0x3b ^ uint(s[i])*0x11 ^ uint(s[j-1])) & 1023
				lt = append(lt, token{start: i, end: j, bits: tWord | tokBits(key)})
				i = j + 1
			}
			ts.words += len(lt) - len(toks)
			toks = lt
		}
	}
	return toks
}

// capBits are the bits of w, a plain ASCII word with a capital first: a
// capital initial, or a name (nameTok: a capitalised ASCII word of two
// letters or more), perhaps in capitals. Both a capital initial and a word
// in capitals count in tokStats.caps (see addCapital).
func capBits(w string) tokBits {
	if len(w) == 1 {
		return tCap
	}
	// Most capitalised words have a lower-case second letter: not in
	// capitals, and no need to read on.
	if asciiClass[w[1]]&(cLetter|cUpper) != cLetter && allCapsASCII(w) {
		return tCap | tName | tAllCaps
	}
	return tCap | tName
}

// addCapital counts a token with capBits b, about to be token n, in ts.
func (ts *tokStats) addCapital(b tokBits, n int) {
	if b&tName == 0 || b&tAllCaps != 0 {
		ts.caps++
	}
	if b&tName != 0 {
		ts.names = append(ts.names, int32(n-ts.base))
	}
}

// tokenizeTail is tokenizeOther for a plain ASCII word s[i:j] that
// starts with a letter and that s[j] does not end plainly. Possessives
// ("Iran’s", "Khamenei's", "Islanders’ ") and lower-case compounds
// ("well-known") are most of them in news text: they are tokenized here
// as scanWord and tokenizeOther would, without reading the word again;
// the rest go to tokenizeOther.
func tokenizeTail(s string, i, j int, toks []token, sent tokBits, ts *tokStats) ([]token, int, tokBits) {
	if s[j] == '-' {
		return tokenizeCompound(s, i, j, toks, sent, ts)
	}
	w := 0 // the apostrophe's width
	if s[j] == '\'' {
		w = 1
	} else if strings.HasPrefix(s[j:], "’") {
		w = 3
	}
	a := j + w // the byte after the apostrophe
	if w == 0 || a >= len(s) || s[a] >= utf8.RuneSelf {
		return tokenizeOther(s, i, toks, sent, ts)
	}
	next := a // where the next token starts
	switch {
	case s[a] == 's' || s[a] == 'S':
		// "Iran’s", unless a word goes on ("it’ssss") or a rune to
		// decode follows
		if a+1 < len(s) && (s[a+1] >= utf8.RuneSelf || asciiClass[s[a+1]]&(cLetter|cDigit) != 0) {
			return tokenizeOther(s, i, toks, sent, ts)
		}
		next = a + 1
	case s[j-1] == 's' && asciiClass[s[a]]&(cLetter|cDigit) == 0:
		// "Islanders’ ": a plural possessive
	default:
		return tokenizeOther(s, i, toks, sent, ts)
	}
	ts.words++
	bits := tWord | tPoss | sent
	if asciiClass[s[i]]&cUpper != 0 {
		b := capBits(s[i:j])
		ts.addCapital(b, len(toks))
		bits |= b
	}
	toks = append(toks, token{start: i, end: j, bits: bits | tokBits(filterKey(s[i:j]))})
	return toks, next, 0
}

// tokenizeCompound is tokenizeTail for a word s[i:j] before a hyphen,
// s[j]. A compound of ASCII letters and digits is tokenized here as
// scanWord and tokenizeOther would; one with apostrophes, runes to decode,
// or a hyphen before either is left to tokenizeOther.
func tokenizeCompound(s string, i, j int, toks []token, sent tokBits, ts *tokStats) ([]token, int, tokBits) {
	if j+1 >= len(s) || asciiClass[s[j+1]]&(cLetter|cDigit) == 0 {
		return tokenizeOther(s, i, toks, sent, ts)
	}
	// scanWord reads on past a hyphen before a letter or a digit
	k := j
	for k+1 < len(s) && s[k] == '-' && asciiClass[s[k+1]]&(cLetter|cDigit) != 0 {
		k = runEnd(s, k+2)
	}
	// and ends the word at a plain mark or a full stop (no abbreviation
	// has a hyphen)
	if k < len(s) && !(plainEnd[s[k]] || s[k] == '.' || s[k] == '-' && (k+1 == len(s) || s[k+1] < utf8.RuneSelf)) {
		return tokenizeOther(s, i, toks, sent, ts)
	}
	ts.words++
	text := s[i:k]
	bits := tWord | sent | tokBits(filterKey(text))
	upper := asciiClass[s[i]]&cUpper != 0
	if !upper && asciiClass[s[j+1]]&cUpper == 0 {
		// Most start in lower case and go on so ("well-known"): no
		// capital, nor a name.
		toks = append(toks, token{start: i, end: k, bits: bits})
		return toks, k, 0
	}
	// A capital, or a particle then one ("al-Assad"), as scanWord has
	// them; a compound's capital is no initial, so only one in capitals
	// counts in ts.caps, and nameTok tells a name.
	if upper {
		bits |= tCap
		if allCapsASCII(text) {
			bits |= tAllCaps
			ts.caps++
		}
	} else if particles.has(s[i:j]) {
		bits |= tCap
	}
	t := token{start: i, end: k, bits: bits}
	if t.cap() && nameTok(&t, text, int32(j-i), 0) {
		t.bits |= tName
		ts.names = append(ts.names, int32(len(toks)-ts.base))
	}
	toks = append(toks, t)
	return toks, k, 0
}

// runEnd returns where the run of ASCII letters and digits from j ends.
// It tests two bytes a round: a round's test of j costs as much as a
// byte's.
func runEnd(s string, j int) int {
	for j < len(s)-1 {
		if asciiClass[s[j]]&(cLetter|cDigit) == 0 {
			return j
		}
		if asciiClass[s[j+1]]&(cLetter|cDigit) == 0 {
			return j + 1
		}
		j += 2
	}
	if j < len(s) && asciiClass[s[j]]&(cLetter|cDigit) != 0 {
		j++
	}
	return j
}

// tokenizeNumber is tokenize for a token at i that starts with an ASCII
// digit, appended to *toks; *sent is as tokenizeOther has it. It returns
// where the next token starts. A number of ASCII letters and digits that
// a space or a plain mark ends needs none of scanWord's cases: tables
// and results are full of them.
func tokenizeNumber(s string, i int, toks *[]token, sent *tokBits, ts *tokStats) int {
	j := i + 1
	for j < len(s) && asciiClass[s[j]]&(cLetter|cDigit) != 0 {
		j++
	}
	// scanWord reads on in a number past '.', ',' and '/' before a digit
	if j < len(s) && (!plainEnd[s[j]] || s[j] == ',' || s[j] == '/') {
		var i2 int
		*toks, i2, *sent = tokenizeOther(s, i, *toks, *sent, ts)
		return i2
	}
	ts.nums++
	bits := tWord | tNum | *sent | noKey
	if allCapsASCII(s[i:j]) {
		bits |= tAllCaps
	}
	*toks = append(*toks, token{start: i, end: j, bits: bits})
	*sent = 0
	if j < len(s) && s[j] == ' ' {
		j++ // the next loop would skip it
	}
	return j
}

// tokenizeMark is tokenizeOther for an ASCII mark at i: a token by
// itself. It returns where the next token starts.
func tokenizeMark(s string, i int, toks *[]token, sent *tokBits) int {
	*toks = append(*toks, token{start: i, end: i + 1, bits: noKey})
	if c := s[i]; sentMark[c] || c == '-' && i+1 < len(s) && s[i+1] == ' ' && i > 0 && s[i-1] == ' ' {
		*sent = tSentStart
	}
	return i + 1
}

// sentMark are the ASCII marks after which a new sentence or quotation
// opens, as tokenizeOther has them.
var sentMark = [256]bool{'.': true, '!': true, '?': true, ':': true, ';': true, '"': true, '(': true, '[': true}

// tokenizeOther is tokenize for a token at i that is not a plain ASCII
// word or number: a word scanWord reads, or a mark or a space outside
// ASCII. sent is
// tSentStart when the token opens a sentence. It returns toks with the
// token appended, where the next one starts, and sent for it.
func tokenizeOther(s string, i int, toks []token, sent tokBits, ts *tokStats) ([]token, int, tokBits) {
	var r rune
	w := 1
	word := false
	if c := s[i]; c < utf8.RuneSelf {
		r = rune(c)
		word = asciiClass[c]&(cLetter|cDigit) != 0
	} else {
		r, w = utf8.DecodeRuneInString(s[i:])
		word = !newsPunct(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
	}
	switch {
	case r >= utf8.RuneSelf && !newsPunct(r) && unicode.IsSpace(r):
		i += w
	case word:
		var t token
		hyph, apos := scanWord(s, i, &t)
		t.bits |= sent
		text := t.text(s)
		if t.num() {
			t.bits |= noKey
		} else {
			t.bits |= tokBits(filterKey(text))
		}
		ts.count(&t, text)
		if t.cap() && nameTok(&t, text, hyph, apos) {
			t.bits |= tName
			ts.names = append(ts.names, int32(len(toks)-ts.base))
		}
		toks = append(toks, t)
		sent = 0
		i = t.end
		if t.poss() {
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
		toks = append(toks, token{start: i, end: i + w, bits: noKey})
		switch r {
		case '.', '!', '?', ':', ';', '“', '"', '«', '(', '[', '—', '–':
			// A new sentence or quotation opens: its first word is capitalised
			// by rule, so capitalisation says little there.
			sent = tSentStart
		case '-':
			if i+w < len(s) && s[i+w] == ' ' && i > 0 && s[i-1] == ' ' {
				sent = tSentStart
			}
		}
		i += w
	}
	return toks, i, sent
}

// scanWord reads one word starting at i into t, which is zero, all but
// its key, tSentStart and tName. It returns the offsets in the word of
// its first hyphen and first apostrophe, 0 when there is none.
func scanWord(s string, i int, t *token) (hyph, apos int32) {
	t.start = i
	bits := tWord
	first := rune(s[i])
	num := false
	if first >= utf8.RuneSelf {
		first, _ = utf8.DecodeRuneInString(s[i:])
		num = unicode.IsDigit(first)
	} else {
		num = asciiClass[first]&cDigit != 0
	}
	bits |= flagIf(tNum, num)
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
			if !newsPunct(r) && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
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
			if num && (r == '.' || r == ',' || r == '/') && unicode.IsDigit(n) {
				j += w
				continue
			}
			// dotted abbreviations: U.S. U.N.
			if r == '.' && !num && j-i == 1 && isUpperASCII(s[i]) {
				k := j
				for k+2 < len(s) && s[k] == '.' && isUpperASCII(s[k+1]) && s[k+2] == '.' {
					k += 2
				}
				if k > j {
					j = k + 1
					bits |= tDotted
					break
				}
			}
		}
		if isApos(r) && j+w < len(s) {
			n, nw := utf8.DecodeRuneInString(s[j+w:])
			if n == 's' || n == 'S' {
				after := j + w + nw
				if after == len(s) || !isWordRune(s, after) {
					bits |= tPoss
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
			bits |= tPoss
		}
		break
	}
	t.end = j
	text := s[i:j]
	if bits&tDotted == 0 && j < len(s) && s[j] == '.' {
		// An initial ("P.") or a known abbreviation keeps its stop.
		if (oneRune(text) && unicode.IsUpper(first)) || abbrevs.has(text) {
			t.end = j + 1
			text = s[i : j+1]
			bits |= tDotted
		}
	}
	capital := false
	if first < utf8.RuneSelf {
		capital = asciiClass[first]&cUpper != 0
	} else {
		capital = unicode.IsUpper(first)
	}
	if !capital {
		// "al-Assad", "bin-Laden": a lower-case particle, a hyphen, then a capital
		if k := hyph; k > 0 && particles.has(text[:k]) {
			n, _ := utf8.DecodeRuneInString(text[k+1:])
			capital = unicode.IsUpper(n)
		}
	}
	bits |= flagIf(tCap, capital)
	t.bits = bits
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
	t.bits |= flagIf(tAllCaps, letters >= 2 && letters == upper)
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
	return !newsPunct(r) && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// newsPunct tells the runes from U+2010 to U+2027: dashes, curly quotes
// and apostrophes, bullets and the ellipsis, which news text is full of.
// None is a letter, digit, mark or space, which the unicode package
// tells only by a search of its tables.
func newsPunct(r rune) bool { return r >= '\u2010' && r <= '\u2027' }

func isUpperASCII(b byte) bool { return b >= 'A' && b <= 'Z' }
