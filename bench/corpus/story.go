package corpus

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// A template is a sentence with slots in braces:
//
//	{P} a person: full name and role at first mention, surname after
//	{O} an organisation of the story   {L} a place
//	{N} a noun, {Ns} its plural (topic words half the time)
//	{CN}/{CNs} a common noun           {A} an adjective
//	{V} a verb, {Vd} its past          {#} a number
//	{D} a weekday                      {M} a month
//
// Fixed words between slots are kept to one or two, so that stories share
// few word triples and only planted retellings look like duplicates.
var (
	leadTemplates = parse(
		"The {O} {Vd} {A} {Ns} in {L} on {D}, {P} said.",
		"{P} on {D} {Vd} the {A} {N} in {L}, the first {CN} of its kind since {M}.",
		"{L} will {V} its {A} {N} after the {O} {Vd} a {CN} on {D}, officials said.",
		"{Ns} across {L} were {Vd} on {D} as the {O} moved to {V} the {A} {N}.",
		"The {O} said on {D} it would {V} {#} {Ns} in {L}, {P} told reporters.",
	)
	bodyTemplates = parse(
		"{P} said on {D} that the {A} {N} would {V} {Ns} across {L}.",
		"The {O} {Vd} the {N} after {#} {CNs} {Vd} in {L}.",
		"\"We will not {V} the {N},\" {P} said.",
		"According to the {O}, {#} {Ns} were {Vd} in {M}.",
		"{P} told reporters the {CN} had {Vd} {A} {Ns} since {M}.",
		"Critics in {L} say the {N} will {V} the {A} {CN}.",
		"The {CN} on {A} {Ns} is expected to {V} by {M}.",
		"Officials at the {O} declined to {V} the {N}.",
		"{L} has {Vd} its {A} {N} twice since {M}, the {O} said.",
		"Some {#} {CNs} from {L} joined the {CN} against the {N}.",
		"The {N} of {Ns} remains {A} in {L}, {P} added.",
		"Analysts expect the {O} to {V} its {N} before {M}.",
		"{P} also {Vd} the {A} {N}, calling it {A}.",
		"Under the {CN}, the {O} would {V} {Ns} and {V} {A} {Ns}.",
		"The {N} in {L} cost {#} million, up from {#} million a year earlier.",
		"A {CN} by the {O} found that {#} percent of {Ns} were {A}.",
		"Residents of {L} have {Vd} the {N} for {#} weeks.",
		"{P}, who {Vd} the {CN} in {M}, said the {N} was {A}.",
		"The {O} and the {O} have yet to {V} the {A} {N}.",
		"He said the {A} {CN} would {V} {Ns} in {L} and {L}.",
		"Her {CN} has {Vd} {#} {A} {Ns} this year.",
		"Neither the {O} nor {P} would {V} the {N}.",
		"The {A} {Ns} were first {Vd} in {L} in {M}.",
		"{P} warned that {Ns} could {V} the {CN} within {#} days.",
	)
	headlineTemplates = parse(
		"{O} to {V} {A} {N} in {L}",
		"{L} {Vd} {Ns} after {A} {CN}",
		"{S} says {N} will {V} {CNs}",
		"{A} {N} {Vd} as {O} weighs {CN}",
		"{O} {Vd} {#} {Ns} in {L}",
		"{S} and {S} {V} {A} {CN} over {N}",
	)
	subheadTemplates = parse("{A} {Ns} in {L}", "What the {N} means", "The {A} {CN}", "{S} and the {N}")
)

// A template part is fixed text or, when slot is set, a slot name.
type part struct {
	text string
	slot bool
}

func parse(ts ...string) [][]part {
	out := make([][]part, len(ts))
	for i, t := range ts {
		for t != "" {
			open := strings.IndexByte(t, '{')
			if open < 0 {
				out[i] = append(out[i], part{text: t})
				break
			}
			if open > 0 {
				out[i] = append(out[i], part{text: t[:open]})
			}
			end := strings.IndexByte(t, '}')
			out[i] = append(out[i], part{text: t[open+1 : end], slot: true})
			t = t[end+1:]
		}
	}
	return out
}

