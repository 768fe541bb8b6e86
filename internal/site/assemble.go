package site

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"

	"digest/internal/memo"
	"digest/internal/parallel"
	"digest/internal/story"
)

// maxSlugWarnings is how many slug collisions are reported one by one; a
// corpus of syndicated copies can have thousands.
const maxSlugWarnings = 10

// maxRelated is how many related stories a story page lists.
const maxRelated = 5

// Assemble builds the site from stories (in input order) and the labels
// the tagging stage gave each. It returns warnings for what it had to
// decide, such as slug collisions.
func Assemble(cfg Config, stories []story.Story, labels [][]Label) (*Site, []string) {
	return AssembleMemo(cfg, stories, labels, nil)
}

// AssembleMemo is Assemble, taking the related stories from m when what
// they are found from did not change since the last build, and leaving
// this build's there. m may be nil.
func AssembleMemo(cfg Config, stories []story.Story, labels [][]Label, m *memo.Table) (*Site, []string) {
	var warns []string
	st := &Site{Config: cfg}
	all := make([]*Story, len(stories))
	parallel.For(len(stories), func(i int) error {
		all[i] = &Story{Story: stories[i]}
		all[i].Words = countWords(all[i])
		return nil
	})

	// Slugs are given oldest first, so that a new story never takes the
	// slug of one already published.
	byAge := slices.Clone(all)
	slices.SortStableFunc(byAge, func(a, b *Story) int { return a.Date.Compare(b.Date) })
	// "index" would be the folder's index page on many hosts.
	used := map[string]*Story{"index": {}}
	next := map[string]int{} // the next suffix to try for a base slug
	collisions := 0
	// Each story's own slug first, on all cores: the transliteration
	// behind it is the slow part; taking turns for them is not.
	bases := make(map[*Story]string, len(all))
	{
		b := make([]string, len(all))
		parallel.For(len(all), func(i int) error {
			s := all[i]
			want := s.Slug
			if want == "" {
				want = s.Title
			}
			b[i] = makeSlug(want, 80)
			if b[i] == "" {
				b[i] = "story-" + shortHash(s.File, s.FirstLine)
			}
			return nil
		})
		for i, s := range all {
			bases[s] = b[i]
		}
	}
	for _, s := range byAge {
		base := bases[s]
		sl := base
		for n := max(2, next[base]); used[sl] != nil; n++ {
			sl = base + "-" + strconv.Itoa(n)
			next[base] = n + 1
		}
		if sl != base {
			collisions++
		}
		if sl != base && collisions <= maxSlugWarnings {
			o := used[base]
			by := fmt.Sprintf("taken by %s:%d", o.File, o.FirstLine)
			if o.File == "" {
				by = "reserved"
			}
			warns = append(warns, fmt.Sprintf("%s:%d: slug %q is %s; using %q (set slug: to choose another)", s.File, s.FirstLine, base, by, sl))
		}
		used[sl] = s
		s.Slug = sl
		s.Path = "stories/" + sl + ".html"
	}

	if collisions > maxSlugWarnings {
		warns = append(warns, fmt.Sprintf("%d more stories had a slug already taken and got a numbered one", collisions-maxSlugWarnings))
	}

	// Retellings point at their original; the original lists them.
	for i, s := range all {
		if d := s.DuplicateOf; d >= 0 && d < len(all) && d != i {
			s.Original = all[d]
			all[d].Retellings = append(all[d].Retellings, s)
		}
	}

	// An event covered by several stories weighs more.
	for _, s := range all {
		s.Weight = 1 + len(s.Retellings)
		for _, r := range s.Story.Related {
			if r >= 0 && r < len(all) && all[r].Original == nil {
				s.Weight++
			}
		}
	}

	// Newest day first; within a day, the biggest events first; ties keep
	// input order, which is the digest's own order.
	// Each story's day as Unix seconds, which order as the days do, on
	// all cores; then its number in all is sorted, not the story, so
	// that the comparison needs no map.
	day := make([]int64, len(all))
	parallel.For(len(all), func(i int) error {
		day[i] = dayOf(all[i].Date, cfg.Location).Unix()
		return nil
	})
	order := make([]int32, len(all))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		if c := cmp.Compare(day[b], day[a]); c != 0 {
			return c
		}
		return cmp.Compare(all[b].Weight, all[a].Weight)
	})
	st.Stories = make([]*Story, len(all))
	for k, i := range order {
		st.Stories[k] = all[i]
	}
	for _, s := range st.Stories {
		s.pos = -1
		if s.Original == nil {
			s.pos = int32(len(st.Listed))
			st.Listed = append(st.Listed, s)
		}
	}
	for i, s := range st.Listed {
		if i > 0 {
			s.Newer = st.Listed[i-1]
		}
		if i+1 < len(st.Listed) {
			s.Older = st.Listed[i+1]
		}
	}
	if len(st.Listed) > 0 {
		st.Updated = st.Listed[0].Date
	}

	warns = append(warns, assembleTags(st, all, labels)...)
	// From here on, the tags and stories' tag lists are fixed, and what
	// follows is done in parts that share nothing they write: one part's
	// turns on one core overlap another's. Related stories and tags (see
	// relateMemo) count by each listed story's tags by number.
	tagIDs := listedTagNumbers(st)
	var wg sync.WaitGroup
	wg.Go(func() {
		st.InTheNews = inTheNews(st, 7, 12)
		st.Speakers = speakers(st)
	})
	parallel.For(len(all), func(i int) error {
		all[i].TagGroups = GroupByKind(all[i].Tags)
		return nil
	})
	assembleDays(st)
	relateMemo(st, all, tagIDs, m)
	wg.Wait()
	return st, warns
}

