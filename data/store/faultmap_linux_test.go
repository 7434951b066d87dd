package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
	"modernc.org/sqlite"
	"taizhang/data"
	"taizhang/data/datatest"
)

// The ext4 ioctl that shuts a filesystem down as a failing disk would
// (EXT4_IOC_SHUTDOWN, _IOR('X', 125, __u32)): every later read and write
// of its files fails with EIO. EXT4_GOING_FLAGS_NOLOGFLUSH drops the
// journal unwritten.
const (
	ext4IocShutdown       = 0x8004587d
	ext4GoingNoLogFlush   = 0x2
	sqliteIOErrShmSize    = 4874 // SQLITE_IOERR_SHMSIZE
	sqliteReadOnlyDBMoved = 1032 // SQLITE_READONLY_DBMOVED
	sqliteReadOnlyDir     = 1544 // SQLITE_READONLY_DIRECTORY
	nobody                = 65534
)

// rawDB opens the SQLite file at path with a rollback journal (no shared
// memory to map) for tests that need SQLite's own error on a real file.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, "journal_mode(DELETE)", "busy_timeout(1000)"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// mustExec runs q on db.
func mustExec(t *testing.T, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// wantSQLite fails unless err is SQLite's error with the given code.
func wantSQLite(t *testing.T, err error, code int) {
	t.Helper()
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code() != code {
		t.Fatalf("got %v, want SQLite's error %d", err, code)
	}
}

// wantFault fails unless err is an EIO error whose message says every
// one of words.
func wantFault(t *testing.T, err error, words ...string) {
	t.Helper()
	if data.ErrorCode(err) != data.EIO {
		t.Fatalf("got %v (code %q), want EIO", err, data.ErrorCode(err))
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q does not say %q", err.Error(), w)
		}
	}
}

// freeText is how the disk-full message says the free space under dir.
func freeText(t *testing.T, dir string) string {
	t.Helper()
	free, err := FreeSpace(dir)
	if err != nil {
		t.Fatal(err)
	}
	return "只剩 " + data.FormatBytes(int64(free)) + " 可用空间"
}

