package story

import (
	"encoding/binary"

	"digest/internal/memo"

	"github.com/zeebo/xxh3"
)

// A story's fingerprint depends on the text of its blocks alone, so a build
// can take it from the last one's (see package memo) when that text did not
// change. What the fingerprint derives from its other fields (sigBytes,
// sketchBits, sentSketch, sentExtra) is derived again, not stored, but
// sampleSketch is: so the sample is not read, and is taken as it is in the
// memo.

// remember fills in f for s as fingerprint does, from m when m holds it,
// and leaves it in m's slot i. It returns the memo key of s's fingerprint,
// or with m nil the zero key.
func (fb *fingerprinter) remember(m *memo.Table, i int, s *Story, f *fingerprint) memo.Key {
	if m == nil {
		fb.fingerprint(s, f)
		return memo.Key{}
	}
	var key memo.Key
	key, fb.keyBuf = fingerprintKey(fb.keyBuf, s)
	if b, ok := m.Lookup(key); ok && fb.decode(b, f) {
		m.Set(i, key, b)
		return key
	}
	fb.fingerprint(s, f)
	m.Set(i, key, appendFingerprint(nil, f))
	return key
}

// fingerprintKey is the memo key of s's fingerprint: all it is made from,
// the text of each block framed by its length, hashed at once from buf,
// which it returns for reuse. (A memo.Hasher takes most of its time
// copying the text to its buffer a block at a time.)
func fingerprintKey(buf []byte, s *Story) (memo.Key, []byte) {
	buf = binary.AppendUvarint(buf[:0], uint64(len(s.Blocks)))
	for _, b := range s.Blocks {
		buf = binary.AppendUvarint(buf, uint64(len(b.Text)))
		buf = append(buf, b.Text...)
	}
	return xxh3.Hash128(buf), buf
}

// appendFingerprint appends f's encoding: its counts first, then its
// values of fixed size, which decode without a check for each, then the
// counts of its terms.
func appendFingerprint(b []byte, f *fingerprint) []byte {
	for _, n := range [...]int{int(f.shingles), len(f.sentences), len(f.openings), len(f.sample) / 4, len(f.terms)} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	for _, x := range f.sig {
		b = binary.LittleEndian.AppendUint32(b, x)
	}
	for _, x := range f.sampleSketch {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	for _, x := range f.sentences {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	for _, x := range f.openings {
		b = binary.LittleEndian.AppendUint64(b, x)
	}
	for _, t := range f.terms {
		b = binary.LittleEndian.AppendUint64(b, t.hash)
	}
	b = append(b, f.sample...)
	for _, t := range f.terms {
		b = binary.AppendUvarint(b, uint64(t.count))
	}
	return b
}

// decode fills in f from b, as appendFingerprint wrote it, and reports
// whether b was whole. f's sample is b's.
func (fb *fingerprinter) decode(b []byte, f *fingerprint) bool {
	d := fpDecoder{b: b}
	shingles := d.uvarint(1 << 31)
	ns, no := d.uvarint(len(b)/8), d.uvarint(len(b)/8)
	nx, nt := d.uvarint(len(b)/4), d.uvarint(len(b)/8)
	rest := b[min(d.i, len(b)):]
	if d.bad || len(rest) < 4*signatureSize+8*sketchWords+8*(ns+no+nt)+4*nx+nt {
		return false
	}
	*f = fingerprint{shingles: int32(shingles)}
	// Through arrays, and a step at a time below, for fewer checks.
	sig := (*[4 * signatureSize]byte)(rest)
	for k := range signatureSize / 2 {
		x := binary.LittleEndian.Uint64(sig[8*k:])
		f.sig[2*k], f.sig[2*k+1] = uint32(x), uint32(x>>32)
	}
	sketch := (*[8 * sketchWords]byte)(rest[4*signatureSize:])
	for k := range f.sampleSketch {
		f.sampleSketch[k] = binary.LittleEndian.Uint64(sketch[8*k:])
	}
	rest = rest[4*signatureSize+8*sketchWords:]
	f.sentences, rest = decode64(&fb.a64, ns, rest)
	f.openings, rest = decode64(&fb.a64, no, rest)
	f.terms = fb.aterms.alloc(nt)
	for k := range f.terms {
		f.terms[k].hash = binary.LittleEndian.Uint64(rest)
		rest = rest[8:]
	}
	if nx > 0 {
		f.sample = rest[: 4*nx : 4*nx]
	}
	counts := rest[4*nx:]
	if len(counts) == nt {
		// Each count in one byte, as most are.
		for k, c := range counts {
			if c >= 0x80 {
				return false
			}
			f.terms[k].count = int(c)
		}
	} else {
		d = fpDecoder{b: counts}
		for k := range f.terms {
			f.terms[k].count = d.uvarint(1 << 31)
		}
		if d.bad || d.i != len(d.b) {
			return false
		}
	}
	f.packSig()
	f.countSketch()
	f.sketchSentences()
	return true
}

// decode64 returns the n values b starts with, in space from a, and the
// rest of b.
func decode64(a *arena[uint64], n int, b []byte) ([]uint64, []byte) {
	s := a.alloc(n)
	for k := range s {
		s[k] = binary.LittleEndian.Uint64(b)
		b = b[8:]
	}
	return s, b
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
