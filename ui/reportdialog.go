package ui

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// The report dialog's scopes and formats as the radio groups show them.
const (
	scopeDistrict = "全区"
	scopeUnit     = "单位"
	scopeAnnex    = "附件"
	formatPDF     = "PDF（用于打印盖章）"
	formatXLSX    = "Excel（报送市里）"
)

// reportDialog is 报表 → 月报…: the scope, month and format of a monthly
// report, then where to save it; the report is made in a goroutine with a
// progress bar, and the file can be opened when it is done.
type reportDialog struct {
	h       host
	annexes []data.Annex
	months  []data.Month // of the plan year of the month the dialog opened on

	scope  *widget.RadioGroup
	unit   *unitPicker
	annex  *widget.Select
	month  *widget.Select
	format *widget.RadioGroup
	detail *widget.Check
	bar    *widget.ProgressBar
	stage  *widget.Label
	done   *widget.Label
	create *widget.Button
	close  *widget.Button
	open   *widget.Button
	folder *widget.Button

	dlg     *dialog.CustomDialog
	written string // the file of the last report made
	running bool
}

// onReport loads the clerk's unit and the annexes, then shows the report
// dialog (报表 → 月报…, Ctrl+P).
func (w *mainWindow) onReport() {
	month := w.filter.selectedMonth()
	var my string
	var plan *data.Plan
	w.run(func(ctx context.Context) (err error) {
		if my, err = w.app.MyUnit(ctx); err != nil {
			return err
		}
		plan, err = w.app.Plan(ctx, month.Year())
		return err
	}, func() {
		w.report = newReportDialog(w, w.filter.unit.units, plan.Annexes, my, month)
		w.report.show()
	})
}

// newReportDialog builds the dialog over h for month, with the units and
// annexes to choose from and the clerk's own unit my (a unit name,
// app.DistrictCoordinator or "") as the default scope.
func newReportDialog(h host, units []data.UnitSummary, annexes []data.Annex, my string, month data.Month) *reportDialog {
	r := &reportDialog{
		h:       h,
		annexes: annexes,
		unit:    newPicker(tr("请选择单位"), true),
		bar:     widget.NewProgressBar(),
		stage:   widget.NewLabel(""),
		done:    wrappedLabel(""),
	}
	r.unit.setUnits(units)
	r.scope = widget.NewRadioGroup([]string{tr(scopeDistrict), tr(scopeUnit), tr(scopeAnnex)}, r.onScope)
	r.scope.Horizontal = true
	r.scope.Required = true
	var labels []string
	for _, a := range annexes {
		labels = append(labels, annexName(a))
	}
	r.annex = widget.NewSelect(labels, nil)
	r.annex.PlaceHolder = tr("请选择附件")
	months := h.ledger().Months(month.Year())
	r.months = months
	monthLabels := make([]string, len(months))
	for i, m := range months {
		monthLabels[i] = monthLabel(m)
	}
	r.month = widget.NewSelect(monthLabels, nil)
	fitLongest(r.month)
	r.month.SetSelected(monthLabel(month))
	r.format = widget.NewRadioGroup([]string{tr(formatPDF), tr(formatXLSX)}, nil)
	r.format.Horizontal = true
	r.format.Required = true
	r.format.SetSelected(tr(formatPDF))
	r.detail = widget.NewCheck(tr("附表：各单位填报明细"), nil)
	if my != "" && my != app.DistrictCoordinator {
		r.unit.setUnit(my)
		r.scope.SetSelected(tr(scopeUnit))
	} else {
		r.scope.SetSelected(tr(scopeDistrict))
	}
	r.create = &widget.Button{Text: tr("生成…"), Importance: widget.HighImportance, OnTapped: r.onCreate}
	r.close = &widget.Button{Text: tr("关闭"), OnTapped: r.onClose}
	r.open = &widget.Button{Text: tr("打开文件"), OnTapped: r.onOpenFile}
	r.folder = &widget.Button{Text: tr("打开所在文件夹"), OnTapped: r.onOpenFolder}
	r.bar.Hide()
	r.stage.Hide()
	r.done.Hide()
	r.open.Hide()
	r.folder.Hide()
	return r
}

