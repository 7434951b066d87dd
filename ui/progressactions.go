package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"taizhang/data"
)

// onTick sets or clears 已完成 for the chosen unit on a measure.
func (w *mainWindow) onTick(measureID string, done bool) {
	if !w.canEdit() {
		return
	}
	unit, month := w.view.Unit, w.view.Month
	w.runThen(func(ctx context.Context) error {
		_, err := w.app.Tick(context.WithoutCancel(ctx), unit, measureID, month, done)
		return err
	}, func(err error) {
		if err != nil {
			w.showError(err)
		}
		w.reload() // also puts a refused tick back
	})
}

// onCloseMonth closes the shown month, or reopens it, after the clerk confirms.
func (w *mainWindow) onCloseMonth() {
	if w.view == nil {
		return
	}
	m, closed := w.view.Month, w.view.Closed
	title, msg := tr("关账"), trf("关账后，%s的填报和佐证材料不能再修改，直到重新开启。\n确定关账？", m.Label())
	if closed {
		title, msg = tr("重新开启"), trf("重新开启%s后，各单位的填报又可以修改；重新开启会记入审计记录。\n确定重新开启？", m.Label())
	}
	d := dialog.NewConfirm(title, msg, func(ok bool) {
		if ok {
			w.setMonthClosed(m, !closed)
		}
	}, w.win)
	d.SetConfirmText(title)
	d.SetDismissText(tr("取消"))
	d.Show()
}

// setMonthClosed closes (or reopens) month m.
func (w *mainWindow) setMonthClosed(m data.Month, closed bool) {
	w.runThen(func(ctx context.Context) error {
		ctx = context.WithoutCancel(ctx)
		if closed {
			return w.app.CloseMonth(ctx, m)
		}
		return w.app.ReopenMonth(ctx, m)
	}, func(err error) {
		if err != nil {
			w.showError(err)
		}
		w.reload()
	})
}

// onDropped attaches files dropped on the window to the shown measure, or
// hands them to the import wizard while it is open.
func (w *mainWindow) onDropped(_ fyne.Position, uris []fyne.URI) {
	if w.imports != nil { // the import wizard takes the returns dropped
		w.imports.onDropped(uris)
		return
	}
	var paths []string
	for _, u := range uris {
		if u.Scheme() == "file" {
			paths = append(paths, u.Path())
		}
	}
	if len(paths) > 0 {
		w.detail.progress.attach(paths)
	}
}
