package topic

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"sync/atomic"
	"unsafe"

	"digest/internal/memo"
)

// A Memo is what topic extraction remembers from one build for the next.
//
// The statistics Extract picks from are sums over the stories (see run):
// how many stories have each key and each pair, how often each spelling
// occurs, how capitalised each word is. A build that remembers the sums,
// and each story's share of them, scans only the stories that changed: it
// takes the old texts' shares off the sums and adds the new texts'. A
// story's topics depend on the sums only through the keys and pairs it has
// at least twice, so only the stories with such a key or pair whose
// figures changed are chosen for again; the others keep their topics. An
// edit build at 10,000 stories so scans one story instead of all of them.
type Memo struct {
	// Stories holds each story's share, by the hash of its text (see
	// share).
	Stories *memo.Table
	// Stats holds the sums, and the topics of every story, as the last
	// build left them; nil for none. ExtractMemo replaces it with this
	// build's, to save.
	Stats []byte
	// Version names the program, as the table's version does: another
	// program's sums are not trusted.
	Version string

	// filled tells, for tests, that the sums were worked out again
	// from every story.
	filled bool
}

// ExtractMemo is Extract(docs, max), worked out from what the last build
// left in m, which it updates for the next. keys[i] is a hash of all of
// docs[i], or of it and more: a story's share is remembered by it.
func ExtractMemo(docs [][]string, keys []memo.Key, max int, m *Memo) [][]string {
	if max > 3 {
		max = 3
	}
	c, ok := decodeCorpus(m.Stats, m.Version, max)
	var out [][]string
	if ok {
		out, ok = c.update(docs, keys, m.Stories)
	}
	m.filled = !ok
	if !ok {
		c = &corpus{max: max}
		out = c.fill(docs, keys, m.Stories)
	}
	m.Stats = c.encode(m.Version)
	return out
}

// A corpus is the sums over the stories, by the ids of a vocabulary of
// their words, and the stories' topics.
type corpus struct {
	max, n int
	g      *vocab
	occ    []int32 // events by word
	proper []int32 // capitalisation by word (see term)
	df     []int32 // stories by key
	pairs  *pairTable
	pairDF []int32 // stories by pair, the pair's index in pairs
	ab     [][2]int32
	forms  map[form]int32 // occurrences of a pair by its second word's spelling

	stories map[memo.Key]*storyTopics
}

// storyTopics is what the corpus knows of the stories with one text.
type storyTopics struct {
	n      int32 // how many there are
	topics []string
}

// word returns the id of s, adding it when new, with its key when it is
// not a stopword: a key is itself a word of the vocabulary.
func (c *corpus) word(s string) int32 {
	id := c.g.idStr(s)
	if c.g.terms[id].flags&fStop == 0 {
		c.g.key(id)
	}
	if n := len(c.g.strs); len(c.occ) < n {
		grow := n - len(c.occ)
		c.occ = append(c.occ, make([]int32, grow)...)
		c.proper = append(c.proper, make([]int32, grow)...)
		c.df = append(c.df, make([]int32, grow)...)
	}
	return id
}

// pair returns the index of pair (a, b), adding it when new.
func (c *corpus) pair(a, b int32) int32 {
	n := c.pairs.len()
	v := c.pairs.at(pairKey(a, b))
	if c.pairs.len() > n {
		*v = int32(n)
		c.pairDF = append(c.pairDF, 0)
		c.ab = append(c.ab, [2]int32{a, b})
	}
	return *v
}

// A story's share is encoded as
//
//	keys    = count { word count }   its keys that occur twice, and how often
//	pairs   = count { key key count } its pairs of those keys that occur twice
//	words   = count { word events capitalisation }
//	spelled = count { key word count } its pairs: first key, second word
//	word    = length bytes
//
// with counts and indexes as uvarints, capitalisation as a varint; a key
// in pairs is an index in keys, in spelled an index in words. The keys and
// pairs come first: they are all that deciding whether a story is chosen
// for again reads, and all choosing for it reads.

