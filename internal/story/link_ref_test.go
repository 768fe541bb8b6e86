package story

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"digest/bench/corpus"
)

// The fingerprinting as it was before it scanned eight bytes at a time,
// kept to hold the faster one to: its results must not change, or Link
// would link other stories.

var refWordClass = func() (c [256]uint8) {
	for b := range 256 {
		if 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b >= 0x80 {
			c[b] = 1
		}
	}
	c['\''] = 2
	return c
}()

func (fb *fingerprinter) refFingerprint(s *Story, f *fingerprint) {
	var mins [signatureSize]uint64
	for k := range mins {
		mins[k] = math.MaxUint64
	}
	t := &fb.t
	t.reset()
	fb.sentences, fb.openings, fb.sample = fb.sentences[:0], fb.openings[:0], fb.sample[:0]
	var w0, w1, sent uint64
	n, shingles := 0, 0
	for _, b := range s.Blocks {
		text := b.Text
		words, open, sentWords := 0, uint64(0), 0
		for i := 0; i < len(text); {
			// Words are runs of letters, digits and non-ASCII bytes,
			// folded to lower case.
			if refWordClass[text[i]] != 1 {
				i++
				continue
			}
			start := i
			for i++; i < len(text); {
				c := refWordClass[text[i]]
				if c == 1 {
					i++
				} else if c == 2 && i+1 < len(text) && refWordClass[text[i+1]] == 1 {
					i += 2
				} else {
					break
				}
			}
			h := refHashWord(text, start, i)
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
				if sh&(1<<sampleBits-1) == 0 {
					fb.sample = append(fb.sample, uint32(sh>>26))
				}
				shingles++
			}
			w0, w1 = w1, h
			if words++; words <= openingWords {
				open = mix(open ^ h)
				if words == openingWords {
					fb.openings = append(fb.openings, open)
				}
			}
			// A full stop, question or exclamation mark after the
			// word ends a sentence.
			sent = (sent ^ h) * 0x100000001B3
			sentWords++
			if i < len(text) && (text[i] == '.' || text[i] == '!' || text[i] == '?') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '"') {
				fb.sentences = append(fb.sentences, mix(sent))
				sent, sentWords = 0, 0
			}
		}
		if sentWords > 0 {
			fb.sentences = append(fb.sentences, mix(sent))
			sent = 0
		}
	}
	f.shingles = int32(shingles)
	f.sentences = fb.a64.keep(sortCompact(fb.sentences))
	f.openings = fb.a64.keep(sortCompact(fb.openings))
	slices.Sort(fb.sample)
	fb.sample = slices.Compact(fb.sample)
	for _, x := range fb.sample {
		f.sample = binary.LittleEndian.AppendUint32(f.sample, x)
	}
	f.sampleSketch = [sketchWords]uint64{}
	for _, x := range fb.sample {
		h := x * 0x9E3779B9 >> 22 // 10 bits
		f.sampleSketch[h>>6] |= 1 << (h & 63)
	}
	for _, w := range f.sampleSketch {
		f.sketchBits += int32(bits.OnesCount64(w))
	}
	f.sentExtra = int32(len(f.sentences))
	for _, x := range f.sentences {
		h := x >> 54
		f.sentExtra -= int32(b2u(f.sentSketch[h>>6]&(1<<(h&63)) == 0))
		f.sentSketch[h>>6] |= 1 << (h & 63)
	}
	densify(&mins)
	f.sigBytes = [signatureSize / 8]uint64{}
	for k, m := range mins {
		f.sig[k] = uint32(m >> 32)
		f.sigBytes[k/8] |= uint64(uint8(f.sig[k])) << (k % 8 * 8)
	}
	// The candidates for key terms: the most frequent.
	fb.terms = t.top(fb.terms[:0], candidateTerms)
	f.terms = fb.aterms.keep(fb.terms)
}

