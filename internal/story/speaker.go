package story

import (
	"regexp"
	"strings"
)

// The verbs that attribute a quotation.
const sayVerbs = `said|says|added|adds|noted|notes|wrote|writes|told|explained|stated|continued|argued|insisted|warned|asked|concluded|stressed|declared|replied|recalled`

var (
	// A name just before the verb, perhaps with an appositive between:
	// "Kallas said", "Mr Prettejohn, Lloyd's chief executive said",
	// "the Council said".
	nameBeforeRE     = regexp.MustCompile(`((?:(?:the|The) )?\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,4})(?: (?:also|later|then|earlier|previously|further|again))? $`)
	appositiveBefore = regexp.MustCompile(`((?:(?:the|The) )?\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,4}), [^,"“”]{1,80},? $`)
	// A name just after it: "said Mohammadi", "said Michael Moran".
	nameAfterRE = regexp.MustCompile(`^ (\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,3})`)
)

// attribute names the speaker of each quotation in s, where the text says
// who speaks: "said Mohammadi", "Kallas said", or "he added" for the last
// speaker named. A surname is resolved to the full name the story used
// earlier. A quotation that runs on from the paragraph before without an
// attribution keeps that paragraph's speaker.
func attribute(s *Story, blockNames func(k int) []name) {
	full := map[string]string{}   // surname key → full name
	byHead := map[string]string{} // first word → full name: "the Council"
	last := ""                    // the last speaker named
	mentioned := ""               // the first person named in the block before
	for i := range s.Blocks {
		b := &s.Blocks[i]
		if last == "" {
			last = mentioned
		}
		mentioned = ""
		for _, nm := range blockNames(i) {
			if nm.words >= 2 && !honorifics[strings.ToLower(firstField(nm.text))] {
				if _, ok := full[nm.key]; !ok {
					full[nm.key] = personName(nm.text)
				}
				if head := strings.ToLower(firstField(nm.text)); byHead[head] == "" {
					byHead[head] = nm.text
				}
				if mentioned == "" {
					mentioned = personName(nm.text)
				}
			}
		}
		hasQuote := hasQuoteMark(b.Text)
		if b.Kind != Quote && !hasQuote {
			continue
		}
		speaker := findSpeaker(b.Text, last)
		if speaker == "" && b.Kind == Quote && i > 0 && s.Blocks[i-1].Kind == Quote {
			speaker = s.Blocks[i-1].Speaker
		}
		if speaker == "" {
			continue
		}
		words := strings.Fields(speaker)
		key := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(trimWord(words[len(words)-1]), "'s"), "’s"))
		switch {
		case len(words) == 2 && strings.EqualFold(words[0], "the") && byHead[key] != "":
			speaker = byHead[key]
		case len(words) == 1 || honorifics[strings.ToLower(strings.TrimSuffix(words[0], "."))]:
			if f, ok := full[key]; ok {
				speaker = f
			}
		case !strings.EqualFold(words[0], "the"):
			speaker = personName(speaker)
		}
		b.Speaker = speaker
		last = speaker
	}
}

// hasQuoteMark is strings.ContainsAny(s, "\"“”"), which with a set that is
// not all ASCII goes through s a rune at a time. Each mark is found by a
// byte search: in UTF-8 no character's bytes hold another's.
func hasQuoteMark(s string) bool {
	return strings.IndexByte(s, '"') >= 0 || strings.Contains(s, "“") || strings.Contains(s, "”")
}

