package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"taizhang/data"
)

// SetDueOverride sets the due date of a measure (YYYY-MM-DD), replacing the
// one parsed from its printed deadline; due "" clears the override, so the
// printed deadline applies again. The change is audited (old → new
// override, "" for none); setting the date a measure already has writes
// nothing. Overrides are not tied to a month and so are allowed whatever
// months are closed.
//
// It returns ENOTFOUND for an unknown measure and EINVALID for an empty
// clerk or a date that is not a real YYYY-MM-DD day.
func (db *DB) SetDueOverride(ctx context.Context, year int, measureID, due, clerk string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	due = strings.TrimSpace(due)
	if due != "" {
		if t, err := time.Parse(time.DateOnly, due); err != nil || t.Format(time.DateOnly) != due {
			return data.Errorf(data.EINVALID, "措施 %s 的完成日期“%s”无效，应写成 2023-06-30 这样的年-月-日", strings.TrimSpace(measureID), due)
		}
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		id, err := c.measure(measureID)
		if err != nil {
			return err
		}
		var old string
		err = tx.QueryRowContext(ctx, "SELECT due FROM due_overrides WHERE year = ? AND measure_id = ?", year, id).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("read due override: %w", err)
		}
		if old == due {
			return nil
		}
		if due == "" {
			_, err = c.exec("DELETE FROM due_overrides WHERE year = ? AND measure_id = ?", year, id)
		} else {
			_, ts := stamp()
			_, err = c.exec(`INSERT INTO due_overrides (year, measure_id, due, set_at, set_by) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (year, measure_id) DO UPDATE SET due = excluded.due, set_at = excluded.set_at, set_by = excluded.set_by`,
				year, id, due, ts, clerk)
		}
		if err != nil {
			return fmt.Errorf("write due override: %w", err)
		}
		return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionDueOverride, MeasureID: id, Field: data.FieldDue, Old: old, New: due})
	})
}

// DueOverrides returns the due dates clerks have set on the measures of a
// year's plan, by measure ID.
func (db *DB) DueOverrides(ctx context.Context, year int) (map[string]string, error) {
	out := make(map[string]string)
	err := scanAll(ctx, db.db, "SELECT measure_id, due FROM due_overrides WHERE year = ?", []any{year}, func(rs *sql.Rows) error {
		var id, due string
		if err := rs.Scan(&id, &due); err != nil {
			return err
		}
		out[id] = due
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read due overrides: %w", err)
	}
	return out, nil
}
