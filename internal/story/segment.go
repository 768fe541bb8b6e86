package story

import (
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A document is the paragraphs of one input with what is known about them
// as a whole.
type document struct {
	paras []para
	// idf is the inverse document frequency of each word id.
	idf []float64
	// multi is the share of prose paragraphs of more than one sentence.
	// Where most paragraphs run to several sentences, a one-sentence
	// paragraph stands out as a lead; where all are short, it says nothing.
	multi float64
	// usualGap is the most common number of blank lines between
	// paragraphs; a wider gap separates stories.
	usualGap int
	// copies[i] is an earlier paragraph that paragraph i repeats nearly
	// word for word, or -1.
	copies []int
	// meanCohesion is the mean cosine between neighbouring paragraphs:
	// cohesion is judged against it, since short paragraphs share fewer
	// words than long ones.
	meanCohesion float64

	// Scratch for cohesion, indexed by word id.
	left, right []float64
	mark        []bool
	touched     []int32
}

// A wordCount is a word id and how often a paragraph uses it.
type wordCount struct {
	id int32
	n  int32
}

// scratch is what newDocument and segment reuse from one input to the
// next: the lexicon, the shingle index and the cohesion vectors.
type scratch struct {
	lex   lexicon
	cf    copyFinder
	toks  []token
	lt    []token
	sh    []uint64
	names []name
	bags  []wordCount
	// By stem id.
	df, seenIn, bagIdx []int32
	idf, left, right   []float64
	mark               []bool
	touched, docStems  []int32
}

func newLexicon() *lexicon {
	return &lexicon{words: map[string]wordInfo{}, stems: map[string]int32{}}
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{lex: lexicon{words: map[string]wordInfo{}, stems: map[string]int32{}}}
}}

// grow makes the arrays by stem id as long as the lexicon's stems.
func (sc *scratch) grow() {
	for n := len(sc.lex.stems); len(sc.df) < n; {
		sc.df = append(sc.df, 0)
		sc.seenIn = append(sc.seenIn, -1)
		sc.bagIdx = append(sc.bagIdx, 0)
		sc.idf = append(sc.idf, 0)
		sc.left = append(sc.left, 0)
		sc.right = append(sc.right, 0)
		sc.mark = append(sc.mark, false)
	}
}

