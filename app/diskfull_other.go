//go:build !windows

package app

import (
	"errors"
	"os"
	"syscall"
)

// fileTooBig reports whether err says the file would grow past the largest
// file its disk or the system allows.
func fileTooBig(err error) bool { return errors.Is(err, syscall.EFBIG) }

// diskFull reports whether err says the disk (or the user's quota) is full.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// sameDisk reports whether the folder dir and the file at path are on one
// file system; true when that cannot be told.
func sameDisk(dir, path string) bool {
	a, err1 := os.Stat(dir)
	b, err2 := os.Stat(path)
	if err1 != nil || err2 != nil {
		return true
	}
	sa, ok1 := a.Sys().(*syscall.Stat_t)
	sb, ok2 := b.Sys().(*syscall.Stat_t)
	return !ok1 || !ok2 || sa.Dev == sb.Dev
}
