package ui

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestTextDialogHeight: an error, an information and a confirmation of a
// long Chinese message whose buttons were renamed (关闭, 恢复) are as tall
// as their text, not as the window (the renaming laid Fyne's dialog out at
// its narrowest, and it kept that height: 792 of 800 pixels), and the text
// has the room it needs; a short one stays small.
func TestTextDialogHeight(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewTheme())
	long := "备份约需 5.20 GB，而“E:\\”是 FAT32 格式，单个文件不能超过 4 GB，本次没有写入任何文件。请换用 exFAT 或 NTFS 格式的 U 盘或移动硬盘，或选择其他位置。"
	for _, c := range []struct {
		name      string
		msg       string
		show      func(win fyne.Window, msg string)
		maxHeight float32
	}{
		{"information", strings.Repeat(long, 2), func(win fyne.Window, msg string) {
			d := newInformation("备份", msg, win)
			d.SetDismissText("关闭")
			d.Show()
		}, 320},
		{"confirmation", long, func(win fyne.Window, msg string) {
			d := newConfirm("恢复数据库", msg, nil, win)
			d.SetConfirmText("恢复")
			d.SetDismissText("取消")
			d.Show()
		}, 260},
		{"error", long, func(win fyne.Window, msg string) { showErrorIn(win, errors.New(msg)) }, 260},
		{"short", "已备份。", func(win fyne.Window, msg string) { newInformation("备份", msg, win).Show() }, 200},
	} {
		win := a.NewWindow("台账")
		win.Resize(fyne.NewSize(1280, 800))
		c.show(win, c.msg)
		p, ok := win.Canvas().Overlays().Top().(*widget.PopUp)
		if !ok {
			t.Fatalf("%s: no dialog shown", c.name)
		}
		size, need := p.Content.Size(), p.Content.MinSize()
		if size.Height > c.maxHeight || size.Height < need.Height || size.Width < need.Width {
			t.Errorf("%s: the dialog is %v, its content needs %v; want at most %v tall", c.name, size, need, c.maxHeight)
		}
		if !hasText(p, c.msg[:len("备份约需")]) && c.name != "short" {
			t.Errorf("%s: the message is not shown", c.name)
		}
		win.Close()
	}
}
