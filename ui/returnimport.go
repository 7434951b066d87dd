package ui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"maps"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// importWizard is 报送 → 导入回执表…, a window of its own: returns (.xlsx)
// and return packages (.zip) are picked one by one or dropped on it (or on
// the main window while it is open), checked in a goroutine, and each
// file's problems or preview shown; 应用 writes the good ones.
type importWizard struct {
	h      host // the main window's, showing errors in the wizard (ownWindow)
	win    fyne.Window
	months []data.Month
	month  func() data.Month  // the main window's month, for a file that does not say
	units  []data.UnitSummary // the units that send returns, for a file that does not say

	paths []string
	files *fyne.Container // the picked files, one line each

	add, clear, check, apply, close *widget.Button

	bar     *widget.ProgressBar
	stage   *widget.Label
	results *fyne.Container

	// outs is the last check of paths, one outcome per path in order; nil
	// before the first check and after the files changed.
	outs      []app.ImportOutcome
	targets   []app.ImportTarget // the clerk's answers for each file: unit and month, columns, prefer the return
	confirmed []bool             // the clerk confirmed the file's guesses or conflict
	applied   []bool             // the file was handed to ApplyImports
	running   bool
}

// onImportReturns opens the import wizard, or brings it to the front.
func (w *mainWindow) onImportReturns() {
	if w.imports != nil {
		w.imports.win.RequestFocus()
		return
	}
	w.imports = newImportWizard(w, w.filter.selectedMonth)
	w.imports.win.SetOnClosed(func() { w.imports = nil })
	w.imports.win.Show()
	w.imports.loadUnits()
}

// newImportWizard builds the wizard's window over h; month is the month
// a file that does not say its own is offered.
func newImportWizard(h host, month func() data.Month) *importWizard {
	win := h.fyneApp().NewWindow(tr("导入回执表"))
	z := &importWizard{
		h:       ownWindow{h, win},
		win:     win,
		months:  h.ledger().Months(month().Year()),
		month:   month,
		files:   container.NewVBox(),
		bar:     widget.NewProgressBar(),
		stage:   wrappedLabel(""),
		results: container.NewVBox(),
	}
	z.add = &widget.Button{Text: tr("添加文件…"), Icon: theme.ContentAddIcon(), OnTapped: z.onAdd}
	z.clear = &widget.Button{Text: tr("清空列表"), OnTapped: z.onClear}
	z.check = &widget.Button{Text: tr("检查"), OnTapped: z.onCheck}
	z.apply = &widget.Button{Text: tr("应用"), Importance: widget.HighImportance, OnTapped: z.onApply}
	z.close = &widget.Button{Text: tr("关闭"), OnTapped: z.onClose}
	z.bar.Hide()
	z.showFiles()
	z.results.Add(wrappedLabel(tr("添加回执表（.xlsx）或报送包（.zip）后点“检查”：每个文件先检查，列出问题或将要写入的更改；点“应用”才写入台账。")))

	filesBox := container.NewVScroll(z.files)
	filesBox.SetMinSize(fyne.NewSize(0, 96))
	top := container.NewVBox(
		wrappedLabel(tr("可一次添加多个文件：点“添加文件…”逐个选择，或把文件拖到本窗口。")),
		container.NewHBox(z.add, z.clear),
		filesBox, widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), z.stage, z.bar,
		container.NewBorder(nil, nil, nil, container.NewHBox(z.close, z.check, z.apply)))
	z.win.SetContent(container.NewBorder(top, bottom, nil, nil, container.NewVScroll(z.results)))
	z.win.SetOnDropped(func(_ fyne.Position, uris []fyne.URI) { z.onDropped(uris) })
	z.win.SetCloseIntercept(z.onClose) // not while files are being written
	z.win.Resize(fyne.NewSize(1000, 720))
	z.win.CenterOnScreen()
	z.setButtons()
	return z
}

// loadUnits loads the units that send returns, for files that do not say
// whose they are.
func (z *importWizard) loadUnits() {
	var units []data.UnitSummary
	year := z.month().Year()
	z.h.run(func(ctx context.Context) (err error) {
		units, err = z.h.ledger().ReturnUnits(ctx, year)
		return err
	}, func() { z.units = units })
}

// onDropped adds the files dropped on the wizard or the main window.
func (z *importWizard) onDropped(uris []fyne.URI) {
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	z.addPaths(paths)
	z.win.RequestFocus()
}

