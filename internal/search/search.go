// Package search builds the index of the site's client-side search: a set
// of small JSON files that templates/search.js fetches lazily, a few at a
// time, so that a site of 100,000 stories searches as fast as a small one.
//
// Files, all under search/:
//
//	meta.json        {"v":1,"n":docs,"chunk":64,"hash":"…","keys":[…],"parts":{key:[first terms]}}
//	t/KEY.json       postings of the terms whose first two letters are KEY
//	t/KEY-I.json     part I (1, 2, …) of a key whose postings were too big for one file
//	d/I.json         documents I×chunk … I×chunk+chunk-1: [[title, path, date, tags, snippet], …]
//
// A shard is a flat array [term, df, postings, term, df, postings, …] with
// the terms sorted. Postings are a string of base-64 varints, one per
// document: ((docID − previous docID − 1) << 4) | (impact − 1), low five
// bits first, a digit ≥ 32 meaning more follow. The impact (1–16) is the
// quantised BM25 term weight in that document: 1–8 when the term is only
// in the body, 9–16 when it is in the title or a tag, so that a title or
// tag match always outweighs a body match of the same term. A term in more
// than maxPostings documents keeps only its highest-impact postings; the
// client sees that the list is shorter than df and does not require the
// term. Doc IDs follow the input order, newest first, which breaks ties.
//
// KEY is the first two code points of the term when they are ASCII letters
// and digits, and otherwise "_" followed by their hexadecimal code points
// joined by "_" ("_627_644"). Terms are normalised the same way in Go and in
// search.js: see tokenizer.each.
package search

import (
	"fmt"
	"hash/crc32"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"digest/internal/memo"

	"github.com/zeebo/xxh3"
)

// A Doc is one story to index.
type Doc struct {
	Path  string // site-relative, e.g. "stories/slug/"
	Title string
	Date  string // display form, "2 January 2006"
	Tags  []string
	// Text is the body, plain, in pieces (a story's paragraphs): the
	// pieces are read as if joined by line breaks, and are not copied.
	Text    []string
	Snippet string // shown under the title; the start of Text when empty
}

// A File is one index file, its name relative to the search/ folder.
type File struct {
	Name string
	// Data is the file's bytes. With a memo, it is nil for a file whose
	// bytes the last build made, from the same postings: Sum and Size
	// are then their hash (xxh3-128) and length, for publish to vouch
	// for the last build's file, and Bytes makes them.
	Data []byte
	Sum  memo.Key
	Size int

	crc  uint32        // of Name and the bytes (see fileCRC), when Data is nil
	make func() []byte // makes the bytes when Data is nil
}

// Bytes returns the file's bytes, making them if need be.
func (f *File) Bytes() []byte {
	if f.Data == nil && f.make != nil {
		return f.make()
	}
	return f.Data
}

// fileCRC is the CRC-32 of a file's name and bytes.
func fileCRC(name string, data []byte) uint32 {
	return crc32.Update(crc32.ChecksumIEEE([]byte(name)), crc32.IEEETable, data)
}

const (
	// ChunkSize is the number of documents per document file: about 20 KB,
	// so showing the top results fetches little more than it shows.
	ChunkSize = 64
	// maxPostings caps a term's postings: a term in most documents says
	// little about any of them, and its list would dominate its shard.
	maxPostings = 4096
	// snippetLen is the longest snippet, in runes.
	snippetLen = 160
	// maxDocs keeps doc IDs far from overflowing the client's arithmetic.
	maxDocs = 1 << 24

	k1 = 1.2
	b  = 0.75
	// titleBoost weighs an occurrence in the title or a tag against one in
	// the body, in the BM25F-style term frequency.
	titleBoost = 3
)

// maxShard is the size above which a key's postings are split into parts;
// a variable so that tests can split small indexes.
var maxShard = 160 << 10

