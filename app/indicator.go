package app

import (
	"context"

	"taizhang/data"
)

// IndicatorTargets lists every target of annexes 2-2 and 6 in printed order,
// with the clerk's edits applied.
func (a *App) IndicatorTargets(ctx context.Context) ([]data.IndicatorTarget, error) {
	return a.db.IndicatorTargets(ctx)
}

// SetIndicatorTarget changes a target's text ("—" for none) in the name of
// the clerk; the change is audited. See data.DB.SetIndicatorTarget.
func (a *App) SetIndicatorTarget(ctx context.Context, annex, key, area, text string) (data.IndicatorTarget, error) {
	return a.db.SetIndicatorTarget(ctx, annex, key, area, text, a.Clerk(ctx))
}

// SetIndicatorActual stores (or, with an empty value, clears) a monthly
// value in the name of the clerk; the change is audited. See
// data.DB.SetIndicatorActual for the checks.
func (a *App) SetIndicatorActual(ctx context.Context, key, area string, m data.Month, value string) (*data.IndicatorActual, error) {
	return a.db.SetIndicatorActual(ctx, data.IndicatorActualInput{Indicator: key, Area: area, Month: m, Value: value}, a.Clerk(ctx))
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
	if err := a.checkMonth(m); err != nil {
		return nil, err
	}
	closed, err := a.db.MonthClosed(ctx, m)
	if err != nil {
		return nil, err
	}
	targets, err := a.db.IndicatorTargets(ctx)
	if err != nil {
		return nil, err
	}
	actuals, err := a.db.IndicatorActuals(ctx, m)
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
