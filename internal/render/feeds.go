package render

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/zeebo/xxh3"

	"digest/internal/feed"
	"digest/internal/memo"
	"digest/internal/parallel"
	"digest/internal/site"
	"digest/internal/sitemap"
)

// A feedList is what feeds makes a list's feeds of besides its stories:
// links are the feeds' links from siteFeeds or tagFeeds, whose URLs are
// the feeds' own; home is the list's page.
type feedList struct {
	links             []FeedLink
	home, title, desc string
}

// feeds writes the Atom, RSS and JSON feeds of stories, named
// prefix+"atom.xml" and so on, with what list makes; full says whether
// items carry the story's body or only its summary. from, when not nil,
// hashes what list reads, as pageJob's from does: a kept list's feeds
// never need it.
func (r *siteRenderer) feeds(slot int, prefix string, stories []*site.Story, full bool, from func(w *valueHasher) bool, list func() feedList) error {
	cfg := &r.site.Config
	// An incremental build keys the three files on all they are made
	// from; when it matches the last build's, they are kept.
	fk, keyed, l := r.feedKey(prefix, stories, full, from, list)
	var kept [3]bool
	var old feedRecord
	if keyed {
		if b, ok := r.pm.old.Lookup(pageName(feedName(prefix))); ok {
			old, ok = decodeFeedRecord(b)
			same, unchanged := false, false
			if ok && old.key == fk {
				same, unchanged = r.sameDeps(0, old.ids, old.deps)
			}
			if same {
				all := true
				for i := range kept {
					kept[i] = r.pm.keep(prefix+feedFiles[i], old.sums[i], old.sizes[i])
					all = all && kept[i]
				}
				if all {
					if unchanged {
						r.pm.unchanged.Add(1)
					}
					r.pm.put(slot, pageName(feedName(prefix)), b)
					r.pm.skipped.Add(1)
					return nil
				}
			}
		}
	}
	if l == nil {
		v := list()
		l = &v
	}
	links, home, title, desc := l.links, l.home, l.title, l.desc
	rec := feedRecord{key: fk}
	home = r.abs(home)
	f := &feed.Feed{
		Title:    title,
		Subtitle: desc,
		Language: cfg.Language,
		HomeURL:  home,
		ID:       home,
		Author:   cfg.Author,
	}
	stories = stories[:min(len(stories), cfg.FeedLength)]
	f.Items = make([]feed.Item, 0, len(stories))
	for _, s := range stories {
		it := *r.item(s)
		if full {
			it.ContentHTML = string(s.Body)
			// It was encoded without the body. Encoded with it, the
			// body is escaped once for Atom and RSS.
			it.Encoded = feed.Encode(&it)
		}
		if it.Updated.After(f.Updated) {
			f.Updated = it.Updated
		}
		f.Items = append(f.Items, it)
	}
	for i, w := range []struct {
		name  string
		write func(*outBuf, *feed.Feed, string) error
	}{
		{"atom.xml", func(b *outBuf, f *feed.Feed, self string) error { return feed.WriteAtom(b, f, self) }},
		{"rss.xml", func(b *outBuf, f *feed.Feed, self string) error { return feed.WriteRSS(b, f, self) }},
		{"feed.json", func(b *outBuf, f *feed.Feed, self string) error { return feed.WriteJSON(b, f, self) }},
	} {
		if kept[i] {
			// The last build's file, which the same key made.
			rec.sums[i], rec.sizes[i] = old.sums[i], old.sizes[i]
			continue
		}
		b := bufPool.Get().(*outBuf)
		b.Reset()
		err := w.write(b, f, links[i].URL) // r.abs(prefix + w.name)
		if err == nil {
			if keyed {
				rec.sums[i], rec.sizes[i] = xxh3.Hash128(b.Bytes()), b.Len()
			}
			err = r.write(prefix+w.name, b.Bytes())
		} else {
			err = fmt.Errorf("writing %s%s: %w", prefix, w.name, err)
		}
		bufPool.Put(b)
		if err != nil {
			return err
		}
	}
	if keyed {
		if rec.ids, rec.deps, keyed = r.feedDeps(stories); keyed {
			r.pm.put(slot, pageName(feedName(prefix)), rec.encode())
			r.pm.rendered.Add(1)
		}
	}
	return nil
}