// A sharer works out stories' shares, with a vocabulary of its own that
// lasts from story to story, as a worker's does in run, and adds them up
// when sum is set.
type sharer struct {
	v *vocab
	// stops are v's stopwords, by string: their capitalisation counts,
	// though they make no events
	stops []int32
	nstop int // how many of v's words stops has looked at

	// by id, zero between stories
	occ []int32
	tf  []int32
	at  []int32 // index+1 among the words written
	kat []int32 // index+1 among the keys written

	evs   []event
	words []int32 // the words to write, in order
	keys  []int32 // the keys that count, in order
	pairs *pairTable
	order []uint64 // the pairs' keys (key, word), in order
	ab    *pairTable
	abs   []uint64 // the pairs' keys (key, key), in order
	sum   *sums
}

// sums are the sums of a sharer's stories, by its ids.
type sums struct {
	occ, proper, df []int32
	pairs           *pairTable // pair index by key
	ab              [][2]int32
	pairDF          []int32
	forms           *formTable
}

func newSharer(sum bool) *sharer {
	s := &sharer{v: newVocab(1024), pairs: newPairTable(10), ab: newPairTable(10)}
	if sum {
		s.sum = &sums{pairs: newPairTable(10), forms: newFormTable(10)}
	}
	return s
}

// share returns the share of the story paras, appended to b. The bytes
// depend on paras alone, not on the stories before.
func (s *sharer) share(b []byte, paras []string) []byte {
	v := s.v
	s.evs = scanDoc(paras, v, s.evs[:0])
	n := len(v.strs)
	// stops is kept in order of the words' strings, so that the share
	// lists them in an order of their own, not of v's ids.
	for id := s.nstop; id < n; id++ {
		if v.terms[id].flags&fStop != 0 {
			at, _ := slices.BinarySearchFunc(s.stops, v.strs[id], func(a int32, w string) int { return strings.Compare(v.strs[a], w) })
			s.stops = slices.Insert(s.stops, at, int32(id))
		}
	}
	s.nstop = n
	s.occ, s.tf, s.at, s.kat = resize(s.occ, n), resize(s.tf, n), resize(s.at, n), resize(s.kat, n)
	occ, tf, at, kat := s.occ, s.tf, s.at, s.kat

	// The words that occur, in order, then the stopwords capitalised,
	// by string.
	words, keys := s.words[:0], s.keys[:0]
	for _, ev := range s.evs {
		if occ[ev.lw] == 0 {
			words = append(words, ev.lw)
		}
		occ[ev.lw]++
		if t := v.terms[ev.lw]; t.flags&fGeneric == 0 {
			if tf[t.stem] == 0 {
				keys = append(keys, t.stem)
			}
			tf[t.stem]++
		}
	}
	for _, id := range s.stops {
		if v.terms[id].proper != 0 {
			words = append(words, id)
		}
	}
	for j, id := range words {
		at[id] = int32(j) + 1
	}
	// The pairs, in order; the keys they start with are written as words
	// too.
	s.pairs.reset()
	s.ab.reset()
	order, abs := s.order[:0], s.abs[:0]
	for _, ev := range s.evs {
		if ev.prev < 0 {
			continue
		}
		k := pairKey(ev.prev, ev.lw)
		before := s.pairs.len()
		*s.pairs.at(k)++
		if s.pairs.len() > before {
			order = append(order, k)
			if at[ev.prev] == 0 {
				words = append(words, ev.prev)
				at[ev.prev] = int32(len(words))
			}
		}
		kk := pairKey(ev.prev, v.terms[ev.lw].stem)
		before = s.ab.len()
		*s.ab.at(kk)++
		if s.ab.len() > before {
			abs = append(abs, kk)
		}
	}

	// keys that occur twice, and their pairs that do
	nk := 0
	for _, k := range keys {
		if tf[k] >= 2 {
			nk++
			kat[k] = int32(nk)
		}
	}
	b = binary.AppendUvarint(b, uint64(nk))
	for _, k := range keys {
		if kat[k] > 0 {
			b = appendString(b, v.strs[k])
			b = binary.AppendUvarint(b, uint64(tf[k]))
		}
	}
	np := 0
	for _, k := range abs {
		a, bk := pairParts(k)
		if c, _ := s.ab.get(k); c >= 2 && kat[a] > 0 && kat[bk] > 0 {
			np++
		}
	}
	b = binary.AppendUvarint(b, uint64(np))
	for _, k := range abs {
		a, bk := pairParts(k)
		if c, _ := s.ab.get(k); c >= 2 && kat[a] > 0 && kat[bk] > 0 {
			b = binary.AppendUvarint(b, uint64(kat[a]-1))
			b = binary.AppendUvarint(b, uint64(kat[bk]-1))
			b = binary.AppendUvarint(b, uint64(c))
		}
	}
	// words and pairs
	b = binary.AppendUvarint(b, uint64(len(words)))
	for _, id := range words {
		b = appendString(b, v.strs[id])
		b = binary.AppendUvarint(b, uint64(occ[id]))
		b = binary.AppendVarint(b, int64(v.terms[id].proper))
	}
	b = binary.AppendUvarint(b, uint64(len(order)))
	for _, k := range order {
		a, lw := pairParts(k)
		c, _ := s.pairs.get(k)
		b = binary.AppendUvarint(b, uint64(at[a]-1))
		b = binary.AppendUvarint(b, uint64(at[lw]-1))
		b = binary.AppendUvarint(b, uint64(c))
	}

	if sum := s.sum; sum != nil {
		sum.add(v, words, keys, order, s.pairs, occ)
	}
	for _, id := range words {
		occ[id], at[id] = 0, 0
		v.terms[id].proper = 0
	}
	for _, k := range keys {
		tf[k], kat[k] = 0, 0
	}
	s.words, s.keys, s.order, s.abs = words, keys, order, abs
	return b
}

