package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"syscall"
	"time"

	"digest/internal/content"
	"digest/internal/entity"
	"digest/internal/memo"
	"digest/internal/publish"
	"digest/internal/render"
	"digest/internal/site"
	"digest/internal/story"
	"digest/internal/topic"
	"digest/templates"
)

// buildOptions are the settings of one build.
type buildOptions struct {
	Src     string // the site folder: digest.yaml, content/, templates/
	Out     string // the output folder
	BaseURL string // overrides the config's base_url when set
	Drafts  bool
	Future  bool
	Full    bool
	Now     time.Time // stories dated after it are left out unless Future
	Timings bool      // print how long each stage took
}

func runBuild(args []string, stdout, stderr io.Writer) error {
	flags := newFlagSet("build", "build [-src DIR] [-out DIR] [-base-url URL] [-drafts] [-future] [-full]", stderr)
	var o buildOptions
	flags.StringVar(&o.Src, "src", ".", "the site `folder`, holding digest.yaml, content/ and templates/")
	flags.StringVar(&o.Out, "out", "", "the output `folder` (default: public/ in the site folder)")
	flags.StringVar(&o.BaseURL, "base-url", "", "the absolute `URL` the site is published at (overrides base_url)")
	flags.BoolVar(&o.Drafts, "drafts", false, "include stories marked draft")
	flags.BoolVar(&o.Future, "future", false, "include stories dated in the future")
	flags.BoolVar(&o.Full, "full", false, "rebuild everything, ignoring the build cache (files whose bytes did not change still keep their modification time)")
	flags.BoolVar(&o.Timings, "timings", false, "print how long each stage of the build took")
	cpuprofile := flags.String("cpuprofile", "", "write a CPU profile to `file`")
	memprofile := flags.String("memprofile", "", "write a heap profile to `file` after the build")
	traceFile := flags.String("trace", "", "write an execution trace to `file` (go tool trace reads it)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "digest build: unexpected argument %q\n", flags.Arg(0))
		flags.Usage()
		return errUsage
	}
	if o.Out == "" {
		o.Out = filepath.Join(o.Src, "public")
	}
	o.Now = time.Now()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := trace.Start(f); err != nil {
			return err
		}
		defer trace.Stop()
	}
	start := time.Now()
	res, err := build(o, stderr)
	if err == nil && res.unchanged {
		fmt.Fprintf(stdout, "nothing changed since the last build of %s (%v)\n", o.Out, time.Since(start).Round(time.Millisecond))
		return nil
	}
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %d stories, %d tags, %d files (%d unchanged) into %s in %v\n",
		res.stories, res.tags, res.stats.Written+res.stats.Unchanged, res.stats.Unchanged, o.Out, time.Since(start).Round(time.Millisecond))
	return nil
}

// buildResult is what a build tells of itself. It holds nothing of the
// site: the stories point into memory unmapped when build returns.
type buildResult struct {
	unchanged     bool // nothing changed since the last build: nothing done
	stories, tags int
	stats         publish.Stats
}

