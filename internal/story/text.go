package story

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Opening and closing quotation marks, straight and typographic.
const (
	openQuotes  = "\"“‘'«„‚"
	closeQuotes = "\"”’'»“"
)

// startsWithQuote reports whether s opens with a quotation mark, which makes
// a paragraph a quotation.
func startsWithQuote(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(openQuotes, r)
}

// endsSentence reports whether s ends like a sentence: a full stop, question
// or exclamation mark, possibly inside closing quotes or brackets. Titles,
// subheadings and captions do not.
func endsSentence(s string) bool {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return strings.ContainsRune(closeQuotes, r) || r == ')' || r == ']'
	})
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == '.' && strings.HasSuffix(s, "...") || r == '…' {
		return false // an ellipsis trails off, as titles sometimes do
	}
	return r == '.' || r == '!' || r == '?' || r == ':' || r == ';'
}

// abbreviations end in a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "jr": true,
	"sr": true, "prof": true, "gen": true, "col": true, "lt": true, "sgt": true,
	"rev": true, "gov": true, "sen": true, "rep": true, "no": true, "co": true,
	"corp": true, "inc": true, "ltd": true, "vs": true, "etc": true, "jan": true,
	"feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true,
	"sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "u.s": true,
	"u.k": true, "u.n": true, "e.g": true, "i.e": true, "mt": true, "ft": true,
	"approx": true, "dept": true, "est": true, "fig": true, "op": true, "vol": true,
}

// nextSentence finds the end of the sentence of s that begins at start:
// j is where it ends and k where the next begins, or k is -1 when the
// sentence runs to the end of s.
func nextSentence(s string, start int) (j, k int) {
	for i := start; i < len(s); i++ {
		c := s[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(s) {
			c := s[j]
			if c == ')' || c == ']' || c == '"' || c == '\'' {
				j++
				continue
			}
			if c < utf8.RuneSelf {
				break
			}
			r, size := utf8.DecodeRuneInString(s[j:])
			if !strings.ContainsRune(closeQuotes, r) {
				break
			}
			j += size
		}
		if j >= len(s) || s[j] != ' ' {
			continue
		}
		k := j
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if k >= len(s) {
			continue
		}
		if c := s[k]; c < utf8.RuneSelf {
			if !('A' <= c && c <= 'Z') && !('0' <= c && c <= '9') && c != '"' && c != '\'' {
				continue
			}
		} else {
			r, _ := utf8.DecodeRuneInString(s[k:])
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(openQuotes, r) {
				continue
			}
		}
		if c == '.' && j == i+1 {
			w := lastWord(s[start:i])
			if isAbbreviation(w) || utf8.RuneCountInString(w) == 1 && isUpperWord(w) {
				continue
			}
		}
		return j, k
	}
	return len(s), -1
}

// isAbbreviation is abbreviations[strings.ToLower(w)].
func isAbbreviation(w string) bool {
	if len(w) > 8 {
		return false
	}
	var buf [8]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return abbreviations[strings.ToLower(w)]
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return abbreviations[string(buf[:len(w)])]
}

// firstSentence is sentences(s)[0] without splitting all of s.
func firstSentence(s string) string {
	// A sentence longer than this is not a sentence a reader could take
	// in; stopping the search keeps very long lines linear.
	const max = 2000
	if len(s) > max {
		cut := max
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	j, k := nextSentence(s, 0)
	if k >= 0 {
		return strings.TrimSpace(s[:j])
	}
	if rest := strings.TrimSpace(s); rest != "" {
		return rest
	}
	return s
}

func lastWord(s string) string {
	i := strings.LastIndexAny(s, " (\"“‘'")
	return s[i+1:]
}

func isUpperWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// trimWord strips the punctuation around a word, keeping inner apostrophes
// and hyphens.
func trimWord(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// stopwords are the function words that carry no topic: they are left out
// of the lexical cohesion measure and never begin a name.
var stopwords = setOf(`a about above after again against all also although am among an and any are
as at be because been before being below between both but by can could did do does doing
down during each either even ever every few for from further had has have having he her here
hers herself him himself his how however i if in into is it its itself just last least less
let like many may me meanwhile might more most much must my myself neither next no nor not now
of off on once one only or other our ours out over own per perhaps rather same she should since
so some still such than that the their theirs them then there these they this those though
through thus to too under until up upon us very was we were what whatever when where whether
which while who whom whose why will with within without would yet you your yours
said says say saying told added adds according mr mrs ms dr new year years
monday tuesday wednesday thursday friday saturday sunday today yesterday week month
january february march april may june july august september october november december`)

func setOf(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// stem folds a lower-case word to a crude stem, enough for inflected forms
// of one word to meet in the cohesion measure.
func stem(w string) string {
	for _, suf := range []string{"ing", "ed", "es", "s", "'s", "’s"} {
		if len(w) > len(suf)+3 && strings.HasSuffix(w, suf) {
			w = w[:len(w)-len(suf)]
			break
		}
	}
	w = strings.TrimSuffix(w, "e") // "promise" meets "promised"
	if len(w) > 7 {
		w = w[:7]
	}
	return w
}

// A name is a run of capitalised words, such as "Foreign Minister Abbas
// Araghchi" or "Mohammadi". key is its last word, lower-cased: the surname
// a later paragraph would use.
type name struct {
	text  string
	key   string
	words int
	pos   int // index of its first word in the text
}

// honorifics are titles that turn a surname into a reference to a person
// already introduced ("Mr Schroeder").
var honorifics = setOf("mr mrs ms miss dr sir lady lord prof")

// nameConnectors may join the parts of a name ("Council of the European
// Union", "Bashar al-Assad") without being capitalised.
var nameConnectors = setOf("of the de del der van von da al bin la le du")
