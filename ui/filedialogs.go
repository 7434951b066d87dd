package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
	// prefEvidenceFolder is where evidence files were last picked.
	prefEvidenceFolder = "evidence.folder"
)

// savedFolder is the folder kept in preference key, if it still exists.
func savedFolder(p fyne.Preferences, key string) fyne.ListableURI {
	return listable(p.String(key))
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
	save.SetTitleText(tr("保存到")) // Fyne's own title reads "保存 文件"
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

// fileType is a choice of file types an open dialog lists while browsing: a
// label and the extensions (none: every file).
type fileType struct {
	label string
	exts  []string
}

// allFiles lists every file.
func allFiles() fileType { return fileType{label: tr("全部文件")} }

// evidenceTypes are the file types offered for evidence, the usual ones first.
func evidenceTypes() []fileType {
	images := []string{".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff", ".heic"}
	pdf := []string{".pdf", ".ofd"}
	office := []string{".doc", ".docx", ".wps", ".xls", ".xlsx", ".et"}
	return []fileType{
		{tr("图片、PDF、Word/Excel"), slices.Concat(images, pdf, office)},
		{tr("图片"), images},
		{tr("PDF"), pdf},
		{tr("Word/Excel"), office},
		allFiles(),
	}
}

// returnTypes are the file types offered for returns.
func returnTypes() []fileType {
	return []fileType{{tr("回执表和报送包（.xlsx、.zip）"), []string{".xlsx", ".zip"}}, allFiles()}
}

// backupTypes are the file types offered for a backup to restore.
func backupTypes() []fileType {
	return []fileType{{tr("台账备份（.db）"), []string{".db"}}, allFiles()}
}

// openFile is the dialog that asks for a file to open: its path typed or
// pasted (quotes around it, as Windows' "copy as path" puts them, are
// dropped), or picked with 浏览… among the chosen file types. Fyne's own
// file dialog has neither a path entry nor a choice of file types.
type openFile struct {
	win       fyne.Window
	prefs     fyne.Preferences
	folderKey string // the preference of the folder last used; "" for none
	types     []fileType
	onPath    func(path string)

	path   *widget.Entry
	kind   *widget.Select
	dialog *dialog.CustomDialog
}

// askOpenPath asks over win for a file to open, titled title, offering
// types (the first is chosen), and calls onPath with its path. With a
// preference key folderKey browsing starts in the folder last used, which
// it then remembers.
func askOpenPath(win fyne.Window, prefs fyne.Preferences, title string, types []fileType, folderKey string, onPath func(path string)) *openFile {
	o := &openFile{win: win, prefs: prefs, folderKey: folderKey, types: types, onPath: onPath, path: widget.NewEntry()}
	o.path.SetPlaceHolder(tr("粘贴或输入文件的完整路径"))
	o.path.OnSubmitted = func(string) { o.onOpen() }
	labels := make([]string, len(types))
	for i, t := range types {
		labels[i] = t.label
	}
	o.kind = widget.NewSelect(labels, nil)
	o.kind.SetSelectedIndex(0)
	form := widget.NewForm(
		widget.NewFormItem(tr("文件"), container.NewBorder(nil, nil, nil,
			widget.NewButtonWithIcon(tr("浏览…"), theme.FolderOpenIcon(), o.onBrowse), o.path)),
		widget.NewFormItem(tr("浏览时列出"), o.kind),
	)
	open := &widget.Button{Text: tr("打开"), Importance: widget.HighImportance, OnTapped: o.onOpen}
	buttons := container.NewHBox(layout.NewSpacer(), widget.NewButton(tr("取消"), func() { o.dialog.Hide() }), open)
	o.dialog = dialog.NewCustomWithoutButtons(title, container.NewVBox(form, buttons), win)
	o.dialog.Resize(fyne.NewSize(640, o.dialog.MinSize().Height))
	o.dialog.Show()
	win.Canvas().Focus(o.path)
	return o
}

// onOpen takes the typed path, if it names a file.
func (o *openFile) onOpen() {
	path := strings.Trim(strings.TrimSpace(o.path.Text), `"'`)
	if path == "" {
		o.onBrowse()
		return
	}
	st, err := os.Stat(path)
	switch {
	case err != nil:
		showErrorIn(o.win, data.Errorf(data.EINVALID, "找不到文件“%s”，请检查路径。", path))
		return
	case st.IsDir():
		o.browseIn(path)
		return
	}
	o.dialog.Hide()
	o.remember(path)
	o.onPath(path)
}

// onBrowse picks the file in Fyne's file dialog, starting in the typed
// path's folder, else the one last used.
func (o *openFile) onBrowse() {
	dir := strings.Trim(strings.TrimSpace(o.path.Text), `"'`)
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			dir = filepath.Dir(dir)
		}
	}
	o.browseIn(dir)
}

// browseIn opens Fyne's file dialog in dir (if a folder), listing the
// chosen file types; a file picked is opened at once.
func (o *openFile) browseIn(dir string) {
	fd := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			showErrorIn(o.win, err)
			return
		}
		if rc == nil {
			return // back to the path
		}
		path := rc.URI().Path()
		rc.Close()
		o.dialog.Hide()
		o.remember(path)
		o.onPath(path)
	}, o.win)
	fd.SetTitleText(o.dialogTitle())
	if t := o.types[max(o.kind.SelectedIndex(), 0)]; len(t.exts) > 0 {
		fd.SetFilter(storage.NewExtensionFileFilter(t.exts))
	}
	if l := listable(dir); l != nil {
		fd.SetLocation(l)
	} else if o.folderKey != "" {
		if l := savedFolder(o.prefs, o.folderKey); l != nil {
			fd.SetLocation(l)
		}
	}
	fd.Resize(fyne.NewSize(900, 600))
	fd.Show()
}

// dialogTitle is the file dialog's title: the type listed.
func (o *openFile) dialogTitle() string {
	return trf("选择文件（%s）", o.kind.Selected)
}

// remember keeps the folder of path for the next dialog.
func (o *openFile) remember(path string) {
	if o.folderKey != "" {
		o.prefs.SetString(o.folderKey, filepath.Dir(path))
	}
}

// listable is the folder dir as a location for a file dialog, or nil.
func listable(dir string) fyne.ListableURI {
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

// askFolder asks over win for a folder, titled title (Fyne's own title
// reads "打开 文件夹"), starting in start if it is one.
func askFolder(win fyne.Window, title, start string, onFolder func(dir string)) {
	fd := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil {
			showErrorIn(win, err)
			return
		}
		if u != nil {
			onFolder(u.Path())
		}
	}, win)
	fd.SetTitleText(title)
	if l := listable(start); l != nil {
		fd.SetLocation(l)
	}
	fd.Resize(fyne.NewSize(900, 600))
	fd.Show()
}