type person struct{ given, surname, role string }

// A cast is who and what a story is about. Stories of one thread share most
// of it, which is what makes them related without being duplicates.
type cast struct {
	people []person
	orgs   []string
	places []string
	topics []int // indexes into the nouns
}

// storyText is one generated story.
type storyText struct {
	title   string
	paras   []string
	sub     int // the paragraph a subheading stands above; 0 for none
	subhead string
}

// writer fills templates for one story.
type writer struct {
	r     *rand.Rand
	v     *vocab
	c     *cast
	named []bool // people already introduced
	org   int    // the last organisation named, so "{O} and the {O}" are two
	last  int    // the length of the last sentence written
	b     []byte
}

func (g *Generator) castOf(thread uint64) *cast {
	r := rand.New(rand.NewPCG(g.seed, 1<<40|thread))
	v := g.v
	c := &cast{}
	for range 2 + r.IntN(2) {
		c.people = append(c.people, person{v.given[r.IntN(len(v.given))], v.surnames[r.IntN(len(v.surnames))], roles[r.IntN(len(roles))]})
	}
	for range 1 + r.IntN(2) {
		c.orgs = append(c.orgs, g.orgName(r))
	}
	for range 1 + r.IntN(2) {
		c.places = append(c.places, v.places[g.placeZipf.draw(r)])
	}
	for range 3 {
		c.topics = append(c.topics, g.nounZipf.draw(r))
	}
	return c
}

// orgName invents an organisation: a head noun such as Council or Bank and
// a place, surname or made-up word to tell it apart.
func (g *Generator) orgName(r *rand.Rand) string {
	v := g.v
	head := orgHeads[r.IntN(len(orgHeads))]
	capital := func(w string) string { return strings.ToUpper(w[:1]) + w[1:] }
	switch r.IntN(4) {
	case 0:
		if head == "Ministry" {
			return "Ministry of " + capital(v.nouns[r.IntN(len(v.nouns))])
		}
		return v.places[r.IntN(len(v.places))] + " " + head
	case 1:
		return v.surnames[r.IntN(len(v.surnames))] + " " + head
	case 2:
		return "National " + capital(v.adjs[r.IntN(len(v.adjs))]) + " " + head
	default:
		return capital(v.nouns[r.IntN(len(v.nouns))]) + " " + head
	}
}

// story writes story id: the thread's cast plus one person, one place and
// two topic words of its own.
func (g *Generator) story(id int) storyText {
	r := rand.New(rand.NewPCG(g.seed, uint64(id)))
	base := g.castOf(uint64(r.IntN(g.threads)))
	c := &cast{
		people: append(append([]person(nil), base.people...), person{g.v.given[r.IntN(len(g.v.given))], g.v.surnames[r.IntN(len(g.v.surnames))], roles[r.IntN(len(roles))]}),
		orgs:   base.orgs,
		places: append(append([]string(nil), base.places...), g.v.places[r.IntN(len(g.v.places))]),
		topics: append(append([]int(nil), base.topics...), r.IntN(len(g.v.nouns)), r.IntN(len(g.v.nouns))),
	}
	w := &writer{r: r, v: g.v, c: c, named: make([]bool, len(c.people))}
	// The headline is written before anyone is introduced, with surnames.
	s := storyText{title: w.line(headlineTemplates)}
	np := 6 + r.IntN(9)
	for i := range np {
		w.b = w.b[:0]
		target := 30 + r.IntN(31)
		if i == 0 {
			w.sentence(leadTemplates[r.IntN(len(leadTemplates))])
		}
		for words := countWords(w.b); words < target-6; words += countWords(w.b[len(w.b)-w.last:]) {
			if len(w.b) > 0 {
				w.b = append(w.b, ' ')
			}
			w.sentence(bodyTemplates[r.IntN(len(bodyTemplates))])
		}
		s.paras = append(s.paras, string(w.b))
	}
	if r.IntN(10) < 3 {
		s.sub = 3 + r.IntN(np-4)
		s.subhead = w.line(subheadTemplates)
	}
	return s
}