// Files builds the index of docs. The result is sorted by name and
// depends only on docs.
//
// m, when not nil, remembers the terms of the documents from one call to
// the next, to read again only the documents that changed (see memo.go);
// it needs a slot for each document. The result does not depend on it.
func Files(docs []Doc, m *memo.Table) ([]File, error) {
	if len(docs) > maxDocs {
		return nil, fmt.Errorf("search: %d documents, at most %d can be indexed", len(docs), maxDocs)
	}
	ix := build(docs, m)
	files := ix.shards(m)
	files = append(files, docFiles(docs, ix.entries)...)

	// A hash of the whole index, which the client appends to every URL
	// but meta.json's: a browser never mixes files of two builds. It is
	// the CRC-32 of every file's name and bytes in turn; a file with no
	// Data brings its own.
	var h uint32
	for _, f := range files {
		if f.Data == nil {
			h = crc32Combine(h, f.crc, len(f.Name)+f.Size)
			continue
		}
		h = crc32.Update(h, crc32.IEEETable, []byte(f.Name))
		h = crc32.Update(h, crc32.IEEETable, f.Data)
	}
	files = append(files, File{Name: "meta.json", Data: ix.meta(len(docs), fmt.Sprintf("%08x", h))})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return files, nil
}

type index struct {
	terms []string // sorted
	df    []int32  // documents per term
	// post holds the postings, term after term, each doc<<4 | impact-1
	// in doc order: term t's start at post[start[t]], room for all df[t]
	// of them, of which the first min(df[t], maxPostings) are kept (see
	// capPostings).
	post  []uint32
	start []int
	parts map[string][]string
	keys  []string

	// With a memo: the documents whose hits came from it, and the
	// documents' entries in the document table (see docEntry).
	recalled int
	entries  [][]byte
	// With a memo too: whether capPostings has yet to cut the postings
	// (shards cuts those of each key it encodes), and the slots of the
	// memo that the chunks take and that it has.
	uncapped      bool
	chunks, slots int
}

// postings returns term t's postings.
func (ix *index) postings(t int) []uint32 {
	return ix.post[ix.start[t] : ix.start[t]+int(min(ix.df[t], maxPostings))]
}

// worker tokenises a contiguous run of documents with its own dictionary,
// so that workers share nothing until the merge.
//
// It keeps each document's distinct terms and their frequencies ("hits")
// in blocks of 16-bit units: about 2.5 bytes a hit where a struct took 8,
// and a list of blocks never copies itself to grow. Units rather than
// uvarint bytes cost a tenth more memory but are written and read without
// loops, which were most of what a hit cost. The postings can only
// be made once every document is read (BM25 needs the average length), so
// the hits are the biggest thing the index holds until then.
type worker struct {
	tok    tokenizer
	dict   dict       // counts each document's terms too: see dict.count
	blocks [][]uint16 // encoded documents; see addDoc
	docs   int        // how many
	total  int64      // terms in all documents
	df     []int32    // by local term ID, once every document is read

	// While reading a document: its length, and its hits being encoded.
	n   int
	enc []uint16

	// After the merge, by local term ID: where the term's next posting
	// goes in index.post.
	dest []int

	// The worker's documents in order, read or recalled: see part.
	parts  []part
	reread bool // recall nothing, but remember every chunk

	// With a memo (see memo.go): the documents recalled rather than
	// read, the counts of documents by term ID that recall added, which
	// the slots do not hold, and scratch space of recall, remember
	// (see rememberDoc) and fillRecalled.
	recalled    int
	entries     [][]byte // of the worker's documents
	extraDF     []int32
	local       []int32
	recallTerms [][]byte
	count, at   []int32
	wide        []int32
	rterms      []int32
	rcount      []uint32
	rhits       []uint64
	rwide       []uint32
	filler      *filler
}

// run reads docs, recalling from m the hits of the chunks cs of them that
// it holds and remembering the others' there, or, with no m, reading
// docs. cs are numbered from first among all of the index's.
func (w *worker) run(docs []Doc, cs []chunk, first int, m *memo.Table) {
	if m == nil {
		w.read(docs)
		w.addRead(len(docs))
	} else {
		w.runChunks(docs, cs, first, m)
	}
	w.docs = len(docs)
	w.df = make([]int32, w.dict.len())
	for i := range w.dict.slots {
		if s := &w.dict.slots[i]; s.id != 0 {
			w.df[s.id-1] = s.df
		}
	}
	for id, n := range w.extraDF {
		w.df[id] += n
	}
	w.tok, w.enc, w.local, w.extraDF = tokenizer{}, nil, nil, nil
	w.recallTerms, w.count, w.at, w.wide = nil, nil, nil, nil
	w.rterms, w.rcount, w.rhits, w.rwide = nil, nil, nil, nil
}

