package render

import (
	"html/template"
	"strings"
	"testing"
	"unicode"
)

func TestCurl(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"We are open," he added.`, `“We are open,” he added.`},
		{`Iran's "hostage diplomacy" ('a tactic')`, `Iran’s “hostage diplomacy” (‘a tactic’)`},
		{`“Already curly” stays`, `“Already curly” stays`},
		{`no quotes`, `no quotes`},
		{`the '90s`, `the ‘90s`},
	}
	for _, tt := range tests {
		if got := curl(tt.in); got != tt.want {
			t.Errorf("curl(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// curlCases are strings for curl's fast path to meet as curlRunes, the
// rune-by-rune original, does.
var curlCases = []string{
	`"We are open," he added.`, `'quoted' & <b>"bold"</b>`, `—"dash" –'en' -"hy" /"sl" ("par") ['br'] {"cu"}`,
	"tab\t\"x\" nbsp\u00a0'y' ideo\u3000\"z\"", `é"é'é`, `"`, `'`, `""''`, "ab\xff\"cd'\xfe", "\x85\"x\"", "",
	// Long enough for writeCurled's byteScan.
	`"We are open," he added. 'quoted' & <b>"bold"</b> x+y=z` + "\x00 and 'so' on \"and\" on.", strings.Repeat("a long run of prose with nothing to change ", 3),
	strings.Repeat("invalid, no quote ", 6) + "\xff & <\x00>", strings.Repeat("invalid, quoted ", 6) + "\xfe'q' \"\xc0\"",
}

func TestCurlFast(t *testing.T) {
	for _, s := range curlCases {
		checkCurl(t, s)
	}
}

func FuzzCurl(f *testing.F) {
	for _, s := range curlCases {
		f.Add(s)
	}
	f.Fuzz(checkCurl)
}

func checkCurl(t *testing.T, s string) {
	want := s // curl as it was, rune by rune when there are quotes
	if strings.ContainsAny(s, "\"'") {
		want = curlRunes(s)
	}
	if got := curl(s); got != want {
		t.Errorf("curl(%q) = %q, want %q", s, got, want)
	}
	var got, esc outBuf
	writeCurled(&got, s)
	textEscaper.write(&esc, want)
	if got.String() != esc.String() {
		t.Errorf("writeCurled(%q) = %q, want %q", s, got.String(), esc.String())
	}
}

func TestPlain(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"  spaced \n out\ttext ", 50, "spaced out text"},
		{"one two three four five", 12, "one two…"},
		{"ééééé ééééé", 8, "ééééé…"},
		{"Iran, Tehran; Washington", 14, "Iran, Tehran…"},
		{"ééééé", 5, "ééééé"},
		{"éééééé", 5, "ééééé…"},
		{"ab\xff\xfecd", 6, "ab\xff\xfecd"},
		{"ab\xff\xfecdef", 6, "ab\xff\xfecd…"},
	}
	for _, tt := range tests {
		if got := plain(tt.in, tt.n); got != tt.want {
			t.Errorf("plain(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestNeedsSpaceFolding holds needsSpaceFolding to its plain definition:
// white space other than single spaces between words, with each byte
// read as a rune.
func TestNeedsSpaceFolding(t *testing.T) {
	want := func(s string) bool {
		prev := byte(' ')
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c != ' ' && unicode.IsSpace(rune(c)) || c == ' ' && prev == ' ' {
				return true
			}
			prev = c
		}
		return len(s) > 0 && s[len(s)-1] == ' '
	}
	ins := []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\u00a0b", "à la", "a\u0085", "\x85", "\xa0b", "ab\r", "a\vb\f", "a \x00b"}
	for c := range 256 {
		ins = append(ins, string([]byte{byte(c)}), "x"+string([]byte{byte(c)})+"y", string([]byte{byte(c), ' '}))
		// Where the word-at-a-time scan meets it, at every offset.
		for at := range 17 {
			b := []byte("abcdefgh ijklmnop qrstuvwx")
			b[at] = byte(c)
			ins = append(ins, string(b))
			// And a second space before or after it, across words too.
			if at > 0 {
				b[at-1] = ' '
				ins = append(ins, string(b))
			}
			b[at+1] = ' '
			ins = append(ins, string(b))
		}
	}
	for _, s := range ins {
		if got := needsSpaceFolding(s); got != want(s) {
			t.Errorf("needsSpaceFolding(%q) = %v, want %v", s, got, want(s))
		}
	}
}

// TestTextEscaper holds textEscaper to text/template's HTMLEscape.
func TestTextEscaper(t *testing.T) {
	var all []byte
	for c := range 256 {
		all = append(all, byte(c))
	}
	for _, s := range append(nasty, string(all)) {
		var got, want outBuf
		textEscaper.write(&got, s)
		template.HTMLEscape(&want, []byte(s))
		if got.String() != want.String() {
			t.Errorf("textEscaper(%q) = %q, want %q", s, got.String(), want.String())
		}
	}
}

func FuzzFoldSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a", "  spaced \n out\ttext ", "a\u00a0b\u0085c\u2003d\u3000", "ab\xff \xfe\xc2 cd", "\xc2\xa0x\xc2", "one",
		" trailing, as summaries are ", "\nleading and inner \u2003 em space ", "in\xe2\x80 valid\xc2\x85 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("foldSpace(%q) = %q, want %q", s, got, want)
		}
	})
}

// FuzzCutLine holds cutLine, which skips ASCII a word at a time, to
// counting characters one by one, as range does (an invalid byte is one).
func FuzzCutLine(f *testing.F) {
	for _, s := range []string{"", "short", "one two three four five six seven eight", "The minister’s plan — “a first step” — was set out on Tuesday, officials said.",
		"ééééé ééééé", "ab\xff\xfecdef", "Iran, Tehran; Washington and then some more words, here", "abcdefgh\xe2\x80ijklmnop qrstuvwxyz"} {
		for _, n := range []int{0, 5, 8, 9, 16, 20, 40} {
			f.Add(s, n)
		}
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 1000 {
			return
		}
		want := s
		if len(s) > n {
			cut, m := s, n
			for i := range s {
				if m == 0 {
					cut = s[:i]
					break
				}
				m--
			}
			if len(cut) != len(s) {
				if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
					cut = cut[:i]
				}
				want = strings.TrimRight(cut, ",;:") + "…"
			}
		}
		if got := cutLine(s, n); got != want {
			t.Errorf("cutLine(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}
