package app

import (
	"context"

	"taizhang/data"
	"taizhang/reports"
)

// IndicatorTargets lists every target of the indicator annexes (2-2 and 6)
// of a year's plan in printed order, with the clerk's edits applied.
func (a *App) IndicatorTargets(ctx context.Context, year int) ([]data.IndicatorTarget, error) {
	return a.db.IndicatorTargets(ctx, year)
}

// SetIndicatorTarget changes a target's text ("—" for none) in a year's
// plan in the name of the clerk; the change is audited. See
// store.DB.SetIndicatorTarget.
func (a *App) SetIndicatorTarget(ctx context.Context, year int, annex, key, area, text string) (data.IndicatorTarget, error) {
	return a.db.SetIndicatorTarget(ctx, year, annex, key, area, text, a.Clerk(ctx))
}

// SetIndicatorActual stores (or, with an empty value, clears) a monthly
// value in the name of the clerk; the change is audited. See
// store.DB.SetIndicatorActual for the checks.
func (a *App) SetIndicatorActual(ctx context.Context, key, area string, m data.Month, value string) (*data.IndicatorActual, error) {
	year, err := a.checkMonth(m)
	if err != nil {
		return nil, err
	}
	return a.db.SetIndicatorActual(ctx, year, data.IndicatorActualInput{Indicator: key, Area: area, Month: m, Value: value}, a.Clerk(ctx))
}

// IndicatorRow is one indicator for one area as of a month.
type IndicatorRow struct {
	Indicator data.Indicator
	Area      string
	// Target is the target the area is held to: from the first annex in
	// printed order that gives a number (2-2 before 6 for 西城区), else the
	// first cell listing the pair ("—").
	Target   data.IndicatorTarget
	Value    *float64 // the month's own value, nil if none
	Months   int      // months of the year up to the month that have a value
	YTD      *float64 // year-to-date mean or cumulative sum (data.YearToDate)
	Expected *float64 // what YTD is held against: the target, pro rata for sums (data.Expected)
	OnTrack  *bool    // nil without a target or without any value
}

// IndicatorView is every indicator of every area as of a month.
type IndicatorView struct {
	Month  data.Month
	Closed bool
	Rows   []IndicatorRow // by indicator (catalogue order), then area (printed order)
}

// Indicators computes the indicator view as of month m: each listed
// indicator and area with the month's value, the year-to-date figure and
// whether it is on track against the target (data.OnTrack).
func (a *App) Indicators(ctx context.Context, m data.Month) (*IndicatorView, error) {
	year, err := a.checkMonth(m)
	if err != nil {
		return nil, err
	}
	closed, err := a.db.MonthClosed(ctx, m)
	if err != nil {
		return nil, err
	}
	targets, err := a.db.IndicatorTargets(ctx, year)
	if err != nil {
		return nil, err
	}
	actuals, err := a.db.IndicatorActuals(ctx, year, m)
	if err != nil {
		return nil, err
	}
	type pair struct{ key, area string }
	values := make(map[pair]map[data.Month]float64)
	for _, v := range actuals {
		p := pair{v.Indicator, v.Area}
		if values[p] == nil {
			values[p] = make(map[data.Month]float64)
		}
		values[p][v.Month] = v.Value
	}

	var areas []string
	seenArea := make(map[string]bool)
	effective := make(map[pair]data.IndicatorTarget)
	for _, t := range targets {
		if !seenArea[t.Area] {
			seenArea[t.Area] = true
			areas = append(areas, t.Area)
		}
		p := pair{t.Indicator, t.Area}
		if cur, ok := effective[p]; !ok || (cur.Value == nil && t.Value != nil) {
			effective[p] = t
		}
	}

	v := &IndicatorView{Month: m, Closed: closed}
	for _, ind := range data.Indicators {
		for _, area := range areas {
			p := pair{ind.Key, area}
			t, ok := effective[p]
			if !ok {
				continue
			}
			row := IndicatorRow{Indicator: ind, Area: area, Target: t}
			if x, ok := values[p][m]; ok {
				row.Value = &x
			}
			if ytd, n, ok := data.YearToDate(ind, values[p], m); ok {
				row.YTD, row.Months = &ytd, n
			}
			if t.Value != nil {
				exp := data.Expected(ind, *t.Value, m)
				row.Expected = &exp
				if row.YTD != nil {
					on := data.OnTrack(ind, *row.YTD, *t.Value, m)
					row.OnTrack = &on
				}
			}
			v.Rows = append(v.Rows, row)
		}
	}
	return v, nil
}

// IndicatorCell is one area's value of an indicator in one month.
type IndicatorCell struct {
	Month   data.Month
	Value   *float64 // nil if none was entered
	YTD     *float64 // year-to-date figure as of the month, nil before any value
	OnTrack *bool    // the YTD against the target as of the month; nil without either
}

// IndicatorGridRow is one area's twelve months of an indicator.
type IndicatorGridRow struct {
	Area   string
	Target data.IndicatorTarget // as in IndicatorRow.Target
	Cells  []IndicatorCell      // the plan year's months, January first
}

// IndicatorGrid is one indicator for every area it is listed for, areas ×
// months: what the clerk fills in and what marks the off-target cells.
type IndicatorGrid struct {
	Indicator data.Indicator
	Closed    map[data.Month]bool // closed months refuse edits
	Rows      []IndicatorGridRow  // areas in printed order
}

// IndicatorGrid returns the grid of one indicator over a plan year. It
// returns ENOTFOUND for an unknown indicator key or a year not held.
func (a *App) IndicatorGrid(ctx context.Context, year int, key string) (*IndicatorGrid, error) {
	ind, ok := data.IndicatorByKey(key)
	if !ok {
		return nil, data.NotFound(data.ErrUnknownIndicator, "没有指标“%s”", key)
	}
	if _, err := a.planOf(year); err != nil {
		return nil, err
	}
	months := a.Months(year)
	g := &IndicatorGrid{Indicator: ind, Closed: map[data.Month]bool{}}
	closed, err := a.db.ClosedMonths(ctx, year)
	if err != nil {
		return nil, err
	}
	for _, m := range closed {
		g.Closed[m] = true
	}
	// The view as of December holds every row and target; the values are
	// then read once and aggregated month by month.
	view, err := a.Indicators(ctx, months[len(months)-1])
	if err != nil {
		return nil, err
	}
	actuals, err := a.db.IndicatorActuals(ctx, year, "")
	if err != nil {
		return nil, err
	}
	values := map[string]map[data.Month]float64{}
	for _, v := range actuals {
		if v.Indicator != ind.Key {
			continue
		}
		if values[v.Area] == nil {
			values[v.Area] = map[data.Month]float64{}
		}
		values[v.Area][v.Month] = v.Value
	}
	for _, r := range view.Rows {
		if r.Indicator.Key != ind.Key {
			continue
		}
		row := IndicatorGridRow{Area: r.Area, Target: r.Target}
		for _, m := range months {
			c := IndicatorCell{Month: m}
			if x, ok := values[r.Area][m]; ok {
				c.Value = &x
			}
			if ytd, _, ok := data.YearToDate(ind, values[r.Area], m); ok {
				c.YTD = &ytd
				if r.Target.Value != nil {
					on := data.OnTrack(ind, ytd, *r.Target.Value, m)
					c.OnTrack = &on
				}
			}
			row.Cells = append(row.Cells, c)
		}
		g.Rows = append(g.Rows, row)
	}
	return g, nil
}

// AxisTop is a round top for a chart's value axis holding values up to v,
// and its step: the report and the indicator window draw the same axes.
func AxisTop(v float64) (top, step float64) { return reports.AxisTop(v) }
