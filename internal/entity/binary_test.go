package entity

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestBinaryRoundTrip checks that Find's results come back from their
// encoding exactly, alias slices and all, for every golden text.
func TestBinaryRoundTrip(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txt")
	files = append(files, "../../content/2025-01-28-iran-digest.txt")
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
		// Each paragraph as its own story, and the whole text as one.
		texts := [][]string{lines}
		for _, l := range lines {
			texts = append(texts, []string{l})
		}
		for _, paras := range texts {
			want := Find("", paras)
			got, err := DecodeBinary(AppendBinary(nil, want))
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: decoded\n%#v\nwant\n%#v", f, got, want)
			}
		}
	}
}

func FuzzDecodeBinary(f *testing.F) {
	f.Add(AppendBinary(nil, Find("Tehran talks", []string{"Abbas Araghchi met the IAEA in Vienna on Monday.", "The UN said..."})))
	f.Add(AppendBinary(nil, []Entity{{Name: "A", Kind: Other, Aliases: []string{}}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ents, err := DecodeBinary(data)
		if err != nil {
			return
		}
		// Whatever decodes encodes to bytes that decode the same.
		again, err := DecodeBinary(AppendBinary(nil, ents))
		if err != nil || !reflect.DeepEqual(again, ents) {
			t.Errorf("%x decoded as %#v, and encoded again as %#v (%v)", data, ents, again, err)
		}
	})
}
