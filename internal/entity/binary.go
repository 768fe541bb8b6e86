package entity

import (
	"encoding/binary"
	"errors"
)

// AppendBinary appends an encoding of ents to b, for a build to keep
// Find's result for the next one (see package memo). DecodeBinary reverses
// it.
func AppendBinary(b []byte, ents []Entity) []byte {
	b = binary.AppendUvarint(b, uint64(len(ents)))
	for _, e := range ents {
		b = appendString(b, e.Name)
		b = appendString(b, string(e.Kind))
		// Zero stands for no alias slice at all, so that a decoded
		// result is Find's to the last detail.
		if e.Aliases == nil {
			b = append(b, 0)
		} else {
			b = binary.AppendUvarint(b, uint64(len(e.Aliases))+1)
			for _, a := range e.Aliases {
				b = appendString(b, a)
			}
		}
		b = binary.AppendVarint(b, int64(e.Mentions))
		b = binary.AppendVarint(b, int64(e.Salience))
		b = binary.AppendVarint(b, int64(e.First))
		var flags byte
		if e.InHeadline {
			flags |= 1
		}
		if e.InLead {
			flags |= 2
		}
		b = append(b, flags)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errDamaged = errors.New("entity: damaged encoding")

// DecodeBinary returns the entities AppendBinary encoded in data. Their
// strings share one copy of data, which DecodeBinary does not keep.
func DecodeBinary(data []byte) ([]Entity, error) {
	d := decoder{s: string(data)}
	n := d.uvarint()
	// An entity takes at least six bytes.
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

// A decoder reads an encoding, noting damage instead of failing at each
// step.
type decoder struct {
	s   string
	i   int
	bad bool
}

func (d *decoder) uvarint() uint64 {
	x, n := binary.Uvarint([]byte(d.s[d.i:min(len(d.s), d.i+binary.MaxVarintLen64)]))
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.i += n
	return x
}

func (d *decoder) int() int {
	x, n := binary.Varint([]byte(d.s[d.i:min(len(d.s), d.i+binary.MaxVarintLen64)]))
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.i += n
	return int(x)
}

func (d *decoder) string() string {
	n := d.uvarint()
	if n > uint64(len(d.s)-d.i) {
		d.bad = true
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

func (d *decoder) byte() byte {
	if d.i >= len(d.s) {
		d.bad = true
		return 0
	}
	c := d.s[d.i]
	d.i++
	return c
}
