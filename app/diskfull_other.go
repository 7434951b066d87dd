//go:build !windows

package app

import (
	"errors"
	"syscall"
)

// fileTooBig reports whether err says the file would grow past the largest
// file its disk or the system allows.
func fileTooBig(err error) bool { return errors.Is(err, syscall.EFBIG) }

// diskFull reports whether err says the disk (or the user's quota) is full.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