// listedTagNumbers numbers the tags by their place in st.Tags and returns,
// by listing position, each listed story's tags by number, in its order.
func listedTagNumbers(st *Site) [][]int32 {
	for j, t := range st.Tags {
		t.num = int32(j)
	}
	ids := make([][]int32, len(st.Listed))
	parallel.For(len(st.Listed), func(i int) error {
		tags := st.Listed[i].Tags
		l := make([]int32, 0, len(tags))
		for _, t := range tags {
			// Every tag of a listed story has a page, so a number;
			// the test keeps that an assumption checked.
			if j := t.num; int(j) < len(st.Tags) && st.Tags[j] == t {
				l = append(l, j)
			}
		}
		ids[i] = l
		return nil
	})
	return ids
}

// dayOf is the start of t's calendar day in loc.
func dayOf(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// inTheNews counts the entity tags of the stories of the last days days
// before the newest story, and returns the top n.
func inTheNews(st *Site, days, n int) []NewsMaker {
	if len(st.Listed) == 0 {
		return nil
	}
	since := dayOf(st.Listed[0].Date, st.Config.Location).AddDate(0, 0, 1-days)
	count := map[*Tag]int{}
	for _, s := range st.Listed {
		if s.Date.Before(since) {
			continue
		}
		for _, t := range s.Tags {
			if t.Kind == "person" || t.Kind == "organization" || t.Kind == "place" {
				count[t]++
			}
		}
	}
	var top []NewsMaker
	for t, c := range count {
		top = append(top, NewsMaker{Tag: t, Stories: c})
	}
	slices.SortFunc(top, func(a, b NewsMaker) int {
		return cmp.Or(cmp.Compare(b.Stories, a.Stories), cmp.Compare(a.Tag.Slug, b.Tag.Slug))
	})
	return top[:min(len(top), n)]
}

// speakers gathers every attributed quote by speaker. A speaker with a
// person tag of the same name links to it.
func speakers(st *Site) []*Speaker {
	byName := map[string]*Speaker{}
	var list []*Speaker
	tagOf := map[string]*Tag{}
	for _, t := range st.Tags {
		if t.Kind == "person" {
			tagOf[strings.ToLower(t.Name)] = t
		}
	}
	for _, s := range st.Listed {
		for i, b := range s.Blocks {
			if b.Kind != story.Quote || b.Speaker == "" {
				continue
			}
			q := Quote{Text: b.Text, Words: quoted(b.Text), Speaker: b.Speaker, Story: s, Anchor: QuoteAnchor(i)}
			s.Quotes = append(s.Quotes, q)
			if g := slices.IndexFunc(s.QuotesBy, func(g SpeakerQuotes) bool { return strings.EqualFold(g.Speaker, q.Speaker) }); g >= 0 {
				s.QuotesBy[g].Quotes = append(s.QuotesBy[g].Quotes, q)
			} else {
				s.QuotesBy = append(s.QuotesBy, SpeakerQuotes{Speaker: q.Speaker, Quotes: []Quote{q}})
			}
			key := strings.ToLower(b.Speaker)
			sp := byName[key]
			if sp == nil {
				sp = &Speaker{Name: b.Speaker, Tag: tagOf[key]}
				byName[key] = sp
				list = append(list, sp)
			}
			sp.Quotes = append(sp.Quotes, q)
		}
	}
	slices.SortStableFunc(list, func(a, b *Speaker) int {
		return cmp.Or(cmp.Compare(len(b.Quotes), len(a.Quotes)), cmp.Compare(a.Name, b.Name))
	})
	return list
}

// assembleTags unifies tags case-insensitively, gives each a unique slug
// and links tags and stories.
func assembleTags(st *Site, all []*Story, labels [][]Label) []string {
	var warns []string
	// Each story's labels after tags.yaml, with their names tidied and
	// their keys, on all cores; then the tags, which the labels of one
	// key make in turn: each worker takes the keys of one shard, going
	// through the labels in order; then each story's tags, on all cores.
	workers := runtime.GOMAXPROCS(0)
	type label struct {
		Label
		name, key string
		shard     int
		tag       *Tag
	}
	prepared := make([][]label, len(all))
	parallel.For(len(all), func(i int) error {
		s := all[i]
		// The front matter's tags, then the tagger's labels, taken
		// where they are: gathered into one list first, they were a
		// twentieth of all a build of 100,000 stories allocated.
		var found []Label
		if i < len(labels) {
			found = labels[i]
		}
		out := make([]label, 0, len(s.Story.Tags)+len(found))
		for j := range len(s.Story.Tags) + len(found) {
			var l Label
			if j < len(s.Story.Tags) {
				l = Label{Name: s.Story.Tags[j]}
			} else {
				l = found[j-len(s.Story.Tags)]
			}
			l, keep := st.Config.TagRules.apply(l)
			if !keep {
				continue
			}
			name := tidy(l.Name)
			if name == "" {
				continue
			}
			key := strings.ToLower(name)
			out = append(out, label{Label: l, name: name, key: key, shard: shardOf(key, workers)})
		}
		prepared[i] = out
		return nil
	})
	// A tag's key is its name lower-cased: kept with it for the sort,
	// which would otherwise lower-case both names at every comparison.
	type keyed struct {
		t   *Tag
		key string
	}
	shards := make([][]keyed, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			byKey := map[string]*Tag{}
			var order []keyed
			for i := range prepared {
				for k := range prepared[i] {
					l := &prepared[i][k]
					if l.shard != w {
						continue
					}
					t := byKey[l.key]
					if t == nil {
						t = &Tag{Name: l.name}
						byKey[l.key] = t
						order = append(order, keyed{t, l.key})
					}
					if l.Pinned || (t.Kind == "" && l.Kind != "") {
						t.Kind = l.Kind
					}
					for _, a := range l.Aliases {
						if !slices.Contains(t.Aliases, a) && !strings.EqualFold(a, t.Name) {
							t.Aliases = append(t.Aliases, a)
						}
					}
					l.tag = t
				}
			}
			shards[w] = order
		})
	}
	wg.Wait()
	parallel.For(len(all), func(i int) error {
		s := all[i]
		if len(prepared[i]) > 0 {
			s.Tags = make([]*Tag, 0, len(prepared[i])) // once, not grown
		}
		for _, l := range prepared[i] {
			if !slices.Contains(s.Tags, l.tag) {
				s.Tags = append(s.Tags, l.tag)
			}
		}
		return nil
	})
	// Keys are unique, so the order of the sort's input is not seen in
	// its output.
	order := slices.Concat(shards...)
	slices.SortFunc(order, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.t.Name, b.t.Name))
	})
	tags := make([]*Tag, len(order))
	for i, k := range order {
		tags[i] = k.t
	}
	// tags/index.html is the tags index.
	used := map[string]*Tag{"index": {Name: "(the tags index)"}}
	bases := make([]string, len(tags))
	parallel.For(len(tags), func(i int) error {
		t := tags[i]
		slices.Sort(t.Aliases)
		bases[i] = makeSlug(t.Name, 60)
		if bases[i] == "" {
			bases[i] = "tag-" + shortHash(t.Name, 0)
		}
		return nil
	})
	for i, t := range tags {
		base := bases[i]
		sl := base
		for n := 2; used[sl] != nil; n++ {
			sl = fmt.Sprintf("%s-%d", base, n)
		}
		if sl != base {
			warns = append(warns, fmt.Sprintf("tags %q and %q share the slug %q; %q gets %q (rename one in tags.yaml to merge or separate them)", used[base].Name, t.Name, base, t.Name, sl))
		}
		used[sl] = t
		t.Slug = sl
		t.Path = "tags/" + sl + ".html"
	}
	for _, s := range st.Listed {
		for _, t := range s.Tags {
			t.Stories = append(t.Stories, s)
		}
	}
	// Tags only retellings carry have no page of their own.
	st.Tags = slices.DeleteFunc(tags, func(t *Tag) bool { return len(t.Stories) == 0 })
	for _, s := range all {
		s.Tags = slices.DeleteFunc(s.Tags, func(t *Tag) bool { return len(t.Stories) == 0 })
	}
	return warns
}

