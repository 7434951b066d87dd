package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// measureItem is one line of the measure picker's list: a heading, the
// line for no measure, or a measure.
type measureItem struct {
	heading string
	none    bool
	row     data.MeasureRow
}

// measurePicker is a button that opens a searchable list of the previous
// plan's measures, for a new measure to carry one on: 不延续 first, then the
// measures under the same task (most similar first), then every other one
// in printed order. The search matches an ID or any part of a text; Return
// picks the first match.
type measurePicker struct {
	button    *widget.Button
	OnChanged func(id string) // id is "" for 不延续

	year  int               // the previous plan's
	near  []data.MeasureRow // under the same task, most similar first
	rest  []data.MeasureRow // the others, in printed order
	taken func(id string) string
	// taken names the new measure that carries on the previous one of id
	// already, "" if none does.

	selected string

	popup *widget.PopUp
	entry *pickerEntry
	list  *widget.List
	items []measureItem // the list's lines for the entry's text
}

// newMeasurePicker offers the measures rows of the previous plan (of year),
// in printed order, those of IDs near first, in that order.
func newMeasurePicker(year int, rows []data.MeasureRow, near []string, taken func(id string) string) *measurePicker {
	p := &measurePicker{year: year, taken: taken}
	for _, id := range near {
		if i := slices.IndexFunc(rows, func(r data.MeasureRow) bool { return r.Measure.ID == id }); i >= 0 {
			p.near = append(p.near, rows[i])
		}
	}
	for _, r := range rows {
		if !slices.Contains(near, r.Measure.ID) {
			p.rest = append(p.rest, r)
		}
	}
	p.button = &widget.Button{
		Icon:          theme.MenuDropDownIcon(),
		IconPlacement: widget.ButtonIconTrailingText,
		Alignment:     widget.ButtonAlignLeading,
		OnTapped:      p.onOpen,
	}
	p.button.ExtendBaseWidget(p.button)
	p.setMeasure("")
	return p
}

// measureLabel is a measure's ID and the start of its text.
func measureLabel(m data.Measure, n int) string { return m.ID + " " + firstLine(m.Text, n) }

// setMeasure selects the measure of id ("" for none) without telling
// OnChanged.
func (p *measurePicker) setMeasure(id string) {
	p.selected = id
	text := tr("不延续")
	for _, r := range slices.Concat(p.near, p.rest) {
		if r.Measure.ID == id {
			text = measureLabel(r.Measure, 18)
		}
	}
	p.button.SetText(text)
}

// build makes the popup's search entry and list on first use: a window
// may hold a picker for each of a hundred measures.
func (p *measurePicker) build() {
	if p.list != nil {
		return
	}
	p.entry = newPickerEntry()
	p.entry.PlaceHolder = tr("输入措施编号或文字筛选，回车选第一项")
	p.entry.OnChanged = p.filterItems
	p.entry.OnSubmitted = p.onSubmit
	p.entry.onEscape = p.close
	p.entry.onDown = func() {
		if c := fyne.CurrentApp().Driver().CanvasForObject(p.list); c != nil {
			c.Focus(p.list)
		}
	}
	p.list = &widget.List{
		Length:     func() int { return len(p.items) },
		CreateItem: newNotedItem,
		UpdateItem: p.updateItem,
		OnSelected: p.onPick,
	}
	p.list.ExtendBaseWidget(p.list)
}

// filterItems rebuilds the list's lines for the search text.
func (p *measurePicker) filterItems(text string) {
	text = strings.TrimSpace(text)
	var items []measureItem
	if text == "" {
		items = append(items, measureItem{none: true})
	}
	group := func(heading string, rows []data.MeasureRow) {
		first := true
		for _, r := range rows {
			if text != "" && !strings.Contains(r.Measure.ID, text) && !strings.Contains(r.Measure.Text, text) {
				continue
			}
			if first {
				items = append(items, measureItem{heading: heading})
				first = false
			}
			items = append(items, measureItem{row: r})
		}
	}
	group(trf("%d 年同一任务下的措施", p.year), p.near)
	group(trf("%d 年的其他措施", p.year), p.rest)
	p.items = items
	p.list.UnselectAll()
	p.list.Refresh()
	p.list.ScrollToTop()
}

func (p *measurePicker) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.items) {
		return
	}
	it := p.items[id]
	text, note := notedItem(o)
	text.TextStyle = fyne.TextStyle{}
	text.Importance = widget.MediumImportance
	note.Text = ""
	switch {
	case it.heading != "":
		text.TextStyle = fyne.TextStyle{Bold: true}
		text.Text = it.heading
	case it.none:
		text.Text = tr("不延续")
		if p.selected == "" {
			text.Importance = widget.HighImportance
		}
	default:
		if it.row.Measure.ID == p.selected {
			text.Importance = widget.HighImportance
		}
		text.Text = "　" + measureLabel(it.row.Measure, 60)
		if by := p.taken(it.row.Measure.ID); by != "" {
			note.Text = trf("已由 %s 延续", by)
		} else {
			note.Text = firstLine(it.row.TaskName, 12)
		}
	}
	text.Refresh()
	note.Refresh()
}

// onOpen shows the picker under the button, with the search entry focused.
func (p *measurePicker) onOpen() {
	if fyne.CurrentApp().Driver().CanvasForObject(p.button) == nil {
		return
	}
	p.build()
	p.entry.SetText("")
	p.filterItems("")
	showBelow(&p.popup, p.button, p.entry, p.list, 640)
}

// onSubmit picks the first measure that matches the search text.
func (p *measurePicker) onSubmit(string) {
	for i, it := range p.items {
		if it.heading == "" {
			p.onPick(i)
			return
		}
	}
}

// onPick takes line id of the list: a measure or 不延续; headings do nothing.
func (p *measurePicker) onPick(id widget.ListItemID) {
	if id < 0 || id >= len(p.items) {
		return
	}
	it := p.items[id]
	if it.heading != "" {
		p.list.Unselect(id)
		return
	}
	p.close()
	if it.row.Measure.ID == p.selected {
		return
	}
	p.setMeasure(it.row.Measure.ID)
	if p.OnChanged != nil {
		p.OnChanged(p.selected)
	}
}

// close hides the picker.
func (p *measurePicker) close() {
	p.list.UnselectAll()
	if p.popup != nil {
		p.popup.Hide()
	}
}
