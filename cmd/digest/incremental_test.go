package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"digest/internal/memo"
	"digest/internal/publish"
)

// TestIncremental checks when a build may stop early, and that what an
// incremental build leaves is byte for byte what a full build makes.
func TestIncremental(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	// With tagging on, as most sites have it, so that entities are found
	// and remembered.
	cfg := filepath.Join(src, "digest.yaml")
	yaml, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, bytes.Replace(yaml, []byte("tagging: false"), []byte("tagging: true"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
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
	sameTrees(t, out, other)

	// Files' bytes, entities, fingerprints and search terms come from
	// the memos the last build left; damaged ones are recomputed, and
	// the output is still a full build's.
	for _, name := range []string{"sources", "entities", "fingerprints", "search"} {
		data := publish.ReadMemo(out, name)
		self, err := executableHash()
		if err != nil {
			t.Fatal(err)
		}
		if memo.Decode(data, self, 0).Len() == 0 {
			t.Fatalf("the build left no %s in its memo", name)
		}
		if err := publish.WriteMemo(out, name, data[:len(data)/2]); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(story, []byte("---\ntitle: Market square gets twelve trees\ntags: [City Council]\n---\nTwelve trees, planted by the City Council.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b(o)
	b(fo)
	sameTrees(t, out, other)

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

// sameTrees reports every file that differs between the output folders
// got and want.
func sameTrees(t *testing.T, got, want string) {
	t.Helper()
	g, w := readTree(t, got), readTree(t, want)
	if len(g) != len(w) {
		t.Fatalf("%s has %d files, %s %d", got, len(g), want, len(w))
	}
	for name, data := range w {
		if !bytes.Equal(g[name], data) {
			t.Errorf("%s differs between %s and %s", name, got, want)
		}
	}
}

// TestTaggingOffMemo checks that a build with tagging off neither reads
// nor writes the entities memo, and leaves one from a build with tagging
// on where it is, for when tagging is on again.
func TestTaggingOffMemo(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	yaml, err := os.ReadFile(filepath.Join(src, "digest.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(yaml, []byte("tagging: false")) {
		t.Fatal("testdata/site no longer has tagging off")
	}
	out := filepath.Join(src, "public")
	o := buildOptions{Src: src, Out: out, Now: testNow}
	if _, err := build(o, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := publish.ReadMemo(out, "entities"); got != nil {
		t.Errorf("tagging off, the build wrote an entities memo of %d bytes", len(got))
	}
	if publish.ReadMemo(out, "fingerprints") == nil {
		t.Error("the build wrote no fingerprints memo")
	}
	kept := []byte("an earlier build's memo")
	if err := publish.WriteMemo(out, "entities", kept); err != nil {
		t.Fatal(err)
	}
	o.Full = true // build again, whatever the fingerprint says
	if _, err := build(o, io.Discard); err != nil {
		t.Fatal(err)
	}
	o.Full = false
	if err := os.WriteFile(filepath.Join(src, "content", "2025-03-02-market.md"), []byte("---\ntitle: Market square\n---\nTrees.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res, err := build(o, io.Discard); err != nil || res.unchanged {
		t.Fatalf("build after an edit: unchanged %t, error %v", res.unchanged, err)
	}
	if got := publish.ReadMemo(out, "entities"); !bytes.Equal(got, kept) {
		t.Errorf("tagging off, the build replaced the entities memo: got %q, want %q", got, kept)
	}
}

// TestSourcesMemoLinkedStory checks that a story file that is a symbolic
// link is read anew each build: its own stamp does not change when the
// file it leads to does, so the sources memo must not answer for it.
func TestSourcesMemoLinkedStory(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	shared := filepath.Join(src, "content", "_shared")
	if err := os.MkdirAll(shared, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(shared, "ferry.md")
	write(t, target, "---\ntitle: Ferry timetable\ndate: 2025-03-01\n---\nFerries run hourly.\n")
	if err := os.Symlink(filepath.Join("_shared", "ferry.md"), filepath.Join(src, "content", "ferry.md")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	out := filepath.Join(src, "public")
	o := buildOptions{Src: src, Out: out, Now: testNow}
	for range 2 { // the second build reads its files from the memo
		if _, err := build(o, io.Discard); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(src, "content", "2025-03-02-market.md"), "---\ntitle: Market\n---\nEdited "+time.Now().String()+".\n")
	}
	in, err := inputsFingerprint(o)
	if err != nil {
		t.Fatal(err)
	}
	stamps := in.stamps()
	if _, ok := stamps["content/ferry.md"]; ok {
		t.Error("the linked story has a stamp for the sources memo")
	}
	if _, ok := stamps["content/2025-03-02-market.md"]; !ok {
		t.Error("a story file has no stamp for the sources memo")
	}
	write(t, target, "---\ntitle: Ferry timetable\ndate: 2025-03-01\n---\nFerries run every half hour.\n")
	if _, err := build(o, io.Discard); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "stories", "ferry-timetable.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("every half hour")) {
		t.Error("the linked story's page still shows the text from before the edit")
	}
	full := o
	full.Full, full.Out = true, filepath.Join(t.TempDir(), "public")
	if _, err := build(full, io.Discard); err != nil {
		t.Fatal(err)
	}
	sameTrees(t, out, full.Out)
}