// read tokenises docs and counts their terms.
func (w *worker) read(docs []Doc) {
	for _, d := range docs {
		w.n = 0
		w.tok.terms(d.Title)
		for _, t := range d.Tags {
			w.tok.terms(t)
		}
		w.add(true)
		for _, t := range d.Text {
			w.tok.terms(t)
		}
		w.add(false)
		w.addDoc()
	}
}

// add counts the terms of the tokenizer's batch in the current document,
// in its head (title and tags) or in its body, and empties the batch. A
// batch of all the pieces of either, rather than one a piece, pays the
// setup of a count once: a story has a score of paragraphs.
func (w *worker) add(head bool) {
	w.n += w.dict.count(w.tok.words, head)
	w.tok.words = w.tok.words[:0]
}

// termFreq counts a term in a document's body, in its low 32 bits, and in
// its head (title and tags), in its high 32 bits: one word, so that count
// adds to either without a branch, and tests both at once. No count comes
// near 2³², so count does not check; addDoc caps each at 65,535.
type termFreq uint64

// hitBlock is the size of a block of encoded hits, in units, unless a
// document needs more.
const hitBlock = 1 << 19

// addDoc encodes the current document's hits: its length, then the
// lengths in units of two lists, 32 bits each, then the lists. The first
// holds the IDs of the terms once in the body and not in the head, as
// most are; the second holds the others' ID and body and head
// frequencies (see putFreqs). An ID takes one unit below 2¹⁵, as most do,
// and two otherwise (see putID). A document never straddles two blocks,
// so that each can be read as one slice. The order of the hits within a
// document is immaterial: a term has one hit a document.
func (w *worker) addDoc() {
	d := &w.dict
	// Written into room made first, rather than appended a unit at a
	// time: an ID takes two units at most, frequencies three. One buffer
	// holds both lists, the second from 2*n on, so that encodeHits keeps
	// one slice in registers, not two.
	n := len(d.touched)
	buf := slices.Grow(w.enc[:0], 7*n)[:7*n]
	n1, n2 := encodeHits(d.slots, d.touched, buf, 2*n)
	d.touched, w.enc = d.touched[:0], buf
	w.appendDoc(uint32(w.n), buf[:n1], buf[2*n:n2])
}

// appendDoc adds a document of dl terms whose encoded lists are once and
// rest to the blocks.
func (w *worker) appendDoc(dl uint32, once, rest []uint16) {
	w.total += int64(dl)
	n := 6 + len(once) + len(rest)
	if k := len(w.blocks); k == 0 || len(w.blocks[k-1])+n > cap(w.blocks[k-1]) {
		w.blocks = append(w.blocks, make([]uint16, 0, max(hitBlock, n)))
	}
	// A document of 2³² terms or more would need 32 GB of words: no
	// length overflows 32 bits.
	b := w.blocks[len(w.blocks)-1]
	b = append32(b, dl)
	b = append32(b, uint32(len(once)))
	b = append32(b, uint32(len(rest)))
	w.blocks[len(w.blocks)-1] = append(append(b, once...), rest...)
}

func append32(b []uint16, x uint32) []uint16 { return append(b, uint16(x), uint16(x>>16)) }

// get32 reads what append32 wrote at b[i:] and returns it and where it ends.
func get32(b []uint16, i int) (uint32, int) {
	return uint32(b[i]) | uint32(b[i+1])<<16, i + 2
}

// nextDoc reads the document encoded at i of b (see addDoc): its length,
// its lists of the terms it has once and more often, and where the next
// document starts.
func nextDoc(b []uint16, i int) (dl uint32, once, rest []uint16, next int) {
	var n1, n2 uint32
	dl, i = get32(b, i)
	n1, i = get32(b, i)
	n2, i = get32(b, i)
	once, rest = b[i:i+int(n1)], b[i+int(n1):i+int(n1)+int(n2)]
	return dl, once, rest, i + int(n1) + int(n2)
}

// encodeHits writes the hits of the terms of the slots touched into buf,
// as addDoc describes: the first list from 0 on, the second from n2 on,
// with room for them, and returns where each ends. It clears the slots'
// frequencies and counts the document in their df. A function of its
// own, so that its loop has the registers to itself.
//
//go:noinline
func encodeHits(slots []slot, touched []uint32, buf []uint16, n2 int) (int, int) {
	n1 := 0
	for _, i := range touched {
		s := &slots[i]
		id := uint32(s.id - 1)
		if tf := s.tf; tf == 1 {
			n1 = putID(buf, n1, id)
		} else {
			n2 = putID(buf, n2, id)
			n2 = putFreqs(buf, n2, min(uint32(tf), math.MaxUint16), min(uint32(tf>>32), math.MaxUint16))
		}
		s.tf = 0
		s.df++
	}
	return n1, n2
}

