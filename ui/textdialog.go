package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Text dialogs (information, error, confirmation) as tall as their text.
// Fyne takes a text dialog's height, when it is shown, from its layout at
// that moment; renaming a button first (SetDismissText(关闭), as every
// dialog here does) lays it out at its narrowest, one or two characters a
// line, so a long Chinese message made a dialog as tall as the window with
// the text at its top and an empty page under it.

// textDialog is a dialog of the text msg over win whose Show fits its
// height to the text.
type textDialog struct {
	dialog.Dialog
	msg string
	win fyne.Window
}

// Show shows the dialog as tall as its text needs.
func (d textDialog) Show() {
	d.Dialog.Show()
	fitText(d.Dialog, d.msg, d.win)
}

// confirmDialog is dialog.ConfirmDialog with textDialog's Show.
type confirmDialog struct {
	*dialog.ConfirmDialog
	msg string
	win fyne.Window
}

// Show shows the dialog as tall as its text needs.
func (d confirmDialog) Show() {
	d.ConfirmDialog.Show()
	fitText(d.ConfirmDialog, d.msg, d.win)
}

// newInformation is dialog.NewInformation, as tall as its text.
func newInformation(title, msg string, win fyne.Window) textDialog {
	return textDialog{dialog.NewInformation(title, msg, win), msg, win}
}

// newConfirm is dialog.NewConfirm, as tall as its text.
func newConfirm(title, msg string, callback func(bool), win fyne.Window) confirmDialog {
	return confirmDialog{dialog.NewConfirm(title, msg, callback, win), msg, win}
}

// fitText resizes d, a text dialog of msg over win that has been shown
// (so its text is laid out at its width), to the height its text needs.
// The width is Fyne's: the text's unwrapped width and the dialog's
// padding, at most 600 and nine tenths of the window's.
func fitText(d dialog.Dialog, msg string, win fyne.Window) {
	w := widget.NewLabel(msg).MinSize().Width + 32 + 2*theme.Padding()
	w = min(w, 600, 0.9*win.Canvas().Size().Width)
	d.Resize(fyne.NewSize(w, d.MinSize().Height))
}
