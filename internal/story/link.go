package story

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"digest/internal/memo"
)

// Link finds, across all stories given, which retell an earlier one
// (DuplicateOf) and which are about the same event or thread (Related).
//
// Duplicates are found with MinHash over word triples and banded
// locality-sensitive hashing: each story gets a signature of signatureSize
// minimum hashes (one permutation, hashed into buckets). Each story is
// indexed under the bands of its signature, its sentences and the openings
// of its paragraphs, and compared only with the stories that share at
// least two of these keys with it. A key shared by many stories (a "stop"
// bucket, such as a stock sentence every story carries) is followed only
// to the few stories nearest before, so the work and memory stay linear
// in the number of stories however much the stories overlap. A story
// retells an earlier one when most of the smaller story's sentences, or
// most of its word triples (by an exact sample of them), are in the other:
// two stories that merely share a quarter of their sentences are not
// retellings.
//
// Related stories share their topic words rather than their sentences. Each
// story is keyed by its most frequent topic words that are rare among the
// stories, and stories sharing enough keys are compared; again a key is
// followed only to its most recent stories, and a story names at most
// maxRelated earlier stories itself.
//
// Link groups keys by sorting rather than with maps, and uses all cores.
// The result depends only on the stories and their order.
//
// Fingerprints computed by an earlier build are taken from m, and this
// build's are left in it; m may be nil.
func Link(stories []Story, m *memo.Table) {
	link(stories, m, nil)
}

// LinkAgain is Link, taking from links what Link found in the last build
// and leaving this build's there (see linkincr.go): only the stories whose
// links may differ are compared with their candidates again. links is
// used only with m.
func LinkAgain(stories []Story, m, links *memo.Table) {
	link(stories, m, links)
}

// link is Link, returning how many stories it compared again.
func link(stories []Story, m, links *memo.Table) linkStats {
	n := len(stories)
	fps := make([]fingerprint, n)
	if m == nil {
		links = nil // the fingerprints of changed stories are needed
	}
	var fpKeys []memo.Key
	if links != nil {
		fpKeys = make([]memo.Key, n)
	}
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	parallel(n, workers, func() func(lo, hi int) {
		var fb fingerprinter
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				k := fb.remember(m, i, &stories[i], &fps[i])
				if fpKeys != nil {
					fpKeys[i] = k
				}
			}
		}
	})
	chooseKeys(fps, workers)
	for i := range stories {
		stories[i].DuplicateOf = -1
		stories[i].Related = nil
	}
	past := recall(links, fpKeys)
	var st linkStats
	var now linkNow
	now.best, now.lowDup, st.dupScored = linkDuplicates(stories, fps, workers, past, m)
	now.rel, now.lowRel, st.relScored = linkRelated(stories, fps, workers, past)
	if links != nil {
		keep(links, fpKeys, stories, fps, &now)
	}
	return st
}

const (
	openingWords   = 6
	signatureSize  = 64
	bandRows       = 2
	keyTerms       = 12 // topic words that key a story
	candidateTerms = 2 * keyTerms
	// sampleBits: one word triple in 1<<sampleBits is kept, exactly, to
	// measure containment.
	sampleBits = 2
)

// A fingerprint is what Link knows of one story.
type fingerprint struct {
	sig [signatureSize]uint32
	// sigBytes holds the low byte of each value of sig, eight to a
	// word: similarity compares these first, eight at a time.
	sigBytes [signatureSize / 8]uint64
	shingles int32 // word triples in the story
	// sentences are the hashes of its sentences, sorted: a story told
	// again keeps most of them word for word, however trimmed or
	// reordered.
	sentences []uint64
	// openings hash the first words of each paragraph, sorted.
	openings []uint64
	// sample holds, each once and in no order, the triples whose hash
	// falls in one 1<<sampleBits-th of the range: the same triples are
	// sampled in every story. Their 32-bit hashes are little-endian
	// bytes, so that a fingerprint from the memo takes them as they are
	// there: most stories' samples are never compared in an edit build.
	sample []byte
	// sampleSketch is a bitmap of the sample, to tell cheaply that two
	// stories share too little of it.
	sampleSketch [sketchWords]uint64
	sketchBits   int32 // the bits set in sampleSketch
	// sentSketch is a bitmap of the sentences, and sentExtra how many
	// of them set a bit another had set: with them, an upper bound on
	// the sentences two stories share is cheap (see mayShare).
	sentSketch [sketchWords]uint64
	sentExtra  int32
	terms      []termCount // its most frequent topic words, then its key terms
}

const sketchWords = 16

type termCount struct {
	hash  uint64
	count int
}

func (f *fingerprint) empty() bool { return f.shingles == 0 }

// packSig fills in sigBytes from sig, a word at a time.
func (f *fingerprint) packSig() {
	for w := range f.sigBytes {
		s := f.sig[w*8 : w*8+8]
		f.sigBytes[w] = uint64(uint8(s[0])) | uint64(uint8(s[1]))<<8 |
			uint64(uint8(s[2]))<<16 | uint64(uint8(s[3]))<<24 |
			uint64(uint8(s[4]))<<32 | uint64(uint8(s[5]))<<40 |
			uint64(uint8(s[6]))<<48 | uint64(uint8(s[7]))<<56
	}
}

// similarity estimates the Jaccard similarity of two stories' triples.
func (f *fingerprint) similarity(g *fingerprint) float64 {
	const low7 = 0x7F7F7F7F7F7F7F7F
	same := 0
	for w := range f.sigBytes {
		// Only where the low bytes are equal can the values be: most
		// pairs compared share few or none.
		v := f.sigBytes[w] ^ g.sigBytes[w]
		for eq := ^((v&low7 + low7) | v | low7); eq != 0; eq &= eq - 1 {
			if k := w*8 + bits.TrailingZeros64(eq)>>3; f.sig[k] == g.sig[k] {
				same++
			}
		}
	}
	return float64(same) / signatureSize
}

// quotes reports whether one of f and g retells a passage of the other,
// by the estimate from the signatures: whether sim > 0 &&
// f.estContainment(g, sim) >= relatedContainment for sim =
// f.similarity(g). It counts the equal values of the signatures only until
// the answer is sure.
func (f *fingerprint) quotes(g *fingerprint) bool {
	need := f.quoteNeed(g)
	if need > signatureSize {
		return false
	}
	// As similarity counts.
	const low7 = 0x7F7F7F7F7F7F7F7F
	same := 0
	for w := range f.sigBytes {
		v := f.sigBytes[w] ^ g.sigBytes[w]
		for eq := ^((v&low7 + low7) | v | low7); eq != 0; eq &= eq - 1 {
			if k := w*8 + bits.TrailingZeros64(eq)>>3; f.sig[k] == g.sig[k] {
				same++
			}
		}
		if same >= need {
			return true
		}
		if same+8*(len(f.sigBytes)-1-w) < need {
			return false
		}
	}
	return false
}

