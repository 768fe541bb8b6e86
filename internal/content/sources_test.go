package content

import (
	"testing"
	"testing/fstest"

	"digest/internal/memo"
)

// TestSources checks that a file whose stamp the memo knows is read from
// the memo, not the file system, and that any other file is read from the
// file system and its bytes remembered for the next build.
func TestSources(t *testing.T) {
	const version = "test"
	key := func(s string) memo.Key {
		var h memo.Hasher
		h.String(s)
		return h.Key()
	}
	fsys := fstest.MapFS{
		"content/a.md":  {Data: []byte("---\ntitle: Old title\ndate: 2025-01-28\n---\nBody.\n")},
		"content/b.txt": {Data: []byte("Date: 2025-01-28\n\nHeadline one\nA first paragraph of the story.\n")},
	}
	stamps := map[string]Stamp{
		"content/a.md": {Key: key("a 1"), Slot: 0},
		// b.txt has no stamp (a symbolic link has none): always read.
	}
	read := func(data []byte) ([]byte, map[string]string) {
		t.Helper()
		m := memo.Decode(data, version, len(stamps))
		stories, _, err := Read(fsys, "content", Options{Sources: &Sources{Stamps: stamps, Memo: m}})
		if err != nil {
			t.Fatal(err)
		}
		titles := map[string]string{}
		for _, s := range stories {
			titles[s.File] = s.Title
		}
		return m.Encode(), titles
	}

	data, titles := read(nil)
	if got, want := titles["content/a.md"], "Old title"; got != want {
		t.Fatalf("first read: title %q, want %q", got, want)
	}
	if m := memo.Decode(data, version, 0); m.Len() != 1 {
		t.Fatalf("the memo holds %d files, want 1 (a.md; b.txt has no stamp)", m.Len())
	}

	// Same stamps, new bytes: what the memo holds is read, which shows it
	// is used (a real stamp changes with the bytes).
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: New title\ndate: 2025-01-28\n---\nBody.\n")}
	fsys["content/b.txt"] = &fstest.MapFile{Data: []byte("Date: 2025-01-28\n\nHeadline two\nA first paragraph of the story.\n")}
	data, titles = read(data)
	if got, want := titles["content/a.md"], "Old title"; got != want {
		t.Errorf("same stamp: title %q, want the remembered %q", got, want)
	}
	if got, want := titles["content/b.txt"], "Headline two"; got != want {
		t.Errorf("unstamped file: title %q, want %q, read anew", got, want)
	}

	// A new stamp: the file is read again.
	stamps["content/a.md"] = Stamp{Key: key("a 2"), Slot: 0}
	if _, titles = read(data); titles["content/a.md"] != "New title" {
		t.Errorf("new stamp: title %q, want %q", titles["content/a.md"], "New title")
	}
}
