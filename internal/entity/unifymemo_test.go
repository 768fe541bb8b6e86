package entity

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"digest/internal/memo"

	"github.com/zeebo/xxh3"
)

// randomEntities makes a story's entities from a small pool of names, so
// that surnames, aliases and kinds meet across stories: bare surnames
// that one or two full names share, aliases that one or two entities
// claim, and names given different kinds.
func randomEntities(rng *rand.Rand) []Entity {
	type name struct {
		name    string
		kind    Kind
		aliases []string
	}
	pool := []name{
		{"Ali Khamenei", Person, nil}, {"Khamenei", Person, nil}, {"Mojtaba Khamenei", Person, nil},
		{"Ebrahim Raisi", Person, nil}, {"Raisi", Person, nil}, {"Raisi", Other, nil},
		{"Masoud Pezeshkian", Person, []string{"Pezeshkian"}}, {"Pezeshkian", Person, nil},
		{"Islamic Revolutionary Guard Corps", Organization, []string{"IRGC", "Guards"}}, {"IRGC", Organization, nil},
		{"Guards", Other, nil}, {"Revolutionary Guards", Organization, []string{"Guards"}},
		{"Tehran", Place, nil}, {"Tehran", Organization, nil}, {"Iran", Place, []string{"Islamic Republic"}},
		{"Islamic Republic", Other, nil}, {"Abbas Araghchi", Person, nil}, {"Araghchi", Other, nil},
		{"Ali al-Sistani", Person, nil}, {"Sistani", Person, nil}, {"International Atomic Energy Agency", Organization, []string{"IAEA"}},
		{"IAEA", Organization, nil}, {"Vienna", Place, nil}, {"Hormuz", Place, nil}, {"Hormuz", Other, nil},
	}
	n := rng.IntN(9)
	ents := make([]Entity, 0, n)
	for range n {
		p := pool[rng.IntN(len(pool))]
		e := Entity{Name: p.name, Kind: p.kind, Mentions: 1 + rng.IntN(4), First: rng.IntN(500)}
		if p.aliases != nil {
			e.Aliases = slices.Clone(p.aliases[:1+rng.IntN(len(p.aliases))])
		}
		e.InHeadline = rng.IntN(5) == 0
		e.InLead = rng.IntN(4) == 0
		e.Salience = e.Mentions
		if e.InHeadline {
			e.Salience += 3
		}
		if e.InLead {
			e.Salience += 2
		}
		ents = append(ents, e)
	}
	sortBySalience(ents)
	return ents
}

// TestUnifyAgain edits a site's stories at random, build after build, and
// checks that UnifyAgain, from what the last build left, gives each story
// the tags Unify over every story gives it, and that its sums are those
// worked out again.
func TestUnifyAgain(t *testing.T) {
	for _, n := range []int{6, 40, 300} {
		t.Run(fmt.Sprint("n=", n), func(t *testing.T) { testUnifyAgain(t, n) })
	}
}

func testUnifyAgain(t *testing.T, n int) {
	rng := rand.New(rand.NewPCG(uint64(n), 9))
	enc := map[memo.Key][]byte{} // every story ever seen, by key
	story := func(ents []Entity) memo.Key {
		b := AppendBinary(nil, ents)
		k := xxh3.Hash128(b)
		enc[k] = b
		return k
	}
	decode := func(k memo.Key) []Entity {
		ents, err := DecodeBinary(enc[k])
		if err != nil {
			t.Fatal(err)
		}
		return ents
	}
	var keys []memo.Key
	for range n {
		keys = append(keys, story(randomEntities(rng)))
	}
	const version = "test"
	var stats []byte
	updated := 0
	rounds := 200
	for round := range rounds {
		if round > 0 {
			keys = slices.Clone(keys)
			switch r := rng.IntN(10); {
			case r < 5: // a story edited: an entity added, dropped or changed
				i := rng.IntN(len(keys))
				ents := decode(keys[i])
				switch {
				case len(ents) > 0 && rng.IntN(3) == 0:
					ents = slices.Delete(ents, 0, 1)
				case len(ents) > 0 && rng.IntN(2) == 0:
					ents[rng.IntN(len(ents))].Mentions += 3
				default:
					ents = append(ents, randomEntities(rng)...)
				}
				sortBySalience(ents)
				keys[i] = story(ents)
			case r == 5 && len(keys) > 1:
				i := rng.IntN(len(keys))
				keys = slices.Delete(keys, i, i+1)
			case r == 6:
				keys = slices.Insert(keys, rng.IntN(len(keys)+1), story(randomEntities(rng)))
			case r == 7:
				keys = append(keys, keys[rng.IntN(len(keys))])
			}
		}
		m := &UnifyMemo{Stats: stats, Version: version}
		got := UnifyAgain(keys, func(i int) []Entity { return decode(keys[i]) }, func(k memo.Key) ([]Entity, bool) {
			_, ok := enc[k]
			if !ok {
				return nil, false
			}
			return decode(k), true
		}, m)
		all := make([][]Entity, len(keys))
		for i, k := range keys {
			all[i] = decode(k)
		}
		Unify(all)
		for i := range keys {
			var want []Entity
			for e := range Tags(all[i]) {
				want = append(want, Entity{Name: e.Name, Kind: e.Kind, Aliases: e.Aliases})
			}
			if !reflect.DeepEqual(got[i], want) {
				t.Fatalf("round %d (filled %v): story %d: got %+v, want %+v", round, m.filled, i, got[i], want)
			}
		}
		if !m.filled {
			updated++
		}
		l, ok := decodeLedger(m.Stats, version)
		if !ok {
			t.Fatalf("round %d: the sums saved do not decode", round)
		}
		fresh := newLedger()
		fresh.fill(keys, func(i int) []Entity { return decode(keys[i]) })
		if !reflect.DeepEqual(l.sums(), fresh.sums()) {
			t.Fatalf("round %d: the sums updated differ from the sums worked out again:\n got %v\nwant %v", round, l.sums(), fresh.sums())
		}
		stats = m.Stats
	}
	if updated < rounds*8/10 {
		t.Errorf("only %d of %d builds updated the sums", updated, rounds-1)
	}
}

// sums returns the ledger's sums as comparable values.
func (l *ledger) sums() map[string]string {
	m := map[string]string{}
	for k, v := range l.keys {
		m["key "+k] = fmt.Sprint(v.last, v.alias)
	}
	for n, t := range l.tally {
		m["tally "+n] = fmt.Sprint(*t)
	}
	return m
}
