package search

import (
	"encoding/binary"
	"hash/crc32"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"

	"digest/internal/memo"

	"github.com/zeebo/xxh3"
)

// Tokenising and counting the terms of each document is most of what an
// index costs, and depends on nothing but the document's title, tags and
// text; its entry in the document table, on its title, path, date, tags
// and snippet. With a memo table, build remembers both for runs of
// documents ("chunks") from one build to the next, keyed by the hash of
// all those parts, and recalls them rather than reading the text again.
// A chunk's hits are remembered term after term, as fill writes
// postings, and fill reads them from the memo's bytes: recall copies
// nothing, and reads the hits only to find each term's count. What
// depends on every document (document frequencies, the average length,
// doc IDs, the postings) is worked out anew each time; but a key's files
// are a function of its postings before the cut, and the memo keeps
// them by the hash of those (see shardMemo): a key whose postings did not
// change keeps its files, which are not made again, nor its postings cut.
//
// A chunk ends after a document whose key has its low bits zero, or at
// maxChunk documents: chosen by content rather than by position, so that
// a story added, removed or moved in the listing changes the chunk around
// it, not every chunk after it. A chunk rather than a document per entry
// lets documents share a dictionary: a hit takes about two bytes, not
// its term's, and a term is looked up in the worker's dictionary once a
// chunk, not once a document.
const (
	chunkMask = 63 // 64 documents a chunk on average
	maxChunk  = 256
)

// A chunk is the documents start to end-1.
type chunk struct {
	start, end int
	key        memo.Key
}

// chunks cuts docs into chunks. A memo table has a slot per chunk, which
// holds as many as the documents.
func chunks(docs []Doc) []chunk {
	keys := make([]memo.Key, len(docs))
	nw := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range nw {
		wg.Go(func() {
			// A document's parts, each framed by its length, hashed in
			// one call: a hasher's call a part cost more than the
			// copy.
			var b []byte
			str := func(s string) {
				b = binary.AppendUvarint(b, uint64(len(s)))
				b = append(b, s...)
			}
			for i := w * len(docs) / nw; i < (w+1)*len(docs)/nw; i++ {
				d := &docs[i]
				b = b[:0]
				str(d.Path)
				str(d.Date)
				str(d.Snippet)
				str(d.Title)
				b = binary.AppendUvarint(b, uint64(len(d.Tags)))
				for _, t := range d.Tags {
					str(t)
				}
				b = binary.AppendUvarint(b, uint64(len(d.Text)))
				for _, t := range d.Text {
					str(t)
				}
				keys[i] = xxh3.Hash128(b)
			}
		})
	}
	wg.Wait()
	var cs []chunk
	var b []byte
	start := 0
	for i, k := range keys {
		b = binary.LittleEndian.AppendUint64(b, k.Hi)
		b = binary.LittleEndian.AppendUint64(b, k.Lo)
		if k.Lo&chunkMask == 0 || i+1-start == maxChunk || i+1 == len(docs) {
			cs = append(cs, chunk{start, i + 1, xxh3.Hash128(b)})
			b = b[:0]
			start = i + 1
		}
	}
	return cs
}

// runChunks reads docs, the documents of the chunks cs, recalling from
// m those it can and remembering the others there. cs are numbered from
// first among all of the index's.
func (w *worker) runChunks(docs []Doc, cs []chunk, first int, m *memo.Table) {
	for k, c := range cs {
		c.start, c.end = c.start-cs[0].start, c.end-cs[0].start // in docs
		entries := w.entries[c.start:c.end]
		if v, ok := m.Lookup(c.key); ok && !w.reread && w.recall(v, c.key, entries) {
			m.Set(first+k, c.key, v)
			w.recalled += c.end - c.start
			continue
		}
		b, i := len(w.blocks), 0
		if b > 0 {
			b--
			i = len(w.blocks[b])
		}
		w.read(docs[c.start:c.end])
		w.addRead(c.end - c.start)
		for j := range entries {
			entries[j] = docEntry(nil, &docs[c.start+j])
		}
		m.Set(first+k, c.key, w.remember(b, i, entries, c.key))
	}
}

// A part is a run of a worker's documents: read, their hits in its
// blocks, or recalled, their hits in their chunk's memo value.
type part struct {
	docs     int
	recalled bool
	// When recalled: the worker's ID of each of the chunk's terms, and
	// the documents' lengths, hits and wide frequencies as remember
	// wrote them.
	ids             []int32
	dls, hits, wide []byte
}

