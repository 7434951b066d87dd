package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
)

// coordinatorLabel is the unit pickers' choice for the district coordinator.
const coordinatorLabel = "区级统筹（查看全部单位）"

// languageNames are the interface languages as the settings offer them,
// each in its own language.
var languageNames = map[string]string{langChinese: "中文", langEnglish: "English"}

// settingsDialog is 设置: the clerk's own unit and name, where the
// database lives and the interface language.
type settingsDialog struct {
	w        *mainWindow
	unit     *unitPicker
	name     *widget.Entry
	language *widget.RadioGroup
	lang     string // the language when the dialog opened
	movable  bool   // the database is in its default place, so it may move
}

// onSettings loads the settings and shows them (设置 menu, or the 经办人
// button in the status line).
func (w *mainWindow) onSettings() {
	w.pending.Add(1)
	go func() {
		ctx := context.Background()
		clerk, set := w.app.Clerk(ctx), w.app.ClerkIsSet(ctx)
		my, err := w.app.MyUnit(ctx)
		movable := w.app.InDefaultPlace()
		uiDo(func() {
			defer w.pending.Add(-1)
			if err != nil {
				w.showError(err)
				return
			}
			if !set {
				clerk = ""
			}
			s := newSettingsDialog(w, clerk, my)
			s.movable = movable
			s.show()
		})
	}()
}

func newSettingsDialog(w *mainWindow, clerk, my string) *settingsDialog {
	s := &settingsDialog{
		w:    w,
		unit: newMyUnitPicker(),
		name: widget.NewEntry(),
		lang: w.fa.Preferences().StringWithFallback(prefLanguage, langChinese),
	}
	s.unit.setUnits(w.filter.unit.units)
	if my != app.DistrictCoordinator {
		s.unit.setUnit(my)
	}
	s.name.SetText(clerk)
	s.name.SetPlaceHolder(tr("您的姓名"))
	s.language = widget.NewRadioGroup([]string{languageNames[langChinese], languageNames[langEnglish]}, nil)
	s.language.Horizontal = true
	s.language.Required = true
	s.language.SetSelected(languageNames[s.lang])
	return s
}

func (s *settingsDialog) show() {
	items := []*widget.FormItem{
		{Text: tr("本单位"), Widget: s.unit.button, HintText: tr("启动时“本单位”筛选默认选中它")},
		{Text: tr("经办人"), Widget: s.name, HintText: tr("记入审计记录的姓名")},
		{Text: tr("数据库"), Widget: s.dataFolder(), HintText: tr("全部数据（含佐证材料）都在这一个文件里")},
		{Text: tr("界面语言"), Widget: s.language, HintText: tr("重新启动程序后生效")},
	}
	d := dialog.NewForm(tr("设置"), tr("保存"), tr("取消"), items, func(ok bool) {
		if ok {
			s.onSave()
		}
	}, s.w.win)
	d.Resize(fyne.NewSize(620, 420))
	d.Show()
}

// dataFolder shows the database file and, unless --db or TAIZHANG_DB chose
// it, the button that moves it to another folder.
func (s *settingsDialog) dataFolder() fyne.CanvasObject {
	path := wrappedLabel(s.w.app.DBPath())
	if !s.movable {
		note := widget.NewLabel(tr("数据库由 --db 或 TAIZHANG_DB 指定，不能在这里更换"))
		note.Importance = widget.LowImportance
		return container.NewVBox(path, note)
	}
	move := widget.NewButton(tr("更换数据文件夹…"), s.w.onChooseDataFolder)
	return container.NewVBox(path, container.NewHBox(move))
}

// onSave keeps the unit and name in the ledger and the language in the
// preferences.
func (s *settingsDialog) onSave() {
	s.w.saveSettings(s.name.Text, s.unit.unit(), nil)
	code := langChinese
	if s.language.Selected == languageNames[langEnglish] {
		code = langEnglish
	}
	if code != s.lang {
		s.w.fa.Preferences().SetString(prefLanguage, code)
		// Said in the chosen language: that is what the clerk will read next.
		msg := "界面语言已改为中文，重新启动程序后生效。"
		if code == langEnglish {
			msg = "The interface will be in English after the program restarts."
		}
		d := dialog.NewInformation(languageNames[code], msg, s.w.win)
		d.SetDismissText("OK")
		d.Show()
	}
}

// saveSettings records the clerk's name and unit ("" for the district
// coordinator), shows the plan for that unit, then calls then (if not nil).
func (w *mainWindow) saveSettings(name, unit string, then func()) {
	my := unit
	if unit == "" {
		my = app.DistrictCoordinator
	}
	w.pending.Add(1)
	go func() {
		ctx := context.Background()
		err := w.app.SetClerk(ctx, name)
		if err == nil {
			err = w.app.SetMyUnit(ctx, my)
		}
		clerk := clerkText(w.app.Clerk(ctx), w.app.ClerkIsSet(ctx))
		uiDo(func() {
			defer w.pending.Add(-1)
			w.clerk.SetText(clerk)
			if err != nil {
				w.showError(err)
				return
			}
			w.filter.unit.setUnit(unit)
			w.reload()
			if then != nil {
				then()
			}
		})
	}()
}

// wrappedLabel is a label that wraps long text such as a file path.
func wrappedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapBreak
	return l
}
