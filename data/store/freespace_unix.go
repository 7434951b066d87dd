//go:build unix

package store

import (
	"errors"

	"golang.org/x/sys/unix"
)

// FreeSpace is the free space, in bytes, that an unprivileged user may use
// on the disk holding dir.
func FreeSpace(dir string) (uint64, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return uint64(st.Bavail) * uint64(st.Bsize), nil
}

// noSpace reports whether err is the system's "no space left on device".
func noSpace(err error) bool { return errors.Is(err, unix.ENOSPC) || errors.Is(err, unix.EDQUOT) }
