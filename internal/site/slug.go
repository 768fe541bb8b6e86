package site

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gosimple/slug"
)

// makeSlug makes a URL slug of s of at most max bytes, cut at a hyphen.
func makeSlug(s string, maxLen int) string {
	sl := slugOf(s)
	if len(sl) > maxLen {
		cut := strings.LastIndexByte(sl[:maxLen], '-')
		if cut < maxLen/2 {
			cut = maxLen
		}
		sl = strings.Trim(sl[:cut], "-")
	}
	return sl
}

// slugOf is slug.Make(s) with the package's default settings, made in one
// pass: slug.Make runs two regular expressions and several copies per
// call, and a site makes a slug of every story and tag. Each character is
// replaced by what slug.Make makes of it between two letters (so nothing
// is trimmed or merged), which slug itself computes, once per character.
// FuzzSlug holds the two equal.
func slugOf(s string) string {
	ascii := asciiSlugs()
	s = strings.TrimSpace(s)
	b := make([]byte, 0, len(s)+8)
	dash := false // the last byte written is a hyphen
	for j := 0; j < len(s); {
		var sub string
		if c := s[j]; c < utf8.RuneSelf {
			j++
			// Most ASCII characters make one byte: written here.
			if one := ascii.one[c]; one != 0 {
				if one != '-' || !dash {
					b = append(b, one)
					dash = one == '-'
				}
				continue
			}
			sub = ascii.sub[c]
		} else {
			r, n := utf8.DecodeRuneInString(s[j:])
			j += n
			sub = runeSlug(r)
		}
		for i := 0; i < len(sub); i++ {
			// Runs of hyphens collapse into one.
			if c := sub[i]; c != '-' || !dash {
				b = append(b, c)
				dash = c == '-'
			}
		}
	}
	return strings.Trim(string(b), "-_")
}

// asciiSlugs returns what slug.Make makes of each ASCII character, made
// on first use: slug.Make's first call loads gosimple/unidecode's tables,
// 8 ms on one core, which a build that finds nothing changed never needs
// and an edit build makes while reading (see WarmSlugs).
var asciiSlugs = sync.OnceValue(func() *asciiSlugTable {
	t := new(asciiSlugTable)
	for c := range t.sub {
		t.sub[c] = sluggedRune(rune(c))
		if len(t.sub[c]) == 1 {
			t.one[c] = t.sub[c][0]
		}
	}
	return t
})

type asciiSlugTable struct {
	sub [0x80]string // what slug.Make makes of the character
	one [0x80]byte   // sub's one byte, where it is one; 0 otherwise
}

// WarmSlugs makes the tables slugs are made from, which the first slug
// otherwise waits for: a build calls it on a core of its own while it
// reads the stories, which leave a core idle at times.
func WarmSlugs() {
	asciiSlugs()
	runeSlug('é')
}

// runeSlugs caches runeSlug's results.
var runeSlugs sync.Map // rune -> string

// runeSlug is what slug.Make makes of the non-ASCII rune r.
func runeSlug(r rune) string {
	if v, ok := runeSlugs.Load(r); ok {
		return v.(string)
	}
	t := sluggedRune(r)
	runeSlugs.Store(r, t)
	return t
}

// sluggedRune is what slug.Make makes of r between two letters: "" for a
// character it drops, "-" for a separator, its transliteration otherwise.
func sluggedRune(r rune) string {
	t := slug.Make("a" + string(r) + "b")
	return t[1 : len(t)-1]
}
