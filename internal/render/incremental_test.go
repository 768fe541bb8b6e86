package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io/fs"
	"reflect"
	"sort"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/zeebo/xxh3"

	"digest/internal/memo"
	"digest/internal/site"
	"digest/internal/story"
	"digest/templates"
)

// A spec is the input of a small site, which each render assembles anew
// (rendering sets the stories' bodies, cards and refs).
type spec struct {
	cfg     site.Config
	stories []story.Story
	labels  [][]site.Label
	theme   fs.FS // overrides, or nil
}

func baseSpec() spec {
	cfg := site.DefaultConfig()
	cfg.Title = "Incremental & Co"
	cfg.StoriesPerPage = 4
	t0 := time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
	var sp spec
	sp.cfg = cfg
	for i := range 30 {
		n := nasty[i%len(nasty)]
		s := story.Story{
			File: fmt.Sprintf("s%02d.txt", i), FirstLine: 1, LastLine: 9,
			Title:       fmt.Sprintf("Story %d: %s", i, n),
			Date:        t0.Add(time.Duration(i*17) * time.Hour),
			DuplicateOf: -1,
			Source:      "Source " + fmt.Sprint(i%3),
			Author:      nasty[(i+2)%len(nasty)],
			Lead:        "Lead " + n,
			Summary:     nasty[(i+3)%len(nasty)],
		}
		if i%3 == 0 {
			s.Markdown = "Some *markdown* " + n + "\n\n> quoted\n"
		}
		s.Blocks = []story.Block{
			{Kind: story.Lead, Text: s.Lead},
			{Kind: story.Paragraph, Text: "Body " + n},
			{Kind: story.Quote, Text: `"We will be ready," said Mira ` + fmt.Sprint(i%4) + `.`, Speaker: "Mira " + fmt.Sprint(i%4)},
		}
		if i > 2 && i%7 == 1 {
			s.DuplicateOf = i - 3
		}
		if i > 0 {
			s.Related = []int{i - 1}
		}
		sp.stories = append(sp.stories, s)
		var ls []site.Label
		for k := range 3 {
			ls = append(ls, site.Label{Name: fmt.Sprintf("Tag %d", (i+k*3)%11), Kind: []string{"person", "place", "organization", "topic", ""}[(i+k)%5]})
		}
		sp.labels = append(sp.labels, ls)
	}
	return sp
}

func (sp spec) assemble(t testing.TB) (*site.Site, *Theme) {
	t.Helper()
	stories := append([]story.Story(nil), sp.stories...)
	labels := append([][]site.Label(nil), sp.labels...)
	s, _ := site.Assemble(sp.cfg, stories, labels)
	th, err := LoadTheme(templates.FS, sp.theme, sp.cfg.Root())
	if err != nil {
		t.Fatal(err)
	}
	return s, th
}

// build is one build's output and memo.
type build struct {
	files             map[string][]byte
	memo              []byte
	rendered, skipped int
	unchanged         int // of skipped, kept without hashing their dependencies
	frags, fills      int // fragments made when read, and times all were made
}

// incremental renders sp as an incremental build after prev: a kept
// page's file is prev's, as publish keeps it when the bytes match.
func incremental(t testing.TB, sp spec, prev build) build {
	t.Helper()
	return incrementalWith(t, sp, prev, nil)
}

// incrementalWith is incremental, calling before, if not nil, with the
// memo before it is encoded.
func incrementalWith(t testing.TB, sp spec, prev build, before func(*Memo)) build {
	t.Helper()
	s, th := sp.assemble(t)
	out := build{files: map[string][]byte{}}
	var mu sync.Mutex
	keep := func(name string, sum memo.Key, size int) bool {
		mu.Lock()
		defer mu.Unlock()
		b, ok := prev.files[name]
		if !ok || len(b) != size || xxh3.Hash128(b) != sum {
			return false
		}
		out.files[name] = b
		return true
	}
	m := NewMemo(prev.memo, "test", keep)
	err := SiteMemo(s, th, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		out.files[name] = bytes.Clone(data)
		return nil
	}, m)
	if err != nil {
		t.Fatal(err)
	}
	if before != nil {
		before(m)
	}
	out.memo = m.Encode()
	out.rendered, out.skipped = m.Counts()
	out.unchanged = int(m.unchanged.Load())
	out.frags, out.fills = int(m.frags.Load()), int(m.fills.Load())
	return out
}

