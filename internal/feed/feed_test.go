package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// Fixed times with and without an offset; whole seconds, since the
// formats carry no fractions.
var (
	tPub = time.Date(2025, 1, 28, 9, 30, 0, 0, time.UTC)
	tUpd = time.Date(2025, 1, 29, 18, 5, 7, 0, time.FixedZone("IST", 5*3600+30*60))
	tOld = time.Date(2024, 12, 31, 23, 59, 59, 0, time.FixedZone("EST", -5*3600))
)

const selfAtom = "https://example.org/feed.atom"

// sampleFeed is the small feed behind the golden files.
func sampleFeed() *Feed {
	return &Feed{
		Title:    "Example Digest",
		Subtitle: "News, briefly",
		Language: "en",
		HomeURL:  "https://example.org/",
		ID:       "tag:example.org,2025:/",
		Updated:  tUpd,
		Author:   "Example Newsroom",
		Items: []Item{
			{
				ID:          "tag:example.org,2025-01-28:/stories/rates/",
				Title:       "Rates held & markets <calm>",
				URL:         "https://example.org/stories/rates/",
				Summary:     "The bank kept rates at 4%.",
				ContentHTML: `<p>The bank kept rates at <b>4%</b> &amp; said &quot;wait&quot;.</p>`,
				Published:   tPub,
				Updated:     tUpd,
				Authors:     []string{"Ana Díaz", "Bo Li"},
				Tags:        []string{"economy", "rates"},
			},
			{
				ID:        "https://example.org/stories/snow/",
				Title:     "Snow day",
				URL:       "https://example.org/stories/snow/",
				Summary:   "Schools closed.",
				Published: tOld,
			},
		},
	}
}

func render(t testing.TB, format string, f *Feed, self string) []byte {
	t.Helper()
	var buf bytes.Buffer
	var err error
	switch format {
	case "atom":
		err = WriteAtom(&buf, f, self)
	case "rss":
		err = WriteRSS(&buf, f, self)
	case "json":
		err = WriteJSON(&buf, f, self)
	default:
		t.Fatalf("unknown format %q", format)
	}
	if err != nil {
		t.Fatalf("Write %s: %v", format, err)
	}
	return buf.Bytes()
}

var formats = []string{"atom", "rss", "json"}

func TestWriteEscaped(t *testing.T) {
	tests := []struct {
		name, in, text, attr string
	}{
		{"plain", "hello world", "hello world", "hello world"},
		{"markup", `<script>alert(1)</script>`, `&lt;script&gt;alert(1)&lt;/script&gt;`, `&lt;script&gt;alert(1)&lt;/script&gt;`},
		{"quotes", `"quotes" & 'apostrophes'`, `"quotes" &amp; 'apostrophes'`, `&quot;quotes&quot; &amp; &apos;apostrophes&apos;`},
		{"cdata end", "a]]>b", "a]]&gt;b", "a]]&gt;b"},
		{"nul", "a\x00b", "ab", "ab"},
		{"c0 controls", "a\x01\x08\x0b\x0c\x1b\x1fb", "ab", "ab"},
		{"whitespace", "a\tb\nc\rd", "a\tb\nc&#xD;d", "a&#x9;b&#xA;c&#xD;d"},
		{"invalid utf8", "a\xffb\xc3", "a\uFFFDb\uFFFD", "a\uFFFDb\uFFFD"},
		{"noncharacters", "a\uFFFE\uFFFFb", "ab", "ab"},
		{"literal replacement char", "a\uFFFDb", "a\uFFFDb", "a\uFFFDb"},
		{"non-BMP and DEL", "😀\x7f", "😀\x7f", "😀\x7f"},
		{"empty", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendEscaped(nil, tt.in, false)); got != tt.text {
				t.Errorf("text: got %q, want %q", got, tt.text)
			}
			if got := string(appendEscaped(nil, tt.in, true)); got != tt.attr {
				t.Errorf("attr: got %q, want %q", got, tt.attr)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"clean text", "clean text"},
		{"tab\tnl\ncr\r", "tab\tnl\ncr\r"},
		{"nul\x00byte", "nulbyte"},
		{"bad\xffutf8\xc3", "bad\uFFFDutf8\uFFFD"},
		{"\uFFFE\uFFFF\x1b", ""},
		{"Díaz 😀", "Díaz 😀"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			a := render(t, format, sampleFeed(), selfAtom)
			b := render(t, format, sampleFeed(), selfAtom)
			if !bytes.Equal(a, b) {
				t.Errorf("two renders of the same feed differ")
			}
		})
	}
}

