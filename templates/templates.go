// Package templates holds digest's default theme: the html/template page
// templates and the stylesheet, embedded in the binary. A site overrides any
// of them with a file of the same name in its own templates/ folder.
package templates

import "embed"

// FS holds the default theme's files.
//
//go:embed *.html *.css *.js
var FS embed.FS
