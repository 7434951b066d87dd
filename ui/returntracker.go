package ui

import (
	"context"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// trackerHeader is the tracker's column headings.
func trackerHeader() []string {
	return []string{tr("单位"), tr("类别"), tr("措施数"), tr("报送情况"), tr("收到时间"), tr("回执表文件（最近一次）"), tr("导入次数"), tr("填报人、联系电话、审核人")}
}

// trackerWidths are the widths of the tracker's columns.
var trackerWidths = []float32{190, 70, 70, 90, 140, 300, 80, 260}

// returnTrackerDialog is 报送 → 催报（报送情况）…: for a month, every unit
// that sends returns with 已报送 (when, which file), 逾期报送 or 未报送,
// the counts and the due day above; the missing units can be exported.
type returnTrackerDialog struct {
	h      host
	months []data.Month

	month   *widget.Select
	which   *widget.RadioGroup // which units the table shows
	due     *widget.Label
	counts  *widget.Label
	table   *widget.Table
	export  *widget.Button
	receive *widget.Button // sets the selected unit's received date
	picked  int            // the selected line of shown, -1 for none
	dlg     *dialog.CustomDialog
	tracker *app.ReturnTracker // the month shown; nil while loading
	shown   []app.TrackedUnit  // the table's lines: the units which lets through
	seq     int                // number of the latest load; older results are dropped
}

// onReturnTracker shows the tracker for the main window's month.
func (w *mainWindow) onReturnTracker() {
	w.tracker = newReturnTrackerDialog(w, w.filter.selectedMonth())
	w.tracker.show()
	w.tracker.load()
}

// newReturnTrackerDialog builds the tracker over h for month.
func newReturnTrackerDialog(h host, month data.Month) *returnTrackerDialog {
	t := &returnTrackerDialog{
		h:      h,
		months: h.ledger().Months(month.Year()),
		due:    widget.NewLabel(""),
		counts: &widget.Label{Text: tr("正在加载……"), TextStyle: fyne.TextStyle{Bold: true}},
	}
	t.month = newMonthSelect(t.months, month)
	t.month.OnChanged = func(string) { t.load() }
	t.which = widget.NewRadioGroup([]string{tr("全部单位"), tr("只看未报送"), tr("只看已报送")}, func(string) { t.filter() })
	t.which.Horizontal = true
	t.which.Required = true
	t.which.SetSelected(tr("全部单位"))
	t.table = &widget.Table{
		Length:     func() (int, int) { return t.rows() + 1, len(trackerWidths) },
		CreateCell: func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		UpdateCell: t.updateCell,
	}
	t.table.ExtendBaseWidget(t.table)
	t.table.StickyRowCount = 1
	t.picked = -1
	t.table.OnSelected = func(id widget.TableCellID) { t.pick(id.Row - 1) }
	for i, wd := range trackerWidths {
		t.table.SetColumnWidth(i, wd)
	}
	t.export = &widget.Button{Text: tr("导出未报送名单…"), OnTapped: t.onExport}
	t.export.Disable()
	t.receive = &widget.Button{Text: tr("设置收到日期…"), OnTapped: t.onReceived}
	t.receive.Disable()
	return t
}

// pick selects line i of the table (-1: none); a unit whose return came
// can have its received date set.
func (t *returnTrackerDialog) pick(i int) {
	t.picked = -1
	t.receive.Disable()
	if i >= 0 && i < len(t.shown) && t.shown[i].First != nil {
		t.picked = i
		t.receive.Enable()
	}
}

// onReceived asks the day the selected unit's return arrived and sets it:
// 逾期 is judged by it.
func (t *returnTrackerDialog) onReceived() {
	if t.picked < 0 {
		return
	}
	u, m := t.shown[t.picked], t.tracker.Month
	day := widget.NewEntry()
	day.SetText(u.First.ReceivedAt.Local().Format("2006-01-02"))
	form := dialog.NewForm(tr("设置收到日期"), tr("确定"), tr("取消"),
		[]*widget.FormItem{widget.NewFormItem(tr("单位"), widget.NewLabel(u.Unit)), widget.NewFormItem(tr("收到日期"), day)},
		func(ok bool) {
			if ok {
				t.setReceived(u.Unit, m, day.Text)
			}
		}, t.h.window())
	form.Resize(fyne.NewSize(420, 200))
	form.Show()
}

// setReceived stores the received date in a goroutine and reloads.
func (t *returnTrackerDialog) setReceived(unit string, m data.Month, day string) {
	t.h.runThen(func(ctx context.Context) error {
		_, err := t.h.ledger().SetReturnReceived(ctx, unit, m, day)
		return err
	}, func(err error) {
		if err != nil {
			t.h.showError(err)
			return
		}
		t.load()
	})
}

func (t *returnTrackerDialog) show() {
	top := container.NewVBox(
		container.NewHBox(widget.NewLabel(tr("报送月份")), t.month, t.due),
		container.NewBorder(nil, nil, nil, t.which, t.counts), widget.NewSeparator())
	content := container.NewBorder(top, nil, nil, nil, t.table)
	t.dlg = dialog.NewCustomWithoutButtons(tr("催报（报送情况）"), content, t.h.window())
	t.dlg.SetButtons([]fyne.CanvasObject{container.NewHBox(t.receive, t.export,
		&widget.Button{Text: tr("关闭"), OnTapped: func() { t.dlg.Hide() }})})
	t.dlg.Resize(fyne.NewSize(1040, 640))
	t.dlg.Show()
}

// load reads the tracker of the chosen month in a goroutine.
func (t *returnTrackerDialog) load() {
	t.seq++
	seq, m := t.seq, selectedMonth(t.month, t.months)
	t.export.Disable()
	var rt *app.ReturnTracker
	t.h.runThen(func(ctx context.Context) (err error) {
		rt, err = t.h.ledger().ReturnTracker(ctx, m)
		return err
	}, func(err error) {
		if seq != t.seq {
			return
		}
		if err != nil {
			t.counts.SetText(app.ErrorMessage(err))
			return
		}
		t.setTracker(rt)
	})
}

// setTracker shows a loaded tracker.
func (t *returnTrackerDialog) setTracker(rt *app.ReturnTracker) {
	t.tracker = rt
	t.due.SetText(trf("报送截止：%s（次月 %d 日）", rt.Due.Add(-time.Second).Format("2006-01-02"), rt.DueDay))
	t.counts.SetText(trn(len(rt.Units), "共 %d 个单位：已报送 %d · 逾期报送 %d · 未报送 %d", len(rt.Units),
		rt.Counts[app.ReturnReceived], rt.Counts[app.ReturnLate], rt.Counts[app.ReturnMissing]))
	if rt.Counts[app.ReturnMissing] > 0 {
		t.export.Enable()
	}
	t.filter()
}

// filter shows the units that the radio group lets through.
func (t *returnTrackerDialog) filter() {
	t.shown = nil
	if t.tracker == nil {
		return
	}
	t.table.UnselectAll()
	t.pick(-1)
	for _, u := range t.tracker.Units {
		switch {
		case t.which.Selected == tr("只看未报送") && u.State != app.ReturnMissing:
		case t.which.Selected == tr("只看已报送") && u.State == app.ReturnMissing:
		default:
			t.shown = append(t.shown, u)
		}
	}
	t.table.ScrollToTop()
	t.table.Refresh()
}

func (t *returnTrackerDialog) rows() int { return len(t.shown) }

// stateText is a tracker state as the table shows it, with its colour.
func stateText(s app.ReturnState) (string, widget.Importance) {
	switch s {
	case app.ReturnReceived:
		return tr("已报送"), widget.SuccessImportance
	case app.ReturnLate:
		return tr("逾期报送"), widget.WarningImportance
	}
	return tr("未报送"), widget.DangerImportance
}

func (t *returnTrackerDialog) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.TextStyle.Bold = id.Row == 0
	l.Importance = widget.MediumImportance
	if id.Row == 0 {
		l.SetText(trackerHeader()[id.Col])
		return
	}
	u := t.shown[id.Row-1]
	text := ""
	switch id.Col {
	case 0:
		text = u.Unit
	case 1:
		text = u.Kind.Label()
	case 2:
		text = strconv.Itoa(u.Measures)
	case 3:
		text, l.Importance = stateText(u.State)
		l.TextStyle.Bold = true
	case 4:
		if u.First != nil {
			text = u.First.ReceivedAt.Local().Format("2006-01-02 15:04")
		}
	case 5:
		if u.Last != nil {
			text = u.Last.FileName
		}
	case 6:
		if u.Imports > 0 {
			text = strconv.Itoa(u.Imports)
		}
	case 7:
		if u.Last != nil {
			text = u.Last.Contacts.Label()
		}
	}
	l.SetText(text)
}

// onExport saves the month's list of missing units where the clerk says.
func (t *returnTrackerDialog) onExport() {
	m := t.tracker.Month
	askSavePath(t.h, m.Label()+"回执表未报送单位.xlsx", ".xlsx", prefReturnFolder, func(path string) { t.exportTo(m, path) })
}

// exportTo writes the list of missing units of month m at path in a
// goroutine and says where it went.
func (t *returnTrackerDialog) exportTo(m data.Month, path string) {
	t.export.Disable()
	t.h.runThen(func(ctx context.Context) error {
		err := t.h.ledger().WriteMissingList(ctx, m, path)
		if err != nil {
			removeIfEmpty(path)
		}
		return err
	}, func(err error) {
		t.export.Enable()
		if err != nil {
			t.h.showError(err)
			return
		}
		d := newConfirm(tr("未报送名单已导出"), trf("已导出到：\n%s\n\n现在打开吗？", path), func(ok bool) {
			if ok {
				openPath(t.h, path)
			}
		}, t.h.window())
		d.SetConfirmText(tr("打开文件"))
		d.SetDismissText(tr("关闭"))
		d.Show()
	})
}
