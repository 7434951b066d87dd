package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/datatest"
)

// randomFile writes n random (incompressible) bytes to a new file in dir.
func randomFile(t *testing.T, dir, name string, n int) string {
	t.Helper()
	b := make([]byte, n)
	rand.Read(b)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// wantEmpty fails unless the folder dir is empty: nothing written, no
// temporary file left behind.
func wantEmpty(t *testing.T, dir string) {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range des {
		t.Errorf("left in %s: %s", dir, de.Name())
	}
}

// TestCopyOverFileLimit: with a file size limit below the ledger's backup
// size (the system's for the process, ulimit -f, as a FAT32 USB stick's
// 4 GB is the disk's; the limit is real, set in a child process), a backup
// to another folder, moving the data folder and restoring that backup into
// a folder under the limit are refused at once, naming the size needed
// and the limit, with nothing written; writes that do hit
// the limit (the ledger's own, through SQLite, and saving an evidence
// file) fail with EFBIG for real and get the file-too-large message, not
// the disk-error advice, and change nothing.
func TestCopyOverFileLimit(t *testing.T) {
	if !datatest.InLimitedChild(t) {
		return
	}
	ctx := context.Background()
	a := mustOpen(t)
	src := t.TempDir()
	video := randomFile(t, src, "录像.mp4", 3<<20)
	second := randomFile(t, src, "第二段录像.mp4", 3<<20)
	ev, err := a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, video, "")
	if err != nil {
		t.Fatal(err)
	}
	backup, err := a.BackupTo(ctx, filepath.Join(src, "备份.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	need, err := a.db.BackupSize(ctx)
	if err != nil {
		t.Fatal(err)
	}
	limit := int64(2 << 20)
	if need <= limit {
		t.Fatalf("the backup needs %d bytes, not more than the limit %d", need, limit)
	}
	datatest.LimitFileSize(t, limit)

	dest := t.TempDir()
	if l, err := testStorage.MaxFileSize(dest); err != nil || l != (data.FileLimit{Max: limit}) {
		t.Fatalf("MaxFileSize = %+v, %v; want the process's limit %d", l, err, limit)
	}
	_, err = a.BackupTo(ctx, filepath.Join(dest, "备份.db"), nil)
	wantMessage(t, err, data.EINVALID, "备份约需 "+FormatBytes(need)+"，而系统限制本程序写入的单个文件不能超过 2.0 MB（ulimit -f），本次没有写入任何文件。",
		"请解除这一限制")
	wantEmpty(t, dest)
	_, err = a.MoveTo(ctx, filepath.Join(dest, "新的数据文件夹"), nil)
	wantMessage(t, err, data.EINVALID, "数据库的副本约需 "+FormatBytes(need)+"，而系统限制本程序写入的单个文件不能超过 2.0 MB")
	wantEmpty(t, dest)

	_, err = RestoreFile(ctx, testStorage, filepath.Join(dest, "另一台账", "taizhang.db"), backup.Path, nil)
	wantMessage(t, err, data.EINVALID, "恢复时复制备份约需 "+FormatBytes(backup.Size)+"，而系统限制本程序写入的单个文件不能超过 2.0 MB")
	wantEmpty(t, dest)

	saved := filepath.Join(dest, "录像.mp4")
	err = a.SaveBlob(ctx, ev.SHA256, saved)
	wantMessage(t, err, data.EIO, "“录像.mp4”太大，没有写入（没有留下不完整的文件）：文件夹 "+dest+" 所在的磁盘不允许这么大的单个文件。",
		"exFAT 或 NTFS")
	wantEmpty(t, dest)

	// The ledger's own write: the WAL grows past the limit.
	_, err = a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, second, "")
	if err == nil {
		t.Fatal("an evidence file past the file size limit was attached")
	}
	msg := ErrorMessage(err)
	for _, w := range []string{"文件 " + a.DBPath() + " 太大", "系统限制本程序写入的单个文件不能超过 2.0 MB", "已保存的数据没有改动"} {
		if !strings.Contains(msg, w) {
			t.Errorf("attach past the limit: %q does not say %q", msg, w)
		}
	}
	if strings.Contains(msg, "检查磁盘") {
		t.Errorf("attach past the limit: %q gives the disk-error advice", msg)
	}
	es, err := a.ListEvidence(ctx, data.EvidenceFilter{WithRemoved: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].SHA256 != ev.SHA256 {
		t.Errorf("evidence after the failed attach: %+v, want only %s", es, ev.Name)
	}
	b, err := os.ReadFile(video)
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != ev.SHA256 {
		t.Error("the first evidence file's hash changed")
	}
}

// wantMessage fails unless err has the code and its message says every
// one of words.
func wantMessage(t *testing.T, err error, code string, words ...string) {
	t.Helper()
	if data.ErrorCode(err) != code {
		t.Fatalf("got %v (code %q), want %s", err, data.ErrorCode(err), code)
	}
	for _, w := range words {
		if !strings.Contains(ErrorMessage(err), w) {
			t.Errorf("message %q does not say %q", ErrorMessage(err), w)
		}
	}
}

// TestBackupToFAT32: on a real FAT32 file system (a vfat image, where the
// kernel has vfat), a backup of the ledger, which fits, is written, and a
// copy estimated above 4 GB is refused naming the folder, the format and
// what to do. (No 4 GB ledger is written: the refusal is checkFileLimit,
// which BackupTo and MoveTo call with the ledger's BackupSize, as
// TestCopyOverFileLimit shows with a smaller limit.)
func TestBackupToFAT32(t *testing.T) {
	ctx := context.Background()
	dir := datatest.MountImage(t, 40, "vfat", "mkfs.vfat", "-F", "32")
	a := mustOpen(t)
	b, err := a.BackupTo(ctx, filepath.Join(dir, "备份.db"), nil)
	if err != nil {
		t.Fatalf("backup to FAT32: %v", err)
	}
	if err := testStorage.VerifyBackup(ctx, b.Path, nil); err != nil {
		t.Errorf("the backup on FAT32: %v", err)
	}
	need := int64(52 << 30 / 10)
	err = a.checkFileLimit(filepath.Join(dir, "备份"), "备份", need)
	wantMessage(t, err, data.EINVALID, "备份约需 5.20 GB，而文件夹 "+filepath.Join(dir, "备份")+" 所在的磁盘是 FAT32 格式，单个文件不能超过 4 GB，本次没有写入任何文件。请换用 exFAT 或 NTFS 格式的 U 盘或移动硬盘，或选择其他位置。")
	if err := a.checkFileLimit(dir, "备份", 1<<32-1); err != nil {
		t.Errorf("a copy of 4 GiB − 1 byte refused on FAT32: %v", err)
	}
}