// findSpeaker returns who the attribution in text names, or last when it
// says "he" or "she". The attribution is a verb of saying outside the
// quotation marks with a name or pronoun right before or after it.
func findSpeaker(text, last string) string {
	outside := blankQuotes(text)
	for i := 0; i < len(outside); {
		if !isRegexpWord(outside[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(outside) && isRegexpWord(outside[j]) {
			j++
		}
		if !sayVerbSet[outside[i:j]] {
			i = j
			continue
		}
		before, after := outside[:i], outside[j:]
		i = j
		if !strings.HasSuffix(before, " ") {
			// Every attribution before the verb ends in a space.
			if n := nameAfter(after); n != "" {
				return n
			}
			continue
		}
		if pronounBefore(before) {
			return last
		}
		if n := nameBeforeRE.FindStringSubmatch(afterSpaces(before, len(before), 8)); n != nil && (!stopwords[strings.ToLower(firstField(n[1]))] || strings.EqualFold(firstField(n[1]), "the")) {
			return n[1]
		}
		if c := appositiveComma(before); c >= 0 {
			if n := appositiveBefore.FindStringSubmatch(afterSpaces(before, c, 6)); n != nil && (!stopwords[strings.ToLower(firstField(n[1]))] || strings.EqualFold(firstField(n[1]), "the")) {
				return n[1]
			}
		}
		if n := nameAfter(after); n != "" {
			return n
		}
	}
	return ""
}

var sayVerbSet = setOf(strings.ReplaceAll(sayVerbs, "|", " "))

// isRegexpWord is the ASCII word character of \b: [0-9A-Za-z_].
func isRegexpWord(c byte) bool {
	return isAlnumASCII[c] || c == '_'
}

// nameAfter is nameAfterRE's name, with the stopword check.
func nameAfter(after string) string {
	if len(after) < 2 || after[0] != ' ' || !isUpperFirst(after[1:]) {
		return ""
	}
	// The match holds at most four spaces.
	cut := len(after)
	for k, n := 0, 0; k < len(after); k++ {
		if after[k] == ' ' {
			if n++; n == 5 {
				cut = k
				break
			}
		}
	}
	if n := nameAfterRE.FindStringSubmatch(after[:cut]); n != nil && !stopwords[strings.ToLower(firstField(n[1]))] {
		return n[1]
	}
	return ""
}

// afterSpaces returns s from just after the n-th space before end, or all
// of s: a pattern that holds fewer than n spaces and ends at end starts
// there or later.
func afterSpaces(s string, end, n int) string {
	for k := end - 1; k >= 0; k-- {
		if s[k] == ' ' {
			if n--; n == 0 {
				return s[k+1:]
			}
		}
	}
	return s
}

// appositiveComma returns where the name of appositiveBefore ends: the
// comma before the appositive, which holds none, or -1.
func appositiveComma(before string) int {
	e := len(before) - 1 // before ends in a space
	if e > 0 && before[e-1] == ',' {
		e--
	}
	c := strings.LastIndexByte(before[:e], ',')
	if c < 0 || c+1 >= len(before) || before[c+1] != ' ' {
		return -1
	}
	return c
}

// pronounBefore is pronounBeforeRE: "he " or "she " at the end, in any
// case, after a word boundary.
func pronounBefore(before string) bool {
	t := before[:len(before)-1]
	if len(t) < 2 || t[len(t)-2]|0x20 != 'h' || t[len(t)-1]|0x20 != 'e' {
		return false
	}
	p := len(t) - 2
	if p == 0 || !isRegexpWord(t[p-1]) {
		return true
	}
	return t[p-1]|0x20 == 's' && (p-1 == 0 || !isRegexpWord(t[p-2]))
}

// blankQuotes replaces quoted passages with a placeholder, so that names and
// verbs inside a quotation are not taken for its attribution.
func blankQuotes(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '“' || r == '"' && !in:
			in = true
			b.WriteString("\"")
		case r == '”' || r == '"' && in:
			in = false
			b.WriteString("\"")
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// personName drops the role words in front of a person's name: "Foreign
// Minister Abbas Araghchi" is "Abbas Araghchi". A name of two words is
// kept whole.
func personName(run string) string {
	f := strings.Fields(run)
	if len(f) <= 2 {
		return run
	}
	return strings.Join(f[len(f)-2:], " ")
}
