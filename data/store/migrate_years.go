package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// migratePlanYears is migration 6: every table that belongs to a plan year
// carries the year, so that one ledger holds the plans of several years.
// Measure IDs stay as printed and are unique within a year: measures and
// everything that refers to them are keyed by (year, measure_id). The unit
// directory (units, unit_aliases, group_members), the blobs and the settings
// belong to no year and are left as they are. measure_links is new: the
// measure of last year's plan that a measure carries on.
//
// SQLite cannot change a primary key in place, so each table is rebuilt:
// the old one is renamed to *_v5 (which also points the foreign keys of its
// children at the old copy), the new one created under the old name, the
// rows copied with their IDs, the old copies dropped children first, and the
// indexes and triggers created again (the audit log stays append-only,
// evidence, stored blobs and import records are never deleted). Foreign keys
// are checked at commit (defer_foreign_keys: foreign_keys cannot be switched
// off inside a transaction) and once more explicitly before it.
//
// Existing rows get the year of the one plan a version-5 ledger holds; a
// row whose month lies in another year stops the migration (nothing is
// changed), as it would be a row no screen of that ledger could show.
func migratePlanYears(ctx context.Context, tx *sql.Tx) error {
	exec := func(query string, args ...any) error {
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("%s: %w", firstLine(query), err)
		}
		return nil
	}
	if err := exec("PRAGMA defer_foreign_keys = ON"); err != nil {
		return err
	}
	var plans int
	var year sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT count(*), min(year) FROM plan").Scan(&plans, &year); err != nil {
		return fmt.Errorf("read plan year: %w", err)
	}
	if plans > 1 {
		return fmt.Errorf("a version-5 ledger holds one plan, this one holds %d", plans)
	}
	if err := checkMonthsInYear(ctx, tx, year.Int64); err != nil {
		return err
	}
	for _, t := range yearTables {
		if err := exec(fmt.Sprintf("ALTER TABLE %s RENAME TO %s_v5", t.name, t.name)); err != nil {
			return err
		}
	}
	if err := exec(yearSchema); err != nil {
		return err
	}
	for _, t := range yearTables {
		cols := strings.Join(t.columns, ", ")
		q := fmt.Sprintf("INSERT INTO %s (year, %s) SELECT ?, %s FROM %s_v5", t.name, cols, cols, t.name)
		if err := exec(q, year); err != nil {
			return err
		}
	}
	for i := len(yearTables) - 1; i >= 0; i-- {
		if err := exec(fmt.Sprintf("DROP TABLE %s_v5", yearTables[i].name)); err != nil {
			return err
		}
	}
	if err := exec(yearIndexes); err != nil {
		return err
	}
	var table, parent string
	var rowid sql.NullInt64
	var fk int
	err := tx.QueryRowContext(ctx, "PRAGMA foreign_key_check").Scan(&table, &rowid, &parent, &fk)
	if err == nil {
		return fmt.Errorf("row %d of %s has no row in %s after the migration", rowid.Int64, table, parent)
	}
	if err != sql.ErrNoRows {
		return fmt.Errorf("foreign key check: %w", err)
	}
	return nil
}

// checkMonthsInYear refuses a ledger with a row whose month is not of the
// plan year.
func checkMonthsInYear(ctx context.Context, tx *sql.Tx, year int64) error {
	prefix := fmt.Sprintf("%04d-", year)
	for _, t := range []string{"entries", "evidence", "closed_months", "indicator_actuals", "return_imports", "audit"} {
		var n int
		var month sql.NullString
		q := fmt.Sprintf("SELECT count(*), min(month) FROM %s WHERE month <> '' AND substr(month, 1, 5) <> ?", t)
		if err := tx.QueryRowContext(ctx, q, prefix).Scan(&n, &month); err != nil {
			return fmt.Errorf("check months of %s: %w", t, err)
		}
		if n > 0 {
			return fmt.Errorf("%d rows of %s lie outside the plan year %d (month %s)", n, t, year, month.String)
		}
	}
	return nil
}

