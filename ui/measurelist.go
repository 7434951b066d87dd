package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// A line of the measure list has three columns on two lines:
//
//	编号 | measure text, one line                       | 完成时限
//	     | 4 重点任务名 · 主责：区发展改革委、…          | 主责/协办
//
// so the measure text gets the list's whole width however narrow the pane.
// The objects of a line, in this order:
const (
	cellID       = iota // 1.4.2
	cellText            // the measure text on one line
	cellSub             // task · lead units, small
	cellDeadline        // 完成时限 as printed
	cellRole            // 主责 / 协办 while a unit filter is active
	numCells
)

// columns is the shared geometry of the measure list's header and lines.
type columns struct {
	idWidth, rightWidth, minText float32
}

// newColumns sizes the fixed columns from sample texts in the current theme.
func newColumns() *columns {
	pad := 2 * theme.InnerPadding()
	measure := func(s string) float32 {
		return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width + pad
	}
	return &columns{
		idWidth:    measure("2-1.14.10"),
		rightWidth: measure("按时间节点完成"),
		minText:    measure("工作措施内容摘要……"),
	}
}

// x positions and width of the text column for a line of width w.
func (c *columns) geometry(w float32) (textX, textW, rightX float32) {
	textW = max(w-c.idWidth-c.rightWidth, c.minText)
	return c.idWidth, textW, c.idWidth + textW
}

// rowLayout lays out a list line: the id column, two lines of text, and the
// deadline above the role on the right. The second line overlaps the first
// label's bottom padding so the two read as one entry.
type rowLayout struct{ c *columns }

func (l rowLayout) secondLineY(objects []fyne.CanvasObject) float32 {
	return objects[cellText].MinSize().Height - 2*theme.InnerPadding() + theme.LineSpacing()
}

func (l rowLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	textX, textW, rightX := l.c.geometry(size.Width)
	h1 := objects[cellText].MinSize().Height
	y2 := l.secondLineY(objects)
	h2 := objects[cellSub].MinSize().Height
	place := func(i int, x, y, w, h float32) {
		objects[i].Move(fyne.NewPos(x, y))
		objects[i].Resize(fyne.NewSize(w, h))
	}
	place(cellID, 0, 0, l.c.idWidth, h1)
	place(cellText, textX, 0, textW, h1)
	place(cellSub, textX, y2, textW, h2)
	place(cellDeadline, rightX, 0, l.c.rightWidth, h1)
	place(cellRole, rightX, y2, l.c.rightWidth, h2)
}

func (l rowLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	h := l.secondLineY(objects) + objects[cellSub].MinSize().Height
	return fyne.NewSize(l.c.idWidth+l.c.minText+l.c.rightWidth, h)
}

// headerLayout lays out the header: one line in the same columns.
type headerLayout struct{ c *columns }

func (l headerLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	textX, textW, rightX := l.c.geometry(size.Width)
	xs := []float32{0, textX, rightX}
	ws := []float32{l.c.idWidth, textW, l.c.rightWidth}
	for i, o := range objects {
		o.Move(fyne.NewPos(xs[i], 0))
		o.Resize(fyne.NewSize(ws[i], size.Height))
	}
}

func (l headerLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(l.c.idWidth+l.c.minText+l.c.rightWidth, objects[0].MinSize().Height)
}

// newListHeader is the header line above the measure list.
func newListHeader(c *columns) *fyne.Container {
	bold := func(s string) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Truncation = fyne.TextTruncateEllipsis
		return l
	}
	return container.New(headerLayout{c}, bold(tr("编号")), bold(tr("工作措施（重点任务 · 主责单位）")), bold(tr("完成时限")))
}

// newRowCells makes the objects of one list line.
func newRowCells(c *columns) *fyne.Container {
	cells := make([]fyne.CanvasObject, numCells)
	for i := range cells {
		l := widget.NewLabel("")
		l.Truncation = fyne.TextTruncateEllipsis
		if i == cellSub || i == cellRole {
			l.SizeName = theme.SizeNameCaptionText
		}
		cells[i] = l
	}
	return container.New(rowLayout{c}, cells...)
}

// setRowCells fills a list line from a measure.
func setRowCells(row *fyne.Container, r data.MeasureRow) {
	sub := taskLabel(r)
	if len(r.Measure.Lead) > 0 {
		sub += tr(" · 主责：") + strings.Join(r.Measure.Lead, "、")
	}
	texts := [numCells]string{
		r.Measure.ID,
		excerpt(r.Measure.Text),
		sub,
		r.Measure.Deadline.Text,
		roleLabel(r.Role),
	}
	for i, o := range row.Objects {
		l := o.(*widget.Label)
		l.Text = texts[i]
		if i == cellRole {
			l.Importance = widget.MediumImportance
			l.TextStyle.Bold = false
			if r.Role == "lead" {
				l.Importance = widget.HighImportance
				l.TextStyle.Bold = true
			}
		}
		l.Refresh()
	}
}

// excerpt is the measure text on one line.
func excerpt(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// roleLabel names a unit's role in a measure, for the list.
func roleLabel(role string) string {
	switch role {
	case "lead":
		return tr("本单位主责")
	case "co":
		return tr("本单位协办")
	}
	return ""
}
