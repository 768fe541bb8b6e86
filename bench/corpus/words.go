package corpus

import (
	"math/rand/v2"
	"strings"
)

// vocab is the word model's lexicon. Most of it is made up from syllables,
// so the text resembles no real corpus and no real entity; a few hundred
// common English words keep sentences readable. It depends on nothing but
// the fixed seed below: every corpus speaks the same language.
type vocab struct {
	nouns, verbs, adjs      []string // made-up content words, the topic words
	commonNouns, commonVerb []string // real words the templates mix in
	// Inflected forms, worked out once: the generator's inner loop only
	// copies bytes.
	nounPl, commonPl, verbPast, commonPast []string
	given, surnames                        []string
	places                                 []string
}

var (
	onsets = []string{"b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "kr", "l", "m", "n", "p", "pl", "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z", "th", "sk", "qu"}
	vowels = []string{"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "ou", "io", "ei", "y"}
	codas  = []string{"", "", "", "", "n", "r", "l", "s", "m", "nd", "st", "rk", "lt", "x", "ng", "t"}

	nounEnds  = []string{"", "", "", "ment", "tion", "ity", "ance", "ery", "ism", "age", "ure"}
	verbEnds  = []string{"", "", "ate", "ize", "en", "ify"}
	adjEnds   = []string{"al", "ous", "ive", "ic", "ent", "ary", "ish", "able"}
	placeEnds = []string{"", "", "ia", "stan", "port", "holm", "ville", "ara", "grad", "mouth"}

	commonNouns = strings.Fields(`plan budget vote talks deal report inquiry strike
		election law bill court ruling price market tax rate fund loan project road
		bridge school hospital clinic harbour factory mine farm border treaty
		agreement protest rally statement decision proposal review audit contract
		tender licence permit programme scheme policy reform crisis shortage drought
		flood storm fire outbreak vaccine trial survey census poll campaign summit
		meeting session hearing appeal verdict sentence investigation probe raid
		shipment cargo pipeline railway airport port network grid plant reservoir
		canal tunnel station district province region capital village coast valley
		industry sector company union party coalition cabinet council board panel
		committee agency ministry official minister spokesperson analyst resident
		worker farmer teacher doctor nurse student driver pilot engineer lawyer judge`)
	commonVerbs = strings.Fields(`approve reject delay expand suspend review
		announce defend question extend cancel launch fund halt restore reopen
		challenge support oppose propose raise cut lift block back criticise welcome
		investigate finance revise sign ratify postpone complete replace tighten ease`)

	roles = []string{"minister", "spokesperson", "chief executive", "governor", "chair",
		"director", "mayor", "lawmaker", "senior analyst", "deputy head", "treasurer",
		"press officer", "general secretary", "founder", "lead negotiator"}
	orgHeads = []string{"Council", "Ministry", "Bank", "Agency", "Authority",
		"Commission", "Party", "Union", "Court", "Institute", "Company", "Group",
		"Federation", "Foundation", "Board"}
	days   = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	months = []string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"}
)

// vocabSeed fixes the lexicon; corpora differ by Options.Seed only in what
// they say with it.
const vocabSeed = 0x5eed_d16e57

func newVocab() *vocab {
	r := rand.New(rand.NewPCG(vocabSeed, 1))
	seen := map[string]bool{}
	for _, w := range commonNouns {
		seen[w] = true
	}
	for _, w := range commonVerbs {
		seen[w] = true
	}
	// fresh returns a made-up root of minSyl to maxSyl syllables, at least
	// four letters long, not given out before.
	fresh := func(minSyl, maxSyl int) string {
		for {
			var b strings.Builder
			for range minSyl + r.IntN(maxSyl-minSyl+1) {
				b.WriteString(onsets[r.IntN(len(onsets))])
				b.WriteString(vowels[r.IntN(len(vowels))])
				b.WriteString(codas[r.IntN(len(codas))])
			}
			w := b.String()
			if len(w) >= 4 && !seen[w] {
				seen[w] = true
				return w
			}
		}
	}
	list := func(n, minSyl, maxSyl int, ends []string, capital bool) []string {
		out := make([]string, n)
		for i := range out {
			w := fresh(minSyl, maxSyl) + ends[r.IntN(len(ends))]
			if capital {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			out[i] = w
		}
		return out
	}
	v := &vocab{
		nouns:       list(2400, 1, 2, nounEnds, false),
		verbs:       list(500, 1, 2, verbEnds, false),
		adjs:        list(600, 1, 2, adjEnds, false),
		commonNouns: commonNouns,
		commonVerb:  commonVerbs,
		given:       list(600, 1, 2, []string{"", "", "a", "o", "en", "ia"}, true),
		surnames:    list(3000, 1, 2, []string{"", "", "", "son", "ez", "ov", "ani", "berg", "i"}, true),
		places:      list(700, 1, 2, placeEnds, true),
	}
	inflect := func(ws []string, f func(string) string) []string {
		out := make([]string, len(ws))
		for i, w := range ws {
			out[i] = f(w)
		}
		return out
	}
	v.nounPl = inflect(v.nouns, plural)
	v.commonPl = inflect(v.commonNouns, plural)
	v.verbPast = inflect(v.verbs, past)
	v.commonPast = inflect(v.commonVerb, past)
	return v
}

// past is the simple past of a made-up or common verb.
func past(v string) string {
	switch {
	case strings.HasSuffix(v, "e"):
		return v + "d"
	case strings.HasSuffix(v, "y") && len(v) > 2 && !strings.ContainsRune("aeiou", rune(v[len(v)-2])):
		return v[:len(v)-1] + "ied"
	}
	return v + "ed"
}

// plural is the plural of a noun.
func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "s"), strings.HasSuffix(n, "x"), strings.HasSuffix(n, "sh"), strings.HasSuffix(n, "ch"):
		return n + "es"
	case strings.HasSuffix(n, "y") && len(n) > 2 && !strings.ContainsRune("aeiou", rune(n[len(n)-2])):
		return n[:len(n)-1] + "ies"
	}
	return n + "s"
}

// zipf draws indexes 0…n-1 with weight 1/(i+1), by binary search over the
// cumulative weights.
type zipf struct{ cum []float64 }

func newZipf(n int) zipf {
	z := zipf{cum: make([]float64, n)}
	sum := 0.0
	for i := range n {
		sum += 1 / float64(i+1)
		z.cum[i] = sum
	}
	return z
}

func (z zipf) draw(r *rand.Rand) int {
	x := r.Float64() * z.cum[len(z.cum)-1]
	lo, hi := 0, len(z.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if z.cum[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
