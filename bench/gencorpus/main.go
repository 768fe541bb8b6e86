// Command gencorpus writes a synthetic news site for benchmarks:
//
//	go run ./bench/gencorpus -n 10000 -out /tmp/site [-seed 1] [-format md|txt|both]
//
// DIR gets a digest.yaml and content/: Markdown stories under
// content/stories/ and raw-text bundles under content/bundles/. The same
// -n, -seed and -format always give the same bytes. See package
// digest/bench/corpus.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"digest/bench/corpus"
)

func main() {
	n := flag.Int("n", 1000, "number of stories")
	out := flag.String("out", "", "the site `folder` to write (created if missing)")
	seed := flag.Uint64("seed", 1, "random seed: another seed, another corpus")
	format := flag.String("format", "md", "story files: md, txt or both")
	quiet := flag.Bool("q", false, "print nothing on success")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -n N -out DIR [-seed S] [-format md|txt|both] [-q]")
		os.Exit(2)
	}
	t := time.Now()
	if err := corpus.Write(*out, *n, corpus.Options{Seed: *seed, Format: corpus.Format(*format)}); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	if !*quiet {
		fmt.Fprintf(os.Stderr, "gencorpus: %d stories (%s, seed %d) in %s in %v\n", *n, *format, *seed, *out, time.Since(t).Round(time.Millisecond))
	}
}
