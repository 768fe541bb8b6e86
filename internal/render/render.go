// Package render turns an assembled site into files: HTML pages through
// html/template, feeds, the sitemap and the other files a site needs. It
// renders into memory and hands each file to a write function; it never
// touches the disk itself.
package render

import (
	"encoding/binary"
	"fmt"
	"html/template"
	"io/fs"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/zeebo/xxh3"

	"digest/internal/feed"
	"digest/internal/memo"
	"digest/internal/parallel"
	"digest/internal/site"
)

// WriteFunc receives one output file: a slash-separated path relative to
// the output folder, and its bytes. It is called from many goroutines.
// The bytes are only valid during the call: render reuses its buffers, so
// a WriteFunc that keeps them must copy them.
type WriteFunc func(name string, data []byte) error

// A siteRenderer renders one site: the shared state of its pages' jobs.
type siteRenderer struct {
	site  *site.Site
	theme *Theme
	md    goldmark.Markdown
	ugc   *bluemonday.Policy
	write WriteFunc

	masthead map[string]template.HTML // by section; see Chrome
	footer   template.HTML

	items            map[*site.Story]*feed.Item // feed entries without bodies; see feedItems
	lazy             map[*site.Story]*lazyItem  // or, in an incremental build, made when asked: see item
	tagHost, tagPath string                     // of the base URL, for tag: URIs

	// pm and ver, in an incremental build, skip the pages whose inputs
	// did not change (see trace.go); nil otherwise.
	pm  *Memo
	ver *versions
}

// Site renders every file of s and passes each to write, using all cores.
func Site(s *site.Site, theme *Theme, write WriteFunc) error {
	return SiteMemo(s, theme, write, nil)
}

// SiteMemo is Site, skipping with pm, when not nil, the pages whose
// inputs did not change since the last build: publish keeps their files.
func SiteMemo(s *site.Site, theme *Theme, write WriteFunc, pm *Memo) error {
	r := &siteRenderer{site: s, theme: theme, md: newMarkdown(s.Config.UnsafeHTML), write: write, pm: pm}
	if s.Config.UnsafeHTML {
		r.ugc = bluemonday.UGCPolicy()
	}
	// Bodies first for the stories whose feeds carry them: the rest are
	// rendered with their page and dropped after it, so that a large
	// site never holds every body at once.
	inFeeds := s.Listed[:min(len(s.Listed), s.Config.FeedLength)]
	if s.Config.TagFeedContent == "full" {
		inFeeds = s.Stories
	}
	if err := parallel.For(len(inFeeds), func(i int) error {
		st := inFeeds[i]
		body, err := r.body(st)
		st.Body = body
		return err
	}); err != nil {
		return err
	}
	// The chrome of every section, then the fragments that many pages
	// show: a tag's chip, a story's
	// card and ref. Chips first, as cards hold them.
	r.masthead = map[string]template.HTML{}
	for _, sec := range sections {
		h, err := theme.fragment("masthead", Chrome{Site: s, Current: sec})
		if err != nil {
			return fmt.Errorf("rendering the masthead: %w", err)
		}
		r.masthead[sec] = h
	}
	footer, err := theme.fragment("footer", Chrome{Site: s, Current: "-"})
	if err != nil {
		return fmt.Errorf("rendering the footer: %w", err)
	}
	r.footer = footer
	// The search index next, on all cores and alone: it is the largest
	// thing a build holds only while making it (about 260 MB at 100,000
	// stories), and made before the fragments and pages it never shares
	// the heap with them. Near the memory budget, every megabyte of
	// headroom spares the collector work.
	if err := r.search(); err != nil {
		return err
	}
	if err := parallel.For(len(s.Tags), func(i int) error {
		t := s.Tags[i]
		h, err := r.theme.fragment("chip", t)
		if err != nil {
			return fmt.Errorf("rendering the chip of tag %q: %w", t.Name, err)
		}
		t.Chip = h
		return nil
	}); err != nil {
		return err
	}
	if err := parallel.For(len(s.Stories), func(i int) error {
		st := s.Stories[i]
		var err error
		if st.Card, err = r.theme.fragment("card", st); err == nil {
			st.Ref, err = r.theme.fragment("ref", st)
		}
		if err != nil {
			return fmt.Errorf("%s:%d: rendering %q for a list: %w", st.File, st.FirstLine, st.Title, err)
		}
		return nil
	}); err != nil {
		return err
	}
	if pm != nil {
		// Every page holds one of these: hashed once.
		known := map[*byte]memo.Key{}
		for _, h := range r.masthead {
			known[unsafe.StringData(string(h))] = xxh3.HashString128(string(h))
		}
		known[unsafe.StringData(string(r.footer))] = xxh3.HashString128(string(r.footer))
		r.ver = newVersions(s, known)
		if old, ok := pm.old.Lookup(versionsName); ok {
			r.ver.diff(old)
		}
		pm.ver = r.ver
	}
	r.feedItems()
	jobs := r.jobs()
	return parallel.For(len(jobs), func(i int) error { return jobs[i]() })
}

