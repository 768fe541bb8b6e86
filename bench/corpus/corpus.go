// Package corpus writes synthetic news sites of any size for digest's
// benchmarks: Markdown stories with front matter, raw-text bundles of
// stories back to back, and a digest.yaml. The text comes from a word model
// of made-up words and a small template grammar, so it is varied, about
// invented people, organisations and places, and copies no real corpus.
//
// The same number of stories, seed and format always give the same bytes,
// whatever the number of cores: every file depends only on its plan, and
// every story only on the seed and its number.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Format says which kinds of story file a corpus has.
type Format string

const (
	Markdown Format = "md"   // one .md file a story, under content/stories/
	Text     Format = "txt"  // .txt bundles of 5–10 stories, under content/bundles/
	Both     Format = "both" // about half the stories each way
)

// Options tune Write. The zero value is seed 1, Markdown only.
type Options struct {
	Seed   uint64
	Format Format
}

// Write writes a site of n stories into dir: dir/digest.yaml and
// dir/content/. It does not empty dir first.
func Write(dir string, n int, opts Options) error {
	if n < 0 {
		return fmt.Errorf("corpus: negative story count %d", n)
	}
	g, err := New(n, opts)
	if err != nil {
		return err
	}
	for _, sub := range []string{"content/stories", "content/bundles"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "digest.yaml"), []byte(config), 0o644); err != nil {
		return err
	}
	units := g.plan()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	for w := range errs {
		wg.Go(func() {
			var buf []byte
			for {
				i := int(next.Add(1) - 1)
				if i >= len(units) || errs[w] != nil {
					return
				}
				u := &units[i]
				buf = g.file(buf[:0], u)
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(u.name)), buf, 0o644); err != nil {
					errs[w] = err
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

const config = `# A synthetic site written by digest/bench/corpus.
title: Synthetic Digest
base_url: https://example.org/
language: en
time_zone: UTC
`

// A Generator writes the files of one corpus.
type Generator struct {
	n       int
	seed    uint64
	format  Format
	v       *vocab
	threads int // stories fall into about n/5 threads of related stories

	nounZipf, placeZipf, tagZipf zipf
	tags                         []string
}

// start and span are the two years the stories' dates spread over: in the
// past, so that a build leaves none out as scheduled.
var (
	start = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	span  = 2 * 365 * 24 * time.Hour
)

// New returns the generator of an n-story corpus.
func New(n int, opts Options) (*Generator, error) {
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	switch opts.Format {
	case "":
		opts.Format = Markdown
	case Markdown, Text, Both:
	default:
		return nil, fmt.Errorf("corpus: unknown format %q (want md, txt or both)", opts.Format)
	}
	g := &Generator{n: n, seed: opts.Seed, format: opts.Format, v: newVocab(), threads: max(1, n/5)}
	g.nounZipf = newZipf(len(g.v.nouns))
	g.placeZipf = newZipf(len(g.v.places))
	// Tag names: about n/4 of them, one to three capitalised words.
	r := rand.New(rand.NewPCG(g.seed, 1<<50))
	pool := max(50, n/4)
	seen := make(map[string]bool, pool)
	for len(g.tags) < pool {
		words := make([]string, 1+r.IntN(3))
		for i := range words {
			w := g.v.nouns[r.IntN(len(g.v.nouns))]
			if r.IntN(3) == 0 {
				w = g.v.places[r.IntN(len(g.v.places))]
			}
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
		if t := strings.Join(words, " "); !seen[t] {
			seen[t] = true
			g.tags = append(g.tags, t)
		}
	}
	g.tagZipf = newZipf(pool)
	return g, nil
}

// A unit is one file to write: a Markdown story, or a bundle whose slots
// are new stories or retellings of earlier ones.
type unit struct {
	name  string // slash path below dir
	id    int    // the Markdown story's number, or the bundle's
	date  time.Time
	slots []slot
}

type slot struct {
	id     int // the story told; for a retelling, the one retold
	retell bool
}

// plan lays the corpus out in files. It is sequential and cheap; the
// stories themselves are written in parallel from it.
func (g *Generator) plan() []unit {
	r := rand.New(rand.NewPCG(g.seed, 1<<51))
	var units []unit
	var told []int // stories already in bundles, for retellings
	id := 0
	nBundles := 0
	for count := 0; count < g.n; {
		md := g.format == Markdown || (g.format == Both && r.IntN(2) == 0)
		if md {
			units = append(units, unit{name: fmt.Sprintf("content/stories/story-%06d.md", id), id: id})
			id++
			count++
			continue
		}
		u := unit{}
		for range min(5+r.IntN(6), g.n-count) {
			// One story in ten retells one told a little earlier, in this
			// bundle or a previous one.
			if len(told) > 0 && r.IntN(10) == 0 {
				back := min(len(told), 60)
				u.slots = append(u.slots, slot{id: told[len(told)-1-r.IntN(back)], retell: true})
			} else {
				u.slots = append(u.slots, slot{id: id})
				told = append(told, id)
				id++
			}
			count++
		}
		units = append(units, u)
		nBundles++
	}
	// Bundles are dated in file order, so a retelling is always later than
	// what it retells, as in a real news feed; the name starts with the date.
	k := 0
	for i := range units {
		if units[i].slots == nil {
			continue
		}
		units[i].date = start.Add(time.Duration(int64(span) / int64(nBundles) * int64(k))).Truncate(24 * time.Hour)
		units[i].name = fmt.Sprintf("content/bundles/%s-bundle-%05d.txt", units[i].date.Format("2006-01-02"), k)
		units[i].id = k
		k++
	}
	return units
}

// file appends the bytes of u to buf.
func (g *Generator) file(buf []byte, u *unit) []byte {
	if u.slots == nil {
		return g.markdown(buf, u.id)
	}
	for i, sl := range u.slots {
		s := g.story(sl.id)
		r := rand.New(rand.NewPCG(g.seed, 1<<52|uint64(u.id)<<8|uint64(i)))
		if sl.retell {
			s = g.retold(s, rand.New(rand.NewPCG(g.seed, 1<<53|uint64(sl.id)<<8|uint64(i))))
		}
		switch k := r.IntN(10); {
		case k < 6:
			buf = append(buf, s.title...)
			buf = append(buf, '\n')
		case k < 8:
			// A dateline opens the lead: "VARNELIA, March 4 -".
			place := strings.ToUpper(g.v.places[r.IntN(len(g.v.places))])
			s.paras[0] = fmt.Sprintf("%s, %s %d - %s", place, months[u.date.Month()-1][:3], u.date.Day(), s.paras[0])
		}
		for _, p := range s.paras {
			buf = append(buf, p...)
			buf = append(buf, '\n')
		}
	}
	return buf
}

// retold is a later version of s: a new headline, most paragraphs word for
// word, the last one or two dropped and a new one added.
func (g *Generator) retold(s storyText, r *rand.Rand) storyText {
	paras := slices.Clone(s.paras)
	paras = paras[:len(paras)-r.IntN(min(3, len(paras)-4))]
	fresh := g.story(g.n + 1 + r.IntN(1<<20)) // a donor for the new paragraph
	paras = append(paras, fresh.paras[1])
	return storyText{title: fresh.title, paras: paras}
}

// markdown appends story id as a Markdown file with front matter.
func (g *Generator) markdown(buf []byte, id int) []byte {
	s := g.story(id)
	r := rand.New(rand.NewPCG(g.seed, 1<<54|uint64(id)))
	date := start.Add(time.Duration(r.Int64N(int64(span)/int64(time.Minute))) * time.Minute)
	tags := make([]string, 3+r.IntN(6))
	for i := range tags {
		tags[i] = g.tags[g.tagZipf.draw(r)]
	}
	slices.Sort(tags)
	tags = slices.Compact(tags)

	buf = append(buf, "---\ntitle: \""...)
	buf = append(buf, s.title...)
	buf = append(buf, "\"\ndate: "...)
	buf = date.AppendFormat(buf, time.RFC3339)
	buf = append(buf, "\ntags: ["...)
	for i, t := range tags {
		if i > 0 {
			buf = append(buf, ", "...)
		}
		buf = append(buf, '"')
		buf = append(buf, t...)
		buf = append(buf, '"')
	}
	buf = append(buf, "]\n---\n"...)
	for i, p := range s.paras {
		if i == s.sub && s.sub > 0 {
			buf = append(buf, "\n## "...)
			buf = append(buf, s.subhead...)
			buf = append(buf, '\n')
		}
		buf = append(buf, '\n')
		buf = append(buf, p...)
		buf = append(buf, '\n')
	}
	return buf
}
