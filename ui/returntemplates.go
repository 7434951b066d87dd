package ui

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// returnFileDialog is 报送 → 生成填报模板… (a unit's template, or every
// unit's into a folder) and 报送 → 导出报送包… (a unit's return package):
// the unit and month, then where to save; the files are written in a
// goroutine with a progress bar, and the folder can be opened afterwards.
type returnFileDialog struct {
	h      host
	pkg    bool // a return package rather than templates
	months []data.Month

	unit   *unitPicker // "" is 全部单位 for templates
	month  *widget.Select
	bar    *widget.ProgressBar
	busy   *widget.ProgressBarInfinite
	stage  *widget.Label
	done   *widget.Label
	create *widget.Button
	close  *widget.Button
	folder *widget.Button

	dlg      *dialog.CustomDialog
	written  string // the file, or for all units the folder, written last
	folderOf string // the folder to open: written's, or written itself
	running  bool
}

// onReturnTemplates shows 生成填报模板….
func (w *mainWindow) onReturnTemplates() { w.showReturnFileDialog(false) }

// onReturnPackage shows 导出报送包….
func (w *mainWindow) onReturnPackage() { w.showReturnFileDialog(true) }

// showReturnFileDialog loads the units that send returns and the clerk's
// own unit, then shows the dialog with the main window's month.
func (w *mainWindow) showReturnFileDialog(pkg bool) {
	month := w.filter.selectedMonth()
	var units []data.UnitSummary
	var my string
	w.run(func(ctx context.Context) (err error) {
		if units, err = w.app.ReturnUnits(ctx, month.Year()); err != nil {
			return err
		}
		my, err = w.app.MyUnit(ctx)
		return err
	}, func() {
		w.returnFile = newReturnFileDialog(w, pkg, units, my, month)
		w.returnFile.show()
	})
}

// newReturnFileDialog builds the dialog over h for units and month; the
// clerk's own unit my is chosen when it sends returns.
func newReturnFileDialog(h host, pkg bool, units []data.UnitSummary, my string, month data.Month) *returnFileDialog {
	r := &returnFileDialog{
		h:      h,
		pkg:    pkg,
		months: h.ledger().Months(month.Year()),
		bar:    widget.NewProgressBar(),
		busy:   widget.NewProgressBarInfinite(),
		stage:  widget.NewLabel(""),
		done:   wrappedLabel(""),
	}
	if pkg {
		r.unit = newPicker(tr("请选择单位"), true)
	} else {
		r.unit = newPicker(tr("全部单位（每个单位一份，存入所选文件夹）"), true)
	}
	r.unit.setUnits(units)
	for _, u := range units {
		if u.Name == my {
			r.unit.setUnit(my)
		}
	}
	r.month = newMonthSelect(r.months, month)
	r.create = &widget.Button{Text: tr("生成…"), Importance: widget.HighImportance, OnTapped: r.onCreate}
	r.close = &widget.Button{Text: tr("关闭"), OnTapped: r.onClose}
	r.folder = &widget.Button{Text: tr("打开所在文件夹"), OnTapped: r.onOpenFolder}
	if pkg {
		r.create.SetText(tr("导出…"))
	}
	r.bar.Hide()
	r.busy.Hide()
	r.busy.Stop()
	r.stage.Hide()
	r.done.Hide()
	r.folder.Hide()
	return r
}

func (r *returnFileDialog) show() {
	title, note := tr("生成填报模板"), tr("模板列出该单位的全部措施，已填上上月的填报内容，发给单位填写后用“导入回执表…”导入。")
	if r.pkg {
		title, note = tr("导出报送包"), tr("报送包（.zip）含本单位该月的回执表和佐证材料，交给区里用“导入回执表…”导入。")
	}
	form := widget.NewForm(
		widget.NewFormItem(tr("单位"), r.unit.button),
		widget.NewFormItem(tr("报送月份"), r.month),
	)
	content := container.NewVBox(wrappedLabel(note), form, widget.NewSeparator(), r.stage, r.bar, r.busy, r.done)
	r.dlg = dialog.NewCustomWithoutButtons(title, content, r.h.window())
	r.dlg.SetButtons([]fyne.CanvasObject{container.NewHBox(r.folder, r.close, r.create)})
	r.dlg.Resize(fyne.NewSize(640, 380))
	r.dlg.Show()
}

