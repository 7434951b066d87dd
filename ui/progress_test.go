package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

const (
	testUnit  = "区生态环境局"
	testMonth = data.Month("2023-06")
)

// selectMonth picks a month in the filter bar.
func selectMonth(t *testing.T, w *mainWindow, m data.Month) {
	t.Helper()
	w.filter.month.SetSelected(m.Label())
	waitIdle(t, w)
	if w.view == nil || w.view.Month != m {
		t.Fatalf("the window shows month %v, want %s", w.view, m)
	}
}

// ownStatus is the unit's status on a measure in the store.
func ownStatus(t *testing.T, a *app.App, unit, measureID string, m data.Month) (data.Status, *data.Entry) {
	t.Helper()
	v, err := a.Progress(context.Background(), m, data.MeasureFilter{Year: 2023, Unit: unit})
	if err != nil {
		t.Fatalf("Progress: %v", err)
	}
	for _, mp := range v.Measures {
		if mp.Measure.ID == measureID {
			return mp.Own.Status(), mp.Own.Entry
		}
	}
	t.Fatalf("measure %s not in %s's view", measureID, unit)
	return "", nil
}

// line renders list line i as the list would.
func line(w *mainWindow, i int) (check *widget.Check, chip *statusChip) {
	o := w.list.CreateItem()
	w.list.UpdateItem(i, o)
	_, check, chip, _ = progressRowParts(o.(*fyne.Container))
	return check, chip
}

func TestProgressTick(t *testing.T) {
	w, a := newTestWindow(t)
	pickUnit(t, w, testUnit)
	selectMonth(t, w, testMonth)
	if !strings.Contains(w.counts.Text, "已完成 0") || !strings.Contains(w.counts.Text, testUnit) {
		t.Fatalf("count bar %q, want 已完成 0 for %s", w.counts.Text, testUnit)
	}
	id := w.visible[0].Measure.ID
	check, _ := line(w, 0)
	if check.Disabled() || check.Checked {
		t.Fatalf("check box of %s: disabled %v, checked %v", id, check.Disabled(), check.Checked)
	}

	test.Tap(check)
	waitIdle(t, w)
	if !strings.Contains(w.counts.Text, "已完成 1") {
		t.Errorf("after ticking, count bar %q, want 已完成 1", w.counts.Text)
	}
	if s, _ := ownStatus(t, a, testUnit, id, testMonth); s != data.StatusDone {
		t.Errorf("after ticking, %s's status %q, want 已完成", id, s)
	}
	check, chip := line(w, 0)
	if !check.Checked || chip.text.Text != string(data.StatusDone) {
		t.Errorf("after ticking the line shows checked %v, chip %q", check.Checked, chip.text.Text)
	}

	test.Tap(check)
	waitIdle(t, w)
	if !strings.Contains(w.counts.Text, "已完成 0") {
		t.Errorf("after unticking, count bar %q, want 已完成 0", w.counts.Text)
	}
	if s, _ := ownStatus(t, a, testUnit, id, testMonth); s != data.StatusNotReported {
		t.Errorf("after unticking, %s's status %q, want 未报送 (none before)", id, s)
	}

	// The district view has nothing to tick.
	w.filter.onClear()
	waitIdle(t, w)
	if check, _ := line(w, 0); !check.Disabled() {
		t.Error("the check box is enabled in the district view")
	}
	if !strings.HasPrefix(w.counts.Text, "全区：") {
		t.Errorf("district count bar %q", w.counts.Text)
	}
}

