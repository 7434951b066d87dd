package app

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"taizhang/data"
)

// TestRemoveDebris: at opening, the program's own temporary files older
// than debrisAge are removed from the ledger's and the backups' folders
// and counted; young ones and every other file stay.
func TestRemoveDebris(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "taizhang.db")
	a, err := Open(ctx, testStorage, path)
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
	write(filepath.Join(backups, ".taizhang-keep-789.tmp-journal"), 400, old) // VACUUM INTO's journal
	write(filepath.Join(dir, ".taizhang-2718281828"), 1000, old)              // writeFile's (datadir.txt beside the default ledger)
	young := filepath.Join(backups, ".taizhang-backup-999.tmp")
	write(young, 10, time.Now())
	clerks := []string{filepath.Join(dir, "报表.tmp"), filepath.Join(dir, ".taizhang-笔记.txt"), filepath.Join(backups, "taizhang-备份说明.txt")}
	for _, c := range clerks {
		write(c, 7, old)
	}

	a, err = Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if d := a.Debris(); d.Files != 6 || d.Bytes != 7000 {
		t.Errorf("Debris = %+v, want 6 files, 7000 bytes", d)
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
	for _, gone := range []string{".taizhang-backup-123.tmp", ".taizhang-restore-456.db", ".taizhang-restore-456.db-wal", ".taizhang-keep-789.tmp", ".taizhang-keep-789.tmp-journal", ".taizhang-2718281828"} {
		if slices.Contains(left, gone) {
			t.Errorf("%s was left", gone)
		}
	}
}

// TestBackgroundCheck: the full check is due on a new ledger, records its
// outcome, is due again after the interval (settable), and finds damaged
// evidence that opening, which skips the evidence's bytes, lets through.
func TestBackgroundCheck(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	a.now = func() time.Time { return clock }
	if due, err := a.CheckDue(ctx); err != nil || !due {
		t.Fatalf("CheckDue on a new ledger = %v, %v", due, err)
	}
	if problems, err := a.FullCheck(ctx, nil); err != nil || problems != nil {
		t.Fatalf("FullCheck = %v, %v", problems, err)
	}
	if r, err := a.LastCheck(ctx); err != nil || r.Found != 0 || !r.Time.Equal(clock.UTC().Truncate(time.Second)) {
		t.Errorf("LastCheck = %+v, %v", r, err)
	}
	if due, _ := a.CheckDue(ctx); due {
		t.Error("due right after a check")
	}
	clock = clock.Add(DefaultCheckEvery * 24 * time.Hour)
	if due, _ := a.CheckDue(ctx); !due {
		t.Errorf("not due after %d days", DefaultCheckEvery)
	}
	if err := a.SetCheckEvery(ctx, 30); err != nil {
		t.Fatal(err)
	}
	if due, _ := a.CheckDue(ctx); due {
		t.Error("due after 7 days with a 30-day interval")
	}
	for _, bad := range []int{0, -1, 366} {
		if err := a.SetCheckEvery(ctx, bad); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("SetCheckEvery(%d) = %v", bad, err)
		}
	}
	if _, err := a.db.AddEvidence(ctx, 2023, data.EvidenceInput{Unit: "区水务局", MeasureID: "3.13.1", Month: "2023-06", Name: "照片.jpg"}, bytes.NewReader(bytes.Repeat([]byte{7}, 300<<10)), "张三"); err != nil {
		t.Fatal(err)
	}
	a.Close()

	q, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := q.Exec("UPDATE blob_chunks SET data = zeroblob(64) || substr(data, 65)"); err != nil {
		t.Fatal(err)
	}
	q.Close()
	a, err = Open(ctx, testStorage, path)
	if err != nil {
		t.Fatalf("opening a ledger whose evidence bytes are damaged: %v", err)
	}
	defer a.Close()
	problems, err := a.FullCheck(ctx, nil)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0], "“照片.jpg”已损坏") {
		t.Fatalf("FullCheck = %q, %v", problems, err)
	}
	if r, _ := a.LastCheck(ctx); r.Found != 1 {
		t.Errorf("LastCheck = %+v, want 1 problem", r)
	}
}