// onAdd picks one more file.
func (z *importWizard) onAdd() {
	askOpenPath(z.win, z.h.fyneApp().Preferences(), tr("添加回执表"), returnTypes(), prefReturnFolder,
		func(path string) { z.addPaths([]string{path}) })
}

// addPaths adds files to the list (each once); the last check no longer
// stands.
func (z *importWizard) addPaths(paths []string) {
	if z.running {
		z.stage.SetText(tr("正在处理，请稍候再添加文件。"))
		return
	}
	added := false
	for _, p := range paths {
		if !slices.Contains(z.paths, p) {
			z.paths = append(z.paths, p)
			added = true
		}
	}
	if added {
		z.reset()
	}
}

// onClear empties the list.
func (z *importWizard) onClear() {
	z.paths = nil
	z.reset()
}

// onRemove takes file i off the list.
func (z *importWizard) onRemove(i int) {
	if z.running {
		return
	}
	z.paths = slices.Delete(z.paths, i, i+1)
	z.reset()
}

// reset forgets the last check after the list changed.
func (z *importWizard) reset() {
	z.outs, z.targets, z.confirmed, z.applied = nil, nil, nil, nil
	z.showFiles()
	z.results.Objects = []fyne.CanvasObject{wrappedLabel(trf("已添加 %d 个文件，点“检查”。", len(z.paths)))}
	z.results.Refresh()
	z.stage.SetText("")
	z.setButtons()
}

// showFiles lists the picked files, each with a button to remove it.
func (z *importWizard) showFiles() {
	z.files.Objects = nil
	if len(z.paths) == 0 {
		z.files.Add(&widget.Label{Text: tr("（尚未添加文件）"), Importance: widget.LowImportance})
	}
	for i, p := range z.paths {
		remove := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { z.onRemove(i) }}
		z.files.Add(container.NewBorder(nil, nil, nil, remove, &widget.Label{Text: p, Truncation: fyne.TextTruncateEllipsis}))
	}
	z.files.Refresh()
}

// setButtons enables what can be done now.
func (z *importWizard) setButtons() {
	for _, b := range []*widget.Button{z.add, z.clear, z.check, z.apply, z.close} {
		b.Enable()
	}
	if z.running {
		for _, b := range []*widget.Button{z.add, z.clear, z.check, z.apply, z.close} {
			b.Disable()
		}
		return
	}
	if len(z.paths) == 0 {
		z.clear.Disable()
		z.check.Disable()
	}
	if len(z.applicable()) == 0 {
		z.apply.Disable()
	}
	// The button to press next stands out.
	z.check.Importance = widget.MediumImportance
	if z.outs == nil && len(z.paths) > 0 {
		z.check.Importance = widget.HighImportance
	}
	z.check.Refresh()
}

// applicable lists the files that 应用 would write: checked without
// problems, not imported before, not yet applied.
func (z *importWizard) applicable() []int {
	var out []int
	for i, o := range z.outs {
		if o.Preview != nil && o.Preview.AlreadyImported == nil && !z.applied[i] {
			out = append(out, i)
		}
	}
	return out
}

// setRunning locks the wizard while a goroutine works.
func (z *importWizard) setRunning(on bool, stage string) {
	z.running = on
	z.stage.SetText(stage)
	z.bar.SetValue(0)
	if on {
		z.bar.Show()
	} else {
		z.bar.Hide()
	}
	z.setButtons()
}

// progress shows done of total on the bar, from any goroutine.
func (z *importWizard) progress(format string) func(done, total int) {
	return func(done, total int) {
		uiDo(func() {
			z.bar.SetValue(float64(done) / float64(total))
			z.stage.SetText(fmt.Sprintf(format, done, total))
		})
	}
}

// onCheck checks every listed file in a goroutine.
func (z *importWizard) onCheck() {
	if len(z.targets) != len(z.paths) {
		z.targets = make([]app.ImportTarget, len(z.paths))
	}
	z.checkAll(tr("正在检查……"), -1)
}