// putID writes a term ID at b[n:], which has room for it, and returns
// where it ends: one unit below 2¹⁵, and otherwise two, the low 15 bits
// with the top bit set, then the rest (IDs are below 2³¹).
func putID(b []uint16, n int, id uint32) int {
	if id < 0x8000 {
		b[n] = uint16(id)
		return n + 1
	}
	b[n] = uint16(id) | 0x8000
	b[n+1] = uint16(id >> 15)
	return n + 2
}

// putFreqs writes a term's body and head frequencies, each at most
// 65,535, at b[n:], which has room for them, and returns where they end:
// one unit, body<<4 | head, when body < 4095 and head < 16, as nearly all
// are; otherwise 0xffff, then body and head.
func putFreqs(b []uint16, n int, body, head uint32) int {
	if body < 4095 && head < 16 {
		b[n] = uint16(body<<4 | head)
		return n + 1
	}
	b[n], b[n+1], b[n+2] = 0xffff, uint16(body), uint16(head)
	return n + 3
}

// getFreqs reads what putFreqs wrote at b[j:] and returns it and where it
// ends.
func getFreqs(b []uint16, j int) (body, head uint16, end int) {
	if f := b[j]; f != 0xffff {
		return f >> 4, f & 15, j + 1
	}
	return b[j+1], b[j+2], j + 3
}

// getID reads the ID that putID wrote at b[j:] and returns it and where
// it ends.
func getID(b []uint16, j int) (uint32, int) {
	t := uint32(b[j])
	if t < 0x8000 {
		return t, j + 1
	}
	return t&0x7fff | uint32(b[j+1])<<15, j + 2
}

// build indexes docs in two passes: the workers tokenise their documents
// into hits; then, with every document's length known, each writes its
// postings straight into place. The terms in more than maxPostings
// documents are cut last, from all their postings, rather than by a pass
// of its own over every hit that counted their impacts first: that pass
// took about as long as writing the postings, and the postings a cut
// drops take only four bytes each until then.
//
// With a memo table m, which has a slot for each document, the workers
// recall the hits of the documents whose text the last build read too
// (see memo.go).
func build(docs []Doc, m *memo.Table) *index {
	if ix := buildOnce(docs, m, true); ix != nil {
		return ix
	}
	// A value that m vouched for was not as remember writes them: read
	// every document, and remember each chunk anew.
	return buildOnce(docs, m, false)
}

