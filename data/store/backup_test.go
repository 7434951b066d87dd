package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"taizhang/data"
	"taizhang/data/datatest"
)

// wantConsistent opens a backup and checks that it is whole: sound, every
// evidence row with its audit row and blob, every entry with an audit row.
func wantConsistent(t *testing.T, path string) (entries, evidence int) {
	t.Helper()
	if err := VerifyBackup(context.Background(), path, nil); err != nil {
		t.Fatalf("VerifyBackup: %v", err)
	}
	q, err := sql.Open("sqlite", dsn(path, "query_only(1)"))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	var orphans int
	for _, query := range []string{
		"SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.evidence_id = e.id)",
		"SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.id = e.blob_id AND b.sha256 IS NOT NULL)",
		"SELECT count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.unit = e.unit AND a.measure_id = e.measure_id AND a.month = e.month)",
	} {
		if err := q.QueryRow(query).Scan(&orphans); err != nil || orphans != 0 {
			t.Errorf("%s = %d, %v", query, orphans, err)
		}
	}
	q.QueryRow("SELECT count(*) FROM entries").Scan(&entries)
	q.QueryRow("SELECT count(*) FROM evidence").Scan(&evidence)
	return entries, evidence
}

func TestBackup_WhileWriting(t *testing.T) {
	ctx := context.Background()
	db := MustSeedDB(t)
	dir := t.TempDir()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.AddEvidence(ctx, y23, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: fmt.Sprintf("%d.jpg", i)},
				bytes.NewReader(pattern(100_000+i*7919, byte(i))), clerk); err != nil {
				t.Error(err)
				return
			}
			mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: ptr(fmt.Sprint("第", i, "次"))})
		}
	}()
	var last int
	for i := range 5 {
		dest := filepath.Join(dir, fmt.Sprintf("b%d.db", i))
		var calls int
		res, err := db.Backup(ctx, dest, func(done, total int64) { calls++ })
		if err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(dest); err != nil || fi.Size() != res.Size || calls == 0 || res.Damaged != nil {
			t.Errorf("backup %d: %v, %+v, progress calls %d", i, err, res, calls)
		}
		_, evidence := wantConsistent(t, dest)
		if evidence < last {
			t.Errorf("backup %d has %d evidence files, the one before %d", i, evidence, last)
		}
		last = evidence
	}
	close(stop)
	wg.Wait()
	if last == 0 {
		t.Error("no evidence was written while backing up")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".taizhang-backup-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// restoreFixture is a database with one entry, a good backup of it, and
// a second entry added after the backup; the database is closed.
func restoreFixture(t *testing.T) (dbPath, backup string) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	dbPath = filepath.Join(dir, "taizhang.db")
	db, err := Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SeedPlan(ctx, testPlan()); err != nil {
		t.Fatal(err)
	}
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: ptr("备份前")})
	mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "纪要.pdf"}, string(pattern(2*chunkSize+5, 3)))
	backup = filepath.Join(dir, "backup.db")
	if _, err := db.Backup(ctx, backup, nil); err != nil {
		t.Fatal(err)
	}
	mustSetEntry(t, db, data.EntryInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Progress: ptr("备份后")})
	return dbPath, backup
}

func progressTexts(t *testing.T, path string) []string {
	t.Helper()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var out []string
	for _, e := range mustEntries(t, db, data.EntryFilter{}) {
		out = append(out, e.Progress)
	}
	return out
}

