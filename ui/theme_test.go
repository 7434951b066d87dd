package ui

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

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
