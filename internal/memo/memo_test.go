package memo

import (
	"bytes"
	"fmt"
	"testing"
)

func key(s string) Key {
	var h Hasher
	h.String(s)
	return h.Key()
}

func TestRoundTrip(t *testing.T) {
	old := Decode(nil, "v1", 4)
	if old.Len() != 0 {
		t.Fatalf("a table decoded from nothing has %d results, want 0", old.Len())
	}
	old.Set(0, key("a"), []byte("result a"))
	old.Set(1, key("b"), nil)
	old.Set(2, key("a"), []byte("result a")) // the same story twice
	// Slot 3 is never set: a story whose work was not remembered.
	data := old.Encode()

	tests := []struct {
		version string
		want    map[string]string // present keys and their values
	}{
		{"v1", map[string]string{"a": "result a", "b": ""}},
		{"v2", map[string]string{}}, // another binary's table is not trusted
	}
	for _, tt := range tests {
		t.Run(tt.version, func(t *testing.T) {
			tab := Decode(data, tt.version, 0)
			if got := tab.Len(); got != len(tt.want) {
				t.Errorf("Len() = %d, want %d", got, len(tt.want))
			}
			for _, k := range []string{"a", "b", "c"} {
				got, ok := tab.Lookup(key(k))
				want, wantOK := tt.want[k]
				if ok != wantOK || string(got) != want {
					t.Errorf("Lookup(%q) = %q, %t; want %q, %t", k, got, ok, want, wantOK)
				}
			}
		})
	}

	// Only what this build set is kept: an entry of the last build that
	// no story asked for again is gone.
	next := Decode(data, "v1", 1)
	v, _ := next.Lookup(key("b"))
	next.Set(0, key("b"), v)
	if got := Decode(next.Encode(), "v1", 0); got.Len() != 1 {
		t.Errorf("a table re-encoded with one result holds %d", got.Len())
	}
	// The same results give the same bytes.
	again := Decode(data, "v1", 4)
	for i, k := range []string{"a", "b", "a"} {
		v, _ := again.Lookup(key(k))
		again.Set(i, key(k), v)
	}
	if !bytes.Equal(again.Encode(), data) {
		t.Error("re-encoding the same results changed the bytes")
	}
}

// TestDamaged checks that a truncated or corrupted table never decodes as
// a wrong one, or panics: a damaged batch and all after it are dropped,
// and the next save rewrites the file.
func TestDamaged(t *testing.T) {
	tab := Decode(nil, "v", 3)
	for i := range 3 {
		tab.Set(i, key(fmt.Sprint(i)), bytes.Repeat([]byte{byte(i)}, 20*i))
	}
	data := tab.Encode()
	for n := range len(data) {
		if got := Decode(data[:n], "v", 0); got.Len() != 0 {
			t.Errorf("the first %d of %d bytes decode as %d results, want none", n, len(data), got.Len())
		}
	}
	for i := len(magic) + 2; i < len(data); i++ {
		bad := bytes.Clone(data)
		bad[i] ^= 0x40
		if got := Decode(bad, "v", 0); got.Len() != 0 {
			t.Errorf("with byte %d flipped, the table decodes as %d results, want none", i, got.Len())
		}
	}
	// A torn append: the first batch stands, and the table must be
	// written whole next time, or what is appended after the damage
	// would never be read.
	got := Decode(append(data, 0), "v", 0)
	if got.Len() != 3 {
		t.Errorf("a table with a byte too many decodes as %d results, want the first batch's 3", got.Len())
	}
	if _, ok := got.Delta(); ok {
		t.Error("Delta would append after a damaged batch")
	}
}

