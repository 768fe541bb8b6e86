package search

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// refSnippet is snippet as it was before it copied runs of ASCII bytes
// at once, a rune at a time: the reference TestSnippetDifferential holds
// it to.
func refSnippet(s string, n int) string {
	b := make([]byte, 0, n+8)
	runes, space, lastSpace := 0, false, -1
	for _, r := range s {
		if isSpace(r) {
			space = len(b) > 0
			continue
		}
		if runes == n {
			cut := b
			if lastSpace > len(b)/2 {
				cut = b[:lastSpace]
			}
			return strings.TrimRight(string(cut), ",;:.") + "…"
		}
		if space {
			lastSpace = len(b)
			b = append(b, ' ')
			runes++
			space = false
			if runes == n {
				continue
			}
		}
		if r == utf8.RuneError {
			continue
		}
		b = utf8.AppendRune(b, r)
		runes++
	}
	return string(b)
}

// TestSnippetDifferential holds snippet to refSnippet on text with runs of
// spaces, control characters, invalid UTF-8 and U+FFFD itself, cut at
// every length around the text's.
func TestSnippetDifferential(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{" ", "  ", "\n", "\t\r", "\x00", "\x1f", "\u00a0", "\u2028", "a", "bc", "word",
		"é", "ß", "한", "\xff", "\xe2\x80", "\ufffd", ",", ".", ";:", "’", "x,", "end."}
	check := func(s string) {
		t.Helper()
		for n := range utf8.RuneCountInString(s) + 3 {
			if got, want := snippet(s, n), refSnippet(s, n); got != want {
				t.Fatalf("snippet(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
	for range 20_000 {
		var sb strings.Builder
		for range rng.IntN(30) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		check(sb.String())
	}
	for _, d := range synth(20, 11) {
		s := strings.Join(d.Text, "\n")
		check(s[:min(len(s), 600)])
	}
}