func full(t testing.TB, sp spec) map[string][]byte {
	s, th := sp.assemble(t)
	return renderAll(t, s, th)
}

func sameFiles(t *testing.T, label string, got, want map[string][]byte) {
	t.Helper()
	var names []string
	for n := range want {
		names = append(names, n)
	}
	sort.Strings(names)
	bad := 0
	for _, n := range names {
		if g, ok := got[n]; !ok {
			t.Errorf("%s: %s missing", label, n)
			bad++
		} else if !bytes.Equal(g, want[n]) {
			t.Errorf("%s: %s differs: %s", label, n, firstDiff(g, want[n]))
			bad++
		}
		if bad > 5 {
			t.FailNow()
		}
	}
	for n := range got {
		if _, ok := want[n]; !ok {
			t.Errorf("%s: %s is extra", label, n)
		}
	}
}

// An incremental build writes exactly what a full build writes, after
// every kind of change, and keeps most pages of a small one.
func TestIncrementalEqualsFull(t *testing.T) {
	sp := baseSpec()
	prev := incremental(t, sp, build{})
	sameFiles(t, "first", prev.files, full(t, sp))
	if prev.skipped != 0 || prev.rendered == 0 {
		t.Fatalf("first build: %d rendered, %d skipped", prev.rendered, prev.skipped)
	}
	pages := prev.rendered
	edits := []struct {
		name string
		edit func(sp *spec)
		most bool // most pages are kept
	}{
		{"nothing", func(sp *spec) {}, true},
		{"body", func(sp *spec) { sp.stories[10].Blocks[1].Text += " More." }, true},
		{"markdown", func(sp *spec) { sp.stories[9].Markdown += "\nAnd *more*.\n" }, true},
		{"title", func(sp *spec) { sp.stories[20].Title = "A new title" }, false}, // a new slug too
		{"summary", func(sp *spec) { sp.stories[21].Summary = "A new summary" }, true},
		{"date", func(sp *spec) { sp.stories[5].Date = sp.stories[5].Date.Add(30 * 24 * time.Hour) }, false},
		{"tag kind", func(sp *spec) { sp.labels[3][0].Kind = "place" }, false},
		{"retag", func(sp *spec) { sp.labels[4] = sp.labels[4][:1] }, false},
		{"quote", func(sp *spec) { sp.stories[6].Blocks[2].Speaker = "Somebody Else" }, true},
		{"delete", func(sp *spec) { sp.stories = sp.stories[:len(sp.stories)-1]; sp.labels = sp.labels[:len(sp.labels)-1] }, false},
		{"config", func(sp *spec) { sp.cfg.Title = "Another title" }, false},
		{"base url", func(sp *spec) { sp.cfg.BaseURL = "https://example.org/news/" }, false},
		{"unsafe html", func(sp *spec) { sp.cfg.UnsafeHTML = true }, false},
		{"theme", func(sp *spec) {
			sp.theme = fstest.MapFS{"_partials.html": {Data: partialsWith(t, `<h3 class="card-title">`, `<h3 class="card-title new">`)}}
		}, false},
		{"story template", func(sp *spec) {
			b, _ := fs.ReadFile(templates.FS, "story.html")
			sp.theme = fstest.MapFS{"story.html": {Data: append(b, "\n<!-- changed -->"...)}}
		}, false},
		{"card reads another story", func(sp *spec) {
			sp.theme = fstest.MapFS{"_partials.html": {Data: partialsWith(t, `<h3 class="card-title">`, `<h3 class="card-title">{{with .Newer}}{{.Title}}{{end}}`)}}
		}, false},
		{"the other story", func(sp *spec) { sp.stories[15].Summary = "Its summary, changed" }, false},
		{"chip reads its stories", func(sp *spec) {
			sp.theme = fstest.MapFS{"_partials.html": {Data: partialsWith(t, `href="{{url .Path}}">{{.Name}}</a>{{end}}`, `href="{{url .Path}}">{{.Name}} {{len .Stories}}</a>{{end}}`)}}
		}, false},
		{"one story more in a tag", func(sp *spec) { sp.labels[16] = append(sp.labels[16], sp.labels[17][0]) }, false},
		{"default theme", func(sp *spec) { sp.theme = nil }, false},
		{"unchanged again", func(sp *spec) {}, true},
	}
	for _, e := range edits {
		e.edit(&sp)
		cur := incremental(t, sp, prev)
		sameFiles(t, e.name, cur.files, full(t, sp))
		t.Logf("%s: %d rendered, %d kept of %d", e.name, cur.rendered, cur.skipped, pages)
		if e.most && cur.skipped < pages/2 {
			t.Errorf("%s: only %d of %d pages kept", e.name, cur.skipped, pages)
		}
		prev = cur
	}
}

