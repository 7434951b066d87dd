package reports

import (
	"unicode"

	"golang.org/x/image/font/sfnt"

	"taizhang/assets"
)

// MissingGlyphs lists the runes of text that the embedded font cannot draw.
func MissingGlyphs(text string) []rune {
	f, err := sfnt.Parse(assets.FontRegular)
	if err != nil {
		return []rune(text) // an unreadable font draws nothing
	}
	var buf sfnt.Buffer
	seen := map[rune]bool{}
	var missing []rune
	for _, r := range text {
		if seen[r] || unicode.IsSpace(r) && r != ' ' || unicode.IsControl(r) {
			continue
		}
		seen[r] = true
		if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
			missing = append(missing, r)
		}
	}
	return missing
}