func refHashWord(s string, start, end int) uint64 {
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

// checkFingerprints compares fingerprint with refFingerprint on stories.
func checkFingerprints(t testing.TB, stories []Story) {
	t.Helper()
	var fb, ref fingerprinter
	for i := range stories {
		var got, want fingerprint
		fb.fingerprint(&stories[i], &got)
		ref.refFingerprint(&stories[i], &want)
		// The sample is kept in the order its values first come.
		vals := make([]uint32, len(got.sample)/4)
		for k := range vals {
			vals[k] = binary.LittleEndian.Uint32(got.sample[4*k:])
		}
		slices.Sort(vals)
		if len(slices.Compact(slices.Clone(vals))) != len(vals) {
			t.Fatalf("story %d: a value is twice in the sample", i)
		}
		got.sample = got.sample[:0]
		for _, x := range vals {
			got.sample = binary.LittleEndian.AppendUint32(got.sample, x)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("story %d (%+v): fingerprint differs from the reference", i, stories[i].Blocks)
		}
	}
}

// trickyText returns text made of the bytes the scanning treats apart:
// letters of both cases, digits, apostrophes, sentence ends, quotes,
// spaces, other punctuation and UTF-8, in words of all lengths.
func trickyText(r *rand.Rand) string {
	pieces := []string{"a", "Z", "9", "'", "''", ".", "!", "?", "\"", " ", "  ", ",", "-", "\n", "\x00", "é", "’", "\xff", "\x7f", "@", "[", "`", "{", "/", ":"}
	var b strings.Builder
	for range r.IntN(120) {
		if r.IntN(3) == 0 {
			b.WriteString(pieces[r.IntN(len(pieces))])
			continue
		}
		for range 1 + r.IntN(20) {
			c := byte('a' + r.IntN(26))
			switch r.IntN(8) {
			case 0:
				c -= 'a' - 'A'
			case 1:
				c = byte('0' + r.IntN(10))
			}
			b.WriteByte(c)
		}
	}
	return b.String()
}

func TestFingerprintReference(t *testing.T) {
	checkFingerprints(t, synthetic(500))
	checkFingerprints(t, overlapping(300))
	dir := t.TempDir()
	if err := corpus.Write(dir, 300, corpus.Options{Seed: 2, Format: corpus.Text}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "content", "bundles", "*.txt"))
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := Parse(name, src)
		checkFingerprints(t, s)
	}
	r := rand.New(rand.NewPCG(5, 6))
	var stories []Story
	for range 3000 {
		var blocks []Block
		for range r.IntN(6) {
			blocks = append(blocks, Block{Kind: Paragraph, Text: trickyText(r)})
		}
		stories = append(stories, Story{Blocks: blocks})
	}
	checkFingerprints(t, stories)
	// Every short text of the bytes that matter, so that words ending at
	// the end of a text or near it are all tried.
	alphabet := []byte("aZ9'. \"!?é")
	for n := range 6 {
		total := 1
		for range n {
			total *= len(alphabet)
		}
		stories = stories[:0]
		for k := range total {
			b := make([]byte, n)
			for i, x := 0, k; i < n; i, x = i+1, x/len(alphabet) {
				b[i] = alphabet[x%len(alphabet)]
			}
			stories = append(stories, Story{Blocks: []Block{{Text: "the quick Brown fox " + string(b)}, {Text: string(b)}}})
		}
		checkFingerprints(t, stories)
	}
}

func TestHashWordReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 100000 {
		s := trickyText(r)
		if len(s) == 0 {
			continue
		}
		start := r.IntN(len(s))
		end := start + r.IntN(len(s)-start+1)
		if got, want := hashWord(s, start, end), refHashWord(s, start, end); got != want {
			t.Fatalf("hashWord(%q, %d, %d) = %x, want %x", s, start, end, got, want)
		}
	}
}

func FuzzFingerprint(f *testing.F) {
	f.Add("The Old Bridge reopened. It's 30 million euros!", "Née d'Arc said \"no\". Why?")
	f.Add("a'b'c ''d' e.", "x")
	f.Fuzz(func(t *testing.T, a, b string) {
		checkFingerprints(t, []Story{{Blocks: []Block{{Text: a}, {Text: b}}}})
	})
}

