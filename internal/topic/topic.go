// Package topic picks a few keyphrases per story ("executions", "nuclear
// talks") from statistics over the whole corpus: how often a phrase occurs in
// the story against how many stories have it.
package topic

import (
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Extract returns up to max keyphrases for each of docs (max is capped at
// 3), best first. Names, stopwords, weekdays, months and generic news words
// are never chosen; a phrase must occur at least twice in its story. The
// result is deterministic and costs time linear in the corpus size.
//
// The work is done on integer term ids. Stories are tokenised in parallel,
// each worker with its own vocabulary; the ids are then mapped to a corpus
// vocabulary and each story's words and pairs counted, in parallel again.
// The counting of the pairs that may be chosen and the scoring run in
// parallel too. No statistic depends on the order of the stories: a key is
// shown in its most frequent spelling, and a pair in its first key's
// spelling followed by the most frequent spelling of its second word, so
// that the statistics are sums over the stories (see Memo).
// A phrase key is a term id (a word) or two term ids packed into a uint64
// (a pair), never a concatenated string.
//
// Each doc is a story's paragraphs, in order.
func Extract(docs [][]string, max int) [][]string {
	if max > 3 {
		max = 3
	}
	x := &extractor{docs: docs, max: max, n: len(docs)}
	x.run()
	return x.out
}

// Per-term flags, fixed by the lower-cased word.
const (
	fStop    = 1 << iota // a stopword or shorter than three letters: ends a phrase, counts for nothing
	fGeneric             // a generic news word: counted as a spelling, never as a phrase
	fEd                  // the stem ends in "ed"
)

// An event is one word of a story that is not a stopword, as the original
// scan saw it.
type event struct {
	lw   int32 // lower-cased word: local term id in phase 1, corpus id after
	prev int32 // the key of the previous word when the pair counts, else -1
}

// A vocab maps words to dense ids, in an open-addressing hash table that
// keeps each word's hash.
type vocab struct {
	slots []vslot // a power of two in size
	strs  []string
	// terms has what the scan needs of a word besides its id, in one
	// place: one bounds check, one cache line.
	terms []term
}

// A term is what is known of a word of a vocab.
type term struct {
	stem int32 // the key a word counts under; -1 until known

	// proper sums the capitalisation of the word's occurrences (+1
	// capitalised inside a sentence, -1 lower case): an order-free count
	// the scan keeps itself, so that no per-word record of it is needed.
	proper int32
	flags  uint8
}

// A vslot holds no string, only what finds it: at 24 bytes the table of
// a corpus vocabulary stays mostly in cache. The word itself is in strs,
// looked at when the heads do not settle it.
type vslot struct {
	w0 uint64 // head(s): most words are compared in one go
	// w1 is head(s[8:]), 0 for a word of eight bytes or less. No word
	// has a zero byte, so w0 and w1 settle a word of less than sixteen:
	// the scanner's fast path compares no string.
	w1 uint64
	h  uint32
	id int32 // id+1; 0 for an empty slot
}

func newVocab(n int) *vocab {
	size := 1024
	for size < 2*n {
		size *= 2
	}
	return &vocab{slots: make([]vslot, size)}
}

// A word is hashed and compared eight bytes at a time, starting with its
// head (see head): hashed a byte at a time, the scan would wait on a chain
// of multiplies, and compared a byte at a time, on a loop whose end the
// branch predictor cannot guess.

// lower8 sets bit 5 of every byte, which lower-cases ASCII letters and
// leaves hyphens as they are.
const lower8 = 0x2020202020202020

// hashString hashes a word whose head is w0.
func hashString(s string, w0 uint64) uint32 {
	if len(s) <= 8 {
		return hashHead(w0)
	}
	return hashWord(s, w0, 0)
}

// hashLower is hashString(strings.ToLower(s), w0) for a word s of ASCII
// letters and hyphens whose lower-cased head is w0.
func hashLower(s string, w0 uint64) uint32 {
	if len(s) <= 8 {
		return hashHead(w0)
	}
	return hashWord(s, w0, lower8)
}

const hashK = 0x9E3779B97F4A7C15

// hashHead is the hash of a word of eight bytes at most whose head is w0:
// the head holds all of the word, its length too, as no word has a zero
// byte.
func hashHead(w0 uint64) uint32 { return uint32(w0 * hashK >> 32) }

// hashWord hashes s, whose head is w0, with or set in the bytes after it.
func hashWord(s string, w0, or uint64) uint32 {
	const k = hashK
	h := w0 * k // as in hashHead, the heads hold the length
	for len(s) > 8 {
		s = s[8:]
		h = (h ^ (head(s) | or&headMask(len(s)))) * k
	}
	return uint32(h >> 32)
}

// head returns the first eight bytes of s, or all of it when shorter, as
// a little-endian word padded with zeros.
func head(s string) uint64 {
	switch n := len(s); {
	case n >= 8:
		return load64(s)
	case n >= 4:
		// two loads that overlap: the bytes they share agree
		return uint64(load32(s)) | uint64(load32(s[n-4:]))<<(8*(n-4))
	case n > 0:
		return uint64(s[0]) | uint64(s[n/2])<<(8*(n/2)) | uint64(s[n-1])<<(8*(n-1))
	}
	return 0
}

// letterRun returns how many of the eight bytes of x, from the first,
// are ASCII letters before one that is not.
func letterRun(x uint64) int {
	const hi = 0x8080808080808080
	// With bit 5 set a letter is 'a' to 'z': bytes that are at least 'a'
	// and not above 'z' get bit 7 in the sums. A byte with bit 7 is not
	// ASCII, nor a letter; its sums may carry into the bytes after it,
	// which do not matter then.
	y := x | lower8
	letters := (y + 0x1f1f1f1f1f1f1f1f) &^ (y + 0x0505050505050505) &^ x & hi
	return bits.TrailingZeros64(^letters&hi) >> 3
}

// headMask has the bytes of the head of a word of n bytes.
func headMask(n int) uint64 {
	if n >= 8 {
		return ^uint64(0)
	}
	return 1<<(8*n) - 1
}

// headMasks[n] is headMask(n), for n below 16.
var headMasks = func() (t [16]uint64) {
	for n := range t {
		t[n] = headMask(n)
	}
	return t
}()

// load64 and load32 read little-endian words; the compiler makes each a
// single load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func load32(s string) uint32 {
	_ = s[3]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// idLower returns the id of the lower-cased form of s, a word of ASCII
// letters and hyphens whose head lower-cased is w0, adding it when new.
func (v *vocab) idLower(s string, w0 uint64) int32 {
	h := hashLower(s, w0)
	mask := uint32(len(v.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &v.slots[i]
		if sl.id == 0 {
			return v.add(strings.ToLower(s), h, i)
		}
		if sl.h == h && sl.w0 == w0 && v.sameLower(sl.id-1, s) {
			return sl.id - 1
		}
	}
}

// sameLower tells whether word id is s lower-cased, for a word s of ASCII
// letters and hyphens whose head lower-cased is that of id. No word has a
// zero byte, so a head with one holds all of its word, and its length: a
// word of less than eight bytes is settled without looking at the word
// in strs.
func (v *vocab) sameLower(id int32, s string) bool {
	if len(s) < 8 {
		return true
	}
	t := v.strs[id]
	return len(t) == len(s) && (len(s) == 8 || equalLower(t[8:], s[8:]))
}

// equalLower tells whether a is b lower-cased, for b of ASCII letters and
// hyphens.
func equalLower(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] != b[i]|0x20 {
			return false
		}
	}
	return true
}

func (v *vocab) idStr(s string) int32 {
	h := hashString(s, head(s))
	mask := uint32(len(v.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &v.slots[i]
		if sl.id == 0 {
			return v.add(strings.Clone(s), h, i)
		}
		if sl.h == h && v.strs[sl.id-1] == s {
			return sl.id - 1
		}
	}
}

// idOwned is idStr for a string that v may keep as it is.
func (v *vocab) idOwned(s string) int32 {
	h := hashString(s, head(s))
	mask := uint32(len(v.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &v.slots[i]
		if sl.id == 0 {
			return v.add(s, h, i)
		}
		if sl.h == h && v.strs[sl.id-1] == s {
			return sl.id - 1
		}
	}
}

// lookup returns the id of s, if it has one.
func (v *vocab) lookup(s string) (int32, bool) {
	h := hashString(s, head(s))
	mask := uint32(len(v.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &v.slots[i]
		if sl.id == 0 {
			return 0, false
		}
		if sl.h == h && v.strs[sl.id-1] == s {
			return sl.id - 1, true
		}
	}
}

// add gives s the next id, in the empty slot at.
func (v *vocab) add(s string, h uint32, at uint32) int32 {
	id := int32(len(v.strs))
	var w1 uint64
	if len(s) > 8 {
		w1 = head(s[8:])
	}
	v.slots[at] = vslot{w0: head(s), w1: w1, h: h, id: id + 1}
	v.strs = append(v.strs, s)
	var f uint8
	if stop[s] || utf8.RuneCountInString(s) < 3 {
		f |= fStop
	}
	if generic[s] {
		f |= fGeneric
	}
	v.terms = append(v.terms, term{stem: -1, flags: f})
	if 2*len(v.strs) > len(v.slots) {
		v.rehash()
	}
	return id
}

func (v *vocab) rehash() {
	old := v.slots
	v.slots = make([]vslot, 2*len(old))
	mask := uint32(len(v.slots) - 1)
	for _, sl := range old {
		if sl.id == 0 {
			continue
		}
		i := sl.h & mask
		for v.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		v.slots[i] = sl
	}
}

// key returns the id of the stem of word id.
func (v *vocab) key(id int32) int32 {
	if k := v.terms[id].stem; k >= 0 {
		return k
	}
	s := v.strs[id]
	st := stem(s)
	k := id
	if st != s {
		k = v.idStr(st)
	}
	v.terms[id].stem = k
	return k
}

type docState struct {
	events []event // the words that are not stopwords
	cands  []cand  // phrases with at least two occurrences
}

// A cand is a phrase of one story that may be chosen; every story holds
// its own until the scoring, so it is kept small.
type cand struct {
	key uint64 // a word key id, or pairKey(a, b)
	tf  int32
}

// A scored cand is one that survived the filters of choose.
type scored struct {
	cand
	score float64
	str   string
}

const pairFlag = 1 << 63

func pairKey(a, b int32) uint64 { return pairFlag | uint64(uint32(a))<<32 | uint64(uint32(b)) }

func pairParts(k uint64) (int32, int32) { return int32(uint32(k >> 32 & 0x7fffffff)), int32(uint32(k)) }

type extractor struct {
	docs [][]string
	max  int
	out  [][]string
	ds   []docState

	// corpus statistics, by corpus term id
	g        *vocab
	proper   []int32 // >0: mostly capitalised inside sentences
	best     []int32 // most frequent spelling of a key, -1 none
	df       []int32 // stories with the word key
	pairIdx  *pairTable
	pairDF   []int32
	pairBest [][3]int32 // spelling (a, b) and the count of b
	n        int        // the number of stories
}

func workers(n int) int {
	w := min(runtime.GOMAXPROCS(0), 32)
	if n < 64 {
		w = 1
	}
	return w
}

// parallel runs fn(worker, doc) for docs 0 to n-1 on all cores.
func (x *extractor) parallel(n int, fn func(w, i int)) {
	nw := workers(n)
	if nw == 1 {
		for i := range n {
			fn(0, i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	const chunk = 16
	for w := range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					fn(w, i)
				}
			}
		}()
	}
	wg.Wait()
}

func (x *extractor) run() {
	docs := x.docs
	x.ds = make([]docState, len(docs))
	x.out = make([][]string, len(docs))
	nw := workers(len(docs))

	// 1. tokenise, local vocabularies
	local := make([]*vocab, nw)
	owner := make([]uint8, len(docs))
	for w := range local {
		local[w] = newVocab(1024)
	}
	// Every story's events are held until the end. A worker scans them
	// straight into the free end of a large array of its own, which the
	// stories share, rather than into a buffer each then copies.
	const slab = 1 << 16
	free := make([][]event, nw)
	x.parallel(len(x.docs), func(w, i int) {
		owner[i] = uint8(w)
		evs := scanDoc(docs[i], local[w], free[w])
		if cap(evs) == cap(free[w]) {
			free[w] = free[w][len(evs):len(evs)]
		} else {
			// outgrown: the story keeps the array it was grown into
			free[w] = make([]event, 0, slab)
		}
		x.ds[i].events = evs[:len(evs):len(evs)]
	})
	free = nil

	// 2. corpus vocabulary; the events are mapped to it in step 3.
	// The first worker's vocabulary becomes the corpus's, so that only the
	// other workers' words are looked up: no output depends on the ids,
	// which scheduling decides anyway. A word's stem is carried over with
	// it rather than worked out again.
	g := local[0]
	x.g = g
	remap := make([][]int32, nw)
	for w, v := range local[1:] {
		rm := make([]int32, len(v.strs))
		for id, s := range v.strs {
			rm[id] = g.idOwned(s)
		}
		for id, t := range v.terms {
			if t.stem >= 0 && g.terms[rm[id]].stem < 0 {
				g.terms[rm[id]].stem = rm[t.stem]
			}
		}
		remap[w+1] = rm
	}
	remap[0] = make([]int32, len(g.strs))
	for id := range remap[0] {
		remap[0][id] = int32(id)
	}
	x.proper = make([]int32, len(g.strs))
	for w, v := range local {
		for id, t := range v.terms {
			x.proper[remap[w][id]] += t.proper
		}
	}

	// 3. count each story's words and pairs, and each spelling.
	type scratch struct {
		tf    []int32
		seen  []int32
		df    []int32
		occ   []int32 // events by word: the spellings' counts
		pairs *pairTable
		pkeys []uint64 // the story's pairs, in order, for pairs.count
		cands []cand
		keep  []cand // the free end of the array cands are kept in
	}
	nt := len(g.strs)
	// Generic words count for nothing, nor do the words of a named key,
	// which is never chosen, alone or in a pair (see namedKeys); they
	// come at random, so rather than skipped they are counted under a
	// key of no word, nt, which is then dropped: ckey has the key each
	// word is counted under. A named key so counts zero in every story,
	// and no pair that it starts passes pairKeys.
	named := x.namedKeys()
	ckey := make([]int32, nt)
	for id, t := range g.terms {
		ckey[id] = t.stem
		if t.flags&fGeneric != 0 || t.stem >= 0 && named[t.stem] {
			ckey[id] = int32(nt)
		}
	}
	sc := make([]*scratch, nw)
	for w := range sc {
		sc[w] = &scratch{tf: make([]int32, nt+1), seen: make([]int32, 0, 256), df: make([]int32, nt+1), occ: make([]int32, nt), pairs: newPairTable(10)}
	}
	x.parallel(len(x.docs), func(w, i int) {
		s := sc[w]
		evs := x.ds[i].events
		// The first worker's ids are the corpus's: its events keep them.
		if o := owner[i]; o != 0 {
			remapDoc(evs, remap[o])
		}
		// A generic word starts no pair: its prev is -1.
		tf, seen := s.tf, slices.Grow(s.seen[:0], len(evs))[:len(evs)]
		pks := slices.Grow(s.pkeys[:0], len(evs))[:len(evs)]
		occ := s.occ
		for _, ev := range evs {
			occ[ev.lw]++
		}
		n := countWords(ckey, evs, tf, seen)
		// The words counted for nothing count zero: they make no
		// candidate, and no pair passes pairKeys.
		tf[nt] = 0
		np := pairKeys(ckey, evs, tf, pks)
		s.seen = seen[:n]
		s.pkeys = pks
		s.pairs.count(pks[:np])
		cs := s.cands[:0]
		df := s.df // df[nt] is not a word's
		for _, k := range s.seen {
			if t := tf[k]; t >= 2 {
				cs = append(cs, cand{key: uint64(k), tf: t})
			}
			df[k]++
			tf[k] = 0
		}
		s.seen = s.seen[:0]
		cs = s.pairs.drain(cs)
		s.cands = cs
		if len(cs) > 0 {
			// kept until choose, in a large array the worker's stories share
			if len(cs) > cap(s.keep)-len(s.keep) {
				s.keep = make([]cand, 0, max(4096, len(cs)))
			}
			n := len(s.keep)
			s.keep = append(s.keep, cs...)
			x.ds[i].cands = s.keep[n:len(s.keep):len(s.keep)]
		}
	})
	x.df = sc[0].df
	occ := sc[0].occ
	for _, s := range sc[1:] {
		for k, n := range s.df {
			x.df[k] += n
		}
		for k, n := range s.occ {
			occ[k] += n
		}
	}
	x.best = bestSpellings(g, occ)

	// 4. the pairs that may be chosen: their story counts and spellings
	x.pairIdx = newPairTable(12)
	for i := range x.ds {
		for _, c := range x.ds[i].cands {
			if c.key&pairFlag != 0 {
				if n := x.pairIdx.len(); *x.pairIdx.at(c.key) == 0 {
					*x.pairIdx.at(c.key) = int32(n) + 1 // index+1: 0 is new
				}
			}
		}
	}
	for _, j := range x.pairIdx.used {
		x.pairIdx.vals[j]--
	}
	x.countPairs()

	// 5. score and choose
	spare := make([]chooseScratch, nw)
	x.parallel(len(x.docs), func(w, i int) { x.choose(i, &spare[w]) })
}

// countPairs counts the stories and spellings of the pairs of pairIdx in
// the stories' events, and picks each pair's display form from them and
// best.
func (x *extractor) countPairs() {
	g, np, nw := x.g, x.pairIdx.len(), workers(len(x.ds))
	x.pairDF = make([]int32, np)
	ps := make([]*pairCounter, nw)
	for w := range ps {
		ps[w] = &pairCounter{df: make([]int32, np), last: make([]int32, np), forms: newFormTable(10),
			first: make([]int32, np), firstN: make([]int32, np)}
	}
	if np > 0 {
		ends := pairEnds(g, x.pairIdx)
		x.parallel(len(x.ds), func(w, i int) { ps[w].add(int32(i)+1, x.ds[i].events, g.terms, ends, x.pairIdx) })
	}
	forms := ps[0].forms
	for w, s := range ps {
		for p, n := range s.df {
			x.pairDF[p] += n
		}
		if w > 0 {
			for _, j := range s.forms.used {
				forms.add(s.forms.keys[j], s.forms.vals[j])
			}
		}
		for p, n := range s.firstN {
			if n > 0 {
				forms.add(form{int32(p), s.first[p]}, n)
			}
		}
	}
	x.pairBest = make([][3]int32, np)
	for p := range x.pairBest {
		x.pairBest[p] = [3]int32{-1, -1, 0}
	}
	for _, j := range forms.used {
		x.betterForm(forms.keys[j][0], forms.keys[j][1], forms.vals[j])
	}
	for _, j := range x.pairIdx.used {
		a, _ := pairParts(x.pairIdx.keys[j])
		x.pairBest[x.pairIdx.vals[j]][0] = x.displayID(a)
	}
}

// countWords counts the words of a story's events evs in tf, by the key
// ckey gives each, and puts in seen each key it counts from zero, in
// order; it returns how many. seen has room for one per event. It is a
// function of its own, which calls none, with the pairs left to pairKeys,
// so that the loop keeps its state in registers (inlined, it would not).
//
//go:noinline
func countWords(ckey []int32, evs []event, tf, seen []int32) (n int) {
	for _, ev := range evs {
		k := ckey[ev.lw]
		t := tf[k]
		seen[n] = k
		if t == 0 {
			n++
		}
		tf[k] = t + 1
	}
	return n
}

// pairKeys puts in pks the keys of the pairs of evs that may occur twice
// and have no named word, in order, and returns how many. pks has room for
// one per event; tf has the story's counts by ckey (see countWords), with
// zero for the words counted for nothing. An event's prev is the key of
// the word before: neither word of a pair is generic, so each is counted
// in tf under its key unless the key is named, and a pair occurs no more
// often than either of its words. The pairs left out would be dropped as
// occurring once or never chosen; the order of the first occurrences of
// the others is kept.
//
//go:noinline
func pairKeys(ckey []int32, evs []event, tf []int32, pks []uint64) (n int) {
	for _, ev := range evs {
		if p := ev.prev; p >= 0 {
			k := ckey[ev.lw]
			if tf[p] >= 2 && tf[k] >= 2 {
				pks[n] = pairKey(p, k)
				n++
			}
		}
	}
	return n
}

// remapDoc maps the ids of the events evs, of a worker's vocabulary, to
// the corpus's by rm.
func remapDoc(evs []event, rm []int32) {
	for e := range evs {
		ev := &evs[e]
		ev.lw = rm[ev.lw]
		if ev.prev >= 0 {
			ev.prev = rm[ev.prev]
		}
	}
}

// A pairCounter counts, over the stories of one worker, the stories and
// the spellings of each pair that may be chosen (see run).
type pairCounter struct {
	df   []int32
	last []int32 // the story a pair was last counted in, +1
	// Most pairs have their second word written one way: the first
	// spelling a worker sees of each is counted here, without hashing,
	// and only the others in forms.
	first  []int32
	firstN []int32
	forms  *formTable
}

// add counts the pairs of pairIdx in evs, the events of story doc-1; ends
// is pairEnds(g, pairIdx).
func (s *pairCounter) add(doc int32, evs []event, terms []term, ends []uint8, pairIdx *pairTable) {
	ends = ends[:len(terms)]
	for _, ev := range evs {
		// A generic word has no prev (see word): it ends no pair.
		if ev.prev < 0 || ends[ev.prev]&1 == 0 || ends[ev.lw]&2 == 0 {
			continue
		}
		p, ok := pairIdx.get(pairKey(ev.prev, terms[ev.lw].stem))
		if !ok {
			continue
		}
		if s.last[p] != doc {
			s.last[p] = doc
			s.df[p]++
		}
		// An unset first spelling is 0 with a count of 0: counting a
		// match of it is the same as setting it.
		if s.first[p] == ev.lw {
			s.firstN[p]++
		} else if s.firstN[p] == 0 {
			s.first[p], s.firstN[p] = ev.lw, 1
		} else {
			s.forms.add(form{p, ev.lw}, 1)
		}
	}
}

// pairEnds tells of a key that it starts a pair of pairIdx (1), of a word
// that its key ends one (2): most pairs that cannot be chosen are left out
// without a look-up in pairIdx.
func pairEnds(g *vocab, pairIdx *pairTable) []uint8 {
	ends := make([]uint8, len(g.strs))
	for _, j := range pairIdx.used {
		a, b := pairParts(pairIdx.keys[j])
		ends[a] |= 1
		ends[b] |= 4
	}
	for lw, t := range g.terms {
		if k := t.stem; k >= 0 && ends[k]&4 != 0 {
			ends[lw] |= 2
		}
	}
	return ends
}

// bestSpellings returns the most frequent spelling of each key of g, by
// the words' counts occ, ties to the smaller string; -1 for a key no word
// with a count has.
func bestSpellings(g *vocab, occ []int32) []int32 {
	best := make([]int32, len(g.strs))
	for k := range best {
		best[k] = -1
	}
	for lw, n := range occ {
		k := g.terms[lw].stem
		if n == 0 || k < 0 {
			continue
		}
		if b := best[k]; b < 0 || n > occ[b] || n == occ[b] && g.strs[lw] < g.strs[b] {
			best[k] = int32(lw)
		}
	}
	return best
}

// betterForm counts n of spelling b as the second word of pair p, when
// that makes it the most frequent, ties to the smaller string: an
// order-free choice, so the spellings may be counted in any order.
func (x *extractor) betterForm(p, b, n int32) {
	f := &x.pairBest[p]
	if n > f[2] || n == f[2] && x.g.strs[b] < x.g.strs[f[1]] {
		f[1], f[2] = b, n
	}
}

// namedKeys tells of each key whether it is mostly written capitalised,
// or its plural is: a name, never chosen.
func (x *extractor) namedKeys() []bool {
	named := make([]bool, len(x.proper))
	for id, p := range x.proper {
		if p <= 0 {
			continue
		}
		named[id] = true
		if s := x.g.strs[id]; len(s) > 1 && s[len(s)-1] == 's' {
			if k, ok := x.g.lookup(s[:len(s)-1]); ok {
				named[k] = true
			}
		}
	}
	return named
}

// chooseScratch is what choose reuses from story to story.
type chooseScratch struct {
	cs    []scored
	heads *pairTable // see shortLines
	// strs holds the strings of the pairs, which live only while choose
	// runs: the picked phrases are given their display forms at the end.
	strs []byte
	// out is the free end of an array that the picked phrases of the
	// worker's stories share, rather than one array each.
	out []string
}

// choose picks the keyphrases of doc i.
func (x *extractor) choose(i int, sc *chooseScratch) {
	g := x.g
	n := float64(x.n)
	if sc.heads == nil {
		sc.heads = newPairTable(8)
	}
	heads := sc.heads
	x.shortLines(x.docs[i], heads)
	// Most stories have no short lines: no look-ups then.
	hasHeads := heads.len() > 0
	cs := sc.cs[:0]
	// Appending never writes where a string made before it points, even
	// when it moves to a new array.
	strs := sc.strs[:0]
	for _, c := range x.ds[i].cands {
		var df int32
		var str string
		pair := c.key&pairFlag != 0
		if pair {
			// No cand has a named key, nor a pair a named word (see
			// ckey in run).
			p, _ := x.pairIdx.get(c.key)
			if b := x.pairBest[p]; hasHeads && heads.has(pairKey(b[0], b[1])) {
				continue
			}
			df = x.pairDF[p]
		} else {
			k := int32(c.key)
			if hasHeads && heads.has(wordKey(x.displayID(k))) {
				continue
			}
			str = g.strs[k]
			if strings.HasSuffix(str, "ed") {
				continue
			}
			df = x.df[k]
		}
		if x.n >= 10 && float64(df) > n/4 {
			continue
		}
		s := float64(c.tf) * math.Log(1+n/float64(df))
		if pair {
			s *= 1.5
			a, b := pairParts(c.key)
			at := len(strs)
			strs = append(append(append(strs, g.strs[a]...), ' '), g.strs[b]...)
			str = unsafe.String(&strs[at], len(strs)-at)
		}
		cs = append(cs, scored{cand: c, score: s, str: str})
	}
	out, at := sc.out, len(sc.out) // the story's phrases are out[at:]
	var kb [3]uint64
	keys := kb[:0]
	// Only the best few are wanted: they are found one at a time, and the
	// rest sorted only when many have been passed over. No two candidates
	// have the same string, so the order is total and this picks what
	// sorting all of them would.
	for k := 0; k < len(cs) && len(out)-at != x.max; k++ {
		if k < 8 {
			m := k
			for j := k + 1; j < len(cs); j++ {
				// cmpScored(cs[j], cs[m]) < 0, without copying both
				if a, b := cs[j].score, cs[m].score; a > b || a == b && cs[j].str < cs[m].str {
					m = j
				}
			}
			cs[k], cs[m] = cs[m], cs[k]
		} else if k == 8 {
			slices.SortFunc(cs[k:], cmpScored)
		}
		c := cs[k]
		if overlaps(c.str, out[at:]) {
			continue
		}
		if len(out) == cap(out) {
			// a new array, which takes the story's phrases so far
			out = append(make([]string, 0, max(1024, 2*(len(out)-at))), out[at:]...)
			at = 0
		}
		out = append(out, c.str)
		keys = append(keys, c.key)
	}
	var picked []string
	if len(out) > at {
		picked = out[at:len(out):len(out)]
	}
	for j, k := range keys {
		if k&pairFlag != 0 {
			p, _ := x.pairIdx.get(k)
			picked[j] = x.pairDisplay(p)
		} else {
			picked[j] = x.display(int32(k))
		}
	}
	x.out[i] = picked
	x.ds[i] = docState{}
	sc.cs, sc.strs, sc.out = cs, strs, out
}

// cmpScored orders candidates best first, ties by string.
func cmpScored(a, b scored) int {
	if a.score != b.score {
		if a.score > b.score {
			return -1
		}
		return 1
	}
	return strings.Compare(a.str, b.str)
}

// display is the form a word key is most often written in.
func (x *extractor) display(k int32) string { return x.g.strs[x.displayID(k)] }

// displayID is the term id of display(k).
func (x *extractor) displayID(k int32) int32 {
	if b := x.best[k]; b >= 0 {
		return b
	}
	return k
}

func (x *extractor) pairDisplay(p int32) string {
	b := x.pairBest[p]
	return x.g.strs[b[0]] + " " + x.g.strs[b[1]]
}

// scanDoc turns one text into its word events, as the candidate scan sees
// them: a word that is not a stopword, and the key of the word before it
// when the two make a pair. Each word's capitalisation goes straight into
// v.terms. The events are appended to evs.
func scanDoc(paras []string, v *vocab, evs []event) []event {
	sc := scanner{v: v, evs: evs[:cap(evs)], n: len(evs)}
	for _, text := range paras {
		// A paragraph ends a sentence and a phrase.
		sc.sentStart, sc.prev = true, -1
		sc.para(text)
	}
	return sc.evs[:sc.n]
}

// A scanner is the state of scanDoc between words. Most of a text is
// scanned by fast, which holds the state in locals; what it leaves to slow
// and word is rare enough that they keep it here.
type scanner struct {
	v   *vocab
	evs []event // all of its capacity: the events are evs[:n]
	// n is kept apart from evs so that a word stores a count, not a
	// slice, which the garbage collector's write barrier would watch
	n         int
	prev      int32 // the key of the previous word when a pair may follow, else -1
	sentStart bool
}

func (sc *scanner) para(text string) {
	// Words are two bytes apart at least (a letter and a byte that ends
	// it), so the events of text fit in this much room: fast need not
	// check.
	if need := sc.n + (len(text)+1)/2; need > len(sc.evs) {
		sc.evs = slices.Grow(sc.evs[:sc.n], need-sc.n)
		sc.evs = sc.evs[:cap(sc.evs)]
	}
	for i := 0; i < len(text); {
		if i = sc.fast(text, i); i < len(text) {
			i = sc.slow(text, i)
		}
	}
}

// fast goes on with the scan at i as long as it meets nothing but
// separators and the most common words, and returns where it stops: the
// end of text, or a byte for slow. It calls no function, so that the
// compiler keeps the scan's state in registers, not spilling it on every
// round of the loop.
func (sc *scanner) fast(text string, i int) int {
	v := sc.v
	// capital is what a capitalised word adds to proper (see word): 0
	// at the start of a sentence, else 1. Kept instead of sentStart, it
	// makes the sum one choice.
	prev, capital := sc.prev, int32(1)
	if sc.sentStart {
		capital = 0
	}
	evs, n := sc.evs, sc.n
outer:
	for i < len(text) {
		switch byteKind[text[i]] {
		case kSentence:
			capital = 0
			prev = -1
			i++
			continue
		case kBlank:
			i++
			continue
		case kBreak:
			prev = -1
			i++
			continue
		case kLetter:
			// Most words are ASCII letters of less than sixteen, which
			// a plain ASCII byte or the end of the text ends, and
			// known to v with their key: they are done here in one go,
			// as word would. A word and a single space are followed by
			// the next word without going round the outer loop.
		words:
			for {
				var x, y uint64 // text[i:i+16], zeros past its end
				if i+16 <= len(text) {
					t := text[i : i+16]
					x, y = load64(t), load64(t[8:])
				} else if len(text) >= 16 {
					// the last sixteen bytes, shifted down: written
					// out, as a call here would cost the loop its
					// registers
					t := text[len(text)-16:]
					a, c := load64(t), load64(t[8:])
					if o := uint(i-len(text)+16) * 8; o < 64 {
						x, y = a>>o|c<<(64-o), c>>o
					} else {
						x = c >> (o - 64)
					}
				} else {
					break
				}
				m := letterRun(x)
				if m == 8 {
					m += letterRun(y)
				}
				j := i + m
				var b byte // the byte after the word; 0 at the end
				if j < len(text) {
					b = text[j]
				}
				if m == 16 || notEnd[b] {
					break
				}
				// headMask and hashLower, for m of 1 to 15, from a table
				// rather than shifts and a branch on m
				w0, w1, h := (x|lower8)&headMasks[m&15], uint64(0), uint32(0)
				if m <= 8 {
					h = hashHead(w0)
				} else {
					w1 = (y | lower8) & headMasks[(m-8)&15]
					h = uint32((w0*hashK ^ w1) * hashK >> 32)
				}
				// The probe of idLower. The word is letters only, of
				// less than sixteen, so its heads settle it (see
				// vslot). A new word is left to word. The hashes need
				// not be compared, and no empty slot has heads that
				// match, as no word has a zero byte.
				slots := v.slots
				mask := uint32(len(slots) - 1)
				k := h & mask
				for {
					sl := &slots[k]
					if sl.w0 == w0 && sl.w1 == w1 {
						break
					}
					if sl.id == 0 {
						break words
					}
					k = (k + 1) & mask
				}
				id := slots[k].id - 1
				t := &v.terms[id]
				f, key := t.flags, t.stem
				if key < 0 && f&fStop == 0 {
					break // the key is learnt by word
				}
				if b == '\'' && j+1 < len(text) && text[j+1] == 's' {
					j += len("'s")
					b = 0 // the outer loop sees what follows
				}
				// as in word
				d := int32(-1)
				if x&0x20 == 0 {
					d = capital
				}
				t.proper += d
				capital = 1
				ev := event{lw: id, prev: prev}
				if f&fGeneric != 0 {
					ev.prev = -1
				}
				if f&(fStop|fGeneric) != 0 {
					key = -1
				}
				prev = key
				evs[n] = ev
				n += int(^f&fStop) / fStop
				i = j
				if b != ' ' || i+1 >= len(text) {
					continue outer
				}
				i++
				if byteKind[text[i]] != kLetter {
					continue outer
				}
			}
		}
		break // a word for word, or a multi-byte rune
	}
	sc.prev, sc.sentStart, sc.n = prev, capital == 0, n
	return i
}

// slow goes on with the scan at i, a letter or a multi-byte rune, and
// returns where it goes on after that.
func (sc *scanner) slow(text string, i int) int {
	if text[i] < utf8.RuneSelf {
		return sc.word(text, i)
	}
	r, w := utf8.DecodeRuneInString(text[i:])
	if unicode.IsLetter(r) {
		return sc.word(text, i)
	}
	if r == '“' {
		sc.sentStart = true
		sc.prev = -1
	} else if !unicode.IsSpace(r) && r != '’' {
		sc.prev = -1
	}
	return i + w
}

// word records the word that starts with a letter at i (letters, with
// inner hyphens before a letter) and returns where the scan goes on.
func (sc *scanner) word(text string, i int) int {
	j, ascii := i, true
	var w0 uint64 // head(word) lower-cased
	if i+16 <= len(text) {
		// Most words are ASCII letters that a plain byte ends, of less
		// than sixteen: found sixteen bytes at a time, with no branch
		// on the length, which the predictor could not guess.
		x := load64(text[i:])
		n := letterRun(x)
		n += letterRun(load64(text[i+8:])) * (n >> 3) // n>>3 is 1 when n is 8, else 0
		if n < 16 {
			if b := text[i+n]; b != '-' && b < utf8.RuneSelf {
				j = i + n
				w0 = (x | lower8) & headMask(n)
			}
		}
	}
	if j == i {
		j, ascii = wordEnd(text, i)
		w0 = head(text[i:j]) | lower8&headMask(j-i)
	}
	word := text[i:j]
	// possessive and contractions: "Iran's" counts as "Iran"
	if j+1 < len(text) && text[j] == '\'' && text[j+1] == 's' {
		j += len("'s")
	} else if strings.HasPrefix(text[j:], "’s") {
		j += len("’s")
	}
	v := sc.v
	var id int32
	var upper bool
	if ascii {
		upper = 'A' <= word[0] && word[0] <= 'Z'
		id = v.idLower(word, w0)
	} else {
		id = v.idStr(strings.ToLower(word))
		r, _ := utf8.DecodeRuneInString(word)
		upper = unicode.IsUpper(r)
	}
	// -1 in lower case, +1 capitalised inside a sentence, else 0: worked
	// out without branches, as capitals come at random
	var u, st int32
	if upper {
		u = 1
	}
	if sc.sentStart {
		st = 1
	}
	t := &v.terms[id]
	t.proper += u*(2-st) - 1
	sc.sentStart = false
	// The key is learnt for every word that counts, even a generic one
	// (learning it may add the stem to v), and for no stopword.
	f, key := t.flags, t.stem
	if key < 0 && f&fStop == 0 {
		key = v.key(id)
	}
	// A stopword ends a phrase and makes no event; a generic word makes
	// one that starts no pair. Stopwords come at random, so the event is
	// written in any case and kept or not without a branch.
	ev := event{lw: id, prev: sc.prev}
	if f&fGeneric != 0 {
		ev.prev = -1
	}
	if f&(fStop|fGeneric) != 0 {
		key = -1
	}
	sc.prev = key
	n := sc.n
	if n == len(sc.evs) {
		sc.evs = slices.Grow(sc.evs, 1)
		sc.evs = sc.evs[:cap(sc.evs)]
	}
	sc.evs[n] = ev
	sc.n = n + int(^f&fStop)/fStop
	return j
}

// wordEnd returns the end of the word that starts with a letter at i:
// letters, and hyphens between letters. ascii tells a word of ASCII bytes.
func wordEnd(text string, i int) (j int, ascii bool) {
	s := text[i:]
	k := 0
	ascii = true
	for {
		for k < len(s) && byteKind[s[k]] == kLetter {
			k++
		}
		if k == len(s) {
			return i + k, ascii
		}
		b := s[k]
		if b == '-' {
			if k+1 < len(s) && isLetterAt(s, k+1) {
				k++
				continue
			}
			return i + k, ascii
		}
		if b < utf8.RuneSelf {
			return i + k, ascii
		}
		r, w := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsLetter(r) {
			return i + k, ascii
		}
		ascii = false
		k += w
	}
}

// What a byte does to the scan when it is not part of a word.
const (
	kLetter   = iota // an ASCII letter
	kSentence        // ends a sentence and a phrase
	kBlank           // space, hyphen or apostrophe: ends neither
	kBreak           // ends a phrase
	kRune            // starts or continues a multi-byte rune
)

var byteKind = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = kRune
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			t[c] = kLetter
		case strings.IndexByte(".!?\":\n", byte(c)) >= 0:
			t[c] = kSentence
		case strings.IndexByte(" \t\v\f\r-'", byte(c)) >= 0:
			t[c] = kBlank
		default:
			t[c] = kBreak
		}
	}
	return t
}()

