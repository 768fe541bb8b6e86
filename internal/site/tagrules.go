package site

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// TagsFile is the name of the tag curation file at the site root.
const TagsFile = "tags.yaml"

// A TagRule curates one tag, named by any of its spellings (matched
// without regard to case):
//
//	IRGC:
//	  rename: Islamic Revolutionary Guard Corps   # a name already in use merges the two
//	Kayhan:
//	  kind: organization                          # pin the kind
//	allies:
//	  hide: true                                  # never a tag
type TagRule struct {
	Rename string `yaml:"rename"`
	Kind   string `yaml:"kind"`
	Hide   bool   `yaml:"hide"`
}

// TagRules are the rules of tags.yaml by lower-cased tag name.
type TagRules map[string]TagRule

var tagKinds = map[string]bool{"person": true, "organization": true, "place": true, "other": true, "topic": true}

// LoadTagRules reads tags.yaml from the root of fsys; a missing file has no
// rules. Mistakes are errors naming the file, line and column.
func LoadTagRules(fsys fs.FS) (TagRules, error) {
	src, err := fs.ReadFile(fsys, TagsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	fail := func(n *yaml.Node, format string, args ...any) error {
		return fmt.Errorf("%s:%d:%d: %s", TagsFile, n.Line, n.Column, fmt.Sprintf(format, args...))
	}
	doc, err := parseYAML(TagsFile, src)
	if err != nil {
		return nil, err
	}
	rules := TagRules{}
	if len(doc.Content) == 0 {
		return rules, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fail(root, "want a tag name followed by its rules, like\n  IRGC:\n    rename: Islamic Revolutionary Guard Corps")
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if v.Kind != yaml.MappingNode {
			return nil, fail(v, "%s: want rename:, kind: or hide: under it", k.Value)
		}
		var r TagRule
		for j := 0; j+1 < len(v.Content); j += 2 {
			rk, rv := v.Content[j], v.Content[j+1]
			switch rk.Value {
			case "rename":
				r.Rename = strings.TrimSpace(rv.Value)
			case "kind":
				if !tagKinds[rv.Value] {
					return nil, fail(rv, "kind %q: want person, organization, place, other or topic", rv.Value)
				}
				r.Kind = rv.Value
			case "hide":
				if err := rv.Decode(&r.Hide); err != nil {
					return nil, fail(rv, "hide: want true or false")
				}
			default:
				return nil, fail(rk, "unknown rule %q (known: rename, kind, hide)", rk.Value)
			}
		}
		rules[strings.ToLower(strings.TrimSpace(k.Value))] = r
	}
	return rules, nil
}

// apply returns the label as the rules curate it, and false when it is
// hidden. A rename is followed once, so that the rules of the new name
// (its kind, say) apply too.
func (rs TagRules) apply(l Label) (Label, bool) {
	if len(rs) == 0 {
		return l, true // most sites: no lower-cased copy of every name
	}
	r, ok := rs[strings.ToLower(l.Name)]
	if !ok {
		return l, true
	}
	if r.Hide {
		return l, false
	}
	if r.Rename != "" && !strings.EqualFold(r.Rename, l.Name) {
		// Clipped: the aliases may be shared with other labels.
		l.Aliases = append(slices.Clip(l.Aliases), l.Name)
		l.Name = r.Rename
		if r2, ok := rs[strings.ToLower(r.Rename)]; ok {
			if r2.Hide {
				return l, false
			}
			if r2.Kind != "" {
				r.Kind = r2.Kind
			}
		}
	}
	if r.Kind != "" {
		l.Kind = r.Kind
		l.Pinned = true
	}
	return l, true
}
