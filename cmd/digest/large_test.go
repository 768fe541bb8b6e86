package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
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
			cmd := exec.Command(exe, "build", "-src", src)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("build: %v\n%s", err, out)
			}
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			rss := ru.Maxrss * 1024
			t.Logf("%d bytes of input: %.1f s of CPU, peak RSS %d MB", len(tt.text), float64(ru.Utime.Sec+ru.Stime.Sec)+float64(ru.Utime.Usec+ru.Stime.Usec)/1e6, rss>>20)
			// The bound catches memory that grows faster than the input;
			// it is loose because the collector falls behind on a loaded
			// machine: the 10 MB line peaked at 355-437 MB alone and at
			// 861 MB beside the rest of the test suite.
			if limit := 120*int64(len(tt.text)) + 256<<20; rss > limit {
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
