package app

import (
	"context"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/plantext"
)

// addPlan2024 adds the 2023 plan re-labelled 2024 to a.
func addPlan2024(t *testing.T, a *App) {
	t.Helper()
	p, err := plantext.Default()
	if err != nil {
		t.Fatal(err)
	}
	p.Year = 2024
	if err := a.AddPlan(context.Background(), p, nil); err != nil {
		t.Fatal(err)
	}
}

// The window opens on the year last picked, else the newest plan with a
// month open, else the newest plan.
func TestDefaultYear(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	addPlan2024(t, a)
	if got := a.Years(); len(got) != 2 || got[0] != 2023 || got[1] != 2024 || a.NewestYear() != 2024 {
		t.Fatalf("Years = %v, newest %d", got, a.NewestYear())
	}
	wantYear := func(want int) {
		t.Helper()
		if y, err := a.DefaultYear(ctx); err != nil || y != want {
			t.Errorf("DefaultYear = %d, %v; want %d", y, err, want)
		}
	}
	wantYear(2024)
	for _, m := range data.PlanMonths(2024) {
		if err := a.CloseMonth(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	wantYear(2023)
	if err := a.SetChosenYear(ctx, 2024); err != nil {
		t.Fatal(err)
	}
	wantYear(2024)
	if err := a.SetChosenYear(ctx, 2030); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("SetChosenYear(2030) = %v, want ENOTFOUND", err)
	}
}

// A month implies its plan year: one of a year without a plan, or outside
// the year asked for, is refused with a message naming it.
func TestMonthOfAnotherYear(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	_, err := a.Progress(ctx, "2024-03", data.MeasureFilter{})
	if data.ErrorCode(err) != data.ENOTFOUND || !strings.Contains(ErrorMessage(err), "2024-03") || !strings.Contains(ErrorMessage(err), "2023-01 至 2023-12") {
		t.Errorf("Progress(2024-03) on a 2023 ledger: %v", err)
	}
	addPlan2024(t, a)
	if _, err := a.Progress(ctx, "2024-03", data.MeasureFilter{}); err != nil {
		t.Errorf("Progress(2024-03) with a 2024 plan: %v", err)
	}
	_, err = a.Progress(ctx, "2024-03", data.MeasureFilter{Year: 2023})
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "2023") {
		t.Errorf("Progress(2024-03) asked for 2023: %v", err)
	}
	if _, err := a.Measure(ctx, 2025, "1.1.1"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("Measure(2025) = %v, want ENOTFOUND", err)
	}
}

// Carry-over fills only a unit's first template of the year: once the unit
// has an entry of the year, a later template starts from its previous
// month as always.
func TestCarryOverOnlyFirstTemplate(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	const unit, id = "区水务局", "2-1.10.1" // 长期实施
	set := func(m data.Month, progress string) {
		t.Helper()
		st := data.StatusOnTrack
		if _, err := a.SetEntry(ctx, data.EntryInput{Unit: unit, MeasureID: id, Month: m, Status: &st, Progress: &progress}); err != nil {
			t.Fatal(err)
		}
	}
	set("2023-12", "十二月")
	addPlan2024(t, a)
	progressOf := func(m data.Month) string {
		t.Helper()
		tpl, err := a.ReturnTemplate(ctx, unit, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range tpl.Rows {
			if r.MeasureID == id {
				return r.Progress
			}
		}
		t.Fatalf("%s has no row %s", m, id)
		return ""
	}
	if got := progressOf("2024-01"); got != "" {
		t.Errorf("without a link, January 2024 starts from %q", got)
	}
	if err := a.SetMeasureLinks(ctx, 2024, []data.MeasureLink{{Year: 2024, MeasureID: id, PrevYear: 2023, PrevMeasureID: id}}); err != nil {
		t.Fatal(err)
	}
	if got := progressOf("2024-03"); got != "十二月" {
		t.Errorf("the first template of 2024 (March) starts from %q, want December's", got)
	}
	set("2024-02", "二月")
	if got := progressOf("2024-03"); got != "二月" {
		t.Errorf("March 2024 after a February entry starts from %q", got)
	}
	if got := progressOf("2024-01"); got != "十二月" {
		t.Errorf("January 2024, still before the unit's first entry of the year, starts from %q", got)
	}
}