// feedDeps are the identities of what the feeds of stories show besides
// what their key holds, sorted, as a record holds them, and the hash of
// their versions: each story's, and its tags', whose names its item
// lists. ok is false when one has no trusted version.
func (r *siteRenderer) feedDeps(stories []*site.Story) (ids []byte, deps memo.Key, ok bool) {
	var list []uint64
	add := func(p unsafe.Pointer) bool {
		v, ok := r.ver.byPtr[p]
		list = append(list, v.id)
		return ok && v.ok
	}
	for _, s := range stories {
		if !add(unsafe.Pointer(s)) {
			return nil, deps, false
		}
		for _, t := range s.Tags {
			if !add(unsafe.Pointer(t)) {
				return nil, deps, false
			}
		}
	}
	slices.Sort(list)
	list = slices.Compact(list)
	ids = make([]byte, 0, 8*len(list))
	for _, id := range list {
		ids = binary.LittleEndian.AppendUint64(ids, id)
	}
	deps, ok = r.ver.deps(0, ids)
	return ids, deps, ok
}

// feedFiles are the names of a list's feeds after its prefix, in the
// order feeds writes them.
var feedFiles = [3]string{"atom.xml", "rss.xml", "feed.json"}

// feedName is the name of the record of the feeds at prefix in the
// memo: no page's path starts so.
func feedName(prefix string) string { return "feeds:" + prefix }

// feedKey is the key of the feeds that feeds writes from stories and
// list, in an incremental build: the configuration (whose BaseURL the
// items' IDs and URLs come from), full, list's fields (by from, which
// covers which stories the list holds too, or as they are, with the
// stories' identities). What the stories show is in the record's
// dependencies (see feedDeps). ok is false when there is no memo or
// something has no version. l is list's value when feedKey made it.
func (r *siteRenderer) feedKey(prefix string, stories []*site.Story, full bool, from func(w *valueHasher) bool, list func() feedList) (k memo.Key, ok bool, l *feedList) {
	if r.ver == nil || r.ver.bad&(1<<configBit) != 0 {
		return k, false, nil
	}
	w := newHasher(nil)
	w.h.String("feeds")
	w.key(r.ver.site[configBit])
	w.h.String(prefix)
	if full {
		w.h.Int(1)
	} else {
		w.h.Int(0)
	}
	stories = stories[:min(len(stories), r.site.Config.FeedLength)]
	w.h.Int(len(stories))
	if from != nil {
		w.h.Int(1)
		ok := from(&w)
		if k = w.done(); !ok {
			return memo.Key{}, false, nil
		}
		if r.pm.check != nil {
			// Tests: the key of what from stands for.
			data, _, _ := r.feedKey(prefix, stories, full, nil, list)
			r.pm.check(feedName(prefix), k, data)
		}
		return k, true, nil
	}
	w.h.Int(0)
	v := list()
	l = &v
	w.h.Int(len(l.links))
	for _, link := range l.links {
		w.h.String(link.Type)
		w.h.String(link.Label)
		w.h.String(link.Title)
		w.h.String(link.URL)
	}
	w.h.String(l.home)
	w.h.String(l.title)
	w.h.String(l.desc)
	w.ids = r.ver.ids
	for _, s := range stories {
		w.identity(storyPtrType, unsafe.Pointer(s))
	}
	return w.done(), true, l
}

// A feedRecord is what a build remembers of a list's three feeds: their
// key, files, and dependencies as a page record holds them.
type feedRecord struct {
	key   memo.Key
	sums  [3]memo.Key
	sizes [3]int
	deps  memo.Key
	ids   []byte
}

func (rec *feedRecord) encode() []byte {
	b := make([]byte, 0, 80+4*binary.MaxVarintLen64+len(rec.ids))
	for _, k := range []memo.Key{rec.key, rec.sums[0], rec.sums[1], rec.sums[2], rec.deps} {
		b = binary.LittleEndian.AppendUint64(b, k.Hi)
		b = binary.LittleEndian.AppendUint64(b, k.Lo)
	}
	for _, n := range rec.sizes {
		b = binary.AppendUvarint(b, uint64(n))
	}
	b = binary.AppendUvarint(b, uint64(len(rec.ids)/8))
	return append(b, rec.ids...)
}

func decodeFeedRecord(b []byte) (rec feedRecord, ok bool) {
	if len(b) < 80 {
		return rec, false
	}
	key := func(i int) memo.Key {
		return memo.Key{Hi: binary.LittleEndian.Uint64(b[i:]), Lo: binary.LittleEndian.Uint64(b[i+8:])}
	}
	rec.key, rec.deps = key(0), key(64)
	for i := range rec.sums {
		rec.sums[i] = key(16 + 16*i)
	}
	b = b[80:]
	for i := range rec.sizes {
		n, m := binary.Uvarint(b)
		if m <= 0 || n > math.MaxInt32 {
			return rec, false
		}
		rec.sizes[i], b = int(n), b[m:]
	}
	n, m := binary.Uvarint(b)
	if m <= 0 || n != uint64(len(b)-m)/8 || (len(b)-m)%8 != 0 {
		return rec, false
	}
	rec.ids = b[m:]
	return rec, true
}