// checkAll checks every file with the clerk's answers so far, as one
// batch: each file against what the ones before it leave. File again's
// confirmation is cleared (-1: every file's).
func (z *importWizard) checkAll(stage string, again int) {
	paths, targets := slices.Clone(z.paths), slices.Clone(z.targets)
	z.setRunning(true, stage)
	var outs []app.ImportOutcome
	z.h.run(func(ctx context.Context) error {
		outs = z.h.ledger().PrepareImportsEach(ctx, paths, targets, z.progress(tr("正在检查：%d / %d")))
		return nil // each file's error is in its outcome
	}, func() {
		if again < 0 || len(z.confirmed) != len(outs) {
			z.confirmed = make([]bool, len(outs))
		} else {
			z.confirmed[again] = false
		}
		z.outs, z.applied = outs, make([]bool, len(outs))
		z.setRunning(false, z.checkedText())
		z.showResults()
	})
}

// recheck checks the files again once the clerk answered for file i:
// target's unit and month, columns or preference replace what it had.
func (z *importWizard) recheck(i int, target app.ImportTarget) {
	if z.running {
		return
	}
	z.targets[i] = target
	z.checkAll(trf("正在检查“%s”……", filepath.Base(z.paths[i])), i)
}

// checkedText sums up the last check.
func (z *importWizard) checkedText() string {
	good := len(z.applicable())
	return trf("已检查 %d 个文件：%d 个可以导入，%d 个有问题或无需导入。", len(z.outs), good, len(z.outs)-good)
}

// onApply writes the files that passed the check (those that need it
// confirmed) in a goroutine, each in its own transaction.
func (z *importWizard) onApply() {
	var idx []int
	var batch []app.ImportOutcome
	var unconfirmed []string
	for _, i := range z.applicable() {
		if z.outs[i].Preview.NeedsConfirmation() && !z.confirmed[i] {
			unconfirmed = append(unconfirmed, "“"+z.outs[i].Preview.Name+"”")
			continue
		}
		idx = append(idx, i)
		batch = append(batch, z.outs[i])
	}
	if len(batch) == 0 {
		d := newInformation(tr("没有可导入的文件"), trf("%s需要您确认：请核对其预览，勾选摘要下方的确认框后再点“应用”。", strings.Join(unconfirmed, "、")), z.win)
		d.SetDismissText(tr("知道了"))
		d.Show()
		return
	}
	z.setRunning(true, tr("正在导入……"))
	z.h.run(func(ctx context.Context) error {
		z.h.ledger().ApplyImports(context.WithoutCancel(ctx), batch, func(*app.ImportPreview) bool { return true }, z.progress(tr("正在导入：%d / %d")))
		return nil // each file's error is in its outcome
	}, func() {
		written := 0
		for k, i := range idx {
			z.outs[i].Record, z.outs[i].Err = batch[k].Record, batch[k].Err
			z.applied[i] = true
			if batch[k].Err == nil {
				written++
			}
		}
		text := trf("已导入 %d 个文件，%d 个未能导入。", written, len(batch)-written)
		if len(unconfirmed) > 0 {
			text += trf("另有 %d 个文件未确认，未导入。", len(unconfirmed))
		}
		z.setRunning(false, text)
		z.showResults()
		z.h.reload()
	})
}

// onClose closes the wizard (not while it works).
func (z *importWizard) onClose() {
	if !z.running {
		z.win.Close()
	}
}

// showResults shows, first, every file that is not (or will not be)
// imported and why, then each checked file's problems, preview or result.
func (z *importWizard) showResults() {
	z.results.Objects = nil
	var lines []string
	for i, o := range z.outs {
		if why := z.whyNot(i); why != "" {
			lines = append(lines, trf("“%s”：%s", filepath.Base(o.Path), why))
		}
	}
	if len(lines) > 0 {
		z.results.Add(importance(heading(trf("%d 个文件未导入：", len(lines))), widget.WarningImportance))
		z.results.Add(wrappedLabel(strings.Join(lines, "\n")))
		z.results.Add(widget.NewSeparator())
	}
	for i := range z.outs {
		z.results.Add(z.section(i))
		z.results.Add(widget.NewSeparator())
	}
	z.results.Refresh()
	z.setButtons()
}

