package render

import (
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"digest/internal/parallel"
	"digest/internal/site"
)

// A full build renders every tag's chip and every story's card and ref
// before the pages, which show them: a story's card is on many lists,
// and is rendered for them once. An incremental build renders few pages,
// so it makes each fragment when a page first reads it instead
// (lazyFrags): most are never read.
//
// This is sound because versions then leave the fragments out, as they
// leave out a story's body, and a story's version holds the versions of
// its tags. A page that reads a story's card or ref depends on the story
// (its trace notes the story whose field it reads), whose version covers
// the story's fields and its tags'; one that reads a tag's chip depends
// on the tag. So a fragment is made traced, and used only if it read no
// more than that: a card or ref its story, its story's tags and their
// chips, a chip its tag alone. Anything else (another story, another
// fragment, a fragment the fast executor cannot run) leaves the page
// that read it untraced. An untraced page, which may read the fragments'
// fields some other way (html/template, a story printed whole, before
// which the fast executor stops), is rendered again once every fragment
// is in its field as a full build puts it (fill).

// A fragKind is a fragment a field holds.
type fragKind uint8

const (
	noFrag fragKind = iota
	cardFrag
	refFrag
	chipFrag
)

// fragOf is the fragment the field name of struct type t holds, if any.
func fragOf(t reflect.Type, name string) fragKind {
	switch {
	case t == siteStoryType && name == "Card":
		return cardFrag
	case t == siteStoryType && name == "Ref":
		return refFrag
	case t == siteTagType && name == "Chip":
		return chipFrag
	}
	return noFrag
}

var siteTagType = reflect.TypeFor[site.Tag]()

// A fragCtx is what an execution that reads fragments runs: a page, a
// card or ref, or a chip.
type fragCtx uint8

const (
	inPage fragCtx = iota
	inCardOrRef
	inChip
)

// lazyFrags makes the fragments of an incremental build's pages when
// they are first read.
type lazyFrags struct {
	r     *siteRenderer
	items map[*site.Story]*lazyItem // a story's card and ref are beside its feed entry
	chips map[*site.Tag]*lazyFrag

	fillOnce sync.Once
	fillErr  error
}

// A lazyFrag is a fragment made once, and whether a page may use it.
type lazyFrag struct {
	once sync.Once
	html template.HTML
	ok   bool
}

func newLazyFrags(r *siteRenderer) *lazyFrags {
	lf := &lazyFrags{r: r, items: r.lazy, chips: make(map[*site.Tag]*lazyFrag, len(r.site.Tags))}
	chips := make([]lazyFrag, len(r.site.Tags))
	for i, t := range r.site.Tags {
		lf.chips[t] = &chips[i]
	}
	return lf
}

// lazyOK reports whether the fast executor runs every fragment, which
// lazyFrags needs: otherwise fragments are rendered up front, and
// versions hold them.
func (t *Theme) lazyOK() bool {
	for _, name := range []string{"card", "ref", "chip"} {
		if t.fast.frag(name) == nil {
			return false
		}
	}
	return true
}

// fragment is the value of the fragment field k of recv, a *site.Story
// or *site.Tag, made by r.frags. It fails, leaving the page untraced,
// when the fragment cannot be used there.
func (r *runner) fragment(k fragKind, recv reflect.Value) (reflect.Value, error) {
	for recv.Kind() == reflect.Interface && !recv.IsNil() {
		recv = recv.Elem()
	}
	if recv.Kind() == reflect.Struct && recv.CanAddr() {
		recv = recv.Addr()
	}
	h, ok := template.HTML(""), false
	switch {
	case r.tr == nil:
		// Only traced executions read fragments so.
	case k == chipFrag && r.ctx != inChip && recv.Type() == tagPtrType && !recv.IsNil():
		h, ok = r.frags.chip((*site.Tag)(recv.UnsafePointer()))
	case k != chipFrag && r.ctx == inPage && recv.Type() == storyPtrType && !recv.IsNil():
		h, ok = r.frags.story((*site.Story)(recv.UnsafePointer()), k)
	}
	if !ok {
		if r.tr != nil {
			r.tr.bad = true
		}
		return reflect.Value{}, errUnsupported
	}
	return reflect.ValueOf(h), nil
}

// chip is t's chip, and whether a page may use it.
func (lf *lazyFrags) chip(t *site.Tag) (template.HTML, bool) {
	l := lf.chips[t]
	if l == nil {
		return "", false
	}
	l.once.Do(func() {
		l.html, l.ok = lf.make("chip", t, inChip, func(p unsafe.Pointer) bool { return p == unsafe.Pointer(t) })
	})
	return l.html, l.ok
}

// story is st's card or ref, and whether a page may use it.
func (lf *lazyFrags) story(st *site.Story, k fragKind) (template.HTML, bool) {
	it := lf.items[st]
	if it == nil {
		return "", false
	}
	l, name := &it.card, "card"
	if k == refFrag {
		l, name = &it.ref, "ref"
	}
	l.once.Do(func() {
		l.html, l.ok = lf.make(name, st, inCardOrRef, func(p unsafe.Pointer) bool {
			return p == unsafe.Pointer(st) || slices.Contains(st.Tags, (*site.Tag)(p))
		})
	})
	return l.html, l.ok
}

// make executes the fragment name with data, traced, and reports whether
// it read only objects that may, by may, and none of their lists or the
// site's fields.
func (lf *lazyFrags) make(name string, data any, ctx fragCtx, may func(unsafe.Pointer) bool) (template.HTML, bool) {
	lf.r.pm.frags.Add(1)
	prog := lf.r.theme.fast.frag(name)
	if prog == nil {
		return "", false
	}
	b := bufPool.Get().(*outBuf)
	b.Reset()
	defer bufPool.Put(b)
	tr := tracePool.Get().(*pageTrace)
	defer func() {
		clear(tr.objs)
		clear(tr.lists)
		*tr = pageTrace{objs: tr.objs[:0], lists: tr.lists[:0]}
		tracePool.Put(tr)
	}()
	if !prog.executeLazy(b, data, tr, lf, ctx) || tr.bad || tr.site != 0 || len(tr.lists) != 0 {
		return "", false
	}
	for _, p := range tr.objs {
		if !may(p) {
			return "", false
		}
	}
	return template.HTML(b.String()), true
}

// fill renders every fragment into its field, as a full build does, for
// the pages that read them some other way than lazyFrags.
func (lf *lazyFrags) fill() error {
	lf.fillOnce.Do(func() {
		lf.r.pm.fills.Add(1)
		lf.fillErr = lf.r.fragments()
	})
	return lf.fillErr
}

// fragments renders every tag's chip, then every story's card and ref,
// into their fields.
func (r *siteRenderer) fragments() error {
	s := r.site
	if err := parallel.For(len(s.Tags), func(i int) error {
		t := s.Tags[i]
		h, err := r.theme.fragment("chip", t)
		if err != nil {
			return fmt.Errorf("rendering the chip of tag %q: %w", t.Name, err)
		}
		t.Chip = h
		return nil
	}); err != nil {
		return err
	}
	return parallel.For(len(s.Stories), func(i int) error {
		st := s.Stories[i]
		var err error
		if st.Card, err = r.theme.fragment("card", st); err == nil {
			st.Ref, err = r.theme.fragment("ref", st)
		}
		if err != nil {
			return fmt.Errorf("%s:%d: rendering %q for a list: %w", st.File, st.FirstLine, st.Title, err)
		}
		return nil
	})
}
