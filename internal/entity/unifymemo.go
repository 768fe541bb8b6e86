package entity

import (
	"bytes"
	"encoding/binary"
	"maps"
	"slices"
	"strings"
	"unsafe"

	"digest/internal/memo"
)

// A UnifyMemo is what UnifyAgain remembers from one build for the next.
//
// What Unify reads of the whole site is two sums over the stories: for
// each folded key, the names whose surname or alias it is (and how many
// entities give each), and for each name, the mentions of its entities by
// kind. A story's unified entities depend on them only through the keys
// of its entities' names and through the tallies of the names they end
// with. A build that remembers the sums, and each story's tags, takes the
// changed stories off the sums and adds them again, and unifies again only
// the stories whose keys' names or names' kinds changed: an edit build
// decodes a few stories' entities instead of every story's.
type UnifyMemo struct {
	// Stats holds the sums and each story's tags as the last build left
	// them; nil for none. UnifyAgain replaces it with this build's.
	Stats []byte
	// Version names the program: another program's sums are not trusted.
	Version string

	filled bool // for tests: the sums were worked out from every story
}

// UnifyAgain returns the tags (see Tags) of the stories whose keys are
// keys, as Unify over all of their entities gives them, worked out from
// what the last build left in m, which it updates. find returns the
// entities of story i as Find gives them, a fresh copy at each call;
// old those of a story of the last build by its key, if they are still
// known. The tags hold Name, Kind and Aliases only.
func UnifyAgain(keys []memo.Key, find func(i int) []Entity, old func(memo.Key) ([]Entity, bool), m *UnifyMemo) [][]Entity {
	l, ok := decodeLedger(m.Stats, m.Version)
	var out [][]Entity
	if ok {
		out, ok = l.update(keys, find, old)
	}
	m.filled = !ok
	if !ok {
		l = newLedger()
		out = l.fill(keys, find)
	}
	m.Stats = l.encode(m.Version)
	return out
}

// A ledger is the sums Unify reads, and each text's tags.
type ledger struct {
	keys    map[string]*keyNames
	tally   map[string]*[4]int
	stories map[memo.Key]*unified
}

// keyNames are the names whose surname (last) or alias a key is, with
// how many entities give each.
type keyNames struct {
	last, alias map[string]int32
}

// unified is what a ledger knows of the stories with one text.
type unified struct {
	n    int32
	tags []Entity
}

func newLedger() *ledger {
	return &ledger{keys: map[string]*keyNames{}, tally: map[string]*[4]int{}, stories: map[memo.Key]*unified{}}
}

// only is the one name of names, or "" for none or several.
func only(names map[string]int32) string {
	if len(names) != 1 {
		return ""
	}
	for n := range names {
		return n
	}
	return ""
}

func (l *ledger) putName(key []byte, name string, alias bool, sign int32) {
	k := l.keys[string(key)]
	if k == nil {
		k = &keyNames{}
		l.keys[string(key)] = k
	}
	m := &k.last
	if alias {
		m = &k.alias
	}
	if *m == nil {
		*m = map[string]int32{}
	}
	if c := (*m)[name] + sign; c != 0 {
		(*m)[name] = c
	} else {
		delete(*m, name)
	}
	if len(k.last) == 0 && len(k.alias) == 0 {
		delete(l.keys, string(key))
	}
}

// put adds sign times the keys of ents, as found, to the sums: as the
// first pass of Unify.
func (l *ledger) put(ents []Entity, sign int32) {
	buf := new(keyBuf)
	for i := range ents {
		e := &ents[i]
		unifyKeys(e, buf, func(key []byte, alias bool) { l.putName(key, e.Name, alias, sign) })
	}
}

// decision is what a key says of a name: the one person whose surname
// it is and the one entity it is an alias of, "" for none or several.
type decision struct{ last, alias string }

func (l *ledger) decide(key string) decision {
	k := l.keys[key]
	if k == nil {
		return decision{}
	}
	return decision{only(k.last), only(k.alias)}
}

// target is the name Unify gives e, by the decision of its name's key, or
// "" for its own.
func target(e *Entity, d decision) string {
	to := ""
	if (e.Kind == Person || e.Kind == Other) && !strings.Contains(e.Name, " ") {
		to = d.last
	}
	if to == "" {
		to = d.alias
	}
	if to == e.Name {
		return ""
	}
	return to
}

