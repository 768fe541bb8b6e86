package render

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"time"
	"unsafe"

	"digest/internal/site"
)

// The fast executor runs a theme's templates after html/template has
// escaped them, without text/template's per-action reflect calls: the
// escaped parse tree is compiled once into closures that look fields up
// by cached index, call the theme's functions through their static types
// and run the escapers natively (exec_escape.go).
//
// It covers what themes commonly use and otherwise steps aside: a
// template it cannot compile is always executed by html/template, and an
// execution that meets anything unexpected (an error from a function, a
// nil pointer, a value it does not know how to print, …) is thrown away
// and run again by html/template, which then produces the output or the
// error it always has. Execution only ever fails that way, so the fast
// executor needs no error messages of its own.

// A program is one compiled template.
type program struct {
	name  string
	run   execFn
	nvars int // variable slots, $ included
}

type (
	// execFn runs a node, writing to r.b.
	execFn func(r *runner, dot reflect.Value) error
	// evalFn evaluates a pipeline or an argument.
	evalFn func(r *runner, dot reflect.Value) (reflect.Value, error)
	// cmdFn evaluates a command of a pipeline; final is the previous
	// command's value, if it has one.
	cmdFn func(r *runner, dot, final reflect.Value) (reflect.Value, error)
)

// runner is the state of one execution.
type runner struct {
	b     *outBuf
	vars  []reflect.Value // frames of variable slots, one per template call
	base  int             // the current frame's first slot
	depth int
	// scratch holds an appender's string while it is escaped.
	scratch []byte
	// tr records what the execution reads, for an incremental build;
	// nil otherwise (see trace.go).
	tr *pageTrace
	// frags, when set, makes the fragments a traced execution reads
	// (see lazyFrags), in ctx: what is executing, a page or a fragment.
	frags *lazyFrags
	ctx   fragCtx
}

var runnerPool = sync.Pool{New: func() any { return new(runner) }}

// maxDepth bounds template recursion; text/template's error for deeper
// calls comes from the fallback.
const maxDepth = 10000

var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

// execute runs p with data into b and reports whether it succeeded. On
// failure b holds partial output, which the caller must discard.
func (p *program) execute(b *outBuf, data any) (ok bool) {
	return p.executeTraced(b, data, nil)
}

// executeTraced is execute recording into tr, when not nil, every tracked
// object the execution reads.
func (p *program) executeTraced(b *outBuf, data any, tr *pageTrace) (ok bool) {
	return p.executeLazy(b, data, tr, nil, inPage)
}

// executeLazy is executeTraced reading the fragments through frags, when
// not nil, as ctx may.
func (p *program) executeLazy(b *outBuf, data any, tr *pageTrace, frags *lazyFrags, ctx fragCtx) (ok bool) {
	r := runnerPool.Get().(*runner)
	r.b, r.tr, r.frags, r.ctx = b, tr, frags, ctx
	defer func() {
		// A panic in a theme function, or anything else unforeseen,
		// is html/template's to report.
		if recover() != nil {
			ok = false
		}
		clear(r.vars)
		r.vars, r.base, r.depth, r.b, r.tr, r.frags = r.vars[:0], 0, 0, nil, nil, nil
		runnerPool.Put(r)
	}()
	return r.call(p, reflect.ValueOf(data)) == nil
}

// call runs p in a new frame whose $ is dot.
func (r *runner) call(p *program, dot reflect.Value) error {
	if r.depth >= maxDepth {
		return errUnsupported
	}
	base := r.base
	r.base = len(r.vars)
	r.vars = append(r.vars, make([]reflect.Value, p.nvars)...)
	r.vars[r.base] = dot
	r.depth++
	err := p.run(r, dot)
	r.depth--
	clear(r.vars[r.base:])
	r.vars = r.vars[:r.base]
	r.base = base
	return err
}

// fastTheme holds the compiled templates of a theme.
type fastTheme struct {
	pages map[string]*program // by page template; absent: html/template only
	frags map[string]*program // by fragment name
	// fallbacks counts executions handed back to html/template.
	fallbacks atomic.Int64
}

// compileTheme compiles what it can of th's templates. Escaping happens
// on first execution, so each template is first executed on nil data
// into io.Discard; an escaping error leaves the template to
// html/template, which reports the same error when the page is rendered.
// apps holds appenders for some of funcs; see appenders.
func compileTheme(th *Theme, funcs template.FuncMap, apps map[string]any) *fastTheme {
	ft := &fastTheme{pages: map[string]*program{}, frags: map[string]*program{}}
	for name, set := range th.pages {
		if p, err := compileWith(set, name, funcs, apps); err == nil {
			ft.pages[name] = p
		}
	}
	for _, name := range []string{"card", "chip", "ref", "masthead", "footer"} {
		if p, err := compileWith(th.frags, name, funcs, apps); err == nil {
			ft.frags[name] = p
		}
	}
	return ft
}

// compileTemplate escapes the named template of set, whose functions are
// funcs, and compiles it.
func compileTemplate(set *template.Template, name string, funcs template.FuncMap) (p *program, err error) {
	return compileWith(set, name, funcs, nil)
}

// compileWith is compileTemplate with appenders for some of funcs.
func compileWith(set *template.Template, name string, funcs template.FuncMap, apps map[string]any) (p *program, err error) {
	defer func() {
		if e := recover(); e != nil {
			p, err = nil, unsupported("panic: %v", e)
		}
	}()
	var escErr *template.Error
	if err := set.ExecuteTemplate(io.Discard, name, nil); errors.As(err, &escErr) {
		return nil, err
	}
	c := &compiler{set: set, funcs: funcs, apps: apps, progs: map[string]*program{}}
	if p, err = c.template(name); err != nil {
		return nil, err
	}
	return p, nil
}

// A compiler turns the escaped trees of one template set into programs.
type compiler struct {
	set   *template.Template
	funcs template.FuncMap
	apps  map[string]any      // appenders of some of funcs, by name
	progs map[string]*program // compiled or being compiled, by name
	// vars is the variable stack of the template being compiled: a
	// variable's slot is its position, as text/template pushes and pops
	// them in the same order the parser scopes them.
	vars    []string
	maxVars int
}

func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUnsupported, fmt.Sprintf(format, args...))
}

func (c *compiler) template(name string) (*program, error) {
	if p, ok := c.progs[name]; ok {
		return p, nil // recursion sees the program before its body is done
	}
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return nil, unsupported("no template %q", name)
	}
	p := &program{name: name}
	c.progs[name] = p
	vars, maxVars := c.vars, c.maxVars
	c.vars, c.maxVars = []string{"$"}, 1
	run, err := c.list(t.Tree.Root)
	p.run, p.nvars = run, c.maxVars
	c.vars, c.maxVars = vars, maxVars
	return p, err
}

