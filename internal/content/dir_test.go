package content

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// TestDir checks that Dir behaves as os.DirFS: the fs.FS contract, and the
// same bytes and errors from ReadFile.
func TestDir(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"empty.md":            "",
		"small.md":            "---\ntitle: A\n---\nText.\n",
		"content/odd size.md": strings.Repeat("x", 511),
		"content/512.md":      strings.Repeat("y", 512),
		"content/big.txt":     strings.Repeat("A paragraph of news.\n", 20000),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("small.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "secret.md"), []byte("no"), 0); err != nil {
		t.Fatal(err)
	}
	got, want := Dir(dir, nil), os.DirFS(dir)
	if err := fstest.TestFS(got, "small.md", "link.md", "content/big.txt"); err != nil {
		t.Error(err)
	}
	names := []string{"empty.md", "small.md", "link.md", "content/odd size.md", "content/512.md", "content/big.txt",
		"missing.md", "content", ".", "../small.md", "/small.md", "content/../small.md", "small.md/x"}
	if os.Getuid() != 0 { // root reads any file
		names = append(names, "secret.md")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			g, gerr := fs.ReadFile(got, name)
			w, werr := fs.ReadFile(want, name)
			if !bytes.Equal(g, w) || (g == nil) != (w == nil) {
				t.Errorf("ReadFile: got %d bytes, want %d", len(g), len(w))
			}
			if fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Errorf("ReadFile error: got %v, want %v", gerr, werr)
			}
		})
	}
}

// TestDirListed checks that Dir lists a folder it is given from what it
// was given, not from the disk, the first time it is asked.
func TestDirListed(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.md", "b.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("---\ntitle: T\ndate: 2025-01-01\n---\nText.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fsys := Dir(dir, map[string][]fs.DirEntry{".": ents[:1]})
	stories, _, err := Read(fsys, ".", Options{})
	if err != nil || len(stories) != 1 || stories[0].File != "a.md" {
		t.Errorf("Read found %d stories (error %v); want the one in a.md, as listed", len(stories), err)
	}
	if got, err := fs.ReadDir(fsys, "."); err != nil || len(got) != 2 {
		t.Errorf("ReadDir again = %v, %v; want a.md and b.md, from the disk", got, err)
	}
	// A folder not listed is read.
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := fs.ReadDir(fsys, "sub"); err != nil || len(got) != 0 {
		t.Errorf("ReadDir(sub) = %v, %v; want an empty folder", got, err)
	}
}
