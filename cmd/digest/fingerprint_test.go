package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestInputsFingerprint checks that every change a build's output can
// depend on changes the fingerprint, and that nothing else does.
func TestInputsFingerprint(t *testing.T) {
	later := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name   string
		change func(t *testing.T, src string, o *buildOptions)
		same   bool // the fingerprint must not change
	}{
		{name: "nothing", change: func(*testing.T, string, *buildOptions) {}, same: true},
		{name: "a story rewritten, same size", change: func(t *testing.T, src string, _ *buildOptions) {
			p := filepath.Join(src, "content", "2025-03-02-market.md")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)-2] ^= 1
			write(t, p, string(b))
			os.Chtimes(p, later, later)
		}},
		{name: "a story replaced, same size, its old times kept", change: func(t *testing.T, src string, _ *buildOptions) {
			// As rsync -t, tar and cp -p replace a file: only its change
			// time and inode tell.
			p := filepath.Join(src, "content", "2025-03-02-market.md")
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)-2] ^= 1
			tmp := p + ".new"
			write(t, tmp, string(b))
			os.Chtimes(tmp, st.ModTime(), st.ModTime())
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "a story touched", change: func(t *testing.T, src string, _ *buildOptions) {
			os.Chtimes(filepath.Join(src, "content", "2025-03-03-library.md"), later, later)
		}},
		{name: "a story added in a subfolder", change: func(t *testing.T, src string, _ *buildOptions) {
			os.MkdirAll(filepath.Join(src, "content", "2025", "03"), 0o755)
			write(t, filepath.Join(src, "content", "2025", "03", "new.md"), "---\ntitle: New\n---\nNew.\n")
		}},
		{name: "a story removed", change: func(t *testing.T, src string, _ *buildOptions) {
			os.Remove(filepath.Join(src, "content", "2025-03-04-morning.txt"))
		}},
		{name: "a story renamed", change: func(t *testing.T, src string, _ *buildOptions) {
			os.Rename(filepath.Join(src, "content", "2025-03-04-morning.txt"), filepath.Join(src, "content", "2025-03-05-morning.txt"))
		}},
		{name: "a template added", change: func(t *testing.T, src string, _ *buildOptions) {
			os.MkdirAll(filepath.Join(src, "templates"), 0o755)
			write(t, filepath.Join(src, "templates", "story.html"), "{{.Title}}")
		}},
		{name: "tags.yaml added", change: func(t *testing.T, src string, _ *buildOptions) {
			write(t, filepath.Join(src, "tags.yaml"), "Tehran: {kind: place}\n")
		}},
		{name: "digest.yaml edited", change: func(t *testing.T, src string, _ *buildOptions) {
			p := filepath.Join(src, "digest.yaml")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			write(t, p, string(b)+"\n# a comment\n")
		}},
		{name: "drafts", change: func(_ *testing.T, _ string, o *buildOptions) { o.Drafts = true }},
		{name: "future", change: func(_ *testing.T, _ string, o *buildOptions) { o.Future = true }},
		{name: "base URL", change: func(_ *testing.T, _ string, o *buildOptions) { o.BaseURL = "https://example.org/news/" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := t.TempDir()
			copyTree(t, "testdata/site", src)
			o := buildOptions{Src: src, Out: filepath.Join(src, "public")}
			in, err := inputsFingerprint(o)
			before := in.fingerprint
			if err != nil {
				t.Fatal(err)
			}
			if again, _ := inputsFingerprint(o); again.fingerprint != before {
				t.Fatalf("two fingerprints of the same inputs differ: %s, %s", before, again.fingerprint)
			}
			tt.change(t, src, &o)
			in, err = inputsFingerprint(o)
			after := in.fingerprint
			if err != nil {
				t.Fatal(err)
			}
			if same := after == before; same != tt.same {
				t.Errorf("fingerprint unchanged = %t, want %t", same, tt.same)
			}
		})
	}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestInputsFingerprintLinkedContent: content/ may be a symbolic link to
// the stories (the build reads through it); an edit behind it is seen.
func TestInputsFingerprintLinkedContent(t *testing.T) {
	src, stories := t.TempDir(), t.TempDir()
	copyTree(t, "testdata/site", src)
	if err := os.RemoveAll(filepath.Join(src, "content")); err != nil {
		t.Fatal(err)
	}
	copyTree(t, "testdata/site/content", stories)
	if err := os.Symlink(stories, filepath.Join(src, "content")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	o := buildOptions{Src: src, Out: filepath.Join(src, "public")}
	in, err := inputsFingerprint(o)
	before := in.fingerprint
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(stories, "2025-03-02-market.md")
	write(t, p, "---\ntitle: Market\n---\nEdited.\n")
	later := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(p, later, later)
	if after, err := inputsFingerprint(o); err != nil || after.fingerprint == before {
		t.Errorf("an edit behind a linked content folder left the fingerprint as it was (error %v)", err)
	}
}

// TestInputsFingerprintListed checks that the folders the fingerprint
// lists, which the build then reads stories and templates from, are all
// the folders the build reads, as os.ReadDir lists them.
func TestInputsFingerprintListed(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	for _, dir := range []string{"content/2025/03", "content/_drafts", "templates/partials"} {
		if err := os.MkdirAll(filepath.Join(src, filepath.FromSlash(dir)), 0o755); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(src, filepath.FromSlash(dir), "x.md"), "---\ntitle: X\n---\nX.\n")
	}
	in, err := inputsFingerprint(buildOptions{Src: src, Out: filepath.Join(src, "public")})
	listed := in.listed
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, top := range []string{"content", "templates"} {
		filepath.WalkDir(filepath.Join(src, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			want = append(want, filepath.ToSlash(rel))
			ents, err := os.ReadDir(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := listed[filepath.ToSlash(rel)]; !reflect.DeepEqual(names(got), names(ents)) {
				t.Errorf("listed[%q] = %v, want %v", rel, names(got), names(ents))
			}
			return nil
		})
	}
	if len(listed) != len(want) {
		t.Errorf("listed %d folders, want %d: %v", len(listed), len(want), want)
	}
}

func names(ents []fs.DirEntry) []string {
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

// TestInputsFingerprintRacy checks that inputs are stamped only once the
// file system's clock has moved past their last change, so that a
// same-size rewrite after the stamp always shows in the next one.
func TestInputsFingerprintRacy(t *testing.T) {
	src := t.TempDir()
	copyTree(t, "testdata/site", src)
	o := buildOptions{Src: src, Out: filepath.Join(src, "public")}
	p := filepath.Join(src, "content", "2025-03-02-market.md")
	write(t, p, "---\ntitle: Market\n---\nEdited.\n")
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		t.Fatal(err)
	}
	changed := time.Unix(st.Ctim.Unix())
	in, err := inputsFingerprint(o)
	if err != nil {
		t.Fatal(err)
	}
	if in.racy {
		t.Error("a file written once, then left alone, made the inputs racy")
	}
	if now := time.Now(); now.Before(changed.Add(tick(changed))) {
		t.Errorf("stamped %v after the file's change; want at least %v", now.Sub(changed), tick(changed))
	}
	for _, tc := range []struct {
		t    time.Time
		want time.Duration
	}{
		{time.Unix(1700000000, 1), 10 * time.Millisecond},
		{time.Unix(1700000000, 0), 2 * time.Second},
	} {
		if got := tick(tc.t); got != tc.want {
			t.Errorf("tick(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
}
