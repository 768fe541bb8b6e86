package story

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleMax is the length a written headline keeps to, in characters.
const titleMax = 90

var (
	leadDatelineRE  = regexp.MustCompile(`^[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2}(?:, [^-–—()]{1,40}?)?\s*(?:\([^()]{1,30}\))?\s*[-–—]+\s*`)
	parentheticalRE = regexp.MustCompile(`\s*\([^()]*\)`)
	// "..., according to state-run media", "..., the ministry said",
	// "..., a study has found", "..., it has been revealed".
	trailingAttributionRE = regexp.MustCompile(`,\s*(?:according to [^,]+|[^,]{1,70}? (?:ha(?:s|ve) )?(?:said|says|say|reported|reports|announced|revealed|found|warned|confirmed|claimed|told [^,]{1,40})(?: on \p{Lu}\p{Ll}+)?|it (?:has been|was|is) (?:revealed|announced|reported|confirmed|understood))$`)
	// "X said (on Monday) (that) Y": the speaker is dropped, or kept
	// as "X says" when it is short.
	leadingAttributionRE = regexp.MustCompile(`^(.{1,80}?) (?:has said|have said|said|says|told [^,]{1,40}?)(?: on \p{Lu}\p{Ll}+)?,? (?:that )?`)
	// Appositives describe someone already named: ", the Nobel Peace
	// Prize laureate and prominent human rights activist,".
	appositiveRE = regexp.MustCompile(`, (?:the|a|an|who|which|whose|one of|its|his|her|their) [^,]{1,120},`)
	// A name set off by commas after a title: "Iran's Supreme Leader,
	// Ali Khamenei, on Tuesday".
	commaNameRE = regexp.MustCompile(`, (\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,3}),`)
	timeRE      = regexp.MustCompile(`(?i) (?:on (?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:last|this|next|earlier this|later this) (?:week|month|year)|yesterday|today)([^'’\p{L}]|$)`)
	// A headline may stop where a clause begins or, failing that, a
	// phrase.
	clauseRE = regexp.MustCompile(`(?:, |; | [-–—] | (?:and|but|while|as|after|amid|because|which|who|when|where|though|although|despite|following|before|including|whose|since|until) )`)
	phraseRE = regexp.MustCompile(` (?:by|in|on|at|for|from|with|over|during|into|across|between|under|against) `)
	// An organisation named with its acronym after it: "Islamic
	// Revolutionary Guard Corps (IRGC)".
	acronymRE = regexp.MustCompile(`((?:\p{Lu}[\p{L}'’\-]* (?:(?:of|the|and|for) )*){1,7}\p{Lu}[\p{L}'’\-]*) \((\p{Lu}{2,6})\)`)
)

// dangling words cannot end a headline: they leave a clause open.
var dangling = setOf(`a an the and or but nor of to in on at by for from with as into onto over under
about after before than that which who whom whose when where while its their his her our your my
is are was were be been being has have had do does did will would shall should can could may might
must not no so if then also very more most less least this these those such said says say told
called named known including including amid despite during since until per via against among
between through toward towards upon within without his hers whether because although though`)

// writeHeadline writes a title for a story without a headline line, from
// its lead: the first sentence without dateline, attribution, appositives
// and parentheses, shortened at a clause boundary to about titleMax
// characters, never mid-word and never ending in a word that leaves the
// clause open.
func writeHeadline(lead string) string {
	s := firstSentence(lead)
	s = leadDatelineRE.ReplaceAllString(s, "")
	s = strings.TrimRight(s, ".!")
	if runes(s) > titleMax {
		s = acronymRE.ReplaceAllStringFunc(s, shortName)
	}
	s = parentheticalRE.ReplaceAllString(s, "")
	s = appositiveRE.ReplaceAllString(s, "")
	s = commaNameRE.ReplaceAllString(s, " $1")
	if t := trailingAttributionRE.ReplaceAllString(s, ""); runes(t) >= 25 {
		s = t
	}
	if m := leadingAttributionRE.FindStringSubmatchIndex(s); m != nil {
		speaker, rest := s[m[2]:m[3]], s[m[1]:]
		if runes(rest) >= 25 && !strings.ContainsAny(speaker, "\"“”") {
			if len(strings.Fields(speaker)) <= 3 {
				s = speaker + " says " + rest
			} else {
				s = capitalise(rest)
			}
		}
	}
	s = timeRE.ReplaceAllString(s, "$1") // "next month's" stays
	s = strings.Join(strings.Fields(s), " ")
	if runes(s) > titleMax {
		s = shorten(s)
	}
	return tidyEnd(s)
}

// shorten cuts s to at most titleMax characters: at the last clause
// boundary that keeps a useful headline, or else at a word boundary that
// neither splits a name nor leaves a quotation open.
func shorten(s string) string {
	limit := byteOffset(s, titleMax)
	for _, re := range []*regexp.Regexp{clauseRE, phraseRE} {
		best := -1
		for _, m := range re.FindAllStringIndex(s[:limit], -1) {
			if runes(tidyEnd(s[:m[0]])) >= 40 && !openQuote(s[:m[0]]) {
				best = m[0]
			}
		}
		if best > 0 {
			return s[:best]
		}
	}
	words := strings.Fields(s[:limit])
	if limit < len(s) && s[limit] != ' ' {
		words = words[:len(words)-1] // the last word was cut
	}
	// Back off out of a name: "...from US President" + "Donald Trump".
	nextCapital := limit < len(s) && isUpperWord(strings.TrimLeft(s[limit:], " "))
	for len(words) > 1 && nextCapital && isUpperWord(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	out := strings.Join(words, " ")
	for openQuote(out) {
		i := strings.LastIndexAny(out, "\"“‘")
		if i <= 0 {
			break
		}
		out = strings.TrimSpace(out[:i])
	}
	return out
}

// shortName replaces a name followed by its acronym with the acronym, when
// the acronym's letters are the name's initials.
func shortName(m string) string {
	sub := acronymRE.FindStringSubmatch(m)
	var initials strings.Builder
	for _, w := range strings.Fields(sub[1]) {
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			initials.WriteRune(r)
		}
	}
	if i := strings.Index(initials.String(), sub[2]); i >= 0 {
		// Keep the words before the acronym's own: "Iran's IRGC".
		words := strings.Fields(sub[1])
		return strings.Join(append(words[:i:i], sub[2]), " ")
	}
	return m
}

// openQuote reports whether s opens a quotation it does not close.
func openQuote(s string) bool {
	return strings.Count(s, "\"")%2 == 1 || strings.Count(s, "“") > strings.Count(s, "”")
}

// tidyEnd strips trailing punctuation and words that leave a clause open.
func tidyEnd(s string) string {
	for {
		s = strings.TrimRightFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—([/&", r)
		})
		i := strings.LastIndexByte(s, ' ')
		if i < 0 || !dangling[strings.ToLower(s[i+1:])] {
			return s
		}
		s = s[:i]
	}
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// byteOffset returns the byte offset of the n-th rune of s, or len(s).
func byteOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// summarise writes a one- or two-sentence summary from the lead: the first
// sentence, and the second too when the first is short.
func summarise(lead string) string {
	first := firstSentence(lead)
	if runes(first) >= 120 || len(first) >= len(lead) {
		return first
	}
	second := firstSentence(strings.TrimSpace(lead[len(first):]))
	if runes(first)+runes(second) > 320 {
		return first
	}
	return first + " " + second
}
