package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zeebo/xxh3"
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

// BenchmarkKeep measures an edit build's publishing of a recycled stage
// in which every page is kept: names as long as a site's story pages.
func BenchmarkKeep(b *testing.B) {
	var names []string
	var data [][]byte
	for i := range 20000 {
		names = append(names, fmt.Sprintf("stories/%03d/the-council-said-the-harbour-bridge-would-reopen-after-repairs-%05d.html", i%20, i))
		data = append(data, fmt.Appendf(nil, "page %d", i))
	}
	out := filepath.Join(b.TempDir(), "a-folder-as-deep", "as-a-site-may-be", "public")
	publishAll(b, out, names, data, Options{})
	publishAll(b, out, names, data, Options{})
	sums := make([]xxh3.Uint128, len(names))
	for i := range names {
		sums[i] = xxh3.Hash128(data[i])
	}
	var cpu, sys time.Duration
	for b.Loop() {
		b.StopTimer()
		st, err := Begin(out, Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, sysStart := cpuTime(), sysTime()
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for i := w; i < len(names); i += 2 {
					if !st.Keep(names[i], sums[i], len(data[i])) {
						b.Errorf("%s not kept", names[i])
						return
					}
				}
			})
		}
		wg.Wait()
		cpu += cpuTime() - start
		sys += sysTime() - sysStart
		b.StopTimer()
		if _, err := st.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(cpu.Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(sys.Microseconds())/1e3/float64(b.N), "sys-ms/op")
}

// cpuTime is the user and system time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// sysTime is the system time the process has used.
func sysTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Stime.Nano())
}