// whyNot says why file i is not imported, "" when it is or can be.
func (z *importWizard) whyNot(i int) string {
	o := z.outs[i]
	var problems app.ImportProblems
	var needed *app.UnitMonthNeededError
	var columns *app.ColumnsNeededError
	var whose *app.WhoseReturnError
	switch {
	case errors.As(o.Err, &problems):
		return trf("有 %d 个问题，需在回执表中改正", len(problems))
	case errors.As(o.Err, &needed):
		return tr("没有模板信息，需指明单位和月份")
	case errors.As(o.Err, &columns):
		return tr("有无法识别的列，需选择对应的项")
	case errors.As(o.Err, &whose):
		return tr("模板信息与表头或文件名不一致，需选择单位和月份")
	case o.Err != nil:
		return app.ErrorMessage(o.Err)
	case o.Preview != nil && o.Preview.AlreadyImported != nil:
		return tr("已导入过，台账仍与它一致，无需再导入")
	case o.Preview != nil && z.applied[i] && o.Record == nil:
		return tr("未导入")
	}
	return ""
}

// section is what the wizard says about file i.
func (z *importWizard) section(i int) fyne.CanvasObject {
	o := z.outs[i]
	box := container.NewVBox(&widget.Label{Text: filepath.Base(o.Path), TextStyle: fyne.TextStyle{Bold: true}},
		&widget.Label{Text: o.Path, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis})
	var problems app.ImportProblems
	var needed *app.UnitMonthNeededError
	var columns *app.ColumnsNeededError
	var whose *app.WhoseReturnError
	switch {
	case errors.As(o.Err, &problems):
		box.Add(importance(wrappedLabel(trf("发现 %d 个问题。本文件没有导入，台账没有任何改动。请在 WPS 或 Excel 中改正下列问题，保存后点“检查”重新检查。", len(problems))), widget.DangerImportance))
		box.Add(problemTable(problems))
	case errors.As(o.Err, &needed):
		box.Add(z.askUnitMonth(i))
	case errors.As(o.Err, &columns):
		box.Add(z.askColumns(i, columns.Columns))
	case errors.As(o.Err, &whose):
		box.Add(z.askWhose(i, whose.Claims))
	case o.Preview == nil:
		box.Add(importance(wrappedLabel(app.ErrorMessage(o.Err)+tr("（本文件没有导入，台账没有任何改动。）")), widget.DangerImportance))
	default:
		z.addPreview(box, i)
	}
	return box
}

// importance sets a label's importance.
func importance(l *widget.Label, imp widget.Importance) *widget.Label {
	l.Importance = imp
	return l
}

// askUnitMonth asks whose return file i is, and for which month: its
// hidden sheet is gone.
func (z *importWizard) askUnitMonth(i int) fyne.CanvasObject {
	unit := newPicker(tr("请选择单位"), true)
	unit.setUnits(z.units)
	month := newMonthSelect(z.months, z.month())
	again := &widget.Button{Text: tr("按此单位和月份重新检查"), OnTapped: func() {
		if unit.unit() == "" {
			z.stage.SetText(tr("请先选择这份回执表的单位。"))
			return
		}
		t := z.targets[i]
		t.Unit, t.Month = unit.unit(), selectedMonth(month, z.months)
		z.recheck(i, t)
	}}
	return container.NewVBox(
		importance(wrappedLabel(tr("这份回执表里没有隐藏的模板信息（可能是手工制作的表格，或另存时丢失了）。请指明它是哪个单位哪个月的回执表，再重新检查；没有措施编号的行将按序号和措施内容对应，需要您确认。")), widget.WarningImportance),
		widget.NewForm(widget.NewFormItem(tr("单位"), unit.button), widget.NewFormItem(tr("报送月份"), month)),
		container.NewHBox(again))
}

// ignoreColumn is the drop-down's choice for a column left out.
func ignoreColumn() string { return tr("不导入此列") }

// askColumns asks what each column under an unknown header is: a field of
// the return, or left out.
func (z *importWizard) askColumns(i int, cols []app.UnknownColumn) fyne.CanvasObject {
	options := []string{ignoreColumn()}
	for _, f := range app.ReturnFields {
		options = append(options, fieldLabel(string(f)))
	}
	form := widget.NewForm()
	selects := make([]*widget.Select, len(cols))
	for k, c := range cols {
		selects[k] = widget.NewSelect(options, nil)
		selects[k].PlaceHolder = tr("请选择这一列是哪一项")
		form.Append(trf("工作表“%s”%s 列“%s”", c.Sheet, c.Column, c.Header), selects[k])
	}
	again := &widget.Button{Text: tr("按此对应重新检查"), OnTapped: func() {
		t := z.targets[i]
		t.Columns = maps.Clone(t.Columns)
		if t.Columns == nil {
			t.Columns = map[string]app.ReturnField{}
		}
		for k, c := range cols {
			j := slices.Index(options, selects[k].Selected)
			switch {
			case j < 0:
				z.stage.SetText(trf("请先为“%s”列选择对应的项，或选“不导入此列”。", c.Header))
				return
			case j == 0:
				t.Columns[c.Header] = app.IgnoreColumn
			default:
				t.Columns[c.Header] = app.ReturnFields[j-1]
			}
		}
		z.recheck(i, t)
	}}
	return container.NewVBox(
		importance(wrappedLabel(tr("回执表中有无法识别表头的列，其中填有内容。请为每一列选择它对应回执表的哪一项，或选择不导入，再重新检查；不会有内容被悄悄丢弃。")), widget.WarningImportance),
		form, container.NewHBox(again))
}

