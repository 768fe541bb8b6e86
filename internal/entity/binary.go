package entity

import (
	"encoding/binary"
	"errors"
	"slices"
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
// strings share one copy of data, which DecodeBinary does not keep, and
// their aliases one array.
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
	// The aliases are gathered on the stack, with the count each entity
	// has encoded, and get an array of their own at the end: one
	// allocation for the story rather than one for each entity.
	var abuf [32]string
	var kbuf [32]uint64
	aliases, counts := abuf[:0], kbuf[:0]
	for i := range ents {
		e := &ents[i]
		e.Name = d.string()
		e.Kind = Kind(d.string())
		k := d.uvarint()
		if k > uint64(len(d.s)) {
			return nil, errDamaged
		}
		counts = append(counts, k)
		for j := uint64(1); j < k && !d.bad; j++ {
			aliases = append(aliases, d.string())
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
	if len(aliases) > 0 || slices.ContainsFunc(counts, func(k uint64) bool { return k > 0 }) {
		// Zero stands for no slice, one for an empty one; each entity's
		// part is full to capacity, so that an append to it copies.
		all := make([]string, len(aliases))
		copy(all, aliases)
		for i, k := range counts {
			if k > 0 {
				ents[i].Aliases, all = all[:k-1:k-1], all[k-1:]
			}
		}
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

// uvarint reads a number as binary.Uvarint does. Most numbers here take
// one byte: uvarint, int and string read those themselves.
func (d *decoder) uvarint() uint64 {
	if d.i < len(d.s) && d.s[d.i] < 0x80 {
		d.i++
		return uint64(d.s[d.i-1])
	}
	return d.uvarintLong()
}

// uvarintLong is uvarint for a number of more than one byte, read from
// the ten bytes at most that one takes without making them a byte slice.
func (d *decoder) uvarintLong() uint64 {
	var x uint64
	for i, sh := d.i, uint(0); i < len(d.s) && i < d.i+binary.MaxVarintLen64; i, sh = i+1, sh+7 {
		b := d.s[i]
		if b < 0x80 {
			if i == d.i+binary.MaxVarintLen64-1 && b > 1 {
				break // overflow
			}
			d.i = i + 1
			return x | uint64(b)<<sh
		}
		x |= uint64(b&0x7f) << sh
	}
	d.bad = true
	return 0
}

// int reads a number as binary.Varint does: uvarint, zig-zag encoded.
func (d *decoder) int() int {
	var ux uint64
	if d.i < len(d.s) && d.s[d.i] < 0x80 {
		ux = uint64(d.s[d.i])
		d.i++
	} else {
		ux = d.uvarintLong()
	}
	x := int(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (d *decoder) string() string {
	var n uint64
	if d.i < len(d.s) && d.s[d.i] < 0x80 {
		n = uint64(d.s[d.i])
		d.i++
	} else {
		n = d.uvarintLong()
	}
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
