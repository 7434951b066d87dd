package app

import (
	"errors"
	"syscall"
)

// The Windows errors of a full disk (ERROR_HANDLE_DISK_FULL,
// ERROR_DISK_FULL) and of a file too large for its disk
// (ERROR_FILE_TOO_LARGE).
const (
	errorHandleDiskFull syscall.Errno = 39
	errorDiskFull       syscall.Errno = 112
	errorFileTooLarge   syscall.Errno = 223
)

// fileTooBig reports whether err says the file would grow past the largest
// file its disk allows.
func fileTooBig(err error) bool { return errors.Is(err, errorFileTooLarge) }

// diskFull reports whether err says the disk is full.
func diskFull(err error) bool {
	return errors.Is(err, errorDiskFull) || errors.Is(err, errorHandleDiskFull)
}