// add adds a story's share, as share found it, to the sums.
func (sum *sums) add(v *vocab, words, keys []int32, order []uint64, pairs *pairTable, occ []int32) {
	n := len(v.strs)
	sum.occ, sum.proper, sum.df = resize(sum.occ, n), resize(sum.proper, n), resize(sum.df, n)
	for _, id := range words {
		sum.occ[id] += occ[id]
		sum.proper[id] += v.terms[id].proper
	}
	for _, k := range keys {
		sum.df[k]++
	}
	// A story counts once for each pair, and its pairs are in order: the
	// last story counted is marked by a story number of the pair.
	for _, k := range order {
		a, lw := pairParts(k)
		kk := pairKey(a, v.terms[lw].stem)
		before := sum.pairs.len()
		pi := sum.pairs.at(kk)
		if sum.pairs.len() > before {
			*pi = int32(before)
			sum.ab = append(sum.ab, [2]int32{a, v.terms[lw].stem})
			sum.pairDF = append(sum.pairDF, 0)
		}
		c, _ := pairs.get(k)
		sum.forms.add(form{*pi, lw}, c)
	}
	for _, k := range order {
		a, lw := pairParts(k)
		p, _ := sum.pairs.get(pairKey(a, v.terms[lw].stem))
		if sum.pairDF[p] >= 0 {
			sum.pairDF[p] = ^sum.pairDF[p] // marked: counted for this story
		}
	}
	for _, k := range order {
		a, lw := pairParts(k)
		p, _ := sum.pairs.get(pairKey(a, v.terms[lw].stem))
		if sum.pairDF[p] < 0 {
			sum.pairDF[p] = ^sum.pairDF[p] + 1
		}
	}
}

// addTo adds the sums to c.
func (sum *sums) addTo(c *corpus, v *vocab) {
	gid := make([]int32, len(sum.occ))
	for id := range sum.occ {
		gid[id] = -1
		if sum.occ[id] != 0 || sum.proper[id] != 0 || sum.df[id] != 0 {
			g := c.word(v.strs[id])
			gid[id] = g
			c.occ[g] += sum.occ[id]
			c.proper[g] += sum.proper[id]
			c.df[g] += sum.df[id]
		}
	}
	for _, j := range sum.pairs.used {
		p := sum.pairs.vals[j]
		ab := sum.ab[p]
		c.pairDF[c.pair(gid[ab[0]], gid[ab[1]])] += sum.pairDF[p]
	}
	for _, j := range sum.forms.used {
		f, n := sum.forms.keys[j], sum.forms.vals[j]
		ab := sum.ab[f[0]]
		c.forms[form{c.pair(gid[ab[0]], gid[ab[1]]), gid[f[1]]}] += n
	}
}

