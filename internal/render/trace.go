package render

import (
	"encoding/binary"
	"math"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/zeebo/xxh3"

	"digest/internal/memo"
	"digest/internal/parallel"
	"digest/internal/site"
	"digest/internal/story"
)

// An incremental build skips a page when everything its template read
// last time is unchanged: a verifying trace, as build systems keep them.
//
//   - Every story, tag, day and speaker gets a version before the pages
//     are rendered: a hash of all its exported fields, where a pointer to
//     another such object counts as that object's identity (its Path, a
//     speaker's Name), not followed. A story's Body is left out: it is
//     rendered from the story's own fields and the configuration, whose
//     hash every story's version includes; so are a story.Story's
//     indexes (see unversioned), and the fragments (a story's card and
//     ref, a tag's chip) when pages make them as they read them, a
//     story's version then holding its tags' (see lazyFrags). A tag's,
//     day's or speaker's lists have a version of their own (see
//     listField). The site is versioned field by field (Config,
//     Stories, Tags, …): every page reads some of it. Within a version
//     a pointer to another object is hashed as its identity's hash.
//   - The fast executor records, per page, every such object whose field
//     it reads or whose method it calls, the site's fields it reads, and
//     the objects it passes to theme functions that read them (byKind).
//     A method or function that could read beyond what it is given, a
//     value printed whole, or any step aside to html/template leaves the
//     page untraced: it is rendered every time.
//   - The versions are saved with the records, and the next build
//     compares its own with them once: a page none of whose
//     dependencies changed skips hashing them (see versions.diff).
//   - A page's record holds the hash of its own data (the *Page, tracked
//     objects in it by identity), the theme's and the template's names,
//     the identities it read and the hash of their versions then, and the
//     hash of its bytes. A later build whose page data hashes the same and
//     whose objects read still exist with the same versions would execute
//     the same template on the same values, take the same path and write
//     the same bytes: it keeps the last build's file instead, if publish
//     can vouch for that file holding those bytes. The data of a story's,
//     tag's or day's page is hashed as the versions of what it is made
//     from, without making it (see pageJob).
//
// Rendering is deterministic in what it reads, which is what makes this
// sound: TestIncrementalEqualsFull holds it to that. Feeds and the
// sitemap are not templates: feeds keys them on all they are made of
// (feedKey, and their stories' versions as a page's dependencies), and
// so does sitemap (sitemapKey).

// A Memo carries the page records of an incremental build: those of the
// last build, to skip pages by, and this build's, to save. A nil *Memo
// tracks and skips nothing (a full build).
type Memo struct {
	version string
	old     *memo.Table
	// keep asks publish to keep the last build's file at name, which
	// held size bytes hashing to sum; false when it cannot vouch for it.
	keep func(name string, sum memo.Key, size int) bool

	// Search, when set, remembers the search index's per-story work for
	// the next build (see search.Files). The output does not depend on it.
	Search *memo.Table

	recs []slotRecord // this build's records, by job
	// ver are this build's versions, saved beside the records: the next
	// build compares its own with them once (see versions.diff).
	ver *versions

	// check, set by tests, gets the key of every page keyed by versions
	// (see pageJob) and the key of its data.
	check func(name string, from, data memo.Key)

	rendered, skipped atomic.Int64
	// frags counts the fragments made when a page read them (see
	// lazyFrags), and fills the times they were all made at once.
	frags, fills atomic.Int64
	// unchanged counts the pages kept without hashing their
	// dependencies' versions again: none of them changed.
	unchanged atomic.Int64
}

// NewMemo returns the memo of a build whose last build left old (the
// "pages" memo; nil or damaged is none), written by version, the
// program's identity. keep keeps the last build's file of a page.
func NewMemo(old []byte, version string, keep func(name string, sum memo.Key, size int) bool) *Memo {
	return &Memo{version: version, old: memo.Decode(old, version, 0), keep: keep}
}

// Encode returns this build's records, for the next build.
func (m *Memo) Encode() []byte {
	// In the jobs' order: the same site gives the same bytes.
	t := memo.Decode(nil, m.version, len(m.recs)+1)
	for i, r := range m.recs {
		if r.rec != nil {
			t.Set(i, r.name, r.rec)
		}
	}
	if m.ver != nil {
		t.Set(len(m.recs), versionsName, m.ver.encode())
	}
	return t.Encode()
}

// Counts returns how many traced pages this build rendered and how many
// it kept from the last build.
func (m *Memo) Counts() (rendered, skipped int) {
	return int(m.rendered.Load()), int(m.skipped.Load())
}

// put records rec, of the page whose pageName is name, as the record of
// job slot (see jobs), which no other goroutine writes.
func (m *Memo) put(slot int, name memo.Key, rec []byte) {
	if slot >= 0 && slot < len(m.recs) {
		m.recs[slot] = slotRecord{name, rec}
	}
}

// A slotRecord is a job's record, and the pageName it is saved under.
type slotRecord struct {
	name memo.Key
	rec  []byte
}

