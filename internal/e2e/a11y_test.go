package e2e

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axePath is axe-core's browser bundle, installed by .ci/run with
// npm install --prefix .ci/node axe-core; AXE_JS overrides it.
func axePath() string {
	if p := os.Getenv("AXE_JS"); p != "" {
		return p
	}
	return filepath.Join(repoRoot, ".ci", "node", "node_modules", "axe-core", "axe.min.js")
}

// vnuPath is the Nu Html Checker, installed by .ci/run with
// npm install --prefix .ci/node vnu-jar; VNU_JAR overrides it.
func vnuPath() string {
	if p := os.Getenv("VNU_JAR"); p != "" {
		return p
	}
	return filepath.Join(repoRoot, ".ci", "node", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
}

type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	HelpURL string   `json:"helpUrl"`
	Targets []string `json:"targets"`
}

// runAxe injects axe-core into the loaded page and returns its violations
// under axe's default rules (WCAG 2 A/AA and best practices).
func (b *browser) runAxe(t *testing.T, src string) []axeViolation {
	t.Helper()
	var loaded bool
	b.eval(t, src+"\n;typeof axe === 'object'", &loaded)
	if !loaded {
		t.Fatal("axe.min.js ran but defined no axe object")
	}
	var vs []axeViolation
	b.eval(t, `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help, helpUrl: v.helpUrl,
		targets: v.nodes.map(n => n.target.join(" ") + (n.failureSummary ? " — " + n.failureSummary.replace(/\s+/g, " ") : "")),
	})))`, &vs)
	return vs
}

// TestAxe runs axe-core in every page type of the site, in light and dark
// mode, and allows no violation.
func TestAxe(t *testing.T) {
	src, err := os.ReadFile(axePath())
	if err != nil {
		needTool(t, fmt.Sprintf("axe-core not found (%v): npm install --prefix .ci/node axe-core, or set AXE_JS", err))
	}
	b := newBrowser(t, 90*time.Second)

	// First prove that the harness sees violations at all.
	bad := `data:text/html,<!DOCTYPE html><title>bad</title><img src="data:,"><a href="%23"></a>`
	if err := chromedp.Run(b.ctx, chromedp.Navigate(bad)); err != nil {
		t.Fatalf("load a page with known violations: %v", err)
	}
	ids := map[string]bool{}
	for _, v := range b.runAxe(t, string(src)) {
		ids[v.ID] = true
	}
	for _, id := range []string{"html-has-lang", "image-alt", "link-name"} {
		if !ids[id] {
			t.Errorf("axe self-check: violations %v on a page made to break %s; want %[2]s among them", ids, id)
		}
	}
	b.drain() // the broken image's failed request is no fault of the site
	if t.Failed() {
		t.FailNow()
	}

	pages := pageTypes(t, b)
	for _, scheme := range []string{"light", "dark"} {
		b.setScheme(t, scheme)
		for _, p := range pages {
			t.Run(p.name+"/"+scheme, func(t *testing.T) {
				if p.status != 200 {
					b.allow404(abs(p.url))
				}
				if got := b.visit(t, p.url); got != p.status {
					t.Fatalf("GET %s: status %d, want %d", abs(p.url), got, p.status)
				}
				if p.name == "search" { // check it with results shown
					if got, ok := b.search(t, searchWord, ""); !ok {
						t.Errorf("search for %q: no result in #search-results li a (%v)", searchWord, got)
					}
				}
				for _, v := range b.runAxe(t, string(src)) {
					t.Errorf("%s (%s mode): axe %s [%s]: %s (%s)\n\t%s",
						abs(p.url), scheme, v.ID, v.Impact, v.Help, v.HelpURL, strings.Join(v.Targets, "\n\t"))
				}
				b.checkClean(t, abs(p.url))
			})
		}
	}
}

// TestHTMLValid runs the Nu Html Checker on every HTML page of the built
// site and allows no error.
func TestHTMLValid(t *testing.T) {
	t.Parallel() // needs no browser: runs beside the browser tests
	java, err := exec.LookPath("java")
	if err != nil {
		needTool(t, "java is not on PATH: install a JRE 17+ (apt-get install default-jre-headless) to run the Nu Html Checker")
	}
	jar := vnuPath()
	if _, err := os.Stat(jar); err != nil {
		needTool(t, fmt.Sprintf("vnu.jar not found (%v): npm install --prefix .ci/node vnu-jar, or set VNU_JAR", err))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, java, "-jar", jar, "--errors-only", "--skip-non-html", siteDir)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	report := strings.TrimSpace(strings.ReplaceAll(out.String(), "file:"+siteDir, ""))
	if ctx.Err() != nil {
		t.Fatalf("vnu timed out: %s", report)
	}
	// One failure per distinct message, naming where it occurs: a template
	// error repeats on every page made from that template.
	var msgs []string
	where := map[string][]string{}
	for _, line := range strings.Split(report, "\n") {
		if line == "" {
			continue
		}
		loc, msg := "", line
		if m := vnuLine.FindStringSubmatch(line); m != nil {
			loc, msg = m[1], m[2]
		}
		if _, ok := where[msg]; !ok {
			msgs = append(msgs, msg)
		}
		where[msg] = append(where[msg], loc)
	}
	for _, msg := range msgs {
		locs := where[msg]
		more := ""
		if len(locs) > 3 {
			more = fmt.Sprintf(" and %d more", len(locs)-3)
			locs = locs[:3]
		}
		t.Errorf("vnu: %s\n\tat %s%s", msg, strings.Join(locs, ", "), more)
	}
	if err != nil && report == "" {
		t.Errorf("vnu: %v with no output", err)
	}
}

// vnuLine splits a line of vnu's text output into place and message.
var vnuLine = regexp.MustCompile(`^("[^"]*":[\d.-]+): (.*)$`)

// TestScreenshots captures the first screen (1280×900) of the home page and
// a story in light and dark mode: into docs/ with -screenshots, for the
// README, and into a temporary folder otherwise.
func TestScreenshots(t *testing.T) {
	dir := t.TempDir()
	if *screenshots {
		dir = filepath.Join(repoRoot, "docs")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t, 45*time.Second)
	if err := chromedp.Run(b.ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("set viewport: %v", err)
	}
	pages := pageTypes(t, b)[:2] // home and a story
	for _, scheme := range []string{"light", "dark"} {
		b.setScheme(t, scheme)
		for _, p := range pages {
			b.mustVisit(t, p.url)
			var buf []byte
			if err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot(&buf)); err != nil {
				t.Fatalf("screenshot %s: %v", p.url, err)
			}
			img, err := png.Decode(bytes.NewReader(buf))
			if err != nil {
				t.Fatalf("screenshot of %s is no PNG: %v", p.url, err)
			}
			if got := img.Bounds().Size(); got.X != 1280 || got.Y != 900 {
				t.Errorf("screenshot of %s is %v, want 1280×900", p.url, got)
			}
			name := filepath.Join(dir, p.name+"-"+scheme+".png")
			if err := os.WriteFile(name, buf, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s", name)
			b.checkClean(t, abs(p.url))
		}
	}
}
