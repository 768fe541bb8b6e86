// Package e2e proves the built sample site works in a real browser: it
// builds content/ once, serves it on a loopback port and drives Debian's
// headless Chromium through the DevTools protocol (chromedp). It also runs
// axe-core in every page type and the Nu Html Checker on the whole site.
//
// Missing tools (chromium, axe-core, java, vnu.jar) skip the tests that need
// them, except under CI=true, where they fail so that CI cannot silently skip.
//
//	go test ./internal/e2e                                  # all checks
//	go test ./internal/e2e -run TestScreenshots -screenshots # refresh docs/*.png
package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.Bool("screenshots", false, "TestScreenshots writes its PNGs to docs/ (default: a temporary folder)")

// repoRoot is the module root, relative to this package's folder (the
// working directory of go test).
const repoRoot = "../.."

var (
	siteDir string // the built site
	baseURL string // where it is served, with a trailing slash
)

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "digest-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(tmp)

	// Listen first so that the site can be built for its real address.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: listen:", err)
		return 1
	}
	baseURL = "http://" + ln.Addr().String() + "/"
	siteDir = filepath.Join(tmp, "public")

	bin := filepath.Join(tmp, "digest")
	steps := [][]string{
		{"go", "build", "-o", bin, "../../cmd/digest"},
		{bin, "build", "-src", repoRoot, "-out", siteDir, "-base-url", baseURL},
	}
	for _, args := range steps {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		out, err := exec.CommandContext(ctx, args[0], args[1:]...).CombinedOutput()
		cancel()
		if err != nil {
			fmt.Fprintf(os.Stderr, "e2e: %s: %v\n%s", strings.Join(args, " "), err, out)
			ln.Close()
			return 1
		}
	}

	srv := &http.Server{Handler: siteHandler(siteDir), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	return m.Run()
}

// siteHandler serves dir like a static host: files as they are, and
// 404.html with status 404 for anything missing.
func siteHandler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		fi, err := os.Stat(name)
		if err == nil && fi.IsDir() {
			_, err = os.Stat(filepath.Join(name, "index.html"))
		}
		if err != nil {
			body, rerr := os.ReadFile(filepath.Join(dir, "404.html"))
			if rerr != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(body)
			return
		}
		files.ServeHTTP(w, r)
	})
}

// needTool skips the test with msg, or fails it under CI=true.
func needTool(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (CI=true, so this fails instead of skipping)", msg)
	}
	t.Skip(msg)
}

// chromiumPath returns the browser to drive, or skips the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	needTool(t, "chromium is not on PATH: install it (apt-get install chromium) to run the browser tests")
	return ""
}

// browser is one headless Chromium tab plus a recorder of what went wrong
// in it: console errors, uncaught exceptions, failed requests and HTTP
// errors.
type browser struct {
	ctx context.Context

	mu       sync.Mutex
	urls     map[network.RequestID]string
	problems []string
	allowed  map[string]bool // URLs expected to answer 404
}

// newBrowser starts a fresh Chromium for t with a 1280×900 window; it is
// shut down when t ends.
func newBrowser(t *testing.T, timeout time.Duration) *browser {
	t.Helper()
	exe := chromiumPath(t)
	// A fresh profile. Not t.TempDir: Chromium's helper processes may
	// still write to it for a moment after the browser exits, which would
	// fail the test in TempDir's cleanup.
	profile, err := os.MkdirTemp("", "digest-e2e-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tctx, cancelTimeout := context.WithTimeout(actx, timeout)
	ctx, cancelCtx := chromedp.NewContext(tctx)
	t.Cleanup(func() {
		chromedp.Cancel(ctx) // close the browser gracefully
		cancelCtx()
		cancelTimeout()
		cancelAlloc()
		for i := 0; i < 20 && os.RemoveAll(profile) != nil; i++ {
			time.Sleep(100 * time.Millisecond)
		}
	})
	b := &browser{ctx: ctx, urls: map[network.RequestID]string{}, allowed: map[string]bool{}}
	chromedp.ListenTarget(ctx, b.onEvent)
	// Start the browser now, so that a broken install fails here, clearly.
	if err := chromedp.Run(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return b
}

func (b *browser) onEvent(ev any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		b.urls[ev.RequestID] = ev.Request.URL
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 && !b.allowed[ev.Response.URL] {
			b.problems = append(b.problems, fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL))
		}
	case *network.EventLoadingFailed:
		// A request the browser cancels because the test navigated away is
		// no fault of the site.
		if !ev.Canceled {
			b.problems = append(b.problems, fmt.Sprintf("request failed: %s: %s", b.urls[ev.RequestID], ev.ErrorText))
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.APITypeError || ev.Type == runtime.APITypeAssert {
			var args []string
			for _, a := range ev.Args {
				if a.Value != nil {
					args = append(args, string(a.Value))
				} else {
					args = append(args, a.Description)
				}
			}
			b.problems = append(b.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		msg := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			msg += " " + d.Exception.Description
		}
		b.problems = append(b.problems, fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, msg))
	case *cdplog.EventEntryAdded:
		e := ev.Entry
		if e.Level == cdplog.LevelError && !b.allowed[e.URL] {
			b.problems = append(b.problems, fmt.Sprintf("console %s error: %s (%s)", e.Source, e.Text, e.URL))
		}
	}
}

// allow404 marks url as expected to answer with an HTTP error.
func (b *browser) allow404(url string) {
	b.mu.Lock()
	b.allowed[url] = true
	b.mu.Unlock()
}

// drain forgets the problems recorded so far.
func (b *browser) drain() {
	time.Sleep(200 * time.Millisecond)
	b.mu.Lock()
	b.problems = nil
	b.mu.Unlock()
}

// checkClean fails t with every problem recorded since the last check,
// after giving late events (such as a favicon request) a moment to arrive.
func (b *browser) checkClean(t *testing.T, where string) {
	t.Helper()
	time.Sleep(200 * time.Millisecond)
	b.mu.Lock()
	problems := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range problems {
		t.Errorf("%s: %s; want no console errors or failed requests", where, p)
	}
}

// visit loads url (absolute, or relative to the site) and returns the HTTP
// status of its document.
func (b *browser) visit(t *testing.T, url string) int64 {
	t.Helper()
	url = abs(url)
	resp, err := chromedp.RunResponse(b.ctx, chromedp.Navigate(url))
	if err != nil {
		t.Fatalf("load %s: %v", url, err)
	}
	return resp.Status
}

// mustVisit loads url and fails t unless it answers 200.
func (b *browser) mustVisit(t *testing.T, url string) {
	t.Helper()
	if got := b.visit(t, url); got != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", abs(url), got)
	}
}

