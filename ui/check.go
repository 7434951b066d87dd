package ui

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
)

// onFullCheck runs the full check (integrity of the file and every
// evidence file's SHA-256) with a progress bar and lists what is wrong
// (文件 → 完整性检查…).
func (w *mainWindow) onFullCheck() {
	prog, bar := newProgressDialog(w.win, tr("完整性检查"), tr("正在检查数据库和每个佐证材料的校验值……"))
	prog.Show()
	var problems []string
	w.runThen(func(ctx context.Context) (err error) {
		problems, err = w.app.FullCheck(ctx, progressTo[int](bar))
		return err
	}, func(err error) {
		prog.Hide()
		if err != nil {
			w.showError(err)
			return
		}
		w.showCheckStatus(time.Now(), problems)
		w.showCheckResult(problems)
	})
}

// checkAtStart shows the last full check in the status line and, when the
// interval has passed (app.CheckDue), runs it in the background with its
// progress there; otherwise it checks there what opening left out, the
// entries and the audit log (app.HistoryCheck). Problems found are shown
// at once.
func (w *mainWindow) checkAtStart() {
	var due bool
	var last app.CheckRecord
	w.runThen(func(ctx context.Context) (err error) {
		if last, err = w.app.LastCheck(ctx); err == nil {
			due, err = w.app.CheckDue(ctx)
		}
		return err
	}, func(err error) {
		if err != nil {
			w.showError(err)
			return
		}
		if !due {
			w.historyCheck(last)
			return
		}
		w.backgroundCheck()
	})
}

// historyCheck checks the entries and the audit log in the background, the
// status line saying so, then shows the last full check there, or what
// this check found.
func (w *mainWindow) historyCheck(last app.CheckRecord) {
	w.check.SetText(tr("完整性检查：正在后台检查填报记录和修改记录……"))
	var problems []string
	w.runThen(func(ctx context.Context) (err error) {
		problems, err = w.app.HistoryCheck(ctx)
		return err
	}, func(err error) {
		switch {
		case err != nil:
			w.check.SetText(tr("完整性检查：未能完成"))
			w.showError(err)
		case len(problems) > 0:
			w.showCheckStatus(time.Now(), problems)
			w.showCheckResult(problems)
		default:
			w.check.SetText(checkText(last))
			if last.Found > 0 {
				w.check.Importance = widget.DangerImportance
				w.check.OnTapped = w.onFullCheck
				w.check.Refresh()
			}
		}
	})
}

// backgroundCheck runs the full check without a dialog, its progress in
// the status line.
func (w *mainWindow) backgroundCheck() {
	w.check.SetText(tr("完整性检查：正在后台检查数据库文件……"))
	var problems []string
	var shown atomic.Int64 // the last progress shown, in per mille
	shown.Store(-1)
	w.runThen(func(ctx context.Context) (err error) {
		problems, err = w.app.FullCheck(ctx, func(done, total int) {
			if total == 0 {
				return
			}
			if pm := int64(done * 1000 / total); pm/10 != shown.Swap(pm)/10 {
				uiDo(func() { w.check.SetText(trf("完整性检查：正在后台检查佐证材料 %d/%d", done, total)) })
			}
		})
		return err
	}, func(err error) {
		if err != nil {
			w.check.SetText(tr("完整性检查：未能完成"))
			w.showError(err)
			return
		}
		w.showCheckStatus(time.Now(), problems)
		if len(problems) > 0 {
			w.showCheckResult(problems)
		}
	})
}

// showCheckStatus shows a full check's outcome in the status line; with
// problems, tapping it lists them.
func (w *mainWindow) showCheckStatus(at time.Time, problems []string) {
	w.check.SetText(checkText(app.CheckRecord{Time: at, Found: len(problems)}))
	w.check.Importance = widget.LowImportance
	w.check.OnTapped = nil
	if len(problems) > 0 {
		w.check.Importance = widget.DangerImportance
		w.check.OnTapped = func() { w.showCheckResult(problems) }
	}
	w.check.Refresh()
}

// checkText is the status line's text for the last full check.
func checkText(r app.CheckRecord) string {
	switch {
	case r.Time.IsZero():
		return tr("完整性检查：尚未做过")
	case r.Found > 0:
		return trf("完整性检查：%s 发现 %d 处问题（点此查看）", r.Time.Local().Format("2006-01-02 15:04"), r.Found)
	}
	return trf("完整性检查：%s 通过", r.Time.Local().Format("2006-01-02 15:04"))
}

// showCheckResult shows the full check's findings.
func (w *mainWindow) showCheckResult(problems []string) {
	if len(problems) == 0 {
		d := newInformation(tr("完整性检查"), tr("检查通过：数据库文件完好，每个佐证材料都与其校验值相符。"), w.win)
		d.SetDismissText(tr("关闭"))
		d.Show()
		return
	}
	list := wrappedLabel(strings.Join(problems, "\n"))
	content := container.NewBorder(
		wrappedLabel(trn(len(problems), "发现 %d 处问题。请在“文件 → 备份与恢复”中用问题出现之前的备份恢复。", len(problems))),
		nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustom(tr("完整性检查发现问题"), tr("关闭"), content, w.win)
	d.Resize(fyne.NewSize(760, 460))
	d.Show()
}
