// Package story turns raw news text into stories: it finds where each story
// begins and ends, classes every paragraph, names the speakers of quotes,
// writes a title for stories that have none, and links stories that retell
// or follow one another.
//
// # Input
//
// The input is plain text holding news stories back to back. It may be
// UTF-8, with or without a byte order mark, or UTF-16 with a byte order
// mark. Lines end in LF, CRLF or CR. Invalid UTF-8 and NUL bytes are
// replaced with U+FFFD and reported as a [Warning] naming the line; nothing
// is dropped. Straight and typographic quotation marks are both understood.
// Parse takes time linear in the size of the input.
//
// Paragraphs are written one of two ways:
//
//   - a paragraph a line, with or without blank lines between; or
//   - blank-line-separated paragraphs hard-wrapped over several lines, whose
//     lines are joined with a space into one paragraph.
//
// The layout is judged between each pair of blank lines on its own: lines
// there are read as wrapped only when most of them, the last aside, break
// off mid-sentence; otherwise each is a paragraph. So a few blank lines
// added at the end of a paragraph-a-line file change nothing above them.
//
// In wrapped text a short line directly above a longer one, such as a
// headline over its lead, stays a paragraph of its own. Every non-blank
// line ends up in exactly one [Block] of exactly one [Story], or is a
// story's headline line, and the blocks' text is the input's modulo white
// space.
//
// # Lines
//
// Each paragraph of a story is of one [Kind]:
//
//   - A headline is short (at most 14 words), does not end like a sentence,
//     and stands above a paragraph that reads as a lead. It starts a story
//     and becomes its Title; it is not a block.
//   - A subheading looks like a headline but stands inside a story: the
//     paragraph under it goes on about the people the story already named
//     ("Khamenei also pointed to...").
//   - A dateline is a line of a place in capitals with perhaps a date and an
//     agency ("TEHRAN, Feb 4 (Reuters) -"), or a date alone. A byline is
//     "By" and a name. Both start a story unless they follow its headline.
//   - A caption is an unterminated line too long for a headline, or one
//     that says it shows a picture ("Photo:") or credits one ("(Reuters)").
//   - The lead is the first paragraph of the story's body.
//   - A quote is a paragraph that opens with a quotation mark.
//   - Any other paragraph is a paragraph, as are runs of short lines such
//     as lists.
//
// # Story boundaries
//
// A story starts at a headline, a dateline or a byline. Where stories
// follow one another without any, each paragraph is weighed for the
// evidence that it begins a new story, with the story read so far as
// context:
//
//   - Lexical cohesion: the cosine similarity of its topic words with the
//     last paragraphs of the story, weighted by inverse document frequency
//     and judged against the document's usual similarity between
//     neighbours (as in TextTiling). Low cohesion is a topic shift.
//   - Entity continuity: a lead introduces people in full and with their
//     role ("Foreign Minister Abbas Araghchi", "Narges Mohammadi, the Nobel
//     Peace Prize laureate"), while a follow-up refers to them by surname,
//     title and surname, or pronoun ("Mohammadi said", "Mr Schroeder", "he
//     added"). Names are capitalised-word runs, found by the package itself.
//   - News-writing form: a lead is usually one sentence and often closes on
//     its attribution ("..., officials have said."); a paragraph opening
//     with a pronoun or a connective ("He", "But", "However", "The
//     company") or with "also" early on looks back.
//   - Retelling: a paragraph that repeats an earlier one nearly word for
//     word, after one that does not, starts a story told again; the first
//     fresh paragraph after a retold one starts another.
//   - Layout: more blank lines than usually separate paragraphs.
//
// A quote paragraph never starts a story, and the first paragraph after a
// headline, dateline or byline is always its lead.
//
// # Titles, leads and summaries
//
// A story's Title is its headline line when it has one. Otherwise it is
// written from the lead's first sentence: its dateline, parentheses,
// appositives (", the senior lawmaker,") and attributions ("..., according
// to state-run media", "X said that ...") are dropped, days and weeks ("on
// Tuesday") too, and what remains is shortened to about 90 characters at a
// clause boundary, or else at a word, never inside a name or an open
// quotation, and never ending on a word that leaves the clause open ("and",
// "of", "the"). Lead is the lead paragraph's text; Summary is its first
// sentence, with the second when the first is short.
//
// # Speakers
//
// A quotation's Speaker is named by its attribution outside the quotation
// marks: a verb of saying with a name before it ("Kallas said", "Mr
// Prettejohn, Lloyd's chief executive, said") or after it ("said
// Mohammadi"), or a pronoun ("he added") standing for the last speaker. A
// surname resolves to the full name the story used first, "the Council" to
// the name it began ("Council of the European Union"). A quote paragraph
// without attribution that follows another keeps its speaker.
//
// # Duplicates and related stories
//
// [Link] marks a story that retells an earlier one (the same event told in
// largely the same sentences, maybe trimmed, reordered or with words
// changed) with DuplicateOf, and relates stories about the same event or
// thread through Related, symmetrically. It never compares all pairs: see
// Link for the hashing it uses.
package story
