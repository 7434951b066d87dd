package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"taizhang/data"
	"taizhang/data/datatest"
)

// writePast writes a byte at offset off of a new file in dir (a seek,
// so that nothing before it is written) and returns the file's path and
// the write's error.
func writePast(t *testing.T, dir string, off int64) (string, error) {
	t.Helper()
	path := filepath.Join(dir, "taizhang-backup.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = f.WriteAt([]byte{1}, off)
	return path, err
}

// wantTooLarge fails unless err is the file-too-large message for path,
// saying every one of words, and not the failing disk's advice.
func wantTooLarge(t *testing.T, err error, path string, words ...string) {
	t.Helper()
	wantFault(t, err, append([]string{"文件 " + path + " 太大", "写不下", "已保存的数据没有改动"}, words...)...)
	if strings.Contains(err.Error(), "检查磁盘") {
		t.Errorf("%q gives the failing disk's advice", err)
	}
}

// TestMaxFileSize reads the largest file of real file systems: none on
// tmpfs and ext2 (whose 16 GB limit with 1 KB blocks MaxFileSize does not
// know), 4 GiB − 1 byte on FAT (a vfat image, where the kernel has vfat).
// A write past each one's limit, at an offset reached by a seek, fails
// with the system's EFBIG, which Fault tells as a file too large for the
// disk, naming the file system where it is known.
func TestMaxFileSize(t *testing.T) {
	t.Run("tmpfs", func(t *testing.T) {
		dir := datatest.MountTmpfs(t, "1m")
		if l, err := MaxFileSize(dir); err != nil || l != (data.FileLimit{}) {
			t.Errorf("MaxFileSize(tmpfs) = %+v, %v; want no limit", l, err)
		}
	})
	t.Run("ext2", func(t *testing.T) {
		dir := datatest.MountImage(t, 8, "ext2", "mkfs.ext2", "-q", "-F", "-b", "1024")
		if l, err := MaxFileSize(dir); err != nil || l != (data.FileLimit{}) {
			t.Errorf("MaxFileSize(ext2) = %+v, %v; want no limit known", l, err)
		}
		path, err := writePast(t, dir, 17<<30)
		if !errors.Is(err, syscall.EFBIG) {
			t.Fatalf("write at 17 GB on ext2 with 1 KB blocks: %v, want EFBIG", err)
		}
		wantTooLarge(t, Fault(path, err), path, "文件夹 "+dir+" 所在的磁盘不允许这么大的单个文件", "exFAT 或 NTFS")
	})
	t.Run("vfat", func(t *testing.T) {
		dir := datatest.MountImage(t, 40, "vfat", "mkfs.vfat", "-F", "32")
		if l, err := MaxFileSize(dir); err != nil || l != (data.FileLimit{Max: 1<<32 - 1, FS: "FAT32"}) {
			t.Errorf("MaxFileSize(vfat) = %+v, %v; want FAT32's 4 GiB − 1", l, err)
		}
		path, err := writePast(t, dir, 1<<32)
		if !errors.Is(err, syscall.EFBIG) {
			t.Fatalf("write at 4 GiB on FAT32: %v, want EFBIG", err)
		}
		wantTooLarge(t, Fault(path, err), path, "文件夹 "+dir+" 所在的磁盘是 FAT32 格式，单个文件不能超过 4 GB", "exFAT 或 NTFS")
	})
}

// TestBackupPastFileLimit: a backup that grows past the largest file its
// folder allows (here the process's limit, ulimit -f, set in a child
// process; SQLite's VACUUM INTO then fails with SQLITE_IOERR_WRITE, 778)
// gets the file-too-large message naming the backup, its size and the
// limit, not the failing disk's advice, and leaves no file behind.
func TestBackupPastFileLimit(t *testing.T) {
	if !datatest.InLimitedChild(t) {
		return
	}
	ctx := context.Background()
	db := seedAt(t, filepath.Join(t.TempDir(), "taizhang.db"))
	defer db.Close()
	mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "录像.mp4"}, string(pattern(3<<20, 5)))
	total, err := db.BackupSize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	datatest.LimitFileSize(t, 2<<20)
	dir := t.TempDir()
	dest := filepath.Join(dir, "备份.db")
	_, err = db.Backup(ctx, dest, nil)
	wantTooLarge(t, err, dest, "（约需 "+data.FormatBytes(total)+"）", "系统限制本程序写入的单个文件不能超过 2.0 MB（ulimit -f）")
	if left := names(t, dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}
