package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// allUnits is the picker's label for "no unit filter".
const allUnits = "全部单位"

// unitKindOrder is the order of the picker's groups: streets first, since
// they are most of the clerks, then departments, enterprises and unit groups.
var unitKindOrder = []data.UnitKind{data.UnitStreet, data.UnitDepartment, data.UnitEnterprise, data.UnitGroup}

// unitKindHeading is the heading of a group in the picker.
func unitKindHeading(k data.UnitKind) string {
	switch k {
	case data.UnitStreet:
		return tr("街道办事处")
	case data.UnitDepartment:
		return tr("部门")
	case data.UnitEnterprise:
		return tr("企业")
	case data.UnitGroup:
		return tr("单位组")
	}
	return k.Label()
}

// pickerItem is one line of the picker's list: a group heading, the
// "全部单位" entry, or a unit.
type pickerItem struct {
	heading string
	all     bool
	unit    data.UnitSummary
}

// unitPicker is a button that opens a searchable, grouped list of the units.
type unitPicker struct {
	button    *widget.Button
	OnChanged func(unit string) // unit is "" for 全部单位

	allLabel string // the line for "" (全部单位, or the district coordinator)
	noGroups bool   // leave unit groups out: they are nobody's own unit

	units    []data.UnitSummary // grouped by kind in unitKindOrder
	selected string
	unset    bool // nothing picked yet: selected means nothing (see setUnset)

	popup *widget.PopUp
	entry *pickerEntry
	list  *widget.List
	items []pickerItem // the list's lines for the entry's text
}

func newUnitPicker() *unitPicker { return newPicker(tr(allUnits), false) }

// newMyUnitPicker picks the clerk's own unit: the district coordinator
// (unit "") or a unit that is not a group.
func newMyUnitPicker() *unitPicker { return newPicker(tr(coordinatorLabel), true) }

func newPicker(allLabel string, noGroups bool) *unitPicker {
	p := &unitPicker{allLabel: allLabel, noGroups: noGroups}
	p.button = &widget.Button{
		Text:          allLabel,
		Icon:          theme.MenuDropDownIcon(),
		IconPlacement: widget.ButtonIconTrailingText,
		Alignment:     widget.ButtonAlignLeading,
		OnTapped:      p.onOpen,
	}
	p.button.ExtendBaseWidget(p.button)
	p.entry = newPickerEntry()
	p.entry.PlaceHolder = tr("输入单位名称筛选，回车选第一项")
	p.entry.OnChanged = p.onSearch
	p.entry.OnSubmitted = p.onSubmit
	p.entry.onEscape = p.close
	p.entry.onDown = p.onFocusList
	p.list = &widget.List{
		Length:     func() int { return len(p.items) },
		CreateItem: newNotedItem,
		UpdateItem: p.updateItem,
		OnSelected: p.onPick,
	}
	p.list.ExtendBaseWidget(p.list)
	return p
}

// setUnits replaces the unit directory, ordered by unitKindOrder and then as
// the store lists them.
func (p *unitPicker) setUnits(units []data.UnitSummary) {
	rank := func(k data.UnitKind) int {
		if i := slices.Index(unitKindOrder, k); i >= 0 {
			return i
		}
		return len(unitKindOrder)
	}
	p.units = slices.Clone(units)
	slices.SortStableFunc(p.units, func(a, b data.UnitSummary) int {
		return rank(a.Unit.Kind) - rank(b.Unit.Kind)
	})
	p.filterItems(p.entry.Text)
}

// unit is the selected unit, "" for all units.
func (p *unitPicker) unit() string { return p.selected }

// setUnset shows label on the button and leaves the picker without a
// choice until the clerk picks a line: a choice that matters (the clerk's own
// unit) is never made for them.
func (p *unitPicker) setUnset(label string) {
	p.selected, p.unset = "", true
	p.button.SetText(label)
}

// chosen reports whether the picker holds a choice (see setUnset).
func (p *unitPicker) chosen() bool { return !p.unset }

// setUnit selects unit ("" for all) without telling OnChanged.
func (p *unitPicker) setUnit(unit string) {
	p.selected, p.unset = unit, false
	if unit == "" {
		p.button.SetText(p.allLabel)
	} else {
		p.button.SetText(unit)
	}
}

// filterItems rebuilds the list's lines for the search text.
func (p *unitPicker) filterItems(text string) {
	text = strings.TrimSpace(text)
	var items []pickerItem
	if text == "" {
		items = append(items, pickerItem{all: true})
	}
	var last data.UnitKind = "-"
	for _, u := range p.units {
		if !unitMatches(u.Unit, text) || (p.noGroups && u.Unit.Kind == data.UnitGroup) {
			continue
		}
		if u.Unit.Kind != last {
			last = u.Unit.Kind
			items = append(items, pickerItem{heading: unitKindHeading(last)})
		}
		items = append(items, pickerItem{unit: u})
	}
	p.items = items
	p.list.UnselectAll()
	p.list.Refresh()
	p.list.ScrollToTop()
}