func resize(s []int32, n int) []int32 {
	if len(s) < n {
		s = append(s, make([]int32, n-len(s))...)
	}
	return s
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// A reader reads an encoding; a fault makes every later read return zero
// values and ok report false.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uvarint() int {
	x, n := binary.Uvarint(r.b)
	if n <= 0 || x > 1<<31 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return int(x)
}

func (r *reader) varint() int32 {
	x, n := binary.Varint(r.b)
	if n <= 0 || x > 1<<31 || x < -1<<31 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return int32(x)
}

// string returns a view of the next string: the bytes must outlive it.
func (r *reader) string() string {
	n := r.uvarint()
	if n > len(r.b) {
		r.bad, r.b = true, nil
		return ""
	}
	s := unsafe.String(unsafe.SliceData(r.b), n)
	r.b = r.b[n:]
	return s
}

// deps reads the keys and pairs at the start of a share, giving each to
// key or pair in turn; a pair's keys are given by their index among the
// keys.
func (r *reader) deps(key func(s string, n int32), pair func(a, b int, n int32)) {
	nk := r.uvarint()
	for range nk {
		s := r.string()
		key(s, int32(r.uvarint()))
	}
	np := r.uvarint()
	for range np {
		a, b, n := r.uvarint(), r.uvarint(), int32(r.uvarint())
		if a >= nk || b >= nk {
			r.bad = true
			return
		}
		pair(a, b, n)
	}
}

// apply adds sign times the share sh to the sums, and reports whether sh
// decoded. touched, when not nil, is given the pairs it changes.
func (c *corpus) apply(sh []byte, sign int32, sc *applyScratch, touched func(p int32)) bool {
	r := reader{b: sh}
	r.deps(func(string, int32) {}, func(int, int, int32) {})
	nw := r.uvarint()
	ids := sc.ids[:0]
	clear(sc.seen)
	for range nw {
		s := r.string()
		occ, proper := int32(r.uvarint()), r.varint()
		if r.bad {
			return false
		}
		id := c.word(s)
		ids = append(ids, id)
		c.occ[id] += sign * occ
		c.proper[id] += sign * proper
		// a story counts once for each key of its words that occur and
		// are not generic
		if t := c.g.terms[id]; occ > 0 && t.flags&(fStop|fGeneric) == 0 && !sc.seen[t.stem] {
			sc.seen[t.stem] = true
			c.df[t.stem] += sign
		}
	}
	sc.ids = ids
	np := r.uvarint()
	clear(sc.pseen)
	for range np {
		a, lw, n := r.uvarint(), r.uvarint(), int32(r.uvarint())
		if r.bad || a >= len(ids) || lw >= len(ids) || c.g.terms[ids[lw]].stem < 0 {
			return false
		}
		p := c.pair(ids[a], c.g.terms[ids[lw]].stem)
		if !sc.pseen[p] {
			sc.pseen[p] = true
			c.pairDF[p] += sign
			if touched != nil {
				touched(p)
			}
		}
		f := form{p, ids[lw]}
		if m := c.forms[f] + sign*n; m != 0 {
			c.forms[f] = m
		} else {
			delete(c.forms, f)
		}
	}
	return !r.bad && len(r.b) == 0
}

// applyScratch is what apply reuses from share to share.
type applyScratch struct {
	ids   []int32
	seen  map[int32]bool
	pseen map[int32]bool
}

func newApplyScratch() *applyScratch {
	return &applyScratch{seen: map[int32]bool{}, pseen: map[int32]bool{}}
}

// derived is what choosing reads of the sums besides the counts of
// stories: whether each key is a name, its spelling, and each pair's
// spelling.
type derived struct {
	named  []bool
	best   []int32
	second []int32 // the most frequent spelling of a pair's second word
}

