package publish

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zeebo/xxh3"
)

// Keep puts the previous output's file in place only when the manifest
// vouches for it holding the bytes asked for; otherwise it leaves the
// stage as it was, and WriteFile then works as ever.
func TestKeep(t *testing.T) {
	const settle = 300 * time.Millisecond // beyond the racy window
	files := map[string]string{"index.html": "home", "a/b.html": "page b", "a/c.html": "page c", "d.xml": "feed"}
	sum := func(s string) xxh3.Uint128 { return xxh3.HashString128(s) }
	for round := range 3 { // the later rounds recycle the staging folder
		out := filepath.Join(t.TempDir(), "public")
		build(t, out, files, settle)
		if round >= 1 {
			build(t, out, files, settle)
		}
		if round == 2 {
			// Changed behind the manifest's back: not vouched for.
			os.WriteFile(filepath.Join(out, "a/c.html"), []byte("page C"), 0o644)
		}
		st, err := Begin(out, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !st.Keep("a/b.html", sum("page b"), len("page b")) {
			t.Errorf("round %d: a/b.html not kept", round)
		}
		if st.Keep("index.html", sum("other"), len("home")) || st.Keep("d.xml", sum("feed"), 3) || st.Keep("new.html", sum("x"), 1) {
			t.Errorf("round %d: kept a file that does not hold the bytes asked for", round)
		}
		if st.Keep("a/b.html", sum("page b"), len("page b")) {
			t.Errorf("round %d: kept a/b.html twice", round)
		}
		if got := st.Keep("a/c.html", sum("page c"), len("page c")); got != (round != 2) {
			t.Errorf("round %d: Keep(a/c.html) = %v", round, got)
		}
		// What was not kept is written.
		next := map[string]string{"index.html": "other", "d.xml": "feed", "new.html": "x"}
		if round == 2 {
			next["a/c.html"] = "page c"
		}
		for name, data := range next {
			if err := st.WriteFile(name, []byte(data)); err != nil {
				t.Fatalf("round %d: WriteFile(%s) after a failed Keep: %v", round, name, err)
			}
		}
		if err := st.WriteFile("a/b.html", []byte("page b")); err == nil {
			t.Errorf("round %d: a kept file written again", round)
		}
		stats, err := st.Commit()
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"index.html": "other", "a/b.html": "page b", "a/c.html": "page c", "d.xml": "feed", "new.html": "x"}
		checkContents(t, out, withMarker(want))
		wantUnchanged := 3 // a/b.html, a/c.html, d.xml
		if round == 2 {
			wantUnchanged = 2 // a/c.html written anew
		}
		if stats.Unchanged != wantUnchanged {
			t.Errorf("round %d: stats %+v, want %d unchanged", round, stats, wantUnchanged)
		}
		if round >= 1 && !st.recycled {
			t.Errorf("round %d: staging folder not recycled", round)
		}
	}
}
