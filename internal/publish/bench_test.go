package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// benchFiles is a 20,000-page site of ~8 KB pages in 200 folders.
func benchFiles() (names []string, data [][]byte) {
	for i := range 20000 {
		names = append(names, fmt.Sprintf("story/%03d/%05d/index.html", i%200, i))
		page := make([]byte, 8<<10)
		for j := range page {
			page[j] = byte('a' + (i+j)%26)
		}
		data = append(data, page)
	}
	return names, data
}

// publishAll writes the site with 8 goroutines, as a renderer would.
func publishAll(b *testing.B, out string, names []string, data [][]byte, opts Options) Stats {
	st, err := Begin(out, opts)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Abort()
	var wg sync.WaitGroup
	const workers = 8
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(names); i += workers {
				if err := st.WriteFile(names[i], data[i]); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	stats, err := st.Commit()
	if err != nil {
		b.Fatal(err)
	}
	return stats
}

func BenchmarkPublish(b *testing.B) {
	names, data := benchFiles()
	cases := []struct {
		name  string
		prev  bool // a previous output with the same pages exists
		full  bool
		check func(Stats) bool
	}{
		{"first", false, false, func(s Stats) bool { return s.Written == len(names) }},
		{"unchanged", true, false, func(s Stats) bool { return s.Unchanged == len(names) }},
		{"full", true, true, func(s Stats) bool { return s.Written == len(names) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			out := filepath.Join(b.TempDir(), "public")
			if c.prev {
				publishAll(b, out, names, data, Options{})
			}
			for b.Loop() {
				if !c.prev {
					b.StopTimer()
					if err := os.RemoveAll(out); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if s := publishAll(b, out, names, data, Options{Full: c.full}); !c.check(s) {
					b.Fatalf("stats %+v", s)
				}
			}
			b.ReportMetric(float64(len(names))*float64(b.N)/b.Elapsed().Seconds(), "files/s")
		})
	}
}
