package site

import (
	"sync"

	"digest/internal/entity"
	"digest/internal/parallel"
	"digest/internal/story"
	"digest/internal/topic"
)

// FindTags finds the people, organisations, places and topics of every
// story, when the config has tagging on. It sets each story's Entities and
// returns its tag labels: the salient entities, then up to three topic
// keyphrases. Front-matter and header tags stay on the stories as they are;
// Assemble unifies them with these case-insensitively.
func FindTags(cfg *Config, stories []story.Story) [][]Label {
	labels := make([][]Label, len(stories))
	if !cfg.TaggingOn() || len(stories) == 0 {
		return labels
	}
	ents := make([][]entity.Entity, len(stories))
	docs := make([][]string, len(stories))
	parallel.For(len(stories), func(i int) error {
		s := &stories[i]
		paras := make([]string, 0, len(s.Blocks))
		for _, b := range s.Blocks {
			paras = append(paras, b.Text)
		}
		// A title the parser wrote from the lead would count the lead twice.
		title := ""
		if s.HeadlineLine > 0 || s.Markdown != "" {
			title = s.Title
		}
		ents[i] = entity.Find(title, paras)
		docs[i] = paras
		return nil
	})
	// Unify is sequential and Extract has sequential phases: run side by
	// side, they keep both cores busy. Neither touches what the other does.
	var wg sync.WaitGroup
	wg.Go(func() { entity.Unify(ents) })
	topics := topic.Extract(docs, 3)
	wg.Wait()
	for i := range stories {
		stories[i].Entities = ents[i]
		for _, e := range entity.Tags(ents[i]) {
			labels[i] = append(labels[i], Label{Name: e.Name, Kind: string(e.Kind), Aliases: e.Aliases})
		}
		for _, t := range topics[i] {
			labels[i] = append(labels[i], Label{Name: t, Kind: "topic"})
		}
	}
	return labels
}