func partialsWith(t *testing.T, old, new string) []byte {
	b, err := fs.ReadFile(templates.FS, "_partials.html")
	if err != nil || !bytes.Contains(b, []byte(old)) {
		t.Fatalf("no %q in _partials.html", old)
	}
	return bytes.Replace(b, []byte(old), []byte(new), 1)
}

// An incremental build makes only the fragments its pages read, when
// they read them: none when nothing changed, a few for one edited story.
func TestLazyFragments(t *testing.T) {
	sp := baseSpec()
	s, _ := sp.assemble(t)
	all := 2*len(s.Stories) + len(s.Tags)
	first := incremental(t, sp, build{})
	if first.frags == 0 || first.frags > all || first.fills != 0 {
		t.Errorf("first build: %d fragments made of %d, made all %d times", first.frags, all, first.fills)
	}
	again := incremental(t, sp, first)
	if again.frags != 0 || again.fills != 0 {
		t.Errorf("unchanged rebuild: %d fragments made, made all %d times", again.frags, again.fills)
	}
	sp.stories[10].Blocks[1].Text += " More."
	edit := incremental(t, sp, again)
	sameFiles(t, "edit", edit.files, full(t, sp))
	if edit.frags == 0 || edit.frags >= all || edit.fills != 0 {
		t.Errorf("one story edited: %d fragments made of %d, made all %d times", edit.frags, all, edit.fills)
	}
	// A card that reads another story leaves the pages that show it
	// untraced: they are rendered again, with every fragment made.
	sp.theme = fstest.MapFS{"_partials.html": {Data: partialsWith(t, `<h3 class="card-title">`, `<h3 class="card-title">{{with .Newer}}{{.Title}}{{end}}`)}}
	odd := incremental(t, sp, edit)
	sameFiles(t, "card reads another story", odd.files, full(t, sp))
	if odd.fills != 1 {
		t.Errorf("card reads another story: made all fragments %d times", odd.fills)
	}
}

