package story

import (
	"encoding/binary"

	"digest/internal/memo"
)

// A story's fingerprint depends on the text of its blocks alone, so a build
// can take it from the last one's (see package memo) when that text did not
// change. What the fingerprint derives from its other fields (sigBytes,
// sampleSketch, sketchBits, sentSketch, sentExtra) is derived again, not
// stored.

// remember fills in f for s as fingerprint does, from m when m holds it,
// and leaves it in m's slot i. It returns the memo key of s's fingerprint,
// or with m nil the zero key.
func (fb *fingerprinter) remember(m *memo.Table, i int, s *Story, f *fingerprint) memo.Key {
	if m == nil {
		fb.fingerprint(s, f)
		return memo.Key{}
	}
	key := fingerprintKey(&fb.key, s)
	if b, ok := m.Lookup(key); ok && fb.decode(b, f) {
		m.Set(i, key, b)
		return key
	}
	fb.fingerprint(s, f)
	m.Set(i, key, appendFingerprint(nil, f))
	return key
}

// fingerprintKey is the memo key of s's fingerprint: all it is made from.
func fingerprintKey(h *memo.Hasher, s *Story) memo.Key {
	h.Reset()
	h.Int(len(s.Blocks))
	for _, b := range s.Blocks {
		h.String(b.Text)
	}
	return h.Key()
}

func appendFingerprint(b []byte, f *fingerprint) []byte {
	b = binary.AppendUvarint(b, uint64(f.shingles))
	for _, x := range f.sig {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	b = binary.AppendUvarint(b, uint64(len(f.sentences)))
	for _, x := range f.sentences {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	b = binary.AppendUvarint(b, uint64(len(f.openings)))
	for _, x := range f.openings {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	b = binary.AppendUvarint(b, uint64(len(f.sample)))
	for _, x := range f.sample {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	b = binary.AppendUvarint(b, uint64(len(f.terms)))
	for _, t := range f.terms {
		b = binary.LittleEndian.AppendUint64(b, t.hash)
		b = binary.AppendUvarint(b, uint64(t.count))
	}
	return b
}

// decode fills in f from b, as appendFingerprint wrote it, and reports
// whether b was whole.
func (fb *fingerprinter) decode(b []byte, f *fingerprint) bool {
	d := fpDecoder{b: b}
	*f = fingerprint{shingles: int32(d.uvarint(1 << 31))}
	for k := range f.sig {
		f.sig[k] = uint32(d.fixed(4))
	}
	f.packSig()
	fb.sentences = fb.sentences[:0]
	for range d.uvarint(len(b) / 8) {
		fb.sentences = append(fb.sentences, d.fixed(8))
	}
	fb.openings = fb.openings[:0]
	for range d.uvarint(len(b) / 8) {
		fb.openings = append(fb.openings, d.fixed(8))
	}
	fb.sample = fb.sample[:0]
	for range d.uvarint(len(b) / 4) {
		fb.sample = append(fb.sample, uint32(d.fixed(4)))
	}
	fb.terms = fb.terms[:0]
	for range d.uvarint(len(b) / 9) {
		t := termCount{hash: d.fixed(8)}
		t.count = int(d.uvarint(1 << 31))
		fb.terms = append(fb.terms, t)
	}
	if d.bad || d.i != len(b) {
		return false
	}
	f.sentences = fb.a64.keep(fb.sentences)
	f.openings = fb.a64.keep(fb.openings)
	f.sample = fb.a32.keep(fb.sample)
	f.sketch()
	f.terms = fb.aterms.keep(fb.terms)
	return true
}

// An fpDecoder reads an encoded fingerprint, noting damage instead of
// failing at each step.
type fpDecoder struct {
	b   []byte
	i   int
	bad bool
}

// uvarint reads a count no larger than max.
func (d *fpDecoder) uvarint(max int) int {
	x, n := binary.Uvarint(d.b[d.i:])
	if n <= 0 || x > uint64(max) {
		d.bad = true
		return 0
	}
	d.i += n
	return int(x)
}

// fixed reads a little-endian number of size bytes.
func (d *fpDecoder) fixed(size int) uint64 {
	if d.bad || len(d.b)-d.i < size {
		d.bad = true
		return 0
	}
	var x uint64
	if size == 4 {
		x = uint64(binary.LittleEndian.Uint32(d.b[d.i:]))
	} else {
		x = binary.LittleEndian.Uint64(d.b[d.i:])
	}
	d.i += size
	return x
}