// refNeighbours is neighbours as it was when it listed, for each key, its
// up to k neighbours (j<<1, or j<<1|1 for a stop key) or -1: entry e's are
// at [e*k, e*k+k).
func refNeighbours(off []int32, keys []uint64, k, kBig int) []int32 {
	m := len(keys)
	low := lowMask(m)
	packed := keys
	owner := make([]int32, m)
	for i := range len(off) - 1 {
		for e := off[i]; e < off[i+1]; e++ {
			packed[e] = keys[e]&^low | uint64(e)
			owner[e] = int32(i)
		}
	}
	slices.Sort(packed)
	nb := make([]int32, m*k)
	for p := 0; p < m; {
		q := p + 1
		for q < m && (packed[q]^packed[p])&^low == 0 {
			q++
		}
		big, kk := int32(0), k
		if q-p > k+1 {
			big, kk = 1, kBig
		}
		for r := p; r < q; r++ {
			e := int(packed[r] & low)
			me, t := owner[e], 0
			for s := r - 1; s >= p && t < kk; s-- {
				if j := owner[packed[s]&low]; j != me {
					nb[e*k+t] = j<<1 | big
					t++
				}
			}
			for ; t < k; t++ {
				nb[e*k+t] = -1
			}
		}
		p = q
	}
	return nb
}

// refCount is candidates.count over refNeighbours' lists.
func refCount(nb []int32, stories int, weighted bool) (order []int32, n map[int32]int32) {
	n = map[int32]int32{}
	for _, v := range nb {
		if v < 0 {
			continue
		}
		j := v >> 1
		if _, ok := n[j]; !ok {
			order = append(order, j)
		}
		if weighted {
			n[j] += 1 + 2*(1-v&1)
		} else {
			n[j]++
		}
	}
	return order, n
}

// TestNeighboursReference holds neighbours and candidates.count to the
// lists of neighbours they replaced, on keys shared by groups of every
// size, within stories too.
func TestNeighboursReference(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, size := range []int{10, 300, 5000} {
		for _, kk := range [][2]int{{4, 2}, {24, 24}, {3, 1}} {
			k, kBig := kk[0], kk[1]
			off := make([]int32, size+1)
			var keys []uint64
			for i := range size {
				for range r.IntN(12) {
					// Mostly unshared keys, some shared by a few
					// stories, some by many.
					var key uint64
					switch x := r.IntN(10); {
					case x < 6:
						key = r.Uint64()
					case x < 9:
						key = uint64(r.IntN(size)) * 0x9E3779B97F4A7C15
					default:
						key = uint64(r.IntN(8)) << 40
					}
					keys = append(keys, key)
				}
				off[i+1] = int32(len(keys))
			}
			want := refNeighbours(off, slices.Clone(keys), k, kBig)
			for _, workers := range []int{1, 2, 3} {
				nh := neighbours(off, slices.Clone(keys), k, kBig, workers)
				for _, weighted := range []bool{false, true} {
					var c candidates
					for i := range size {
						got := c.count(nh, int32(i), off[i], off[i+1], size, weighted)
						order, n := refCount(want[int(off[i])*k:int(off[i+1])*k], size, weighted)
						if !slices.Equal(got, order) {
							t.Fatalf("size %d, k %d/%d, workers %d: story %d: candidates %v, want %v", size, k, kBig, workers, i, got, order)
						}
						for _, j := range got {
							if c.shared(j) != n[j] {
								t.Fatalf("size %d, k %d/%d: story %d shares %d keys with %d, want %d", size, k, kBig, i, c.shared(j), j, n[j])
							}
						}
					}
				}
			}
		}
	}
}

