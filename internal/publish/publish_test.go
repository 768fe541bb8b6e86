package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// fileState is what a deploy tool sees of one output file.
type fileState struct {
	data  string
	mtime time.Time
	ino   uint64
	mode  fs.FileMode
}

// snapshot reads every non-folder entry under dir (symlinks as "-> target").
func snapshot(t testing.TB, dir string) map[string]fileState {
	t.Helper()
	snap := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := fileState{mtime: fi.ModTime(), ino: fi.Sys().(*syscall.Stat_t).Ino, mode: fi.Mode()}
		if fi.Mode()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			st.data = "-> " + target
		} else {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			st.data = string(b)
		}
		snap[filepath.ToSlash(rel)] = st
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot %s: %v", dir, err)
	}
	return snap
}

// contents keeps only the bytes of a snapshot.
func contents(snap map[string]fileState) map[string]string {
	m := map[string]string{}
	for k, v := range snap {
		m[k] = v.data
	}
	return m
}

// publish runs one whole build of files into out.
func publish(t testing.TB, out string, files map[string]string, opts Options) Stats {
	t.Helper()
	st, err := Begin(out, opts)
	if err != nil {
		t.Fatalf("Begin(%s): %v", out, err)
	}
	defer st.Abort()
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := st.WriteFile(name, []byte(files[name])); err != nil {
			t.Fatalf("WriteFile(%q): %v", name, err)
		}
	}
	stats, err := st.Commit()
	if err != nil {
		t.Fatalf("Commit: %v", err)
	}
	return stats
}

// withMarker is files plus the marker every output carries.
func withMarker(files map[string]string) map[string]string {
	m := maps.Clone(files)
	m[markerName] = markerText
	return m
}

// checkNoLeftovers fails if parent holds anything but the named entries
// and the build cache folder.
func checkNoLeftovers(t testing.TB, parent string, want ...string) {
	t.Helper()
	ents, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		if e.Name() != ".public.digest-cache" {
			got = append(got, e.Name())
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("entries of %s = %q, want %q", parent, got, want)
	}
}

func checkContents(t testing.TB, out string, want map[string]string) {
	t.Helper()
	got := contents(snapshot(t, out))
	if !maps.Equal(got, want) {
		t.Errorf("output %s holds %d files, want %d:\n got %v\nwant %v", out, len(got), len(want), got, want)
	}
}

