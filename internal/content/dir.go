package content

import (
	"io/fs"
	"os"
)

// Dir is os.DirFS(dir) with a cheaper ReadFile where the system allows
// one: a build reads every story file, and os.ReadFile's file set-up (a
// registration with the runtime's poller, which fails for a regular file,
// and the checks of the file's flags around it) took five more system
// calls a file than the reading does.
func Dir(dir string) fs.FS { return dirFS{os.DirFS(dir).(osDirFS), dir} }

// osDirFS is what os.DirFS implements, and so what Dir must.
type osDirFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
	fs.ReadLinkFS
}

type dirFS struct {
	osDirFS
	dir string
}

// ReadFile is os.DirFS's ReadFile: the same bytes and the same errors, the
// path in them the name asked for.
func (d dirFS) ReadFile(name string) ([]byte, error) {
	if !rawRead || d.dir == "" || !fs.ValidPath(name) {
		return d.osDirFS.ReadFile(name) // and its errors
	}
	b, err := rawReadFile(d.dir + "/" + name)
	if err != nil {
		return nil, &fs.PathError{Op: err.op, Path: name, Err: err.err}
	}
	return b, nil
}

// A readError is a failed system call of readFile.
type readError struct {
	op  string
	err error
}