// tagURI is a story's permanent feed ID (RFC 4151): it stays the same if
// the site moves to another path, and it is never reused.
func (r *siteRenderer) tagURI(s *site.Story) string {
	date := "1970-01-01"
	if !s.Date.IsZero() {
		date = isoDate(s.Date.UTC())
	}
	return "tag:" + r.tagHost + "," + date + ":" + r.tagPath + "/" + s.Path
}

// encodedBudget bounds the bytes of feed entries kept encoded through the
// render. At 10,000 stories every entry a tag feed shows fits, about
// 38 MB; at 100,000, holding them all (about 230 MB more live heap) made
// the collector run nearly without pause against the memory budget, and
// the rest are better written anew by each feed.
const encodedBudget = 64 << 20

// feedItems makes every story's feed entry, without its body: a story is
// in the feeds of each of its tags, and its entry is made once. When tag
// feeds carry summaries, the entries they show are encoded once too.
func (r *siteRenderer) feedItems() {
	cfg := &r.site.Config
	u, _ := url.Parse(cfg.BaseURL)
	r.tagHost, r.tagPath = u.Hostname(), strings.TrimSuffix(u.Path, "/")
	stories := r.site.Stories
	if r.pm != nil {
		// An incremental build makes the entries its feeds ask for
		// (see item): most feeds are kept.
		r.lazy = make(map[*site.Story]*lazyItem, len(stories))
		items := make([]lazyItem, len(stories))
		for i, s := range stories {
			r.lazy[s] = &items[i]
		}
		return
	}
	var inTagFeeds map[*site.Story]bool
	if cfg.TagFeedContent != "full" {
		inTagFeeds = map[*site.Story]bool{}
		for _, t := range r.site.Tags {
			for _, s := range t.Stories[:min(len(t.Stories), cfg.FeedLength)] {
				inTagFeeds[s] = true
			}
		}
	}
	// Which entries are kept encoded does not change a byte of the
	// feeds, only how much is held: see encodedBudget.
	var encoded atomic.Int64
	items := make([]feed.Item, len(stories))
	parallel.For(len(stories), func(i int) error {
		s := stories[i]
		it := &items[i]
		*it = r.newItem(s)
		if inTagFeeds[s] && encoded.Load() < encodedBudget {
			it.Encoded = feed.Encode(it)
			encoded.Add(int64(it.Encoded.Len()))
		}
		return nil
	})
	r.items = make(map[*site.Story]*feed.Item, len(stories))
	for i, s := range stories {
		r.items[s] = &items[i]
	}
}

// newItem is a story's feed entry, without its body.
func (r *siteRenderer) newItem(s *site.Story) feed.Item {
	it := feed.Item{
		ID:        r.tagURI(s),
		Title:     s.Title,
		URL:       r.abs(s.Path),
		Summary:   s.Summary,
		Published: s.Date,
		Updated:   s.Date,
	}
	if it.Summary == "" {
		it.Summary = plain(s.Lead, 300)
	}
	if s.Author != "" {
		it.Authors = []string{s.Author}
	}
	it.Tags = make([]string, len(s.Tags))
	for j, t := range s.Tags {
		it.Tags[j] = t.Name
	}
	return it
}

// A lazyItem is a story's feed entry, made when a feed first asks, and
// its card and ref, made when a page first reads them (see lazyFrags).
type lazyItem struct {
	once      sync.Once
	it        feed.Item
	card, ref lazyFrag
}

// item is s's feed entry, without its body.
func (r *siteRenderer) item(s *site.Story) *feed.Item {
	if r.lazy == nil {
		return r.items[s]
	}
	l := r.lazy[s]
	l.once.Do(func() { l.it = r.newItem(s) })
	return &l.it
}

