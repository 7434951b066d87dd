package ui

import (
	"bytes"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/assets"
)

func TestThemeUsesEmbeddedFont(t *testing.T) {
	th := NewTheme()
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}} {
		res := th.Font(style)
		if res == nil {
			t.Fatalf("Font(%+v) = nil", style)
		}
		if res.Name() != assets.FontFile || !bytes.Equal(res.Content(), assets.FontRegular) {
			t.Errorf("Font(%+v) = %q (%d bytes), want embedded %q (%d bytes)",
				style, res.Name(), len(res.Content()), assets.FontFile, len(assets.FontRegular))
		}
	}
	if got, want := th.Font(fyne.TextStyle{Monospace: true}), theme.DefaultTheme().Font(fyne.TextStyle{Monospace: true}); got != want {
		t.Errorf("monospace font = %q, want the default %q", got.Name(), want.Name())
	}
}

func TestThemeDelegatesToDefault(t *testing.T) {
	test.NewTempApp(t) // the default theme's colours read the app's settings
	th, def := NewTheme(), theme.DefaultTheme()
	if got, want := th.Size(theme.SizeNameText), def.Size(theme.SizeNameText); got != want {
		t.Errorf("text size = %v, want %v", got, want)
	}
	if got, want := th.Color(theme.ColorNamePrimary, theme.VariantLight), def.Color(theme.ColorNamePrimary, theme.VariantLight); got != want {
		t.Errorf("primary colour = %v, want %v", got, want)
	}
	if th.Icon(theme.IconNameHome) == nil {
		t.Error("home icon is nil")
	}
}

// TestHintReadable: a hint's colour stands out from the background on the
// light and the dark theme (WCAG's 3:1 for secondary text), where the
// disabled colour of a LowImportance label does not on the dark one.
func TestHintReadable(t *testing.T) {
	test.NewTempApp(t)
	h := hintText("提示")
	seg := h.Segments[0].(*widget.TextSegment)
	if seg.Style.ColorName != theme.ColorNamePlaceHolder || h.Wrapping != fyne.TextWrapWord {
		t.Fatalf("the hint is drawn in %q, wrapping %v", seg.Style.ColorName, h.Wrapping)
	}
	th := NewTheme()
	luminance := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		lin := func(v uint32) float64 {
			f := float64(v) / 0xffff
			if f <= 0.03928 {
				return f / 12.92
			}
			return math.Pow((f+0.055)/1.055, 2.4)
		}
		return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	}
	contrast := func(a, b color.Color) float64 {
		la, lb := luminance(a), luminance(b)
		return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
	}
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		if c := contrast(th.Color(seg.Style.ColorName, v), bg); c < 3 {
			t.Errorf("variant %d: the hint's contrast is %.1f:1", v, c)
		}
		if v == theme.VariantDark && contrast(th.Color(theme.ColorNameDisabled, v), bg) >= 3 {
			t.Error("the dark theme's disabled colour is readable after all: the hint could stay a LowImportance label")
		}
	}
}