// coTags finds, for every tag, the tags that most often share a story with
// it. Tags are counted by number in flat arrays and the best few selected,
// not sorted: the most common tag shares stories with nearly every other.
// tagIDs holds, by listing position, each listed story's tags by number
// (see listedTagNumbers).
func coTags(tags []*Tag, tagIDs [][]int32) {
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			count := make([]int32, len(tags))
			var touched []int32
			for ti := w; ti < len(tags); ti += workers {
				t := tags[ti]
				for _, s := range t.Stories {
					for _, o := range tagIDs[s.pos] {
						if count[o] == 0 {
							touched = append(touched, o)
						}
						count[o]++
					}
				}
				// The tag itself is counted too, and taken out of the
				// candidates here: one search, not a test for each count.
				// Their order is not seen in the best, which are ordered
				// by count and unique slug.
				if i := slices.Index(touched, int32(ti)); i >= 0 {
					touched[i] = touched[len(touched)-1]
					touched = touched[:len(touched)-1]
					count[ti] = 0
				}
				var buf [maxCoTags]int32
				best := selectBest(buf[:], touched, func(a, b int32) bool {
					if count[a] != count[b] {
						return count[a] > count[b]
					}
					return tags[a].Slug < tags[b].Slug
				})
				t.Related = make([]*Tag, len(best))
				for i, o := range best {
					t.Related[i] = tags[o]
				}
				for _, o := range touched {
					count[o] = 0
				}
				touched = touched[:0]
			}
		})
	}
	wg.Wait()
}