// build is the whole pipeline: read → parse → tag → assemble → render →
// write. Only the last step touches the output folder, and it replaces the
// previous output in one step, or not at all.
func build(o buildOptions, stderr io.Writer) (buildResult, error) {
	var res buildResult
	lap := stopwatch(o.Timings, stderr)
	// Nothing changed since the build now in the output: stop here.
	in, err := inputsFingerprint(o)
	if err != nil {
		return res, err
	}
	fp, inputBytes := in.fingerprint, in.size
	if !o.Full && publish.Current(o.Out, fp, o.Now) {
		lap("nothing changed")
		res.unchanged = true
		return res, nil
	}
	// The build's heap, up to its budget, mapped up front and advised for
	// huge pages: a tenth as many page faults (see growHeap).
	growHeap(int(max(minBudget, 5*inputBytes)))
	go site.WarmSlugs()
	src := content.Dir(o.Src, in.listed)
	cfg, err := site.LoadConfig(src)
	if err != nil {
		return res, err
	}
	if o.BaseURL != "" {
		if err := cfg.SetBaseURL(o.BaseURL); err != nil {
			return res, err
		}
	}
	// While the stories are read, nearly all that is allocated stays: the
	// collector lets the heap grow to five times the live data, within a
	// budget from the files' size, rather than collecting at every
	// doubling from a few megabytes (eight collections at 10,000
	// stories, seventeen at 100,000). GOGC and GOMEMLIMIT override it.
	tune := os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == ""
	if tune {
		defer debug.SetGCPercent(debug.SetGCPercent(400))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(max(minBudget, 5*inputBytes)))
	}
	self, err := executableHash()
	if err != nil {
		return res, err
	}
	// Per-file and per-story results of the last build, by the hash of
	// their input: unchanged files are not read again, unchanged stories
	// not analysed again. A full build neither reads nor writes them.
	//
	// The memos are mapped, not read. The results most tables hand out
	// are decoded into values of their own, so the table is unmapped once
	// saved. The stories, though, point into the sources memo: it stays
	// mapped until the build returns (held), which spares copying every
	// story file's bytes into fresh heap pages, an edit build at 10,000
	// stories 0.70 s against 0.74 s (bench/ab.sh --edit).
	//
	// A stage that fails leaves its memo as it was: a build of a missing
	// or unreadable site creates nothing beside the output.
	var held []func()
	defer func() {
		for _, unmap := range held {
			unmap()
		}
	}()
	//
	// remember runs use with the memo name, decoded with room for n
	// results, and saves it; the memo is unmapped once saved, or, when
	// hold, once the build returns.
	remember := func(name string, n int, hold bool, use func(*memo.Table) error) error {
		if o.Full {
			return use(nil)
		}
		data, unmap := publish.MapMemo(o.Out, name)
		if hold {
			held = append(held, unmap)
		} else {
			defer unmap()
		}
		t := memo.Decode(data, self, n)
		if err := use(t); err != nil {
			return err
		}
		return publish.SaveMemo(o.Out, name, t)
	}
	var stories []story.Story
	var warns []content.Warning
	stamps := in.stamps()
	read := func(t *memo.Table) error {
		opts := content.Options{Location: cfg.Location, Drafts: o.Drafts}
		if t != nil {
			opts.Sources = &content.Sources{Stamps: stamps, Memo: t}
		}
		stories, warns, err = content.Read(src, "content", opts)
		return err
	}
	if stamps == nil {
		err = read(nil) // stamps that vouch for nothing: the memo stays as it was
	} else {
		err = remember("sources", len(stamps), true, read) // the stories point into it
	}
	for _, w := range warns {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if err != nil {
		return res, err
	}
	// From here the garbage collector works at its usual pace (twice the
	// live data) until the heap nears a budget in proportion to the text
	// read; only then does it collect harder. Where the budget is its
	// floor, the heap needs a fraction of it, and the collector waits
	// for three times the live data: fewer collections, for an edit
	// build at 10,000 stories 0.72 s against 0.76 s in the same peak
	// (bench/ab.sh --edit). A site whose heap nears its budget only
	// collects harder so: edits at 100,000 stories took 8.7 s against
	// 7.9 s.
	if tune {
		budget := memoryBudget(stories)
		if budget == minBudget {
			debug.SetGCPercent(200)
		} else {
			debug.SetGCPercent(100)
		}
		if !o.Full {
			// The memos are mapped, outside the heap the limit counts
			// (see remember): the heap gets what they leave.
			budget = max(minBudget, budget-publish.MemoSize(o.Out, "entities", "topics", "fingerprints", "links", "related", "pages", "search"))
		}
		debug.SetMemoryLimit(budget)
	}
	var due time.Time // when the first story left out as future is due
	if !o.Future {
		stories, due = leaveOutFuture(stories, o.Now, stderr)
	}
	lap("read and parse")
	// Tagging and linking retellings read the stories' text and write
	// fields of their own (Entities; DuplicateOf and Related): run side
	// by side, each fills the other's idle core (linking an edited site
	// is mostly sequential).
	var labels [][]site.Label
	var tagErr error
	var tagging sync.WaitGroup
	tagging.Go(func() {
		if !cfg.TaggingOn() {
			// Nothing to remember. A memo left by a build with tagging on
			// stays for when it is on again.
			labels = site.FindTags(&cfg, stories, nil)
			return
		}
		// Topics come from sums over all stories, remembered beside each
		// story's share of them (see topic.Memo).
		tagErr = remember("entities", len(stories), false, func(ents *memo.Table) error {
			return remember("topics", len(stories), false, func(shares *memo.Table) error {
				if shares == nil {
					labels = site.FindTags(&cfg, stories, nil)
					return nil
				}
				// The sums Unify and topics read, with the tags and
				// topics of every story, are a file each, written
				// whole.
				unified, unmap := publish.MapMemo(o.Out, "unified")
				defer unmap()
				stats, unmapStats := publish.MapMemo(o.Out, "topicstats")
				defer unmapStats()
				mem := &site.TagMemo{
					Entities: ents,
					Topics:   &topic.Memo{Stories: shares, Stats: stats, Version: self},
					Unified:  &entity.UnifyMemo{Stats: unified, Version: self},
				}
				labels = site.FindTags(&cfg, stories, mem)
				if err := publish.WriteMemo(o.Out, "unified", mem.Unified.Stats); err != nil {
					return err
				}
				return publish.WriteMemo(o.Out, "topicstats", mem.Topics.Stats)
			})
		})
	})
	// What Link found last time is remembered beside the fingerprints it
	// found it from.
	var linkErr error
	err = remember("fingerprints", len(stories), false, func(fps *memo.Table) error {
		linkErr = remember("links", len(stories), false, func(t *memo.Table) error { story.LinkAgain(stories, fps, t); return nil })
		return nil
	})
	tagging.Wait()
	for _, err := range []error{err, linkErr, tagErr} {
		if err != nil {
			return res, err
		}
	}
	// Pages show tags, not the raw entities behind them (digest parse
	// does): dropping them frees a fifth of the live heap while rendering.
	for i := range stories {
		stories[i].Entities = nil
	}
	lap("tag and link")
	// The related stories, found from the tags, are remembered whole:
	// an edit that changes no tag leaves them as they were.
	var s *site.Site
	var notes []string
	if err := remember("related", len(stories), false, func(t *memo.Table) error {
		s, notes = site.AssembleMemo(cfg, stories, labels, t)
		return nil
	}); err != nil {
		return res, err
	}
	for _, n := range notes {
		fmt.Fprintln(stderr, "warning:", n)
	}
	lap("assemble")

	overrides, err := fs.Sub(src, "templates")
	if err != nil {
		return res, err
	}
	theme, err := render.LoadTheme(templates.FS, overrides, cfg.Root())
	if err != nil {
		return res, err
	}
	stage, err := publish.Begin(o.Out, publish.Options{Src: o.Src})
	if err != nil {
		return res, err
	}
	// The last build's page records: a page whose inputs did not change
	// keeps its file. The search index remembers the terms of each run of
	// stories. A full build renders every page and indexes every story.
	//
	// A build that finds no memos fills them, so that the edit after it is
	// already quick: at 10,000 stories filling them costs about what
	// -full does (see README, "Speed").
	var pages *render.Memo
	if !o.Full {
		data, unmap := publish.MapMemo(o.Out, "pages")
		defer unmap()
		search, unmapSearch := publish.MapMemo(o.Out, "search")
		defer unmapSearch()
		pages = render.NewMemo(data, self, stage.Keep)
		pages.Search = memo.Decode(search, self, len(stories))
	}
	if err := render.SiteMemo(s, theme, stage.WriteFile, pages); err != nil {
		stage.Abort()
		return res, err
	}
	if pages != nil {
		err := publish.SaveMemo(o.Out, "search", pages.Search)
		if err == nil {
			err = publish.WriteMemo(o.Out, "pages", pages.Encode())
		}
		if err != nil {
			stage.Abort()
			return res, err
		}
		if o.Timings {
			n, k := pages.Counts()
			fmt.Fprintf(stderr, "pages: %d rendered and traced, %d kept\n", n, k)
		}
	}
	lap("render and write")
	if in.racy {
		fp = "" // no note: the next build runs
	}
	stage.Record(fp, due)
	stats, err := stage.Commit()
	if err != nil {
		return res, err
	}
	lap("publish")
	return buildResult{stories: len(s.Stories), tags: len(s.Tags), stats: stats}, nil
}

