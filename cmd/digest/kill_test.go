package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"digest/bench/corpus"
)

// TestKilledBuild kills real digest builds midway, by SIGKILL and by
// SIGINT, at several moments, and wants the previous output complete and
// unchanged each time, and the next build to succeed.
func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-story site several times")
	}
	exe := filepath.Join(t.TempDir(), "digest")
	if out, err := exec.Command("go", "build", "-o", exe, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src := t.TempDir()
	if err := corpus.Write(src, 2000, corpus.Options{Seed: 1, Format: corpus.Markdown}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(src, "public")
	run := func() time.Duration {
		t.Helper()
		start := time.Now()
		if b, err := exec.Command(exe, "build", "-src", src, "-full").CombinedOutput(); err != nil {
			t.Fatalf("build: %v\n%s", err, b)
		}
		return time.Since(start)
	}
	took := run()
	before := readTree(t, out)

	// Change the input so that a finished build would change the output.
	story := filepath.Join(src, "content", "stories", "story-000000.md")
	old, err := os.ReadFile(story)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(story, bytes.Replace(old, []byte("title: "), []byte("title: Changed "), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	killed := 0
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		for _, at := range []float64{0.2, 0.5, 0.8, 0.95} {
			cmd := exec.Command(exe, "build", "-src", src, "-full")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(float64(took) * at))
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			after := readTree(t, out)
			if err == nil {
				// It finished before the signal: the output is the new one,
				// which must be complete too.
				if len(after) != len(before) {
					t.Errorf("%v at %.0f%%: the finished build has %d files, the first %d", sig, at*100, len(after), len(before))
				}
				before = after
				continue
			}
			killed++
			if len(after) != len(before) {
				t.Fatalf("%v at %.0f%%: output has %d files, before %d", sig, at*100, len(after), len(before))
			}
			for name, data := range before {
				if !bytes.Equal(after[name], data) {
					t.Fatalf("%v at %.0f%%: %s changed although the build was killed", sig, at*100, name)
				}
			}
		}
	}
	if killed < 4 {
		t.Errorf("only %d of 8 builds were killed before they finished; the test proves little", killed)
	}
	t.Logf("%d of 8 builds killed midway (a full build took %v)", killed, took)
	run()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if n := e.Name(); n != "content" && n != "public" && n != "digest.yaml" && n != ".public.digest-cache" {
			t.Errorf("a killed build left %s behind", n)
		}
	}
}
