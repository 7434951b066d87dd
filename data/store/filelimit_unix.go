//go:build unix

package store

import (
	"errors"

	"golang.org/x/sys/unix"
)

// processLimit is the system's limit for this process on the size of a
// file it writes (RLIMIT_FSIZE, ulimit -f), 0 if none.
func processLimit() int64 {
	var r unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_FSIZE, &r); err != nil || r.Cur == unix.RLIM_INFINITY {
		return 0
	}
	return int64(r.Cur)
}

// tooBig reports whether err is the system's "file too large".
func tooBig(err error) bool { return errors.Is(err, unix.EFBIG) }
