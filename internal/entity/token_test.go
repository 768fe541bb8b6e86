package entity

import (
	"testing"
	"unicode"
)

// TestNewsPunct checks that newsPunct's runes are none of those the
// tokenizer asks the unicode package about, so that it may skip asking.
func TestNewsPunct(t *testing.T) {
	for r := rune(0); r <= 0x3000; r++ {
		if !newsPunct(r) {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.IsSpace(r) {
			t.Errorf("newsPunct(%U) but the rune is a letter, digit, mark or space", r)
		}
	}
	if !newsPunct('’') || !newsPunct('“') || !newsPunct('—') || newsPunct('\u2028') || newsPunct('é') {
		t.Error("newsPunct misses or takes a rune")
	}
}
