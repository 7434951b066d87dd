package ui

import (
	"context"
	"fmt"
	"image/color"
	"slices"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// Grid columns after the area and the twelve months.
const (
	colYTD = iota + 13
	colTarget
	colVerdict
	gridCols
)

// indicatorChoice is one line of the indicator list: an indicator of an
// annex.
type indicatorChoice struct {
	annex string
	ind   data.Indicator
}

func (c indicatorChoice) label() string { return trf("附件%s · %s", c.annex, c.ind.Name) }

// indicatorsWindow is 指标 → 指标完成情况…: one indicator's areas × months,
// typed in by hand, with the year-to-date figure, the target and the
// verdict as of a month; off-target cells red; a bar chart of the areas and
// a line chart of one area's months.
type indicatorsWindow struct {
	app    *app.App
	win    fyne.Window
	runner *runner // the window's work; stopped when it closes
	year   int     // the plan year of the window: the main window's when it opened
	months []data.Month

	choices []indicatorChoice
	pick    *widget.Select
	asOf    *widget.Select // the month of the YTD columns and the bar chart
	area    *widget.Select // the area of the line chart
	table   *widget.Table
	bars    *indicatorChart
	line    *indicatorChart
	status  *widget.Label

	grid *app.IndicatorGrid
	seq  int
}

// onIndicators opens the indicator window (指标 → 指标完成情况…) on the
// main window's month.
func (w *mainWindow) onIndicators() {
	if w.indicators != nil {
		w.indicators.win.RequestFocus()
		return
	}
	v := newIndicatorsWindow(w.fa, w.app, &w.pending, w.filter.selectedMonth())
	v.win.SetOnClosed(func() {
		v.runner.stop()
		w.indicators = nil
	})
	w.indicators = v
	w.indicators.win.Show()
	w.indicators.loadChoices()
}

// newIndicatorsWindow builds the window over the ledger a on month,
// counting its work in the main window's pending.
func newIndicatorsWindow(fa fyne.App, a *app.App, pending *atomic.Int64, month data.Month) *indicatorsWindow {
	v := &indicatorsWindow{
		app:    a,
		win:    fa.NewWindow(tr("指标完成情况")),
		year:   month.Year(),
		months: a.Months(month.Year()),
		bars:   newIndicatorChart(),
		line:   newIndicatorChart(),
		status: widget.NewLabel(tr("正在加载……")),
	}
	v.runner = newRunner(pending, v.showError)
	v.pick = widget.NewSelect(nil, v.onPick)
	v.pick.PlaceHolder = tr("请选择指标")
	labels := make([]string, len(v.months))
	for i, m := range v.months {
		labels[i] = monthLabel(m)
	}
	v.asOf = widget.NewSelect(labels, nil)
	fitLongest(v.asOf)
	v.asOf.SetSelected(monthLabel(month))
	v.asOf.OnChanged = func(string) { v.show() }
	v.area = widget.NewSelect(nil, func(string) { v.showLine() })
	v.table = &widget.Table{
		Length:     func() (int, int) { return v.rows() + 1, gridCols },
		CreateCell: v.createCell,
		UpdateCell: v.updateCell,
		OnSelected: v.onCell,
	}
	v.table.ExtendBaseWidget(v.table)
	v.table.StickyRowCount = 1
	v.table.StickyColumnCount = 1
	v.table.SetColumnWidth(0, 110)
	for c := 1; c < gridCols; c++ {
		v.table.SetColumnWidth(c, 62)
	}
	v.table.SetColumnWidth(colVerdict, 76)

	bar := container.NewBorder(nil, nil, widget.NewLabel(tr("指标")), container.NewHBox(
		widget.NewLabel(tr("截至")), v.asOf,
		widget.NewLabel(tr("折线图地区")), v.area,
	), v.pick)
	hint := hintText(tr("点击某月的格子填写或修改数值，点击目标可调整目标；红色表示截至该月的累计未达到目标（▲ 高于、▼ 低于目标），灰色为已关账月份。"))
	charts := container.NewGridWithColumns(2, v.bars, v.line)
	split := container.NewVSplit(v.table, charts)
	split.Offset = 0.5
	v.win.SetContent(container.NewBorder(container.NewVBox(bar, hint), v.status, nil, nil, split))
	v.win.Resize(fyne.NewSize(1300, 860))
	return v
}

// loadChoices lists the indicators of annexes 2-2 and 6 and shows the first.
func (v *indicatorsWindow) loadChoices() {
	var targets []data.IndicatorTarget
	v.runner.run(func(ctx context.Context) (err error) {
		targets, err = v.app.IndicatorTargets(ctx, v.year)
		return err
	}, func() {
		seen := map[string]bool{}
		var labels []string
		for _, t := range targets {
			ind, ok := data.IndicatorByKey(t.Indicator)
			if !ok || seen[t.Annex+"/"+t.Indicator] {
				continue
			}
			seen[t.Annex+"/"+t.Indicator] = true
			c := indicatorChoice{annex: t.Annex, ind: ind}
			v.choices = append(v.choices, c)
			labels = append(labels, c.label())
		}
		v.pick.SetOptions(labels)
		if len(labels) > 0 {
			v.pick.SetSelectedIndex(0)
		}
	})
}

// onPick loads the chosen indicator's grid.
func (v *indicatorsWindow) onPick(string) {
	if i := v.pick.SelectedIndex(); i >= 0 {
		v.load(v.choices[i].ind.Key)
	}
}

// load reads the grid of indicator key in a goroutine; a newer load wins.
func (v *indicatorsWindow) load(key string) {
	v.seq++
	seq := v.seq
	v.status.SetText(tr("正在加载……"))
	var g *app.IndicatorGrid
	v.runner.runThen(func(ctx context.Context) (err error) {
		g, err = v.app.IndicatorGrid(ctx, v.year, key)
		return err
	}, func(err error) {
		if seq != v.seq {
			return
		}
		if err != nil {
			v.showError(err)
			return
		}
		v.grid = g
		var areas []string
		for _, r := range g.Rows {
			areas = append(areas, r.Area)
		}
		keep := v.area.Selected
		v.area.Options = areas
		if !slices.Contains(areas, keep) && len(areas) > 0 {
			keep = areas[len(areas)-1] // 西城区 where it is listed, printed last
			if i := slices.Index(areas, data.District); i >= 0 {
				keep = areas[i]
			}
		}
		v.area.Selected = keep
		v.area.Refresh()
		v.status.SetText(trn(len(g.Rows), "%s（%s）：%d 个地区。", g.Indicator.Name, g.Indicator.Unit, len(g.Rows)))
		v.show()
	})
}

// monthIndex is the plan-year index of the month chosen as 截至.
func (v *indicatorsWindow) monthIndex() int {
	for i, m := range v.months {
		if monthLabel(m) == v.asOf.Selected {
			return i
		}
	}
	return len(v.months) - 1
}

func (v *indicatorsWindow) rows() int {
	if v.grid == nil {
		return 0
	}
	return len(v.grid.Rows)
}

// show redraws the grid and both charts.
func (v *indicatorsWindow) show() {
	v.table.Refresh()
	v.showBars()
	v.showLine()
}

func (v *indicatorsWindow) createCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(nil)
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return container.NewStack(bg, l)
}