func (c *corpus) derive() derived {
	x := &extractor{g: c.g, proper: c.proper}
	d := derived{named: x.namedKeys(), best: bestSpellings(c.g, c.occ), second: make([]int32, len(c.ab))}
	n := make([]int32, len(c.ab))
	for p := range d.second {
		d.second[p] = -1
	}
	for f, m := range c.forms {
		p, b := f[0], f[1]
		if m > n[p] || m == n[p] && c.g.strs[b] < c.g.strs[d.second[p]] {
			d.second[p], n[p] = b, m
		}
	}
	return d
}

// extractor returns an extractor that chooses from the sums, for docs.
func (c *corpus) extractor(docs [][]string, d derived) *extractor {
	x := &extractor{docs: docs, max: c.max, n: len(docs), g: c.g, best: d.best, df: c.df,
		pairIdx: c.pairs, pairDF: c.pairDF, ds: make([]docState, len(docs)), out: make([][]string, len(docs))}
	x.pairBest = make([][3]int32, len(c.ab))
	for p, ab := range c.ab {
		x.pairBest[p] = [3]int32{x.displayID(ab[0]), d.second[p], 0}
	}
	return x
}

// cands returns the candidates of the story whose share is sh, given which
// keys are names, for choose: as run would find them (see ckey there). It
// reports false for a share that does not decode, or has a key the sums
// do not.
func (c *corpus) cands(sh []byte, named []bool) ([]cand, bool) {
	r := reader{b: sh}
	var cs []cand
	var buf [64]int32
	kid := buf[:0]
	ok := true
	r.deps(func(s string, n int32) {
		k, found := c.g.lookup(s)
		ok = ok && found
		kid = append(kid, k)
		if found && !named[k] {
			cs = append(cs, cand{key: uint64(k), tf: n})
		}
	}, func(a, b int, n int32) {
		if ka, kb := kid[a], kid[b]; ok && !named[ka] && !named[kb] {
			cs = append(cs, cand{key: pairKey(ka, kb), tf: n})
		}
	})
	return cs, ok && !r.bad
}

// figures are the keys and pairs whose figures changed, by their
// strings.
type figures struct {
	keys  map[string]bool
	pairs map[[2]string]bool
	// may has a bit for each key changed or starting a pair changed, by
	// sig: most keys of most stories are ruled out without hashing.
	may [4]uint64
}

func (ch *figures) empty() bool { return len(ch.keys) == 0 && len(ch.pairs) == 0 }

func (ch *figures) addKey(k string) {
	ch.keys[k] = true
	ch.may[sig(k)>>6] |= 1 << (sig(k) & 63)
}

func (ch *figures) addPair(a, b string) {
	ch.pairs[[2]string{a, b}] = true
	ch.may[sig(a)>>6] |= 1 << (sig(a) & 63)
}

func (ch *figures) mayHave(k string) bool { return ch.may[sig(k)>>6]&(1<<(sig(k)&63)) != 0 }

// sig is a cheap hash of a key, which is never empty.
func sig(k string) uint8 { return uint8(len(k)*37) ^ k[0]*11 ^ k[len(k)-1] }

// dependsOn reports whether the story whose share is sh may pick a key or
// pair of ch; true for a share that does not decode. It is run for every
// story when anything changed, so it allocates nothing for most.
func dependsOn(sh []byte, ch *figures) bool {
	r := reader{b: sh}
	nk := r.uvarint()
	var buf [64]string
	keys := buf[:0]
	for range nk {
		s := r.string()
		r.uvarint()
		if s == "" {
			return true
		}
		if ch.mayHave(s) && ch.keys[s] {
			return true
		}
		keys = append(keys, s)
	}
	if len(ch.pairs) > 0 {
		np := r.uvarint()
		for range np {
			a, b := r.uvarint(), r.uvarint()
			r.uvarint()
			if a >= len(keys) || b >= len(keys) {
				return true
			}
			if ch.mayHave(keys[a]) && ch.pairs[[2]string{keys[a], keys[b]}] {
				return true
			}
		}
	}
	return r.bad
}

