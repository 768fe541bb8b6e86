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
	// frags makes the fragments pages read, in an incremental build.
	frags *lazyFrags
	// chromeKeys hash each section's masthead and the footer.
	chromeKeys map[string]memo.Key
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
	// show: a tag's chip, a story's card and ref.
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
	// An incremental build makes the fragments its pages read when they
	// read them (see lazyFrags); a full build, all of them now.
	lazy := pm != nil && theme.lazyOK()
	if !lazy {
		if err := r.fragments(); err != nil {
			return err
		}
	}
	if pm != nil {
		// Every page holds one of these: hashed once.
		known := map[*byte]memo.Key{}
		r.chromeKeys = map[string]memo.Key{}
		footer := xxh3.HashString128(string(r.footer))
		for sec, h := range r.masthead {
			k := xxh3.HashString128(string(h))
			known[unsafe.StringData(string(h))] = k
			w := newHasher(nil)
			w.key(k)
			w.key(footer)
			r.chromeKeys[sec] = w.done()
		}
		known[unsafe.StringData(string(r.footer))] = footer
		r.ver = newVersions(s, known, lazy)
		if old, ok := pm.old.Lookup(versionsName); ok {
			r.ver.diff(old)
		}
		pm.ver = r.ver
	}
	r.feedItems()
	if lazy {
		r.frags = newLazyFrags(r)
	}
	jobs := r.jobs()
	if pm != nil {
		pm.recs = make([]slotRecord, len(jobs))
	}
	return parallel.For(len(jobs), func(i int) error {
		switch j := &jobs[i]; {
		case j.run != nil:
			return j.run(i)
		case j.page.story != nil:
			return r.storyPage(&j.page)
		default:
			return r.page(&j.page)
		}
	})
}

func (r *siteRenderer) sanitize(b []byte) []byte {
	if r.ugc == nil {
		return b
	}
	return r.ugc.SanitizeBytes(b)
}

var bufPool = sync.Pool{New: func() any { return new(outBuf) }}

// A pageJob is one page to write. The page of a story, a tag (the n-th
// of its pages, from 0) or a day is made from that object: pageData
// makes its data, and from its key, from the versions of what that data
// is made of, so that whether the last build's file is kept is known
// without making the data, which a kept page never needs (see keep).
// Any other page's data comes from data, and its key from that data.
type pageJob struct {
	name, tmpl string
	slot       int // the job's index, for its record (see Memo.put)
	story      *site.Story
	tag        *tagLists
	n          int
	day        *site.Day
	data       func() *Page
}

// tagLists is what a tag's pages and feeds share, made when the first
// of them is written.
type tagLists struct {
	tag          *site.Tag
	once         sync.Once
	prefix, desc string
	links        []FeedLink
}

func (r *siteRenderer) tagLists(tl *tagLists) *tagLists {
	tl.once.Do(func() {
		tl.prefix, tl.desc = feedPrefix(tl.tag), tagDescription(tl.tag, &r.site.Config)
		tl.links = tagFeeds(r.abs(tl.prefix), tl.tag.Name)
	})
	return tl
}

// pageData makes the data of the page j.
func (r *siteRenderer) pageData(j *pageJob) *Page {
	switch {
	case j.story != nil:
		return r.storyData(j.story)
	case j.tag != nil:
		return r.tagData(j.tag, j.n)
	case j.day != nil:
		return r.dayData(j.day)
	}
	return j.data()
}

