package byteset

import "testing"

// TestIndex holds Index to a byte-by-byte scan, with every byte at every
// offset of its sixteen- and eight-byte steps.
func TestIndex(t *testing.T) {
	var set Set
	for _, c := range []byte("<>&\"'\x00\x1f\x7f\x80\xff") {
		set[c] = 1
	}
	base := "abcdefghijklmnopqrstuvwxyz0123456789ABCDEF"
	for c := range 256 {
		for n := range len(base) + 1 {
			for at := range n {
				b := []byte(base[:n])
				b[at] = byte(c)
				s := string(b)
				for from := range min(n, 3) {
					want := len(s)
					for i := from; i < len(s); i++ {
						if set[s[i]] != 0 {
							want = i
							break
						}
					}
					if got := set.Index(s, from); got != want {
						t.Fatalf("Index(%q, %d) = %d, want %d", s, from, got, want)
					}
				}
			}
		}
	}
}
