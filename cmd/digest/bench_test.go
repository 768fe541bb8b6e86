package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"digest/bench/corpus"
)

// BenchmarkBuild measures the whole build, read to publish, on generated
// sites of Markdown stories and raw-text bundles. Every build is full and
// into an empty output folder, so nothing is reused from the previous one.
func BenchmarkBuild(b *testing.B) {
	sizes := []int{1000, 10000}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			src := b.TempDir()
			if err := corpus.Write(src, n, corpus.Options{Seed: 1, Format: corpus.Both}); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(b.TempDir(), "public")
			o := buildOptions{Src: src, Out: out, Full: true, Now: time.Now()}
			var res buildResult
			for b.Loop() {
				b.StopTimer()
				if err := os.RemoveAll(out); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				var err error
				if res, err = build(o, io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.stories)*float64(b.N)/b.Elapsed().Seconds(), "stories/s")
			b.ReportMetric(float64(res.stats.Written), "files")
		})
	}
}

// BenchmarkInputsFingerprint measures the look at every input file that
// every build starts with, and that is all of a build with nothing changed.
func BenchmarkInputsFingerprint(b *testing.B) {
	src := b.TempDir()
	if err := corpus.Write(src, 10000, corpus.Options{Seed: 1, Format: corpus.Markdown}); err != nil {
		b.Fatal(err)
	}
	o := buildOptions{Src: src, Out: filepath.Join(src, "public")}
	for b.Loop() {
		if _, err := inputsFingerprint(o); err != nil {
			b.Fatal(err)
		}
	}
}
