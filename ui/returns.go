package ui

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// prefReturnFolder is the preference holding the folder last used by the
// returns screens (templates, packages, picked returns, reminder lists).
const prefReturnFolder = "returns.folder"

// newMonthSelect is a drop-down of the plan year's months with m selected.
func newMonthSelect(months []data.Month, m data.Month) *widget.Select {
	labels := make([]string, len(months))
	for i, mm := range months {
		labels[i] = mm.Label()
	}
	s := widget.NewSelect(labels, nil)
	s.SetSelected(m.Label())
	return s
}

// selectedMonth is the month a newMonthSelect shows.
func selectedMonth(s *widget.Select, months []data.Month) data.Month {
	if i := s.SelectedIndex(); i >= 0 && i < len(months) {
		return months[i]
	}
	return months[len(months)-1]
}

// returnFolder is the folder last used by the returns screens, if it still
// exists.
func returnFolder(p fyne.Preferences) fyne.ListableURI {
	dir := p.String(prefReturnFolder)
	if dir == "" {
		return nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil
	}
	l, err := storage.ListerForURI(storage.NewFileURI(dir))
	if err != nil {
		return nil
	}
	return l
}

// askSavePath asks where to save a file named name (with extension ext,
// such as ".xlsx") over parent, in the folder last used, and calls onPath
// with the path chosen; the file the dialog made is left for onPath to
// overwrite.
func askSavePath(h host, parent fyne.Window, name, ext string, onPath func(path string)) {
	save := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			h.showError(err)
			return
		}
		if wc == nil {
			return // cancelled
		}
		path := wc.URI().Path()
		wc.Close()
		if !strings.EqualFold(filepath.Ext(path), ext) {
			removeIfEmpty(path)
			path += ext
		}
		h.fyneApp().Preferences().SetString(prefReturnFolder, filepath.Dir(path))
		onPath(path)
	}, parent)
	save.SetFileName(name)
	save.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	if l := returnFolder(h.fyneApp().Preferences()); l != nil {
		save.SetLocation(l)
	}
	save.Resize(fyne.NewSize(900, 600))
	save.Show()
}

// openPath opens a file or folder with the system's program, telling h's
// clerk when it cannot.
func openPath(h host, path string) {
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err == nil {
		err = h.fyneApp().OpenURL(u)
	}
	if err != nil {
		h.showError(data.Errorf(data.EINVALID, "无法打开“%s”：%v", path, err))
	}
}
