package bench_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"digest/bench/corpus"
	"digest/internal/content"
	"digest/internal/publish"
	"digest/internal/render"
	"digest/internal/site"
	"digest/internal/story"
	"digest/templates"
)

// sizes are the corpus sizes every stage is measured at; -short keeps the
// small one only.
func sizes() []int {
	if testing.Short() {
		return []int{1000}
	}
	return []int{1000, 10000}
}

// format is the stage benchmarks' corpus: Markdown stories and raw-text
// bundles, as a digest site mixes them.
const format = corpus.Both

// A fixture is a generated site taken through the pipeline once, so that
// each stage's benchmark starts from what the previous stage gave.
type fixture struct {
	dir    string
	cfg    site.Config
	read   []story.Story // as content.Read gives them
	tagged []story.Story // after FindTags
	labels [][]site.Label
	linked []story.Story // after Link
	site   *site.Site
	theme  *render.Theme
	files  []file // the rendered output
}

type file struct {
	name string
	data []byte
}

var (
	fixtures   = map[int]*fixture{}
	fixturesMu sync.Mutex
	scratch    string // holds the generated sites; removed by TestMain
)

func TestMain(m *testing.M) {
	code := m.Run()
	if scratch != "" {
		os.RemoveAll(scratch)
	}
	os.Exit(code)
}

// siteDir writes an n-story site of the given format once per process.
func siteDir(b *testing.B, n int, f corpus.Format) string {
	if scratch == "" {
		d, err := os.MkdirTemp("", "digest-bench-")
		if err != nil {
			b.Fatal(err)
		}
		scratch = d
	}
	dir := filepath.Join(scratch, fmt.Sprintf("%s-%d", f, n))
	if _, err := os.Stat(filepath.Join(dir, "digest.yaml")); err == nil {
		return dir
	}
	if err := corpus.Write(dir, n, corpus.Options{Seed: 1, Format: f}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// load returns the fixture of an n-story site, building it on first use.
// Its slices must not be changed: benchmarks that change stories clone them.
func load(b *testing.B, n int) *fixture {
	fixturesMu.Lock()
	defer fixturesMu.Unlock()
	if fx := fixtures[n]; fx != nil {
		return fx
	}
	fx := &fixture{dir: siteDir(b, n, format)}
	src := os.DirFS(fx.dir)
	var err error
	if fx.cfg, err = site.LoadConfig(src); err != nil {
		b.Fatal(err)
	}
	if fx.read, _, err = content.Read(src, "content", content.Options{Location: fx.cfg.Location}); err != nil {
		b.Fatal(err)
	}
	fx.tagged = slices.Clone(fx.read)
	fx.labels = site.FindTags(&fx.cfg, fx.tagged, nil)
	fx.linked = slices.Clone(fx.tagged)
	story.Link(fx.linked, nil)
	fx.site, _ = site.Assemble(fx.cfg, slices.Clone(fx.linked), fx.labels)
	overrides, err := fs.Sub(src, "templates")
	if err != nil {
		b.Fatal(err)
	}
	if fx.theme, err = render.LoadTheme(templates.FS, overrides, fx.cfg.Root()); err != nil {
		b.Fatal(err)
	}
	var mu sync.Mutex
	err = render.Site(fx.site, fx.theme, func(name string, data []byte) error {
		mu.Lock()
		fx.files = append(fx.files, file{name, bytes.Clone(data)})
		mu.Unlock()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Render writes from many goroutines; the order publish sees should not
	// vary between runs.
	slices.SortFunc(fx.files, func(a, b file) int {
		if a.name < b.name {
			return -1
		}
		return 1
	})
	fixtures[n] = fx
	return fx
}

// each runs bench as a sub-benchmark per corpus size, reporting stories/s.
func each(b *testing.B, bench func(b *testing.B, n int) int) {
	for _, n := range sizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			count := bench(b, n)
			b.ReportMetric(float64(count)*float64(b.N)/b.Elapsed().Seconds(), "stories/s")
		})
	}
}

// BenchmarkRead measures content.Read: walking content/, reading every
// file and parsing front matter, Markdown blocks and raw-text bundles. The
// formats are measured apart too: raw text goes through the story parser.
func BenchmarkRead(b *testing.B) {
	for _, f := range []corpus.Format{corpus.Markdown, corpus.Text, corpus.Both} {
		for _, n := range sizes() {
			b.Run(fmt.Sprintf("%s/n=%d", f, n), func(b *testing.B) {
				src := os.DirFS(siteDir(b, n, f))
				var count int
				for b.Loop() {
					stories, _, err := content.Read(src, "content", content.Options{})
					if err != nil {
						b.Fatal(err)
					}
					count = len(stories)
				}
				b.ReportMetric(float64(count)*float64(b.N)/b.Elapsed().Seconds(), "stories/s")
			})
		}
	}
}

// BenchmarkTag measures site.FindTags: entity finding and topic extraction.
func BenchmarkTag(b *testing.B) {
	each(b, func(b *testing.B, n int) int {
		fx := load(b, n)
		for b.Loop() {
			b.StopTimer()
			stories := slices.Clone(fx.read)
			b.StartTimer()
			site.FindTags(&fx.cfg, stories, nil)
		}
		return len(fx.read)
	})
}

// BenchmarkLink measures story.Link: retellings and related stories.
func BenchmarkLink(b *testing.B) {
	each(b, func(b *testing.B, n int) int {
		fx := load(b, n)
		for b.Loop() {
			b.StopTimer()
			stories := slices.Clone(fx.tagged)
			b.StartTimer()
			story.Link(stories, nil)
		}
		return len(fx.tagged)
	})
}

// BenchmarkAssemble measures site.Assemble: slugs, tags, days, pages.
func BenchmarkAssemble(b *testing.B) {
	each(b, func(b *testing.B, n int) int {
		fx := load(b, n)
		for b.Loop() {
			b.StopTimer()
			stories := slices.Clone(fx.linked)
			b.StartTimer()
			site.Assemble(fx.cfg, stories, fx.labels)
		}
		return len(fx.linked)
	})
}

// BenchmarkRender measures render.Site into memory: the write function
// drops the bytes, so no disk time is counted.
func BenchmarkRender(b *testing.B) {
	each(b, func(b *testing.B, n int) int {
		fx := load(b, n)
		discard := func(string, []byte) error { return nil }
		for b.Loop() {
			if err := render.Site(fx.site, fx.theme, discard); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(fx.files)), "files")
		return len(fx.site.Stories)
	})
}

// BenchmarkWrite measures publishing the rendered files of a site to a
// fresh output folder, as a full build does: staging, writing from several
// goroutines as render does, and the swap at Commit.
func BenchmarkWrite(b *testing.B) {
	each(b, func(b *testing.B, n int) int {
		fx := load(b, n)
		out := filepath.Join(b.TempDir(), "public")
		workers := max(2, min(8, len(fx.files)))
		for b.Loop() {
			b.StopTimer()
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			st, err := publish.Begin(out, publish.Options{Full: true})
			if err != nil {
				b.Fatal(err)
			}
			var wg sync.WaitGroup
			for w := range workers {
				wg.Go(func() {
					for i := w; i < len(fx.files); i += workers {
						if err := st.WriteFile(fx.files[i].name, fx.files[i].data); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			if _, err := st.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(fx.files)), "files")
		return len(fx.linked)
	})
}
