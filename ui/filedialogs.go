package ui

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"taizhang/data"
)

// Preferences holding the folder a save dialog was last used in, where the
// next one opens.
const (
	// prefReturnFolder is the returns screens' (templates, packages,
	// picked returns, reminder lists).
	prefReturnFolder = "returns.folder"
	// prefReportFolder is the report dialog's.
	prefReportFolder = "report.folder"
)

// savedFolder is the folder kept in preference key, if it still exists.
func savedFolder(p fyne.Preferences, key string) fyne.ListableURI {
	dir := p.String(key)
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

// askSavePath asks over h's window where to save a file named name and
// calls onPath with the path chosen; the empty file the dialog made is left
// for onPath to overwrite. With an extension ext (such as ".xlsx") the
// dialog lists only such files and the path gets ext if the clerk typed
// another. With a preference key folderKey the dialog opens in the folder
// last chosen, which it then remembers.
func askSavePath(h host, name, ext, folderKey string, onPath func(path string)) {
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
		if ext != "" && !strings.EqualFold(filepath.Ext(path), ext) {
			removeIfEmpty(path)
			path += ext
		}
		if folderKey != "" {
			h.fyneApp().Preferences().SetString(folderKey, filepath.Dir(path))
		}
		onPath(path)
	}, h.window())
	save.SetFileName(name)
	if ext != "" {
		save.SetFilter(storage.NewExtensionFileFilter([]string{ext}))
	}
	if folderKey != "" {
		if l := savedFolder(h.fyneApp().Preferences(), folderKey); l != nil {
			save.SetLocation(l)
		}
	}
	save.Resize(fyne.NewSize(900, 600))
	save.Show()
}

// removeIfEmpty removes the empty file that the save dialog created at path.
func removeIfEmpty(path string) {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		os.Remove(path)
	}
}

// openPath opens a file or folder with the system's program, telling h's
// clerk when it cannot.
func openPath(h host, path string) {
	if err := openInSystem(path); err != nil {
		h.showError(data.Errorf(data.EINVALID, "无法打开“%s”：%v", path, err))
	}
}
