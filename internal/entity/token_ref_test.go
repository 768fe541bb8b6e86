package entity

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// tokenizeRef is tokenize without its fast paths (plain ASCII words and
// runs of lower-case ones, numbers, marks, possessives, compounds): every
// token goes through tokenizeOther, the general case, and only ASCII
// spaces are skipped.
func tokenizeRef(s string, buf []token, ts *tokStats) []token {
	ts.base = len(buf)
	toks, sent := buf, tSentStart
	for i := 0; i < len(s); {
		if asciiClass[s[i]]&cSpace != 0 {
			i++
			continue
		}
		toks, i, sent = tokenizeOther(s, i, toks, sent, ts)
	}
	return toks
}

// checkTokenize fails t when tokenize and tokenizeRef differ on s, in
// tokens, names or line counts.
func checkTokenize(t *testing.T, s string) {
	t.Helper()
	var got, want tokStats
	// a token ahead in the buffer, as Find has them: indices are relative
	g := tokenize(s, []token{{}}, &got)
	w := tokenizeRef(s, []token{{}}, &want)
	if !slices.Equal(g, w) || !slices.Equal(got.names, want.names) || got.lineCounts != want.lineCounts {
		t.Fatalf("tokenize(%q):\n got %v %v %+v\nwant %v %v %+v", s, g, got.names, got.lineCounts, w, want.names, want.lineCounts)
	}
	// names lists the name tokens, in order: paragraph goes by it
	var names []int32
	for k := range g[1:] {
		if g[1+k].name() {
			names = append(names, int32(k))
		}
	}
	if !slices.Equal(names, got.names) {
		t.Fatalf("tokenize(%q): names %v, name tokens %v", s, got.names, names)
	}
}

// tokenSeeds are the package's texts, line by line, and a few hard cases.
func tokenSeeds(tb testing.TB) []string {
	seeds := []string{
		"the talks in vienna went on  and on,and\tthe end of it. and then a b c  x9 4x ab_cd the end ",
		"Iran’s Supreme Leader Khamenei's aides and the Islanders’ coach, O'Brien’s",
		"Iran’s, Jones's. Jones’s” Islanders’, Islanders'. Bus’s) A’s. Yes’-",
		"it’ss Jones’s JONES'S s' A’s A's a’ b' U.S.’s 1990’s Mr.’s don't rock ’n’ roll",
		"well-known rights-driven pro-Élysée well-knówn x-1.5 a-b- end-’ co-op. state-of-the-art, anti-American al-assad e-mail’s",
		"al-Assad's Iran-backed bin-Laden’s “Quote” Paris’é Paris’5 Paris'- Iran'",
		"CRICKET - KENT WIN\tLONDON 1996-08-30 1,196.35 4-38, \"Mr. X. T.O'Gorman",
		"Takht-Ravanchi, US-CHINA talks; Al-Qaeda. F-16s X-ray Iran-backed- Swedish-Iranian Union-Iran. bin-Laden al-qaeda",
		"Mohammad-Hossein’s anti-American Jean-Noel- de-Gaulle. US-UK-EU Fact-Finding-Mission al-Assad-era Co-op.",
	}
	if raw, err := os.ReadFile("testdata/wire.txt"); err == nil {
		seeds = append(seeds, strings.Split(string(raw), "\n")...)
	}
	if raw, err := os.ReadFile(seedDir + "iran-digest.txt"); err == nil {
		seeds = append(seeds, strings.Split(string(raw), "\n")...)
	}
	return seeds
}

func TestTokenizeRef(t *testing.T) {
	for _, s := range tokenSeeds(t) {
		checkTokenize(t, s)
		// every cut of the line: words and marks at the end of the text
		if len(s) < 400 {
			for k := range len(s) {
				checkTokenize(t, s[:k])
				checkTokenize(t, s[k:])
			}
		}
	}
}

func FuzzTokenizeRef(f *testing.F) {
	for _, s := range tokenSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkTokenize(t, s)
	})
}

// nameTokRef is nameTok as it was first written, its parts split by an
// iterator and every part looked up.
func nameTokRef(t *token, text string, hyph, apos int32) bool {
	if !t.word() || t.num() || !t.cap() {
		return false
	}
	if oneRune(text) {
		return false
	}
	if k := apos; k > 0 && stopCaps.has(text[:k]) {
		return false
	}
	if hyph > 0 {
		g := loadGazetteer()
		dem := true
		n := 0
		for part := range strings.SplitSeq(text, "-") {
			if part == "" {
				n++
				continue
			}
			r, _ := utf8.DecodeRuneInString(part)
			if n > 0 && unicode.IsLower(r) && !particles.has(part) {
				return false
			}
			if g.people.lookup(part)&gazDemonym == 0 {
				dem = false
			}
			n++
		}
		if dem {
			return false
		}
		if _, whole := g.lookup(text); !whole {
			for part := range strings.SplitSeq(text, "-") {
				if e, ok := g.lookup(part); ok && e.kind == Place {
					return false
				}
			}
		}
	}
	return true
}

// TestNameTokRef compares nameTok with nameTokRef on every word of the
// token seeds, and on compounds of the gazetteer's names and demonyms.
func TestNameTokRef(t *testing.T) {
	texts := tokenSeeds(t)
	// every pair of a few names, places, demonyms (some plural), given
	// names, particles and plain words, and some of three
	parts := []string{"Iranian", "Iranians", "Swedish", "Russian", "al", "bin", "backed", "made", "Al", "Mohammad",
		"Jean", "Noel", "Union", "US", "China", "Iran", "Tehran", "Assad", "Qaeda", "F", "16", "anti", "x", ""}
	g := loadGazetteer()
	for _, n := range g.names[:60] {
		if len(n.exact) > 0 {
			parts = append(parts, n.exact[0].form)
		}
	}
	for i, a := range parts {
		for j, b := range parts {
			texts = append(texts, a+"-"+b, a+"-"+b+"-"+parts[(i+j)%len(parts)], a+"--"+b)
		}
	}
	for _, n := range g.names {
		for _, f := range n.exact {
			if strings.Contains(f.form, "-") {
				texts = append(texts, f.form)
			}
		}
	}
	n := 0
	for _, s := range texts {
		var ts tokStats
		for _, tk := range tokenize(s, nil, &ts) {
			if !tk.word() {
				continue
			}
			var w token
			hyph, apos := scanWord(s, tk.start, &w)
			text := w.text(s)
			if got, want := nameTok(&w, text, hyph, apos), nameTokRef(&w, text, hyph, apos); got != want {
				t.Fatalf("nameTok(%q, %d, %d) = %v, want %v", text, hyph, apos, got, want)
			}
			if hyph > 0 {
				n++
			}
		}
	}
	if n < 3000 {
		t.Errorf("only %d compounds tested", n)
	}
}
