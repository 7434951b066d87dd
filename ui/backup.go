package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// backupDialog is 备份与恢复: the backup folder and the space it takes,
// the rotation counts, and the backups with a 恢复 button each.
type backupDialog struct {
	h host
	// backupNow makes a backup, then calls then; restore asks, calls
	// before and restores from src, replacing the main window.
	backupNow func(then func())
	restore   func(src, question string, before func())

	dialog  dialog.Dialog
	folder  *widget.Label
	space   *widget.Label
	daily   *widget.Entry
	monthly *widget.Entry
	every   *widget.Entry   // days between background full checks
	list    *fyne.Container // one row per backup
}

// backupInfo is what the dialog shows, loaded in a goroutine.
type backupInfo struct {
	settings app.BackupSettings
	space    app.BackupSpace
	spaceErr error
	backups  []app.BackupFile
	every    int // days between background full checks
}

func loadBackupInfo(ctx context.Context, a *app.App) (backupInfo, error) {
	var info backupInfo
	var err error
	if info.settings, err = a.BackupSettings(ctx); err != nil {
		return info, err
	}
	info.space, info.spaceErr = a.BackupSpace(ctx)
	if info.every, err = a.CheckEvery(ctx); err != nil {
		return info, err
	}
	info.backups, err = a.Backups(ctx)
	return info, err
}

// onBackups opens 备份与恢复 (文件 menu).
func (w *mainWindow) onBackups() {
	d := newBackupDialog(w, w.onBackupNow, w.confirmRestore)
	d.show()
	d.reload()
}

// newBackupDialog builds the dialog over h, which makes backups with
// backupNow and restores them with restore.
func newBackupDialog(h host, backupNow func(then func()), restore func(src, question string, before func())) *backupDialog {
	d := &backupDialog{
		h:         h,
		backupNow: backupNow,
		restore:   restore,
		folder:    wrappedLabel(""),
		space:     widget.NewLabel(tr("正在读取……")),
		daily:     widget.NewEntry(),
		monthly:   widget.NewEntry(),
		every:     widget.NewEntry(),
		list:      container.NewVBox(),
	}
	return d
}

