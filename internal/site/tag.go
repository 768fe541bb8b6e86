package site

import (
	"sync"

	"digest/internal/entity"
	"digest/internal/memo"
	"digest/internal/parallel"
	"digest/internal/story"
	"digest/internal/topic"
)

// FindTags finds the people, organisations, places and topics of every
// story, when the config has tagging on. It sets each story's Entities and
// returns its tag labels: the salient entities, then up to three topic
// keyphrases. Front-matter and header tags stay on the stories as they are;
// Assemble unifies them with these case-insensitively. Entities found by
// an earlier build are taken from m, and this build's are left in it;
// topics are worked out from what an earlier build left in topics (see
// topic.Memo). Either may be nil.
func FindTags(cfg *Config, stories []story.Story, m *memo.Table, topics *topic.Memo) [][]Label {
	labels := make([][]Label, len(stories))
	if !cfg.TaggingOn() || len(stories) == 0 {
		return labels
	}
	ents := make([][]entity.Entity, len(stories))
	docs := make([][]string, len(stories))
	var keys []memo.Key // of each story's input, when anything is remembered
	if m != nil || topics != nil {
		keys = make([]memo.Key, len(stories))
	}
	parallel.For(len(stories), func(i int) error {
		title, paras := findInput(&stories[i])
		if keys == nil {
			ents[i] = entity.Find(title, paras)
		} else {
			keys[i] = findKey(title, paras)
			ents[i] = findEntities(m, i, keys[i], title, paras)
		}
		docs[i] = paras
		return nil
	})
	// Unify is sequential and Extract has sequential phases: run side by
	// side, they keep both cores busy. Neither touches what the other does.
	var wg sync.WaitGroup
	wg.Go(func() { entity.Unify(ents) })
	var picked [][]string
	if topics != nil {
		// The key of Find's input covers the paragraphs too.
		picked = topic.ExtractMemo(docs, keys, 3, topics)
	} else {
		picked = topic.Extract(docs, 3)
	}
	wg.Wait()
	// Each story's labels in a list made at its size, on all cores.
	parallel.For(len(stories), func(i int) error {
		stories[i].Entities = ents[i]
		n := len(picked[i])
		for range entity.Tags(ents[i]) {
			n++
		}
		if n == 0 {
			return nil
		}
		l := make([]Label, 0, n)
		for e := range entity.Tags(ents[i]) {
			l = append(l, Label{Name: e.Name, Kind: string(e.Kind), Aliases: e.Aliases})
		}
		for _, t := range picked[i] {
			l = append(l, Label{Name: t, Kind: "topic"})
		}
		labels[i] = l
		return nil
	})
	return labels
}

// findEntities is entity.Find(title, paras), remembered in m by key, the
// hash of its input (see findKey): Find reads nothing else. It is encoded
// here, before Unify changes it.
func findEntities(m *memo.Table, i int, key memo.Key, title string, paras []string) []entity.Entity {
	if m == nil {
		return entity.Find(title, paras)
	}
	if b, ok := m.Lookup(key); ok {
		if ents, err := entity.DecodeBinary(b); err == nil {
			m.Set(i, key, b)
			return ents
		}
	}
	ents := entity.Find(title, paras)
	m.Set(i, key, entity.AppendBinary(nil, ents))
	return ents
}

// findInput is what entity.Find reads of s.
func findInput(s *story.Story) (title string, paras []string) {
	paras = make([]string, 0, len(s.Blocks))
	for _, b := range s.Blocks {
		paras = append(paras, b.Text)
	}
	// A title the parser wrote from the lead would count the lead twice.
	if s.HeadlineLine > 0 || s.Markdown != "" {
		title = s.Title
	}
	return title, paras
}

// findKey is the memo key of entity.Find(title, paras).
func findKey(title string, paras []string) memo.Key {
	var h memo.Hasher
	h.String(title)
	h.Int(len(paras))
	for _, p := range paras {
		h.String(p)
	}
	return h.Key()
}
