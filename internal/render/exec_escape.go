package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"digest/internal/byteset"
)

// The escapers html/template inserts into actions, reimplemented for the
// fast executor so that they need no reflect call and write straight into
// the page's buffer. They follow html/template's (Go 1.26) to the byte:
// see html.go, url.go, js.go and content.go in its source. What they
// cannot reproduce cheaply they refuse with errUnsupported, and the page
// is rendered by html/template instead.

// An escaper is one of the _html_template_* functions.
type escaper uint8

const (
	escHTML escaper = iota
	escAttr
	escRCDATA
	escURLFilter
	escURLNormalizer
	escURLEscaper
	escJSVal
)

var escapers = map[string]escaper{
	"_html_template_htmlescaper":   escHTML,
	"_html_template_attrescaper":   escAttr,
	"_html_template_rcdataescaper": escRCDATA,
	"_html_template_urlfilter":     escURLFilter,
	"_html_template_urlnormalizer": escURLNormalizer,
	"_html_template_urlescaper":    escURLEscaper,
	"_html_template_jsvalescaper":  escJSVal,
}

// contentType is html/template's: what kind of safe content a string is.
type contentType uint8

const (
	contentPlain contentType = iota
	contentCSS
	contentHTML
	contentHTMLAttr
	contentJS
	contentJSStr
	contentURL
	contentSrcset
)

var (
	stringType   = reflect.TypeFor[string]()
	intType      = reflect.TypeFor[int]()
	boolType     = reflect.TypeFor[bool]()
	errorType    = reflect.TypeFor[error]()
	stringerType = reflect.TypeFor[fmt.Stringer]()
	marshalType  = reflect.TypeFor[json.Marshaler]()
)

// typedContent lists html/template's typed strings with their content
// type, HTML first: it is by far the most common, found with one
// comparison where a map hashed the type.
var typedContent = []struct {
	id unsafe.Pointer // typeID
	ct contentType
}{
	{typeID(reflect.TypeFor[template.HTML]()), contentHTML},
	{typeID(reflect.TypeFor[template.CSS]()), contentCSS},
	{typeID(reflect.TypeFor[template.HTMLAttr]()), contentHTMLAttr},
	{typeID(reflect.TypeFor[template.JS]()), contentJS},
	{typeID(reflect.TypeFor[template.JSStr]()), contentJSStr},
	{typeID(reflect.TypeFor[template.URL]()), contentURL},
	{typeID(reflect.TypeFor[template.Srcset]()), contentSrcset},
}

var (
	stringTypeID = typeID(stringType)
	htmlTypeID   = typedContent[0].id
)

var errUnsupported = errors.New("not supported by the fast template executor")

// stringify is html/template's stringify for a single argument v, the
// value a pipeline hands its first escaper.
func stringify(v reflect.Value) (string, contentType, error) {
	if v.Kind() == reflect.Interface {
		// The escaper gets v.Interface(): the dynamic value.
		v = v.Elem()
	}
	if !v.IsValid() {
		return "", contentPlain, nil // stringify skips untyped nils
	}
	d := v
	for d.Kind() == reflect.Pointer && !d.IsNil() {
		d = d.Elem()
	}
	switch d.Kind() {
	case reflect.String:
		t := typeID(d.Type())
		if t == stringTypeID {
			return d.String(), contentPlain, nil
		}
		for _, tc := range typedContent {
			if t == tc.id {
				return d.String(), tc.ct, nil
			}
		}
	case reflect.Int:
		if d.Type() == intType {
			return strconv.Itoa(int(d.Int())), contentPlain, nil
		}
	case reflect.Bool:
		if d.Type() == boolType {
			return strconv.FormatBool(d.Bool()), contentPlain, nil
		}
	}
	if !v.CanInterface() {
		return "", 0, errUnsupported
	}
	return fmt.Sprint(indirectToStringerOrError(v.Interface())), contentPlain, nil
}