func (c *compiler) push(name string) int {
	c.vars = append(c.vars, name)
	c.maxVars = max(c.maxVars, len(c.vars))
	return len(c.vars) - 1
}

func (c *compiler) slot(name string) (int, error) {
	for i := len(c.vars) - 1; i >= 0; i-- {
		if c.vars[i] == name {
			return i, nil
		}
	}
	return 0, unsupported("undefined variable %s", name)
}

func (c *compiler) node(n parse.Node) (execFn, error) {
	switch n := n.(type) {
	case *parse.ListNode:
		return c.list(n)
	case *parse.TextNode:
		text := n.Text
		return func(r *runner, _ reflect.Value) error {
			r.b.Write(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return func(*runner, reflect.Value) error { return nil }, nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.templateNode(n)
	case *parse.BreakNode:
		return func(*runner, reflect.Value) error { return errBreak }, nil
	case *parse.ContinueNode:
		return func(*runner, reflect.Value) error { return errContinue }, nil
	}
	return nil, unsupported("node %s", n)
}

func (c *compiler) list(l *parse.ListNode) (execFn, error) {
	if l == nil {
		return func(*runner, reflect.Value) error { return nil }, nil
	}
	// Text is written by the list itself, before the node it precedes:
	// a closure call fewer for every text node. Comments write nothing.
	var items []listItem
	var text []byte
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			text = append(text, n.Text...)
			continue
		case *parse.CommentNode:
			continue
		}
		fn, err := c.node(n)
		if err != nil {
			return nil, err
		}
		items = append(items, listItem{text, fn})
		text = nil
	}
	if len(text) > 0 {
		items = append(items, listItem{text, nil})
	}
	switch {
	case len(items) == 0:
		return func(*runner, reflect.Value) error { return nil }, nil
	case len(items) == 1 && items[0].text == nil:
		return items[0].fn, nil
	case len(items) == 1 && items[0].fn == nil:
		text := items[0].text
		return func(r *runner, _ reflect.Value) error {
			r.b.Write(text)
			return nil
		}, nil
	}
	return func(r *runner, dot reflect.Value) error {
		for i := range items {
			it := &items[i]
			if it.text != nil {
				r.b.Write(it.text)
			}
			if it.fn != nil {
				if err := it.fn(r, dot); err != nil {
					return err
				}
			}
		}
		return nil
	}, nil
}

// A listItem is a node of a list with the text before it; the last one
// may be text alone, with no node.
type listItem struct {
	text []byte
	fn   execFn
}

// action compiles {{pipeline}}: html/template has appended escapers to
// every action that prints, and they print the value here.
func (c *compiler) action(n *parse.ActionNode) (execFn, error) {
	cmds := n.Pipe.Cmds
	var chain []escaper
	for len(cmds) > 0 {
		id, ok := cmds[len(cmds)-1].Args[0].(*parse.IdentifierNode)
		if !ok || len(cmds[len(cmds)-1].Args) != 1 {
			break
		}
		e, ok := escapers[id.Ident]
		if !ok {
			break
		}
		chain = append(chain, e)
		cmds = cmds[:len(cmds)-1]
	}
	if len(n.Pipe.Decl) > 0 {
		if len(chain) > 0 {
			return nil, unsupported("escaped declaration %s", n)
		}
		pipe, err := c.pipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		return func(r *runner, dot reflect.Value) error {
			_, err := pipe(r, dot)
			return err
		}, nil
	}
	if len(chain) == 0 || len(cmds) == 0 {
		return nil, unsupported("unescaped action %s", n)
	}
	slices.Reverse(chain)
	if len(cmds) == 1 && chain[0] != escJSVal {
		// {{f .Arg}} with an appender: its bytes escaped, never made a
		// string.
		af, err := c.appendCall(cmds[0])
		if err != nil {
			return nil, err
		}
		if af != nil {
			return func(r *runner, dot reflect.Value) error {
				b, err := af(r, dot, r.scratch[:0])
				if err != nil {
					return err
				}
				r.scratch = b
				// Escaping only reads the string, and writes to r.b.
				return escapeString(r.b, chain, unsafe.String(unsafe.SliceData(b), len(b)), contentPlain)
			}, nil
		}
		// {{f .Arg}} with a function of a string: its string escaped
		// as it is, never made a reflect.Value (an allocation).
		sf, err := c.stringCall(cmds[0])
		if err != nil {
			return nil, err
		}
		if rp := plainReplacer(chain); sf != nil && rp != nil {
			// What escapeString does with one such escaper.
			return func(r *runner, dot reflect.Value) error {
				s, err := sf(r, dot, reflect.Value{})
				if err != nil {
					return err
				}
				rp.write(r.b, s)
				return nil
			}, nil
		}
		if sf != nil {
			return func(r *runner, dot reflect.Value) error {
				s, err := sf(r, dot, reflect.Value{})
				if err != nil {
					return err
				}
				return escapeString(r.b, chain, s, contentPlain)
			}, nil
		}
	}
	if len(cmds) == 1 {
		// The common {{.Field}} or {{f .Arg}}: the command called
		// straight, one closure fewer. escapeChain looks into an
		// interface as unwrapEmptyInterface would.
		cmd, err := c.command(cmds[0], false)
		if err != nil {
			return nil, err
		}
		if rp := plainReplacer(chain); rp != nil && isDotField(cmds[0]) {
			// {{.Name}} of a string field, the commonest action:
			// read from the struct and escaped, no reflect.Value made.
			step := &fieldStep{name: cmds[0].Args[0].(*parse.FieldNode).Ident[0]}
			return func(r *runner, dot reflect.Value) error {
				if s, typ, ok := step.str(r, dot); ok {
					if typ == stringTypeID {
						rp.write(r.b, s)
						return nil
					}
					if chain[0] == escHTML { // safe HTML in text: as it is
						r.b.WriteString(s)
						return nil
					}
				}
				v, err := step.eval(r, dot)
				if err != nil {
					return err
				}
				return r.escape(chain, v)
			}, nil
		}
		if rp := plainReplacer(chain); rp != nil {
			// {{.Field}} of a string in text or an attribute: what
			// escapeChain would do for a plain string, directly.
			return func(r *runner, dot reflect.Value) error {
				v, err := cmd(r, dot, reflect.Value{})
				if err != nil {
					return err
				}
				if v.Kind() == reflect.String {
					switch typeID(v.Type()) {
					case stringTypeID:
						rp.write(r.b, v.String())
						return nil
					case htmlTypeID:
						if chain[0] == escHTML { // safe HTML in text: as it is
							r.b.WriteString(v.String())
							return nil
						}
					}
				}
				return r.escape(chain, v)
			}, nil
		}
		return func(r *runner, dot reflect.Value) error {
			v, err := cmd(r, dot, reflect.Value{})
			if err != nil {
				return err
			}
			return r.escape(chain, v)
		}, nil
	}
	pipe, err := c.cmds(cmds)
	if err != nil {
		return nil, err
	}
	return func(r *runner, dot reflect.Value) error {
		v, err := pipe(r, dot)
		if err != nil {
			return err
		}
		return r.escape(chain, v)
	}, nil
}