// sitemap lists every page worth indexing: retellings point at their
// original, and later pages of lists are left out. In an incremental
// build it keeps the last build's files when they were made from the
// same URLs (see sitemapKey), recording them as job slot.
func (r *siteRenderer) sitemap(slot int) error {
	s := r.site
	key, keyed := r.sitemapKey()
	name := pageName("sitemap:")
	if keyed {
		if b, ok := r.pm.old.Lookup(name); ok {
			if k, files, ok := decodeSitemapRecord(b); ok && k == key {
				all := true
				for _, f := range files {
					all = all && r.pm.keep(f.name, f.sum, f.size)
				}
				if all {
					r.pm.put(slot, name, b)
					r.pm.skipped.Add(1)
					return nil
				}
			}
		}
	}
	urls := []sitemap.URL{{Loc: r.abs(""), LastMod: s.Updated}}
	for _, st := range s.Listed {
		urls = append(urls, sitemap.URL{Loc: r.abs(st.Path), LastMod: st.Date})
	}
	for _, t := range s.Tags {
		urls = append(urls, sitemap.URL{Loc: r.abs(t.Path), LastMod: t.Stories[0].Date})
	}
	for _, d := range s.Days {
		urls = append(urls, sitemap.URL{Loc: r.abs(d.Path), LastMod: d.Stories[0].Date})
	}
	urls = append(urls, sitemap.URL{Loc: r.abs("tags/"), LastMod: s.Updated}, sitemap.URL{Loc: r.abs("archive/"), LastMod: s.Updated})
	files, err := sitemap.Files(s.Config.BaseURL, urls)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	var rec []sitemapFile
	for _, n := range names {
		if err := r.write(n, files[n]); err != nil {
			return err
		}
		rec = append(rec, sitemapFile{n, xxh3.Hash128(files[n]), len(files[n])})
	}
	if keyed {
		r.pm.put(slot, name, encodeSitemapRecord(key, rec))
		r.pm.rendered.Add(1)
	}
	return nil
}

// sitemapKey is the hash of all sitemap reads, in an incremental build:
// the base URL, and the paths and dates of the pages it lists. ok is
// false when there is no memo, or a tag or day without stories, whose
// sitemap fails as it always has.
func (r *siteRenderer) sitemapKey() (k memo.Key, ok bool) {
	if r.ver == nil {
		return k, false
	}
	s := r.site
	w := newHasher(nil)
	defer func() { k = w.done() }()
	w.h.String("sitemap")
	w.h.String(s.Config.BaseURL)
	w.time(s.Updated)
	w.h.Int(len(s.Listed))
	for _, st := range s.Listed {
		w.h.String(st.Path)
		w.time(st.Date)
	}
	w.h.Int(len(s.Tags))
	for _, t := range s.Tags {
		if len(t.Stories) == 0 {
			return k, false
		}
		w.h.String(t.Path)
		w.time(t.Stories[0].Date)
	}
	w.h.Int(len(s.Days))
	for _, d := range s.Days {
		if len(d.Stories) == 0 {
			return k, false
		}
		w.h.String(d.Path)
		w.time(d.Stories[0].Date)
	}
	return k, true
}

// A sitemapFile is a file of the sitemap, as its record holds it.
type sitemapFile struct {
	name string
	sum  memo.Key
	size int
}

func encodeSitemapRecord(key memo.Key, files []sitemapFile) []byte {
	b := binary.LittleEndian.AppendUint64(nil, key.Hi)
	b = binary.LittleEndian.AppendUint64(b, key.Lo)
	b = binary.AppendUvarint(b, uint64(len(files)))
	for _, f := range files {
		b = binary.AppendUvarint(b, uint64(len(f.name)))
		b = append(b, f.name...)
		b = binary.LittleEndian.AppendUint64(b, f.sum.Hi)
		b = binary.LittleEndian.AppendUint64(b, f.sum.Lo)
		b = binary.AppendUvarint(b, uint64(f.size))
	}
	return b
}

// decodeSitemapRecord parses encodeSitemapRecord's bytes; ok is false
// for damage.
func decodeSitemapRecord(b []byte) (key memo.Key, files []sitemapFile, ok bool) {
	if len(b) < 16 {
		return key, nil, false
	}
	key = memo.Key{Hi: binary.LittleEndian.Uint64(b), Lo: binary.LittleEndian.Uint64(b[8:])}
	b = b[16:]
	n, m := binary.Uvarint(b)
	if m <= 0 || n > uint64(len(b)) {
		return key, nil, false
	}
	b = b[m:]
	for range n {
		l, m := binary.Uvarint(b)
		if m <= 0 || l > uint64(len(b)-m) || len(b)-m-int(l) < 16 {
			return key, nil, false
		}
		f := sitemapFile{name: string(b[m : m+int(l)])}
		b = b[m+int(l):]
		f.sum = memo.Key{Hi: binary.LittleEndian.Uint64(b), Lo: binary.LittleEndian.Uint64(b[8:])}
		b = b[16:]
		size, m2 := binary.Uvarint(b)
		if m2 <= 0 || size > math.MaxInt32 {
			return key, nil, false
		}
		f.size, b = int(size), b[m2:]
		files = append(files, f)
	}
	return key, files, len(b) == 0 && len(files) > 0
}