func TestBuilds(t *testing.T) {
	v1 := map[string]string{
		"index.html":           "<h1>home</h1>",
		"tags/a/index.html":    "tag a",
		"tags/b/index.html":    "tag b",
		"story/1/index.html":   "one",
		"story/2/index.html":   "two",
		"style.css":            "body{}",
		"empty.txt":            "",
		"deep/x/y/z/index.xml": "<x/>",
	}
	v2 := maps.Clone(v1)
	v2["story/2/index.html"] = "two, corrected" // changed
	delete(v2, "tags/b/index.html")             // no longer produced
	v2["story/3/index.html"] = "three"          // new

	tests := []struct {
		name      string
		prev      map[string]string // nil: out missing
		next      map[string]string
		full      bool
		wantStats Stats
		changed   []string // files expected with new inode/mtime besides new ones
	}{
		{name: "first build into missing folder", next: v1, wantStats: Stats{Written: 8}},
		{name: "rebuild unchanged", prev: v1, next: v1, wantStats: Stats{Unchanged: 8}},
		{name: "rebuild one changed, one gone, one new", prev: v1, next: v2,
			wantStats: Stats{Written: 2, Unchanged: 6, Removed: 1}, changed: []string{"story/2/index.html"}},
		{name: "full rebuild reuses nothing", prev: v1, next: v1, full: true,
			wantStats: Stats{Written: 8}, changed: slices.Collect(maps.Keys(withMarker(v1)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			var before map[string]fileState
			if tt.prev != nil {
				publish(t, out, tt.prev, Options{})
				// Age the previous output so kept times are told from new ones.
				past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
				for name := range withMarker(tt.prev) {
					if err := os.Chtimes(filepath.Join(out, name), past, past); err != nil {
						t.Fatal(err)
					}
				}
				before = snapshot(t, out)
			}

			got := publish(t, out, tt.next, Options{Full: tt.full})
			if got != tt.wantStats {
				t.Errorf("stats = %+v, want %+v", got, tt.wantStats)
			}
			checkContents(t, out, withMarker(tt.next))
			checkNoLeftovers(t, parent, "public")

			after := snapshot(t, out)
			for name, a := range after {
				if a.mode.Perm() != 0o644&^umask() {
					t.Errorf("%s: mode %v, want %v", name, a.mode.Perm(), 0o644&^umask())
				}
				b, existed := before[name]
				if !existed {
					continue
				}
				wantKept := !slices.Contains(tt.changed, name) && b.data == a.data
				kept := a.ino == b.ino && a.mtime.Equal(b.mtime)
				if kept != wantKept {
					t.Errorf("%s: kept inode and mtime = %v (ino %d→%d, mtime %v→%v), want %v",
						name, kept, b.ino, a.ino, b.mtime, a.mtime, wantKept)
				}
			}
		})
	}
}

func umask() fs.FileMode {
	m := syscall.Umask(0)
	syscall.Umask(m)
	return fs.FileMode(m)
}

// TestReuseWithoutHardLinks: where linking fails, unchanged files are
// copied with their old modification time.
func TestReuseWithoutHardLinks(t *testing.T) {
	link = func(string, string) error { return &os.LinkError{Op: "link", Err: syscall.EXDEV} }
	defer func() { link = os.Link }()
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	files := map[string]string{"a.html": "a", "b/c.html": "c"}
	publish(t, out, files, Options{})
	past := time.Date(2021, 5, 6, 7, 8, 9, 0, time.UTC)
	for name := range withMarker(files) {
		os.Chtimes(filepath.Join(out, name), past, past)
	}
	stats := publish(t, out, files, Options{})
	if want := (Stats{Unchanged: 2}); stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}
	for name, st := range snapshot(t, out) {
		if !st.mtime.Equal(past) {
			t.Errorf("%s: mtime %v, want %v", name, st.mtime, past)
		}
	}
	checkContents(t, out, withMarker(files))
}

func TestRefusals(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home folder:", err)
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) (out string, opts Options)
		want  string // in the error message
	}{
		{"non-empty folder without marker", func(t *testing.T, dir string) (string, Options) {
			out := filepath.Join(dir, "public")
			os.Mkdir(out, 0o755)
			os.WriteFile(filepath.Join(out, "thesis.tex"), []byte("years of work"), 0o644)
			return out, Options{}
		}, "not created by digest"},
		{"out is the source folder", func(t *testing.T, dir string) (string, Options) {
			return dir, Options{Src: dir}
		}, "source folder"},
		{"out contains the source folder", func(t *testing.T, dir string) (string, Options) {
			src := filepath.Join(dir, "site")
			os.Mkdir(src, 0o755)
			return dir, Options{Src: src}
		}, "source folder"},
		{"out is a regular file", func(t *testing.T, dir string) (string, Options) {
			out := filepath.Join(dir, "public")
			os.WriteFile(out, []byte("x"), 0o644)
			return out, Options{}
		}, "is a file"},
		{"out is a symlink", func(t *testing.T, dir string) (string, Options) {
			out := filepath.Join(dir, "public")
			os.Mkdir(filepath.Join(dir, "real"), 0o755)
			os.Symlink("real", out)
			return out, Options{}
		}, "symlink"},
		{"home folder", func(t *testing.T, dir string) (string, Options) { return home, Options{} }, "home"},
		{"root", func(t *testing.T, dir string) (string, Options) { return "/", Options{} }, "root"},
		{"empty", func(t *testing.T, dir string) (string, Options) { return "", Options{} }, "no output folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out, opts := tt.setup(t, dir)
			before := snapshot(t, dir)
			st, err := Begin(out, opts)
			if err == nil {
				st.Abort()
				t.Fatalf("Begin(%q) succeeded, want refusal", out)
			}
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Begin(%q) error = %v, want ErrRefused mentioning %q", out, err, tt.want)
			}
			if after := snapshot(t, dir); !maps.Equal(contents(after), contents(before)) {
				t.Errorf("refused Begin changed %s: %v, was %v", dir, contents(after), contents(before))
			}
		})
	}
}

