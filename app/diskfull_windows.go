package app

import (
	"errors"
	"path/filepath"
	"strings"
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

// sameDisk reports whether the folder dir and the file at path are on one
// drive (their volume names: C:, \\server\share); true when that cannot
// be told.
func sameDisk(dir, path string) bool {
	a, err1 := filepath.Abs(dir)
	b, err2 := filepath.Abs(path)
	return err1 != nil || err2 != nil || strings.EqualFold(filepath.VolumeName(a), filepath.VolumeName(b))
}