// versionsName is the memo key of the versions the records were checked
// against.
var versionsName = func() memo.Key {
	var h memo.Hasher
	h.String("versions")
	return h.Key()
}()

// pageName is the memo key of the record of the page at name: what
// memo.Hasher makes of "page" and name, hashed at once.
func pageName(name string) memo.Key {
	var buf [192]byte
	b := append(buf[:0], 4, 'p', 'a', 'g', 'e')
	b = binary.AppendUvarint(b, uint64(len(name)))
	return xxh3.Hash128(append(b, name...))
}

// A record is what a build remembers of a page it traced.
type record struct {
	page, deps, sum memo.Key
	size            int
	site            uint64 // the site's fields read, by bit
	// ids are the identities of the objects read, sorted: eight bytes
	// each, little-endian, as encoded.
	ids []byte
}

func (rec *record) encode() []byte {
	b := make([]byte, 0, 48+3*binary.MaxVarintLen64+8*len(rec.ids))
	for _, k := range []memo.Key{rec.page, rec.deps, rec.sum} {
		b = binary.LittleEndian.AppendUint64(b, k.Hi)
		b = binary.LittleEndian.AppendUint64(b, k.Lo)
	}
	b = binary.AppendUvarint(b, uint64(rec.size))
	b = binary.AppendUvarint(b, rec.site)
	b = binary.AppendUvarint(b, uint64(len(rec.ids)/8))
	return append(b, rec.ids...)
}

// decodeRecord parses rec.encode's bytes; ok is false for damage.
func decodeRecord(b []byte) (rec record, ok bool) {
	if len(b) < 48 {
		return rec, false
	}
	key := func(i int) memo.Key {
		return memo.Key{Hi: binary.LittleEndian.Uint64(b[i:]), Lo: binary.LittleEndian.Uint64(b[i+8:])}
	}
	rec.page, rec.deps, rec.sum = key(0), key(16), key(32)
	b = b[48:]
	var v [3]uint64
	for i := range v {
		x, n := binary.Uvarint(b)
		if n <= 0 {
			return rec, false
		}
		v[i], b = x, b[n:]
	}
	if v[0] > math.MaxInt32 || v[2] != uint64(len(b))/8 || len(b)%8 != 0 {
		return rec, false
	}
	rec.size, rec.site, rec.ids = int(v[0]), v[1], b
	return rec, true
}

// The tracked types: their pointers are identities in versions, and a
// trace notes each one the executor reads through.
var (
	storyPtrType   = reflect.TypeFor[*site.Story]()
	tagPtrType     = reflect.TypeFor[*site.Tag]()
	dayPtrType     = reflect.TypeFor[*site.Day]()
	speakerPtrType = reflect.TypeFor[*site.Speaker]()
	sitePtrType    = reflect.TypeFor[*site.Site]()
	timeType       = reflect.TypeFor[time.Time]()
	locationType   = reflect.TypeFor[*time.Location]()
	siteStoryType  = reflect.TypeFor[site.Story]()
	pageType       = reflect.TypeFor[Page]()

	storyPtrID   = typeID(storyPtrType)
	tagPtrID     = typeID(tagPtrType)
	dayPtrID     = typeID(dayPtrType)
	speakerPtrID = typeID(speakerPtrType)
	sitePtrID    = typeID(sitePtrType)
)

// siteBits are the bits of site.Site's fields in a trace.
var siteBits = func() map[string]uint64 {
	t := reflect.TypeFor[site.Site]()
	if t.NumField() > 64 {
		panic("render: site.Site has more fields than a trace has bits")
	}
	m := map[string]uint64{}
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && !f.Anonymous {
			m[f.Name] = 1 << i
		}
	}
	return m
}()

// identityOf is a tracked object's identity, its kind (1 to 4) and name,
// or kind 0 for a pointer of another type or nil: what a version holds of
// a pointer to it.
func identityOf(v reflect.Value) (kind int, name string) {
	switch typeID(v.Type()) {
	case storyPtrID:
		if s, _ := reflect.TypeAssert[*site.Story](v); s != nil {
			return 1, s.Path
		}
	case tagPtrID:
		if t, _ := reflect.TypeAssert[*site.Tag](v); t != nil {
			return 2, t.Path
		}
	case dayPtrID:
		if d, _ := reflect.TypeAssert[*site.Day](v); d != nil {
			return 3, d.Path
		}
	case speakerPtrID:
		if s, _ := reflect.TypeAssert[*site.Speaker](v); s != nil {
			return 4, s.Name
		}
	}
	return 0, ""
}

// identity is the hash of identityOf, ok false for a pointer of another
// type, 0 for nil.
func identity(v reflect.Value) (id uint64, ok bool) {
	if !identityTypes[v.Type()] {
		return 0, false
	}
	if kind, name := identityOf(v); kind != 0 {
		return xxh3.HashStringSeed(name, uint64(kind)), true
	}
	return 0, true
}