// addRead adds n documents just read to the worker's parts.
func (w *worker) addRead(n int) {
	if k := len(w.parts); k > 0 && !w.parts[k-1].recalled {
		w.parts[k-1].docs += n
		return
	}
	w.parts = append(w.parts, part{docs: n})
}

// remember encodes the entries in the document table and the hits of the
// last len(entries) documents the worker read, the first at
// w.blocks[b][i:], for recall: the chunk's terms, the entries, the
// documents' lengths, then the hits term after term, each term's
// documents in order, as fill writes postings:
//
//	nterms (uvarint), nterms × {length (uvarint), bytes}
//	len(entries) × {length (uvarint), bytes}
//	len(entries) × the document's length in terms (4 bytes, little-endian)
//	nterms × {documents − 1 (1 byte), documents × document (1 byte), documents × freqs (1 byte)}
//	the frequencies that freqs cannot hold, in the same order: body, head (2 bytes each, little-endian)
//	CRC-32 of the key and all the above (4 bytes)
//
// A document is its index in the chunk: a chunk has at most maxChunk
// (256) of them, so a byte holds it and a term's count. Freqs are body<<4
// | head, when both are below 16 and not both 15, as nearly all are;
// otherwise 0xff, and the frequencies follow all the hits (see
// freqByte). A hit so takes two bytes, and recall finds each term's
// without reading them.
//
// The checksum turns damage, and a value under another key, into a miss
// rather than wrong hits.
func (w *worker) remember(b, i int, entries [][]byte, key memo.Key) []byte {
	if len(w.local) < w.dict.len() {
		w.local = append(w.local, make([]int32, w.dict.len()-len(w.local))...)
	}
	w.rterms, w.rcount, w.rhits, w.rwide = w.rterms[:0], w.rcount[:0], w.rhits[:0], w.rwide[:0]
	dls := make([]byte, 4*len(entries))
	for doc := range entries {
		for i == len(w.blocks[b]) {
			b, i = b+1, 0
		}
		var dl uint32
		var once, rest []uint16
		dl, once, rest, i = nextDoc(w.blocks[b], i)
		binary.LittleEndian.PutUint32(dls[4*doc:], dl)
		w.rememberDoc(doc, once, rest)
	}

	// Each term's hits where they go: its count first, then its
	// documents, then its freqs; its wide frequencies after all the
	// hits. at[l] is where term l's next document goes, wide[l] its
	// next wide frequencies.
	terms, count := w.rterms, w.rcount
	n, nwide := 0, 0
	for _, c := range count {
		n += 1 + 2*int(c&0xffff)
		nwide += 4 * int(c>>16)
	}
	hits := make([]byte, n+nwide)
	at := slices.Grow(w.at[:0], len(count))[:len(count)]
	wide := slices.Grow(w.wide[:0], len(count))[:len(count)]
	n, nwide = 0, n
	for l, c := range count {
		c, cw := int(c&0xffff), int(c>>16)
		hits[n] = byte(c - 1)
		at[l], wide[l], count[l] = int32(n+1), int32(nwide), uint32(c)
		n += 1 + 2*c
		nwide += 4 * cw
	}
	rw := w.rwide
	for _, h := range w.rhits {
		l, doc, f := h>>16, byte(h>>8), byte(h)
		k := at[l]
		hits[k], hits[k+int32(count[l])] = doc, f
		at[l]++
		if f == 0xff {
			binary.LittleEndian.PutUint32(hits[wide[l]:], rw[0]) // body, head
			wide[l] += 4
			rw = rw[1:]
		}
	}
	w.at, w.wide = at, wide

	size := binary.MaxVarintLen64 + len(dls) + len(hits) + 4
	for _, id := range terms {
		size += binary.MaxVarintLen32 + len(w.dict.term(id))
	}
	for _, e := range entries {
		size += binary.MaxVarintLen32 + len(e)
	}
	out := binary.AppendUvarint(make([]byte, 0, size), uint64(len(terms)))
	for _, id := range terms {
		t := w.dict.term(id)
		out = binary.AppendUvarint(out, uint64(len(t)))
		out = append(out, t...)
		w.local[id] = 0
	}
	for _, e := range entries {
		out = binary.AppendUvarint(out, uint64(len(e)))
		out = append(out, e...)
	}
	out = append(append(out, dls...), hits...)
	return binary.LittleEndian.AppendUint32(out, checksum(key, out))
}

