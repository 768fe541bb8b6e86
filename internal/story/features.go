package story

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is one white-space-separated field of a paragraph with the
// forms of it the cues read: the field, the word without the punctuation
// around it, and that word in lower case.
type token struct {
	f, w, lower string
	start, end  int // the field's byte offsets in the text
	info        wordInfo
}

// wordInfo is what the cues want to know of a lower-case word.
type wordInfo struct {
	flags uint8
	stem  int32 // the id of its stem when it is a topic word, or -1
}

const (
	isStop = 1 << iota
	isConnector
	isHonorific
)

// A lexicon interns the lower-case words of the paragraphs read: what
// each is, and its stem's id.
type lexicon struct {
	words map[string]wordInfo
	stems map[string]int32
}

func (lx *lexicon) info(lower string) wordInfo {
	if wi, ok := lx.words[lower]; ok {
		return wi
	}
	wi := wordInfo{stem: -1}
	if stopwords[lower] {
		wi.flags |= isStop
	}
	if nameConnectors[lower] {
		wi.flags |= isConnector
	}
	if honorifics[lower] {
		wi.flags |= isHonorific
	}
	if wi.flags&isStop == 0 && len(lower) >= 3 && utf8.RuneCountInString(lower) >= 3 {
		st := stem(lower)
		id, ok := lx.stems[st]
		if !ok {
			id = int32(len(lx.stems))
			lx.stems[strings.Clone(st)] = id
		}
		wi.stem = id
	}
	lx.words[strings.Clone(lower)] = wi
	return wi
}

var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isAlnumASCII is [0-9A-Za-z].
var isAlnumASCII = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-32] = true
	}
	return
}()

// tokenize splits s into fields as strings.Fields does and reads each
// field's word and lower-case word, appending to toks[:0].
func tokenize(s string, toks []token, lx *lexicon) []token {
	toks = toks[:0]
	defer func() {
		for k := range toks {
			toks[k].info = lx.info(toks[k].lower)
		}
	}()
	if isASCII(s) {
		lowerAll := strings.ToLower(s)
		i := 0
		for i < len(s) {
			for i < len(s) && asciiSpace[s[i]] {
				i++
			}
			if i >= len(s) {
				break
			}
			j := i
			for j < len(s) && !asciiSpace[s[j]] {
				j++
			}
			a, b := i, j
			for a < b && !isAlnumASCII[s[a]] {
				a++
			}
			for b > a && !isAlnumASCII[s[b-1]] {
				b--
			}
			toks = append(toks, token{s[i:j], s[a:b], lowerAll[a:b], i, j, wordInfo{}})
			i = j
		}
		return toks
	}
	start := -1
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		var sp bool
		if r < utf8.RuneSelf {
			sp = asciiSpace[s[i]]
		} else {
			r, size = utf8.DecodeRuneInString(s[i:])
			sp = unicode.IsSpace(r)
		}
		if sp {
			if start >= 0 {
				toks = appendTok(toks, s, start, i)
				start = -1
			}
		} else if start < 0 {
			start = i
		}
		i += size
	}
	if start >= 0 {
		toks = appendTok(toks, s, start, len(s))
	}
	return toks
}

// namesOf is names over the fields of toks: the capitalised-word runs.
// withText says whether the names' text is wanted.
func namesOf(toks []token, out []name, withText bool) []name {
	sentenceStart := true
	runStart, runEnd := -1, -1 // token indexes, end exclusive
	runPos := 0
	flush := func() {
		if runStart < 0 {
			return
		}
		// Trailing connectors belong to no name.
		for runEnd > runStart && toks[runEnd-1].info.flags&isConnector != 0 {
			runEnd--
		}
		if runEnd > runStart {
			key := toks[runEnd-1].lower
			key = strings.TrimSuffix(strings.TrimSuffix(key, "'s"), "’s")
			words := runEnd - runStart
			if toks[runStart].info.flags&isHonorific != 0 {
				words--
			}
			text := ""
			if withText {
				if words == 1 && runEnd-runStart == 1 {
					text = toks[runStart].w
				} else {
					n := runEnd - runStart - 1
					for k := runStart; k < runEnd; k++ {
						n += len(toks[k].w)
					}
					var b strings.Builder
					b.Grow(n)
					for k := runStart; k < runEnd; k++ {
						if k > runStart {
							b.WriteByte(' ')
						}
						b.WriteString(toks[k].w)
					}
					text = b.String()
				}
			}
			out = append(out, name{text, key, words, runPos})
		}
		runStart, runEnd = -1, -1
	}
	// The run's words are consecutive tokens: every token either joins
	// the run or flushes it.
	for i := range toks {
		t := &toks[i]
		f, w := t.f, t.w
		capital := w != "" && isUpperWord(w)
		switch {
		case capital && !(sentenceStart && t.info.flags&isStop != 0):
			if runStart < 0 {
				runPos = i
				runStart = i
			}
			runEnd = i + 1
		case runStart >= 0 && t.info.flags&isConnector != 0 && !strings.ContainsAny(f, ",.;:"):
			runEnd = i + 1
		default:
			flush()
		}
		last := f[len(f)-1]
		switch last {
		case ',', '.', ';', ':', '!', '?', ')', '"':
			flush()
		}
		sentenceStart = last == '.' || last == '!' || last == '?' || last == ':' || strings.HasSuffix(f, ".\"") || strings.HasSuffix(f, ".”")
	}
	flush()
	return out
}

// isUpperFirst reports whether s starts with an upper-case letter.
func isUpperFirst(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf {
		return 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// countFields counts the fields of s as strings.Fields does, up to max+1.
func countFields(s string, max int) int {
	if !isASCII(s) {
		return min(len(strings.Fields(s)), max+1)
	}
	n := 0
	in := false
	for i := 0; i < len(s); i++ {
		sp := asciiSpace[s[i]]
		if !sp && !in {
			n++
			if n > max {
				return n
			}
		}
		in = !sp
	}
	return n
}

func appendTok(toks []token, s string, i, j int) []token {
	f := s[i:j]
	w := trimWord(f)
	return append(toks, token{f, w, strings.ToLower(w), i, j, wordInfo{}})
}
