// Package assets holds the files the program ships inside its binary: the
// CJK font used by the GUI and the PDF reports, the application icon and the
// text of the 2023 action plan. It only exposes bytes and strings so that it
// can be used by every layer (it must not import fyne).
package assets

import _ "embed"

// FontName is the family name of FontRegular, for PDF writers that register
// fonts by name.
const FontName = "WenQuanYi Micro Hei"

// FontFile is the file name of FontRegular inside this package, for writers
// that want a file name (for example gofpdf's AddUTF8FontFromBytes callers or
// a fyne.StaticResource).
const FontFile = "wqy-microhei.ttf"

// FontRegular is WenQuanYi Micro Hei (face 0 of Debian's wqy-microhei.ttc),
// a TrueType font with glyf outlines that covers CJK, Latin, digits and
// full-width punctuation. Licence: Apache-2.0 or GPL-3+ with font exception,
// see fonts/LICENSE-wqy-microhei.txt. The test proves it has a glyph for
// every character of PlanText2023 and of the status and report words.
//
//go:embed fonts/wqy-microhei.ttf
var FontRegular []byte

// Icon is the 512x512 PNG application icon (the character 台 in white on a
// rounded green square); FyneApp.toml points at the same file.
//
//go:embed icon.png
var Icon []byte

// PlanText2023 is the text of 西政办发〔2023〕3号, the Xicheng District 2023
// pollution-prevention action plan with its annexes, exactly as shipped in
// plan/xicheng-2023-action-plan.txt (UTF-8 text with Markdown headings, a
// little inline HTML such as <b> and <sub>, and annex tables as
// tab-separated lines).
//
//go:embed plan/xicheng-2023-action-plan.txt
var PlanText2023 string

// FontFallback is DejaVu Sans cut to its Latin, IPA, Greek, Cyrillic and
// symbol blocks (Debian fonts-dejavu-core; free licence, see
// fonts/LICENSE-dejavu.txt): the PDF draws with it the characters
// FontRegular lacks, such as the subscript ₅ of PM₂.₅ and GB 2312's pinyin
// letters ɑ ǹ ɡ. A TrueType font with glyf outlines.
//
//go:embed fonts/dejavu-sans-symbols.ttf
var FontFallback []byte

// FontTitle is AR PL SungtiL GB (Debian fonts-arphic-gbsn00lp; Arphic
// Public License, see fonts/LICENSE-arphic.txt), a Song (serif) face cut to
// ASCII and GB 2312's symbols and level-1 hanzi, for the PDF's title. A
// TrueType font with glyf outlines.
//
//go:embed fonts/arphic-sungti-gb.ttf
var FontTitle []byte
