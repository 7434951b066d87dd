package app

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestRemoveDebris: at opening, the program's own temporary files older
// than debrisAge are removed from the ledger's and the backups' folders
// and counted; young ones and every other file stay.
func TestRemoveDebris(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "taizhang.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	backups := DefaultBackupDir(path)
	os.MkdirAll(backups, 0o755)
	old := time.Now().Add(-time.Hour)
	write := func(p string, n int, mod time.Time) {
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mod, mod)
	}
	write(filepath.Join(backups, ".taizhang-backup-123.tmp"), 3000, old)
	write(filepath.Join(dir, ".taizhang-restore-456.db"), 2000, old)
	write(filepath.Join(dir, ".taizhang-restore-456.db-wal"), 500, old)
	write(filepath.Join(backups, ".taizhang-keep-789.tmp"), 100, old)
	young := filepath.Join(backups, ".taizhang-backup-999.tmp")
	write(young, 10, time.Now())
	clerks := []string{filepath.Join(dir, "报表.tmp"), filepath.Join(dir, ".taizhang-笔记.txt"), filepath.Join(backups, "taizhang-备份说明.txt")}
	for _, c := range clerks {
		write(c, 7, old)
	}

	a, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if d := a.Debris(); d.Files != 4 || d.Bytes != 5600 {
		t.Errorf("Debris = %+v, want 4 files, 5600 bytes", d)
	}
	for _, keep := range append(clerks, young) {
		if _, err := os.Stat(keep); err != nil {
			t.Errorf("%s was removed", keep)
		}
	}
	var left []string
	for _, d := range []string{dir, backups} {
		des, _ := os.ReadDir(d)
		for _, de := range des {
			left = append(left, de.Name())
		}
	}
	for _, gone := range []string{".taizhang-backup-123.tmp", ".taizhang-restore-456.db", ".taizhang-restore-456.db-wal", ".taizhang-keep-789.tmp"} {
		if slices.Contains(left, gone) {
			t.Errorf("%s was left", gone)
		}
	}
}