func (r *siteRenderer) sanitize(b []byte) []byte {
	if r.ugc == nil {
		return b
	}
	return r.ugc.SanitizeBytes(b)
}

var bufPool = sync.Pool{New: func() any { return new(outBuf) }}

// page executes the named page template with p and writes the result,
// or keeps the last build's file when the page's inputs did not change.
func (r *siteRenderer) page(name, tmpl string, p *Page) error {
	key, kept := r.keep(name, tmpl, p)
	if kept {
		return nil
	}
	return r.render(name, tmpl, p, key)
}

// keep reports whether the last build's file of the page at name, made
// from p by the template tmpl, is kept: its record in the memo matches.
// It returns the page's key for its record otherwise; zero when the page
// cannot have one (no memo, or page data that cannot be hashed).
func (r *siteRenderer) keep(name, tmpl string, p *Page) (key memo.Key, kept bool) {
	if r.ver == nil || r.theme.fast.page(tmpl) == nil {
		return key, false // no memo, or before the versions (the search page)
	}
	w := newHasher(r.ver.known)
	w.key(r.theme.id)
	w.h.String(tmpl)
	w.value(reflect.ValueOf(p).Elem())
	key = w.done()
	if w.bad {
		return memo.Key{}, false
	}
	b, ok := r.pm.old.Lookup(pageName(name))
	if !ok {
		return key, false
	}
	rec, ok := decodeRecord(b)
	if !ok || rec.page != key {
		return key, false
	}
	same := r.ver.unchanged(rec.site, rec.ids)
	if !same {
		if deps, ok := r.ver.deps(rec.site, rec.ids); !ok || deps != rec.deps {
			return key, false
		}
	}
	if !r.pm.keep(name, rec.sum, rec.size) {
		return key, false
	}
	if same {
		r.pm.unchanged.Add(1)
	}
	r.pm.put(name, b)
	r.pm.skipped.Add(1)
	return key, true
}

// render executes the named page template with p and writes the result;
// in an incremental build it records what the execution read, under the
// page's key.
func (r *siteRenderer) render(name, tmpl string, p *Page, key memo.Key) error {
	b := bufPool.Get().(*outBuf)
	b.Reset()
	defer bufPool.Put(b)
	var err error
	var tr *pageTrace
	if prog := r.theme.fast.page(tmpl); key != (memo.Key{}) && prog != nil {
		tr = tracePool.Get().(*pageTrace)
		defer func() {
			clear(tr.objs)
			clear(tr.lists)
			*tr = pageTrace{objs: tr.objs[:0], lists: tr.lists[:0]}
			tracePool.Put(tr)
		}()
		if !prog.executeTraced(b, p, tr) {
			tr.bad = true
			b.Reset()
			r.theme.fast.fallbacks.Add(1)
			err = r.theme.slow(b, tmpl, p)
		}
	} else {
		err = r.theme.execute(b, tmpl, p)
	}
	if err != nil {
		if p.Story != nil {
			return fmt.Errorf("%w (rendering %s:%d, %q)", err, p.Story.File, p.Story.FirstLine, p.Story.Title)
		}
		return fmt.Errorf("%w (rendering %s)", err, name)
	}
	if tr != nil && !tr.bad {
		if rec, ok := r.record(tr, key, b.Bytes()); ok {
			r.pm.put(name, rec)
			r.pm.rendered.Add(1)
		}
	}
	return r.write(name, b.Bytes())
}

