package entity

import (
	"encoding/binary"
	"reflect"
	"testing"
)

// decodeBinaryRef is DecodeBinary as it was first written: an alias slice
// made for each entity, and every number read by the binary package.
func decodeBinaryRef(data []byte) ([]Entity, error) {
	d := refDecoder{decoder{s: string(data)}}
	n := d.uvarint()
	if n > uint64(len(d.s))/6 {
		return nil, errDamaged
	}
	var ents []Entity
	if n > 0 {
		ents = make([]Entity, n)
	}
	for i := range ents {
		e := &ents[i]
		e.Name = d.string()
		e.Kind = Kind(d.string())
		switch k := d.uvarint(); {
		case k > uint64(len(d.s)):
			return nil, errDamaged
		case k > 0:
			e.Aliases = make([]string, k-1)
			for j := range e.Aliases {
				e.Aliases[j] = d.string()
			}
		}
		e.Mentions, e.Salience, e.First = d.int(), d.int(), d.int()
		flags := d.byte()
		if flags > 3 {
			return nil, errDamaged
		}
		e.InHeadline, e.InLead = flags&1 != 0, flags&2 != 0
		if d.bad {
			return nil, errDamaged
		}
	}
	if d.bad || d.i != len(d.s) {
		return nil, errDamaged
	}
	return ents, nil
}

type refDecoder struct{ decoder }

func (d *refDecoder) uvarint() uint64 {
	x, n := binary.Uvarint([]byte(d.s[d.i:min(len(d.s), d.i+binary.MaxVarintLen64)]))
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.i += n
	return x
}

func (d *refDecoder) int() int {
	x, n := binary.Varint([]byte(d.s[d.i:min(len(d.s), d.i+binary.MaxVarintLen64)]))
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.i += n
	return int(x)
}

func (d *refDecoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.i) {
		d.bad = true
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

// checkDecodeRef fails t when DecodeBinary and decodeBinaryRef differ on
// data, in entities (nil and empty alias slices told apart) or in error.
func checkDecodeRef(t *testing.T, data []byte) {
	t.Helper()
	got, gerr := DecodeBinary(data)
	want, werr := decodeBinaryRef(data)
	if gerr != werr || !reflect.DeepEqual(got, want) {
		t.Fatalf("DecodeBinary(%x) = %#v, %v\nwant %#v, %v", data, got, gerr, want, werr)
	}
	for i := range got {
		a := got[i].Aliases
		if len(a) != cap(a) {
			t.Fatalf("DecodeBinary(%x): entity %d has aliases of length %d, capacity %d", data, i, len(a), cap(a))
		}
	}
}

func TestDecodeBinaryRef(t *testing.T) {
	// more entities and aliases than DecodeBinary keeps on its stack
	big := make([]Entity, 40)
	for i := range big {
		big[i] = Entity{Name: "N", Kind: Person, Mentions: i * 97, Salience: -i * 300, First: 1 << 20}
		if i%2 == 0 {
			big[i].Aliases = []string{"a", "b"}
		}
	}
	for _, ents := range [][]Entity{
		nil,
		{{Name: "A", Kind: Other, Aliases: []string{}}},
		{{Name: "A", Kind: Other}, {Name: "B", Kind: Place, Aliases: []string{"C"}, Mentions: -1}, {Name: "D", Aliases: []string{}}},
		big,
		Find("Tehran talks", []string{"Abbas Araghchi met the IAEA in Vienna on Monday.", "The UN said..."}),
	} {
		b := AppendBinary(nil, ents)
		checkDecodeRef(t, b)
		for n := range b {
			checkDecodeRef(t, b[:n]) // cut short
			c := append([]byte(nil), b...)
			c[n] ^= 0x80 // a byte that goes on, or stops, a number
			checkDecodeRef(t, c)
		}
	}
}

func FuzzDecodeBinaryRef(f *testing.F) {
	f.Add(AppendBinary(nil, Find("Tehran talks", []string{"Abbas Araghchi met the IAEA in Vienna on Monday.", "The UN said..."})))
	f.Add(AppendBinary(nil, []Entity{{Name: "A", Kind: Other, Aliases: []string{}}}))
	f.Add([]byte{})
	f.Fuzz(checkDecodeRef)
}
