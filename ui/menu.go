package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// mainMenu is the main window's menu bar, each menu from its own builder.
func (w *mainWindow) mainMenu() *fyne.MainMenu {
	return fyne.NewMainMenu(
		w.fileMenu(), w.entryMenu(), w.returnsMenu(), w.reportMenu(),
		w.indicatorMenu(), w.settingsMenu(), w.helpMenu())
}

// fileMenu is 文件: importing a new year's plan and its empty workbook,
// the database's backup, restore and full check above 退出.
func (w *mainWindow) fileMenu() *fyne.Menu {
	quit := fyne.NewMenuItem(tr("退出"), w.onQuit)
	quit.IsQuit = true
	return fyne.NewMenu(tr("文件"),
		fyne.NewMenuItem(tr("导入新年度计划…"), w.onImportPlan),
		fyne.NewMenuItem(tr("生成计划工作簿…"), w.onPlanTemplate),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("立即备份"), func() { w.onBackupNow(nil) }),
		fyne.NewMenuItem(tr("备份与恢复…"), w.onBackups),
		fyne.NewMenuItem(tr("完整性检查…"), w.onFullCheck),
		fyne.NewMenuItemSeparator(),
		quit)
}

// entryMenu is 填报: the month's entries of the chosen unit.
func (w *mainWindow) entryMenu() *fyne.Menu {
	w.menuSave = fyne.NewMenuItem(tr("保存本月填报"), func() { w.detail.progress.onSave() })
	// A main-menu shortcut works even while a text entry has the focus.
	w.menuSave.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	w.menuSave.Disabled = true
	return fyne.NewMenu(tr("填报"),
		w.menuSave,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("关账 / 重新开启所选月份…"), w.onCloseMonth),
	)
}

// returnsMenu is 报送: importing returns, return templates and packages,
// the return tracker.
func (w *mainWindow) returnsMenu() *fyne.Menu {
	return fyne.NewMenu(tr("报送"),
		fyne.NewMenuItem(tr("导入回执表…"), w.onImportReturns),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("生成填报模板…"), w.onReturnTemplates),
		fyne.NewMenuItem(tr("导出报送包…"), w.onReturnPackage),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem(tr("催报（报送情况）…"), w.onReturnTracker))
}

// reportMenu is 报表: the monthly report dialog, with Ctrl+P.
func (w *mainWindow) reportMenu() *fyne.Menu {
	monthly := fyne.NewMenuItem(tr("月报…"), w.onReport)
	monthly.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault}
	return fyne.NewMenu(tr("报表"), monthly)
}

// indicatorMenu is 指标: the indicator window, with targets and monthly
// values.
func (w *mainWindow) indicatorMenu() *fyne.Menu {
	return fyne.NewMenu(tr("指标"), fyne.NewMenuItem(tr("指标完成情况…"), w.onIndicators))
}

// settingsMenu is 设置.
func (w *mainWindow) settingsMenu() *fyne.Menu {
	return fyne.NewMenu(tr("设置"),
		fyne.NewMenuItem(tr("常规设置…"), w.onSettings),
		fyne.NewMenuItem(tr("单位名录…"), w.onUnitDirectory),
	)
}

// helpMenu is 帮助: the month's work and what the program is.
func (w *mainWindow) helpMenu() *fyne.Menu {
	return fyne.NewMenu(tr("帮助"),
		fyne.NewMenuItem(tr("月度工作指南"), w.onGuide),
		fyne.NewMenuItem(tr("关于台账"), w.onAbout),
	)
}

// menuSaveEnable enables 保存本月填报 (and Ctrl+S) while the form may be saved.
func (w *mainWindow) menuSaveEnable(on bool) {
	if w.menuSave == nil || w.menuSave.Disabled == !on {
		return
	}
	w.menuSave.Disabled = !on
	if m := w.win.MainMenu(); m != nil {
		m.Refresh()
	}
}
