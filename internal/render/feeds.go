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

// feeds writes the Atom, RSS and JSON feeds of a list of stories, named
// prefix+"atom.xml" and so on, for the page at home; links are the
// feeds' links from siteFeeds or tagFeeds, whose URLs are the feeds' own.
// full says whether items carry the story's body or only its summary.
func (r *siteRenderer) feeds(prefix string, links []FeedLink, home, title, desc string, stories []*site.Story, full bool) error {
	cfg := &r.site.Config
	// An incremental build keys the three files on all they are made
	// from; when it matches the last build's, they are kept.
	fk, keyed := r.feedKey(prefix, links, home, title, desc, stories, full)
	var kept [3]bool
	var old feedRecord
	if keyed {
		if b, ok := r.pm.old.Lookup(pageName(feedName(prefix))); ok {
			if old, ok = decodeFeedRecord(b); ok && old.key == fk {
				all := true
				for i := range kept {
					kept[i] = r.pm.keep(prefix+feedFiles[i], old.sums[i], old.sizes[i])
					all = all && kept[i]
				}
				if all {
					r.pm.put(feedName(prefix), b)
					r.pm.skipped.Add(1)
					return nil
				}
			}
		}
	}
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
		r.pm.put(feedName(prefix), rec.encode())
		r.pm.rendered.Add(1)
	}
	return nil
}

// feedFiles are the names of a list's feeds after its prefix, in the
// order feeds writes them.
var feedFiles = [3]string{"atom.xml", "rss.xml", "feed.json"}

// feedName is the name of the record of the feeds at prefix in the
// memo: no page's path starts so.
func feedName(prefix string) string { return "feeds:" + prefix }

// feedKey is the key of the feeds that feeds writes from its arguments,
// in an incremental build: everything they are made of. The
// configuration (whose BaseURL the items' IDs and URLs come from), the
// arguments, and for each story shown its version (its fields and the
// configuration its body comes from) and its tags' names, which its item
// lists. ok is false when there is no memo or a story has no version.
func (r *siteRenderer) feedKey(prefix string, links []FeedLink, home, title, desc string, stories []*site.Story, full bool) (k memo.Key, ok bool) {
	if r.ver == nil || r.ver.bad&siteBits["Config"] != 0 {
		return k, false
	}
	w := newHasher(nil)
	w.h.String("feeds")
	w.key(r.ver.site[bitIndex(siteBits["Config"])])
	w.h.String(prefix)
	w.h.Int(len(links))
	for _, l := range links {
		w.h.String(l.Type)
		w.h.String(l.Label)
		w.h.String(l.Title)
		w.h.String(l.URL)
	}
	w.h.String(home)
	w.h.String(title)
	w.h.String(desc)
	if full {
		w.h.Int(1)
	} else {
		w.h.Int(0)
	}
	stories = stories[:min(len(stories), r.site.Config.FeedLength)]
	w.h.Int(len(stories))
	for _, s := range stories {
		v, ok := r.ver.byPtr[unsafe.Pointer(s)]
		if !ok || !v.ok {
			w.done()
			return k, false
		}
		w.h.Int(int(v.id))
		w.key(r.ver.byID[v.id])
		w.h.Int(len(s.Tags))
		for _, t := range s.Tags {
			w.h.String(t.Name)
		}
	}
	return w.done(), true
}

// A feedRecord is what a build remembers of a list's three feeds.
type feedRecord struct {
	key   memo.Key
	sums  [3]memo.Key
	sizes [3]int
}

func (rec *feedRecord) encode() []byte {
	b := make([]byte, 0, 64+3*binary.MaxVarintLen64)
	for _, k := range []memo.Key{rec.key, rec.sums[0], rec.sums[1], rec.sums[2]} {
		b = binary.LittleEndian.AppendUint64(b, k.Hi)
		b = binary.LittleEndian.AppendUint64(b, k.Lo)
	}
	for _, n := range rec.sizes {
		b = binary.AppendUvarint(b, uint64(n))
	}
	return b
}

func decodeFeedRecord(b []byte) (rec feedRecord, ok bool) {
	if len(b) < 64 {
		return rec, false
	}
	key := func(i int) memo.Key {
		return memo.Key{Hi: binary.LittleEndian.Uint64(b[i:]), Lo: binary.LittleEndian.Uint64(b[i+8:])}
	}
	rec.key = key(0)
	for i := range rec.sums {
		rec.sums[i] = key(16 + 16*i)
	}
	b = b[64:]
	for i := range rec.sizes {
		n, m := binary.Uvarint(b)
		if m <= 0 || n > math.MaxInt32 {
			return rec, false
		}
		rec.sizes[i], b = int(n), b[m:]
	}
	return rec, len(b) == 0
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
		for _, s := range stories {
			r.lazy[s] = new(lazyItem)
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

// A lazyItem is a story's feed entry, made when a feed first asks.
type lazyItem struct {
	once sync.Once
	it   feed.Item
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
// original, and later pages of lists are left out.
func (r *siteRenderer) sitemap() error {
	s := r.site
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
	for _, n := range names {
		if err := r.write(n, files[n]); err != nil {
			return err
		}
	}
	return nil
}