// notEnd has the bytes that may go on with a word after a run of ASCII
// letters: a hyphen, or one of a multi-byte rune.
var notEnd = func() (t [256]bool) {
	for c := range t {
		t[c] = c == '-' || c >= utf8.RuneSelf
	}
	return t
}()

func asciiLetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

func isLetterAt(s string, i int) bool {
	if b := s[i]; b < utf8.RuneSelf {
		return asciiLetter(b)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// fields puts the bounds of the fields of s, as strings.Fields splits
// it, in fs and returns how many there are; when there are more than
// len(fs) it returns len(fs)+1, without looking at the rest of s. It
// keeps bounds rather than strings, which the collector would have to see
// written.
func fields(s string, fs *[4][2]int) int {
	n, i := 0, 0
	for {
		for i < len(s) {
			if b := s[i]; b < utf8.RuneSelf {
				if !asciiSpace[b] {
					break
				}
				i++
			} else {
				r, w := utf8.DecodeRuneInString(s[i:])
				if !unicode.IsSpace(r) {
					break
				}
				i += w
			}
		}
		if i == len(s) {
			return n
		}
		if n == len(fs) {
			return n + 1
		}
		j := i
		// Eight bytes at a time up to the first that is below '!' or not
		// ASCII: below, a byte borrows and gets bit 7, which no byte
		// before it does.
		for j+8 <= len(s) {
			x := load64(s[j:])
			if m := ((x - 0x2121212121212121) | x) & 0x8080808080808080; m != 0 {
				j += bits.TrailingZeros64(m) >> 3
				break
			}
			j += 8
		}
		for j < len(s) {
			if b := s[j]; b < utf8.RuneSelf {
				if asciiSpace[b] {
					break
				}
				j++
				continue
			}
			r, w := utf8.DecodeRuneInString(s[j:])
			if unicode.IsSpace(r) {
				break
			}
			j += w
		}
		fs[n] = [2]int{i, j}
		n++
		i = j
	}
}

var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

const trimSet = " \t'\"‘’“”.:"

// trimQuotes is strings.Trim(s, trimSet), a byte at a time: with runes
// beyond ASCII in the set, strings.Trim decodes and looks up every rune.
func trimQuotes(s string) string {
	i, j := 0, len(s)
	for i < j {
		if trimASCII[s[i]] {
			i++
		} else if j-i >= 3 && s[i] == 0xe2 && s[i+1] == 0x80 && curly(s[i+2]) {
			i += 3 // ‘ ’ “ ”
		} else {
			break
		}
	}
	for i < j {
		if trimASCII[s[j-1]] {
			j--
		} else if j-i >= 3 && s[j-3] == 0xe2 && s[j-2] == 0x80 && curly(s[j-1]) {
			j -= 3
		} else {
			break
		}
	}
	return s[i:j]
}

var trimASCII = [256]bool{' ': true, '\t': true, '\'': true, '"': true, '.': true, ':': true}

// curly tells the last byte of a curly quote, after 0xe2 0x80.
func curly(b byte) bool { return b == 0x98 || b == 0x99 || b == 0x9c || b == 0x9d }

// shortLines puts in t the words and word pairs of a text's short lines,
// lower-cased: subheadings, whose words are layout rather than the
// story's topic. They are kept as term ids (see wordKey and pairKey), not
// strings: a phrase is only ever looked up to rule out a candidate, whose
// words are all in the corpus vocabulary, so a word outside it matters to
// nothing, and no string is built for a story.
func (x *extractor) shortLines(paras []string, t *pairTable) {
	t.reset()
	var fs [4][2]int
	for _, l := range paras {
		l = trimQuotes(l)
		if longLine(l) {
			continue
		}
		n := fields(l, &fs)
		if n == 0 || n > len(fs) {
			continue
		}
		prev := int32(-1)
		for _, f := range fs[:n] {
			id, ok := x.g.lookupLower(l[f[0]:f[1]])
			if !ok {
				prev = -1
				continue
			}
			t.at(wordKey(id))
			if prev >= 0 {
				t.at(pairKey(prev, id))
			}
			prev = id
		}
	}
}

// longLine tells, from a look at its first few spaces, that l has more
// than four fields, as most paragraphs do: l starts a field, and so does
// each space followed by an ASCII byte that is not a space. A false is
// no answer. The spaces are found eight bytes at a time.
func longLine(l string) bool {
	if len(l) == 0 || l[0] <= ' ' || l[0] >= utf8.RuneSelf {
		return false
	}
	n := 0
	for i := 0; i+8 <= len(l); i += 8 {
		t := load64(l[i:]) ^ lower8 // a space is a zero byte
		z := ^((t&0x7f7f7f7f7f7f7f7f + 0x7f7f7f7f7f7f7f7f) | t) & 0x8080808080808080
		for ; z != 0; z &= z - 1 {
			k := i + bits.TrailingZeros64(z)>>3 + 1
			if k < len(l) && l[k] > ' ' && l[k] < utf8.RuneSelf {
				if n++; n == 4 {
					return true
				}
			}
		}
	}
	return false
}

// wordKey is the key of a word in a pairTable, which has no pair's key.
func wordKey(id int32) uint64 { return 1<<62 | uint64(uint32(id)) }

// lookupLower returns the id of strings.ToLower(s), if it has one. A word
// of the vocabulary has no ASCII byte but letters and hyphens, so a field
// with another needs no look-up.
func (v *vocab) lookupLower(s string) (int32, bool) {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b >= utf8.RuneSelf {
			return v.lookup(strings.ToLower(s))
		} else if !asciiLetter(b) && b != '-' {
			return 0, false
		}
	}
	// The probe is idLower's, written out again: shared as a function
	// the compiler does not inline, it cost the scanner's hot loop 69 M
	// more instructions per 10,000 stories (BenchmarkExtract10k).
	w0 := head(s) | lower8&headMask(len(s))
	h := hashLower(s, w0)
	mask := uint32(len(v.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &v.slots[i]
		if sl.id == 0 {
			return 0, false
		}
		if sl.h == h && sl.w0 == w0 && v.sameLower(sl.id-1, s) {
			return sl.id - 1, true
		}
	}
}

// stem folds plurals so "execution" and "executions" count together.
func stem(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		!strings.HasSuffix(w, "is") && len(w) > 4:
		return w[:len(w)-1]
	}
	return w
}

func overlaps(k string, picked []string) bool {
	for _, p := range picked {
		if within(p, k) || within(k, p) {
			return true
		}
		for w := range strings.FieldsSeq(k) {
			if within(p, w) {
				return true
			}
		}
	}
	return false
}

// within tells whether " "+s+" " contains " "+w+" ", without building
// either: whether w is in s with a space or an end of s on each side.
func within(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		i += j
		if (i == 0 || s[i-1] == ' ') && (i+len(w) == len(s) || s[i+len(w)] == ' ') {
			return true
		}
	}
	return false
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// stop are function words, weekdays and months: never part of a topic.
var stop = set(`a an the and or but nor so yet for of to in on at by with from into onto over under about above
below after before during since until while as than then that this these those there here their them they
its his her hers him he she it we us our you your i me my mine who whom whose which what when where why how
is are was were be been being am has have had having do does did doing will would shall should can could
may might must not no nor only also just even still very too more most much many some any all each every
both few other such own same again further once out off up down through between against among within without
upon per via amid despite although though because unless whether if else one two three four five six seven
eight nine ten first second third new last next monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december mondays tuesdays
wednesdays thursdays fridays saturdays sundays jan feb mar apr jun jul aug sep sept oct nov dec today
tomorrow yesterday tonight now ago already yet around across along toward towards near like including
according also however well back away never always often sometimes perhaps maybe whose whether itself
themselves himself herself ourselves yourself behind beside besides beyond inside outside below beneath
above throughout within`)

// generic are news words too common to say what a story is about.
var generic = set(`said say says saying told tell tells added add adds asked ask asks stated noted according
reported report reports reporting official officials source sources spokesman spokeswoman statement
statements year years month months week weeks day days time times people person country countries
government governments state states city cities world national international local news media press
percent cent number numbers part parts way ways thing things lot group groups including made make makes
making take takes took taken get gets got give gives gave given come comes came going goes went see seen
saw know known knew think thought want wants wanted use used uses using call called calls need needs
needed work works worked help helped show shows showed shown expected expect expects likely set sets
put puts including end ended ends began begin begins start started starts told also whose recent recently
former current major key top high low large small big little good great long short early late earlier
later past future last next previous several certain various many much including since based issue
issues matter matters move moves moved plan plans planned continue continued continues remain remained
remains according level levels side sides case cases point points place places area areas region
regions team teams member members leader leaders head total average market markets price prices
share shares percent company companies firm firms analyst analysts mr mrs ms dr president minister
chief director told reporter reporters received message messages remarks nations citizens
official comment comments
`)