// quoteNeed is the least count of equal signature values for which quotes
// holds, or signatureSize+1 for none. The estimate grows with the count k:
// with a and b the stories' triples and m the fewer, it reaches
// relatedContainment, a quarter, where 4k(a+b) >= (signatureSize+k)m.
// Where the two sides differ, they differ by far more than the rounding in
// estContainment; where they are equal, its quotients are exact (0.25m is
// a float), so it gives a quarter exactly. (TestQuotesReference holds this
// to estContainment, should relatedContainment change.)
func (f *fingerprint) quoteNeed(g *fingerprint) int {
	a, b := int64(f.shingles), int64(g.shingles)
	if a+b == 0 {
		return signatureSize + 1 // the estimate is 0/0
	}
	m := min(a, b)
	// The least k > 0 with k(4(a+b) - m) >= signatureSize*m, where
	// 4(a+b) - m > 0.
	d := 4*(a+b) - m
	return int(min(max(1, (signatureSize*m+d-1)/d), signatureSize+1))
}

// estContainment estimates the share of the smaller story's triples found
// in the larger, from the Jaccard estimate j and the two sizes.
func (f *fingerprint) estContainment(g *fingerprint, j float64) float64 {
	a, b := float64(f.shingles), float64(g.shingles)
	inter := j * (a + b) / (1 + j)
	return math.Min(1, inter/math.Min(a, b))
}

// containment is the share of the smaller story's triples found in the
// larger, counted on the sample; for stories too short to sample well it
// falls back on the estimate from the signatures.
func (f *fingerprint) containment(g *fingerprint, j float64) (c float64, sampled bool) {
	m := min(len(f.sample), len(g.sample)) / 4
	if m < minSample {
		return f.estContainment(g, j), false
	}
	// The bits of the shared triples are set in both sketches.
	both := 0
	for k := range f.sampleSketch {
		both += bits.OnesCount64(f.sampleSketch[k] & g.sampleSketch[k])
	}
	small := int(f.sketchBits)
	if len(g.sample) < len(f.sample) {
		small = int(g.sketchBits)
	}
	if float64(both) < sketchShare*float64(small) {
		return float64(both) / float64(small), true
	}
	return float64(sharedSamples(f.sample, g.sample)) / float64(m), true
}

// sharedSamples counts the values two samples have in common. The
// samples are not sorted (see distinct): sorted copies are compared, as
// few pairs get this far.
func sharedSamples(a, b []byte) int {
	values := func(b []byte) []uint32 {
		s := make([]uint32, len(b)/4)
		for k := range s {
			s[k] = binary.LittleEndian.Uint32(b[4*k:])
		}
		slices.Sort(s)
		return s
	}
	return sharedSorted(values(a), values(b))
}

// countSketch fills in sketchBits from sampleSketch.
func (f *fingerprint) countSketch() {
	n := 0
	for _, w := range f.sampleSketch {
		n += bits.OnesCount64(w)
	}
	f.sketchBits = int32(n)
}

// sketchSentences fills in sentSketch and sentExtra from sentences.
func (f *fingerprint) sketchSentences() {
	f.sentSketch = [sketchWords]uint64{}
	for _, x := range f.sentences {
		h := x >> 54 // 10 bits
		f.sentSketch[h>>6] |= 1 << (h & 63)
	}
	n := 0
	for _, w := range f.sentSketch {
		n += bits.OnesCount64(w)
	}
	f.sentExtra = int32(len(f.sentences) - n)
}

// mayShare reports whether f and g may have need sentences in common, as
// far as their sketches tell. They share no more than the bits set in both
// sketches plus the sentExtra of either: the shared sentences at a bit
// count one for the bit, and each after the first is a sentence of f, and
// of g, that set a bit another had set.
func (f *fingerprint) mayShare(g *fingerprint, need int) bool {
	both := 0
	for k := range f.sentSketch {
		both += bits.OnesCount64(f.sentSketch[k] & g.sentSketch[k])
	}
	return both+int(min(f.sentExtra, g.sentExtra)) >= need
}

// parallel runs the funcs that mk makes, one a worker, over [0,n) in
// chunks.
func parallel(n, workers int, mk func() func(lo, hi int)) {
	if workers <= 1 || n < 512 {
		mk()(0, n)
		return
	}
	chunk := max(64, min(1024, n/(workers*8)))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f := mk()
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				f(lo, min(n, lo+chunk))
			}
		}()
	}
	wg.Wait()
}

// termCounter counts topic words in an open-addressing table, faster than
// a map for this one job; one is reused per worker.
type termCounter struct {
	slots []termCount // hash 0 marks an empty slot
	used  []int32     // the filled slots, in order of first use
	order []termCount
	// atFloor holds the hashes of the terms top takes only some of.
	atFloor []uint64
}

