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

// luminance is a colour's relative luminance (WCAG 2).
func luminance(c color.Color) float64 {
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

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestHintReadable: a hint's colour stands out from the background on the
// light and the dark theme (WCAG's 3:1 for secondary text).
func TestHintReadable(t *testing.T) {
	test.NewTempApp(t)
	h := hintText("提示")
	seg := h.Segments[0].(*widget.TextSegment)
	if seg.Style.ColorName != theme.ColorNamePlaceHolder || h.Wrapping != fyne.TextWrapWord {
		t.Fatalf("the hint is drawn in %q, wrapping %v", seg.Style.ColorName, h.Wrapping)
	}
	th := NewTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameBackground, v)
		if c := contrast(th.Color(seg.Style.ColorName, v), bg); c < 3 {
			t.Errorf("variant %d: the hint's contrast is %.1f:1", v, c)
		}
	}
}

// TestTextContrast: on the light and the dark theme every colour a
// label's text takes (MediumImportance, LowImportance, a hint,
// DangerImportance, WarningImportance, SuccessImportance) is 4.5:1 or more
// on the window's, the dialogs' and the pop-ups' background, and
// LowImportance (disabled) text on a menu and a button too; disabled text
// stays dimmer than a hint and the foreground; a check box's outline is
// 3:1. HighImportance (the primary colour, 4.0:1 on the dark theme) is
// left as Fyne has it: lighter, it would be darker under the white text
// of 导入 and 保存.
func TestTextContrast(t *testing.T) {
	test.NewTempApp(t)
	th := NewTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
		backgrounds := []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameOverlayBackground}
		for _, text := range []fyne.ThemeColorName{theme.ColorNameForeground, theme.ColorNameDisabled, theme.ColorNamePlaceHolder,
			theme.ColorNameError, theme.ColorNameWarning, theme.ColorNameSuccess} {
			bgs := backgrounds
			if text == theme.ColorNameDisabled {
				bgs = append(bgs, theme.ColorNameMenuBackground, theme.ColorNameButton, theme.ColorNameDisabledButton)
			}
			for _, bg := range bgs {
				if c := contrast(col(text), col(bg)); c < 4.5 {
					t.Errorf("variant %d: %s text on %s: %.2f:1, want 4.5:1", v, text, bg, c)
				}
			}
		}
		bg := col(theme.ColorNameBackground)
		if !(contrast(col(theme.ColorNameDisabled), bg) < contrast(col(theme.ColorNamePlaceHolder), bg) &&
			contrast(col(theme.ColorNamePlaceHolder), bg) < contrast(col(theme.ColorNameForeground), bg)) {
			t.Errorf("variant %d: disabled text is not the dimmest, below hints and the foreground", v)
		}
		if contrast(col(theme.ColorNameForeground), col(theme.ColorNameDisabled)) < 2 {
			t.Errorf("variant %d: a disabled button's text looks like an enabled one's", v)
		}
		// An unticked check box's outline: WCAG's 3:1 for controls.
		for _, bg := range []fyne.ThemeColorName{theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameOverlayBackground} {
			if c := contrast(col(theme.ColorNameInputBorder), col(bg)); c < 3 {
				t.Errorf("variant %d: a check box's outline on %s: %.2f:1, want 3:1", v, bg, c)
			}
		}
	}
}