// record is the record of a page whose execution tr traced, with key,
// that wrote out; ok is false when it read what cannot be trusted.
func (r *siteRenderer) record(tr *pageTrace, key memo.Key, out []byte) (b []byte, ok bool) {
	rec := record{page: key, sum: xxh3.Hash128(out), size: len(out), site: tr.site}
	ids := make([]uint64, 0, len(tr.objs)+len(tr.lists))
	for _, p := range tr.objs {
		v, ok := r.ver.byPtr[p]
		if !ok || !v.ok {
			return nil, false
		}
		ids = append(ids, v.id)
	}
	for _, p := range tr.lists {
		v, ok := r.ver.byPtr[p]
		if !ok || !v.ok {
			return nil, false
		}
		ids = append(ids, listID(v.id))
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	rec.ids = make([]byte, 0, 8*len(ids))
	for _, id := range ids {
		rec.ids = binary.LittleEndian.AppendUint64(rec.ids, id)
	}
	if rec.deps, ok = r.ver.deps(rec.site, rec.ids); !ok {
		return nil, false
	}
	return rec.encode(), true
}

// jobs lists every file of the site as a function that renders and
// writes it.
func (r *siteRenderer) jobs() []func() error {
	s := r.site
	cfg := &s.Config
	var jobs []func() error
	add := func(f func() error) { jobs = append(jobs, f) }

	// Home: the digest, paginated. A list's feed links and description
	// are made once for all its pages and its feeds, which only read
	// them.
	homeFeeds := siteFeeds(r.abs(""))
	for _, pg := range paginate(s.Listed, cfg.StoriesPerPage, homePage) {
		add(func() error {
			p := r.newPage(pg.Path, cfg.Title, cfg.Description)
			if pg.Number > 1 {
				p.Title = fmt.Sprintf("%s — page %d", cfg.Title, pg.Number)
			}
			p.Home = true
			p.Groups = groupByDay(pg.Stories, cfg)
			p.Pager = pg.Pager
			p.Feeds = homeFeeds
			return r.page(fileOf(pg.Path), "home.html", p)
		})
	}
	for _, st := range s.Stories {
		add(func() error { return r.storyPage(st) })
	}
	for _, t := range s.Tags {
		prefix, desc := feedPrefix(t), tagDescription(t, cfg)
		links := tagFeeds(r.abs(prefix), t.Name)
		for _, pg := range paginate(t.Stories, cfg.StoriesPerPage, tagPage(t)) {
			add(func() error {
				p := r.newPage(pg.Path, t.Name, desc)
				if pg.Number > 1 {
					p.Title = fmt.Sprintf("%s — page %d", t.Name, pg.Number)
				}
				p.Tag = t
				p.Stories = pg.Stories
				p.Pager = pg.Pager
				p.Feeds = links
				return r.page(pg.Path, "tag.html", p)
			})
		}
		add(func() error {
			return r.feeds(prefix, links, t.Path, t.Name+" — "+cfg.Title, desc, t.Stories, cfg.TagFeedContent == "full")
		})
	}
	add(func() error {
		p := r.newPage("tags/", "Tags", "Every person, organisation, place and topic in "+cfg.Title+".")
		p.Tags = s.Tags
		return r.page("tags/index.html", "tags.html", p)
	})
	for _, d := range s.Days {
		add(func() error {
			title := dateString(d.Date, true)
			p := r.newPage(d.Path, title, fmt.Sprintf("%s: %d stories of %s.", cfg.Title, len(d.Stories), title))
			p.Day = d
			p.Stories = d.Stories
			return r.page(d.Path, "day.html", p)
		})
	}
	add(func() error {
		p := r.newPage("archive/", "Archive", "Every edition of "+cfg.Title+", day by day.")
		p.Days = s.Days
		return r.page("archive/index.html", "archive.html", p)
	})
	add(func() error {
		p := r.newPage("quotes/", "Quotes", "Every attributed quote in "+cfg.Title+", by who said it.")
		p.Speakers = s.Speakers
		return r.page("quotes/index.html", "quotes.html", p)
	})
	add(func() error {
		p := r.newPage("404.html", "Page not found", "")
		p.NoIndex = true
		return r.page("404.html", "404.html", p)
	})
	add(func() error { return r.feeds("", homeFeeds, "", cfg.Title, cfg.Description, s.Listed, true) })
	add(r.sitemap)
	add(func() error {
		return r.write("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+cfg.BaseURL+"sitemap.xml\n"))
	})
	for _, a := range r.theme.assets {
		add(func() error { return r.write(a.name, a.data) })
	}
	return jobs
}

func (r *siteRenderer) storyPage(st *site.Story) error {
	cfg := &r.site.Config
	summary := oneLine(st.Summary) // for the description and the article
	desc := summary
	if st.Summary == "" {
		desc = oneLine(st.Lead)
	}
	p := r.newPage(st.Path, st.Title, cutLine(desc, 200))
	p.Story = st
	p.OGType = "article"
	if st.Original != nil {
		// A retelling points search engines at the story it retells.
		p.Canonical = r.abs(st.Original.Path)
	}
	p.LD = newsArticle(st, cfg, r.abs(st.Path), summary)
	// Whether the page is kept is known before its body is rendered:
	// that is most of the page's time.
	key, kept := r.keep(st.Path, "story.html", p)
	if kept {
		return nil
	}
	if st.Body == "" {
		bb, html, err := r.renderBody(st)
		if err != nil {
			return err
		}
		// Only this page shows the body, and it copies it: the body can
		// be a view of its buffer until then, rather than a copy.
		st.Body = template.HTML(unsafe.String(unsafe.SliceData(html), len(html)))
		defer func() {
			st.Body = ""
			bb.free()
		}()
	}
	return r.render(st.Path, "story.html", p, key)
}

func tagDescription(t *site.Tag, cfg *site.Config) string {
	kind := t.Kind
	if kind == "" {
		kind = "tag"
	}
	n := len(t.Stories)
	word := "stories"
	if n == 1 {
		word = "story"
	}
	// Concatenated, not Sprintf'd: it is made for every tag page and feed.
	return t.Name + " (" + kind + "): " + strconv.Itoa(n) + " " + word + " in " + cfg.Title + "."
}

// A pageOf is one page of a paginated list.
type pageOf struct {
	Number  int
	Path    string
	Stories []*site.Story
	Pager   *Pager
}

// paginate splits stories into pages; path gives the path of page n.
func paginate(stories []*site.Story, per int, path func(n int) string) []pageOf {
	n := max(1, (len(stories)+per-1)/per)
	pages := make([]pageOf, n)
	for i := range pages {
		pages[i] = pageOf{Number: i + 1, Path: path(i + 1), Stories: stories[i*per : min(len(stories), (i+1)*per)]}
		if n > 1 {
			pg := &Pager{Number: i + 1, Total: n}
			if i > 0 {
				pg.Prev = path(i)
			}
			if i+1 < n {
				pg.Next = path(i + 2)
			}
			pages[i].Pager = pg
		}
	}
	return pages
}

// homePage is the path of page n of the home page: "", "page/2.html", …
func homePage(n int) string {
	if n == 1 {
		return ""
	}
	return "page/" + strconv.Itoa(n) + ".html"
}

// tagPage returns the paths of a tag's pages: "tags/slug.html",
// "tags/slug.2.html", … A slug never holds a dot, so these never collide
// with another tag's page.
func tagPage(t *site.Tag) func(n int) string {
	return func(n int) string {
		if n == 1 {
			return t.Path
		}
		return "tags/" + t.Slug + "." + strconv.Itoa(n) + ".html"
	}
}

// feedPrefix is what a tag's feed names start with: "tags/slug.".
func feedPrefix(t *site.Tag) string { return "tags/" + t.Slug + "." }

// fileOf is the file a page path is written to: a folder's index.html.
func fileOf(path string) string {
	if path == "" || strings.HasSuffix(path, "/") {
		return path + "index.html"
	}
	return path
}

// Theme is a set of parsed page templates and static assets.
type Theme struct {
	// id is the hash of the theme's files and the site's root, which its
	// functions read: a page key holds it.
	id     memo.Key
	pages  map[string]*template.Template
	frags  *template.Template // the shared partials: card, chip, ref
	origin map[string]string  // file name -> where it came from, for errors
	assets []asset
	// fast runs what it can of the templates faster than html/template,
	// with the same output; nil runs everything through html/template.
	fast *fastTheme
}

type asset struct {
	name string
	data []byte
}

// fragment executes one of the shared partials.
func (t *Theme) fragment(name string, data any) (template.HTML, error) {
	b := bufPool.Get().(*outBuf)
	b.Reset()
	defer bufPool.Put(b)
	if t.fast.run(t.fast.frag(name), b, data) {
		return template.HTML(b.String()), nil
	}
	if err := t.frags.ExecuteTemplate(b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

func (t *Theme) execute(b *outBuf, name string, p *Page) error {
	tmpl := t.pages[name]
	if tmpl == nil {
		return fmt.Errorf("no template %s in the theme", name)
	}
	if t.fast.run(t.fast.page(name), b, p) {
		return nil
	}
	if err := tmpl.ExecuteTemplate(b, name, p); err != nil {
		return fmt.Errorf("%s: %w", t.origin[name], err)
	}
	return nil
}

// slow executes the page template name with html/template alone.
func (t *Theme) slow(b *outBuf, name string, p *Page) error {
	if err := t.pages[name].ExecuteTemplate(b, name, p); err != nil {
		return fmt.Errorf("%s: %w", t.origin[name], err)
	}
	return nil
}

var _ fs.FS
