package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/datatest"
)

// TestBackupToSmallStick backs up onto a small USB stick (a tmpfs of its
// own) that holds the backup with little to spare: written, since filling
// another disk than the ledger's harms nothing. It was refused, asking to
// pick another backup folder "（如U盘）" and to leave 100 MB free, the
// margin the ledger's own disk needs to go on growing. A stick too small
// for the backup is still refused, saying it does not fit.
func TestBackupToSmallStick(t *testing.T) {
	ctx := context.Background()
	a, err := Open(ctx, testStorage, filepath.Join(t.TempDir(), "taizhang.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ev := filepath.Join(t.TempDir(), "照片.jpg")
	os.WriteFile(ev, []byte(strings.Repeat("像素", 2<<20)), 0o644)
	if _, err := a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, ev, ""); err != nil {
		t.Fatal(err)
	}
	stick := datatest.MountTmpfs(t, "20m")
	b, err := a.BackupTo(ctx, filepath.Join(stick, "备份.db"), nil)
	if err != nil {
		t.Fatalf("backup onto a 20 MB stick: %v", err)
	}
	if err := testStorage.VerifyBackup(ctx, b.Path, nil); err != nil {
		t.Errorf("the backup on the stick: %v", err)
	}

	datatest.FillDisk(t, stick)
	_, err = a.BackupTo(ctx, filepath.Join(stick, "第二份.db"), nil)
	if msg := ErrorMessage(err); data.ErrorCode(err) != data.EINVALID || !strings.Contains(msg, "放不下") || strings.Contains(msg, "100.0 MB") {
		t.Errorf("backup onto a full stick: %v", err)
	}
	if _, err := os.Stat(filepath.Join(stick, "第二份.db")); err == nil {
		t.Error("the refused backup was written")
	}
}