// yearTable is a table migration 6 rebuilds: its columns as of version 5,
// copied as they are, and the year it gains.
type yearTable struct {
	name    string
	columns []string
}

// yearTables are the rebuilt tables, parents before children.
var yearTables = []yearTable{
	{"annexes", []string{"code", "title", "position"}},
	{"sections", []string{"id", "annex", "no", "title", "position"}},
	{"tasks", []string{"id", "section_id", "no", "name", "position"}},
	{"measures", []string{"id", "task_id", "position", "text", "deadline_text", "deadline_kind", "deadline_from", "deadline_due"}},
	{"measure_units", []string{"measure_id", "unit", "role", "position"}},
	{"measure_streets", []string{"measure_id", "street"}},
	{"indicator_tables", []string{"id", "annex", "title", "note", "columns", "position"}},
	{"indicator_rows", []string{"table_id", "position", "cells"}},
	{"indicator_target_edits", []string{"annex", "indicator", "area", "text", "set_at", "set_by"}},
	{"entries", []string{"month", "measure_id", "unit", "status", "prev_status", "progress", "problems", "next_steps", "evidence_note", "clerk", "updated_at"}},
	{"evidence", []string{"id", "month", "measure_id", "unit", "blob_id", "name", "mime", "description", "added_at", "added_by", "removed_at", "removed_by"}},
	{"closed_months", []string{"month", "closed_at", "closed_by"}},
	{"due_overrides", []string{"measure_id", "due", "set_at", "set_by"}},
	{"indicator_actuals", []string{"indicator", "area", "month", "value", "clerk", "updated_at"}},
	{"return_imports", []string{"id", "unit", "month", "file_name", "kind", "blob_id", "imported_at", "clerk", "changed", "unchanged", "guessed", "indicators", "evidence"}},
	{"audit", []string{"id", "at", "clerk", "action", "unit", "measure_id", "month", "evidence_id", "field", "old", "new"}},
}

// firstLine shortens a statement for an error message.
func firstLine(q string) string {
	q = strings.TrimSpace(q)
	if i := strings.IndexByte(q, '\n'); i > 0 {
		return q[:i]
	}
	return q
}

// inYear is the check that a month column lies in the row's year.
const inYear = "CHECK (substr(month, 1, 5) = printf('%04d-', year))"

