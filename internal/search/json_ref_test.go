package search

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"
)

// TestJSONSpecial holds jsonSpecial to jsonPlain: every byte value at
// every position of a word, among neighbours of every value.
func TestJSONSpecial(t *testing.T) {
	var a [8]byte
	for c := range 256 {
		for pos := range 8 {
			for other := range 256 {
				for k := range a {
					a[k] = byte(other)
				}
				a[pos] = byte(c)
				var want uint64
				for k, x := range a {
					if !jsonPlain[x] {
						want |= 0x80 << (8 * k)
					}
				}
				if got := jsonSpecial(binary.LittleEndian.Uint64(a[:])); got != want {
					t.Fatalf("jsonSpecial(%q) = %#x, want %#x", a, got, want)
				}
			}
		}
	}
}

// TestPlainRun holds plainRun to a byte-at-a-time loop over jsonPlain, at
// every index of strings of every length up to 40.
func TestPlainRun(t *testing.T) {
	check := func(s string) {
		t.Helper()
		for i := 0; i <= len(s); i++ {
			want := i
			for want < len(s) && jsonPlain[s[want]] {
				want++
			}
			if got := plainRun(s, i); got != want {
				t.Fatalf("plainRun(%q, %d) = %d, want %d", s, i, got, want)
			}
		}
	}
	for _, s := range []string{"", "a", "abcdefgh", "abcdefg<", "abcdefghi\"", "é", "plain text of a title & more",
		"\x7f\x00", "abcdefghijklmno", "abcdefghijklmn<", "<bcdefghijklmnop", "abcdefghij\x00klmno", "abcdéfghijklmnop"} {
		check(s)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	const alphabet = "abcXYZ019 .,'<>&\"\\\x00\x1f\x7f\x80\xe2\xff"
	for range 20_000 {
		b := make([]byte, rng.IntN(41))
		for k := range b {
			// Mostly plain bytes, so that runs are long.
			if rng.IntN(4) == 0 {
				b[k] = alphabet[rng.IntN(len(alphabet))]
			} else {
				b[k] = 'a' + byte(rng.IntN(26))
			}
		}
		check(string(b))
	}
}
