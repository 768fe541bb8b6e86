package entity

import (
	"math/bits"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Evidence weights: how strongly one mention argues for a kind.
const (
	weak   = 1
	medium = 2
	strong = 3
	sure   = 4
)

// A mention is one occurrence of a name in the story.
type mention struct {
	surface string    // as written, title and possessive left out
	canon   *gazCanon // gazetteer's canonical name, if known
	votes   [4]int    // evidence per kind, indexed by kindIndex
	country bool
	words   int  // number of words in surface
	acronym bool // an all-capitals abbreviation
	expands string
	para    int // -1 for the title
	pos     int // running word position in the story, for ordering
	initial bool
}

var kinds = [4]Kind{Person, Organization, Place, Other}

func kindIndex(k Kind) int {
	switch k {
	case Person:
		return 0
	case Organization:
		return 1
	case Place:
		return 2
	}
	return 3
}

// personVerbs after (or "said" before) a bare name suggest a person.
var personVerbs = set(`said says told added stated noted explained argued insisted warned wrote tweeted
declared announced asked replied commented recalled urged confirmed denied acknowledged admitted claimed
scored struck beat defeated won lost finished shot hit netted equalised equalized replaced resigned died
smiled laughed thinks believes hopes wants knows feels`)

// orgNouns right after a name say it is an organisation ("Kayhan newspaper").
var orgNouns = set(`newspaper daily agency party group militia movement company firm bank club channel network
magazine broadcaster airline carrier outlet website paper weekly tabloid insurer lender bourse exchange
organisation organization union federation ministry council brigade brigades faction coalition consortium
conglomerate giant subsidiary unit fund team side`)

// otherNouns right after a name say it is a thing or event ("Rezvan drone").
var otherNouns = set(`campaign agreement deal accord treaty programme program operation drone drones missile missiles
warship ship vessel tanker carrier frigate destroyer submarine yacht ferry aircraft jet plane app award prize
summit conference festival doctrine plan album film movie book novel song opera
initiative protocol act bill law resolution`)

// placeWords before a bare name suggest a place ("in Karaj").
var placePreps = set(`in at from near via outside inside across into towards toward around`)

// acronymStop are capitalised abbreviations that name nothing by themselves.
var acronymStop = set(`CEO CFO COO CTO GDP GNP CPI TV AIDS HIV PM AM OK DNA CD CDs DVD IPO VAT ID IT PC SUV MP MPs GMT EST
BST CET UTC FM AD BC NB PS RIP LOL USD EUR GBP JPY BBL MW KW KM KG CM MM PPM UAV UAVs SMS PDF HTML URL FAQ ATM ATMs
NGO NGOs PR HQ VIP RPG AK ICBM ICBMs WMD COVID SARS MERS CBD FX PE IPOs PLC LLC INC LTD CO CORP II III IV VI VII VIII IX
XI XII XX PTS PCT MLN BLN NEWSROOM RBI ERA HR AB IP OT SO GP GF GA PTS PA NR AGM EPS NAV`)

// finder gathers the mentions of one story.
type finder struct {
	g         *gazetteer
	ms        []mention
	words     wordTable // words seen in lower case, or capitalised inside a sentence
	pos       int
	sporty    bool // a sports story: counties there are mostly teams
	cityTeams bool // a league sport where towns stand for their clubs
	toks      [][]token
	texts     []string
	tokBuf    []token
	names     [][]int32 // the indices of each text's name tokens, for paragraph
	nameBuf   []int32
	caps      []bool // capsLine of each text
	figures   []bool // whether each text is mostly figures
	mst       mergeState
}

// finderPool keeps the scratch state of Find: token buffers and the word
// maps, which keep their capacity from story to story.
var finderPool = sync.Pool{New: func() any {
	return &finder{}
}}

// release clears f, dropping every reference into the story, and pools it.
func (f *finder) release() {
	if len(f.words.used) > 8192 || cap(f.tokBuf) > 1<<16 {
		return // an outsized story: let its buffers go
	}
	f.words.reset()
	// beyond their lengths the buffers are still clear from the last story
	// (tokBuf holds no pointers: it needs no clearing)
	clear(f.texts)
	clear(f.toks)
	clear(f.names)
	clear(f.ms)
	f.mst.reset()
	*f = finder{words: f.words, caps: f.caps[:0], figures: f.figures[:0], texts: f.texts[:0], toks: f.toks[:0], tokBuf: f.tokBuf[:0],
		names: f.names[:0], nameBuf: f.nameBuf[:0], ms: f.ms[:0], mst: f.mst}
	finderPool.Put(f)
}

// Find returns the entities of one story, aliases merged, most salient first.
// title may be empty; paras are the paragraphs in order, the first the lead.
func Find(title string, paras []string) []Entity {
	f := finderPool.Get().(*finder)
	defer f.release()
	f.prepare(title, paras)
	for i := range f.texts {
		para := i
		if title != "" {
			para = i - 1
		}
		f.paragraph(f.texts[i], f.toks[i], f.names[i], para, f.caps[i], f.figures[i])
	}
	return f.merge()
}

// prepare tokenises a story and learns what Find needs to know of it as a
// whole before it reads the paragraphs one by one.
func (f *finder) prepare(title string, paras []string) {
	f.g = loadGazetteer()
	f.texts = f.texts[:0]
	if title != "" {
		f.texts = append(f.texts, title)
	}
	f.texts = append(f.texts, paras...)
	// one token buffer for the whole story, cut into paragraphs;
	// tokenize also counts what each paragraph is like, and which words
	// are names
	all := f.tokBuf[:0]
	f.toks = f.toks[:0]
	f.caps, f.figures = f.caps[:0], f.figures[:0]
	ts := tokStats{names: f.nameBuf[:0]}
	f.names = f.names[:0]
	for _, p := range f.texts {
		start, nstart := len(all), len(ts.names)
		ts.lineCounts = lineCounts{}
		all = tokenize(p, all, &ts)
		toks := all[start:len(all):len(all)]
		names := ts.names[nstart:len(ts.names):len(ts.names)]
		f.toks = append(f.toks, toks)
		f.names = append(f.names, names)
		f.caps = append(f.caps, ts.capsLine())
		f.figures = append(f.figures, ts.figures())
		// Only names that open a sentence are asked about (see
		// wordTable), as written and lower-cased with and without a
		// full stop; the stopwords among them hardly ever.
		for _, k := range names {
			t := &toks[k]
			if !t.sentStart() {
				continue
			}
			if t.class(p)&stopCaps == 0 {
				w := t.text(p)
				f.words.watch(w)
				f.words.watchLower(w)
				if t.dotted() {
					f.words.watchLower(trimDot(w))
				}
			}
		}
	}
	f.tokBuf, f.nameBuf = all, ts.names
	// the filter copied, a power of two in length, so that the test of a
	// token needs no bounds check nor a load of f; mark leaves it as it is
	var filter [32]uint64
	copy(filter[:], f.words.filter[:])
	for i, toks := range f.toks {
		caps, p := f.caps[i], f.texts[i]
		for k := range toks {
			t := &toks[k]
			// mark's filter test first: it fails for nearly every token, a
			// branch the predictor learns, where the kind of token is a
			// coin toss
			if filter[t.key()>>6&31]&(1<<(t.key()&63)) == 0 {
				continue
			}
			// a word, not a number: the others have noKey
			w := t.text(p)
			if !t.cap() {
				f.words.mark(w, seenLower)
			} else if !t.sentStart() && !caps {
				f.words.mark(w, seenMidCap)
			}
		}
	}
	f.sporty = sportsStory(f.texts, f.toks, f.caps, f.figures)
	for i, toks := range f.toks {
		// caps first: few lines are in capitals, and the look-up costs more
		if f.caps[i] && len(toks) > 0 && leagueSports.has(toks[0].text(f.texts[i])) {
			f.cityTeams = true
		}
	}
}

// sportsWords open CoNLL-style sports headlines ("CRICKET - ...").
var sportsWords = set(`CRICKET SOCCER FOOTBALL TENNIS GOLF BASEBALL BASKETBALL RUGBY ATHLETICS BOXING CYCLING
MOTORCYCLING MOTOR-RACING MOTOR RACING SKIING SWIMMING HOCKEY ICE NFL NBA NHL SQUASH BADMINTON VOLLEYBALL
HANDBALL SNOOKER DARTS ROWING SAILING YACHTING EQUESTRIANISM HORSE GYMNASTICS JUDO WRESTLING TRIATHLON`)

// leagueSports name their clubs by town: "Boston 5 New York 3".
var leagueSports = set(`BASEBALL BASKETBALL NFL NBA NHL HOCKEY ICE`)

// sportsStory tells a story of results and tables: a sports headline word,
// or many lines that are mostly figures. texts are the story's texts, and
// paras their tokens.
func sportsStory(texts []string, paras [][]token, caps, figures []bool) bool {
	n := 0
	for i, toks := range paras {
		if caps[i] && len(toks) > 0 && sportsWords.has(toks[0].text(texts[i])) {
			return true
		}
		if figures[i] {
			n++
		}
	}
	return n >= 3 && n*3 >= len(paras)
}

// tokStats is what tokenize learns of a paragraph's tokens besides them.
type tokStats struct {
	names []int32 // indices of the name tokens (nameTok), appended to
	base  int     // index in the buffer of the paragraph's first token
	lineCounts
}

// lineCounts are the counts of one paragraph's tokens that say what sort
// of line it is.
type lineCounts struct {
	words int // words that are not numbers
	nums  int
	caps  int // words in capitals, or capital initials
}

// count counts token t, written text.
func (c *lineCounts) count(t *token, text string) {
	if t.num() {
		c.nums++
	} else if t.word() {
		c.words++
		if t.allCaps() || t.cap() && (len(text) == 1 || text[0] >= utf8.RuneSelf && oneRune(text)) {
			c.caps++
		}
	}
}

// capsLine tells a line set in capitals (a CoNLL headline or dateline),
// where capitalisation says nothing and only the gazetteer is trusted.
func (c *lineCounts) capsLine() bool { return c.words >= 2 && c.caps*10 >= c.words*8 }

// figures tells a line that is mostly figures: a row of a table or a result.
func (c *lineCounts) figures() bool { return c.nums >= 2 && c.nums*2 >= c.words }

// paragraph finds the names of one paragraph; names are the indices of
// its name tokens, and caps and sporty its capsLine and figures.
func (f *finder) paragraph(p string, toks []token, names []int32, para int, caps, sporty bool) {
	base := f.pos
	f.pos += len(toks)
	if caps {
		f.capsParagraph(p, toks, para, base)
		return
	}
	// Only the name tokens start a name: the loop goes from one to the
	// next not yet taken into a name, past the rest of the paragraph.
	next := 0
	for x, at := range names {
		i := int(at)
		if i < next {
			continue
		}
		// a gazetteer name with lower-case words inside:
		// "Organisation for Security and Cooperation in Europe"; it ends
		// in a name token past the next token, which most name tokens
		// have none of within the gazetteer's longest name
		n := 0
		if nameWithin(names[x+1:], i+2, i+f.g.maxWords) {
			n = f.longGaz(p, toks, i)
		}
		if n > 0 {
			e, _ := f.g.lookup(p[toks[i].start:toks[i+n-1].end])
			f.add(p, toks, i, i+n, para, base, e, sporty)
			next = i + n
			continue
		}
		j := i + 1
		for j < len(toks) && !toks[j-1].poss() {
			if toks[j].name() {
				j++
				continue
			}
			k := j
			for k < len(toks) && k-j < 2 && toks[k].word() && toks[k].mayConnect() && toks[k].rawClass(p)&connectors != 0 && !toks[k].poss() {
				k++
			}
			if k > j && k < len(toks) && toks[k].name() {
				j = k + 1
				continue
			}
			break
		}
		f.span(p, toks, i, j, para, base, sporty, false)
		next = j
	}
}

// determiners are stripped even from the front of a headed name.
var determiners = set(`The A An This That These Those Its His Her Their Our Your My Monday Tuesday Wednesday Thursday
Friday Saturday Sunday Last Next Every Each Both`)

// nameTok tells a word, written text, that can be part of a name; hyph
// and apos are the offsets scanWord found.
func nameTok(t *token, text string, hyph, apos int32) bool {
	if !t.word() || t.num() || !t.cap() {
		return false
	}
	if oneRune(text) {
		return false // "X", "A": too ambiguous alone
	}
	if k := apos; k > 0 && stopCaps.has(text[:k]) {
		return false // "I've", "That's"
	}
	if hyph > 0 {
		// "Iran-backed", "Russian-made" are adjectives; "Swedish-Iranian" too.
		g := loadGazetteer()
		dem := true
		for n, rest := 0, text; ; n++ {
			part, after, more := strings.Cut(rest, "-")
			if part != "" {
				r, _ := utf8.DecodeRuneInString(part)
				if n > 0 && unicode.IsLower(r) && !particles.has(part) {
					return false
				}
				// asked only until a part is no demonym
				if dem && g.people.lookup(part)&gazDemonym == 0 {
					dem = false
				}
			}
			if !more {
				break
			}
			rest = after
		}
		if dem {
			return false
		}
		// "Union-Iran", "US-China": a compound of two names, not one
		if _, whole := g.lookup(text); !whole {
			for rest, more := text, true; more; {
				var part string
				part, rest, more = strings.Cut(rest, "-")
				if e, ok := g.lookup(part); ok && e.kind == Place {
					return false
				}
			}
		}
	}
	return true
}

// capsParagraph finds gazetteer names in an all-capitals line, and the
// place of a dateline ("LONDON 1996-08-30").
func (f *finder) capsParagraph(p string, toks []token, para, base int) {
	// dateline: capitals words then a date and nothing else
	if n := len(toks); n >= 2 && toks[n-1].num() && strings.Count(toks[n-1].text(p), "-") == 2 {
		ok := true
		for _, t := range toks[:n-1] {
			if !t.word() || t.num() || !t.allCaps() && !t.cap() {
				ok = false
			}
		}
		if ok {
			m := f.spanMention(p, toks, 0, n-1, para, base)
			if e, found := f.g.lookup(m.surface); found {
				m.canon, m.country = e.canon, e.country
			}
			m.votes[kindIndex(Place)] += strong
			f.ms = append(f.ms, m)
			return
		}
	}
	for i := 0; i < len(toks); {
		if !toks[i].word() || toks[i].num() {
			i++
			continue
		}
		matched := 0
		for j := min(len(toks), i+f.g.maxWords); j > i; j-- {
			if !toks[j-1].word() || toks[j-1].num() {
				continue
			}
			s := p[toks[i].start:toks[j-1].end]
			e, ok := f.g.lookupFolded(s)
			if !ok || stopCaps.has(titleCase(s)) {
				continue
			}
			m := f.spanMention(p, toks, i, j, para, base+i)
			m.canon, m.country = e.canon, e.country
			m.votes[kindIndex(e.kind)] += medium
			f.ms = append(f.ms, m)
			matched = j - i
			break
		}
		if matched == 0 {
			matched = 1
		}
		i += matched
	}
}

// nameWithin tells whether names, indices of name tokens in order, has
// one from lo up to hi.
func nameWithin(names []int32, lo, hi int) bool {
	for _, k := range names {
		if int(k) >= lo {
			return int(k) < hi
		}
	}
	return false
}

// longGaz returns the length of the longest gazetteer name at i that has
// a lower-case word inside, or 0.
func (f *finder) longGaz(p string, toks []token, i int) int {
	// every span below has toks[i+1] inside, which must be a word
	if i+3 > len(toks) || f.g.maxWords < 3 || !toks[i+1].word() {
		return 0
	}
	// A span toks[i:j] is asked about when it ends in a name and the
	// tokens inside, toks[i+1:j-1], are all words, one at least not
	// capitalised. One pass finds the last tokens of such spans, a bit
	// for each in ends, rather than one pass for each span (see
	// longGazRef in the tests); the gazetteer has no name of 64 words.
	var ends uint64
	lower := false
	for k, end := i+1, min(len(toks), i+f.g.maxWords); k < end; k++ {
		b := toks[k].bits
		if lower && b&tName != 0 {
			ends |= 1 << (k - i)
		}
		if b&tWord == 0 {
			break
		}
		if b&tCap == 0 {
			lower = true
		}
	}
	chunked := false
	for ends != 0 {
		// the longest first
		n := bits.Len64(ends)
		ends &^= 1 << (n - 1)
		j := i + n
		// Every span looked at here runs past toks[i+2]: when the first
		// space comes before that, all of them start with the same first
		// word. It is asked about once, and only for a span that may be a
		// name: most name tokens have none.
		if !chunked {
			chunked = true
			if sp := strings.IndexByte(p[toks[i].start:toks[i+2].end], ' '); sp >= 0 {
				if !f.g.isChunk(p[toks[i].start : toks[i].start+sp]) {
					return 0
				}
			}
		}
		if _, ok := f.g.lookupFolded(p[toks[i].start:toks[j-1].end]); ok {
			return j - i
		}
	}
	return 0
}

func titleCase(s string) string {
	r, w := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + strings.ToLower(s[w:])
}

func (f *finder) newMention(surface string, para, pos int) mention {
	return mention{surface: surface, para: para, pos: pos, words: countFields(surface)}
}

// spanMention is newMention for the text of the tokens toks[i:j] of p.
func (f *finder) spanMention(p string, toks []token, i, j, para, pos int) mention {
	return mention{surface: p[toks[i].start:toks[j-1].end], para: para, pos: pos, words: spanWords(p, toks[i:j])}
}

// spanWords is countFields of the text of toks, a run of tokens of p, from
// the gaps between them: a token holds no space, and a gap holds a
// possessive ending, then spaces, so it parts two words when it ends in a
// space.
func spanWords(p string, toks []token) int {
	n := 1
	for k := 1; k < len(toks); k++ {
		e, s := toks[k-1].end, toks[k].start
		if e == s {
			continue
		}
		if c := p[s-1]; c < utf8.RuneSelf {
			if asciiSpace[c] {
				n++
			}
		} else if r, _ := utf8.DecodeLastRuneInString(p[e:s]); unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

func trimDot(s string) string { return strings.TrimSuffix(s, ".") }

// span classifies the name tokens toks[i:j], splitting off titles, openers
// and unjustified joins. roleTail marks a span that follows "Minister for".
func (f *finder) span(p string, toks []token, i, j, para, base int, sporty, roleTail bool) {
	if i >= j {
		return
	}
	// A lone stopword ("The", "But", "Tuesday"), most often a sentence's
	// first word, is no name: step 1 does not take it, step 3 (as a title,
	// "Dr") leaves nothing after it, and step 4 drops it. It is let go
	// before the gazetteer is asked.
	if j-i == 1 && toks[i].rawClass(p)&stopCaps != 0 {
		return
	}
	surface := p[toks[i].start:toks[j-1].end]
	// 1. the whole span as the gazetteer knows it
	asked := strings.TrimPrefix(surface, "The ")
	e1, ok1 := f.g.lookup(asked)
	if e, ok := e1, ok1; ok && (j-i > 1 || toks[i].rawClass(p)&stopCaps == 0) {
		if toks[i].text(p) == "The" && e.canon.name != "The Hague" && !strings.HasPrefix(e.canon.name, "The ") {
			i++
		}
		if j-i == 1 && toks[i].sentStart() && f.lowerSeen(surface) && f.wordBits(surface)&seenMidCap == 0 {
			return // "Reading the report" starts a sentence; it is not the town
		}
		f.add(p, toks, i, j, para, base, e, sporty)
		return
	}
	// 2. connectors must be justified by a head word, else the span splits:
	// "Bank of England" stays, "Iran and Russia" splits.
	for k := i + 1; k < j-1; k++ {
		if toks[k].rawClass(p)&(connectors|particles) != connectors {
			continue
		}
		c := toks[k].text(p)
		last := toks[j-1].class(p)
		prev := toks[k-1].class(p)
		var headed bool
		switch c {
		case "of", "the":
			// "Bank of England", "Council of the European Union"
			headed = prev&(orgHeads|placeHeads|otherHeads) != 0
		case "and", "&":
			// "Test and County Cricket Board", not "Iran and Russia"
			_, known := f.g.lookup(p[toks[i].start:toks[k-1].end])
			headed = last&orgHeads != 0 && !known && prev&orgHeads == 0
		default:
			headed = last&(orgHeads|placeHeads|otherHeads) != 0
		}
		if !headed {
			f.span(p, toks, i, k, para, base, sporty, roleTail)
			m := k
			for m < j && toks[m].rawClass(p)&connectors != 0 {
				m++
			}
			tail := prev&(roleHeads|roleMods) != 0
			f.span(p, toks, m, j, para, base, sporty, tail)
			return
		}
		break
	}
	// 3. titles: "French Foreign Minister Jean-Noel Barrot" is a person
	// after the last role word; words before the title are looked at alone.
	r := -1
	for k := j - 1; k >= i; k-- {
		if toks[k].class(p)&roleHeads != 0 {
			r = k
			break
		}
	}
	if r >= 0 && toks[j-1].class(p)&(orgHeads|placeHeads) == 0 {
		s := r
		for s > i && (toks[s-1].class(p)&(roleMods|roleHeads) != 0 || f.isDemonym(toks[s-1].text(p))) {
			s--
		}
		f.span(p, toks, i, s, para, base, sporty, false)
		if r+1 < j && toks[r+1].rawClass(p)&connectors == 0 {
			f.person(p, toks, r+1, j, para, base)
		}
		return
	}
	if roleTail {
		return // "Minister for Political Affairs": part of a title
	}
	// 4. openers, pronouns, weekdays and demonyms in front are not names;
	// a name ending in a head word keeps them ("National Tennis Centre").
	headedName := j-i >= 2 && toks[j-1].class(p)&(orgHeads|placeHeads|otherHeads) != 0
	for i < j {
		t := &toks[i]
		w := trimDot(t.text(p))
		if headedName && t.class(p)&determiners == 0 && !(t.sentStart() && f.lowerSeen(w)) {
			break
		}
		if j-i > 1 && f.isGiven(w) && !toks[i].poss() {
			break
		}
		if t.class(p)&stopCaps != 0 || f.isDemonym(w) || (t.sentStart() && f.lowerSeen(w)) {
			i++
			for i < j && toks[i].rawClass(p)&connectors != 0 {
				i++
			}
			continue
		}
		break
	}
	for j > i && (toks[j-1].class(p)&stopCaps != 0 && !headedName || toks[j-1].rawClass(p)&connectors != 0) && !toks[j-1].dotted() {
		j--
	}
	if i >= j {
		return
	}
	surface = p[toks[i].start:toks[j-1].end]
	e, ok := e1, ok1 // most spans are as step 1 asked about them
	if surface != asked {
		e, ok = f.g.lookup(surface)
	}
	if ok {
		f.add(p, toks, i, j, para, base, e, sporty)
		return
	}
	f.add(p, toks, i, j, para, base, gazEntry{}, sporty)
}

// isGiven tells a common given name, "Mohammad-Hossein" included.
func (f *finder) isGiven(w string) bool {
	if f.g.people.lookup(w)&gazGiven != 0 {
		return true
	}
	a, _, ok := strings.Cut(w, "-")
	return ok && f.g.people.lookup(a)&gazGiven != 0
}

func (f *finder) isDemonym(w string) bool {
	if f.g.people.lookup(w)&gazDemonym != 0 {
		return true
	}
	// plurals: "Iranians", "Libyans"
	if strings.HasSuffix(w, "s") {
		return f.g.people.lookup(w[:len(w)-1])&gazDemonym != 0
	}
	return false
}

// person records the name after a title: a person, surely.
func (f *finder) person(p string, toks []token, i, j, para, base int) {
	for j > i && (toks[j-1].class(p)&stopCaps != 0 || toks[j-1].rawClass(p)&connectors != 0) {
		j--
	}
	if i >= j {
		return
	}
	m := f.spanMention(p, toks, i, j, para, base+i)
	if e, ok := f.g.lookup(m.surface); ok && e.kind == Person {
		m.canon = e.canon
	}
	m.votes[kindIndex(Person)] += sure
	f.ms = append(f.ms, m)
}

// add classifies one cleaned-up span and records it.
func (f *finder) add(p string, toks []token, i, j, para, base int, e gazEntry, sporty bool) {
	// spanMention, written out: it is too big to inline
	m := mention{surface: p[toks[i].start:toks[j-1].end], para: para, pos: base + i, words: spanWords(p, toks[i:j])}
	// pointers, not copies: tokens are read here, not changed
	var none token
	first, last, next, prev := &toks[i], &toks[j-1], &none, &none
	if j < len(toks) {
		next = &toks[j]
	}
	if i > 0 {
		prev = &toks[i-1]
	}
	single := j-i == 1
	if e.canon.known() {
		m.canon, m.country = e.canon, e.country
		k := e.kind
		// the tests below of a place only: most names are not
		if k == Place && !e.country && (f.teamCue(toks, i, j, sporty) || f.sporty && sporty && next.num() ||
			(e.region && f.sporty || f.cityTeams) && !(prev.text(p) == "in" || prev.text(p) == "In" || next.text(p) == ":")) {
			k = Organization // "Leicestershire 296": the county's cricket club
			m.votes[kindIndex(k)] += sure
		} else {
			m.votes[kindIndex(k)] += strong
		}
		f.ms = append(f.ms, m)
		return
	}
	// a name then a score, in a line of figures: a sports team
	team := f.teamCue(toks, i, j, sporty)
	initial := first.dotted() && utf8.RuneCountInString(first.text(p)) == 2
	if single && initial {
		return // "X." ending a sentence
	}
	var nb [64]byte
	lastC := toks[j-1].class(p)
	nextC := classOfBytes(lowerBytes(nb[:0], next.text(p)))
	switch {
	case single && first.allCaps() && !first.dotted():
		if toks[i].rawClass(p)&acronymStop != 0 || first.end-first.start > 6 {
			return
		}
		m.acronym = true
		m.votes[kindIndex(Organization)] += weak
	case single && lastC&(stopCaps|orgHeads|placeHeads|otherHeads|roleMods) != 0:
		return // "Council", "Prison" alone are common nouns
	case single && first.sentStart() && f.wordBits(first.text(p))&seenMidCap == 0 && nextC&(personVerbs|orgNouns) == 0:
		return // a capitalised opener seen nowhere else: too likely a common word
	case !single && lastC&orgHeads != 0:
		m.votes[kindIndex(Organization)] += strong
	case !single && lastC&placeHeads != 0:
		m.votes[kindIndex(Place)] += strong
	case !single && lastC&otherHeads != 0:
		m.votes[kindIndex(Other)] += strong
	case initial || (!single && f.isGiven(trimDot(first.text(p)))):
		m.initial = initial
		m.votes[kindIndex(Person)] += medium
	case !single && f.hasPlaceWord(p, toks[i:j]):
		m.votes[kindIndex(Organization)] += weak // "Bangladesh Lamps": a company
	case !single && j-i <= 3 && !first.allCaps() && !last.allCaps():
		m.votes[kindIndex(Person)] += weak // two or three unknown words: most often a name
	}
	// the lists the previous word is in lower-cased: looked up once for
	// all the tests below
	var prevC wordSet
	if prev.word() {
		var pb [64]byte
		prevC = classOfBytes(lowerBytes(pb[:0], prev.text(p)))
	}
	if prevC&otherNouns != 0 {
		m.votes = [4]int{}
		m.votes[kindIndex(Other)] += strong // "the aircraft carrier Carl Vinson"
	}
	headed := m.votes != [4]int{} && m.votes[kindIndex(Person)] == 0
	switch {
	case headed:
	case nextC&orgNouns != 0:
		m.votes[kindIndex(Organization)] += strong
	case nextC&otherNouns != 0:
		m.votes[kindIndex(Other)] += medium
	case team && m.votes[kindIndex(Person)] < medium:
		m.votes[kindIndex(Organization)] += strong
	case f.sporty && single && m.votes == [4]int{} && !first.sentStart():
		m.votes[kindIndex(Person)] += weak // a bare surname in a match report
	case nextC&personVerbs != 0 || prevC&personVerbs != 0:
		m.votes[kindIndex(Person)] += weak
	case prev.word() && prevPlacePrep(prev.text(p), prevC) && m.votes == [4]int{}:
		m.votes[kindIndex(Place)] += weak
	case next.text(p) == ":" && i == 0 && m.votes == [4]int{}:
		m.votes[kindIndex(Place)] += weak // "Hove: Sussex 363": a venue
	}
	// "Islamic Revolutionary Guard Corps (IRGC)": the acronym is an alias
	if j+2 < len(toks) && next.text(p) == "(" && toks[j+2].text(p) == ")" && toks[j+1].allCaps() && !single {
		if acr := toks[j+1].text(p); initialsMatch(m.surface, acr) {
			a := f.newMention(acr, para, base+j+1)
			a.acronym = true
			a.expands = m.surface
			f.ms = append(f.ms, a)
		}
	}
	f.ms = append(f.ms, m)
}

// prevPlacePrep is placePreps.has(w), where lc is the lists w lower-cased
// is in: the same lists when w has no capitals.
func prevPlacePrep(w string, lc wordSet) bool {
	if lc&placePreps == 0 {
		return false // the list's words are in lower case: w is one only if w lower-cased is
	}
	return placePreps.has(w)
}

// teamCue tells a club in a table row ("Port Vale 4 1 2 1") or a result
// ("Barcelona 2 Real Madrid 1").
func (f *finder) teamCue(toks []token, i, j int, sporty bool) bool {
	if !sporty || j >= len(toks) || !toks[j].num() {
		return false
	}
	if i == 0 && j+1 < len(toks) && toks[j+1].num() {
		return true // a table row
	}
	if i >= 2 && toks[i-1].num() && toks[i-2].word() && !toks[i-2].num() && toks[i-2].cap() {
		return true // the second side of a result
	}
	if j+2 < len(toks) && toks[j+1].name() {
		for k := j + 1; k < len(toks) && k < j+5; k++ {
			if toks[k].num() {
				return true // the first side of a result
			}
			if !toks[k].name() {
				break
			}
		}
	}
	return false
}

func (f *finder) hasPlaceWord(p string, toks []token) bool {
	for k := range toks {
		w := toks[k].text(p)
		if e, ok := f.g.lookup(w); ok && e.kind == Place {
			return true
		}
		if f.isDemonym(w) {
			return true
		}
	}
	return false
}

// initialsMatch tells whether acr is made of the initials of name's words,
// letting small words in or out ("Test and County Cricket Board" / "TCCB").
func initialsMatch(name, acr string) bool {
	var ab [64]byte
	a := acronymKey(ab[:0], acr)
	if len(a) < 2 {
		return false
	}
	all, content := initials(name)
	return all == string(a) || content == string(a)
}

// oneRune is utf8.RuneCountInString(s) == 1.
func oneRune(s string) bool {
	if len(s) == 1 {
		return true
	}
	if len(s) == 0 || s[0] < utf8.RuneSelf {
		return false
	}
	_, w := utf8.DecodeRuneInString(s)
	return w == len(s)
}