// buildOnce is build, recalling from m only when recall is true. It
// returns nil if a recalled value turned out unsound.
func buildOnce(docs []Doc, m *memo.Table, recall bool) *index {
	nw := max(1, min(runtime.GOMAXPROCS(0), len(docs)/256))
	ws := make([]worker, nw)
	for i := range ws {
		ws[i].reread = !recall
	}
	// Worker i's first document, and with a memo its first chunk: with
	// one, the documents are split at the chunk nearest an even split.
	cuts := make([]int, nw+1)
	var cs []chunk
	cut := make([]int, nw+1)
	for i := range cuts {
		cuts[i] = i * len(docs) / nw
	}
	if m != nil {
		cs = chunks(docs)
		for i := range cuts[:nw] {
			cut[i] = sort.Search(len(cs), func(k int) bool { return cs[k].start >= cuts[i] })
			cuts[i] = len(docs)
			if cut[i] < len(cs) {
				cuts[i] = cs[cut[i]].start
			}
		}
		cut[nw] = len(cs)
	}
	first := func(i int) int { return cuts[i] }
	ix := &index{}
	each := func(f func(i int, w *worker)) {
		var wg sync.WaitGroup
		for i := range ws {
			wg.Go(func() { f(i, &ws[i]) })
		}
		wg.Wait()
	}
	if m != nil {
		ix.entries = make([][]byte, len(docs))
		for i := range ws {
			ws[i].entries = ix.entries[first(i):first(i+1)]
		}
	}
	each(func(i int, w *worker) { w.run(docs[first(i):first(i+1)], cs[cut[i]:cut[i+1]], cut[i], m) })

	// Merge the dictionaries: global IDs are positions in sorted order.
	var all dict
	remap := make([][]int32, nw)
	for i := range ws {
		remap[i] = make([]int32, ws[i].dict.len())
		for j := range remap[i] {
			remap[i][j] = all.id(ws[i].dict.term(int32(j)))
		}
		ws[i].dict = dict{}
	}
	terms := make([]string, all.len())
	order := make([]int32, all.len())
	for j := range terms {
		terms[j] = string(all.term(int32(j)))
		order[j] = int32(j)
	}
	all = dict{}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(terms[a], terms[b]) })
	ix.terms = make([]string, len(order))
	rank := make([]int32, len(order))
	for r, j := range order {
		rank[j] = int32(r)
		ix.terms[r] = terms[j]
	}
	for i := range remap {
		for j, g := range remap[i] {
			remap[i][j] = rank[g]
		}
	}

	// Document frequencies and lengths.
	ix.df = make([]int32, len(ix.terms))
	var total int64
	for i := range ws {
		for j, n := range ws[i].df {
			ix.df[remap[i][j]] += n
		}
		total += ws[i].total
	}
	avgdl := max(1, float64(total)/float64(max(1, len(docs))))

	// Where each term's postings start, and where each worker's go. A
	// term in more than maxPostings documents gets room for all its
	// postings too, and capPostings then keeps those of highest impact:
	// which ones, no worker can tell before every impact is known.
	ix.start = make([]int, len(ix.terms)+1)
	var capped []int
	for t, n := range ix.df {
		ix.start[t+1] = ix.start[t] + int(n)
		if n > maxPostings {
			capped = append(capped, t)
		}
	}
	next := slices.Clone(ix.start[:len(ix.terms)])
	for i := range ws {
		w := &ws[i]
		w.dest = make([]int, len(remap[i]))
		for j, g := range remap[i] {
			w.dest[j] = next[g]
			next[g] += int(w.df[j])
		}
		w.df = nil
	}
	ix.post = make([]uint32, ix.start[len(ix.terms)])
	for i := range ws {
		ix.recalled += ws[i].recalled
	}
	bad := make([]bool, nw)
	each(func(i int, w *worker) { bad[i] = !w.fill(ix.post, int32(first(i)), avgdl) })
	if slices.Contains(bad, true) {
		return nil
	}
	if m != nil {
		// Cut by shards, only for the keys it encodes.
		ix.uncapped, ix.chunks, ix.slots = true, len(cs), len(docs)
	} else if len(capped) > 0 {
		each(func(i int, _ *worker) {
			for k := i; k < len(capped); k += nw {
				t := capped[k]
				capPostings(ix.post[ix.start[t]:ix.start[t+1]])
			}
		})
	}
	return ix
}

// fill writes the postings of the worker's documents into post, its first
// document being doc, and lets its hits go. It reports false if a
// recalled part was unsound (see fillRecalled).
func (w *worker) fill(post []uint32, doc int32, avgdl float64) bool {
	ok := true
	d := uint32(doc)
	b, i := 0, 0 // the next document read, at w.blocks[b][i:]
	for k := range w.parts {
		p := &w.parts[k]
		if p.recalled {
			ok = w.fillRecalled(post, d, p, avgdl) && ok
			d += uint32(p.docs)
			continue
		}
		for range p.docs {
			for i == len(w.blocks[b]) {
				b, i = b+1, 0
			}
			var dl uint32
			var once, rest []uint16
			dl, once, rest, i = nextDoc(w.blocks[b], i)
			// A loop of its own for each document's lists keeps its
			// few variables in registers.
			w.fillDoc(post, d, once, rest, docNorm(int(dl), avgdl))
			d++
		}
	}
	*w = worker{}
	return ok
}

// fillDoc writes the postings of document doc, whose lists are once and
// rest and whose docNorm is norm.
func (w *worker) fillDoc(post []uint32, doc uint32, once, rest []uint16, norm float64) {
	dest := w.dest
	q := impact(1, 0, norm) // the same for every term once in the body
	p := doc<<4 | uint32(q-1)
	for j := 0; j < len(once); {
		var t uint32
		t, j = getID(once, j)
		d := &dest[t]
		post[*d] = p
		*d++
	}
	// The impacts of small frequencies, as most are, worked out once,
	// by their unit of putFreqs: a body frequency below 8.
	var memo [8 << 4]uint8
	for j := 0; j < len(rest); {
		var t uint32
		t, j = getID(rest, j)
		var q uint8
		if f := rest[j]; int(f) < len(memo) {
			if q = memo[f]; q == 0 {
				q = impact(f>>4, f&15, norm)
				memo[f] = q
			}
			j++
		} else {
			var body, head uint16
			body, head, j = getFreqs(rest, j)
			q = impact(body, head, norm)
		}
		d := &dest[t]
		post[*d] = doc<<4 | uint32(q-1)
		*d++
	}
}