// shardOf is key's shard of n, by a sum of its length and end bytes:
// cheap, and even enough for a few shards.
func shardOf(key string, n int) int {
	if n == 1 || key == "" {
		return 0
	}
	return int((uint(len(key)) + uint(key[0]) + uint(key[len(key)-1])) % uint(n))
}

// maxCoTags is how many co-occurring tags a tag page shows.
const maxCoTags = 8

func assembleDays(st *Site) {
	var cur *Day
	for _, s := range st.Listed {
		if s.Date.IsZero() {
			continue
		}
		d := s.Date.In(st.Config.Location)
		if cur == nil || !sameDay(cur.Date, d) {
			cur = &Day{Date: d, Path: d.Format("2006/01/02") + ".html"}
			st.Days = append(st.Days, cur)
		}
		cur.Stories = append(cur.Stories, s)
		s.Day = cur
	}
	for _, s := range st.Stories {
		if s.Original != nil {
			s.Day = s.Original.Day
		}
	}
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// relate finds each story's related stories: first those the parser found
// to be about the same event, then those sharing the most tags, weighted by
// how rare each tag is (IDF). Candidates come from the tags' story lists,
// an inverted index, so no two stories are compared unless they share a
// tag; a very common tag adds only the stories nearest in time.
//
// tagIDs holds, by listing position, each listed story's tags by number
// (see listedTagNumbers).
func relate(st *Site, all []*Story, tagIDs [][]int32) {
	relateRuns.Add(1)
	n := len(st.Listed)
	if n == 0 {
		return
	}
	// Each tag's stories as listing positions, ascending, and its
	// weight, by the tag's number.
	lists := make([][]int32, len(st.Tags))
	idf := make([]float64, len(st.Tags))
	parallel.For(len(st.Tags), func(j int) error {
		t := st.Tags[j]
		l := make([]int32, len(t.Stories))
		for i, o := range t.Stories {
			l[i] = o.pos
		}
		lists[j] = l
		idf[j] = math.Log(1 + float64(n)/float64(len(t.Stories)))
		return nil
	})
	// A tag on more than common stories adds only the window of stories
	// nearest in time: the work per story is bounded, so the whole is
	// linear in the number of stories.
	const window, common = 40, 400
	numbered := true
	for i, s := range st.Listed {
		numbered = numbered && len(tagIDs[i]) == len(s.Tags)
	}
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := relater{score: make([]float64, n), from: make([]int32, len(st.Tags)), mark: make([]int32, len(st.Tags)), place: make([]uint8, len(st.Tags)), places: make([]uint64, n), numbered: numbered}
			for si := w; si < n; si += workers {
				r.relateOne(st, all, si, tagIDs, lists, idf, window, common)
			}
		}()
	}
	wg.Wait()
}

// relateRuns counts relate's runs, for the test that an unchanged input
// is not related again.
var relateRuns atomic.Int64

