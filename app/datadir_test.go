package app

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
)

// defaultLedger opens a new ledger in the default place of a home and
// configuration folder of the test's own; it returns it and its path.
func defaultLedger(t *testing.T) (*App, string) {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv(DBEnv, "")
	path, err := DefaultDBPath()
	if err != nil {
		t.Fatal(err)
	}
	a, err := Open(context.Background(), testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	return a, path
}

// TestMoveTo moves the ledger to another data folder: the copy holds the
// entries, the next start opens it, the old file stays.
func TestMoveTo(t *testing.T) {
	ctx := context.Background()
	a, old := defaultLedger(t)
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
	m, err := a.MoveTo(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	dest := m.Path
	if dest != filepath.Join(dir, DBName) || m.Damaged != nil {
		t.Errorf("moved to %+v", m)
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

// TestMoveToDamagedEvidence: evidence damaged in the ledger (its bytes no
// longer match their SHA-256, as on a failing disk, which is when a clerk
// moves the data away) does not stop the move: the copy is made with the
// file as it is, named in Moved.Damaged, and the next start opens it.
func TestMoveToDamagedEvidence(t *testing.T) {
	ctx := context.Background()
	a, old := defaultLedger(t)
	for i, name := range []string{"巡查照片.jpg", "会议纪要.pdf"} {
		f := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(f, bytes.Repeat([]byte{byte('a' + i)}, 100_000), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AttachFile(ctx, "区水务局", "3.13.1", "2023-06", f, ""); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	raw, err := sql.Open("sqlite", old)
	if err != nil {
		t.Fatal(err)
	}
	// 64 bytes of the first file's first chunk zeroed
	if _, err := raw.Exec("UPDATE blob_chunks SET data = zeroblob(64) || substr(data, 65) WHERE rowid = (SELECT min(rowid) FROM blob_chunks)"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	a, err = Open(ctx, testStorage, old)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	dir := filepath.Join(t.TempDir(), "新硬盘", "台账数据")
	m, err := a.MoveTo(ctx, dir, nil)
	if err != nil {
		t.Fatalf("MoveTo with damaged evidence: %v", err)
	}
	if len(m.Damaged) != 1 || !strings.Contains(m.Damaged[0], "巡查照片.jpg") {
		t.Errorf("damaged %q, want 巡查照片.jpg named", m.Damaged)
	}
	if got, _ := DefaultDBPath(); got != m.Path {
		t.Errorf("the next start opens %s, want %s", got, m.Path)
	}
	b, err := Open(ctx, testStorage, m.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ev, err := b.ListEvidence(ctx, data.EvidenceFilter{Month: "2023-06", Unit: "区水务局", MeasureID: "3.13.1"})
	if err != nil || len(ev) != 2 {
		t.Fatalf("the copy holds %d evidence files, %v; want both", len(ev), err)
	}
}