// capPostings moves the maxPostings postings of highest impact of p, all
// of a term's and more than maxPostings, to its start, in doc order: every
// posting above a cut level, and the first ones in doc order at the cut.
// Doc IDs follow the input order, newest first, so the newest win a tie.
func capPostings(p []uint32) {
	var hist [16]int // by impact − 1
	for _, x := range p {
		hist[x&15]++
	}
	cut, above := 15, 0
	for above+hist[cut] < maxPostings {
		above += hist[cut]
		cut--
	}
	atCut, n := maxPostings-above, 0
	for _, x := range p {
		if q := int(x & 15); q >= cut {
			if q == cut {
				if atCut == 0 {
					continue
				}
				atCut--
			}
			p[n] = x
			n++
		}
	}
}

// docNorm is the BM25 length normalisation of a document of dl terms.
func docNorm(dl int, avgdl float64) float64 {
	return k1 * float64(1-b+float64(b*float64(dl))/avgdl)
}

// impact quantises the BM25 weight of a term that occurs body times in the
// body and head times in the title and tags of a document whose length
// normalisation is norm: 1–8 for the body alone, 9–16 with the head.
func impact(body, head uint16, norm float64) uint8 {
	tf := float64(body) + titleBoost*float64(head)
	// float64(…) around the product keeps the compiler from fusing it
	// into an FMA, which rounds differently on some architectures.
	w := float64(tf*(k1+1)) / (tf + norm) / (k1 + 1) // in (0, 1)
	q := uint8(min(7, int(w*8)))
	if head > 0 {
		return 9 + q
	}
	return 1 + q
}

// Key returns the shard key of a term: its first two code points.
func Key(term string) string {
	i, n := 0, 0
	for n < 2 && i < len(term) {
		_, size := utf8.DecodeRuneInString(term[i:])
		i += size
		n++
	}
	return term[:i]
}

// fileKey makes a key safe as a file name on any server.
func fileKey(key string) string {
	for i := 0; i < len(key); i++ {
		if c := key[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			var sb strings.Builder
			for _, r := range key {
				sb.WriteByte('_')
				sb.WriteString(strconv.FormatInt(int64(r), 16))
			}
			return sb.String()
		}
	}
	return key
}

// A group is the terms of one key, ix.terms[start:end].
type group struct {
	key        string
	start, end int
}

// shards encodes the postings, one file per key, or several parts when a
// key's postings are bigger than maxShard. With m, a key whose postings
// the last build encoded too gets files with no Data (see shardMemo).
func (ix *index) shards(m *memo.Table) []File {
	var groups []group
	for i, t := range ix.terms {
		k := Key(t)
		if n := len(groups); n > 0 && groups[n-1].key == k {
			groups[n-1].end = i + 1
			continue
		}
		groups = append(groups, group{k, i, i + 1})
	}
	out := make([][]File, len(groups))
	parts := make([][]string, len(groups))
	var next int64 = -1
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var sb shardBuf
			for {
				mu.Lock()
				next++
				g := int(next)
				mu.Unlock()
				if g >= len(groups) {
					return
				}
				// The memo has a slot for each document, and the
				// chunks take the first: a key past the others is
				// encoded every time.
				if slot := ix.chunks + g; m != nil && slot < ix.slots {
					out[g], parts[g] = ix.shardMemo(m, slot, groups[g], &sb)
				} else {
					out[g], parts[g] = ix.encodeGroup(groups[g], &sb, false)
				}
			}
		})
	}
	wg.Wait()
	ix.parts = map[string][]string{}
	var files []File
	for g, gr := range groups {
		files = append(files, out[g]...)
		ix.keys = append(ix.keys, gr.key)
		if parts[g] != nil {
			ix.parts[gr.key] = parts[g]
		}
	}
	return files
}

