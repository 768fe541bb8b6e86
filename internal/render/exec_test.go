package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"digest/internal/feed"
	"digest/internal/site"
	"digest/internal/story"
	"digest/templates"
)

// The fast executor must write what html/template writes, byte for byte.
// These tests render with both and compare.

// nasty are strings that each escaper treats differently.
var nasty = []string{
	`<script>alert("x&y")</script>`,
	`Tom's "quoted" + plus & <b>bold</b>`,
	"Zürich – café 東京 😀",
	"nul\x00byte and bad utf-8 \xff\xfe",
	"line\u2028sep\u2029 and \ufdd0\uffff",
	"",
	"  spaces\tand\nnewlines  ",
	"%41%zz%",
	"a=b&c=d;e:f/g?h#i",
}

var nastyURLs = []string{
	"javascript:alert(1)",
	"JavaScript:alert(1)",
	"https://example.org/a b?c=<d>&e='f'#g",
	"/rel/%zz%41/ü",
	"mailto:a@b.c",
	"data:text/html,<b>x</b>",
	"//example.org/x:y",
	"",
}

// adversarialSite assembles a small site whose every text field holds
// something an escaper has to deal with.
func adversarialSite(t testing.TB) *site.Site {
	t.Helper()
	cfg := site.DefaultConfig()
	cfg.Title = `News & "Views" <Daily> + 'more'`
	cfg.Description = "Every <story> & more\u2028"
	cfg.StoriesPerPage = 4
	t0 := time.Date(2024, 3, 1, 6, 0, 0, 0, time.UTC)
	var stories []story.Story
	var labels [][]site.Label
	for i := range 24 {
		n := nasty[i%len(nasty)]
		s := story.Story{
			File: fmt.Sprintf("s%d.txt", i), FirstLine: 1, LastLine: 9,
			Title:       fmt.Sprintf("Story %d: %s", i, n),
			Date:        t0.Add(time.Duration(i*7) * time.Hour),
			DuplicateOf: -1,
			Source:      nasty[(i+1)%len(nasty)],
			SourceURL:   nastyURLs[i%len(nastyURLs)],
			Author:      nasty[(i+2)%len(nasty)],
			Lead:        "Lead " + n,
			Summary:     nasty[(i+3)%len(nasty)],
		}
		if i%5 == 0 {
			s.Date = time.Time{} // undated
		}
		if i%3 == 0 {
			s.Markdown = "Some *markdown* & <i>html</i> " + n + "\n\n> quoted\n"
		}
		s.Blocks = []story.Block{
			{Kind: story.Lead, Text: s.Lead},
			{Kind: story.Paragraph, Text: "Body " + n},
			{Kind: story.Quote, Text: `"We will <be> ready & 'able'," said Mira ` + n + `.`, Speaker: "Mira " + n},
		}
		if i > 2 && i%4 == 1 {
			s.DuplicateOf = i - 3 // a retelling
		}
		if i > 0 {
			s.Related = []int{i - 1}
		}
		stories = append(stories, s)
		var ls []site.Label
		for k := range 3 {
			ls = append(ls, site.Label{
				Name:    fmt.Sprintf("Tag %d %s", (i+k)%7, nasty[(i+k)%7%len(nasty)]),
				Kind:    []string{"person", "place", "organization", "topic", ""}[(i+k)%5],
				Aliases: []string{"alias <" + fmt.Sprint(k) + ">", "aka & co"},
			})
		}
		labels = append(labels, ls)
	}
	s, _ := site.Assemble(cfg, stories, labels)
	return s
}

