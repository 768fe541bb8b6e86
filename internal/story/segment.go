package story

import (
	"hash/fnv"
	"math"
	"regexp"
	"slices"
	"strings"
)

// A document is the paragraphs of one input with what is known about them
// as a whole.
type document struct {
	paras []para
	idf   map[string]float64
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
	// nameDF counts the paragraphs each name key appears in.
	nameDF map[string]int
}

func newDocument(paras []para) *document {
	d := &document{paras: paras, idf: map[string]float64{}, nameDF: map[string]int{}}
	df := map[string]int{}
	nProse, multi := 0, 0
	gaps := map[int]int{}
	for i := range paras {
		p := &paras[i]
		p.shape = shapeOf(p.text)
		p.lead = firstSentence(p.text)
		p.names = names(p.lead)
		p.words = contentWords(p.text)
		p.sentences = countSentences(p.text)
		p.shingles = shingles(p.text)
		keys := map[string]bool{}
		for _, nm := range names(p.text) {
			if !keys[nm.key] {
				keys[nm.key] = true
				d.nameDF[nm.key]++
			}
		}
		seen := map[string]bool{}
		for _, w := range p.words {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
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
	for w, n := range df {
		d.idf[w] = math.Log(float64(len(paras)+1) / float64(n))
	}
	if nProse > 0 {
		d.multi = float64(multi) / float64(nProse)
	}
	for g, n := range gaps {
		if n > gaps[d.usualGap] || n == gaps[d.usualGap] && g < d.usualGap {
			d.usualGap = g
		}
	}
	d.findCopies()
	for i, c := range d.copies {
		if p := &d.paras[i]; c >= 0 && p.shape != prose && d.paras[c].shape == prose {
			// Prose retold with its last words cut looks like a
			// caption; the paragraph it retells says what it is.
			p.shape = prose
		}
	}
	sum, n := 0.0, 0
	for i := 1; i < len(paras); i++ {
		st := newState(i - 1)
		st.bags = append(st.bags, bagOf(paras[i-1].words))
		sum += d.cohesion(i, st)
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
	return min(len(sentences(s)), 4)
}

// shingles hashes the runs of three words of s, lower-cased and stripped of
// punctuation, so that a paragraph told again with a word changed still
// shares most of them.
func shingles(s string) []uint64 {
	var out []uint64
	var w [3]string
	n := 0
	for _, f := range strings.Fields(s) {
		t := strings.ToLower(trimWord(f))
		if t == "" {
			continue
		}
		w[0], w[1], w[2] = w[1], w[2], t
		n++
		if n >= 3 {
			h := fnv.New64a()
			h.Write([]byte(w[0] + " " + w[1] + " " + w[2]))
			out = append(out, h.Sum64())
		}
	}
	return out
}

// findCopies marks the paragraphs that repeat an earlier one: at least half
// of their word triples appear in it. Shingles shared by many paragraphs are
// not followed, which keeps this linear.
func (d *document) findCopies() {
	const maxPosting = 8
	index := map[uint64][]int32{}
	d.copies = make([]int, len(d.paras))
	for i := range d.paras {
		d.copies[i] = -1
		sh := d.paras[i].shingles
		if len(sh) >= 6 {
			hits := map[int32]int{}
			for _, h := range uniq(sh) {
				for _, j := range index[h] {
					hits[j]++
				}
			}
			best, bestN := -1, 0
			for j, n := range hits {
				if n > bestN || n == bestN && int(j) < best {
					best, bestN = int(j), n
				}
			}
			if best >= 0 && bestN*2 >= len(uniq(sh)) {
				d.copies[i] = best
			}
		}
		for _, h := range uniq(sh) {
			if len(index[h]) < maxPosting {
				index[h] = append(index[h], int32(i))
			}
		}
	}
}

func uniq(hs []uint64) []uint64 {
	seen := make(map[uint64]bool, len(hs))
	out := hs[:0:0]
	for _, h := range hs {
		if !seen[h] {
			seen[h] = true
			out = append(out, h)
		}
	}
	return out
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

// newsLeadRE matches the attributions that close a lead sentence ("...,
// a study has found.", "..., officials said.", "it has been revealed"),
// and the present tense that opens one ("Iran's president says the...").
var newsLeadRE = regexp.MustCompile(`^[\p{L}'’ -]{3,40} (?:says|say) |(?:, (?:[\p{L}'’ -]{1,60}) (?:ha(?:s|ve) (?:said|found|revealed|announced|confirmed|warned|reported|claimed)|said|says|say|reported|announced)|(?:it|has|have) (?:has |have )?been (?:revealed|announced|reported|confirmed))[.!]?["”]?$`)

// A state is what is known about the story being read.
type state struct {
	full  map[string]bool // name keys introduced with two words or more
	seen  map[string]bool // all name keys
	bags  []map[string]float64
	paras int
	start int // index of the story's first paragraph
}

func newState(start int) *state {
	return &state{full: map[string]bool{}, seen: map[string]bool{}, start: start}
}

func (st *state) add(p *para) {
	for _, nm := range names(p.text) {
		st.seen[nm.key] = true
		if nm.words >= 2 {
			st.full[nm.key] = true
		}
	}
	st.bags = append(st.bags, bagOf(p.words))
	if len(st.bags) > 3 {
		st.bags = st.bags[1:]
	}
	st.paras++
}

func bagOf(words []string) map[string]float64 {
	b := map[string]float64{}
	for _, w := range words {
		b[w]++
	}
	return b
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
	first := strings.ToLower(trimWord(firstField(p.text)))
	if openers[first] {
		s -= w.opener
	} else if first == "the" && backNouns[strings.ToLower(trimWord(secondField(p.text)))] {
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
	if early := strings.Fields(p.lead); slices.Contains(early[:min(5, len(early))], "also") {
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
	if newsLeadRE.MatchString(p.lead) {
		s += w.newsLead
	}
	return s
}

// cohesion is the cosine similarity, weighted by inverse document
// frequency, between the last paragraphs of the story so far and the
// paragraph i with the one after it (TextTiling's block comparison).
func (d *document) cohesion(i int, st *state) float64 {
	left := map[string]float64{}
	for k, b := range st.bags {
		// Nearer paragraphs count more.
		f := float64(k+1) / float64(len(st.bags))
		for t, n := range b {
			left[t] += n * f
		}
	}
	right := bagOf(d.paras[i].words)
	if i+1 < len(d.paras) && d.paras[i+1].shape == prose {
		for _, t := range d.paras[i+1].words {
			right[t] += 0.5
		}
	}
	var dot, l2, r2 float64
	for t, n := range left {
		x := n * d.idf[t]
		l2 += x * x
		if m, ok := right[t]; ok {
			dot += x * m * d.idf[t]
		}
	}
	for t, m := range right {
		y := m * d.idf[t]
		r2 += y * y
	}
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

func secondField(s string) string {
	f := strings.Fields(firstSentence(s))
	if len(f) > 1 {
		return f[1]
	}
	return ""
}

// segment reads the paragraphs in order and cuts them into stories.
func (d *document) segment(file string) []Story {
	var stories []Story
	var cur *Story
	var st *state
	begin := func(i int) {
		p := &d.paras[i]
		stories = append(stories, Story{File: file, FirstLine: p.first, LastLine: p.last, DuplicateOf: -1})
		cur = &stories[len(stories)-1]
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
		cur.LastLine = p.last
		st.add(p)
	}
	return stories
}

// isListItem reports whether s is an item of a bulleted or numbered list,
// which goes on with the story before it.
func isListItem(s string) bool {
	return listItemRE.MatchString(s)
}

var listItemRE = regexp.MustCompile(`^(?:[-*•–—]|\d{1,2}[.)]) `)

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
