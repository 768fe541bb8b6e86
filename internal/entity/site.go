package entity

import "strings"

// MaxTags bounds the tags of one story.
const MaxTags = 8

// Tags returns the salient entities of a story, at most MaxTags, most
// salient first: those in the headline or lead, or mentioned at least twice.
// ents must be ordered as Find returns them.
func Tags(ents []Entity) []Entity {
	var out []Entity
	for _, e := range ents {
		if len(out) == MaxTags {
			break
		}
		salient := e.InHeadline || e.InLead || e.Mentions >= 2
		if e.Kind == Other && e.Mentions < 2 {
			salient = false // things and events: only when the story dwells on them
		}
		if salient {
			out = append(out, e)
		}
	}
	return out
}

// Unify rewrites the entities of every story in place so that one real
// thing has one Name and Kind across the site: a bare surname takes the
// full name when exactly one person of the site has that surname
// ("Khamenei" -> "Ali Khamenei"); a short form seen elsewhere as the alias
// of exactly one entity takes that entity's name ("IRGC"); and each name
// takes the kind most of its mentions have. It runs in time linear in the
// number of entities.
func Unify(stories [][]Entity) {
	byLast := map[string]map[string]bool{} // folded surname -> full person names
	aliasOf := map[string]map[string]bool{}
	for _, ents := range stories {
		for _, e := range ents {
			if e.Kind == Person && strings.Contains(e.Name, " ") {
				for _, ln := range lastNames(e.Name) {
					addTo(byLast, ln, e.Name)
				}
			}
			for _, a := range e.Aliases {
				if fold(a) != fold(e.Name) {
					addTo(aliasOf, fold(a), e.Name)
				}
			}
		}
	}
	votes := map[string]*[4]int{}
	for s, ents := range stories {
		for i := range ents {
			e := &ents[i]
			to := ""
			if !strings.Contains(e.Name, " ") && (e.Kind == Person || e.Kind == Other) {
				to = only(byLast[fold(e.Name)])
			}
			if to == "" {
				to = only(aliasOf[fold(e.Name)])
			}
			if to != "" && to != e.Name {
				e.Aliases = appendNew(e.Aliases, e.Name)
				e.Name = to
			}
			v := votes[e.Name]
			if v == nil {
				v = &[4]int{}
				votes[e.Name] = v
			}
			v[kindIndex(e.Kind)] += e.Mentions
		}
		stories[s] = dedupe(ents)
	}
	for _, ents := range stories {
		for i := range ents {
			v := votes[ents[i].Name]
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

func addTo(m map[string]map[string]bool, k, v string) {
	s := m[k]
	if s == nil {
		s = map[string]bool{}
		m[k] = s
	}
	s[v] = true
}

// only returns the single member of s, or "" when there are none or several.
func only(s map[string]bool) string {
	if len(s) != 1 {
		return ""
	}
	for k := range s {
		return k
	}
	return ""
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// dedupe merges entities of one story that now share a name.
func dedupe(ents []Entity) []Entity {
	at := map[string]int{}
	out := ents[:0]
	for _, e := range ents {
		j, ok := at[e.Name]
		if !ok {
			at[e.Name] = len(out)
			out = append(out, e)
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
	sortBySalience(out)
	return out
}