func (t *termCounter) reset() {
	if t.slots == nil {
		t.slots = make([]termCount, 1024)
	}
	if len(t.used) > len(t.slots)/8 {
		// Past a few slots, clearing them all is fewer instructions.
		clear(t.slots)
	} else {
		for _, k := range t.used {
			t.slots[k] = termCount{}
		}
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

// top appends to dst the n most frequent terms, ties broken by hash so
// that the order of counting does not matter. It sorts only the terms at
// or above the n-th count.
func (t *termCounter) top(dst []termCount, n int) []termCount {
	// One pass over all the terms keeps those counted more than once,
	// far fewer, and counts them by count; the rest are counted once.
	var hist [8]int // terms counted 1, 2, ... 7, and 8 or more times
	t.atFloor = t.atFloor[:0]
	// In locals: appending to the field would store it back each time.
	order, slots := t.order[:0], t.slots
	for _, k := range t.used {
		if tc := slots[k]; tc.count > 1 {
			order = append(order, tc)
			hist[min(tc.count, 8)-1]++
		}
	}
	t.order = order
	hist[0] = len(t.used) - len(t.order)
	floor, above := 1, 0
	for c := 8; c >= 1; c-- {
		above += hist[c-1]
		if above >= n {
			floor = c
			break
		}
	}
	// The terms counted more than floor times come first; the rest are
	// those counted floor times with the smallest hashes, which sort
	// faster alone than all the terms together.
	if floor == 1 {
		// order holds those counted more than once already.
		for _, k := range t.used {
			if t.slots[k].count == 1 {
				t.atFloor = append(t.atFloor, t.slots[k].hash)
			}
		}
	} else {
		kept := t.order[:0]
		for _, tc := range t.order {
			switch {
			case tc.count > floor:
				kept = append(kept, tc)
			case tc.count == floor:
				t.atFloor = append(t.atFloor, tc.hash)
			}
		}
		t.order = kept
	}
	if len(t.order) <= 32 {
		// Few enough that insertion beats a call per comparison.
		for i := 1; i < len(t.order); i++ {
			x := t.order[i]
			j := i
			for ; j > 0 && byCount(t.order[j-1], x) > 0; j-- {
				t.order[j] = t.order[j-1]
			}
			t.order[j] = x
		}
	} else {
		slices.SortFunc(t.order, byCount)
	}
	if len(t.order) >= n {
		return append(dst, t.order[:n]...)
	}
	dst = append(dst, t.order...)
	for _, h := range smallest(t.atFloor, n-len(t.order)) {
		dst = append(dst, termCount{h, floor})
	}
	return dst
}

// smallest moves the k smallest of the distinct values s, k > 0, to its
// front in increasing order and returns them: there are often hundreds
// of terms at the floor, of which top takes a few.
func smallest(s []uint64, k int) []uint64 {
	if len(s) <= k {
		insertionSort(s)
		return s
	}
	insertionSort(s[:k])
	for _, x := range s[k:] {
		if x >= s[k-1] {
			continue
		}
		j := k - 1
		for ; j > 0 && s[j-1] > x; j-- {
			s[j] = s[j-1]
		}
		s[j] = x
	}
	return s[:k]
}

// An arena hands out slices carved from large blocks, so that ten
// thousand fingerprints cost a few allocations.
type arena[T any] struct{ buf []T }

func (a *arena[T]) keep(s []T) []T {
	d := a.alloc(len(s))
	copy(d, s)
	return d
}

// alloc returns n values' space, nil for none.
func (a *arena[T]) alloc(n int) []T {
	if n == 0 {
		return nil
	}
	if cap(a.buf)-len(a.buf) < n {
		a.buf = make([]T, 0, max(8192, n))
	}
	start := len(a.buf)
	a.buf = a.buf[:start+n]
	return a.buf[start : start+n : start+n]
}

// A fingerprinter computes fingerprints, reusing its scratch space.
type fingerprinter struct {
	t         termCounter
	sentences []uint64
	openings  []uint64
	sample    []uint32
	set       []uint64 // for distinct
	tmp64     []uint64
	count     [1 << 12]int32 // for hashSort
	terms     []termCount
	words     []word
	a64       arena[uint64]
	a8        arena[byte]
	aterms    arena[termCount]
	keyBuf    []byte // see remember
}

// fingerprint fills in f for s. Words are runs of letters, digits and
// non-ASCII bytes, where an apostrophe between two such bytes joins them
// into one word. They are found eight bytes at a time (see wordMask): a
// byte loop mispredicts its exit at nearly every word.
//
// Each block is scanned for its words first (scanWords), then its words
// are taken in turn by a loop for each use: one loop doing all spills its
// many variables to the stack at every word.
func (fb *fingerprinter) fingerprint(s *Story, f *fingerprint) {
	mins := noMins
	t := &fb.t
	t.reset()
	fb.sentences, fb.openings, fb.sample = fb.sentences[:0], fb.openings[:0], fb.sample[:0]
	var w0, w1 uint64
	n := 0
	for _, b := range s.Blocks {
		fb.words = scanWords(b.Text, fb.words)
		words := fb.words
		// Topic words.
		for _, w := range words {
			if w.weight != 0 && !isStopHash(w.hash) {
				h := w.hash
				// Most words are found, or go in, at the first probe:
				// those cases are written out here (add would not
				// inline).
				slot := &t.slots[h&uint64(len(t.slots)-1)]
				switch {
				case slot.hash == h && h != 0:
					slot.count += int(w.weight)
				case slot.hash == 0 && h != 0 && 2*len(t.used) < len(t.slots):
					*slot = termCount{h, int(w.weight)}
					t.used = append(t.used, int32(h&uint64(len(t.slots)-1)))
				default:
					t.add(h, int(w.weight))
				}
			}
		}
		// Word triples, and sentences. Room for a sampled triple per
		// word, so that one is kept without a branch: a quarter of them
		// are, at random.
		sample := slices.Grow(fb.sample, len(words))
		ns := len(sample)
		sample = sample[:ns+len(words)]
		var sent uint64
		k := 0
		for ; k < len(words) && n < 2; k++ {
			// The story's first two words end no triple.
			w := words[k]
			w0, w1 = w1, w.hash
			n++
			sent = (sent ^ w.hash) * 0x100000001B3
			if w.ends {
				fb.sentences = append(fb.sentences, mix(sent))
				sent = 0
			}
		}
		for _, w := range words[k:] {
			h := w.hash
			sh := mix(w0*0x9E3779B97F4A7C15 ^ bits.RotateLeft64(w1, 21) ^ bits.RotateLeft64(h, 42))
			k := sh >> (64 - 6) // signatureSize is 1<<6
			mins[k] = min(mins[k], sh<<6)
			sample[ns] = uint32(sh >> 26)
			ns += int(b2u(sh&(1<<sampleBits-1) == 0))
			w0, w1 = w1, h
			// A sentence ends at a word followed by a full stop.
			sent = (sent ^ h) * 0x100000001B3
			if w.ends {
				fb.sentences = append(fb.sentences, mix(sent))
				sent = 0
			}
		}
		n += len(words) - k
		fb.sample = sample[:ns]
		// Paragraph openings.
		if len(words) >= openingWords {
			open := uint64(0)
			for _, w := range words[:openingWords] {
				open = mix(open ^ w.hash)
			}
			fb.openings = append(fb.openings, open)
		}
		if len(words) > 0 && !words[len(words)-1].ends {
			fb.sentences = append(fb.sentences, mix(sent))
		}
	}
	f.shingles = int32(max(0, n-2)) // a triple ends at each word from the third
	// Sentence hashes are spread evenly too.
	fb.tmp64 = hashSort(fb.sentences, fb.tmp64, &fb.count)
	f.sentences = fb.a64.keep(slices.Compact(fb.sentences))
	f.openings = fb.a64.keep(sortCompact(fb.openings))
	f.setSample(fb.distinct(fb.sample), &fb.a8)
	f.sketchSentences()
	densify(&mins)
	for k, m := range mins {
		f.sig[k] = uint32(m >> 32)
	}
	f.packSig()
	// The candidates for key terms: the most frequent.
	fb.terms = t.top(fb.terms[:0], candidateTerms)
	f.terms = fb.aterms.keep(fb.terms)
}

// setSample fills in f's sample, sampleSketch and sketchBits from the
// distinct values of the sample, with space from a.
func (f *fingerprint) setSample(s []uint32, a *arena[byte]) {
	f.sample = a.alloc(4 * len(s))
	f.sampleSketch = [sketchWords]uint64{}
	b := f.sample
	for _, x := range s {
		binary.LittleEndian.PutUint32(b, x)
		b = b[4:]
		h := x * 0x9E3779B9 >> 22 // 10 bits
		f.sampleSketch[h>>6] |= 1 << (h & 63)
	}
	f.countSketch()
}

// distinct returns the distinct values of s, in the order they first
// come, in s's space. Sorting them would cost more, and few samples are
// ever compared value by value (see sharedSamples).
func (fb *fingerprinter) distinct(s []uint32) []uint32 {
	size := 16
	for size < 2*len(s) {
		size *= 2
	}
	if cap(fb.set) < size {
		fb.set = make([]uint64, size)
	}
	// A slot holds a value with bit 32 set, or 0 when empty.
	set := fb.set[:size]
	clear(set)
	shift := (64 - bits.Len(uint(size-1))) & 63
	n := 0
	for _, x := range s {
		v := uint64(x) | 1<<32
		h := int((v * 0x9E3779B97F4A7C15) >> shift)
		for set[h] != 0 && set[h] != v {
			h = (h + 1) & (size - 1)
		}
		if set[h] == 0 {
			set[h] = v
			s[n] = x
			n++
		}
	}
	return s[:n]
}

// noMins is a signature's minimums before any triple: copied, fewer
// instructions than filled in.
var noMins = func() (m [signatureSize]uint64) {
	for k := range m {
		m[k] = math.MaxUint64
	}
	return m
}()

// A word is what fingerprint takes of one word of a block.
type word struct {
	hash uint64
	// weight is what the word counts as a topic word: 0 for a word of
	// fewer than four bytes, 2 for a name (capitalised), else 1.
	weight uint8
	ends   bool // a full stop, question or exclamation mark follows
}

// scanWords returns the words of text, in dst's space.
func scanWords(text string, dst []word) []word {
	// There is a separator after each word but the last.
	dst = slices.Grow(dst[:0], len(text)/2+1)
	dst = dst[:cap(dst)]
	nw := 0
	i := 0
	for {
		// Skip to the next word. (load8 and wordLen are written
		// out here: the compiler would not inline them.)
		var x uint64
		if i+8 <= len(text) {
			x = leAt(text, i)
		} else {
			x = load8(text, i)
		}
		m := wordMask(x)
		if m == 0 {
			if i += 8; i >= len(text) {
				break
			}
			continue
		}
		// Most words start one byte after the last, where x was
		// loaded; the others need x loaded again.
		if m&0x80 == 0 {
			i += bits.TrailingZeros64(m) >> 3
			if i+8 <= len(text) {
				x = leAt(text, i)
			} else {
				x = load8(text, i)
			}
			m = wordMask(x)
		}
		start := i
		// Most words end within the eight bytes from their start. c is
		// the byte after the word, 0 past the end of text.
		r := bits.TrailingZeros64(^m&hi8) >> 3
		c := byte(x >> (8 * r & 63))
		if c == '\'' {
			// An apostrophe before a word byte joins the two.
			m |= quoteMask(x) & (m >> 8)
			r = bits.TrailingZeros64(^m&hi8) >> 3
			c = byte(x >> (8 * r & 63))
		}
		// weight is what the word counts as a topic word: 0 for a
		// word shorter than four bytes.
		var h uint64
		var weight uint8
		if r < 7 || r == 7 && c != '\'' {
			i += r
			h = hashShort(x, r)
			if r >= 4 {
				weight = termWeight[byte(x)]
			}
		} else {
			weight = termWeight[byte(x)]
			// Most of the rest end within eight bytes more: one
			// more load, and no call.
			var x1 uint64
			if start+16 <= len(text) {
				x1 = leAt(text, start+8)
			} else {
				x1 = load8(text, start+8)
			}
			m = wordMask(x1)
			m |= quoteMask(x1) & (m >> 8)
			if r1 := bits.TrailingZeros64(^m&hi8) >> 3; r == 8 && r1 < 7 {
				i = start + 8 + r1
				c = byte(x1 >> (8 * r1))
				if r1 == 0 {
					h = hashShort(x, 8)
				} else {
					h = hashMid(x, x1, 8+r1)
				}
			} else {
				for i += r; r == 8 || r == 7 && byte(x>>56) == '\''; i += r {
					x = load8(text, i)
					r = wordLen(x)
				}
				h = hashWord(text, start, i)
				c = 0
				if i < len(text) {
					c = text[i]
				}
			}
		}
		// A full stop, question or exclamation mark after the word
		// ends a sentence. (Such a c is in text: i < len(text).) Most
		// words are followed by a space, told apart before the table.
		ends := c != ' ' && sentenceMarks[c] && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '"')
		dst[nw] = word{h, weight, ends}
		nw++
		// text[i], if any, is not a word byte: the next word
		// starts after it.
		i++
	}
	return dst[:nw]
}

// termWeight is what a word of four bytes or more counts as a topic word
// by its first byte: names, capitalised, say more of what a story is
// about.
var termWeight = func() (w [256]uint8) {
	for c := range w {
		w[c] = 1 + uint8(b2u(byte(c)-'A' < 26))
	}
	return w
}()

// sentenceMarks holds the marks that end a sentence when a space, a quote
// mark or the end of the text follows.
var sentenceMarks = [256]bool{'.': true, '!': true, '?': true}

// hashSort sorts s, whose values are spread evenly, by their top bits into
// a quarter to a half as many buckets as values and then by insertion,
// which has little left to do (more buckets cost more to count than they
// save it). It returns its scratch space for reuse; count is scratch too,
// of which only the buckets used are cleared.
func hashSort[T uint32 | uint64](s, tmp []T, count *[1 << 12]int32) []T {
	if len(s) < 32 {
		slices.Sort(s)
		return tmp
	}
	b := min(bits.Len(uint(len(s)))-2, 12)
	shift := bits.Len64(uint64(^T(0))) - b // T's size in bits, less b
	clear(count[:1<<b])
	for _, x := range s {
		count[x>>shift]++
	}
	sum := int32(0)
	for k := range 1 << b {
		c := count[k]
		count[k] = sum
		sum += c
	}
	tmp = slices.Grow(tmp[:0], len(s))[:len(s)]
	for _, x := range s {
		tmp[count[x>>shift]] = x
		count[x>>shift]++
	}
	for i := 1; i < len(tmp); i++ {
		x := tmp[i]
		j := i
		for ; j > 0 && tmp[j-1] > x; j-- {
			tmp[j] = tmp[j-1]
		}
		tmp[j] = x
	}
	copy(s, tmp)
	return tmp
}

func sortCompact[T cmp.Ordered](s []T) []T {
	slices.Sort(s)
	return slices.Compact(s)
}

// hashWord hashes the word s[start:end], folded to lower case: eight bytes
// at a time, with 0x20 set in every byte (which lowers ASCII capitals and
// leaves digits and the apostrophe as they are).
func hashWord(s string, start, end int) uint64 {
	const fold = 0x2020202020202020
	const mul = 0x9FB21C651E98DF25
	n := end - start
	h := uint64(n) * 0x9E3779B97F4A7C15
	for n > 8 {
		h = (h ^ (le64(s[start:]) | fold)) * mul
		h ^= h >> 29
		start += 8
		n -= 8
	}
	var x uint64
	if start+8 <= len(s) {
		x = le64(s[start:])
	} else {
		for k := n - 1; k >= 0; k-- {
			x = x<<8 | uint64(s[start+k])
		}
	}
	x = (x | fold) & (^uint64(0) >> (64 - 8*n))
	h = (h ^ x) * mul
	return h ^ h>>32
}

// leAt is le64(s[i:]) without its bounds checks, a few per cent of
// fingerprint: the caller must know that i+8 <= len(s).
func leAt(s string, i int) uint64 {
	// Through an array pointer rather than unsafe.Slice, which checks
	// the pointer at every load.
	return binary.LittleEndian.Uint64((*[8]byte)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))[:])
}