// An unchanged rebuild keeps every traced page and renders none; a
// damaged memo, or a file publish cannot vouch for, costs rendering only.
func TestUnchangedRebuildSkips(t *testing.T) {
	sp := baseSpec()
	first := incremental(t, sp, build{})
	second := incremental(t, sp, first)
	// Every page but the search page, rendered before the versions.
	s, _ := sp.assemble(t)
	want := len(s.Stories) + len(s.Days) + 4 // archive, quotes, tags, 404
	if second.rendered != 0 || second.skipped != first.rendered || second.skipped < want {
		t.Errorf("unchanged rebuild: %d rendered, %d kept; first build traced %d, want at least %d", second.rendered, second.skipped, first.rendered, want)
	}
	sameFiles(t, "second", second.files, first.files)

	damaged := first
	damaged.memo = append([]byte(nil), first.memo...)
	for i := len(damaged.memo) / 2; i < len(damaged.memo); i += 7 {
		damaged.memo[i] ^= 0x5a
	}
	third := incremental(t, sp, damaged)
	sameFiles(t, "damaged memo", third.files, first.files)

	// publish cannot vouch for the old files: all rendered again.
	lost := first
	lost.files = map[string][]byte{}
	fourth := incremental(t, sp, lost)
	if fourth.skipped != 0 {
		t.Errorf("%d pages kept without their files", fourth.skipped)
	}
	sameFiles(t, "lost files", fourth.files, first.files)
}

// An edit build keeps the pages that read nothing changed without
// hashing their dependencies' versions again, by the last build's
// versions in the memo; without them, or with them damaged, it hashes
// them as before and keeps the same pages.
func TestUnchangedDepsByLastVersions(t *testing.T) {
	sp := baseSpec()
	first := incremental(t, sp, build{})
	edited := baseSpec()
	edited.stories[10].Blocks[1].Text += " More."
	edited.stories[12].Title += " again"
	want := full(t, edited)

	second := incremental(t, edited, first)
	sameFiles(t, "edit", second.files, want)
	if second.rendered == 0 || second.unchanged == 0 || second.unchanged < second.skipped/2 {
		t.Errorf("edit: %d rendered, %d kept, %d of them by the last versions", second.rendered, second.skipped, second.unchanged)
	}

	// A memo without the last versions: every kept page hashes its
	// dependencies again, and the same pages are kept.
	prev := incrementalWith(t, sp, build{}, func(m *Memo) { m.ver = nil })
	cur := incremental(t, edited, prev)
	sameFiles(t, "no versions", cur.files, want)
	if cur.rendered != second.rendered || cur.skipped != second.skipped || cur.unchanged != 0 {
		t.Errorf("no versions: %d rendered, %d kept, %d by versions the memo does not hold; with them %d, %d",
			cur.rendered, cur.skipped, cur.unchanged, second.rendered, second.skipped)
	}
}

// diff finds the objects and site fields whose versions changed or that
// are gone, and trusts nothing of a damaged encoding.
func TestVersionsDiff(t *testing.T) {
	sp := baseSpec()
	s, _ := sp.assemble(t)
	old := newVersions(s, nil, false).encode()
	idOf := func(s *site.Site, i int) []byte {
		id, _ := identity(reflect.ValueOf(s.Stories[i]))
		return binary.LittleEndian.AppendUint64(nil, id)
	}
	cfg := siteBits["Config"]

	same := newVersions(s, nil, false)
	same.diff(old)
	if !same.diffed || len(same.changed) != 0 || same.changedSite != 0 || !same.unchanged(cfg, idOf(s, 3)) {
		t.Errorf("unchanged site: diffed %v, %d changed, site fields %b", same.diffed, len(same.changed), same.changedSite)
	}
	for _, cut := range [][]byte{old[:len(old)-1], old[:100], nil} {
		d := newVersions(s, nil, false)
		d.diff(cut)
		if d.diffed || d.unchanged(0, nil) {
			t.Errorf("a damaged encoding of %d bytes was trusted", len(cut))
		}
	}

	// One story edited, the last one gone, the title changed.
	edited := baseSpec()
	edited.stories[7].Summary = "Something else"
	edited.stories = edited.stories[:len(edited.stories)-1]
	edited.labels = edited.labels[:len(edited.labels)-1]
	edited.cfg.Title = "Another"
	e, _ := edited.assemble(t)
	d := newVersions(e, nil, false)
	d.diff(old)
	if d.unchanged(0, idOf(e, 7)) {
		t.Error("an edited story's version is unchanged")
	}
	if d.unchanged(0, idOf(s, len(s.Stories)-1)) {
		t.Error("a deleted story's version is unchanged")
	}
	if d.unchanged(cfg, nil) {
		t.Error("the changed configuration's version is unchanged")
	}
}

