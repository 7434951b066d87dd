package app

import (
	"context"

	"taizhang/data"
	"taizhang/reports"
)

// reportIndicators is the district report's indicator section as of month
// m: every street's PM2.5 (year-to-date mean) against its own target, and
// each indicator of the 西城区 row of annex 6 against that annex's target.
func (a *App) reportIndicators(ctx context.Context, m data.Month) (*reports.Indicators, error) {
	v, err := a.Indicators(ctx, m)
	if err != nil {
		return nil, err
	}
	targets, err := a.db.IndicatorTargets(ctx, m.Year())
	if err != nil {
		return nil, err
	}
	pm25, _ := data.IndicatorByKey("pm25")
	s := &reports.Indicators{AsOf: m.Label(), PM25Unit: pm25.Unit}
	district := map[string]IndicatorRow{}
	for _, r := range v.Rows {
		switch {
		case r.Area == data.District:
			district[r.Indicator.Key] = r
		case r.Indicator.Key == pm25.Key:
			f := figure(r.Indicator, r.Target, r.YTD, r.Months, m)
			s.PM25 = append(s.PM25, reports.AreaFigure{Area: r.Area, Figure: f})
		}
	}
	for _, t := range targets {
		if t.Annex != "6" || t.Area != data.District {
			continue
		}
		ind, ok := data.IndicatorByKey(t.Indicator)
		if !ok {
			continue
		}
		r := district[t.Indicator]
		s.District = append(s.District, figure(ind, t, r.YTD, r.Months, m))
	}
	return s, nil
}

// figure is an indicator's year-to-date figure ytd (nil before any value,
// from months values) against target t as of month m.
func figure(ind data.Indicator, t data.IndicatorTarget, ytd *float64, months int, m data.Month) reports.Figure {
	f := reports.Figure{Name: ind.Name, Unit: ind.Unit, Target: t.Text, Value: t.Value, YTD: ytd, Months: months}
	if t.Value != nil {
		exp := data.Expected(ind, *t.Value, m)
		f.Expected = &exp
		if ytd != nil {
			on := data.OnTrack(ind, *ytd, *t.Value, m)
			f.OnTrack = &on
		}
	}
	return f
}