// TestHeaviestReference holds heaviest to the stable sort it replaced, on
// weights with many ties.
func TestHeaviestReference(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 20000 {
		n := r.IntN(2*candidateTerms + 1)
		terms := make([]termCount, n)
		idf := make([]float64, n)
		for k := range terms {
			terms[k] = termCount{hash: r.Uint64(), count: 1 + r.IntN(4)}
			idf[k] = []float64{0.5, 1, 2, math.Log(3)}[r.IntN(4)]
		}
		idx := make([]int, n)
		for k := range idx {
			idx[k] = k
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			return cmp.Compare(float64(terms[b].count)*idf[b], float64(terms[a].count)*idf[a])
		})
		var want []termCount
		for _, k := range idx[:min(keyTerms, n)] {
			want = append(want, terms[k])
		}
		if got := heaviest(nil, terms, idf); !slices.Equal(got, want) {
			t.Fatalf("heaviest(%v, %v) = %v, want %v", terms, idf, got, want)
		}
	}
}

// TestTopReference holds termCounter.top to sorting all the terms counted,
// by count and then hash, on counts of every spread: few terms or many,
// most counted once or many times.
func TestTopReference(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var tc termCounter
	for range 20000 {
		tc.reset()
		terms := r.IntN(300)
		maxCount := 1 + r.IntN(12)
		for range terms {
			// Few distinct hashes sometimes, so that terms recur.
			h := r.Uint64()
			if r.IntN(3) == 0 {
				h = uint64(1 + r.IntN(terms+1))
			}
			tc.add(h, 1+r.IntN(maxCount))
		}
		var all []termCount
		for _, k := range tc.used {
			all = append(all, tc.slots[k])
		}
		slices.SortFunc(all, byCount)
		n := 1 + r.IntN(2*candidateTerms)
		want := all[:min(n, len(all))]
		if got := tc.top(nil, n); !slices.Equal(got, want) {
			t.Fatalf("top(%d) of %v = %v, want %v", n, all, got, want)
		}
	}
}

// TestMayShareBound holds mayShare to what it stands for: it may answer
// yes when fewer are shared, but never no when need sentences or more are,
// on sentence hashes that crowd a few bits of the sketch or spread over
// all of them.
func TestMayShareBound(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	hash := func(spread int) uint64 {
		// The top ten bits pick the bit of the sketch.
		return uint64(r.IntN(spread))<<54 | r.Uint64()>>10
	}
	pruned := 0
	for range 20000 {
		spread := []int{1, 8, 64, 1024}[r.IntN(4)]
		var common, a, b []uint64
		for range r.IntN(60) {
			common = append(common, hash(spread))
		}
		a = append(a, common...)
		b = append(b, common...)
		for range r.IntN(150) {
			a = append(a, hash(spread))
		}
		for range r.IntN(150) {
			b = append(b, hash(spread))
		}
		var f, g fingerprint
		f.sentences, g.sentences = sortCompact(a), sortCompact(b)
		f.sketchSentences()
		g.sketchSentences()
		shared := sharedSorted(f.sentences, g.sentences)
		for need := 1; need <= shared+5; need++ {
			if !f.mayShare(&g, need) {
				pruned++
				if shared >= need {
					t.Fatalf("mayShare(%d) = false, with %d shared", need, shared)
				}
			}
		}
	}
	if pruned == 0 {
		t.Fatal("mayShare never ruled a pair out")
	}
}

// TestQuotesReference holds quotes to the test it stands for, for triple
// counts small and large, equal and not, and every count of equal values
// of the signatures, placed at random, among values whose low bytes are
// often equal too.
func TestQuotesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 16))
	want := func(f, g *fingerprint) bool {
		sim := f.similarity(g)
		return sim > 0 && f.estContainment(g, sim) >= relatedContainment
	}
	check := func(a, b int32) {
		var f, g fingerprint
		f.shingles, g.shingles = a, b
		for k := range f.sig {
			f.sig[k] = r.Uint32()
		}
		for _, same := range r.Perm(signatureSize + 1) {
			g.sig = f.sig
			for _, k := range r.Perm(signatureSize)[same:] {
				if r.IntN(2) == 0 {
					g.sig[k] ^= 1 << (8 + r.IntN(24)) // the low byte equal
				} else {
					g.sig[k] ^= 1 + uint32(r.IntN(255))
				}
			}
			f.sigBytes, g.sigBytes = [signatureSize / 8]uint64{}, [signatureSize / 8]uint64{}
			for k := range f.sig {
				f.sigBytes[k/8] |= uint64(uint8(f.sig[k])) << (k % 8 * 8)
				g.sigBytes[k/8] |= uint64(uint8(g.sig[k])) << (k % 8 * 8)
			}
			if got, want := f.quotes(&g), want(&f, &g); got != want {
				t.Fatalf("shingles %d, %d, %d equal: quotes = %v, want %v", a, b, same, got, want)
			}
		}
	}
	for a := range int32(50) {
		for b := range int32(50) {
			check(a, b)
		}
	}
	for range 5000 {
		a, b := r.Int32N(1<<(1+r.IntN(30))), r.Int32N(1<<(1+r.IntN(30)))
		check(a, b)
		// Counts at which the estimate is a quarter exactly: 4k(a+b) =
		// (64+k)m, for m = a <= b.
		k := int64(1 + r.IntN(signatureSize))
		u := int64(1 + r.IntN(1000))
		if m, sum := (4*k)*u, (signatureSize+k)*u; sum >= 2*m {
			check(int32(m), int32(sum-m))
		}
	}
}