// line fills one of ts as a title: capitalised, no final stop.
func (w *writer) line(ts [][]part) string {
	w.b = w.b[:0]
	w.sentence(ts[w.r.IntN(len(ts))])
	if w.b[0] >= 'a' && w.b[0] <= 'z' {
		w.b[0] -= 'a' - 'A'
	}
	return string(w.b)
}

func (w *writer) sentence(t []part) {
	start := len(w.b)
	w.org = -1
	for _, p := range t {
		if !p.slot {
			text := p.text
			// A person's first mention ends in the comma of its apposition.
			if text[0] == ',' && w.b[len(w.b)-1] == ',' {
				text = text[1:]
			}
			w.b = append(w.b, text...)
			continue
		}
		w.slot(p.text)
	}
	w.last = len(w.b) - start
	if c := w.b[start]; c >= 'a' && c <= 'z' {
		w.b[start] -= 'a' - 'A'
	}
}

func (w *writer) slot(name string) {
	r, v, c := w.r, w.v, w.c
	switch name {
	case "P":
		i := r.IntN(len(c.people))
		p := c.people[i]
		if w.named[i] {
			w.b = append(w.b, p.surname...)
			return
		}
		w.named[i] = true
		w.b = append(w.b, p.given...)
		w.b = append(w.b, ' ')
		w.b = append(w.b, p.surname...)
		w.b = append(w.b, ", the "...)
		w.b = append(w.b, p.role...)
		w.b = append(w.b, " of the "...)
		w.b = append(w.b, c.orgs[r.IntN(len(c.orgs))]...)
		w.b = append(w.b, ',')
	case "S":
		w.b = append(w.b, c.people[r.IntN(len(c.people))].surname...)
	case "O":
		i := r.IntN(len(c.orgs))
		if i == w.org {
			i = (i + 1) % len(c.orgs)
		}
		w.org = i
		w.b = append(w.b, c.orgs[i]...)
	case "L":
		w.b = append(w.b, c.places[r.IntN(len(c.places))]...)
	case "N":
		w.b = append(w.b, w.noun(false)...)
	case "Ns":
		w.b = append(w.b, w.noun(true)...)
	case "CN":
		w.b = append(w.b, v.commonNouns[r.IntN(len(v.commonNouns))]...)
	case "CNs":
		w.b = append(w.b, v.commonPl[r.IntN(len(v.commonPl))]...)
	case "A":
		w.b = append(w.b, v.adjs[r.IntN(len(v.adjs))]...)
	case "V":
		w.b = append(w.b, w.verb(false)...)
	case "Vd":
		w.b = append(w.b, w.verb(true)...)
	case "#":
		w.b = strconv.AppendInt(w.b, int64(2+r.IntN(r.IntN(900)+1)), 10)
	case "D":
		w.b = append(w.b, days[r.IntN(len(days))]...)
	case "M":
		w.b = append(w.b, months[r.IntN(len(months))]...)
	default:
		panic("corpus: unknown slot {" + name + "}")
	}
}

// noun is a topic word of the story half the time, so that a story keeps to
// its subject, else any noun.
func (w *writer) noun(pl bool) string {
	ns, cs := w.v.nouns, w.v.commonNouns
	if pl {
		ns, cs = w.v.nounPl, w.v.commonPl
	}
	switch w.r.IntN(4) {
	case 0, 1:
		t := w.c.topics[w.r.IntN(len(w.c.topics))]
		if pl {
			return w.v.nounPl[t]
		}
		return ns[t]
	case 2:
		return ns[w.r.IntN(len(ns))]
	default:
		return cs[w.r.IntN(len(cs))]
	}
}

func (w *writer) verb(pastTense bool) string {
	vs, cs := w.v.verbs, w.v.commonVerb
	if pastTense {
		vs, cs = w.v.verbPast, w.v.commonPast
	}
	if w.r.IntN(3) == 0 {
		return cs[w.r.IntN(len(cs))]
	}
	return vs[w.r.IntN(len(vs))]
}

func countWords(b []byte) int {
	n := 0
	in := false
	for _, c := range b {
		if c == ' ' {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}
