package render

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zeebo/xxh3"

	"digest/internal/memo"
	"digest/internal/site"
	"digest/internal/story"
	"digest/templates"
)

// benchSite assembles n synthetic raw-text stories with tags drawn from a
// pool, so that the renderer's cost can be measured alone.
func benchSite(b *testing.B, n int) *site.Site {
	b.Helper()
	cfg := site.DefaultConfig()
	t0 := time.Date(2024, 1, 1, 6, 0, 0, 0, time.UTC)
	stories := make([]story.Story, n)
	labels := make([][]site.Label, n)
	para := strings.Repeat("The council said the harbour bridge would reopen after repairs to the deck and piers. ", 4)
	for i := range stories {
		s := story.Story{File: fmt.Sprintf("s%d.txt", i), FirstLine: 1, LastLine: 12, Title: fmt.Sprintf("Story number %d about the harbour", i), Date: t0.Add(time.Duration(i*53) * time.Minute), DuplicateOf: -1}
		for j := range 10 {
			kind := story.Paragraph
			if j == 0 {
				kind = story.Lead
			}
			s.Blocks = append(s.Blocks, story.Block{Kind: kind, FirstLine: j + 2, LastLine: j + 2, Text: para})
		}
		s.Blocks[5] = story.Block{Kind: story.Quote, Text: `"We will be ready," said Mira Holt.`, Speaker: "Mira Holt"}
		s.Lead, s.Summary = para, para
		stories[i] = s
		for k := range 6 {
			labels[i] = append(labels[i], site.Label{Name: fmt.Sprintf("Tag %d", (i*7+k*k*13)%(n/4+1)), Kind: []string{"person", "place", "organization", "topic"}[k%4]})
		}
	}
	s, _ := site.Assemble(cfg, stories, labels)
	return s
}

func BenchmarkSite(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			s := benchSite(b, n)
			th, err := LoadTheme(templates.FS, nil, "/")
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for b.Loop() {
				var bytes, files atomic.Int64 // written from many goroutines
				err := Site(s, th, func(name string, data []byte) error {
					files.Add(1)
					bytes.Add(int64(len(data)))
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(files.Load()), "files")
				b.ReportMetric(float64(bytes.Load())/1e6, "MB")
			}
		})
	}
}

// BenchmarkVersions measures what an incremental build adds before its
// pages: the versions of every object of a site of 10,000 stories.
func BenchmarkVersions(b *testing.B) {
	s := benchSite(b, 10000)
	for b.Loop() {
		newVersions(s, nil, true)
	}
}

// BenchmarkEditBuild measures the render stage of an edit build of 10,000
// stories: one story edited since the last build, whose memo every other
// page is kept by. Each iteration assembles the site anew outside the
// timer, as a build does before rendering.
func BenchmarkEditBuild(b *testing.B) {
	n := 10000
	if v, err := strconv.Atoi(os.Getenv("DIGEST_BENCH_STORIES")); err == nil {
		n = v // smaller, for cachegrind
	}
	s := benchSite(b, n)
	th, err := LoadTheme(templates.FS, nil, "/")
	if err != nil {
		b.Fatal(err)
	}
	type file struct {
		sum  memo.Key
		size int
	}
	var mu sync.Mutex
	files := map[string]file{}
	write := func(name string, data []byte) error {
		mu.Lock()
		files[name] = file{xxh3.Hash128(data), len(data)}
		mu.Unlock()
		return nil
	}
	keep := func(name string, sum memo.Key, size int) bool {
		mu.Lock()
		defer mu.Unlock()
		f, ok := files[name]
		return ok && f.sum == sum && f.size == size
	}
	var old, search []byte
	edit := 0
	run := func() (rendered, kept int) {
		edit++
		st := s.Stories[n*4/10]
		st.Blocks[1].Text = fmt.Sprintf("Edited %d. %s", edit, st.Blocks[2].Text)
		for _, x := range s.Stories {
			x.Card, x.Ref, x.Body = "", "", ""
		}
		m := NewMemo(old, "bench", keep)
		m.Search = memo.Decode(search, "bench", len(s.Stories))
		if err := SiteMemo(s, th, write, m); err != nil {
			b.Fatal(err)
		}
		old, search = m.Encode(), m.Search.Encode()
		return m.Counts()
	}
	run()
	run()
	var cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		var rendered, kept int
		// Labelled, for -tagfocus=phase=edit: the profile holds the
		// first two builds too.
		start := cpuTime()
		pprof.Do(context.Background(), pprof.Labels("phase", "edit"), func(context.Context) { rendered, kept = run() })
		cpu += cpuTime() - start
		b.ReportMetric(float64(rendered), "rendered")
		b.ReportMetric(float64(kept), "kept")
	}
	b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N), "cpu-ms/op")
}

// cpuTime is the user and system time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
