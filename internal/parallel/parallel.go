// Package parallel runs the iterations of a loop on all cores.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// For runs f(0) … f(n-1) on all cores, each index once, and returns the
// error of the lowest index that failed, so that which error is reported
// never depends on timing. Every index runs, even after a failure.
func For(n int, f func(i int) error) error {
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				errs[i] = f(i)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
