package ui

import (
	"context"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// unitDirectory is 设置 → 单位名录…: the directory's units with kind,
// aliases and members, and its edits — add a unit, rename one (the old
// name stays an alias, so its history stays joined), add an alias, set a
// kind, set a group's members. Every edit is audited in the clerk's name.
type unitDirectory struct {
	h     host
	win   fyne.Window
	year  int
	units []data.UnitSummary
	sel   int // the selected unit's index, -1 for none
	list  *widget.List

	add, rename, alias, kind, members *widget.Button
}

// onUnitDirectory opens the directory window.
func (w *mainWindow) onUnitDirectory() {
	d := newUnitDirectory(w, w.year())
	d.win.Show()
	d.load()
}

func newUnitDirectory(h host, year int) *unitDirectory {
	win := h.fyneApp().NewWindow(tr("单位名录"))
	d := &unitDirectory{h: ownWindow{h, win}, win: win, year: year, sel: -1}
	d.list = widget.NewList(func() int { return len(d.units) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, &widget.Label{TextStyle: fyne.TextStyle{Bold: true}}, widget.NewLabel(""),
				&widget.Label{Truncation: fyne.TextTruncateEllipsis, Importance: widget.LowImportance})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			u := d.units[i]
			c := o.(*fyne.Container)
			c.Objects[1].(*widget.Label).SetText(u.Unit.Name)
			c.Objects[2].(*widget.Label).SetText(u.Unit.Kind.Label())
			var more []string
			if len(u.Unit.Aliases) > 0 {
				more = append(more, trf("别名：%s", strings.Join(u.Unit.Aliases, "、")))
			}
			if len(u.Unit.Members) > 0 {
				more = append(more, trf("成员：%s", strings.Join(u.Unit.Members, "、")))
			}
			c.Objects[0].(*widget.Label).SetText(strings.Join(more, "；"))
		})
	d.list.OnSelected = func(i widget.ListItemID) { d.sel = i; d.setButtons() }
	d.list.OnUnselected = func(widget.ListItemID) { d.sel = -1; d.setButtons() }
	d.add = widget.NewButton(tr("添加单位…"), d.onAdd)
	d.rename = widget.NewButton(tr("改名…"), d.onRename)
	d.alias = widget.NewButton(tr("添加别名…"), d.onAlias)
	d.kind = widget.NewButton(tr("设类型…"), d.onKind)
	d.members = widget.NewButton(tr("设成员…"), d.onMembers)
	note := wrappedLabel(tr("单位名录不分年度。改名后原名保留为别名，以前年度的填报、佐证材料和审计记录仍归这个单位。每次修改都记入审计记录。"))
	buttons := container.NewHBox(d.add, d.rename, d.alias, d.kind, d.members)
	d.win.SetContent(container.NewBorder(note, buttons, nil, nil, d.list))
	d.win.Resize(fyne.NewSize(900, 640))
	d.win.CenterOnScreen()
	d.setButtons()
	return d
}

// selected is the selected unit, if any.
func (d *unitDirectory) selected() (data.Unit, bool) {
	if d.sel < 0 || d.sel >= len(d.units) {
		return data.Unit{}, false
	}
	return d.units[d.sel].Unit, true
}

// fixedGroup reports whether a unit is a group whose meaning is fixed.
func fixedGroup(u data.Unit) bool {
	return u.Name == data.GroupAllStreets || u.Name == data.GroupRelevantStreets
}

func (d *unitDirectory) setButtons() {
	u, ok := d.selected()
	for _, b := range []struct {
		b  *widget.Button
		on bool
	}{
		{d.rename, ok && !fixedGroup(u)},
		{d.alias, ok},
		{d.kind, ok && !fixedGroup(u)},
		{d.members, ok && u.Kind == data.UnitGroup && !fixedGroup(u)},
	} {
		if b.on {
			b.b.Enable()
		} else {
			b.b.Disable()
		}
	}
}

// load reads the directory in the background.
func (d *unitDirectory) load() {
	var units []data.UnitSummary
	d.h.run(func(ctx context.Context) (err error) {
		units, err = d.h.ledger().Units(ctx, d.year)
		return err
	}, func() {
		d.units = units
		d.list.UnselectAll()
		d.sel = -1
		d.list.Refresh()
		d.setButtons()
	})
}

