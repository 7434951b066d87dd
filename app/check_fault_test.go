package app

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"taizhang/data"
)

// TestCheckFileKeepsWAL checks a ledger with a -wal beside it that no
// program holds (copied from another ledger, or left by a killed one):
// the check merges it, as opening does, only after keeping a copy of the
// pair, and says where. It once merged it silently.
func TestCheckFileKeepsWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	other := filepath.Join(dir, "另一个", "taizhang.db")
	a, err := Open(ctx, testStorage, other)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := "另一个台账的进展"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区水务局", MeasureID: "3.13.1", Month: "2023-06", Progress: &p}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "taizhang.db")
	for _, suffix := range []string{"", "-wal"} { // the other ledger's -wal, while it is open
		b, err := os.ReadFile(other + suffix)
		if err != nil || len(b) == 0 {
			t.Fatalf("read %s%s: %d bytes, %v", other, suffix, len(b), err)
		}
		if err := os.WriteFile(path+suffix, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	wal, _ := os.ReadFile(path + "-wal")

	problems, kept, err := CheckFile(ctx, testStorage, path, false, nil)
	if err != nil || problems != nil {
		t.Fatalf("CheckFile = %q, %v", problems, err)
	}
	if kept.SetAside || kept.Path == "" || filepath.Dir(kept.Path) != DefaultBackupDir(path) {
		t.Fatalf("the -wal was merged with no copy kept (kept %+v)", kept)
	}
	if b, err := os.ReadFile(kept.Path + "-wal"); err != nil || string(b) != string(wal) {
		t.Errorf("kept -wal: %d bytes, %v; want the %d bytes found", len(b), err, len(wal))
	}
	if _, err := os.Stat(kept.Path); err != nil {
		t.Errorf("kept database: %v", err)
	}
}