// askWhose asks which of the parts of file i that disagree names its unit
// and month rightly.
func (z *importWizard) askWhose(i int, claims []app.Claim) fyne.CanvasObject {
	var options []string
	for _, c := range claims {
		options = append(options, trf("%s：%s", c.Source, claimLabel(c, claims[0])))
	}
	choice := widget.NewRadioGroup(options, nil)
	again := &widget.Button{Text: tr("按所选单位和月份重新检查"), OnTapped: func() {
		k := slices.Index(options, choice.Selected)
		if k < 0 {
			z.stage.SetText(tr("请先选择哪一项是对的。"))
			return
		}
		c := claims[k]
		t := z.targets[i]
		t.Unit, t.Month = c.Unit, c.Month
		if t.Unit == "" {
			t.Unit = claims[0].Unit
		}
		if t.Month == "" {
			t.Month = claims[0].Month
		}
		z.recheck(i, t)
	}}
	return container.NewVBox(
		importance(wrappedLabel(tr("这份回执表的隐藏模板信息与表头或文件名写的单位、月份不一致。请选择哪一项是对的，再重新检查：")), widget.WarningImportance),
		choice, container.NewHBox(again))
}

// claimLabel is a claim's unit and month; a part naming only one of them
// takes the other from the hidden sheet (first).
func claimLabel(c, first app.Claim) string {
	unit, month := c.Unit, c.Month
	if unit == "" {
		unit = first.Unit
	}
	if month == "" {
		month = first.Month
	}
	return unit + " " + monthLabel(month)
}

// addPreview adds file i's preview, or its result once applied.
func (z *importWizard) addPreview(box *fyne.Container, i int) {
	p := z.outs[i].Preview
	summary := &widget.Label{Text: p.Summary(), Wrapping: fyne.TextWrapBreak, TextStyle: fyne.TextStyle{Bold: true}, Importance: widget.HighImportance}
	box.Add(summary)
	if z.addOutcome(box, summary, i) {
		return
	}
	addUnitMonthNotes(box, p)
	if p.NeedsConfirmation() { // above the long lists, where it is seen
		z.addConfirm(box, i)
	}
	addWarnings(box, p)
	addKept(box, p)
	if len(p.Corrections) > 0 {
		z.addCorrections(box, i)
	}
	addChanges(box, p)
	addGuesses(box, p)
	addValues(box, p)
	addConflict(box, p.Conflict)
}

// addOutcome adds, under file i's summary, that it was imported before or
// the result of applying it, and reports whether it did: then the preview
// is not shown.
func (z *importWizard) addOutcome(box *fyne.Container, summary *widget.Label, i int) bool {
	o := z.outs[i]
	switch {
	case o.Preview.AlreadyImported != nil:
		summary.Importance = widget.LowImportance
		box.Add(wrappedLabel(tr("这个文件已导入过，再次导入不会改动台账。")))
		return true
	case z.applied[i] && o.Err != nil:
		box.Add(importance(wrappedLabel(tr("未能导入，台账没有任何改动：")+app.ErrorMessage(o.Err)), widget.DangerImportance))
		return true
	case z.applied[i] && o.Record != nil:
		r := o.Record
		box.Add(importance(wrappedLabel(trf("已导入：%d 项措施、%d 个指标值、%d 个佐证材料有更改，%d 行无变化。原文件已存入台账。",
			r.Changed, r.Indicators, r.Evidence, r.Unchanged)), widget.SuccessImportance))
		return true
	}
	return false
}

