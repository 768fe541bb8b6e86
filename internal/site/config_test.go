package site

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		wantErr string // substring; "" for success
		check   func(t *testing.T, c Config)
	}{
		{name: "missing file gives defaults", yaml: "-", check: func(t *testing.T, c Config) {
			if c.StoriesPerPage != 20 || c.FeedLength != 20 || c.Location == nil {
				t.Errorf("got %+v, want the defaults", c)
			}
		}},
		{name: "all keys", yaml: "title: T\ndescription: D\nbase_url: https://example.org/news\nlanguage: fa\ntime_zone: Asia/Tehran\nstories_per_page: 5\nfeed_length: 7\n", check: func(t *testing.T, c Config) {
			if c.Title != "T" || c.BaseURL != "https://example.org/news/" || c.Root() != "/news/" || c.Location.String() != "Asia/Tehran" || c.StoriesPerPage != 5 || c.FeedLength != 7 {
				t.Errorf("got %+v", c)
			}
		}},
		{name: "trailing slashes collapse", yaml: "base_url: https://example.org/a//\n", check: func(t *testing.T, c Config) {
			if c.BaseURL != "https://example.org/a/" {
				t.Errorf("BaseURL = %q, want https://example.org/a/", c.BaseURL)
			}
		}},
		{name: "unknown key", yaml: "title: T\ncolour: red\n", wantErr: `digest.yaml:2:1: unknown key "colour"`},
		{name: "wrong type", yaml: "stories_per_page: many\n", wantErr: "digest.yaml:1:19: stories_per_page"},
		{name: "syntax", yaml: "title: [unclosed\n", wantErr: "digest.yaml:"},
		{name: "unknown time zone", yaml: "time_zone: Mars/Olympus\n", wantErr: `time_zone "Mars/Olympus"`},
		{name: "relative base URL", yaml: "base_url: /news/\n", wantErr: "absolute http or https URL"},
		{name: "zero page size", yaml: "stories_per_page: 0\n", wantErr: "stories_per_page must be at least 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			if tt.yaml != "-" {
				fsys[ConfigFile] = &fstest.MapFile{Data: []byte(tt.yaml)}
			}
			c, err := LoadConfig(fsys)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			tt.check(t, c)
		})
	}
}
