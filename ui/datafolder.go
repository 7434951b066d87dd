package ui

import (
	"context"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"

	"taizhang/app"
)

// onChooseDataFolder asks for the folder the database should move to
// (设置 → 更换数据文件夹).
func (w *mainWindow) onChooseDataFolder() {
	askFolder(w.win, tr("选择新的数据文件夹"), "", w.confirmMoveData)
}

// confirmMoveData says what moving the database to dir does and asks.
func (w *mainWindow) confirmMoveData(dir string) {
	msg := trf("把数据库复制到文件夹\n%s\n并从下次启动起使用那里的数据库？\n\n复制完成并核对无误后程序会关闭，请重新打开。原来的数据库文件\n%s\n保留不动。", dir, w.app.DBPath())
	d := newConfirm(tr("更换数据文件夹"), msg, func(ok bool) {
		if ok {
			w.moveData(dir)
		}
	}, w.win)
	d.SetConfirmText(tr("复制并更换"))
	d.SetDismissText(tr("取消"))
	d.Show()
}

// movedDamagedText tells of the evidence files damaged in the ledger and
// copied as they are, "" for none.
func movedDamagedText(damaged []string) string {
	if len(damaged) == 0 {
		return ""
	}
	return "\n\n" + trf("注意：数据库中有 %d 个佐证材料已损坏（内容已与校验值不符），已按原样复制：", len(damaged)) + "\n" +
		strings.Join(damaged, "\n") + "\n" + tr("请重新添加这些文件的原件。")
}

// moveData copies the database to dir with a progress bar; once the copy is
// verified the program closes, to open the new file when started again.
func (w *mainWindow) moveData(dir string) {
	progress, bar := newProgressDialog(w.win, tr("正在复制数据库"), filepath.Join(dir, app.DBName))
	progress.Resize(fyne.NewSize(520, 140))
	progress.Show()
	var moved app.Moved
	w.runThen(func(ctx context.Context) (err error) {
		moved, err = w.app.MoveTo(ctx, dir, progressTo[int64](bar))
		return err
	}, func(err error) {
		progress.Hide()
		if err != nil {
			w.showError(err)
			return
		}
		d := newInformation(tr("数据文件夹已更换"),
			trf("数据库已复制到\n%s\n并核对无误。程序现在关闭，重新打开后使用新的数据库。\n\n原来的文件 %s 保留未动，确认新位置无误后可以自行删除。", moved.Path, w.app.DBPath())+movedDamagedText(moved.Damaged), w.win)
		d.SetDismissText(tr("关闭程序"))
		d.SetOnClosed(w.onQuit)
		d.Show()
	})
}
