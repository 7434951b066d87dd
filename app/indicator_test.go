package app

import (
	"context"
	"testing"

	"taizhang/data"
)

func TestIndicatorView(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	if err := a.SetClerk(ctx, "李娜"); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		key, area string
		m         data.Month
		value     string
	}{
		{"pm25", "德胜街道", "2023-01", "35"},
		{"pm25", "德胜街道", "2023-02", "25"},
		{"pm25", "德胜街道", "2023-04", "27"}, // after the view's month
		{"pm25", "什刹海街道", "2023-02", "28"},
		{"nox_reduction", "西城区", "2023-01", "50"},
		{"nox_reduction", "西城区", "2023-02", "60"},
		{"diesel_checks", "西城区", "2023-02", "0.4"},
		{"water_worst_ratio", "西城区", "2023-02", "0"},
	} {
		if _, err := a.SetIndicatorActual(ctx, v.key, v.area, v.m, v.value); err != nil {
			t.Fatal(err)
		}
	}
	view, err := a.Indicators(ctx, "2023-02")
	if err != nil {
		t.Fatal(err)
	}
	if len(view.Rows) != 16*7+5 { // the 7 columns of 2-2 for 16 areas; 5 more of annex 6 for 西城区
		t.Errorf("%d rows", len(view.Rows))
	}
	rows := map[string]IndicatorRow{}
	for _, r := range view.Rows {
		rows[r.Indicator.Key+" "+r.Area] = r
	}
	check := func(name string, r IndicatorRow, value, ytd *float64, months int, onTrack *bool) {
		t.Helper()
		if !eqPtr(r.Value, value) || !eqPtr(r.YTD, ytd) || r.Months != months || !eqPtr(r.OnTrack, onTrack) {
			t.Errorf("%s: value %v ytd %v months %d on track %v; want %v %v %d %v",
				name, deref(r.Value), deref(r.YTD), r.Months, deref(r.OnTrack), deref(value), deref(ytd), months, deref(onTrack))
		}
	}
	f := func(v float64) *float64 { return &v }
	b := func(v bool) *bool { return &v }

	// 德胜: mean of 35 and 25 is 30 > target 29: off track; April not counted.
	check("德胜 PM2.5", rows["pm25 德胜街道"], f(25), f(30), 2, b(false))
	// 什刹海: 28 ≤ 30.
	check("什刹海 PM2.5", rows["pm25 什刹海街道"], f(28), f(28), 1, b(true))
	// No values: no YTD, no verdict, but the target is there.
	r := rows["pm25 西城区"]
	check("西城区 PM2.5", r, nil, nil, 0, nil)
	if r.Target.Annex != "2-2" || r.Target.Value == nil || *r.Target.Value != 31 {
		t.Errorf("西城区 PM2.5 target %+v, want annex 2-2's 31", r.Target)
	}
	// NOx: cumulative 110 against 640 × 2/12 ≈ 106.7: on track.
	r = rows["nox_reduction 西城区"]
	check("NOx", r, f(60), f(110), 2, b(true))
	if r.Expected == nil || *r.Expected < 106.6 || *r.Expected > 106.7 {
		t.Errorf("NOx expected %v", deref(r.Expected))
	}
	// 路检: 0.4 against 2.9 × 2/12 ≈ 0.483: behind.
	check("路检", rows["diesel_checks 西城区"], f(0.4), f(0.4), 1, b(false))
	// 劣V类水体比例: lower is better, 0 ≤ 0.
	check("劣V类", rows["water_worst_ratio 西城区"], f(0), f(0), 1, b(true))
	// A street whose cell is "—" has a row without target or verdict.
	if r, ok := rows["good_days_ratio 德胜街道"]; !ok || r.Target.Value != nil || r.Target.Text != "—" || r.Expected != nil {
		t.Errorf("德胜街道 优良天数比率 row %+v", r)
	}
	if _, ok := rows["co2_reduction 西城区"]; !ok {
		t.Error("no CO2 row for 西城区")
	}

	// An edited target changes the verdict and is audited under the clerk.
	if _, err := a.SetIndicatorTarget(ctx, 2023, "2-2", "pm25", "德胜街道", "30"); err != nil {
		t.Fatal(err)
	}
	view, _ = a.Indicators(ctx, "2023-02")
	for _, r := range view.Rows {
		if r.Indicator.Key == "pm25" && r.Area == "德胜街道" && (r.OnTrack == nil || !*r.OnTrack) {
			t.Errorf("德胜 PM2.5 after target 30: %v", deref(r.OnTrack))
		}
	}
	recs, err := a.Audit(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 9 || recs[0].Action != data.ActionTarget || recs[0].Clerk != "李娜" || recs[1].Action != data.ActionIndicator {
		t.Errorf("audit has %d records, newest %+v", len(recs), recs[0])
	}

	if _, err := a.Indicators(ctx, "2024-01"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("a month of a year without a plan: %v", err)
	}
}

func eqPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestIndicatorGrid(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	for _, v := range []struct {
		area  string
		m     data.Month
		value string
	}{
		{"德胜街道", "2023-01", "31"}, // 31 > 29: off track in January
		{"德胜街道", "2023-02", "25"}, // mean 28 ≤ 29: on track from February
		{"西城区", "2023-03", "30"},
	} {
		if _, err := a.SetIndicatorActual(ctx, "pm25", v.area, v.m, v.value); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.CloseMonth(ctx, "2023-01"); err != nil {
		t.Fatal(err)
	}
	g, err := a.IndicatorGrid(ctx, 2023, "pm25")
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Rows) != 16 || g.Rows[0].Area != "德胜街道" || g.Rows[15].Area != data.District || !g.Closed["2023-01"] || g.Closed["2023-02"] {
		t.Fatalf("grid: %d rows, first %q, last %q, closed %v", len(g.Rows), g.Rows[0].Area, g.Rows[15].Area, g.Closed)
	}
	d := g.Rows[0]
	if len(d.Cells) != 12 || *d.Target.Value != 29 {
		t.Fatalf("德胜 row: %d cells, target %+v", len(d.Cells), d.Target)
	}
	if c := d.Cells[0]; *c.Value != 31 || *c.YTD != 31 || *c.OnTrack {
		t.Errorf("德胜 January: %v %v %v", deref(c.Value), deref(c.YTD), deref(c.OnTrack))
	}
	if c := d.Cells[1]; *c.Value != 25 || *c.YTD != 28 || !*c.OnTrack {
		t.Errorf("德胜 February: %v %v %v", deref(c.Value), deref(c.YTD), deref(c.OnTrack))
	}
	if c := d.Cells[5]; c.Value != nil || *c.YTD != 28 || !*c.OnTrack {
		t.Errorf("德胜 June: %v %v %v", deref(c.Value), deref(c.YTD), deref(c.OnTrack))
	}
	if c := g.Rows[15].Cells[1]; c.Value != nil || c.YTD != nil || c.OnTrack != nil {
		t.Errorf("西城区 February: %v %v %v", deref(c.Value), deref(c.YTD), deref(c.OnTrack))
	}
	if _, err := a.IndicatorGrid(ctx, 2023, "pm10"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("unknown indicator: %v", err)
	}
}
