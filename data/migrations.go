package data

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
