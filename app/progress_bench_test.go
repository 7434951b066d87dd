package app

import (
	"context"
	"testing"

	"taizhang/data"
)

// fillMonth gives every non-group unit an entry on every measure that
// concerns it in m's plan year, for month m: a full month of returns.
func fillMonth(tb testing.TB, a *App, m data.Month) int {
	tb.Helper()
	ctx := context.Background()
	units, err := a.Units(ctx, m.Year())
	if err != nil {
		tb.Fatal(err)
	}
	status, text := data.StatusOnTrack, "按计划推进，本月完成检查和整改。"
	var ins []data.EntryInput
	for _, u := range units {
		if u.Kind == data.UnitGroup {
			continue
		}
		rows, err := a.FindMeasures(ctx, data.MeasureFilter{Year: m.Year(), Unit: u.Name})
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range rows {
			ins = append(ins, data.EntryInput{Unit: u.Name, MeasureID: r.Measure.ID, Month: m, Status: &status, Progress: &text})
		}
	}
	if err := a.db.SetEntries(ctx, m.Year(), ins, "基准测试"); err != nil {
		tb.Fatal(err)
	}
	return len(ins)
}

// BenchmarkProgressDistrictMonth lists a full month for the district: every
// measure with the entries of every unit (52 units, 137 measures).
func BenchmarkProgressDistrictMonth(b *testing.B) {
	a := mustOpen(b)
	n := fillMonth(b, a, "2023-06")
	b.ResetTimer()
	for b.Loop() {
		if _, err := a.Progress(context.Background(), "2023-06", data.MeasureFilter{Year: 2023}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "entries")
}

// BenchmarkProgressUnitMonth lists a street's month in the same ledger.
func BenchmarkProgressUnitMonth(b *testing.B) {
	a := mustOpen(b)
	fillMonth(b, a, "2023-06")
	b.ResetTimer()
	for b.Loop() {
		if _, err := a.Progress(context.Background(), "2023-06", data.MeasureFilter{Year: 2023, Unit: "德胜街道"}); err != nil {
			b.Fatal(err)
		}
	}
}
