package story

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// Link finds, across all stories given, which retell an earlier one
// (DuplicateOf) and which are about the same event or thread (Related).
//
// Duplicates are found with MinHash over word triples and banded
// locality-sensitive hashing: each story gets a signature of signatureSize
// minimum hashes (one permutation, hashed into buckets), and only stories
// sharing a band of the signature are compared. A story retells an earlier
// one when most of the smaller story's triples appear in the larger.
//
// Related stories share their topic words rather than their sentences. Each
// story is keyed by its most frequent topic words, and stories sharing
// enough keys are compared; a key shared by very many stories is followed
// only to its most recent ones, so the work stays linear in the number of
// stories.
//
// The result depends only on the stories and their order.
func Link(stories []Story) {
	fps := make([]fingerprint, len(stories))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(stories)/256))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var t termCounter
			for i := w; i < len(stories); i += workers {
				fps[i] = fingerprintOf(&stories[i], &t)
			}
		}()
	}
	wg.Wait()
	chooseKeys(fps)

	for i := range stories {
		stories[i].DuplicateOf = -1
		stories[i].Related = nil
	}
	linkDuplicates(stories, fps)
	linkRelated(stories, fps)
}

const (
	openingWords   = 6
	signatureSize  = 64
	bandRows       = 2
	keyTerms       = 12 // topic words that key a story
	candidateTerms = 2 * keyTerms
)

// A fingerprint is what Link knows of one story.
type fingerprint struct {
	sig      [signatureSize]uint32
	shingles int         // word triples in the story
	terms    []termCount // its most frequent topic words, then its key terms
	// sentences are the hashes of its sentences, sorted: a story told
	// again keeps most of them word for word, however trimmed or
	// reordered.
	sentences []uint64
	// openings hash the first words of each paragraph.
	openings []uint64
}

type termCount struct {
	hash  uint64
	count int
}

func (f *fingerprint) empty() bool { return f.shingles == 0 }

// similarity estimates the Jaccard similarity of two stories' triples.
func (f *fingerprint) similarity(g *fingerprint) float64 {
	same := 0
	for k := range f.sig {
		if f.sig[k] == g.sig[k] {
			same++
		}
	}
	return float64(same) / signatureSize
}

// containment estimates the share of the smaller story's triples found in
// the larger, from the Jaccard estimate and the two sizes.
func (f *fingerprint) containment(g *fingerprint) float64 {
	j := f.similarity(g)
	a, b := float64(f.shingles), float64(g.shingles)
	inter := j * (a + b) / (1 + j)
	return math.Min(1, inter/math.Min(a, b))
}

// termCounter counts topic words in an open-addressing table, faster than
// a map for this one job; one is reused per worker.
type termCounter struct {
	slots []termCount // hash 0 marks an empty slot
	used  []int32     // the filled slots, in order of first use
	order []termCount
}

func (t *termCounter) reset() {
	if t.slots == nil {
		t.slots = make([]termCount, 1024)
	}
	for _, k := range t.used {
		t.slots[k] = termCount{}
	}
	t.used = t.used[:0]
}

func (t *termCounter) add(h uint64, n int) {
	if h == 0 {
		h = 1
	}
	if 2*len(t.used) >= len(t.slots) {
		t.grow()
	}
	mask := uint64(len(t.slots) - 1)
	for k := h & mask; ; k = (k + 1) & mask {
		switch t.slots[k].hash {
		case h:
			t.slots[k].count += n
			return
		case 0:
			t.slots[k] = termCount{h, n}
			t.used = append(t.used, int32(k))
			return
		}
	}
}

func (t *termCounter) grow() {
	old := make([]termCount, 0, len(t.used))
	for _, k := range t.used {
		old = append(old, t.slots[k])
	}
	t.slots = make([]termCount, 2*len(t.slots))
	t.used = t.used[:0]
	for _, tc := range old {
		t.add(tc.hash, tc.count)
	}
}

