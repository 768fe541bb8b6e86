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
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
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
	Data []byte
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
func Files(docs []Doc) ([]File, error) {
	if len(docs) > maxDocs {
		return nil, fmt.Errorf("search: %d documents, at most %d can be indexed", len(docs), maxDocs)
	}
	ix := build(docs)
	files := ix.shards()
	files = append(files, docFiles(docs)...)

	// A hash of the whole index, which the client appends to every URL
	// but meta.json's: a browser never mixes files of two builds.
	h := crc32.NewIEEE()
	for _, f := range files {
		h.Write([]byte(f.Name))
		h.Write(f.Data)
	}
	files = append(files, File{Name: "meta.json", Data: ix.meta(len(docs), fmt.Sprintf("%08x", h.Sum32()))})
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Name, b.Name) })
	return files, nil
}

// posting is one document of a term's list.
type posting struct {
	doc    int32
	impact uint8
}

type index struct {
	terms []string    // sorted
	df    []int32     // documents per term
	post  [][]posting // by doc ID; at most maxPostings
	parts map[string][]string
	keys  []string
}

// hit is a term of one document, with its frequencies, while building.
type hit struct {
	term       int32 // worker-local term ID
	body, head uint16
}

// worker tokenises a contiguous run of documents with its own dictionary,
// so that workers share nothing until the merge.
type worker struct {
	tok   tokenizer
	dict  dict
	hits  []hit
	start []int32 // per document: its first hit
	dl    []int32 // per document: its length in terms
	// per-document counting, indexed by local term ID
	body, head []uint16
}

func (w *worker) run(docs []Doc) {
	w.start = make([]int32, 0, len(docs)+1)
	w.dl = make([]int32, 0, len(docs))
	// About one distinct term per 12 bytes of news text: sizing hits
	// up front spares copying a big slice as it grows.
	size := 0
	for i := range docs {
		for _, t := range docs[i].Text {
			size += len(t)
		}
	}
	w.hits = make([]hit, 0, size/12+16)
	var touched []int32
	for _, d := range docs {
		w.start = append(w.start, int32(len(w.hits)))
		n := 0
		count := func(head bool) func([]byte, uint32) {
			return func(term []byte, h uint32) {
				n++
				id := w.dict.id(term, h)
				if int(id) == len(w.body) {
					w.body = append(w.body, 0)
					w.head = append(w.head, 0)
				}
				if w.body[id] == 0 && w.head[id] == 0 {
					touched = append(touched, id)
				}
				c := &w.body[id]
				if head {
					c = &w.head[id]
				}
				if *c < math.MaxUint16 {
					*c++
				}
			}
		}
		w.tok.each(d.Title, count(true))
		for _, t := range d.Tags {
			w.tok.each(t, count(true))
		}
		for _, t := range d.Text {
			w.tok.each(t, count(false))
		}
		for _, id := range touched {
			w.hits = append(w.hits, hit{id, w.body[id], w.head[id]})
			w.body[id], w.head[id] = 0, 0
		}
		touched = touched[:0]
		w.dl = append(w.dl, int32(n))
	}
	w.start = append(w.start, int32(len(w.hits)))
}

func build(docs []Doc) *index {
	nw := max(1, min(runtime.GOMAXPROCS(0), len(docs)/256))
	ws := make([]worker, nw)
	var wg sync.WaitGroup
	for i := range ws {
		wg.Go(func() { ws[i].run(docs[i*len(docs)/nw : (i+1)*len(docs)/nw]) })
	}
	wg.Wait()

	// Merge the dictionaries: global IDs are positions in sorted order.
	ix := &index{}
	var all dict
	remap := make([][]int32, nw)
	for i := range ws {
		remap[i] = make([]int32, ws[i].dict.len())
		for j := range remap[i] {
			remap[i][j] = all.id(ws[i].dict.term(int32(j)), ws[i].dict.hash[j])
		}
	}
	terms := make([]string, all.len())
	order := make([]int32, all.len())
	for j := range terms {
		terms[j] = string(all.term(int32(j)))
		order[j] = int32(j)
	}
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
		for _, h := range ws[i].hits {
			ix.df[remap[i][h.term]]++
		}
		for _, n := range ws[i].dl {
			total += int64(n)
		}
	}
	avgdl := max(1, float64(total)/float64(max(1, len(docs))))

	// Postings, filled in doc order so that each list is sorted by doc.
	flat := make([]posting, 0, func() int {
		n := 0
		for i := range ws {
			n += len(ws[i].hits)
		}
		return n
	}())
	ix.post = make([][]posting, len(ix.terms))
	off := 0
	for t, n := range ix.df {
		ix.post[t] = flat[off : off : off+int(n)]
		off += int(n)
	}
	doc := int32(0)
	for i := range ws {
		w := &ws[i]
		for d := range w.dl {
			norm := k1 * float64(1-b+float64(b*float64(w.dl[d]))/avgdl)
			for _, h := range w.hits[w.start[d]:w.start[d+1]] {
				g := remap[i][h.term]
				ix.post[g] = append(ix.post[g], posting{doc, impact(h.body, h.head, norm)})
			}
			doc++
		}
		// The worker's hits are postings now: let them go before the
		// shards are built (hundreds of MB at 100,000 stories).
		w.hits = nil
	}
	for t, p := range ix.post {
		if len(p) > maxPostings {
			ix.post[t] = top(p, maxPostings)
		}
	}
	return ix
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

