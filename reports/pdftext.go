package reports

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"taizhang/assets"
)

// face is one of the PDF's embedded fonts.
type face uint8

// The PDF's faces: the body font, its fallback for the symbols the body font
// lacks, the title's serif, and none (the placeholder prints instead).
const (
	faceBody face = iota
	faceSym
	faceTitle
	faceNone
)

// Font family names registered with fpdf.
var faceFamily = [...]string{faceBody: "wqy", faceSym: "dejavu", faceTitle: "sungti"}

// placeholder prints in place of a character no embedded font can draw.
const placeholder = '□'

// parsedFonts are the embedded fonts parsed once, for their cmaps.
var parsedFonts = sync.OnceValue(func() [3]*sfnt.Font {
	var fs [3]*sfnt.Font
	for i, b := range [][]byte{assets.FontRegular, assets.FontFallback, assets.FontTitle} {
		fs[i], _ = sfnt.Parse(b) // a font that does not parse draws nothing
	}
	return fs
})

// glyphs tells which face draws a rune, caching the cmap look-ups.
type glyphs struct {
	buf   sfnt.Buffer
	faces map[rune]face // body or fallback or none
	title map[rune]bool // the title face has the rune
}

func newGlyphs() *glyphs {
	return &glyphs{faces: map[rune]face{}, title: map[rune]bool{}}
}

// has reports whether f draws r: its cmap maps r to a glyph with an outline
// (WenQuanYi maps ℃, Ⅴ, Ⅹ and pinyin like ǎ to empty glyphs).
func has(f *sfnt.Font, buf *sfnt.Buffer, r rune) bool {
	if f == nil {
		return false
	}
	gi, err := f.GlyphIndex(buf, r)
	if err != nil || gi == 0 {
		return false
	}
	segs, err := f.LoadGlyph(buf, gi, fixed.I(16), nil)
	return err == nil && len(segs) > 0
}

// faceOf is the face that draws r in body text: the body font, else the
// fallback, else none. Spaces and controls are the body font's.
func (g *glyphs) faceOf(r rune) face {
	if r < 0x7f {
		return faceBody
	}
	if f, ok := g.faces[r]; ok {
		return f
	}
	fs := parsedFonts()
	f := faceNone
	switch {
	case unicode.IsSpace(r) || unicode.IsControl(r) || has(fs[faceBody], &g.buf, r):
		f = faceBody
	case has(fs[faceSym], &g.buf, r):
		f = faceSym
	}
	g.faces[r] = f
	return f
}

// titleFaceOf is the face that draws r in the title: the title face when it
// has r, else as in body text.
func (g *glyphs) titleFaceOf(r rune) face {
	ok, seen := g.title[r]
	if !seen {
		ok = has(parsedFonts()[faceTitle], &g.buf, r)
		g.title[r] = ok
	}
	if ok {
		return faceTitle
	}
	return g.faceOf(r)
}

// MissingGlyphs lists, once each, the runes of text that no embedded font
// can draw; the PDF prints them as □.
func MissingGlyphs(text string) []rune {
	g := newGlyphs()
	seen := map[rune]bool{}
	var missing []rune
	for _, r := range text {
		if !seen[r] && g.faceOf(r) == faceNone {
			missing = append(missing, r)
		}
		seen[r] = true
	}
	return missing
}

// Line breaking follows the Chinese rules (避头尾): noLineStart may not
// begin a line, noLineEnd may not end one.
const (
	noLineStart = "，。、；：？！）】》」』”’%‰…—〕〗〉,.;:?!)]}·℃"
	noLineEnd   = "（【《「『“‘〔〖〈([{"
)

// isWordRune reports whether r belongs to a run that is never split: Latin
// letters and digits (also full-width and sub- and superscript digits), a
// decimal point and the joiners of codes like 2-1.14.3 or PM₂.₅.
func isWordRune(r rune) bool {
	switch {
	case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z',
		r == '.', r == '_', r == '-', r == '/',
		r >= '０' && r <= '９', r >= 0x2070 && r <= 0x209F, r == '²', r == '³', r == '¹':
		return true
	}
	return false
}

func isDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= '０' && r <= '９' || r >= 0x2070 && r <= 0x209F
}

// clusters cuts a paragraph into the pieces a line may break between: a
// Latin word or number stays whole with its thousands separators, its sign
// (± ≤ ≥ ＜ ＞ ~) and the character after it (its unit: 1,234吨, 62.5%);
// closing punctuation joins the piece before it and opening punctuation the
// piece after it.
func clusters(rs []rune) [][]rune {
	var out [][]rune
	glueNext := false // the last piece ends with opening punctuation
	for i := 0; i < len(rs); {
		j := i + 1
		if isWordRune(rs[i]) || strings.ContainsRune("±≤≥＜＞~～", rs[i]) && j < len(rs) && isDigit(rs[j]) {
			for j < len(rs) && (isWordRune(rs[j]) || rs[j] == ',' && j+1 < len(rs) && isDigit(rs[j+1]) && isDigit(rs[j-1])) {
				j++
			}
			// A number keeps its unit: the character after it, unless that
			// opens something or is a space.
			if isDigit(rs[j-1]) && j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune(noLineEnd, rs[j]) && !isWordRune(rs[j]) {
				j++
			}
		}
		for j < len(rs) && strings.ContainsRune(noLineStart, rs[j]) {
			j++
		}
		piece := rs[i:j]
		if glueNext || len(out) > 0 && strings.ContainsRune(noLineStart, piece[0]) {
			out[len(out)-1] = append(out[len(out)-1], piece...)
		} else {
			out = append(out, piece)
		}
		last := out[len(out)-1]
		glueNext = strings.ContainsRune(noLineEnd, last[len(last)-1])
		i = j
	}
	return out
}