// annexName is an annex as the annex list shows it: 附件2-1 title.
func annexName(a data.Annex) string { return "附件" + a.Code + " " + a.Title }

func (r *reportDialog) show() {
	form := widget.NewForm(
		widget.NewFormItem(tr("范围"), r.scope),
		widget.NewFormItem(tr("单位"), r.unit.button),
		widget.NewFormItem(tr("附件"), r.annex),
		widget.NewFormItem(tr("报送月份"), r.month),
		widget.NewFormItem(tr("格式"), r.format),
		widget.NewFormItem(tr("附表"), r.detail),
	)
	content := container.NewVBox(form, widget.NewSeparator(), r.stage, r.bar, r.done)
	buttons := container.NewHBox(r.open, r.folder, r.close, r.create)
	r.dlg = dialog.NewCustomWithoutButtons(tr("月报"), content, r.h.window())
	r.dlg.SetButtons([]fyne.CanvasObject{buttons})
	r.dlg.Resize(fyne.NewSize(640, 420))
	r.dlg.Show()
}

// onScope enables the unit picker or the annex list for the chosen scope.
func (r *reportDialog) onScope(string) {
	if r.annex == nil {
		return // still being built
	}
	r.unit.button.Disable()
	r.annex.Disable()
	r.detail.Enable()
	switch r.scope.Selected {
	case tr(scopeUnit):
		r.unit.button.Enable()
		r.detail.Disable() // a unit's report prints its full texts
	case tr(scopeAnnex):
		r.annex.Enable()
	}
}

// choice is what the dialog asks for: the scope's filter, the month and
// the format, or the reason it cannot be made yet.
func (r *reportDialog) choice() (f data.MeasureFilter, m data.Month, format app.ReportFormat, problem string) {
	switch r.scope.Selected {
	case tr(scopeUnit):
		if f.Unit = r.unit.unit(); f.Unit == "" {
			return f, m, format, tr("请选择单位。")
		}
	case tr(scopeAnnex):
		i := r.annex.SelectedIndex()
		if i < 0 {
			return f, m, format, tr("请选择附件。")
		}
		f.Annex = r.annexes[i].Code
	}
	for _, mm := range r.months {
		if monthLabel(mm) == r.month.Selected {
			m = mm
		}
	}
	format = app.ReportPDF
	if r.format.Selected == tr(formatXLSX) {
		format = app.ReportXLSX
	}
	return f, m, format, ""
}

// fileName is the report's default file name, such as
// 西城区2023年6月工作进展情况.pdf or 德胜街道2023年6月工作进展情况.xlsx.
func fileName(f data.MeasureFilter, m data.Month, format app.ReportFormat) string {
	who := data.District
	switch {
	case f.Unit != "":
		who = strings.TrimSuffix(f.Unit, "办事处")
	case f.Annex != "":
		who = data.District + "附件" + f.Annex + " "
	}
	name := who + m.Label() + "工作进展情况." + string(format)
	return strings.Map(func(c rune) rune {
		if strings.ContainsRune(`\/:*?"<>|`, c) {
			return '_'
		}
		return c
	}, name)
}

// onCreate asks where to save the report, in the last folder used.
func (r *reportDialog) onCreate() {
	f, m, format, problem := r.choice()
	if problem != "" {
		d := newInformation(tr("无法生成月报"), problem, r.h.window())
		d.SetDismissText(tr("知道了"))
		d.Show()
		return
	}
	askSavePath(r.h, fileName(f, m, format), "."+string(format), prefReportFolder, func(path string) {
		r.generate(f, m, format, path)
	})
}

