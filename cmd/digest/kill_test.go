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

// TestKilledBuild kills real digest builds, by SIGKILL and by SIGINT,
// before and while they write their output, and wants the previous output
// complete and unchanged each time, and the next build to succeed.
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
	run()
	took := run() // the second build, warm, is the one to time
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
	// staging reports whether a build has begun writing its output.
	staging := func() bool {
		m, _ := filepath.Glob(filepath.Join(src, ".public.digest-staging-*"))
		return len(m) > 0
	}
	killed := 0
	for _, sig := range []syscall.Signal{syscall.SIGKILL, syscall.SIGINT} {
		// Once before any output is written, then at moments while the
		// new output is being written.
		for _, after := range []time.Duration{-1, 0, took / 20, took / 8, took / 4} {
			cmd := exec.Command(exe, "build", "-src", src, "-full")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			if after < 0 {
				time.Sleep(20 * time.Millisecond)
			} else {
				deadline := time.Now().Add(2 * took)
				for !staging() && time.Now().Before(deadline) {
					time.Sleep(2 * time.Millisecond)
				}
				time.Sleep(after)
			}
			cmd.Process.Signal(sig)
			err := cmd.Wait()
			got := readTree(t, out)
			if err == nil {
				// It finished before the signal: the output is the new one,
				// which must be complete too.
				if len(got) != len(before) {
					t.Errorf("%v after %v: the finished build has %d files, the first %d", sig, after, len(got), len(before))
				}
				before = got
				continue
			}
			killed++
			if len(got) != len(before) {
				t.Fatalf("%v after %v: output has %d files, before %d", sig, after, len(got), len(before))
			}
			for name, data := range before {
				if !bytes.Equal(got[name], data) {
					t.Fatalf("%v after %v: %s changed although the build was killed", sig, after, name)
				}
			}
		}
	}
	if killed < 4 {
		t.Errorf("only %d of 10 builds were killed before they finished; the test proves little", killed)
	}
	t.Logf("%d of 10 builds killed midway (a full build took %v)", killed, took)
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