func foldString(s string) string {
	var nb [64]byte
	return string(foldBytes(nb[:0], s))
}

// count adds sign times the mentions of ents, as found, to the tallies of
// the names they end with, by decide's decisions; changed, when not nil,
// is told each name whose tally it changes first.
func (l *ledger) count(ents []Entity, sign int, decide func(string) decision, changed func(string)) {
	for i := range ents {
		e := &ents[i]
		name := e.Name
		if to := target(e, decide(foldString(e.Name))); to != "" {
			name = to
		}
		if changed != nil {
			changed(name)
		}
		t := l.tally[name]
		if t == nil {
			t = &[4]int{}
			l.tally[name] = t
		}
		t[kindIndex(e.Kind)] += sign * e.Mentions
		if *t == [4]int{} {
			delete(l.tally, name)
		}
	}
}

// kindOf is the kind an entity of kind k whose name has tally t takes:
// its own when most mentions have it, else the first that most have.
func kindOf(t [4]int, k int) int {
	m := max(t[0], t[1], t[2], t[3])
	if t[k] == m {
		return k
	}
	for j, n := range t {
		if n == m {
			return j
		}
	}
	return k
}

// unify does to ents, as found, what Unify does to a story's entities, by
// the sums, and returns its tags.
func (l *ledger) unify(ents []Entity) (tags []Entity) {
	ix := make([]int32, len(ents))
	byName := map[string]int32{}
	for i := range ents {
		e := &ents[i]
		if to := target(e, l.decide(foldString(e.Name))); to != "" {
			e.Aliases = appendNew(e.Aliases, e.Name)
			e.Name = to
		}
		v, ok := byName[e.Name]
		if !ok {
			v = int32(len(byName))
			byName[e.Name] = v
		}
		ix[i] = v
	}
	ents, _, _ = dedupe(ents, ix, make([]storyPos, len(byName)), 1)
	for i := range ents {
		var t [4]int
		if p := l.tally[ents[i].Name]; p != nil {
			t = *p
		}
		ents[i].Kind = kinds[kindOf(t, kindIndex(ents[i].Kind))]
	}
	for e := range Tags(ents) {
		tags = append(tags, Entity{Name: e.Name, Kind: e.Kind, Aliases: e.Aliases})
	}
	return tags
}

// fill works out the sums from every story, and their tags with Unify.
func (l *ledger) fill(keys []memo.Key, find func(i int) []Entity) [][]Entity {
	all := make([][]Entity, len(keys))
	for i := range keys {
		all[i] = find(i)
		l.put(all[i], 1)
	}
	for i := range keys {
		l.count(all[i], 1, l.decide, nil)
	}
	Unify(all)
	out := make([][]Entity, len(keys))
	for i, k := range keys {
		st := l.stories[k]
		if st == nil {
			st = &unified{}
			for e := range Tags(all[i]) {
				st.tags = append(st.tags, Entity{Name: e.Name, Kind: e.Kind, Aliases: e.Aliases})
			}
			l.stories[k] = st
		}
		st.n++
		out[i] = st.tags
	}
	return out
}