// setScheme emulates prefers-color-scheme: light or dark for later loads.
func (b *browser) setScheme(t *testing.T, scheme string) {
	t.Helper()
	err := chromedp.Run(b.ctx, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{
		{Name: "prefers-color-scheme", Value: scheme},
	}))
	if err != nil {
		t.Fatalf("emulate prefers-color-scheme: %s: %v", scheme, err)
	}
}

// eval evaluates a JavaScript expression into res, awaiting a promise.
func (b *browser) eval(t *testing.T, js string, res any) {
	t.Helper()
	err := chromedp.Run(b.ctx, chromedp.Evaluate(js, res, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	}))
	if err != nil {
		t.Fatalf("evaluate %.80q: %v", js, err)
	}
}

func abs(u string) string {
	if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
		return u
	}
	return baseURL + strings.TrimPrefix(u, "/")
}

// pageType is one kind of page of the site and a URL of one of its kind.
type pageType struct {
	name   string
	url    string // absolute, or relative to the site
	status int64  // expected HTTP status
}

// pageTypes returns one page of every kind the site has, found by
// following its links as a reader would: home, the first story and the
// first tag of a story card, the tags index, a day, the archive, the 404
// page and, once they exist, search and quotes. It leaves b on the home
// page.
func pageTypes(t *testing.T, b *browser) []pageType {
	t.Helper()
	b.mustVisit(t, "")
	first := func(sel string) string {
		if ls := b.links(t, sel); len(ls) > 0 {
			return ls[0].Href
		}
		return ""
	}
	nav := map[string]string{}
	for _, l := range b.links(t, "header nav a") {
		nav[l.Text] = l.Href
	}
	pages := []pageType{{"home", "", 200}}
	for _, want := range []struct{ name, url, from string }{
		{"story", first(".card-title a"), ".card-title a"},
		{"tag", first(".card .chip"), ".card .chip"},
		{"tags", nav["Tags"], `the "Tags" link of header nav`},
		{"day", first(".edition-date a"), ".edition-date a"},
		{"archive", nav["Archive"], `the "Archive" link of header nav`},
	} {
		if want.url == "" {
			t.Fatalf("home page has no %s link (%s)", want.name, want.from)
		}
		pages = append(pages, pageType{want.name, want.url, 200})
	}
	pages = append(pages, pageType{"404", "no-such-page/", 404})
	for _, name := range []string{"search", "quotes"} { // once they exist
		u := abs(name + "/")
		if resp, err := http.Get(u); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				pages = append(pages, pageType{name, u, 200})
			}
		}
	}
	b.drain()
	return pages
}

// htmlPages returns the URL (relative to the site) of every HTML page of
// the built site, sorted; 404.html is left out.
func htmlPages(t *testing.T) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(siteDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, err := filepath.Rel(siteDir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "404.html":
		case rel == "index.html":
			pages = append(pages, "")
		case strings.HasSuffix(rel, "/index.html"):
			pages = append(pages, strings.TrimSuffix(rel, "index.html"))
		default:
			pages = append(pages, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk %s: %v", siteDir, err)
	}
	sort.Strings(pages)
	return pages
}

// luminance returns the WCAG relative luminance of a CSS rgb()/rgba()
// colour as getComputedStyle reports it.
func luminance(css string) (float64, error) {
	m := regexp.MustCompile(`^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)`).FindStringSubmatch(css)
	if m == nil {
		return 0, errors.New("not an rgb() colour: " + css)
	}
	var lin [3]float64
	for i := range lin {
		v, err := strconv.ParseFloat(m[i+1], 64)
		if err != nil {
			return 0, err
		}
		c := v / 255
		if c <= 0.04045 {
			lin[i] = c / 12.92
		} else {
			lin[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*lin[0] + 0.7152*lin[1] + 0.0722*lin[2], nil
}
