package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestIncremental checks when a build may stop early, and that what an
// incremental build leaves is byte for byte what a full build makes.
func TestIncremental(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	out := filepath.Join(src, "public")
	o := buildOptions{Src: src, Out: out, Now: testNow}
	b := func(o buildOptions) buildResult {
		t.Helper()
		res, err := build(o, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	if b(o).unchanged {
		t.Fatal("the first build claims nothing changed")
	}
	if !b(o).unchanged {
		t.Error("a second build with nothing changed did the work again")
	}
	full := o
	full.Full = true
	if b(full).unchanged {
		t.Error("-full stopped early")
	}

	// An edit is seen, and the result equals a full build's.
	story := filepath.Join(src, "content", "2025-03-02-market.md")
	if err := os.WriteFile(story, []byte("---\ntitle: Market square gets twelve trees\ntags: [City Council]\n---\nTwelve trees.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b(o).unchanged {
		t.Fatal("an edited story was not rebuilt")
	}
	other := filepath.Join(t.TempDir(), "public")
	fo := full
	fo.Out = other
	b(fo)
	got, want := readTree(t, out), readTree(t, other)
	if len(got) != len(want) {
		t.Fatalf("incremental output has %d files, full %d", len(got), len(want))
	}
	for name, data := range want {
		if !bytes.Equal(got[name], data) {
			t.Errorf("%s differs between the incremental and the full build", name)
		}
	}

	// A replaced output folder is rebuilt.
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	if b(o).unchanged {
		t.Error("a deleted output folder was not rebuilt")
	}

	// A story left out as future is published once it is due.
	if err := os.WriteFile(filepath.Join(src, "content", "2026-06-01-later.md"), []byte("---\ntitle: Summer timetable\n---\nFerries run later.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b(o)
	if !b(o).unchanged {
		t.Error("nothing changed, yet the build ran")
	}
	later := o
	later.Now = time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)
	if b(later).unchanged {
		t.Error("a story that became due was not published")
	}
	if _, err := os.Stat(filepath.Join(out, "stories", "summer-timetable.html")); err != nil {
		t.Errorf("the due story is not in the output: %v", err)
	}
}