// addUnitMonthNotes says when the unit and month are the clerk's rather
// than the file's, and how the clerk mapped unknown columns.
func addUnitMonthNotes(box *fyne.Container, p *app.ImportPreview) {
	if p.Supplied {
		box.Add(wrappedLabel(trf("（文件中没有模板信息，按您指定的%s%s检查。）", p.Unit, monthLabel(p.Month))))
	}
	switch {
	case p.Supplied && len(p.Settled) > 0:
		var says []string
		for _, c := range p.Settled[1:] {
			says = append(says, trf("%s写的是%s", c.Source, strings.TrimSpace(c.Unit+" "+monthLabel(c.Month))))
		}
		box.Add(importance(wrappedLabel(trf("（%s，与您指定的%s %s不一致，请核对。）", strings.Join(says, tr("，")), p.Unit, monthLabel(p.Month))), widget.WarningImportance))
	case len(p.Settled) > 0:
		box.Add(importance(wrappedLabel(trf("（隐藏的模板信息与表头或文件名不一致，按您选择的%s %s检查。）", p.Unit, monthLabel(p.Month))), widget.WarningImportance))
	}
	for _, m := range p.Mapped {
		box.Add(wrappedLabel(m))
	}
}

// addConfirm adds the check box that confirms file i's guessed rows, its
// differences from the return before it or its rows without a status.
func (z *importWizard) addConfirm(box *fyne.Container, i int) {
	p := z.outs[i].Preview
	text := tr("我已核对下列按序号和措施内容对应的行，确认导入")
	switch {
	case p.Conflict != nil && len(p.Guesses) > 0:
		text = tr("我已核对下列按序号和措施内容对应的行及与上一份回执表的不同，确认导入（两份都保留在导入记录中）")
	case p.Conflict != nil:
		text = tr("我已核对下列与上一份回执表的不同，确认导入（两份都保留在导入记录中）")
	case len(p.Warnings) > 0 && len(p.Guesses) == 0:
		text = tr("我已核对下列完成状态为空的行，确认导入")
	case p.Supplied && len(p.Settled) > 0 && len(p.Guesses) == 0:
		text = tr("我已核对这份回执表的单位和月份，确认按指定的导入")
	}
	confirm := widget.NewCheck(text, func(on bool) { z.confirmed[i] = on })
	confirm.SetChecked(z.confirmed[i])
	box.Add(confirm)
}

// addWarnings lists the rows with texts but no status, and the columns the
// return lacks.
func addWarnings(box *fyne.Container, p *app.ImportPreview) {
	if len(p.Warnings) > 0 {
		box.Add(importance(heading(tr("完成状态为空、却填写了进展等内容的行（导入后仍显示为“未报送”），请核对")), widget.WarningImportance))
		for _, w := range p.Warnings {
			box.Add(wrappedLabel(trf("第 %d 行 %s 列：%s", w.Row, w.Column, w.Message)))
		}
	}
	if len(p.Absent) > 0 {
		box.Add(wrappedLabel(trf("回执表中没有“%s”列：台账中的这些内容保持不变。", strings.Join(p.Absent, "”“"))))
	}
}

// addKept lists the fields the return leaves blank, which keep the
// ledger's text.
func addKept(box *fyne.Container, p *app.ImportPreview) {
	if len(p.Kept) == 0 {
		return
	}
	box.Add(heading(tr("回执表中为空、保留台账内容的项")))
	for _, c := range p.Kept {
		var fs []string
		for _, f := range c.Fields {
			fs = append(fs, fieldLabel(f.Field))
		}
		box.Add(&widget.Label{Text: trf("第 %d 行 · 措施 %s：%s", c.Row, c.MeasureID, strings.Join(fs, "、")), Truncation: fyne.TextTruncateEllipsis})
	}
}

// addCorrections lists the ledger's corrections that file i leaves as they
// are, with the check box that imports the return's values instead.
func (z *importWizard) addCorrections(box *fyne.Container, i int) {
	box.Add(importance(heading(tr("台账已修改，回执表未改：保留台账")), widget.WarningImportance))
	for _, c := range z.outs[i].Preview.Corrections {
		box.Add(&widget.Label{Text: trf("第 %d 行 · 措施 %s %s", c.Row, c.MeasureID, oneLine(c.Measure)), Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Bold: true}})
		for _, f := range c.Fields {
			box.Add(wrappedLabel("    " + fieldLabel(f.Field) + trf("：台账“%s”，回执表“%s”", orEmpty(oneLine(f.Old)), orEmpty(oneLine(f.New)))))
		}
	}
	prefer := widget.NewCheck(tr("改按回执表导入这些内容（覆盖台账中的修改）"), func(on bool) {
		t := z.targets[i]
		t.PreferReturn = on
		z.recheck(i, t)
	})
	prefer.Checked = z.targets[i].PreferReturn
	box.Add(prefer)
}