// update brings the sums from the stories of the last build to those of
// keys, and returns their tags: worked out again for the new stories and
// those whose keys' names or names' kinds changed, as the last build left
// them for the rest. It reports false when it cannot: the entities of a
// story gone are no longer known, or so many changed that working the
// sums out again costs less.
func (l *ledger) update(keys []memo.Key, find func(i int) []Entity, old func(memo.Key) ([]Entity, bool)) ([][]Entity, bool) {
	now := make(map[memo.Key]int32, len(keys))
	first := make(map[memo.Key]int, len(keys))
	for i, k := range keys {
		if now[k] == 0 {
			first[k] = i
		}
		now[k]++
	}
	type change struct {
		key  memo.Key
		d    int32
		ents []Entity
	}
	var changes []change
	moved := 0
	for k, st := range l.stories {
		if d := now[k] - st.n; d < 0 {
			ents, ok := old(k)
			if !ok {
				return nil, false
			}
			changes = append(changes, change{k, d, ents})
			moved -= int(d)
		}
	}
	for k, n := range now {
		var had int32
		if st := l.stories[k]; st != nil {
			had = st.n
		}
		if d := n - had; d > 0 {
			changes = append(changes, change{key: k, d: d})
			moved += int(d)
		}
	}
	if moved > 16 && 2*moved > len(keys) {
		return nil, false
	}
	for j := range changes {
		if ch := &changes[j]; ch.d > 0 {
			ch.ents = find(first[ch.key])
		}
	}
	if len(changes) == 0 {
		out := make([][]Entity, len(keys))
		for i, k := range keys {
			out[i] = l.stories[k].tags
		}
		return out, true
	}

	// The tallies change as the keys do: each name's kind before any
	// change is noted when it is first touched.
	kindsBefore := map[string][4]int{}
	noteTally := func(name string) {
		if _, ok := kindsBefore[name]; !ok {
			var t [4]int
			if p := l.tally[name]; p != nil {
				t = *p
			}
			kindsBefore[name] = t
		}
	}
	// The stories gone leave the tallies by the keys as they were.
	for _, ch := range changes {
		if ch.d < 0 {
			l.count(ch.ents, int(ch.d), l.decide, noteTally)
		}
	}
	// The keys, and their decisions before.
	before := map[string]decision{}
	buf := new(keyBuf)
	for _, ch := range changes {
		for i := range ch.ents {
			unifyKeys(&ch.ents[i], buf, func(key []byte, _ bool) {
				if _, ok := before[string(key)]; !ok {
					before[string(key)] = l.decide(string(key))
				}
			})
		}
	}
	for _, ch := range changes {
		l.put(ch.ents, ch.d)
	}
	changedKeys := map[string]bool{}
	for k, d := range before {
		if l.decide(k) != d {
			changedKeys[k] = true
		}
	}
	decideBefore := func(k string) decision {
		if d, ok := before[k]; ok {
			return d
		}
		return l.decide(k)
	}
	// The stories that stay whose keys decide otherwise now move their
	// mentions to other names. Which those are is known only from their
	// entities, decoded once for both looks, and only when some key or
	// name's kind changed, which most edits do not.
	stays := func(i int) (*unified, bool) {
		st := l.stories[keys[i]]
		return st, st != nil && first[keys[i]] == i
	}
	var found [][]Entity
	entsOf := func(i int) []Entity {
		if found == nil {
			found = make([][]Entity, len(keys))
		}
		if found[i] == nil {
			found[i] = find(i)
		}
		return found[i]
	}
	again := make([]bool, len(keys))
	if len(changedKeys) > 0 {
		for i, k := range keys {
			st, ok := stays(i)
			if !ok {
				continue
			}
			ents := entsOf(i)
			if !slices.ContainsFunc(ents, func(e Entity) bool { return changedKeys[foldString(e.Name)] }) {
				continue
			}
			n := int(min(st.n, now[k]))
			l.count(ents, -n, decideBefore, noteTally)
			l.count(ents, n, l.decide, noteTally)
			again[i] = true
		}
	}
	for _, ch := range changes {
		if ch.d > 0 {
			l.count(ch.ents, int(ch.d), l.decide, noteTally)
		}
	}
	changedKinds := map[string]bool{}
	for name, t0 := range kindsBefore {
		var t [4]int
		if p := l.tally[name]; p != nil {
			t = *p
		}
		for k := range 4 {
			if kindOf(t, k) != kindOf(t0, k) {
				changedKinds[name] = true
				break
			}
		}
	}
	if len(changedKinds) > 0 {
		for i := range keys {
			if _, ok := stays(i); !ok || again[i] {
				continue
			}
			ents := entsOf(i)
			again[i] = slices.ContainsFunc(ents, func(e Entity) bool {
				name := e.Name
				if to := target(&e, l.decide(foldString(e.Name))); to != "" {
					name = to
				}
				return changedKinds[name]
			})
		}
	}
	for _, ch := range changes {
		if ch.d < 0 && now[ch.key] == 0 {
			delete(l.stories, ch.key)
		}
	}
	out := make([][]Entity, len(keys))
	for i, k := range keys {
		st := l.stories[k]
		if first[k] != i {
			continue
		}
		if st == nil || again[i] {
			if st == nil {
				st = &unified{}
				l.stories[k] = st
			}
			st.tags = l.unify(find(i))
		}
		st.n = now[k]
	}
	for i, k := range keys {
		out[i] = l.stories[k].tags
	}
	return out, true
}