// generate makes the report at path in a goroutine, showing its stages on
// the progress bar.
func (r *reportDialog) generate(f data.MeasureFilter, m data.Month, format app.ReportFormat, path string) {
	r.setRunning(true)
	r.written = ""
	r.done.Hide()
	r.open.Hide()
	r.folder.Hide()
	r.bar.SetValue(0)
	r.stage.SetText(tr("正在读取台账……"))
	// The next report is offered in this one's folder.
	r.h.fyneApp().Preferences().SetString(prefReportFolder, filepath.Dir(path))
	req := app.ReportRequest{Month: m, Filter: f, Format: format, Detail: r.detail.Checked, Path: path}
	var last app.ReportStage
	var res app.ReportResult
	r.h.runThen(func(ctx context.Context) error {
		var err error
		res, err = r.h.ledger().WriteReport(ctx, req, func(stage app.ReportStage, done, total int) {
			last = stage
			v, text := stageProgress(stage, done, total)
			uiDo(func() {
				r.bar.SetValue(v)
				r.stage.SetText(text)
			})
		})
		if err != nil {
			removeIfEmpty(path)
		}
		return err
	}, func(err error) {
		r.setRunning(false)
		if err != nil {
			r.stage.SetText(tr("未能生成月报。"))
			r.showError(err, last)
			return
		}
		r.written = path
		r.bar.SetValue(1)
		r.stage.SetText(tr("月报已生成。"))
		if len(res.Missing) > 0 {
			r.stage.SetText(trf("月报已生成。以下字符没有可用字形，已印作 □：%s", string(res.Missing)))
		}
		r.done.SetText(path)
		r.done.Show()
		r.open.Show()
		r.folder.Show()
	})
}

// stageProgress is the bar's value and the stage's text: reading the
// ledger fills the first tenth, laying out the rows up to 95%, writing the
// rest.
func stageProgress(stage app.ReportStage, done, total int) (float64, string) {
	frac := 0.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	switch stage {
	case app.StageReading:
		return 0.1 * frac, tr("正在读取台账……")
	case app.StageLayout:
		return 0.1 + 0.85*frac, trf("正在排版：%d / %d", done, total)
	}
	return 0.95 + 0.05*frac, tr("正在写入文件……")
}

// setRunning shows the progress bar and locks the choices while a report is
// being made.
func (r *reportDialog) setRunning(on bool) {
	r.running = on
	if on {
		r.bar.Show()
		r.stage.Show()
		r.create.Disable()
		r.close.Disable()
		r.scope.Disable()
		r.month.Disable()
		r.format.Disable()
		r.detail.Disable()
		r.unit.button.Disable()
		r.annex.Disable()
		return
	}
	r.create.Enable()
	r.close.Enable()
	r.scope.Enable()
	r.month.Enable()
	r.format.Enable()
	r.onScope("")
}

// showError says why the report was not made and what to do next: a
// failed write is mostly a file open in WPS or Excel, or a folder that
// cannot be written.
func (r *reportDialog) showError(err error, stage app.ReportStage) {
	next := tr("请检查所选的范围和月份后重试；如仍出错，请把这段文字告诉区生态环境局。")
	if stage == app.StageWriting {
		next = tr("请确认这个文件没有在 WPS 或 Excel 中打开、所选文件夹可以写入（或换一个文件夹），然后重新生成。")
	}
	d := newInformation(tr("未能生成月报"), app.ErrorMessage(err)+"\n\n"+next, r.h.window())
	d.SetDismissText(tr("知道了"))
	d.Show()
}

// onClose closes the dialog (not while a report is being made).
func (r *reportDialog) onClose() {
	if !r.running {
		r.dlg.Hide()
	}
}

func (r *reportDialog) onOpenFile() { openPath(r.h, r.written) }

func (r *reportDialog) onOpenFolder() { openPath(r.h, filepath.Dir(r.written)) }