func le64(s string) uint64 {
	s = s[:8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// hashShort is hashWord of a word of n bytes, eight at most, whose first
// eight bytes (as load8 gives them) are x.
func hashShort(x uint64, n int) uint64 {
	const fold = 0x2020202020202020
	const mul = 0x9FB21C651E98DF25
	// n > 0: the shift is below 64, which the mask tells the compiler.
	h := (uint64(n)*0x9E3779B97F4A7C15 ^ (x|fold)&(^uint64(0)>>((64-8*n)&63))) * mul
	return h ^ h>>32
}

// hashMid is hashWord of a word of n bytes, nine to fifteen, whose first
// and second eight bytes (as load8 gives them) are x0 and x1.
func hashMid(x0, x1 uint64, n int) uint64 {
	const fold = 0x2020202020202020
	const mul = 0x9FB21C651E98DF25
	h := (uint64(n)*0x9E3779B97F4A7C15 ^ (x0 | fold)) * mul
	h ^= h >> 29
	h = (h ^ (x1|fold)&(^uint64(0)>>((64-8*(n-8))&63))) * mul
	return h ^ h>>32
}

// load8 returns the eight bytes of s from i as a little-endian word, the
// bytes past the end of s zero.
func load8(s string, i int) uint64 {
	if i+8 <= len(s) {
		return le64(s[i:])
	}
	if len(s) >= 8 {
		// the last eight bytes, shifted down to start at i
		return le64(s[len(s)-8:]) >> (8 * (i + 8 - len(s)) & 63) &^ -b2u(i >= len(s))
	}
	var x uint64
	for k := len(s) - 1; k >= i; k-- {
		x = x<<8 | uint64(s[k])
	}
	return x
}

const (
	lo7 = 0x7F7F7F7F7F7F7F7F
	hi8 = 0x8080808080808080
)

// wordMask has the top bit set in each byte of x that is a word byte: an
// ASCII letter or digit or a non-ASCII byte. The sums never carry from
// byte to byte.
func wordMask(x uint64) uint64 {
	y := x & lo7
	z := y | 0x2020202020202020                                     // ASCII letters lower-cased
	letters := (z + 0x1F1F1F1F1F1F1F1F) &^ (z + 0x0505050505050505) // 'a' to 'z'
	digits := (y + 0x5050505050505050) &^ (y + 0x4646464646464646)  // '0' to '9'
	return (letters | digits | x) & hi8
}

// wordLen returns how many bytes of x, from the first, make (part of) a
// word: 8 when the word may go on, 7 when it may if the last byte is an
// apostrophe. The first byte is a word byte or an apostrophe after one.
func wordLen(x uint64) int {
	m := wordMask(x)
	m |= quoteMask(x) & (m >> 8) // an apostrophe before a word byte
	return bits.TrailingZeros64(^m&hi8) >> 3
}

// quoteMask has the top bit set in each byte of x that is an apostrophe.
func quoteMask(x uint64) uint64 {
	v := x ^ 0x2727272727272727
	return ^((v&lo7 + lo7) | v | lo7)
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func byCount(a, b termCount) int {
	if a.count != b.count {
		return b.count - a.count
	}
	return cmp.Compare(a.hash, b.hash)
}

// chooseKeys keeps as key terms the candidates that are frequent in their
// story and rare among the stories (tf-idf), so that a word every story
// uses keys none. Document frequencies are counted by sorting.
func chooseKeys(fps []fingerprint, workers int) {
	off := make([]int32, len(fps)+1)
	for i := range fps {
		off[i+1] = off[i] + int32(len(fps[i].terms))
	}
	m := int(off[len(fps)])
	low := lowMask(m)
	packed := make([]uint64, m)
	for i := range fps {
		for k, t := range fps[i].terms {
			e := int(off[i]) + k
			packed[e] = t.hash&^low | uint64(e)
		}
	}
	packed = sortPacked(packed, workers)
	// idf[e] weighs term e by how many stories have it: the same few
	// counts over and over, so each count's logarithm is worked out once.
	idf := make([]float64, m)
	logs := make([]float64, len(fps)+1)
	n := float64(len(fps))
	for p := 0; p < m; {
		q := p + 1
		for q < m && (packed[q]^packed[p])&^low == 0 {
			q++
		}
		var w float64
		if d := q - p; d < len(logs) {
			if logs[d] == 0 {
				logs[d] = math.Log(1 + n/float64(d))
			}
			w = logs[d]
		} else {
			w = math.Log(1 + n/float64(d))
		}
		for r := p; r < q; r++ {
			idf[packed[r]&low] = w
		}
		p = q
	}
	parallel(len(fps), workers, func() func(lo, hi int) {
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				terms := fps[i].terms
				fps[i].terms = heaviest(terms[:0], terms, idf[off[i]:off[i+1]])
			}
		}
	})
}

// heaviest appends to dst the keyTerms terms heaviest by count times idf,
// heaviest first and of equal weights the first, as a stable sort would
// order them; dst may be terms[:0].
func heaviest(dst, terms []termCount, idf []float64) []termCount {
	type weighed struct {
		w float64
		t termCount
	}
	// best holds the heaviest so far, in that order.
	var best [keyTerms]weighed
	nb := 0
	for k, t := range terms {
		x := weighed{float64(t.count) * idf[k], t}
		if nb == keyTerms {
			if best[nb-1].w >= x.w {
				continue
			}
			nb-- // the lightest makes way
		}
		b := nb
		for ; b > 0 && best[b-1].w < x.w; b-- {
			best[b] = best[b-1]
		}
		best[b] = x
		nb++
	}
	for _, x := range best[:nb] {
		dst = append(dst, x.t)
	}
	return dst
}

// lowMask is the mask of the low bits that hold an index below m in a
// packed key.
func lowMask(m int) uint64 {
	return uint64(1)<<max(1, bits.Len(uint(m))) - 1
}

// sortPacked sorts keys whose high bits are hashes: it spreads them over
// buckets by their top bits, then sorts each bucket. It may return a new
// slice.
func sortPacked(v []uint64, workers int) []uint64 {
	if len(v) < 1<<15 {
		slices.Sort(v)
		return v
	}
	b := min(16, bits.Len(uint(len(v)))-5)
	shift := 64 - b
	nb := 1 << b
	parts := workers
	hist := make([][]int, parts)
	bounds := func(w int) (int, int) { return len(v) * w / parts, len(v) * (w + 1) / parts }
	var wg sync.WaitGroup
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := make([]int, nb)
			lo, hi := bounds(w)
			for _, x := range v[lo:hi] {
				h[x>>shift]++
			}
			hist[w] = h
		}()
	}
	wg.Wait()
	start := make([]int, nb+1)
	sum := 0
	for k := range nb {
		start[k] = sum
		for w := range parts {
			c := hist[w][k]
			hist[w][k] = sum
			sum += c
		}
	}
	start[nb] = sum
	out := make([]uint64, len(v))
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pos := hist[w]
			lo, hi := bounds(w)
			for _, x := range v[lo:hi] {
				k := x >> shift
				out[pos[k]] = x
				pos[k]++
			}
		}()
	}
	wg.Wait()
	// Sort the buckets, each worker a run of them of about equal size.
	for w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k0 := sort0(start, len(v)*w/parts)
			k1 := sort0(start, len(v)*(w+1)/parts)
			if w == parts-1 {
				k1 = nb
			}
			for k := k0; k < k1; k++ {
				if s := out[start[k]:start[k+1]]; len(s) > 1 {
					// Buckets hold a few dozen keys at most, which
					// insertion sorts faster than slices.Sort.
					if len(s) <= 48 {
						insertionSort(s)
					} else {
						slices.Sort(s)
					}
				}
			}
		}()
	}
	wg.Wait()
	return out
}