// indirectToStringerOrError is html/template's.
func indirectToStringerOrError(a any) any {
	if a == nil {
		return nil
	}
	v := reflect.ValueOf(a)
	for !v.Type().Implements(stringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

// escapeChain runs the escapers of an action on its value and writes the
// result to b.
func escapeChain(b *outBuf, chain []escaper, v reflect.Value) error {
	var s string
	var ct contentType
	var err error
	if chain[0] == escJSVal {
		if len(chain) == 1 && writeJSONAppender(b, v) {
			return nil
		}
		if s, err = jsValEscaper(v); err != nil {
			return err
		}
		chain = chain[1:]
	} else if s, ct, err = stringify(v); err != nil {
		return err
	}
	return escapeString(b, chain, s, ct)
}

// escapeString runs the escapers chain on s, of content type ct, and
// writes the result to b. Only escapeChain may start it with escJSVal,
// which must see the value itself.
func escapeString(b *outBuf, chain []escaper, s string, ct contentType) error {
	// Every escaper returns a plain string: only the first one sees the
	// value's content type.
	for i, e := range chain {
		if i == len(chain)-2 && chain[i+1] == escAttr && (e == escURLNormalizer || e == escURLEscaper) {
			// A URL in an attribute, the commonest chain's end: in one
			// pass, with no string in between.
			writeURLAttr(b, s, e == escURLNormalizer || ct == contentURL)
			return nil
		}
		var err error
		if i == len(chain)-1 {
			return e.write(b, s, ct)
		}
		if s, err = e.apply(s, ct); err != nil {
			return err
		}
		ct = contentPlain
	}
	b.WriteString(s)
	return nil
}

// plainReplacer is the replacer that chain, when it is a single escaper
// of text, an attribute or RCDATA, applies to a plain string; nil for
// other chains.
func plainReplacer(chain []escaper) *replacer {
	if len(chain) == 1 {
		switch chain[0] {
		case escHTML, escAttr, escRCDATA:
			return htmlReplacer
		}
	}
	return nil
}

// write writes e(s) to b.
func (e escaper) write(b *outBuf, s string, ct contentType) error {
	switch e {
	case escHTML:
		if ct == contentHTML {
			b.WriteString(s)
			return nil
		}
		htmlReplacer.write(b, s)
		return nil
	case escAttr:
		if ct == contentHTML {
			return errUnsupported // html/template strips the tags first
		}
		htmlReplacer.write(b, s)
		return nil
	case escRCDATA:
		if ct == contentHTML {
			htmlNormReplacer.write(b, s)
		} else {
			htmlReplacer.write(b, s)
		}
		return nil
	}
	s, err := e.apply(s, ct)
	if err == nil {
		b.WriteString(s)
	}
	return err
}

// apply returns e(s).
func (e escaper) apply(s string, ct contentType) (string, error) {
	switch e {
	case escHTML, escAttr, escRCDATA:
		var b outBuf
		if err := e.write(&b, s, ct); err != nil {
			return "", err
		}
		if b.Len() == len(s) && b.String() == s {
			return s, nil
		}
		return b.String(), nil
	case escURLFilter:
		if ct != contentURL && !isSafeURL(s) {
			return "#ZgotmplZ", nil
		}
		return s, nil
	case escURLNormalizer:
		return processURL(s, true), nil
	case escURLEscaper:
		return processURL(s, ct == contentURL), nil
	case escJSVal:
		return jsValEscaper(reflect.ValueOf(s))
	}
	return "", errUnsupported
}

// The tables of html/template's html.go.
var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

var htmlNormReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// A replacer writes strings with the bytes of a table replaced: for
// html/template's tables, its htmlReplacer with badRunes set. It goes
// byte by byte where htmlReplacer decodes runes: every key of the tables
// is ASCII, and a byte below 0x80 always decodes as itself, so the two
// replace the same bytes.
type replacer struct {
	table []string
	// special marks the bytes table replaces, for Index; chars lists
	// them, for byteScan.
	special byteset.Set
	chars   string
}

func newReplacer(table []string) *replacer {
	rp := &replacer{table: table}
	for c, repl := range table {
		if repl != "" {
			rp.special[c] = 1
			rp.chars += string(byte(c))
		}
	}
	return rp
}

var (
	htmlReplacer     = newReplacer(htmlReplacementTable)
	htmlNormReplacer = newReplacer(htmlNormReplacementTable)
)

// write writes s to b with the bytes of the table replaced.
func (rp *replacer) write(b *outBuf, s string) {
	written := 0
	if len(s) >= minScan {
		var sc byteScan
		sc.init(s, rp.chars)
		for i := sc.find(); i < len(s); i = sc.find() {
			b.WriteString(s[written:i])
			b.WriteString(rp.table[s[i]])
			written = i + 1
		}
	} else {
		for i := rp.special.Index(s, 0); i < len(s); i = rp.special.Index(s, i+1) {
			b.WriteString(s[written:i])
			b.WriteString(rp.table[s[i]])
			written = i + 1
		}
	}
	b.WriteString(s[written:])
}

// minScan is the length from which byteScan beats byteset.Set.Index: its
// IndexBytes cost more to start and less for each byte.
const minScan = 96

// A byteScan finds the bytes of a set in a string in order, with one
// IndexByte per byte of the set and occurrence: vectorised, it skips the
// long runs of prose between them faster than a test of every byte.
type byteScan struct {
	s    string
	n    int                // of the set's bytes, how many are still ahead
	next [maxScanChars]int  // where each of them is next
	char [maxScanChars]byte // which byte each is
}

const maxScanChars = 8

func (sc *byteScan) init(s, chars string) {
	sc.s, sc.n = s, 0
	for j := range len(chars) {
		if i := strings.IndexByte(s, chars[j]); i >= 0 {
			sc.next[sc.n], sc.char[sc.n] = i, chars[j]
			sc.n++
		}
	}
}

// has reports whether c, of the set, is still ahead.
func (sc *byteScan) has(c byte) bool {
	for _, x := range sc.char[:sc.n] {
		if x == c {
			return true
		}
	}
	return false
}

// find returns the index of the next byte of the set, or len(s) when
// there is none.
func (sc *byteScan) find() int {
	if sc.n == 0 {
		return len(sc.s)
	}
	j := 0
	for m := 1; m < sc.n; m++ {
		if sc.next[m] < sc.next[j] {
			j = m
		}
	}
	i := sc.next[j]
	if k := strings.IndexByte(sc.s[i+1:], sc.char[j]); k >= 0 {
		sc.next[j] = i + 1 + k
	} else { // none left: dropped
		sc.n--
		sc.next[j], sc.char[j] = sc.next[sc.n], sc.char[sc.n]
	}
	return i
}

// isSafeURL is html/template's.
func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// processURL is html/template's urlProcessor once the content type is
// known: it escapes (or, when norm is set, normalizes) s as a URL.
func processURL(s string, norm bool) string {
	stop := &urlStop[0]
	if norm {
		stop = &urlStop[1]
	}
	var b []byte
	written := 0
	for i := stop.Index(s, 0); i < len(s); i = stop.Index(s, i+1) {
		c := s[i]
		if c == '%' && norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		const hex = "0123456789abcdef"
		b = append(b, s[written:i]...)
		b = append(b, '%', hex[c>>4], hex[c&15])
		written = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[written:]...))
}

// writeURLAttr writes processURL(s, norm) escaped by escAttr to b, in one
// pass. Of what processURL writes, escAttr only changes '&' and '+',
// which processURL keeps when it normalizes: "%xx" it leaves.
func writeURLAttr(b *outBuf, s string, norm bool) {
	stop := &urlStop[0]
	if norm {
		stop = &urlAttrStop
	}
	written := 0
	for i := stop.Index(s, 0); i < len(s); i = stop.Index(s, i+1) {
		c := s[i]
		if c == '%' && norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			continue
		}
		b.WriteString(s[written:i])
		if norm && (c == '&' || c == '+') {
			b.WriteString(htmlReplacementTable[c])
		} else {
			const hex = "0123456789abcdef"
			b.Write([]byte{'%', hex[c>>4], hex[c&15]})
		}
		written = i + 1
	}
	b.WriteString(s[written:])
}

