package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"digest/internal/memo"
	"digest/internal/publish"
)

// TestPagesMemo checks that an edit build keeps the pages whose inputs did
// not change (the memo "pages"), that what it leaves is a full build's,
// and that a damaged memo costs rendering only.
func TestPagesMemo(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	out := filepath.Join(src, "public")
	o := buildOptions{Src: src, Out: out, Now: testNow, Timings: true}
	full := o
	full.Full, full.Out = true, filepath.Join(t.TempDir(), "public")
	counts := regexp.MustCompile(`pages: (\d+) rendered and traced, (\d+) kept`)
	traced := func(o buildOptions) (rendered, kept int, ok bool) {
		t.Helper()
		var stderr bytes.Buffer
		if _, err := build(o, &stderr); err != nil {
			t.Fatal(err)
		}
		m := counts.FindStringSubmatch(stderr.String())
		if m == nil {
			return 0, 0, false
		}
		if o.Full {
			t.Errorf("a full build used the pages memo: %s", m[0])
		}
		rendered, _ = strconv.Atoi(m[1])
		kept, _ = strconv.Atoi(m[2])
		return rendered, kept, true
	}
	b := func(o buildOptions) (rendered, kept int) {
		t.Helper()
		rendered, kept, ok := traced(o)
		if !ok && !o.Full {
			t.Fatal("an incremental build printed no page counts")
		}
		return rendered, kept
	}
	// A build that finds no memo fills it, rendering every page, so that
	// the edit after it is already quick.
	if rendered, kept := b(o); rendered == 0 || kept != 0 {
		t.Errorf("the first build rendered %d pages and kept %d; it should render them all", rendered, kept)
	}
	if !memo.Written(publish.ReadMemo(out, "pages"), self(t)) || !memo.Written(publish.ReadMemo(out, "search"), self(t)) {
		t.Error("the first build left no memos for the next")
	}
	// A touched file, so that the build is not stopped as unchanged.
	touch := func(d time.Duration) {
		t.Helper()
		later := time.Now().Add(d)
		if err := os.Chtimes(filepath.Join(src, "content", "2025-03-03-library.md"), later, later); err != nil {
			t.Fatal(err)
		}
	}
	touch(time.Minute)
	if _, kept := b(o); kept == 0 {
		t.Error("a build after the first, with nothing but a time changed, kept no page")
	}
	// Memos another digest binary wrote count as none: every page is
	// rendered again.
	if err := publish.WriteMemo(out, "pages", memo.Decode(nil, "another digest", 0).Encode()); err != nil {
		t.Fatal(err)
	}
	touch(2 * time.Minute)
	first, kept := b(o)
	if kept != 0 {
		t.Errorf("a build given another binary's memo kept %d pages", kept)
	}
	story := filepath.Join(src, "content", "2025-03-03-library.md")
	text, err := os.ReadFile(story)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if i == 2 {
			// A damaged memo: every page rendered again.
			data := publish.ReadMemo(out, "pages")
			if err := publish.WriteMemo(out, "pages", data[:len(data)/2]); err != nil {
				t.Fatal(err)
			}
		}
		text = append(text, fmt.Sprintf("\nOne more line, %d.\n", i)...)
		if err := os.WriteFile(story, text, 0o644); err != nil {
			t.Fatal(err)
		}
		rendered, kept := b(o)
		b(full)
		sameTrees(t, out, full.Out)
		t.Logf("edit %d: %d rendered, %d kept of %d", i, rendered, kept, first)
		if i < 2 && (kept == 0 || rendered >= first) {
			t.Errorf("edit %d: %d pages rendered, %d kept; the first build rendered %d", i, rendered, kept, first)
		}
		if i == 2 && kept != 0 {
			t.Errorf("a damaged memo kept %d pages", kept)
		}
	}
}

// self is the hash the memos of this test binary carry.
func self(t *testing.T) string {
	t.Helper()
	h, err := executableHash()
	if err != nil {
		t.Fatal(err)
	}
	return h
}
