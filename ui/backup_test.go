package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/app/sqlite"
	"taizhang/data"
)

// buttonIn finds the button labelled text under o.
func buttonIn(o fyne.CanvasObject, text string) *widget.Button {
	for _, c := range test.LaidOutObjects(o) {
		if b, ok := c.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	return nil
}

func TestBackupDialog(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	d := newBackupDialog(w, w.onBackupNow, w.confirmRestore)
	d.show()
	d.reload()
	waitIdle(t, w)
	if d.folder.Text != app.DefaultBackupDir(a.DBPath()) || !hasText(d.list, "还没有备份") || !strings.Contains(d.space.Text, "可用") {
		t.Errorf("empty folder: folder %q, space %q", d.folder.Text, d.space.Text)
	}

	// The start-up backup, then 立即备份: two files, the manual one listed
	// as 手动 with its size and a 恢复 button.
	w.backupAtStart()
	waitIdle(t, w)
	test.Tap(buttonIn(w.win.Canvas().Overlays().Top(), "立即备份"))
	waitIdle(t, w)
	if !hasText(w.win.Canvas().Overlays().Top(), "已备份到") {
		t.Fatal("no message after 立即备份")
	}
	w.win.Canvas().Overlays().Top().Hide()
	bs, err := a.Backups(ctx)
	if err != nil || len(bs) != 2 || bs[0].Kind != app.BackupManual || bs[1].Kind != app.BackupAuto {
		t.Fatalf("backups after the start-up backup and 立即备份: %+v, %v", bs, err)
	}
	if !hasText(d.list, bs[0].Name) || !hasText(d.list, app.FormatBytes(bs[0].Size)) || !strings.HasPrefix(d.space.Text, "2 个备份") {
		t.Errorf("the list does not show %s; space %q", bs[0].Name, d.space.Text)
	}
	if !hasText(d.list, "手动") || !hasText(d.list, "自动") {
		t.Error("the list does not label the manual backup 手动 and the start-up one 自动")
	}
	// The exit backup rotates the start-up one of the same day away, never
	// the manual one.
	if err := a.SetClerk(ctx, "王芳"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.BackupNow(ctx, app.BackupAuto, nil); err != nil {
		t.Fatal(err)
	}
	if after, _ := a.Backups(ctx); len(after) != 2 || after[0].Kind != app.BackupAuto || after[1].Path != bs[0].Path {
		t.Errorf("after the exit backup: %+v", after)
	}
	d.reload()
	waitIdle(t, w)

	// Rotation counts: a typo is refused, numbers are kept.
	d.daily.SetText("三")
	d.onSaveRotation()
	if !hasText(w.win.Canvas().Overlays().Top(), "整数") {
		t.Error("a count that is no number is not refused")
	}
	w.win.Canvas().Overlays().Top().Hide()
	d.daily.SetText("5")
	d.monthly.SetText("6")
	test.Tap(buttonIn(w.win.Canvas().Overlays().Top(), "保存"))
	waitIdle(t, w)
	if s, _ := a.BackupSettings(ctx); s.Daily != 5 || s.Monthly != 6 {
		t.Errorf("rotation saved as %+v", s)
	}

	// The background full check's interval.
	if d.every.Text != "7" {
		t.Errorf("check interval shown as %q, want the default 7", d.every.Text)
	}
	d.every.SetText("30")
	d.onSaveEvery()
	waitIdle(t, w)
	if days, _ := a.CheckEvery(ctx); days != 30 {
		t.Errorf("check interval saved as %d", days)
	}

	// 恢复 asks first.
	test.Tap(buttonIn(d.list, "恢复"))
	if top := w.win.Canvas().Overlays().Top(); !hasText(top, "恢复数据库") || !hasText(top, "before-restore") {
		t.Error("恢复 does not ask for confirmation")
	}
	w.win.Canvas().Overlays().Top().Hide()
}

func TestFullCheckDialog(t *testing.T) {
	w, _ := newTestWindow(t)
	w.onFullCheck()
	waitIdle(t, w)
	if !hasText(w.win.Canvas().Overlays().Top(), "检查通过") {
		t.Error("the full check of a sound ledger does not say it passed")
	}
	w.showCheckResult([]string{"佐证材料“巡查.jpg”已损坏：内容与校验值 abc 不符"})
	if top := w.win.Canvas().Overlays().Top(); !hasText(top, "巡查.jpg") || !hasText(top, "发现 1 处问题") {
		t.Error("the problems are not listed")
	}
}

func TestBackupAtExit(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	if err := a.SetClerk(ctx, "王芳"); err != nil {
		t.Fatal(err)
	}
	w.backupAndClose()
	waitIdle(t, w)
	if bs, _ := a.Backups(ctx); len(bs) != 1 {
		t.Errorf("%d backups after closing with a change, want 1", len(bs))
	}
	if changed, _ := a.ChangedSinceBackup(ctx); changed {
		t.Error("changes left unbacked at exit")
	}
}

func TestStartProblem(t *testing.T) {
	uiDo = func(f func()) { uiQueue <- f }
	t.Cleanup(func() { uiDo = fyne.Do })
	fa := test.NewTempApp(t)
	uiDo = func(f func()) { uiQueue <- f }
	t.Cleanup(func() { uiDo = fyne.Do })
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	first, err := app.Open(ctx, sqlite.Storage(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := first.BackupNow(ctx, app.BackupAuto, nil); err != nil {
		t.Fatal(err)
	}

	// Held by another program: who holds it, and 重试.
	_, err = app.Open(ctx, sqlite.Storage(), path)
	s := showStartProblem(fa, sqlite.Storage(), path, err)
	if !hasText(s.win.Content(), fmt.Sprintf("进程号 %d", os.Getpid())) || buttonIn(s.win.Content(), "重试") == nil {
		t.Error("the held ledger's window does not name the holder or offer 重试")
	}
	s.win.Close()
	first.Close()

	// Damaged: the newest backup is offered.
	b, _ := os.ReadFile(path)
	for off := 4096; off+4096 <= len(b); off += 4096 {
		if b[off] == 0x02 || b[off] == 0x0a {
			for i := off + 8; i < off+64; i++ {
				b[i] ^= 0xA5
			}
		}
	}
	os.WriteFile(path, b, 0o644)
	_, err = app.Open(ctx, sqlite.Storage(), path)
	if !data.IsDamaged(err) {
		t.Fatalf("damaged ledger opened: %v", err)
	}
	// A newer backup that is truncated (a crashed restore's kept copy) is
	// skipped and named; the good one is offered once checked.
	good, _ := app.NewestBackup(path, "")
	whole, _ := os.ReadFile(good.Path)
	bad := filepath.Join(app.DefaultBackupDir(path), "taizhang-"+time.Now().Add(time.Hour).Format("20060102-150405")+"-before-restore.db")
	os.WriteFile(bad, whole[:len(whole)/2], 0o644)
	s = showStartProblem(fa, sqlite.Storage(), path, err)
	restore := waitRestoreOffer(t, s)
	if !hasText(s.win.Content(), "最新的完好备份："+good.Path) || !hasText(s.win.Content(), filepath.Base(bad)+"：") {
		t.Error("the damaged ledger's window does not offer the good backup and name the skipped one")
	}
	if buttonIn(s.win.Content(), "新建空台账") != nil {
		t.Error("a damaged ledger is offered a new, empty one")
	}
	if restore.OnTapped == nil {
		t.Error("用最新的完好备份恢复 does nothing")
	}
	s.win.Close()

	// Missing, with backups beside: restore, pick, or a new ledger.
	os.Remove(path)
	err = app.CheckLedger(path)
	s = showStartProblem(fa, sqlite.Storage(), path, err)
	waitRestoreOffer(t, s)
	if !hasText(s.win.Content(), "不存在") || buttonIn(s.win.Content(), "新建空台账") == nil || buttonIn(s.win.Content(), "选择备份文件…") == nil {
		t.Error("the missing ledger's window does not offer restore, pick and new")
	}
	s.win.Close()
}

// waitRestoreOffer waits until the start window has checked the backups
// and enabled 用最新的完好备份恢复, and returns that button.
func waitRestoreOffer(t *testing.T, s *startProblem) *widget.Button {
	t.Helper()
	b := buttonIn(s.win.Content(), "用最新的完好备份恢复")
	if b == nil {
		t.Fatal("no 用最新的完好备份恢复 button")
	}
	timeout := time.After(20 * time.Second)
	for b.Disabled() {
		select {
		case f := <-uiQueue:
			f()
		case <-timeout:
			t.Fatal("the backups were not checked in 20 s")
		}
	}
	return b
}

// TestReadOnlyStatus: a ledger opened read-only says so in the status
// line, does not welcome its clerk (the unit and name could not be saved;
// a ledger on a full disk opens so), and a change asked of it is refused
// in Chinese.
func TestReadOnlyStatus(t *testing.T) {
	uiDo = func(f func()) { uiQueue <- f }
	t.Cleanup(func() { uiDo = fyne.Do })
	fa := test.NewTempApp(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	first, err := app.Open(ctx, sqlite.Storage(), path)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	a, err := app.OpenReadOnly(ctx, sqlite.Storage(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	w := newMainWindow(fa, a)
	waitIdle(t, w)
	if !hasText(w.win.Content(), "只读，不能保存修改") {
		t.Error("the status line does not say 只读")
	}
	// The welcome would ask for a unit and a name it cannot save.
	for _, o := range w.win.Canvas().Overlays().List() {
		if hasText(o, "欢迎使用台账") {
			t.Error("the welcome dialog asks a read-only ledger's clerk for a unit and name")
		}
	}
	err = a.SetClerk(ctx, "张三")
	if msg := app.ErrorMessage(err); !strings.Contains(msg, "只读方式打开") {
		t.Errorf("a change on a read-only ledger: %q", msg)
	}
}

// TestHistoryCheckAtStart: a ledger whose full check is not due opens
// although the index of its entries is damaged (opening leaves the
// entries and the audit log to the check that follows), and that check
// says so at once; a sound one shows its last full check.
func TestHistoryCheckAtStart(t *testing.T) {
	uiDo = func(f func()) { uiQueue <- f }
	t.Cleanup(func() { uiDo = fyne.Do })
	fa := test.NewTempApp(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	first, err := app.Open(ctx, sqlite.Storage(), path)
	if err != nil {
		t.Fatal(err)
	}
	st, progress := data.StatusOnTrack, "已巡查"
	if _, err := first.SetEntry(ctx, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.3", Month: "2023-06", Status: &st, Progress: &progress}); err != nil {
		t.Fatal(err)
	}
	if problems, err := first.FullCheck(ctx, nil); err != nil || len(problems) > 0 {
		t.Fatalf("full check of a sound ledger: %v, %v", problems, err)
	}
	first.Close()
	start := func() (*mainWindow, *app.App) {
		t.Helper()
		a, err := app.Open(ctx, sqlite.Storage(), path)
		if err != nil {
			t.Fatal(err)
		}
		w := newMainWindow(fa, a)
		waitIdle(t, w)
		if o := w.win.Canvas().Overlays().Top(); o != nil {
			o.Hide() // the welcome
		}
		w.checkAtStart()
		waitIdle(t, w)
		return w, a
	}
	w, a := start()
	if !strings.Contains(w.check.Text, "通过") || w.win.Canvas().Overlays().Top() != nil {
		t.Errorf("a sound ledger: status %q, dialog %v", w.check.Text, w.win.Canvas().Overlays().Top())
	}
	w.win.Close()
	a.Close()

	damageIndexPagesWith(t, path, "德胜街道2023-06") // entries_unit (unit, month)
	w, a = start()
	defer a.Close()
	if top := w.win.Canvas().Overlays().Top(); !hasText(top, "数据库文件结构损坏") || !strings.Contains(w.check.Text, "发现") {
		t.Errorf("damaged entries: status %q, no dialog naming the damage", w.check.Text)
	}
}

// damageIndexPagesWith garbles the cell pointers of the index b-tree pages
// of the closed database file at path that hold key, as a failing disk
// would.
func damageIndexPagesWith(t *testing.T, path, key string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	n := 0
	for off := page; off+page <= len(b); off += page {
		if (b[off] == 0x0a || b[off] == 0x02) && strings.Contains(string(b[off:off+page]), key) {
			for i := off + 8; i < off+64; i++ {
				b[i] ^= 0xA5
			}
			n++
		}
	}
	if n == 0 {
		t.Fatalf("no index page holds %q", key)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