// urlAttrStop is urlStop[1] and the bytes of it that escAttr changes.
var urlAttrStop = func() byteset.Set {
	t := urlStop[1]
	t['&'], t['+'] = 1, 1
	return t
}()

// urlStop marks the bytes processURL does not keep as they are: [0] when
// it escapes, [1] when it normalizes, which keeps the reserved characters
// too.
var urlStop = func() (t [2]byteset.Set) {
	for c := range 256 {
		unreserved := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", byte(c)) >= 0
		if !unreserved {
			t[0][c] = 1
		}
		if !unreserved && strings.IndexByte("!#$&*+,/:;=?@[]", byte(c)) < 0 {
			t[1][c] = 1
		}
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// A jsonAppender appends its JSON encoding, byte for byte what
// json.Marshal gives for it.
type jsonAppender interface {
	appendJSON([]byte) []byte
}

// writeJSONAppender writes what jsValEscaper does for v straight to b
// when v is a non-nil jsonAppender, an object, and reports whether it
// did. It must be the only escaper.
func writeJSONAppender(b *outBuf, v reflect.Value) bool {
	if v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if v.Kind() != reflect.Pointer || v.IsNil() || !v.CanInterface() {
		return false
	}
	ja, ok := v.Interface().(jsonAppender)
	if !ok {
		return false
	}
	// Appended in place; b.b keeps its length until the JSON passes.
	all := ja.appendJSON(b.b)
	out := all[len(b.b):]
	// jsValEscaper pads what starts or ends like an identifier, and
	// escapes U+2028 and U+2029; an object as json.Marshal writes it
	// needs neither.
	if len(out) < 2 || out[0] != '{' || out[len(out)-1] != '}' || bytes.Contains(out, lineSep) || bytes.Contains(out, paraSep) {
		return false
	}
	b.b = all
	return true
}

// jsValEscaper is html/template's for a single argument, except that a
// value json cannot marshal is left to html/template, which writes the
// error into the page.
func jsValEscaper(v reflect.Value) (string, error) {
	var a any // an invalid v: the escaper gets an untyped nil
	if v.IsValid() {
		if !v.CanInterface() {
			return "", errUnsupported
		}
		a = indirectToJSONMarshaler(v.Interface())
	}
	switch t := a.(type) {
	case template.JS:
		return string(t), nil
	case template.JSStr:
		return `"` + string(t) + `"`, nil
	case json.Marshaler:
	case fmt.Stringer:
		a = t.String()
	}
	b, err := json.Marshal(a)
	if err != nil {
		return "", errUnsupported
	}
	if len(b) == 0 {
		return " null ", nil
	}
	first, _ := utf8.DecodeRune(b)
	last, _ := utf8.DecodeLastRune(b)
	pad := isJSIdentPart(first) || isJSIdentPart(last)
	if !bytes.Contains(b, lineSep) && !bytes.Contains(b, paraSep) {
		// What json.Marshal writes, always: no need to go rune by rune.
		if pad {
			return " " + string(b) + " ", nil
		}
		return string(b), nil
	}
	var buf strings.Builder
	if pad {
		buf.WriteByte(' ')
	}
	written := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		repl := ""
		if r == 0x2028 {
			repl = `\u2028`
		} else if r == 0x2029 {
			repl = `\u2029`
		}
		if repl != "" {
			buf.Write(b[written:i])
			buf.WriteString(repl)
			written = i + n
		}
		i += n
	}
	if buf.Len() != 0 {
		buf.Write(b[written:])
		if pad {
			buf.WriteByte(' ')
		}
		return buf.String(), nil
	}
	return string(b), nil
}

var lineSep, paraSep = []byte("\u2028"), []byte("\u2029")

func indirectToJSONMarshaler(a any) any {
	if a == nil {
		return nil
	}
	v := reflect.ValueOf(a)
	for !v.Type().Implements(marshalType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

func isJSIdentPart(r rune) bool {
	return r == '$' || r == '_' || '0' <= r && r <= '9' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z'
}
