package publish

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"digest/internal/memo"
)

// TestMapMemo checks that a mapped memo holds what ReadMemo reads, that
// saving the table appends to the file without moving the mapped bytes,
// and that a missing or empty memo maps to nothing.
func TestMapMemo(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if data, unmap := MapMemo(out, "links"); data != nil {
		t.Errorf("a missing memo mapped to %d bytes", len(data))
	} else {
		unmap()
	}
	first := memo.Decode(nil, "v1", 1)
	first.Set(0, memo.Key{Hi: 1}, []byte("one"))
	if err := WriteMemo(out, "links", first.Encode()); err != nil {
		t.Fatal(err)
	}
	want := ReadMemo(out, "links")
	data, unmap := MapMemo(out, "links")
	defer unmap()
	if !bytes.Equal(data, want) {
		t.Fatalf("MapMemo = %q, want ReadMemo's %q", data, want)
	}
	// A build appends its new results to the memo it mapped.
	again := memo.Decode(data, "v1", 2)
	again.Set(0, memo.Key{Hi: 1}, []byte("one"))
	again.Set(1, memo.Key{Hi: 2}, []byte("two"))
	if err := SaveMemo(out, "links", again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want) {
		t.Errorf("the mapped bytes changed when the memo was saved: %q, want %q", data, want)
	}
	grown := memo.Decode(ReadMemo(out, "links"), "v1", 0)
	if v, ok := grown.Lookup(memo.Key{Hi: 2}); !ok || string(v) != "two" {
		t.Errorf("the saved memo holds %q, %t for the new key; want \"two\"", v, ok)
	}
	if n := MemoSize(out, "links", "missing"); n != int64(len(ReadMemo(out, "links"))) {
		t.Errorf("MemoSize = %d, want %d", n, len(ReadMemo(out, "links")))
	}
	dir, err := cacheDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, memoPrefix+"empty"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if data, unmap := MapMemo(out, "empty"); data != nil {
		t.Errorf("an empty memo mapped to %d bytes", len(data))
	} else {
		unmap()
	}
}
