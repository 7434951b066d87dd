package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// copyLedgerV5 copies the committed version-5 ledger (testdata/ledger-v5,
// made by make.sh with the release before plan years) into a temporary
// folder and returns its path.
func copyLedgerV5(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "ledger-v5.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ledger.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// tableDump is every row of a table as text, one line per row, sorted, and
// its columns.
type tableDump struct {
	columns []string
	rows    []string
}

// dumpTables reads every table of the file at path, or, with want, the
// columns want names of the tables it names.
func dumpTables(t *testing.T, path string, want map[string]tableDump) map[string]tableDump {
	t.Helper()
	raw, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	out := make(map[string]tableDump)
	var tables []string
	if want == nil {
		rs, err := raw.Query("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var n string
			if err := rs.Scan(&n); err != nil {
				t.Fatal(err)
			}
			tables = append(tables, n)
		}
		rs.Close()
	} else {
		for n := range want {
			tables = append(tables, n)
		}
	}
	for _, table := range tables {
		cols := "*"
		if want != nil {
			cols = strings.Join(want[table].columns, ", ")
		}
		rs, err := raw.Query(fmt.Sprintf("SELECT %s FROM %s", cols, table))
		if err != nil {
			t.Fatalf("dump %s: %v", table, err)
		}
		names, _ := rs.Columns()
		d := tableDump{columns: names}
		for rs.Next() {
			vals := make([]any, len(names))
			ptrs := make([]any, len(names))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = "x'" + hex.EncodeToString(bs) + "'"
				}
				fmt.Fprintf(&b, "%s=%#v\t", names[i], v)
			}
			d.rows = append(d.rows, b.String())
		}
		if err := rs.Err(); err != nil {
			t.Fatal(err)
		}
		rs.Close()
		slices.Sort(d.rows)
		out[table] = d
	}
	return out
}

// The committed ledger of the release before plan years opens with this
// one: every row of every old table is still there with every column, each
// year-bound row now carries 2023, every blob's chunks still hash to its
// SHA-256, and the tables keep their rules (append-only audit log, kept
// evidence and import records, measure IDs unique within a year).
func TestMigration6_KeepsVersion5Ledger(t *testing.T) {
	ctx := context.Background()
	path := copyLedgerV5(t)
	before := dumpTables(t, path, nil)
	rows := 0
	for _, d := range before {
		rows += len(d.rows)
	}
	for _, table := range []string{"entries", "evidence", "blob_chunks", "return_imports", "closed_months", "due_overrides", "audit", "indicator_actuals", "indicator_target_edits", "settings"} {
		if len(before[table].rows) == 0 {
			t.Fatalf("the fixture has no rows in %s", table)
		}
	}

	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != len(migrations) {
		t.Fatalf("SchemaVersion = %d, %v", v, err)
	}
	after := dumpTables(t, path, before)
	for table, want := range before {
		got := after[table]
		if !slices.Equal(got.rows, want.rows) {
			t.Errorf("%s: %d rows before, %d after, or their contents differ", table, len(want.rows), len(got.rows))
		}
	}
	for _, y := range yearTables {
		var n, other int
		q := fmt.Sprintf("SELECT count(*), count(*) FILTER (WHERE year IS NOT 2023) FROM %s", y.name)
		if err := db.db.QueryRowContext(ctx, q).Scan(&n, &other); err != nil {
			t.Fatal(err)
		}
		if n != len(before[y.name].rows) || other != 0 {
			t.Errorf("%s: %d rows, %d not of 2023", y.name, n, other)
		}
	}

	// Every blob byte: the chunks of each blob hash to its SHA-256.
	blobs, chunks := 0, 0
	rs, err := db.db.QueryContext(ctx, "SELECT id, sha256, size, chunks FROM blobs ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	type blob struct {
		id, size, chunks int64
		sha              string
	}
	var list []blob
	for rs.Next() {
		var b blob
		if err := rs.Scan(&b.id, &b.sha, &b.size, &b.chunks); err != nil {
			t.Fatal(err)
		}
		list = append(list, b)
	}
	rs.Close()
	for _, b := range list {
		h := sha256.New()
		var n, size int64
		err := scanAll(ctx, db.db, "SELECT data FROM blob_chunks WHERE blob_id = ? ORDER BY seq", []any{b.id}, func(rs *sql.Rows) error {
			var data []byte
			if err := rs.Scan(&data); err != nil {
				return err
			}
			h.Write(data)
			n++
			size += int64(len(data))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != b.sha || size != b.size || n != b.chunks {
			t.Errorf("blob %d: sha256 %s (want %s), %d bytes in %d chunks (want %d in %d)", b.id, got, b.sha, size, n, b.size, b.chunks)
		}
		blobs++
		chunks += int(n)
	}
	if blobs != len(before["blobs"].rows) || !slices.ContainsFunc(list, func(b blob) bool { return b.chunks > 1 }) {
		t.Errorf("checked %d blobs; the fixture should have a blob of several chunks", blobs)
	}
	t.Logf("migrated %d tables, %d rows; %d blobs in %d chunks hash to their SHA-256", len(before), rows, blobs, chunks)

	var triggers, leftovers []string
	err = scanAll(ctx, db.db, "SELECT type, name FROM sqlite_schema WHERE type = 'trigger' OR name LIKE '%_v5' ORDER BY name", nil, func(rs *sql.Rows) error {
		var kind, name string
		if err := rs.Scan(&kind, &name); err != nil {
			return err
		}
		if kind == "trigger" {
			triggers = append(triggers, name)
		} else {
			leftovers = append(leftovers, name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"audit_no_delete", "audit_no_update", "blobs_kept", "evidence_kept", "return_imports_kept"}; !slices.Equal(triggers, want) || len(leftovers) > 0 {
		t.Errorf("triggers %v (want %v), left over %v", triggers, want, leftovers)
	}
	for _, stmt := range []string{
		"DELETE FROM audit",
		"UPDATE audit SET clerk = 'x'",
		"DELETE FROM evidence",
		"DELETE FROM return_imports",
		"DELETE FROM blobs",
		"INSERT INTO measures (year, id, task_id, position, text, deadline_text, deadline_kind) SELECT year, id, task_id, position + 1000, text, deadline_text, deadline_kind FROM measures LIMIT 1",
		"INSERT INTO entries (year, month, measure_id, unit, clerk, updated_at) VALUES (2023, '2024-01', '1.1.1', '区生态环境局', 'x', 'x')",
	} {
		if _, err := db.db.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: allowed after the migration", stmt)
		}
	}
	var problems []string
	if problems, err = db.QuickCheck(ctx); err != nil || len(problems) > 0 {
		t.Errorf("QuickCheck after the migration: %v %v", problems, err)
	}
}

// A version-5 ledger with a row of another year than its plan's is refused
// and left at version 5.
func TestMigration6_RefusesRowOutsidePlanYear(t *testing.T) {
	path := copyLedgerV5(t)
	rawExec(t, path, "UPDATE indicator_actuals SET month = '2024-01' WHERE rowid = (SELECT min(rowid) FROM indicator_actuals)")
	db, err := Open(path)
	if err == nil {
		db.Close()
		t.Fatal("Open migrated a ledger with a month outside its plan year")
	}
	if !strings.Contains(err.Error(), "indicator_actuals") || !strings.Contains(err.Error(), "2024-01") {
		t.Errorf("error does not name the table and month: %v", err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != 5 {
		t.Errorf("user_version = %d, %v; want 5 (unchanged)", v, err)
	}
}
