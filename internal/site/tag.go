package site

import (
	"sync"

	"digest/internal/entity"
	"digest/internal/memo"
	"digest/internal/parallel"
	"digest/internal/story"
	"digest/internal/topic"
)

// TagMemo is what tagging remembers from one build for the next (see
// FindTags); a nil field remembers nothing.
type TagMemo struct {
	Entities *memo.Table       // each story's entities as found, by findKey
	Topics   *topic.Memo       // the topics' sums and shares
	Unified  *entity.UnifyMemo // the sums Unify reads, and each story's tags
}

// FindTags finds the people, organisations, places and topics of every
// story, when the config has tagging on, and returns its tag labels: the
// salient entities, then up to three topic keyphrases. Front-matter and
// header tags stay on the stories as they are; Assemble unifies them with
// these case-insensitively.
//
// With no memo, it sets each story's Entities. With one, it takes from it
// what an earlier build found and leaves this build's there, and leaves
// Entities unset when it unifies from the memo: an edit build decodes only
// the entities of the stories it unifies again.
func FindTags(cfg *Config, stories []story.Story, mem *TagMemo) [][]Label {
	labels := make([][]Label, len(stories))
	if !cfg.TaggingOn() || len(stories) == 0 {
		return labels
	}
	if mem == nil {
		mem = &TagMemo{}
	}
	m := mem.Entities
	ents := make([][]entity.Entity, len(stories))
	docs := make([][]string, len(stories))
	var keys []memo.Key // of each story's input, when anything is remembered
	if m != nil || mem.Topics != nil || mem.Unified != nil {
		keys = make([]memo.Key, len(stories))
	}
	// With the sums Unify reads remembered, a story's entities are
	// encoded, not decoded: decoded only when unified again.
	var encoded [][]byte
	if mem.Unified != nil {
		encoded = make([][]byte, len(stories))
	}
	parallel.For(len(stories), func(i int) error {
		title, paras := findInput(&stories[i])
		switch {
		case keys == nil:
			ents[i] = entity.Find(title, paras)
		case encoded != nil:
			keys[i] = findKey(title, paras)
			encoded[i] = foundEntities(m, i, keys[i], title, paras)
		default:
			keys[i] = findKey(title, paras)
			ents[i] = findEntities(m, i, keys[i], title, paras)
		}
		docs[i] = paras
		return nil
	})
	// Unify is sequential and Extract has sequential phases: run side by
	// side, they keep both cores busy. Neither touches what the other does.
	var wg sync.WaitGroup
	var tags [][]entity.Entity
	if encoded != nil {
		find := func(i int) []entity.Entity {
			if e, err := entity.DecodeBinary(encoded[i]); err == nil {
				return e
			}
			return entity.Find(findInput(&stories[i])) // a damaged memo value
		}
		wg.Go(func() {
			tags = entity.UnifyAgain(keys, find,
				func(k memo.Key) ([]entity.Entity, bool) {
					b, ok := m.Lookup(k)
					if !ok {
						return nil, false
					}
					e, err := entity.DecodeBinary(b)
					return e, err == nil
				}, mem.Unified)
		})
	} else {
		wg.Go(func() { entity.Unify(ents) })
	}
	var picked [][]string
	if mem.Topics != nil {
		// The key of Find's input covers the paragraphs too.
		picked = topic.ExtractMemo(docs, keys, 3, mem.Topics)
	} else {
		picked = topic.Extract(docs, 3)
	}
	wg.Wait()
	// Each story's labels in a list made at its size, on all cores.
	parallel.For(len(stories), func(i int) error {
		// The salient entities: the tags UnifyAgain gave, or those of
		// the entities Unify rewrote.
		n := len(picked[i])
		if tags != nil {
			n += len(tags[i])
		} else {
			stories[i].Entities = ents[i]
			for range entity.Tags(ents[i]) {
				n++
			}
		}
		if n == 0 {
			return nil
		}
		l := make([]Label, 0, n)
		label := func(e *entity.Entity) {
			l = append(l, Label{Name: e.Name, Kind: string(e.Kind), Aliases: e.Aliases})
		}
		if tags != nil {
			for j := range tags[i] {
				label(&tags[i][j])
			}
		} else {
			for e := range entity.Tags(ents[i]) {
				label(e)
			}
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

// foundEntities is the encoding of entity.Find(title, paras), as
// findEntities remembers it in m, without decoding it.
func foundEntities(m *memo.Table, i int, key memo.Key, title string, paras []string) []byte {
	if b, ok := m.Lookup(key); ok {
		m.Set(i, key, b)
		return b
	}
	b := entity.AppendBinary(nil, entity.Find(title, paras))
	m.Set(i, key, b)
	return b
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