// rememberDoc adds the hits of document doc of a chunk being remembered,
// whose lists are once and rest, to w.rhits, each as its term's index
// among the chunk's<<16 | doc<<8 | freqs, and its wide frequencies to
// w.rwide, head<<16 | body. A term's first hit gives it the next index
// (w.local[id] is that + 1, 0 until then), and by that index w.rterms
// holds its ID and w.rcount its counts of wide frequencies<<16 | hits.
// A function of its own, so that its loops have the registers to
// themselves.
func (w *worker) rememberDoc(doc int, once, rest []uint16) {
	rh, count, local := slices.Grow(w.rhits, len(once)+len(rest)), w.rcount, w.local
	for j := 0; j < len(once); {
		var t uint32
		t, j = getID(once, j)
		l := local[t] - 1
		if l < 0 {
			l, count = w.newTerm(t), w.rcount
		}
		count[l]++
		rh = append(rh, uint64(l)<<16|uint64(doc)<<8|1<<4)
	}
	for j := 0; j < len(rest); {
		var t uint32
		var body, head uint16
		t, j = getID(rest, j)
		body, head, j = getFreqs(rest, j)
		l := local[t] - 1
		if l < 0 {
			l, count = w.newTerm(t), w.rcount
		}
		f := freqByte(body, head)
		count[l]++
		if f == 0xff {
			count[l] += 1 << 16
			w.rwide = append(w.rwide, uint32(head)<<16|uint32(body))
		}
		rh = append(rh, uint64(l)<<16|uint64(doc)<<8|uint64(f))
	}
	w.rhits = rh
}

// newTerm gives term id the next index among the terms of the chunk
// being remembered and returns it (see rememberDoc).
func (w *worker) newTerm(id uint32) int32 {
	w.rterms = append(w.rterms, int32(id))
	w.rcount = append(w.rcount, 0)
	w.local[id] = int32(len(w.rterms))
	return int32(len(w.rterms) - 1)
}

// freqByte is the byte of a hit's body and head frequencies in a memo
// value, 0xff when they need bytes of their own.
func freqByte(body, head uint16) byte {
	if body < 16 && head < 16 && body&head != 15 {
		return byte(body<<4 | head)
	}
	return 0xff
}

// checksum is the CRC-32 of key and v.
func checksum(key memo.Key, v []byte) uint32 {
	var k [16]byte
	binary.LittleEndian.PutUint64(k[:], key.Hi)
	binary.LittleEndian.PutUint64(k[8:], key.Lo)
	return crc32.Update(crc32.ChecksumIEEE(k[:]), crc32.IEEETable, v)
}

// recall adds the documents that remember encoded in v under key as a
// part, sets their entries, and reports whether it could: a value that is
// not what remember wrote for them adds nothing (the entries are then
// worked out again). fill reads the hits from v itself.
func (w *worker) recall(v []byte, key memo.Key, entries [][]byte) bool {
	if len(v) < 4 {
		return false
	}
	v, sum := v[:len(v)-4], binary.LittleEndian.Uint32(v[len(v)-4:])
	if checksum(key, v) != sum {
		return false
	}
	nterms, k := binary.Uvarint(v)
	if k <= 0 || nterms > uint64(len(v)) {
		return false
	}
	v = v[k:]
	terms := w.recallTerms[:0]
	for range nterms {
		l, k := binary.Uvarint(v)
		if k <= 0 || l == 0 || l > maxTermLen || uint64(len(v)-k) < l {
			return false
		}
		terms = append(terms, v[k:k+int(l)])
		v = v[k+int(l):]
	}
	w.recallTerms = terms
	for j := range entries {
		l, k := binary.Uvarint(v)
		if k <= 0 || uint64(len(v)-k) < l {
			return false
		}
		entries[j] = v[k : k+int(l) : k+int(l)]
		v = v[k+int(l):]
	}
	n := len(entries)
	if len(v) < 4*n {
		return false
	}
	dls, hits := v[:4*n], v[4*n:]

	// Each term's count of documents, and where the wide frequencies
	// start. The CRC vouches for the rest, which fill reads: it checks,
	// as it writes them, that a term's documents are in order and in the
	// chunk, so that an unsound value can make only its terms' postings
	// wrong, and build then reads every document again.
	if cap(w.count) < len(terms) {
		w.count = make([]int32, len(terms))
	}
	count := w.count[:len(terms)]
	end := 0
	for l := range count {
		if end >= len(hits) {
			return false
		}
		c := int(hits[end]) + 1
		count[l] = int32(c)
		end += 1 + 2*c
	}
	if end > len(hits) || (len(hits)-end)%4 != 0 {
		return false
	}
	ids := make([]int32, len(terms))
	for l, t := range terms {
		id := w.dict.id(t)
		ids[l] = id
		if need := int(id) + 1; len(w.extraDF) < need {
			w.extraDF = append(w.extraDF, make([]int32, need-len(w.extraDF))...)
		}
		w.extraDF[id] += count[l]
	}
	for d := range n {
		w.total += int64(binary.LittleEndian.Uint32(dls[4*d:]))
	}
	w.parts = append(w.parts, part{docs: n, recalled: true, ids: ids, dls: dls, hits: hits[:end], wide: hits[end:]})
	return true
}

