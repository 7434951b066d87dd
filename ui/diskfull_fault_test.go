package ui

import (
	"context"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"taizhang/app"
	"taizhang/app/sqlite"
	"taizhang/data/datatest"
)

// TestDiskFullStatus opens a ledger whose disk filled while it was
// closed: it opens read-only, and the status line says why (the disk is
// full), not only 只读, and no welcome dialog asks for what could not be
// saved.
func TestDiskFullStatus(t *testing.T) {
	uiDo = func(f func()) { uiQueue <- f }
	t.Cleanup(func() { uiDo = fyne.Do })
	fa := test.NewTempApp(t)
	ctx := context.Background()
	dir := datatest.MountTmpfs(t, "20m")
	path := filepath.Join(dir, "taizhang.db")
	first, err := app.Open(ctx, sqlite.Storage(), path)
	if err != nil {
		t.Fatal(err)
	}
	first.Close()
	datatest.FillDisk(t, dir)
	a, err := app.Open(ctx, sqlite.Storage(), path)
	if err != nil {
		t.Fatalf("open on a full disk: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	w := newMainWindow(fa, a)
	waitIdle(t, w)
	if !hasText(w.win.Content(), "磁盘已满，只读，不能保存修改") {
		t.Error("the status line does not say the disk is full")
	}
	for _, o := range w.win.Canvas().Overlays().List() {
		if hasText(o, "欢迎使用台账") {
			t.Error("the welcome dialog asks a read-only ledger's clerk for a unit and name")
		}
	}
}
