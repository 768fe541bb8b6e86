package entity

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// unifyRef is Unify as first written: each entity's kind worked out from
// its name's tally, and a story's entities deduplicated by name.
func unifyRef(stories [][]Entity) {
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
		stories[s], ix, sorted = dedupeRef(ents, ix, at)
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

// dedupeRef is dedupe as first written, by name.
func dedupeRef(ents []Entity, ix []int32, at map[string]int) (_ []Entity, _ []int32, sorted bool) {
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

// copyStories copies stories deeply, aliases too.
func copyStories(stories [][]Entity) [][]Entity {
	c := make([][]Entity, len(stories))
	for i, ents := range stories {
		c[i] = slices.Clone(ents)
		for j := range c[i] {
			c[i][j].Aliases = slices.Clone(c[i][j].Aliases)
		}
	}
	return c
}

// checkUnify fails t when Unify and unifyRef differ on stories.
func checkUnify(t *testing.T, stories [][]Entity) {
	t.Helper()
	got, want := copyStories(stories), copyStories(stories)
	Unify(got)
	unifyRef(want)
	if !reflect.DeepEqual(got, want) {
		for s := range got {
			if !reflect.DeepEqual(got[s], want[s]) {
				t.Fatalf("story %d:\n got %+v\nwant %+v", s, got[s], want[s])
			}
		}
		t.Fatal("Unify and unifyRef differ")
	}
}

// TestUnifyRef compares Unify with unifyRef on the entities Find makes of
// synthetic stories.
func TestUnifyRef(t *testing.T) {
	stories := synthStories(t, 600)
	ents := make([][]Entity, len(stories))
	for i, s := range stories {
		ents[i] = Find(s.title, s.paras)
	}
	checkUnify(t, ents)
}

// TestUnifyRefMixed compares them on stories of the gazetteer's names,
// kinds and counts at random: names repeated in a story, surnames and
// aliases shared, ties of kinds, stories in and out of order.
func TestUnifyRefMixed(t *testing.T) {
	var names []string
	for _, n := range loadGazetteer().names {
		for _, f := range n.exact {
			names = append(names, f.form)
			if l := lastField(f.form); l != f.form {
				names = append(names, l)
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	kinds := []Kind{Person, Organization, Place, Other, ""}
	for round := range 40 {
		pool := names[r.IntN(len(names)-40):][:r.IntN(40)+2]
		mixed := make([][]Entity, 200)
		for s := range mixed {
			for range r.IntN(30) {
				e := Entity{Name: pool[r.IntN(len(pool))], Kind: kinds[r.IntN(len(kinds))], Mentions: r.IntN(4),
					Salience: r.IntN(6), First: r.IntN(50), InHeadline: r.IntN(4) == 0, InLead: r.IntN(3) == 0}
				for range r.IntN(3) {
					e.Aliases = append(e.Aliases, pool[r.IntN(len(pool))])
				}
				mixed[s] = append(mixed[s], e)
			}
			if round%2 == 0 {
				slices.SortStableFunc(mixed[s], bySalience)
			}
		}
		checkUnify(t, mixed)
	}
}
