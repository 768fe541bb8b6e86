package search

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// refTokenizer is the tokenizer as it was before it read eight bytes at
// once and batched its terms, one byte at a time: the reference the
// differential tests hold it to.
type refTokenizer struct {
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
func (t *refTokenizer) each(s string, f func(term []byte)) {
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

// emit passes a finished word with non-ASCII letters to f, normalised,
// unless it is too long.
func (t *refTokenizer) emit(w []byte, f func([]byte)) {
	w = t.normalize(w)
	if len(w) > 0 && len(w) <= maxTermLen {
		f(w)
	}
}

// normalize lower-cases w (already done for ASCII), strips diacritics and
// folds the letters of the fold table.
func (t *refTokenizer) normalize(w []byte) []byte {
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

// refTerms returns the terms of s by refTokenizer.
func refTerms(t *refTokenizer, s string) []string {
	out := []string{}
	t.each(s, func(b []byte) { out = append(out, string(b)) })
	return out
}

// tokenText makes text that hits the tokenizer's edges: words about eight
// bytes long, or 48, capitals, apostrophes straight and curly, possessives,
// letters with diacritics, folded letters, marks, Hangul jamo, invalid
// UTF-8, text ending mid-word.
func tokenText(rng *rand.Rand) string {
	pieces := []string{
		"a", "b", "Z", "q", "x", "0", "9", "7", "ab", "xyz", "don", "O", "s", "S", "t",
		" ", " ", " ", "  ", "\n", ".", ",", "-", "'", "'", "’", "‘", "'s", "’s", "'S",
		"é", "É", "ß", "İ", "Σ", "ς", "œ", "\u0301", "\u0308", "한", "\u1100", "\u1161", "ت", "٣",
		"\xff", "\xe2\x80", "@", "[", "`", "{", "/", ":", "\x00", "\x7f", "_",
		"abcdefg", "abcdefgh", "abcdefghi", "ABCDEFGH", "Abcdefgh1", strings.Repeat("w", 47), strings.Repeat("W", 48), strings.Repeat("v", 49),
	}
	var sb strings.Builder
	for range rng.IntN(40) {
		sb.WriteString(pieces[rng.IntN(len(pieces))])
	}
	return sb.String()
}

// TestTokenizeDifferential holds the tokenizer to refTokenizer.
func TestTokenizeDifferential(t *testing.T) {
	var tok tokenizer
	var ref refTokenizer
	check := func(s string) {
		t.Helper()
		var got []string
		got = []string{}
		tok.each(s, func(b []byte) { got = append(got, string(b)) })
		if want := refTerms(&ref, s); !slices.Equal(got, want) {
			t.Fatalf("terms(%q) = %q, want %q", s, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 40_000 { // FuzzTokenize, in CI, tries many more
		check(tokenText(rng))
	}
	for _, d := range append(slices.Clone(sample), synth(200, 5)...) {
		check(d.Title)
		for _, s := range d.Text {
			check(s)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		f.Add(tokenText(rng))
	}
	var tok tokenizer
	var ref refTokenizer
	f.Fuzz(func(t *testing.T, s string) {
		got := []string{}
		tok.each(s, func(b []byte) { got = append(got, string(b)) })
		if want := refTerms(&ref, s); !slices.Equal(got, want) {
			t.Fatalf("terms(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestHitsDifferential holds a worker's hits, counted in its dictionary's
// slots, to counts of refTokenizer's terms in maps.
func TestHitsDifferential(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	docs := append(slices.Clone(sample), synth(2000, 9)...)
	for i := range 300 {
		d := Doc{Title: tokenText(rng), Tags: []string{tokenText(rng)}}
		for range 1 + rng.IntN(4) {
			d.Text = append(d.Text, tokenText(rng))
		}
		// A term more than 65,535 times: its count saturates. Others
		// too often for their frequencies to share a unit: see putFreqs.
		switch i {
		case 7:
			d.Text = append(d.Text, strings.Repeat("many ", 70_000))
		case 8:
			d.Title += strings.Repeat(" often", 16)
			d.Text = append(d.Text, strings.Repeat("lots ", 4094)+strings.Repeat("more ", 4095))
		case 9:
			d.Tags = append(d.Tags, strings.Repeat("tagged ", 15))
			d.Text = append(d.Text, strings.Repeat("tagged ", 4095))
		}
		docs = append(docs, d)
	}
	var w worker
	w.run(docs, nil, 0, nil)

	var ref refTokenizer
	var total int64
	df := map[string]int32{}
	type hit struct {
		body, head int
	}
	want := make([]map[string]hit, len(docs))
	for i, d := range docs {
		want[i] = map[string]hit{}
		add := func(s string, head bool) {
			for _, term := range refTerms(&ref, s) {
				total++
				h := want[i][term]
				if head {
					h.head = min(h.head+1, 65535)
				} else {
					h.body = min(h.body+1, 65535)
				}
				want[i][term] = h
			}
		}
		add(d.Title, true)
		for _, s := range d.Tags {
			add(s, true)
		}
		for _, s := range d.Text {
			add(s, false)
		}
		for term := range want[i] {
			df[term]++
		}
	}
	if w.total != total || w.docs != len(docs) {
		t.Errorf("worker read %d terms in %d documents, want %d in %d", w.total, w.docs, total, len(docs))
	}
	if w.dict.len() != len(df) {
		t.Errorf("%d terms, want %d", w.dict.len(), len(df))
	}
	for id := range w.dict.len() {
		term := string(w.dict.term(int32(id)))
		if w.df[id] != df[term] {
			t.Errorf("df of %q = %d, want %d", term, w.df[id], df[term])
		}
	}
	doc := 0
	w.eachDoc(func(dl int, once, rest []uint16) {
		got := map[string]hit{}
		for i := 0; i < len(once); {
			var id uint32
			id, i = getID(once, i)
			got[string(w.dict.term(int32(id)))] = hit{1, 0}
		}
		for i := 0; i < len(rest); {
			var id uint32
			var body, head uint16
			id, i = getID(rest, i)
			body, head, i = getFreqs(rest, i)
			got[string(w.dict.term(int32(id)))] = hit{int(body), int(head)}
		}
		if fmt.Sprint(got) != fmt.Sprint(want[doc]) {
			t.Fatalf("document %d: hits %v, want %v", doc, got, want[doc])
		}
		doc++
	})
}

// eachDoc calls f with each of w's documents in order, as hits reads
// them: its length in terms and its two lists of hits (see addDoc).
func (w *worker) eachDoc(f func(dl int, once, rest []uint16)) {
	for _, b := range w.blocks {
		for i := 0; i < len(b); {
			var dl, n1, n2 uint32
			dl, i = get32(b, i)
			n1, i = get32(b, i)
			n2, i = get32(b, i)
			j := i + int(n1)
			f(int(dl), b[i:j], b[j:j+int(n2)])
			i = j + int(n2)
		}
	}
}

// each calls f with every term of s, in order, one at a time, as the
// tests read terms; the index counts t.terms' batches. The slice passed
// to f is only valid during the call.
func (t *tokenizer) each(s string, f func(term []byte)) {
	t.words = t.words[:0]
	t.terms(s)
	var a [maxTermLen]byte
	for j := 0; j < len(t.words); j++ {
		word := t.words[j]
		if word&0xff != 0 {
			binary.LittleEndian.PutUint64(a[:], word)
			f(a[:wordLen(word)])
			continue
		}
		n := int(word >> 8)
		for c := range (n + 7) >> 3 {
			j++
			binary.LittleEndian.PutUint64(a[8*c:], t.words[j])
		}
		f(a[:n])
	}
}

// TestIsWord holds isWord, with its shortcut, to its definition, for
// every code point.
func TestIsWord(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if want := unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r); isWord(r) != want {
			t.Fatalf("isWord(%U) = %v, want %v", r, !want, want)
		}
	}
}