func TestProgressSaveAndCloseMonth(t *testing.T) {
	w, a := newTestWindow(t)
	pickUnit(t, w, testUnit)
	selectMonth(t, w, testMonth)
	w.list.Select(0)
	id := w.visible[0].Measure.ID
	p := w.detail.progress
	if !p.form.Visible() || p.save.Disabled() {
		t.Fatal("the entry form is hidden or cannot be saved")
	}
	step(t, "save", func(t *testing.T) {
		p.status.SetSelected(string(data.StatusOnTrack))
		test.Type(p.progress, "已召开部署会")
		test.Type(p.problems, "无")
		test.Type(p.evNote, "会议纪要已存档")
		if w.menuSave.Disabled {
			t.Fatal("保存本月填报 (Ctrl+S) is disabled in an open month")
		}
		w.menuSave.Action() // Ctrl+S, a main-menu shortcut
		waitIdle(t, w)
		s, e := ownStatus(t, a, testUnit, id, testMonth)
		if s != data.StatusOnTrack || e == nil || e.Progress != "已召开部署会" || e.Problems != "无" || e.EvidenceNote != "会议纪要已存档" {
			t.Fatalf("after saving, entry %+v", e)
		}
		if p.progress.Text != "已召开部署会" || p.status.Selected != string(data.StatusOnTrack) {
			t.Errorf("after saving the form shows %q %q", p.status.Selected, p.progress.Text)
		}
		var units string
		for _, seg := range p.units.Segments {
			units += seg.Textual()
		}
		if !strings.Contains(units, testUnit+"：序时推进") || !strings.Contains(units, "已召开部署会") || !strings.Contains(units, "会议纪要已存档") {
			t.Errorf("unit listing %q lacks the saved entry", units)
		}
	})

	step(t, "closed month", func(t *testing.T) {
		// A closed month freezes the form, the check boxes and the store.
		w.setMonthClosed(testMonth, true)
		waitIdle(t, w)
		if !p.save.Disabled() || !p.progress.Disabled() || !p.evNote.Disabled() || !p.add.Disabled() || !w.menuSave.Disabled {
			t.Error("save, text or add file is enabled in a closed month")
		}
		if !p.note.Visible() || !strings.Contains(p.note.Text, "本月已关账") {
			t.Errorf("closed-month note %q", p.note.Text)
		}
		if check, _ := line(w, 0); !check.Disabled() {
			t.Error("the check box is enabled in a closed month")
		}
		if w.filter.close.Text != "重新开启" || !w.closed.Visible() {
			t.Errorf("month button %q in a closed month", w.filter.close.Text)
		}
		st := data.StatusDone
		if _, err := a.SetEntry(context.Background(), data.EntryInput{Unit: testUnit, MeasureID: id, Month: testMonth, Status: &st}); err == nil {
			t.Error("SetEntry changed an entry of a closed month")
		}
	})

	step(t, "reopened", func(t *testing.T) {
		w.setMonthClosed(testMonth, false)
		waitIdle(t, w)
		if p.save.Disabled() || w.filter.close.Text != "关账" {
			t.Error("the form stays frozen after reopening")
		}
	})

	step(t, "audit", func(t *testing.T) {
		// The audit log lists the changes.
		p.onAudit()
		waitIdle(t, w)
		if w.win.Canvas().Overlays().Top() == nil {
			t.Error("审计记录 shows no dialog")
		}
		recs, err := a.Audit(context.Background(), data.AuditFilter{MeasureID: id})
		if err != nil || len(recs) == 0 {
			t.Fatalf("audit: %v, %d records", err, len(recs))
		}
		if c := auditCells(recs[len(recs)-1]); c[4] == "" || !strings.Contains(c[5], "→") {
			t.Errorf("audit cells %q", c)
		}
	})
}

