package store

import (
	"errors"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
	"taizhang/data"
)

// fatMax is the largest file FAT12, FAT16 and FAT32 hold: 4 GiB − 1 byte.
const fatMax = 1<<32 - 1

// limitSlack is how near a file must have come to the largest file its
// disk allows for an I/O error met writing it to be taken for "file too
// large": within one page of SQLite's largest size.
const limitSlack = 64 << 10

// MaxFileSize is the largest file that may be written in the folder dir
// (which must exist): the smaller of the limit of its file system (FAT:
// 4 GiB − 1 byte; exFAT, NTFS, ext4 and the like have none that matters
// here) and the system's limit for this process (ulimit -f). Max is 0
// when neither limits it.
func MaxFileSize(dir string) (data.FileLimit, error) {
	l, err := fsLimit(dir)
	if err != nil {
		return l, err
	}
	if p := processLimit(); p > 0 && (l.Max == 0 || p < l.Max) {
		l = data.FileLimit{Max: p, Volume: l.Volume}
	}
	return l, nil
}

// sizeFault is the EIO error for err when it is a write refused because
// the file would grow past the largest file allowed, met writing the
// files written (path's, or its temporary file's) and working on path
// with need bytes to write (0: unknown); else nil. The system's own error
// (EFBIG, ERROR_FILE_TOO_LARGE) says so. SQLite does not pass the
// system's error on (modernc's error holds only SQLite's code: a refused
// write is SQLITE_IOERR_WRITE, 778, as a failing disk's is), so an I/O
// error counts as one when a file written has reached the limit of its
// folder (MaxFileSize), or the work needs at least 15/16 of it (VACUUM
// INTO empties the file it failed to write, so a backup's file is found
// empty).
func sizeFault(path string, need int64, err error, written ...string) error {
	var se *sqlite.Error
	ioErr := errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_IOERR
	if !tooBig(err) && !ioErr {
		return nil
	}
	dir := filepath.Dir(path)
	l, lerr := MaxFileSize(dir)
	if !tooBig(err) && (lerr != nil || l.Max == 0 || !reached(l.Max, written) && need < l.Max-l.Max/16) {
		return nil
	}
	if lerr != nil {
		l = data.FileLimit{}
	}
	needs := ""
	if need > 0 {
		needs = "（约需 " + data.FormatBytes(need) + "）"
	}
	return data.Errorf(data.EIO,
		"文件 %s 太大%s，写不下：%s。刚才的操作没有完成，已保存的数据没有改动，也没有留下不完整的文件。%s",
		path, needs, l.Says(dir), l.Advice())
}

// reached reports whether one of the files has come within limitSlack of
// max bytes.
func reached(max int64, files []string) bool {
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() >= max-limitSlack {
			return true
		}
	}
	return false
}
