package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// flatPlan is a 2024 plan of flat lists whose 按上级要求 (3.2.1) and 适时
// (3.2.3) have no date.
var flatPlan = filepath.Join("..", "reports", "planfile", "testdata", "blind", "f1-flat-list.docx")

// TestPlanImportUndatedWarning: the preview lists the deadlines without a
// date, each with its cell, as a warning that leaves 导入 enabled, and,
// once the date of issue is typed, the measures due before it; after
// the import the clerk dates 3.2.1 with 设定… in the measure's details, and
// the month shows it overdue. TAIZHANG_SHOTS=dir writes the preview and
// the detail pane as PNGs there.
func TestPlanImportUndatedWarning(t *testing.T) {
	w, a := newTestWindow(t)
	z := newPlanImportWindow(w)
	z.win.Resize(fyne.NewSize(1000, 900))
	z.setPath(flatPlan)
	waitIdle(t, w)
	if z.pi == nil || len(z.pi.Problems) > 0 || z.apply.Disabled() {
		t.Fatalf("the preview does not allow importing: %+v", z.pi)
	}
	content := z.win.Content()
	for _, want := range []string{
		"2 条措施的完成时限没有具体日期",
		"表1，第 6 行第 3 列：措施 3.2.1 的完成时限“按上级要求”没有具体日期",
		"表1，第 8 行第 3 列：措施 3.2.3 的完成时限“适时”没有具体日期",
	} {
		if !hasText(content, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if hasText(content, "早于印发日期") {
		t.Error("measures due before an unknown date of issue are listed")
	}
	// the date of issue typed: 春节前 (2024-02-10) is already past
	z.docNo.SetText("西政办发〔2024〕2号")
	z.date.SetText("2024-03-08")
	for _, want := range []string{"1 条措施的截止日期早于印发日期", "措施 3.1.2 的完成时限“春节前”截止 2024-02-10，早于印发日期 2024-03-08"} {
		if !hasText(content, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	shot(t, z.win, "planimport-undated.png")
	test.Tap(z.apply)
	waitIdle(t, w)
	if w.year() != 2024 {
		t.Fatalf("year %d after the import", w.year())
	}
	w.filter.month.SetSelected(monthLabel("2024-06"))
	waitIdle(t, w)
	i := -1
	for j, r := range w.visible {
		if r.Measure.ID == "3.2.1" {
			i = j
		}
	}
	if i < 0 {
		t.Fatalf("3.2.1 not listed in %s", w.view.Month)
	}
	w.list.Select(i)
	waitIdle(t, w)
	if got := w.detail.due.Text; got != "按时间节点（未设定日期）" {
		t.Errorf("due shown as %q", got)
	}
	test.Tap(w.detail.setDue)
	form := w.win.Canvas().Overlays().Top()
	if form == nil {
		t.Fatal("设定… opens no dialog")
	}
	entries := widgetsOf[*widget.Entry](form)
	if len(entries) != 1 {
		t.Fatalf("%d entries in the dialog", len(entries))
	}
	test.Type(entries[0], "5月底")
	save := 0
	for _, b := range widgetsOf[*widget.Button](form) {
		if b.Text == "保存" {
			save++
			if !b.Disabled() {
				t.Error("保存 is enabled for the date 5月底")
			}
		}
	}
	if save != 1 {
		t.Errorf("%d buttons 保存 in the dialog", save)
	}
	entries[0].SetText("")
	test.Type(entries[0], "2024-05-31")
	tapButton(t, form, "保存")
	waitIdle(t, w)
	mp := w.progress["3.2.1"]
	if mp == nil || mp.Due != "2024-05-31" || !mp.Overdue || mp.District != data.StatusLate {
		t.Fatalf("after 设定…: %+v", mp)
	}
	if got := w.detail.due.Text; got != "2024年5月31日（已设定；计划：按上级要求）" {
		t.Errorf("due shown as %q", got)
	}
	recs, err := a.Audit(context.Background(), data.AuditFilter{MeasureID: "3.2.1"})
	if err != nil || len(recs) == 0 || recs[len(recs)-1].Action != data.ActionDueOverride {
		t.Errorf("audit %+v, %v", recs, err)
	}
	// the first run's welcome and the import's message, out of the picture
	for ov := w.win.Canvas().Overlays(); ov.Top() != nil; {
		ov.Remove(ov.Top())
	}
	shot(t, w.win, "measure-due-set.png")
}

// shot writes win's canvas as a PNG into $TAIZHANG_SHOTS, if set.
func shot(t *testing.T, win fyne.Window, name string) {
	dir := os.Getenv("TAIZHANG_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
