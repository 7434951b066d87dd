package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"taizhang/app"
	"taizhang/app/sqlite"
	"taizhang/data"
	"taizhang/data/plantext"
)

// The year picker beside the month: the window opens on the newest plan
// with months open, every list follows the year picked (its months, its
// measures, its entries), and the year picked is remembered.
func TestYearPicker(t *testing.T) {
	ctx := context.Background()
	uiDo = func(f func()) { uiQueue <- f }
	t.Cleanup(func() { uiDo = fyne.Do })
	fa := test.NewTempApp(t)
	a, err := app.Open(ctx, sqlite.Storage(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	p, err := plantext.Default()
	if err != nil {
		t.Fatal(err)
	}
	p.Year = 2024
	first := &p.Annexes[0].Sections[0].Tasks[0].Measures[0]
	first.Text = "2024年的措施：" + first.Text
	first.Deadline.Due = strings.Replace(first.Deadline.Due, "2023", "2024", 1)
	if err := a.AddPlan(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	st := data.StatusLate
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区生态环境局", MeasureID: first.ID, Month: "2023-12", Status: &st}); err != nil {
		t.Fatal(err)
	}

	w := newMainWindow(fa, a)
	w.win.Resize(fyne.NewSize(1280, 800))
	waitIdle(t, w)
	if o := w.win.Canvas().Overlays().Top(); o != nil {
		o.Hide()
	}
	if got := w.filter.year.Options; len(got) != 2 || got[0] != "2023年" || got[1] != "2024年" {
		t.Fatalf("year picker offers %v", got)
	}
	if w.year() != 2024 || w.filter.selectedMonth().Year() != 2024 || len(w.filter.month.Options) != 12 {
		t.Errorf("opened on %d, month %s", w.year(), w.filter.selectedMonth())
	}
	if len(w.visible) == 0 || !strings.HasPrefix(w.visible[0].Measure.Text, "2024年的措施") {
		t.Fatalf("the 2024 list does not show the 2024 plan")
	}

	w.filter.year.SetSelected("2023年")
	waitIdle(t, w)
	if m := w.filter.selectedMonth(); m != "2023-12" || w.filter.month.Options[0] != "2023年1月" {
		t.Errorf("after picking 2023: month %s, options %v", m, w.filter.month.Options)
	}
	if strings.HasPrefix(w.visible[0].Measure.Text, "2024") {
		t.Error("the list still shows the 2024 plan")
	}
	if mp := w.progress[first.ID]; mp == nil || mp.Status() != data.StatusLate {
		t.Errorf("December 2023's entry is not shown: %+v", mp)
	}
	if y, err := a.DefaultYear(ctx); err != nil || y != 2023 {
		t.Errorf("DefaultYear after picking 2023 = %d, %v; want it remembered", y, err)
	}
}
