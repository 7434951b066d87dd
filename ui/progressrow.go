package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// Status colours: the same in the light and the dark theme, white text on them.
var (
	colourGreen  = color.NRGBA{R: 0x2e, G: 0x7d, B: 0x32, A: 0xff}
	colourBlue   = color.NRGBA{R: 0x15, G: 0x65, B: 0xc0, A: 0xff}
	colourRed    = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	colourGrey   = color.NRGBA{R: 0x75, G: 0x75, B: 0x75, A: 0xff}
	colourOrange = color.NRGBA{R: 0xe6, G: 0x6a, B: 0x00, A: 0xff}
)

// statusColour is the chip colour of a status.
func statusColour(s data.Status) color.Color {
	switch s {
	case data.StatusDone:
		return colourGreen
	case data.StatusOnTrack:
		return colourBlue
	case data.StatusLate:
		return colourRed
	case data.StatusNotReported:
		return colourOrange
	}
	return colourGrey
}

// statusChip is a status word in white on its colour.
type statusChip struct {
	bg   *canvas.Rectangle
	text *canvas.Text
	box  *fyne.Container
}

func newStatusChip() *statusChip {
	c := &statusChip{bg: canvas.NewRectangle(colourGrey), text: canvas.NewText("", color.White)}
	c.bg.CornerRadius = theme.InputRadiusSize()
	c.text.Alignment = fyne.TextAlignCenter
	c.text.TextStyle.Bold = true
	c.text.TextSize = theme.CaptionTextSize() + 1
	c.box = container.NewStack(c.bg, container.NewPadded(c.text))
	return c
}

func (c *statusChip) set(s data.Status) {
	c.text.Text = string(s)
	c.bg.FillColor = statusColour(s)
	if s == "" {
		c.bg.FillColor = color.Transparent
	}
	c.bg.Refresh()
	c.text.Refresh()
}

// statusWidth is the width of the status column: the longest status word,
// or the longest mark below it (longer in English).
func statusWidth() float32 {
	w := fyne.MeasureText("序时推进", theme.CaptionTextSize()+1, fyne.TextStyle{Bold: true}).Width
	for _, m := range []string{tr("逾期"), tr("本月到期")} {
		w = max(w, fyne.MeasureText(m, theme.CaptionTextSize(), fyne.TextStyle{}).Width)
	}
	return w + 4*theme.InnerPadding()
}

// A progress row is a measure list line with a check box (已完成 for the
// chosen unit) on the left and the status chip over the 逾期 / 本月到期 mark
// on the right. Objects of the Border: cells, check, status column.
const (
	prowCells = iota
	prowCheck
	prowStatus
)

// statusCell is the right-hand column of a line: the chip over the mark.
type statusCell struct {
	widget.BaseWidget
	chip *statusChip
	mark *canvas.Text
}

func newStatusCell() *statusCell {
	c := &statusCell{chip: newStatusChip(), mark: canvas.NewText("", colourRed)}
	c.mark.TextSize = theme.CaptionTextSize()
	c.mark.Alignment = fyne.TextAlignCenter
	c.mark.TextStyle.Bold = true
	c.ExtendBaseWidget(c)
	return c
}

func (c *statusCell) CreateRenderer() fyne.WidgetRenderer {
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(statusWidth(), 0))
	return widget.NewSimpleRenderer(container.NewVBox(layout.NewSpacer(), c.chip.box, c.mark, width, layout.NewSpacer()))
}

// newProgressRow makes the objects of one list line.
func newProgressRow(c *columns) *fyne.Container {
	return container.NewBorder(nil, nil, container.NewCenter(widget.NewCheck("", nil)), newStatusCell(), newRowCells(c))
}

// progressRowParts finds the parts of a line made by newProgressRow.
func progressRowParts(row *fyne.Container) (cells *fyne.Container, check *widget.Check, chip *statusChip, mark *canvas.Text) {
	cells = row.Objects[prowCells].(*fyne.Container)
	check = row.Objects[prowCheck].(*fyne.Container).Objects[0].(*widget.Check)
	status := row.Objects[prowStatus].(*statusCell)
	return cells, check, status.chip, status.mark
}

// setProgressRow fills a list line: the measure, its status in the view and
// the check box, which calls onTick when the clerk changes it.
func setProgressRow(row *fyne.Container, r data.MeasureRow, mp *app.MeasureProgress, month data.Month, editable bool, onTick func(bool)) {
	cells, check, chip, mark := progressRowParts(row)
	setRowCells(cells, r)
	check.OnChanged = nil
	if mp == nil {
		check.SetChecked(false)
		check.Disable()
		chip.set("")
		mark.Text = ""
		mark.Refresh()
		return
	}
	check.SetChecked(mp.Status() == data.StatusDone)
	if editable && mp.Own != nil {
		check.Enable()
	} else {
		check.Disable()
	}
	check.OnChanged = onTick
	chip.set(mp.Status())
	switch overdue, dueNow := marks(mp, month); {
	case overdue:
		mark.Text, mark.Color = tr("逾期"), colourRed
	case dueNow:
		mark.Text, mark.Color = tr("本月到期"), colourOrange
	default:
		mark.Text = ""
	}
	mark.Refresh()
}

// marks tells whether a line is marked 逾期 or 本月到期. In a unit's view
// they follow the unit's own status: a unit that finished is not overdue
// because another lead unit is late.
func marks(mp *app.MeasureProgress, month data.Month) (overdue, dueNow bool) {
	s := mp.Status()
	if s == data.StatusDone || s == data.StatusNA {
		return false, false
	}
	if mp.Own != nil {
		return data.Overdue(mp.Due, month), mp.DueThisMonth
	}
	return mp.Overdue, mp.DueThisMonth
}

// newProgressHeader is the list header, indented like the lines.
func newProgressHeader(c *columns) fyne.CanvasObject {
	checkW := widget.NewCheck("", nil).MinSize().Width
	left := canvas.NewRectangle(color.Transparent)
	left.SetMinSize(fyne.NewSize(checkW, 0))
	right := widget.NewLabelWithStyle(tr("状态"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	rightBox := container.NewStack(right)
	w := canvas.NewRectangle(color.Transparent)
	w.SetMinSize(fyne.NewSize(statusWidth(), 0))
	rightBox.Add(w)
	return container.NewBorder(nil, nil, left, rightBox, newListHeader(c))
}