func TestProgressAttachFile(t *testing.T) {
	w, a := newTestWindow(t)
	pickUnit(t, w, testUnit)
	selectMonth(t, w, testMonth)
	w.list.Select(0)
	p := w.detail.progress
	if !p.noFiles.Visible() || len(p.evidence.Objects) != 1 || p.evidence.Objects[0] != p.noFiles {
		t.Fatal("a measure without files does not say so")
	}
	var png data.Evidence // the image attached
	step(t, "two files", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "会议纪要.txt")
		if err := os.WriteFile(path, []byte("六月部署会会议纪要"), 0o600); err != nil {
			t.Fatal(err)
		}
		icon, err := filepath.Abs("../assets/icon.png")
		if err != nil {
			t.Fatal(err)
		}
		p.attach([]string{path, icon}) // what 添加文件 and dropping files call
		waitIdle(t, w)
		if n := len(p.mp.Evidence); n != 2 {
			t.Fatalf("the pane holds %d files, want 2", n)
		}
		if n := len(p.evidence.Objects); n != 2 {
			t.Fatalf("the evidence list has %d lines, want 2", n)
		}
	})

	step(t, "a big file", func(t *testing.T) {
		// A big file shows a progress dialog while it is stored.
		big := filepath.Join(t.TempDir(), "巡查录像.bin")
		if err := os.WriteFile(big, make([]byte, bigFile+1), 0o600); err != nil {
			t.Fatal(err)
		}
		p.attach([]string{big})
		if w.win.Canvas().Overlays().Top() == nil {
			t.Error("adding a big file shows no progress")
		}
		waitIdle(t, w)
		if w.win.Canvas().Overlays().Top() != nil {
			t.Error("the progress dialog stays after the file was added")
		}
		if n := len(p.mp.Evidence); n != 3 {
			t.Fatalf("after the big file the pane holds %d files, want 3", n)
		}
		for _, e := range p.mp.Evidence {
			if e.Name == "巡查录像.bin" {
				p.remove(e.ID)
			}
		}
		waitIdle(t, w)
	})

	step(t, "listed", func(t *testing.T) {
		if !hasLabel(p.evidence, "会议纪要.txt") || !hasLabel(p.evidence, "icon.png") {
			t.Error("the evidence list does not name the files")
		}
		for _, e := range p.mp.Evidence {
			if e.Name == "icon.png" {
				png = e
			}
		}
		if _, ok := p.thumbs[png.ID]; !ok {
			t.Error("the image has no thumbnail")
		}
		ev, err := a.ListEvidence(context.Background(), data.EvidenceFilter{Unit: testUnit, Month: testMonth, MeasureID: p.mp.Measure.ID})
		if err != nil || len(ev) != 2 {
			t.Fatalf("store holds %d files (%v), want 2", len(ev), err)
		}
	})

	step(t, "one rule for adding and removing", func(t *testing.T) {
		// 添加文件 and 删除 follow one rule: the unit shown, its measure,
		// an open month. The coordinator's district view changes no one's.
		id := p.mp.Measure.ID
		deletes := func() (enabled, disabled int) {
			for _, o := range test.LaidOutObjects(p.evidence) {
				if b, ok := o.(*widget.Button); ok && b.Text == "删除" {
					if b.Disabled() {
						disabled++
					} else {
						enabled++
					}
				}
			}
			return
		}
		show := func(unit string, closed bool) {
			t.Helper()
			w.setMonthClosed(testMonth, closed)
			w.filter.unit.setUnit(unit)
			w.reload()
			waitIdle(t, w)
			if p.mp == nil || p.mp.Measure.ID != id || len(p.mp.Evidence) != 2 {
				t.Fatalf("the pane does not show %s with its 2 files", id)
			}
		}
		for _, tc := range []struct {
			unit   string
			closed bool
			may    bool
		}{{"", false, false}, {testUnit, true, false}, {testUnit, false, true}} {
			show(tc.unit, tc.closed)
			enabled, disabled := deletes()
			if p.add.Disabled() == tc.may || (tc.may && (enabled != 2 || disabled != 0)) || (!tc.may && (enabled != 0 || disabled != 2)) {
				t.Errorf("unit %q, closed %v: 添加文件 enabled %v, 删除 enabled on %d and disabled on %d files",
					tc.unit, tc.closed, !p.add.Disabled(), enabled, disabled)
			}
		}
	})

	step(t, "removed", func(t *testing.T) {
		p.remove(png.ID) // what 删除 calls once confirmed
		waitIdle(t, w)
		if len(p.mp.Evidence) != 1 || hasLabel(p.evidence, "icon.png") {
			t.Error("the removed file is still listed")
		}
	})
}

func TestProgressSettings(t *testing.T) {
	w, a := newTestWindow(t)
	if !strings.Contains(w.clerk.Text, "未设置") {
		t.Errorf("status line %q does not ask for the clerk's name", w.clerk.Text)
	}
	w.saveSettings("张三", testUnit, nil)
	waitIdle(t, w)
	if got := a.Clerk(context.Background()); got != "张三" {
		t.Errorf("clerk %q", got)
	}
	if w.filter.unit.unit() != testUnit || w.view.Unit != testUnit {
		t.Errorf("after choosing 本单位 the filter shows %q", w.filter.unit.unit())
	}
	if w.clerk.Text != "经办人：张三" {
		t.Errorf("status line %q", w.clerk.Text)
	}
}

// hasLabel reports whether a label under o says text.
func hasLabel(o fyne.CanvasObject, text string) bool {
	switch o := o.(type) {
	case *widget.Label:
		return o.Text == text
	case *fyne.Container:
		for _, c := range o.Objects {
			if hasLabel(c, text) {
				return true
			}
		}
	}
	return false
}

