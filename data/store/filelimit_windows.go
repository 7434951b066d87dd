package store

import (
	"errors"

	"golang.org/x/sys/windows"
	"taizhang/data"
)

// fsLimit is the limit of the file system holding dir, from the name
// GetVolumeInformation gives its volume: "FAT32" and "FAT" (FAT16, FAT12)
// hold no file over 4 GiB − 1 byte; the volume is named by its root
// ("E:\").
func fsLimit(dir string) (data.FileLimit, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return data.FileLimit{}, err
	}
	root := make([]uint16, windows.MAX_PATH+1)
	if err := windows.GetVolumePathName(p, &root[0], uint32(len(root))); err != nil {
		return data.FileLimit{}, err
	}
	name := make([]uint16, windows.MAX_PATH+1)
	if err := windows.GetVolumeInformation(&root[0], nil, 0, nil, nil, nil, &name[0], uint32(len(name))); err != nil {
		return data.FileLimit{}, err
	}
	l := data.FileLimit{Volume: windows.UTF16ToString(root)}
	if fs := windows.UTF16ToString(name); fs == "FAT32" || fs == "FAT" {
		l.Max, l.FS = fatMax, fs
	}
	return l, nil
}

// processLimit is 0: Windows sets no file size limit on a process.
func processLimit() int64 { return 0 }

// tooBig reports whether err is the system's "file too large"
// (ERROR_FILE_TOO_LARGE).
func tooBig(err error) bool { return errors.Is(err, windows.ERROR_FILE_TOO_LARGE) }
