package site

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"digest/internal/story"
)

func TestTagRules(t *testing.T) {
	fsys := fstest.MapFS{TagsFile: {Data: []byte("IRGC:\n  rename: Islamic Revolutionary Guard Corps\nislamic revolutionary guard corps:\n  kind: organization\nallies:\n  hide: true\nKayhan:\n  kind: organization\n")}}
	rules, err := LoadTagRules(fsys)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.TagRules = rules
	day := time.Date(2025, 1, 28, 0, 0, 0, 0, time.UTC)
	stories := []story.Story{
		{File: "a.txt", Title: "A", Date: day, DuplicateOf: -1, Tags: []string{"irgc", "Allies"}},
		{File: "b.txt", Title: "B", Date: day, DuplicateOf: -1, Tags: []string{"Islamic Revolutionary Guard Corps"}},
	}
	labels := [][]Label{{{Name: "Kayhan", Kind: "place"}}, nil}
	s, _ := Assemble(cfg, stories, labels)
	var got []string
	for _, tg := range s.Tags {
		got = append(got, tg.Name+"/"+tg.Kind+"/"+strings.Join(tg.Aliases, ","))
	}
	want := "Islamic Revolutionary Guard Corps/organization/irgc Kayhan/organization/"
	if strings.Join(got, " ") != want {
		t.Errorf("tags = %q\nwant   %q", strings.Join(got, " "), want)
	}
	if n := len(s.Tags[0].Stories); n != 2 {
		t.Errorf("merged tag has %d stories, want 2", n)
	}
}

func TestTagRulesErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"IRGC: yes\n", "tags.yaml:1:7: IRGC: want rename:, kind: or hide: under it"},
		{"IRGC:\n  kind: army\n", `tags.yaml:2:9: kind "army"`},
		{"IRGC:\n  colour: red\n", `tags.yaml:2:3: unknown rule "colour"`},
		{"IRGC:\n  hide: maybe\n", "tags.yaml:2:9: hide: want true or false"},
		{"[a, b\n", "tags.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			_, err := LoadTagRules(fstest.MapFS{TagsFile: {Data: []byte(tt.src)}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