func newDocument(paras []para, sc *scratch) *document {
	if len(sc.lex.words) > 1<<18 {
		// A vocabulary this large is not worth keeping.
		sc.lex = *newLexicon()
		sc.df, sc.seenIn, sc.bagIdx, sc.idf, sc.left, sc.right, sc.mark = nil, nil, nil, nil, nil, nil, nil
	}
	d := &document{paras: paras}
	sc.cf.begin(len(paras))
	d.copies = make([]int, len(paras))
	nProse, multi := 0, 0
	gaps := map[int]int{}
	toks := sc.toks
	sc.names = sc.names[:0]
	sc.bags = sc.bags[:0]
	sc.docStems = sc.docStems[:0]
	for i := range paras {
		p := &paras[i]
		p.shape = shapeOf(p.text)
		p.lead = firstSentence(p.text)
		toks = tokenize(p.text, toks, &sc.lex)
		sc.grow()
		n0 := len(sc.names)
		sc.names = namesOf(toks, sc.names, true)
		p.allNames = sc.names[n0:len(sc.names):len(sc.names)]
		leadToks := toks
		if len(p.lead) < len(p.text) {
			k := 0
			for k < len(toks) && toks[k].end <= len(p.lead) {
				k++
			}
			if p.text[:len(p.lead)] == p.lead && (k == len(toks) || toks[k].start >= len(p.lead)) {
				leadToks = toks[:k]
			} else {
				sc.lt = tokenize(p.lead, sc.lt, &sc.lex)
				sc.grow()
				leadToks = sc.lt
			}
		}
		n0 = len(sc.names)
		sc.names = namesOf(leadToks, sc.names, false)
		p.names = sc.names[n0:len(sc.names):len(sc.names)]
		if len(leadToks) > 1 {
			p.second = leadToks[1].f
		}
		for _, t := range leadToks[:min(5, len(leadToks))] {
			if t.f == "also" {
				p.also = true
			}
		}
		p.sentences = countSentences(p.text)
		first := strings.ToLower(trimWord(firstField(p.text)))
		if openers[first] {
			p.opener = openerWord
		} else if first == "the" && backNouns[strings.ToLower(trimWord(p.second))] {
			p.opener = openerNoun
		}
		// Content words, interned, with their counts.
		b0 := len(sc.bags)
		for k := range toks {
			id := toks[k].info.stem
			if id < 0 {
				continue
			}
			if sc.seenIn[id] != int32(i) {
				if sc.df[id] == 0 {
					sc.docStems = append(sc.docStems, id)
				}
				sc.seenIn[id] = int32(i)
				sc.df[id]++
				sc.bagIdx[id] = int32(len(sc.bags))
				sc.bags = append(sc.bags, wordCount{id, 1})
			} else {
				sc.bags[sc.bagIdx[id]].n++
			}
		}
		p.bag = sc.bags[b0:len(sc.bags):len(sc.bags)]
		sc.sh = shinglesOf(toks, sc.sh[:0])
		d.copies[i] = sc.cf.add(i, sc.sh)
		if p.shape == prose {
			nProse++
			if p.sentences > 1 {
				multi++
			}
		}
		if i > 0 {
			gaps[p.gap]++
		}
	}
	sc.toks = toks
	for _, id := range sc.docStems {
		sc.idf[id] = math.Log(float64(len(paras)+1) / float64(sc.df[id]))
		sc.df[id] = 0
		sc.seenIn[id] = -1
	}
	d.idf, d.left, d.right, d.mark, d.touched = sc.idf, sc.left, sc.right, sc.mark, sc.touched
	if nProse > 0 {
		d.multi = float64(multi) / float64(nProse)
	}
	for g, n := range gaps {
		if n > gaps[d.usualGap] || n == gaps[d.usualGap] && g < d.usualGap {
			d.usualGap = g
		}
	}
	for i, c := range d.copies {
		if p := &d.paras[i]; c >= 0 && p.shape != prose && d.paras[c].shape == prose {
			// Prose retold with its last words cut looks like a
			// caption; the paragraph it retells says what it is.
			p.shape = prose
		}
	}
	sum, n := 0.0, 0
	for i := 1; i < len(paras); i++ {
		sum += d.cohesionWith([]int{i - 1}, i)
		n++
	}
	d.meanCohesion = 0.1
	if n > 0 && sum > 0 {
		d.meanCohesion = sum / float64(n)
	}
	return d
}

// countSentences counts the sentences of s, up to four: enough to tell a
// one-sentence lead from a body paragraph.
func countSentences(s string) int {
	if len(s) > 4000 {
		s = s[:4000]
	}
	n, start := 0, 0
	for n < 4 {
		_, k := nextSentence(s, start)
		if k < 0 {
			if strings.TrimSpace(s[start:]) != "" {
				n++
			}
			break
		}
		n++
		start = k
	}
	return n
}

func shinglesOf(toks []token, out []uint64) []uint64 {
	const (
		offset64 = 14695981039346656037
		prime64  = 1099511628211
	)
	var w [3]string
	n := 0
	for k := range toks {
		t := toks[k].lower
		if t == "" {
			continue
		}
		w[0], w[1], w[2] = w[1], w[2], t
		n++
		if n >= 3 {
			// FNV-1a of w0 + " " + w1 + " " + w2.
			h := uint64(offset64)
			for x := 0; x < 3; x++ {
				if x > 0 {
					h ^= ' '
					h *= prime64
				}
				s := w[x]
				for j := 0; j < len(s); j++ {
					h ^= uint64(s[j])
					h *= prime64
				}
			}
			out = append(out, h)
		}
	}
	return out
}

