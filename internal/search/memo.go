package search

import (
	"encoding/binary"
	"hash/crc32"
	"runtime"
	"slices"
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
// All the rest, which depends on every document (document frequencies,
// the average length, doc IDs, the cap), is worked out anew each time.
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
		if v, ok := m.Lookup(c.key); ok && w.recall(v, c.key, entries) {
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
		for j := range entries {
			entries[j] = docEntry(nil, &docs[c.start+j])
		}
		m.Set(first+k, c.key, w.remember(b, i, entries, c.key))
	}
}

// remember encodes the entries in the document table and the hits of the
// last len(entries) documents the worker read, the first at
// w.blocks[b][i:], for recall: the chunk's terms, the entries, then the
// documents' hits as addDoc encodes them, but for the terms' IDs, which
// are their index among the chunk's terms, then a checksum.
//
//	nterms (uvarint), nterms × {length (uvarint), bytes}
//	len(entries) × {length (uvarint), bytes}
//	the units of the hits, two bytes each, little-endian
//	CRC-32 of the key and all the above (4 bytes)
//
// The checksum turns damage, and a value under another key, into a miss
// rather than wrong hits.
func (w *worker) remember(b, i int, entries [][]byte, key memo.Key) []byte {
	if len(w.local) < w.dict.len() {
		w.local = append(w.local, make([]int32, w.dict.len()-len(w.local))...)
	}
	// local[id] is the term's index among the chunk's + 1, 0 until it
	// has one.
	var terms []int32
	units := w.recallUnits[:0]
	local := func(id uint32) uint32 {
		if w.local[id] == 0 {
			terms = append(terms, int32(id))
			w.local[id] = int32(len(terms))
		}
		return uint32(w.local[id] - 1)
	}
	for range entries {
		for i == len(w.blocks[b]) {
			b, i = b+1, 0
		}
		blk := w.blocks[b]
		var dl uint32
		var once, rest []uint16
		dl, once, rest, i = nextDoc(blk, i)
		// A local ID takes no more units than the worker's: as many as
		// once and rest, and the lists' lengths, known once written.
		at := len(units)
		units = slices.Grow(units, 6+len(once)+len(rest))[:at+6+len(once)+len(rest)]
		k := at + 6
		for j := 0; j < len(once); {
			var t uint32
			t, j = getID(once, j)
			k = putID(units, k, local(t))
		}
		k1 := k
		for j := 0; j < len(rest); {
			var t uint32
			t, j = getID(rest, j)
			k = putID(units, k, local(t))
			_, _, end := getFreqs(rest, j)
			k += copy(units[k:], rest[j:end])
			j = end
		}
		put32(units, at, dl)
		put32(units, at+2, uint32(k1-at-6))
		put32(units, at+4, uint32(k-k1))
		units = units[:k]
	}
	w.recallUnits = units
	out := binary.AppendUvarint(nil, uint64(len(terms)))
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
	out = slices.Grow(out, 2*len(units)+4)
	for _, u := range units {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return binary.LittleEndian.AppendUint32(out, checksum(key, out))
}

func put32(b []uint16, i int, x uint32) { b[i], b[i+1] = uint16(x), uint16(x>>16) }

// checksum is the CRC-32 of key and v.
func checksum(key memo.Key, v []byte) uint32 {
	var k [16]byte
	binary.LittleEndian.PutUint64(k[:], key.Hi)
	binary.LittleEndian.PutUint64(k[8:], key.Lo)
	return crc32.Update(crc32.ChecksumIEEE(k[:]), crc32.IEEETable, v)
}

// recall adds the hits of len(entries) documents that remember encoded in
// v under key, sets their entries, and reports whether it could: a value
// that is not what remember wrote for them adds no hits (the entries are
// then worked out again).
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
	if len(v)%2 != 0 {
		return false
	}
	units := w.recallUnits[:0]
	for j := 0; j < len(v); j += 2 {
		units = append(units, binary.LittleEndian.Uint16(v[j:]))
	}
	w.recallUnits = units

	// Checked in full before anything is added, and each term's
	// documents counted: the worker's dictionary must not get a term
	// that no document it counts holds.
	if cap(w.recallDF) < len(terms) {
		w.recallDF = make([]int32, len(terms))
	}
	df := w.recallDF[:len(terms)]
	clear(df)
	if !checkUnits(units, len(entries), df) {
		return false
	}
	ids := w.recallIDs[:0]
	for l := range terms {
		if df[l] == 0 {
			return false
		}
	}
	for l, t := range terms {
		id := w.dict.id(t)
		ids = append(ids, id)
		if need := int(id) + 1; len(w.extraDF) < need {
			w.extraDF = append(w.extraDF, make([]int32, need-len(w.extraDF))...)
		}
		w.extraDF[id] += df[l]
	}
	w.recallIDs = ids

	for i := 0; i < len(units); {
		var dl uint32
		var once, rest []uint16
		dl, once, rest, i = nextDoc(units, i)
		// A worker's ID takes two units at most.
		buf := slices.Grow(w.enc[:0], 2*len(once)+2*len(rest))[:2*len(once)+2*len(rest)]
		k := 0
		for j := 0; j < len(once); {
			var t uint32
			t, j = getID(once, j)
			k = putID(buf, k, uint32(ids[t]))
		}
		k1 := k
		for j := 0; j < len(rest); {
			var t uint32
			t, j = getID(rest, j)
			k = putID(buf, k, uint32(ids[t]))
			_, _, end := getFreqs(rest, j)
			k += copy(buf[k:], rest[j:end])
			j = end
		}
		w.enc = buf
		w.appendDoc(dl, buf[:k1], buf[k1:k])
	}
	return true
}

// checkUnits reports whether units hold the hits of n documents as
// remember writes them, with IDs below len(df), and counts the
// documents of each ID in df.
func checkUnits(units []uint16, n int, df []int32) bool {
	i := 0
	for ; n > 0; n-- {
		if len(units)-i < 6 {
			return false
		}
		var n1, n2 uint32
		_, i = get32(units, i)
		n1, i = get32(units, i)
		n2, i = get32(units, i)
		if uint64(n1)+uint64(n2) > uint64(len(units)-i) {
			return false
		}
		once, rest := units[i:i+int(n1)], units[i+int(n1):i+int(n1)+int(n2)]
		i += int(n1) + int(n2)
		for j := 0; j < len(once); {
			if once[j] >= 0x8000 && j+1 == len(once) {
				return false
			}
			var t uint32
			if t, j = getID(once, j); t >= uint32(len(df)) {
				return false
			}
			df[t]++
		}
		for j := 0; j < len(rest); {
			if rest[j] >= 0x8000 && j+1 == len(rest) {
				return false
			}
			var t uint32
			if t, j = getID(rest, j); t >= uint32(len(df)) || j == len(rest) {
				return false
			}
			if rest[j] == 0xffff && len(rest)-j < 3 {
				return false
			}
			_, _, j = getFreqs(rest, j)
			df[t]++
		}
	}
	return i == len(units)
}