// fill works out the sums from every story, its share taken from t when
// there, and chooses every story's topics. It sets each story's share in
// t.
func (c *corpus) fill(docs [][]string, keys []memo.Key, t *memo.Table) [][]string {
	shares := make([][]byte, len(docs))
	x := &extractor{docs: docs}
	sharers := make([]*sharer, workers(len(docs)))
	for w := range sharers {
		sharers[w] = newSharer(true)
	}
	// Every share is worked out again, to be summed as it is: one that t
	// holds already has the same bytes, and is not written again.
	// The shares are appended to the free end of a large array of the
	// worker's, rather than each grown from nothing.
	free := make([][]byte, len(sharers))
	x.parallel(len(docs), func(w, i int) {
		if cap(free[w])-len(free[w]) < 1<<16 {
			free[w] = make([]byte, 0, 4<<20)
		}
		b := sharers[w].share(free[w], docs[i])
		if cap(b) == cap(free[w]) {
			free[w] = b[len(b):]
		} else {
			free[w] = nil // outgrown: the story keeps the array it was grown into
		}
		shares[i] = b[:len(b):len(b)]
	})
	c.g, c.pairs, c.forms = newVocab(1024), newPairTable(10), map[form]int32{}
	c.occ, c.proper, c.df, c.pairDF, c.ab = nil, nil, nil, nil, nil
	for _, s := range sharers {
		s.sum.addTo(c, s.v)
	}
	c.n = len(docs)
	d := c.derive()
	all := make([]int, len(docs))
	for i := range all {
		all[i] = i
	}
	out, _ := c.choose(docs, d, shares, all) // shares just made fit
	c.stories = make(map[memo.Key]*storyTopics, len(docs))
	for i, k := range keys {
		st := c.stories[k]
		if st == nil {
			st = &storyTopics{topics: out[i]}
			c.stories[k] = st
		}
		st.n++
		t.Set(i, k, shares[i])
	}
	return out
}

// choose returns the topics of stories which, by the sums; the others are
// left nil. It reports false when a share does not fit the sums.
func (c *corpus) choose(docs [][]string, d derived, shares [][]byte, which []int) ([][]string, bool) {
	x := c.extractor(docs, d)
	spare := make([]chooseScratch, workers(len(which)))
	var bad atomic.Bool
	x.parallel(len(which), func(w, j int) {
		i := which[j]
		cs, ok := c.cands(shares[i], d.named)
		if !ok {
			bad.Store(true)
		}
		x.ds[i].cands = cs
		x.choose(i, &spare[w])
	})
	return x.out, !bad.Load()
}