// unitMatches reports whether the unit's name or an alias contains text.
func unitMatches(u data.Unit, text string) bool {
	if text == "" || strings.Contains(u.Name, text) {
		return true
	}
	for _, a := range u.Aliases {
		if strings.Contains(a, text) {
			return true
		}
	}
	return false
}

func (p *unitPicker) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	if id >= len(p.items) {
		return
	}
	it := p.items[id]
	name, count := notedItem(o)
	switch {
	case it.heading != "":
		name.TextStyle = fyne.TextStyle{Bold: true}
		name.Importance = widget.MediumImportance
		name.Text = it.heading
		count.Text = ""
	case it.all:
		name.TextStyle = fyne.TextStyle{}
		name.Importance = widget.MediumImportance
		name.Text = p.allLabel
		count.Text = ""
	default:
		name.TextStyle = fyne.TextStyle{}
		name.Importance = widget.MediumImportance
		if it.unit.Unit.Name == p.selected {
			name.Importance = widget.HighImportance
		}
		name.Text = "　" + it.unit.Unit.Name
		count.Text = trf("主责 %d · 协办 %d", it.unit.Lead, it.unit.Co)
	}
	name.Refresh()
	count.Refresh()
}

// onOpen shows the picker under the button, with the search entry focused.
func (p *unitPicker) onOpen() {
	if fyne.CurrentApp().Driver().CanvasForObject(p.button) == nil {
		return
	}
	p.entry.SetText("")
	p.filterItems("")
	showBelow(&p.popup, p.button, p.entry, p.list, 380)
}

func (p *unitPicker) onSearch(text string) { p.filterItems(text) }

// onSubmit picks the first unit that matches the search text.
func (p *unitPicker) onSubmit(string) {
	for i, it := range p.items {
		if it.heading == "" {
			p.onPick(i)
			return
		}
	}
}

// onFocusList moves the keyboard focus from the search entry to the list.
func (p *unitPicker) onFocusList() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.list); c != nil {
		c.Focus(p.list)
	}
}

// onPick takes line id of the list: a unit or 全部单位; headings do nothing.
func (p *unitPicker) onPick(id widget.ListItemID) {
	if id < 0 || id >= len(p.items) {
		return
	}
	it := p.items[id]
	if it.heading != "" {
		p.list.Unselect(id)
		return
	}
	unit := ""
	if !it.all {
		unit = it.unit.Unit.Name
	}
	p.close()
	changed := unit != p.selected || p.unset
	p.setUnit(unit)
	if changed && p.OnChanged != nil {
		p.OnChanged(unit)
	}
}

// close hides the picker.
func (p *unitPicker) close() {
	p.list.UnselectAll()
	if p.popup != nil {
		p.popup.Hide()
	}
}

// newNotedItem is a line of a picker's list: a text, cut short with an
// ellipsis, and a dim note at its right (see notedItem).
func newNotedItem() fyne.CanvasObject {
	text := widget.NewLabel("")
	text.Truncation = fyne.TextTruncateEllipsis
	note := widget.NewLabel("")
	note.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, nil, note, text)
}

// notedItem is the text and the note of a line made by newNotedItem.
func notedItem(o fyne.CanvasObject) (text, note *widget.Label) {
	c := o.(*fyne.Container)
	return c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
}

// showBelow shows a picker's pop-up, *popup (made of entry over list on
// first use), under button: as wide as the button and at least minWidth,
// 460 tall or what the window has left below the button, moved leftwards
// rather than past the window's right edge; the keyboard goes to entry.
func showBelow(popup **widget.PopUp, button fyne.CanvasObject, entry *pickerEntry, list fyne.CanvasObject, minWidth float32) {
	c := fyne.CurrentApp().Driver().CanvasForObject(button)
	if c == nil {
		return
	}
	if *popup == nil {
		*popup = widget.NewPopUp(container.NewBorder(entry, nil, nil, nil, list), c)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(button)
	pos.Y += button.Size().Height
	size := fyne.NewSize(max(button.Size().Width, minWidth), 460)
	if h := c.Size().Height - pos.Y - theme.Padding(); h < size.Height && h > 200 {
		size.Height = h
	}
	if over := pos.X + size.Width + theme.Padding() - c.Size().Width; over > 0 {
		pos.X = max(pos.X-over, theme.Padding())
	}
	(*popup).ShowAtPosition(pos)
	(*popup).Resize(size)
	c.Focus(entry)
}

// pickerEntry is the picker's search entry: Escape closes the picker and the
// down arrow moves to the list.
type pickerEntry struct {
	widget.Entry
	onEscape func()
	onDown   func()
}

func newPickerEntry() *pickerEntry {
	e := &pickerEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey handles Escape and the down arrow, and leaves the rest to Entry.
func (e *pickerEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyEscape:
		if e.onEscape != nil {
			e.onEscape()
		}
	case fyne.KeyDown:
		if e.onDown != nil {
			e.onDown()
		}
	default:
		e.Entry.TypedKey(k)
	}
}