// Cell fills: off-target cells red, closed months grey.
var (
	offTargetFill = color.NRGBA{R: 230, G: 110, B: 100, A: 170}
	closedFill    = color.NRGBA{R: 128, G: 128, B: 128, A: 60}
)

// mark is the off-target mark of a value: ▲ above a lower-better target,
// ▼ below a higher-better one.
func mark(ind data.Indicator) string {
	if ind.Direction == data.LowerBetter {
		return "▲ "
	}
	return "▼ "
}

// cellText is the text of grid cell id and whether it is off target or in
// a closed month.
func (v *indicatorsWindow) cellText(id widget.TableCellID) (text string, off, closed bool) {
	if id.Row == 0 {
		switch {
		case id.Col == 0:
			return tr("地区"), false, false
		case id.Col <= 12:
			return trf("%d月", id.Col), false, false
		case id.Col == colYTD:
			return tr("累计"), false, false
		case id.Col == colTarget:
			return tr("目标"), false, false
		}
		return tr("是否达标"), false, false
	}
	r := v.grid.Rows[id.Row-1]
	ind := v.grid.Indicator
	switch {
	case id.Col == 0:
		return r.Area, false, false
	case id.Col <= 12:
		c := r.Cells[id.Col-1]
		closed = v.grid.Closed[c.Month]
		if c.Value == nil {
			return "", false, closed
		}
		off = c.OnTrack != nil && !*c.OnTrack
		text = chartNumber(*c.Value)
		if off {
			text = mark(ind) + text
		}
		return text, off, closed
	}
	c := r.Cells[v.monthIndex()]
	off = c.OnTrack != nil && !*c.OnTrack
	switch id.Col {
	case colYTD:
		if c.YTD == nil {
			return "—", false, false
		}
		if off {
			return mark(ind) + chartNumber(*c.YTD), true, false
		}
		return chartNumber(*c.YTD), false, false
	case colTarget:
		return r.Target.Text, false, false
	}
	return verdict(r.Target, c), off, false
}