// memoryBudget is the heap size at which a build of stories starts to
// collect garbage harder: five times the text read, and at least 320 MiB.
// At 10,000 stories this halved the collector's work against a fixed
// GOGC of 35, for the same peak (about 320 MB). At 100,000 stories five
// times rather than four cut the bytes the collector marked by a quarter
// (GODEBUG=gctrace=1: 10.3 GB to 7.6 GB) and user CPU by 6%, for a peak
// RSS of 2.2 GB, not 1.84.
func memoryBudget(stories []story.Story) int64 {
	var n int64
	for i := range stories {
		t := 0
		for _, b := range stories[i].Blocks {
			t += len(b.Text)
		}
		// A Markdown story's blocks are its text again, in plain.
		n += int64(max(t, len(stories[i].Markdown)))
	}
	return max(minBudget, 5*n)
}

// minBudget is the least memory budget of a build: 320 MiB.
const minBudget = 320 << 20

// stopwatch returns a function that prints the time since its last call,
// when on, the CPU time the process used meanwhile, and the part of it the
// garbage collector used: a stage whose CPU time is not near twice its
// wall time on two cores leaves one idle.
func stopwatch(on bool, w io.Writer) func(stage string) {
	last, lastCPU, lastGC := time.Now(), cpuTime(), gcTime()
	return func(stage string) {
		if on {
			now, cpu, gc := time.Now(), cpuTime(), gcTime()
			fmt.Fprintf(w, "%-18s %8v  cpu %-8v  gc %v\n", stage, now.Sub(last).Round(time.Millisecond),
				(cpu - lastCPU).Round(time.Millisecond), (gc - lastGC).Round(time.Millisecond))
			last, lastCPU, lastGC = now, cpu, gc
		}
	}
}

// gcTime is the CPU time the garbage collector has used, as the runtime
// estimates it (its figures move at the end of each collection).
func gcTime() time.Duration {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64 {
		return 0
	}
	return time.Duration(s[0].Value.Float64() * float64(time.Second))
}

// cpuTime is the user and system time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// leaveOutFuture drops stories dated after now: a newsroom schedules them.
// It returns the stories kept and the date of the first one left out.
func leaveOutFuture(stories []story.Story, now time.Time, stderr io.Writer) ([]story.Story, time.Time) {
	var due time.Time
	kept := stories[:0]
	for _, s := range stories {
		if s.Date.After(now) {
			if due.IsZero() || s.Date.Before(due) {
				due = s.Date
			}
			fmt.Fprintf(stderr, "warning: %s:%d: dated %s, in the future; left out (build with -future to include it)\n", s.File, s.FirstLine, s.Date.Format(time.RFC3339))
			continue
		}
		kept = append(kept, s)
	}
	return kept, due
}