// A relater is one worker's scratch for relateOne.
type relater struct {
	score   []float64 // by listing position; zero between stories
	touched []int32   // the positions score is not zero at
	// from is, by tag number, where in the tag's list the stories at
	// the current position or later start: a worker's positions only
	// grow, so it only moves forward, where a binary search would start
	// over for every story.
	from []int32
	// mark is, by tag number, the stamp of the last story whose tags
	// were marked.
	mark  []int32
	stamp int32
	// place is, by tag number, the tag's place in the tags of the story
	// sameEvent marked last.
	place []uint8
	// numbered is whether every tag of every listed story has a number,
	// so is in its tags by number: sameEvent sees shared tags by them.
	numbered bool
	// places is, by listing position, the places of the tags a candidate
	// of sameEvent shares with the story: set for its candidates only.
	places []uint64
}

// relateOne finds the related stories of the story at listing position
// si, which must be greater than at the last call.
func (r *relater) relateOne(st *Site, all []*Story, si int, tagIDs [][]int32, lists [][]int32, idf []float64, window, common int) {
	s := st.Listed[si]
	score := r.score
	var touched []int32
	fast := r.sameEvent(st, all, si, tagIDs, lists, idf, window, common)
	if fast {
		touched = r.touched
	} else {
		touched = r.scoreAll(st, all, si, tagIDs, lists, idf, window, common)
	}
	// The best few by score, ties to the nearest in the listing: a
	// selection, not a sort of every candidate.
	var buf [maxRelated]int32
	best := bestByScore(&buf, touched, score, int32(si))
	// Lists made at their size: grown by append, they were a twentieth
	// of what a build of 100,000 stories allocated, after the heap had
	// reached its budget.
	s.Related = slices.Grow(s.Related, len(best))
	for _, o := range best {
		rel := st.Listed[o]
		var sh []*Tag
		if fast {
			// The places of the tags shared, which sameEvent found.
			if places := r.places[o]; places != 0 {
				sh = make([]*Tag, 0, bits.OnesCount64(places))
				for ; places != 0; places &= places - 1 {
					sh = append(sh, s.Tags[bits.TrailingZeros64(places)])
				}
			}
		} else if len(tagIDs[si]) == len(s.Tags) && len(tagIDs[o]) == len(rel.Tags) {
			// shared(s.Tags, rel.Tags) by marks: every tag has a number.
			r.stamp++
			for _, j := range tagIDs[o] {
				r.mark[j] = r.stamp
			}
			n := 0
			for _, j := range tagIDs[si] {
				if r.mark[j] == r.stamp {
					n++
				}
			}
			if n > 0 {
				sh = make([]*Tag, 0, n)
				for k, j := range tagIDs[si] {
					if r.mark[j] == r.stamp {
						sh = append(sh, s.Tags[k])
					}
				}
			}
		} else {
			sh = shared(s.Tags, rel.Tags)
		}
		s.Related = append(s.Related, Related{Story: rel, Shared: sh, SharedNames: joinNames(sh)})
	}
	r.touched = touched
}

// scoreAll scores every story sharing a tag with the story at listing
// position si, or about the same event, and returns them.
func (r *relater) scoreAll(st *Site, all []*Story, si int, tagIDs [][]int32, lists [][]int32, idf []float64, window, common int) []int32 {
	s := st.Listed[si]
	score, touched := r.score, r.touched[:0]
	// The story itself is counted too, and passed over when the best are
	// chosen: one test for each candidate, not one for each tag's story.
	for k, j := range tagIDs[si] {
		list := lists[j]
		if len(list) > common {
			i := int(r.from[j])
			for i < len(list) && int(list[i]) < si {
				i++
			}
			r.from[j] = int32(i)
			list = list[max(0, i-window/2):min(len(list), i+window/2+1)]
		}
		if k == 0 {
			// Every score is zero yet, and a tag's stories are
			// distinct: each of the first list's starts at its weight.
			touched = append(touched, list...)
			w := idf[j]
			for _, o := range list {
				score[o] = w
			}
			continue
		}
		touched = addScores(score, touched, list, idf[j])
	}
	// Stories about the same event come first, whatever their tags.
	for _, d := range s.Story.Related {
		if d >= 0 && d < len(all) && all[d].Original == nil {
			if o := all[d].pos; o >= 0 && int(o) != si {
				v := score[o]
				if v == 0 {
					touched = append(touched, o)
				}
				score[o] = v + 1000
			}
		}
	}
	return touched
}

