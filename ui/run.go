package ui

import (
	"context"
	"errors"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"taizhang/app"
)

// runner runs a window's work off the UI goroutine: the one way the
// screens query or write the ledger. Work gets a context that is cancelled
// when the window closes; its outcome reaches the widgets in one uiDo, and
// errors go to one place, the window's error dialog.
type runner struct {
	ctx     context.Context // cancelled when the window closes
	cancel  context.CancelFunc
	pending *atomic.Int64 // work started and not yet applied (the tests wait for none)
	onError func(error)   // shows an error; UI goroutine only
}

// newRunner is a window's runner, counting its work in pending (shared by
// the main window and the windows it opens) and showing errors with
// onError. The window calls its stop when it closes.
func newRunner(pending *atomic.Int64, onError func(error)) *runner {
	ctx, cancel := context.WithCancel(context.Background())
	return &runner{ctx: ctx, cancel: cancel, pending: pending, onError: onError}
}

// stop cancels the work still running: its window has closed.
func (r *runner) stop() { r.cancel() }

// run runs work in a goroutine and then, on the UI goroutine, shows its
// error or, when it succeeded, calls apply (if not nil). Work hands its
// result to apply through variables both close over. Work that writes the
// ledger passes context.WithoutCancel(ctx) on, so that closing the window
// never cuts short a change the clerk made. Once the window has closed,
// neither apply nor the error is shown.
func (r *runner) run(work func(ctx context.Context) error, apply func()) {
	r.runThen(work, func(err error) {
		if err != nil {
			r.onError(err)
			return
		}
		if apply != nil {
			apply()
		}
	})
}

// runThen is run for callers that handle work's error themselves: then
// gets it (nil when work succeeded) on the UI goroutine.
func (r *runner) runThen(work func(ctx context.Context) error, then func(err error)) {
	r.pending.Add(1)
	go func() {
		err := work(r.ctx)
		uiDo(func() {
			defer r.pending.Add(-1)
			if r.ctx.Err() != nil {
				return // the window has closed
			}
			then(err)
		})
	}()
}

// showErrorIn tells the clerk in win what went wrong, in their words
// (app.ErrorMessage). UI goroutine only.
func showErrorIn(win fyne.Window, err error) {
	msg := app.ErrorMessage(err)
	d := textDialog{dialog.NewError(errors.New(msg), win), msg, win}
	d.SetDismissText(tr("关闭"))
	d.Show()
}

// ownWindow is the host of a window of its own that the main window opened
// (the unit directory, the return import wizard): its errors are shown in
// that window, not in the main window, which may be behind it where the
// clerk would not see them.
type ownWindow struct {
	host
	win fyne.Window
}

func (o ownWindow) window() fyne.Window { return o.win }
func (o ownWindow) showError(err error) { showErrorIn(o.win, err) }
func (o ownWindow) run(work func(ctx context.Context) error, apply func()) {
	o.runThen(work, func(err error) {
		if err != nil {
			o.showError(err)
			return
		}
		if apply != nil {
			apply()
		}
	})
}

// host is what a dialog needs of the window it opens over, so that it
// depends on these few things and not on the whole main window.
type host interface {
	// ledger is the open ledger.
	ledger() *app.App
	// fyneApp is the Fyne application: preferences, opening files.
	fyneApp() fyne.App
	// window is the window the dialog opens over.
	window() fyne.Window
	// run and runThen run work off the UI goroutine (see runner).
	run(work func(ctx context.Context) error, apply func())
	runThen(work func(ctx context.Context) error, then func(err error))
	// showError tells the clerk what went wrong. UI goroutine only.
	showError(err error)
	// reload shows the ledger's changes in the main window.
	reload()
}
