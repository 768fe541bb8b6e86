package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// newTestServer builds a copy of the test site and serves it on loopback.
func newTestServer(t *testing.T) (*server, *httptest.Server, string) {
	t.Helper()
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	o := buildOptions{Src: src, Out: filepath.Join(t.TempDir(), "site"), BaseURL: "http://127.0.0.1/", Now: testNow}
	srv := newServer(o, io.Discard)
	srv.rebuild()
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return srv, ts, src
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeDefaultAddressIsLoopback(t *testing.T) {
	var stderr strings.Builder
	run([]string{"serve", "-h"}, io.Discard, &stderr)
	if !strings.Contains(stderr.String(), `(default "127.0.0.1:1313")`) {
		t.Errorf("serve -h does not show the loopback default:\n%s", stderr.String())
	}
}

func TestServePages(t *testing.T) {
	_, ts, _ := newTestServer(t)
	code, body := get(t, ts.URL+"/")
	if code != 200 || !strings.Contains(body, "Harbour bridge reopens after repairs") {
		t.Fatalf("GET / = %d, want 200 with the stories", code)
	}
	if !strings.Contains(body, "/_digest/reload") {
		t.Errorf("served page lacks the reload script")
	}
	code, body = get(t, ts.URL+"/no/such/page/")
	if code != 404 || !strings.Contains(body, "Page not found") {
		t.Errorf("GET a missing page = %d, want 404 with the site's 404 page", code)
	}
	code, _ = get(t, ts.URL+"/style.css")
	if code != 200 {
		t.Errorf("GET /style.css = %d", code)
	}
}

// TestServeTraversal asks for files outside the output folder every way a
// URL can spell it.
func TestServeTraversal(t *testing.T) {
	srv, ts, src := newTestServer(t)
	secret := filepath.Join(filepath.Dir(srv.opts.Out), "secret.txt")
	if err := os.WriteFile(secret, []byte("TOP SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt",
		"/stories/../../secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt",
		"/" + strings.TrimPrefix(secret, "/"), "//" + secret, "/../" + filepath.Base(src) + "/digest.yaml",
	} {
		req, _ := http.NewRequest("GET", ts.URL+"/", nil)
		req.URL.Opaque = p // sent as written, not cleaned by the client
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "TOP SECRET") || strings.Contains(string(b), "base_url") {
			t.Errorf("GET %s served a file outside the output folder", p)
		}
	}
}

// TestServeReload changes a story and wants the page's reload request to
// answer with a new version, then breaks it and wants the error shown.
func TestServeReload(t *testing.T) {
	srv, ts, src := newTestServer(t)
	srv.mu.Lock()
	v := srv.version
	srv.mu.Unlock()

	done := make(chan string, 1)
	go func() {
		_, b := get(t, fmt.Sprintf("%s/_digest/reload?v=%d", ts.URL, v))
		done <- b
	}()
	time.Sleep(50 * time.Millisecond)
	story := filepath.Join(src, "content", "2025-03-02-market.md")
	if err := os.WriteFile(story, []byte("---\ntitle: Market square gets twelve new trees\n---\nTwelve trees.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.rebuild() // what watch does on a change
	select {
	case b := <-done:
		if !strings.Contains(b, fmt.Sprintf(`"version":%d`, v+1)) || !strings.Contains(b, `"error":null`) {
			t.Errorf("reload answered %s, want version %d and no error", b, v+1)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the reload request did not answer after a rebuild")
	}
	if code, b := get(t, ts.URL+"/stories/market-square-gets-twelve-new-trees.html"); code != 200 || !strings.Contains(b, "<h1>Market square gets twelve new trees</h1>") {
		t.Errorf("the edited story's page = %d, want 200 with the new title", code)
	}

	if err := os.WriteFile(story, []byte("---\ntitle: [broken\n---\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv.rebuild()
	code, b := get(t, ts.URL+"/")
	if code != 500 || !strings.Contains(b, "build failed") || !strings.Contains(b, "content/2025-03-02-market.md:") {
		t.Errorf("after a failed build GET / = %d, want 500 naming the file:\n%s", code, b)
	}
}

// TestServeWatch checks that saving a file triggers a rebuild within a
// second.
func TestServeWatch(t *testing.T) {
	srv, _, src := newTestServer(t)
	ctx, cancel := testContext(t)
	defer cancel()
	go srv.watch(ctx, 100*time.Millisecond)
	srv.mu.Lock()
	v := srv.version
	srv.mu.Unlock()
	time.Sleep(150 * time.Millisecond)
	if err := os.WriteFile(filepath.Join(src, "content", "new.md"), []byte("---\ntitle: New\ndate: 2025-03-05\n---\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		srv.mu.Lock()
		nv := srv.version
		srv.mu.Unlock()
		if nv > v {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("no rebuild within a second of saving a file")
}

// TestServeLoad sends a bounded burst of concurrent requests on loopback
// and wants every one answered correctly.
func TestServeLoad(t *testing.T) {
	_, ts, _ := newTestServer(t)
	paths := []string{"/", "/style.css", "/atom.xml", "/tags/", "/stories/harbour-bridge-reopens-after-repairs.html", "/missing/"}
	const workers, perWorker = 8, 150
	var bad atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(20 * time.Second)
	client := &http.Client{Timeout: 5 * time.Second}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				if time.Now().After(deadline) {
					return
				}
				p := paths[(w+i)%len(paths)]
				resp, err := client.Get(ts.URL + p)
				if err != nil {
					bad.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				want := 200
				if p == "/missing/" {
					want = 404
				}
				if resp.StatusCode != want {
					bad.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if n := bad.Load(); n > 0 {
		t.Errorf("%d of %d requests failed or got the wrong status", n, workers*perWorker)
	}
}

func testContext(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 10*time.Second)
}