// A version covers every exported field of a tracked object but a
// story's body: changing any other changes it.
func TestVersionsCoverEveryField(t *testing.T) {
	sp := baseSpec()
	s, _ := sp.assemble(t)
	st := s.Stories[3]
	st.Card, st.Ref = "<card>", "<ref>"
	st.Tags[0].Chip = "<chip>"
	// A version here is the pair of an object's core and list versions.
	version := func(p any) [2]memo.Key {
		core, list, ok := objectVersion(reflect.ValueOf(p), nil, nil, false, nil)
		if !ok {
			t.Fatalf("%T has no version", p)
		}
		return [2]memo.Key{core, list}
	}
	objs := []any{st, st.Tags[0], st.Day, s.Speakers[0]}
	for _, o := range objs {
		v := reflect.ValueOf(o).Elem()
		mutateFields(t, v, v.Type().Name(), func(path string) {
			if path == "Story.Body" || path == "Story.Story.DuplicateOf" || path == "Story.Story.Related" {
				return // see unversioned
			}
			before := version(o)
			restore := mutate(t, v, path)
			after := version(o)
			restore()
			if before == after {
				t.Errorf("changing %s leaves the version as it was", path)
			}
			// A list field changes the list version alone: a page that
			// reads only the core keeps its file.
			parts := splitPath(path)
			if list := listField(v.Type(), parts[len(parts)-1]) && len(parts) == 2; list && before[0] != after[0] || !list && before[1] != after[1] {
				t.Errorf("changing %s changes the wrong version", path)
			}
			if version(o) != before {
				t.Fatalf("%s not restored", path)
			}
		})
	}
	body := version(st)
	st.Body = "<p>other</p>"
	if version(st) != body {
		t.Error("the body changes a story's version")
	}
}

// With lazy fragments, versions leave the fragments out, and a story's
// version changes with any of its tags' own: all its card and ref may
// read.
func TestLazyVersions(t *testing.T) {
	sp := baseSpec()
	s, _ := sp.assemble(t)
	st := s.Stories[3]
	story := func() memo.Key { return newVersions(s, nil, true).byID[mustID(t, st)] }
	before := story()
	st.Card, st.Ref, st.Tags[0].Chip = "<card>", "<ref>", "<chip>"
	if story() != before {
		t.Error("a fragment changes the version of a story")
	}
	tag := st.Tags[len(st.Tags)-1]
	tag.Aliases = append(tag.Aliases, "Another name")
	if story() == before {
		t.Error("a tag's field leaves the versions of its stories as they were")
	}
}

func mustID(t *testing.T, p any) uint64 {
	id, ok := identity(reflect.ValueOf(p))
	if !ok {
		t.Fatalf("%T has no identity", p)
	}
	return id
}

// mutateFields calls f with the path of every exported field of the
// struct v, through embedded structs.
func mutateFields(t *testing.T, v reflect.Value, prefix string, f func(path string)) {
	for i := range v.NumField() {
		fd := v.Type().Field(i)
		if !fd.IsExported() {
			continue
		}
		if fd.Anonymous && fd.Type.Kind() == reflect.Struct {
			mutateFields(t, v.Field(i), prefix+"."+fd.Name, f)
			continue
		}
		f(prefix + "." + fd.Name)
	}
}

