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

// IndicatorTargets returns every target of the indicator annexes in printed
// order (table, row, column), with the clerk's edits applied. Rows whose
// first cell is neither a street nor 西城区, and columns whose header is
// not an indicator of the catalogue, are left out.
//
// The targets are those of the plan of year (ENOTFOUND if the ledger holds
// none).
func (db *DB) IndicatorTargets(ctx context.Context, year int) ([]data.IndicatorTarget, error) {
	var out []data.IndicatorTarget
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		if err := planExists(ctx, tx, year); err != nil {
			return err
		}
		var err error
		out, err = indicatorTargets(ctx, tx, year)
		return err
	})
	return out, err
}

func indicatorTargets(ctx context.Context, q queryer, year int) ([]data.IndicatorTarget, error) {
	tables, err := loadIndicators(ctx, q, year)
	if err != nil {
		return nil, err
	}
	type editKey struct{ annex, indicator, area string }
	type edit struct {
		text, by string
		at       time.Time
	}
	edits := make(map[editKey]edit)
	err = scanAll(ctx, q, "SELECT annex, indicator, area, text, set_by, set_at FROM indicator_target_edits WHERE year = ?", []any{year},
		func(rs *sql.Rows) error {
			var k editKey
			var e edit
			var at string
			if err := rs.Scan(&k.annex, &k.indicator, &k.area, &e.text, &e.by, &at); err != nil {
				return err
			}
			var err error
			e.at, err = parseTime(at)
			edits[k] = e
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("read target edits: %w", err)
	}

	var out []data.IndicatorTarget
	for _, t := range tables {
		for _, row := range t.Rows {
			if len(row) == 0 {
				continue
			}
			area, err := resolveArea(ctx, q, row[0])
			if err != nil {
				if code := data.ErrorCode(err); code == data.ENOTFOUND || code == data.EINVALID {
					continue
				}
				return nil, err
			}
			for col := 1; col < len(row) && col < len(t.Columns); col++ {
				keys := data.ColumnIndicators(t.Columns[col])
				for i, text := range data.SplitCell(row[col], len(keys)) {
					it := data.IndicatorTarget{Annex: t.Annex, Indicator: keys[i], Area: area, Column: t.Columns[col],
						Printed: row[col], Text: text}
					if e, ok := edits[editKey{t.Annex, keys[i], area}]; ok {
						it.Text, it.Edited, it.SetBy, it.SetAt = e.text, true, e.by, e.at
					}
					// An unreadable printed text stays visible as no target;
					// edits are checked before they are stored.
					it.Value, it.Qualifier, _ = data.ParseTarget(it.Text)
					out = append(out, it)
				}
			}
		}
	}
	return out, nil
}

// resolveArea resolves an area name: 西城区 (or 全区), or a street by name
// or alias. It returns ENOTFOUND for an unknown name and EINVALID for a unit
// that is not a street.
func resolveArea(ctx context.Context, q queryer, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == data.District || name == "全区" {
		return data.District, nil
	}
	if name == "" {
		return "", data.Errorf(data.EINVALID, "没有填写地区（街道或西城区）")
	}
	u, kind, err := resolveUnit(ctx, q, name)
	if data.ErrorCode(err) == data.ENOTFOUND {
		return "", data.Errorf(data.ENOTFOUND, "没有名为“%s”的街道，指标按各街道和西城区填报", name)
	}
	if err != nil {
		return "", err
	}
	if kind != data.UnitStreet {
		return "", data.Errorf(data.EINVALID, "“%s”不是街道，指标按各街道和西城区填报", u)
	}
	return u, nil
}

// indicatorOf returns the catalogue entry for key (ENOTFOUND, listing the keys).
func indicatorOf(key string) (data.Indicator, error) {
	ind, ok := data.IndicatorByKey(key)
	if !ok {
		if strings.TrimSpace(key) == "" {
			return data.Indicator{}, data.Errorf(data.EINVALID, "没有填写指标")
		}
		return data.Indicator{}, data.NotFound(data.ErrUnknownIndicator, "没有指标“%s”，可用的指标：%s", key, strings.Join(data.IndicatorKeys(), "、"))
	}
	return ind, nil
}

// SetIndicatorTarget changes the text of a target (the annex note says
// targets may be adjusted); "—" removes the target. The change is audited
// (ActionTarget). Setting the text it already has changes nothing.
//
// It returns EINVALID for an empty clerk or an unreadable text, and
// ENOTFOUND for an unknown indicator, or an annex, area and indicator that
// have no target cell.
func (db *DB) SetIndicatorTarget(ctx context.Context, year int, annex, key, area, text, clerk string) (data.IndicatorTarget, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return data.IndicatorTarget{}, err
	}
	ind, err := indicatorOf(key)
	if err != nil {
		return data.IndicatorTarget{}, err
	}
	text = strings.TrimSpace(text)
	if _, _, err := data.ParseTarget(text); err != nil {
		return data.IndicatorTarget{}, err
	}
	annex = strings.TrimSpace(annex)
	var out data.IndicatorTarget
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		if err := planExists(ctx, tx, year); err != nil {
			return err
		}
		a, err := resolveArea(ctx, tx, area)
		if err != nil {
			return err
		}
		targets, err := indicatorTargets(ctx, tx, year)
		if err != nil {
			return err
		}
		i := findTarget(targets, annex, ind.Key, a)
		if i < 0 {
			return data.Errorf(data.ENOTFOUND, "附件 %s 中没有%s的“%s”目标", annex, a, ind.Name)
		}
		out = targets[i]
		if out.Text == text {
			return nil
		}
		at, ts := stamp()
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_target_edits (year, annex, indicator, area, text, set_at, set_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (year, annex, indicator, area) DO UPDATE SET text = excluded.text, set_at = excluded.set_at, set_by = excluded.set_by`,
			year, annex, ind.Key, a, text, ts, clerk); err != nil {
			return fmt.Errorf("set target: %w", err)
		}
		c := newChecker(ctx, tx, year)
		if err := c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionTarget, Unit: a, Field: annex + "/" + ind.Key, Old: out.Text, New: text}); err != nil {
			return err
		}
		out.Text, out.Edited, out.SetBy, out.SetAt = text, true, clerk, at
		out.Value, out.Qualifier, _ = data.ParseTarget(text)
		return nil
	})
	return out, err
}

func findTarget(targets []data.IndicatorTarget, annex, key, area string) int {
	for i, t := range targets {
		if t.Annex == annex && t.Indicator == key && t.Area == area {
			return i
		}
	}
	return -1
}

// SetIndicatorActual stores the value of an indicator for an area and a
// month, or clears it when Value is empty, and audits the change
// (ActionIndicator). It returns the stored value, nil after clearing.
// Setting the value already stored changes nothing.
//
// It returns EINVALID for an empty clerk, a month outside the plan year, a
// unit that is not a street, or a value that is not a number, negative, a
// percentage over 100 or a PM2.5 over 1000 (the message names indicator,
// area, month and value); ENOTFOUND for an unknown indicator or area, or an
// area the annexes give no cell for that indicator; ECONFLICT for a closed
// month. On error nothing is written.
func (db *DB) SetIndicatorActual(ctx context.Context, year int, in data.IndicatorActualInput, clerk string) (*data.IndicatorActual, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return nil, err
	}
	var out *data.IndicatorActual
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		out, _, err = newChecker(ctx, tx, year).setIndicatorActual(in, clerk)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SetIndicatorActuals applies a batch of monthly values in one transaction:
// all of them or, if any is refused, none. It returns how many changed
// anything. Errors are those of SetIndicatorActual, for the first value
// refused.
func (db *DB) SetIndicatorActuals(ctx context.Context, year int, ins []data.IndicatorActualInput, clerk string) (int, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return 0, err
	}
	changed := 0
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		for _, in := range ins {
			_, ch, err := c.setIndicatorActual(in, clerk)
			if err != nil {
				return err
			}
			if ch {
				changed++
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return changed, nil
}

// setIndicatorActual checks and applies one IndicatorActualInput inside the
// checker's transaction (SetIndicatorActual and ApplyReturn share it) and
// reports whether it changed anything.
func (c *checker) setIndicatorActual(in data.IndicatorActualInput, clerk string) (*data.IndicatorActual, bool, error) {
	ind, err := indicatorOf(in.Indicator)
	if err != nil {
		return nil, false, err
	}
	ctx, tx := c.ctx, c.tx
	area, err := resolveArea(ctx, tx, in.Area)
	if err != nil {
		return nil, false, err
	}
	if err := c.month(in.Month); err != nil {
		return nil, false, err
	}
	if c.targets == nil {
		if c.targets, err = indicatorTargets(ctx, tx, c.year); err != nil {
			return nil, false, err
		}
	}
	listed := false
	for _, t := range c.targets {
		listed = listed || (t.Indicator == ind.Key && t.Area == area)
	}
	if !listed {
		return nil, false, data.Errorf(data.ENOTFOUND, "指标表中没有%s的“%s”，无法填报", area, ind.Name)
	}
	clear := strings.TrimSpace(in.Value) == ""
	var v float64
	if !clear {
		if v, err = data.ParseActual(ind, area, in.Month, in.Value); err != nil {
			return nil, false, err
		}
	}
	if err := c.open(in.Month); err != nil {
		return nil, false, err
	}

	old := ""
	var stored float64
	var storedBy, storedAt string
	row, err := c.queryRow("SELECT value, clerk, updated_at FROM indicator_actuals WHERE indicator = ? AND area = ? AND month = ?",
		ind.Key, area, string(in.Month))
	if err != nil {
		return nil, false, err
	}
	err = row.Scan(&stored, &storedBy, &storedAt)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, false, fmt.Errorf("read indicator value: %w", err)
	default:
		old = data.FormatValue(stored)
	}
	at, ts := stamp()
	newText := ""
	var out *data.IndicatorActual
	if clear {
		if old == "" {
			return nil, false, nil
		}
		if _, err := c.exec("DELETE FROM indicator_actuals WHERE indicator = ? AND area = ? AND month = ?",
			ind.Key, area, string(in.Month)); err != nil {
			return nil, false, fmt.Errorf("clear indicator value: %w", err)
		}
	} else {
		newText = data.FormatValue(v)
		if old == newText {
			// Unchanged: report what is stored, who stored it and when.
			t, err := parseTime(storedAt)
			return &data.IndicatorActual{Indicator: ind.Key, Area: area, Month: in.Month, Value: stored, Clerk: storedBy, UpdatedAt: t}, false, err
		}
		out = &data.IndicatorActual{Indicator: ind.Key, Area: area, Month: in.Month, Value: v, Clerk: clerk, UpdatedAt: at}
		if _, err := c.exec(`INSERT INTO indicator_actuals (year, indicator, area, month, value, clerk, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (indicator, area, month) DO UPDATE SET value = excluded.value, clerk = excluded.clerk, updated_at = excluded.updated_at`,
			c.year, ind.Key, area, string(in.Month), v, clerk, ts); err != nil {
			return nil, false, fmt.Errorf("store indicator value: %w", err)
		}
	}
	err = c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionIndicator, Unit: area, Month: in.Month, Field: ind.Key, Old: old, New: newText})
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// IndicatorActuals returns the stored monthly values of a plan year's
// months up to and including upTo ("" for all), by indicator, area and
// month.
func (db *DB) IndicatorActuals(ctx context.Context, year int, upTo data.Month) ([]data.IndicatorActual, error) {
	query := "SELECT indicator, area, month, value, clerk, updated_at FROM indicator_actuals WHERE year = ?"
	args := []any{year}
	if upTo != "" {
		query += " AND month <= ?"
		args = append(args, string(upTo))
	}
	query += " ORDER BY indicator, area, month"
	var out []data.IndicatorActual
	err := scanAll(ctx, db.db, query, args, func(rs *sql.Rows) error {
		var a data.IndicatorActual
		var m, at string
		if err := rs.Scan(&a.Indicator, &a.Area, &m, &a.Value, &a.Clerk, &at); err != nil {
			return err
		}
		a.Month = data.Month(m)
		var err error
		a.UpdatedAt, err = parseTime(at)
		out = append(out, a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read indicator values: %w", err)
	}
	return out, nil
}
