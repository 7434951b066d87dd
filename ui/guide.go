package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// guideSteps is the month's work in the order a clerk does it.
func guideSteps() []struct{ title, text string } {
	return []struct{ title, text string }{
		{tr("选月份和本单位"), tr("在上方选好填报月份；“本单位”筛选只列出本单位主责或协办的工作措施。")},
		{tr("填报"), tr("逐项勾选已完成的工作措施，或在右侧写进展情况、存在问题和下步计划，按“保存”（Ctrl+S）。")},
		{tr("佐证材料"), tr("把检查照片、会议纪要、文件等拖进窗口，或在右侧按“添加文件”，附在本月的填报上。")},
		{tr("关账"), tr("本月全部填完、核对无误后按“关账”；关账后不能再修改，需要时可以重新开启（记入审计记录）。")},
		{tr("月报和报送"), tr("打印本单位或全区的月报（报表菜单，Ctrl+P）；各单位把回执表报给区生态环境局，区级统筹导入回执表并催报。")},
	}
}

// onGuide shows the short guide to the month's work (帮助 → 月度工作指南).
func (w *mainWindow) onGuide() { showGuide(w.win) }

// showGuide shows the guide to the month's work over win; its lines break
// by the Chinese rules (cjkLabel).
func showGuide(win fyne.Window) {
	box := container.NewVBox()
	for i, s := range guideSteps() {
		box.Add(widget.NewLabelWithStyle(trf("第%d步　%s", i+1, s.title), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(newCJKLabel(s.text))
	}
	d := dialog.NewCustom(tr("月度工作指南"), tr("知道了"), box, win)
	d.Resize(fyne.NewSize(640, 500))
	d.Show()
}