// A valueHasher hashes values for versions and page keys. It frames
// the parts as memo.Hasher does, but into a buffer hashed at the end:
// a story's version is hundreds of small parts.
type valueHasher struct {
	h hashBuf
	// bad is set by a value it cannot hash soundly (a func, a channel):
	// whatever holds one is never trusted.
	bad bool
	// known holds the keys of the chrome's strings, by their bytes'
	// address: every page holds the same few.
	known map[*byte]memo.Key
	// ids, when set, are the identities of the tracked objects, by
	// address (see versions.ids): one is then hashed as its identity's
	// eight bytes rather than by its name, which is read from wherever
	// the object lies in memory, as many times as objects point to it.
	ids map[unsafe.Pointer]uint64
}

// hashBuf collects the framed parts of a key.
type hashBuf struct{ b []byte }

func (h *hashBuf) String(s string) {
	h.b = binary.AppendUvarint(h.b, uint64(len(s)))
	if len(s) > 128 {
		// A long string by its hash, not copied: its length, written
		// first, tells which.
		k := xxh3.HashString128(s)
		h.b = binary.LittleEndian.AppendUint64(h.b, k.Hi)
		h.b = binary.LittleEndian.AppendUint64(h.b, k.Lo)
		return
	}
	h.b = append(h.b, s...)
}

func (h *hashBuf) Int(x int) { h.b = binary.AppendVarint(h.b, int64(x)) }

func (h *hashBuf) Key() memo.Key { return xxh3.Hash128(h.b) }

var hashBufs = sync.Pool{New: func() any { return &hashBuf{b: make([]byte, 0, 4096)} }}

// newHasher returns a valueHasher with a buffer from the pool; done
// returns the key and the buffer.
func newHasher(known map[*byte]memo.Key) valueHasher {
	hb := hashBufs.Get().(*hashBuf)
	return valueHasher{h: hashBuf{b: hb.b[:0]}, known: known}
}

func (w *valueHasher) done() memo.Key {
	k := w.h.Key()
	if cap(w.h.b) <= 1<<20 {
		hashBufs.Put(&hashBuf{b: w.h.b[:0]})
	}
	w.h.b = nil
	return k
}

func (w *valueHasher) key(k memo.Key) {
	w.h.Int(int(k.Hi))
	w.h.Int(int(k.Lo))
}

// value hashes v: its content, but tracked objects by identity and the
// site not at all (it is versioned by field).
func (w *valueHasher) value(v reflect.Value) {
	if !v.IsValid() {
		w.bad = true
		return
	}
	planOf(v.Type())(w, v)
}

// A hashPlan hashes values of one type: made once per type, it looks up
// no field or kind as it goes (a story's version is hundreds of parts).
type hashPlan func(w *valueHasher, v reflect.Value)

var (
	plans    sync.Map // reflect.Type -> hashPlan, complete ones
	plansMu  sync.Mutex
	planning = map[reflect.Type]*hashPlan{} // being made: recursive types
)

func planOf(t reflect.Type) hashPlan {
	if p, ok := plans.Load(t); ok {
		return p.(hashPlan)
	}
	plansMu.Lock()
	defer plansMu.Unlock()
	return planLocked(t)
}

func planLocked(t reflect.Type) hashPlan {
	if p, ok := plans.Load(t); ok {
		return p.(hashPlan)
	}
	if p, ok := planning[t]; ok {
		return func(w *valueHasher, v reflect.Value) { (*p)(w, v) }
	}
	p := new(hashPlan)
	planning[t] = p
	*p = makePlan(t)
	delete(planning, t)
	plans.Store(t, *p)
	return *p
}

