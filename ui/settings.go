package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
	"taizhang/reports"
)

// coordinatorLabel is the unit pickers' choice for the district coordinator.
const coordinatorLabel = "区级统筹（查看全部单位）"

// languageNames are the interface languages as the settings offer them,
// each in its own language.
var languageNames = map[string]string{langChinese: "中文", langEnglish: "English"}

// settingsValues are the settings as stored, for the dialog.
type settingsValues struct {
	clerk     string // "" while not set
	my        string // own unit, app.DistrictCoordinator, or "" before the first run
	movable   bool   // the database is in its default place, so it may move
	backupDir string
	dueDay    int     // returns are due on this day of the next month
	binding   float64 // the PDF report's binding margin, mm
	draft     int     // characters of each lead unit's text in a drafted district summary
}

// loadSettings reads the settings. Not on the UI goroutine.
func (w *mainWindow) loadSettings(ctx context.Context) (v settingsValues, err error) {
	if w.app.ClerkIsSet(ctx) {
		v.clerk = w.app.Clerk(ctx)
	}
	v.movable = w.app.InDefaultPlace()
	if v.my, err = w.app.MyUnit(ctx); err != nil {
		return v, err
	}
	b, err := w.app.BackupSettings(ctx)
	if err != nil {
		return v, err
	}
	v.backupDir = b.Dir
	if v.dueDay, err = w.app.ReturnDueDay(ctx); err != nil {
		return v, err
	}
	v.binding, err = w.app.ReportBindingMargin(ctx)
	if err != nil {
		return v, err
	}
	v.draft, err = w.app.SummaryDraftChars(ctx)
	return v, err
}

// settingsDialog is 设置: the clerk's own unit and name, where the
// database and its backups live, when returns are due, the PDF report's
// binding margin and the interface language.
type settingsDialog struct {
	h        settingsHost
	v        settingsValues // as the dialog opened
	unit     *unitPicker
	name     *widget.Entry
	dueDay   *widget.Select
	binding  *widget.Select
	draft    *widget.Select
	language *widget.RadioGroup
	lang     string // the language when the dialog opened
}

// onSettings loads the settings and shows them (设置 menu, or the 经办人
// button in the status line).
func (w *mainWindow) onSettings() {
	var v settingsValues
	w.run(func(ctx context.Context) (err error) {
		v, err = w.loadSettings(ctx)
		return err
	}, func() { newSettingsDialog(w, v, w.filter.unit.units).show() })
}

// settingsHost is what the settings and the welcome dialogs need of the
// main window: a host that also keeps the clerk's name and unit (showing
// the plan for the unit), tells the plan year shown and opens the backup,
// data folder and plan import dialogs. importPlan calls done (if not nil)
// once the clerk is through with the plan import.
type settingsHost interface {
	host
	saveSettings(name, unit string, then func())
	year() int
	onBackups()
	onChooseDataFolder()
	importPlan(done func())
}

// newSettingsDialog builds the dialog over h showing v, with units to
// choose the clerk's own from.
func newSettingsDialog(h settingsHost, v settingsValues, units []data.UnitSummary) *settingsDialog {
	s := &settingsDialog{
		h:    h,
		v:    v,
		unit: newMyUnitPicker(),
		name: widget.NewEntry(),
		lang: h.fyneApp().Preferences().StringWithFallback(prefLanguage, langChinese),
	}
	s.unit.setUnits(units)
	if v.my != app.DistrictCoordinator {
		s.unit.setUnit(v.my)
	}
	s.name.SetText(v.clerk)
	s.name.SetPlaceHolder(tr("您的姓名"))
	var days []string
	for d := 1; d <= 28; d++ {
		days = append(days, strconv.Itoa(d))
	}
	s.dueDay = widget.NewSelect(days, nil)
	if v.dueDay > 0 {
		s.dueDay.SetSelected(strconv.Itoa(v.dueDay))
	}
	var margins []string
	for mm := int(reports.MinBindingMargin); mm <= int(reports.MaxBindingMargin); mm += 5 {
		margins = append(margins, strconv.Itoa(mm))
	}
	s.binding = widget.NewSelect(margins, nil)
	s.binding.SetSelected(strconv.FormatFloat(v.binding, 'f', -1, 64))
	var drafts []string
	for n := app.MinSummaryDraft; n <= app.MaxSummaryDraft; n += 10 {
		drafts = append(drafts, strconv.Itoa(n))
	}
	s.draft = widget.NewSelect(drafts, nil)
	s.draft.SetSelected(strconv.Itoa(v.draft))
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
		{Text: tr("备份文件夹"), Widget: s.backupFolder(), HintText: tr("启动时每天一次、退出时有改动就自动备份到这里")},
		{Text: tr("回执截止日"), Widget: container.NewHBox(widget.NewLabel(tr("次月")), s.dueDay, widget.NewLabel(tr("日"))),
			HintText: tr("各单位回执表的报送期限，催报按它判断迟报")},
		{Text: tr("装订边距"), Widget: container.NewHBox(s.binding, widget.NewLabel(tr("毫米"))),
			HintText: tr("PDF 月报左侧留出的装订边，至少 25 毫米")},
		{Text: tr("汇总草稿"), Widget: container.NewHBox(widget.NewLabel(tr("每个主责单位取前")), s.draft, widget.NewLabel(tr("字"))),
			HintText: tr("区级汇总未填写时，月报从主责单位的进展情况截取这么多字")},
		{Text: tr("界面语言"), Widget: s.language, HintText: tr("重新启动程序后生效")},
	}
	d := dialog.NewForm(tr("设置"), tr("保存"), tr("取消"), items, func(ok bool) {
		if ok {
			s.onSave()
		}
	}, s.h.window())
	d.Resize(fyne.NewSize(680, 560))
	d.Show()
}

