package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// newProgressDialog is a dialog without buttons saying what runs, with a
// progress bar; the caller shows it and hides it when the work is done.
func newProgressDialog(win fyne.Window, title, message string) (dialog.Dialog, *widget.ProgressBar) {
	bar := widget.NewProgressBar()
	return dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewLabel(message), bar), win), bar
}

// progressTo is a progress callback for work in a goroutine: it moves bar
// to done of total through uiDo.
func progressTo[T int | int64](bar *widget.ProgressBar) func(done, total T) {
	return func(done, total T) {
		if total > 0 {
			f := float64(done) / float64(total)
			uiDo(func() { bar.SetValue(f) })
		}
	}
}
