package entity

import (
	"sort"
	"strings"
)

// A group is one entity of a story while its mentions are merged.
type group struct {
	key      string
	canon    string
	votes    [4]int
	country  bool
	surfaces map[string]int
	order    []string // surfaces in order of first sight
	mentions int
	first    int
	title    bool
	lead     bool
	acronym  bool
	words    int
	parent   *group // set when merged into another group
}

func (g *group) root() *group {
	for g.parent != nil {
		g = g.parent
	}
	return g
}

func (g *group) kind() (Kind, int) {
	best, bw := -1, 0
	for k, w := range g.votes {
		if w > bw {
			best, bw = k, w
		}
	}
	if best < 0 {
		return "", 0
	}
	return kinds[best], bw
}

// absorb merges h into g.
func (g *group) absorb(h *group) {
	if g == h {
		return
	}
	for k := range g.votes {
		g.votes[k] += h.votes[k]
	}
	for _, s := range h.order {
		if _, ok := g.surfaces[s]; !ok {
			g.order = append(g.order, s)
		}
		g.surfaces[s] += h.surfaces[s]
	}
	g.mentions += h.mentions
	g.first = min(g.first, h.first)
	g.title = g.title || h.title
	g.lead = g.lead || h.lead
	if g.canon == "" {
		g.canon = h.canon
	}
	h.parent = g
}

// merge groups the story's mentions into entities.
func (f *finder) merge() []Entity {
	byKey := map[string]*group{}
	var groups []*group
	var expansions [][2]string
	for _, m := range f.ms {
		src := m.surface
		if m.canon != "" {
			src = m.canon
		}
		var kb [64]byte
		kbytes := foldBytes(kb[:0], src)
		g := byKey[string(kbytes)] // no allocation unless the group is new
		if g == nil {
			key := string(kbytes)
			g = &group{key: key, canon: m.canon, surfaces: map[string]int{}, first: m.pos, words: m.words}
			byKey[key] = g
			groups = append(groups, g)
		}
		for k := range g.votes {
			g.votes[k] += m.votes[k]
		}
		g.country = g.country || m.country
		g.acronym = g.acronym || m.acronym
		if _, ok := g.surfaces[m.surface]; !ok {
			g.order = append(g.order, m.surface)
		}
		g.surfaces[m.surface]++
		g.mentions++
		g.title = g.title || m.para < 0
		g.lead = g.lead || m.para == 0
		if m.expands != "" {
			expansions = append(expansions, [2]string{fold(m.surface), fold(m.expands)})
		}
	}
	// acronyms defined in the text: "Dhaka Stock Exchange (DSE)"
	for _, e := range expansions {
		a, x := byKey[e[0]], byKey[e[1]]
		if a != nil && x != nil && a.root() != x.root() {
			x.root().absorb(a.root())
		}
	}
	// undefined acronyms that spell a multi-word name of the story
	for _, a := range groups {
		if a.parent != nil || !a.acronym || a.canon != "" {
			continue
		}
		var match *group
		n := 0
		for _, x := range groups {
			if x.parent == nil && x.words > 1 && initialsMatch(x.order[0], a.order[0]) {
				match = x
				n++
			}
		}
		if n == 1 {
			match.absorb(a)
		}
	}
	// surnames: "Khamenei" is "Ali Khamenei" when one person of the story
	// has that last name; two such people leave it alone.
	last := map[string][]*group{}
	for _, g := range groups {
		if g.parent != nil || g.words < 2 {
			continue
		}
		if k, _ := g.kind(); k != Person {
			continue
		}
		for _, ln := range lastNames(g.displayName()) {
			last[ln] = append(last[ln], g)
		}
	}
	for _, g := range groups {
		if g.parent != nil {
			continue
		}
		k, _ := g.kind()
		if g.canon != "" && k != Person {
			continue
		}
		name := g.displayName()
		cands := last[fold(name)]
		if g.words >= 2 {
			// "Seyyed Hassan Nasrallah" and "Hassan Nasrallah"
			cands = nil
			for _, ln := range lastNames(name) {
				for _, c := range last[ln] {
					if c != g && c.root() != g && c.words < g.words && strings.HasSuffix(fold(name), " "+fold(c.displayName())) {
						cands = append(cands, c)
					}
				}
			}
		}
		if len(cands) == 1 && cands[0].root() != g {
			cands[0].root().absorb(g)
		}
	}
	var ents []Entity
	for _, g := range groups {
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
		ents = append(ents, g.entity(k))
	}
	sortBySalience(ents)
	return ents
}

// lastNames gives the keys a person's name is called by alone: the last word,
// and without an "al-" particle ("al-Assad" -> "assad").
func lastNames(name string) []string {
	fs := strings.Fields(name)
	if len(fs) == 0 {
		return nil
	}
	l := fold(fs[len(fs)-1])
	out := []string{l}
	if p, rest, ok := strings.Cut(l, "-"); ok && particles[p] {
		out = append(out, rest)
	}
	return out
}

// displayName is the canonical name, or the longest form seen, most used first.
func (g *group) displayName() string {
	if g.canon != "" {
		return g.canon
	}
	best := g.order[0]
	for _, s := range g.order[1:] {
		ws, wb := countFields(s), countFields(best)
		if ws > wb || ws == wb && g.surfaces[s] > g.surfaces[best] {
			best = s
		}
	}
	// "LONDON" reads better as the gazetteer has it; a caps-only name keeps its case
	return best
}

func (g *group) entity(k Kind) Entity {
	name := g.displayName()
	var aliases []string
	seen := map[string]bool{fold(name): true}
	for _, s := range g.order {
		if !seen[fold(s)] {
			aliases = append(aliases, s)
			seen[fold(s)] = true
		}
	}
	if k == Person {
		// "Bashar al-Assad" is called "Assad"
		if ln := lastNames(name); len(ln) == 2 {
			fs := strings.Fields(name)
			l := fs[len(fs)-1]
			if _, rest, ok := strings.Cut(l, "-"); ok && !seen[fold(rest)] {
				aliases = append(aliases, rest)
			}
		}
	}
	sal := g.mentions
	if g.title {
		sal += 10
	}
	if g.lead {
		sal += 5
	}
	return Entity{Name: name, Kind: k, Aliases: aliases, Mentions: g.mentions,
		Salience: sal, First: g.first, InHeadline: g.title, InLead: g.lead}
}

func sortBySalience(ents []Entity) {
	sort.SliceStable(ents, func(a, b int) bool {
		if ents[a].Salience != ents[b].Salience {
			return ents[a].Salience > ents[b].Salience
		}
		return ents[a].First < ents[b].First
	})
}
