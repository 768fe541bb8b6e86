package story

import "strings"

// finish fills in what is read off a story's blocks once its extent is
// known: lead, summary, title and the speakers of quotes.
func finish(s *Story, blockNames func(k int) []name) {
	for _, b := range s.Blocks {
		if b.Kind == Lead {
			s.Lead = b.Text
			break
		}
	}
	s.Summary = summarise(s.Lead)
	if s.Title == "" {
		s.Title = writeHeadline(s.Lead)
	}
	if s.Title == "" {
		// A lead of punctuation alone leaves nothing to shorten.
		s.Title = strings.TrimSpace(firstSentence(s.Lead))
	}
	attribute(s, blockNames)
}