// sameEvent scores only the stories about the same event as the story
// at listing position si, when that is enough: each scores 1000 more than
// any tag can bring, so when there are maxRelated of them the others
// cannot be chosen, and their tags' lists, most of relate's work, need
// not be read. A candidate's score is the weights of the tags it shares
// with si, added in the order of si's tags as scoreAll adds them, then
// its 1000s: the same sum to the bit. A candidate shares a tag when it
// has it, and, for a common tag, is in its window. sameEvent leaves the
// candidates in r.touched and their scores in r.score, and reports
// whether it did; if not, every score is zero.
func (r *relater) sameEvent(st *Site, all []*Story, si int, tagIDs [][]int32, lists [][]int32, idf []float64, window, common int) bool {
	s := st.Listed[si]
	ids := tagIDs[si]
	if !r.numbered || len(s.Story.Related) < maxRelated || len(ids) > 64 {
		return false
	}
	// Si's tags are marked with their place in its list; each tag
	// shared is a bit of that place, and the bits are added in order.
	var w [64]float64
	var lo, hi [64]int32 // the window of the tag at each place
	var total float64
	r.stamp++
	stamp := r.stamp
	for k, j := range ids {
		r.mark[j], r.place[j] = stamp, uint8(k)
		w[k] = idf[j]
		total += idf[j]
		lo[k], hi[k] = 0, math.MaxInt32
		if list := lists[j]; len(list) > common {
			i := int(r.from[j])
			for i < len(list) && int(list[i]) < si {
				i++
			}
			r.from[j] = int32(i)
			lo[k], hi[k] = list[max(0, i-window/2)], list[min(len(list), i+window/2+1)-1]
		}
	}
	// Far below 1000, with room for rounding: the sum of all the
	// story's weights bounds what tags bring any other story.
	if !(total < 999) {
		return false
	}
	score, touched := r.score, r.touched[:0]
	for _, d := range s.Story.Related {
		if d < 0 || d >= len(all) || all[d].Original != nil {
			continue
		}
		o := all[d].pos
		if o < 0 || int(o) == si {
			continue
		}
		v := score[o]
		if v == 0 {
			// Scored once: after it, its score is at least 1000.
			places := placesOf(tagIDs[o], r.mark, r.place, stamp)
			for p := places; p != 0; p &= p - 1 {
				if k := bits.TrailingZeros64(p); o >= lo[k] && o <= hi[k] {
					v += w[k]
				}
			}
			r.places[o] = places
			touched = append(touched, o)
		}
		score[o] = v + 1000
	}
	r.touched = touched
	if len(touched) < maxRelated {
		for _, o := range touched {
			score[o] = 0
		}
		return false
	}
	return true
}

// placesOf is a bit for the place of each of tags marked with stamp.
// Apart, its loop has the registers to itself.
//
//go:noinline
func placesOf(tags, mark []int32, place []uint8, stamp int32) uint64 {
	var places uint64
	for _, j := range tags {
		if mark[j] == stamp {
			places |= 1 << (place[j] & 63)
		}
	}
	return places
}

// joinNames is the names of tags joined by ", ", as strings.Join would
// make them, without a list of the names first.
func joinNames(tags []*Tag) string {
	switch len(tags) {
	case 0:
		return ""
	case 1:
		return tags[0].Name
	}
	n := 2 * (len(tags) - 1)
	for _, t := range tags {
		n += len(t.Name)
	}
	var b strings.Builder
	b.Grow(n)
	for i, t := range tags {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(t.Name)
	}
	return b.String()
}

// addScores adds w to the score of each story of list, appending those it
// finds at zero to touched. Apart, its loop has the registers to itself.
// Weights are positive, so a score is never -0: a zero is all zero bits,
// tested as an integer.
//
//go:noinline
func addScores(score []float64, touched, list []int32, w float64) []int32 {
	// Room made first, and written by index: the loop keeps the length
	// in one register, and has no call of append's growth path.
	n := len(touched)
	touched = slices.Grow(touched, len(list))
	t := touched[:cap(touched)]
	for _, o := range list {
		v := score[o]
		if math.Float64bits(v) == 0 {
			t[n] = o
			n++
		}
		score[o] = v + w
	}
	return t[:n]
}

// selectBest fills best with the candidates that come first by better, in
// that order, and returns the filled part: an insertion into a short
// sorted array, where most candidates are rejected at its last element,
// instead of a sort of them all.
func selectBest(best, candidates []int32, better func(a, b int32) bool) []int32 {
	k := 0
	for _, o := range candidates {
		if k < len(best) {
			best[k] = o
			k++
		} else if better(o, best[k-1]) {
			best[k-1] = o
		} else {
			continue
		}
		for j := k - 1; j > 0 && better(best[j], best[j-1]); j-- {
			best[j], best[j-1] = best[j-1], best[j]
		}
	}
	return best[:k]
}

