// Package topic picks a few keyphrases per story ("executions", "nuclear
// talks") from statistics over the whole corpus: how often a phrase occurs in
// the story against how many stories have it.
package topic

import (
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A doc is one story reduced to its candidate phrase counts.
type doc struct {
	counts map[string]int // phrase key -> occurrences
}

// Extract returns up to max keyphrases for each of docs (max is capped at
// 3), best first. Names, stopwords, weekdays, months and generic news words
// are never chosen; a phrase must occur at least twice in its story. The
// result is deterministic and costs time linear in the corpus size.
func Extract(docs []string, max int) [][]string {
	if max > 3 {
		max = 3
	}
	proper := map[string]int{} // >0: the word is mostly capitalised inside sentences
	surface := map[string]map[string]int{}
	parsed := make([]doc, len(docs))
	for i, d := range docs {
		parsed[i] = scan(d, proper, surface)
	}
	df := map[string]int{}
	for _, d := range parsed {
		for k := range d.counts {
			df[k]++
		}
	}
	n := float64(len(docs))
	out := make([][]string, len(docs))
	for i, d := range parsed {
		heads := shortLines(docs[i])
		type cand struct {
			key   string
			score float64
		}
		var cs []cand
		for k, tf := range d.counts {
			if tf < 2 || named(k, proper) || heads[display(k, surface)] {
				continue // a subheading line is layout, not a topic
			}
			if !strings.Contains(k, " ") && strings.HasSuffix(k, "ed") {
				continue // a lone past participle ("received") names no topic
			}
			if len(docs) >= 10 && float64(df[k]) > n/4 {
				continue // in a quarter of all stories: not what this one is about
			}
			s := float64(tf) * math.Log(1+n/float64(df[k]))
			if strings.Contains(k, " ") {
				s *= 1.5 // a two-word phrase says more
			}
			cs = append(cs, cand{k, s})
		}
		sort.Slice(cs, func(a, b int) bool {
			if cs[a].score != cs[b].score {
				return cs[a].score > cs[b].score
			}
			return cs[a].key < cs[b].key
		})
		var picked []string
		for _, c := range cs {
			if len(picked) == max {
				break
			}
			if overlaps(c.key, picked) {
				continue
			}
			picked = append(picked, c.key)
		}
		for j, k := range picked {
			picked[j] = display(k, surface)
		}
		out[i] = picked
	}
	return out
}

// shortLines returns the words and word pairs of a text's short lines:
// subheadings, whose words are layout rather than the story's topic.
func shortLines(text string) map[string]bool {
	m := map[string]bool{}
	for _, l := range strings.Split(text, "\n") {
		l = strings.ToLower(strings.Trim(l, " \t'\"‘’“”.:"))
		fs := strings.Fields(l)
		if len(fs) == 0 || len(fs) > 4 {
			continue
		}
		for j, w := range fs {
			m[w] = true
			if j > 0 {
				m[fs[j-1]+" "+w] = true
			}
		}
	}
	return m
}

// scan counts the candidate words and word pairs of one text.
func scan(text string, proper map[string]int, surface map[string]map[string]int) doc {
	d := doc{counts: map[string]int{}}
	prev := ""
	sentStart := true
	for i := 0; i < len(text); {
		r, w := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			if r == '.' || r == '!' || r == '?' || r == '"' || r == '“' || r == ':' || r == '\n' {
				sentStart = true
				prev = ""
			} else if !unicode.IsSpace(r) && r != '-' && r != '\'' && r != '’' {
				prev = "" // a comma or bracket breaks a phrase
			}
			i += w
			continue
		}
		j := i
		for j < len(text) {
			r2, w2 := utf8.DecodeRuneInString(text[j:])
			if unicode.IsLetter(r2) || (r2 == '-' && j+w2 < len(text) && isLetterAt(text, j+w2)) {
				j += w2
				continue
			}
			break
		}
		word := text[i:j]
		i = j
		// possessive and contractions: "Iran's" counts as "Iran"
		if strings.HasPrefix(text[i:], "'s") {
			i += len("'s")
		} else if strings.HasPrefix(text[i:], "’s") {
			i += len("’s")
		}
		lw := strings.ToLower(word)
		c, _ := utf8.DecodeRuneInString(word)
		if unicode.IsUpper(c) {
			if !sentStart {
				proper[lw]++
			}
		} else {
			proper[lw]--
		}
		sentStart = false
		if stop[lw] || utf8.RuneCountInString(lw) < 3 {
			prev = ""
			continue
		}
		key := stem(lw)
		rememberSurface(surface, key, lw)
		if !generic[lw] {
			d.counts[key]++
		}
		if prev != "" && !generic[lw] {
			pair := prev + " " + key
			d.counts[pair]++
			rememberSurface(surface, pair, prevSurface(surface, prev)+" "+lw)
		}
		prev = key
		if generic[lw] {
			prev = ""
		}
	}
	return d
}

func isLetterAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r)
}

// stem folds plurals so "execution" and "executions" count together.
func stem(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") &&
		!strings.HasSuffix(w, "is") && len(w) > 4:
		return w[:len(w)-1]
	}
	return w
}

func rememberSurface(m map[string]map[string]int, key, s string) {
	x := m[key]
	if x == nil {
		x = map[string]int{}
		m[key] = x
	}
	x[s]++
}

func prevSurface(m map[string]map[string]int, key string) string {
	return best(m[key], key)
}

// display is the form a phrase is most often written in.
func display(key string, m map[string]map[string]int) string {
	return best(m[key], key)
}

func best(forms map[string]int, fallback string) string {
	out, n := fallback, 0
	for f, c := range forms {
		if c > n || c == n && f < out {
			out, n = f, c
		}
	}
	return out
}

// named tells a phrase with a word mostly written capitalised: a name.
func named(key string, proper map[string]int) bool {
	for _, w := range strings.Fields(key) {
		if proper[w] > 0 || proper[w+"s"] > 0 {
			return true
		}
	}
	return false
}

func overlaps(k string, picked []string) bool {
	for _, p := range picked {
		if strings.Contains(" "+p+" ", " "+k+" ") || strings.Contains(" "+k+" ", " "+p+" ") {
			return true
		}
		for _, w := range strings.Fields(k) {
			if strings.Contains(" "+p+" ", " "+w+" ") {
				return true
			}
		}
	}
	return false
}

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// stop are function words, weekdays and months: never part of a topic.
var stop = set(`a an the and or but nor so yet for of to in on at by with from into onto over under about above
below after before during since until while as than then that this these those there here their them they
its his her hers him he she it we us our you your i me my mine who whom whose which what when where why how
is are was were be been being am has have had having do does did doing will would shall should can could
may might must not no nor only also just even still very too more most much many some any all each every
both few other such own same again further once out off up down through between against among within without
upon per via amid despite although though because unless whether if else one two three four five six seven
eight nine ten first second third new last next monday tuesday wednesday thursday friday saturday sunday
january february march april june july august september october november december mondays tuesdays
wednesdays thursdays fridays saturdays sundays jan feb mar apr jun jul aug sep sept oct nov dec today
tomorrow yesterday tonight now ago already yet around across along toward towards near like including
according also however well back away never always often sometimes perhaps maybe whose whether itself
themselves himself herself ourselves yourself behind beside besides beyond inside outside below beneath
above throughout within`)

// generic are news words too common to say what a story is about.
var generic = set(`said say says saying told tell tells added add adds asked ask asks stated noted according
reported report reports reporting official officials source sources spokesman spokeswoman statement
statements year years month months week weeks day days time times people person country countries
government governments state states city cities world national international local news media press
percent cent number numbers part parts way ways thing things lot group groups including made make makes
making take takes took taken get gets got give gives gave given come comes came going goes went see seen
saw know known knew think thought want wants wanted use used uses using call called calls need needs
needed work works worked help helped show shows showed shown expected expect expects likely set sets
put puts including end ended ends began begin begins start started starts told also whose recent recently
former current major key top high low large small big little good great long short early late earlier
later past future last next previous several certain various many much including since based issue
issues matter matters move moves moved plan plans planned continue continued continues remain remained
remains according level levels side sides case cases point points place places area areas region
regions team teams member members leader leaders head total average market markets price prices
share shares percent company companies firm firms analyst analysts mr mrs ms dr president minister
chief director told reporter reporters received message messages remarks nations citizens
official comment comments
`)