// addChanges lists the changes to write, each measure's kept fields beside
// them, and how many rows and which of the unit's measures stay as they
// are.
func addChanges(box *fyne.Container, p *app.ImportPreview) {
	if len(p.Changes) > 0 {
		kept := map[string][]app.FieldChange{} // by measure: fields kept beside the changed ones
		for _, c := range p.Kept {
			kept[c.MeasureID] = append(kept[c.MeasureID], c.Fields...)
		}
		box.Add(heading(tr("将要写入的更改（原值 → 新值）")))
		for _, c := range p.Changes {
			addChange(box, c, tr("将清空"))
			for _, f := range kept[c.MeasureID] {
				box.Add(wrappedLabel("    " + fieldLabel(f.Field) + trf("【%s】", tr("回执表为空，保留")) + trf("：%s", oneLine(f.Old))))
			}
		}
	}
	if p.Unchanged > 0 {
		box.Add(wrappedLabel(trf("另有 %d 行与台账相同，不作更改。", p.Unchanged)))
	}
	if n := len(p.Missing); n > 0 {
		box.Add(wrappedLabel(trf("回执表中没有本单位的以下 %d 项措施，保持不变：%s", n, strings.Join(p.Missing, "、"))))
	}
}

// addGuesses lists the rows matched to a measure by their number and text.
func addGuesses(box *fyne.Container, p *app.ImportPreview) {
	if len(p.Guesses) == 0 {
		return
	}
	box.Add(heading(tr("按序号和措施内容对应的行（没有措施编号），请核对")))
	for _, g := range p.Guesses {
		box.Add(&widget.Label{Text: trf("第 %d 行（序号“%s”）→ 措施 %s：“%s”", g.Row, g.No, g.MeasureID, oneLine(g.Text)),
			Truncation: fyne.TextTruncateEllipsis})
	}
}

// addValues lists the indicator values and the evidence files.
func addValues(box *fyne.Container, p *app.ImportPreview) {
	if len(p.Indicators) > 0 {
		box.Add(heading(tr("指标值")))
		for _, v := range p.Indicators {
			box.Add(wrappedLabel(trf("%s（%s）：%s → %s %s", v.Name, v.Area, orEmpty(v.Old), v.New, v.Unit)))
		}
	}
	if len(p.Evidence) > 0 {
		box.Add(heading(tr("佐证材料")))
		for _, f := range p.Evidence {
			text := trf("措施 %s：%s（%d 字节）", f.MeasureID, f.Name, f.Size)
			if f.Attached {
				text += tr("（已有，跳过）")
			}
			box.Add(wrappedLabel(text))
		}
	}
}

// addConflict says how the file relates to another return of the unit and
// month (if any) and lists their differences.
func addConflict(box *fyne.Container, c *app.ImportConflict) {
	if c == nil {
		return
	}
	var text string
	switch {
	case c.InBatch:
		text = trf("同一批中已有本单位本月的另一份回执表“%s”；与它相比，有 %d 项措施不同：", c.Previous.FileName, len(c.Differences))
	case c.Reimport:
		text = trf("这个文件已于 %s 导入过，但台账此后已有更改；再次导入将按上列内容更改台账。", c.Previous.ImportedAt.Local().Format("2006-01-02 15:04"))
	case len(c.Differences) == 0:
		text = trf("本单位本月已于 %s 导入过另一份回执表“%s”，内容与它相同。", c.Previous.ImportedAt.Local().Format("2006-01-02 15:04"), c.Previous.FileName)
	default:
		text = trf("本单位本月已于 %s 导入过另一份回执表“%s”；与它相比，有 %d 项措施不同：",
			c.Previous.ImportedAt.Local().Format("2006-01-02 15:04"), c.Previous.FileName, len(c.Differences))
	}
	box.Add(importance(heading(text), widget.WarningImportance))
	for _, d := range c.Differences {
		addChange(box, d, tr("本份为空"))
	}
}

