package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// IndicatorTarget is one target of an indicator annex: an indicator for an
// area, as printed and as possibly edited since. A cell holding three
// targets ("100 (100, 0)") gives three IndicatorTargets with the same
// Printed text and their own part in Text.
type IndicatorTarget struct {
	Annex     string    // 2-2, 6
	Indicator string    // indicator key
	Area      string    // canonical street name, or District
	Column    string    // the printed column header
	Printed   string    // the printed cell, verbatim
	Text      string    // the target's text: its part of Printed, or the clerk's edit
	Value     *float64  // the number in Text; nil for "—" (no target)
	Qualifier string    // 左右, 以上 ... as written after the number
	Edited    bool      // a clerk changed Text
	SetBy     string    // who edited it, if Edited
	SetAt     time.Time // when, if Edited (UTC)
}

// IndicatorActual is the value of an indicator for an area in a month.
type IndicatorActual struct {
	Indicator string
	Area      string
	Month     Month
	Value     float64
	Clerk     string
	UpdatedAt time.Time // UTC
}

// IndicatorActualInput sets (or, with an empty Value, clears) a monthly
// value. Value is the text the clerk typed, checked by ParseActual.
type IndicatorActualInput struct {
	Indicator string // key
	Area      string // street (name or alias) or 西城区
	Month     Month
	Value     string
}

// IndicatorTargets returns every target of the indicator annexes in printed
// order (table, row, column), with the clerk's edits applied. Rows whose
// first cell is neither a street nor 西城区, and columns whose header is
// not an indicator of the catalogue, are left out.
func (db *DB) IndicatorTargets(ctx context.Context) ([]IndicatorTarget, error) {
	var out []IndicatorTarget
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = indicatorTargets(ctx, tx)
		return err
	})
	return out, err
}

