package feed

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// benchFeed is a tag feed as the site builds them: 20 items with a
// summary and a few KB of body HTML each.
func benchFeed() *Feed {
	body := strings.Repeat(`<p>Officials said the <a href="https://example.org/x?a=1&amp;b=2">plan</a> would "take time" — and cost €2bn.</p>`+"\n", 25)
	f := &Feed{
		Title: "Stories tagged economy", Subtitle: "Example Digest", Language: "en",
		HomeURL: "https://example.org/tags/economy/", ID: "tag:example.org,2025:/tags/economy/",
		Updated: tUpd, Author: "Example Newsroom",
	}
	for i := range 20 {
		f.Items = append(f.Items, Item{
			ID:          fmt.Sprintf("tag:example.org,2025-01-%02d:/stories/story-%d/", i+1, i),
			Title:       fmt.Sprintf("Story %d: markets & rates", i),
			URL:         fmt.Sprintf("https://example.org/stories/story-%d/", i),
			Summary:     "A short plain-text summary of the story, about two sentences long. It says what happened.",
			ContentHTML: body,
			Published:   tPub.Add(time.Duration(i) * time.Hour),
			Updated:     tUpd,
			Authors:     []string{"Ana Díaz"},
			Tags:        []string{"economy", "rates", "europe"},
		})
	}
	return f
}

func benchWrite(b *testing.B, write func(io.Writer, *Feed, string) error) {
	f := benchFeed()
	var buf bytes.Buffer
	if err := write(&buf, f, selfAtom); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := write(&buf, f, selfAtom); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteAtom(b *testing.B) { benchWrite(b, WriteAtom) }
func BenchmarkWriteRSS(b *testing.B)  { benchWrite(b, WriteRSS) }
func BenchmarkWriteJSON(b *testing.B) { benchWrite(b, WriteJSON) }

// summaryFeed is benchFeed without bodies: tag feeds that carry only
// summaries, which is ~10x less to write.
func summaryFeed() *Feed {
	f := benchFeed()
	for i := range f.Items {
		f.Items[i].ContentHTML = ""
	}
	return f
}

func benchWriteSummaries(b *testing.B, write func(io.Writer, *Feed, string) error) {
	f := summaryFeed()
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := write(&buf, f, selfAtom); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkWriteAtomSummaries(b *testing.B) { benchWriteSummaries(b, WriteAtom) }
func BenchmarkWriteRSSSummaries(b *testing.B)  { benchWriteSummaries(b, WriteRSS) }
func BenchmarkWriteJSONSummaries(b *testing.B) { benchWriteSummaries(b, WriteJSON) }