// update brings the sums from the stories of the last build to docs, and
// returns the topics of docs: chosen again for the new stories and those
// that may pick a key or pair whose figures changed, as the last build
// left them for the rest. It sets each story's share in t. It reports
// false when it cannot: a share it needs is missing, or so many stories
// changed that working out the sums again costs less.
func (c *corpus) update(docs [][]string, keys []memo.Key, t *memo.Table) ([][]string, bool) {
	now := make(map[memo.Key]int32, len(docs))
	for _, k := range keys {
		now[k]++
	}
	type change struct {
		key memo.Key
		d   int32 // stories added, or removed when negative
	}
	var changes []change
	moved := 0
	for k, st := range c.stories {
		if d := now[k] - st.n; d < 0 {
			changes = append(changes, change{k, d})
			moved -= int(d)
		}
	}
	first := make(map[memo.Key]int)
	for i, k := range keys {
		if _, ok := first[k]; ok {
			continue
		}
		first[k] = i
		var had int32
		if st := c.stories[k]; st != nil {
			had = st.n
		}
		if d := now[k] - had; d > 0 {
			changes = append(changes, change{k, d})
			moved += int(d)
		}
	}
	if moved > 16 && 2*moved > len(docs) {
		return nil, false
	}
	shares := make([][]byte, len(docs))
	for i, k := range keys {
		shares[i], _ = t.Lookup(k)
	}
	// The shares of the changes, looked up or worked out, before the sums
	// change.
	var sh *sharer
	changed := make([][]byte, len(changes))
	for j, ch := range changes {
		if ch.d < 0 {
			b, ok := t.Lookup(ch.key)
			if !ok {
				return nil, false
			}
			changed[j] = b
			continue
		}
		i := first[ch.key]
		if shares[i] == nil {
			if sh == nil {
				sh = newSharer(false)
			}
			shares[i] = sh.share(nil, docs[i])
		}
		changed[j] = shares[i]
	}
	for i, k := range keys {
		if shares[i] == nil {
			shares[i] = shares[first[k]]
		}
		if shares[i] == nil {
			// a story of the last build whose share the table lost: it
			// is a function of the text alone
			if sh == nil {
				sh = newSharer(false)
			}
			shares[i] = sh.share(nil, docs[i])
		}
	}

	before := c.derive()
	df := slices.Clone(c.df)
	pairDF := slices.Clone(c.pairDF)
	touched := map[int32]bool{}
	sc := newApplyScratch()
	for j, ch := range changes {
		if !c.apply(changed[j], ch.d, sc, func(p int32) { touched[p] = true }) {
			return nil, false
		}
	}
	after := c.derive()

	// What changed of what choosing reads: a key's count of stories,
	// whether it is a name, its spelling; a pair's count and spelling.
	diff := &figures{keys: map[string]bool{}, pairs: map[[2]string]bool{}}
	for k := range c.g.strs {
		var d0 int32
		n0, b0 := false, int32(-1)
		if k < len(df) {
			d0, n0, b0 = df[k], before.named[k], before.best[k]
		}
		if c.df[k] != d0 || after.named[k] != n0 || after.best[k] != b0 {
			diff.addKey(c.g.strs[k])
		}
	}
	for p := range touched {
		var d0, s0 int32 = 0, -1
		if int(p) < len(pairDF) {
			d0, s0 = pairDF[p], before.second[p]
		}
		if c.pairDF[p] != d0 || after.second[p] != s0 {
			ab := c.ab[p]
			diff.addPair(c.g.strs[ab[0]], c.g.strs[ab[1]])
		}
	}

	// The stories to choose for: all when their number changed, which
	// every score reads.
	again := make([]bool, len(docs))
	x := &extractor{docs: docs}
	if len(docs) != c.n {
		for i := range again {
			again[i] = true
		}
	} else {
		x.parallel(len(docs), func(_, i int) {
			st := c.stories[keys[i]]
			again[i] = st == nil || !diff.empty() && dependsOn(shares[i], diff)
		})
	}
	c.n = len(docs)
	var which []int
	for i, a := range again {
		if a {
			which = append(which, i)
		}
	}
	out, ok := c.choose(docs, after, shares, which)
	if !ok {
		return nil, false
	}
	for _, ch := range changes {
		if ch.d < 0 && now[ch.key] == 0 {
			delete(c.stories, ch.key)
		}
	}
	for i, k := range keys {
		st := c.stories[k]
		if st == nil {
			st = &storyTopics{}
			c.stories[k] = st
		}
		st.n = now[k]
		if again[i] {
			st.topics = out[i]
		} else {
			out[i] = st.topics
		}
		t.Set(i, k, shares[i])
	}
	return out, true
}

// The sums are encoded as
//
//	header  = memo.Header("topics 1", version) max n
//	words   = count { word events capitalisation stories }
//	pairs   = count { key key stories count { word count } }
//	stories = count { hash (16 bytes) count count { topic } }
//	check   (see memo.Seal)
//
// with a word, a topic as length and bytes, counts as uvarints and
// capitalisation as a varint; a key or word in pairs is an index in words.
// A stories entry is the hash of a text, how many stories have it, and
// their topics.
const statsKind = "topics 1"