// yearSchema is the schema of the rebuilt tables and of measure_links.
const yearSchema = `
CREATE TABLE annexes (
	year     INTEGER NOT NULL REFERENCES plan (year),
	code     TEXT NOT NULL,
	title    TEXT NOT NULL,
	position INTEGER NOT NULL,
	PRIMARY KEY (year, code),
	UNIQUE (year, position)
);

CREATE TABLE sections (
	id       INTEGER PRIMARY KEY,
	year     INTEGER NOT NULL,
	annex    TEXT NOT NULL,
	no       TEXT NOT NULL,
	title    TEXT NOT NULL,
	position INTEGER NOT NULL,
	UNIQUE (year, annex, position),
	FOREIGN KEY (year, annex) REFERENCES annexes (year, code)
);

CREATE TABLE tasks (
	id         INTEGER PRIMARY KEY,
	year       INTEGER NOT NULL REFERENCES plan (year),
	section_id INTEGER NOT NULL REFERENCES sections (id),
	no         TEXT NOT NULL,
	name       TEXT NOT NULL,
	position   INTEGER NOT NULL,
	UNIQUE (section_id, position)
);

CREATE TABLE measures (
	year          INTEGER NOT NULL REFERENCES plan (year),
	id            TEXT NOT NULL,
	task_id       INTEGER NOT NULL REFERENCES tasks (id),
	position      INTEGER NOT NULL,
	text          TEXT NOT NULL,
	deadline_text TEXT NOT NULL,
	deadline_kind TEXT NOT NULL,
	deadline_from TEXT NOT NULL DEFAULT '',
	deadline_due  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (year, id),
	UNIQUE (task_id, position)
);

CREATE TABLE measure_units (
	year       INTEGER NOT NULL,
	measure_id TEXT NOT NULL,
	unit       TEXT NOT NULL REFERENCES units (name),
	role       TEXT NOT NULL CHECK (role IN ('lead', 'co')),
	position   INTEGER NOT NULL,
	PRIMARY KEY (year, measure_id, role, position),
	UNIQUE (year, measure_id, role, unit),
	FOREIGN KEY (year, measure_id) REFERENCES measures (year, id)
);

-- The streets designated for 相关街道办事处 on a measure; none means all.
CREATE TABLE measure_streets (
	year       INTEGER NOT NULL,
	measure_id TEXT NOT NULL,
	street     TEXT NOT NULL REFERENCES units (name),
	PRIMARY KEY (year, measure_id, street),
	FOREIGN KEY (year, measure_id) REFERENCES measures (year, id)
);

-- A measure of this year's plan that carries on one of last year's: a
-- unit's first template of the year is pre-filled from the old one.
CREATE TABLE measure_links (
	year            INTEGER NOT NULL,
	measure_id      TEXT NOT NULL,
	prev_year       INTEGER NOT NULL CHECK (prev_year < year),
	prev_measure_id TEXT NOT NULL,
	PRIMARY KEY (year, measure_id),
	FOREIGN KEY (year, measure_id) REFERENCES measures (year, id),
	FOREIGN KEY (prev_year, prev_measure_id) REFERENCES measures (year, id)
);

CREATE TABLE indicator_tables (
	id       INTEGER PRIMARY KEY,
	year     INTEGER NOT NULL REFERENCES plan (year),
	annex    TEXT NOT NULL,
	title    TEXT NOT NULL,
	note     TEXT NOT NULL,
	columns  TEXT NOT NULL,
	position INTEGER NOT NULL,
	UNIQUE (year, position)
);

CREATE TABLE indicator_rows (
	year     INTEGER NOT NULL REFERENCES plan (year),
	table_id INTEGER NOT NULL REFERENCES indicator_tables (id),
	position INTEGER NOT NULL,
	cells    TEXT NOT NULL,
	PRIMARY KEY (table_id, position)
);

CREATE TABLE indicator_target_edits (
	year      INTEGER NOT NULL REFERENCES plan (year),
	annex     TEXT NOT NULL,
	indicator TEXT NOT NULL,
	area      TEXT NOT NULL,
	text      TEXT NOT NULL,
	set_at    TEXT NOT NULL,
	set_by    TEXT NOT NULL,
	PRIMARY KEY (year, annex, indicator, area)
);

CREATE TABLE entries (
	year        INTEGER NOT NULL,
	month       TEXT NOT NULL,
	measure_id  TEXT NOT NULL,
	unit        TEXT NOT NULL REFERENCES units (name),
	status      TEXT NOT NULL DEFAULT '' CHECK (status IN ('', '未启动', '序时推进', '滞后', '已完成', '不涉及')),
	prev_status TEXT NOT NULL DEFAULT '' CHECK (prev_status IN ('', '未启动', '序时推进', '滞后', '已完成', '不涉及')),
	progress    TEXT NOT NULL DEFAULT '',
	problems    TEXT NOT NULL DEFAULT '',
	next_steps  TEXT NOT NULL DEFAULT '',
	evidence_note TEXT NOT NULL DEFAULT '',
	clerk       TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	PRIMARY KEY (month, measure_id, unit),
	FOREIGN KEY (year, measure_id) REFERENCES measures (year, id),
	` + inYear + `
);

CREATE TABLE evidence (
	id          INTEGER PRIMARY KEY,
	year        INTEGER NOT NULL,
	month       TEXT NOT NULL,
	measure_id  TEXT NOT NULL,
	unit        TEXT NOT NULL REFERENCES units (name),
	blob_id     INTEGER NOT NULL REFERENCES blobs (id),
	name        TEXT NOT NULL,
	mime        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	added_at    TEXT NOT NULL,
	added_by    TEXT NOT NULL,
	removed_at  TEXT,
	removed_by  TEXT NOT NULL DEFAULT '',
	FOREIGN KEY (year, measure_id) REFERENCES measures (year, id),
	` + inYear + `
);

CREATE TABLE closed_months (
	year      INTEGER NOT NULL REFERENCES plan (year),
	month     TEXT PRIMARY KEY,
	closed_at TEXT NOT NULL,
	closed_by TEXT NOT NULL,
	` + inYear + `
);

CREATE TABLE due_overrides (
	year       INTEGER NOT NULL,
	measure_id TEXT NOT NULL,
	due        TEXT NOT NULL,
	set_at     TEXT NOT NULL,
	set_by     TEXT NOT NULL,
	PRIMARY KEY (year, measure_id),
	FOREIGN KEY (year, measure_id) REFERENCES measures (year, id)
);

CREATE TABLE indicator_actuals (
	year       INTEGER NOT NULL REFERENCES plan (year),
	indicator  TEXT NOT NULL,
	area       TEXT NOT NULL,
	month      TEXT NOT NULL,
	value      REAL NOT NULL CHECK (value >= 0),
	clerk      TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (indicator, area, month),
	` + inYear + `
);

CREATE TABLE return_imports (
	id          INTEGER PRIMARY KEY,
	year        INTEGER NOT NULL REFERENCES plan (year),
	unit        TEXT NOT NULL REFERENCES units (name),
	month       TEXT NOT NULL,
	file_name   TEXT NOT NULL,
	kind        TEXT NOT NULL CHECK (kind IN ('xlsx', 'package')),
	blob_id     INTEGER NOT NULL REFERENCES blobs (id),
	imported_at TEXT NOT NULL,
	clerk       TEXT NOT NULL,
	changed     INTEGER NOT NULL,
	unchanged   INTEGER NOT NULL,
	guessed     INTEGER NOT NULL,
	indicators  INTEGER NOT NULL,
	evidence    INTEGER NOT NULL,
	` + inYear + `
);

-- Every change: who, when, old → new, and the plan year it is about (NULL
-- for a change that belongs to no year). Rows are never changed or deleted.
CREATE TABLE audit (
	id          INTEGER PRIMARY KEY,
	year        INTEGER,
	at          TEXT NOT NULL,
	clerk       TEXT NOT NULL,
	action      TEXT NOT NULL,
	unit        TEXT NOT NULL DEFAULT '',
	measure_id  TEXT NOT NULL DEFAULT '',
	month       TEXT NOT NULL DEFAULT '',
	evidence_id INTEGER,
	field       TEXT NOT NULL DEFAULT '',
	old         TEXT NOT NULL DEFAULT '',
	new         TEXT NOT NULL DEFAULT '',
	CHECK (month = '' OR substr(month, 1, 5) = printf('%04d-', year))
);
`