// from hashes into w everything pageData reads for a story's, tag's or
// day's page, by the versions of the objects it reads it from. It
// reports false when one has no trusted version, or j is another page.
// TestKeysByVersionsCoverData holds it to covering pageData.
func (r *siteRenderer) from(w *valueHasher, j *pageJob) bool {
	switch {
	case j.story != nil:
		// storyData reads the story's fields, the names of its tags
		// (its version holds their identities), and the configuration
		// (BaseURL, Title, Language).
		st := j.story
		w.h.String("story")
		if !r.fromObject(w, unsafe.Pointer(st), false) || !r.fromSite(w, st.Path) {
			return false
		}
		w.h.Int(len(st.Tags))
		for _, t := range st.Tags {
			w.h.String(t.Name)
		}
		return true
	case j.tag != nil:
		// tagData reads the tag's fields, its stories, the
		// configuration (StoriesPerPage, BaseURL, Title) and n.
		t := j.tag.tag
		w.h.String("tag")
		w.h.Int(j.n)
		return r.fromObject(w, unsafe.Pointer(t), false) && r.fromObject(w, unsafe.Pointer(t), true) &&
			r.fromSite(w, j.name)
	case j.day != nil:
		// dayData reads the day's fields, its stories and the
		// configuration (Title, BaseURL).
		d := j.day
		w.h.String("day")
		return r.fromObject(w, unsafe.Pointer(d), false) && r.fromObject(w, unsafe.Pointer(d), true) &&
			r.fromSite(w, d.Path)
	}
	return false
}

// page executes the page's template with its data and writes the
// result, or keeps the last build's file when the page's inputs did not
// change.
func (r *siteRenderer) page(j *pageJob) error {
	key, p, kept := r.keep(j)
	if kept {
		return nil
	}
	if p == nil {
		p = r.pageData(j)
	}
	return r.render(j.name, j.tmpl, p, key, j.slot)
}

// keep reports whether the last build's file of the page j is kept: its
// record in the memo matches. It returns the page's key for its record
// otherwise, zero when the page cannot have one (no memo, or page data
// that cannot be hashed), and its data if it made it.
func (r *siteRenderer) keep(j *pageJob) (key memo.Key, p *Page, kept bool) {
	if r.ver == nil || r.theme.fast.page(j.tmpl) == nil {
		return key, nil, false // no memo, or before the versions (the search page)
	}
	if j.data == nil {
		w := newHasher(nil)
		w.key(r.theme.id)
		w.h.String(j.tmpl)
		w.h.Int(1) // by versions
		ok := r.from(&w, j)
		if key = w.done(); !ok {
			key = memo.Key{}
		}
		if r.pm.check != nil {
			// Tests: the data this key stands for.
			r.pm.check(j.name, key, r.dataKey(j.tmpl, r.pageData(j)))
		}
	}
	if key == (memo.Key{}) {
		p = r.pageData(j)
		if key = r.dataKey(j.tmpl, p); key == (memo.Key{}) {
			return key, p, false
		}
	}
	pn := pageName(j.name)
	b, ok := r.pm.old.Lookup(pn)
	if !ok {
		return key, p, false
	}
	rec, ok := decodeRecord(b)
	if !ok || rec.page != key {
		return key, p, false
	}
	same, unchanged := r.sameDeps(rec.site, rec.ids, rec.deps)
	if !same || !r.pm.keep(j.name, rec.sum, rec.size) {
		return key, p, false
	}
	if unchanged {
		r.pm.unchanged.Add(1)
	}
	r.pm.put(j.slot, pn, b)
	r.pm.skipped.Add(1)
	return key, p, true
}

// sameDeps reports whether the versions of the site's fields in mask and
// of the objects of ids hash to deps, as a record made by the last build
// holds them; unchanged, when they are the last build's versions, known
// without hashing them.
func (r *siteRenderer) sameDeps(mask uint64, ids []byte, deps memo.Key) (same, unchanged bool) {
	if r.ver.unchanged(mask, ids) {
		return true, true
	}
	now, ok := r.ver.deps(mask, ids)
	return ok && now == deps, false
}

// dataKey is the key of a page made from p by the template tmpl: the
// hash of p, tracked objects in it by identity; zero when p cannot be
// hashed.
func (r *siteRenderer) dataKey(tmpl string, p *Page) memo.Key {
	w := newHasher(r.ver.known)
	w.ids = r.ver.ids
	w.key(r.theme.id)
	w.h.String(tmpl)
	w.h.Int(0) // by data
	w.value(reflect.ValueOf(p).Elem())
	key := w.done()
	if w.bad {
		return memo.Key{}
	}
	return key
}

// fromObject hashes into w the version of the tracked object at p: its
// list version when list is set, else its core. It reports false when
// the object has no trusted version.
func (r *siteRenderer) fromObject(w *valueHasher, p unsafe.Pointer, list bool) bool {
	v, ok := r.ver.byPtr[p]
	if !ok || !v.ok {
		return false
	}
	if list {
		w.h.Int(int(listID(v.id)))
		w.key(v.list)
	} else {
		w.h.Int(int(v.id))
		w.key(v.core)
	}
	return true
}