// renderAll renders a site and returns its files.
func renderAll(t testing.TB, s *site.Site, th *Theme) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	var mu sync.Mutex
	err := Site(s, th, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		files[name] = bytes.Clone(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// slowTheme is th without the fast executor.
func slowTheme(th *Theme) *Theme {
	slow := *th
	slow.fast = nil
	return &slow
}

func TestFastCompilesDefaultTheme(t *testing.T) {
	th, err := LoadTheme(templates.FS, nil, "/")
	if err != nil {
		t.Fatal(err)
	}
	for name := range th.pages {
		if th.fast.page(name) == nil {
			c := &compiler{set: th.pages[name], funcs: funcs("/"), progs: map[string]*program{}}
			_, err := c.template(name)
			t.Errorf("page %s is not compiled: %v", name, err)
		}
	}
	for _, name := range []string{"card", "chip", "ref", "masthead", "footer"} {
		if th.fast.frag(name) == nil {
			t.Errorf("fragment %s is not compiled", name)
		}
	}
}

func TestFastSiteIdentical(t *testing.T) {
	for _, tc := range []struct {
		name string
		site func(testing.TB) *site.Site
		root string
	}{
		{"adversarial", adversarialSite, "/"},
		{"adversarial-subpath", adversarialSite, "/news & <more>/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th, err := LoadTheme(templates.FS, nil, tc.root)
			if err != nil {
				t.Fatal(err)
			}
			fast := renderAll(t, tc.site(t), th)
			slow := renderAll(t, tc.site(t), slowTheme(th))
			if n := th.fast.fallbacks.Load(); n != 0 {
				t.Errorf("%d executions fell back to html/template", n)
			}
			if len(fast) != len(slow) {
				t.Errorf("%d files, want %d", len(fast), len(slow))
			}
			pages := 0
			for name, want := range slow {
				got := fast[name]
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs:\n%s", name, firstDiff(got, want))
				}
				if strings.HasSuffix(name, ".html") {
					pages++
				}
			}
			if pages < 20 {
				t.Errorf("only %d pages compared", pages)
			}
			// The data reaches the parts of the theme it is meant to.
			var all []byte
			for _, b := range fast {
				all = append(all, b...)
			}
			for _, want := range []string{`href="#ZgotmplZ"`, "Also reported as", "Who said what", "Related stories", "· shares", `class="standfirst"`, "This story retells", "undated", "also named", "application/ld+json", `\u2028`, "&lt;script&gt;", `<span>Older</span>`, `rel="next"`} {
				if !bytes.Contains(all, []byte(want)) {
					t.Errorf("no page has %q", want)
				}
			}
		})
	}
}

// firstDiff shows where two outputs part.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return fmt.Sprintf("got  …%q\nwant …%q", got[from:min(len(got), i+80)], want[from:min(len(want), i+80)])
}

// testData is what the templates of TestFastTemplates get.
type testData struct {
	S       string
	H       template.HTML
	U       template.URL
	A       template.HTMLAttr
	N       int
	I64     int64
	F       float64
	B       bool
	Ptr     *testData
	Nil     *testData
	List    []string
	NilList []string
	Ints    []int
	Map     map[string]int
	IntMap  map[int]string
	Any     any
	Err     error
	Time    time.Time
	Times   map[string]time.Time // values that are not addressable
	embedded
	*Deep // nil in Ptr
}

type embedded struct {
	Inner  string
	InnerH template.HTML
	Level2
}

// Level2 is embedded by value two structs down.
type Level2 struct{ Two string }

type Deep struct{ DeepS string }

func (d *testData) Upper() string       { return strings.ToUpper(d.S) }
func (d testData) Twice() int           { return 2 * d.N }
func (d *testData) Fails() (int, error) { return 0, errors.New("it failed") }

type stringer struct{ v string }

func (s stringer) String() string { return "<" + s.v + ">" }

func newTestData() *testData {
	d := &testData{
		S: `a<b>&"c'+` + "\x00é", H: "<i>it & 'ok'</i>", U: "javascript:ok()", A: `title="x"`,
		N: 3, I64: -7, F: 1.5, B: true,
		List: []string{"x<", "y&", "z\""}, Ints: []int{5, 0, 7},
		Map:      map[string]int{"b": 2, "a": 1, "c<": 3},
		IntMap:   map[int]string{3: "three", -1: "minus", 2: "two"},
		Any:      stringer{"any&"},
		Time:     time.Date(2025, 1, 28, 10, 0, 0, 0, time.UTC),
		Times:    map[string]time.Time{"a": {}, "b": time.Date(2025, 1, 28, 10, 0, 0, 0, time.UTC)},
		embedded: embedded{Inner: "in<ner>", InnerH: "<i>h</i>", Level2: Level2{Two: "t<w>o"}},
		Deep:     &Deep{DeepS: "de<ep>"},
	}
	d.Ptr = &testData{S: "inner ptr", N: 1}
	return d
}

