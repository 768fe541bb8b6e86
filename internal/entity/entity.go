// Package entity finds the people, organisations, places and other named
// things a news text is about, and merges the names they go by.
package entity

// Kind is what sort of thing an entity is.
type Kind string

const (
	Person       Kind = "person"
	Organization Kind = "organization"
	Place        Kind = "place"
	Other        Kind = "other"
)

// An Entity is one named thing, under its canonical name, with every other
// form of its name seen in the text.
type Entity struct {
	Name     string
	Kind     Kind
	Aliases  []string
	Mentions int

	// Salience orders a story's entities: mentions, plus a bonus for the
	// headline and the lead. First is the word position of the first mention.
	Salience   int
	First      int
	InHeadline bool
	InLead     bool
}