// sort0 returns the first bucket that starts at or after position p.
func sort0(start []int, p int) int {
	k, _ := slices.BinarySearch(start[:len(start)-1], p)
	return k
}

func insertionSort(s []uint64) {
	for i := 1; i < len(s); i++ {
		x := s[i]
		j := i
		for ; j > 0 && s[j-1] > x; j-- {
			s[j] = s[j-1]
		}
		s[j] = x
	}
}

// A neighbourhood groups the keys of all stories so that the stories
// before one that share a key with it can be read off (candidates.count):
// the up to k nearest before it. A key that more than k+1 stories share is
// a stop key: it says little, and each story is linked by it only to the
// kBig nearest before. It holds the keys in sorted order rather than k
// neighbours for each: most keys are shared by no other story, and those
// lists would be mostly empty.
type neighbourhood struct {
	k, kBig int
	// at[p] is the story of the p-th key in sorted order.
	at []int32
	// pos[e] is where key e is in sorted order, shifted left one, the low
	// bit set for a stop key; from[e] is where its group of equal keys
	// starts.
	pos, from []int32
}

// neighbours groups the keys of all stories (story i's are
// keys[off[i]:off[i+1]]). It overwrites keys.
func neighbours(off []int32, keys []uint64, k, kBig, workers int) *neighbourhood {
	m := len(keys)
	low := lowMask(m)
	packed := keys // packed in place: the largest array here
	nh := &neighbourhood{
		k: k, kBig: kBig,
		at:   make([]int32, m),
		pos:  make([]int32, m),
		from: make([]int32, m),
	}
	// Until groups overwrites it, from[e] is the story of key e.
	owner := nh.from
	parallel(len(off)-1, workers, func() func(lo, hi int) {
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				for e := off[i]; e < off[i+1]; e++ {
					packed[e] = keys[e]&^low | uint64(e)
					owner[e] = int32(i)
				}
			}
		}
	})
	packed = sortPacked(packed, workers)
	// groups fills in the groups of equal keys that start in
	// packed[lo:hi].
	groups := func(lo, hi int) {
		for p := lo; p < hi; {
			q := p + 1
			for q < m && (packed[q]^packed[p])&^low == 0 {
				q++
			}
			big := int32(b2u(q-p > k+1))
			for r := p; r < q; r++ {
				// Key e is read and then written here only.
				e := packed[r] & low
				nh.at[r] = owner[e]
				nh.pos[e] = int32(r)<<1 | big
				nh.from[e] = int32(p)
			}
			p = q
		}
	}
	if workers <= 1 || m < 1<<15 {
		groups(0, m)
		return nh
	}
	// Each entry is in one group: the workers take runs of whole groups.
	cut := make([]int, workers+1)
	cut[workers] = m
	for w := 1; w < workers; w++ {
		c := max(cut[w-1], m*w/workers)
		for c < m && (packed[c]^packed[c-1])&^low == 0 {
			c++
		}
		cut[w] = c
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() { groups(cut[w], cut[w+1]) })
	}
	wg.Wait()
	return nh
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
// answers most words without the table.
func isStopHash(h uint64) bool {
	if stopBits[h>>6&(stopBitWords-1)]&(1<<(h&63)) == 0 {
		return false
	}
	for k := h >> 20 & (stopSlots - 1); ; k = (k + 1) & (stopSlots - 1) {
		switch stopTable[k] {
		case h:
			return true
		case 0:
			return false
		}
	}
}