// A copyFinder finds the paragraphs that repeat an earlier one: at least
// half of their word triples appear in it. It indexes the shingles of the
// paragraphs read so far, each shingle's first maxPosting paragraphs;
// shingles shared by many paragraphs are not followed, which keeps this
// linear. Its table is kept from one document to the next: an entry
// stamped before the document began is empty.
type copyFinder struct {
	table []shingleEntry // open addressing, a power of two long
	used  int
	nodes []postingNode
	base  uint32  // the stamp before the document's first paragraph
	hits  []int32 // by paragraph
	hit   []int32 // the paragraphs with hits
}

const maxPosting = 8

type shingleEntry struct {
	h     uint64
	head  int32  // the first posting node, or -1
	n     int32  // postings
	stamp uint32 // base plus 1 plus the last paragraph that looked it up
}

type postingNode struct{ para, next int32 }

// begin starts a document of n paragraphs.
func (c *copyFinder) begin(n int) {
	c.base += uint32(len(c.hits)) + 1
	if c.base > 1<<30 {
		clear(c.table)
		c.base = 1
	}
	c.used = 0
	c.nodes = c.nodes[:0]
	c.hits = slices.Grow(c.hits[:0], n)[:n]
}

// lookup returns the entry for h, adding an empty one.
func (c *copyFinder) lookup(h uint64) *shingleEntry {
	if c.used*2 >= len(c.table) {
		c.grow()
	}
	mask := uint64(len(c.table) - 1)
	for k := mix(h) & mask; ; k = (k + 1) & mask {
		e := &c.table[k]
		if e.stamp <= c.base {
			*e = shingleEntry{h: h, head: -1}
			c.used++
			return e
		}
		if e.h == h {
			return e
		}
	}
}

func (c *copyFinder) grow() {
	old := c.table
	c.table = make([]shingleEntry, max(1024, 2*len(old)))
	mask := uint64(len(c.table) - 1)
	for _, e := range old {
		if e.stamp <= c.base {
			continue
		}
		k := mix(e.h) & mask
		for c.table[k].stamp > c.base {
			k = (k + 1) & mask
		}
		c.table[k] = e
	}
}

// add indexes paragraph i with shingles sh and returns the earlier
// paragraph it repeats, or -1.
func (c *copyFinder) add(i int, sh []uint64) int {
	c.hit = c.hit[:0]
	uniq := 0
	stamp := c.base + 1 + uint32(i)
	for _, h := range sh {
		e := c.lookup(h)
		if e.stamp == stamp {
			continue
		}
		e.stamp = stamp
		uniq++
		if len(sh) >= 6 {
			for x := e.head; x >= 0; x = c.nodes[x].next {
				j := c.nodes[x].para
				if c.hits[j] == 0 {
					c.hit = append(c.hit, j)
				}
				c.hits[j]++
			}
		}
		if e.n < maxPosting {
			c.nodes = append(c.nodes, postingNode{int32(i), e.head})
			e.head = int32(len(c.nodes) - 1)
			e.n++
		}
	}
	best, bestN := -1, 0
	for _, j := range c.hit {
		n := int(c.hits[j])
		if n > bestN || n == bestN && int(j) < best {
			best, bestN = int(j), n
		}
		c.hits[j] = 0
	}
	if len(sh) >= 6 && best >= 0 && bestN*2 >= uniq {
		return best
	}
	return -1
}

