package publish

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/zeebo/xxh3"
)

// build publishes files into out, waiting settle before Commit so that
// the files are older than the manifest's racy window, and returns the
// stats and how many previous files were read back to compare.
func build(t *testing.T, out string, files map[string]string, settle time.Duration) (Stats, int64) {
	t.Helper()
	st := stage(t, out, files)
	defer st.Abort()
	time.Sleep(settle)
	stats, err := st.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return stats, st.readBacks.Load()
}

// stage begins a build into out and writes files, for the caller to look
// at the stage before it commits or aborts it.
func stage(t *testing.T, out string, files map[string]string) *Stage {
	t.Helper()
	st, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := st.WriteFile(name, []byte(files[name])); err != nil {
			st.Abort()
			t.Fatalf("WriteFile(%q): %v", name, err)
		}
	}
	return st
}

func TestManifest(t *testing.T) {
	files := map[string]string{"index.html": "home", "a/b.html": "page b", "a/c.html": "page c", "d.xml": "feed"}
	const settle = 300 * time.Millisecond // beyond the racy window of any filesystem with fractions
	tests := []struct {
		name  string
		touch func(t *testing.T, out string) // between the two builds
		next  map[string]string              // the second build's files
		// wantRead: files the second build must read back, because the
		// manifest cannot vouch for them.
		wantRead  int64
		wantStats Stats
	}{
		{
			name:      "unchanged",
			next:      files,
			wantStats: Stats{Unchanged: 4},
		},
		{
			// Same size, different bytes: the hash tells them apart
			// without reading the old file.
			name:      "same size, new bytes",
			next:      with(files, "a/b.html", "page B"),
			wantStats: Stats{Written: 1, Unchanged: 3},
		},
		{
			// Someone edits a published file, keeping its size and
			// setting its time back: its change time still moves, so it
			// is read back, found different and written anew.
			name: "edited by hand",
			touch: func(t *testing.T, out string) {
				p := filepath.Join(out, "a", "c.html")
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				f, err := os.OpenFile(p, os.O_WRONLY, 0)
				if err != nil {
					t.Fatal(err)
				}
				f.WriteAt([]byte("X"), 0)
				f.Close()
				os.Chtimes(p, fi.ModTime(), fi.ModTime())
			},
			next:      files,
			wantRead:  1,
			wantStats: Stats{Written: 1, Unchanged: 3},
		},
		{
			name:      "a page removed",
			next:      without(files, "a/c.html"),
			wantStats: Stats{Unchanged: 3, Removed: 1},
		},
		{
			// Counted by walking the previous output.
			name: "a page removed, no manifest",
			touch: func(t *testing.T, out string) {
				dir, _ := cacheDir(out)
				if err := os.Remove(filepath.Join(dir, manifestName)); err != nil {
					t.Fatal(err)
				}
			},
			next:      without(files, "a/c.html"),
			wantRead:  4, // the three pages and the marker
			wantStats: Stats{Unchanged: 3, Removed: 1},
		},
		{
			name: "manifest damaged",
			touch: func(t *testing.T, out string) {
				dir, _ := cacheDir(out)
				p := filepath.Join(dir, manifestName)
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				b[len(b)/2] ^= 1
				os.WriteFile(p, b, 0o644)
			},
			next:      files,
			wantRead:  5, // the four pages and the marker
			wantStats: Stats{Unchanged: 4},
		},
		{
			name: "manifest deleted",
			touch: func(t *testing.T, out string) {
				dir, _ := cacheDir(out)
				if err := os.Remove(filepath.Join(dir, manifestName)); err != nil {
					t.Fatal(err)
				}
			},
			next:      files,
			wantRead:  5, // the four pages and the marker
			wantStats: Stats{Unchanged: 4},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			build(t, out, files, settle)
			if tc.touch != nil {
				tc.touch(t, out)
			}
			stats, read := build(t, out, tc.next, 0)
			if stats != tc.wantStats || read != tc.wantRead {
				t.Errorf("second build: stats %+v, %d read back; want %+v, %d", stats, read, tc.wantStats, tc.wantRead)
			}
			checkContents(t, out, withMarker(tc.next))
		})
	}
}

// TestManifestRacy: files written just before Commit are not vouched for,
// so the next build reads them back.
func TestManifestRacy(t *testing.T) {
	files := map[string]string{"index.html": "home", "a/b.html": "page b"}
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, files, 0)
	_, read := build(t, out, files, 300*time.Millisecond)
	if read != 3 { // the two pages and the marker
		t.Errorf("after a build that committed at once, %d files read back, want 3", read)
	}
	// The second build's files were reused, at least a racy window old:
	// the third trusts the manifest.
	if _, read := build(t, out, files, 0); read != 0 {
		t.Errorf("third build read back %d files, want 0", read)
	}
}

