package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migration changes the schema by one step. It runs inside its own
// transaction, which also records the new schema version.
type migration func(ctx context.Context, tx *sql.Tx) error

// migrations is the ordered list of schema changes, after miniflux: the
// schema version of a database (PRAGMA user_version) is the number of
// migrations applied to it, so the current version is len(migrations).
// Append new steps at the end; never edit or reorder a step once released.
var migrations = []migration{
	// 1: the plan, the unit directory and the indicator tables.
	execSQL(fmt.Sprintf("PRAGMA application_id = %d;", applicationID) + `
CREATE TABLE plan (
	year   INTEGER PRIMARY KEY,
	title  TEXT NOT NULL,
	doc_no TEXT NOT NULL,
	date   TEXT NOT NULL
);

CREATE TABLE annexes (
	code     TEXT PRIMARY KEY,
	title    TEXT NOT NULL,
	position INTEGER NOT NULL UNIQUE
);

CREATE TABLE sections (
	id       INTEGER PRIMARY KEY,
	annex    TEXT NOT NULL REFERENCES annexes (code),
	no       TEXT NOT NULL,
	title    TEXT NOT NULL,
	position INTEGER NOT NULL,
	UNIQUE (annex, position)
);

CREATE TABLE tasks (
	id         INTEGER PRIMARY KEY,
	section_id INTEGER NOT NULL REFERENCES sections (id),
	no         TEXT NOT NULL,
	name       TEXT NOT NULL,
	position   INTEGER NOT NULL,
	UNIQUE (section_id, position)
);

CREATE TABLE measures (
	id            TEXT PRIMARY KEY,
	task_id       INTEGER NOT NULL REFERENCES tasks (id),
	position      INTEGER NOT NULL,
	text          TEXT NOT NULL,
	deadline_text TEXT NOT NULL,
	deadline_kind TEXT NOT NULL,
	deadline_from TEXT NOT NULL DEFAULT '',
	deadline_due  TEXT NOT NULL DEFAULT '',
	UNIQUE (task_id, position)
);

CREATE TABLE units (
	name     TEXT PRIMARY KEY,
	kind     TEXT NOT NULL CHECK (kind IN ('department', 'street', 'enterprise', 'group')),
	position INTEGER NOT NULL UNIQUE
);

CREATE TABLE unit_aliases (
	alias    TEXT PRIMARY KEY,
	unit     TEXT NOT NULL REFERENCES units (name),
	position INTEGER NOT NULL
);
CREATE INDEX unit_aliases_unit ON unit_aliases (unit);

-- Members of the editable groups (区空气重污染应急指挥部成员单位 ...).
-- 各街道办事处 always means every street; 相关街道办事处 is designated
-- per measure in measure_streets.
CREATE TABLE group_members (
	group_name TEXT NOT NULL REFERENCES units (name),
	member     TEXT NOT NULL REFERENCES units (name),
	position   INTEGER NOT NULL,
	PRIMARY KEY (group_name, member)
);
CREATE INDEX group_members_member ON group_members (member);

CREATE TABLE measure_units (
	measure_id TEXT NOT NULL REFERENCES measures (id),
	unit       TEXT NOT NULL REFERENCES units (name),
	role       TEXT NOT NULL CHECK (role IN ('lead', 'co')),
	position   INTEGER NOT NULL,
	PRIMARY KEY (measure_id, role, position),
	UNIQUE (measure_id, role, unit)
);
CREATE INDEX measure_units_unit ON measure_units (unit);

-- The streets designated for 相关街道办事处 on a measure; none means all.
CREATE TABLE measure_streets (
	measure_id TEXT NOT NULL REFERENCES measures (id),
	street     TEXT NOT NULL REFERENCES units (name),
	PRIMARY KEY (measure_id, street)
);

-- Indicator annexes (2-2, 6). Each row is stored on its own so that monthly
-- actuals can refer to it later; cells and columns are JSON arrays of text.
CREATE TABLE indicator_tables (
	id       INTEGER PRIMARY KEY,
	annex    TEXT NOT NULL,
	title    TEXT NOT NULL,
	note     TEXT NOT NULL,
	columns  TEXT NOT NULL,
	position INTEGER NOT NULL UNIQUE
);

CREATE TABLE indicator_rows (
	table_id INTEGER NOT NULL REFERENCES indicator_tables (id),
	position INTEGER NOT NULL,
	cells    TEXT NOT NULL,
	PRIMARY KEY (table_id, position)
);
`),

	// 2: monthly progress. Entries per unit, measure and month; evidence
	// files as content-addressed blobs stored in chunks; closed months; the
	// audit log; local settings; due-date overrides. Timestamps are UTC text
	// (2023-06-30T08:15:00.000000Z), so they sort as text.
	execSQL(`
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- One row per unit, measure and month once the unit has changed anything.
-- prev_status is the status before the entry last became 已完成, so that
-- unticking restores it.
CREATE TABLE entries (
	month       TEXT NOT NULL,
	measure_id  TEXT NOT NULL REFERENCES measures (id),
	unit        TEXT NOT NULL REFERENCES units (name),
	status      TEXT NOT NULL DEFAULT '' CHECK (status IN ('', '未启动', '序时推进', '滞后', '已完成', '不涉及')),
	prev_status TEXT NOT NULL DEFAULT '' CHECK (prev_status IN ('', '未启动', '序时推进', '滞后', '已完成', '不涉及')),
	progress    TEXT NOT NULL DEFAULT '',
	problems    TEXT NOT NULL DEFAULT '',
	next_steps  TEXT NOT NULL DEFAULT '',
	clerk       TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	PRIMARY KEY (month, measure_id, unit)
);
CREATE INDEX entries_unit ON entries (unit, month);
CREATE INDEX entries_measure ON entries (measure_id, month);

-- File contents, deduplicated by SHA-256 (lower-case hex). sha256 is NULL
-- only inside the transaction that is still writing the blob's chunks.
CREATE TABLE blobs (
	id         INTEGER PRIMARY KEY,
	sha256     TEXT UNIQUE CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
	size       INTEGER NOT NULL DEFAULT 0,
	chunks     INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

-- A blob's bytes in order, at most 1 MiB per row.
CREATE TABLE blob_chunks (
	blob_id INTEGER NOT NULL REFERENCES blobs (id),
	seq     INTEGER NOT NULL,
	data    BLOB NOT NULL,
	PRIMARY KEY (blob_id, seq)
);

-- Evidence files (佐证材料). A removed file keeps its row and its blob.
CREATE TABLE evidence (
	id          INTEGER PRIMARY KEY,
	month       TEXT NOT NULL,
	measure_id  TEXT NOT NULL REFERENCES measures (id),
	unit        TEXT NOT NULL REFERENCES units (name),
	blob_id     INTEGER NOT NULL REFERENCES blobs (id),
	name        TEXT NOT NULL,
	mime        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	added_at    TEXT NOT NULL,
	added_by    TEXT NOT NULL,
	removed_at  TEXT,
	removed_by  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_target ON evidence (month, measure_id, unit);
CREATE INDEX evidence_unit ON evidence (unit, month);
CREATE INDEX evidence_blob ON evidence (blob_id);

CREATE TRIGGER evidence_kept BEFORE DELETE ON evidence
BEGIN
	SELECT RAISE(ABORT, 'evidence rows are never deleted');
END;

CREATE TRIGGER blobs_kept BEFORE DELETE ON blobs
WHEN OLD.sha256 IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'stored blobs are never deleted');
END;

-- Closed months (关账); reopening deletes the row, the audit log keeps both.
CREATE TABLE closed_months (
	month     TEXT PRIMARY KEY,
	closed_at TEXT NOT NULL,
	closed_by TEXT NOT NULL
);

-- Due dates set by a clerk, replacing the parsed deadline's due date.
CREATE TABLE due_overrides (
	measure_id TEXT PRIMARY KEY REFERENCES measures (id),
	due        TEXT NOT NULL,
	set_at     TEXT NOT NULL,
	set_by     TEXT NOT NULL
);

-- Every change: who, when, old → new. Rows are never changed or deleted.
CREATE TABLE audit (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	clerk       TEXT NOT NULL,
	action      TEXT NOT NULL,
	unit        TEXT NOT NULL DEFAULT '',
	measure_id  TEXT NOT NULL DEFAULT '',
	month       TEXT NOT NULL DEFAULT '',
	evidence_id INTEGER,
	field       TEXT NOT NULL DEFAULT '',
	old         TEXT NOT NULL DEFAULT '',
	new         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_measure ON audit (measure_id);
CREATE INDEX audit_unit ON audit (unit);
CREATE INDEX audit_month ON audit (month);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
`),

	// 3: indicators. The targets as printed are read from indicator_rows;
	// this table keeps only the clerk's edits of them. Monthly actuals per
	// indicator key, area (a street's canonical name or 西城区) and month.
	execSQL(`
CREATE TABLE indicator_target_edits (
	annex     TEXT NOT NULL,
	indicator TEXT NOT NULL,
	area      TEXT NOT NULL,
	text      TEXT NOT NULL,
	set_at    TEXT NOT NULL,
	set_by    TEXT NOT NULL,
	PRIMARY KEY (annex, indicator, area)
);

CREATE TABLE indicator_actuals (
	indicator  TEXT NOT NULL,
	area       TEXT NOT NULL,
	month      TEXT NOT NULL,
	value      REAL NOT NULL CHECK (value >= 0),
	clerk      TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (indicator, area, month)
);
CREATE INDEX indicator_actuals_month ON indicator_actuals (month);
`),

	// 4: imported returns. One row per return applied: the original file is
	// a blob (kept, never deleted), with what the import changed.
	execSQL(`
CREATE TABLE return_imports (
	id          INTEGER PRIMARY KEY,
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
	evidence    INTEGER NOT NULL
);
CREATE INDEX return_imports_month ON return_imports (month, unit);
CREATE INDEX return_imports_blob ON return_imports (blob_id);

CREATE TRIGGER return_imports_kept BEFORE DELETE ON return_imports
BEGIN
	SELECT RAISE(ABORT, 'import records are never deleted');
END;
`),

	// 5: the 佐证材料说明 column of a return: what evidence the unit names
	// for its entry, kept with the entry.
	execSQL(`ALTER TABLE entries ADD COLUMN evidence_note TEXT NOT NULL DEFAULT '';`),

	// 6: plan years. See migratePlanYears.
	migratePlanYears,
	// 7: where an audited change came from (the return file, its import
	// record and row), and when a return arrived, which decides whether it
	// was late: the import time unless the coordinator says otherwise.
	execSQL(`ALTER TABLE audit ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE return_imports ADD COLUMN received_at TEXT NOT NULL DEFAULT '';
UPDATE return_imports SET received_at = imported_at;`),

	// 8: the coordinator's district summary (区级汇总) per measure and month,
	// keyed like the entries; and the contacts a return names (填报人,
	// 联系电话, 审核人) in its import record.
	execSQL(`
CREATE TABLE district_summaries (
	year       INTEGER NOT NULL,
	month      TEXT NOT NULL,
	measure_id TEXT NOT NULL,
	progress   TEXT NOT NULL DEFAULT '',
	problems   TEXT NOT NULL DEFAULT '',
	next_steps TEXT NOT NULL DEFAULT '',
	clerk      TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	PRIMARY KEY (month, measure_id),
	FOREIGN KEY (year, measure_id) REFERENCES measures (year, id),
	` + inYear + `
);
CREATE INDEX district_summaries_measure ON district_summaries (year, measure_id, month);

ALTER TABLE return_imports ADD COLUMN contact_clerk TEXT NOT NULL DEFAULT '';
ALTER TABLE return_imports ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE return_imports ADD COLUMN contact_reviewer TEXT NOT NULL DEFAULT '';
`),
}

// execSQL returns a migration that runs a script of SQL statements.
func execSQL(script string) migration {
	return func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, script)
		return err
	}
}

// migrate applies the migrations the database has not seen yet, each in its
// own transaction together with the new PRAGMA user_version. It refuses a
// database whose version is newer than this program (EINVALID).
func (db *DB) migrate(ctx context.Context) error {
	for {
		done, err := db.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next pending migration and reports whether the
// schema was already up to date. Reading the version inside the write
// transaction makes two programs opening the same new file at once safe.
func (db *DB) migrateOne(ctx context.Context) (done bool, err error) {
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		var version int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		switch {
		case version > len(migrations):
			return newerVersion(db.path, version)
		case version == len(migrations):
			done = true
			return nil
		}
		if err := migrations[version](ctx, tx); err != nil {
			return fmt.Errorf("migration %d: %w", version+1, err)
		}
		// PRAGMA does not take parameters; version is our own integer.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", version+1)); err != nil {
			return fmt.Errorf("migration %d: set schema version: %w", version+1, err)
		}
		return nil
	})
	return done, err
}

// SchemaVersion returns the database's schema version: the number of
// migrations applied to it.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}
