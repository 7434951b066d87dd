package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"taizhang/app"
	"taizhang/data"
	"taizhang/reports/returns"
)

// menuAction runs the item labelled label of the main menu.
func menuAction(t *testing.T, w *mainWindow, label string) {
	t.Helper()
	for _, m := range w.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				it.Action()
				waitIdle(t, w)
				return
			}
		}
	}
	t.Fatalf("no menu item %s", label)
}

// fillTemplate copies the template at src to dst with every measure row's
// status set to status and its progress to a text naming the measure; it
// returns the progress written per measure ID. bare also drops the hidden
// sheet and the measure IDs, as a hand-made copy would.
func fillTemplate(t *testing.T, src, dst string, status string, bare bool) map[string]string {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(returns.ReturnSheet)
	if err != nil {
		t.Fatal(err)
	}
	col := map[returns.Field]int{}
	header := -1
	for r := 0; r < len(rows) && header < 0; r++ {
		for c, v := range rows[r] {
			if v == string(returns.FieldMeasureID) {
				header = r
			}
			col[returns.Field(strings.TrimSpace(v))] = c + 1
		}
	}
	if header < 0 {
		t.Fatal("the template has no header row")
	}
	cell := func(field returns.Field, row int) string {
		name, err := excelize.CoordinatesToCellName(col[field], row)
		if err != nil {
			t.Fatal(err)
		}
		return name
	}
	written := map[string]string{}
	for r := header + 1; r < len(rows); r++ {
		if c := col[returns.FieldMeasureID]; len(rows[r]) < c || rows[r][c-1] == "" {
			continue
		}
		id := rows[r][col[returns.FieldMeasureID]-1]
		written[id] = "回执表进展：" + id
		f.SetCellValue(returns.ReturnSheet, cell(returns.FieldStatus, r+1), status)
		f.SetCellValue(returns.ReturnSheet, cell(returns.FieldProgress, r+1), written[id])
		if bare {
			f.SetCellValue(returns.ReturnSheet, cell(returns.FieldMeasureID, r+1), "")
		}
	}
	if bare {
		if err := f.DeleteSheet(returns.MetaSheet); err != nil {
			t.Fatal(err)
		}
	}
	if len(written) == 0 {
		t.Fatal("the template lists no measure")
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
	return written
}

// tablesText is the text of every cell of the tables laid out under o, one
// line per row, as their UpdateCell writes it.
func tablesText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, c := range test.LaidOutObjects(o) {
		t, ok := c.(*widget.Table)
		if !ok {
			continue
		}
		rows, cols := t.Length()
		for r := 0; r < rows; r++ {
			for col := 0; col < cols; col++ {
				cell := t.CreateCell()
				t.UpdateCell(widget.TableCellID{Row: r, Col: col}, cell)
				if l, ok := cell.(*widget.Label); ok {
					b.WriteString(l.Text + "\t")
				}
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// entriesOf maps the measure IDs of unit's entries of m to their progress.
func entriesOf(t *testing.T, a *app.App, unit string, m data.Month) map[string]string {
	t.Helper()
	v, err := a.Progress(context.Background(), m, data.MeasureFilter{Year: 2023, Unit: unit})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, mp := range v.Measures {
		if e := mp.Own.Entry; e != nil {
			out[mp.Measure.ID] = string(e.Status) + "|" + e.Progress
		}
	}
	return out
}

func TestReturnScreens(t *testing.T) {
	w, a := newTestWindow(t)
	const street = "德胜街道"
	const m = data.Month("2023-06")
	selectMonth(t, w, m)
	dir := t.TempDir()

	var (
		r    *returnFileDialog
		tpl  string // the street's template
		z    *importWizard
		want map[string]string // measure ID → the progress the good return fills in
	)
	step(t, "template", func(t *testing.T) {
		// 生成填报模板…: one unit's template, as its save dialog would write it.
		menuAction(t, w, "生成填报模板…")
		r = w.returnFile
		if r == nil || r.pkg || selectedMonth(r.month, r.months) != m {
			t.Fatalf("the template dialog is not shown for the main window's month")
		}
		r.unit.setUnit(street)
		tpl = filepath.Join(dir, app.TemplateFileName(street, m))
		r.writeTemplate(street, m, tpl)
		if !r.running || !r.create.Disabled() {
			t.Error("the dialog stays open to changes while the template is written")
		}
		waitIdle(t, w)
		if r.running || r.written != tpl || !r.folder.Visible() || r.folderOf != dir {
			t.Errorf("after writing: running %v, written %q, open folder shown %v", r.running, r.written, r.folder.Visible())
		}
	})

	step(t, "all templates", func(t *testing.T) {
		// Every unit's template into a folder, counted on the bar.
		all := filepath.Join(dir, "全部")
		r.unit.setUnit("")
		r.writeAll(m, all)
		waitIdle(t, w)
		units, err := a.ReturnUnits(context.Background(), 2023)
		if err != nil {
			t.Fatal(err)
		}
		files, _ := os.ReadDir(all)
		if len(files) != len(units) || r.folderOf != all || !strings.Contains(r.stage.Text, "份") {
			t.Errorf("%d templates in the folder for %d units; open folder %q; stage %q", len(files), len(units), r.folderOf, r.stage.Text)
		}
		r.dlg.Hide()
	})

	step(t, "bad return", func(t *testing.T) {
		// A bad status: every problem listed, nothing written.
		bad := filepath.Join(dir, "bad.xlsx")
		fillTemplate(t, tpl, bad, "差不多", false)
		before := entriesOf(t, a, street, m)
		menuAction(t, w, "导入回执表…")
		z = w.imports
		if z == nil {
			t.Fatal("导入回执表… opened no wizard")
		}
		waitIdle(t, w)
		// Dropped on the main window, the return goes to the wizard.
		w.onDropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(bad)})
		if len(z.paths) != 1 || z.paths[0] != bad {
			t.Fatalf("the wizard lists %v after the drop", z.paths)
		}
		z.onCheck()
		if !z.running || !z.bar.Visible() {
			t.Error("no progress bar while checking")
		}
		waitIdle(t, w)
		var ps returns.Problems
		if !errors.As(z.outs[0].Err, &ps) || len(ps) == 0 {
			t.Fatalf("the bad return gives %v, want its problems", z.outs[0].Err)
		}
		if table := tablesText(z.win.Content()); !hasText(z.win.Content(), "没有任何改动") || strings.Count(table, "“差不多”") != len(ps) || strings.Contains(table, "（现为") ||
			!strings.Contains(table, "工作表") || !z.apply.Disabled() {
			t.Errorf("the problems are not all shown (table %q), or not that nothing was written, or 应用 is enabled", table)
		}
		if after := entriesOf(t, a, street, m); len(after) != len(before) {
			t.Errorf("a return with problems wrote entries: %d before, %d after", len(before), len(after))
		}
	})

	step(t, "good return", func(t *testing.T) {
		// A good return: its preview, then applied.
		good := filepath.Join(dir, "good.xlsx")
		want = fillTemplate(t, tpl, good, string(data.StatusDone), false)
		z.onRemove(0)
		z.onDropped([]fyne.URI{storage.NewFileURI(good)})
		z.onCheck()
		waitIdle(t, w)
		p := z.outs[0].Preview
		if p == nil {
			t.Fatalf("the good return gives %v", z.outs[0].Err)
		}
		if !hasText(z.win.Content(), p.Summary()) || !hasText(z.win.Content(), "回执表进展") || z.apply.Disabled() {
			t.Error("the preview does not show the summary and the new progress, or 应用 is disabled")
		}
		counts := w.countsText()
		z.onApply()
		waitIdle(t, w)
		if z.outs[0].Err != nil || z.outs[0].Record == nil {
			t.Fatalf("applying: %v", z.outs[0].Err)
		}
		if w.countsText() == counts {
			t.Errorf("the main window still counts %q after the import", counts)
		}
		if !hasText(z.win.Content(), "已导入：") || !z.apply.Disabled() {
			t.Error("the result is not shown, or 应用 stays enabled")
		}
		got := entriesOf(t, a, street, m)
		for id, progress := range want {
			if got[id] != string(data.StatusDone)+"|"+progress {
				t.Errorf("measure %s: entry %q after import, want %q", id, got[id], progress)
			}
		}
	})

	step(t, "imported again", func(t *testing.T) {
		// The same file again: imported before, nothing to apply.
		z.onCheck()
		waitIdle(t, w)
		if p := z.outs[0].Preview; p == nil || p.AlreadyImported == nil || !z.apply.Disabled() {
			t.Errorf("re-checking the imported file: %+v, 应用 enabled %v", z.outs[0], !z.apply.Disabled())
		}
	})

	step(t, "hand-made copy", func(t *testing.T) {
		// A hand-made copy without the hidden sheet and the measure IDs, saying
		// 滞后: the wizard asks for the unit and month, lists the rows matched
		// by 序号 and text and the differences from the return imported before,
		// and writes only once confirmed.
		bare := filepath.Join(dir, "bare.xlsx")
		fillTemplate(t, tpl, bare, string(data.StatusLate), true)
		z.onClear()
		z.addPaths([]string{bare})
		z.onCheck()
		waitIdle(t, w)
		var needed *app.UnitMonthNeededError
		if !errors.As(z.outs[0].Err, &needed) || !hasText(z.win.Content(), "隐藏的模板信息") {
			t.Fatalf("a return without its hidden sheet gives %v", z.outs[0].Err)
		}
		z.recheck(0, app.ImportTarget{Unit: street, Month: m})
		waitIdle(t, w)
		p := z.outs[0].Preview
		if p == nil || !p.Supplied || p.Unit != street || len(p.Guesses) != len(want) || p.Conflict == nil || !p.NeedsConfirmation() {
			t.Fatalf("re-checked as %s: %+v", street, z.outs[0])
		}
		var confirm *widget.Check
		for _, o := range test.LaidOutObjects(z.win.Content()) {
			if c, ok := o.(*widget.Check); ok {
				confirm = c
			}
		}
		if confirm == nil || !hasText(z.win.Content(), "按序号和措施内容对应") || !hasText(z.win.Content(), "导入过另一份回执表") {
			t.Fatal("the guesses and the earlier return are not shown with a confirmation")
		}
		z.onApply() // not confirmed: nothing written
		waitIdle(t, w)
		if z.outs[0].Record != nil || !hasText(z.win.Canvas().Overlays().Top(), "没有可导入的文件") {
			t.Error("an unconfirmed return was applied, or the clerk was not told")
		}
		if o := z.win.Canvas().Overlays().Top(); o != nil {
			o.Hide()
		}
		if got := entriesOf(t, a, street, m); got[p.Guesses[0].MeasureID] != string(data.StatusDone)+"|"+want[p.Guesses[0].MeasureID] {
			t.Errorf("the unconfirmed return changed the ledger: %q", got[p.Guesses[0].MeasureID])
		}
		confirm.SetChecked(true)
		z.onApply()
		waitIdle(t, w)
		if z.outs[0].Record == nil {
			t.Fatalf("the confirmed return was not applied: %v", z.outs[0].Err)
		}
		if got := entriesOf(t, a, street, m); got[p.Guesses[0].MeasureID] != string(data.StatusLate)+"|"+want[p.Guesses[0].MeasureID] {
			t.Errorf("after the confirmed import: %q", got[p.Guesses[0].MeasureID])
		}
		// Checked as another month than its heading names: both are shown.
		z.recheck(0, app.ImportTarget{Unit: street, Month: "2023-05"})
		waitIdle(t, w)
		if p := z.outs[0].Preview; p == nil || len(p.Settled) != 2 || !p.NeedsConfirmation() || !hasText(z.win.Content(), "与您指定的") {
			t.Errorf("checked as May, its heading naming June: %+v", z.outs[0])
		}
		z.onClose()
		if w.imports != nil {
			t.Error("the wizard is still open after 关闭")
		}
	})

	step(t, "tracker", func(t *testing.T) {
		// 催报: the street has sent its return (late: the test runs years after
		// the due day).
		menuAction(t, w, "催报（报送情况）…")
		tk := w.tracker
		if tk == nil || tk.tracker == nil || tk.tracker.Month != m {
			t.Fatal("the tracker is not shown for the main window's month")
		}
		row := -1
		for i, u := range tk.tracker.Units {
			if u.Unit == street {
				row = i + 1
			}
		}
		if row < 0 {
			t.Fatalf("%s is not in the tracker", street)
		}
		state := &widget.Label{}
		tk.updateCell(widget.TableCellID{Row: row, Col: 3}, state)
		file := &widget.Label{}
		tk.updateCell(widget.TableCellID{Row: row, Col: 5}, file)
		if state.Text != "逾期报送" || state.Importance != widget.WarningImportance || file.Text != "bare.xlsx" {
			t.Errorf("%s shows %q (%v) with file %q", street, state.Text, state.Importance, file.Text)
		}
		if !strings.Contains(tk.counts.Text, "逾期报送 1") || !strings.Contains(tk.due.Text, "2023-07-05") || tk.export.Disabled() {
			t.Errorf("counts %q, due %q, export enabled %v", tk.counts.Text, tk.due.Text, !tk.export.Disabled())
		}
		tk.which.SetSelected("只看未报送")
		if lines, _ := tk.table.Length(); len(tk.shown) != tk.tracker.Counts[app.ReturnMissing] || lines != len(tk.shown)+1 {
			t.Errorf("只看未报送 shows %d units, want %d", len(tk.shown), tk.tracker.Counts[app.ReturnMissing])
		}
		for _, u := range tk.shown {
			if u.Unit == street {
				t.Errorf("只看未报送 lists %s", street)
			}
		}
		tk.which.SetSelected("只看已报送")
		if len(tk.shown) != 1 || tk.shown[0].Unit != street {
			t.Errorf("只看已报送 shows %+v", tk.shown)
		}
		missing := filepath.Join(dir, "missing.xlsx")
		tk.exportTo(m, missing)
		waitIdle(t, w)
		x, err := excelize.OpenFile(missing)
		if err != nil {
			t.Fatalf("no missing list: %v", err)
		}
		defer x.Close()
		rows, _ := x.GetRows(x.GetSheetName(0))
		text := ""
		for _, r := range rows {
			text += strings.Join(r, " ") + "\n"
		}
		if strings.Contains(text, street) || !strings.Contains(text, "什刹海街道") {
			t.Errorf("the missing list names %s or misses 什刹海街道:\n%s", street, text)
		}

		tk.dlg.Hide()
	})

	step(t, "return package", func(t *testing.T) {
		// 导出报送包…: a unit must be chosen; the package imports through the
		// wizard.
		menuAction(t, w, "导出报送包…")
		r = w.returnFile
		if r == nil || !r.pkg || r.unit.unit() != "" {
			t.Fatal("导出报送包… shows no package dialog, or picks a unit the clerk did not choose")
		}
		r.onCreate()
		if !hasText(w.win.Canvas().Overlays().Top(), "请选择单位") {
			t.Error("a package without a unit is not refused")
		}
		w.win.Canvas().Overlays().Top().Hide()
		r.unit.setUnit(street)
		pkg := filepath.Join(dir, app.ReturnPackageFileName(street, m))
		r.writePackage(street, m, pkg)
		if !r.busy.Visible() {
			t.Error("no progress bar while the package is written")
		}
		waitIdle(t, w)
		if r.written != pkg || !r.folder.Visible() {
			t.Fatalf("the package was not written: %q", r.written)
		}
		menuAction(t, w, "导入回执表…")
		z = w.imports
		z.addPaths([]string{pkg})
		z.onCheck()
		waitIdle(t, w)
		if p := z.outs[0].Preview; p == nil || p.Kind != data.ReturnPackage || p.Unit != street {
			t.Errorf("the exported package checks as %+v", z.outs[0])
		}
	})
}