// cues weighs the evidence that a paragraph begins a story. A paragraph
// whose score is above zero begins one.
type cues struct {
	bias       float64 // before any evidence
	opener     float64 // against: "He", "But", "The company" look back
	knownRef   float64 // against: a surname or "Mr X" of someone named in full earlier
	seenName   float64 // against, per name of the story so far in the lead
	newFull    float64 // for, per full name new to the story in the lead
	single     float64 // for: a one-sentence paragraph, scaled by multi
	many       float64 // against: three sentences or more, scaled by multi
	cohesion   float64 // against, times the cosine with the paragraphs before
	copyStart  float64 // for: the paragraph retells another story
	copyEnd    float64 // for: the paragraph before retold a story, this one does not
	wideGap    float64 // for: more blank lines than between paragraphs
	newsLead   float64 // for: "..., officials have said." and other lead forms
	standfirst float64 // for: a present-tense summary ("X says ...") retold by the next paragraph
	headline   float64 // for the paragraph after a title-like line
	subheading float64 // against a headline: the next paragraph's subject is known
	freshLead  float64 // for: the lead's subject is a full name new to the story
	knownLead  float64 // against: the subject is a name the story already used
	also       float64 // against: "also" early on adds to what was said
	young      float64 // against: the story so far is its lead alone
}

var weights = cues{
	bias:       -0.5,
	opener:     2.5,
	knownRef:   2.0,
	seenName:   0.6,
	newFull:    0.35,
	single:     2.25,
	many:       1.25,
	cohesion:   8.0,
	copyStart:  3.0,
	copyEnd:    1.5,
	wideGap:    3.0,
	newsLead:   0.3,
	standfirst: 2.5,
	headline:   3.5,
	subheading: 2.0,
	freshLead:  1.0,
	knownLead:  0.5,
	also:       1.0,
	young:      1.5,
}

// openers are first words that point back to what came before.
var openers = setOf(`he she it they his her its their this these those that but however and
also meanwhile still yet so instead moreover furthermore nevertheless nonetheless both such
then thus besides otherwise indeed further additionally i we our my`)

// backNouns follow "The" to point back to an organisation or person
// already named: "The company said".
var backNouns = setOf(`company firm group bank government minister president official officials
move deal plan report group's company's firm's bank's star singer actor actress band film show
case court campaign movement council agency ministry club country's country singer's`)

// isNewsLead reports whether a lead sentence closes on an attribution
// ("..., a study has found.", "..., officials said.", "it has been
// revealed") or opens in the present tense ("Iran's president says the..."):
//
//	^[\p{L}'’ -]{3,40} (?:says|say) |
//	(?:, [\p{L}'’ -]{1,60} (?:ha(?:s|ve) (?:said|found|revealed|announced|confirmed|warned|reported|claimed)|said|says|say|reported|announced)|
//	(?:it|has|have) (?:has |have )?been (?:revealed|announced|reported|confirmed))[.!]?["”]?$
func isNewsLead(s string) bool {
	return saysFirst(s) || saysLast(s)
}