// verdict is a cell's 是否达标.
func verdict(t data.IndicatorTarget, c app.IndicatorCell) string {
	switch {
	case t.Value == nil:
		return tr("无目标")
	case c.OnTrack == nil:
		return tr("未填报")
	case *c.OnTrack:
		return tr("达标")
	}
	return tr("未达标")
}

func (v *indicatorsWindow) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	if v.grid == nil {
		return
	}
	c := o.(*fyne.Container)
	bg, l := c.Objects[0].(*canvas.Rectangle), c.Objects[1].(*widget.Label)
	text, off, closed := v.cellText(id)
	l.TextStyle = fyne.TextStyle{Bold: id.Row == 0 || off}
	l.Importance = widget.MediumImportance
	l.Alignment = fyne.TextAlignTrailing
	if id.Col == 0 || id.Row == 0 {
		l.Alignment = fyne.TextAlignLeading
	}
	switch {
	case off:
		bg.FillColor = offTargetFill
	case closed:
		bg.FillColor = closedFill
	default:
		bg.FillColor = nil
	}
	bg.Refresh()
	l.SetText(text)
}

// onCell edits a month's value of an area, or its target; other cells do
// nothing.
func (v *indicatorsWindow) onCell(id widget.TableCellID) {
	v.table.Unselect(id)
	if v.grid == nil || id.Row == 0 || id.Col == 0 || (id.Col > 12 && id.Col != colTarget) {
		return
	}
	r := v.grid.Rows[id.Row-1]
	if id.Col == colTarget {
		v.editTarget(r.Target)
		return
	}
	c := r.Cells[id.Col-1]
	if v.grid.Closed[c.Month] {
		d := newInformation(tr("本月已关账"),
			trf("%s已关账，数值不能修改。如需修改，请先在主窗口“填报 → 关账 / 重新开启所选月份”中重新开启该月。", monthLabel(c.Month)), v.win)
		d.SetDismissText(tr("知道了"))
		d.Show()
		return
	}
	v.editCell(r.Area, c)
}

// editCell asks for the value of area in cell c's month.
func (v *indicatorsWindow) editCell(area string, c app.IndicatorCell) {
	ind := v.grid.Indicator
	e := widget.NewEntry()
	if c.Value != nil {
		e.SetText(data.FormatValue(*c.Value))
	}
	e.SetPlaceHolder(ind.Unit)
	items := []*widget.FormItem{{Text: trf("数值（%s）", ind.Unit), Widget: e, HintText: tr("留空保存即清除本月数值")}}
	d := dialog.NewForm(trf("%s %s的%s", area, monthLabel(c.Month), ind.Name), tr("保存"), tr("取消"), items, func(ok bool) {
		if ok {
			v.save(ind.Key, area, c.Month, e.Text)
		}
	}, v.win)
	e.OnSubmitted = func(string) { d.Submit() } // Enter saves
	d.Resize(fyne.NewSize(480, 220))
	d.Show()
	v.win.Canvas().Focus(e)
}