// isDotField reports whether cmd is .Name alone, on dot.
func isDotField(cmd *parse.CommandNode) bool {
	f, ok := cmd.Args[0].(*parse.FieldNode)
	return ok && len(cmd.Args) == 1 && len(f.Ident) == 1
}

func (c *compiler) ifOrWith(pipe *parse.PipeNode, list, elseList *parse.ListNode, with bool) (execFn, error) {
	mark := len(c.vars)
	defer func() { c.vars = c.vars[:mark] }()
	cond, err := c.pipeline(pipe)
	if err != nil {
		return nil, err
	}
	declared := len(c.vars)
	then, err := c.list(list)
	if err != nil {
		return nil, err
	}
	// The parser lets the else branch see what the other declared; at
	// run time it is not there.
	c.vars = c.vars[:declared]
	var els execFn
	if elseList != nil {
		if els, err = c.list(elseList); err != nil {
			return nil, err
		}
	}
	// {{if .Name}}, the commonest condition: the field looked up
	// here, as the pipeline would, rather than through two closures.
	var step *fieldStep
	if len(pipe.Decl) == 0 && len(pipe.Cmds) == 1 && isDotField(pipe.Cmds[0]) {
		step = &fieldStep{name: pipe.Cmds[0].Args[0].(*parse.FieldNode).Ident[0]}
	}
	return func(r *runner, dot reflect.Value) error {
		var v reflect.Value
		var err error
		if step != nil {
			v, err = step.eval(r, dot)
			v = unwrapEmptyInterface(v)
		} else {
			v, err = cond(r, dot)
		}
		if err != nil {
			return err
		}
		truth, ok := isTrue(indirectInterface(v))
		if !ok {
			return errUnsupported
		}
		switch {
		case truth && with:
			return then(r, v)
		case truth:
			return then(r, dot)
		case els != nil:
			return els(r, dot)
		}
		return nil
	}, nil
}

func (c *compiler) rangeNode(n *parse.RangeNode) (execFn, error) {
	mark := len(c.vars)
	defer func() { c.vars = c.vars[:mark] }()
	pipe, err := c.pipeline(n.Pipe)
	if err != nil {
		return nil, err
	}
	// The slots the pipeline's variables took: index then element with
	// two, the element with one.
	var slots []int
	for i, d := range n.Pipe.Decl {
		if !n.Pipe.IsAssign {
			slots = append(slots, mark+i)
			continue
		}
		s, err := c.slot(d.Ident[0])
		if err != nil {
			return nil, err
		}
		slots = append(slots, s)
	}
	declared := len(c.vars)
	body, err := c.list(n.List)
	if err != nil {
		return nil, err
	}
	c.vars = c.vars[:declared]
	var els execFn
	if n.ElseList != nil {
		if els, err = c.list(n.ElseList); err != nil {
			return nil, err
		}
	}
	return func(r *runner, dot reflect.Value) error {
		v, err := pipe(r, dot)
		if err != nil {
			return err
		}
		val, _ := indirect(v)
		ran := false
		switch val.Kind() {
		case reflect.Array, reflect.Slice:
			// iterate, inlined for the commonest range.
			for i := range val.Len() {
				ran = true
				elem := val.Index(i)
				switch len(slots) {
				case 1:
					r.vars[r.base+slots[0]] = elem
				case 2:
					r.vars[r.base+slots[0]] = reflect.ValueOf(i)
					r.vars[r.base+slots[1]] = elem
				}
				if err := body(r, elem); err != nil && err != errContinue {
					if err == errBreak {
						return nil
					}
					return err
				}
			}
		case reflect.Map:
			keys := val.MapKeys()
			if !sortKeys(keys) {
				return errUnsupported
			}
			for _, k := range keys {
				ran = true
				if stop, err := r.iterate(slots, body, k, val.MapIndex(k)); stop || err != nil {
					return err
				}
			}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if len(slots) > 1 {
				return errUnsupported
			}
			if ran, err = r.rangeInt(slots, body, val); ran || err != nil {
				return err
			}
		case reflect.Invalid:
			// A nil map and the like: nothing to range over.
		default:
			return errUnsupported
		}
		if !ran && els != nil {
			return els(r, dot)
		}
		return nil
	}, nil
}

// rangeInt ranges over an integer, reporting whether there was an
// iteration.
func (r *runner) rangeInt(slots []int, body execFn, val reflect.Value) (ran bool, err error) {
	for e := range val.Seq() {
		ran = true
		if stop, err := r.iterate(slots, body, reflect.Value{}, e); stop || err != nil {
			return ran, err
		}
	}
	return ran, nil
}

// iterate runs one iteration of a range's body.
func (r *runner) iterate(slots []int, body execFn, index, elem reflect.Value) (stop bool, err error) {
	switch len(slots) {
	case 1:
		r.vars[r.base+slots[0]] = elem
	case 2:
		r.vars[r.base+slots[0]] = index
		r.vars[r.base+slots[1]] = elem
	}
	switch err := body(r, elem); err {
	case nil, errContinue:
		return false, nil
	case errBreak:
		return true, nil
	default:
		return true, err
	}
}

// sortKeys sorts map keys as text/template (internal/fmtsort) does, for
// the kinds of keys where that is simply their order.
func sortKeys(keys []reflect.Value) bool {
	if len(keys) == 0 {
		return true
	}
	switch keys[0].Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Uint(), b.Uint()) })
	default:
		return false
	}
	return true
}

func (c *compiler) templateNode(n *parse.TemplateNode) (execFn, error) {
	p, err := c.template(n.Name)
	if err != nil {
		return nil, err
	}
	var pipe evalFn
	if n.Pipe != nil {
		if pipe, err = c.pipeline(n.Pipe); err != nil {
			return nil, err
		}
	}
	return func(r *runner, dot reflect.Value) error {
		var v reflect.Value // no pipeline: the template gets nil data
		if pipe != nil {
			var err error
			if v, err = pipe(r, dot); err != nil {
				return err
			}
		}
		return r.call(p, v)
	}, nil
}