// A filler writes the postings of recalled parts (see fillRecalled).
type filler struct {
	// By document<<8 | freqs: the impact, 0 until worked out.
	q    [maxChunk << 8]uint8
	norm [maxChunk]float64 // by document
	wide []byte            // the wide frequencies not yet read
	bad  bool              // the hits were not as remember writes them
}

// fillRecalled writes the postings of the documents of p, a recalled
// part, whose first is doc, term after term. It reports false if the
// hits were not as remember writes them: the postings are then wrong, in
// the places of the part's terms.
func (w *worker) fillRecalled(post []uint32, doc uint32, p *part, avgdl float64) bool {
	if w.filler == nil {
		w.filler = new(filler)
	}
	fl := w.filler
	for d := range p.docs {
		fl.norm[d] = docNorm(int(binary.LittleEndian.Uint32(p.dls[4*d:])), avgdl)
	}
	clear(fl.q[:p.docs<<8])
	fl.wide, fl.bad = p.wide, false
	hits, i := p.hits, 0
	for _, id := range p.ids {
		c := int(hits[i]) + 1
		at := w.dest[id]
		if last, ok := fillTerm(post[at:at+c], hits[i+1:i+1+2*c], doc, fl); !ok || last >= p.docs {
			fl.bad = true
		}
		w.dest[id] = at + c
		i += 1 + 2*c
	}
	return !fl.bad && len(fl.wide) == 0
}

// fillTerm writes the postings of a term of a recalled part whose first
// document is doc into dst, from its hits, and returns the last hit's
// document. It reports whether the documents were in order and the
// freqs not 0. A function of its own, with no call in its loop, so that
// the loop has the registers to itself.
func fillTerm(dst []uint32, hits []byte, doc uint32, fl *filler) (int, bool) {
	docs, freqs := hits[:len(dst)], hits[len(dst):2*len(dst)]
	freqs, dst = freqs[:len(docs)], dst[:len(docs)] // no bounds checks below
	// (doc+d)<<4 | q−1 is base + d<<4 + q, q−1 being below 16.
	base := doc<<4 - 1
	prev, bad := -1, 0
	tab := &fl.q
	for k, d := range docs {
		f := freqs[k]
		d := int(d)
		bad |= (d - prev - 1) | (int(f) - 1) // negative if d ≤ prev or f is 0
		prev = d
		i := uint16(d)<<8 | uint16(f)
		q := tab[i]
		if q == 0 {
			body, head := uint16(f>>4), uint16(f&15)
			if f == 0xff {
				if len(fl.wide) < 4 {
					fl.bad = true
				} else {
					body, head = binary.LittleEndian.Uint16(fl.wide), binary.LittleEndian.Uint16(fl.wide[2:])
					fl.wide = fl.wide[4:]
				}
			}
			q = impact(body, head, fl.norm[d])
			if f != 0xff {
				tab[i] = q
			}
		}
		dst[k] = base + uint32(d)<<4 + uint32(q)
	}
	return prev, bad >= 0
}

