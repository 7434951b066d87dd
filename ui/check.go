package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
)

// onFullCheck runs the full check (integrity of the file and every
// evidence file's SHA-256) with a progress bar and lists what is wrong
// (文件 → 完整性检查…).
func (w *mainWindow) onFullCheck() {
	prog, bar := newProgressDialog(w.win, tr("完整性检查"), tr("正在检查数据库和每个佐证材料的校验值……"))
	prog.Show()
	var problems []string
	w.runThen(func(ctx context.Context) (err error) {
		problems, err = w.app.FullCheck(ctx, progressTo[int](bar))
		return err
	}, func(err error) {
		prog.Hide()
		if err != nil {
			w.showError(err)
			return
		}
		w.showCheckResult(problems)
	})
}

// showCheckResult shows the full check's findings.
func (w *mainWindow) showCheckResult(problems []string) {
	if len(problems) == 0 {
		d := dialog.NewInformation(tr("完整性检查"), tr("检查通过：数据库文件完好，每个佐证材料都与其校验值相符。"), w.win)
		d.SetDismissText(tr("关闭"))
		d.Show()
		return
	}
	list := wrappedLabel(strings.Join(problems, "\n"))
	content := container.NewBorder(
		wrappedLabel(trn(len(problems), "发现 %d 处问题。请在“文件 → 备份与恢复”中用问题出现之前的备份恢复。", len(problems))),
		nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustom(tr("完整性检查发现问题"), tr("关闭"), content, w.win)
	d.Resize(fyne.NewSize(760, 460))
	d.Show()
}