func TestEmptyForeignFolderIsAdopted(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	os.Mkdir(out, 0o755)
	publish(t, out, map[string]string{"a": "a"}, Options{})
	checkContents(t, out, withMarker(map[string]string{"a": "a"}))
	checkNoLeftovers(t, parent, "public")
}

func TestFailureBeforeCommitKeepsOutput(t *testing.T) {
	v1 := map[string]string{"index.html": "v1", "a/b.html": "b1", "c.css": "c"}
	tests := []struct {
		name string
		end  func(st *Stage) // what happens instead of Commit
	}{
		{"abort", func(st *Stage) { st.Abort() }},
		{"abort twice", func(st *Stage) { st.Abort(); st.Abort() }},
		{"dropped without abort", func(st *Stage) {}},
		{"panic then deferred abort", func(st *Stage) {
			defer func() { recover() }()
			defer st.Abort()
			panic("render failed")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			out := filepath.Join(parent, "public")
			publish(t, out, v1, Options{})
			before := snapshot(t, out)

			st, err := Begin(out, Options{})
			if err != nil {
				t.Fatal(err)
			}
			st.WriteFile("index.html", []byte("v2"))
			st.WriteFile("a/b.html", []byte("b1"))
			st.WriteFile("new.html", []byte("new"))
			tt.end(st)

			if after := snapshot(t, out); !maps.Equal(after, before) {
				t.Errorf("output changed without Commit:\n got %v\nwant %v", after, before)
			}
			if err := st.WriteFile("late.html", nil); !errors.Is(err, ErrClosed) && tt.name != "dropped without abort" {
				t.Errorf("WriteFile after end = %v, want ErrClosed", err)
			}
			// The next build works and, once the dropped stage is unlocked
			// (its file is closed when garbage collected), nothing stays behind.
			st.lock.Close()
			publish(t, out, v1, Options{})
			checkContents(t, out, withMarker(v1))
			checkNoLeftovers(t, parent, "public")
		})
	}
}

func TestBadNames(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	st, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	if err := st.WriteFile("dup.html", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := st.WriteFile("dir/x.html", []byte("1")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		wantErr error
	}{
		{"../x", ErrBadName},
		{"/etc/passwd", ErrBadName},
		{"a/../../b", ErrBadName},
		{"a/../b", ErrBadName},
		{`a\b`, ErrBadName},
		{"", ErrBadName},
		{"x\x00y", ErrBadName},
		{"a//b", ErrBadName},
		{"./a", ErrBadName},
		{"a/", ErrBadName},
		{"..", ErrBadName},
		{markerName, ErrBadName},
		{"dup.html", ErrCollision},
		{"dir", ErrCollision},             // a file where a folder is
		{"dup.html/y.html", ErrCollision}, // a folder where a file is
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.name), func(t *testing.T) {
			err := st.WriteFile(tt.name, []byte("data"))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteFile(%q) = %v, want %v", tt.name, err, tt.wantErr)
			}
			if q := fmt.Sprintf("%q", tt.name); tt.name != "" && !strings.Contains(err.Error(), tt.name) && !strings.Contains(err.Error(), q) {
				t.Errorf("error %q does not name the path %s", err, q)
			}
		})
	}
	// Nothing escaped the stage.
	if _, err := os.Lstat(filepath.Join(filepath.Dir(out), "x")); err == nil {
		t.Errorf("../x was written outside the stage")
	}
	// Names that look odd but are fine.
	for _, name := range []string{"a..b.html", "..hidden/x", ".well-known/x", "sp ace/ü.html"} {
		if err := st.WriteFile(name, []byte("ok")); err != nil {
			t.Errorf("WriteFile(%q) = %v, want nil", name, err)
		}
	}
}

