package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// programVersion is the program's version, FyneApp.toml's; set once by Run
// before any window is built.
var programVersion string

// onAbout says what the program is, its version and where its data lives
// (帮助 → 关于台账).
func (w *mainWindow) onAbout() {
	text := widget.NewLabel(trf("台账 %s\n西城区深入打好污染防治攻坚战年度行动计划（西政办发〔2023〕3号）的离线台账程序。\n\n数据库：%s",
		programVersion, w.app.DBPath()))
	text.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom(tr("关于台账"), tr("关闭"), text, w.win)
	d.Resize(fyne.NewSize(560, 240))
	d.Show()
}
