package entity

import (
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// A surf is one written form of a group's name.
type surf struct {
	s      string
	n      int    // mentions in this form
	words  int    // countFields(s)
	folded string // fold(s) once known, else "": see foldSurf

	// lastNames(s), once lastDone: see displayLastNames
	last, rest string
	two        bool
	lastDone   bool
}

// A group is one entity of a story while its mentions are merged.
type group struct {
	canon    string
	canonKey string    // fold(canon), kept: merge folds a group's name several times
	gc       *gazCanon // canon's entry in the gazetteer, when canon is not ""
	votes    [4]int
	country  bool
	surfaces []surf // in order of first sight
	mentions int
	first    int
	title    bool
	lead     bool
	acronym  bool
	words    int
	parent   *group // set when merged into another group

	// initials of surfaces[0], for acronyms that spell it; set once
	initDone    bool
	initAll     string
	initContent string
}

func (g *group) root() *group {
	for g.parent != nil {
		g = g.parent
	}
	return g
}

func (g *group) kind() (Kind, int) {
	// the first of the most votes, unrolled: merge asks it of every group
	// several times
	v := &g.votes
	best, bw := -1, 0
	if v[0] > bw {
		best, bw = 0, v[0]
	}
	if v[1] > bw {
		best, bw = 1, v[1]
	}
	if v[2] > bw {
		best, bw = 2, v[2]
	}
	if v[3] > bw {
		best, bw = 3, v[3]
	}
	if best < 0 {
		return "", 0
	}
	return kinds[best], bw
}

// addSurface counts s.n more mentions written as s.s.
func (g *group) addSurface(s surf) {
	for k := range g.surfaces {
		if g.surfaces[k].s == s.s {
			g.surfaces[k].n += s.n
			return
		}
	}
	g.surfaces = append(g.surfaces, s)
}

// addMention counts one more mention written as s, of words words and
// folded (or "") as surf has them: addSurface, without a surf made and
// copied for every mention.
func (g *group) addMention(s string, words int, folded string) {
	for k := range g.surfaces {
		if g.surfaces[k].s == s {
			g.surfaces[k].n++
			return
		}
	}
	g.surfaces = append(g.surfaces, surf{s: s, n: 1, words: words, folded: folded})
}

// absorb merges h into g.
func (g *group) absorb(h *group) {
	if g == h {
		return
	}
	for k := range g.votes {
		g.votes[k] += h.votes[k]
	}
	for _, s := range h.surfaces {
		g.addSurface(s)
	}
	g.mentions += h.mentions
	g.first = min(g.first, h.first)
	g.title = g.title || h.title
	g.lead = g.lead || h.lead
	if g.canon == "" {
		g.canon, g.canonKey, g.gc = h.canon, h.canonKey, h.gc
	}
	h.parent = g
}

// mergeState is the scratch of merge, kept with the finder.
type mergeState struct {
	byKey  groupTable
	groups []group
	roots  []*group
	arena  []byte     // folded keys of this story
	last   []lastName // person groups by folded surname
	seen   []string
	keys   []uint64
	alias  []string // the aliases of the story's entities, made in order: see shareAliases
}

// groupTable maps the folded key of a group to it, for one story: open
// addressing, cheaper than a map for the few dozen groups of a story. It
// keeps its slots from story to story.
type groupTable struct {
	slots []groupSlot // a power of two in size, at most half full
	used  []uint32    // indices of the filled slots, for reset
}

type groupSlot struct {
	key string
	h   uint32
	g   *group // nil for an empty slot
}

// size makes room for n groups.
func (t *groupTable) size(n int) {
	if 2*n <= len(t.slots) {
		return
	}
	size := 64
	for size < 2*n {
		size *= 2
	}
	t.slots = make([]groupSlot, size)
}

// hash is the hash of key k in t.
func (t *groupTable) hash(k []byte) uint32 {
	// gazHash keeps nothing of the string: it may share k's bytes
	return gazHash(unsafe.String(unsafe.SliceData(k), len(k)))
}

// get returns the group of key k, of hash h, or nil.
func (t *groupTable) get(k []byte, h uint32) *group {
	mask := uint32(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.g == nil {
			return nil
		}
		if sl.h == h && sl.key == string(k) {
			return sl.g
		}
	}
}

func (t *groupTable) getString(k string) *group {
	if len(t.slots) == 0 {
		return nil
	}
	b := unsafe.Slice(unsafe.StringData(k), len(k))
	return t.get(b, t.hash(b))
}

// put adds group g under key k, of hash h, which t does not have; t has
// room for it (see size).
func (t *groupTable) put(k string, h uint32, g *group) {
	mask := uint32(len(t.slots) - 1)
	i := h & mask
	for t.slots[i].g != nil {
		i = (i + 1) & mask
	}
	t.slots[i] = groupSlot{key: k, h: h, g: g}
	t.used = append(t.used, i)
}

func (t *groupTable) reset() {
	for _, i := range t.used {
		t.slots[i] = groupSlot{}
	}
	t.used = t.used[:0]
}

type lastName struct {
	key string
	g   *group
}

func (ms *mergeState) reset() {
	ms.byKey.reset()
	// a group keeps its surfaces' array for the next story, emptied
	for i := range ms.groups {
		g := &ms.groups[i]
		clear(g.surfaces)
		*g = group{surfaces: g.surfaces[:0]}
	}
	clear(ms.roots)
	clear(ms.last)
	clear(ms.seen)
	clear(ms.alias)
	ms.groups, ms.roots, ms.arena, ms.last, ms.seen, ms.alias = ms.groups[:0], ms.roots[:0], ms.arena[:0], ms.last[:0], ms.seen[:0], ms.alias[:0]
}

// fold returns fold(s), kept in the story's arena. The string lives until
// the finder is released: the arena only grows until then, and bytes once
// written are never written again.
func (ms *mergeState) fold(s string) string {
	if len(ms.arena)+len(s) > cap(ms.arena) {
		// a new backing array: strings already made keep the old one
		ms.arena = make([]byte, 0, max(2*cap(ms.arena), 1024, len(s)))
	}
	start := len(ms.arena)
	d := ms.arena[start : start+len(s)]
	if !lowerASCII(d, s) {
		return foldSlow(s)
	}
	if len(s) == 0 {
		return ""
	}
	ms.arena = ms.arena[:start+len(s)]
	return unsafe.String(&d[0], len(d))
}

// foldAhead writes fold(s) into the arena past its end, where fold would
// write it, and returns it, or nil when s is not ASCII. The bytes are the
// arena's only once keepAhead keeps them; the next fold overwrites them.
func (ms *mergeState) foldAhead(s string) []byte {
	if len(ms.arena)+len(s) > cap(ms.arena) {
		ms.arena = make([]byte, 0, max(2*cap(ms.arena), 1024, len(s)))
	}
	start := len(ms.arena)
	d := ms.arena[start : start+len(s)]
	if !lowerASCII(d, s) {
		return nil
	}
	return d
}

// keepAhead keeps the n bytes foldAhead wrote last, as fold does, and
// returns them.
func (ms *mergeState) keepAhead(n int) string {
	if n == 0 {
		return ""
	}
	start := len(ms.arena)
	ms.arena = ms.arena[:start+n]
	return unsafe.String(&ms.arena[start], n)
}

// merge groups the story's mentions into entities.
func (f *finder) merge() []Entity {
	ms := &f.mst
	ms.byKey.size(len(f.ms))
	if cap(ms.groups) < len(f.ms) {
		ms.groups = make([]group, 0, len(f.ms)+len(f.ms)/2)
	}
	groups := ms.roots[:0] // all groups, in order of first sight
	var expansions [][2]string
	var kb [64]byte // a key folded outside the arena: out of the loop, not cleared for every mention
	for i := range f.ms {
		m := &f.ms[i]
		src := m.surface
		var kbytes []byte
		ahead := false
		canon := ""
		if m.canon.known() {
			// most mentions are of gazetteer names, folded once for all
			canon = m.canon.name
			src = canon
			kbytes = unsafe.Slice(unsafe.StringData(m.canon.key), len(m.canon.key))
		} else {
			// the key folded where the arena keeps it for a new group:
			// most are ASCII, and need folding once
			kbytes = ms.foldAhead(src)
			ahead = kbytes != nil || src == ""
			if !ahead {
				kbytes = foldBytes(kb[:0], src)
			}
		}
		h := ms.byKey.hash(kbytes)
		g := ms.byKey.get(kbytes, h)
		folded := "" // the mention's form folded, when known
		if g == nil {
			// within capacity, so earlier groups stay where they are
			ms.groups = ms.groups[:len(ms.groups)+1]
			g = &ms.groups[len(ms.groups)-1]
			*g = group{canon: canon, first: m.pos, words: m.words, surfaces: g.surfaces[:0]}
			var key string
			switch {
			case canon != "":
				key = m.canon.key
			case ahead:
				key = ms.keepAhead(len(kbytes))
			default:
				key = ms.fold(src)
			}
			ms.byKey.put(key, h, g)
			groups = append(groups, g)
			if canon == "" {
				folded = key // the key is the form folded
			} else {
				g.canonKey, g.gc = key, m.canon
			}
		}
		g.votes[0] += m.votes[0] // unrolled: once for every mention
		g.votes[1] += m.votes[1]
		g.votes[2] += m.votes[2]
		g.votes[3] += m.votes[3]
		g.country = g.country || m.country
		g.acronym = g.acronym || m.acronym
		g.addMention(m.surface, m.words, folded)
		g.mentions++
		g.title = g.title || m.para < 0
		g.lead = g.lead || m.para == 0
		if m.expands != "" {
			expansions = append(expansions, [2]string{ms.fold(m.surface), ms.fold(m.expands)})
		}
	}
	ms.roots = groups
	// acronyms defined in the text: "Dhaka Stock Exchange (DSE)"
	for _, e := range expansions {
		a, x := ms.byKey.getString(e[0]), ms.byKey.getString(e[1])
		if a != nil && x != nil && a.root() != x.root() {
			x.root().absorb(a.root())
		}
	}
	// undefined acronyms that spell a multi-word name of the story
	for _, a := range groups {
		if a.parent != nil || !a.acronym || a.canon != "" {
			continue
		}
		var ab [64]byte
		acr := acronymKey(ab[:0], a.surfaces[0].s)
		if len(acr) < 2 {
			continue
		}
		var match *group
		n := 0
		for _, x := range groups {
			if x.parent == nil && x.words > 1 {
				if !x.initDone {
					x.initDone = true
					x.initAll, x.initContent = initials(x.surfaces[0].s)
				}
				if x.initAll == string(acr) || x.initContent == string(acr) {
					match = x
					n++
				}
			}
		}
		if n == 1 {
			match.absorb(a)
		}
	}
	// surnames: "Khamenei" is "Ali Khamenei" when one person of the story
	// has that last name; two such people leave it alone.
	last := ms.last[:0]
	for _, g := range groups {
		if g.parent != nil || g.words < 2 {
			continue
		}
		if k, _ := g.kind(); k != Person {
			continue
		}
		l, rest, two := ms.displayLastNames(g)
		if l == "" {
			continue
		}
		last = append(last, lastName{l, g})
		if two {
			last = append(last, lastName{rest, g})
		}
	}
	ms.last = last
	for _, g := range groups {
		if g.parent != nil {
			continue
		}
		k, _ := g.kind()
		if g.canon != "" && k != Person {
			continue
		}
		var cand *group
		n := 0
		if g.words >= 2 {
			// "Seyyed Hassan Nasrallah" and "Hassan Nasrallah"
			l, rest, two := ms.displayLastNames(g)
			if l != "" {
				fname := ms.displayFolded(g)
				for _, ln := range [2]string{l, rest} {
					for _, e := range last {
						if e.key != ln {
							continue
						}
						c := e.g
						if c != g && c.root() != g && c.words < g.words && hasFoldedSuffix(fname, ms.displayFolded(c)) {
							cand = c
							n++
						}
					}
					if !two {
						break
					}
				}
			}
		} else {
			fname := ms.displayFolded(g)
			for _, e := range last {
				if e.key == fname {
					cand = e.g
					n++
				}
			}
		}
		if n == 1 && cand.root() != g {
			cand.root().absorb(g)
		}
	}
	// The entities are made in the order sortBySalience would put them
	// in: an Entity is large, and a stable sort moves each many times.
	// What orders them is packed into a number, the group's index last,
	// as a stable sort keeps the order of first sight.
	keys := ms.keys[:0]
	for i, g := range groups {
		if g.parent != nil {
			continue
		}
		k, w := g.kind()
		if g.acronym && g.canon == "" && k == Organization && w <= weak && g.mentions < 2 {
			continue // an unexplained abbreviation seen once: too often a code
		}
		if k == "" {
			k = Other
		}
		if w == 0 && g.words >= 2 {
			k = Other
		}
		sal := g.salience()
		if sal >= 1<<keySal || g.first >= 1<<keyFirst || i >= 1<<keyIndex {
			// a story too long for the keys: sorted after all
			return ms.entitiesSorted(groups)
		}
		keys = append(keys, uint64(1<<keySal-1-sal)<<(keyFirst+keyIndex+2)|
			uint64(g.first)<<(keyIndex+2)|uint64(i)<<2|uint64(kindIndex(k)))
	}
	ms.keys = keys
	slices.Sort(keys)
	var ents []Entity
	from := len(ms.alias)
	if len(keys) > 0 {
		ents = make([]Entity, 0, len(keys))
	}
	for _, key := range keys {
		g := groups[key>>2&(1<<keyIndex-1)]
		// made where it is kept: an Entity is large
		ents = ents[:len(ents)+1]
		ms.entity(&ents[len(ents)-1], g, kinds[key&3])
	}
	ms.shareAliases(ents, from)
	return ents
}

// The bits of an entity's sort key for the salience, the first mention
// and the group's index; the kind takes the two lowest.
const (
	keySal   = 20
	keyFirst = 24
	keyIndex = 18
)

// entitiesSorted is the end of merge for any story: the entities of
// groups, then sorted.
func (ms *mergeState) entitiesSorted(groups []*group) []Entity {
	var ents []Entity
	from := len(ms.alias)
	for _, g := range groups {
		if g.parent != nil {
			continue
		}
		k, w := g.kind()
		if g.acronym && g.canon == "" && k == Organization && w <= weak && g.mentions < 2 {
			continue
		}
		if k == "" {
			k = Other
		}
		if w == 0 && g.words >= 2 {
			k = Other
		}
		ents = append(ents, Entity{})
		ms.entity(&ents[len(ents)-1], g, k)
	}
	ms.shareAliases(ents, from)
	sortBySalience(ents)
	return ents
}

// hasFoldedSuffix is strings.HasSuffix(name, " "+tail).
func hasFoldedSuffix(name, tail string) bool {
	return len(name) > len(tail) && name[len(name)-len(tail)-1] == ' ' && name[len(name)-len(tail):] == tail
}

// lastNames gives the keys a person's name is called by alone: the last word,
// and without an "al-" particle ("al-Assad" -> "assad"). l is "" when name
// has no words.
func (ms *mergeState) lastNames(name string) (l, rest string, two bool) {
	lf := lastField(name)
	if lf == "" {
		return "", "", false
	}
	l = ms.fold(lf)
	if p, r, ok := strings.Cut(l, "-"); ok && particles.has(p) {
		return l, r, true
	}
	return l, "", false
}

// lastField is the last of strings.Fields(s), or "".
func lastField(s string) string {
	// Names are mostly ASCII: the last word is found from the end, unless
	// a byte of a longer rune, which may be a space, comes first.
	end := len(s)
	for end > 0 && s[end-1] < utf8.RuneSelf && asciiSpace[s[end-1]] {
		end--
	}
	start := end
	// eight ASCII bytes at a time, until a space is among them: start
	// is then just past the last
	for start >= 8 {
		x := load64(s[start-8:])
		if x&0x8080808080808080 != 0 {
			break
		}
		if sp := asciiSpaces(x); sp != 0 {
			start -= bits.LeadingZeros64(sp) >> 3
			break
		}
		start -= 8
	}
	for start > 0 && s[start-1] < utf8.RuneSelf && !asciiSpace[s[start-1]] {
		start--
	}
	if end > 0 && s[end-1] >= utf8.RuneSelf || start > 0 && s[start-1] >= utf8.RuneSelf {
		return lastFieldRunes(s)
	}
	return s[start:end]
}

// lastFieldRunes is lastField, rune by rune.
func lastFieldRunes(s string) string {
	start, end := -1, -1
	in := false
	for i := 0; i < len(s); {
		var space bool
		w := 1
		if b := s[i]; b < utf8.RuneSelf {
			space = asciiSpace[b]
		} else {
			var r rune
			r, w = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		if space {
			if in {
				end = i
				in = false
			}
		} else if !in {
			in = true
			start = i
		}
		i += w
	}
	if start < 0 {
		return ""
	}
	if in {
		end = len(s)
	}
	return s[start:end]
}

// displayName is the canonical name, or the longest form seen, most used first.
func (g *group) displayName() string {
	if g.canon != "" {
		return g.canon
	}
	return g.surfaces[g.displayForm()].s
}

// displayForm is the index of the longest form seen, most used first.
func (g *group) displayForm() int {
	best := 0
	for k := 1; k < len(g.surfaces); k++ {
		s, b := &g.surfaces[k], &g.surfaces[best]
		if s.words > b.words || s.words == b.words && s.n > b.n {
			best = k
		}
	}
	return best
}

// displayFolded is ms.fold(g.displayName()), kept with the form: merge
// folds a group's name several times.
func (ms *mergeState) displayFolded(g *group) string {
	if g.canon != "" {
		return g.canonKey
	}
	return ms.foldSurf(&g.surfaces[g.displayForm()])
}

// displayLastNames is ms.lastNames(g.displayName()), kept with the form
// as displayFolded is.
func (ms *mergeState) displayLastNames(g *group) (l, rest string, two bool) {
	if g.canon != "" {
		return g.gc.last, g.gc.rest, g.gc.two
	}
	s := &g.surfaces[g.displayForm()]
	if !s.lastDone {
		s.last, s.rest, s.two = ms.lastNames(s.s)
		s.lastDone = true
	}
	return s.last, s.rest, s.two
}

// foldSurf is ms.fold(s.s), kept in s.
func (ms *mergeState) foldSurf(s *surf) string {
	if s.folded == "" {
		s.folded = ms.fold(s.s)
	}
	return s.folded
}

func (ms *mergeState) isSeen(k string) bool {
	for _, s := range ms.seen {
		if s == k {
			return true
		}
	}
	return false
}

// shareAliases gives the entities ents, made in order by entity, one array
// for all their aliases, which entity made in ms.alias from index from:
// one allocation for the story rather than a few for each entity. Each
// entity's part is full to capacity, so that an append to it copies.
func (ms *mergeState) shareAliases(ents []Entity, from int) {
	if len(ms.alias) == from {
		return
	}
	all := append([]string(nil), ms.alias[from:]...)
	for i := range ents {
		if n := len(ents[i].Aliases); n > 0 {
			ents[i].Aliases, all = all[:n:n], all[n:]
		}
	}
}

// entity makes e the entity of group g, of kind k; e is zero. Its aliases
// are in ms.alias, after those of the entities made before it, until
// shareAliases moves them; Aliases is nil when it has none.
func (ms *mergeState) entity(e *Entity, g *group, k Kind) {
	name := g.displayName()
	start := len(ms.alias)
	aliases := ms.alias
	seen := append(ms.seen[:0], ms.displayFolded(g))
	ms.seen = seen
	for i := range g.surfaces {
		s := &g.surfaces[i]
		if fs := ms.foldSurf(s); !ms.isSeen(fs) {
			aliases = append(aliases, s.s)
			ms.seen = append(ms.seen, fs)
		}
	}
	if k == Person {
		// "Bashar al-Assad" is called "Assad"
		if _, _, two := ms.displayLastNames(g); two {
			l := lastField(name)
			if _, rest, ok := strings.Cut(l, "-"); ok && !ms.isSeen(ms.fold(rest)) {
				aliases = append(aliases, rest)
			}
		}
	}
	ms.alias = aliases
	if len(aliases) == start {
		aliases = nil
	} else {
		aliases = aliases[start:]
	}
	*e = Entity{Name: name, Kind: k, Aliases: aliases, Mentions: g.mentions,
		Salience: g.salience(), First: g.first, InHeadline: g.title, InLead: g.lead}
}

// salience is mentions, plus a bonus for the headline and the lead.
func (g *group) salience() int {
	sal := g.mentions
	if g.title {
		sal += 10
	}
	if g.lead {
		sal += 5
	}
	return sal
}

func sortBySalience(ents []Entity) {
	slices.SortStableFunc(ents, bySalience)
}

// bySalience orders entities most salient first, then by first mention.
func bySalience(a, b Entity) int {
	if a.Salience != b.Salience {
		if a.Salience > b.Salience {
			return -1
		}
		return 1
	}
	if a.First != b.First {
		if a.First < b.First {
			return -1
		}
		return 1
	}
	return 0
}

// initials are the upper-cased first letters of name's words, split at
// spaces and hyphens, all of them and without connectors, as
// initialsMatch compares them.
func initials(name string) (all, content string) {
	var ab, cb [32]byte
	a, c := ab[:0], cb[:0]
	for i := 0; i < len(name); {
		if name[i] == ' ' || name[i] == '-' {
			i++
			continue
		}
		j := i
		for j < len(name) && name[j] != ' ' && name[j] != '-' {
			j++
		}
		w := name[i:j]
		i = j
		if w[0] >= 0x80 {
			continue
		}
		u := w[0]
		if 'a' <= u && u <= 'z' {
			u -= 'a' - 'A'
		}
		a = append(a, u)
		if !connectors.has(w) {
			c = append(c, u)
		}
	}
	return string(a), string(c)
}

// acronymKey appends strings.ToUpper(strings.ReplaceAll(acr, ".", "")) to dst.
func acronymKey(dst []byte, acr string) []byte {
	for i := 0; i < len(acr); i++ {
		c := acr[i]
		if c >= utf8.RuneSelf {
			return append(dst[:0], strings.ToUpper(strings.ReplaceAll(acr, ".", ""))...)
		}
		if c == '.' {
			continue
		}
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