func TestRestore_KeepsReplaced(t *testing.T) {
	dbPath, backup := restoreFixture(t)
	before, _ := os.ReadFile(backup)
	keep := filepath.Join(t.TempDir(), "replaced.db")
	var calls int
	if res, err := Restore(context.Background(), dbPath, backup, keep, func(done, total int) { calls++ }); err != nil || res.WAL != "" || res.Damaged != nil {
		t.Fatal(res, err)
	}
	if got := progressTexts(t, dbPath); len(got) != 1 || got[0] != "备份前" {
		t.Errorf("restored database holds %q, want the backup's entry alone", got)
	}
	if got := progressTexts(t, keep); len(got) != 2 {
		t.Errorf("kept database holds %q, want both entries", got)
	}
	if after, _ := os.ReadFile(backup); !bytes.Equal(before, after) {
		t.Error("the backup file was changed by restoring from it")
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dbPath), ".taizhang-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestRestore_Refuses(t *testing.T) {
	for _, tc := range []struct {
		name  string
		spoil func(t *testing.T, backup string)
		want  []string
	}{
		{"corrupted", func(t *testing.T, backup string) {
			datatest.DamagePages(t, backup, append(datatest.IndexPages, datatest.TablePages...)...)
		}, []string{"已损坏", "没有用它恢复"}},
		{"newer schema", func(t *testing.T, backup string) {
			rawExec(t, backup, fmt.Sprintf("PRAGMA user_version = %d", len(migrations)+1))
		}, []string{"更新版本", fmt.Sprint(len(migrations) + 1)}},
		{"other sqlite database", func(t *testing.T, backup string) {
			os.Remove(backup)
			rawExec(t, backup, "CREATE TABLE customers (id INTEGER PRIMARY KEY)")
		}, []string{"不是台账数据库的备份"}},
		{"text file", func(t *testing.T, backup string) {
			os.WriteFile(backup, []byte(strings.Repeat("备份\n", 3000)), 0o644)
		}, []string{"不是台账数据库的备份"}},
		{"old version mark", func(t *testing.T, backup string) {
			rawExec(t, backup, "PRAGMA user_version = 1")
		}, []string{"无法按其版本升级", "migration 2"}},
		{"trigger dropped", func(t *testing.T, backup string) {
			rawExec(t, backup, "DROP TRIGGER audit_no_update")
		}, []string{"数据库结构与本版本应有的不符", "缺少触发器 audit_no_update"}},
		{"trigger added", func(t *testing.T, backup string) {
			rawExec(t, backup, "CREATE TRIGGER wipe AFTER INSERT ON entries BEGIN DELETE FROM entries; END")
		}, []string{"多出触发器 wipe"}},
		{"index changed", func(t *testing.T, backup string) {
			rawExec(t, backup, "CREATE INDEX extra_idx ON entries (month)")
		}, []string{"多出索引 extra_idx"}},
		{"foreign wal beside", func(t *testing.T, backup string) {
			other := filepath.Join(t.TempDir(), "other.db")
			rawExec(t, other, "PRAGMA journal_mode=WAL; CREATE TABLE customers (id INTEGER PRIMARY KEY); INSERT INTO customers VALUES (1)")
			foreignWAL(t, other, backup+"-wal")
		}, []string{"检查时包含了备份旁的", "-wal"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dbPath, backup := restoreFixture(t)
			tc.spoil(t, backup)
			before, err := os.ReadFile(dbPath)
			if err != nil {
				t.Fatal(err)
			}
			keep := filepath.Join(t.TempDir(), "replaced.db")
			filesBefore := names(t, filepath.Dir(dbPath))
			_, err = Restore(context.Background(), dbPath, backup, keep, nil)
			wantCode(t, err, data.EINVALID)
			if after := names(t, filepath.Dir(dbPath)); !slices.Equal(filesBefore, after) {
				t.Errorf("files beside the ledger before %v, after %v", filesBefore, after)
			}
			for _, w := range append(tc.want, backup) {
				if !strings.Contains(fmt.Sprint(err), w) {
					t.Errorf("message %q does not contain %q", fmt.Sprint(err), w)
				}
			}
			if after, _ := os.ReadFile(dbPath); !bytes.Equal(before, after) {
				t.Error("the database was changed by a refused restore")
			}
			if _, err := os.Stat(keep); err == nil {
				t.Error("a refused restore kept a copy")
			}
			if got := progressTexts(t, dbPath); len(got) != 2 {
				t.Errorf("database holds %q after a refused restore", got)
			}
		})
	}
}