// pipeline compiles a pipeline with its variable declarations.
func (c *compiler) pipeline(p *parse.PipeNode) (evalFn, error) {
	if p == nil {
		return func(*runner, reflect.Value) (reflect.Value, error) { return reflect.Value{}, nil }, nil
	}
	eval, err := c.cmds(p.Cmds)
	if err != nil {
		return nil, err
	}
	if len(p.Decl) == 0 {
		return eval, nil
	}
	var slots []int
	for _, d := range p.Decl {
		if p.IsAssign {
			s, err := c.slot(d.Ident[0])
			if err != nil {
				return nil, err
			}
			slots = append(slots, s)
		} else {
			slots = append(slots, c.push(d.Ident[0]))
		}
	}
	return func(r *runner, dot reflect.Value) (reflect.Value, error) {
		v, err := eval(r, dot)
		if err != nil {
			return v, err
		}
		for _, s := range slots {
			r.vars[r.base+s] = v
		}
		return v, nil
	}, nil
}

// cmds compiles the commands of a pipeline, each one's value the next
// one's final argument.
func (c *compiler) cmds(cmds []*parse.CommandNode) (evalFn, error) {
	if len(cmds) == 0 {
		return nil, unsupported("empty pipeline")
	}
	fns := make([]cmdFn, len(cmds))
	for i, cmd := range cmds {
		fn, err := c.command(cmd, i > 0)
		if err != nil {
			return nil, err
		}
		fns[i] = fn
	}
	if len(fns) == 1 {
		fn := fns[0]
		return func(r *runner, dot reflect.Value) (reflect.Value, error) {
			v, err := fn(r, dot, reflect.Value{})
			return unwrapEmptyInterface(v), err
		}, nil
	}
	return func(r *runner, dot reflect.Value) (reflect.Value, error) {
		var v reflect.Value
		for _, fn := range fns {
			var err error
			if v, err = fn(r, dot, v); err != nil {
				return v, err
			}
			v = unwrapEmptyInterface(v)
		}
		return v, nil
	}, nil
}

// unwrapEmptyInterface digs into an interface{} as evalPipeline does.
func unwrapEmptyInterface(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
		return v.Elem()
	}
	return v
}

// command compiles a command; hasFinal says whether the pipeline passes
// it a final argument.
func (c *compiler) command(cmd *parse.CommandNode, hasFinal bool) (cmdFn, error) {
	args := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.fieldChain(nil, n.Ident, args, hasFinal)
	case *parse.ChainNode:
		recv, err := c.chainReceiver(n)
		if err != nil {
			return nil, err
		}
		return c.fieldChain(recv, n.Field, args, hasFinal)
	case *parse.VariableNode:
		return c.variable(n, args, hasFinal)
	case *parse.IdentifierNode:
		return c.function(n.Ident, args, hasFinal)
	}
	if len(args) > 0 || hasFinal {
		return nil, unsupported("argument to non-function %s", cmd)
	}
	switch n := cmd.Args[0].(type) {
	case *parse.PipeNode:
		p, err := c.pipeline(n)
		if err != nil {
			return nil, err
		}
		return func(r *runner, dot, _ reflect.Value) (reflect.Value, error) { return p(r, dot) }, nil
	case *parse.DotNode:
		return func(_ *runner, dot, _ reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	case *parse.BoolNode, *parse.StringNode, *parse.NumberNode:
		v, err := constant(n)
		if err != nil {
			return nil, err
		}
		return func(*runner, reflect.Value, reflect.Value) (reflect.Value, error) { return v, nil }, nil
	}
	return nil, unsupported("command %s", cmd)
}

// constant is the value of a constant where no type is wanted: text/
// template's idealConstant, for the numbers it resolves plainly.
func constant(n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), nil
	case *parse.NumberNode:
		switch {
		case n.IsComplex:
		case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
			return reflect.ValueOf(n.Float64), nil
		case n.IsInt && int64(int(n.Int64)) == n.Int64:
			return reflect.ValueOf(int(n.Int64)), nil
		}
	}
	return reflect.Value{}, unsupported("constant %s", n)
}

func isRuneInt(s string) bool {
	return len(s) > 0 && s[0] == '\''
}

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

func (c *compiler) chainReceiver(n *parse.ChainNode) (evalFn, error) {
	switch n.Node.(type) {
	case *parse.FieldNode, *parse.VariableNode, *parse.PipeNode, *parse.IdentifierNode, *parse.ChainNode, *parse.DotNode:
		return c.rawArg(n.Node)
	}
	return nil, unsupported("chain %s", n)
}

func (c *compiler) variable(n *parse.VariableNode, args []parse.Node, hasFinal bool) (cmdFn, error) {
	slot, err := c.slot(n.Ident[0])
	if err != nil {
		return nil, err
	}
	recv := func(r *runner, _ reflect.Value) (reflect.Value, error) { return r.vars[r.base+slot], nil }
	if len(n.Ident) == 1 {
		if len(args) > 0 || hasFinal {
			return nil, unsupported("argument to variable %s", n)
		}
		return func(r *runner, dot, _ reflect.Value) (reflect.Value, error) { return recv(r, dot) }, nil
	}
	return c.fieldChain(recv, n.Ident[1:], args, hasFinal)
}

// fieldChain compiles .A.B.C on dot, or on recv's value when recv is
// set. Only the last element could take arguments; when it is a method
// that does, or a field given some, execution falls back.
func (c *compiler) fieldChain(recv evalFn, idents []string, args []parse.Node, hasFinal bool) (cmdFn, error) {
	steps := make([]*fieldStep, len(idents))
	for i, id := range idents {
		steps[i] = &fieldStep{name: id}
	}
	if len(args) > 0 || hasFinal {
		// Methods with arguments are rare enough in themes to leave to
		// html/template.
		return nil, unsupported("arguments to %v", idents)
	}
	if recv == nil && len(steps) == 1 {
		// .Name on dot, the most common chain of all.
		step := steps[0]
		return func(r *runner, dot, _ reflect.Value) (reflect.Value, error) { return step.eval(r, dot) }, nil
	}
	return func(r *runner, dot, _ reflect.Value) (reflect.Value, error) {
		v := dot
		if recv != nil {
			var err error
			if v, err = recv(r, dot); err != nil {
				return v, err
			}
		}
		for _, s := range steps {
			var err error
			if v, err = s.eval(r, v); err != nil {
				return v, err
			}
		}
		return v, nil
	}, nil
}

// A fieldStep is one .Name of a chain, with what the name resolved to on
// the type it last met.
type fieldStep struct {
	name  string
	cache atomic.Pointer[fieldEntry]
}