func makePlan(t reflect.Type) hashPlan {
	switch t.Kind() {
	case reflect.String:
		return func(w *valueHasher, v reflect.Value) { w.h.String(v.String()) }
	case reflect.Bool:
		return func(w *valueHasher, v reflect.Value) {
			if v.Bool() {
				w.h.Int(1)
			} else {
				w.h.Int(0)
			}
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(w *valueHasher, v reflect.Value) { w.h.Int(int(v.Int())) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(w *valueHasher, v reflect.Value) { w.h.Int(int(v.Uint())) }
	case reflect.Float32, reflect.Float64:
		return func(w *valueHasher, v reflect.Value) { w.h.Int(int(math.Float64bits(v.Float()))) }
	case reflect.Pointer:
		return pointerPlan(t)
	case reflect.Interface:
		return func(w *valueHasher, v reflect.Value) {
			if v.IsNil() {
				w.h.Int(0)
				return
			}
			w.h.Int(1)
			w.h.String(v.Elem().Type().String())
			w.value(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		if et := t.Elem(); t.Kind() == reflect.Slice && identityTypes[et] {
			// Lists of stories and tags, the commonest slices.
			return func(w *valueHasher, v reflect.Value) {
				n := v.Len()
				w.h.Int(n)
				for i := range n {
					w.identity(et, *(*unsafe.Pointer)(unsafe.Add(v.UnsafePointer(), i*int(unsafe.Sizeof(uintptr(0))))))
				}
			}
		}
		elem := planLocked(t.Elem())
		return func(w *valueHasher, v reflect.Value) {
			n := v.Len()
			w.h.Int(n)
			for i := range n {
				elem(w, v.Index(i))
			}
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			break
		}
		elem := planLocked(t.Elem())
		return func(w *valueHasher, v reflect.Value) {
			keys := v.MapKeys()
			sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
			w.h.Int(len(keys))
			for _, k := range keys {
				w.h.String(k.String())
				elem(w, v.MapIndex(k))
			}
		}
	case reflect.Struct:
		return structPlan(t)
	}
	// funcs, channels, unsafe pointers, maps of other keys
	return func(w *valueHasher, v reflect.Value) { w.bad = true }
}

// identity hashes a pointer p of the tracked type t: nil as 0, else its
// kind and name (see identityOf), or the hash of those, its identity in
// ids.
func (w *valueHasher) identity(t reflect.Type, p unsafe.Pointer) {
	if p == nil {
		w.h.Int(0)
		return
	}
	if id, ok := w.ids[p]; ok {
		w.h.Int(1)
		w.h.b = binary.LittleEndian.AppendUint64(w.h.b, id)
		return
	}
	switch t {
	case storyPtrType:
		w.h.Int(2)
		w.h.String((*site.Story)(p).Path)
	case tagPtrType:
		w.h.Int(3)
		w.h.String((*site.Tag)(p).Path)
	case dayPtrType:
		w.h.Int(4)
		w.h.String((*site.Day)(p).Path)
	case speakerPtrType:
		w.h.Int(5)
		w.h.String((*site.Speaker)(p).Name)
	default:
		panic("render: not a tracked type: " + t.String())
	}
}

// pointerPlan hashes nil as 0, a tracked object as its kind and name,
// the site as nothing more (it is versioned by field), a location as its
// name, and any other pointer as 1 and what it points to.
func pointerPlan(t reflect.Type) hashPlan {
	if identityTypes[t] {
		return func(w *valueHasher, v reflect.Value) { w.identity(t, v.UnsafePointer()) }
	}
	var elem hashPlan
	switch t {
	case sitePtrType:
		elem = func(*valueHasher, reflect.Value) {}
	case locationType:
		elem = func(w *valueHasher, v reflect.Value) { w.h.String(v.Interface().(*time.Location).String()) }
	default:
		e := planLocked(t.Elem())
		elem = func(w *valueHasher, v reflect.Value) { e(w, v.Elem()) }
	}
	return func(w *valueHasher, v reflect.Value) {
		if v.IsNil() {
			w.h.Int(0)
			return
		}
		w.h.Int(1)
		elem(w, v)
	}
}

// structPlan hashes the fields of struct type t a version holds: the
// exported ones, which are all a template can read (the methods it may
// call read only these; see pureMethod), but a site.Story's Body, which
// is rendered from the story's other fields and the configuration.
func structPlan(t reflect.Type) hashPlan {
	if t == timeType {
		return func(w *valueHasher, v reflect.Value) {
			tm, _ := reflect.TypeAssert[time.Time](v)
			w.time(tm)
		}
	}
	return fieldsPlan(t, func(string) bool { return true })
}

// time hashes what formatting tm can show: the instant, the zone and
// offset, a monotonic reading, and the location's name.
func (w *valueHasher) time(tm time.Time) {
	if tm != tm.Round(0) {
		// A monotonic reading, which String shows: rare.
		w.h.Int(1)
		w.h.String(tm.String())
	} else {
		// What String shows, without formatting it.
		zone, offset := tm.Zone()
		w.h.Int(0)
		w.h.Int(int(tm.Unix()))
		w.h.Int(tm.Nanosecond())
		w.h.String(zone)
		w.h.Int(offset)
	}
	w.h.String(tm.Location().String())
}

// fieldsPlan hashes the fields of struct type t that structPlan does and
// keep keeps, by name.
func fieldsPlan(t reflect.Type, keep func(name string) bool) hashPlan {
	type field struct {
		i    int
		plan hashPlan
		// raw, when set, hashes the field as plan does from its address,
		// at off in the struct: no reflect.Value for the commonest fields.
		raw rawPlan
		off uintptr
	}
	var fields []field
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || t == siteStoryType && f.Name == "Body" || unversioned(t, f.Name) || !keep(f.Name) {
			continue
		}
		plan := planLocked(f.Type)
		raw := rawPlanOf(f.Type)
		if t == pageType && (f.Name == "Masthead" || f.Name == "Footer") {
			// The chrome: the same few strings on every page, hashed once.
			plan, raw = func(w *valueHasher, v reflect.Value) {
				s := v.String()
				k, ok := w.known[unsafe.StringData(s)]
				if !ok || s == "" {
					k = xxh3.HashString128(s)
				}
				w.key(k)
			}, nil
		}
		fields = append(fields, field{i, plan, raw, f.Offset})
	}
	return func(w *valueHasher, v reflect.Value) {
		if !v.CanAddr() {
			for _, f := range fields {
				f.plan(w, v.Field(f.i))
			}
			return
		}
		base := v.Addr().UnsafePointer()
		for _, f := range fields {
			if f.raw != nil {
				f.raw(w, unsafe.Add(base, f.off))
			} else {
				f.plan(w, v.Field(f.i))
			}
		}
	}
}

// A rawPlan hashes the value at p as the hashPlan of its type does.
type rawPlan func(w *valueHasher, p unsafe.Pointer)

// rawPlanOf returns the rawPlan of type t, nil for the types it does
// not know: strings, ints and bools, tracked objects and lists of them.
func rawPlanOf(t reflect.Type) rawPlan {
	switch {
	case identityTypes[t]:
		return func(w *valueHasher, p unsafe.Pointer) { w.identity(t, *(*unsafe.Pointer)(p)) }
	case t.Kind() == reflect.Slice && identityTypes[t.Elem()]:
		et := t.Elem()
		return func(w *valueHasher, p unsafe.Pointer) {
			list := *(*[]unsafe.Pointer)(p)
			w.h.Int(len(list))
			for _, e := range list {
				w.identity(et, e)
			}
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(w *valueHasher, p unsafe.Pointer) { w.h.String(*(*string)(p)) }
	case reflect.Int:
		return func(w *valueHasher, p unsafe.Pointer) { w.h.Int(*(*int)(p)) }
	case reflect.Bool:
		return func(w *valueHasher, p unsafe.Pointer) {
			if *(*bool)(p) {
				w.h.Int(1)
			} else {
				w.h.Int(0)
			}
		}
	}
	return nil
}

// versions are the versions of a site's objects, by address and by
// identity, and of its fields.
type versions struct {
	byPtr map[unsafe.Pointer]objVersion
	// ids are the objects' identities, by address, for valueHasher.
	ids  map[unsafe.Pointer]uint64
	byID map[uint64]memo.Key
	// order is byID's keys in the site's order of the objects, for
	// encode: the same site gives the same bytes without sorting them.
	order []uint64
	site  [64]memo.Key
	// bad is the site's fields that could not be hashed, by bit.
	bad   uint64
	known map[*byte]memo.Key

	// What differs from the last build's versions, when they were in the
	// memo (diffed): the site's fields, by bit, and the identities
	// (byID's keys), also by a filter of their low bits.
	diffed      bool
	changedSite uint64
	changed     map[uint64]bool
	filter      [64]uint64
}

type objVersion struct {
	id uint64
	ok bool // false: not hashable, or its identity is not unique
	// core and list are its versions, as byID holds them, when ok.
	core, list memo.Key
}

// newVersions versions every story, tag, day and speaker of s, and its
// fields. known are the keys of the chrome's strings.
//
// With lazy, versions leave the fragments out (see lazyFrags).
func newVersions(s *site.Site, known map[*byte]memo.Key, lazy bool) *versions {
	vs := &versions{known: known}
	// All objects at once, on all cores: a tag's version lists its
	// stories, some thousands.
	all := make([]reflect.Value, 0, len(s.Stories)+len(s.Tags)+len(s.Days)+len(s.Speakers))
	for _, st := range s.Stories {
		all = append(all, reflect.ValueOf(st))
	}
	for _, t := range s.Tags {
		all = append(all, reflect.ValueOf(t))
	}
	for _, d := range s.Days {
		all = append(all, reflect.ValueOf(d))
	}
	for _, sp := range s.Speakers {
		all = append(all, reflect.ValueOf(sp))
	}
	type objKey struct {
		ptr     unsafe.Pointer
		id      uint64
		v, list memo.Key
		ok      bool
	}
	objs := make([]objKey, len(all))
	parallel.For(len(all), func(i int) error {
		objs[i].ptr = all[i].UnsafePointer()
		objs[i].id, _ = identity(all[i])
		return nil
	})
	// The identities first, which the versions then hash objects by.
	vs.ids = make(map[unsafe.Pointer]uint64, len(objs))
	for _, o := range objs {
		vs.ids[o.ptr] = o.id
	}
	sv := reflect.ValueOf(s).Elem()
	for name, bit := range siteBits {
		w := newHasher(nil)
		w.ids = vs.ids
		w.value(sv.FieldByName(name))
		vs.site[bitIndex(bit)] = w.done()
		if w.bad {
			vs.bad |= bit
		}
	}
	cfg := vs.site[bitIndex(siteBits["Config"])]
	var tags map[*site.Tag]objVersion
	version := func(i int) error {
		var body *memo.Key
		if i < len(s.Stories) {
			body = &cfg // the body's other input
		}
		o := &objs[i]
		o.v, o.list, o.ok = objectVersion(all[i], body, vs.ids, lazy, tags)
		return nil
	}
	// The other objects first: with lazy, a story's version holds its
	// tags'.
	others := len(all) - len(s.Stories)
	parallel.For(others, func(i int) error { return version(len(s.Stories) + i) })
	if lazy {
		tags = make(map[*site.Tag]objVersion, len(s.Tags))
		for i, t := range s.Tags {
			o := objs[len(s.Stories)+i]
			tags[t] = objVersion{ok: o.ok, core: o.v}
		}
	}
	parallel.For(len(s.Stories), version)
	vs.byPtr = make(map[unsafe.Pointer]objVersion, len(objs))
	vs.byID = make(map[uint64]memo.Key, 2*len(objs))
	dup := map[uint64]bool{}
	for _, o := range objs {
		for _, id := range []uint64{o.id, listID(o.id)} {
			if _, seen := vs.byID[id]; seen {
				dup[id] = true
			}
		}
		vs.byID[o.id] = o.v
		vs.byID[listID(o.id)] = o.list
		vs.byPtr[o.ptr] = objVersion{id: o.id, ok: o.ok, core: o.v, list: o.list}
	}
	vs.order = make([]uint64, 0, 2*len(objs))
	for _, o := range objs {
		// Two objects of one identity (or a hash collision): neither is
		// trusted, nor any page that read one.
		if dup[o.id] || dup[listID(o.id)] || !o.ok {
			delete(vs.byID, o.id)
			delete(vs.byID, listID(o.id))
			vs.byPtr[o.ptr] = objVersion{id: o.id}
		} else {
			vs.order = append(vs.order, o.id, listID(o.id))
		}
	}
	return vs
}

// A tracked object has two versions: of its list fields (see
// listField) and of the rest, its core. A page that reads a tag's chip
// depends on the tag's core, not on the thousands of stories it lists,
// one more of which would otherwise render again every page that shows
// the tag.
// ids are the objects' identities (see valueHasher.ids).
//
// With lazy, the fragments are left out (see lazyFrags) and a story's
// core holds the core versions of its tags, from tags.
func objectVersion(v reflect.Value, body *memo.Key, ids map[unsafe.Pointer]uint64, lazy bool, tags map[*site.Tag]objVersion) (core, list memo.Key, ok bool) {
	t := v.Type().Elem()
	c, l := newHasher(nil), newHasher(nil)
	c.ids, l.ids = ids, ids
	if body != nil {
		c.key(*body)
	}
	plans := objectPlans(t, lazy)
	plans.core(&c, v.Elem())
	plans.list(&l, v.Elem())
	if lazy && t == siteStoryType {
		// All that the story's card and ref may read.
		st, _ := reflect.TypeAssert[*site.Story](v)
		c.h.Int(len(st.Tags))
		for _, t := range st.Tags {
			tv, ok := tags[t]
			c.bad = c.bad || !ok || !tv.ok
			c.key(tv.core)
		}
	}
	ok = !c.bad && !l.bad
	return c.done(), l.done(), ok
}

// listField reports whether the field name of the tracked object type t
// (a struct type) is versioned apart, as its list.
func listField(t reflect.Type, name string) bool {
	switch t {
	case reflect.TypeFor[site.Tag]():
		return name == "Stories" || name == "Related"
	case reflect.TypeFor[site.Day]():
		return name == "Stories"
	case reflect.TypeFor[site.Speaker]():
		return name == "Quotes"
	}
	return false
}

// listID is the identity of an object's list version, for byID.
func listID(id uint64) uint64 { return id ^ 0x9e3779b97f4a7c15 }

type objPlans struct{ core, list hashPlan }

var objPlanCache sync.Map // planKey -> *objPlans

type planKey struct {
	t    reflect.Type
	lazy bool
}

// objectPlans are the plans of the tracked object type t's versions,
// with lazy without the fragments (see fragOf).
func objectPlans(t reflect.Type, lazy bool) *objPlans {
	k := planKey{t, lazy}
	if p, ok := objPlanCache.Load(k); ok {
		return p.(*objPlans)
	}
	plansMu.Lock()
	p := &objPlans{
		core: fieldsPlan(t, func(name string) bool { return !listField(t, name) && !(lazy && fragOf(t, name) != noFrag) }),
		list: fieldsPlan(t, func(name string) bool { return listField(t, name) }),
	}
	plansMu.Unlock()
	objPlanCache.Store(k, p)
	return p
}

func bitIndex(bit uint64) int {
	for i := range 64 {
		if bit == 1<<i {
			return i
		}
	}
	panic("render: not one bit")
}

// deps is the hash of the versions of what a page read: the site's
// fields in mask and the objects of ids, sorted. ok is false when one no
// longer exists or cannot be trusted.
func (vs *versions) deps(mask uint64, ids []byte) (k memo.Key, ok bool) {
	if mask&vs.bad != 0 {
		return k, false
	}
	w := newHasher(nil)
	w.h.Int(int(mask))
	for i := range 64 {
		if mask&(1<<i) != 0 {
			w.key(vs.site[i])
		}
	}
	w.h.Int(len(ids) / 8)
	for i := 0; i+8 <= len(ids); i += 8 {
		id := binary.LittleEndian.Uint64(ids[i:])
		v, ok := vs.byID[id]
		if !ok {
			w.done()
			return k, false
		}
		w.h.Int(int(id))
		w.key(v)
	}
	return w.done(), true
}

// The last build's versions are saved with its records, which all hold
// the hash of those versions (deps) of what they read: every record the
// memo holds was made or checked against them, as Encode writes only
// this build's. So a page none of whose dependencies' versions changed
// since has the same deps as its record without hashing them again; the
// few that read a changed one hash theirs as before. (This is why the
// pages memo is written whole, not appended to as memo.Table.Delta
// would: a record this build did not write again would stay in the file,
// made against older versions than the saved ones.)
//
// encode's format: the trusted site fields' mask (8 bytes), the 64
// fields' versions (16 bytes each), then byID in the site's order (see
// order), each as the identity (8 bytes) and its version (16 bytes).
func (vs *versions) encode() []byte {
	ids := vs.order
	b := make([]byte, 0, 8+64*16+24*len(ids))
	b = binary.LittleEndian.AppendUint64(b, ^vs.bad)
	for _, k := range vs.site {
		b = binary.LittleEndian.AppendUint64(b, k.Hi)
		b = binary.LittleEndian.AppendUint64(b, k.Lo)
	}
	for _, id := range ids {
		k := vs.byID[id]
		b = binary.LittleEndian.AppendUint64(b, id)
		b = binary.LittleEndian.AppendUint64(b, k.Hi)
		b = binary.LittleEndian.AppendUint64(b, k.Lo)
	}
	return b
}

// diff notes what differs between vs and old, the last build's versions
// as encode wrote them; damaged, it notes nothing and every page hashes
// its dependencies as before.
func (vs *versions) diff(old []byte) {
	const head = 8 + 64*16
	if len(old) < head || (len(old)-head)%24 != 0 {
		return
	}
	key := func(b []byte) memo.Key {
		return memo.Key{Hi: binary.LittleEndian.Uint64(b), Lo: binary.LittleEndian.Uint64(b[8:])}
	}
	vs.changedSite = vs.bad | ^binary.LittleEndian.Uint64(old)
	for i := range vs.site {
		if key(old[8+16*i:]) != vs.site[i] {
			vs.changedSite |= 1 << i
		}
	}
	vs.changed = map[uint64]bool{}
	for b := old[head:]; len(b) > 0; b = b[24:] {
		id := binary.LittleEndian.Uint64(b)
		if v, ok := vs.byID[id]; !ok || v != key(b[8:]) {
			// Changed or gone. One that is new no record read.
			vs.changed[id] = true
			vs.filter[id>>6&63] |= 1 << (id & 63)
		}
	}
	vs.diffed = true
}

// unchanged reports whether the versions of the site's fields in mask
// and of the objects of ids are those of the last build: then a record
// of the last build's memo that read them has deps as they are now.
func (vs *versions) unchanged(mask uint64, ids []byte) bool {
	if !vs.diffed || mask&vs.changedSite != 0 {
		return false
	}
	for i := 0; i+8 <= len(ids); i += 8 {
		id := binary.LittleEndian.Uint64(ids[i:])
		if vs.filter[id>>6&63]&(1<<(id&63)) != 0 && vs.changed[id] {
			return false
		}
	}
	return true
}

// unversioned reports whether the field name of struct type t is left
// out of versions: a story.Story's DuplicateOf and Related are indexes
// into the build's list of stories, which one story more or less shifts
// for thousands, while pages show what site.Story's Original and Related
// make of them. A page that reads one is not traced (see
// fieldEntry.unversioned).
func unversioned(t reflect.Type, name string) bool {
	return t == storyStoryType && (name == "DuplicateOf" || name == "Related")
}

var storyStoryType = reflect.TypeFor[story.Story]()

// A pageTrace collects what one page's execution reads.
type pageTrace struct {
	objs  []unsafe.Pointer // the objects whose core was read
	lists []unsafe.Pointer // the objects whose list was read
	last  unsafe.Pointer
	site  uint64
	bad   bool // read what a trace cannot follow: the page is rendered every time
}

var tracePool = sync.Pool{New: func() any { return new(pageTrace) }}

// note records a read of recv, a pointer, through the field or method
// name.
func (t *pageTrace) note(recv reflect.Value, name string) {
	if k := recv.Kind(); k == reflect.Interface || k == reflect.Pointer && !recv.IsNil() {
		// What eval's indirect goes through on the way to the field.
		if e := recv.Elem(); e.Kind() == reflect.Interface || e.Kind() == reflect.Pointer {
			t.note(e, name)
			if k == reflect.Pointer {
				t.bad = true // a pointer to a pointer: not a tracked object's field
			}
			return
		}
	}
	switch id := typeID(recv.Type()); id {
	case storyPtrID, tagPtrID, dayPtrID, speakerPtrID:
		p := recv.UnsafePointer()
		switch {
		case p == nil:
		case id != storyPtrID && listField(recv.Type().Elem(), name):
			t.lists = append(t.lists, p)
		case p != t.last:
			t.objs = append(t.objs, p)
			t.last = p
		}
	case sitePtrID:
		if b := siteBits[name]; b != 0 {
			t.site |= b
		} else {
			t.bad = true // a method of the site, or no such field
		}
	}
}

// How a theme function reads its arguments; see funcReads.
const (
	readsPlain  = iota // nothing beyond plain values, or slices it does not look into
	readsDeep          // the fields of the tracked objects it is given
	readsOpaque        // anything: a call leaves the page untraced
)

// funcReads says how the theme function name, of type typ, reads its
// arguments. Functions of plain values read nothing a trace must see;
// the others are audited one by one.
func funcReads(name string, typ reflect.Type) int {
	plain := true
	for i := range typ.NumIn() {
		plain = plain && plainType(typ.In(i))
	}
	switch {
	case plain:
		return readsPlain
	case name == "first" && typ == reflect.TypeOf(func(int, []*site.Tag) []*site.Tag { return nil }):
		return readsPlain // slices the list, reads no tag
	case name == "byKind" && typ == reflect.TypeOf(byKind):
		return readsDeep // reads each tag's Kind
	}
	return readsOpaque
}

// plainType reports whether values of type t hold nothing but
// themselves: no pointers, interfaces or the like.
func plainType(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.String,
		reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64:
		return true
	}
	return t == timeType
}

// noteArgs records the arguments of a call of a function that reads
// them as reads says.
func (t *pageTrace) noteArgs(argv []reflect.Value, reads int) {
	if reads != readsDeep {
		t.bad = true
		return
	}
	for _, v := range argv {
		switch {
		case !v.IsValid() || plainType(v.Type()):
		case v.Kind() == reflect.Pointer:
			if _, ok := identity(v); !ok {
				t.bad = true
			} else if !v.IsNil() {
				t.note(v, "")
			}
		case v.Kind() == reflect.Slice:
			for i := range v.Len() {
				e := v.Index(i)
				if _, ok := identity(e); !ok || e.Kind() != reflect.Pointer {
					t.bad = true
					return
				}
				if !e.IsNil() {
					t.note(e, "")
				}
			}
		default:
			t.bad = true
		}
	}
}

// escape prints v through chain, noting in a trace a value printed whole
// that holds what a trace cannot follow.
func (r *runner) escape(chain []escaper, v reflect.Value) error {
	if r.tr != nil {
		u := v
		if u.Kind() == reflect.Interface && !u.IsNil() {
			u = u.Elem()
		}
		if u.IsValid() && !printSafe(u.Type()) {
			r.tr.bad = true
			if r.frags != nil {
				// Printed whole, it would show fragments as they are,
				// not as made: see lazyFrags.
				return errUnsupported
			}
		}
	}
	return escapeChain(r.b, chain, v)
}

var printCache sync.Map // reflect.Type -> bool

// printSafe reports whether printing a value of type t (fmt, JSON) reads
// only the value and what its pointers lead to, never a tracked object
// or the site: what a page key holds of it.
func printSafe(t reflect.Type) bool {
	if v, ok := printCache.Load(t); ok {
		return v.(bool)
	}
	printCache.Store(t, false) // a recursive type, until it is known
	ok := false
	switch t.Kind() {
	case reflect.Pointer:
		_, tracked := identityTypes[t]
		ok = !tracked && t != sitePtrType && printSafe(t.Elem())
	case reflect.Slice, reflect.Array:
		ok = printSafe(t.Elem())
	case reflect.Struct:
		// fmt prints unexported fields too, which versions leave out.
		ok = t == timeType
		if !ok {
			ok = true
			for i := range t.NumField() {
				ok = ok && t.Field(i).IsExported() && printSafe(t.Field(i).Type)
			}
		}
	default:
		ok = plainType(t)
	}
	printCache.Store(t, ok)
	return ok
}

var identityTypes = map[reflect.Type]bool{storyPtrType: true, tagPtrType: true, dayPtrType: true, speakerPtrType: true}

// pureMethod reports whether the method name of pt, a receiver type,
// reads only its receiver's own exported fields (or nothing but its
// value, for time's), so that a trace of the receiver covers the call.
// Every other method leaves a page untraced.
func pureMethod(pt reflect.Type, name string) bool {
	t := pt
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case reflect.TypeFor[site.Story]():
		return name == "ReadingMinutes" // Words
	case reflect.TypeFor[site.Config]():
		return name == "TaggingOn" || name == "Root" // Tagging, BaseURL
	case timeType:
		switch name {
		case "IsZero", "Year", "Month", "Day", "Weekday", "YearDay", "Hour", "Minute", "Second",
			"Nanosecond", "Unix", "UnixMilli", "UnixMicro", "UnixNano", "UTC", "String":
			return true
		}
	case reflect.TypeFor[time.Month](), reflect.TypeFor[time.Weekday]():
		return name == "String"
	}
	return false
}