// editTarget asks for a new text of target t (the annex notes say targets
// may be adjusted); the printed value is shown beside it.
func (v *indicatorsWindow) editTarget(t data.IndicatorTarget) {
	ind := v.grid.Indicator
	e := widget.NewEntry()
	e.SetText(t.Text)
	hint := trf("计划原文：%s。填“—”表示无目标；修改记入审计记录。", t.Printed)
	items := []*widget.FormItem{{Text: trf("目标（%s）", ind.Unit), Widget: e, HintText: hint}}
	d := dialog.NewForm(trf("%s的%s目标", t.Area, ind.Name), tr("保存"), tr("取消"), items, func(ok bool) {
		if ok {
			v.saveTarget(t, e.Text)
		}
	}, v.win)
	e.OnSubmitted = func(string) { d.Submit() } // Enter saves
	d.Resize(fyne.NewSize(520, 240))
	d.Show()
	v.win.Canvas().Focus(e)
}

// saveTarget stores a target's new text in a goroutine and reloads the grid.
func (v *indicatorsWindow) saveTarget(t data.IndicatorTarget, text string) {
	v.runner.run(func(ctx context.Context) error {
		_, err := v.app.SetIndicatorTarget(context.WithoutCancel(ctx), v.year, t.Annex, t.Indicator, t.Area, strings.TrimSpace(text))
		return err
	}, func() { v.load(t.Indicator) })
}

// save stores a value in a goroutine and reloads the grid; a refused value
// is explained naming the area and the month.
func (v *indicatorsWindow) save(key, area string, m data.Month, value string) {
	v.runner.run(func(ctx context.Context) error {
		_, err := v.app.SetIndicatorActual(context.WithoutCancel(ctx), key, area, m, strings.TrimSpace(value))
		return err
	}, func() { v.load(key) })
}

// showBars draws the areas' year-to-date figures as of 截至 against each
// area's (pro-rata) target.
func (v *indicatorsWindow) showBars() {
	if v.grid == nil {
		return
	}
	ind := v.grid.Indicator
	i := v.monthIndex()
	m := v.months[i]
	d := chartData{title: trf("各地区%s（截至%s）", ind.Name, monthLabel(m)), unit: ind.Unit}
	for _, r := range v.grid.Rows {
		c := r.Cells[i]
		d.labels = append(d.labels, shortArea(r.Area))
		d.values = append(d.values, c.YTD)
		d.targets = append(d.targets, expected(ind, r.Target, m))
		d.off = append(d.off, c.OnTrack != nil && !*c.OnTrack)
	}
	v.bars.set(d)
}

// showLine draws one area's months: the monthly values of a mean, the
// cumulative sums of a sum, against the (pro-rata) target of each month.
func (v *indicatorsWindow) showLine() {
	if v.grid == nil {
		return
	}
	ind := v.grid.Indicator
	for _, r := range v.grid.Rows {
		if r.Area != v.area.Selected {
			continue
		}
		what := tr("各月数值")
		if ind.Aggregation == data.AggSum {
			what = tr("逐月累计")
		}
		d := chartData{title: trf("%s %s%s", r.Area, ind.Name, what), unit: ind.Unit, line: true}
		for _, c := range r.Cells {
			val := c.Value
			if ind.Aggregation == data.AggSum {
				val = c.YTD
			}
			t := expected(ind, r.Target, c.Month)
			d.labels = append(d.labels, trf("%d月", monthOfYear(c.Month)))
			d.values = append(d.values, val)
			d.targets = append(d.targets, t)
			d.off = append(d.off, val != nil && t != nil && r.Target.Value != nil && !data.OnTrack(ind, *val, *r.Target.Value, c.Month))
		}
		v.line.set(d)
		return
	}
	v.line.set(chartData{})
}

// expected is what a figure of month m is held against: the target, pro
// rata for sums; nil without a target.
func expected(ind data.Indicator, t data.IndicatorTarget, m data.Month) *float64 {
	if t.Value == nil {
		return nil
	}
	e := data.Expected(ind, *t.Value, m)
	return &e
}

// monthOfYear is 6 for 2023-06.
func monthOfYear(m data.Month) int {
	var y, n int
	fmt.Sscanf(string(m), "%d-%d", &y, &n)
	return n
}

// shortArea is an area's name under a bar: 德胜 for 德胜街道.
func shortArea(a string) string {
	if s := strings.TrimSuffix(a, "街道"); s != "" && s != a {
		return s
	}
	return a
}

// showError explains err in this window.
func (v *indicatorsWindow) showError(err error) {
	v.status.SetText(tr("出错了，请看提示。"))
	showErrorIn(v.win, err)
}
