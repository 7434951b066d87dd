package store

import (
	"context"
	"database/sql"
	"fmt"

	"taizhang/data"
)

// CloseMonth closes a month (关账): from then on every change to its
// entries and evidence is refused until the month is reopened. The closing
// is audited.
//
// It returns EINVALID for an empty clerk or a month outside the plan year
// and ECONFLICT if the month is already closed.
func (db *DB) CloseMonth(ctx context.Context, year int, m data.Month, clerk string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		if err := c.month(m); err != nil {
			return err
		}
		if err := c.open(m); data.ErrorCode(err) == data.ECONFLICT {
			return data.Errorf(data.ECONFLICT, "%s已经关账，无需再次关账", m.Label())
		} else if err != nil {
			return err
		}
		_, ts := stamp()
		if _, err := c.exec("INSERT INTO closed_months (year, month, closed_at, closed_by) VALUES (?, ?, ?, ?)", year, string(m), ts, clerk); err != nil {
			return fmt.Errorf("close month: %w", err)
		}
		return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionMonthClose, Month: m})
	})
}

// ReopenMonth reopens a closed month so that its entries and evidence can
// be changed again. The reopening is audited.
//
// It returns EINVALID for an empty clerk or a month outside the plan year
// and ECONFLICT if the month is not closed.
func (db *DB) ReopenMonth(ctx context.Context, year int, m data.Month, clerk string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		if err := c.month(m); err != nil {
			return err
		}
		res, err := c.exec("DELETE FROM closed_months WHERE month = ?", string(m))
		if err != nil {
			return fmt.Errorf("reopen month: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("reopen month: %w", err)
		} else if n == 0 {
			return data.Errorf(data.ECONFLICT, "%s没有关账，无需重新开启", m.Label())
		}
		return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionMonthReopen, Month: m})
	})
}

// MonthClosed reports whether the month is closed.
func (db *DB) MonthClosed(ctx context.Context, m data.Month) (bool, error) {
	var closed bool
	err := db.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM closed_months WHERE month = ?)", string(m)).Scan(&closed)
	if err != nil {
		return false, fmt.Errorf("read closed month: %w", err)
	}
	return closed, nil
}

// ClosedMonths lists the closed months of a plan year in calendar order.
func (db *DB) ClosedMonths(ctx context.Context, year int) ([]data.Month, error) {
	var out []data.Month
	err := scanAll(ctx, db.db, "SELECT month FROM closed_months WHERE year = ? ORDER BY month", []any{year}, func(rs *sql.Rows) error {
		var m string
		if err := rs.Scan(&m); err != nil {
			return err
		}
		out = append(out, data.Month(m))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list closed months: %w", err)
	}
	return out, nil
}
