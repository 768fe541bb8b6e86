package main

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// growHeap maps about n bytes more of heap, asks the kernel to back them
// with huge pages (2 MiB), and frees them for the build to allocate from.
// It does so once a process.
//
// A build allocates nearly all of its heap afresh, and each 4 KiB page
// of it costs a page fault when first touched: 57,000-72,000 faults an
// edit build at 10,000 stories, about a third of its system time. Linux
// gives huge pages only to memory madvised for them unless told
// otherwise (transparent_hugepage "madvise", the common default), and
// the Go runtime no longer madvises its heap. Backed by huge pages, an
// edit build there takes 7,000 faults.
//
// The runtime maps heap as it grows, each mapping without the advice, so
// the advice goes to mappings made up front: byte slices, never touched
// (memory fresh from the kernel is neither cleared by the runtime nor
// resident until written), collected at once while the heap is still
// small. Only what the build then writes becomes resident.
func growHeap(n int) { growOnce.Do(func() { adviseHuge(n) }) }

var growOnce sync.Once

// adviseHuge is growHeap's work. It returns the address ranges advised,
// for tests.
//
// It allocates in pieces of the runtime's unit of heap growth (4 MiB):
// a piece that lands in memory the heap has used and freed is cleared by
// the runtime, and one large slice would be cleared whole if any page of
// it had been used.
func adviseHuge(n int) (advised [][2]uintptr) {
	const piece, huge = 4 << 20, 2 << 20
	pieces := make([][]byte, 0, n/piece+1)
	spans := make([][2]uintptr, 0, cap(pieces))
	for range n/piece + 1 {
		b := make([]byte, piece)
		pieces = append(pieces, b)
		p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		spans = append(spans, [2]uintptr{p, p + piece})
	}
	// Neighbouring pieces make one range, which madvise takes in whole
	// huge pages.
	slices.SortFunc(spans, func(a, b [2]uintptr) int { return cmp.Compare(a[0], b[0]) })
	for _, s := range spans {
		if k := len(advised); k > 0 && advised[k-1][1] == s[0] {
			advised[k-1][1] = s[1]
		} else {
			advised = append(advised, s)
		}
	}
	kept := advised[:0]
	for _, r := range advised {
		lo, hi := (r[0]+huge-1)&^(huge-1), r[1]&^(huge-1)
		if hi <= lo {
			continue
		}
		// Advice only: where it is refused, pages are what they were.
		// The pieces, alive until after, hold the range.
		unix.Syscall(unix.SYS_MADVISE, lo, hi-lo, unix.MADV_HUGEPAGE)
		kept = append(kept, [2]uintptr{lo, hi})
	}
	runtime.KeepAlive(pieces)
	runtime.GC()
	return kept
}
