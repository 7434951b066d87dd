package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"taizhang/data"
)

// SetEntry applies a change to a unit's entry on a measure for a month, as
// the clerk, and returns the entry as it then stands. Every changed field is
// audited (old → new) in the same transaction; a change that changes
// nothing writes nothing. The status accepts the variants ParseStatus
// accepts and is stored in the vocabulary.
//
// Errors, after which nothing is written: ENOTFOUND for an unknown unit or
// measure of the year's plan or a year the ledger holds no plan of; EINVALID
// for an empty clerk, a group as unit, a month outside the plan year, a unit that takes no part in the measure, an empty or unknown
// status, a text longer than MaxText characters; ECONFLICT if the month is
// closed.
func (db *DB) SetEntry(ctx context.Context, year int, in data.EntryInput, clerk string) (data.Entry, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return data.Entry{}, err
	}
	var out data.Entry
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, _, err = newChecker(ctx, tx, year).setEntry(in, clerk)
		return err
	})
	if err != nil {
		return data.Entry{}, err
	}
	return out, nil
}

// SetEntries applies a batch of changes, in order, in one transaction: all
// of them or, if any is refused, none. Errors are those of SetEntry, for the
// first change refused.
func (db *DB) SetEntries(ctx context.Context, year int, ins []data.EntryInput, clerk string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	if len(ins) == 0 {
		return nil
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		for _, in := range ins {
			if _, _, err := c.setEntry(in, clerk); err != nil {
				return err
			}
		}
		return nil
	})
}

// TickEntry ticks (done) or unticks a unit's 已完成 on a measure for a
// month. Ticking sets the status to 已完成 and remembers the status it had;
// unticking returns to that status ("" if it had none). Ticking an entry
// already 已完成, or unticking one that is not, changes nothing. The change
// is audited like SetEntry's, which also returns the same errors (except
// those about the status).
func (db *DB) TickEntry(ctx context.Context, year int, unit, measureID string, m data.Month, done bool, clerk string) (data.Entry, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return data.Entry{}, err
	}
	var out data.Entry
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		t, err := c.target(unit, measureID, m)
		if err != nil {
			return err
		}
		if err := c.open(t.Month); err != nil {
			return err
		}
		cur, err := c.entry(t)
		if err != nil {
			return err
		}
		next := cur
		switch {
		case done && cur.Status != data.StatusDone:
			next.Status, next.prev = data.StatusDone, cur.Status
		case !done && cur.Status == data.StatusDone:
			next.Status, next.prev = cur.prev, ""
		}
		out, _, err = c.saveEntry(t, cur, next, clerk)
		return err
	})
	if err != nil {
		return data.Entry{}, err
	}
	return out, nil
}

