package story

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parse splits raw news text into stories, as described in the package
// documentation. name is recorded in each story and in warnings. Every
// non-blank input line ends up in exactly one block of one story, or is a
// story's headline line. Parse never fails: problems with the input are
// worked around and reported as warnings.
func Parse(file string, src []byte) ([]Story, []Warning) {
	lines, warns := decode(file, src)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	doc := newDocument(paragraphs(lines), sc)
	stories, paraOf := doc.segment(file)
	for i := range stories {
		ps := paraOf[i]
		finish(&stories[i], func(k int) []name { return doc.paras[ps[k]].allNames })
	}
	return stories, warns
}

// A para is one paragraph of the input with the cues read from it.
type para struct {
	first, last int // line numbers
	text        string
	gap         int // blank lines before it

	lead      string // first sentence
	sentences int    // counted up to 4
	names     []name // capitalised-word runs of the first sentence
	allNames  []name // capitalised-word runs of the whole text
	bag       []wordCount
	opener    int    // openerWord or openerNoun when the first words look back
	second    string // the second field of the first sentence
	also      bool   // "also" among the first five fields of the first sentence

	shape shape
}

const (
	openerWord = 1 + iota // "He", "But"
	openerNoun            // "The company"
)

// shape is what a paragraph looks like before its place in a story is
// known.
type shape int

const (
	prose      shape = iota // ends like a sentence
	titleLike               // short, unterminated: a headline or subheading
	datelineLn              // "LONDON, Jan 5 (Reuters) -" on a line of its own
	bylineLn                // "By Jane Smith"
	captionLn               // unterminated and long, or credited: a caption
	fragment                // unterminated and not title-like: list items, wrapped lines
)

// paragraphs groups lines into paragraphs. When blank lines separate
// paragraphs, the lines between blank lines are one paragraph (the input is
// hard-wrapped), except that a short line standing above a longer one (a
// headline over its lead) stays on its own. Without blank lines, or when
// every group is one line, each line is a paragraph; so is each line of a
// group that does not look wrapped (see wrapped), such as a run of
// paragraph-a-line stories that a few blank lines follow: how the end of
// a file is laid out must not change how its start is read.
func paragraphs(lines []line) []para {
	var groups [][]line
	var gaps []int
	gap := 0
	for i := 0; i < len(lines); {
		if lines[i].text == "" {
			gap++
			i++
			continue
		}
		j := i
		for j < len(lines) && lines[j].text != "" {
			j++
		}
		groups = append(groups, lines[i:j])
		gaps = append(gaps, gap)
		gap = 0
		i = j
	}
	blankSeparated := false
	for k, g := range groups {
		if k > 0 && len(g) > 0 && gaps[k] > 0 {
			blankSeparated = true
		}
	}
	var out []para
	for k, g := range groups {
		if !blankSeparated || !wrapped(g) {
			for i, l := range g {
				p := para{first: l.n, last: l.n, text: l.text}
				if i == 0 {
					p.gap = gaps[k]
				}
				out = append(out, p)
			}
			continue
		}
		width := 0
		for _, l := range g {
			width = max(width, utf8.RuneCountInString(l.text))
		}
		start := 0
		for i := 1; i <= len(g); i++ {
			if i < len(g) && !standsAlone(g[i-1].text, g[i].text, width) {
				continue
			}
			var b strings.Builder
			for j, l := range g[start:i] {
				if j > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(l.text)
			}
			p := para{first: g[start].n, last: g[i-1].n, text: b.String()}
			if start == 0 {
				p.gap = gaps[k]
			}
			out = append(out, p)
			start = i
		}
	}
	return out
}

// wrapped reports whether the lines of a group between blank lines look
// hard-wrapped: most of them, the last aside, break off mid-sentence.
// Lines that each end a sentence are a paragraph a line.
func wrapped(g []line) bool {
	open := 0
	for _, l := range g[:len(g)-1] {
		if !endsSentence(l.text) {
			open++
		}
	}
	return 2*open >= len(g)-1
}

// standsAlone reports whether, inside a block of lines between blank lines,
// prev is a paragraph of its own rather than wrapped into next. Wrapped
// lines run to near the wrap width; a headline or a paragraph's last line
// stops short.
func standsAlone(prev, next string, width int) bool {
	n := utf8.RuneCountInString(prev)
	r, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsUpper(r) && !strings.ContainsRune(openQuotes, r) {
		return false
	}
	if endsSentence(prev) {
		return n*10 < width*7
	}
	return n*10 < width*6 && isTitleLike(prev)
}

