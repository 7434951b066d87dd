package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/datatest"
)

// closedSeededFile makes a seeded database with one evidence file and
// returns its closed file's path.
func closedSeededFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SeedPlan(context.Background(), testPlan()); err != nil {
		t.Fatal(err)
	}
	mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "巡查.jpg"}, string(pattern(3*chunkSize, 7)))
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: ptr("已巡查")})
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestQuickCheck(t *testing.T) {
	ctx := context.Background()
	path := closedSeededFile(t)
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := db.QuickCheck(ctx); err != nil || p != nil {
		t.Fatalf("sound file: QuickCheck = %q, %v", p, err)
	}
	db.Close()

	datatest.DamagePages(t, path, datatest.IndexPages...)
	db, err = Open(path)
	if err != nil {
		t.Fatalf("open damaged file: %v", err)
	}
	defer db.Close()
	p, err := db.QuickCheck(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(p) == 0 || !strings.HasPrefix(p[0], "数据库文件结构损坏") {
		t.Errorf("damaged file: QuickCheck = %q, want problems", p)
	}
}

func TestOpen_Damaged(t *testing.T) {
	path := closedSeededFile(t)
	datatest.DamagePages(t, path, append(datatest.IndexPages, datatest.TablePages...)...)
	db, err := Open(path)
	if err == nil {
		db.Close()
		t.Fatal("Open of a file with damaged tables succeeded")
	}
	if !data.IsDamaged(err) || !strings.Contains(fmt.Sprint(err), "已损坏") || !strings.Contains(fmt.Sprint(err), path) {
		t.Errorf("Open: %v (damaged %v)", err, data.IsDamaged(err))
	}
	// The lock was given up.
	if _, err := acquireLock(path); err != nil {
		t.Errorf("lock after a failed Open: %v", err)
	}
}

func TestFullCheck_TamperedBlob(t *testing.T) {
	ctx := context.Background()
	path := closedSeededFile(t)
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var calls, last int
	p, err := db.FullCheck(ctx, func(done, total int) { calls++; last = done })
	if err != nil || p != nil {
		t.Fatalf("sound file: FullCheck = %q, %v", p, err)
	}
	if calls == 0 || last != 1 {
		t.Errorf("progress called %d times, last done %d; want the one blob done", calls, last)
	}
	db.Close()

	// Same size, one byte changed in the second chunk: only the hash tells.
	rawExec(t, path, "UPDATE blob_chunks SET data = zeroblob(1) || substr(data, 2) WHERE seq = 1")
	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if q, err := db.QuickCheck(ctx); err != nil || q != nil {
		t.Errorf("tampered blob: QuickCheck = %q, %v; the file itself is sound", q, err)
	}
	p, err = db.FullCheck(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p) != 1 || !strings.Contains(p[0], "“巡查.jpg”已损坏") {
		t.Errorf("tampered blob: FullCheck = %q", p)
	}
}

// TestCheckWritten: a backup that does not read back sound is refused
// with a message naming it, so it never replaces a good one.
func TestCheckWritten(t *testing.T) {
	ctx := context.Background()
	path := closedSeededFile(t)
	if damaged, err := checkWritten(ctx, path, "备份.db"); err != nil || damaged != nil {
		t.Fatalf("sound copy: %v, %v", damaged, err)
	}
	datatest.DamagePages(t, path, datatest.IndexPages...)
	_, err := checkWritten(ctx, path, "备份.db")
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(fmt.Sprint(err), "备份.db") ||
		!strings.Contains(fmt.Sprint(err), "数据库文件结构损坏") {
		t.Fatalf("damaged copy: %v", err)
	}
}

// TestOpenCheck: the check before use finds damaged tables and indexes
// and a schema that is not this version's, and leaves the evidence's
// bytes and the CHECK constraints to FullCheck and the entries and the
// audit log to HistoryCheck (and FullCheck).
func TestOpenCheck(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		spoil   func(path string)
		want    string // "" for no problem at opening
		history string // what HistoryCheck then finds
		full    string // what FullCheck then finds
	}{
		{"sound", func(string) {}, "", "", ""},
		{"evidence bytes", func(path string) {
			rawExec(t, path, "UPDATE blob_chunks SET data = zeroblob(64) || substr(data, 65) WHERE seq = 1")
		}, "", "", "“巡查.jpg”已损坏"},
		{"indexes", func(path string) { datatest.DamagePages(t, path, datatest.IndexPages...) }, "数据库文件结构损坏", "数据库文件结构损坏", "数据库文件结构损坏"},
		{"trigger dropped", func(path string) { rawExec(t, path, "DROP TRIGGER audit_no_update") }, "缺少触发器 audit_no_update", "缺少触发器 audit_no_update", ""},
		{"status outside the vocabulary", func(path string) {
			rawExec(t, path, "PRAGMA ignore_check_constraints = 1", "UPDATE entries SET status = '办理中'")
		}, "", "", "CHECK constraint failed in entries"},
		{"entries' index", func(path string) { damageRoot(t, path, "sqlite_autoindex_entries_1") }, "", "数据库文件结构损坏", "数据库文件结构损坏"},
		{"audit log's index", func(path string) { damageRoot(t, path, "audit_unit") }, "", "数据库文件结构损坏", "数据库文件结构损坏"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := closedSeededFile(t)
			tc.spoil(path)
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			problems, err := db.OpenCheck(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(problems, "；"); (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("OpenCheck = %q, want %q", got, tc.want)
			}
			history, err := db.HistoryCheck(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(history, "；"); (tc.history == "") != (got == "") || !strings.Contains(got, tc.history) {
				t.Errorf("HistoryCheck = %q, want %q", got, tc.history)
			}
			full, err := db.FullCheck(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tc.full != "" && !strings.Contains(strings.Join(full, "；"), tc.full) {
				t.Errorf("FullCheck = %q, want %q", full, tc.full)
			}
		})
	}
}

// damageRoot garbles the cell pointers of the root page of the b-tree
// name (a table or an index) in the closed database file at path, as
// datatest.DamagePages does for every page of a type.
func damageRoot(t *testing.T, path, name string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	var root int64
	err = raw.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", name).Scan(&root)
	raw.Close()
	if err != nil {
		t.Fatalf("root page of %s: %v", name, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const page = 4096
	b := make([]byte, 56)
	if _, err := f.ReadAt(b, (root-1)*page+8); err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] ^= 0xA5
	}
	if _, err := f.WriteAt(b, (root-1)*page+8); err != nil {
		t.Fatal(err)
	}
}