var testFuncs = template.FuncMap{
	"url":   func(p string) string { return "/root/" + p },
	"date":  func(t time.Time) string { return t.Format("2 January 2006") },
	"cut":   func(s string, n int) string { return s[:min(n, len(s))] },
	"three": func(n int, a, b string) string { return fmt.Sprint(n, a, b) },
	"wrap":  func(s string) template.HTML { return template.HTML("<em>" + s + "</em>") },
	"oops":  func(s string) (string, error) { return "", errors.New("oops " + s) },
	"boom":  func(s string) string { panic("boom") },
	"pair":  func(a string, b int) []string { return []string{a, fmt.Sprint(b)} },
	"any":   func(v any) string { return fmt.Sprintf("%T", v) },
}

func TestFastTemplates(t *testing.T) {
	const (
		fast     = iota // compiled and executed fast
		compiled        // compiled, but this execution falls back
		slow            // not compiled
	)
	for _, tc := range []struct {
		src  string
		want int
	}{
		{`<p>{{.S}}</p><p title="{{.S}}">{{.H}}</p><title>{{.S}} {{.H}}</title>`, fast},
		{`<a href="{{.S}}">x</a><a href="/x?q={{.S}}&r={{.U}}">y</a><a href="{{.U}}">{{.U}}</a>`, fast},
		{`<a href="{{url .S}}">{{.N}} {{.I64}} {{.B}} {{.F}} {{.Ptr}} {{.Nil}} {{.Any}} {{.Time}}</a>`, fast},
		{`<script>var x = {{.S}}, y = {{.N}}, z = {{.List}}, m = {{.Map}}, h = {{.H}};</script>`, fast},
		{`<script type="application/ld+json">{{.}}</script>`, fast},
		{`{{.Inner}} {{.Upper}} {{.Twice}} {{.Ptr.Upper}} {{.Time.IsZero}} {{.Ptr.Ptr}}`, fast},
		{`{{.Ptr.S}} <a title="{{.Ptr.S}}">{{.Ptr.H}}</a><textarea>{{.Ptr.S}}{{.H}}</textarea>`, fast},
		{`{{.Ptr.Nil.S}}`, compiled}, // nil pointer on the way
		// Fields of embedded structs: by value, the shortcut's case, and
		// by pointer.
		{`{{.Inner}}|{{.InnerH}}|{{.Two}}|<a title="{{.Two}}" href="{{.Inner}}">{{if .Two}}y{{end}}{{with .InnerH}}{{.}}{{end}}</a>|{{.DeepS}}|{{.Ptr.Two}}|{{with .Ptr}}{{.Inner}}{{.Two}}{{end}}`, fast},
		{`{{.Two}}{{.Ptr.DeepS}}`, compiled}, // nil embedded pointer
		{`{{range .Times}}{{.IsZero}} {{.Year}} {{.IsDST}};{{end}}{{with .Time}}{{.IsZero}}{{.Month}}{{end}}`, fast},
		{`{{if .S}}s{{end}}{{if .Nil}}nil{{else}}not{{end}}{{with .Ptr}}{{.S}}{{$.N}}{{end}}{{with .Nil}}x{{else with .Ptr}}{{.N}}{{else}}y{{end}}`, fast},
		{`{{range .List}}[{{.}}]{{else}}none{{end}}{{range $i, $x := .List}}{{$i}}={{$x}};{{end}}{{range .NilList}}{{else}}nothing{{end}}`, fast},
		{`{{range $k, $v := .Map}}{{$k}}:{{$v}} {{end}}{{range $k, $v := .IntMap}}{{$k}}:{{$v}} {{end}}{{range .Map}}{{.}}{{end}}`, fast},
		{`{{range 3}}({{.}}){{end}}{{range $i, $x := .Ints}}{{if eq $x 0}}{{continue}}{{end}}{{if eq $i 2}}{{break}}{{end}}{{$x}}{{end}}`, fast},
		{`{{$x := .N}}{{$y := "s"}}{{range .Ints}}{{$x = .}}{{end}}{{$x}} {{$y}}{{with $z := .S}}{{$z}}{{end}}`, fast},
		{`{{$v := "outer"}}{{if .Nil}}{{$v := "then"}}{{$v}}{{else}}{{$v}}{{end}}{{range .NilList}}{{$v := "body"}}{{else}}{{$v}}{{end}}{{range $i, $i := .List}}{{$i}}{{end}}`, fast},
		{`{{if and .S (not .Nil) (or .Nil .N)}}yes{{end}}{{and .N .S}} {{or .Nil 0 "z"}} {{not .B}} {{len .List}} {{len .S}} {{len .Map}}`, fast},
		{`{{if eq .N 3}}three{{end}}{{if eq .S "x" "y"}}{{else}}no{{end}}{{if ne .S ""}}ne{{end}}{{eq .I64 -7}} {{eq .N .I64}}`, fast},
		{`{{cut .S 3}} {{three .N "a" .S}} {{3 | cut .S}} {{wrap .S}} <a title="{{4 | cut (url "x")}}">{{date .Time}}</a>`, fast},
		{`{{define "sub"}}<b>{{.}}</b>{{end}}{{template "sub" .S}}{{template "sub" .N}}{{template "sub"}}{{block "blk" .List}}{{range .}}{{template "sub" .}}{{end}}{{end}}`, fast},
		{`{{(.Ptr).S}} {{(index .List 1)}}`, slow},
		{`{{printf "%d" .N}}`, slow},
		{`{{if lt .N 4}}x{{end}}`, slow},
		{`{{pair .S 2}} {{any .N}}`, fast},
		{`<p title="{{.H}}">x</p>`, compiled}, // attrescaper strips tags from HTML
		{`{{.Nil.S}}`, compiled},              // nil pointer: html/template's error
		{`{{oops .S}}`, compiled},             // the function's error
		{`{{boom .S}}`, compiled},             // the function's panic
		{`{{.Fails}}`, compiled},              // a method's error
		{`{{eq .S .N}}`, compiled},            // incomparable
		{`{{.Err}} {{.Nil}} <script>var x = {{.Err}};</script>{{template "nil"}}{{define "nil"}}{{.}}<script>{{.}}</script>{{end}}`, fast},
		{`<script>var y = {{template "nil"}};</script>{{define "nil"}}{{.}}{{end}}`, slow}, // a template called in JS: derived by html/template
		{`<a href={{.S}}>x</a>`, slow}, // unquoted attribute: nospace escaper
		{`{{template "missing" .}}`, slow},
		{`<a href="{{.S}}`, slow}, // escaping fails
	} {
		t.Run(tc.src, func(t *testing.T) {
			set, err := template.New("t").Funcs(testFuncs).Parse(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			p, cerr := compileTemplate(set, "t", testFuncs)
			var want outBuf
			werr := set.ExecuteTemplate(&want, "t", newTestData())
			got := &outBuf{b: []byte("keep")}
			switch {
			case p == nil:
				if tc.want != slow {
					t.Fatalf("not compiled: %v", cerr)
				}
				return
			case tc.want == slow:
				t.Fatalf("compiled, want html/template")
			case !p.execute(got, newTestData()):
				if tc.want != compiled {
					t.Fatalf("fell back; html/template says %q, %v", want.String(), werr)
				}
				return
			case tc.want == compiled:
				t.Fatalf("ran, want a fallback; got %q", got.String())
			case werr != nil:
				t.Fatalf("ran, but html/template fails: %v", werr)
			}
			if got.String() != "keep"+want.String() {
				t.Errorf("got  %q\nwant %q", got.String()[4:], want.String())
			}
			// Again, with what the first execution cached.
			got.Reset()
			if !p.execute(got, newTestData()) || got.String() != want.String() {
				t.Errorf("second execution: got  %q\nwant %q", got.String(), want.String())
			}
		})
	}
}

// TestFastFieldTypes runs one compiled template on values of changing
// types, so that each execution meets fields its steps cached for
// another type, at another offset or of another kind.
func TestFastFieldTypes(t *testing.T) {
	type other struct {
		N    int
		H, S string
	}
	type html struct {
		S template.HTML
		H string
	}
	const src = `{{range .}}<p>{{.S}}</p><p title="{{.S}}">{{.H}}</p><title>{{.S}}</title>` +
		`{{if .S}}+{{else}}-{{end}}{{with .H}}({{.}}){{end}}{{end}}`
	set := template.Must(template.New("t").Parse(src))
	p, err := compileTemplate(set, "t", nil)
	if err != nil {
		t.Fatal(err)
	}
	d := newTestData()
	data := []any{
		[]*testData{d, d}, []testData{*d}, []*other{{1, "<h>", "s&"}}, []*testData{d},
		[]*html{{"<i>x</i>", "y'"}}, []html{{"<b>", "z"}}, []*other{{2, "h", "<s>"}},
		[]any{d, &other{3, "a", "b"}, &html{"<u>", "v"}, *d}, []*testData{d, nil},
		[]any{d, &other{4, "c", "d"}, *d, d, &other{5, "<e>", "f"}},
		map[string]other{"a": {6, "g", "h"}, "b": {7, "i", "<j>"}}, // not addressable
		[]other{{8, "k", "l"}}, map[int]testData{1: *d, 2: {}},
	}
	fast := 0
	for i := range 2 * len(data) {
		v := data[i%len(data)]
		var want outBuf
		werr := set.Execute(&want, v)
		var got outBuf
		if !p.execute(&got, v) {
			continue // HTML in an attribute, a nil pointer: html/template's
		}
		fast++
		if werr != nil || got.String() != want.String() {
			t.Errorf("%d: %T: got  %q\nwant %q (%v)", i, v, got.String(), want.String(), werr)
		}
	}
	if want := 2 * 9; fast != want {
		t.Errorf("%d executions ran fast, want %d", fast, want)
	}

	// A field as the argument of an appender.
	fm := funcs("/r/")
	set = template.Must(template.New("t").Funcs(fm).Parse(`{{range .}}<a href="{{url .S}}">{{url .S}}</a>{{end}}`))
	if p, err = compileWith(set, "t", fm, appenders("/r/")); err != nil {
		t.Fatal(err)
	}
	for i, v := range append(data, data...) {
		var want, got outBuf
		werr := set.Execute(&want, v)
		if !p.execute(&got, v) {
			if werr == nil {
				t.Errorf("%d: %T fell back; html/template gives %q", i, v, want.String())
			}
			continue
		}
		if werr != nil || got.String() != want.String() {
			t.Errorf("%d: %T: got  %q\nwant %q (%v)", i, v, got.String(), want.String(), werr)
		}
	}

	// Conditions on fields of each kind, true and false.
	set = template.Must(template.New("t").Parse(`{{range .}}{{if .S}}s{{end}}{{if .B}}b{{else}}!b{{end}}` +
		`{{with .N}}n{{.}}{{else}}!n{{end}}{{if .List}}l{{end}}{{with .Ptr}}p{{.S}}{{else}}!p{{end}}` +
		`{{if .NilList}}x{{else}}!x{{end}}{{with .H}}{{.}}{{end}}{{if .I64}}i{{end}}{{with .Map}}m{{end}};{{end}}`))
	if p, err = compileTemplate(set, "t", nil); err != nil {
		t.Fatal(err)
	}
	zero := &testData{}
	full := newTestData()
	full.B, full.NilList = true, []string{"y"}
	for i, v := range []any{[]*testData{zero, full, zero}, []*testData{full, full}, []testData{*zero, *full}} {
		var want, got outBuf
		if err := set.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		if !p.execute(&got, v) || got.String() != want.String() {
			t.Errorf("%d: got  %q\nwant %q", i, got.String(), want.String())
		}
	}
}

// A site's own templates may use what the fast executor does not know;
// those pages fall back, with the same output and the same errors.
func TestFastThemeOverrides(t *testing.T) {
	override := fstest.MapFS{
		"404.html":     {Data: []byte(`{{template "base" .}}{{define "main"}}<p>{{printf "%d tags" (len .Site.Tags)}}</p>{{end}}`)},
		"tags.html":    {Data: []byte(`{{template "base" .}}{{define "main"}}<p title="{{.Masthead}}">x</p>{{end}}`)},
		"archive.html": {Data: []byte(`{{template "base" .}}{{define "main"}}{{range .Days}}{{.Nope}}{{end}}{{end}}`)},
	}
	th, err := LoadTheme(templates.FS, override, "/")
	if err != nil {
		t.Fatal(err)
	}
	if th.fast.page("404.html") != nil {
		t.Error("404.html uses printf, yet is compiled")
	}
	if th.fast.page("tags.html") == nil || th.fast.page("story.html") == nil {
		t.Error("tags.html or story.html is not compiled")
	}
	s := adversarialSite(t)
	var fastErr, slowErr error
	fast := map[string][]byte{}
	slow := map[string][]byte{}
	var mu sync.Mutex
	collect := func(m map[string][]byte) WriteFunc {
		return func(name string, data []byte) error {
			mu.Lock()
			defer mu.Unlock()
			m[name] = bytes.Clone(data)
			return nil
		}
	}
	fastErr = Site(s, th, collect(fast))
	slowErr = Site(adversarialSite(t), slowTheme(th), collect(slow))
	if fastErr == nil || slowErr == nil || fastErr.Error() != slowErr.Error() {
		t.Fatalf("errors differ:\n%v\n%v", fastErr, slowErr)
	}
	if th.fast.fallbacks.Load() == 0 {
		t.Error("nothing fell back")
	}
	var b1, b2 outBuf
	p := &Page{Site: s, Title: "Tags", Tags: s.Tags, Masthead: "<b>mast</b> & head"}
	if err := th.execute(&b1, "tags.html", p); err != nil {
		t.Fatal(err)
	}
	if err := slowTheme(th).execute(&b2, "tags.html", p); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) || !strings.Contains(b1.String(), `title="mast & head"`) {
		t.Errorf("tags.html differs:\n%s", firstDiff(b1.Bytes(), b2.Bytes()))
	}
}

