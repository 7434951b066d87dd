package store

import (
	"golang.org/x/sys/unix"
	"taizhang/data"
)

// fsLimit is the limit of the file system holding dir, from statfs's
// f_type: MSDOS_SUPER_MAGIC is FAT (vfat, msdos; FAT16 and FAT32 alike,
// named FAT32, the format of USB sticks).
func fsLimit(dir string) (data.FileLimit, error) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return data.FileLimit{}, err
	}
	if st.Type == unix.MSDOS_SUPER_MAGIC {
		return data.FileLimit{Max: fatMax, FS: "FAT32"}, nil
	}
	return data.FileLimit{}, nil
}
