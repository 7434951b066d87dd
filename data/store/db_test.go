package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"taizhang/data"
)

func TestOpen_CreatesParentDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "taizhang.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file not created: %v", err)
	}
}

func TestOpen_Pragmas(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	for _, tc := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"busy_timeout", "5000"},
		{"synchronous", "2"},
		{"application_id", fmt.Sprint(applicationID)},
	} {
		var got string
		if err := db.db.QueryRowContext(ctx, "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %q, want %q", tc.pragma, got, tc.want)
		}
	}

	// Foreign keys are enforced, not only switched on.
	_, err := db.db.ExecContext(ctx, "INSERT INTO measures (year, id, task_id, position, text, deadline_text, deadline_kind) VALUES (2023, 'x', 999, 0, '', '', 'ongoing')")
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("insert with a dangling task_id: got %v, want a FOREIGN KEY error", err)
	}
}

func TestOpen_MigrationsIdempotent(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := db.SchemaVersion(ctx); err != nil || v != len(migrations) {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, len(migrations))
	}
	if err := db.SeedPlan(ctx, testPlan()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Reopening must not apply migration 1 again (CREATE TABLE would fail)
	// and must keep the data.
	for i := 0; i < 2; i++ {
		db, err = Open(path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if v, err := db.SchemaVersion(ctx); err != nil || v != len(migrations) {
			t.Fatalf("reopen %d: SchemaVersion = %d, %v; want %d", i, v, err, len(migrations))
		}
		if has, err := db.HasPlan(ctx); err != nil || !has {
			t.Fatalf("reopen %d: HasPlan = %v, %v; want true", i, has, err)
		}
		db.Close()
	}
}

// rawExec runs statements on a database file without going through Open.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, s := range stmts {
		if _, err := raw.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// wantRefusedUnchanged opens path, expects an EINVALID error whose message
// contains every string in want, and checks that the file is byte-for-byte
// unchanged and has no new companion files.
func wantRefusedUnchanged(t *testing.T, path string, want ...string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entriesBefore, _ := os.ReadDir(filepath.Dir(path))

	db, err := Open(path)
	if err == nil {
		db.Close()
		t.Fatal("Open succeeded, want a refusal")
	}
	wantCode(t, err, data.EINVALID)
	for _, w := range want {
		if !strings.Contains(fmt.Sprint(err), w) {
			t.Errorf("message %q does not contain %q", fmt.Sprint(err), w)
		}
	}

	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Errorf("database file changed by a refused Open (%d bytes before, %d after)", len(before), len(after))
	}
	entriesAfter, _ := os.ReadDir(filepath.Dir(path))
	if len(entriesAfter) != len(entriesBefore) {
		t.Errorf("directory had %d entries, has %d after a refused Open", len(entriesBefore), len(entriesAfter))
	}
}

func TestOpen_RefusesNewerSchema(t *testing.T) {
	newer := len(migrations) + 1
	t.Run("wal", func(t *testing.T) {
		// A file made by this program, then upgraded by a "newer" one.
		path := filepath.Join(t.TempDir(), "taizhang.db")
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SeedPlan(context.Background(), testPlan()); err != nil {
			t.Fatal(err)
		}
		db.Close()
		rawExec(t, path, fmt.Sprintf("PRAGMA user_version = %d", newer))
		wantRefusedUnchanged(t, path, path, "更新版本", fmt.Sprint(newer), fmt.Sprint(len(migrations)))
	})
	t.Run("rollback journal", func(t *testing.T) {
		// Not in WAL mode: switching it to WAL would rewrite the header.
		path := filepath.Join(t.TempDir(), "taizhang.db")
		rawExec(t, path,
			"PRAGMA journal_mode = DELETE",
			fmt.Sprintf("PRAGMA application_id = %d", applicationID),
			"CREATE TABLE plan (year INTEGER PRIMARY KEY)",
			fmt.Sprintf("PRAGMA user_version = %d", newer+5))
		wantRefusedUnchanged(t, path, path, "更新版本", fmt.Sprint(newer+5), fmt.Sprint(len(migrations)))
	})
}

func TestOpen_RefusesForeignFiles(t *testing.T) {
	t.Run("other sqlite database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "other.db")
		rawExec(t, path, "CREATE TABLE customers (id INTEGER PRIMARY KEY)")
		wantRefusedUnchanged(t, path, path, "不是台账数据库")
	})
	t.Run("text file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "notes.txt")
		if err := os.WriteFile(path, []byte(strings.Repeat("西城区行动计划\n", 200)), 0o644); err != nil {
			t.Fatal(err)
		}
		wantRefusedUnchanged(t, path, path, "不是台账数据库")
	})
	t.Run("empty file is a new database", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "empty.db")
		if err := os.WriteFile(path, nil, 0o644); err != nil {
			t.Fatal(err)
		}
		db, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if v, err := db.SchemaVersion(context.Background()); err != nil || v != len(migrations) {
			t.Errorf("SchemaVersion = %d, %v; want %d", v, err, len(migrations))
		}
	})
}

func TestOpen_EmptyPath(t *testing.T) {
	_, err := Open("")
	wantCode(t, err, data.EINVALID)
}

// The single connection serialises goroutines; -race checks the rest.
func TestDB_ConcurrentUse(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 8; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			rows, err := db.FindMeasures(ctx, data.MeasureFilter{Year: y23, Unit: uDesheng})
			if err == nil && len(rows) != 6 {
				err = fmt.Errorf("got %d measures for %s, want 6", len(rows), uDesheng)
			}
			errs <- err
		}()
		go func() {
			defer wg.Done()
			errs <- db.SetRelevantStreets(ctx, y23, "1.2.1", []string{uDesheng})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}