// fromSite hashes into w what newPage(path, …) reads besides its
// arguments: the configuration, by its version, and the chrome of
// path's section. It reports false when the configuration has none.
func (r *siteRenderer) fromSite(w *valueHasher, path string) bool {
	w.key(r.ver.site[configBit])
	w.key(r.chromeKeys[sectionOf(path)])
	return r.ver.bad&(1<<configBit) == 0
}

// configBit is the index of the configuration's bit in a trace.
var configBit = bitIndex(siteBits["Config"])

// render executes the named page template with p and writes the result;
// in an incremental build it records what the execution read, under the
// page's key, as the record of job slot.
func (r *siteRenderer) render(name, tmpl string, p *Page, key memo.Key, slot int) error {
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
		ok := prog.executeLazy(b, p, tr, r.frags, inPage)
		switch {
		case r.frags != nil && (!ok || tr.bad):
			// Again, untraced, from every fragment in its field (see
			// lazyFrags).
			tr.bad = true
			b.Reset()
			if err := r.frags.fill(); err != nil {
				return err
			}
			err = r.theme.execute(b, tmpl, p)
		case !ok:
			tr.bad = true
			b.Reset()
			r.theme.fast.fallbacks.Add(1)
			err = r.theme.slow(b, tmpl, p)
		}
	} else {
		if r.frags != nil {
			if err := r.frags.fill(); err != nil {
				return err
			}
		}
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
			r.pm.put(slot, pageName(name), rec)
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

// A job writes one file, or one list's feeds: a page, or what run does,
// given the job's index as the slot of its record (see Memo.put).
type job struct {
	page pageJob
	run  func(slot int) error
}

// jobs lists every file of the site as a job that renders and writes
// it.
func (r *siteRenderer) jobs() []job {
	s := r.site
	cfg := &s.Config
	jobs := make([]job, 0, len(s.Stories)+2*len(s.Tags)+len(s.Days)+len(s.Listed)/max(1, cfg.StoriesPerPage)+16)
	add := func(f func(slot int) error) { jobs = append(jobs, job{run: f}) }
	addPage := func(j pageJob) {
		j.slot = len(jobs)
		jobs = append(jobs, job{page: j})
	}

	// Home: the digest, paginated. A list's feed links and description
	// are made once for all its pages and its feeds, which only read
	// them.
	homeFeeds := siteFeeds(r.abs(""))
	for _, pg := range paginate(s.Listed, cfg.StoriesPerPage, homePage) {
		addPage(pageJob{name: fileOf(pg.Path), tmpl: "home.html", data: func() *Page {
			p := r.newPage(pg.Path, cfg.Title, cfg.Description)
			if pg.Number > 1 {
				p.Title = fmt.Sprintf("%s — page %d", cfg.Title, pg.Number)
			}
			p.Home = true
			p.Groups = groupByDay(pg.Stories, cfg)
			p.Pager = pg.Pager
			p.Feeds = homeFeeds
			return p
		}})
	}
	for _, st := range s.Stories {
		addPage(pageJob{name: st.Path, tmpl: "story.html", story: st})
	}
	tags := make([]tagLists, len(s.Tags))
	for i, t := range s.Tags {
		tl := &tags[i]
		tl.tag = t
		for n := range pageCount(len(t.Stories), cfg.StoriesPerPage) {
			addPage(pageJob{name: tagPage(t)(n + 1), tmpl: "tag.html", tag: tl, n: n})
		}
		add(func(slot int) error {
			return r.feeds(slot, feedPrefix(t), t.Stories, cfg.TagFeedContent == "full", func(w *valueHasher) bool {
				// What the list is made of: the tag's fields, its
				// stories' number and the configuration's Title and
				// BaseURL, which feedKey hashes.
				w.h.String("tag")
				return r.fromObject(w, unsafe.Pointer(t), false) && r.fromObject(w, unsafe.Pointer(t), true)
			}, func() feedList {
				r.tagLists(tl)
				return feedList{tl.links, t.Path, t.Name + " — " + cfg.Title, tl.desc}
			})
		})
	}
	addPage(pageJob{name: "tags/index.html", tmpl: "tags.html", data: func() *Page {
		p := r.newPage("tags/", "Tags", "Every person, organisation, place and topic in "+cfg.Title+".")
		p.Tags = s.Tags
		return p
	}})
	for _, d := range s.Days {
		addPage(pageJob{name: d.Path, tmpl: "day.html", day: d})
	}
	addPage(pageJob{name: "archive/index.html", tmpl: "archive.html", data: func() *Page {
		p := r.newPage("archive/", "Archive", "Every edition of "+cfg.Title+", day by day.")
		p.Days = s.Days
		return p
	}})
	addPage(pageJob{name: "quotes/index.html", tmpl: "quotes.html", data: func() *Page {
		p := r.newPage("quotes/", "Quotes", "Every attributed quote in "+cfg.Title+", by who said it.")
		p.Speakers = s.Speakers
		return p
	}})
	addPage(pageJob{name: "404.html", tmpl: "404.html", data: func() *Page {
		p := r.newPage("404.html", "Page not found", "")
		p.NoIndex = true
		return p
	}})
	add(func(slot int) error {
		return r.feeds(slot, "", s.Listed, true, nil, func() feedList {
			return feedList{homeFeeds, "", cfg.Title, cfg.Description}
		})
	})
	add(r.sitemap)
	add(func(int) error {
		return r.write("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+cfg.BaseURL+"sitemap.xml\n"))
	})
	for _, a := range r.theme.assets {
		add(func(int) error { return r.write(a.name, a.data) })
	}
	return jobs
}

// storyPage writes st's page. Whether the page is kept is known before
// its body is rendered: that is most of the page's time.
func (r *siteRenderer) storyPage(j *pageJob) error {
	key, p, kept := r.keep(j)
	if kept {
		return nil
	}
	if p == nil {
		p = r.pageData(j)
	}
	st := j.story
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
	return r.render(j.name, j.tmpl, p, key, j.slot)
}

// tagData is the data of the n-th page of a tag, from 0.
func (r *siteRenderer) tagData(tl *tagLists, n int) *Page {
	cfg := &r.site.Config
	t := r.tagLists(tl).tag
	pg := pageAt(t.Stories, cfg.StoriesPerPage, n, tagPage(t))
	p := r.newPage(pg.Path, t.Name, tl.desc)
	if pg.Number > 1 {
		p.Title = fmt.Sprintf("%s — page %d", t.Name, pg.Number)
	}
	p.Tag = t
	p.Stories = pg.Stories
	p.Pager = pg.Pager
	p.Feeds = tl.links
	return p
}

// dayData is the data of d's page.
func (r *siteRenderer) dayData(d *site.Day) *Page {
	cfg := &r.site.Config
	title := dateString(d.Date, true)
	p := r.newPage(d.Path, title, fmt.Sprintf("%s: %d stories of %s.", cfg.Title, len(d.Stories), title))
	p.Day = d
	p.Stories = d.Stories
	return p
}

// storyData is the data of st's page.
func (r *siteRenderer) storyData(st *site.Story) *Page {
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
	return p
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
	pages := make([]pageOf, pageCount(len(stories), per))
	for i := range pages {
		pages[i] = pageAt(stories, per, i, path)
	}
	return pages
}

// pageCount is how many pages n stories take, per to a page: at least one.
func pageCount(n, per int) int { return max(1, (n+per-1)/per) }

// pageAt is page i+1 of paginate's pages.
func pageAt(stories []*site.Story, per, i int, path func(n int) string) pageOf {
	n := pageCount(len(stories), per)
	pg := pageOf{Number: i + 1, Path: path(i + 1), Stories: stories[i*per : min(len(stories), (i+1)*per)]}
	if n > 1 {
		pg.Pager = &Pager{Number: i + 1, Total: n}
		if i > 0 {
			pg.Pager.Prev = path(i)
		}
		if i+1 < n {
			pg.Pager.Next = path(i + 2)
		}
	}
	return pg
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
