package content

import (
	"io/fs"
	"os"
	"sync"
)

// Dir is os.DirFS(dir) with a cheaper ReadFile where the system allows
// one: a build reads every story file, and os.ReadFile's file set-up (a
// registration with the runtime's poller, which fails for a regular file,
// and the checks of the file's flags around it) took five more system
// calls a file than the reading does.
//
// listed, when not nil, holds folders already read by os.ReadDir, by their
// names in the FS: the first ReadDir of each answers from it rather than
// read the folder again. Dir takes listed over, and lets go of each list
// once it has given it: a build reads its folders once, and the lists
// need not stay in the heap, marked at every collection, for the rest of
// it.
func Dir(dir string, listed map[string][]fs.DirEntry) fs.FS {
	d := dirFS{osDirFS: os.DirFS(dir).(osDirFS), dir: dir}
	if listed != nil {
		d.listed = &listing{folders: listed}
	}
	return d
}

// osDirFS is what os.DirFS implements, and so what Dir must.
type osDirFS interface {
	fs.ReadDirFS
	fs.ReadFileFS
	fs.StatFS
	fs.ReadLinkFS
}

type dirFS struct {
	osDirFS
	dir    string
	listed *listing
}

// A listing is the folders listed that Dir has not given yet.
type listing struct {
	mu      sync.Mutex
	folders map[string][]fs.DirEntry
}

// ReadDir is os.DirFS's ReadDir, from listed where it can.
func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if l := d.listed; l != nil {
		l.mu.Lock()
		ents, ok := l.folders[name]
		delete(l.folders, name)
		l.mu.Unlock()
		if ok {
			return ents, nil
		}
	}
	return d.osDirFS.ReadDir(name)
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