// wrap splits text into lines no wider than width at the current font size,
// breaking between clusters (see clusters); "\n" starts a new line. A
// cluster wider than a whole line is cut rune by rune.
func (w *pdfWriter) wrap(text string, width float64) []string {
	var lines []string
	for para := range strings.SplitSeq(strings.ReplaceAll(text, "\r", ""), "\n") {
		rs := []rune(para)
		if len(rs) == 0 {
			lines = append(lines, "")
			continue
		}
		var line []rune
		cur := 0.0
		for _, c := range clusters(rs) {
			cw := 0.0
			for _, r := range c {
				cw += w.runeWidth(r)
			}
			if cur+cw <= width {
				line = append(line, c...)
				cur += cw
				continue
			}
			if len(line) > 0 {
				lines = append(lines, string(line))
				line, cur = nil, 0
			}
			if cw <= width {
				line, cur = append(line, c...), cw
				continue
			}
			for _, r := range c { // wider than a line: cut it
				rw := w.runeWidth(r)
				if cur+rw > width && len(line) > 0 {
					// Closing punctuation takes the punctuation before it
					// and one rune more along.
					var carry []rune
					if strings.ContainsRune(noLineStart, r) {
						j := len(line) - 1
						for j > 0 && strings.ContainsRune(noLineStart, line[j]) {
							j--
						}
						if j > 0 {
							carry = append(carry, line[j:]...)
							line = line[:j]
						}
					}
					lines = append(lines, string(line))
					line, cur = carry, 0
					for _, c := range carry {
						cur += w.runeWidth(c)
					}
				}
				line = append(line, r)
				cur += rw
			}
		}
		lines = append(lines, string(line))
	}
	return lines
}

// widthKey caches a rune's width per face and size.
type widthKey struct {
	face face
	size float64
	r    rune
}

// runeWidth is the width of r in mm at the current size, in the face that
// draws it (the placeholder's for a rune no face has).
func (w *pdfWriter) runeWidth(r rune) float64 {
	f := w.glyphs.faceOf(r)
	if f == faceNone {
		r, f = placeholder, faceBody
	}
	return w.faceWidth(f, r)
}

func (w *pdfWriter) faceWidth(f face, r rune) float64 {
	k := widthKey{f, w.size, r}
	if v, ok := w.widths[k]; ok {
		return v
	}
	if f != faceBody {
		w.pdf.SetFont(faceFamily[f], "", w.size)
	}
	v := w.pdf.GetStringWidth(string(r))
	if f != faceBody {
		w.pdf.SetFont(faceFamily[faceBody], "", w.size)
	}
	w.widths[k] = v
	return v
}

// run is a piece of a line in one face.
type run struct {
	face  face
	text  string
	width float64
}

// runs cuts a line into runs of one face each (title picks the title face
// where it has the glyph), the placeholder standing for missing glyphs.
func (w *pdfWriter) runs(line string, title bool) []run {
	var out []run
	var b strings.Builder
	cur, width := faceBody, 0.0
	flush := func() {
		if b.Len() > 0 {
			out = append(out, run{cur, b.String(), width})
			b.Reset()
		}
		width = 0
	}
	for _, r := range line {
		f := w.glyphs.faceOf(r)
		if title {
			f = w.glyphs.titleFaceOf(r)
		}
		if f == faceNone {
			r, f = placeholder, faceBody
		}
		if f != cur {
			flush()
			cur = f
		}
		b.WriteRune(r)
		width += w.faceWidth(f, r)
	}
	flush()
	return out
}

// text draws one line at x, y in a box cw wide and h high, aligned L, C or
// R, switching faces where a glyph needs it; the body font at the current
// size is current again afterwards.
func (w *pdfWriter) text(x, y, cw, h float64, line, align string) {
	w.draw(x, y, cw, h, line, align, false)
}

func (w *pdfWriter) draw(x, y, cw, h float64, line, align string, title bool) {
	p := w.pdf
	rs := w.runs(line, title)
	total := 0.0
	for _, r := range rs {
		total += r.width
	}
	switch align {
	case "C":
		x += (cw - total) / 2
	case "R":
		x += cw - total
	}
	x -= p.GetCellMargin() // the runs' cells must not pad again
	for _, r := range rs {
		if r.face != faceBody {
			p.SetFont(faceFamily[r.face], "", w.size)
		}
		p.SetXY(x, y)
		p.CellFormat(r.width, h, r.text, "", 0, "L", false, 0, "")
		if r.face != faceBody {
			p.SetFont(faceFamily[faceBody], "", w.size)
		}
		x += r.width
	}
}

// setSize makes the body font at size pt current.
func (w *pdfWriter) setSize(size float64) {
	w.size = size
	w.pdf.SetFont(faceFamily[faceBody], "", size)
}

// textWidth is the width of s at the current size.
func (w *pdfWriter) textWidth(s string) float64 {
	total := 0.0
	for _, r := range s {
		total += w.runeWidth(r)
	}
	return total
}
