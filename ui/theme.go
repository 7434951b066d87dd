package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/assets"
)

// fontResource is the embedded CJK font as a Fyne resource. It is created
// once so that Fyne's font cache, keyed by resource, loads the 4.6 MB font a
// single time.
var fontResource = fyne.NewStaticResource(assets.FontFile, assets.FontRegular)

// appTheme is Fyne's default theme (colours, icons and sizes follow it, so
// the light or dark variant follows the system setting) with the embedded
// WenQuanYi Micro Hei font for text, so that Chinese renders the same on a PC
// that has no CJK font installed, and readable greys for secondary text
// and controls' outlines on the dark variant (darkDisabled,
// darkInputBorder) and for secondary, warning and success text on the
// light one (lightColors).
type appTheme struct {
	base fyne.Theme
}

var _ fyne.Theme = (*appTheme)(nil)

// NewTheme returns the application's theme: the default Fyne theme with the
// embedded CJK font for regular, bold and italic text. Monospace and symbol
// text keep Fyne's own fonts. The font has no bold face, so bold text is
// drawn at regular weight. Install it with a.Settings().SetTheme(NewTheme()).
func NewTheme() fyne.Theme {
	return &appTheme{base: theme.DefaultTheme()}
}

// Font returns the embedded CJK font for every style except monospace and
// symbol.
func (t *appTheme) Font(style fyne.TextStyle) fyne.Resource {
	if style.Monospace || style.Symbol {
		return t.base.Font(style)
	}
	return fontResource
}

// hintText is a subtle, wrapped line of help. It is drawn in the theme's
// placeholder colour, readable on the light and the dark theme alike; a
// label of LowImportance takes the colour of disabled text, which the light
// theme draws almost as light as its background.
func hintText(text string) *widget.RichText {
	style := widget.RichTextStyleInline
	style.ColorName = theme.ColorNamePlaceHolder
	t := widget.NewRichText(&widget.TextSegment{Text: text, Style: style})
	t.Wrapping = fyne.TextWrapWord
	return t
}

// darkDisabled is the dark variant's colour of disabled and LowImportance
// text (a label of LowImportance takes the disabled colour): Fyne's own,
// #39393a, is 1.5:1 on the dark background, so the counts in the plan tree,
// the database path in the status line or 已有单位 in the plan import
// could hardly be read. This grey is 4.5:1 or more on the background, the
// dialogs', pop-ups', menus' and a button's, and still plainly dimmer than
// the foreground, so a disabled button still looks disabled.
var darkDisabled = color.NRGBA{R: 0x92, G: 0x92, B: 0x92, A: 0xff}

// darkInputBorder is the dark variant's outline of an unticked check box,
// a radio button and an entry: Fyne's own (#39393a) is 1.5:1 on the
// background, so the tick boxes of the measure list could hardly be seen;
// this grey is WCAG's 3:1 for controls on the background and on an entry's.
var darkInputBorder = color.NRGBA{R: 0x70, G: 0x70, B: 0x70, A: 0xff}

// lightColors are the light variant's colours that differ from Fyne's,
// whose are too light on white to be read: disabled and LowImportance text
// (#e3e3e3, 1.3:1: the plan tree's counts, the status line's database path
// could not be seen), an unticked check box's and an entry's outline
// (1.3:1), warnings (orange #ff9800, 2.2:1: the return import's "N 个文件未导入"),
// success (#43f436, 1.5:1: 导入完成), errors (3.7:1), hints (3.5:1). Each is
// now 4.5:1 or more on white and on a button's or a menu's grey (outlines
// 3:1, WCAG's for controls), and the foreground is darkened from #565656 so
// that disabled text stays plainly dimmer than enabled text. Warning, error
// and success take the status chips' orange, red and green.
var lightColors = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameForeground:  color.NRGBA{R: 0x33, G: 0x33, B: 0x33, A: 0xff},
	theme.ColorNameDisabled:    color.NRGBA{R: 0x70, G: 0x70, B: 0x70, A: 0xff},
	theme.ColorNamePlaceHolder: color.NRGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff},
	theme.ColorNameInputBorder: color.NRGBA{R: 0x85, G: 0x85, B: 0x85, A: 0xff},
	theme.ColorNameWarning:     color.NRGBA{R: 0xb0, G: 0x50, B: 0x00, A: 0xff},
	theme.ColorNameError:       colourRed,
	theme.ColorNameSuccess:     colourGreen,
}

// Color is the default theme's, but for darkDisabled and darkInputBorder
// on the dark variant and lightColors on the light one.
func (t *appTheme) Color(name fyne.ThemeColorName, variant fyne.ThemeVariant) color.Color {
	switch variant {
	case theme.VariantDark:
		switch name {
		case theme.ColorNameDisabled:
			return darkDisabled
		case theme.ColorNameInputBorder:
			return darkInputBorder
		}
	case theme.VariantLight:
		if c, ok := lightColors[name]; ok {
			return c
		}
	}
	return t.base.Color(name, variant)
}

// Icon delegates to the default theme.
func (t *appTheme) Icon(name fyne.ThemeIconName) fyne.Resource {
	return t.base.Icon(name)
}

// Size delegates to the default theme.
func (t *appTheme) Size(name fyne.ThemeSizeName) float32 {
	return t.base.Size(name)
}
