package reports

import "math"

// bandH is the height of an annex, section or measure band, mm.
const bandH = 6.0

// table lays out and draws a table of wrapped cells that runs over pages:
// its header repeats on every page; a band (an annex's or section's
// heading row) is drawn only together with the row under it; a row that
// fits on a page never splits, and a taller one continues on the next
// page with its continuation cells (序号 marked 续, the status again).
type table struct {
	w       *pdfWriter
	cols    []column
	widths  []float64
	head    [][]string // the header's wrapped titles
	headH   float64
	pending []band // bands waiting for their first row
}

type band struct {
	text string
	fill int // grey level
}

// laidRow is a row wrapped to its columns.
type laidRow struct {
	lines [][]string // per column
	cont  [][]string // per column: what a continuation prints instead; nil keeps the column's own lines
	n     int        // lines of the tallest cell
	h     float64
}

func (w *pdfWriter) newTable(cols []column) *table {
	t := &table{w: w, cols: cols, widths: w.widthsOf(cols)}
	w.setSize(bodyFont)
	n := 0
	for i, c := range cols {
		t.head = append(t.head, w.wrap(c.title, t.widths[i]-2*cellPad))
		n = max(n, len(t.head[i]))
	}
	t.headH = float64(n)*lineH + 2*cellPad
	return t
}

// layout wraps a row's cells and its continuation cells (cont may be nil or
// hold "" for a column that just continues).
func (t *table) layout(cells, cont []string) laidRow {
	w := t.w
	w.setSize(bodyFont)
	r := laidRow{lines: make([][]string, len(cells)), cont: make([][]string, len(cells))}
	for i, c := range cells {
		r.lines[i] = w.wrap(c, t.widths[i]-2*cellPad)
		r.n = max(r.n, len(r.lines[i]))
		if i < len(cont) && cont[i] != "" {
			r.cont[i] = w.wrap(cont[i], t.widths[i]-2*cellPad)
		}
	}
	r.h = float64(r.n)*lineH + 2*cellPad
	return r
}

// fresh is the height a row has on a new page, below the header.
func (t *table) fresh() float64 { return bottom - marginTop - t.headH }

// keep is how much of r must fit below a band or heading: all of it when it
// fits on a page, else its first minLines lines.
func (t *table) keep(r laidRow, minLines int) float64 {
	if r.h <= t.fresh() {
		return r.h
	}
	return float64(minLines)*lineH + 2*cellPad
}

// begin draws the header here and on every new page until end.
func (t *table) begin() {
	t.w.header = t.drawHeader
	t.drawHeader()
}

// end stops repeating the header; bands without a row are dropped.
func (t *table) end() {
	t.w.header = nil
	t.pending = nil
}

func (t *table) drawHeader() {
	w, p := t.w, t.w.pdf
	size := w.size
	w.setSize(bodyFont)
	p.SetFillColor(225, 232, 240)
	x, y := w.left, p.GetY()
	for i, lines := range t.head {
		p.Rect(x, y, t.widths[i], t.headH, "FD")
		ty := y + (t.headH-float64(len(lines))*lineH)/2
		for _, l := range lines {
			w.text(x+cellPad, ty, t.widths[i]-2*cellPad, lineH, l, "C")
			ty += lineH
		}
		x += t.widths[i]
	}
	p.SetXY(w.left, y+t.headH)
	w.setSize(size)
}

// band queues a band of text on grey level fill, drawn with the next row.
func (t *table) band(text string, fill int) {
	t.pending = append(t.pending, band{text, fill})
}

func (t *table) drawBand(b band) {
	w, p := t.w, t.w.pdf
	w.setSize(9)
	for size := 9.0; size > 6 && w.textWidth(b.text) > w.textW-2*cellPad; size -= 0.5 {
		w.setSize(size)
	}
	y := p.GetY()
	p.SetFillColor(b.fill, b.fill, b.fill)
	p.Rect(w.left, y, w.textW, bandH, "FD")
	w.text(w.left+cellPad, y, w.textW-2*cellPad, bandH, b.text, "L")
	p.SetXY(w.left, y+bandH)
	w.setSize(bodyFont)
}

// row draws r below the pending bands: on a new page when they and r (or
// r's first minLines lines, for a row taller than a page) do not fit the
// rest of this one; a row taller than the rest of the page continues on the
// next.
func (t *table) row(r laidRow, minLines int) {
	w, p := t.w, t.w.pdf
	need := float64(len(t.pending))*bandH + t.keep(r, minLines)
	if p.GetY()+need > bottom {
		p.AddPage()
	}
	for _, b := range t.pending {
		t.drawBand(b)
	}
	t.pending = nil
	w.setSize(bodyFont)
	for off := 0; off < r.n; {
		avail := int(math.Floor((bottom - p.GetY() - 2*cellPad + 1e-9) / lineH))
		if avail < 1 {
			p.AddPage()
			continue
		}
		k := min(avail, r.n-off)
		t.slice(r, off, k)
		off += k
		if off < r.n {
			p.AddPage()
		}
	}
}

// slice draws lines off to off+k of r at the current position; from the
// second slice on, the continuation cells stand in.
func (t *table) slice(r laidRow, off, k int) {
	w, p := t.w, t.w.pdf
	y := p.GetY()
	h := float64(k)*lineH + 2*cellPad
	x := w.left
	for i, c := range t.cols {
		lines := r.lines[i]
		from := off
		if off > 0 && r.cont[i] != nil {
			lines, from = r.cont[i], 0
		}
		if c.title == statusColumn && len(r.lines[i]) > 0 && r.lines[i][0] != "" {
			p.SetFillColor(statusColor(r.lines[i][0]))
			p.Rect(x, y, t.widths[i], h, "FD")
		} else {
			p.Rect(x, y, t.widths[i], h, "D")
		}
		ty := y + cellPad
		for j := from; j < from+k && j < len(lines); j++ {
			w.text(x+cellPad, ty, t.widths[i]-2*cellPad, lineH, lines[j], c.align)
			ty += lineH
		}
		x += t.widths[i]
	}
	p.SetXY(w.left, y+h)
}
