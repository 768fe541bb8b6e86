package story

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSimilarity holds similarity, which compares the signatures' low
// bytes first, to a plain count of equal values.
func TestSimilarity(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	fill := func(f *fingerprint) {
		f.sigBytes = [signatureSize / 8]uint64{}
		for k, v := range f.sig {
			f.sigBytes[k/8] |= uint64(uint8(v)) << (k % 8 * 8)
		}
	}
	for range 10000 {
		var f, g fingerprint
		for k := range f.sig {
			f.sig[k] = r.Uint32()
			switch r.IntN(4) {
			case 0:
				g.sig[k] = f.sig[k] // equal
			case 1:
				g.sig[k] = f.sig[k] ^ r.Uint32()<<8 // the low byte equal
			default:
				g.sig[k] = r.Uint32()
			}
		}
		fill(&f)
		fill(&g)
		same := 0
		for k := range f.sig {
			if f.sig[k] == g.sig[k] {
				same++
			}
		}
		if got, want := f.similarity(&g), float64(same)/signatureSize; got != want {
			t.Fatalf("similarity = %v, want %v", got, want)
		}
	}
}

func FuzzHasQuoteMark(f *testing.F) {
	f.Add("He said \"no\" and “yes” ”")
	f.Add("\xe2\x80\x9c\xff\xe2\x80")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasQuoteMark(s), strings.ContainsAny(s, "\"“”"); got != want {
			t.Fatalf("hasQuoteMark(%q) = %v, want %v", s, got, want)
		}
	})
}
