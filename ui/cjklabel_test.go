package ui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestBreakLines: no line starts with closing punctuation, at any width.
func TestBreakLines(t *testing.T) {
	const text = "德胜街道：主责单位（通过“各街道办事处”）。在上方选好填报月份；“本单位”筛选只列出本单位主责或协办的工作措施。"
	runes := func(s string) float32 { return float32(utf8.RuneCountInString(s)) }
	for width := float32(4); width <= 40; width++ {
		got := breakLines(text, width, runes)
		if strings.ReplaceAll(got, "\n", "") != text {
			t.Fatalf("width %v: the text changed: %q", width, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if r, _ := utf8.DecodeRuneInString(line); strings.ContainsRune("，。；：）”", r) {
				t.Errorf("width %v: a line starts with %q: %q", width, r, line)
			}
			if runes(line) > width && utf8.RuneCountInString(line) > 3 {
				t.Errorf("width %v: line %q is too long", width, line)
			}
		}
	}
}

// TestCJKLabel: the label breaks its text for the width it is laid out at.
func TestCJKLabel(t *testing.T) {
	test.NewTempApp(t)
	l := newCJKLabel("")
	w := test.NewWindow(container.NewVBox(l))
	defer w.Close()
	l.SetText("德胜街道：主责单位（通过“各街道办事处”）")
	broken := 0
	for width := float32(120); width <= 400; width += 10 {
		w.Resize(fyne.NewSize(width, 300))
		if strings.Contains(l.Text, "\n") {
			broken++
		}
		for _, line := range strings.Split(l.Text, "\n") {
			if strings.HasPrefix(line, "”") || strings.HasPrefix(line, "）") {
				t.Errorf("at width %v a line starts with closing punctuation: %q", width, l.Text)
			}
		}
	}
	if broken == 0 || strings.Contains(l.Text, "\n") {
		t.Errorf("broken at %d widths; at 400 the text reads %q", broken, l.Text)
	}
}
