package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
)

// TestMoveTo moves the ledger to another data folder: the copy holds the
// entries, the next start opens it, the old file stays.
func TestMoveTo(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv(DBEnv, "")
	ctx := context.Background()
	old, err := DefaultDBPath()
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(ctx, testStorage, old)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !a.InDefaultPlace() {
		t.Fatal("the ledger at DefaultDBPath is not in the default place")
	}
	p := "六月已完成巡查"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区水务局", MeasureID: "3.13.1", Month: "2023-06", Progress: &p}); err != nil {
		t.Fatal(err)
	}

	if _, err := a.MoveTo(ctx, "相对/路径", nil); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("relative folder: %v", err)
	}
	if _, err := a.MoveTo(ctx, filepath.Dir(old), nil); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("the current folder: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "U盘", "台账数据")
	dest, err := a.MoveTo(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if dest != filepath.Join(dir, DBName) {
		t.Errorf("moved to %s", dest)
	}
	if got, _ := DefaultDBPath(); got != dest {
		t.Errorf("the next start opens %s, want %s", got, dest)
	}
	if a.InDefaultPlace() {
		t.Error("the old file still counts as the default place")
	}
	if _, err := os.Stat(old); err != nil {
		t.Errorf("the old file is gone: %v", err)
	}
	b, err := Open(ctx, testStorage, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	v, err := b.Progress(ctx, "2023-06", data.MeasureFilter{Year: 2023, Unit: "区水务局"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range v.Measures {
		if m.Own != nil && m.Own.Entry != nil && m.Own.Entry.Progress == p {
			found = true
		}
	}
	if !found {
		t.Error("the copy lacks the entry")
	}

	// A folder that already holds a ledger is left alone.
	if _, err := a.MoveTo(ctx, dir, nil); data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(err.Error(), dir) {
		t.Errorf("a folder with a ledger: %v", err)
	}

	// TAIZHANG_DB comes before the chosen folder.
	t.Setenv(DBEnv, "/tmp/x.db")
	if got, _ := DefaultDBPath(); got != "/tmp/x.db" {
		t.Errorf("with TAIZHANG_DB: %s", got)
	}
}