func TestBackup_DoesNotHoldUpWrites(t *testing.T) {
	ctx := context.Background()
	// Report early: on a fast disk the whole copy takes a few 200 ms ticks.
	every := watchEvery
	watchEvery = 2 * time.Millisecond
	t.Cleanup(func() { watchEvery = every })
	db := MustSeedDB(t)
	for i := range 6 {
		mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: fmt.Sprintf("录像%d.mp4", i)}, string(pattern(16<<20, byte(i))))
	}
	started := make(chan struct{})
	var once sync.Once
	done := make(chan error, 1)
	go func() {
		_, err := db.Backup(ctx, filepath.Join(t.TempDir(), "b.db"), func(n, total int64) {
			if n > 0 && n < total {
				once.Do(func() { close(started) })
			}
		})
		done <- err
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("the backup of 96 MB ended (%v) before its first progress report", err)
	}
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: ptr("备份时写的")})
	select {
	case err := <-done:
		t.Errorf("the write waited for the backup to end (%v)", err)
	default:
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// foreignWAL writes to the WAL database at path while it is open and
// copies its -wal file, as it is then, to dest.
func foreignWAL(t *testing.T, path, dest string) {
	t.Helper()
	q, err := sql.Open("sqlite", dsn(path, "journal_mode(WAL)"))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	q.SetMaxOpenConns(1)
	for i := range 20 {
		if _, err := q.Exec("INSERT INTO customers (id) VALUES (?)", 100+i); err != nil {
			t.Fatal(err)
		}
	}
	if err := copyFile(path+"-wal", dest); err != nil {
		t.Fatal(err)
	}
}

// TestRestore_FoldsWAL restores from a copy of a live ledger, its -wal
// beside it: the changes still in the WAL are restored too, and Restore
// says it folded the WAL in.
func TestRestore_FoldsWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live", "taizhang.db")
	db, err := Open(live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SeedPlan(ctx, testPlan()); err != nil {
		t.Fatal(err)
	}
	db.truncateWAL(ctx)
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: ptr("只在 WAL 中")})
	src := filepath.Join(dir, "copy.db")
	if err := copyFile(live, src); err != nil {
		t.Fatal(err)
	}
	if err := copyFile(live+"-wal", src+"-wal"); err != nil {
		t.Fatal(err)
	}

	dbPath := filepath.Join(dir, "ledger", "taizhang.db")
	os.MkdirAll(filepath.Dir(dbPath), 0o755)
	res, err := Restore(ctx, dbPath, src, filepath.Join(dir, "kept.db"), nil)
	if err != nil || res.WAL != src+"-wal" {
		t.Fatalf("Restore = %+v, %v; want the -wal folded in", res, err)
	}
	if got := progressTexts(t, dbPath); len(got) != 1 || got[0] != "只在 WAL 中" {
		t.Errorf("restored database holds %q, want the entry from the WAL", got)
	}
	if left := names(t, filepath.Dir(dbPath)); !slices.Equal(left, []string{"taizhang.db", "taizhang.db.lock"}) {
		t.Errorf("files beside the restored ledger: %v", left)
	}
}

// TestBackupDamagedEvidence: evidence damaged in the ledger is found as the
// backup reads back; the backup is written and names it; a restore of that
// backup restores everything else and names what it could not.
func TestBackupDamagedEvidence(t *testing.T) {
	ctx := context.Background()
	dbPath, _ := restoreFixture(t)
	rawExec(t, dbPath, "UPDATE blob_chunks SET data = zeroblob(64) || substr(data, 65) WHERE seq = 1")
	db, err := Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "poisoned.db")
	res, err := db.Backup(ctx, backup, nil)
	db.Close()
	if err != nil || len(res.Damaged) != 1 || !strings.Contains(res.Damaged[0], "“纪要.pdf”已损坏") {
		t.Fatalf("Backup of a ledger with damaged evidence = %+v, %v", res, err)
	}
	if _, err := os.Stat(backup); err != nil {
		t.Fatalf("the backup was not written: %v", err)
	}

	target := filepath.Join(t.TempDir(), "taizhang.db")
	rr, err := Restore(ctx, target, backup, filepath.Join(t.TempDir(), "kept.db"), nil)
	if err != nil || len(rr.Damaged) != 1 || !strings.Contains(rr.Damaged[0], "纪要.pdf") || strings.Contains(rr.Damaged[0], ".taizhang-restore-") {
		t.Fatalf("Restore of the poisoned backup = %+v, %v", rr, err)
	}
	if got := progressTexts(t, target); len(got) != 2 {
		t.Errorf("restored entries %q, want both", got)
	}
}