// yearIndexes are the indexes and triggers of the rebuilt tables.
const yearIndexes = `
CREATE INDEX measure_units_unit ON measure_units (unit);
CREATE INDEX measure_links_prev ON measure_links (prev_year, prev_measure_id);
CREATE INDEX entries_unit ON entries (unit, month);
CREATE INDEX entries_measure ON entries (year, measure_id, month);
CREATE INDEX evidence_target ON evidence (month, measure_id, unit);
CREATE INDEX evidence_unit ON evidence (unit, month);
CREATE INDEX evidence_blob ON evidence (blob_id);
CREATE INDEX evidence_measure ON evidence (year, measure_id);
CREATE INDEX indicator_actuals_month ON indicator_actuals (month);
CREATE INDEX return_imports_month ON return_imports (month, unit);
CREATE INDEX return_imports_blob ON return_imports (blob_id);
CREATE INDEX audit_measure ON audit (year, measure_id);
CREATE INDEX audit_unit ON audit (unit);
CREATE INDEX audit_month ON audit (month);

CREATE TRIGGER evidence_kept BEFORE DELETE ON evidence
BEGIN
	SELECT RAISE(ABORT, 'evidence rows are never deleted');
END;

CREATE TRIGGER return_imports_kept BEFORE DELETE ON return_imports
BEGIN
	SELECT RAISE(ABORT, 'import records are never deleted');
END;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
`
