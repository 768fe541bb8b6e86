package site

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// ConfigFile is the name of the site configuration at the site root.
const ConfigFile = "digest.yaml"

// Config is the site configuration, read from digest.yaml.
type Config struct {
	Title          string `yaml:"title"`
	Description    string `yaml:"description"`
	BaseURL        string `yaml:"base_url"`
	Language       string `yaml:"language"`
	TimeZone       string `yaml:"time_zone"`
	StoriesPerPage int    `yaml:"stories_per_page"`
	FeedLength     int    `yaml:"feed_length"`
	// TagFeedContent is what tag feeds carry: "summary" (the default) or
	// "full". The site's own feeds always carry full content. Full tag
	// feeds repeat every story's body in each of its tags' feeds, three
	// formats each: for 10,000 stories, most of a gigabyte of output.
	TagFeedContent string `yaml:"tag_feed_content"`
	Author         string `yaml:"author"`
	// UnsafeHTML lets raw HTML in Markdown through (sanitised) instead of
	// escaping it.
	UnsafeHTML bool `yaml:"unsafe_html"`
	// Tagging finds entity and topic tags in every story. On by default.
	Tagging *bool `yaml:"tagging"`

	Location *time.Location `yaml:"-"`
	// TagRules curate tags, from tags.yaml.
	TagRules TagRules `yaml:"-"`
}

// DefaultConfig is the configuration of a site without digest.yaml, and the
// values a digest.yaml leaves out.
func DefaultConfig() Config {
	return Config{
		Title:          "Digest",
		BaseURL:        "http://localhost:1313/",
		Language:       "en",
		TimeZone:       "UTC",
		StoriesPerPage: 20,
		FeedLength:     20,
		TagFeedContent: "summary",
		Location:       time.UTC,
	}
}

// TaggingOn reports whether stories get entity and topic tags.
func (c *Config) TaggingOn() bool { return c.Tagging == nil || *c.Tagging }

var yamlErrLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parseYAML parses src, the contents of file, into its document node; a
// syntax error becomes "file:line: what is wrong".
func parseYAML(file string, src []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line, msg := 1, err.Error()
		if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
			if m[1] != "" {
				line, _ = strconv.Atoi(m[1])
			}
			msg = m[2]
		}
		return nil, fmt.Errorf("%s:%d: %s", file, line, msg)
	}
	return &doc, nil
}

// LoadConfig reads digest.yaml from the root of fsys. A missing file gives
// the defaults; an unknown key, a wrong type or a bad value is an error that
// names the file, line and column.
func LoadConfig(fsys fs.FS) (Config, error) {
	cfg := DefaultConfig()
	src, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		cfg.TagRules, err = LoadTagRules(fsys)
		return cfg, err
	}
	if err != nil {
		return cfg, err
	}
	if err := parseConfig(src, &cfg); err != nil {
		return cfg, err
	}
	if cfg.TagRules, err = LoadTagRules(fsys); err != nil {
		return cfg, err
	}
	return cfg, cfg.check()
}

func parseConfig(src []byte, cfg *Config) error {
	fail := func(line, col int, format string, args ...any) error {
		if col > 0 {
			return fmt.Errorf("%s:%d:%d: %s", ConfigFile, line, col, fmt.Sprintf(format, args...))
		}
		return fmt.Errorf("%s:%d: %s", ConfigFile, line, fmt.Sprintf(format, args...))
	}
	doc, err := parseYAML(ConfigFile, src)
	if err != nil {
		return err
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fail(root.Line, root.Column, "want key: value lines")
	}
	known := map[string]bool{}
	for _, k := range configKeys {
		known[k] = true
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !known[k.Value] {
			return fail(k.Line, k.Column, "unknown key %q (known: %s)", k.Value, strings.Join(configKeys, ", "))
		}
		one := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}
		if err := one.Decode(cfg); err != nil {
			return fail(v.Line, v.Column, "%s: %q is not a valid value", k.Value, v.Value)
		}
	}
	return nil
}

var configKeys = []string{"title", "description", "base_url", "language", "time_zone", "stories_per_page", "feed_length", "tag_feed_content", "author", "unsafe_html", "tagging"}

// check validates values and derives Location.
func (c *Config) check() error {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		return fmt.Errorf("%s: time_zone %q is not a known IANA time zone (e.g. UTC, Europe/London, Asia/Tehran)", ConfigFile, c.TimeZone)
	}
	c.Location = loc
	if c.StoriesPerPage < 1 {
		return fmt.Errorf("%s: stories_per_page must be at least 1", ConfigFile)
	}
	if c.TagFeedContent != "summary" && c.TagFeedContent != "full" {
		return fmt.Errorf("%s: tag_feed_content %q: want summary or full", ConfigFile, c.TagFeedContent)
	}
	if c.FeedLength < 1 {
		return fmt.Errorf("%s: feed_length must be at least 1", ConfigFile)
	}
	return c.SetBaseURL(c.BaseURL)
}

// SetBaseURL sets the absolute URL the site is published at; it always
// ends in a slash.
func (c *Config) SetBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base URL %q must be an absolute http or https URL, like https://example.org/news/", s)
	}
	u.RawQuery, u.Fragment = "", ""
	u.Path = strings.TrimRight(u.Path, "/") + "/"
	c.BaseURL = u.String()
	return nil
}

// Root is the path part of the base URL: the prefix of every link.
func (c *Config) Root() string {
	u, _ := url.Parse(c.BaseURL)
	return u.Path
}
