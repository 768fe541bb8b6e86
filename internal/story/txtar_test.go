package story

import (
	"bytes"
	"os"
	"strings"
)

// The golden cases are in the txtar format of golang.org/x/tools/txtar: a
// comment, then files each introduced by a "-- name --" line. That module
// is not a requirement of go.mod, so this is the format's few lines here.

type archive struct {
	Comment []byte
	Files   []archiveFile
}

type archiveFile struct {
	Name string
	Data []byte
}

func parseArchiveFile(file string) (*archive, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	a := &archive{}
	var cur *[]byte = &a.Comment
	for len(data) > 0 {
		l := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		s := strings.TrimSuffix(string(l), "\n")
		if name, ok := strings.CutPrefix(s, "-- "); ok && strings.HasSuffix(name, " --") {
			a.Files = append(a.Files, archiveFile{Name: strings.TrimSpace(strings.TrimSuffix(name, " --"))})
			cur = &a.Files[len(a.Files)-1].Data
			continue
		}
		*cur = append(*cur, l...)
	}
	return a, nil
}

func formatArchive(a *archive) []byte {
	var b bytes.Buffer
	b.Write(fixNL(a.Comment))
	for _, f := range a.Files {
		b.WriteString("-- " + f.Name + " --\n")
		b.Write(fixNL(f.Data))
	}
	return b.Bytes()
}

func fixNL(d []byte) []byte {
	if len(d) == 0 || d[len(d)-1] == '\n' {
		return d
	}
	return append(d, '\n')
}