// A shardBuf is a shard worker's reused buffers.
type shardBuf struct {
	enc, buf, key []byte
}

// encodeGroup encodes the postings of the terms of gr, cutting them first
// if they are not yet, and returns the files and the first terms of the
// parts after the first. sums says to hash the files too.
func (ix *index) encodeGroup(gr group, sb *shardBuf, sums bool) (files []File, parts []string) {
	if ix.uncapped {
		for t := gr.start; t < gr.end; t++ {
			if ix.df[t] > maxPostings {
				capPostings(ix.post[ix.start[t]:ix.start[t+1]])
			}
		}
	}
	// Files are built in a reused buffer and copied out at their final
	// size: growing each by appending would make twice its size in
	// garbage.
	name := "t/" + fileKey(gr.key)
	buf := append(sb.buf[:0], '[')
	flush := func() {
		buf = append(buf[:len(buf)-1], ']')
		n := name
		if len(files) > 0 {
			n += "-" + strconv.Itoa(len(files))
		}
		f := File{Name: n + ".json", Data: slices.Clone(buf), Size: len(buf)}
		if sums {
			f.Sum, f.crc = xxh3.Hash128(f.Data), fileCRC(f.Name, f.Data)
		}
		files = append(files, f)
	}
	for t := gr.start; t < gr.end; t++ {
		enc := appendPostings(sb.enc[:0], ix.postings(t))
		sb.enc = enc
		if len(buf) > 1 && len(buf)+len(enc) > maxShard {
			flush()
			buf = append(buf[:0], '[')
			parts = append(parts, ix.terms[t])
		}
		buf = appendString(buf, ix.terms[t])
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(ix.df[t]), 10)
		buf = append(buf, ',', '"')
		buf = append(buf, enc...)
		buf = append(buf, '"', ',')
	}
	flush()
	sb.buf = buf
	return files, parts
}

const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func appendPostings(b []byte, p []uint32) []byte {
	// A posting takes six digits at most: 24 bits of doc and 4 of impact.
	// Written into room made first, rather than appended a digit at a
	// time.
	n := len(b)
	b = slices.Grow(b, 6*len(p))
	out := b[:n+6*len(p)]
	// v = (doc − prev − 1)<<4 | impact−1 is q − (prev+1)<<4, as q is
	// doc<<4 | impact−1 and prev < doc: a subtraction, and base the next
	// (prev+1)<<4.
	base := uint32(0)
	for _, q := range p {
		v := q - base
		base = q&^15 + 16
		for v >= 32 {
			out[n] = digits[32+v&31]
			n++
			v >>= 5
		}
		out[n] = digits[v]
		n++
	}
	return out[:n]
}

func (ix *index) meta(n int, hash string) []byte {
	b := []byte(`{"v":1,"n":`)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, `,"chunk":`...)
	b = strconv.AppendInt(b, ChunkSize, 10)
	b = append(b, `,"hash":"`...)
	b = append(b, hash...)
	b = append(b, `","keys":`...)
	b = appendStrings(b, ix.keys)
	b = append(b, `,"parts":{`...)
	for i, k := range ix.keys {
		if p := ix.parts[k]; p != nil {
			if b[len(b)-1] != '{' {
				b = append(b, ',')
			}
			b = appendString(b, ix.keys[i])
			b = append(b, ':')
			b = appendStrings(b, p)
		}
	}
	return append(b, "}}\n"...)
}

// docFiles writes the document table in chunks of ChunkSize. entries,
// when not nil, holds the docEntry of some documents already.
func docFiles(docs []Doc, entries [][]byte) []File {
	files := make([]File, (len(docs)+ChunkSize-1)/ChunkSize)
	var wg sync.WaitGroup
	nw := runtime.GOMAXPROCS(0)
	for w := range nw {
		wg.Go(func() {
			var b []byte // reused, as in shards
			for c := w; c < len(files); c += nw {
				b = append(b[:0], '[')
				for i := c * ChunkSize; i < min(len(docs), (c+1)*ChunkSize); i++ {
					if b[len(b)-1] != '[' {
						b = append(b, ",\n"...)
					}
					if entries != nil && entries[i] != nil {
						b = append(b, entries[i]...)
					} else {
						b = docEntry(b, &docs[i])
					}
				}
				b = append(b, "]\n"...)
				files[c] = File{Name: "d/" + strconv.Itoa(c) + ".json", Data: slices.Clone(b), Size: len(b)}
			}
		})
	}
	wg.Wait()
	return files
}

