// Command filecost measures what this machine's kernel and disk charge for
// the files a build writes, without digest: it creates, in a new folder,
// as many files of the given size as a site of that many stories has, from
// one or two goroutines, then links each into a second folder (what a
// rebuild does for unchanged pages), and prints the time per file.
//
//	go run ./bench/filecost [-files 27333] [-size 16384] [-workers 2] [-dir DIR]
//
// A fresh digest build can be no faster than the "create" line: at 10,000
// stories it writes 27,333 files. The folder is deleted afterwards.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"
)

func main() {
	files := flag.Int("files", 27333, "number of files (a 10,000-story site has 27,333)")
	size := flag.Int("size", 16<<10, "bytes per file (a 10,000-story site averages about 16 KiB)")
	workers := flag.Int("workers", 2, "goroutines writing at once")
	dir := flag.String("dir", os.TempDir(), "where to make the scratch folder (put it on the disk the site is built on)")
	flag.Parse()
	root, err := os.MkdirTemp(*dir, "filecost-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "filecost:", err)
		os.Exit(1)
	}
	defer os.RemoveAll(root)
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "filecost:", err)
			os.Exit(1)
		}
	}
	data := make([]byte, *size)
	name := func(d string, i int) string { return filepath.Join(d, fmt.Sprintf("page-%06d.html", i)) }
	step := func(what string, do func(i int) error) {
		start, sys := time.Now(), sysTime()
		var wg sync.WaitGroup
		errs := make(chan error, *workers)
		for w := range *workers {
			wg.Go(func() {
				for i := w; i < *files; i += *workers {
					if err := do(i); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			fmt.Fprintln(os.Stderr, "filecost:", err)
			os.Exit(1)
		}
		wall, s := time.Since(start), sysTime()-sys
		fmt.Printf("%-7s %6d files: wall %8v (%5.1f µs/file), system CPU %8v (%5.1f µs/file)\n", what, *files,
			wall.Round(time.Millisecond), float64(wall.Microseconds())/float64(*files),
			s.Round(time.Millisecond), float64(s.Microseconds())/float64(*files))
	}
	step("create", func(i int) error { return os.WriteFile(name(a, i), data, 0o644) })
	step("link", func(i int) error { return os.Link(name(a, i), name(b, i)) })
}

// sysTime is the system CPU time the process has used.
func sysTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Stime.Nano())
}
