package render

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

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
		newVersions(s, nil)
	}
}