const (
	stopBitWords = 256
	stopSlots    = 1024
)

// stopTable holds the word hashes of the stopwords, in the hashing used by
// fingerprint, open-addressed; stopBits is its bitmap.
var stopTable, stopBits = func() (t [stopSlots]uint64, b [stopBitWords]uint64) {
	for w := range stopwords {
		h := hashWord(w, 0, len(w))
		b[h>>6&(stopBitWords-1)] |= 1 << (h & 63)
		for k := h >> 20 & (stopSlots - 1); ; k = (k + 1) & (stopSlots - 1) {
			if t[k] == 0 || t[k] == h {
				t[k] = h
				break
			}
		}
	}
	return t, b
}()

// Thresholds for calling two stories the same story told twice.
const (
	dupSimilarity = 0.15 // estimated Jaccard similarity of triples
	// dupContainment is the share of the smaller story's sentences that
	// must be in the larger: stories that merely draw on the same stock
	// of sentences share a quarter or a third of them.
	dupContainment = 0.7
	// dupEstContainment is the share of the smaller story's triples that
	// must be in the larger by the estimate from signatures, for stories
	// too short to sample.
	dupEstContainment = 0.6
	// dupTripleContainment is the share of the smaller story's sampled
	// triples that must be in the larger. It is higher than for
	// sentences: a retelling with words changed keeps nearly all its
	// triples, while stories built from the same stock of sentences
	// share many triples in phrases common to those sentences.
	dupTripleContainment = 0.8
	// minSample is how many sampled triples the smaller story needs for
	// the sample to be used rather than the estimate from signatures.
	minSample = 8
	// sketchShare is the share of the smaller sample's sketch bits the
	// larger must have for the samples to be compared: less than
	// dupTripleContainment, for the bits the smaller sample's triples
	// share among themselves.
	sketchShare   = 0.75
	minSimilarity = 2.0 / signatureSize
	// dupNeighbours is how many of the stories before it sharing a key a
	// story is compared with; dupStopNeighbours, for a stop key.
	dupNeighbours     = 4
	dupStopNeighbours = 2
	// minSharedKeys is how many keys a story must share with another to
	// be compared with it, counting a key shared by few stories three
	// times: such a key is reason enough, while a story must share three
	// stop keys with another.
	minSharedKeys = 3
)

