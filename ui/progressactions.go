package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"

	"taizhang/app"
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

// onCloseMonth closes the shown month, or reopens it, after the clerk
// confirms; before closing it says what the month still lacks.
func (w *mainWindow) onCloseMonth() {
	if w.view == nil {
		return
	}
	m, closed := w.view.Month, w.view.Closed
	if closed {
		w.confirmCloseMonth(m, false, tr("重新开启"), trf("重新开启%s后，各单位的填报又可以修改；重新开启会记入审计记录。\n确定重新开启？", monthLabel(m)))
		return
	}
	var g app.MonthGaps
	w.run(func(ctx context.Context) (err error) {
		g, err = w.app.MonthGaps(ctx, m)
		return err
	}, func() {
		msg := trf("关账后，%s的填报和佐证材料不能再修改，直到重新开启。", monthLabel(m))
		if gaps := monthGapsText(g); gaps != "" {
			msg = gaps + "\n\n" + msg
		}
		w.confirmCloseMonth(m, true, tr("关账"), msg+"\n"+tr("确定关账？"))
	})
}

// maxListedUnits is how many units without a return the 关账 question names.
const maxListedUnits = 12

// monthGapsText says how many measures are still 未报送 and which units
// have sent no return; "" when nothing is missing.
func monthGapsText(g app.MonthGaps) string {
	var lines []string
	if g.NotReported > 0 {
		who := tr("全区")
		if g.Unit != "" {
			who = g.Unit
		}
		lines = append(lines, trf("%s还有 %d 项工作措施（共 %d 项）未报送。", who, g.NotReported, g.Measures))
	}
	if n := len(g.Missing); n > 0 {
		names := strings.Join(g.Missing[:min(n, maxListedUnits)], "、")
		if n > maxListedUnits {
			names = trf("%s等", names)
		}
		lines = append(lines, trf("%d 个单位尚未报送本月回执表：%s。", n, names))
	}
	return strings.Join(lines, "\n")
}

// confirmCloseMonth asks msg, then closes (or reopens) month m. The
// question's lines break by the Chinese rules (cjkLabel), not at the space
// before a number as Fyne's own confirmation would.
func (w *mainWindow) confirmCloseMonth(m data.Month, close bool, title, msg string) {
	text := newCJKLabel(msg)
	d := dialog.NewCustomConfirm(title, title, tr("取消"), text, func(ok bool) {
		if ok {
			w.setMonthClosed(m, close)
		}
	}, w.win)
	const width = 600
	text.Resize(fyne.NewSize(width-4*theme.Padding(), 0)) // break the lines for the height
	d.Resize(fyne.NewSize(width, d.MinSize().Height))
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
