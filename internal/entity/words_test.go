package entity

import (
	"strings"
	"testing"
)

// TestWordBits checks the words table, which watches only the words that
// open sentences, against every word of the story counted the plain way:
// each word as written and lower-cased, watched or not, must get the bits
// a table of all the story's words would give.
func TestWordBits(t *testing.T) {
	for n, s := range synthStories(t, 100) {
		f := &finder{}
		f.prepare(s.title, s.paras)
		all := map[string]uint8{}
		for i, toks := range f.toks {
			for _, tk := range toks {
				switch {
				case !tk.word() || tk.num():
				case !tk.cap():
					all[tk.text(f.texts[i])] |= seenLower
				case !tk.sentStart() && !f.caps[i]:
					all[tk.text(f.texts[i])] |= seenMidCap
				}
			}
		}
		for i, toks := range f.toks {
			for _, tk := range toks {
				text := tk.text(f.texts[i])
				for _, w := range []string{text, trimDot(text), strings.ToLower(text)} {
					want := all[w]
					if got := f.wordBits(w) &^ watched; got != want {
						t.Fatalf("story %d: wordBits(%q) = %b, want %b", n, w, got, want)
					}
					if got, want := f.lowerSeen(w), all[strings.ToLower(w)]&seenLower != 0; got != want {
						t.Fatalf("story %d: lowerSeen(%q) = %v, want %v", n, w, got, want)
					}
				}
			}
		}
	}
}

// TestLookup checks the gazetteer's single probe, which folds and hashes
// a name in place, against the two plain look-ups it stands for: the form
// as written first, then case-insensitively among the forms with
// lower-case letters or a dot.
func TestLookup(t *testing.T) {
	g := loadGazetteer()
	exact := map[string]gazEntry{}
	folded := map[string]gazEntry{}
	var queries []string
	for _, n := range g.names {
		for _, f := range n.exact {
			if _, dup := exact[f.form]; !dup {
				exact[f.form] = f.e
			}
			queries = append(queries, f.form, strings.ToUpper(f.form), strings.ToLower(f.form), f.form+"x")
		}
		if n.hasFolded {
			folded[n.key] = n.folded
		}
	}
	for _, q := range queries {
		want, wok := exact[q]
		if !wok {
			want, wok = folded[fold(q)]
		}
		if got, ok := g.lookup(q); got != want || ok != wok {
			t.Errorf("lookup(%q) = %v, %v; want %v, %v", q, got, ok, want, wok)
		}
		fw, fok := folded[fold(q)]
		if got, ok := g.lookupFolded(q); got != fw || ok != fok {
			t.Errorf("lookupFolded(%q) = %v, %v; want %v, %v", q, got, ok, fw, fok)
		}
	}
}

// TestFoldBytes checks the eight-bytes-at-a-time folding helpers against
// plain lower-casing.
func TestFoldBytes(t *testing.T) {
	var all []byte
	for c := range 128 {
		all = append(all, byte(c))
	}
	for n := 0; n <= 20; n++ {
		for at := 0; at+n <= len(all); at++ {
			s := string(all[at : at+n])
			key := strings.ToLower(s)
			if !equalFolded(key, s) {
				t.Errorf("equalFolded(%q, %q) = false", key, s)
			}
			if n > 0 {
				b := []byte(key)
				b[n/2] ^= 1
				if equalFolded(string(b), s) {
					t.Errorf("equalFolded(%q, %q) = true", b, s)
				}
			}
			if !isASCII(s) {
				t.Errorf("isASCII(%q) = false", s)
			}
			if n > 0 {
				b := []byte(s)
				b[n-1] |= 0x80
				if isASCII(string(b)) {
					t.Errorf("isASCII(%q) = true", b)
				}
			}
		}
	}
}

// TestClassNoStop checks what token.rawClass assumes: no word of the
// lists ends in a full stop.
func TestClassNoStop(t *testing.T) {
	for _, sl := range classes.slots {
		if sl.bits != 0 && strings.HasSuffix(sl.s, ".") {
			t.Errorf("a word list has %q", sl.s)
		}
	}
}

// FuzzLastField checks lastField, which looks from the end of an ASCII
// name, against strings.Fields.
func FuzzLastField(f *testing.F) {
	f.Add("Bashar al-Assad")
	f.Add(" Ali\u00a0Khamenei ")
	f.Add("é x\u2003")
	f.Fuzz(func(t *testing.T, s string) {
		want := ""
		if fs := strings.Fields(s); len(fs) > 0 {
			want = fs[len(fs)-1]
		}
		if got := lastField(s); got != want {
			t.Errorf("lastField(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzCountFields checks countFields, which counts eight ASCII bytes at
// a time, against strings.Fields.
func FuzzCountFields(f *testing.F) {
	f.Add("Islamic Revolutionary Guard Corps")
	f.Add("\tA\u00a0 B\r\nC  é\u2003D\vE\fF  ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countFields(s), len(strings.Fields(s)); got != want {
			t.Errorf("countFields(%q) = %d, want %d", s, got, want)
		}
	})
}

// TestCanonKey checks the keys the gazetteer folds once for merge: each
// is fold of its canonical name, as merge folded it for every mention.
func TestCanonKey(t *testing.T) {
	n := 0
	for _, gn := range loadGazetteer().names {
		for _, f := range gn.exact {
			if c := f.e.canon; c.key != fold(c.name) {
				t.Errorf("key of %q = %q, want %q", c.name, c.key, fold(c.name))
			}
			// the last names kept with the name, as merge would make them
			var ms mergeState
			c := f.e.canon
			if l, rest, two := ms.lastNames(c.name); l != c.last || rest != c.rest || two != c.two {
				t.Errorf("last names of %q = %q %q %v, want %q %q %v", c.name, c.last, c.rest, c.two, l, rest, two)
			}
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d gazetteer forms", n)
	}
}