// linkDuplicates finds for each story the earlier one it retells. The
// candidates are the stories that share with it at least minSharedKeys of
// its keys: the bands of its signature (bandRows values each), its
// sentences and its paragraph openings, each key followed to the
// dupNeighbours stories nearest before. A candidate is a source when
//
//   - most of the smaller story's sentences are in the other, word for
//     word (at least two), or
//   - most of the smaller story's word triples are in the other, and the
//     two are similar overall or open a paragraph alike (a story trimmed
//     to its lead is much smaller than the original, so its Jaccard
//     similarity is low).
//
// With past, only the stories whose candidates may have changed are
// compared again (see linkincr.go). It returns the best source of each
// story before following retellings to the first telling, the low bits of
// its packed keys and how many stories it compared.
func linkDuplicates(stories []Story, fps []fingerprint, workers int, past *linkPast, m *memo.Table) ([]int32, int, int) {
	n := len(fps)
	off := make([]int32, n+1)
	for i := range fps {
		f := &fps[i]
		c := 0
		if !f.empty() {
			c = signatureSize/bandRows + len(f.openings) + len(f.sentences)
		}
		off[i+1] = off[i] + int32(c)
	}
	keys := make([]uint64, off[n])
	low := lowMask(int(off[n]))
	kc := dupChanges(past, m, fps, low)
	parallel(n, workers, func() func(lo, hi int) {
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				if f := &fps[i]; !f.empty() {
					// Written in place, into this story's part of keys.
					dupKeys(keys[off[i]:off[i]], f)
				}
			}
		}
	})
	runs := keyRuns(len(keys), workers)
	// Only the stories whose candidates may differ from the last build's
	// are compared again.
	var dirty []bool
	if kc != nil {
		dirty = slices.Clone(past.changed)
		kc.mark(dirty, keys, off, dupNeighbours, dupStopNeighbours, true, runs)
	}
	const k = dupNeighbours
	best := make([]int32, n)
	var scored atomic.Int64
	if few := fewDirty(dirty); few != nil {
		// Their candidates are found without grouping every story's
		// keys: most of the time here.
		cands := fewCandidates(few, keys, off, low, k, dupStopNeighbours, runs)
		for i := range best {
			best[i] = past.st[i].best // as the last build found
		}
		for x, i := range few {
			scored.Add(1)
			best[i] = -1
			bestScore := 0.0
			for _, c := range cands[x] {
				if c.shared < minSharedKeys {
					continue
				}
				score := dupScore(&fps[i], &fps[c.story])
				if j := c.story; score > bestScore || score == bestScore && score > 0 && j < best[i] {
					best[i], bestScore = j, score
				}
			}
		}
	} else {
		nh := neighbours(off, keys, k, dupStopNeighbours, workers)
		parallel(n, workers, func() func(lo, hi int) {
			var c candidates
			return func(lo, hi int) {
				for i := lo; i < hi; i++ {
					if dirty != nil && !dirty[i] {
						best[i] = past.st[i].best // as the last build found
						continue
					}
					scored.Add(1)
					best[i] = -1
					f := &fps[i]
					bestScore := 0.0
					for _, j := range c.count(nh, int32(i), off[i], off[i+1], n, true) {
						if c.shared(j) < minSharedKeys {
							continue
						}
						score := dupScore(f, &fps[j])
						if score > bestScore || score == bestScore && score > 0 && j < best[i] {
							best[i], bestScore = j, score
						}
					}
				}
			}
		})
	}
	for i, b := range best {
		if b >= 0 {
			// Point at the first telling, not at another retelling.
			if d := stories[b].DuplicateOf; d >= 0 {
				b = int32(d)
			}
			stories[i].DuplicateOf = int(b)
		}
	}
	return best, bits.Len64(low), int(scored.Load())
}

// keyRuns is in how many runs of stories a pass over m keys goes: on all
// cores past a few keys.
func keyRuns(m, workers int) int {
	if m < manyKeys {
		return 1
	}
	return workers
}

// manyKeys is how many keys are worth passing over on all cores; a
// variable for tests.
var manyKeys = 1 << 16

// dupKeys appends to dst the keys linkDuplicates indexes f under: the bands
// of its signature, its paragraph openings and its sentences.
func dupKeys(dst []uint64, f *fingerprint) []uint64 {
	for b := 0; b < signatureSize/bandRows; b++ {
		dst = append(dst, mix(mix(uint64(f.sig[2*b])<<32|uint64(f.sig[2*b+1]))+uint64(b)))
	}
	for _, h := range f.openings {
		dst = append(dst, h^0x5bd1e9955bd1e995)
	}
	return append(dst, f.sentences...)
}

// dupScore is how surely f retells g, or 0.
func dupScore(f, g *fingerprint) float64 {
	score := 0.0
	if ms := min(len(f.sentences), len(g.sentences)); ms >= 2 {
		// n >= need is float64(n) >= dupContainment*float64(ms).
		need := max(2, int(math.Ceil(dupContainment*float64(ms))))
		if f.mayShare(g, need) {
			if n := sharedAtLeast(f.sentences, g.sentences, need); n >= need {
				score = float64(n) / float64(ms)
			}
		}
	}
	sim := f.similarity(g)
	if sim < minSimilarity || sim < dupSimilarity && sharedSorted(f.openings, g.openings) == 0 {
		return score
	}
	c, sampled := f.containment(g, sim)
	if sampled && c >= dupTripleContainment || !sampled && c >= dupEstContainment {
		score = max(score, c)
	}
	return score
}

// candidates counts how often each story turns up among the neighbours of
// one story's keys; one is reused per worker.
type candidates struct {
	seen    []tally // by story
	touched []int32
	round   int32
}

// A tally is how many keys a story shares with the one counted for, valid
// when stamp is that count's round.
type tally struct{ stamp, n int32 }