// heading is a bold label.
func heading(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapBreak, TextStyle: fyne.TextStyle{Bold: true}}
}

// addChange adds a measure's changed fields, old → new. Its marker
// (本月新填) comes before the title, which is cut with … when long; a field
// left empty is marked with blank (将清空, 本份为空), not only shown as （空）.
func addChange(box *fyne.Container, c app.MeasureChange, blank string) {
	title := trf("措施 %s %s", c.MeasureID, oneLine(c.Measure))
	if c.Row > 0 {
		title = trf("第 %d 行 · ", c.Row) + title
	}
	if c.New {
		title = trf("【%s】", tr("本月新填")) + title
	}
	box.Add(&widget.Label{Text: title, Truncation: fyne.TextTruncateEllipsis, TextStyle: fyne.TextStyle{Bold: true}})
	for _, f := range c.Fields {
		label := fieldLabel(f.Field)
		if oneLine(f.New) == "" && oneLine(f.Old) != "" {
			label += trf("【%s】", blank)
		}
		box.Add(wrappedLabel("    " + label + trf("：%s → %s", orEmpty(oneLine(f.Old)), orEmpty(oneLine(f.New)))))
	}
}

// fieldLabel is a field of an entry (app.FieldChange.Field) in the
// interface's language.
func fieldLabel(field string) string {
	switch field {
	case "完成状态":
		return tr("完成状态")
	case "进展情况":
		return tr("进展情况")
	case "存在问题":
		return tr("存在问题")
	case "下步计划":
		return tr("下步计划")
	case "佐证材料说明":
		return tr("佐证材料说明")
	}
	return field
}

// orEmpty shows an empty value as （空）.
func orEmpty(s string) string {
	if s == "" {
		return tr("（空）")
	}
	return s
}

// oneLine joins a text's lines for a one-line display.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// problemColumns are the widths of the problem table's columns: 文件, 工作表,
// 行, 列, 问题.
var problemColumns = []float32{200, 90, 50, 120, 460}

// problemTable lists every problem of a file: 文件, 工作表, 行, 列, 问题,
// each row as high as its wrapped problem text.
func problemTable(ps app.ImportProblems) fyne.CanvasObject {
	header := []string{tr("文件"), tr("工作表"), tr("行"), tr("列"), tr("问题")}
	cell := func(r, c int) string {
		p := ps[r]
		switch c {
		case 0:
			return p.File
		case 1:
			return p.Sheet
		case 2:
			if p.Row > 0 {
				return fmt.Sprint(p.Row)
			}
			return ""
		case 3:
			return strings.TrimSpace(p.Column + " " + string(p.Field))
		}
		text := p.Message
		if f := oneLine(p.Found); f != "" && !strings.Contains(text, f) {
			text += trf("（现为“%s”）", f)
		}
		return text
	}
	t := &widget.Table{
		Length: func() (int, int) { return len(ps) + 1, len(problemColumns) },
		CreateCell: func() fyne.CanvasObject {
			return &widget.Label{Wrapping: fyne.TextWrapBreak}
		},
		UpdateCell: func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			l.TextStyle.Bold = id.Row == 0
			if id.Row == 0 {
				l.SetText(header[id.Col])
				return
			}
			l.SetText(cell(id.Row-1, id.Col))
		},
	}
	t.ExtendBaseWidget(t)
	t.StickyRowCount = 1
	// The table puts a separator of theme.Padding() after each row and
	// column.
	sep := theme.Padding()
	var width float32
	for c, wd := range problemColumns {
		t.SetColumnWidth(c, wd)
		width += wd + sep
	}
	pad := 2 * theme.InnerPadding()
	line := fyne.MeasureText("问", theme.TextSize(), fyne.TextStyle{}).Height + theme.LineSpacing()
	height := line + pad
	t.SetRowHeight(0, height)
	height += sep
	for r := range ps {
		lines := 1
		for c := range problemColumns {
			w := fyne.MeasureText(cell(r, c), theme.TextSize(), fyne.TextStyle{}).Width
			lines = max(lines, int(math.Ceil(float64(w/(problemColumns[c]-pad)))))
		}
		h := float32(lines)*line + pad
		t.SetRowHeight(r+1, h)
		height += h + sep
	}
	return container.NewGridWrap(fyne.NewSize(width+theme.ScrollBarSize(), min(height, 360)), t)
}
