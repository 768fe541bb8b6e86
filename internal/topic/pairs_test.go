package topic

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestPairTableCount checks count against *at(k)++ for each key, which it
// replaces: the same values, and the same order of insertion, which the
// candidates follow, over tables that grow and are reset.
func TestPairTableCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	got, want := newPairTable(2), newPairTable(2)
	for round := range 300 {
		ks := make([]uint64, rng.IntN(3000))
		n := 1 + rng.IntN(2000) // how many different keys
		for i := range ks {
			ks[i] = pairKey(int32(rng.IntN(n)), int32(rng.IntN(3)))
		}
		got.count(ks)
		for _, k := range ks {
			*want.at(k)++
		}
		if got.len() != want.len() {
			t.Fatalf("round %d: %d keys, want %d", round, got.len(), want.len())
		}
		for i := range got.used {
			k := got.keys[got.used[i]]
			if w := want.keys[want.used[i]]; k != w {
				t.Fatalf("round %d: key %d is %x, want %x", round, i, k, w)
			}
			if v, ok := want.get(k); !ok || got.vals[got.used[i]] != v {
				t.Fatalf("round %d: key %x counts %d, want %d", round, k, got.vals[got.used[i]], v)
			}
		}
		if round%3 == 0 {
			got.reset()
			want.reset()
			if slices.ContainsFunc(got.keys, func(k uint64) bool { return k != 0 }) {
				t.Fatal("reset left a key")
			}
		}
	}
}