// The sums are encoded as
//
//	memo.Header("unified 1", version)
//	keys    = count { key count { name count } count { name count } }  last, then alias
//	tallies = count { name count count count count }
//	stories = count { hash (16 bytes) count tags }
//	tags    = count { name kind aliases }, aliases = count+1 { string } or 0
//	check   (see memo.Seal)
//
// with strings as length and bytes, counts as uvarints, tallies as
// varints.
const ledgerKind = "unified 1"

func (l *ledger) encode(version string) []byte {
	b := memo.Header(ledgerKind, version)
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	num := func(n int) { b = binary.AppendUvarint(b, uint64(n)) }
	names := func(m map[string]int32) {
		num(len(m))
		for _, n := range slices.Sorted(maps.Keys(m)) {
			str(n)
			num(int(m[n]))
		}
	}
	num(len(l.keys))
	for _, k := range slices.Sorted(maps.Keys(l.keys)) {
		str(k)
		names(l.keys[k].last)
		names(l.keys[k].alias)
	}
	num(len(l.tally))
	for _, n := range slices.Sorted(maps.Keys(l.tally)) {
		str(n)
		for _, c := range l.tally[n] {
			b = binary.AppendVarint(b, int64(c))
		}
	}
	ks := make([]memo.Key, 0, len(l.stories))
	for k := range l.stories {
		ks = append(ks, k)
	}
	slices.SortFunc(ks, memo.Compare)
	num(len(ks))
	for _, k := range ks {
		st := l.stories[k]
		b = binary.LittleEndian.AppendUint64(b, k.Hi)
		b = binary.LittleEndian.AppendUint64(b, k.Lo)
		num(int(st.n))
		num(len(st.tags))
		for _, t := range st.tags {
			str(t.Name)
			str(string(t.Kind))
			if t.Aliases == nil {
				num(0)
			} else {
				num(len(t.Aliases) + 1)
				for _, a := range t.Aliases {
					str(a)
				}
			}
		}
	}
	return memo.Seal(b)
}

// le64 reads a little-endian uint64 from the head of s.
func le64(s string) uint64 {
	var x uint64
	for i := 7; i >= 0; i-- {
		x = x<<8 | uint64(s[i])
	}
	return x
}

// decodeLedger returns the sums encoded in data, if version wrote them
// and they are whole.
func decodeLedger(data []byte, version string) (*ledger, bool) {
	body, ok := memo.Unseal(data, ledgerKind, version)
	if !ok {
		return nil, false
	}
	// The strings are views of a copy: data is unmapped after the build.
	c := bytes.Clone(body)
	d := &decoder{s: unsafe.String(unsafe.SliceData(c), len(c))}
	l := newLedger()
	count := func() int {
		n := d.uvarint()
		if n > uint64(len(d.s)) {
			d.bad = true
			return 0
		}
		return int(n)
	}
	names := func() map[string]int32 {
		n := count()
		if n == 0 {
			return nil
		}
		m := make(map[string]int32, n)
		for range n {
			s := d.string()
			m[s] = int32(d.uvarint())
		}
		return m
	}
	for range count() {
		k := d.string()
		l.keys[k] = &keyNames{last: names(), alias: names()}
	}
	for range count() {
		n := d.string()
		var t [4]int
		for j := range t {
			t[j] = d.int()
		}
		l.tally[n] = &t
	}
	for range count() {
		if len(d.s)-d.i < 16 {
			return nil, false
		}
		k := memo.Key{Hi: le64(d.s[d.i:]), Lo: le64(d.s[d.i+8:])}
		d.i += 16
		st := &unified{n: int32(d.uvarint())}
		for range count() {
			t := Entity{Name: d.string(), Kind: Kind(d.string())}
			if n := count(); n > 0 {
				t.Aliases = make([]string, n-1)
				for j := range t.Aliases {
					t.Aliases[j] = d.string()
				}
			}
			st.tags = append(st.tags, t)
		}
		l.stories[k] = st
		if d.bad {
			return nil, false
		}
	}
	if d.bad || d.i != len(d.s) {
		return nil, false
	}
	return l, true
}
