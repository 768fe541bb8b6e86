//go:build unix

package content

import "golang.org/x/sys/unix"

const rawRead = true

// rawReadFile is os.ReadFile in four system calls: open, fstat, a read of
// the whole file, close. A read that stops short at the size fstat gave
// has found the end: for a regular file the one that os.ReadFile makes
// after it, and would get nothing from, was a fifth of the calls.
func rawReadFile(name string) ([]byte, *readError) {
	fd, err := unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	for err == unix.EINTR {
		fd, err = unix.Open(name, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	}
	if err != nil {
		return nil, &readError{"open", err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	size := 0
	if unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFREG && int64(int(st.Size)) == st.Size {
		size = int(st.Size)
	}
	// One byte more than the size, so that the read that finds the end
	// needs no room made first; at least 512, as os.ReadFile has it.
	b := make([]byte, 0, max(size+1, 512))
	for {
		n, err := unix.Read(fd, b[len(b):cap(b)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, &readError{"read", err}
		}
		if n == 0 {
			return b, nil
		}
		b = b[:len(b)+n]
		if len(b) == size && size < cap(b) {
			return b, nil
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // the file grew: make room
		}
	}
}
