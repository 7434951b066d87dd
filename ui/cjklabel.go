package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/reports"
)

// cjkLabel is a wrapped label that breaks its lines by the Chinese rules
// the reports follow (reports.LinePieces: a closing ） or ” never starts a
// line). Fyne breaks Chinese text after whichever character fills the line;
// the label puts its own line breaks in for the width it is given, and
// Fyne's wrapping, left on, has nothing more to break.
type cjkLabel struct {
	widget.Label
	source string  // the text as set
	width  float32 // the width the text was broken for
}

func newCJKLabel(text string) *cjkLabel {
	l := &cjkLabel{source: text}
	l.Wrapping = fyne.TextWrapWord
	l.Text = text
	l.ExtendBaseWidget(l)
	return l
}

// SetText sets the text, broken for the current width.
func (l *cjkLabel) SetText(text string) {
	l.source = text
	l.Label.SetText(l.broken())
}

// Resize breaks the text for the new width.
func (l *cjkLabel) Resize(size fyne.Size) {
	if size.Width != l.width {
		l.width = size.Width
		l.Text = l.broken()
	}
	l.Label.Resize(size)
}

// broken is the text with line breaks for the label's width.
func (l *cjkLabel) broken() string {
	size := theme.TextSize()
	if l.SizeName != "" {
		size = theme.Size(l.SizeName)
	}
	// One pixel to spare, so that Fyne's own measure never finds a line
	// too long by a rounding.
	room := l.width - 2*theme.InnerPadding() - 1
	return breakLines(l.source, room, func(s string) float32 {
		return fyne.MeasureText(s, size, l.TextStyle).Width
	})
}

// breakLines breaks each paragraph of text into lines no wider than width
// as measure measures them, between reports.LinePieces; a piece wider than
// a line stands on a line of its own (Fyne cuts it). A width of 0 or less
// leaves text as it is.
func breakLines(text string, width float32, measure func(string) float32) string {
	if width <= 0 {
		return text
	}
	var out []string
	for _, para := range strings.Split(text, "\n") {
		var line strings.Builder
		for _, p := range reports.LinePieces(para) {
			if line.Len() > 0 && measure(line.String()+p) > width {
				out = append(out, line.String())
				line.Reset()
				if strings.TrimSpace(p) == "" {
					continue // a space at the break goes
				}
			}
			line.WriteString(p)
		}
		out = append(out, line.String())
	}
	return strings.Join(out, "\n")
}
