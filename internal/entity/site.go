package entity

import (
	"bytes"
	"iter"
	"strings"
)

// MaxTags bounds the tags of one story.
const MaxTags = 8

// Tags yields the salient entities of a story, at most MaxTags, most
// salient first: those in the headline or lead, or mentioned at least twice.
// ents must be ordered as Find returns them. They are yielded where they
// are, not copied into a list: a site makes a label of each, and no more.
func Tags(ents []Entity) iter.Seq[*Entity] {
	return func(yield func(*Entity) bool) {
		n := 0
		for i := range ents {
			if n == MaxTags {
				return
			}
			e := &ents[i]
			salient := e.InHeadline || e.InLead || e.Mentions >= 2
			if e.Kind == Other && e.Mentions < 2 {
				salient = false // things and events: only when the story dwells on them
			}
			if salient {
				n++
				if !yield(e) {
					return
				}
			}
		}
	}
}

// Unify rewrites the entities of every story in place so that one real
// thing has one Name and Kind across the site: a bare surname takes the
// full name when exactly one person of the site has that surname
// ("Khamenei" -> "Ali Khamenei"); a short form seen elsewhere as the alias
// of exactly one entity takes that entity's name ("IRGC"); and each name
// takes the kind most of its mentions have. It runs in time linear in the
// number of entities.
func Unify(stories [][]Entity) {
	total := 0
	for _, ents := range stories {
		total += len(ents)
	}
	u := unifier{keys: make(map[string]int32, total/8)}
	buf := new(keyBuf)
	for _, ents := range stories {
		for i := range ents {
			e := &ents[i]
			unifyKeys(e, buf, func(key []byte, alias bool) { u.add(key, e.Name, alias) })
		}
	}
	u.names = make(map[string]int32, total/3)
	var tally [][4]int
	// where each name is in the story being deduplicated, by tally index
	at := make([]storyPos, total)
	// the tally index of each entity, while the story's order stands
	ixs := make([]int32, total)
	ixOf := make([][]int32, len(stories))
	for s, ents := range stories {
		ix := ixs[:len(ents):len(ents)]
		ixs = ixs[len(ents):]
		for i := range ents {
			e := &ents[i]
			n := u.name(e.Name)
			to := ""
			if e.Kind == Person || e.Kind == Other {
				to = u.infos[n].last
			}
			if to == "" {
				to = u.infos[n].alias
			}
			if to != "" && to != e.Name {
				e.Aliases = appendNew(e.Aliases, e.Name)
				e.Name = to
				n = u.name(to)
			}
			in := &u.infos[n]
			if in.v < 0 {
				in.v = int32(len(tally))
				tally = append(tally, [4]int{})
			}
			tally[in.v][kindIndex(e.Kind)] += e.Mentions
			ix[i] = in.v
		}
		var sorted bool
		stories[s], ix, sorted = dedupe(ents, ix, at, int32(s)+1)
		if sorted {
			ixOf[s] = ix
		}
	}
	// An entity takes the kind of most mentions of its name, its own
	// among equals, else the first of them: once for each name, the kinds
	// of most mentions as a mask, the first of them above it.
	most := make([]uint8, len(tally))
	for v := range tally {
		t := &tally[v]
		m := max(t[0], t[1], t[2], t[3])
		var mask, first uint8
		for k := 3; k >= 0; k-- {
			if t[k] == m {
				mask |= 1 << k
				first = uint8(k)
			}
		}
		most[v] = mask | first<<4
	}
	for s, ents := range stories {
		ix := ixOf[s]
		for i := range ents {
			var b uint8
			if ix != nil {
				b = most[ix[i]]
			} else {
				b = most[u.infos[u.names[ents[i].Name]].v]
			}
			k := kindIndex(ents[i].Kind)
			if b&(1<<k) == 0 {
				k = int(b >> 4)
			}
			ents[i].Kind = kinds[k]
		}
	}
}