type fieldEntry struct {
	typ    unsafe.Pointer // the receiver's type after indirection; see typeID
	addr   bool           // whether it was addressable: *T has more methods
	method int            // index in the method set, or -1 for a field
	index  []int          // the field's, through embedded structs
	// ptr is the receiver's type when it was one pointer to typ, for a
	// shortcut through the indirection: most receivers are pointers to
	// structs.
	ptr unsafe.Pointer
	// flat is set, with ptr, for a field of a struct embedded by value
	// (a site.Story's Title is its story.Story's): the shortcut then
	// goes through the embedded structs, which need no checks.
	flat bool
	// call calls the method without reflect.Value.Call when its
	// signature is one fastMethod knows; nil otherwise.
	call func(recv reflect.Value) reflect.Value
	// pure: the method reads only its receiver's own fields (see
	// pureMethod), so that a trace of the receiver covers it.
	pure bool
	// unversioned: the field is one versions leave out (see
	// unversioned): an execution that reads it is not traced.
	unversioned bool
	// frag is the fragment the field holds, a site.Story's Card or Ref
	// or a site.Tag's Chip, which a runner with frags reads through it.
	frag fragKind
	// str is the typeID of the field's type, with ptr set, when that is
	// string or template.HTML: the field is then read straight from
	// memory at off, for str. Nil otherwise.
	str unsafe.Pointer
	off uintptr
}

// typeID is the *rtype behind t: two Types are equal when these are, and
// comparing them is one instruction where comparing the interfaces was a
// call of runtime.ifaceeq, on every step of every field chain.
func typeID(t reflect.Type) unsafe.Pointer {
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1]
}

// eval is text/template's evalField without arguments.
func (s *fieldStep) eval(r *runner, recv reflect.Value) (reflect.Value, error) {
	if r.tr != nil && (recv.Kind() == reflect.Pointer || recv.Kind() == reflect.Interface) {
		r.tr.note(recv, s.name)
	}
	e := s.cache.Load()
	if e != nil && e.unversioned && r.tr != nil {
		r.tr.bad = true
	}
	if recv.Kind() == reflect.Pointer && e != nil && e.ptr == typeID(recv.Type()) && !recv.IsNil() {
		// A field of a pointer to a struct, as last time: what follows
		// would find the same.
		if e.frag != 0 && r.frags != nil {
			return r.fragment(e.frag, recv)
		}
		if len(e.index) == 1 {
			return recv.Elem().Field(e.index[0]), nil
		}
		if e.flat {
			v := recv.Elem()
			for _, x := range e.index {
				v = v.Field(x)
			}
			return v, nil
		}
	}
	if recv.Kind() == reflect.Struct && e != nil && e.method < 0 && len(e.index) == 1 && e.typ == typeID(recv.Type()) && e.addr == recv.CanAddr() && (e.frag == 0 || r.frags == nil) {
		// A field of a struct itself, as last time: an element of a
		// slice of structs, mostly.
		return recv.Field(e.index[0]), nil
	}
	if !recv.IsValid() {
		return recv, errUnsupported
	}
	var ptr unsafe.Pointer
	if recv.Kind() == reflect.Pointer {
		ptr = typeID(recv.Type())
	}
	orig := recv
	recv, isNil := indirect(recv)
	if isNil {
		// A method may still work on a nil pointer, or this is an
		// error: either way, html/template's business.
		return recv, errUnsupported
	}
	addr := recv.CanAddr()
	t := recv.Type()
	if e == nil || e.typ != typeID(t) || e.addr != addr {
		e = resolveField(t, addr, s.name)
		if ptr != nil && typeID(reflect.PointerTo(t)) == ptr {
			e.ptr = ptr // one pointer to t: the shortcut's case
			if off, ft, ok := fieldOffset(t, e.index); ok && e.method < 0 {
				e.flat = len(e.index) > 1
				if id := typeID(ft); id == stringTypeID || id == htmlTypeID {
					e.str, e.off = id, off
				}
			}
		}
		s.cache.Store(e)
		if e.unversioned && r.tr != nil {
			r.tr.bad = true
		}
	}
	if e.method >= 0 {
		if !e.pure && r.tr != nil {
			r.tr.bad = true // a method that may read beyond its receiver
		}
		ptr := recv
		if addr {
			ptr = recv.Addr()
		}
		if e.call != nil {
			return e.call(ptr), nil
		}
		out := ptr.Method(e.method).Call(nil)
		if len(out) == 2 && !out[1].IsNil() {
			return reflect.Value{}, errUnsupported
		}
		return out[0], nil
	}
	if e.frag != 0 && r.frags != nil {
		return r.fragment(e.frag, orig)
	}
	switch len(e.index) {
	case 0:
		return reflect.Value{}, errUnsupported
	case 1: // no embedded struct: the common case, without the loop
		return recv.Field(e.index[0]), nil
	}
	v := recv
	for i, x := range e.index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, errUnsupported
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, nil
}

// fieldOffset is where the field at index lies in a t, and its type,
// when each struct embedded on the way is held by value: ok is false
// when one is a pointer, or index is empty.
func fieldOffset(t reflect.Type, index []int) (off uintptr, ft reflect.Type, ok bool) {
	for i, x := range index {
		if i > 0 && t.Kind() != reflect.Struct {
			return 0, nil, false
		}
		f := t.Field(x)
		off, t = off+f.Offset, f.Type
	}
	return off, t, len(index) > 0
}

// str is eval for the shortcut's case of a string field: its value and
// the typeID of its type, string or template.HTML, read without making
// reflect.Values. ok is false when eval must be asked instead.
func (s *fieldStep) str(r *runner, recv reflect.Value) (v string, typ unsafe.Pointer, ok bool) {
	if r.tr != nil && recv.Kind() == reflect.Pointer {
		r.tr.note(recv, s.name)
	}
	e := s.cache.Load()
	if e == nil || e.str == nil || recv.Kind() != reflect.Pointer || e.ptr != typeID(recv.Type()) || e.frag != 0 && r.frags != nil {
		return "", nil, false
	}
	p := recv.UnsafePointer()
	if p == nil {
		return "", nil, false
	}
	// recv is a *T whose field at off is of type str, with string's
	// layout.
	return *(*string)(unsafe.Add(p, e.off)), e.str, true
}

// resolveField finds what .name means on a value of type t: a method
// first, as text/template looks, then an exported field. A method that
// takes arguments or returns the wrong things, a map key or nothing at
// all resolves to an entry that fails.
func resolveField(t reflect.Type, addr bool, name string) *fieldEntry {
	e := &fieldEntry{typ: typeID(t), addr: addr, method: -1}
	pt := t
	if addr {
		pt = reflect.PointerTo(t)
	}
	if m, ok := pt.MethodByName(name); ok {
		mt := m.Type // receiver included
		if mt.NumIn() == 1 && (mt.NumOut() == 1 || mt.NumOut() == 2 && mt.Out(1) == errorType) && mt.Out(0) != reflectValueType {
			e.method = m.Index
			e.call = fastMethod(m.Func.Interface())
			e.pure = pureMethod(pt, name)
		}
		return e
	}
	if t.Kind() == reflect.Struct {
		if f, ok := t.FieldByName(name); ok && f.IsExported() {
			e.index = f.Index
			// The struct that declares it, through embedded ones.
			d := t
			for _, x := range f.Index[:len(f.Index)-1] {
				d = d.Field(x).Type
				if d.Kind() == reflect.Pointer {
					d = d.Elem()
				}
			}
			e.unversioned = unversioned(d, name)
			e.frag = fragOf(d, name)
		}
	}
	return e
}