// TestDates checks the feed-level date fallbacks and that offsets are
// written explicitly.
func TestDates(t *testing.T) {
	noUpdated := sampleFeed()
	noUpdated.Updated = time.Time{}
	empty := &Feed{Title: "Empty", HomeURL: "https://example.org/"}
	lmt := sampleFeed()
	// Amsterdam's 1900 offset was +00:19:32; seconds cannot be written.
	lmt.Updated = time.Date(1900, 1, 1, 12, 0, 0, 0, time.FixedZone("LMT", 19*60+32))

	tests := []struct {
		name, format string
		f            *Feed
		want, absent []string
	}{
		{"atom updated", "atom", sampleFeed(), []string{"<updated>2025-01-29T18:05:07+05:30</updated>", "<published>2025-01-28T09:30:00Z</published>"}, nil},
		{"atom newest item", "atom", noUpdated, []string{"  <updated>2025-01-29T18:05:07+05:30</updated>\n  <link"}, nil},
		{"atom entry without updated uses published", "atom", sampleFeed(), []string{"<updated>2024-12-31T23:59:59-05:00</updated>"}, nil},
		{"atom no items epoch", "atom", empty, []string{"<updated>1970-01-01T00:00:00Z</updated>"}, nil},
		{"atom second offset to UTC", "atom", lmt, []string{"<updated>1900-01-01T11:40:28Z</updated>"}, nil},
		{"rss dates", "rss", sampleFeed(), []string{"<lastBuildDate>Wed, 29 Jan 2025 18:05:07 +0530</lastBuildDate>", "<pubDate>Tue, 28 Jan 2025 09:30:00 +0000</pubDate>", "<pubDate>Tue, 31 Dec 2024 23:59:59 -0500</pubDate>"}, nil},
		{"rss newest item", "rss", noUpdated, []string{"<lastBuildDate>Wed, 29 Jan 2025 18:05:07 +0530</lastBuildDate>"}, nil},
		{"rss no items", "rss", empty, nil, []string{"lastBuildDate"}},
		{"json dates", "json", sampleFeed(), []string{`"date_published":"2025-01-28T09:30:00Z"`, `"date_modified":"2025-01-29T18:05:07+05:30"`, `"date_published":"2024-12-31T23:59:59-05:00"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := string(render(t, tt.format, tt.f, selfAtom))
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(out, a) {
					t.Errorf("output has %q, want none:\n%s", a, out)
				}
			}
		})
	}
}

func TestBadYear(t *testing.T) {
	f := sampleFeed()
	f.Items[1].Published = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, format := range formats {
		var buf bytes.Buffer
		var err error
		switch format {
		case "atom":
			err = WriteAtom(&buf, f, selfAtom)
		case "rss":
			err = WriteRSS(&buf, f, selfAtom)
		case "json":
			err = WriteJSON(&buf, f, selfAtom)
		}
		if err == nil {
			t.Errorf("%s: got nil error for year 10000", format)
		}
		if buf.Len() != 0 {
			t.Errorf("%s: wrote %d bytes before failing, want none", format, buf.Len())
		}
	}
}

type failWriter struct{}

var errFail = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

func TestWriteError(t *testing.T) {
	for name, write := range map[string]func(io.Writer, *Feed, string) error{
		"atom": WriteAtom, "rss": WriteRSS, "json": WriteJSON,
	} {
		if err := write(failWriter{}, sampleFeed(), selfAtom); !errors.Is(err, errFail) {
			t.Errorf("%s: got %v, want %v", name, err, errFail)
		}
	}
}

// wellFormed runs an encoding/xml token loop over doc; encoding/xml
// rejects bad UTF-8, non-XML characters and unbalanced markup.
func wellFormed(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestWellFormed(t *testing.T) {
	for _, tc := range hostileCases {
		for _, format := range []string{"atom", "rss"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				out := render(t, format, hostileFeed(tc.in), selfAtom)
				if err := wellFormed(out); err != nil {
					t.Fatalf("not well-formed: %v\n%s", err, out)
				}
				// A strict XML reader must see the same text gofeed does.
				var doc struct {
					Title string `xml:"title"`
					Items []struct {
						Title string `xml:"title"`
					} `xml:"entry"`
					Channel struct {
						Title string `xml:"title"`
					} `xml:"channel"`
				}
				if err := xml.Unmarshal(out, &doc); err != nil {
					t.Fatalf("xml.Unmarshal: %v", err)
				}
				got := doc.Title + doc.Channel.Title
				if want := "T " + tc.want; got != want {
					t.Errorf("encoding/xml title: got %q, want %q", got, want)
				}
			})
		}
	}
}

// FuzzWellFormed checks any strings give well-formed XML and valid JSON;
// `go test` runs the seeds, `go test -fuzz FuzzWellFormed` explores.
func FuzzWellFormed(f *testing.F) {
	for _, tc := range hostileCases {
		f.Add(tc.in, tc.in)
	}
	f.Fuzz(func(t *testing.T, s1, s2 string) {
		fd := &Feed{Title: s1, Subtitle: s2, Language: s2, HomeURL: s1, ID: s2, Author: s1,
			Items: []Item{{ID: s1, Title: s2, URL: s2, Summary: s1, ContentHTML: s2, Authors: []string{s1}, Tags: []string{s2}}}}
		for _, format := range []string{"atom", "rss"} {
			if err := wellFormed(render(t, format, fd, s1)); err != nil {
				t.Errorf("%s not well-formed: %v", format, err)
			}
		}
		if out := render(t, "json", fd, s1); !jsonValid(out) {
			t.Errorf("json invalid: %s", out)
		}
		checkJSONMatches(t, fd, s1)
	})
}

// TestEncoded checks that items written from Encode's bytes come out as
// written from their fields, in every format, including an item whose
// Atom entry takes its time from the feed.
func TestEncoded(t *testing.T) {
	feeds := []*Feed{sampleFeed(), {
		Title:   "Bare",
		HomeURL: "https://example.org/",
		Items:   []Item{{Title: "No id", URL: "https://example.org/a/"}, {Title: "Only text", Summary: "just text"}},
	}, {
		// Dated, so Atom is encoded and RSS copies its escaped title
		// and summary: empty ones too.
		Title:   "Dated",
		HomeURL: "https://example.org/",
		Items: []Item{
			{Title: "No summary <b>", URL: "https://example.org/a/", Published: tPub},
			{Summary: "No title & \"quotes\"\r\n", Updated: tUpd},
			{Title: "Neither summary nor link", ContentHTML: "<p>x</p>", Published: tPub},
			{Published: tPub},
		},
	}}
	for _, tc := range hostileCases {
		feeds = append(feeds, hostileFeed(tc.in))
	}
	for i, f := range feeds {
		enc := *f
		enc.Items = append([]Item(nil), f.Items...)
		for j := range enc.Items {
			enc.Items[j].Encoded = Encode(&enc.Items[j])
		}
		for _, format := range formats {
			want := render(t, format, f, selfAtom)
			if got := render(t, format, &enc, selfAtom); !bytes.Equal(got, want) {
				t.Errorf("feed %d, %s: encoded items give\n%s\nwant\n%s", i, format, got, want)
			}
		}
	}
}