// tidy is strings.Join(strings.Fields(s), " "), without a copy when s is
// tidy already, as nearly every tag name is.
func tidy(s string) string {
	prev := uint8(tidySpace) // a space first is not tidy
	for i := 0; i < len(s); i++ {
		// A space after a space, or a byte that is never tidy: one
		// test of the byte's class, not several of the byte.
		c := tidyClass[s[i]]
		if c&(prev|tidyNever) != 0 {
			return strings.Join(strings.Fields(s), " ")
		}
		prev = c
	}
	if prev == tidySpace { // a space last, or nothing at all
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// tidyClass is each byte's class for tidy: tidySpace for ' ', tidyNever
// for the other spaces strings.Fields sees and every byte of a non-ASCII
// character (some are spaces too), 0 for the rest.
var tidyClass = func() (t [256]uint8) {
	t[' '] = tidySpace
	for _, c := range "\t\n\v\f\r" {
		t[c] = tidyNever
	}
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = tidyNever
	}
	return t
}()

const tidySpace, tidyNever = 1, 2

// bestByScore is selectBest over candidates other than skip with better:
// the higher score, then the lower index. It also sets the score of every
// candidate back to zero, in the same pass. Written out, it compares
// without a call, against the scores of the best kept alongside them: it
// sees every candidate of every story.
func bestByScore(best *[maxRelated]int32, candidates []int32, score []float64, skip int32) []int32 {
	var top [maxRelated]float64 // score[best[j]]
	k, i := 0, 0
	// Until best is full, every candidate goes in.
	for ; i < len(candidates) && k < maxRelated; i++ {
		o := candidates[i]
		v := score[o]
		score[o] = 0
		if o == skip {
			continue
		}
		best[k], top[k] = o, v
		k++
		siftUp(best, &top, k-1)
	}
	// Then most are turned away at its last, held in registers.
	const last = maxRelated - 1
	lastO, lastV := best[last], top[last]
	for _, o := range candidates[i:] {
		v := score[o]
		score[o] = 0
		if v < lastV || v == lastV && o > lastO || o == skip {
			continue
		}
		best[last], top[last] = o, v
		siftUp(best, &top, last)
		lastO, lastV = best[last], top[last]
	}
	return best[:k]
}

// siftUp moves best[j] up to its place by score, then index.
func siftUp(best *[maxRelated]int32, top *[maxRelated]float64, j int) {
	for ; j > 0; j-- {
		if top[j] < top[j-1] || top[j] == top[j-1] && best[j] > best[j-1] {
			return
		}
		best[j], best[j-1] = best[j-1], best[j]
		top[j], top[j-1] = top[j-1], top[j]
	}
}

func shared(a, b []*Tag) []*Tag {
	var out []*Tag
	for _, t := range a {
		if slices.Contains(b, t) {
			out = append(out, t)
		}
	}
	return out
}

func shortHash(s string, n int) string {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s\x00%d", s, n)
	return fmt.Sprintf("%08x", h.Sum32())
}

// countWords counts the words of a story's blocks without splitting them.
func countWords(s *Story) int {
	n := 0
	for _, b := range s.Blocks {
		n += wordsIn(b.Text)
	}
	return n
}

// wordsIn counts the words of t: a word starts where a byte that is not
// an ASCII space follows one, or the text. This runs over every byte of
// the site, so it reads eight bytes at a time: each byte's top bit in
// word marks a byte above ' ', and the words are those whose previous
// byte is not one. The starts are summed in the bytes of a word, and
// only once a block of them added up.
func wordsIn(t string) int {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	n := 0
	inWord := uint64(0) // the top bit of byte 0 when the byte before is in a word
	// A view of t's bytes, read only: the compiler loads eight bytes of
	// a slice in one instruction, of a string byte by byte.
	b := unsafe.Slice(unsafe.StringData(t), len(t))
	for len(b) >= 8 {
		// Up to 31 eight-byte words: each byte of sum counts at most
		// 31 starts, and all eight at most 248, so one multiplication
		// adds them up without a carry out of the top byte.
		m := min(len(b), 31*8) &^ 7
		sum, ctl, last := blockStarts(b[:m], inWord, hi, 0x7f*lo, (0x7f-' ')*lo, lo)
		if ctl&hi != hi {
			// Tabs and line breaks are rare inside a block, and other
			// control characters rarer: the block again, byte by byte.
			for _, c := range b[:m] {
				w := uint64(asciiSpace[c]^1) << 7
				n += int(w &^ inWord >> 7)
				inWord = w
			}
		} else {
			n += int(sum * lo >> 56)
			inWord = last
		}
		b = b[m:]
	}
	for _, c := range b {
		w := uint64(asciiSpace[c]^1) << 7
		n += int(w &^ inWord >> 7)
		inWord = w
	}
	return n
}

// blockStarts is wordsIn's loop over the eight-byte words of b: it
// returns the starts of words summed in each byte, a word whose top bits
// are cleared where a byte is below ' ', and the word of the last byte.
// A function of its own, so that its loop has the registers to itself;
// the constants are its arguments, which it keeps in registers, where
// the compiler would load each one afresh on every round of the loop:
// hi 0x80, m7f 0x7f, c5f 0x7f-' ' and lo 0x01 in each byte.
//
//go:noinline
func blockStarts(b []byte, inWord, hi, m7f, c5f, lo uint64) (sum, ctl, last uint64) {
	ctl = hi
	for i := 0; i < len(b)-7; i += 8 { // the form that spares b[i:] its check
		x := binary.LittleEndian.Uint64(b[i:])
		t := x&m7f + c5f // bit 7 is set where a byte of x&m7f is above ' '
		word := (t | x) & hi
		ctl &= (t + lo) | x // and where it is ' ' or above, here
		sum += (word &^ (word<<8 | inWord)) >> 7
		inWord = word >> 56
	}
	return sum, ctl, inWord
}

var asciiSpace = [256]uint8{' ': 1, '\n': 1, '\t': 1, '\r': 1}

// KindOrder is the order tag kinds are shown in; "" is a tag of no known
// kind.
var KindOrder = []string{"person", "organization", "place", "other", "topic", ""}

// KindLabel is how a tag kind is named on pages.
func KindLabel(kind string) string {
	switch kind {
	case "person":
		return "Person"
	case "organization":
		return "Organisation"
	case "place":
		return "Place"
	case "topic":
		return "Topic"
	case "other":
		return "Other"
	}
	return "Tag"
}

// GroupByKind groups tags by kind, in KindOrder, keeping their order within
// a kind.
func GroupByKind(tags []*Tag) []TagGroup {
	// Each tag's kind is found in KindOrder once, not compared with
	// every kind twice, and the groups and one array of all their tags
	// are made at their size: every story has its groups.
	var placeBuf [64]int
	var countBuf [8]int
	place := placeBuf[:0]
	if len(tags) > len(placeBuf) {
		place = make([]int, 0, len(tags))
	}
	var count []int
	if len(KindOrder) > len(countBuf) {
		count = make([]int, len(KindOrder))
	} else {
		count = countBuf[:len(KindOrder)]
	}
	n, kinds := 0, 0
	for _, t := range tags {
		p := slices.Index(KindOrder, t.Kind)
		place = append(place, p)
		if p >= 0 {
			if count[p] == 0 {
				kinds++
			}
			count[p]++
			n++
		}
	}
	if kinds == 0 {
		return nil
	}
	all := make([]*Tag, n)
	groups := make([]TagGroup, 0, kinds)
	start := 0
	for k, c := range count {
		if c > 0 {
			groups = append(groups, TagGroup{Kind: KindOrder[k], Label: KindLabel(KindOrder[k]), Tags: all[start : start+c : start+c]})
		}
		count[k] = start // from here on, where the kind's next tag goes
		start += c
	}
	for i, t := range tags {
		if p := place[i]; p >= 0 {
			all[count[p]] = t
			count[p]++
		}
	}
	return groups
}

// QuoteAnchor is the id of the paragraph of block i on a story page.
func QuoteAnchor(i int) string { return "q" + strconv.Itoa(i+1) }

// quoted returns the words inside the quotation marks of a quote
// paragraph, dropping the attribution around them ("…," he said.); parts
// are joined with an ellipsis. Text with no balanced quotation marks is
// returned as it is.
func quoted(text string) string {
	var parts []string
	rest := text
	for {
		i := strings.IndexAny(rest, "\"“")
		if i < 0 {
			break
		}
		open := rest[i:]
		_, size := utf8.DecodeRuneInString(open)
		body := open[size:]
		j := strings.IndexAny(body, "\"”")
		if j < 0 {
			break
		}
		if p := strings.TrimRight(strings.TrimSpace(body[:j]), ",;:"); p != "" {
			parts = append(parts, p)
		}
		_, csize := utf8.DecodeRuneInString(body[j:])
		rest = body[j+csize:]
	}
	if len(parts) == 0 {
		return text
	}
	out := strings.Join(parts, " … ")
	if r, _ := utf8.DecodeLastRuneInString(out); !strings.ContainsRune(".!?…", r) {
		out += "."
	}
	return out
}