// fastMethod calls the methods without arguments themes use most, given
// as method expressions (the receiver their parameter), without
// reflect.Value.Call: it was a third of a story page's field lookups.
// The receiver passed is always of the parameter's type.
func fastMethod(fn any) func(recv reflect.Value) reflect.Value {
	switch f := fn.(type) {
	case func(*site.Story) int:
		return func(recv reflect.Value) reflect.Value {
			s, _ := reflect.TypeAssert[*site.Story](recv)
			return reflect.ValueOf(f(s))
		}
	case func(time.Time) bool:
		return func(recv reflect.Value) reflect.Value {
			t, _ := reflect.TypeAssert[time.Time](recv)
			return reflect.ValueOf(f(t))
		}
	case func(*time.Time) bool:
		return func(recv reflect.Value) reflect.Value {
			t, _ := reflect.TypeAssert[*time.Time](recv)
			return reflect.ValueOf(f(t))
		}
	}
	return nil
}

var reflectValueType = reflect.TypeFor[reflect.Value]()

// indirect is text/template's: through pointers and interfaces, stopping
// at nil.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// isTrue is text/template's.
func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return
	}
	return truth, true
}

// rawArg compiles an argument as text/template evaluates it for a
// builtin, whose parameters are reflect.Values: the value as it is.
func (c *compiler) rawArg(n parse.Node) (evalFn, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *runner, dot reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	case *parse.NilNode:
		return func(*runner, reflect.Value) (reflect.Value, error) { return reflect.Value{}, nil }, nil
	case *parse.FieldNode:
		if len(n.Ident) == 1 {
			// .Name on dot: an argument as common as a command.
			step := &fieldStep{name: n.Ident[0]}
			return func(r *runner, dot reflect.Value) (reflect.Value, error) { return step.eval(r, dot) }, nil
		}
		fn, err := c.fieldChain(nil, n.Ident, nil, false)
		return noFinal(fn), err
	case *parse.ChainNode:
		recv, err := c.chainReceiver(n)
		if err != nil {
			return nil, err
		}
		fn, err := c.fieldChain(recv, n.Field, nil, false)
		return noFinal(fn), err
	case *parse.VariableNode:
		fn, err := c.variable(n, nil, false)
		return noFinal(fn), err
	case *parse.IdentifierNode:
		fn, err := c.function(n.Ident, nil, false)
		return noFinal(fn), err
	case *parse.PipeNode:
		return c.pipeline(n)
	case *parse.BoolNode, *parse.StringNode, *parse.NumberNode:
		v, err := constant(n)
		if err != nil {
			return nil, err
		}
		return func(*runner, reflect.Value) (reflect.Value, error) { return v, nil }, nil
	}
	return nil, unsupported("argument %s", n)
}

func noFinal(fn cmdFn) evalFn {
	if fn == nil {
		return nil
	}
	return func(r *runner, dot reflect.Value) (reflect.Value, error) { return fn(r, dot, reflect.Value{}) }
}

// typedArg compiles an argument for a parameter of type typ: text/
// template's evalArg.
func (c *compiler) typedArg(n parse.Node, typ reflect.Type) (evalFn, error) {
	switch n.(type) {
	case *parse.DotNode, *parse.FieldNode, *parse.ChainNode, *parse.VariableNode, *parse.IdentifierNode, *parse.PipeNode:
		raw, err := c.rawArg(n)
		if err != nil {
			return nil, err
		}
		return func(r *runner, dot reflect.Value) (reflect.Value, error) {
			v, err := raw(r, dot)
			if err != nil {
				return v, err
			}
			return validateType(v, typ)
		}, nil
	case *parse.NilNode:
		if !canBeNil(typ) {
			return nil, unsupported("nil for %s", typ)
		}
		z := reflect.Zero(typ)
		return func(*runner, reflect.Value) (reflect.Value, error) { return z, nil }, nil
	}
	// A constant, converted once to the parameter's type.
	v := reflect.New(typ).Elem()
	switch n := n.(type) {
	case *parse.BoolNode:
		if typ.Kind() != reflect.Bool {
			return nil, unsupported("%s for %s", n, typ)
		}
		v.SetBool(n.True)
	case *parse.StringNode:
		if typ.Kind() != reflect.String {
			if typ.Kind() == reflect.Interface && typ.NumMethod() == 0 {
				v = reflect.ValueOf(n.Text)
				break
			}
			return nil, unsupported("%s for %s", n, typ)
		}
		v.SetString(n.Text)
	case *parse.NumberNode:
		switch typ.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if !n.IsInt {
				return nil, unsupported("%s for %s", n, typ)
			}
			v.SetInt(n.Int64) // truncating, as text/template does
		case reflect.Interface:
			cv, err := constant(n)
			if err != nil || typ.NumMethod() != 0 {
				return nil, unsupported("%s for %s", n, typ)
			}
			v = cv
		default:
			return nil, unsupported("%s for %s", n, typ)
		}
	default:
		return nil, unsupported("argument %s", n)
	}
	return func(*runner, reflect.Value) (reflect.Value, error) { return v, nil }, nil
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	}
	return false
}

// validateType is text/template's: value made assignable to typ, or an
// error.
func validateType(value reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if !value.IsValid() {
		if canBeNil(typ) {
			return reflect.Zero(typ), nil
		}
		return value, errUnsupported
	}
	if vt := value.Type(); typeID(vt) == typeID(typ) || vt.AssignableTo(typ) {
		return value, nil // the same type mostly: no need to ask reflect
	}
	if value.Kind() == reflect.Interface && !value.IsNil() {
		value = value.Elem()
		if value.Type().AssignableTo(typ) {
			return value, nil
		}
	}
	switch {
	case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
		value = value.Elem()
		if !value.IsValid() {
			return value, errUnsupported
		}
		return value, nil
	case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
		return value.Addr(), nil
	}
	return value, errUnsupported
}

// function compiles a call of a theme function or a builtin.
func (c *compiler) function(name string, args []parse.Node, hasFinal bool) (cmdFn, error) {
	if _, ok := escapers[name]; ok {
		return nil, unsupported("escaper %s used as a function", name)
	}
	if fn, ok := c.funcs[name]; ok {
		return c.call(name, reflect.ValueOf(fn), args, hasFinal)
	}
	return c.builtin(name, args, hasFinal)
}

