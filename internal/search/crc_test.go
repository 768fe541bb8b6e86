package search

import (
	"hash/crc32"
	"math/rand/v2"
	"testing"
)

// TestCRC32Combine holds crc32Combine to hash/crc32 over the two parts
// together, for lengths of every size up to a few megabytes.
func TestCRC32Combine(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	buf := make([]byte, 3<<20)
	for i := range buf {
		buf[i] = byte(rng.Uint32())
	}
	for _, n := range []int{0, 1, 2, 3, 7, 8, 100, 1000, 65536, 1 << 20, 3 << 20} {
		for _, cut := range []int{0, n / 3, n} {
			a, b := buf[:cut], buf[cut:n]
			got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), len(b))
			if want := crc32.ChecksumIEEE(buf[:n]); got != want {
				t.Errorf("%d bytes cut at %d: %08x, want %08x", n, cut, got, want)
			}
		}
	}
}
