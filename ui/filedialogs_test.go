package ui

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestOpenFile: a typed or pasted path opens the file; 浏览… lists the
// chosen file types under a title without Fyne's stray space.
func TestOpenFile(t *testing.T) {
	fa := test.NewTempApp(t)
	win := fa.NewWindow("")
	win.Resize(fyne.NewSize(1280, 800))
	dir := filepath.Join(t.TempDir(), "现场 照片")
	os.MkdirAll(dir, 0o755)
	photo := filepath.Join(dir, "巡查.jpg")
	os.WriteFile(photo, []byte("jpg"), 0o644)
	os.WriteFile(filepath.Join(dir, "草稿.txt"), []byte("txt"), 0o644)

	var got []string
	o := askOpenPath(win, fa.Preferences(), "添加佐证材料", evidenceTypes(), prefEvidenceFolder, func(p string) { got = append(got, p) })
	if !slices.Equal(o.kind.Options, []string{"图片、PDF、Word/Excel", "图片", "PDF", "Word/Excel", "全部文件"}) || o.kind.Selected != "图片、PDF、Word/Excel" {
		t.Errorf("file types %q, chosen %q", o.kind.Options, o.kind.Selected)
	}
	// A missing file is refused and named.
	o.path.SetText(filepath.Join(dir, "没有.jpg"))
	o.onOpen()
	if len(got) != 0 || !hasText(win.Canvas().Overlays().Top(), "没有.jpg") {
		t.Errorf("a missing file: opened %q, or not named", got)
	}
	win.Canvas().Overlays().Top().Hide()
	// 浏览… lists the chosen types only.
	o.path.SetText(dir)
	o.onBrowse()
	if top := win.Canvas().Overlays().Top(); !hasText(top, "巡查") || hasText(top, "草稿") || !hasText(top, "选择文件（图片、PDF、Word/Excel）") {
		t.Error("browsing for images, PDF, Word/Excel does not list the photo alone")
	}
	win.Canvas().Overlays().Top().Hide()
	// A folder browses there, under a title that names the types listed.
	o.kind.SetSelected("全部文件")
	o.path.SetText(dir)
	o.onOpen()
	top := win.Canvas().Overlays().Top()
	if len(got) != 0 || !hasText(top, "选择文件（全部文件）") || hasText(top, "打开 文件") || !hasText(top, "巡查") || !hasText(top, "草稿") {
		t.Errorf("a folder typed: opened %q; the file dialog's title or listing is wrong", got)
	}
	top.Hide()
	// A path pasted with Windows' quotes opens at once; its folder is kept.
	test.Type(o.path, "")
	o.path.SetText(`"` + photo + `" `)
	o.path.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if !slices.Equal(got, []string{photo}) {
		t.Errorf("the pasted path opened %q", got)
	}
	if fa.Preferences().String(prefEvidenceFolder) != dir {
		t.Errorf("the folder kept is %q", fa.Preferences().String(prefEvidenceFolder))
	}
}
