package site

import (
	"testing"

	"github.com/gosimple/slug"
)

var slugCases = []string{
	"",
	"  Iran’s “supreme” leader — in Tehran…  ",
	"AT&T @ 5pm: 100% sure?!",
	"__Under_score__ --dash-- ",
	"Ünïcödé Straße, Łódź, 東京, Москва",
	"\u00a0non-breaking\u00a0",
	"\xff\xfe invalid utf-8 \xc3",
	"ＡＢＣ＆ｄ full width",
	"emoji 🎉 party",
	"K\u212a kelvin",
	"-_-_-",
}

func TestSlugOf(t *testing.T) {
	for _, s := range slugCases {
		if got, want := slugOf(s), slug.Make(s); got != want {
			t.Errorf("slugOf(%q) = %q, want %q (slug.Make)", s, got, want)
		}
	}
}

// FuzzSlug holds slugOf to slug.Make, which it replaces for speed.
func FuzzSlug(f *testing.F) {
	for _, s := range slugCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := slugOf(s), slug.Make(s); got != want {
			t.Fatalf("slugOf(%q) = %q, want %q (slug.Make)", s, got, want)
		}
	})
}

func BenchmarkSlug(b *testing.B) {
	for _, impl := range []struct {
		name string
		f    func(string) string
	}{{"slugOf", slugOf}, {"slug.Make", slug.Make}} {
		b.Run(impl.name, func(b *testing.B) {
			for b.Loop() {
				for _, s := range slugCases {
					impl.f(s)
				}
			}
		})
	}
}