func (c *corpus) encode(version string) []byte {
	b := memo.Header(statsKind, version)
	b = binary.AppendUvarint(b, uint64(c.max))
	b = binary.AppendUvarint(b, uint64(c.n))
	// Words no story has any more are left out.
	keep := make([]bool, len(c.g.strs))
	for id := range keep {
		keep[id] = c.occ[id] != 0 || c.proper[id] != 0 || c.df[id] != 0
	}
	for p, ab := range c.ab {
		if c.pairDF[p] != 0 {
			keep[ab[0]], keep[ab[1]] = true, true
		}
	}
	at := make([]int32, len(keep))
	nw := 0
	for id, k := range keep {
		if k {
			at[id] = int32(nw)
			nw++
		}
	}
	b = binary.AppendUvarint(b, uint64(nw))
	for id, k := range keep {
		if k {
			b = appendString(b, c.g.strs[id])
			b = binary.AppendUvarint(b, uint64(c.occ[id]))
			b = binary.AppendVarint(b, int64(c.proper[id]))
			b = binary.AppendUvarint(b, uint64(c.df[id]))
		}
	}
	forms := make([][]form, len(c.ab))
	for f := range c.forms {
		forms[f[0]] = append(forms[f[0]], f)
	}
	np := 0
	for p := range c.ab {
		if c.pairDF[p] != 0 {
			np++
		}
	}
	b = binary.AppendUvarint(b, uint64(np))
	for p, ab := range c.ab {
		if c.pairDF[p] == 0 {
			continue
		}
		b = binary.AppendUvarint(b, uint64(at[ab[0]]))
		b = binary.AppendUvarint(b, uint64(at[ab[1]]))
		b = binary.AppendUvarint(b, uint64(c.pairDF[p]))
		fs := forms[p]
		slices.SortFunc(fs, func(x, y form) int { return int(x[1]) - int(y[1]) })
		b = binary.AppendUvarint(b, uint64(len(fs)))
		for _, f := range fs {
			b = binary.AppendUvarint(b, uint64(at[f[1]]))
			b = binary.AppendUvarint(b, uint64(c.forms[f]))
		}
	}
	keys := make([]memo.Key, 0, len(c.stories))
	for k := range c.stories {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, memo.Compare)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		st := c.stories[k]
		b = binary.LittleEndian.AppendUint64(b, k.Hi)
		b = binary.LittleEndian.AppendUint64(b, k.Lo)
		b = binary.AppendUvarint(b, uint64(st.n))
		b = binary.AppendUvarint(b, uint64(len(st.topics)))
		for _, t := range st.topics {
			b = appendString(b, t)
		}
	}
	return memo.Seal(b)
}

// decodeCorpus returns the sums encoded in data, if version wrote them for
// the same max and they are whole.
func decodeCorpus(data []byte, version string, max int) (*corpus, bool) {
	body, ok := memo.Unseal(data, statsKind, version)
	if !ok {
		return nil, false
	}
	// The strings are views of a copy: data is unmapped after the build.
	r := reader{b: bytes.Clone(body)}
	c := &corpus{g: newVocab(1024), pairs: newPairTable(10), forms: map[form]int32{}}
	c.max, c.n = r.uvarint(), r.uvarint()
	if c.max != max {
		return nil, false
	}
	nw := r.uvarint()
	ids := make([]int32, 0, min(nw, len(r.b)))
	for range nw {
		s := r.string()
		occ, proper, df := int32(r.uvarint()), r.varint(), int32(r.uvarint())
		if r.bad {
			return nil, false
		}
		id := c.word(s)
		ids = append(ids, id)
		c.occ[id], c.proper[id], c.df[id] = occ, proper, df
	}
	word := func() int32 {
		j := r.uvarint()
		if j >= len(ids) {
			r.bad = true
			return 0
		}
		return ids[j]
	}
	np := r.uvarint()
	for range np {
		a, b := word(), word()
		df := int32(r.uvarint())
		if r.bad {
			return nil, false
		}
		p := c.pair(a, b)
		c.pairDF[p] = df
		nf := r.uvarint()
		for range nf {
			w, n := word(), int32(r.uvarint())
			if r.bad {
				return nil, false
			}
			c.forms[form{p, w}] = n
		}
	}
	ns := r.uvarint()
	c.stories = make(map[memo.Key]*storyTopics, min(ns, len(r.b)))
	for range ns {
		if len(r.b) < 16 {
			return nil, false
		}
		k := memo.Key{Hi: binary.LittleEndian.Uint64(r.b), Lo: binary.LittleEndian.Uint64(r.b[8:])}
		r.b = r.b[16:]
		st := &storyTopics{n: int32(r.uvarint())}
		nt := r.uvarint()
		if nt > 3 {
			return nil, false
		}
		for range nt {
			st.topics = append(st.topics, r.string())
		}
		c.stories[k] = st
	}
	if r.bad || len(r.b) != 0 {
		return nil, false
	}
	return c, true
}
