package main

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestAdviseHuge checks that the memory adviseHuge hands the heap is
// advised for huge pages ("hg" in the VmFlags of its mappings): without
// it, the heap an edit build touches costs a page fault every 4 KiB.
func TestAdviseHuge(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("this kernel has no transparent huge pages:", err)
	}
	ranges := adviseHuge(64 << 20)
	total := uintptr(0)
	for _, r := range ranges {
		total += r[1] - r[0]
	}
	if total < 32<<20 {
		t.Fatalf("adviseHuge(64 MiB) advised %x, %d MiB; want at least 32", ranges, total>>20)
	}
	// The advised mappings in address order, merged where they meet.
	var spans [][2]uint64
	for _, m := range readSmaps(t) {
		if !m.huge {
			continue
		}
		if n := len(spans); n > 0 && spans[n-1][1] == m.lo {
			spans[n-1][1] = m.hi
		} else {
			spans = append(spans, [2]uint64{m.lo, m.hi})
		}
	}
	for _, r := range ranges {
		if !slices.ContainsFunc(spans, func(s [2]uint64) bool { return s[0] <= uint64(r[0]) && uint64(r[1]) <= s[1] }) {
			t.Errorf("[%#x, %#x) is not within a mapping advised for huge pages; advised: %x", r[0], r[1], spans)
		}
	}
}

type mapping struct {
	lo, hi uint64
	huge   bool // VmFlags has hg
}

// readSmaps lists this process's mappings from /proc/self/smaps.
func readSmaps(t *testing.T) []mapping {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps:", err)
	}
	defer f.Close()
	var maps []mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok {
			if len(maps) > 0 {
				maps[len(maps)-1].huge = strings.Contains(flags+" ", " hg ")
			}
			continue
		}
		// A mapping's first line: "lo-hi perms offset dev inode [path]".
		r, _, _ := strings.Cut(line, " ")
		a, b, ok := strings.Cut(r, "-")
		if !ok {
			continue
		}
		l, err1 := strconv.ParseUint(a, 16, 64)
		h, err2 := strconv.ParseUint(b, 16, 64)
		if err1 == nil && err2 == nil {
			maps = append(maps, mapping{lo: l, hi: h})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return maps
}
