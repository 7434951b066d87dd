package ui

import (
	"context"
	"errors"
	"testing"
	"time"

	"taizhang/data"
)

func TestRunner(t *testing.T) {
	w, _ := newTestWindow(t)

	t.Run("result applied", func(t *testing.T) {
		var got string
		applied := false
		w.run(func(ctx context.Context) error {
			got = "德胜街道"
			return nil
		}, func() { applied = got == "德胜街道" })
		if w.idle() {
			t.Error("the work is not counted while it runs")
		}
		waitIdle(t, w)
		if !applied {
			t.Error("apply did not get the work's result")
		}
	})

	t.Run("error shown, not applied", func(t *testing.T) {
		applied := false
		w.run(func(ctx context.Context) error {
			return data.Errorf(data.EINVALID, "数值“abc”不是数字")
		}, func() { applied = true })
		waitIdle(t, w)
		top := w.win.Canvas().Overlays().Top()
		if applied || top == nil || !hasText(top, "数值“abc”不是数字") {
			t.Fatalf("applied %v; the error dialog does not show the message", applied)
		}
		top.Hide()
	})

	t.Run("runThen gets the error", func(t *testing.T) {
		want := errors.New("read entries: disk I/O error")
		var got error
		w.runThen(func(ctx context.Context) error { return want }, func(err error) { got = err })
		waitIdle(t, w)
		if got != want || w.win.Canvas().Overlays().Top() != nil {
			t.Errorf("then got %v (want %v), or an error dialog was shown for it", got, want)
		}
	})

	t.Run("window closed", func(t *testing.T) {
		started, cancelled := make(chan struct{}), make(chan error, 1)
		called := false
		w.runThen(func(ctx context.Context) error {
			close(started)
			<-ctx.Done()
			cancelled <- ctx.Err()
			return ctx.Err()
		}, func(error) { called = true })
		<-started
		w.win.Close()
		select {
		case err := <-cancelled:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("the work's context ends with %v after the window closed", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("closing the window did not cancel the work's context")
		}
		waitIdle(t, w)
		if called {
			t.Error("the outcome was applied to a closed window")
		}
	})
}