func TestDecodeManifest(t *testing.T) {
	m := &made{}
	past := time.Now().Add(-time.Hour).UnixNano()
	m.add("index.html", entry{hash: xxh3.Uint128{Hi: 1, Lo: 11}, size: 2, dev: 3, ino: 4, ctime: past})
	m.add("a/b.html", entry{hash: xxh3.Uint128{Lo: 5}, size: 6, dev: 7, ino: 8, ctime: past + 1})
	m.add("new.html", entry{hash: xxh3.Uint128{Hi: 9}, size: 1, dev: 3, ino: 9, ctime: time.Now().UnixNano()}) // racy
	good := encodeManifest(m, "1:2", time.Now())
	racy := m.entries[2]
	racy.ctime = 0
	want := map[string]entry{"index.html": m.entries[0], "a/b.html": m.entries[1], "new.html": racy}
	if got, err := decodeManifest(good, "1:2"); err != nil || !maps.Equal(got, want) {
		t.Fatalf("decodeManifest = %v, %v; want %v", got, err, want)
	}
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	bad := []struct {
		name string
		b    []byte
		id   string
	}{
		{"other folder", good, "1:3"},
		{"no folder", good, ""},
		{"truncated", good[:len(good)-9], "1:2"},
		{"flipped bit", flipped, "1:2"},
		{"empty", nil, "1:2"},
		{"checksum only", good[len(good)-8:], "1:2"},
	}
	for _, tc := range bad {
		if got, err := decodeManifest(tc.b, tc.id); err == nil {
			t.Errorf("%s: decodeManifest = %v, want an error", tc.name, got)
		}
	}
}

// FuzzDecodeManifest: no input makes decoding panic, and whatever decodes
// encodes back to the same entries.
func FuzzDecodeManifest(f *testing.F) {
	m := &made{}
	m.add("index.html", entry{hash: xxh3.Uint128{Hi: 1, Lo: 11}, size: 2, dev: 3, ino: 4, ctime: 5})
	f.Add(encodeManifest(m, "1:2", time.Now()))
	f.Add([]byte(manifestMagic + "1:2\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodeManifest(b, "1:2")
		if err != nil {
			return
		}
		again := &made{}
		for _, name := range slices.Sorted(maps.Keys(got)) {
			again.add(name, got[name])
		}
		back, err := decodeManifest(encodeManifest(again, "1:2", time.Unix(0, 1<<62)), "1:2")
		if err != nil || !maps.Equal(back, got) {
			t.Errorf("re-encoded manifest decodes to %v, %v; want %v", back, err, got)
		}
	})
}

// without is files less name.
func without(files map[string]string, name string) map[string]string {
	m := maps.Clone(files)
	delete(m, name)
	return m
}

// with is files with name set to data.
func with(files map[string]string, name, data string) map[string]string {
	m := maps.Clone(files)
	m[name] = data
	return m
}

// TestManifestRecycled: from the third build on, the staging folder is the
// output before the previous one, which holds the same inodes for the
// pages that did not change. The manifest vouches for them there, with no
// look at the previous output; a page edited by hand in the live output is
// that same inode, so it is not vouched for, but read back and replaced.
func TestManifestRecycled(t *testing.T) {
	files := map[string]string{"index.html": "home", "a/b.html": "page b", "a/c.html": "page c", "d.xml": "feed"}
	const settle = 300 * time.Millisecond
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, files, settle)
	build(t, out, files, settle)
	stats, read := build(t, out, files, settle)
	if want := (Stats{Unchanged: 4}); stats != want || read != 0 {
		t.Errorf("third build: stats %+v, %d read back; want %+v, 0", stats, read, want)
	}

	p := filepath.Join(out, "a", "c.html")
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("X"), 0)
	f.Close()
	st := stage(t, out, files)
	defer st.Abort()
	// index.html, a/b.html, d.xml and the marker
	if got, want := st.vouched.Load(), int64(4); !st.recycled || got != want {
		t.Errorf("fourth build: recycled %v, %d files vouched for; want true, %d", st.recycled, got, want)
	}
	if got := st.readBacks.Load(); got != 1 {
		t.Errorf("fourth build: %d files read back, want 1 (the edited page)", got)
	}
	if _, err := st.Commit(); err != nil {
		t.Fatal(err)
	}
	checkContents(t, out, withMarker(files))
}