// mutate changes the field at path (as mutateFields names it) of v and
// returns a function that puts it back.
func mutate(t *testing.T, v reflect.Value, path string) func() {
	fv := v
	parts := splitPath(path)
	for _, p := range parts[1:] {
		fv = fv.FieldByName(p)
	}
	old := reflect.New(fv.Type()).Elem()
	old.Set(fv)
	switch fv.Kind() {
	case reflect.String:
		fv.SetString(fv.String() + "x")
	case reflect.Int, reflect.Int32, reflect.Int64:
		fv.SetInt(fv.Int() + 1)
	case reflect.Bool:
		fv.SetBool(!fv.Bool())
	case reflect.Slice:
		if fv.Len() > 0 {
			fv.Set(fv.Slice(0, fv.Len()-1))
		} else {
			fv.Set(reflect.Append(fv, reflect.Zero(fv.Type().Elem())))
		}
	case reflect.Pointer:
		if fv.IsNil() {
			fv.Set(reflect.New(fv.Type().Elem()))
			if fv.Type() == storyPtrType {
				fv.Interface().(*site.Story).Path = "elsewhere.html"
			}
		} else {
			fv.Set(reflect.Zero(fv.Type()))
		}
	case reflect.Struct:
		if fv.Type() != timeType {
			t.Fatalf("cannot mutate %s", path)
		}
		fv.Set(reflect.ValueOf(fv.Interface().(time.Time).Add(time.Second)))
	default:
		t.Fatalf("cannot mutate %s of kind %s", path, fv.Kind())
	}
	return func() { fv.Set(old) }
}

func splitPath(p string) []string {
	var parts []string
	start := 0
	for i := range len(p) {
		if p[i] == '.' {
			parts = append(parts, p[start:i])
			start = i + 1
		}
	}
	return append(parts, p[start:])
}

// Every theme function is plain, or audited for what it reads.
func TestThemeFuncsAudited(t *testing.T) {
	for name, fn := range funcs("/") {
		if funcReads(name, reflect.TypeOf(fn)) == readsOpaque {
			t.Errorf("theme function %s reads what a trace cannot follow: audit it in funcReads", name)
		}
	}
}

// A page that reads a field versions leave out, or calls what a trace
// cannot follow, is rendered every time, and right.
func TestUntracedPages(t *testing.T) {
	all := incremental(t, baseSpec(), build{}).rendered
	for _, tmpl := range []string{
		`{{.Story.DuplicateOf}}`,
		`{{range .Story.Story.Related}}{{.}}{{end}}`,
		`{{.Site.Config.Location.String}}`,
	} {
		sp := baseSpec()
		b, _ := fs.ReadFile(templates.FS, "story.html")
		sp.theme = fstest.MapFS{"story.html": {Data: bytes.Replace(b, []byte(`{{define "main"}}`), []byte(`{{define "main"}}<p>`+tmpl+`</p>`), 1)}}
		s, _ := sp.assemble(t)
		first := incremental(t, sp, build{})
		if first.rendered != all-len(s.Stories) {
			t.Errorf("%s: %d pages traced of %d; the story pages should not be", tmpl, first.rendered, all)
		}
		again := incremental(t, sp, first)
		if again.rendered != 0 || again.skipped != first.rendered {
			t.Errorf("%s: %d rendered, %d kept, of %d traced", tmpl, again.rendered, again.skipped, first.rendered)
		}
		sp.stories[3].DuplicateOf, sp.stories[4].Related = 2, []int{7}
		third := incremental(t, sp, again)
		sameFiles(t, tmpl, third.files, full(t, sp))
	}
}

