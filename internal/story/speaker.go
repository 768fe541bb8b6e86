package story

import (
	"regexp"
	"strings"
)

// The verbs that attribute a quotation.
const sayVerbs = `said|says|added|adds|noted|notes|wrote|writes|told|explained|stated|continued|argued|insisted|warned|asked|concluded|stressed|declared|replied|recalled`

var (
	sayVerbRE = regexp.MustCompile(`\b(?:` + sayVerbs + `)\b`)
	// A name just before the verb, perhaps with an appositive between:
	// "Kallas said", "Mr Prettejohn, Lloyd's chief executive said",
	// "the Council said".
	nameBeforeRE     = regexp.MustCompile(`((?:(?:the|The) )?\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,4})(?: (?:also|later|then|earlier|previously|further|again))? $`)
	appositiveBefore = regexp.MustCompile(`((?:(?:the|The) )?\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,4}), [^,"“”]{1,80},? $`)
	// A name just after it: "said Mohammadi", "said Michael Moran".
	nameAfterRE     = regexp.MustCompile(`^ (\p{Lu}[\p{L}'’.\-]*(?: \p{Lu}[\p{L}'’.\-]*){0,3})`)
	pronounBeforeRE = regexp.MustCompile(`(?i:\b(?:he|she)) $`)
)

// attribute names the speaker of each quotation in s, where the text says
// who speaks: "said Mohammadi", "Kallas said", or "he added" for the last
// speaker named. A surname is resolved to the full name the story used
// earlier. A quotation that runs on from the paragraph before without an
// attribution keeps that paragraph's speaker.
func attribute(s *Story) {
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
		for _, nm := range names(b.Text) {
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
		hasQuote := strings.ContainsAny(b.Text, "\"“”")
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

// findSpeaker returns who the attribution in text names, or last when it
// says "he" or "she". The attribution is a verb of saying outside the
// quotation marks with a name or pronoun right before or after it.
func findSpeaker(text, last string) string {
	outside := blankQuotes(text)
	for _, m := range sayVerbRE.FindAllStringIndex(outside, -1) {
		before, after := outside[:m[0]], outside[m[1]:]
		if pronounBeforeRE.MatchString(before) {
			return last
		}
		for _, re := range []*regexp.Regexp{nameBeforeRE, appositiveBefore} {
			if n := re.FindStringSubmatch(before); n != nil && (!stopwords[strings.ToLower(firstField(n[1]))] || strings.EqualFold(firstField(n[1]), "the")) {
				return n[1]
			}
		}
		if n := nameAfterRE.FindStringSubmatch(after); n != nil && !stopwords[strings.ToLower(firstField(n[1]))] {
			return n[1]
		}
	}
	return ""
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