// mountExt4 mounts a new ext4 filesystem of size MB, on a loop device over
// a file, on a new folder, unmounted when the test ends. It skips the test
// unless it runs as root where loop devices may be mounted.
func mountExt4(t *testing.T, mb int) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount an ext4 image (mount -o loop)")
	}
	img := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(img, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(img, int64(mb)<<20); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mkfs.ext4", "-q", "-F", img).CombinedOutput(); err != nil {
		t.Skipf("cannot make an ext4 image here: %v %s", err, out)
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "ext4", "-o", "loop", img, dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount an ext4 image here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// shutDown makes the ext4 filesystem at dir fail every read and write
// with EIO from now on, as a disk that died or a USB stick pulled out.
func shutDown(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flags := uint32(ext4GoingNoLogFlush)
	if _, _, errno := unix.Syscall(unix.SYS_IOCTL, f.Fd(), ext4IocShutdown, uintptr(unsafe.Pointer(&flags))); errno != 0 {
		t.Skipf("cannot shut the ext4 filesystem down: %v", errno)
	}
}

// asUser runs fn with the effective user and group uid (root's rights
// given up, as a clerk without administrator rights has them) and takes
// root's back after it.
func asUser(t *testing.T, uid int, fn func()) {
	t.Helper()
	if err := syscall.Setegid(uid); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Seteuid(uid); err != nil {
		syscall.Setegid(0)
		t.Fatal(err)
	}
	defer func() {
		if err := errors.Join(syscall.Seteuid(0), syscall.Setegid(0)); err != nil {
			panic(err) // the rest of the tests would run without root's rights
		}
	}()
	fn()
}

// TestFaultMessages gives Fault every kind of error it maps, each met for
// real on a real file (a full, a read-only and a failing disk, a folder
// the user may not write, a moved and a missing file), and asserts the Chinese message: what happened,
// the file or folder, the free space and what to do. Errors it does not
// map come back unchanged. (The drive letter in the disk-full message
// exists only on Windows and is not tested here.)
func TestFaultMessages(t *testing.T) {
	t.Run("SQLITE_FULL", func(t *testing.T) {
		dir := datatest.MountTmpfs(t, "1m")
		path := filepath.Join(dir, "taizhang.db")
		db := rawDB(t, path)
		mustExec(t, db, "CREATE TABLE blob (b BLOB)")
		_, err := db.Exec("INSERT INTO blob VALUES (randomblob(2 << 20))")
		wantSQLite(t, err, 13)
		err = fmt.Errorf("add evidence: %w", err) // as the store wraps it
		wantFault(t, Fault(path, err), "磁盘空间不足", "文件夹 "+dir+" 所在的磁盘", freeText(t, dir),
			"刚才的操作没有完成，已保存的数据没有改动", "删除不需要的文件、腾出空间后重试")
		if strings.Contains(Fault(path, err).Error(), "约需") {
			t.Error("the need is said where it is not known")
		}
		wantFault(t, faultNeed(path, 5<<20, err), freeText(t, dir)+"，这次操作约需 5.0 MB")
		wantFault(t, SQLiteFault(path, err), "磁盘空间不足", dir)
		gone := filepath.Join(t.TempDir(), "拔掉的U盘", "taizhang.db")
		wantFault(t, Fault(gone, err), "文件夹 "+filepath.Dir(gone)+" 所在的磁盘几乎没有可用空间")
	})

	t.Run("ENOSPC", func(t *testing.T) {
		dir := datatest.MountTmpfs(t, "1m")
		datatest.FillDisk(t, dir)
		path := filepath.Join(dir, "月报.pdf")
		err := os.WriteFile(path, make([]byte, 64<<10), 0o644)
		if !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("write on a full disk: %v, want ENOSPC", err)
		}
		wantFault(t, Fault(path, err), "磁盘空间不足", "文件夹 "+dir, freeText(t, dir), "腾出空间")
		if got := SQLiteFault(path, err); got != err {
			t.Errorf("SQLiteFault mapped the system's error: %v", got)
		}
	})

	t.Run("SQLITE_IOERR_SHMSIZE on a full disk", func(t *testing.T) {
		dir := datatest.MountTmpfs(t, "2m")
		path := filepath.Join(dir, "taizhang.db")
		seed, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		seed.Close()
		datatest.FillDisk(t, dir)
		q, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		var n int
		err = q.QueryRow("SELECT count(*) FROM settings").Scan(&n)
		wantSQLite(t, err, sqliteIOErrShmSize)
		wantFault(t, Fault(path, err), "磁盘空间不足", "文件夹 "+dir, freeText(t, dir), "腾出空间")
	})

	t.Run("SQLITE_IOERR", func(t *testing.T) {
		dir := mountExt4(t, 32)
		path := filepath.Join(dir, "taizhang.db")
		db := rawDB(t, path)
		mustExec(t, db, "PRAGMA journal_mode=WAL") // as the ledger is kept
		mustExec(t, db, "CREATE TABLE blob (b BLOB)")
		mustExec(t, db, "INSERT INTO blob VALUES (randomblob(100000))")
		shutDown(t, dir)
		_, err := db.Exec("INSERT INTO blob VALUES (randomblob(100000))")
		var se *sqlite.Error
		if !errors.As(err, &se) || se.Code()&0xff != 10 {
			t.Fatalf("write on a failing disk: %v, want SQLITE_IOERR", err)
		}
		t.Logf("SQLite on a failing disk: %v", err)
		wantFault(t, Fault(path, err), "读写文件 "+path+" 时磁盘出错",
			fmt.Sprintf("（SQLite 错误 %d）", se.Code()), "刚才的操作没有完成，已保存的数据没有改动",
			"检查磁盘或U盘是否连接正常", "完整性检查", "从备份恢复")
	})

	t.Run("SQLITE_READONLY", func(t *testing.T) {
		dir := datatest.MountTmpfs(t, "2m")
		path := filepath.Join(dir, "taizhang.db")
		seed := rawDB(t, path)
		mustExec(t, seed, "CREATE TABLE entry (x)")
		seed.Close()
		datatest.RemountReadOnly(t, dir)
		db := rawDB(t, path)
		_, err := db.Exec("INSERT INTO entry VALUES (1)")
		wantSQLite(t, err, 8)
		wantFault(t, Fault(path, err), "文件 "+path+" 是只读的", "所在文件夹 "+dir+" 不允许写入",
			"刚才的修改没有保存", "仍可以查看、打印报表、检查和备份到别的文件夹", "取消该文件的只读属性或换到可写的文件夹")

		_, err = os.Create(filepath.Join(dir, "taizhang.db.lock"))
		if !errors.Is(err, syscall.EROFS) {
			t.Fatalf("create on a read-only disk: %v, want EROFS", err)
		}
		wantFault(t, Fault(path, err), "文件 "+path+" 是只读的", "不允许写入")
		if got := SQLiteFault(path, err); got != err {
			t.Errorf("SQLiteFault mapped the system's error: %v", got)
		}
	})

	t.Run("SQLITE_READONLY_DBMOVED", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "taizhang.db")
		db := rawDB(t, path)
		mustExec(t, db, "CREATE TABLE entry (x)")
		if err := os.Rename(path, path+".moved"); err != nil {
			t.Fatal(err)
		}
		_, err := db.Exec("INSERT INTO entry VALUES (1)")
		wantSQLite(t, err, sqliteReadOnlyDBMoved)
		wantFault(t, Fault(path, err), "文件 "+path+" 是只读的", "刚才的修改没有保存")
	})

	t.Run("SQLITE_READONLY_DIRECTORY", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("needs root to act as the user nobody")
		}
		dir, err := os.MkdirTemp("", "taizhang-rodir-")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(dir) })
		path := filepath.Join(dir, "taizhang.db")
		seed := rawDB(t, path)
		mustExec(t, seed, "CREATE TABLE entry (x)")
		seed.Close()
		// The file may be written by anyone, its folder by root only.
		if err := errors.Join(os.Chmod(path, 0o666), os.Chmod(dir, 0o755)); err != nil {
			t.Fatal(err)
		}
		asUser(t, nobody, func() {
			db := rawDB(t, path)
			_, err = db.Exec("INSERT INTO entry VALUES (1)")
			db.Close()
		})
		wantSQLite(t, err, sqliteReadOnlyDir)
		wantFault(t, Fault(path, err), "文件 "+path+" 是只读的", "所在文件夹 "+dir+" 不允许写入", "换到可写的文件夹")
	})

	t.Run("SQLITE_CANTOPEN", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "拔掉的U盘")
		path := filepath.Join(dir, "taizhang.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		err = db.Ping()
		wantSQLite(t, err, 14)
		wantFault(t, Fault(path, err), "无法打开文件 "+path, "所在文件夹 "+dir+" 不存在，或没有读写权限",
			"确认文件夹存在（U盘已插好）")
	})

	t.Run("unchanged", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "taizhang.db")
		if Fault(path, nil) != nil || SQLiteFault(path, nil) != nil {
			t.Error("nil mapped to an error")
		}
		db := rawDB(t, path)
		mustExec(t, db, "CREATE TABLE unit (name TEXT UNIQUE)")
		mustExec(t, db, "INSERT INTO unit VALUES ('德胜街道')")
		_, dup := db.Exec("INSERT INTO unit VALUES ('德胜街道')")
		wantSQLite(t, dup, 2067) // SQLITE_CONSTRAINT_UNIQUE
		coded := data.Errorf(data.EINVALID, "第 3 行没有填写状态")
		ioCoded := fmt.Errorf("import: %w", data.Errorf(data.EIO, "磁盘空间不足"))
		for _, err := range []error{dup, coded, ioCoded, os.ErrNotExist} {
			if got := Fault(path, err); got != err {
				t.Errorf("Fault(%v) = %v, want it unchanged", err, got)
			}
			if got := SQLiteFault(path, err); got != err {
				t.Errorf("SQLiteFault(%v) = %v, want it unchanged", err, got)
			}
		}
	})
}