// TestDelta checks that an edit build appends only its new results, that
// the file then decodes as the table written whole would, and that a file
// mostly of results no longer used is written again.
func TestDelta(t *testing.T) {
	const n = 10
	val := func(s string) []byte { return bytes.Repeat([]byte(s), 10) }
	first := Decode(nil, "v", n)
	for i := range n {
		first.Set(i, key(fmt.Sprint(i)), val(fmt.Sprint(i)))
	}
	if _, ok := first.Delta(); ok {
		t.Fatal("Delta would append to no file")
	}
	data := first.Encode()

	// One story edited: one new result, appended.
	second := Decode(data, "v", n)
	for i := range n {
		k := fmt.Sprint(i)
		if i == 3 {
			k = "3 edited"
		}
		v, ok := second.Lookup(key(k))
		if !ok {
			v = val(k)
		}
		second.Set(i, key(k), v)
	}
	delta, ok := second.Delta()
	if !ok {
		t.Fatal("Delta refused an edit of one result in ten")
	}
	if got := Decode(delta, "v", 0); got.Len() != 0 {
		t.Error("a delta decodes on its own: it must not carry the header")
	}
	appended := Decode(append(bytes.Clone(data), delta...), "v", 0)
	if appended.Len() != n+1 {
		t.Errorf("after the append the table holds %d results, want %d", appended.Len(), n+1)
	}
	for _, k := range []string{"0", "3", "3 edited", "9"} {
		if got, ok := appended.Lookup(key(k)); !ok || !bytes.Equal(got, val(k)) {
			t.Errorf("Lookup(%q) after the append = %q, %t", k, got, ok)
		}
	}
	// A key whose value changed (a result kept by position, say) is
	// appended, and the new value wins.
	moved := Decode(data, "v", n)
	for i := range n {
		k := fmt.Sprint(i)
		v, _ := moved.Lookup(key(k))
		if i == 5 {
			v = val("new")
		}
		moved.Set(i, key(k), v)
	}
	d, ok := moved.Delta()
	if !ok || len(d) == 0 {
		t.Fatalf("Delta = %d bytes, %t for a changed value; want it appended", len(d), ok)
	}
	if got, _ := Decode(append(bytes.Clone(data), d...), "v", 0).Lookup(key("5")); !bytes.Equal(got, val("new")) {
		t.Errorf("after appending a changed value, Lookup = %q, want the new one", got)
	}

	// Nothing new: nothing to append.
	same := Decode(append(bytes.Clone(data), delta...), "v", n)
	for i := range n {
		k := fmt.Sprint(i)
		v, _ := same.Lookup(key(k))
		same.Set(i, key(k), v)
	}
	if d, ok := same.Delta(); !ok || d != nil {
		t.Errorf("with nothing new, Delta = %d bytes, %t; want nothing to append", len(d), ok)
	}
	// One result of eleven used: the file is mostly dead, and rewritten.
	few := Decode(append(bytes.Clone(data), delta...), "v", 1)
	v, _ := few.Lookup(key("0"))
	few.Set(0, key("0"), v)
	if _, ok := few.Delta(); ok {
		t.Error("Delta would keep a file of which one result in eleven is used")
	}
	// Half as many results, all new: rewritten.
	other := Decode(data, "v", n/2)
	for i := range n / 2 {
		other.Set(i, key(fmt.Sprint("x", i)), val(fmt.Sprint(i)))
	}
	if _, ok := other.Delta(); ok {
		t.Error("Delta would append a whole new table to an old one")
	}
}

func TestWritten(t *testing.T) {
	empty := Decode(nil, "v1", 0).Encode()
	full := Decode(nil, "v1", 1)
	full.Set(0, key("a"), []byte("x"))
	for _, tt := range []struct {
		data    []byte
		version string
		want    bool
	}{
		{empty, "v1", true},
		{full.Encode(), "v1", true},
		{empty, "v2", false},
		{nil, "v1", false},
		{[]byte("digest-memo 1\nv1\n"), "v1", false},
	} {
		if got := Written(tt.data, tt.version); got != tt.want {
			t.Errorf("Written(%q, %q) = %t, want %t", tt.data, tt.version, got, tt.want)
		}
	}
}

func TestNil(t *testing.T) {
	var tab *Table
	tab.Set(0, key("a"), []byte("x"))
	if _, ok := tab.Lookup(key("a")); ok || tab.Len() != 0 {
		t.Error("a nil table remembered something")
	}
}

func TestHasherFrames(t *testing.T) {
	keys := func(parts ...string) Key {
		var h Hasher
		for _, p := range parts {
			h.String(p)
		}
		return h.Key()
	}
	if keys("ab", "c") == keys("a", "bc") {
		t.Error(`("ab", "c") and ("a", "bc") share a key`)
	}
	if keys("") == keys() {
		t.Error(`("") and () share a key`)
	}
}

func FuzzDecode(f *testing.F) {
	tab := Decode(nil, "v", 2)
	tab.Set(0, key("a"), []byte("one"))
	tab.Set(1, key("b"), []byte("two"))
	f.Add(tab.Encode())
	f.Add([]byte(magic + "v\n\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tab := Decode(data, "v", 0)
		if tab.Len() == 0 {
			return
		}
		// A table that decodes re-encodes to the same bytes, up to
		// the order of its entries.
		again := Decode(nil, "v", tab.Len())
		i := 0
		for k, v := range tab.old {
			again.Set(i, k, v)
			i++
		}
		if got := Decode(again.Encode(), "v", 0); got.Len() != tab.Len() {
			t.Errorf("re-encoded, %d results became %d", tab.Len(), got.Len())
		}
	})
}

// TestSeal checks that a sealed memo unseals to its body, and only for
// its own kind and program, whole.
func TestSeal(t *testing.T) {
	sealed := Seal(append(Header("test 1", "v1"), "the body"...))
	if body, ok := Unseal(sealed, "test 1", "v1"); !ok || string(body) != "the body" {
		t.Fatalf("Unseal = %q, %v; want the body, true", body, ok)
	}
	damaged := bytes.Clone(sealed)
	damaged[len(damaged)-10] ^= 1
	for _, tc := range []struct {
		name          string
		data          []byte
		kind, version string
	}{
		{"another kind", sealed, "test 2", "v1"},
		{"another program", sealed, "test 1", "v2"},
		{"a byte changed", damaged, "test 1", "v1"},
		{"cut short", sealed[:len(sealed)-1], "test 1", "v1"},
		{"empty", nil, "test 1", "v1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if body, ok := Unseal(tc.data, tc.kind, tc.version); ok {
				t.Errorf("Unseal = %q, true; want false", body)
			}
		})
	}
}
