package ui

import (
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// measureDetail is the right-hand pane: one measure in full.
type measureDetail struct {
	title    *widget.Label // 工作措施 1.4.2
	path     *widget.Label // 附件1 … / 三、… / 4 …
	text     *widget.Label // the full text, wrapped
	deadline *widget.Label // 完成时限 as printed
	due      *widget.Label // due date, or why there is none
	kind     *widget.Label // 时限类型
	roleName *widget.Label // "德胜街道职责" while a unit filter is active
	role     *cjkLabel
	lead     *widget.RichText // one line per lead unit
	co       *widget.RichText // one line per co-unit

	setDue *widget.Button // 设定… beside the due date: the clerk's date (onSetDue)

	progress *progressPane // the month's entry, statuses and evidence

	empty   *widget.Label
	box     *fyne.Container // everything above, stacked
	body    *container.Scroll
	shown   string // ID of the measure shown
	content *fyne.Container
}

func newMeasureDetail() *measureDetail {
	d := &measureDetail{
		title:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		path:     &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.MediumImportance},
		text:     &widget.Label{Wrapping: fyne.TextWrapWord, Selectable: true},
		deadline: widget.NewLabel(""),
		due:      &widget.Label{Wrapping: fyne.TextWrapWord},
		kind:     widget.NewLabel(""),
		roleName: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		role:     newCJKLabel(""),
		lead:     &widget.RichText{Wrapping: fyne.TextWrapWord, Scroll: container.ScrollNone},
		co:       &widget.RichText{Wrapping: fyne.TextWrapWord, Scroll: container.ScrollNone},
		empty:    widget.NewLabel(tr("请在列表中选择一项工作措施")),
		setDue:   &widget.Button{Text: tr("设定…"), Importance: widget.LowImportance},
	}
	d.title.SizeName = theme.SizeNameSubHeadingText
	d.path.SizeName = theme.SizeNameCaptionText
	d.empty.Alignment = fyne.TextAlignCenter
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	facts := container.New(layout.NewFormLayout(),
		bold(tr("完成时限")), d.deadline,
		bold(tr("截止日期")), container.NewBorder(nil, nil, nil, d.setDue, d.due),
		bold(tr("时限类型")), d.kind,
		d.roleName, d.role,
	)
	d.box = container.NewVBox(
		d.title,
		d.path,
		widget.NewSeparator(),
		d.text,
		widget.NewSeparator(),
		facts,
		widget.NewSeparator(),
		container.NewVBox(), // the month's progress: see setProgress
		widget.NewSeparator(),
		bold(tr("主责单位")),
		d.lead,
		bold(tr("协办单位")),
		d.co,
	)
	d.body = container.NewVScroll(d.box)
	d.content = container.NewStack(d.body, container.NewCenter(d.empty))
	d.clear()
	return d
}

// progressSlot is the index in box of the month's progress part.
const progressSlot = 7

// setProgress puts the month's progress part below the measure's facts.
func (d *measureDetail) setProgress(p *progressPane) {
	d.progress = p
	d.box.Objects[progressSlot] = p.content
}

// relayout lays the pane out anew after texts changed height.
func (d *measureDetail) relayout() {
	d.box.Refresh()
	d.body.Refresh()
}

// clear shows the "choose a measure" hint instead of a measure.
func (d *measureDetail) clear() {
	d.body.Hide()
	d.empty.Show()
	d.shown = ""
}

// show fills the pane with row r. unit is the unit filter ("" for none) and
// groups the unit groups it belongs to: they are highlighted among the units
// and the unit's role is spelled out.
func (d *measureDetail) show(r data.MeasureRow, unit string, groups []string) {
	m := r.Measure
	d.title.SetText(trf("工作措施 %s", m.ID))
	d.path.SetText(strings.Join(rowPath(r), "\n"))
	d.text.SetText(m.Text)
	d.deadline.SetText(orDash(m.Deadline.Text))
	d.due.SetText(dueText(m.Deadline))
	d.kind.SetText(orDash(m.Deadline.Kind.Label()))

	mine := func(u string) bool {
		if unit == "" {
			return false
		}
		if u == unit {
			return true
		}
		if u == data.GroupRelevantStreets && r.Streets != nil {
			return slices.Contains(r.Streets, unit)
		}
		return slices.Contains(groups, u)
	}
	if unit != "" {
		d.roleName.SetText(tr("本单位职责"))
		d.role.SetText(roleText(unit, r.Role, m, mine))
		d.roleName.Show()
		d.role.Show()
	} else {
		d.roleName.Hide()
		d.role.Hide()
	}
	setUnitLines(d.lead, m.Lead, r.Streets, mine)
	setUnitLines(d.co, m.Co, r.Streets, mine)
	d.empty.Hide()
	d.body.Show()
	// The wrapped texts changed height: lay the pane out anew.
	d.box.Refresh()
	d.body.Refresh()
	if d.shown != m.ID {
		d.body.ScrollToTop()
	}
	d.shown = m.ID
}

// roleText says how unit takes part in measure m: 德胜街道：主责单位（通过“各街道办事处”）.
func roleText(unit, role string, m data.Measure, mine func(string) bool) string {
	units, what := m.Co, tr("不涉及")
	switch role {
	case "lead":
		units, what = m.Lead, tr("主责单位")
	case "co":
		what = tr("协办单位")
	}
	text := trf("%s：%s", unit, what)
	if role != "lead" && role != "co" {
		return text
	}
	if slices.Contains(units, unit) {
		return text
	}
	for _, u := range units {
		if mine(u) {
			return text + trf("（通过“%s”）", u)
		}
	}
	return text
}

// setUnitLines lists units one per line, the clerk's own in bold and colour;
// "——" when there are none. The designated streets follow 相关街道办事处.
func setUnitLines(rt *widget.RichText, units, streets []string, mine func(string) bool) {
	if len(units) == 0 {
		rt.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: "——", Style: widget.RichTextStyleParagraph}}
		rt.Refresh()
		return
	}
	segs := make([]widget.RichTextSegment, 0, len(units))
	for _, u := range units {
		text := "· " + u
		if u == data.GroupRelevantStreets && streets != nil {
			text += "（" + strings.Join(streets, "、") + "）"
		}
		style := widget.RichTextStyleParagraph
		if mine(u) {
			// RichTextStyleStrong is inline: it would run into the next unit.
			style.TextStyle.Bold = true
			style.ColorName = theme.ColorNamePrimary
		}
		segs = append(segs, &widget.TextSegment{Text: text, Style: style})
	}
	rt.Segments = segs
	rt.Refresh()
}

// dueText is the due date for the interface, or why there is none.
func dueText(d data.Deadline) string {
	switch {
	case d.Kind == data.DeadlineOngoing:
		return tr("长期实施（不逾期）")
	case d.Due == "" && d.Kind == data.DeadlineMilestone:
		return tr("按时间节点（未设定日期）")
	case d.Due == "":
		return tr("（未设定日期）")
	case d.From != "":
		return trf("%s 至 %s", chineseDate(d.From), chineseDate(d.Due))
	}
	return chineseDate(d.Due)
}

// chineseDate formats YYYY-MM-DD as 2023年12月31日; anything else as it is.
func chineseDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return trf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

func orDash(s string) string {
	if s == "" {
		return "——"
	}
	return s
}