// onCreate asks where to write: a file for one unit, a folder for all.
func (r *returnFileDialog) onCreate() {
	unit, m := r.unit.unit(), selectedMonth(r.month, r.months)
	switch {
	case r.pkg && unit == "":
		d := newInformation(tr("无法导出报送包"), tr("请选择单位。"), r.h.window())
		d.SetDismissText(tr("知道了"))
		d.Show()
	case r.pkg:
		askSavePath(r.h, app.ReturnPackageFileName(unit, m), ".zip", prefReturnFolder, func(path string) { r.writePackage(unit, m, path) })
	case unit == "":
		prefs := r.h.fyneApp().Preferences()
		askFolder(r.h.window(), tr("选择存放全部模板的文件夹"), prefs.String(prefReturnFolder), func(dir string) {
			prefs.SetString(prefReturnFolder, dir)
			r.writeAll(m, dir)
		})
	default:
		askSavePath(r.h, app.TemplateFileName(unit, m), ".xlsx", prefReturnFolder, func(path string) { r.writeTemplate(unit, m, path) })
	}
}

// writeTemplate writes one unit's template at path in a goroutine.
func (r *returnFileDialog) writeTemplate(unit string, m data.Month, path string) {
	r.write(tr("正在生成填报模板……"), func(ctx context.Context) (string, string, error) {
		err := r.h.ledger().WriteReturnTemplate(ctx, unit, m, path)
		return path, trf("已生成%s%s的填报模板。", unit, monthLabel(m)), err
	})
}

// writePackage writes one unit's return package at path in a goroutine.
func (r *returnFileDialog) writePackage(unit string, m data.Month, path string) {
	r.write(tr("正在导出报送包……"), func(ctx context.Context) (string, string, error) {
		err := r.h.ledger().WriteReturnPackage(ctx, unit, m, path)
		return path, trf("已导出%s%s的报送包。", unit, monthLabel(m)), err
	})
}

// writeAll writes every unit's template into dir in a goroutine, the bar
// counting the files.
func (r *returnFileDialog) writeAll(m data.Month, dir string) {
	r.bar.SetValue(0)
	r.bar.Show()
	r.write(tr("正在生成全部单位的填报模板……"), func(ctx context.Context) (string, string, error) {
		paths, err := r.h.ledger().WriteReturnTemplates(ctx, m, dir, func(done, total int) {
			uiDo(func() {
				r.bar.SetValue(float64(done) / float64(total))
				r.stage.SetText(trf("正在生成填报模板：%d / %d", done, total))
			})
		})
		return dir, trn(len(paths), "已在所选文件夹生成 %d 份%s的填报模板。", len(paths), monthLabel(m)), err
	})
}

// write does work in a goroutine with the choices locked, then shows what
// was written (a file or folder) or why not.
func (r *returnFileDialog) write(stage string, work func(ctx context.Context) (written, done string, err error)) {
	r.running = true
	r.create.Disable()
	r.close.Disable()
	r.month.Disable()
	r.unit.button.Disable()
	r.folder.Hide()
	r.done.Hide()
	r.stage.SetText(stage)
	r.stage.Show()
	if !r.bar.Visible() {
		r.busy.Show()
		r.busy.Start()
	}
	all := r.bar.Visible() // every unit's templates into a folder
	var written, done string
	r.h.runThen(func(ctx context.Context) (err error) {
		written, done, err = work(ctx)
		if err != nil && !all {
			removeIfEmpty(written)
		}
		return err
	}, func(err error) {
		r.running = false
		r.create.Enable()
		r.close.Enable()
		r.month.Enable()
		r.unit.button.Enable()
		r.busy.Stop()
		r.busy.Hide()
		r.bar.Hide()
		if err != nil {
			r.stage.SetText(tr("未能完成。"))
			d := newInformation(tr("未能完成"), app.ErrorMessage(err)+"\n\n"+
				tr("请确认同名文件没有在 WPS 或 Excel 中打开、所选文件夹可以写入（或换一个文件夹），然后重试。"), r.h.window())
			d.SetDismissText(tr("知道了"))
			d.Show()
			return
		}
		r.written, r.folderOf = written, filepath.Dir(written)
		if all {
			r.folderOf = written
		}
		r.stage.SetText(done)
		r.done.SetText(written)
		r.done.Show()
		r.folder.Show()
	})
}

// onClose closes the dialog (not while files are being written).
func (r *returnFileDialog) onClose() {
	if !r.running {
		r.dlg.Hide()
	}
}

// onOpenFolder opens the folder written to.
func (r *returnFileDialog) onOpenFolder() { openPath(r.h, r.folderOf) }
