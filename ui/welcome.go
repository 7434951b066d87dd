package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// welcome is the first run's dialog: the clerk picks their own unit and
// types their name; then the plan shows for that unit and the guide to the
// month's work follows. A ledger starts with the 2023 plan built in; the
// dialog also offers to import another year's, and comes back once the
// clerk is through with the import.
type welcome struct {
	h      settingsHost
	unit   *unitPicker
	name   *widget.Entry
	start  *widget.Button
	dialog *dialog.CustomDialog
}

// needsWelcome reports whether the ledger is new to its clerk: no name or
// no own unit recorded yet.
func needsWelcome(clerkSet bool, my string) bool { return !clerkSet || my == "" }

// newWelcome builds the dialog over h, with units to choose the clerk's
// own from.
func newWelcome(h settingsHost, units []data.UnitSummary) *welcome {
	c := &welcome{h: h, unit: newMyUnitPicker(), name: widget.NewEntry()}
	c.unit.setUnits(units)
	c.unit.setUnset(tr("请选择本单位"))
	// After a unit is picked the name is next: Return there starts.
	c.unit.OnChanged = func(string) {
		c.updateStart()
		c.h.window().Canvas().Focus(c.name)
	}
	c.name.SetPlaceHolder(tr("您的姓名"))
	c.name.OnChanged = func(string) { c.updateStart() }
	c.name.OnSubmitted = func(string) { c.onStart() }
	c.start = &widget.Button{Text: tr("开始使用"), Importance: widget.HighImportance, OnTapped: c.onStart}
	c.start.Disable()
	intro := widget.NewLabel(tr("第一次使用，请先选择本单位并填写您的姓名，再点“开始使用”。\n之后程序只列出本单位主责或协办的工作措施；您的每次修改都以这个姓名记入审计记录。区生态环境局负责汇总全区的同志请选“区级统筹”。"))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(
		widget.NewFormItem(tr("本单位"), c.unit.button),
		widget.NewFormItem(tr("经办人"), c.name),
	)
	later := widget.NewButton(tr("以后再说"), func() { c.dialog.Hide() })
	// The ledger starts with the 2023 plan; another year's comes from its
	// file, and then the welcome goes on.
	other := widget.NewButton(tr("导入其他年度的计划…"), func() {
		c.dialog.Hide()
		h.importPlan(c.resume)
	})
	buttons := container.NewHBox(later, other, c.start)
	c.dialog = dialog.NewCustomWithoutButtons(tr("欢迎使用台账"),
		container.NewVBox(intro, form, container.NewCenter(buttons)), h.window())
	c.dialog.Resize(fyne.NewSize(600, 300))
	return c
}

func (c *welcome) show() {
	c.dialog.Show()
	c.h.window().Canvas().Focus(c.name)
}

// resume shows the dialog again, as the clerk left it, after the plan
// import it opened: the unit directory is read again (the new plan may
// have brought the clerk's unit), unless the clerk has meanwhile set their
// unit and name in 设置.
func (c *welcome) resume() {
	var units []data.UnitSummary
	var needed bool
	year := c.h.year()
	c.h.runThen(func(ctx context.Context) error {
		a := c.h.ledger()
		my, err := a.MyUnit(ctx)
		needed = needsWelcome(a.ClerkIsSet(ctx), my)
		if err == nil && needed {
			units, err = a.Units(ctx, year)
		}
		return err
	}, func(err error) {
		if err != nil {
			c.h.showError(err)
			return
		}
		if needed {
			c.unit.setUnits(units)
			c.show()
		}
	})
}

// ready reports whether the clerk has picked a unit (or 区级统筹) and typed
// a name: nothing is chosen for them, so a street clerk who only types a
// name does not become the coordinator.
func (c *welcome) ready() bool {
	return c.unit.chosen() && strings.TrimSpace(c.name.Text) != ""
}

// updateStart allows 开始使用 once the dialog is ready.
func (c *welcome) updateStart() {
	if c.ready() {
		c.start.Enable()
	} else {
		c.start.Disable()
	}
}

// onStart keeps the unit and name, shows the plan for the unit and then the
// guide to the month's work.
func (c *welcome) onStart() {
	if !c.ready() {
		return
	}
	c.dialog.Hide()
	c.h.saveSettings(strings.TrimSpace(c.name.Text), c.unit.unit(), func() { showGuide(c.h.window()) })
}
