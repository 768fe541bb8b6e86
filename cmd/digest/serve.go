package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

func runServe(args []string, stdout, stderr io.Writer) error {
	fl := newFlagSet("serve", "serve [-src DIR] [-addr 127.0.0.1:1313] [-drafts] [-future]", stderr)
	var o buildOptions
	addr := fl.String("addr", "127.0.0.1:1313", "the `address` to listen on; loopback unless you say otherwise")
	fl.StringVar(&o.Src, "src", ".", "the site `folder`")
	fl.BoolVar(&o.Drafts, "drafts", false, "include stories marked draft")
	fl.BoolVar(&o.Future, "future", false, "include stories dated in the future")
	if err := parseFlags(fl, args); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "digest-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	o.Out = filepath.Join(tmp, "site")
	o.BaseURL = "http://" + ln.Addr().String() + "/"

	srv := newServer(o, stderr)
	srv.rebuild()
	fmt.Fprintf(stdout, "serving %s at %s (Ctrl-C to stop)\n", o.Src, o.BaseURL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go srv.watch(ctx, 300*time.Millisecond)
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		hs.Shutdown(sctx)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// A server serves the built site, rebuilds it when the source changes and
// tells open pages to reload, or shows them the build error.
type server struct {
	opts   buildOptions
	stderr io.Writer
	files  http.Handler

	mu      sync.Mutex
	version int    // bumped on every build
	lastErr string // the last build's error, "" when it succeeded
	waiters []chan struct{}
}

func newServer(o buildOptions, stderr io.Writer) *server {
	return &server{opts: o, stderr: stderr, files: http.FileServerFS(os.DirFS(o.Out))}
}

func (s *server) rebuild() {
	o := s.opts
	o.Now = time.Now()
	start := time.Now()
	_, err := build(o, s.stderr)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	if err != nil {
		s.lastErr = err.Error()
		fmt.Fprintln(s.stderr, "build failed:", err)
	} else {
		s.lastErr = ""
		fmt.Fprintf(s.stderr, "rebuilt in %v\n", time.Since(start).Round(time.Millisecond))
	}
	for _, w := range s.waiters {
		close(w)
	}
	s.waiters = nil
}

// watch polls the source folder and rebuilds when anything in it changes.
// Polling needs no platform support and notices a save within interval.
func (s *server) watch(ctx context.Context, interval time.Duration) {
	last := s.fingerprint()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if fp := s.fingerprint(); fp != last {
				last = fp
				s.rebuild()
			}
		}
	}
}

// fingerprint is the build's own fingerprint of the site's inputs; an
// error (a file vanishing mid-walk) reads as a change.
func (s *server) fingerprint() string {
	in, err := inputsFingerprint(s.opts)
	if err != nil {
		return err.Error()
	}
	return in.fingerprint
}

const reloadPath = "/_digest/reload"

// reloadScript waits for the next build and then reloads the page, or shows
// the build's error over it.
const reloadScript = `<script>(function(){var v=%d;function poll(){fetch("` + reloadPath + `?v="+v).then(function(r){return r.json()}).then(function(s){if(s.error){var d=document.getElementById("digest-error")||document.body.appendChild(document.createElement("pre"));d.id="digest-error";d.style.cssText="position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:1rem;background:#8b0000;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;z-index:99";d.textContent="digest: build failed\n\n"+s.error;v=s.version;poll()}else if(s.version!==v){location.reload()}else{poll()}}).catch(function(){setTimeout(poll,1000)})}poll()})();</script>`

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == reloadPath {
		s.serveReload(w, r)
		return
	}
	s.mu.Lock()
	version, lastErr := s.version, s.lastErr
	s.mu.Unlock()
	if lastErr != "" && (r.URL.Path == "/" || strings.HasSuffix(r.URL.Path, "/") || strings.HasSuffix(r.URL.Path, ".html")) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "<!DOCTYPE html><html lang=en><title>Build failed</title><h1>digest: build failed</h1><pre>%s</pre>", html.EscapeString(lastErr))
		fmt.Fprintf(w, reloadScript, version)
		return
	}
	if !strings.HasSuffix(r.URL.Path, "/") && !strings.HasSuffix(r.URL.Path, ".html") {
		s.files.ServeHTTP(w, r)
		return
	}
	// Pages get the reload script; the files on disk never have it.
	rec := &recorder{header: http.Header{}, code: http.StatusOK}
	s.files.ServeHTTP(rec, r)
	body := rec.buf.Bytes()
	if rec.code == http.StatusNotFound {
		if b, err := os.ReadFile(filepath.Join(s.opts.Out, "404.html")); err == nil {
			body = b
			rec.header.Set("Content-Type", "text/html; charset=utf-8")
		}
	}
	if strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
		script := fmt.Sprintf(reloadScript, version)
		if i := bytes.LastIndex(body, []byte("</body>")); i >= 0 {
			body = append(body[:i:i], append([]byte(script), body[i:]...)...)
		}
		rec.header.Del("Content-Length")
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(rec.code)
	w.Write(body)
}

// serveReload answers when the build version differs from the page's, or
// after 25 seconds, so that the page's request is never cut by a proxy.
func (s *server) serveReload(w http.ResponseWriter, r *http.Request) {
	seen := r.URL.Query().Get("v")
	s.mu.Lock()
	if fmt.Sprint(s.version) == seen {
		ch := make(chan struct{})
		s.waiters = append(s.waiters, ch)
		s.mu.Unlock()
		select {
		case <-ch:
		case <-r.Context().Done():
			return
		case <-time.After(25 * time.Second):
		}
		s.mu.Lock()
	}
	version, lastErr := s.version, s.lastErr
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, `{"version":%d,"error":%s}`, version, jsonString(lastErr))
}

func jsonString(s string) string {
	if s == "" {
		return "null"
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == '<' || r == '>' || r == '&':
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// recorder captures a response so that the server can add to it.
type recorder struct {
	header http.Header
	code   int
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.code = code }
func (r *recorder) Write(b []byte) (int, error) { return r.buf.Write(b) }