// call compiles a call of a theme function, through its static type when
// it is one of the common ones, else through reflect.
func (c *compiler) call(name string, fn reflect.Value, args []parse.Node, hasFinal bool) (cmdFn, error) {
	a, err := c.callArgs(name, fn, args, hasFinal)
	if err != nil {
		return nil, err
	}
	reads := funcReads(name, fn.Type())
	if fast := fastCall(fn.Interface(), a); fast != nil && reads == readsPlain {
		return fast, nil
	}
	numIn := a.n()
	return func(r *runner, dot, final reflect.Value) (reflect.Value, error) {
		argv := make([]reflect.Value, numIn)
		for i, g := range a.get {
			var err error
			if argv[i], err = g(r, dot); err != nil {
				return reflect.Value{}, err
			}
		}
		if a.final != nil {
			var err error
			if argv[numIn-1], err = validateType(final, a.final); err != nil {
				return reflect.Value{}, err
			}
		}
		if r.tr != nil && reads != readsPlain {
			r.tr.noteArgs(argv, reads)
			if r.tr.bad && r.frags != nil {
				return reflect.Value{}, errUnsupported // see lazyFrags
			}
		}
		out := fn.Call(argv)
		if len(out) == 2 && !out[1].IsNil() {
			return reflect.Value{}, errUnsupported
		}
		return out[0], nil
	}, nil
}

// callArgs checks a call of a theme function and compiles its arguments.
func (c *compiler) callArgs(name string, fn reflect.Value, args []parse.Node, hasFinal bool) (*argList, error) {
	typ := fn.Type()
	if typ.Kind() != reflect.Func {
		return nil, unsupported("%s is not a function", name)
	}
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	if typ.IsVariadic() || numIn != typ.NumIn() {
		return nil, unsupported("call of %s", name)
	}
	if !(typ.NumOut() == 1 || typ.NumOut() == 2 && typ.Out(1) == errorType) || typ.Out(0) == reflectValueType {
		return nil, unsupported("results of %s", name)
	}
	a := &argList{get: make([]evalFn, len(args))}
	for i, arg := range args {
		if typ.In(i) == reflectValueType {
			return nil, unsupported("reflect.Value argument to %s", name)
		}
		ev, err := c.typedArg(arg, typ.In(i))
		if err != nil {
			return nil, err
		}
		a.get[i] = ev
	}
	if hasFinal {
		if a.final = typ.In(numIn - 1); a.final == reflectValueType {
			return nil, unsupported("reflect.Value argument to %s", name)
		}
	}
	return a, nil
}

// stringCall compiles cmd, when it calls a theme function fastString
// knows, into a strFn; otherwise it returns nil.
func (c *compiler) stringCall(cmd *parse.CommandNode) (strFn, error) {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil, nil
	}
	fn, ok := c.funcs[id.Ident]
	if _, esc := escapers[id.Ident]; !ok || esc {
		return nil, nil
	}
	// Asked before the arguments are compiled: compiled twice, they
	// would declare their variables twice.
	if fastString(fn, &argList{}) == nil {
		return nil, nil
	}
	a, err := c.callArgs(id.Ident, reflect.ValueOf(fn), cmd.Args[1:], false)
	if err != nil {
		return nil, err
	}
	return fastString(fn, a), nil
}

// appendCall compiles cmd, when it calls a theme function with an
// appender that fastAppend knows, into an appendFn; otherwise it returns
// nil.
func (c *compiler) appendCall(cmd *parse.CommandNode) (appendFn, error) {
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil, nil
	}
	fn, ok := c.funcs[id.Ident]
	app, hasApp := c.apps[id.Ident]
	if _, esc := escapers[id.Ident]; !ok || !hasApp || esc || fastAppend(app, &argList{}) == nil {
		return nil, nil
	}
	// The function's own parameters check the arguments.
	a, err := c.callArgs(id.Ident, reflect.ValueOf(fn), cmd.Args[1:], false)
	if err != nil {
		return nil, err
	}
	f, ok := app.(func([]byte, string) []byte)
	if fld, isField := cmd.Args[len(cmd.Args)-1].(*parse.FieldNode); ok && isField && len(cmd.Args) == 2 && len(fld.Ident) == 1 && reflect.TypeOf(fn).In(0) == stringType {
		// {{url .Path}}: a string field read as the action's are, for
		// what evalArgs would do.
		step := &fieldStep{name: fld.Ident[0]}
		return func(r *runner, dot reflect.Value, b []byte) ([]byte, error) {
			if s, typ, ok := step.str(r, dot); ok && typ == stringTypeID {
				return f(b, s), nil
			}
			v, err := step.eval(r, dot)
			if err == nil {
				v, err = validateType(v, stringType)
			}
			if err != nil {
				return b, err
			}
			return f(b, v.String()), nil
		}, nil
	}
	return fastAppend(app, a), nil
}

// appendFn appends a command's string value to b.
type appendFn func(r *runner, dot reflect.Value, b []byte) ([]byte, error)

// fastAppend calls the appenders of appenders' signatures.
func fastAppend(app any, get *argList) appendFn {
	if get.n() > maxFastArgs {
		return nil
	}
	switch f := app.(type) {
	case func([]byte, string) []byte:
		return func(r *runner, dot reflect.Value, b []byte) ([]byte, error) {
			var v [maxFastArgs]reflect.Value
			if err := evalArgs(r, dot, reflect.Value{}, get, &v); err != nil {
				return b, err
			}
			return f(b, v[0].String()), nil
		}
	case func([]byte, time.Time) []byte:
		return func(r *runner, dot reflect.Value, b []byte) ([]byte, error) {
			var v [maxFastArgs]reflect.Value
			if err := evalArgs(r, dot, reflect.Value{}, get, &v); err != nil {
				return b, err
			}
			t, _ := reflect.TypeAssert[time.Time](v[0])
			return f(b, t), nil
		}
	}
	return nil
}

// strFn is a cmdFn whose value is a string.
type strFn func(r *runner, dot, final reflect.Value) (string, error)

// fastString calls the string functions themes use most without
// reflect.Value.Call, like fastCall.
func fastString(fn any, get *argList) strFn {
	if get.n() > maxFastArgs {
		return nil
	}
	switch f := fn.(type) {
	case func(string) string:
		return func(r *runner, dot, final reflect.Value) (string, error) {
			var v [maxFastArgs]reflect.Value
			if err := evalArgs(r, dot, final, get, &v); err != nil {
				return "", err
			}
			return f(v[0].String()), nil
		}
	case func(time.Time) string:
		return func(r *runner, dot, final reflect.Value) (string, error) {
			var v [maxFastArgs]reflect.Value
			if err := evalArgs(r, dot, final, get, &v); err != nil {
				return "", err
			}
			t, _ := reflect.TypeAssert[time.Time](v[0])
			return f(t), nil
		}
	case func(string, int) string:
		return func(r *runner, dot, final reflect.Value) (string, error) {
			var v [maxFastArgs]reflect.Value
			if err := evalArgs(r, dot, final, get, &v); err != nil {
				return "", err
			}
			return f(v[0].String(), int(v[1].Int())), nil
		}
	case func(int, string, string) string:
		return func(r *runner, dot, final reflect.Value) (string, error) {
			var v [maxFastArgs]reflect.Value
			if err := evalArgs(r, dot, final, get, &v); err != nil {
				return "", err
			}
			return f(int(v[0].Int()), v[1].String(), v[2].String()), nil
		}
	}
	return nil
}