// saysFirst reports whether s opens in the present tense of a verb of
// saying: ^[\p{L}'’ -]{3,40} (?:says|say) .
func saysFirst(s string) bool {
	n := 0
	for i := 0; i < len(s); {
		if n >= 3 && n <= 40 && s[i] == ' ' && (strings.HasPrefix(s[i:], " says ") || strings.HasPrefix(s[i:], " say ")) {
			return true
		}
		if n >= 40 {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !inLeadClass(r) {
			break
		}
		n++
		i += size
	}
	return false
}

// saysLast reports whether s closes on an attribution.
func saysLast(s string) bool {
	// The attribution at the end, before an optional full stop or
	// exclamation mark and closing quote.
	e := len(s)
	var ends [4]int
	ne := 0
	ends[ne] = e
	ne++
	q := e
	if strings.HasSuffix(s, "\"") {
		q = e - 1
	} else if strings.HasSuffix(s, "”") {
		q = e - len("”")
	}
	if q < e {
		ends[ne] = q
		ne++
	}
	for _, x := range []int{e, q} {
		if x > 0 && (s[x-1] == '.' || s[x-1] == '!') {
			ends[ne] = x - 1
			ne++
		}
		if q == e {
			break
		}
	}
	for _, x := range ends[:ne] {
		if attributionEndsAt(s[:x]) {
			return true
		}
	}
	return false
}

func inLeadClass(r rune) bool {
	return r == ' ' || r == '-' || r == '\'' || r == '’' || unicode.IsLetter(r)
}

var (
	leadVerbs       = []string{" said", " says", " say", " reported", " announced"}
	leadPerfect     = []string{"said", "found", "revealed", "announced", "confirmed", "warned", "reported", "claimed"}
	leadBeenSuffix  = []string{"revealed", "announced", "reported", "confirmed"}
	leadBeenOpeners = []string{"it ", "has ", "have "}
	leadBeenMiddle  = []string{"", "has ", "have "}
)

// leadVerbSuffixes are the verbs of attribution that end a lead.
var leadVerbSuffixes = func() []string {
	out := append([]string(nil), leadVerbs...)
	for _, v := range leadPerfect {
		out = append(out, " has "+v, " have "+v)
	}
	return out
}()

// attributionEndsAt reports whether s ends with ", [\p{L}'’ -]{1,60}"
// and a verb of reporting, or with "it has been revealed" and the like.
func attributionEndsAt(s string) bool {
	if len(s) < 4 {
		return false
	}
	switch s[len(s)-1] {
	case 'd', 's', 'y':
		for _, v := range leadVerbSuffixes {
			if strings.HasSuffix(s, v) && commaPhraseEndsAt(s[:len(s)-len(v)]) {
				return true
			}
		}
	default:
		return false
	}
	for _, v := range leadBeenSuffix {
		if !strings.HasSuffix(s, "been "+v) {
			continue
		}
		t := s[:len(s)-len("been "+v)]
		for _, m := range leadBeenMiddle {
			if !strings.HasSuffix(t, m) {
				continue
			}
			u := t[:len(t)-len(m)]
			for _, o := range leadBeenOpeners {
				if strings.HasSuffix(u, o) {
					return true
				}
			}
		}
	}
	return false
}

// commaPhraseEndsAt reports whether s ends with ", " and one to sixty
// letters, apostrophes, spaces and hyphens.
func commaPhraseEndsAt(s string) bool {
	n := 0
	for b := len(s); b > 0; {
		if n >= 1 && b >= 2 && s[b-2] == ',' && s[b-1] == ' ' {
			return true
		}
		if n >= 60 {
			return false
		}
		r, size := utf8.DecodeLastRuneInString(s[:b])
		if !inLeadClass(r) {
			return false
		}
		n++
		b -= size
	}
	return false
}

// A state is what is known about the story being read.
type state struct {
	full  map[string]bool // name keys introduced with two words or more
	seen  map[string]bool // all name keys
	bags  []int           // the last paragraphs read, at most three
	paras int
	start int // index of the story's first paragraph
}

func newState(start int) *state {
	return &state{full: map[string]bool{}, seen: map[string]bool{}, start: start}
}

func (st *state) add(i int, p *para) {
	for _, nm := range p.allNames {
		st.seen[nm.key] = true
		if nm.words >= 2 {
			st.full[nm.key] = true
		}
	}
	st.bags = append(st.bags, i)
	if len(st.bags) > 3 {
		st.bags = st.bags[1:]
	}
	st.paras++
}

// score weighs the evidence that paragraph i begins a new story, given the
// story read so far.
func (d *document) score(i int, st *state, w cues) float64 {
	p := &d.paras[i]
	if c := d.copies[i]; c >= st.start && (i == 0 || d.copies[i-1] < 0) {
		// A story does not repeat its own paragraph: this one is the
		// story told again.
		return w.copyStart
	}
	s := w.bias
	switch p.opener {
	case openerWord:
		s -= w.opener
	case openerNoun:
		s -= w.opener / 2
	}
	known, seen, fresh := false, 0, 0
	for _, nm := range p.names {
		switch {
		case nm.words <= 1 && st.full[nm.key]:
			known = true
		case st.seen[nm.key]:
			seen++
		case nm.words >= 2:
			fresh++
		}
	}
	if known {
		s -= w.knownRef
	}
	// The subject: a name among the first words of the lead, skipping
	// a capitalised first word that is no name ("Chess grandmaster Ilya
	// Marenko").
	subject := -1
	for k, nm := range p.names {
		if nm.pos > 3 {
			break
		}
		if subject < 0 || p.names[subject].words < 2 && !st.seen[p.names[subject].key] {
			subject = k
		}
	}
	if subject >= 0 {
		nm := p.names[subject]
		switch {
		case st.seen[nm.key] && nm.words <= 1:
			s -= w.knownLead
		case !st.seen[nm.key] && nm.words >= 2:
			s += w.freshLead
		}
	}
	if p.also {
		s -= w.also
	}
	s -= w.seenName * float64(min(seen, 2))
	s += w.newFull * float64(min(fresh, 2))
	switch {
	case p.sentences == 1:
		s += w.single * d.multi
	case p.sentences >= 3:
		s -= w.many * d.multi
	}
	s -= w.cohesion * min(d.cohesion(i, st)/d.meanCohesion, 4) * 0.1
	if c := d.copies[i]; c >= 0 && (i == 0 || d.copies[i-1] < 0) {
		s += w.copyStart
	} else if c < 0 && i > 0 && d.copies[i-1] >= 0 {
		s += w.copyEnd
	}
	if st.paras == 1 {
		// Stories of one paragraph are rare; a second paragraph that
		// brings in someone new is usually the lead's source.
		s -= w.young
	}
	if p.gap > d.usualGap {
		s += w.wideGap
	}
	if isNewsLead(p.lead) {
		s += w.newsLead
	}
	if d.standfirst(i, st) {
		s += w.standfirst
	}
	return s
}

// standfirst reports whether paragraph i is a one-sentence summary in the
// present tense ("Iran's president says ...") that the next paragraph
// tells again in the past tense, naming in full someone the story has not
// met ("..., President Masoud Pezeshkian said"): a new story's standfirst
// and lead. Inside a story, "says" opens a paragraph about people it has
// already named.
func (d *document) standfirst(i int, st *state) bool {
	p := &d.paras[i]
	if p.sentences != 1 || !saysFirst(p.lead) || i+1 >= len(d.paras) {
		return false
	}
	next := &d.paras[i+1]
	if next.shape != prose || startsWithQuote(next.text) {
		return false
	}
	for _, nm := range next.allNames {
		if nm.words >= 2 && !st.seen[nm.key] {
			return true
		}
	}
	return false
}

// cohesion is the cosine similarity, weighted by inverse document
// frequency, between the last paragraphs of the story so far and the
// paragraph i with the one after it (TextTiling's block comparison).
func (d *document) cohesion(i int, st *state) float64 {
	return d.cohesionWith(st.bags, i)
}

// cohesionWith is cohesion with the paragraphs bags as the story so far,
// nearer ones last.
func (d *document) cohesionWith(bags []int, i int) float64 {
	left, right, mark := d.left, d.right, d.mark
	touched := d.touched[:0]
	for k, b := range bags {
		// Nearer paragraphs count more.
		f := float64(k+1) / float64(len(bags))
		for _, wc := range d.paras[b].bag {
			if !mark[wc.id] {
				mark[wc.id] = true
				touched = append(touched, wc.id)
			}
			left[wc.id] += float64(wc.n) * f
		}
	}
	nLeft := len(touched)
	for _, wc := range d.paras[i].bag {
		if !mark[wc.id] {
			mark[wc.id] = true
			touched = append(touched, wc.id)
		}
		right[wc.id] = float64(wc.n)
	}
	if i+1 < len(d.paras) && d.paras[i+1].shape == prose {
		for _, wc := range d.paras[i+1].bag {
			if !mark[wc.id] {
				mark[wc.id] = true
				touched = append(touched, wc.id)
			}
			right[wc.id] += 0.5 * float64(wc.n)
		}
	}
	var dot, l2, r2 float64
	for _, t := range touched[:nLeft] {
		x := left[t] * d.idf[t]
		l2 += x * x
		if m := right[t]; m != 0 {
			dot += x * m * d.idf[t]
		}
	}
	for _, t := range touched {
		if m := right[t]; m != 0 {
			y := m * d.idf[t]
			r2 += y * y
		}
	}
	for _, t := range touched {
		left[t], right[t], mark[t] = 0, 0, false
	}
	d.touched = touched
	if l2 == 0 || r2 == 0 {
		return 0
	}
	return dot / math.Sqrt(l2*r2)
}

func firstField(s string) string {
	if i := strings.IndexByte(s, ' '); i >= 0 {
		return s[:i]
	}
	return s
}

// segment reads the paragraphs in order and cuts them into stories.
func (d *document) segment(file string) ([]Story, [][]int) {
	var stories []Story
	var paraOf [][]int // the paragraph of each block
	var cur *Story
	var st *state
	begin := func(i int) {
		p := &d.paras[i]
		stories = append(stories, Story{File: file, FirstLine: p.first, LastLine: p.last, DuplicateOf: -1})
		cur = &stories[len(stories)-1]
		paraOf = append(paraOf, nil)
		st = newState(i)
	}
	// header is true while only a headline, dateline or byline of the
	// current story has been read: the next paragraph is its lead.
	header := false
	for i := range d.paras {
		p := &d.paras[i]
		kind := Paragraph
		switch p.shape {
		case titleLike:
			next := i + 1
			// A headline is one line, above a lead.
			lead := p.first == p.last && next < len(d.paras) && (d.paras[next].shape == prose || d.paras[next].shape == datelineLn || d.paras[next].shape == bylineLn)
			switch {
			case !lead:
				// A run of short lines is a list, not headlines.
				kind = Paragraph
			case cur == nil:
				kind = Headline
			case header:
				kind = Subheading
			case d.score(next, st, d.asHeadline(i)) > 0:
				kind = Headline
			default:
				kind = Subheading
			}
		case datelineLn:
			kind = Dateline
		case bylineLn:
			kind = Byline
		case captionLn:
			kind = Caption
		}

		switch kind {
		case Headline:
			begin(i)
			cur.Title, cur.HeadlineLine = p.text, p.first
			header = true
			continue
		case Dateline, Byline:
			if cur == nil || !header {
				begin(i)
			}
			header = true
		case Paragraph:
			if cur == nil {
				begin(i)
				kind = Lead
			} else if header {
				kind = Lead
			} else if p.shape == prose && !startsWithQuote(p.text) && !isListItem(p.text) && d.score(i, st, weights) > 0 {
				begin(i)
				kind = Lead
			}
			header = false
			if startsWithQuote(p.text) && kind != Lead {
				kind = Quote
			}
		default:
			if cur == nil {
				begin(i)
			}
		}
		cur.Blocks = append(cur.Blocks, Block{Kind: kind, FirstLine: p.first, LastLine: p.last, Text: p.text})
		paraOf[len(paraOf)-1] = append(paraOf[len(paraOf)-1], i)
		cur.LastLine = p.last
		st.add(i, p)
	}
	return stories, paraOf
}

// isListItem reports whether s is an item of a bulleted or numbered list,
// which goes on with the story before it.
func isListItem(s string) bool {
	// ^(?:[-*•–—]|\d{1,2}[.)])
	for _, b := range []string{"- ", "* ", "• ", "– ", "— "} {
		if strings.HasPrefix(s, b) {
			return true
		}
	}
	i := 0
	for i < len(s) && i < 3 && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return (i == 1 || i == 2) && i+1 < len(s) && (s[i] == '.' || s[i] == ')') && s[i+1] == ' '
}

// asHeadline returns the weights for judging the paragraph after the
// title-like paragraph i: the line itself is evidence of a new story.
func (d *document) asHeadline(i int) cues {
	w := weights
	w.bias += w.headline
	// Under a subheading the story goes on about the same people: a
	// known subject tells a subheading from a headline.
	w.knownLead += w.subheading
	return w
}