// BenchmarkExecute measures page and fragment templates alone, with the
// fast executor and with html/template: one op is one execution.
func BenchmarkExecute(b *testing.B) {
	s := benchSite(b, 1000)
	th, err := LoadTheme(templates.FS, nil, "/")
	if err != nil {
		b.Fatal(err)
	}
	if err := Site(s, th, func(string, []byte) error { return nil }); err != nil {
		b.Fatal(err) // cards, chips and refs
	}
	r := &siteRenderer{site: s, theme: th, md: newMarkdown(false), masthead: map[string]template.HTML{}}
	for _, sec := range sections {
		r.masthead[sec], _ = th.fragment("masthead", Chrome{Site: s, Current: sec})
	}
	r.footer, _ = th.fragment("footer", Chrome{Site: s, Current: "-"})
	var stories, tags []*Page
	for _, st := range s.Stories[:100] {
		if st.Body, err = r.body(st); err != nil {
			b.Fatal(err)
		}
		p := r.newPage(st.Path, st.Title, plain(st.Summary, 200))
		p.Story, p.OGType, p.LD = st, "article", newsArticle(st, &s.Config, r.abs(st.Path), oneLine(st.Summary))
		stories = append(stories, p)
	}
	for _, t := range s.Tags[:100] {
		pg := paginate(t.Stories, s.Config.StoriesPerPage, tagPage(t))[0]
		p := r.newPage(pg.Path, t.Name, tagDescription(t, &s.Config))
		p.Tag, p.Stories, p.Pager = t, pg.Stories, pg.Pager
		p.Feeds = tagFeeds(r.abs(feedPrefix(t)), t.Name)
		tags = append(tags, p)
	}
	// The machine these run on may be busy: pair each fast execution with
	// an html/template one, so that both see the same load.
	for _, pg := range []struct {
		tmpl  string
		pages []*Page
	}{{"story.html", stories}, {"tag.html", tags}} {
		b.Run(strings.TrimSuffix(pg.tmpl, ".html")+"/paired", func(b *testing.B) {
			var buf outBuf
			var fast, slow time.Duration
			slowTh := slowTheme(th)
			i := 0
			for b.Loop() {
				p := pg.pages[i%len(pg.pages)]
				t0 := time.Now()
				buf.Reset()
				th.execute(&buf, pg.tmpl, p)
				t1 := time.Now()
				buf.Reset()
				slowTh.execute(&buf, pg.tmpl, p)
				slow += time.Since(t1)
				fast += t1.Sub(t0)
				i++
			}
			b.ReportMetric(float64(fast.Nanoseconds())/float64(i), "fast-ns/op")
			b.ReportMetric(float64(slow.Nanoseconds())/float64(i), "html-ns/op")
			b.ReportMetric(float64(slow)/float64(fast), "speedup")
		})
	}
	for _, ex := range []struct {
		name string
		th   *Theme
	}{{"fast", th}, {"html", slowTheme(th)}} {
		for _, pg := range []struct {
			tmpl  string
			pages []*Page
		}{{"story.html", stories}, {"tag.html", tags}} {
			b.Run(strings.TrimSuffix(pg.tmpl, ".html")+"/"+ex.name, func(b *testing.B) {
				var buf outBuf
				i := 0
				for b.Loop() {
					buf.Reset()
					if err := ex.th.execute(&buf, pg.tmpl, pg.pages[i%len(pg.pages)]); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
		b.Run("card/"+ex.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := ex.th.fragment("card", s.Stories[i%len(s.Stories)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
	if n := th.fast.fallbacks.Load(); n != 0 {
		b.Errorf("%d executions fell back", n)
	}
}

// TestFastEscapersEveryByte runs every escaper on every byte, alone and in
// runs, against html/template: the escapers scan with tables of the bytes
// they change.
func TestFastEscapersEveryByte(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	vals := []string{string(all), "%41%4g%zz%" + string(all[:64]) + "%", "https://example.org/a b/%C3%A9?q=1&r=<2>#f", "é東\u2028\u2029\ufffd"}
	for c := range 256 {
		vals = append(vals, string([]byte{byte(c)}), "a"+string([]byte{byte(c), byte(c)})+"%2")
	}
	same := func(src string, v any) {
		t.Helper()
		set := template.Must(template.New("t").Parse(src))
		p, err := compileTemplate(set, "t", nil)
		if err != nil {
			t.Fatal(err)
		}
		var want, got outBuf
		if err := set.Execute(&want, v); err != nil {
			t.Fatal(err)
		}
		if !p.execute(&got, v) {
			t.Fatalf("%q fell back", v)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("%T %q:\n%s", v, v, firstDiff(got.Bytes(), want.Bytes()))
		}
	}
	for _, v := range vals {
		same(`<p>{{.}}</p><p title="{{.}}">x</p><title>{{.}}</title><textarea>{{.}}</textarea>`+
			`<a href="{{.}}">x</a><a href="/x?q={{.}}">y</a><a href="/{{.}}/z">z</a><script>var v = {{.}};</script>`, v)
		// Typed content takes other paths through the escapers.
		same(`<p>{{.}}</p><title>{{.}}</title><textarea>{{.}}</textarea>`, template.HTML(v))
		same(`<a href="{{.}}">x</a><a href="/x?q={{.}}">y</a>`, template.URL(v))
	}
}

// TestAppendJSONString holds appendJSONString's fast path to feed's, with
// every byte at every offset of its word-at-a-time scan.
func TestAppendJSONString(t *testing.T) {
	for c := range 256 {
		for at := range 17 {
			b := []byte("abcdefgh ijklmnop qrst")
			b[at] = byte(c)
			s := string(b)
			if got, want := appendJSONString(nil, s), feed.AppendJSONString(nil, s); !bytes.Equal(got, want) {
				t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
			}
		}
	}
}

// TestNewsArticleJSON holds NewsArticle's appendJSON to json.Marshal: on
// every field set by reflection, so that a field added to the type and
// not to appendJSON fails here, and on nothing set, for omitempty.
func TestNewsArticleJSON(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	strs := append(append([]string{}, nasty...), string(all))
	var fill func(v reflect.Value, s string)
	fill = func(v reflect.Value, s string) {
		switch v.Kind() {
		case reflect.String:
			v.SetString(s)
		case reflect.Int:
			v.SetInt(int64(len(s)) + 1)
		case reflect.Struct:
			for i := range v.NumField() {
				fill(v.Field(i), s+fmt.Sprint(i))
			}
		case reflect.Pointer:
			v.Set(reflect.New(v.Type().Elem()))
			fill(v.Elem(), s)
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 2, 2))
			fill(v.Index(0), s)
			fill(v.Index(1), "second "+s)
		default:
			t.Fatalf("NewsArticle has a %s field: teach appendJSON and this test", v.Kind())
		}
	}
	articles := []*NewsArticle{{}, {Author: []Person{}, Keywords: []string{}}}
	for _, s := range strs {
		a := new(NewsArticle)
		fill(reflect.ValueOf(a).Elem(), s)
		articles = append(articles, a)
	}
	for _, a := range articles {
		want, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.appendJSON(nil); !bytes.Equal(got, want) {
			t.Errorf("appendJSON:\n%s", firstDiff(got, want))
		}
	}
}
