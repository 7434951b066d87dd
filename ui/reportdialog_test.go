package ui

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/app"
	"taizhang/data"
)

// openReportDialog opens 报表 → 月报… through its menu item, as Ctrl+P does.
func openReportDialog(t *testing.T, w *mainWindow) *reportDialog {
	t.Helper()
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == "月报…" {
				if it.Shortcut == nil || it.Shortcut.ShortcutName() == "" {
					t.Error("月报… has no shortcut")
				}
				it.Action()
				waitIdle(t, w)
				if w.report == nil || w.win.Canvas().Overlays().Top() == nil {
					t.Fatal("月报… opened no dialog")
				}
				return w.report
			}
		}
	}
	t.Fatal("no menu item 月报…")
	return nil
}

// runReport makes the dialog's report at path as its save dialog would.
func runReport(t *testing.T, w *mainWindow, r *reportDialog, path string) {
	t.Helper()
	f, m, format, problem := r.choice()
	if problem != "" {
		t.Fatalf("the dialog refuses its choices: %s", problem)
	}
	r.generate(f, m, format, path)
	if !r.running || !r.bar.Visible() || !r.create.Disabled() {
		t.Error("no progress bar, or the choices stay open, while the report is made")
	}
	waitIdle(t, w)
}

func TestReportDialog(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	const street = "德胜街道"
	if err := a.SetMyUnit(ctx, street); err != nil {
		t.Fatal(err)
	}
	rows := find(t, a, data.MeasureFilter{Year: 2023, Unit: street})
	progress := "德胜街道本月完成燃气锅炉检查5台"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: street, MeasureID: rows[0].Measure.ID, Month: "2023-06", Progress: &progress}); err != nil {
		t.Fatal(err)
	}
	odd := "完成巡查\U0001F600" // the emoji is in no embedded font
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: street, MeasureID: rows[1].Measure.ID, Month: "2023-06", Progress: &odd}); err != nil {
		t.Fatal(err)
	}
	selectMonth(t, w, "2023-06")
	var r *reportDialog
	dir := t.TempDir()
	step(t, "opens on the own unit", func(t *testing.T) {
		r = openReportDialog(t, w)
		if r.scope.Selected != "单位" || r.unit.unit() != street || r.unit.button.Disabled() || !r.annex.Disabled() || !r.detail.Disabled() {
			t.Errorf("scope %q unit %q: want the clerk's own unit", r.scope.Selected, r.unit.unit())
		}
		if r.month.Selected != "2023年6月" {
			t.Errorf("month %q, want the main window's 2023年6月", r.month.Selected)
		}
	})

	step(t, "unit as Excel", func(t *testing.T) {
		// The street's report as Excel.
		r.format.SetSelected(formatXLSX)
		f, m, format, _ := r.choice()
		if name := fileName(f, m, format); name != "德胜街道2023年6月工作进展情况.xlsx" {
			t.Errorf("default name %q", name)
		}
		xlsxPath := filepath.Join(dir, fileName(f, m, format))
		runReport(t, w, r, xlsxPath)
		if r.running || r.bar.Value != 1 || r.written != xlsxPath || !r.open.Visible() || !r.folder.Visible() {
			t.Errorf("after the run: running %v, bar %v, written %q, open shown %v", r.running, r.bar.Value, r.written, r.open.Visible())
		}
		if got := w.fa.Preferences().String(prefReportFolder); got != dir {
			t.Errorf("remembered folder %q, want %q", got, dir)
		}
		x, err := excelize.OpenFile(xlsxPath)
		if err != nil {
			t.Fatalf("the report is no xlsx: %v", err)
		}
		sub, _ := x.GetCellValue("汇总", "A2")
		x.Close()
		if !strings.Contains(sub, street) {
			t.Errorf("xlsx subtitle %q does not name %s", sub, street)
		}
	})

	step(t, "district as PDF", func(t *testing.T) {
		// The district's report as PDF, with the appendix of every unit's texts.
		r.scope.SetSelected("全区")
		r.format.SetSelected(formatPDF)
		if r.detail.Disabled() {
			t.Error("the district scope offers no appendix")
		}
		r.detail.SetChecked(true)
		f, m, format, _ := r.choice()
		if name := fileName(f, m, format); name != "西城区2023年6月工作进展情况.pdf" {
			t.Errorf("default name %q", name)
		}
		pdfPath := filepath.Join(dir, fileName(f, m, format))
		runReport(t, w, r, pdfPath)
		if !strings.Contains(r.stage.Text, "没有可用字形") || !strings.HasSuffix(r.stage.Text, "\U0001F600") {
			t.Errorf("the characters printed as □ are not listed: %q", r.stage.Text)
		}
		b, err := os.ReadFile(pdfPath)
		if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
			t.Fatalf("no PDF at %s: %v", pdfPath, err)
		}
		if bin, err := exec.LookPath("pdftotext"); err == nil {
			out, err := exec.Command(bin, pdfPath, "-").Output()
			text := strings.NewReplacer(" ", "", "\n", "").Replace(string(out))
			if err != nil || !strings.Contains(text, "全区汇总") || !strings.Contains(text, "附表：各单位填报明细") || !strings.Contains(text, progress) {
				t.Errorf("the district PDF lacks 全区汇总, the appendix or the street's progress in it (%v)", err)
			}
		}
	})

	step(t, "annex, unwritable folder", func(t *testing.T) {
		// An annex must be chosen; a folder that cannot be written is explained.
		r.scope.SetSelected("附件")
		if _, _, _, problem := r.choice(); problem == "" {
			t.Error("附件 without an annex is accepted")
		}
		r.annex.SetSelectedIndex(1)
		f, m, format, _ := r.choice()
		if f.Annex != "2-1" || fileName(f, m, format) != "西城区附件2-1 2023年6月工作进展情况.pdf" {
			t.Errorf("annex %q, name %q", f.Annex, fileName(f, m, format))
		}
		bad := filepath.Join(dir, "没有这个文件夹", "r.pdf")
		runReport(t, w, r, bad)
		if r.written != "" || r.open.Visible() || !hasText(w.win.Canvas().Overlays().Top(), "WPS") {
			t.Error("a failed write shows no advice, or offers to open a file")
		}
		if _, err := os.Stat(bad); err == nil {
			t.Error("a failed report left a file")
		}
	})
}

func TestStageProgress(t *testing.T) {
	last := -1.0
	for _, s := range []struct {
		stage       app.ReportStage
		done, total int
	}{{app.StageReading, 0, 1}, {app.StageReading, 1, 1}, {app.StageLayout, 0, 10}, {app.StageLayout, 5, 10}, {app.StageLayout, 10, 10}, {app.StageWriting, 0, 1}, {app.StageWriting, 1, 1}} {
		v, text := stageProgress(s.stage, s.done, s.total)
		if v < last || v > 1 || text == "" {
			t.Errorf("%s %d/%d: %v %q after %v", s.stage, s.done, s.total, v, text, last)
		}
		last = v
	}
	if last != 1 {
		t.Errorf("the bar ends at %v", last)
	}
}
