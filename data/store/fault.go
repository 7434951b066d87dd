package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
	"taizhang/data"
)

// lowSpace is the free space below which an I/O error is taken for a full
// disk: SQLite reports a WAL or shared-memory file that cannot grow as an
// I/O error, not as SQLITE_FULL.
const lowSpace = 4 << 20

// Fault is the EIO error for err when err is SQLite's or the system's
// file-too-large (see sizeFault), disk-full (SQLITE_FULL, ENOSPC), I/O
// (SQLITE_IOERR and its extended codes), read-only (SQLITE_READONLY and
// extended, EROFS) or cannot-open (SQLITE_CANTOPEN) error met working on
// the file at path: a Chinese message that says what happened, where, and
// what to do; SQLite's damaged file (SQLITE_CORRUPT, SQLITE_NOTADB) is
// the damage error (data.Damaged) for path. Any other error, a coded one
// included, is returned unchanged.
func Fault(path string, err error) error { return faultNeed(path, 0, err) }

// SQLiteFault is Fault for SQLite's errors only: for an error whose file
// is not known, where a system error (a full USB stick) may be another
// file's than path.
func SQLiteFault(path string, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	return faultNeed(path, 0, err)
}

// faultNeed is Fault for work that needs about need bytes (0: unknown).
func faultNeed(path string, need int64, err error) error {
	if err == nil {
		return nil
	}
	var coded *data.Error
	if errors.As(err, &coded) {
		return err
	}
	if f := sizeFault(path, need, err, path, path+"-wal"); f != nil {
		return f
	}
	dir := filepath.Dir(path)
	var se *sqlite.Error
	code := -1
	if errors.As(err, &se) {
		code = se.Code()
	}
	switch {
	case code&0xff == sqlite3.SQLITE_FULL || noSpace(err):
		return diskFull(dir, need)
	case code&0xff == sqlite3.SQLITE_IOERR:
		if free, ferr := FreeSpace(dir); ferr == nil && free < lowSpace {
			return diskFull(dir, need)
		}
		return data.Errorf(data.EIO,
			"读写文件 %s 时磁盘出错（SQLite 错误 %d），刚才的操作没有完成，已保存的数据没有改动。"+
				"请检查磁盘或U盘是否连接正常，然后重试；如再次出现，请用“文件 → 完整性检查”检查数据库，必要时从备份恢复。",
			path, code)
	case code&0xff == sqlite3.SQLITE_READONLY || errors.Is(err, syscall.EROFS):
		return readOnlyFault(path)
	case isCorrupt(err):
		return data.Damaged(path, []string{"读取时发现文件已损坏（" + se.Error() + "）"})
	case code&0xff == sqlite3.SQLITE_CANTOPEN:
		return data.Errorf(data.EIO,
			"无法打开文件 %s：文件或所在文件夹 %s 不存在，或没有读写权限。请确认文件夹存在（U盘已插好）并且有读写权限，然后重试。",
			path, dir)
	}
	return err
}

// fileFault is the error for err met writing the file at path (a backup,
// a kept copy): for a folder that may not be written (read-only, or no
// permission) a message that says so; Fault's message for a full disk, a
// file too large or a failing disk; otherwise the error otherwise.
func fileFault(path string, err, otherwise error) error {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return data.Errorf(data.EIO,
			"无法在文件夹 %s 中写入文件：该文件夹不允许写入（只读，或没有写入权限）。刚才的操作没有完成，已保存的数据没有改动。"+
				"请换一个可写的文件夹，或取消它的只读属性后重试。",
			filepath.Dir(path))
	}
	if f := Fault(path, err); f != err {
		return f
	}
	return otherwise
}

// writeNeed is about the disk space a transaction needs that stores size
// bytes of files (0: not known, and then neither is the need) and writes
// rows rows (each with its audit record and indexes, about 2 KB): a
// twentieth more for SQLite's pages, all of it twice, once in the WAL and
// once more when the WAL is copied into the database file.
func writeNeed(size, rows int64) int64 {
	if size == 0 {
		return 0
	}
	return 2 * (size + size/20 + rows<<11)
}

// ErrDiskFull is the Kind of the error for a full disk (errors.Is).
var ErrDiskFull = errors.New("disk full")

// diskFull is the message for a full disk under dir.
func diskFull(dir string, need int64) error {
	needs := ""
	if need > 0 {
		needs = "，这次操作约需 " + data.FormatBytes(need)
	}
	e := data.Errorf(data.EIO,
		"磁盘空间不足：文件夹 %s%s 所在的磁盘%s%s。刚才的操作没有完成，已保存的数据没有改动。"+
			"请在该磁盘上删除不需要的文件、腾出空间后重试（数据库和备份不要放在已满的磁盘上）。",
		dir, drive(dir), spaceLeft(dir), needs)
	e.Kind = ErrDiskFull
	return e
}

// spaceLeft says how much space is free under dir: "只剩 1.2 MB 可用空间".
func spaceLeft(dir string) string {
	if n, err := FreeSpace(dir); err == nil {
		return "只剩 " + data.FormatBytes(int64(n)) + " 可用空间"
	}
	return "几乎没有可用空间"
}

// readOnlyFault is the message for a write refused because the file at
// path or its folder is read-only.
func readOnlyFault(path string) error {
	return data.Errorf(data.EIO,
		"文件 %s 是只读的（文件或所在文件夹 %s 不允许写入），刚才的修改没有保存。"+
			"仍可以查看、打印报表、检查和备份到别的文件夹；要修改，请取消该文件的只读属性或换到可写的文件夹，再重新打开台账。",
		path, filepath.Dir(path))
}

// errReadOnly is the message for a change asked of a ledger opened
// read-only.
func (db *DB) errReadOnly() error {
	path := db.path
	if db.diskFull {
		return data.Errorf(data.EIO,
			"磁盘空间不足：数据库 %s 所在的磁盘%s，台账因此以只读方式打开，不能保存修改。"+
				"仍可以查看、打印报表、检查和备份到别的磁盘；请在该磁盘上删除不需要的文件、腾出空间后重新打开台账。",
			path, spaceLeft(filepath.Dir(path)))
	}
	return data.Errorf(data.EIO,
		"数据库 %s 是以只读方式打开的（文件或所在文件夹 %s 不允许写入，或另有程序正在修改它），不能保存修改。"+
			"仍可以查看、打印报表、检查和备份到别的文件夹；要修改，请取消该文件的只读属性或换到可写的文件夹，再重新打开台账。",
		path, filepath.Dir(path))
}

// drive names dir's drive where the system has drive letters: "（D:）".
func drive(dir string) string {
	if v := filepath.VolumeName(dir); v != "" {
		return "（" + v + "）"
	}
	return ""
}

// writable reports whether the file at path (if it exists) and its folder
// can be written by this process: a probe file is created in the folder
// and removed again.
func writable(path string) (file, folder bool) {
	file = true
	if f, err := os.OpenFile(path, os.O_RDWR, 0); err == nil {
		f.Close()
	} else if !errors.Is(err, os.ErrNotExist) {
		file = false
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".taizhang-probe-*")
	if err != nil {
		return file, false
	}
	f.Close()
	os.Remove(f.Name())
	return file, true
}
