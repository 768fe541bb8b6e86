package topic

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPairKeysFilter checks the pairs a story drains as candidates when
// pairKeys leaves out those whose words cannot both occur twice, and the
// words of generic or named keys are counted for nothing (see ckey in
// run), against counting every pair of words of no named key.
func TestPairKeysFilter(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for round := range 2000 {
		nt := 2 + rng.IntN(60)
		stem := make([]int32, nt)
		generic := make([]bool, nt)
		named := make([]bool, nt)
		for id := range nt {
			stem[id] = int32(rng.IntN(nt))
			generic[id] = rng.IntN(6) == 0
			named[id] = rng.IntN(5) == 0
		}
		ckey := make([]int32, nt)
		for id := range ckey {
			ckey[id] = stem[id]
			if generic[id] || named[stem[id]] {
				ckey[id] = int32(nt)
			}
		}
		// a story's events, as the scan makes them
		evs := make([]event, rng.IntN(200))
		prev := int32(-1)
		for e := range evs {
			if rng.IntN(4) == 0 {
				prev = -1 // a stopword or a break
			}
			lw := int32(rng.IntN(nt))
			evs[e] = event{lw: lw, prev: prev}
			prev = stem[lw]
			if generic[lw] {
				evs[e].prev, prev = -1, -1
			}
		}

		var want []cand
		n := map[uint64]int32{}
		var order []uint64
		for _, ev := range evs {
			if a, b := ev.prev, stem[ev.lw]; a >= 0 && !named[a] && !named[b] {
				k := pairKey(a, b)
				if n[k] == 0 {
					order = append(order, k)
				}
				n[k]++
			}
		}
		for _, k := range order {
			if n[k] >= 2 {
				want = append(want, cand{key: k, tf: n[k]})
			}
		}

		tf, seen := make([]int32, nt+1), make([]int32, len(evs))
		pks := make([]uint64, len(evs))
		pt := newPairTable(2)
		countWords(ckey, evs, tf, seen)
		tf[nt] = 0 // as run does
		pt.count(pks[:pairKeys(ckey, evs, tf, pks)])
		if got := pt.drain(nil); !slices.Equal(got, want) {
			t.Fatalf("round %d: pairs %v, want %v", round, got, want)
		}
	}
}

// TestNamedKeys checks namedKeys against its definition: a key mostly
// written capitalised, or whose plural is.
func TestNamedKeys(t *testing.T) {
	words := []string{"iran", "irans", "talk", "talks", "s", "ss", "bus", "buss", "é", "és", "news", "new", "a-b", "a-bs"}
	rng := rand.New(rand.NewPCG(9, 10))
	for range 200 {
		x := &extractor{g: newVocab(16)}
		for _, w := range words {
			x.g.idStr(w)
			x.proper = append(x.proper, int32(rng.IntN(5)-2))
		}
		got := x.namedKeys()
		for k, w := range words {
			want := x.proper[k] > 0
			if id, ok := x.g.lookup(w + "s"); ok && x.proper[id] > 0 {
				want = true
			}
			if got[k] != want {
				t.Fatalf("%q (proper %v): named %v, want %v", w, x.proper, got[k], want)
			}
		}
	}
}

// TestSpellings checks bestSpellings and countPairs against their
// definitions: the most frequent spelling of each key, ties to the
// smaller string; the number of stories with each pair of pairIdx, and
// the most frequent spelling of its second word.
func TestSpellings(t *testing.T) {
	bases := []string{"talk", "policy", "bus", "crisis", "strike", "vote", "deal", "ban", "ceasefire", "tariff"}
	rng := rand.New(rand.NewPCG(11, 12))
	for round := range 300 {
		x := &extractor{g: newVocab(16)}
		g := x.g
		var words []int32
		for _, b := range bases[:1+rng.IntN(len(bases))] {
			for _, w := range []string{b, b + "s", b + "es", strings.TrimSuffix(b, "y") + "ies"} {
				if rng.IntN(3) > 0 {
					words = append(words, g.idStr(w))
				}
			}
		}
		if len(words) == 0 {
			continue
		}
		x.ds = make([]docState, 1+rng.IntN(40))
		for i := range x.ds {
			evs := make([]event, rng.IntN(60))
			prev := int32(-1)
			for e := range evs {
				lw := words[rng.IntN(len(words))]
				evs[e] = event{lw: lw, prev: prev}
				prev = g.key(lw) // a word has its key once it occurs
				if rng.IntN(4) == 0 {
					evs[e].prev, prev = -1, -1 // a generic word, or a break
				}
			}
			x.ds[i].events = evs
		}
		nt := len(g.strs)
		x.pairIdx = newPairTable(4)
		for _, a := range words {
			for _, b := range words {
				if ka, kb := g.terms[a].stem, g.terms[b].stem; ka >= 0 && kb >= 0 && rng.IntN(3) == 0 {
					if v := x.pairIdx.at(pairKey(ka, kb)); *v == 0 {
						*v = 1
					}
				}
			}
		}

		// the reference, from maps
		occ := make([]int32, nt)
		wantDF := map[uint64]int32{}
		spell := map[uint64]map[int32]int32{}
		for i := range x.ds {
			seen := map[uint64]bool{}
			for _, ev := range x.ds[i].events {
				occ[ev.lw]++
				k := pairKey(ev.prev, g.terms[ev.lw].stem)
				if ev.prev < 0 || !x.pairIdx.has(k) {
					continue
				}
				if !seen[k] {
					seen[k] = true
					wantDF[k]++
				}
				if spell[k] == nil {
					spell[k] = map[int32]int32{}
				}
				spell[k][ev.lw]++
			}
		}
		x.best = bestSpellings(g, occ)
		for k := range nt {
			want := int32(-1)
			for lw := range nt {
				if g.terms[lw].stem != int32(k) || occ[lw] == 0 {
					continue
				}
				if want < 0 || occ[lw] > occ[want] || occ[lw] == occ[want] && g.strs[lw] < g.strs[want] {
					want = int32(lw)
				}
			}
			if x.best[k] != want {
				t.Fatalf("round %d: best spelling of %q is %d, want %d", round, g.strs[k], x.best[k], want)
			}
		}
		for i, j := range x.pairIdx.used {
			x.pairIdx.vals[j] = int32(i)
		}
		x.countPairs()
		for _, j := range x.pairIdx.used {
			k, p := x.pairIdx.keys[j], x.pairIdx.vals[j]
			if x.pairDF[p] != wantDF[k] {
				t.Fatalf("round %d: pair %x in %d stories, want %d", round, k, x.pairDF[p], wantDF[k])
			}
			a, _ := pairParts(k)
			wb, n := int32(-1), int32(0)
			for lw, c := range spell[k] {
				if c > n || c == n && g.strs[lw] < g.strs[wb] {
					wb, n = lw, c
				}
			}
			if got, want := x.pairBest[p], [3]int32{x.displayID(a), wb, n}; got != want {
				t.Fatalf("round %d: pair %x shown as %v, want %v", round, k, got, want)
			}
		}
	}
}