// shared is how many keys story j, returned by the last count, shares.
func (c *candidates) shared(j int32) int32 { return c.seen[j].n }

// count counts the stories before story i that share its keys
// nh.pos[lo:hi] with it, each key followed to its nearest such stories,
// and returns them in order of first appearance; c.shared(j) is how many
// keys j shares, or when weighted, 3 for each it shares with few stories
// and 1 for each stop key.
func (c *candidates) count(nh *neighbourhood, i int32, lo, hi int32, stories int, weighted bool) []int32 {
	if c.seen == nil {
		c.seen = make([]tally, stories)
	}
	c.round++
	// All in locals, and room for every story a key can lead to, so
	// that the loop has no call (append's) and no loads through c or nh
	// (which every store would make the compiler repeat): with them, it
	// spills most of its variables at every step.
	round, seen, at := c.round, c.seen, nh.at
	pos, from := nh.pos[lo:hi], nh.from[lo:hi]
	touched := slices.Grow(c.touched[:0], len(pos)*max(nh.k, nh.kBig))
	touched = touched[:cap(touched)]
	nt := 0
	k, kBig, w3 := nh.k, nh.kBig, int32(1)
	if weighted {
		w3 = 3
	}
	for e, pe := range pos {
		p, f := int(pe>>1), int(from[e])
		kk, w := k, w3
		if pe&1 != 0 {
			kk, w = kBig, 1
		}
		// The kk nearest before p other than story i itself: each of
		// its own keys met puts the limit one further.
		lim := max(f, p-kk)
		for s := p - 1; s >= lim; s-- {
			j := at[s]
			if j == i {
				lim = max(f, lim-1)
				continue
			}
			if seen[j].stamp != round {
				seen[j] = tally{round, 0}
				touched[nt] = j
				nt++
			}
			seen[j].n += w
		}
	}
	c.touched = touched
	return touched[:nt]
}

// sharedSorted counts the values two sorted slices have in common.
func sharedSorted[T cmp.Ordered](a, b []T) int {
	// Without branches: which slice steps next is a coin toss.
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		n += int(b2u(x == y))
		i += int(b2u(x <= y))
		j += int(b2u(y <= x))
	}
	return n
}

// sharedAtLeast is sharedSorted, except that it may stop short, below
// need, once need cannot be reached: most candidates share few sentences.
func sharedAtLeast(a, b []uint64, need int) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		if n+min(len(a)-i, len(b)-j) < need {
			return n
		}
		// A run of steps between checks, as in sharedSorted.
		ea, eb := min(len(a), i+8), min(len(b), j+8)
		for i < ea && j < eb {
			x, y := a[i], b[j]
			n += int(b2u(x == y))
			i += int(b2u(x <= y))
			j += int(b2u(y <= x))
		}
	}
	return n
}

// relatedShare is the share of key terms two stories must have in common
// to be related.
const relatedShare = 0.4

// relatedContainment is the share of the smaller story's word triples that
// must appear in the larger for stories that share few key terms to be
// related: one retells a passage of the other, such as a quotation.
const relatedContainment = 0.25

const (
	// relatedNeighbours is how many of the stories before it sharing a
	// key term a story is compared with.
	relatedNeighbours = 24
	// maxRelated is how many earlier stories one story relates itself
	// to at most: those sharing the most key terms, the latest first.
	maxRelated = 12
)

// linkRelated keys stories by their key terms and relates those that share
// enough of them. Duplicates are not related to what they retell: they are
// already linked.
//
// With past, only the stories whose candidates or their comparison may
// differ from the last build's are compared again (see relDirty). It
// returns the earlier stories each story relates itself to, the low bits
// of its packed keys and how many stories it compared.
func linkRelated(stories []Story, fps []fingerprint, workers int, past *linkPast) ([][]int32, int, int) {
	n := len(fps)
	off := make([]int32, n+1)
	for i := range fps {
		off[i+1] = off[i] + int32(len(fps[i].terms))
	}
	keys := make([]uint64, off[n])
	for i := range fps {
		for k, t := range fps[i].terms {
			keys[int(off[i])+k] = t.hash
		}
	}
	low := lowMask(len(keys))
	dirty := relDirty(past, stories, keys, off, low, keyRuns(len(keys), workers))
	const k = relatedNeighbours
	nh := neighbours(off, keys, k, k, workers)
	// rel[i] are the earlier stories i relates itself to, sorted.
	rel := make([][]int32, n)
	var scored atomic.Int64
	parallel(n, workers, func() func(lo, hi int) {
		var c candidates
		var found []int32
		var byShared []uint64
		var a arena[int32]
		return func(lo, hi int) {
			for i := lo; i < hi; i++ {
				if dirty != nil && !dirty[i] {
					rel[i] = past.st[i].rel // as the last build found
					continue
				}
				scored.Add(1)
				f := &fps[i]
				found = found[:0]
				for _, j := range c.count(nh, int32(i), off[i], off[i+1], n, false) {
					shared := c.shared(j)
					g := &fps[j]
					if shared < 2 || sameTelling(stories, i, int(j)) {
						continue
					}
					need := relatedShare * float64(min(len(f.terms), len(g.terms)))
					// Stories share their key terms, or one quotes the
					// other.
					if float64(shared) >= math.Max(need, 4) {
						found = append(found, j)
					} else if f.quotes(g) {
						found = append(found, j)
					}
				}
				if len(found) > maxRelated {
					// Those sharing the most keys, the latest first: the
					// largest keys shared<<32 | j, sorted without a call
					// per comparison.
					byShared = byShared[:0]
					for _, j := range found {
						byShared = append(byShared, uint64(c.shared(j))<<32|uint64(j))
					}
					slices.Sort(byShared)
					found = found[:0]
					for _, x := range byShared[len(byShared)-maxRelated:] {
						found = append(found, int32(uint32(x)))
					}
				}
				slices.Sort(found)
				rel[i] = a.keep(found)
			}
		}
	})
	// Relate both ways, in one block of memory.
	deg := make([]int, n)
	total := 0
	for i, r := range rel {
		deg[i] += len(r)
		for _, j := range r {
			deg[j]++
		}
		total += 2 * len(r)
	}
	if total == 0 {
		return rel, bits.Len64(low), int(scored.Load())
	}
	all := make([]int, total)
	pos := 0
	for i := range stories {
		if deg[i] > 0 {
			stories[i].Related = all[pos : pos : pos+deg[i]]
			pos += deg[i]
		}
	}
	// In order of i, a story gets its later relations after its earlier
	// ones, each in increasing order: the lists come out sorted.
	for i, r := range rel {
		for _, j := range r {
			stories[i].Related = append(stories[i].Related, int(j))
		}
		for _, j := range r {
			stories[j].Related = append(stories[j].Related, i)
		}
	}
	return rel, bits.Len64(low), int(scored.Load())
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
