package parallel

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
)

func TestFor(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			seen := make([]atomic.Int32, n)
			err := For(n, func(i int) error {
				seen[i].Add(1)
				if i%3 == 2 {
					return fmt.Errorf("index %d", i)
				}
				return nil
			})
			for i := range seen {
				if got := seen[i].Load(); got != 1 {
					t.Errorf("index %d ran %d times, want 1", i, got)
				}
			}
			var want error
			if n > 2 {
				want = errors.New("index 2")
			}
			if fmt.Sprint(err) != fmt.Sprint(want) {
				t.Errorf("err = %v, want %v (the lowest index's)", err, want)
			}
		})
	}
}