// A page or feed keyed by the versions of what its data is made of (see
// pageJob) keeps its file only when its data is the same: across every
// kind of edit, two builds that give one of them the same key give it
// the same data, as hashed when it is keyed by its data.
func TestKeysByVersionsCoverData(t *testing.T) {
	type keys struct{ from, data memo.Key }
	collect := func(sp spec, prev build) (build, map[string]keys) {
		got := map[string]keys{}
		var mu sync.Mutex
		s, th := sp.assemble(t)
		m := NewMemo(prev.memo, "test", func(string, memo.Key, int) bool { return false })
		m.check = func(name string, from, data memo.Key) {
			mu.Lock()
			defer mu.Unlock()
			if from == (memo.Key{}) || data == (memo.Key{}) {
				t.Errorf("%s: no key (by versions %v, by data %v)", name, from, data)
			}
			got[name] = keys{from, data}
		}
		if err := SiteMemo(s, th, func(string, []byte) error { return nil }, m); err != nil {
			t.Fatal(err)
		}
		return build{memo: m.Encode()}, got
	}
	sp := baseSpec()
	// Cards without tags: a story's version then holds no tag's name.
	sp.theme = fstest.MapFS{"_partials.html": {Data: partialsWith(t, `{{template "chips" (first 4 .Tags)}}`, ``)}}
	prev, last := collect(sp, build{})
	if len(last) == 0 {
		t.Fatal("no page keyed by versions")
	}
	renamed := func(sp *spec, from, to string) {
		for i := range sp.labels {
			for j := range sp.labels[i] {
				if sp.labels[i][j].Name == from {
					sp.labels[i][j].Name = to
				}
			}
		}
	}
	edits := []struct {
		name string
		edit func(sp *spec)
	}{
		{"nothing", func(sp *spec) {}},
		{"body", func(sp *spec) { sp.stories[10].Blocks[1].Text += " More." }},
		{"title", func(sp *spec) { sp.stories[20].Title = "A new title" }},
		{"summary", func(sp *spec) { sp.stories[21].Summary = "A new summary" }},
		{"no summary", func(sp *spec) { sp.stories[22].Summary = "" }},
		{"lead", func(sp *spec) { sp.stories[22].Lead = "Another lead" }},
		{"author", func(sp *spec) { sp.stories[23].Author = "" }},
		{"source", func(sp *spec) { sp.stories[23].Source = "Elsewhere" }},
		{"date", func(sp *spec) { sp.stories[5].Date = sp.stories[5].Date.Add(30 * 24 * time.Hour) }},
		{"hour", func(sp *spec) { sp.stories[6].Date = sp.stories[6].Date.Add(time.Hour) }},
		{"zone", func(sp *spec) { sp.stories[7].Date = sp.stories[7].Date.In(time.FixedZone("X", 3600)) }},
		{"tag kind", func(sp *spec) { sp.labels[3][0].Kind = "place" }},
		{"tag name, same slug", func(sp *spec) { renamed(sp, "Tag 3", "TAG 3") }},
		{"tag name", func(sp *spec) { renamed(sp, "Tag 4", "Tag four") }},
		{"retag", func(sp *spec) { sp.labels[4] = sp.labels[4][:1] }},
		{"retell", func(sp *spec) { sp.stories[12].DuplicateOf = 9 }},
		{"delete", func(sp *spec) { sp.stories = sp.stories[:len(sp.stories)-1]; sp.labels = sp.labels[:len(sp.labels)-1] }},
		{"per page", func(sp *spec) { sp.cfg.StoriesPerPage = 3 }},
		{"feed length", func(sp *spec) { sp.cfg.FeedLength = 2 }},
		{"tag feeds", func(sp *spec) { sp.cfg.TagFeedContent = "full" }},
		{"config", func(sp *spec) { sp.cfg.Title = "Another title" }},
		{"language", func(sp *spec) { sp.cfg.Language = "fr" }},
		{"base url", func(sp *spec) { sp.cfg.BaseURL = "https://example.org/news/" }},
		{"theme", func(sp *spec) {
			sp.theme = fstest.MapFS{"_partials.html": {Data: partialsWith(t, `<h3 class="card-title">`, `<h3 class="card-title new">`)}}
		}},
	}
	same, differ := 0, 0
	for _, e := range edits {
		e.edit(&sp)
		cur, got := collect(sp, prev)
		for name, k := range got {
			old, ok := last[name]
			if !ok {
				continue
			}
			if k.from == old.from {
				same++
				if k.data != old.data {
					t.Errorf("%s: %s has the key it had, but other data", e.name, name)
				}
			} else if k.data != old.data {
				differ++
			}
		}
		prev, last = cur, got
	}
	if same == 0 || differ == 0 {
		t.Errorf("%d pages kept their key and data, %d changed both: the edits test nothing", same, differ)
	}
}
