package story

import (
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"digest/internal/memo"
)

// TestFingerprintMemo checks that a fingerprint comes back from its
// encoding exactly, and that Link finds the same with fingerprints from a
// memo as without.
func TestFingerprintMemo(t *testing.T) {
	src, err := os.ReadFile("../../content/2025-01-28-iran-digest.txt")
	if err != nil {
		t.Fatal(err)
	}
	digest, _ := Parse("2025-01-28-iran-digest.txt", src)
	stories := slices.Concat(digest, synthetic(300), overlapping(300))
	stories = append(stories, Story{}) // no blocks at all
	// A term counted more than a byte's uvarint holds.
	stories = append(stories, Story{Blocks: []Block{{Text: strings.Repeat("Tehran council. ", 100)}}})

	var fb, back fingerprinter
	for i := range stories {
		var want, got fingerprint
		fb.fingerprint(&stories[i], &want)
		if !back.decode(appendFingerprint(nil, &want), &got) {
			t.Fatalf("story %d: its encoded fingerprint does not decode", i)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("story %d: decoded fingerprint\n%+v\nwant\n%+v", i, got, want)
		}
		b := appendFingerprint(nil, &want)
		for n := range len(b) {
			if back.decode(b[:n], &got) {
				t.Fatalf("story %d: the first %d of %d bytes of its fingerprint decode", i, n, len(b))
			}
		}
	}

	linked := func(m *memo.Table) []Story {
		s := slices.Clone(stories)
		Link(s, m)
		return s
	}
	want := linked(nil)
	cold := memo.Decode(nil, "test", len(stories))
	if got := linked(cold); !sameLinks(got, want) {
		t.Error("Link with an empty memo found other links than without one")
	}
	warm := memo.Decode(cold.Encode(), "test", len(stories))
	if warm.Len() == 0 {
		t.Fatal("Link left nothing in its memo")
	}
	if got := linked(warm); !sameLinks(got, want) {
		t.Error("Link with fingerprints from a memo found other links than without one")
	}

	// The memo is believed: a last story remembered with the first's
	// fingerprint is taken for its retelling.
	last := len(digest) - 1
	var f fingerprint
	fb.fingerprint(&digest[0], &f)
	planted := memo.Decode(nil, "test", 1)
	key, _ := fingerprintKey(nil, &digest[last])
	planted.Set(0, key, appendFingerprint(nil, &f))
	s := slices.Clone(digest)
	Link(s, memo.Decode(planted.Encode(), "test", len(s)))
	if s[last].DuplicateOf != 0 {
		t.Errorf("with the first story's fingerprint planted in the memo, the last story's DuplicateOf = %d, want 0", s[last].DuplicateOf)
	}
}

// TestFingerprintKey checks that stories whose blocks differ, if only
// where one ends, have different keys.
func TestFingerprintKey(t *testing.T) {
	texts := [][]string{nil, {""}, {"", ""}, {"abc"}, {"ab", "c"}, {"a", "bc"}, {"abc", ""}, {"", "abc"}, {"\x03abc"}}
	seen := map[memo.Key]int{}
	for i, tx := range texts {
		var s Story
		for _, x := range tx {
			s.Blocks = append(s.Blocks, Block{Kind: Paragraph, Text: x})
		}
		k, _ := fingerprintKey(nil, &s)
		if j, ok := seen[k]; ok {
			t.Errorf("blocks %q and %q have the same key", texts[j], tx)
		}
		seen[k] = i
		// The kind of a block, which fingerprint does not read, is not
		// in the key.
		for b := range s.Blocks {
			s.Blocks[b].Kind = Quote
		}
		if k2, _ := fingerprintKey([]byte("scratch"), &s); k2 != k {
			t.Errorf("blocks %q: the key depends on what fingerprint does not read", tx)
		}
	}
}

func sameLinks(a, b []Story) bool {
	for i := range a {
		if a[i].DuplicateOf != b[i].DuplicateOf || !slices.Equal(a[i].Related, b[i].Related) {
			return false
		}
	}
	return true
}

func FuzzFingerprintMemo(f *testing.F) {
	f.Add("The Old Bridge reopened. It's 30 million euros! The Old Bridge reopened.", []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, text string, raw []byte) {
		var fb, back fingerprinter
		var want, got fingerprint
		fb.fingerprint(&Story{Blocks: []Block{{Text: text}}}, &want)
		if !back.decode(appendFingerprint(nil, &want), &got) || !reflect.DeepEqual(got, want) {
			t.Errorf("the fingerprint of %q did not come back from its encoding", text)
		}
		// Damaged bytes decode or not, but never panic, and what
		// decodes encodes to bytes that decode the same.
		if back.decode(raw, &got) {
			var again fingerprint
			if !back.decode(appendFingerprint(nil, &got), &again) || !reflect.DeepEqual(again, got) {
				t.Errorf("%x decoded, but not again once encoded", raw)
			}
		}
	})
}
