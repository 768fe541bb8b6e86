//go:build !linux

package main

// growHeap does nothing where huge pages are not asked for (see
// heap_linux.go).
func growHeap(n int) {}