// top returns the n most frequent terms, ties broken by hash so that the
// order of counting does not matter. It sorts only the terms at or above
// the n-th count.
func (t *termCounter) top(n int) []termCount {
	var hist [8]int // terms counted 1, 2, ... 7, and 8 or more times
	for _, k := range t.used {
		hist[min(t.slots[k].count, 8)-1]++
	}
	floor, above := 1, 0
	for c := 8; c >= 1; c-- {
		above += hist[c-1]
		if above >= n {
			floor = c
			break
		}
	}
	t.order = t.order[:0]
	for _, k := range t.used {
		if t.slots[k].count >= floor {
			t.order = append(t.order, t.slots[k])
		}
	}
	slices.SortFunc(t.order, byCount)
	return slices.Clone(t.order[:min(n, len(t.order))])
}

func fingerprintOf(s *Story, t *termCounter) fingerprint {
	var f fingerprint
	var mins [signatureSize]uint64
	for k := range mins {
		mins[k] = math.MaxUint64
	}
	t.reset()
	var w0, w1, sent uint64
	n := 0
	for _, b := range s.Blocks {
		text := b.Text
		words, open := 0, uint64(0)
		for i := 0; i < len(text); {
			// Words are runs of letters, digits and non-ASCII bytes,
			// folded to lower case.
			for i < len(text) && !isWordByte(text[i]) {
				i++
			}
			start := i
			h := uint64(14695981039346656037)
			for i < len(text) && (isWordByte(text[i]) || text[i] == '\'' && i+1 < len(text) && isWordByte(text[i+1])) {
				c := text[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				h = (h ^ uint64(c)) * 1099511628211
				i++
			}
			if i == start {
				continue
			}
			if i-start >= 4 && !isStopHash(h) {
				weight := 1
				if 'A' <= text[start] && text[start] <= 'Z' {
					weight = 2 // names say more of what a story is about
				}
				t.add(h, weight)
			}
			n++
			if n >= 3 {
				sh := mix(w0*0x9E3779B97F4A7C15 ^ bits.RotateLeft64(w1, 21) ^ bits.RotateLeft64(h, 42))
				k := sh >> (64 - 6) // signatureSize is 1<<6
				if v := sh << 6; v < mins[k] {
					mins[k] = v
				}
				f.shingles++
			}
			w0, w1 = w1, h
			if words++; words <= openingWords {
				open = mix(open ^ h)
				if words == openingWords {
					f.openings = append(f.openings, open)
				}
			}
			// A full stop, question or exclamation mark after the
			// word ends a sentence.
			sent = mix(sent ^ h)
			if i < len(text) && (text[i] == '.' || text[i] == '!' || text[i] == '?') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '"') {
				f.sentences = append(f.sentences, sent)
				sent = 0
			}
		}
		if sent != 0 {
			f.sentences = append(f.sentences, sent)
			sent = 0
		}
	}
	slices.Sort(f.sentences)
	f.sentences = slices.Compact(f.sentences)
	densify(&mins)
	for k, m := range mins {
		f.sig[k] = uint32(m >> 32)
	}
	// The candidates for key terms: the most frequent.
	f.terms = t.top(candidateTerms)
	return f
}

func byCount(a, b termCount) int {
	if a.count != b.count {
		return b.count - a.count
	}
	return cmp.Compare(a.hash, b.hash)
}

// chooseKeys keeps as key terms the candidates that are frequent in their
// story and rare among the stories (tf-idf), so that a word every story
// uses keys none.
func chooseKeys(fps []fingerprint) {
	df := map[uint64]int{}
	for i := range fps {
		for _, t := range fps[i].terms {
			df[t.hash]++
		}
	}
	n := float64(len(fps))
	var weights []float64
	var idx []int
	for i := range fps {
		terms := fps[i].terms
		weights, idx = weights[:0], idx[:0]
		for k, t := range terms {
			weights = append(weights, float64(t.count)*math.Log(1+n/float64(df[t.hash])))
			idx = append(idx, k)
		}
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(weights[b], weights[a]) })
		keys := make([]termCount, 0, keyTerms)
		for _, k := range idx[:min(keyTerms, len(idx))] {
			keys = append(keys, terms[k])
		}
		fps[i].terms = keys
	}
}

func isWordByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// mix is the SplitMix64 finaliser: it spreads a hash over all bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	return x ^ x>>31
}

// densify fills the empty buckets of a one-permutation MinHash from the
// next filled bucket, so that two stories agree on an empty bucket only
// when they agree on the bucket it borrows from (optimal densification,
// simplified to rotation).
func densify(mins *[signatureSize]uint64) {
	first := -1
	for k, m := range mins {
		if m != math.MaxUint64 {
			first = k
			break
		}
	}
	if first < 0 {
		return
	}
	for k := range mins {
		if mins[k] != math.MaxUint64 {
			continue
		}
		for d := 1; d < signatureSize; d++ {
			if m := mins[(k+d)%signatureSize]; m != math.MaxUint64 {
				// Salt with the distance so a borrowed value differs
				// from the bucket it came from.
				mins[k] = mix(m + uint64(d))
				break
			}
		}
	}
}

// isStopHash reports whether h is the hash of a stopword. A bitmap
// answers most words without the map.
func isStopHash(h uint64) bool {
	return stopBits[h>>6&(stopBitWords-1)]&(1<<(h&63)) != 0 && stopHashes[h]
}

const stopBitWords = 256

var stopBits = func() (b [stopBitWords]uint64) {
	for h := range stopHashes {
		b[h>>6&(stopBitWords-1)] |= 1 << (h & 63)
	}
	return b
}()

// stopHashes holds the word hashes of the stopwords, in the hashing used
// by fingerprintOf.
var stopHashes = func() map[uint64]bool {
	m := map[uint64]bool{}
	for w := range stopwords {
		h := uint64(14695981039346656037)
		for i := 0; i < len(w); i++ {
			h = (h ^ uint64(w[i])) * 1099511628211
		}
		m[h] = true
	}
	return m
}()

// Thresholds for calling two stories the same story told twice.
const (
	dupSimilarity  = 0.15 // estimated Jaccard similarity of triples
	dupContainment = 0.6  // share of the smaller story's triples, or sentences, in the larger
	minSimilarity  = 2.0 / signatureSize
)

// linkDuplicates finds for each story the earlier one it retells. The
// candidates are the stories that agree with it on all bandRows values of
// some band of the signature, or share a sentence, or open a paragraph
// with the same words; an index entry shared by very many stories is
// followed only to its most recent ones. A candidate is a source when
//
//   - most of the smaller story's sentences are in the other, word for
//     word (at least two), or
//   - most of the smaller story's word triples are in the other, by the
//     signatures, and the two are similar overall or open a paragraph
//     alike (a story trimmed to its lead is much smaller than the
//     original, so its Jaccard similarity is low).
func linkDuplicates(stories []Story, fps []fingerprint) {
	const maxBucket = 64
	index := map[uint64][]int32{}
	add := func(h uint64, i int) {
		p := index[h]
		if len(p) == maxBucket {
			copy(p, p[1:])
			p = p[:maxBucket-1]
		}
		index[h] = append(p, int32(i))
	}
	var key [8 * bandRows]byte
	keys := make([]uint64, 0, signatureSize)
	for i := range fps {
		f := &fps[i]
		if f.empty() {
			continue
		}
		keys = keys[:0]
		for b := 0; b < signatureSize/bandRows; b++ {
			for r := 0; r < bandRows; r++ {
				binary.LittleEndian.PutUint32(key[8*r:], f.sig[b*bandRows+r])
				binary.LittleEndian.PutUint32(key[8*r+4:], uint32(b))
			}
			keys = append(keys, bandHash(key[:]))
		}
		opening := len(keys)
		keys = append(keys, f.openings...)
		keys = append(keys, f.sentences...)

		candidates := map[int32]bool{}  // sharing any key
		openedAlike := map[int32]bool{} // sharing a paragraph opening
		for k, h := range keys {
			for _, j := range index[h] {
				candidates[j] = true
				if k >= opening && k < opening+len(f.openings) {
					openedAlike[j] = true
				}
			}
		}
		best, bestScore := -1, 0.0
		for j := range candidates {
			g := &fps[j]
			score := 0.0
			if n := sharedSorted(f.sentences, g.sentences); n >= 2 && float64(n) >= dupContainment*float64(min(len(f.sentences), len(g.sentences))) {
				score = float64(n) / float64(min(len(f.sentences), len(g.sentences)))
			}
			sim := f.similarity(g)
			if c := f.containment(g); c >= dupContainment && sim >= minSimilarity && (sim >= dupSimilarity || openedAlike[j]) {
				score = max(score, c)
			}
			if score > bestScore || score == bestScore && score > 0 && int(j) < best {
				best, bestScore = int(j), score
			}
		}
		for _, h := range keys {
			add(h, i)
		}
		if best >= 0 {
			// Point at the first telling, not at another retelling.
			if d := stories[best].DuplicateOf; d >= 0 {
				best = d
			}
			stories[i].DuplicateOf = best
		}
	}
}

