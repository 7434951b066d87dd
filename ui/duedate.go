package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// onSetDue asks for the shown measure's due date — the clerk's override of
// its printed deadline: a date for a milestone such as 适时 or 按上级要求,
// or a new date — empty to return to the plan's, and saves it in the
// background (audited); the month is shown again with the new date.
func (w *mainWindow) onSetDue() {
	mp := w.progress[w.selected]
	if mp == nil {
		return
	}
	id, year := mp.Measure.ID, w.year()
	entry := widget.NewEntry()
	entry.SetPlaceHolder(time.Date(year, 6, 30, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
	if mp.DueOverridden {
		entry.SetText(mp.Due)
	}
	entry.Validator = func(s string) error {
		if s = strings.TrimSpace(s); s != "" {
			if _, err := time.Parse(time.DateOnly, s); err != nil {
				return errors.New(tr("请按 2024-06-30 的格式填写日期"))
			}
		}
		return nil
	}
	items := []*widget.FormItem{
		{Text: tr("完成时限"), Widget: widget.NewLabel(orDash(mp.Measure.Deadline.Text))},
		{Text: tr("截止日期"), Widget: entry, HintText: tr("留空则按计划的完成时限")},
	}
	dialog.ShowForm(trf("设定措施 %s 的截止日期", id), tr("保存"), tr("取消"), items, func(ok bool) {
		if ok {
			w.saveDue(year, id, strings.TrimSpace(entry.Text))
		}
	}, w.win)
}

// saveDue sets measure id's due date in the background and shows the
// month again.
func (w *mainWindow) saveDue(year int, id, due string) {
	w.runThen(func(ctx context.Context) error {
		return w.app.SetDue(context.WithoutCancel(ctx), year, id, due)
	}, func(err error) {
		if err != nil {
			w.showError(err)
		}
		w.reload()
	})
}

// effectiveDueText is the due date the status rule uses for mp: the
// clerk's, said to be set, else the plan's (dueText).
func effectiveDueText(mp *app.MeasureProgress, d data.Deadline) string {
	if mp == nil || !mp.DueOverridden {
		return dueText(d)
	}
	return trf("%s（已设定；计划：%s）", chineseDate(mp.Due), orDash(d.Text))
}
