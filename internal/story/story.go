package story

import (
	"strconv"
	"time"

	"digest/internal/entity"
)

// Kind is the class of one block of a story.
type Kind string

// The block kinds. Headline is not a block kind of the body: a headline line
// is recorded in Story.HeadlineLine and Story.Title.
const (
	Headline   Kind = "headline"
	Dateline   Kind = "dateline"
	Byline     Kind = "byline"
	Lead       Kind = "lead"
	Paragraph  Kind = "paragraph"
	Subheading Kind = "subheading"
	Caption    Kind = "caption"
	Quote      Kind = "quote"
)

// A Block is one paragraph-level piece of a story: one input line, or several
// lines joined when the input wraps paragraphs over lines.
type Block struct {
	Kind      Kind
	FirstLine int // 1-based, inclusive
	LastLine  int // 1-based, inclusive
	Text      string
	Speaker   string // for quotes, when the text names the speaker
}

// A Story is one news story recovered from raw text.
type Story struct {
	File         string
	FirstLine    int // 1-based, inclusive
	LastLine     int // 1-based, inclusive
	Title        string
	HeadlineLine int // 0 when the title was written by the parser
	Lead         string
	Summary      string
	Blocks       []Block // the body, headline excluded
	Entities     []entity.Entity
	DuplicateOf  int   // index of the earlier story this one retells, or -1
	Related      []int // indexes of stories about the same event or thread

	// Set by the content reader, not the parser: metadata from front
	// matter, a text file's header block or its name.
	Date      time.Time
	Slug      string
	Tags      []string // front-matter or header tags, kept verbatim
	Author    string
	Source    string
	SourceURL string
	Draft     bool
	Markdown  string // the body of a Markdown story; "" for raw text
}

// A Warning is a problem in the input that the parser worked around,
// such as invalid UTF-8. Line is 1-based.
type Warning struct {
	File string
	Line int
	Msg  string
}

func (w Warning) String() string { return w.File + ":" + strconv.Itoa(w.Line) + ": " + w.Msg }
