package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLargeInputs builds a site from one 10 MB line and from a 20 MB file
// of a thousand stories, in a child process, and wants each build to
// finish with nothing lost and its memory bounded by a multiple of the
// input's size.
func TestLargeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 30 MB of input")
	}
	// GNU time measures the build alone: a child's own rusage counts the
	// test process's memory too, which it shares until it execs.
	gnuTime, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI must provide GNU time (Debian package time; see .ci/run)")
		}
		t.Skip("needs GNU time (Debian package time) to measure the build's memory")
	}
	exe := filepath.Join(t.TempDir(), "digest")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields("the council said harbour bridge would reopen after repairs to its deck and piers while ferry operators cut sailings and engineers checked cables")
	prose := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		return b.String()
	}
	var many strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&many, "Harbour story number %d reopens\n", i)
		for range 6 {
			many.WriteString(prose(550) + ".\n")
		}
	}
	tests := []struct {
		name, text, last string
	}{
		{"a 10 MB line", prose(1_600_000) + " final words here.\n", "final words here."},
		{"a 20 MB file", many.String() + "Last story stands alone\nIt ends with the closing words.\n", "It ends with the closing words."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := t.TempDir()
			os.MkdirAll(filepath.Join(src, "content"), 0o755)
			os.WriteFile(filepath.Join(src, "digest.yaml"), []byte("title: Large\n"), 0o644)
			if err := os.WriteFile(filepath.Join(src, "content", "2025-01-01-large.txt"), []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			stats := filepath.Join(t.TempDir(), "time")
			cmd := exec.Command(gnuTime, "-f", "%M %U %S", "-o", stats, exe, "build", "-src", src)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			b, err := os.ReadFile(stats)
			if err != nil {
				t.Fatal(err)
			}
			var kb int64
			var user, sys float64
			if _, err := fmt.Sscan(string(b), &kb, &user, &sys); err != nil {
				t.Fatalf("reading GNU time's %q: %v", b, err)
			}
			rss := kb * 1024
			t.Logf("%d bytes of input: %.1f s of CPU, peak RSS %d MB", len(tt.text), user+sys, rss>>20)
			// The bound catches memory that grows faster than the input.
			if limit := 60*int64(len(tt.text)) + 256<<20; rss > limit {
				t.Errorf("peak RSS %d MB for %d MB of input, want under %d MB", rss>>20, len(tt.text)>>20, limit>>20)
			}
			found := false
			filepath.WalkDir(filepath.Join(src, "public", "stories"), func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					if b, _ := os.ReadFile(p); strings.Contains(string(b), tt.last) {
						found = true
					}
				}
				return nil
			})
			if !found {
				t.Errorf("no story page holds the input's last words %q", tt.last)
			}
		})
	}
}
