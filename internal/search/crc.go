package search

// The index's hash (see Files) is the CRC-32 of every file's name and
// bytes, one after the other. crc32Combine brings in a file's from its
// own CRC, so that a file kept from the last build need not be made.

// crcPoly is the IEEE polynomial, reflected, as hash/crc32 uses it.
const crcPoly = 0xedb88320

// crcX2n holds x^(2^k) mod p(x), k from 0.
var crcX2n = func() (t [32]uint32) {
	p := uint32(1) << 30 // x^1
	for k := range t {
		t[k] = p
		p = crcMul(p, p)
	}
	return
}()

// crcMul returns a(x)·b(x) mod p(x), bits reflected as in a CRC.
func crcMul(a, b uint32) uint32 {
	p := uint32(0)
	for m := uint32(1) << 31; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
		}
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return p
}

// crc32Combine returns the CRC-32 (IEEE) of a then b, given that of a,
// crcA, and that of b, crcB, and b's length: a times x^(8·n), plus b.
// This is zlib's crc32_combine.
func crc32Combine(crcA, crcB uint32, n int) uint32 {
	p := uint32(1) << 31 // x^0
	for k := 3; n > 0; n, k = n>>1, k+1 {
		if n&1 != 0 {
			p = crcMul(crcX2n[k&31], p)
		}
	}
	return crcMul(p, crcA) ^ crcB
}