// fastCall calls the function signatures themes use most without
// reflect.Value.Call. The arguments have been validated, so their types
// are the parameters'.
func fastCall(fn any, get *argList) cmdFn {
	if get.n() > maxFastArgs {
		return nil
	}
	if sf := fastString(fn, get); sf != nil {
		return func(r *runner, dot, final reflect.Value) (reflect.Value, error) {
			s, err := sf(r, dot, final)
			if err != nil {
				return reflect.Value{}, err
			}
			return reflect.ValueOf(s), nil
		}
	}
	// Each adapter evaluates its arguments into an array on its stack.
	switch f := fn.(type) {
	case func(int, []*site.Tag) []*site.Tag:
		return func(r *runner, dot, final reflect.Value) (reflect.Value, error) {
			var v [maxFastArgs]reflect.Value
			if err := evalArgs(r, dot, final, get, &v); err != nil {
				return reflect.Value{}, err
			}
			tags, _ := reflect.TypeAssert[[]*site.Tag](v[1])
			return reflect.ValueOf(f(int(v[0].Int()), tags)), nil
		}
	}
	return nil
}

// maxFastArgs is the most arguments a fastCall signature takes.
const maxFastArgs = 3

// argList is how a call gets its arguments: the evaluated ones, then the
// pipeline's final value when final, its parameter's type, is set.
type argList struct {
	get   []evalFn
	final reflect.Type
}

func (a *argList) n() int {
	if a.final != nil {
		return len(a.get) + 1
	}
	return len(a.get)
}

// evalArgs evaluates the arguments a into v, stopping at the first error.
func evalArgs(r *runner, dot, final reflect.Value, a *argList, v *[maxFastArgs]reflect.Value) error {
	for i, g := range a.get {
		var err error
		if v[i], err = g(r, dot); err != nil {
			return err
		}
	}
	if a.final != nil {
		var err error
		v[len(a.get)], err = validateType(final, a.final)
		return err
	}
	return nil
}

// builtin compiles the builtins themes use; the others are left to
// html/template.
func (c *compiler) builtin(name string, args []parse.Node, hasFinal bool) (cmdFn, error) {
	get := make([]evalFn, len(args))
	for i, a := range args {
		ev, err := c.rawArg(a)
		if err != nil {
			return nil, err
		}
		get[i] = ev
	}
	n := len(args)
	if hasFinal {
		n++
	}
	// arg returns argument i, the final one included.
	arg := func(r *runner, dot, final reflect.Value, i int) (reflect.Value, error) {
		if i == len(get) {
			return final, nil
		}
		return get[i](r, dot)
	}
	switch {
	case name == "not" && n == 1:
		return func(r *runner, dot, final reflect.Value) (reflect.Value, error) {
			v, err := arg(r, dot, final, 0)
			if err != nil {
				return v, err
			}
			return reflect.ValueOf(!truth(v)), nil
		}, nil
	case (name == "and" || name == "or") && n >= 1:
		or := name == "or"
		return func(r *runner, dot, final reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for i := range n {
				var err error
				if v, err = arg(r, dot, final, i); err != nil {
					return v, err
				}
				if truth(v) == or {
					return v, nil
				}
			}
			return v, nil
		}, nil
	case name == "len" && n == 1:
		return func(r *runner, dot, final reflect.Value) (reflect.Value, error) {
			v, err := arg(r, dot, final, 0)
			if err != nil {
				return v, err
			}
			v, isNil := indirect(v)
			if isNil {
				return v, errUnsupported
			}
			switch v.Kind() {
			case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
				return reflect.ValueOf(v.Len()), nil
			}
			return v, errUnsupported
		}, nil
	case name == "eq" && n >= 2, name == "ne" && n == 2:
		ne := name == "ne"
		return func(r *runner, dot, final reflect.Value) (reflect.Value, error) {
			a, err := arg(r, dot, final, 0)
			if err != nil {
				return a, err
			}
			for i := 1; i < n; i++ {
				b, err := arg(r, dot, final, i)
				if err != nil {
					return b, err
				}
				equal, err := eq(a, b)
				if err != nil {
					return b, err
				}
				if equal {
					return reflect.ValueOf(!ne), nil
				}
			}
			return reflect.ValueOf(ne), nil
		}, nil
	}
	return nil, unsupported("function %s", name)
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// eq is text/template's comparison of two values; where it would fail,
// so does this.
func eq(a, b reflect.Value) (bool, error) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	if ka != kb {
		switch {
		case ka == reflect.Int && kb == reflect.Uint:
			return a.Int() >= 0 && uint64(a.Int()) == b.Uint(), nil
		case ka == reflect.Uint && kb == reflect.Int:
			return b.Int() >= 0 && a.Uint() == uint64(b.Int()), nil
		case a.IsValid() && b.IsValid():
			return false, errUnsupported
		}
		return false, nil // a value against nothing
	}
	switch ka {
	case reflect.Bool:
		return a.Bool() == b.Bool(), nil
	case reflect.Int:
		return a.Int() == b.Int(), nil
	case reflect.Uint:
		return a.Uint() == b.Uint(), nil
	case reflect.String:
		return a.String() == b.String(), nil
	case reflect.Float64:
		return a.Float() == b.Float(), nil
	case reflect.Complex128:
		return a.Complex() == b.Complex(), nil
	}
	// Nil against nil, pointers, and the other cases: leave them to
	// text/template.
	return false, errUnsupported
}

// basicKind groups kinds as text/template compares them; Invalid for the
// rest.
func basicKind(v reflect.Value) reflect.Kind {
	switch v.Kind() {
	case reflect.Bool, reflect.String:
		return v.Kind()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return reflect.Int
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return reflect.Uint
	case reflect.Float32, reflect.Float64:
		return reflect.Float64
	case reflect.Complex64, reflect.Complex128:
		return reflect.Complex128
	}
	return reflect.Invalid
}

func (ft *fastTheme) page(name string) *program {
	if ft == nil {
		return nil
	}
	return ft.pages[name]
}

func (ft *fastTheme) frag(name string) *program {
	if ft == nil {
		return nil
	}
	return ft.frags[name]
}

// run executes p, when there is one, appending to b, and reports whether
// it did. If not, b is as it was, for html/template to take over.
func (ft *fastTheme) run(p *program, b *outBuf, data any) bool {
	if p == nil {
		return false
	}
	start := b.Len()
	if p.execute(b, data) {
		return true
	}
	b.Truncate(start)
	ft.fallbacks.Add(1)
	return false
}