func TestSymlinkInOldOutputIsNotFollowed(t *testing.T) {
	parent := t.TempDir()
	outside := filepath.Join(parent, "precious")
	os.MkdirAll(filepath.Join(outside, "sub"), 0o755)
	os.WriteFile(filepath.Join(outside, "x.html"), []byte("same"), 0o644)
	os.WriteFile(filepath.Join(outside, "sub", "keep.txt"), []byte("keep"), 0o644)
	beforeOutside := snapshot(t, outside)

	out := filepath.Join(parent, "public")
	publish(t, out, map[string]string{"index.html": "i"}, Options{})
	// Someone links folders and files outside into the output.
	os.Symlink(outside, filepath.Join(out, "link"))
	os.Symlink(filepath.Join(outside, "x.html"), filepath.Join(out, "y.html"))

	// The rebuild produces files with the same names and bytes as the link targets.
	publish(t, out, map[string]string{"index.html": "i", "link/x.html": "same", "y.html": "same"}, Options{})

	if after := snapshot(t, outside); !maps.Equal(after, beforeOutside) {
		t.Errorf("folder outside the output changed:\n got %v\nwant %v", after, beforeOutside)
	}
	for _, name := range []string{"link/x.html", "y.html"} {
		fi, err := os.Lstat(filepath.Join(out, name))
		if err != nil || !fi.Mode().IsRegular() {
			t.Fatalf("%s: %v, %v; want a regular file", name, fi, err)
		}
		if fi.Sys().(*syscall.Stat_t).Ino == beforeOutside["x.html"].ino {
			t.Errorf("%s is a hard link to the file outside the output", name)
		}
	}
	checkNoLeftovers(t, parent, "public", "precious")
}

func TestLeftoversAreCleanedButForeignFoldersKept(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	publish(t, out, map[string]string{"a": "a"}, Options{})

	// A dead build's staging folder (marker inside), an empty one (killed
	// before its marker), a look-alike without marker, and unrelated names.
	dead := filepath.Join(parent, siblingName("public", kindStaging))
	os.MkdirAll(filepath.Join(dead, "x/y"), 0o755)
	os.WriteFile(filepath.Join(dead, markerName), []byte(markerText), 0o644)
	os.WriteFile(filepath.Join(dead, "x/y/z.html"), []byte("z"), 0o644)
	empty := filepath.Join(parent, siblingName("public", kindStaging))
	os.Mkdir(empty, 0o755)
	foreign := filepath.Join(parent, siblingName("public", kindStaging))
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "mine.txt"), []byte("mine"), 0o644)
	os.WriteFile(filepath.Join(parent, ".public.digest-staging-notes"), []byte("n"), 0o644)
	os.Mkdir(filepath.Join(parent, ".other.digest-staging-x"), 0o755)

	publish(t, out, map[string]string{"a": "a"}, Options{})
	checkNoLeftovers(t, parent, "public", filepath.Base(foreign), ".public.digest-staging-notes", ".other.digest-staging-x")
	if b, err := os.ReadFile(filepath.Join(foreign, "mine.txt")); err != nil || string(b) != "mine" {
		t.Errorf("foreign look-alike folder damaged: %q, %v", b, err)
	}
}

