package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// startProblem is the window shown instead of the main window when the
// ledger cannot be opened: another program holds it (重试), it is damaged,
// or it is missing or empty while backups exist (restore the newest backup
// that passes the check, or another; for a missing one, start a new
// ledger).
type startProblem struct {
	fa      fyne.App
	win     fyne.Window
	storage app.Storage // opens and restores the ledger file
	path    string
	msg     *widget.Label
}

// showStartProblem shows why the ledger at path could not be opened with
// st.
func showStartProblem(fa fyne.App, st app.Storage, path string, err error) *startProblem {
	s := &startProblem{fa: fa, win: fa.NewWindow(tr("台账 — 无法打开数据库")), storage: st, path: path, msg: wrappedLabel(startMessage(err))}
	buttons := container.NewHBox()
	switch {
	case data.ErrorCode(err) == data.ECONFLICT:
		buttons.Add(&widget.Button{Text: tr("重试"), Importance: widget.HighImportance, OnTapped: s.onRetry})
	case data.IsDamaged(err) || errors.Is(err, app.ErrLedgerMissing):
		restore := &widget.Button{Text: tr("用最新的完好备份恢复"), Importance: widget.HighImportance}
		restore.Disable()
		buttons.Add(restore)
		buttons.Add(widget.NewButton(tr("选择备份文件…"), s.onPick))
		if errors.Is(err, app.ErrLedgerMissing) {
			buttons.Add(widget.NewButton(tr("新建空台账"), s.onRetry))
		}
		s.findGood(restore)
	}
	buttons.Add(widget.NewButton(tr("退出"), s.win.Close))
	icon := widget.NewIcon(theme.WarningIcon())
	s.win.SetContent(container.NewPadded(container.NewBorder(nil, container.NewCenter(buttons), container.NewVBox(icon), nil, container.NewVScroll(s.msg))))
	s.win.Resize(fyne.NewSize(820, 520))
	s.win.CenterOnScreen()
	s.win.Show()
	return s
}

// startMessage is why the ledger could not be opened. The ledger held by
// another program is worded here, in the interface's language; other
// messages come from the ledger in Chinese.
func startMessage(err error) string {
	var held *data.HeldError
	if english == nil || !errors.As(err, &held) {
		return app.ErrorMessage(err)
	}
	who := tr("另一个台账程序")
	if held.PID != 0 {
		var parts []string
		if held.User != "" {
			parts = append(parts, trf("用户 %s", held.User))
		}
		if held.Computer != "" {
			parts = append(parts, trf("计算机 %s", held.Computer))
		}
		parts = append(parts, trf("进程号 %d", held.PID))
		if !held.Since.IsZero() {
			parts = append(parts, trf("%s 起", held.Since.Local().Format("2006-01-02 15:04")))
		}
		who = trf("%s（%s）", who, strings.Join(parts, tr("，")))
	}
	return trf("数据库文件 %s 正由%s打开。为免两处同时修改、互相覆盖，本程序现在不能打开它。请先关闭那个台账程序（在另一台电脑上的，请联系其使用者关闭），再重新打开；如果那个程序已经退出，锁会自动解除，直接重试即可。", held.Path, who)
}

// findGood checks the backups newest first in the background, then says
// which one restore would use and which were skipped and why, and enables
// restore for it.
func (s *startProblem) findGood(restore *widget.Button) {
	base := s.msg.Text
	s.msg.SetText(base + "\n\n" + tr("正在检查备份……"))
	go func() {
		b, skipped, ok := app.GoodBackup(context.Background(), s.storage, s.path, "")
		uiDo(func() {
			text := base
			if len(skipped) > 0 {
				text += "\n\n" + tr("以下较新的备份没有通过检查，不能用来恢复：") + "\n" + strings.Join(skipped, "\n")
			}
			if !ok {
				s.msg.SetText(text + "\n\n" + tr("没有找到完好的备份。可以选择别处的备份文件。"))
				return
			}
			s.msg.SetText(text + "\n\n" + trf("最新的完好备份：%s（%s，%s，已通过检查）", b.Path, b.Time.Format("2006-01-02 15:04"), app.FormatBytes(b.Size)))
			restore.OnTapped = func() { s.onRestore(b.Path) }
			restore.Enable()
		})
	}()
}

// onRetry opens the ledger again (the other program may have closed).
func (s *startProblem) onRetry() { s.open(nil, "") }

// onRestore asks, then restores from src and opens the ledger.
func (s *startProblem) onRestore(src string) {
	c := newConfirm(tr("恢复数据库"),
		trf("用备份 %s 恢复数据库？", src)+"\n\n"+tr("现有的数据库文件（如有）会先另存为一个备份（文件名以 before-restore 结尾）。"),
		func(ok bool) {
			if ok {
				s.open(func(ctx context.Context) (app.Restored, error) {
					return app.RestoreFile(ctx, s.storage, s.path, src, nil)
				}, src)
			}
		}, s.win)
	c.SetConfirmText(tr("恢复"))
	c.SetDismissText(tr("取消"))
	c.Show()
}

// onPick lets the clerk choose a backup file.
func (s *startProblem) onPick() {
	askOpenPath(s.win, s.fa.Preferences(), tr("选择备份文件"), backupTypes(), "", s.onRestore)
}

// open runs first (a restore from src) if not nil, then opens the ledger
// in a goroutine; on success the main window replaces this one.
func (s *startProblem) open(first func(ctx context.Context) (app.Restored, error), src string) {
	prog := dialog.NewCustomWithoutButtons(tr("请稍候"), widget.NewProgressBarInfinite(), s.win)
	prog.Show()
	go func() {
		ctx := context.Background()
		var r app.Restored
		var err error
		if first != nil {
			r, err = first(ctx)
		}
		var a *app.App
		if err == nil {
			a, err = app.Open(ctx, s.storage, s.path)
		}
		uiDo(func() {
			prog.Hide()
			if err != nil {
				s.msg.SetText(startMessage(err))
				return
			}
			w := showMain(s.fa, a)
			closeWindow(s.win)
			if first == nil {
				w.backupAtStart()
				return
			}
			w.checkAtStart()
			d := newInformation(tr("恢复完成"), restoredText(src, r), w.win)
			d.SetDismissText(tr("关闭"))
			d.Show()
		})
	}()
}
