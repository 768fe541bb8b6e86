package render

import (
	"testing"
	"time"
)

// TestDateStrings holds dateString and isoDate to the layouts they stand
// for, on every day of some years and in and out of the years they
// format by hand.
func TestDateStrings(t *testing.T) {
	tehran, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		tehran = time.FixedZone("IRST", 3*3600+1800)
	}
	var times []time.Time
	for _, y := range []int{-1, 0, 7, 999, 1000, 1999, 2024, 2025, 9999, 10000, 12345} {
		times = append(times, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 23, 59, 59, 0, tehran))
	}
	for d := range 3 * 366 {
		times = append(times, time.Date(2023, 1, 1, 22, 30, 0, 0, tehran).AddDate(0, 0, d))
	}
	for _, tm := range times {
		if got, want := dateString(tm, false), tm.Format("2 January 2006"); got != want {
			t.Errorf("dateString(%v) = %q, want %q", tm, got, want)
		}
		if got, want := dateString(tm, true), tm.Format("Monday 2 January 2006"); got != want {
			t.Errorf("dateString(%v, weekday) = %q, want %q", tm, got, want)
		}
		if got, want := isoDate(tm), tm.Format("2006-01-02"); got != want {
			t.Errorf("isoDate(%v) = %q, want %q", tm, got, want)
		}
	}
}

// TestAppenders holds each appender to the function it stands for.
func TestAppenders(t *testing.T) {
	times := []time.Time{{}, time.Date(2025, 1, 28, 9, 5, 0, 0, time.UTC), time.Date(12, 3, 4, 5, 6, 7, 8, time.FixedZone("x", -3600)), time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, root := range []string{"/", "/news/", ""} {
		fm := funcs(root)
		for name, app := range appenders(root) {
			var got, want []string
			switch f := app.(type) {
			case func([]byte, string) []byte:
				for _, s := range []string{"", "a/b.html", "tags/x y.html", "é\x00"} {
					got = append(got, string(f([]byte("prefix"), s)))
					want = append(want, "prefix"+fm[name].(func(string) string)(s))
				}
			case func([]byte, time.Time) []byte:
				for _, tm := range times {
					got = append(got, string(f([]byte("prefix"), tm)))
					want = append(want, "prefix"+fm[name].(func(time.Time) string)(tm))
				}
			default:
				t.Fatalf("appender %s is a %T", name, app)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("root %q: appender %s = %q, want %q", root, name, got[i], want[i])
				}
			}
		}
	}
}
