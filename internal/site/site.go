// Package site assembles stories into a site: slugs, tags, days, related
// stories and retellings, everything the pages show, in a deterministic
// order. It reads nothing and writes nothing.
package site

import (
	"html/template"
	"time"

	"digest/internal/story"
)

// A Site is everything the renderer needs.
type Site struct {
	Config  Config
	Stories []*Story  // every story, newest first; retellings included
	Listed  []*Story  // the stories lists and feeds show: retellings left out
	Tags    []*Tag    // by name
	Days    []*Day    // newest first
	Updated time.Time // the newest story's date
	// InTheNews is the people, organisations and places of the latest
	// week's stories, most stories first.
	InTheNews []NewsMaker
	// Speakers is everyone quoted, most quoted first, with their quotes.
	Speakers []*Speaker
}

// A NewsMaker is a tag with how many of the period's stories carry it.
type NewsMaker struct {
	Tag     *Tag
	Stories int
}

// A Speaker is someone quoted, with what they said.
type Speaker struct {
	Name   string
	Tag    *Tag // their tag page, when they have one
	Quotes []Quote
}

// SpeakerQuotes are one speaker's quotes in a story.
type SpeakerQuotes struct {
	Speaker string
	Quotes  []Quote
}

// A Quote is a quotation from a story.
type Quote struct {
	Text    string // the paragraph, attribution and all
	Words   string // only the words quoted, without "she said"
	Speaker string
	Story   *Story
	Anchor  string // the fragment of the quote's paragraph on the story page
}

// A Story is a story with its place in the site.
type Story struct {
	story.Story
	// Path is the page's file, relative to the site root, e.g.
	// "stories/slug.html". Pages are files, not folders with an index:
	// the links work on any static host, and creating a folder per
	// page was most of the time a build spent on the file system.
	Path    string
	Tags    []*Tag
	Related []Related
	// Newer and Older are the neighbours in the listing; nil at the ends.
	Newer, Older *Story
	// Original is the story this one retells, or nil; Retellings are the
	// later stories that retell this one.
	Original   *Story
	Retellings []*Story
	Day        *Day
	Words      int
	TagGroups  []TagGroup // Tags by kind: people, organisations, places, others, topics, the rest
	Quotes     []Quote    // the story's attributed quotes, in order
	// QuotesBy is Quotes grouped by speaker, speakers in order of their
	// first quote.
	QuotesBy []SpeakerQuotes
	// Weight is how big the story's event is: the story, its retellings
	// and the other stories about the same event.
	Weight int
	Body   template.HTML // the rendered body, set by the renderer
	// Card is the story's summary as lists show it, set by the renderer:
	// a story appears on many lists, and is rendered for them once.
	Card template.HTML
	// Ref is the story's link and date, as related lists show it, set by
	// the renderer.
	Ref template.HTML
	// pos is the story's place in Site.Listed, -1 if it is not listed
	// (a retelling): assembly counts by it instead of a map.
	pos int32
}

// ReadingMinutes is the reading time at 230 words a minute, at least 1.
func (s *Story) ReadingMinutes() int { return max(1, (s.Words+115)/230) }

// A Related story, with the tags the two share.
type Related struct {
	Story       *Story
	Shared      []*Tag
	SharedNames string // "Iran, Tehran"
}

// A TagGroup is a story's tags of one kind.
type TagGroup struct {
	Kind  string
	Label string // "Person", "Organisation", …
	Tags  []*Tag
}

// A Tag is a person, organisation, place, topic or front-matter tag.
type Tag struct {
	Name    string
	Slug    string
	Kind    string // person, organization, place, other, topic, or "" when unknown
	Aliases []string
	Path    string   // "tags/slug.html"
	Stories []*Story // newest first, retellings left out
	Related []*Tag   // the tags that most often appear alongside it
	// Chip is the tag's link as story pages and cards show it, set by the
	// renderer once for every page that shows the tag.
	Chip template.HTML
	num  int32 // the tag's place in Site.Tags: assembly counts by it
}

// A Day is an edition: the stories of one calendar day in the site's time zone.
type Day struct {
	Date    time.Time
	Path    string // "2025/01/28.html"
	Stories []*Story
}

// A Label is a tag as the tagging stage found it, before assembly.
type Label struct {
	Name    string
	Kind    string
	Aliases []string
	Pinned  bool // the kind comes from tags.yaml and wins over any other
}