func TestLiveStageIsNotCleanedByAnotherBegin(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	a, err := Begin(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Abort()
	a.WriteFile("a.html", []byte("a"))
	publish(t, out, map[string]string{"b.html": "b"}, Options{}) // a second build meanwhile
	if _, err := os.Stat(filepath.Join(a.staging, "a.html")); err != nil {
		t.Fatalf("live stage was cleaned by another build's Begin: %v", err)
	}
	if _, err := a.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
	checkContents(t, out, withMarker(map[string]string{"a.html": "a"}))
	checkNoLeftovers(t, parent, "public")
}

func TestRenameFallback(t *testing.T) {
	testForceRenameFallback = true
	defer func() { testForceRenameFallback = false }()
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	publish(t, out, map[string]string{"a": "1", "b": "2"}, Options{})
	stats := publish(t, out, map[string]string{"a": "1", "c": "3"}, Options{})
	if want := (Stats{Written: 1, Unchanged: 1, Removed: 1}); stats != want {
		t.Errorf("stats = %+v, want %+v", stats, want)
	}
	checkContents(t, out, withMarker(map[string]string{"a": "1", "c": "3"}))
	checkNoLeftovers(t, parent, "public")
}

func TestConcurrentWrites(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	want := map[string]string{}
	for i := range 2000 {
		want[fmt.Sprintf("d%02d/e%d/p%04d.html", i%17, i%5, i)] = strings.Repeat(fmt.Sprint(i), i%50)
	}
	for round := range 3 {
		if round == 2 {
			want["d00/e0/p0000.html"] = "changed"
		}
		st, err := Begin(out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		names := slices.Collect(maps.Keys(want))
		var wg sync.WaitGroup
		for w := range 16 {
			wg.Go(func() {
				for i := w; i < len(names); i += 16 {
					if err := st.WriteFile(names[i], []byte(want[names[i]])); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		stats, err := st.Commit()
		if err != nil {
			t.Fatal(err)
		}
		if got := stats.Written + stats.Unchanged; got != len(want) {
			t.Errorf("round %d: %+v, want %d files", round, stats, len(want))
		}
	}
	checkContents(t, out, withMarker(want))
}

// TestRemoveOwnedRefusesUnmarked: digest deletes only folders carrying its marker.
func TestRemoveOwnedRefusesUnmarked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub", "f"), []byte("f"), 0o644)
	if err := removeOwned(dir, nil); !errors.Is(err, errNotOwned) {
		t.Errorf("removeOwned(unmarked) = %v, want errNotOwned", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "sub", "f")); err != nil {
		t.Errorf("unmarked folder was touched: %v", err)
	}
	if !bytes.HasPrefix([]byte(markerText), []byte(markerMagic)) {
		t.Errorf("marker text does not start with its magic")
	}
}

// TestRecycledStaging: from the third build on, the staging folder is the
// output before the previous one. Whatever it held, the result must be
// exactly the new files, unchanged files must keep inode and time, and the
// live output must not change before the swap.
func TestRecycledStaging(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	builds := []map[string]string{
		{"index.html": "1", "a/b.html": "b", "c.html": "c", "d/e/f.html": "f", "d/g/h.html": "h", "gone.html": "g"},
		{"index.html": "2", "a/b.html": "b", "c.html": "c", "d/e/f.html": "f", "new.html": "n"},
		// A file where a folder was and a folder where a file was.
		{"index.html": "2", "a": "a is a page now", "c.html/x.html": "x", "d/e/f.html": "f", "new.html": "n"},
		{"index.html": "4", "a/b.html": "b again", "c.html": "c", "d/e/f.html": "f"},
		{"index.html": "4", "a/b.html": "b again", "c.html": "c", "d/e/f.html": "f"},
	}
	var prev map[string]fileState
	for i, files := range builds {
		st, err := Begin(out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if wantRecycled := i >= 2; st.recycled != wantRecycled {
			t.Errorf("build %d: recycled = %v, want %v", i+1, st.recycled, wantRecycled)
		}
		if i == 3 {
			// Someone leaves a stray file in the staging folder, and a
			// stray folder in one the build makes.
			os.WriteFile(filepath.Join(st.staging, "stray.html"), []byte("stray"), 0o644)
			os.MkdirAll(filepath.Join(st.staging, "d", "e", "stray"), 0o755)
			os.WriteFile(filepath.Join(st.staging, "d", "e", "stray", "x.html"), []byte("x"), 0o644)
		}
		var live map[string]fileState
		if i > 0 {
			live = snapshot(t, out)
		}
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if err := st.WriteFile(name, []byte(files[name])); err != nil {
				t.Fatalf("build %d: WriteFile(%q): %v", i+1, name, err)
			}
		}
		if i > 0 && !maps.Equal(snapshot(t, out), live) {
			t.Fatalf("build %d: the live output changed before Commit", i+1)
		}
		stats, err := st.Commit()
		if err != nil {
			t.Fatalf("build %d: Commit: %v", i+1, err)
		}
		checkContents(t, out, withMarker(files))
		checkNoLeftovers(t, parent, "public")
		after := snapshot(t, out)
		kept := 0
		for name, a := range after {
			if b, ok := prev[name]; ok && b.data == a.data {
				kept++
				if a.ino != b.ino || !a.mtime.Equal(b.mtime) {
					t.Errorf("build %d: unchanged %s got a new inode or time", i+1, name)
				}
			}
		}
		if prev != nil && stats.Unchanged != kept-1 { // the marker is not counted
			t.Errorf("build %d: stats %+v, want %d unchanged", i+1, stats, kept-1)
		}
		// Age the output so kept times are told from new ones.
		past := time.Date(2020, 1, 2, 3, 4, 5, i, time.UTC)
		for name := range after {
			os.Chtimes(filepath.Join(out, name), past, past)
		}
		prev = snapshot(t, out)
	}
}

// TestRecycledCollision: a recycled folder's stale entries are replaced,
// but a page and a folder at one path in the same build still collide.
func TestRecycledCollision(t *testing.T) {
	for _, order := range [][]string{{"a", "a/b.html"}, {"a/b.html", "a"}} {
		parent := t.TempDir()
		out := filepath.Join(parent, "public")
		publish(t, out, map[string]string{"a/b.html": "b", "c": "c"}, Options{})
		publish(t, out, map[string]string{"a/b.html": "b", "c": "c"}, Options{})
		st, err := Begin(out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !st.recycled {
			t.Fatal("third build did not recycle the spare folder")
		}
		err = st.WriteFile(order[0], []byte("1"))
		if err == nil {
			err = st.WriteFile(order[1], []byte("2"))
		}
		if !errors.Is(err, ErrCollision) {
			t.Errorf("writing %q then %q: %v, want ErrCollision", order[0], order[1], err)
		}
		st.Abort()
		checkContents(t, out, withMarker(map[string]string{"a/b.html": "b", "c": "c"}))
	}
}

// TestFullDoesNotRecycle: Options.Full starts from an empty folder.
func TestFullDoesNotRecycle(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	publish(t, out, map[string]string{"a": "a"}, Options{})
	publish(t, out, map[string]string{"a": "a"}, Options{})
	st, err := Begin(out, Options{Full: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Abort()
	if st.recycled {
		t.Error("Full build recycled the spare folder")
	}
}

// TestStaleSpareIsReplaced: a build that did not recycle the spare (here a
// Full one) replaces it with the newer previous output.
func TestStaleSpareIsReplaced(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	publish(t, out, map[string]string{"a": "old"}, Options{})
	publish(t, out, map[string]string{"a": "old"}, Options{}) // keeps a spare
	publish(t, out, map[string]string{"a": "new"}, Options{Full: true})
	publish(t, out, map[string]string{"a": "newer"}, Options{Full: true})
	spare, _ := spareDir(out)
	checkContents(t, spare, withMarker(map[string]string{"a": "new"}))
}