func (d *backupDialog) show() {
	rotation := container.NewHBox(
		widget.NewLabel(tr("保留最近")), container.NewGridWrap(fyne.NewSize(70, d.daily.MinSize().Height), d.daily),
		widget.NewLabel(tr("天的每日备份和")), container.NewGridWrap(fyne.NewSize(70, d.monthly.MinSize().Height), d.monthly),
		widget.NewLabel(tr("个月的每月备份")),
		widget.NewButton(tr("保存"), d.onSaveRotation),
	)
	top := widget.NewForm(
		widget.NewFormItem(tr("备份文件夹"), container.NewBorder(nil, nil, nil, widget.NewButton(tr("更改…"), d.onChangeFolder), d.folder)),
		widget.NewFormItem(tr("占用空间"), d.space),
		widget.NewFormItem(tr("轮换"), rotation),
		widget.NewFormItem(tr("完整性检查"), container.NewHBox(
			widget.NewLabel(tr("每")), container.NewGridWrap(fyne.NewSize(70, d.every.MinSize().Height), d.every),
			widget.NewLabel(tr("天在后台检查一次数据库和每个佐证材料")),
			widget.NewButton(tr("保存"), d.onSaveEvery))),
	)
	buttons := container.NewHBox(
		widget.NewButton(tr("立即备份"), func() { d.backupNow(d.reload) }),
		widget.NewButton(tr("从其他文件恢复…"), d.onRestoreOther),
	)
	content := container.NewBorder(
		container.NewVBox(top, buttons, widget.NewSeparator(), widget.NewLabelWithStyle(tr("已有的备份（新的在前）"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		nil, nil, nil,
		container.NewVScroll(d.list))
	d.dialog = dialog.NewCustom(tr("备份与恢复"), tr("关闭"), content, d.h.window())
	d.dialog.Resize(fyne.NewSize(820, 600))
	d.dialog.Show()
}

// reload reads the settings, the space and the backups again.
func (d *backupDialog) reload() {
	var info backupInfo
	d.h.run(func(ctx context.Context) (err error) {
		info, err = loadBackupInfo(ctx, d.h.ledger())
		return err
	}, func() { d.apply(info) })
}

func (d *backupDialog) apply(info backupInfo) {
	d.folder.SetText(info.settings.Dir)
	var used int64
	for _, b := range info.backups {
		used += b.Size
	}
	if info.spaceErr != nil {
		d.space.SetText(trn(len(info.backups), "%d 个备份共 %s；%s", len(info.backups), app.FormatBytes(used), app.ErrorMessage(info.spaceErr)))
	} else {
		d.space.SetText(trn(len(info.backups), "%d 个备份共 %s，所在磁盘可用 %s", len(info.backups), app.FormatBytes(info.space.Used), app.FormatBytes(int64(info.space.Free))))
	}
	d.daily.SetText(strconv.Itoa(info.settings.Daily))
	d.monthly.SetText(strconv.Itoa(info.settings.Monthly))
	d.every.SetText(strconv.Itoa(info.every))
	d.list.RemoveAll()
	if len(info.backups) == 0 {
		d.list.Add(widget.NewLabel(tr("备份文件夹中还没有备份")))
	}
	for _, b := range info.backups {
		d.list.Add(container.NewBorder(nil, nil,
			widget.NewLabel(b.Time.Format("2006-01-02 15:04")),
			widget.NewButton(tr("恢复"), func() { d.onRestore(b) }),
			widget.NewLabel(fmt.Sprintf("%s  ·  %s  ·  %s", app.FormatBytes(b.Size), backupKindLabel(b.Kind), b.Name))))
	}
	d.list.Refresh()
}

// backupKindLabel names who made a backup: 手动 ones are never rotated.
func backupKindLabel(k app.BackupKind) string {
	switch k {
	case app.BackupAuto:
		return tr("自动")
	case app.BackupManual:
		return tr("手动")
	case app.BackupBeforeRestore:
		return tr("恢复前保存")
	case app.BackupBeforeWAL:
		return tr("打开前连同 -wal 保存")
	}
	return tr("其他")
}

// onChangeFolder lets the clerk choose another backup folder (a USB stick).
func (d *backupDialog) onChangeFolder() {
	askFolder(d.h.window(), tr("选择备份文件夹"), d.folder.Text, func(dir string) {
		d.save(func(s *app.BackupSettings) { s.Dir = dir })
	})
}

// onSaveRotation keeps the rotation counts typed in.
func (d *backupDialog) onSaveRotation() {
	daily, err1 := strconv.Atoi(d.daily.Text)
	monthly, err2 := strconv.Atoi(d.monthly.Text)
	if err1 != nil || err2 != nil {
		d.h.showError(data.Errorf(data.EINVALID, "%s", tr("保留的份数请填整数")))
		return
	}
	d.save(func(s *app.BackupSettings) { s.Daily, s.Monthly = daily, monthly })
}

// onSaveEvery keeps the interval of the background full check typed in.
func (d *backupDialog) onSaveEvery() {
	days, err := strconv.Atoi(strings.TrimSpace(d.every.Text))
	if err != nil {
		d.h.showError(data.Errorf(data.EINVALID, "%s", tr("检查间隔请填整数天数")))
		return
	}
	d.h.runThen(func(ctx context.Context) error {
		return d.h.ledger().SetCheckEvery(context.WithoutCancel(ctx), days)
	}, func(err error) {
		if err != nil {
			d.h.showError(err)
		}
		d.reload()
	})
}

// save changes the stored backup settings with change and shows them.
func (d *backupDialog) save(change func(*app.BackupSettings)) {
	d.h.runThen(func(ctx context.Context) error {
		ctx = context.WithoutCancel(ctx)
		s, err := d.h.ledger().BackupSettings(ctx)
		if err == nil {
			change(&s)
			err = d.h.ledger().SetBackupSettings(ctx, s)
		}
		return err
	}, func(err error) {
		if err != nil {
			d.h.showError(err)
		}
		d.reload()
	})
}

// onRestore asks before restoring the backup b.
func (d *backupDialog) onRestore(b app.BackupFile) {
	d.restore(b.Path, trf("用 %s 的备份（%s）恢复数据库？", b.Time.Format("2006-01-02 15:04"), app.FormatBytes(b.Size)), d.dialog.Hide)
}

// onRestoreOther lets the clerk pick a backup file anywhere.
func (d *backupDialog) onRestoreOther() {
	askOpenPath(d.h.window(), d.h.fyneApp().Preferences(), tr("从其他文件恢复"), backupTypes(), "", func(path string) {
		d.restore(path, trf("用备份文件 %s 恢复数据库？", path), d.dialog.Hide)
	})
}

// confirmRestore asks, then restores from src (calling before first).
func (w *mainWindow) confirmRestore(src, question string, before func()) {
	c := newConfirm(tr("恢复数据库"),
		question+"\n\n"+tr("程序会先检查备份，再关闭数据库、用备份替换它并重新打开。当前的数据库会先另存为一个备份（文件名以 before-restore 结尾）。"),
		func(ok bool) {
			if ok {
				before()
				w.restore(src)
			}
		}, w.win)
	c.SetConfirmText(tr("恢复"))
	c.SetDismissText(tr("取消"))
	c.Show()
}

// restore closes the ledger, replaces it with the backup src and opens a
// new main window over the result (the old ledger again if the backup was
// refused), then closes this one.
func (w *mainWindow) restore(src string) {
	prog, bar := newProgressDialog(w.win, tr("正在恢复"), tr("正在检查备份中的每个佐证材料……"))
	prog.Show()
	path, st := w.app.DBPath(), w.app.Storage()
	var r app.Restored
	var a *app.App
	var err error
	w.runThen(func(ctx context.Context) (openErr error) {
		ctx = context.WithoutCancel(ctx)
		w.app.Close()
		r, err = app.RestoreFile(ctx, st, path, src, progressTo[int](bar))
		a, openErr = app.Open(ctx, st, path)
		return openErr
	}, func(openErr error) {
		prog.Hide()
		if openErr != nil {
			w.showError(openErr)
			return
		}
		nw := showMain(w.fa, a)
		closeWindow(w.win)
		if err != nil {
			nw.showError(err)
			return
		}
		msg := restoredText(src, r)
		info := newInformation(tr("恢复完成"), msg, nw.win)
		info.SetDismissText(tr("关闭"))
		info.Show()
	})
}

// onBackupNow makes a manual backup into the backup folder with a progress
// bar, then calls then (if not nil) (文件 → 立即备份). Rotation never
// removes it.
func (w *mainWindow) onBackupNow(then func()) {
	prog, bar := newProgressDialog(w.win, tr("正在备份"), tr("正在把数据库（含佐证材料）备份到备份文件夹……"))
	prog.Show()
	var b app.BackupFile
	w.runThen(func(ctx context.Context) (err error) {
		b, err = w.app.BackupNow(ctx, app.BackupManual, progressTo[int64](bar))
		return err
	}, func(err error) {
		prog.Hide()
		if err != nil {
			w.showError(err)
		} else {
			info := newInformation(tr("备份完成"), trf("已备份到 %s（%s）。", b.Path, app.FormatBytes(b.Size))+damagedText(b.Damaged), w.win)
			info.SetDismissText(tr("关闭"))
			info.Show()
		}
		if then != nil {
			then()
		}
	})
}

// backupAtStart makes a backup in the background when the newest is more
// than a day old; only a failure is shown. First it starts the full check
// if due (checkAtStart) and says whether opening kept a copy of the ledger
// and a -wal file left beside it.
func (w *mainWindow) backupAtStart() {
	w.checkAtStart()
	if kept := w.app.KeptWAL(); kept.Path != "" {
		text := trf("数据库旁有一个 -wal 文件（上次程序没有正常退出，或是从别处复制来的），打开时已把它合并进数据库。合并前的数据库和 -wal 文件已另存为 %s 和 %s-wal。", kept.Path, kept.Path)
		if kept.SetAside {
			text = trf("数据库旁有一个与它不符的 -wal 文件（可能是从别的台账复制来的），打开时没有合并，已把它移开。数据库和这个 -wal 文件已另存为 %s 和 %s-wal。", kept.Path, kept.Path)
		}
		d := newInformation(tr("已保存一份副本"), text, w.win)
		d.SetDismissText(tr("关闭"))
		d.Show()
	}
	var b app.BackupFile
	w.runThen(func(ctx context.Context) error {
		due, err := w.app.BackupDue(ctx)
		if err == nil && due {
			b, err = w.app.BackupNow(ctx, app.BackupAuto, nil)
		}
		return err
	}, func(err error) {
		if err != nil {
			w.showError(data.Errorf(data.ErrorCode(err), "%s%s", tr("每日自动备份没有完成："), app.ErrorMessage(err)))
		} else if len(b.Damaged) > 0 {
			d := newInformation(tr("备份完成"), trf("已备份到 %s（%s）。", b.Path, app.FormatBytes(b.Size))+damagedText(b.Damaged), w.win)
			d.SetDismissText(tr("关闭"))
			d.Show()
		}
	})
}

// backupAndClose closes the window, first making a backup if anything
// changed since the last one; a failed backup asks whether to quit anyway.
func (w *mainWindow) backupAndClose() {
	prog, bar := newProgressDialog(w.win, tr("正在备份"), tr("退出前正在备份数据库……"))
	w.runThen(func(ctx context.Context) error {
		changed, err := w.app.ChangedSinceBackup(ctx)
		if err == nil && changed {
			uiDo(prog.Show)
			_, err = w.app.BackupNow(ctx, app.BackupAuto, progressTo[int64](bar))
		}
		return err
	}, func(err error) {
		prog.Hide()
		if err == nil {
			w.win.Close()
			return
		}
		c := newConfirm(tr("退出前的备份没有完成"),
			app.ErrorMessage(err)+"\n\n"+tr("仍然退出吗？数据库本身已保存，只是缺少这次备份。"),
			func(quit bool) {
				if quit {
					w.win.Close()
				}
			}, w.win)
		c.SetConfirmText(tr("仍然退出"))
		c.SetDismissText(tr("返回"))
		c.Show()
	})
}

// restoredText tells the clerk what the restore from src did.
func restoredText(src string, r app.Restored) string {
	msg := trf("已用 %s 恢复数据库。", src)
	if r.Kept != "" {
		msg += "\n" + trf("被替换的数据库已保存为 %s。", r.Kept)
	}
	if r.WAL != "" {
		msg += "\n" + trf("备份旁的 %s（备份时尚未写入备份文件的最新修改）已一并恢复。", r.WAL)
	}
	if len(r.Damaged) > 0 {
		msg += "\n\n" + trf("备份中有 %d 个佐证材料已损坏，无法恢复，其余内容都已恢复：", len(r.Damaged)) + "\n" + strings.Join(r.Damaged, "\n") + "\n" + tr("请重新添加这些文件的原件。")
	}
	return msg
}

// damagedText warns of the damaged evidence files a backup holds, "" for none.
func damagedText(damaged []string) string {
	if len(damaged) == 0 {
		return ""
	}
	return "\n\n" + trf("注意：备份中有 %d 个已损坏的佐证材料（数据库中的内容已与校验值不符，按原样备份）：", len(damaged)) + "\n" +
		strings.Join(damaged, "\n") + "\n" + tr("请用“文件 → 完整性检查”检查数据库，并重新添加这些文件的原件。")
}
