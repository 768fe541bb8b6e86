package entity

import (
	"bytes"
	"iter"
	"slices"
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
	var nb, ab [64]byte
	for _, ents := range stories {
		for i := range ents {
			e := &ents[i]
			if e.Kind == Person && strings.Contains(e.Name, " ") {
				if lf := lastField(e.Name); lf != "" {
					l := foldBytes(nb[:0], lf)
					u.add(l, e.Name, false)
					if p, rest, ok := bytes.Cut(l, []byte("-")); ok && particles.hasBytes(p) {
						u.add(rest, e.Name, false)
					}
				}
			}
			if len(e.Aliases) == 0 {
				continue
			}
			fn := foldBytes(nb[:0], e.Name)
			for _, a := range e.Aliases {
				if fa := foldBytes(ab[:0], a); string(fa) != string(fn) {
					u.add(fa, e.Name, true)
				}
			}
		}
	}
	votes := make(map[string]int32, total/3)
	var tally [][4]int
	var at map[string]int
	// the tally index of each entity, while the story's order stands
	ixs := make([]int32, total)
	ixOf := make([][]int32, len(stories))
	for s, ents := range stories {
		ix := ixs[:len(ents):len(ents)]
		ixs = ixs[len(ents):]
		for i := range ents {
			e := &ents[i]
			to := ""
			if k, ok := u.keys[string(foldBytes(nb[:0], e.Name))]; ok {
				r := &u.recs[k]
				if (e.Kind == Person || e.Kind == Other) && !strings.Contains(e.Name, " ") {
					to = r.last.only()
				}
				if to == "" {
					to = r.alias.only()
				}
			}
			if to != "" && to != e.Name {
				e.Aliases = appendNew(e.Aliases, e.Name)
				e.Name = to
			}
			v, ok := votes[e.Name]
			if !ok {
				v = int32(len(tally))
				tally = append(tally, [4]int{})
				votes[e.Name] = v
			}
			tally[v][kindIndex(e.Kind)] += e.Mentions
			ix[i] = v
		}
		if len(ents) > 16 && at == nil {
			at = map[string]int{}
		}
		var sorted bool
		stories[s], ix, sorted = dedupe(ents, ix, at)
		if sorted {
			ixOf[s] = ix
		}
	}
	for s, ents := range stories {
		ix := ixOf[s]
		for i := range ents {
			var v *[4]int
			if ix != nil {
				v = &tally[ix[i]]
			} else {
				v = &tally[votes[ents[i].Name]]
			}
			best := kindIndex(ents[i].Kind)
			for k, n := range v {
				if n > v[best] {
					best = k
				}
			}
			ents[i].Kind = kinds[best]
		}
	}
}

// unifier keeps, for each folded key, the one person whose surname it is
// and the one entity it is an alias of, or that there are several.
type unifier struct {
	keys map[string]int32
	recs []unifyRec
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

// dedupe merges entities of one story that now share a name, and orders
// them. ix, the entities' tally indices, is kept in step while the order
// stands; sorted says that it still does. at is scratch for a long story,
// or nil.
func dedupe(ents []Entity, ix []int32, at map[string]int) (_ []Entity, _ []int32, sorted bool) {
	out := ents[:0]
	oix := ix[:0]
	if at != nil {
		clear(at)
	}
	for i, e := range ents {
		j := -1
		if at != nil {
			if k, ok := at[e.Name]; ok {
				j = k
			} else {
				at[e.Name] = len(out)
			}
		} else {
			for k := range out {
				if out[k].Name == e.Name {
					j = k
					break
				}
			}
		}
		if j < 0 {
			out = append(out, e)
			oix = append(oix, ix[i])
			continue
		}
		d := &out[j]
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
	if slices.IsSortedFunc(out, bySalience) {
		return out, oix, true
	}
	sortBySalience(out)
	return out, nil, false
}
