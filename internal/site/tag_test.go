package site

import (
	"os"
	"reflect"
	"slices"
	"testing"

	"digest/internal/entity"
	"digest/internal/memo"
	"digest/internal/story"
	"digest/internal/topic"
)

// TestFindTagsMemo checks that FindTags finds the same with entities from
// an earlier build's memo as without one, and that it believes the memo.
func TestFindTagsMemo(t *testing.T) {
	src, err := os.ReadFile("../../content/2025-01-28-iran-digest.txt")
	if err != nil {
		t.Fatal(err)
	}
	stories, _ := story.Parse("2025-01-28-iran-digest.txt", src)
	cfg := DefaultConfig()
	type result struct {
		labels [][]Label
		ents   [][]entity.Entity
	}
	find := func(mem *TagMemo) result {
		s := slices.Clone(stories)
		labels := FindTags(&cfg, s, mem)
		r := result{labels: labels}
		for _, st := range s {
			r.ents = append(r.ents, st.Entities)
		}
		return r
	}
	want := find(nil)
	cold := memo.Decode(nil, "test", len(stories))
	if got := find(&TagMemo{Entities: cold}); !reflect.DeepEqual(got, want) {
		t.Error("FindTags with an empty memo found other tags than without one")
	}
	warm := memo.Decode(cold.Encode(), "test", len(stories))
	if warm.Len() == 0 {
		t.Fatal("FindTags left nothing in its memo")
	}
	if got := find(&TagMemo{Entities: warm}); !reflect.DeepEqual(got, want) {
		t.Error("FindTags with entities from a memo found other tags than without one")
	}
	// Topics, and the sums Unify reads, from empty memos, then from
	// those that they leave: the same labels (Entities are left unset
	// when unified from the sums).
	mem := &TagMemo{
		Entities: memo.Decode(nil, "test", len(stories)),
		Topics:   &topic.Memo{Stories: memo.Decode(nil, "test", len(stories)), Version: "test"},
		Unified:  &entity.UnifyMemo{Version: "test"},
	}
	for round := range 2 {
		if got := find(mem); !reflect.DeepEqual(got.labels, want.labels) {
			t.Errorf("round %d: FindTags with topic and unify memos found other labels than without them", round)
		}
		if len(mem.Topics.Stats) == 0 || len(mem.Unified.Stats) == 0 {
			t.Fatal("FindTags left no sums")
		}
		mem = &TagMemo{
			Entities: memo.Decode(mem.Entities.Encode(), "test", len(stories)),
			Topics:   &topic.Memo{Stories: memo.Decode(mem.Topics.Stories.Encode(), "test", len(stories)), Stats: mem.Topics.Stats, Version: "test"},
			Unified:  &entity.UnifyMemo{Stats: mem.Unified.Stats, Version: "test"},
		}
	}

	// The memo is believed: a story whose entities are remembered as one
	// planted person gets that person, and only that, as its tag.
	planted := memo.Decode(nil, "test", len(stories))
	fake := entity.AppendBinary(nil, []entity.Entity{{Name: "Planted Person", Kind: entity.Person, Mentions: 3, Salience: 9, InLead: true}})
	for i := range stories {
		planted.Set(i, findKey(findInput(&stories[i])), fake)
	}
	got := find(&TagMemo{Entities: memo.Decode(planted.Encode(), "test", len(stories))})
	for i, labels := range got.labels {
		var names []string
		for _, l := range labels {
			if l.Kind != "topic" {
				names = append(names, l.Name)
			}
		}
		if !slices.Equal(names, []string{"Planted Person"}) {
			t.Errorf("story %d, its entities planted in the memo, has entity tags %q, want only the planted one", i, names)
		}
	}
}
