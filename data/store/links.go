package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"taizhang/data"
)

// SetMeasureLinks replaces the links of a year's measures to the measures of
// earlier plans they carry on, in one transaction. Every link's Year must be
// year.
//
// It returns ENOTFOUND if the ledger holds no plan of year, or a measure of
// either side does not exist, and EINVALID for a link of another year, one
// to a year not before it, or two links of one measure. On any error nothing
// is written.
func (db *DB) SetMeasureLinks(ctx context.Context, year int, links []data.MeasureLink) error {
	return db.withTx(ctx, func(tx *sql.Tx) error { return setMeasureLinks(ctx, tx, year, links) })
}

// setMeasureLinks is SetMeasureLinks inside the caller's transaction.
func setMeasureLinks(ctx context.Context, tx *sql.Tx, year int, links []data.MeasureLink) error {
	if err := planExists(ctx, tx, year); err != nil {
		return err
	}
	seen := make(map[string]bool, len(links))
	for _, l := range links {
		id, prev := strings.TrimSpace(l.MeasureID), strings.TrimSpace(l.PrevMeasureID)
		switch {
		case l.Year != year:
			return data.Errorf(data.EINVALID, "措施 %d 年 %s 的延续关系不属于 %d 年的行动计划", l.Year, id, year)
		case l.PrevYear >= year:
			return data.Errorf(data.EINVALID, "%d 年措施 %s 只能延续此前年度的措施，不能延续 %d 年的 %s", year, id, l.PrevYear, prev)
		case seen[id]:
			return data.Errorf(data.EINVALID, "%d 年措施 %s 有两条延续关系", year, id)
		}
		seen[id] = true
		for _, m := range []struct {
			year int
			id   string
		}{{year, id}, {l.PrevYear, prev}} {
			var ok bool
			if err := tx.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM measures WHERE year = ? AND id = ?)", m.year, m.id).Scan(&ok); err != nil {
				return fmt.Errorf("find measure: %w", err)
			}
			if !ok {
				return data.NotFound(data.ErrUnknownMeasure, "%d 年行动计划中没有编号为 %s 的措施", m.year, m.id)
			}
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM measure_links WHERE year = ?", year); err != nil {
		return fmt.Errorf("set measure links: %w", err)
	}
	for _, l := range links {
		if _, err := tx.ExecContext(ctx, "INSERT INTO measure_links (year, measure_id, prev_year, prev_measure_id) VALUES (?, ?, ?, ?)",
			year, strings.TrimSpace(l.MeasureID), l.PrevYear, strings.TrimSpace(l.PrevMeasureID)); err != nil {
			return fmt.Errorf("set measure links: %w", err)
		}
	}
	return nil
}

// MeasureLinks returns the links of a year's measures to earlier measures,
// by measure ID.
func (db *DB) MeasureLinks(ctx context.Context, year int) (map[string]data.MeasureLink, error) {
	out := make(map[string]data.MeasureLink)
	err := scanAll(ctx, db.db, "SELECT year, measure_id, prev_year, prev_measure_id FROM measure_links WHERE year = ?", []any{year},
		func(rs *sql.Rows) error {
			var l data.MeasureLink
			if err := rs.Scan(&l.Year, &l.MeasureID, &l.PrevYear, &l.PrevMeasureID); err != nil {
				return err
			}
			out[l.MeasureID] = l
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("read measure links: %w", err)
	}
	return out, nil
}