// docEntry appends d's entry in the document table to b.
func docEntry(b []byte, d *Doc) []byte {
	b = append(b, '[')
	b = appendString(b, d.Title)
	b = append(b, ',')
	b = appendString(b, d.Path)
	b = append(b, ',')
	b = appendString(b, d.Date)
	b = append(b, ',')
	b = appendStrings(b, d.Tags)
	b = append(b, ',')
	s := d.Snippet
	if s == "" {
		s = strings.Join(d.Text, "\n")
	}
	b = appendString(b, snippet(s, snippetLen))
	return append(b, ']')
}

// snippet is the start of s, whitespace collapsed, cut at a word boundary
// near n runes. It reads no more of s than it needs: s may be a whole story.
func snippet(s string, n int) string {
	b := make([]byte, 0, n+8)
	runes, space, lastSpace := 0, false, -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		i += size
		if isSpace(r) {
			space = len(b) > 0
			continue
		}
		if runes == n {
			cut := b
			if lastSpace > len(b)/2 {
				cut = b[:lastSpace]
			}
			return strings.TrimRight(string(cut), ",;:.") + "…"
		}
		if space {
			lastSpace = len(b)
			b = append(b, ' ')
			runes++
			space = false
			if runes == n {
				continue
			}
		}
		if r < utf8.RuneSelf {
			// The ASCII bytes that follow, up to a space or the n-th
			// rune, need only copying: a run at a time.
			j := i
			for end := min(len(s), i+n-runes-1); j < end && snippetPlain[s[j]]; j++ {
			}
			b = append(b, byte(r))
			b = append(b, s[i:j]...)
			runes += 1 + j - i
			i = j
			continue
		}
		if r == utf8.RuneError {
			continue // invalid UTF-8: drop it
		}
		b = utf8.AppendRune(b, r)
		runes++
	}
	return string(b)
}

// snippetPlain tells the bytes that snippet copies as they are: ASCII but
// for spaces.
var snippetPlain = func() (t [256]bool) {
	for c := range utf8.RuneSelf {
		t[c] = !isSpace(rune(c))
	}
	return
}()

// isSpace is unicode.IsSpace, its ASCII case inlined.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	return unicode.IsSpace(r)
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// jsonPlain tells the bytes that appendString copies as they are: ASCII
// but for control characters and those it escapes.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = !strings.ContainsRune(`"\\<>&`, rune(c))
	}
	return
}()

// plainRun returns where the run of bytes of s from i on that
// appendString copies as they are ends, reading eight bytes at a time.
func plainRun(s string, i int) int {
	for ; len(s)-i >= 8; i += 8 {
		if m := jsonSpecial(load8s(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	if r := len(s) - i; r > 0 && len(s) >= 8 {
		// The last r bytes, from the last eight, shifted down: the
		// zero bytes shifted in, past the end, count as special.
		m := jsonSpecial(load8s(s, len(s)-8) >> (8 * (8 - r)))
		return i + bits.TrailingZeros64(m)>>3
	}
	for i < len(s) && jsonPlain[s[i]] {
		i++
	}
	return i
}

// jsonSpecial returns bit 7 of each of the eight bytes of v that
// jsonPlain does not hold: a control character, DEL, one of "\<>&, or a
// byte ≥ 0x80. As in classify, no sum or difference below carries from one
// byte to the next.
func jsonSpecial(v uint64) uint64 {
	const high = 0x80 * ones
	x := v & (0x7f * ones)
	ctl := ^(x + 0x60*ones)                       // bit 7 where x < 0x20
	del := x + ones                               // where x is 0x7f
	quoteAmp := high - ((x | 4*ones) ^ 0x26*ones) // '"' or '&'
	angle := high - ((x | 2*ones) ^ 0x3e*ones)    // '<' or '>'
	backslash := high - (x ^ '\\'*ones)
	return (ctl | del | quoteAmp | angle | backslash | v) & high
}

// appendString appends s as a JSON string. Like encoding/json it escapes
// <, > and & too, so that no title can close a script element or start
// markup wherever the JSON ends up; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		// Most bytes need no escaping: append them a run at a time.
		j := plainRun(s, i)
		b = append(b, s[i:j]...)
		if i = j; i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, `\u202`...)
			b = append(b, hex[r&15])
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}
