// Package cellfit measures the room text needs in a spreadsheet cell and the
// scale a sheet prints at, so that the workbooks the program writes show and
// print every line: Excel and WPS do not grow a row a program wrote, and
// print a sheet fit to the page width at whatever scale that takes.
//
// The measures are deliberately generous: a CJK character is a full em, a
// Latin one more than the half em of 宋体 (a fallback font is wider), the
// cell's margins wider than Excel's, a line a little taller than 宋体's.
package cellfit

import (
	"math"
	"strings"
	"unicode/utf8"
)

// MaxHeight is the tallest row Excel allows, in points.
const MaxHeight = 409.0

// pad is the room a cell keeps above and below its lines, in points.
const pad = 4.0

// lineFactor is a line's height in ems: Excel and WPS set 宋体 10 pt on
// 13.5 points a line (1.35), LibreOffice's CJK fallback on less.
const lineFactor = 1.36

// ColumnPoints is the width in points of a column Excel calls w characters
// wide: seven pixels (the digit of the default font, Calibri 11) per
// character at 96 pixels an inch. Text is measured against it, the
// narrowest any spreadsheet lays the column out.
func ColumnPoints(w float64) float64 { return w * 7 * 0.75 }

// PrintPoints is the widest a column w characters wide is laid out for
// printing: LibreOffice takes Carlito's digit unrounded (5.58 points) and
// adds a little to each column. The print scale is reckoned with it.
func PrintPoints(w float64) float64 { return w*5.6 + 1.5 }

// room is the width in points text has in a column w wide: the column less
// the cell's margins.
func room(w float64) float64 { return ColumnPoints(w) - 6 }

// LineHeight is the height in points of one line at a font of size points.
func LineHeight(size float64) float64 { return lineFactor * size }

// Height is the row height in points that n lines at size need.
func Height(lines int, size float64) float64 {
	return math.Ceil(float64(max(1, lines))*LineHeight(size) + pad)
}

// Need is the height in points text needs in a column w characters wide at
// a font of size points; it may exceed MaxHeight.
func Need(text string, w, size float64) float64 {
	return Height(len(wrap(text, w, size)), size)
}

// Lines is the number of lines text wraps to in a column w characters wide
// at a font of size points: line breaks start a line, CJK text breaks
// anywhere, Latin words only at spaces (or, longer than a line, anywhere),
// and punctuation stays with its neighbour.
func Lines(text string, w, size float64) int { return len(wrap(text, w, size)) }

// Split cuts text into pieces that each fit a row of at most limit points
// (at most MaxHeight) in a column w characters wide at size points, at line
// boundaries, so that the pieces in successive rows read as the whole. Text
// that fits is one piece.
func Split(text string, w, size, limit float64) []string {
	lines := wrap(text, w, size)
	per := max(1, int((min(limit, MaxHeight)-pad)/LineHeight(size)))
	if len(lines) <= per {
		return []string{text}
	}
	var out []string
	for len(lines) > 0 {
		n := min(per, len(lines))
		var b strings.Builder
		for i, l := range lines[:n] {
			b.WriteString(l.text)
			if l.paraEnd && i < n-1 {
				b.WriteByte('\n')
			}
		}
		out = append(out, b.String())
		lines = lines[n:]
	}
	return out
}

// FitScale is the print scale in percent that fit-to-width gives columns of
// widths (characters) on a printable width of page points: the largest whole
// percent at which they fit, as Excel rounds it, at most 100; reckoned with
// PrintPoints, so that no spreadsheet prints smaller.
func FitScale(widths []float64, page float64) int {
	total := 0.0
	for _, w := range widths {
		total += PrintPoints(w)
	}
	if total <= page {
		return 100
	}
	return int(math.Floor(100 * page / total))
}

// line is one wrapped line; paraEnd marks the last line of a paragraph.
type line struct {
	text    string
	paraEnd bool
}

// wrap breaks text into the lines a cell w characters wide shows.
func wrap(text string, w, size float64) []line {
	limit := room(w)
	var out []line
	for para := range strings.SplitSeq(text, "\n") {
		var cur strings.Builder
		width := 0.0
		flush := func() {
			out = append(out, line{text: cur.String()})
			cur.Reset()
			width = 0
		}
		for _, tok := range tokens(para) {
			tw := textWidth(tok, size)
			if width+tw > limit && width > 0 {
				flush()
			}
			if tw <= limit {
				cur.WriteString(tok)
				width += tw
				continue
			}
			// A token longer than a line breaks anywhere.
			for _, r := range tok {
				rw := runeWidth(r) * size
				if width+rw > limit && width > 0 {
					flush()
				}
				cur.WriteRune(r)
				width += rw
			}
		}
		out = append(out, line{text: cur.String(), paraEnd: true})
	}
	return out
}

// Punctuation that may not start a line, and that may not end one.
const (
	noStart = "，。、；：？！）】》」』”’%‰…—,.;:?!)]}"
	noEnd   = "（【《「『“‘([{"
)

// tokens cuts a paragraph into the pieces a line break may not split: a
// CJK character, a run of Latin letters and digits with the space after it,
// each with the punctuation that clings to it.
func tokens(s string) []string {
	var out []string
	glue := false // the last token ends with an opening mark
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if r < utf8.RuneSelf && r != ' ' && !strings.ContainsRune(noStart+noEnd, r) {
			// A Latin word and the spaces after it.
			for n < len(s) && s[n] < utf8.RuneSelf && s[n] != ' ' && !strings.ContainsRune(noEnd, rune(s[n])) {
				n++
			}
			for n < len(s) && s[n] == ' ' {
				n++
			}
		}
		tok := s[:n]
		s = s[n:]
		switch {
		case len(out) > 0 && (glue || strings.ContainsRune(noStart, r)):
			out[len(out)-1] += tok
		default:
			out = append(out, tok)
		}
		last, _ := utf8.DecodeLastRuneInString(tok)
		glue = strings.ContainsRune(noEnd, last)
	}
	return out
}

// textWidth is the width of s in points at size.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w * size
}

// runeWidth is the width of r in ems: a full em for anything not ASCII,
// 0.7 for capitals and wide signs, 0.6 for other ASCII.
func runeWidth(r rune) float64 {
	switch {
	case r >= utf8.RuneSelf:
		return 1
	case r >= 'A' && r <= 'Z', r == 'm', r == 'w', r == '%', r == '@':
		return 0.75
	}
	return 0.6
}