var (
	// A dateline names a place in capitals, perhaps a date and an agency,
	// and ends in a dash or nothing: "TEHRAN, Feb 4 (Reuters) -".
	datelineRE = regexp.MustCompile(`^[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+){0,2}(?:, [A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?)?(?: \([A-Za-z .]+\))?\s*[-–—]?$`)
	// Or it is a date alone: "Tuesday, February 4, 2025", "4 February 2025".
	dateRE   = regexp.MustCompile(`^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,? )?(?:\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December),? \d{4}|(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2},? \d{4})(?:,? \d{1,2}:\d\d(?: ?[AaPp][Mm])?(?: [A-Z]{2,4})?)?$`)
	bylineRE = regexp.MustCompile(`^(?i:by) [\p{Lu}][\p{L}.'’\-]*(?: (?:[\p{Lu}][\p{L}.'’\-]*|and|&|de|van|von|al-\p{L}+))*(?:,? (?:[\p{L} ]{2,40}))?$`)
	// Captions often carry a photo credit or say what is shown.
	captionRE = regexp.MustCompile(`(?i)^(?:photo|picture|image|pictured|file photo|above|below|left|right|top)\b[:\s]|(?:\((?:photo|reuters|afp|ap|getty|epa)[^)]*\)|(?:getty images|reuters|afp|/ ?ap|epa|photo: [^.]+))$`)
)

// isTitleLike reports whether s could be a headline or subheading: short,
// not ending like a sentence, starting with a capital, digit or quote.
func isTitleLike(s string) bool {
	if s == "" || len(s) > 140 || endsSentence(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(openQuotes, r) {
		return false
	}
	n := countFields(s, 14)
	return n >= 1 && n <= 14
}

func shapeOf(s string) shape {
	switch {
	case maybeDateline(s) && datelineRE.MatchString(s) || maybeDate(s) && dateRE.MatchString(s):
		return datelineLn
	case len(s) < 120 && maybeByline(s) && bylineRE.MatchString(s) && !endsSentence(strings.TrimSuffix(s, ".")):
		return bylineLn
	case maybeCaption(s) && captionRE.MatchString(s):
		return captionLn
	case isTitleLike(s):
		return titleLike
	case endsSentence(s):
		return prose
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch n := countFields(s, 30); {
	case n > 30:
		// Too long for a caption: prose that lost its full stop.
		return prose
	case unicode.IsUpper(r) && n > 14:
		return captionLn
	}
	return fragment
}

// The maybe functions are cheap tests that a line could match a regular
// expression, so that most lines are never run through it.

// maybeDateline: datelineRE begins [A-Z][A-Z'.\-].
func maybeDateline(s string) bool {
	if len(s) < 2 || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	c := s[1]
	return 'A' <= c && c <= 'Z' || c == '\'' || c == '.' || c == '-'
}

var dateWords = setOf(`monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december`)

// maybeDate: dateRE begins with a digit, a day or a month, in title case.
func maybeDate(s string) bool {
	if s == "" {
		return false
	}
	if '0' <= s[0] && s[0] <= '9' {
		return true
	}
	if s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	i := 1
	for i < len(s) && 'a' <= s[i] && s[i] <= 'z' {
		i++
	}
	if i > 9 {
		return false
	}
	var buf [9]byte
	copy(buf[:], s[:i])
	buf[0] += 'a' - 'A'
	return dateWords[string(buf[:i])]
}

// maybeByline: bylineRE begins "by " in any case.
func maybeByline(s string) bool {
	return len(s) >= 3 && (s[0] == 'b' || s[0] == 'B') && (s[1] == 'y' || s[1] == 'Y') && s[2] == ' '
}

// captionStarts are the words captionRE's first branch begins with,
// lower-cased.
var captionStarts = setOf("photo picture image pictured file above below left right top")

// maybeCaption: captionRE either begins with one of captionStarts, in any
// case, or ends in ")", in a credit ending in s, p or a (or ſ, which
// folds to s), or in "photo: " and text without a full stop.
func maybeCaption(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	for i < len(s) && i < 9 && ('a' <= s[i]|0x20 && s[i]|0x20 <= 'z') {
		i++
	}
	if i >= 3 {
		var buf [9]byte
		for k := 0; k < i; k++ {
			buf[k] = s[k] | 0x20
		}
		if captionStarts[string(buf[:i])] {
			return true
		}
	}
	switch s[len(s)-1] | 0x20 {
	case ')' | 0x20, 's', 'p', 'a':
		return true
	}
	if strings.HasSuffix(s, "ſ") || s[len(s)-1] == ')' {
		return true
	}
	// Folding leaves ": " as it is: without it there is no "photo: ".
	return strings.Contains(s, ": ") && containsFoldASCII(s, "photo: ")
}

// containsFoldASCII reports whether s contains sub, a lower-case ASCII
// string of letters and punctuation, in any case.
func containsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i]|0x20 != sub[0] {
			continue
		}
		ok := true
		for k := 1; k < len(sub); k++ {
			c := s[i+k]
			if 'A' <= c && c <= 'Z' {
				c |= 0x20
			}
			if c != sub[k] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