// Entries returns the entries that pass the filter, ordered by the
// measures' printed order, then the unit directory, then month. It returns
// ENOTFOUND for an unknown unit.
func (db *DB) Entries(ctx context.Context, f data.EntryFilter) ([]data.Entry, error) {
	where, args, err := db.scopeWhere(ctx, "e.", f.Year, f.Unit, f.MeasureID, f.Month)
	if err != nil {
		return nil, err
	}
	query := `
SELECT e.unit, e.measure_id, e.month, e.status, e.progress, e.problems, e.next_steps, e.evidence_note, e.clerk, e.updated_at
FROM entries e
JOIN measures m ON m.year = e.year AND m.id = e.measure_id
JOIN tasks t ON t.id = m.task_id
JOIN sections s ON s.id = t.section_id
JOIN annexes a ON a.year = s.year AND a.code = s.annex
JOIN units u ON u.name = e.unit
`
	if len(where) > 0 {
		query += "WHERE " + strings.Join(where, " AND ") + "\n"
	}
	query += "ORDER BY e.year, a.position, s.position, t.position, m.position, u.position, e.month"

	var out []data.Entry
	err = scanAll(ctx, db.db, query, args, func(rs *sql.Rows) error {
		var e data.Entry
		var month, status, updated string
		if err := rs.Scan(&e.Unit, &e.MeasureID, &month, &status, &e.Progress, &e.Problems, &e.NextSteps, &e.EvidenceNote, &e.Clerk, &updated); err != nil {
			return err
		}
		e.Month, e.Status = data.Month(month), data.Status(status)
		var err error
		e.UpdatedAt, err = parseTime(updated)
		out = append(out, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read entries: %w", err)
	}
	return out, nil
}

// storedEntry is an entry with the status it had before it last became
// 已完成, and whether it has a row.
type storedEntry struct {
	data.Entry
	prev   data.Status
	exists bool
}

// setEntry validates and applies one EntryInput inside the checker's
// transaction (SetEntry, SetEntries and ApplyReturn share it) and reports
// whether it changed anything.
func (c *checker) setEntry(in data.EntryInput, clerk string) (data.Entry, bool, error) {
	t, err := c.target(in.Unit, in.MeasureID, in.Month)
	if err != nil {
		return data.Entry{}, false, err
	}
	if err := c.open(t.Month); err != nil {
		return data.Entry{}, false, err
	}
	cur, err := c.entry(t)
	if err != nil {
		return data.Entry{}, false, err
	}
	next := cur
	if in.Status != nil {
		s, err := checkStatus(t, *in.Status)
		if err != nil {
			return data.Entry{}, false, err
		}
		if s != cur.Status {
			next.Status = s
			next.prev = ""
			if s == data.StatusDone {
				next.prev = cur.Status
			}
		}
	}
	for _, f := range []struct {
		in   *string
		out  *string
		name string
	}{
		{in.Progress, &next.Progress, "进展情况"},
		{in.Problems, &next.Problems, "存在问题"},
		{in.NextSteps, &next.NextSteps, "下步计划"},
		{in.EvidenceNote, &next.EvidenceNote, "佐证材料说明"},
	} {
		if f.in == nil {
			continue
		}
		if err := checkText(t.where()+"的"+f.name, *f.in); err != nil {
			return data.Entry{}, false, err
		}
		*f.out = *f.in
	}
	return c.saveEntry(t, cur, next, clerk)
}

// checkStatus accepts a status of the vocabulary or one of the variants
// ParseStatus knows, and refuses "" and anything else (EINVALID).
func checkStatus(t target, s data.Status) (data.Status, error) {
	if strings.Trim(string(s), " \t\n\r\u3000") == "" {
		return "", data.Errorf(data.EINVALID, "%s的完成状态为空，应为：未启动、序时推进、滞后、已完成、不涉及", t.where())
	}
	v, err := data.ParseStatus(string(s))
	if err != nil {
		return "", data.Errorf(data.EINVALID, "%s的完成状态“%s”无效，应为：未启动、序时推进、滞后、已完成、不涉及", t.where(), s)
	}
	return v, nil
}

// entry reads the stored entry of a target; a target without a row gives
// an empty entry.
func (c *checker) entry(t target) (storedEntry, error) {
	e := storedEntry{Entry: data.Entry{Unit: t.Unit, MeasureID: t.MeasureID, Month: t.Month}}
	row, err := c.queryRow(`SELECT status, prev_status, progress, problems, next_steps, evidence_note, clerk, updated_at
		FROM entries WHERE month = ? AND measure_id = ? AND unit = ?`, string(t.Month), t.MeasureID, t.Unit)
	if err != nil {
		return e, err
	}
	var status, prev, updated string
	err = row.Scan(&status, &prev, &e.Progress, &e.Problems, &e.NextSteps, &e.EvidenceNote, &e.Clerk, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil
	}
	if err != nil {
		return e, fmt.Errorf("read entry: %w", err)
	}
	e.Status, e.prev, e.exists = data.Status(status), data.Status(prev), true
	e.UpdatedAt, err = parseTime(updated)
	return e, err
}

// saveEntry writes next if it differs from cur, with one audit record per
// changed field, and returns the entry as it then stands and whether it
// changed. The remembered previous status is not a field of its own: it
// changes only along with the status.
func (c *checker) saveEntry(t target, cur, next storedEntry, clerk string) (data.Entry, bool, error) {
	changes := [][3]string{
		{data.FieldStatus, string(cur.Status), string(next.Status)},
		{data.FieldProgress, cur.Progress, next.Progress},
		{data.FieldProblems, cur.Problems, next.Problems},
		{data.FieldNextSteps, cur.NextSteps, next.NextSteps},
		{data.FieldEvidenceNote, cur.EvidenceNote, next.EvidenceNote},
	}
	changed := false
	for _, ch := range changes {
		changed = changed || ch[1] != ch[2]
	}
	if !changed {
		return cur.Entry, false, nil
	}
	at, ts := stamp()
	_, err := c.exec(`
INSERT INTO entries (year, month, measure_id, unit, status, prev_status, progress, problems, next_steps, evidence_note, clerk, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (month, measure_id, unit) DO UPDATE SET
	status = excluded.status, prev_status = excluded.prev_status, progress = excluded.progress,
	problems = excluded.problems, next_steps = excluded.next_steps, evidence_note = excluded.evidence_note,
	clerk = excluded.clerk, updated_at = excluded.updated_at`,
		c.year, string(t.Month), t.MeasureID, t.Unit, string(next.Status), string(next.prev),
		next.Progress, next.Problems, next.NextSteps, next.EvidenceNote, clerk, ts)
	if err != nil {
		return data.Entry{}, false, fmt.Errorf("write entry: %w", err)
	}
	for _, ch := range changes {
		if ch[1] == ch[2] {
			continue
		}
		err := c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionEntry, Unit: t.Unit, MeasureID: t.MeasureID, Month: t.Month,
			Field: ch[0], Old: ch[1], New: ch[2]})
		if err != nil {
			return data.Entry{}, false, err
		}
	}
	out := next.Entry
	out.Clerk, out.UpdatedAt = clerk, at
	return out, true, nil
}
