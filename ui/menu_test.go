package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestMainMenu(t *testing.T) {
	w, _ := newTestWindow(t)
	var labels []string
	for _, m := range w.win.MainMenu().Items {
		labels = append(labels, m.Label)
	}
	if want := []string{"文件", "填报", "报送", "报表", "指标", "设置", "帮助"}; !slices.Equal(labels, want) {
		t.Errorf("menus %v, want %v", labels, want)
	}
	file := w.win.MainMenu().Items[0].Items
	if last := file[len(file)-1]; !last.IsQuit || last.Label != "退出" {
		t.Errorf("文件 ends with %q (quit %v), want 退出", last.Label, last.IsQuit)
	}
	help := w.win.MainMenu().Items[len(labels)-1].Items
	help[0].Action() // 月度工作指南
	if n := len(w.win.Canvas().Overlays().List()); n != 1 {
		t.Fatalf("月度工作指南 opened %d dialogs", n)
	}
	w.win.Canvas().Overlays().Top().Hide()
	help[1].Action() // 关于台账
	if !hasText(w.win.Canvas().Overlays().Top(), w.app.DBPath()) {
		t.Error("关于台账 does not name the database")
	}
}

// hasText reports whether a label or text drawn under o contains s.
func hasText(o fyne.CanvasObject, s string) bool {
	for _, c := range test.LaidOutObjects(o) {
		switch c := c.(type) {
		case *widget.Label:
			if strings.Contains(c.Text, s) {
				return true
			}
		case *cjkLabel: // its text as set, without the line breaks it put in
			if strings.Contains(c.source, s) {
				return true
			}
		case *canvas.Text:
			if strings.Contains(c.Text, s) {
				return true
			}
		}
	}
	return false
}