// top keeps the n postings of highest impact, newest first among equals,
// in doc order. Impacts have 16 levels, so counting beats sorting.
func top(p []posting, n int) []posting {
	var count [17]int
	for _, q := range p {
		count[q.impact]++
	}
	// Keep every posting above level cut, and the first few at cut.
	cut, above := 16, 0
	for above+count[cut] < n {
		above += count[cut]
		cut--
	}
	atCut := n - above
	out := make([]posting, 0, n)
	for _, q := range p {
		if q.impact > uint8(cut) || q.impact == uint8(cut) && atCut > 0 {
			if q.impact == uint8(cut) {
				atCut--
			}
			out = append(out, q)
		}
	}
	return out
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

// shards encodes the postings, one file per key, or several parts when a
// key's postings are bigger than maxShard.
func (ix *index) shards() []File {
	type group struct {
		key        string
		start, end int // terms
	}
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
			var enc []byte
			for {
				mu.Lock()
				next++
				g := int(next)
				mu.Unlock()
				if g >= len(groups) {
					return
				}
				gr := groups[g]
				name := "t/" + fileKey(gr.key)
				buf := []byte{'['}
				part := 0
				flush := func() {
					buf = append(buf[:len(buf)-1], ']')
					n := name
					if part > 0 {
						n += "-" + strconv.Itoa(part)
					}
					out[g] = append(out[g], File{n + ".json", buf})
					part++
				}
				for t := gr.start; t < gr.end; t++ {
					enc = appendPostings(enc[:0], ix.post[t])
					if len(buf) > 1 && len(buf)+len(enc) > maxShard {
						flush()
						buf = []byte{'['}
						parts[g] = append(parts[g], ix.terms[t])
					}
					buf = appendString(buf, ix.terms[t])
					buf = append(buf, ',')
					buf = strconv.AppendInt(buf, int64(ix.df[t]), 10)
					buf = append(buf, ',', '"')
					buf = append(buf, enc...)
					buf = append(buf, '"', ',')
				}
				flush()
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

const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func appendPostings(b []byte, p []posting) []byte {
	prev := int32(-1)
	for _, q := range p {
		v := uint64(q.doc-prev-1)<<4 | uint64(q.impact-1)
		prev = q.doc
		for v >= 32 {
			b = append(b, digits[32+v&31])
			v >>= 5
		}
		b = append(b, digits[v])
	}
	return b
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

// docFiles writes the document table in chunks of ChunkSize.
func docFiles(docs []Doc) []File {
	files := make([]File, (len(docs)+ChunkSize-1)/ChunkSize)
	var wg sync.WaitGroup
	nw := runtime.GOMAXPROCS(0)
	for w := range nw {
		wg.Go(func() {
			for c := w; c < len(files); c += nw {
				b := []byte{'['}
				for i := c * ChunkSize; i < min(len(docs), (c+1)*ChunkSize); i++ {
					d := &docs[i]
					if b[len(b)-1] != '[' {
						b = append(b, ",\n"...)
					}
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
					b = append(b, ']')
				}
				files[c] = File{"d/" + strconv.Itoa(c) + ".json", append(b, "]\n"...)}
			}
		})
	}
	wg.Wait()
	return files
}

// snippet is the start of s, whitespace collapsed, cut at a word boundary
// near n runes. It reads no more of s than it needs: s may be a whole story.
func snippet(s string, n int) string {
	b := make([]byte, 0, n+8)
	runes, space, lastSpace := 0, false, -1
	for _, r := range s {
		if unicode.IsSpace(r) {
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
		if r == utf8.RuneError {
			continue // invalid UTF-8: drop it
		}
		b = utf8.AppendRune(b, r)
		runes++
	}
	return string(b)
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

// appendString appends s as a JSON string. Like encoding/json it escapes
// <, > and & too, so that no title can close a script element or start
// markup wherever the JSON ends up; invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
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
