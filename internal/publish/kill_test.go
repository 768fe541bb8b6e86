package publish

import (
	"bufio"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
)

// The killed-build tests re-run this test binary as a child that publishes
// into out and dies mid-way; the parent then checks the damage.
const (
	childModeEnv = "DIGEST_PUBLISH_CHILD"
	childOutEnv  = "DIGEST_PUBLISH_OUT"
)

// oldSite is the previous output the child is killed while replacing.
func oldSite() map[string]string {
	m := map[string]string{}
	for i := range 300 {
		m[fmt.Sprintf("story/%d/index.html", i)] = fmt.Sprintf("story %d %s", i, strings.Repeat("x", 8000))
	}
	m["index.html"] = "old home"
	return m
}

// newSite is what the child publishes: most stories unchanged, a new home
// page, one story gone, and n more pages.
func newSite(n int) map[string]string {
	m := oldSite()
	m["index.html"] = "new home"
	delete(m, "story/0/index.html")
	for i := range n {
		m[fmt.Sprintf("gen/%d/%d.html", i%100, i)] = fmt.Sprintf("gen %d %s", i, strings.Repeat("y", 8000))
	}
	return m
}

// TestHelperChild is the child process; it does nothing in a normal run.
func TestHelperChild(t *testing.T) {
	mode := os.Getenv(childModeEnv)
	if mode == "" {
		t.Skip("helper process for the killed-build tests")
	}
	out := os.Getenv(childOutEnv)
	die := func() {
		fmt.Println("ready")
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
	switch mode {
	case "between-renames":
		testForceRenameFallback = true
		testBetweenRenames = die
	case "after-swap":
		testAfterSwap = die
	}
	st, err := Begin(out, Options{})
	if err != nil {
		fmt.Println("Begin:", err)
		os.Exit(3)
	}
	files := newSite(50)
	names := make(chan string)
	var wg sync.WaitGroup
	var written atomic.Int64
	for range 8 {
		wg.Go(func() {
			for name := range names {
				data, ok := files[name]
				if !ok {
					data = strings.Repeat(name, 8000/len(name))
				}
				if err := st.WriteFile(name, []byte(data)); err != nil {
					fmt.Println("WriteFile:", err)
					os.Exit(3)
				}
				// Signal the parent once well into the build.
				if written.Add(1) == 1000 && mode == "write" {
					fmt.Println("ready")
				}
			}
		})
	}
	for name := range files {
		names <- name
	}
	if mode == "write" {
		// Keep writing until the parent's signal arrives.
		for i := 0; ; i++ {
			names <- fmt.Sprintf("more/%d/%d.html", i%100, i)
		}
	}
	close(names)
	wg.Wait()
	if _, err := st.Commit(); err != nil {
		fmt.Println("Commit:", err)
		os.Exit(3)
	}
	fmt.Println("committed")
	os.Exit(4) // the parent expected death before this
}

// runChild starts the child in mode, waits for it to print "ready", sends sig
// (if any) and waits for it to die.
func runChild(t *testing.T, mode, out string, sig os.Signal) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperChild$")
	cmd.Env = append(os.Environ(), childModeEnv+"="+mode, childOutEnv+"="+out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	var lines []string
	ready := false
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if sc.Text() == "ready" {
			ready = true
			break
		}
	}
	if !ready {
		cmd.Wait()
		t.Fatalf("child never got ready; output: %q", lines)
	}
	if sig != nil {
		if err := cmd.Process.Signal(sig); err != nil {
			t.Fatal(err)
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || !ee.Sys().(syscall.WaitStatus).Signaled() {
		t.Fatalf("child ended with %v, want death by signal", err)
	}
}

func TestKilledBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	tests := []struct {
		mode string
		sig  os.Signal // sent by the parent; nil: the child kills itself at a hook
		// wantOld: out must still be the previous output; else the new one.
		wantOld bool
	}{
		{"write", syscall.SIGKILL, true},
		{"write", syscall.SIGINT, true},
		{"between-renames", nil, true},
		{"after-swap", nil, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%v", tt.mode, tt.sig), func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			publish(t, out, oldSite(), Options{})
			before := snapshot(t, out)

			runChild(t, tt.mode, out, tt.sig)
			t.Logf("after death: %v", dirNames(t, parent))

			// The next build's Begin repairs and cleans up.
			st, err := Begin(out, Options{})
			if err != nil {
				t.Fatalf("Begin after killed build: %v", err)
			}
			defer st.Abort()
			checkNoLeftovers(t, parent, "public", filepath.Base(st.staging))
			if tt.wantOld {
				if after := snapshot(t, out); !maps.Equal(after, before) {
					t.Errorf("previous output damaged by killed build: %d files, want %d identical", len(after), len(before))
				}
			} else {
				checkContents(t, out, withMarker(newSite(50)))
			}

			final := map[string]string{"index.html": "final", "story/1/index.html": oldSite()["story/1/index.html"]}
			for name, data := range final {
				if err := st.WriteFile(name, []byte(data)); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := st.Commit(); err != nil {
				t.Fatalf("Commit after killed build: %v", err)
			}
			checkContents(t, out, withMarker(final))
			checkNoLeftovers(t, parent, "public")
			if got, want := snapshot(t, out)["story/1/index.html"].ino, before["story/1/index.html"].ino; got != want {
				t.Errorf("unchanged file after recovery: inode %d, want %d (kept)", got, want)
			}
		})
	}
}

func dirNames(t *testing.T, dir string) []string {
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}
