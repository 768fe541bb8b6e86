// Package byteset finds the next byte of a set in a string, many bytes to
// a branch: the escapers of pages and feeds run over every byte of a site,
// and most bytes need nothing done.
package byteset

import "encoding/binary"

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

// A Pairs marks the pairs of bytes that have a byte of a Set, at the
// index of their little-endian uint16: one lookup covers two bytes of a
// long text. It is 64 KiB, for the scans of whole story bodies.
type Pairs [1 << 16]uint8

// Pairs returns the Pairs of t.
func (t *Set) Pairs() *Pairs {
	p := new(Pairs)
	for i := range p {
		p[i] = t[uint8(i)] | t[i>>8]
	}
	return p
}

// Index is the index of the first byte of b from i on that the Set of p
// has, or len(b).
func (p *Pairs) Index(b []byte, i int) int {
	for ; i+16 <= len(b); i += 16 {
		w := b[i : i+16]
		if p[binary.LittleEndian.Uint16(w[0:])]|p[binary.LittleEndian.Uint16(w[2:])]|
			p[binary.LittleEndian.Uint16(w[4:])]|p[binary.LittleEndian.Uint16(w[6:])]|
			p[binary.LittleEndian.Uint16(w[8:])]|p[binary.LittleEndian.Uint16(w[10:])]|
			p[binary.LittleEndian.Uint16(w[12:])]|p[binary.LittleEndian.Uint16(w[14:])] != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if p[uint16(b[i])*0x101] != 0 { // the pair of b[i] and itself
			return i
		}
	}
	return i
}
