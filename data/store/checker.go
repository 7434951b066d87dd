package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"taizhang/data"
)

// timeLayout stores timestamps as fixed-width UTC text, so that they sort
// as text in SQL.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// now is the clock; tests may replace it.
var now = time.Now

// stamp returns the current time as stored.
func stamp() (time.Time, string) {
	t := now().UTC().Truncate(time.Microsecond)
	return t, t.Format(timeLayout)
}

// parseTime reads a stored timestamp.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

// checkClerk trims the clerk's name and refuses an empty one: every change
// must say who made it.
func checkClerk(clerk string) (string, error) {
	clerk = strings.TrimSpace(clerk)
	if clerk == "" {
		return "", data.Errorf(data.EINVALID, "没有经办人姓名，无法记录是谁做的修改，请先填写经办人")
	}
	return clerk, nil
}

// checker validates the targets of changes inside one write transaction,
// all about the plan of one year. It caches what it looks up and the statements it prepares, so that a
// batch of a thousand entries costs a few queries per unit, not per entry.
type checker struct {
	ctx       context.Context
	tx        *sql.Tx
	year      int                        // the plan year the changes are about
	hasPlan   bool                       // the plan of year is stored
	units     map[string]string          // name as given, trimmed → canonical
	kinds     map[string]data.UnitKind   // canonical → kind
	measures  map[string]bool            // measure ID → exists
	concerned map[string]map[string]bool // canonical unit → IDs of the measures it takes part in
	closed    map[data.Month]bool
	stmts     map[string]*sql.Stmt
	targets   []data.IndicatorTarget // the indicator targets, read on first use
	source    string                 // the audit's source of the changes being made, "" for by hand
}

func newChecker(ctx context.Context, tx *sql.Tx, year int) *checker {
	return &checker{
		ctx: ctx, tx: tx, year: year,
		units:     make(map[string]string),
		kinds:     make(map[string]data.UnitKind),
		measures:  make(map[string]bool),
		concerned: make(map[string]map[string]bool),
		closed:    make(map[data.Month]bool),
		stmts:     make(map[string]*sql.Stmt),
	}
}

// stmt returns query prepared once in the transaction.
func (c *checker) stmt(query string) (*sql.Stmt, error) {
	if s, ok := c.stmts[query]; ok {
		return s, nil
	}
	s, err := c.tx.PrepareContext(c.ctx, query)
	if err != nil {
		return nil, fmt.Errorf("prepare %q: %w", query, err)
	}
	c.stmts[query] = s
	return s, nil
}

// exec runs a statement prepared once in the transaction.
func (c *checker) exec(query string, args ...any) (sql.Result, error) {
	s, err := c.stmt(query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(c.ctx, args...)
}

// queryRow runs a one-row query prepared once in the transaction.
func (c *checker) queryRow(query string, args ...any) (*sql.Row, error) {
	s, err := c.stmt(query)
	if err != nil {
		return nil, err
	}
	return s.QueryRowContext(c.ctx, args...), nil
}

// planYear returns the checker's year once it knows the ledger holds that
// year's plan (ENOTFOUND if not).
func (c *checker) planYear() (int, error) {
	if c.hasPlan {
		return c.year, nil
	}
	if err := planExists(c.ctx, c.tx, c.year); err != nil {
		return 0, err
	}
	c.hasPlan = true
	return c.year, nil
}

// planExists refuses a year whose plan the ledger does not hold (ENOTFOUND,
// naming the years it holds).
func planExists(ctx context.Context, q queryer, year int) error {
	years, err := planYears(ctx, q)
	if err != nil {
		return err
	}
	if slices.Contains(years, year) {
		return nil
	}
	if len(years) == 0 {
		return data.Errorf(data.ENOTFOUND, "数据库中还没有行动计划")
	}
	var held []string
	for _, y := range years {
		held = append(held, fmt.Sprint(y))
	}
	return data.Errorf(data.ENOTFOUND, "台账中没有 %d 年的行动计划，现有：%s 年", year, strings.Join(held, "、"))
}

// month refuses a month outside the checker's plan year (EINVALID).
func (c *checker) month(m data.Month) error {
	year, err := c.planYear()
	if err != nil {
		return err
	}
	if !slices.Contains(data.PlanMonths(year), m) {
		return data.Errorf(data.EINVALID, "填报月份 %s 不在 %d 年行动计划的年度内，可用 %d-01 至 %d-12", m, year, year, year)
	}
	return nil
}

// open refuses a change in a closed month (ECONFLICT).
func (c *checker) open(m data.Month) error {
	closed, ok := c.closed[m]
	if !ok {
		row, err := c.queryRow("SELECT EXISTS (SELECT 1 FROM closed_months WHERE month = ?)", string(m))
		if err != nil {
			return err
		}
		if err := row.Scan(&closed); err != nil {
			return fmt.Errorf("read closed month: %w", err)
		}
		c.closed[m] = closed
	}
	if closed {
		return errMonthClosed(m)
	}
	return nil
}

func errMonthClosed(m data.Month) error {
	return data.Errorf(data.ECONFLICT, "%s已关账，如需修改请先重新开启该月", m.Label())
}

// unit resolves a unit name or alias to its canonical name (ENOTFOUND,
// EINVALID for an empty name).
func (c *checker) unit(name string) (string, data.UnitKind, error) {
	key := strings.TrimSpace(name)
	if u, ok := c.units[key]; ok {
		return u, c.kinds[u], nil
	}
	u, kind, err := resolveUnit(c.ctx, c.tx, key)
	if err != nil {
		return "", "", err
	}
	c.units[key], c.kinds[u] = u, kind
	return u, kind, nil
}

// measure refuses an unknown measure (ENOTFOUND) and returns the trimmed ID.
func (c *checker) measure(id string) (string, error) {
	id = strings.TrimSpace(id)
	exists, ok := c.measures[id]
	if !ok {
		if _, err := c.planYear(); err != nil {
			return "", err
		}
		row, err := c.queryRow("SELECT EXISTS (SELECT 1 FROM measures WHERE year = ? AND id = ?)", c.year, id)
		if err != nil {
			return "", err
		}
		if err := row.Scan(&exists); err != nil {
			return "", fmt.Errorf("find measure: %w", err)
		}
		c.measures[id] = exists
	}
	if !exists {
		if id == "" {
			return "", data.Errorf(data.EINVALID, "没有填写措施编号")
		}
		return "", data.NotFound(data.ErrUnknownMeasure, "%d 年行动计划中没有编号为 %s 的措施", c.year, id)
	}
	return id, nil
}

// checkText refuses a text longer than MaxText characters; what names the
// text for the message.
func checkText(what, s string) error {
	if n := utf8.RuneCountInString(s); n > data.MaxText {
		return data.Errorf(data.EINVALID, "%s超过 %d 字（现有 %d 字），请精简后再保存", what, data.MaxText, n)
	}
	return nil
}
