package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"taizhang/data"
)

// SetDistrictSummary applies a change to the district summary (区级汇总进展,
// 存在问题, 下步计划) of a measure of the year's plan for a month, as the
// clerk, and returns the summary as it then stands. Every changed field is audited (old → new) in
// the same transaction; a change that changes nothing writes nothing.
//
// Errors, after which nothing is written: ENOTFOUND for a measure not of
// the year's plan; EINVALID for an empty clerk, a month outside the plan
// year or a text longer than MaxText characters; ECONFLICT if the month is
// closed.
func (db *DB) SetDistrictSummary(ctx context.Context, year int, in data.DistrictSummaryInput, clerk string) (data.DistrictSummary, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return data.DistrictSummary{}, err
	}
	var out data.DistrictSummary
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		id, err := c.measure(in.MeasureID)
		if err != nil {
			return err
		}
		if err := c.month(in.Month); err != nil {
			return err
		}
		if err := c.open(in.Month); err != nil {
			return err
		}
		cur, exists, err := c.districtSummary(id, in.Month)
		if err != nil {
			return err
		}
		next := cur
		where := fmt.Sprintf("措施 %s（%s）区级汇总的", id, in.Month.Label())
		var changes []data.AuditRecord
		for _, f := range []struct {
			in        *string
			out       *string
			name, key string
		}{
			{in.Progress, &next.Progress, "进展情况", data.FieldProgress},
			{in.Problems, &next.Problems, "存在问题", data.FieldProblems},
			{in.NextSteps, &next.NextSteps, "下步计划", data.FieldNextSteps},
		} {
			if f.in == nil || *f.in == *f.out {
				continue
			}
			if err := checkText(where+f.name, *f.in); err != nil {
				return err
			}
			changes = append(changes, data.AuditRecord{Clerk: clerk, Action: data.ActionDistrictSummary, Year: year, MeasureID: id,
				Month: in.Month, Field: f.key, Old: *f.out, New: *f.in})
			*f.out = *f.in
		}
		if len(changes) == 0 {
			out = cur
			return nil
		}
		at, ts := stamp()
		next.Clerk, next.UpdatedAt = clerk, at
		if exists {
			_, err = c.exec(`UPDATE district_summaries SET progress = ?, problems = ?, next_steps = ?, clerk = ?, updated_at = ?
				WHERE month = ? AND measure_id = ?`, next.Progress, next.Problems, next.NextSteps, clerk, ts, string(in.Month), id)
		} else {
			_, err = c.exec(`INSERT INTO district_summaries (year, month, measure_id, progress, problems, next_steps, clerk, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, year, string(in.Month), id, next.Progress, next.Problems, next.NextSteps, clerk, ts)
		}
		if err != nil {
			return fmt.Errorf("write district summary: %w", err)
		}
		for _, a := range changes {
			if err := c.audit(a); err != nil {
				return err
			}
		}
		out = next
		return nil
	})
	if err != nil {
		return data.DistrictSummary{}, err
	}
	return out, nil
}

// districtSummary reads a measure's summary for a month inside the
// checker's transaction; exists is false when none is stored.
func (c *checker) districtSummary(id string, m data.Month) (s data.DistrictSummary, exists bool, err error) {
	s = data.DistrictSummary{MeasureID: id, Month: m}
	row, err := c.queryRow(`SELECT progress, problems, next_steps, clerk, updated_at FROM district_summaries
		WHERE month = ? AND measure_id = ?`, string(m), id)
	if err != nil {
		return s, false, err
	}
	var at string
	switch err := row.Scan(&s.Progress, &s.Problems, &s.NextSteps, &s.Clerk, &at); {
	case errors.Is(err, sql.ErrNoRows):
		return s, false, nil
	case err != nil:
		return s, false, fmt.Errorf("read district summary: %w", err)
	}
	s.UpdatedAt, err = parseTime(at)
	return s, true, err
}

// DistrictSummaries returns the stored district summaries of month m (of
// its plan year), in the measures' printed order; a measure without one is
// absent.
func (db *DB) DistrictSummaries(ctx context.Context, m data.Month) ([]data.DistrictSummary, error) {
	query := `
SELECT d.measure_id, d.progress, d.problems, d.next_steps, d.clerk, d.updated_at
FROM district_summaries d
JOIN measures m ON m.year = d.year AND m.id = d.measure_id
JOIN tasks t ON t.id = m.task_id
JOIN sections s ON s.id = t.section_id
JOIN annexes a ON a.year = s.year AND a.code = s.annex
WHERE d.month = ?
ORDER BY a.position, s.position, t.position, m.position`
	var out []data.DistrictSummary
	err := scanAll(ctx, db.db, query, []any{string(m)}, func(rs *sql.Rows) error {
		s := data.DistrictSummary{Month: m}
		var at string
		if err := rs.Scan(&s.MeasureID, &s.Progress, &s.Problems, &s.NextSteps, &s.Clerk, &at); err != nil {
			return err
		}
		var err error
		s.UpdatedAt, err = parseTime(at)
		out = append(out, s)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read district summaries: %w", err)
	}
	return out, nil
}
