package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"taizhang/data"
)

// Audit returns the audit records that pass the filter, newest first.
//
// It returns ENOTFOUND for an unknown unit or indicator.
func (db *DB) Audit(ctx context.Context, f data.AuditFilter) ([]data.AuditRecord, error) {
	unit := f.Unit
	if n := strings.TrimSpace(unit); n == data.District || n == "全区" {
		unit = "" // the district is an area of the indicators, not a unit
	}
	where, args, err := db.scopeWhere(ctx, "", f.Year, unit, f.MeasureID, f.Month)
	if err != nil {
		return nil, err
	}
	if unit != f.Unit {
		where, args = append(where, "unit = ?"), append(args, data.District)
	}
	if strings.TrimSpace(f.Indicator) != "" {
		ind, err := indicatorOf(f.Indicator)
		if err != nil {
			return nil, err
		}
		where = append(where, "((action = ? AND field = ?) OR (action = ? AND field LIKE ?))")
		args = append(args, data.ActionIndicator, ind.Key, data.ActionTarget, "%/"+ind.Key)
	}
	query := "SELECT id, coalesce(year, 0), at, clerk, action, unit, measure_id, month, coalesce(evidence_id, 0), field, old, new, source FROM audit"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY id DESC"

	var out []data.AuditRecord
	err = scanAll(ctx, db.db, query, args, func(rs *sql.Rows) error {
		var r data.AuditRecord
		var at, month string
		if err := rs.Scan(&r.ID, &r.Year, &at, &r.Clerk, &r.Action, &r.Unit, &r.MeasureID, &month, &r.EvidenceID, &r.Field, &r.Old, &r.New, &r.Source); err != nil {
			return err
		}
		r.Month = data.Month(month)
		var err error
		r.At, err = parseTime(at)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}

// audit appends a record to the log inside the caller's transaction; At is
// set here, and Year to the checker's year.
func (c *checker) audit(r data.AuditRecord) error {
	_, at := stamp()
	var evidence any
	if r.EvidenceID != 0 {
		evidence = r.EvidenceID
	}
	var year any
	if c.year != 0 {
		year = c.year
	}
	if r.Source == "" {
		r.Source = c.source
	}
	_, err := c.exec(`INSERT INTO audit (year, at, clerk, action, unit, measure_id, month, evidence_id, field, old, new, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		year, at, r.Clerk, r.Action, r.Unit, r.MeasureID, string(r.Month), evidence, r.Field, r.Old, r.New, r.Source)
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}