func indicatorTargets(ctx context.Context, q queryer) ([]IndicatorTarget, error) {
	tables, err := loadIndicators(ctx, q)
	if err != nil {
		return nil, err
	}
	type editKey struct{ annex, indicator, area string }
	type edit struct {
		text, by string
		at       time.Time
	}
	edits := make(map[editKey]edit)
	err = scanAll(ctx, q, "SELECT annex, indicator, area, text, set_by, set_at FROM indicator_target_edits", nil,
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

	var out []IndicatorTarget
	for _, t := range tables {
		for _, row := range t.Rows {
			if len(row) == 0 {
				continue
			}
			area, err := resolveArea(ctx, q, row[0])
			if err != nil {
				if code := ErrorCode(err); code == ENOTFOUND || code == EINVALID {
					continue
				}
				return nil, err
			}
			for col := 1; col < len(row) && col < len(t.Columns); col++ {
				keys := columnIndicators(t.Columns[col])
				for i, text := range splitCell(row[col], len(keys)) {
					it := IndicatorTarget{Annex: t.Annex, Indicator: keys[i], Area: area, Column: t.Columns[col],
						Printed: row[col], Text: text}
					if e, ok := edits[editKey{t.Annex, keys[i], area}]; ok {
						it.Text, it.Edited, it.SetBy, it.SetAt = e.text, true, e.by, e.at
					}
					// An unreadable printed text stays visible as no target;
					// edits are checked before they are stored.
					it.Value, it.Qualifier, _ = ParseTarget(it.Text)
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
	if name == District || name == "全区" {
		return District, nil
	}
	if name == "" {
		return "", Errorf(EINVALID, "没有填写地区（街道或西城区）")
	}
	u, kind, err := resolveUnit(ctx, q, name)
	if ErrorCode(err) == ENOTFOUND {
		return "", Errorf(ENOTFOUND, "没有名为“%s”的街道，指标按各街道和西城区填报", name)
	}
	if err != nil {
		return "", err
	}
	if kind != UnitStreet {
		return "", Errorf(EINVALID, "“%s”不是街道，指标按各街道和西城区填报", u)
	}
	return u, nil
}

// indicatorOf returns the catalogue entry for key (ENOTFOUND, listing the keys).
func indicatorOf(key string) (Indicator, error) {
	ind, ok := IndicatorByKey(key)
	if !ok {
		if strings.TrimSpace(key) == "" {
			return Indicator{}, Errorf(EINVALID, "没有填写指标")
		}
		return Indicator{}, Errorf(ENOTFOUND, "没有指标“%s”，可用的指标：%s", key, strings.Join(IndicatorKeys(), "、"))
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
func (db *DB) SetIndicatorTarget(ctx context.Context, annex, key, area, text, clerk string) (IndicatorTarget, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return IndicatorTarget{}, err
	}
	ind, err := indicatorOf(key)
	if err != nil {
		return IndicatorTarget{}, err
	}
	text = strings.TrimSpace(text)
	if _, _, err := ParseTarget(text); err != nil {
		return IndicatorTarget{}, err
	}
	annex = strings.TrimSpace(annex)
	var out IndicatorTarget
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		a, err := resolveArea(ctx, tx, area)
		if err != nil {
			return err
		}
		targets, err := indicatorTargets(ctx, tx)
		if err != nil {
			return err
		}
		i := findTarget(targets, annex, ind.Key, a)
		if i < 0 {
			return Errorf(ENOTFOUND, "附件 %s 中没有%s的“%s”目标", annex, a, ind.Name)
		}
		out = targets[i]
		if out.Text == text {
			return nil
		}
		at, ts := stamp()
		if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_target_edits (annex, indicator, area, text, set_at, set_by)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (annex, indicator, area) DO UPDATE SET text = excluded.text, set_at = excluded.set_at, set_by = excluded.set_by`,
			annex, ind.Key, a, text, ts, clerk); err != nil {
			return fmt.Errorf("set target: %w", err)
		}
		c := newChecker(ctx, tx)
		if err := c.audit(AuditRecord{Clerk: clerk, Action: ActionTarget, Unit: a, Field: annex + "/" + ind.Key, Old: out.Text, New: text}); err != nil {
			return err
		}
		out.Text, out.Edited, out.SetBy, out.SetAt = text, true, clerk, at
		out.Value, out.Qualifier, _ = ParseTarget(text)
		return nil
	})
	return out, err
}

func findTarget(targets []IndicatorTarget, annex, key, area string) int {
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
func (db *DB) SetIndicatorActual(ctx context.Context, in IndicatorActualInput, clerk string) (*IndicatorActual, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return nil, err
	}
	var out *IndicatorActual
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		out, _, err = newChecker(ctx, tx).setIndicatorActual(in, clerk)
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
func (db *DB) SetIndicatorActuals(ctx context.Context, ins []IndicatorActualInput, clerk string) (int, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return 0, err
	}
	changed := 0
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx)
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
func (c *checker) setIndicatorActual(in IndicatorActualInput, clerk string) (*IndicatorActual, bool, error) {
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
		if c.targets, err = indicatorTargets(ctx, tx); err != nil {
			return nil, false, err
		}
	}
	listed := false
	for _, t := range c.targets {
		listed = listed || (t.Indicator == ind.Key && t.Area == area)
	}
	if !listed {
		return nil, false, Errorf(ENOTFOUND, "指标表中没有%s的“%s”，无法填报", area, ind.Name)
	}
	clear := strings.TrimSpace(in.Value) == ""
	var v float64
	if !clear {
		if v, err = ParseActual(ind, area, in.Month, in.Value); err != nil {
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
		old = FormatValue(stored)
	}
	at, ts := stamp()
	newText := ""
	var out *IndicatorActual
	if clear {
		if old == "" {
			return nil, false, nil
		}
		if _, err := c.exec("DELETE FROM indicator_actuals WHERE indicator = ? AND area = ? AND month = ?",
			ind.Key, area, string(in.Month)); err != nil {
			return nil, false, fmt.Errorf("clear indicator value: %w", err)
		}
	} else {
		newText = FormatValue(v)
		if old == newText {
			// Unchanged: report what is stored, who stored it and when.
			t, err := parseTime(storedAt)
			return &IndicatorActual{Indicator: ind.Key, Area: area, Month: in.Month, Value: stored, Clerk: storedBy, UpdatedAt: t}, false, err
		}
		out = &IndicatorActual{Indicator: ind.Key, Area: area, Month: in.Month, Value: v, Clerk: clerk, UpdatedAt: at}
		if _, err := c.exec(`INSERT INTO indicator_actuals (indicator, area, month, value, clerk, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (indicator, area, month) DO UPDATE SET value = excluded.value, clerk = excluded.clerk, updated_at = excluded.updated_at`,
			ind.Key, area, string(in.Month), v, clerk, ts); err != nil {
			return nil, false, fmt.Errorf("store indicator value: %w", err)
		}
	}
	err = c.audit(AuditRecord{Clerk: clerk, Action: ActionIndicator, Unit: area, Month: in.Month, Field: ind.Key, Old: old, New: newText})
	if err != nil {
		return nil, false, err
	}
	return out, true, nil
}

// IndicatorActuals returns the stored monthly values of the months up to
// and including upTo ("" for all), by indicator, area and month.
func (db *DB) IndicatorActuals(ctx context.Context, upTo Month) ([]IndicatorActual, error) {
	query := "SELECT indicator, area, month, value, clerk, updated_at FROM indicator_actuals"
	var args []any
	if upTo != "" {
		query += " WHERE month <= ?"
		args = append(args, string(upTo))
	}
	query += " ORDER BY indicator, area, month"
	var out []IndicatorActual
	err := scanAll(ctx, db.db, query, args, func(rs *sql.Rows) error {
		var a IndicatorActual
		var m, at string
		if err := rs.Scan(&a.Indicator, &a.Area, &m, &a.Value, &a.Clerk, &at); err != nil {
			return err
		}
		a.Month = Month(m)
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