// dataFolder shows the database file and, unless --db or TAIZHANG_DB chose
// it, the button that moves it to another folder.
func (s *settingsDialog) dataFolder() fyne.CanvasObject {
	path := wrappedLabel(s.h.ledger().DBPath())
	if !s.v.movable {
		return container.NewVBox(path, hintText(tr("数据库由 --db 或 TAIZHANG_DB 指定，不能在这里更换")))
	}
	move := widget.NewButton(tr("更换数据文件夹…"), s.h.onChooseDataFolder)
	return container.NewVBox(path, container.NewHBox(move))
}

// backupFolder shows the backup folder and opens 备份与恢复, where it is
// changed.
func (s *settingsDialog) backupFolder() fyne.CanvasObject {
	return container.NewVBox(wrappedLabel(s.v.backupDir),
		container.NewHBox(widget.NewButton(tr("备份与恢复…"), s.h.onBackups)))
}

// onSave keeps the unit and name in the ledger and the language in the
// preferences.
func (s *settingsDialog) onSave() {
	s.h.saveSettings(s.name.Text, s.unit.unit(), nil)
	if day, err := strconv.Atoi(s.dueDay.Selected); err == nil && day != s.v.dueDay {
		s.h.run(func(ctx context.Context) error {
			return s.h.ledger().SetReturnDueDay(context.WithoutCancel(ctx), day)
		}, nil)
	}
	if mm, err := strconv.ParseFloat(s.binding.Selected, 64); err == nil && mm != s.v.binding {
		s.h.run(func(ctx context.Context) error {
			return s.h.ledger().SetReportBindingMargin(context.WithoutCancel(ctx), mm)
		}, nil)
	}
	if n, err := strconv.Atoi(s.draft.Selected); err == nil && n != s.v.draft {
		s.h.run(func(ctx context.Context) error {
			return s.h.ledger().SetSummaryDraftChars(context.WithoutCancel(ctx), n)
		}, nil)
	}
	code := langChinese
	if s.language.Selected == languageNames[langEnglish] {
		code = langEnglish
	}
	if code != s.lang {
		s.h.fyneApp().Preferences().SetString(prefLanguage, code)
		// Said in the chosen language: that is what the clerk will read next.
		msg := "界面语言已改为中文，重新启动程序后生效。"
		if code == langEnglish {
			msg = "The interface will be in English after the program restarts."
		}
		d := newInformation(languageNames[code], msg, s.h.window())
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
	var clerk string
	w.runThen(func(ctx context.Context) error {
		ctx = context.WithoutCancel(ctx)
		err := w.app.SetClerk(ctx, name)
		if err == nil {
			err = w.app.SetMyUnit(ctx, my)
		}
		clerk = clerkText(w.app.Clerk(ctx), w.app.ClerkIsSet(ctx))
		return err
	}, func(err error) {
		w.clerk.SetText(clerk)
		if err != nil {
			w.showError(err)
			return
		}
		w.coordinator = my == app.DistrictCoordinator
		w.filter.unit.setUnit(unit)
		w.reload()
		if then != nil {
			then()
		}
	})
}

// wrappedLabel is a label that wraps long text such as a file path.
func wrappedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapBreak
	return l
}
