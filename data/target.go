package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxText is the longest text, in characters, that an entry field (进展情况,
// 存在问题, 下步计划) or an evidence description may hold.
const MaxText = 10000

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
		return "", Errorf(EINVALID, "没有经办人姓名，无法记录是谁做的修改，请先填写经办人")
	}
	return clerk, nil
}

// target is a validated unit × measure × month: the unit is canonical, the
// measure exists, the month lies in the plan year and the unit takes part in
// the measure.
type target struct {
	Unit      string
	MeasureID string
	Month     Month
}

// where names the target in a clerk's words: 德胜街道办事处在措施 1.1.1（2023年6月）.
func (t target) where() string {
	return fmt.Sprintf("%s在措施 %s（%s）", t.Unit, t.MeasureID, t.Month.Label())
}

// checker validates the targets of changes inside one write transaction.
// It caches what it looks up and the statements it prepares, so that a
// batch of a thousand entries costs a few queries per unit, not per entry.
type checker struct {
	ctx       context.Context
	tx        *sql.Tx
	year      int
	units     map[string]string          // name as given, trimmed → canonical
	kinds     map[string]UnitKind        // canonical → kind
	measures  map[string]bool            // measure ID → exists
	concerned map[string]map[string]bool // canonical unit → IDs of the measures it takes part in
	closed    map[Month]bool
	stmts     map[string]*sql.Stmt
	targets   []IndicatorTarget // the indicator targets, read on first use
}

func newChecker(ctx context.Context, tx *sql.Tx) *checker {
	return &checker{
		ctx: ctx, tx: tx,
		units:     make(map[string]string),
		kinds:     make(map[string]UnitKind),
		measures:  make(map[string]bool),
		concerned: make(map[string]map[string]bool),
		closed:    make(map[Month]bool),
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

// planYear returns the year of the stored plan (ENOTFOUND without one).
func (c *checker) planYear() (int, error) {
	if c.year != 0 {
		return c.year, nil
	}
	err := c.tx.QueryRowContext(c.ctx, "SELECT year FROM plan ORDER BY year LIMIT 1").Scan(&c.year)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, Errorf(ENOTFOUND, "数据库中还没有行动计划")
	}
	if err != nil {
		return 0, fmt.Errorf("read plan year: %w", err)
	}
	return c.year, nil
}

// month refuses a month outside the plan year (EINVALID).
func (c *checker) month(m Month) error {
	year, err := c.planYear()
	if err != nil {
		return err
	}
	if !slices.Contains(PlanMonths(year), m) {
		return Errorf(EINVALID, "填报月份 %s 不在 %d 年行动计划的年度内，可用 %d-01 至 %d-12", m, year, year, year)
	}
	return nil
}

// open refuses a change in a closed month (ECONFLICT).
func (c *checker) open(m Month) error {
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

func errMonthClosed(m Month) error {
	return Errorf(ECONFLICT, "%s已关账，如需修改请先重新开启该月", m.Label())
}

// unit resolves a unit name or alias to its canonical name (ENOTFOUND,
// EINVALID for an empty name).
func (c *checker) unit(name string) (string, UnitKind, error) {
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
		row, err := c.queryRow("SELECT EXISTS (SELECT 1 FROM measures WHERE id = ?)", id)
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
			return "", Errorf(EINVALID, "没有填写措施编号")
		}
		return "", Errorf(ENOTFOUND, "没有编号为 %s 的措施", id)
	}
	return id, nil
}

// takesPart reports whether the canonical unit leads or co-operates on the
// measure, directly or through a group: the rule of FindMeasures.
func (c *checker) takesPart(unit, measureID string) (bool, error) {
	set, ok := c.concerned[unit]
	if !ok {
		set = make(map[string]bool)
		err := scanAll(c.ctx, c.tx, "WITH "+unitMeasuresCTE+"SELECT measure_id FROM unit_measures WHERE unit = ?3",
			[]any{GroupAllStreets, GroupRelevantStreets, unit}, func(rs *sql.Rows) error {
				var id string
				if err := rs.Scan(&id); err != nil {
					return err
				}
				set[id] = true
				return nil
			})
		if err != nil {
			return false, fmt.Errorf("measures of %s: %w", unit, err)
		}
		c.concerned[unit] = set
	}
	return set[measureID], nil
}

// target validates a unit × measure × month that a change is about: the
// unit is known (aliases accepted) and not a group, the measure is known,
// the month lies in the plan year and the unit takes part in the measure.
// It does not look at whether the month is closed.
func (c *checker) target(unit, measureID string, m Month) (target, error) {
	u, kind, err := c.unit(unit)
	if err != nil {
		return target{}, err
	}
	id, err := c.measure(measureID)
	if err != nil {
		return target{}, err
	}
	if err := c.month(m); err != nil {
		return target{}, err
	}
	if kind == UnitGroup {
		return target{}, Errorf(EINVALID, "“%s”是单位组，不能直接填报措施 %s，请由其成员单位分别填报", u, id)
	}
	ok, err := c.takesPart(u, id)
	if err != nil {
		return target{}, err
	}
	if !ok {
		return target{}, Errorf(EINVALID, "%s与措施 %s 无关：它不是该措施的主责单位或协办单位", u, id)
	}
	return target{Unit: u, MeasureID: id, Month: m}, nil
}

// checkText refuses a text longer than MaxText characters; what names the
// text for the message.
func checkText(what, s string) error {
	if n := utf8.RuneCountInString(s); n > MaxText {
		return Errorf(EINVALID, "%s超过 %d 字（现有 %d 字），请精简后再保存", what, MaxText, n)
	}
	return nil
}