func TestDefaultMonth(t *testing.T) {
	ms := data.PlanMonths(2023)
	for _, c := range []struct {
		now  string
		want data.Month
	}{
		{"2023-06-15", "2023-06"},
		{"2023-01-01", "2023-01"},
		{"2026-11-28", "2023-12"},
		{"2022-05-01", "2023-12"},
	} {
		now, _ := time.Parse(time.DateOnly, c.now)
		if got := defaultMonth(ms, now); got != c.want {
			t.Errorf("defaultMonth(%s) = %s, want %s", c.now, got, c.want)
		}
	}
}

func TestProgressGroupIsNotEditable(t *testing.T) {
	w, _ := newTestWindow(t)
	pickUnit(t, w, data.GroupAllStreets)
	selectMonth(t, w, testMonth)
	if len(w.visible) == 0 {
		t.Fatalf("%s lists no measure", data.GroupAllStreets)
	}
	if check, _ := line(w, 0); !check.Disabled() {
		t.Error("a unit group's line can be ticked")
	}
	w.list.Select(0)
	if p := w.detail.progress; p.form.Visible() || !strings.Contains(p.note.Text, "单位组") {
		t.Errorf("a unit group gets a form; note %q", p.note.Text)
	}
}

func TestMarks(t *testing.T) {
	const m = data.Month("2023-07")
	own := func(s data.Status) *app.UnitEntry {
		return &app.UnitEntry{Unit: testUnit, Entry: &data.Entry{Status: s}}
	}
	for _, c := range []struct {
		name            string
		mp              app.MeasureProgress
		overdue, dueNow bool
	}{
		{"district late", app.MeasureProgress{Due: "2023-06-30", District: data.StatusLate, Overdue: true}, true, false},
		{"unit done while another lead is late", app.MeasureProgress{Due: "2023-06-30", District: data.StatusLate, Overdue: true, Own: own(data.StatusDone)}, false, false},
		{"unit on track past due", app.MeasureProgress{Due: "2023-06-30", District: data.StatusDone, Own: own(data.StatusOnTrack)}, true, false},
		{"due this month", app.MeasureProgress{Due: "2023-07-31", District: data.StatusOnTrack, DueThisMonth: true}, false, true},
		{"done this month", app.MeasureProgress{Due: "2023-07-31", District: data.StatusDone, DueThisMonth: true}, false, false},
	} {
		if o, d := marks(&c.mp, m); o != c.overdue || d != c.dueNow {
			t.Errorf("%s: marks %v %v, want %v %v", c.name, o, d, c.overdue, c.dueNow)
		}
	}
}

func TestProgressAsksToSaveTypedText(t *testing.T) {
	w, a := newTestWindow(t)
	pickUnit(t, w, testUnit)
	selectMonth(t, w, testMonth)
	w.list.Select(0)
	id := w.visible[0].Measure.ID
	p := w.detail.progress
	test.Type(p.nextSteps, "七月完成验收")

	w.list.Select(1) // the typed text would be lost
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("switching measures drops typed text without asking")
	}
	if p.nextSteps.Text != "" || p.dirty {
		t.Errorf("the form still holds %q for the next measure", p.nextSteps.Text)
	}
	var save *widget.Button
	for _, o := range test.LaidOutObjects(top) {
		if b, ok := o.(*widget.Button); ok && b.Text == "保存" {
			save = b
		}
	}
	if save == nil {
		t.Fatal("the question has no 保存 button")
	}
	test.Tap(save)
	waitIdle(t, w)
	if _, e := ownStatus(t, a, testUnit, id, testMonth); e == nil || e.NextSteps != "七月完成验收" {
		t.Errorf("after 保存 the entry of %s is %+v", id, e)
	}
}

func TestShowBusyForBigEvidence(t *testing.T) {
	w, _ := newTestWindow(t)
	w.showBusy(data.Evidence{Name: "小.jpg", Size: 1000})()
	if o := w.win.Canvas().Overlays().Top(); o != nil {
		t.Error("a small file gets a progress dialog")
	}
	done := w.showBusy(data.Evidence{Name: "大.mp4", Size: bigFile + 1})
	if !hasText(w.win.Canvas().Overlays().Top(), "大.mp4") {
		t.Fatal("a big file gets no progress dialog")
	}
	done()
	if o := w.win.Canvas().Overlays().Top(); o != nil {
		t.Error("the progress dialog stays")
	}
}

