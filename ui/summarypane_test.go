package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestSummaryPane: the coordinator sees the measure's drafted district
// summary in the district view, edits and saves it; a unit's view and a
// closed month do not let it change.
func TestSummaryPane(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	w.saveSettings("王芳", "", nil) // 本单位：区级统筹
	waitIdle(t, w)
	selectMonth(t, w, testMonth)
	w.list.Select(0)
	waitIdle(t, w)
	id := w.visible[0].Measure.ID
	s := w.detail.progress.summary
	if !w.coordinator || !s.box.Visible() || s.save.Disabled() {
		t.Fatalf("coordinator %v: the summary is hidden or cannot be saved", w.coordinator)
	}
	if !strings.HasPrefix(s.origin.Text, "草稿") {
		t.Errorf("origin %q, want the draft note", s.origin.Text)
	}
	test.Type(s.progress, "全区已部署。")
	test.Type(s.nextSteps, "7月检查。")
	test.Tap(s.save)
	waitIdle(t, w)
	got, err := a.DistrictSummary(ctx, id, testMonth)
	if err != nil || got.Drafted || got.Progress != "全区已部署。" || got.NextSteps != "7月检查。" || got.Clerk != "王芳" {
		t.Fatalf("stored %+v, %v", got, err)
	}
	if !strings.Contains(s.origin.Text, "王芳") {
		t.Errorf("origin after saving %q", s.origin.Text)
	}

	w.setMonthClosed(testMonth, true)
	waitIdle(t, w)
	if !s.save.Disabled() || !s.progress.Disabled() {
		t.Error("the summary can be edited in a closed month")
	}
	w.setMonthClosed(testMonth, false)
	waitIdle(t, w)

	// A unit's view has no district summary.
	pickUnit(t, w, testUnit)
	w.list.Select(0)
	waitIdle(t, w)
	if s.box.Visible() {
		t.Error("the district summary shows in a unit's view")
	}
}
