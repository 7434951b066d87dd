package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// openIndicators opens 指标 → 指标完成情况… and waits for its grid.
func openIndicators(t *testing.T, w *mainWindow) *indicatorsWindow {
	t.Helper()
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == "指标完成情况…" {
				it.Action()
				waitIdle(t, w)
				if w.indicators == nil || w.indicators.grid == nil {
					t.Fatal("指标完成情况… shows no grid")
				}
				return w.indicators
			}
		}
	}
	t.Fatal("no menu item 指标完成情况…")
	return nil
}

func TestIndicatorsWindow(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	// 德胜 (target 29): 27 in May and 35 in June, a year-to-date 31 in June.
	for _, v := range []struct {
		m     data.Month
		value string
	}{{"2023-05", "27"}, {"2023-06", "35"}} {
		if _, err := a.SetIndicatorActual(ctx, "pm25", "德胜街道", v.m, v.value); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.CloseMonth(ctx, "2023-01"); err != nil {
		t.Fatal(err)
	}
	selectMonth(t, w, "2023-06")
	v := openIndicators(t, w)
	text := func(row, col int) (string, bool, bool) { return v.cellText(widget.TableCellID{Row: row, Col: col}) }
	step(t, "grid", func(t *testing.T) {
		if v.grid.Indicator.Key != "pm25" || !strings.HasPrefix(v.pick.Selected, "附件2-2") {
			t.Fatalf("first indicator %q (%s)", v.grid.Indicator.Key, v.pick.Selected)
		}
		if n := len(v.choices); n != 19 {
			t.Errorf("%d indicator choices, want 7 of annex 2-2 and 12 of annex 6", n)
		}
		rows, cols := v.table.Length()
		if rows != 17 || cols != 16 {
			t.Errorf("grid %d × %d, want the header and 16 areas × area, 12 months, 累计, 目标, 是否达标", rows, cols)
		}
		if s, _, _ := text(1, 0); s != "德胜街道" {
			t.Errorf("first area %q", s)
		}
		if s, off, _ := text(1, 5); s != "27" || off {
			t.Errorf("德胜 May: %q off %v, want 27 on track", s, off)
		}
		if s, off, _ := text(1, 6); s != "▲ 35" || !off {
			t.Errorf("德胜 June: %q off %v, want ▲ 35 off target", s, off)
		}
		if _, _, closed := text(1, 1); !closed {
			t.Error("the closed January is not marked")
		}
		ytd, off, _ := text(1, colYTD)
		tgt, _, _ := text(1, colTarget)
		verdictText, _, _ := text(1, colVerdict)
		if ytd != "▲ 31" || !off || tgt != "29" || verdictText != "未达标" {
			t.Errorf("德胜 as of June: %q %q %q", ytd, tgt, verdictText)
		}
		// The drawn cell is red.
		o := v.createCell()
		v.updateCell(widget.TableCellID{Row: 1, Col: 6}, o)
		if bg := test.LaidOutObjects(o)[1].(*canvas.Rectangle); bg.FillColor != offTargetFill {
			t.Errorf("off-target cell fill %v", bg.FillColor)
		}
	})

	step(t, "charts", func(t *testing.T) {
		// The bar chart: every area's YTD against its target, 德胜 red; the
		// line chart: 西城区's months.
		if d := v.bars.data; len(d.labels) != 16 || d.labels[0] != "德胜" || *d.values[0] != 31 || *d.targets[0] != 29 || !d.off[0] || d.off[1] {
			t.Errorf("bar chart %+v", d)
		}
		if d := v.line.data; !d.line || len(d.labels) != 12 || !strings.HasPrefix(d.title, "西城区") {
			t.Errorf("line chart %q with %d points", d.title, len(d.labels))
		}
		v.area.SetSelected("德胜街道")
		if d := v.line.data; d.values[4] == nil || *d.values[4] != 27 || *d.values[5] != 35 || !d.off[5] || d.off[4] {
			t.Errorf("德胜's line %+v", d.values)
		}
		if len(test.LaidOutObjects(v.bars)) < 16*3 {
			t.Error("the bar chart draws too little")
		}
	})

	step(t, "a refused value", func(t *testing.T) {
		// Typing a value: a bad one is refused naming the area and the month,
		// a good one is stored and shown.
		v.save("pm25", "德胜街道", "2023-07", "abc")
		waitIdle(t, w)
		if top := v.win.Canvas().Overlays().Top(); top == nil || !hasText(top, "德胜街道 2023年7月") {
			t.Error("a refused value is not explained with its area and month")
		} else {
			top.Hide()
		}
	})

	step(t, "typing a value", func(t *testing.T) {
		v.onCell(widget.TableCellID{Row: 1, Col: 7})
		form := v.win.Canvas().Overlays().Top()
		if form == nil || !hasText(form, "数值（微克/立方米）") {
			t.Fatal("tapping July opens no edit dialog")
		}
		// Typed into the dialog, Enter saves.
		entry := v.win.Canvas().Focused().(*widget.Entry)
		test.Type(entry, "20")
		entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		waitIdle(t, w)
		if form.Visible() {
			t.Error("Enter did not close the edit dialog")
		}
		if s, _, _ := text(1, 7); s != "20" {
			t.Errorf("July after saving: %q", s)
		}
	})

	step(t, "the target", func(t *testing.T) {
		// The target cell edits the target; the change is stored and audited.
		v.onCell(widget.TableCellID{Row: 1, Col: colTarget})
		form := v.win.Canvas().Overlays().Top()
		if form == nil || !hasText(form, "计划原文：29") {
			t.Fatal("tapping the target opens no dialog showing the printed target")
		}
		entry := v.win.Canvas().Focused().(*widget.Entry)
		entry.SetText("28")
		entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		waitIdle(t, w)
		if s, _, _ := text(1, colTarget); s != "28" {
			t.Errorf("target after saving: %q", s)
		}
		recs, err := a.Audit(context.Background(), data.AuditFilter{Unit: "德胜街道"})
		if err != nil || len(recs) == 0 || recs[0].Action != data.ActionTarget || recs[0].New != "28" {
			t.Errorf("the target change is not the newest audit record: %v %+v", err, recs)
		}
	})

	step(t, "a closed month", func(t *testing.T) {
		// January is closed: tapping explains instead of editing.
		v.onCell(widget.TableCellID{Row: 1, Col: 1})
		if top := v.win.Canvas().Overlays().Top(); top == nil || !hasText(top, "已关账") {
			t.Error("a closed month's cell does not say it is closed")
		}
	})
}