// unifyKeys gives put each folded key that e's name is known by to
// Unify, and whether as an alias rather than a person's surname (with
// its particle and without: "al-assad" and "assad"). key is valid only
// during the call. The keys are folded into buf, which put's keys would
// otherwise make escape at every call.
func unifyKeys(e *Entity, buf *keyBuf, put func(key []byte, alias bool)) {
	nb, ab := &buf[0], &buf[1]
	if e.Kind == Person && strings.Contains(e.Name, " ") {
		if lf := lastField(e.Name); lf != "" {
			l := foldBytes(nb[:0], lf)
			put(l, false)
			if p, rest, ok := bytes.Cut(l, []byte("-")); ok && particles.hasBytes(p) {
				put(rest, false)
			}
		}
	}
	if len(e.Aliases) == 0 {
		return
	}
	fn := foldBytes(nb[:0], e.Name)
	for _, a := range e.Aliases {
		if fa := foldBytes(ab[:0], a); string(fa) != string(fn) {
			put(fa, true)
		}
	}
}

// keyBuf is unifyKeys' room to fold names in.
type keyBuf [2][64]byte

// unifier keeps, for each folded key, the one person whose surname it is
// and the one entity it is an alias of, or that there are several.
type unifier struct {
	keys map[string]int32
	recs []unifyRec

	// the names of the entities, once keys and recs are made, each
	// looked up there once, not for every entity that has it
	names map[string]int32 // index in infos
	infos []nameInfo
}

// nameInfo is what Unify knows of one name of an entity.
type nameInfo struct {
	last  string // the one person whose surname it is: a name without a space only, else ""
	alias string // the one entity it is an alias of, else ""
	v     int32  // the tally index of the entities that go by it, or -1 for none yet
}

// name returns the index in u.infos of name, made when first asked.
func (u *unifier) name(name string) int32 {
	if n, ok := u.names[name]; ok {
		return n
	}
	in := nameInfo{v: -1}
	var nb [64]byte
	if k, ok := u.keys[string(foldBytes(nb[:0], name))]; ok {
		r := &u.recs[k]
		if !strings.Contains(name, " ") {
			in.last = r.last.only()
		}
		in.alias = r.alias.only()
	}
	n := int32(len(u.infos))
	u.infos = append(u.infos, in)
	u.names[name] = n
	return n
}

type unifyRec struct {
	last, alias onlyName
}

type onlyName struct {
	name string
	set  bool
	many bool
}

func (n *onlyName) put(name string) {
	if !n.set {
		n.name, n.set = name, true
	} else if n.name != name {
		n.many = true
	}
}

// only returns the single name, or "" when there are none or several.
func (n *onlyName) only() string {
	if n.many {
		return ""
	}
	return n.name
}

func (u *unifier) add(key []byte, name string, alias bool) {
	k, ok := u.keys[string(key)]
	if !ok {
		k = int32(len(u.recs))
		u.keys[string(key)] = k
		u.recs = append(u.recs, unifyRec{})
	}
	if alias {
		u.recs[k].alias.put(name)
	} else {
		u.recs[k].last.put(name)
	}
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// storyPos is where a name is in a story: the index in its entities, in
// the story numbered story (from 1).
type storyPos struct {
	story, i int32
}

// dedupe merges entities of one story that now share a name, and orders
// them. ix are the entities' tally indices, one for each name: the names
// are told apart by them, at is where each is in the story (story marks
// those of this one), kept in step while the order stands; sorted says
// that it still does.
func dedupe(ents []Entity, ix []int32, at []storyPos, story int32) (_ []Entity, _ []int32, sorted bool) {
	n := 0
	for i := range ents {
		v := ix[i]
		if p := &at[v]; p.story != story {
			*p = storyPos{story, int32(n)}
			// most stories have no name twice: an entity is moved only
			// after one was merged
			if n != i {
				ents[n] = ents[i]
				ix[n] = v
			}
			n++
			continue
		}
		e, d := &ents[i], &ents[at[v].i]
		d.Mentions += e.Mentions
		d.Salience += e.Salience
		d.InHeadline = d.InHeadline || e.InHeadline
		d.InLead = d.InLead || e.InLead
		for _, a := range e.Aliases {
			if a != d.Name {
				d.Aliases = appendNew(d.Aliases, a)
			}
		}
	}
	out, oix := ents[:n], ix[:n]
	if sortedBySalience(out) {
		return out, oix, true
	}
	sortBySalience(out)
	return out, nil, false
}

// sortedBySalience is slices.IsSortedFunc(ents, bySalience), without two
// entities copied for each comparison.
func sortedBySalience(ents []Entity) bool {
	for i := len(ents) - 1; i > 0; i-- {
		a, b := &ents[i], &ents[i-1]
		if a.Salience > b.Salience || a.Salience == b.Salience && a.First < b.First {
			return false // bySalience(*a, *b) < 0
		}
	}
	return true
}
