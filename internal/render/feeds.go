package render

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"

	"digest/internal/feed"
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
		it := *r.items[s]
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
		b := bufPool.Get().(*outBuf)
		b.Reset()
		err := w.write(b, f, links[i].URL) // r.abs(prefix + w.name)
		if err == nil {
			err = r.write(prefix+w.name, b.Bytes())
		} else {
			err = fmt.Errorf("writing %s%s: %w", prefix, w.name, err)
		}
		bufPool.Put(b)
		if err != nil {
			return err
		}
	}
	return nil
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
		*it = feed.Item{
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
