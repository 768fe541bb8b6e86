package main

import (
	"runtime"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// growHeap maps n bytes more of heap in one go, asks the kernel to back
// them with huge pages (2 MiB), and frees them for the build to allocate
// from. It does so once a process.
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
// the advice goes to one large mapping made up front: a []byte as large
// as the build's memory budget, never touched (memory fresh from the
// kernel is not cleared by the runtime, nor resident until written),
// then collected at once, while the heap is still small. Only what the
// build then writes becomes resident.
func growHeap(n int) { growOnce.Do(func() { adviseHuge(n) }) }

var growOnce sync.Once

// adviseHuge is growHeap's work. It returns the addresses advised,
// [lo, hi), for tests.
func adviseHuge(n int) (lo, hi uintptr) {
	const huge = 2 << 20
	b := make([]byte, n)
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo, hi = (p+huge-1)&^(huge-1), (p+uintptr(n))&^(huge-1)
	if hi > lo {
		// Advice only: where it is refused, pages are what they were.
		_ = unix.Madvise(b[lo-p:hi-p], unix.MADV_HUGEPAGE)
	}
	runtime.KeepAlive(b)
	runtime.GC()
	return lo, hi
}
