package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wheelCatcher lies over a multi-line entry and hands the mouse wheel to the
// pane that scrolls around it. Fyne gives the wheel to the innermost
// scrollable under the pointer, which is the entry's own scroller even when
// its text fits and it has nothing to scroll, so the pane would not move
// while the pointer is over a text box. The catcher takes only the wheel:
// taps, typing and the pointer still reach the entry. While the entry's text
// overflows, the catcher hides and the entry scrolls itself.
type wheelCatcher struct {
	widget.BaseWidget
	entry *widget.Entry
	pane  func() *container.Scroll
}

// passWheel stacks a wheelCatcher over e; pane is the scroll to hand the
// wheel to (a func, as the pane may be built after e). e.OnChanged must be
// set before.
func passWheel(e *widget.Entry, pane func() *container.Scroll) fyne.CanvasObject {
	c := &wheelCatcher{entry: e, pane: pane}
	c.ExtendBaseWidget(c)
	changed := e.OnChanged
	e.OnChanged = func(s string) {
		c.update()
		if changed != nil {
			changed(s)
		}
	}
	return container.NewStack(e, c)
}

// CreateRenderer draws nothing.
func (c *wheelCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Resize follows the entry's size and checks whether its text overflows.
func (c *wheelCatcher) Resize(size fyne.Size) {
	c.BaseWidget.Resize(size)
	c.update()
}

// Scrolled scrolls the pane.
func (c *wheelCatcher) Scrolled(ev *fyne.ScrollEvent) {
	if s := c.pane(); s != nil {
		s.Scrolled(ev)
	}
}

// update hides the catcher while the entry's text overflows it, so that the
// entry scrolls itself, and shows it otherwise (on every change of the text,
// SetText included, and of the size).
func (c *wheelCatcher) update() {
	if entryOverflows(c.entry) {
		c.Hide()
	} else {
		c.Show()
	}
}

// entryOverflows reports whether e's text, wrapped as e wraps it, is taller
// than the room e gives it by more than the line spacing of the rows e
// shows (less than a line: nothing worth scrolling to).
func entryOverflows(e *widget.Entry) bool {
	size := e.Size()
	if e.Text == "" || size.Width <= 0 {
		return false
	}
	t := widget.NewRichTextWithText(e.Text)
	t.Wrapping = e.Wrapping
	border := theme.InputBorderSize()
	t.Resize(fyne.NewSize(size.Width-2*border, 0))
	return t.MinSize().Height > size.Height-2*border+theme.TextSize()
}