// edit runs a directory edit in the background, then reloads the
// directory and the main window.
func (d *unitDirectory) edit(work func(ctx context.Context) error) {
	d.h.run(func(ctx context.Context) error { return work(context.WithoutCancel(ctx)) }, func() {
		d.load()
		d.h.reload()
	})
}

// kindSelect is a drop-down of the unit kinds.
func kindSelect(k data.UnitKind) *widget.Select {
	var labels []string
	for _, k := range kindLabels {
		labels = append(labels, k.Label())
	}
	s := widget.NewSelect(labels, nil)
	s.SetSelected(k.Label())
	return s
}

// kindOf reads kindSelect's choice.
func kindOf(s *widget.Select) data.UnitKind {
	for _, k := range kindLabels {
		if k.Label() == s.Selected {
			return k
		}
	}
	return data.UnitDepartment
}

func (d *unitDirectory) form(title string, items []*widget.FormItem, onOK func()) {
	f := dialog.NewForm(title, tr("确定"), tr("取消"), items, func(ok bool) {
		if ok {
			onOK()
		}
	}, d.win)
	f.Resize(fyne.NewSize(520, 0))
	f.Show()
}

func (d *unitDirectory) onAdd() {
	name := widget.NewEntry()
	kind := kindSelect(data.UnitDepartment)
	d.form(tr("添加单位"), []*widget.FormItem{
		{Text: tr("名称"), Widget: name},
		{Text: tr("类型"), Widget: kind},
	}, func() {
		d.edit(func(ctx context.Context) error { return d.h.ledger().AddUnit(ctx, name.Text, kindOf(kind)) })
	})
}

func (d *unitDirectory) onRename() {
	u, ok := d.selected()
	if !ok {
		return
	}
	name := widget.NewEntry()
	name.SetText(u.Name)
	d.form(trf("“%s”改名", u.Name), []*widget.FormItem{
		{Text: tr("新名称"), Widget: name, HintText: tr("原名保留为别名")},
	}, func() {
		d.edit(func(ctx context.Context) error { return d.h.ledger().RenameUnit(ctx, u.Name, name.Text) })
	})
}

func (d *unitDirectory) onAlias() {
	u, ok := d.selected()
	if !ok {
		return
	}
	alias := widget.NewEntry()
	d.form(trf("给“%s”添加别名", u.Name), []*widget.FormItem{
		{Text: tr("别名"), Widget: alias, HintText: tr("文件中这样写时，按这个单位读取")},
	}, func() {
		d.edit(func(ctx context.Context) error { return d.h.ledger().AddUnitAlias(ctx, u.Name, alias.Text) })
	})
}

func (d *unitDirectory) onKind() {
	u, ok := d.selected()
	if !ok {
		return
	}
	kind := kindSelect(u.Kind)
	d.form(trf("“%s”的类型", u.Name), []*widget.FormItem{
		{Text: tr("类型"), Widget: kind, HintText: tr("街道计入“各街道办事处”和指标地区；单位组按成员展开")},
	}, func() {
		d.edit(func(ctx context.Context) error { return d.h.ledger().SetUnitKind(ctx, u.Name, kindOf(kind)) })
	})
}

func (d *unitDirectory) onMembers() {
	u, ok := d.selected()
	if !ok {
		return
	}
	var names []string
	for _, x := range d.units {
		if x.Unit.Kind != data.UnitGroup {
			names = append(names, x.Unit.Name)
		}
	}
	check := widget.NewCheckGroup(names, nil)
	check.SetSelected(slices.Clone(u.Members))
	scroll := container.NewVScroll(check)
	scroll.SetMinSize(fyne.NewSize(460, 380))
	d.form(trf("“%s”的成员单位", u.Name), []*widget.FormItem{{Widget: scroll}}, func() {
		members := slices.Clone(check.Selected)
		d.edit(func(ctx context.Context) error { return d.h.ledger().SetGroupMembers(ctx, u.Name, members) })
	})
}
