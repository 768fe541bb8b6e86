package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The sample digest (content/) has 8 stories; a few may merge as retellings.
const minStories = 7

// searchWord appears in one story of the sample digest only.
const searchWord = "Rezvan"

type link struct {
	Text string `json:"text"`
	Href string `json:"href"`
}

// links returns the text and absolute href of every element matching sel.
func (b *browser) links(t *testing.T, sel string) []link {
	t.Helper()
	var ls []link
	b.eval(t, `[...document.querySelectorAll(`+jsString(sel)+`)].map(a => ({text: a.textContent.trim(), href: a.href}))`, &ls)
	return ls
}

func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	var s string
	b.eval(t, `(document.querySelector(`+jsString(sel)+`) || {textContent: "<no `+strings.ReplaceAll(sel, `"`, ``)+`>"}).textContent.trim()`, &s)
	return s
}

func (b *browser) location(t *testing.T) string {
	t.Helper()
	var u string
	if err := chromedp.Run(b.ctx, chromedp.Location(&u)); err != nil {
		t.Fatalf("location: %v", err)
	}
	return u
}

// click clicks the first element matching sel and waits for the page it
// leads to; it fails t unless that page answers 200.
func (b *browser) click(t *testing.T, sel string) {
	t.Helper()
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Click(sel, chromedp.ByQuery, chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
	if resp.Status != 200 {
		t.Fatalf("click %s: %s answered %d, want 200", sel, resp.URL, resp.Status)
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func TestHomeListsStories(t *testing.T) {
	b := newBrowser(t, 45*time.Second)
	b.mustVisit(t, "")
	ls := b.links(t, ".card-title a")
	if len(ls) < minStories {
		t.Errorf("home page: %d story links in .card-title a, want at least %d: %v", len(ls), minStories, ls)
	}
	for _, l := range ls {
		if l.Text == "" || !strings.HasPrefix(l.Href, baseURL+"stories/") {
			t.Errorf("home page: story link %+v: want a title and an href under %sstories/", l, baseURL)
		}
	}
	b.checkClean(t, "home")
}

func TestStoryOpens(t *testing.T) {
	b := newBrowser(t, 45*time.Second)
	b.mustVisit(t, "")
	ls := b.links(t, ".card-title a")
	if len(ls) == 0 {
		t.Fatal("home page has no .card-title a link")
	}
	b.checkClean(t, "home")
	b.click(t, ".card-title a")
	if got := b.location(t); got != ls[0].Href {
		t.Errorf("after clicking %q: URL %s, want %s", ls[0].Text, got, ls[0].Href)
	}
	if got, want := b.text(t, "h1"), ls[0].Text; got != want {
		t.Errorf("story page h1 = %q, want the link text %q", got, want)
	}
	if got := b.text(t, "article.story .body"); len(got) < 100 {
		t.Errorf("story page body has %d characters of text, want at least 100: %q", len(got), got)
	}
	b.checkClean(t, ls[0].Href)
}

func TestTagLinkOpensTagPage(t *testing.T) {
	b := newBrowser(t, 45*time.Second)
	b.mustVisit(t, "")
	chips := b.links(t, ".card .chip")
	if len(chips) == 0 {
		t.Fatal("home page has no .card .chip tag link")
	}
	b.checkClean(t, "home")
	b.click(t, ".card .chip")
	u := b.location(t)
	if !strings.Contains(u, "/tags/") || u != chips[0].Href {
		t.Errorf("after clicking tag %q: URL %s, want %s (under /tags/)", chips[0].Text, u, chips[0].Href)
	}
	if got, want := b.text(t, "h1"), chips[0].Text; got != want {
		t.Errorf("tag page h1 = %q, want the chip text %q", got, want)
	}
	if n := len(b.links(t, ".card-title a")); n == 0 {
		t.Errorf("tag page %s lists no stories (.card-title a), want at least 1", u)
	}
	b.checkClean(t, u)
}

func TestSearchFindsStory(t *testing.T) {
	b := newBrowser(t, 45*time.Second)
	b.mustVisit(t, "")
	var want string
	for _, l := range b.links(t, ".card-title a") {
		if strings.Contains(l.Text, searchWord) {
			want = l.Href
		}
	}
	if want == "" {
		t.Fatalf("no story on the home page has %q in its title; the test needs one", searchWord)
	}
	page := abs("search/")
	for _, l := range b.links(t, "header a") {
		if l.Text == "Search" {
			page = l.Href
		}
	}
	b.checkClean(t, "home")

	if st := b.visit(t, page); st != 200 {
		t.Fatalf("GET %s: status %d, want 200 (the search page with input[name=q] and #search-results)", page, st)
	}
	got, ok := b.search(t, searchWord, want)
	if !ok {
		t.Errorf("search for %q: results %v in #search-results li a, want a link to %s", searchWord, got, want)
	}
	b.checkClean(t, "search")
}

// search types word into the loaded search page's input[name=q] and waits
// for a result in #search-results li a, one linking to want if want is not
// empty; it returns the results.
func (b *browser) search(t *testing.T, word, want string) ([]link, bool) {
	t.Helper()
	if err := chromedp.Run(b.ctx,
		chromedp.WaitVisible(`input[name="q"]`, chromedp.ByQuery),
		chromedp.SendKeys(`input[name="q"]`, word, chromedp.ByQuery),
	); err != nil {
		t.Fatalf("search page: type %q into input[name=q]: %v", word, err)
	}
	found := func(wait time.Duration) ([]link, bool) {
		var got []link
		for end := time.Now().Add(wait); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			// Errors are expected while a submitted form loads its page.
			err := chromedp.Run(b.ctx, chromedp.Evaluate(`[...document.querySelectorAll("#search-results li a")].map(a => ({text: a.textContent.trim(), href: a.href}))`, &got))
			if err != nil {
				continue
			}
			for _, l := range got {
				if l.Href == want || want == "" {
					return got, true
				}
			}
		}
		return got, false
	}
	// Live search shows results as one types; a plain form needs Enter.
	if got, ok := found(3 * time.Second); ok {
		return got, ok
	}
	if err := chromedp.Run(b.ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Logf("press Enter: %v", err)
	}
	return found(10 * time.Second)
}

func TestDarkMode(t *testing.T) {
	b := newBrowser(t, 45*time.Second)
	pages := pageTypes(t, b)[:2] // home and a story
	for _, c := range []struct {
		scheme string
		dark   bool
	}{{"light", false}, {"dark", true}} {
		b.setScheme(t, c.scheme)
		for _, page := range pages {
			b.visit(t, page.url)
			var colors struct{ BG, FG string }
			b.eval(t, `(() => { const s = getComputedStyle(document.body); return {BG: s.backgroundColor, FG: s.color}; })()`, &colors)
			bg, err := luminance(colors.BG)
			if err != nil {
				t.Fatalf("%s, %s: body background: %v", page.name, c.scheme, err)
			}
			fg, err := luminance(colors.FG)
			if err != nil {
				t.Fatalf("%s, %s: body color: %v", page.name, c.scheme, err)
			}
			if c.dark && (bg >= 0.2 || fg <= 0.5) {
				t.Errorf("%s, prefers-color-scheme: dark: body background %s (luminance %.3f), text %s (%.3f); want background < 0.2 and text > 0.5",
					page.name, colors.BG, bg, colors.FG, fg)
			}
			if !c.dark && (bg <= 0.8 || fg >= 0.2) {
				t.Errorf("%s, prefers-color-scheme: light: body background %s (luminance %.3f), text %s (%.3f); want background > 0.8 and text < 0.2",
					page.name, colors.BG, bg, colors.FG, fg)
			}
			b.checkClean(t, page.name+" ("+c.scheme+")")
		}
	}
}

// TestAllPagesLoadCleanly loads every HTML page of the site and the 404
// page and fails on any console error, uncaught exception, failed request
// or HTTP error.
func TestAllPagesLoadCleanly(t *testing.T) {
	b := newBrowser(t, 60*time.Second)
	pages := htmlPages(t)
	if len(pages) < 10 {
		t.Errorf("built site has %d HTML pages, want at least 10: %v", len(pages), pages)
	}
	for _, p := range pages {
		if got := b.visit(t, p); got != 200 {
			t.Errorf("GET %s: status %d, want 200", abs(p), got)
		}
		b.checkClean(t, abs(p))
	}
	missing := abs("no-such-page/")
	b.allow404(missing)
	if got := b.visit(t, missing); got != 404 {
		t.Errorf("GET %s: status %d, want 404", missing, got)
	}
	if got, want := b.text(t, "h1"), "Page not found"; got != want {
		t.Errorf("404 page h1 = %q, want %q", got, want)
	}
	b.checkClean(t, missing)
}

// TestSkipLink checks the first Tab stop is the skip link, that it shows
// when focused and that it leads to the main landmark.
func TestSkipLink(t *testing.T) {
	b := newBrowser(t, 45*time.Second)
	b.mustVisit(t, "")
	if err := chromedp.Run(b.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatalf("press Tab: %v", err)
	}
	var got struct {
		Text, Href, Target string
		Left, Top          float64
	}
	b.eval(t, `(() => { const a = document.activeElement, r = a.getBoundingClientRect();
		const id = (a.getAttribute("href") || "").replace(/^#/, "");
		const target = id && document.getElementById(id);
		return {Text: a.textContent.trim(), Href: a.getAttribute("href") || "", Target: target ? target.tagName : "", Left: r.left, Top: r.top}; })()`, &got)
	if got.Text != "Skip to content" || got.Target != "MAIN" {
		t.Errorf("first Tab stop: %+v; want the link \"Skip to content\" to the <main> element", got)
	}
	if got.Left < 0 || got.Top < 0 {
		t.Errorf("focused skip link is off screen at (%.0f, %.0f); want it visible", got.Left, got.Top)
	}
	b.checkClean(t, "home")
}

// TestNarrowScreen loads every page type 360 px wide and fails if any
// page scrolls sideways.
func TestNarrowScreen(t *testing.T) {
	b := newBrowser(t, 45*time.Second)
	if err := chromedp.Run(b.ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatalf("set viewport: %v", err)
	}
	for _, p := range pageTypes(t, b) {
		if p.status != 200 {
			b.allow404(abs(p.url))
		}
		b.visit(t, p.url)
		var w struct{ Scroll, Client float64 }
		b.eval(t, `({Scroll: document.documentElement.scrollWidth, Client: document.documentElement.clientWidth})`, &w)
		if w.Scroll > w.Client {
			var wide []string
			b.eval(t, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : ""))`, &wide)
			t.Errorf("%s at 360 px: page is %.0f px wide, want at most %.0f (no sideways scroll); too wide: %v", abs(p.url), w.Scroll, w.Client, wide)
		}
		b.checkClean(t, abs(p.url))
	}
}
