package story

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The regular expressions the hand-written scanners stand for.
var (
	newsLeadRefRE = regexp.MustCompile(`^[\p{L}'’ -]{3,40} (?:says|say) |(?:, (?:[\p{L}'’ -]{1,60}) (?:ha(?:s|ve) (?:said|found|revealed|announced|confirmed|warned|reported|claimed)|said|says|say|reported|announced)|(?:it|has|have) (?:has |have )?been (?:revealed|announced|reported|confirmed))[.!]?["”]?$`)
	listItemRefRE = regexp.MustCompile(`^(?:[-*•–—]|\d{1,2}[.)]) `)
)

// TestScanners checks the scanners and cheap tests that stand for regular
// expressions against them, on the lines and sentences of the seed and the
// golden cases and on mutations of them.
func TestScanners(t *testing.T) {
	var lines []string
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, f := range files {
		ar, err := parseArchiveFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if src, err := goldenInput(ar); err == nil {
			lines = append(lines, strings.Split(string(src), "\n")...)
		}
	}
	if src, err := os.ReadFile(seedText); err == nil {
		lines = append(lines, strings.Split(string(src), "\n")...)
	}
	lines = append(lines, "Iran's president says the talks are off.", "Prices rose, officials have said.",
		"It has been revealed.", "Up, a study has found.\"", "Up, they said!”", "The deal, it has been confirmed",
		"- item", "12) item", "123. no", "• x", "Photo: a man", "A man at a rally (Reuters)", "by Jane Doe",
		"LONDON, Jan 5 (Reuters) -", "Tuesday, February 4, 2025", "4 February 2025", "GETTY IMAGES", "x / ap", "reuterſ")
	r := rand.New(rand.NewPCG(3, 4))
	bits := []string{" says ", " say ", ", ", " has said", " have found", " said", "been revealed", "it ", ".", "!", "\"", "”", "’", "'", "-", " ", "é", "1", "12", ")", "(", "Photo", "REUTERS", "ſ", "K"}
	for k := 0; k < 20000; k++ {
		s := lines[r.IntN(len(lines))]
		for range r.IntN(4) {
			b := bits[r.IntN(len(bits))]
			switch r.IntN(3) {
			case 0:
				s = b + s
			case 1:
				s += b
			default:
				if len(s) > 0 {
					i := r.IntN(len(s))
					s = strings.ToValidUTF8(s[:i]+b+s[i:], "")
				}
			}
		}
		if len(s) > 120 && r.IntN(2) == 0 {
			s = strings.ToValidUTF8(s[len(s)-120:], "")
		}
		lines = append(lines, s)
	}
	for _, s := range lines {
		s = strings.TrimSpace(s)
		for _, x := range []string{s, firstSentence(s)} {
			if got, want := isNewsLead(x), newsLeadRefRE.MatchString(x); got != want {
				t.Errorf("isNewsLead(%q) = %v, want %v", x, got, want)
			}
		}
		if got, want := isListItem(s), listItemRefRE.MatchString(s); got != want {
			t.Errorf("isListItem(%q) = %v, want %v", s, got, want)
		}
		if datelineRE.MatchString(s) && !maybeDateline(s) || dateRE.MatchString(s) && !maybeDate(s) ||
			bylineRE.MatchString(s) && !maybeByline(s) || captionRE.MatchString(s) && !maybeCaption(s) {
			t.Errorf("a cheap test rules out %q, which its pattern matches", s)
		}
	}
}
