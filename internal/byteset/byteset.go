// Package byteset finds the next byte of a set in a string, many bytes to
// a branch: the escapers of pages and feeds run over every byte of a site,
// and most bytes need nothing done.
package byteset

// A Set marks the bytes in it with 1, and the others with 0.
type Set [256]uint8

// Index is the index of the first byte of s from i on that t has, or
// len(s). It reads sixteen or eight bytes for each branch, where a byte at
// a time took one each.
func (t *Set) Index(s string, i int) int {
	for ; i+16 <= len(s); i += 16 {
		w := s[i : i+16]
		if t[w[0]]|t[w[1]]|t[w[2]]|t[w[3]]|t[w[4]]|t[w[5]]|t[w[6]]|t[w[7]]|
			t[w[8]]|t[w[9]]|t[w[10]]|t[w[11]]|t[w[12]]|t[w[13]]|t[w[14]]|t[w[15]] != 0 {
			break
		}
	}
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		if t[w[0]]|t[w[1]]|t[w[2]]|t[w[3]]|t[w[4]]|t[w[5]]|t[w[6]]|t[w[7]] != 0 {
			break
		}
	}
	for ; i < len(s); i++ {
		if t[s[i]] != 0 {
			return i
		}
	}
	return i
}
