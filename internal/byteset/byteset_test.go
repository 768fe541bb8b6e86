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

// TestPairs holds Pairs.Index to Set.Index, with every byte at every
// offset of its sixteen-byte steps, after each byte of them.
func TestPairs(t *testing.T) {
	var set Set
	for _, c := range []byte("*_`[]<>!\\&|~\x00\x1f\x7f") {
		set[c] = 1
	}
	pairs := set.Pairs()
	base := "abcdefghijklmnopqrstuvwxyz 0123456789, ABCDEF.\n"
	for c := range 256 {
		for n := range len(base) + 1 {
			for at := range n {
				b := []byte(base[:n])
				b[at] = byte(c)
				for from := range min(n, 3) {
					want := set.Index(string(b), from)
					if got := pairs.Index(b, from); got != want {
						t.Fatalf("Pairs.Index(%q, %d) = %d, want %d", b, from, got, want)
					}
				}
			}
		}
	}
}