// shardMemo is encodeGroup with a memo. A key's files are a function of
// its terms, their document frequencies and their postings before the
// cut: the memo keeps, under the hash of those, the files' sizes, hashes
// and CRCs and the first terms of the parts after the first (see
// groupValue). When the last build made the files, shardMemo returns them
// without their Data, for publish to keep the last build's; Bytes makes
// them (cutting and encoding the postings then) should publish not vouch
// for those. slot is the key's in m.
func (ix *index) shardMemo(m *memo.Table, slot int, gr group, sb *shardBuf) ([]File, []string) {
	b := binary.AppendUvarint(append(sb.key[:0], "shards\x00"...), uint64(maxShard))
	b = binary.AppendUvarint(b, uint64(len(gr.key)))
	b = append(b, gr.key...)
	for t := gr.start; t < gr.end; t++ {
		b = binary.AppendUvarint(b, uint64(len(ix.terms[t])))
		b = append(b, ix.terms[t]...)
		b = binary.AppendUvarint(b, uint64(ix.df[t]))
		b = appendUint32s(b, ix.post[ix.start[t]:ix.start[t+1]])
	}
	sb.key = b
	key := xxh3.Hash128(b)
	if v, ok := m.Lookup(key); ok {
		if files, parts, ok := ix.lazyGroup(v, gr); ok {
			m.Set(slot, key, v)
			return files, parts
		}
	}
	files, parts := ix.encodeGroup(gr, sb, true)
	m.Set(slot, key, groupValue(files, parts))
	return files, parts
}

// appendUint32s appends p to b, four bytes each, little-endian, four at
// a time: a third of the instructions of one at a time.
func appendUint32s(b []byte, p []uint32) []byte {
	n := len(b)
	b = slices.Grow(b, 4*len(p))[:n+4*len(p)]
	d := b[n:]
	i := 0
	for ; i+4 <= len(p); i += 4 {
		q, o := p[i:i+4:i+4], d[4*i:4*i+16:4*i+16]
		binary.LittleEndian.PutUint64(o, uint64(q[0])|uint64(q[1])<<32)
		binary.LittleEndian.PutUint64(o[8:], uint64(q[2])|uint64(q[3])<<32)
	}
	for ; i < len(p); i++ {
		binary.LittleEndian.PutUint32(d[4*i:], p[i])
	}
	return b
}

// groupValue encodes what shardMemo remembers of a key's files:
//
//	len(files) (uvarint), len(files) × {size (uvarint), xxh3-128 (16 bytes), CRC-32 (4 bytes)}
//	len(files)−1 × {length (uvarint), bytes}: the first terms of the parts after the first
func groupValue(files []File, parts []string) []byte {
	v := binary.AppendUvarint(nil, uint64(len(files)))
	for _, f := range files {
		v = binary.AppendUvarint(v, uint64(f.Size))
		v = binary.LittleEndian.AppendUint64(v, f.Sum.Hi)
		v = binary.LittleEndian.AppendUint64(v, f.Sum.Lo)
		v = binary.LittleEndian.AppendUint32(v, f.crc)
	}
	for _, p := range parts {
		v = binary.AppendUvarint(v, uint64(len(p)))
		v = append(v, p...)
	}
	return v
}

// lazyGroup returns the files and parts of gr that groupValue encoded in
// v, the files without their Data, and reports whether v was whole.
func (ix *index) lazyGroup(v []byte, gr group) ([]File, []string, bool) {
	n, k := binary.Uvarint(v)
	if k <= 0 || n == 0 || n > uint64(len(v)) {
		return nil, nil, false
	}
	v = v[k:]
	made := &madeGroup{ix: ix, gr: gr}
	files := make([]File, n)
	for i := range files {
		size, k := binary.Uvarint(v)
		if k <= 0 || size == 0 || size > math.MaxInt32 || len(v)-k < 20 {
			return nil, nil, false
		}
		v = v[k:]
		name := "t/" + fileKey(gr.key)
		if i > 0 {
			name += "-" + strconv.Itoa(i)
		}
		files[i] = File{
			Name: name + ".json",
			Sum:  memo.Key{Hi: binary.LittleEndian.Uint64(v), Lo: binary.LittleEndian.Uint64(v[8:])},
			Size: int(size),
			crc:  binary.LittleEndian.Uint32(v[16:]),
			make: func() []byte { return made.file(i) },
		}
		v = v[20:]
	}
	var parts []string
	for range n - 1 {
		l, k := binary.Uvarint(v)
		if k <= 0 || l == 0 || uint64(len(v)-k) < l {
			return nil, nil, false
		}
		parts = append(parts, string(v[k:k+int(l)]))
		v = v[k+int(l):]
	}
	return files, parts, len(v) == 0
}

// A madeGroup makes the files of a key that shardMemo returned without
// their Data, once.
type madeGroup struct {
	once  sync.Once
	ix    *index
	gr    group
	files []File
}

// file returns the bytes of the key's file i.
func (g *madeGroup) file(i int) []byte {
	g.once.Do(func() { g.files, _ = g.ix.encodeGroup(g.gr, &shardBuf{}, false) })
	if i >= len(g.files) {
		return nil
	}
	return g.files[i].Data
}