// TestCloseMonthWarns: 关账 says how many measures are still 未报送 and
// which units sent no return before it asks; 取消 closes nothing.
func TestCloseMonthWarns(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	selectMonth(t, w, testMonth)
	all := find(t, a, data.MeasureFilter{Year: 2023})
	st := data.StatusOnTrack
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: all[0].Measure.Lead[0], MeasureID: all[0].Measure.ID, Month: testMonth, Status: &st}); err != nil {
		t.Fatal(err)
	}
	tracker, err := a.ReturnTracker(ctx, testMonth)
	if err != nil {
		t.Fatal(err)
	}
	missing := tracker.Missing()
	w.onCloseMonth()
	waitIdle(t, w)
	top := w.win.Canvas().Overlays().Top()
	for _, want := range []string{
		fmt.Sprintf("全区还有 %d 项工作措施（共 %d 项）未报送", len(all)-1, len(all)),
		fmt.Sprintf("%d 个单位尚未报送本月回执表：%s、", len(missing), missing[0].Unit), "等。", "确定关账？",
	} {
		if !hasText(top, want) {
			t.Errorf("the 关账 question does not say %q", want)
		}
	}
	test.Tap(buttonIn(top, "取消"))
	waitIdle(t, w)
	if closed, _ := a.MonthClosed(ctx, testMonth); closed {
		t.Fatal("取消 closed the month")
	}
	w.onCloseMonth()
	waitIdle(t, w)
	test.Tap(buttonIn(w.win.Canvas().Overlays().Top(), "关账"))
	waitIdle(t, w)
	if !w.view.Closed {
		t.Error("关账 did not close the month")
	}
}

// TestWheelScrollsPane: the mouse wheel over a text box scrolls the detail
// pane, unless the box's text overflows it: then the box scrolls itself.
func TestWheelScrollsPane(t *testing.T) {
	w, _ := newTestWindow(t)
	pickUnit(t, w, testUnit)
	selectMonth(t, w, testMonth)
	w.list.Select(0)
	waitIdle(t, w)
	p, body := w.detail.progress, w.detail.body
	c := w.win.Canvas()
	over := func(o fyne.CanvasObject) fyne.Position {
		pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
		return pos.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
	}
	if body.Content.Size().Height <= body.Size().Height {
		t.Fatalf("the pane (%v) holds no more than it shows (%v): nothing to scroll", body.Content.Size(), body.Size())
	}
	body.ScrollToOffset(fyne.NewPos(0, 200))
	before := body.Offset.Y
	test.Scroll(c, over(p.problems), 0, -40)
	if body.Offset.Y <= before {
		t.Errorf("the wheel over 存在问题 left the pane at %v (was %v)", body.Offset.Y, before)
	}

	// A text taller than its box: the box scrolls, the pane stays.
	p.problems.SetText(strings.Repeat("问题一行\n", 30))
	before = body.Offset.Y
	test.Scroll(c, over(p.problems), 0, -40)
	if body.Offset.Y != before {
		t.Errorf("the wheel over an overflowing 存在问题 moved the pane from %v to %v", before, body.Offset.Y)
	}
	if !entryOverflows(p.problems) || entryOverflows(p.progress) {
		t.Errorf("overflow: 存在问题 %v (30 lines), 进展情况 %v (%q)", entryOverflows(p.problems), entryOverflows(p.progress), p.progress.Text)
	}
}

// TestEntryOverflows: a text that fills the rows of its box does not
// overflow it; one more line does.
func TestEntryOverflows(t *testing.T) {
	test.NewTempApp(t)
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	w := test.NewWindow(container.NewVBox(e))
	defer w.Close()
	w.Resize(fyne.NewSize(400, 300))
	for lines, want := range map[int]bool{0: false, 1: false, 3: false, 4: true, 30: true} {
		e.SetText(strings.TrimSuffix(strings.Repeat("一行\n", lines), "\n"))
		if got := entryOverflows(e); got != want {
			t.Errorf("%d lines in 3 rows: overflows %v, want %v", lines, got, want)
		}
	}
}