// sharedSorted counts the values two sorted slices have in common.
func sharedSorted(a, b []uint64) int {
	n := 0
	for len(a) > 0 && len(b) > 0 {
		switch {
		case a[0] < b[0]:
			a = a[1:]
		case a[0] > b[0]:
			b = b[1:]
		default:
			n++
			a, b = a[1:], b[1:]
		}
	}
	return n
}

func bandHash(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// relatedShare is the share of key terms two stories must have in common
// to be related.
const relatedShare = 0.4

// relatedContainment is the share of the smaller story's word triples that
// must appear in the larger for stories that share few key terms to be
// related: one retells a passage of the other, such as a quotation.
const relatedContainment = 0.25

// linkRelated indexes stories by their key terms and relates those that
// share enough of them. Duplicates are not related to what they retell:
// they are already linked.
func linkRelated(stories []Story, fps []fingerprint) {
	const maxPosting = 32
	postings := map[uint64][]int32{}
	// shared[j] counts the key terms story j shares with the current
	// one; touched lists the j to visit and to reset.
	shared := make([]int32, len(fps))
	var touched []int32
	for i := range fps {
		f := &fps[i]
		for _, j := range touched {
			shared[j] = 0
		}
		touched = touched[:0]
		for _, t := range f.terms {
			for _, j := range postings[t.hash] {
				if shared[j] == 0 {
					touched = append(touched, j)
				}
				shared[j]++
			}
		}
		var rel []int
		for _, j := range touched {
			n := shared[j]
			g := &fps[j]
			if n < 2 || sameTelling(stories, i, int(j)) {
				continue
			}
			need := relatedShare * float64(min(len(f.terms), len(g.terms)))
			// Stories share their key terms, or one quotes the other.
			if float64(n) >= math.Max(need, 4) || f.similarity(g) > 0 && f.containment(g) >= relatedContainment {
				rel = append(rel, int(j))
			}
		}
		sort.Ints(rel)
		for _, j := range rel {
			stories[i].Related = append(stories[i].Related, j)
			stories[j].Related = append(stories[j].Related, i)
		}
		for _, t := range f.terms {
			p := postings[t.hash]
			if len(p) == maxPosting {
				copy(p, p[1:])
				p = p[:maxPosting-1]
			}
			postings[t.hash] = append(p, int32(i))
		}
	}
	for i := range stories {
		sort.Ints(stories[i].Related)
	}
}

// sameTelling reports whether one of stories i and j retells the other.
func sameTelling(stories []Story, i, j int) bool {
	root := func(k int) int {
		if d := stories[k].DuplicateOf; d >= 0 {
			return d
		}
		return k
	}
	return root(i) == root(j)
}