// refDupScore is dupScore as it was before sketches ruled pairs out.
func refDupScore(f, g *fingerprint) float64 {
	score := 0.0
	if ms := min(len(f.sentences), len(g.sentences)); ms >= 2 {
		need := max(2, int(math.Ceil(dupContainment*float64(ms))))
		if n := sharedSorted(f.sentences, g.sentences); n >= need {
			score = float64(n) / float64(ms)
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

// TestDupScoreReference holds dupScore, which rules out pairs by their
// sentence sketches, to refDupScore, on stories that retell each other in
// part or whole and on short ones.
func TestDupScoreReference(t *testing.T) {
	stories := append(overlapping(150), synthetic(150)...)
	r := rand.New(rand.NewPCG(17, 18))
	for range 100 {
		stories = append(stories, Story{Blocks: []Block{{Kind: Paragraph, Text: trickyText(r)}}})
	}
	fps := make([]fingerprint, len(stories))
	var fb fingerprinter
	for i := range stories {
		fb.fingerprint(&stories[i], &fps[i])
	}
	scored := 0
	for i := range fps {
		for j := range fps {
			got, want := dupScore(&fps[i], &fps[j]), refDupScore(&fps[i], &fps[j])
			if got != want {
				t.Fatalf("dupScore(%d, %d) = %v, want %v", i, j, got, want)
			}
			scored += int(b2u(got > 0))
		}
	}
	if scored == 0 {
		t.Fatal("no pair scored")
	}
}

// TestSampleReference holds distinct and sharedSamples to maps: distinct
// keeps each value once, in the order they first come, and sharedSamples
// counts the values two samples share, in any order.
func TestSampleReference(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	var fb fingerprinter
	for range 3000 {
		// Values from a small range repeat; 0 and the largest too.
		span := uint32(1 + r.IntN(400))
		if r.IntN(4) == 0 {
			span = math.MaxUint32
		}
		vals := func() []uint32 {
			s := make([]uint32, r.IntN(300))
			for k := range s {
				s[k] = r.Uint32N(span)
				if r.IntN(50) == 0 {
					s[k] = math.MaxUint32 - s[k]
				}
			}
			return s
		}
		a, b := vals(), vals()
		var want []uint32
		seen := map[uint32]bool{}
		for _, x := range a {
			if !seen[x] {
				seen[x] = true
				want = append(want, x)
			}
		}
		if got := fb.distinct(slices.Clone(a)); !slices.Equal(got, want) {
			t.Fatalf("distinct(%v) = %v, want %v", a, got, want)
		}
		bd := fb.distinct(slices.Clone(b))
		var f, g fingerprint
		f.setSample(want, &fb.a8)
		g.setSample(bd, &fb.a8)
		shared := 0
		for _, x := range bd {
			shared += int(b2u(seen[x]))
		}
		if got := sharedSamples(f.sample, g.sample); got != shared {
			t.Fatalf("sharedSamples of %v and %v = %d, want %d", a, b, got, shared)
		}
	}
}
