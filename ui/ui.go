// Package ui is taizhang's Fyne desktop interface: one file per screen, a
// struct per screen built by newXxx with onXxx handlers. Work on the ledger
// runs off the UI goroutine through a window's runner (run.go), and its
// result reaches the widgets in one fyne.Do; dialogs depend on a host, not
// on the whole main window.
package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	// Installs, before Fyne initialises, the filter that keeps Fyne's
	// harmless complaints (the C locale, missing XDG folders) off stderr.
	_ "taizhang/ui/fynelog"
)

// AppID is the Fyne application ID (preferences and storage are kept under it).
const AppID = "cn.gov.bjxch.taizhang"

// Preference keys for the main window's size.
const (
	prefWidth  = "mainwindow.width"
	prefHeight = "mainwindow.height"
)

// uiDo runs f on the UI goroutine: fyne.Do. Tests replace it with a queue
// that the test goroutine, playing the UI goroutine, runs (see waitIdle).
var uiDo = fyne.Do

// Default and smallest remembered main window sizes.
var (
	defaultSize = fyne.NewSize(1280, 800)
	minSize     = fyne.NewSize(900, 560)
)

// Run opens the ledger at path with st and shows the main window over it; it
// returns when the clerk closes it. A ledger that cannot be opened (held by
// another copy of the program, damaged) gets a window that says why and
// offers what can be done instead. Errors while it runs are shown in
// dialogs; the error result is for the command line's signature and is
// always nil. version is the program's version (关于台账).
func Run(st app.Storage, path, version string) error {
	programVersion = version
	fa := fyneapp.NewWithID(AppID)
	if err := setLanguage(fa.Preferences().StringWithFallback(prefLanguage, langChinese)); err != nil {
		fyne.LogError("interface language", err)
	}
	fa.Settings().SetTheme(NewTheme())
	// Opening checks the schema and the tables the screens read (not the
	// evidence's bytes; the full check runs later in the background), so
	// this window shows for a fraction of a second.
	opening := showOpening(fa, path)
	go func() {
		var a *app.App
		err := app.CheckLedger(path)
		if err == nil {
			a, err = app.Open(context.Background(), st, path)
		}
		uiDo(func() {
			if err != nil {
				showStartProblem(fa, st, path, err)
			} else {
				w := showMain(fa, a)
				w.backupAtStart()
			}
			closeWindow(opening)
		})
	}()
	fa.Run()
	return nil
}

// closeWindow closes win once another window has replaced it. Fyne 2.7.1
// on X11 crashes on the next mouse move when a window the pointer was over
// is closed at once, so win is hidden now and closed a second later.
func closeWindow(win fyne.Window) {
	win.Hide()
	time.AfterFunc(time.Second, func() { uiDo(win.Close) })
}

// showOpening shows a small window with a progress bar while the ledger at
// path opens.
func showOpening(fa fyne.App, path string) fyne.Window {
	win := fa.NewWindow(tr("台账"))
	win.SetContent(container.NewPadded(container.NewVBox(
		widget.NewLabel(tr("正在打开并检查数据库……")),
		&widget.Label{Text: path, Truncation: fyne.TextTruncateEllipsis, Importance: widget.LowImportance},
		widget.NewProgressBarInfinite())))
	win.Resize(fyne.NewSize(460, 130))
	win.SetFixedSize(true)
	win.CenterOnScreen()
	win.Show()
	return win
}

// showMain shows a main window over the open ledger a, which it closes
// with the window. The program ends when its last window closes.
func showMain(fa fyne.App, a *app.App) *mainWindow {
	w := newMainWindow(fa, a)
	w.win.Resize(savedSize(fa.Preferences()))
	w.win.SetCloseIntercept(w.onQuit)
	w.win.SetOnClosed(func() {
		w.runner.stop()
		a.Close()
	})
	w.win.CenterOnScreen()
	w.win.Show()
	return w
}

// savedSize is the main window's size from the last run, or the default.
func savedSize(p fyne.Preferences) fyne.Size {
	s := fyne.NewSize(
		float32(p.FloatWithFallback(prefWidth, float64(defaultSize.Width))),
		float32(p.FloatWithFallback(prefHeight, float64(defaultSize.Height))),
	)
	if s.Width < minSize.Width || s.Height < minSize.Height {
		return defaultSize
	}
	return s
}

// saveSize remembers the main window's size for the next run.
func saveSize(p fyne.Preferences, s fyne.Size) {
	if s.Width < minSize.Width || s.Height < minSize.Height {
		return
	}
	p.SetFloat(prefWidth, float64(s.Width))
	p.SetFloat(prefHeight, float64(s.Height))
}
