package reports

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"

	"taizhang/assets"
)

// Page geometry in millimetres: A4 landscape, bound on the left. The
// binding margin is the clerk's setting (at least MinBindingMargin); the
// others follow GB/T 9704's proportions for a landscape table.
const (
	pageW, pageH     = 297.0, 210.0
	MinBindingMargin = 25.0 // the least binding margin, mm
	MaxBindingMargin = 45.0 // the most binding margin, mm
	marginRight      = 15.0
	marginTop        = 15.0
	marginBottom     = 10.0 // below the footer
	footerH          = 8.0
	bottom           = pageH - marginBottom - footerH // lowest y a table row may reach
	bodyFont         = 7.5                            // table text, pt
	lineH            = 3.3                            // table line height, mm
	cellPad          = 1.2                            // padding inside a cell, left, right, top and bottom, mm
	titleFont        = 18.0                           // pt
)

// column is a table column: its title, its share of the text width and
// its alignment (L or C).
type column struct {
	title string
	share float64
	align string
}

// The main table's columns in the district scope (the units' status line
// and the district summary) and in a unit's report (its own texts).
var (
	districtColumns = []column{
		{"序号", 15, "C"}, {"重点任务", 20, "L"}, {"工作措施", 50, "L"}, {"完成时限", 16, "C"},
		{"主责单位", 20, "L"}, {"完成状态", 14, "C"}, {"各单位完成状态", 36, "L"},
		{"区级汇总进展（存在问题、下步计划）", 72, "L"}, {"佐证材料", 14, "C"},
	}
	unitColumns = []column{
		{"序号", 18, "C"}, {"重点任务", 26, "L"}, {"工作措施", 62, "L"}, {"完成时限", 17, "C"},
		{"主责单位", 24, "L"}, {"完成状态", 14, "C"}, {"进展情况（存在问题、下步计划）", 71, "L"}, {"佐证材料", 25, "L"},
	}
	detailColumns = []column{
		{"填报单位", 30, "L"}, {"完成状态", 14, "C"}, {"进展情况", 98, "L"}, {"存在问题", 42, "L"},
		{"下步计划", 42, "L"}, {"佐证材料", 31, "L"},
	}
	alertColumns = []column{
		{"附件", 17, "C"}, {"序号", 10, "C"}, {"重点任务", 38, "L"},
		{"工作措施", 120, "L"}, {"完成时限", 28, "C"}, {"类别", 22, "C"}, {"完成状态", 22, "C"},
	}
)

// statusColumn is the title of the status columns, filled by status.
const statusColumn = "完成状态"

// statusColor is the light fill of a status in the status cells and the
// chart; the word is always printed on it, so it reads in black and white.
func statusColor(s string) (r, g, b int) {
	switch s {
	case StatusDone:
		return 200, 230, 200
	case StatusOnTrack:
		return 205, 222, 245
	case StatusLate:
		return 250, 200, 195
	case StatusNotReported:
		return 225, 225, 225
	}
	return 250, 235, 195
}

// pdfWriter holds the document, the page geometry and the caches used for
// wrapping.
type pdfWriter struct {
	pdf    *fpdf.Fpdf
	left   float64 // the binding margin: x of the text area
	textW  float64 // width of the text area
	size   float64 // current body font size, pt
	glyphs *glyphs
	widths map[widthKey]float64
	header func() // draws the current table's header on a new page; nil outside tables
	tick   *tick
}

// newPDFWriter sets up an A4 landscape document with the embedded fonts
// (fpdf subsets them to the characters used) and the binding margin of m.
func newPDFWriter(m *Monthly) *pdfWriter {
	p := fpdf.New("L", "mm", "A4", "")
	left := max(m.BindingMargin, MinBindingMargin)
	left = min(left, MaxBindingMargin)
	p.SetMargins(left, marginTop, marginRight)
	p.SetAutoPageBreak(false, 0)
	p.SetCellMargin(0) // cells are padded by cellPad, on both sides alike
	p.AddUTF8FontFromBytes(faceFamily[faceBody], "", assets.FontRegular)
	p.AddUTF8FontFromBytes(faceFamily[faceSym], "", assets.FontFallback)
	p.AddUTF8FontFromBytes(faceFamily[faceTitle], "", assets.FontTitle)
	w := &pdfWriter{pdf: p, left: left, textW: pageW - left - marginRight, glyphs: newGlyphs(), widths: map[widthKey]float64{}}
	w.setSize(bodyFont)
	return w
}

// widthsOf is the columns' widths in mm: their shares scaled to the text
// width.
func (w *pdfWriter) widthsOf(cols []column) []float64 {
	total := 0.0
	for _, c := range cols {
		total += c.share
	}
	out := make([]float64, len(cols))
	for i, c := range cols {
		out[i] = c.share * w.textW / total
	}
	return out
}

// PDF writes the report as an A4 landscape PDF, telling progress (may be
// nil) of every table row laid out. Characters no embedded font has print
// as □ (MissingGlyphs lists them).
func PDF(m *Monthly, progress Progress) ([]byte, error) {
	w := newPDFWriter(m)
	p := w.pdf
	w.tick = newTick(m, progress)
	p.SetTitle(m.Title, true)
	p.SetCreator("taizhang", true)
	p.AliasNbPages("{nb}")
	p.SetHeaderFuncMode(func() {
		if w.header != nil {
			w.header()
		}
	}, false)
	p.SetFooterFunc(func() {
		size := w.size
		w.setSize(9)
		p.SetTextColor(0, 0, 0)
		w.text(w.left, pageH-marginBottom-5, w.textW, 5, fmt.Sprintf("第 %d 页 共 {nb} 页", p.PageNo()), "C")
		w.setSize(size)
	})
	p.AddPage()
	w.cover(m)
	w.summary(m)
	w.alerts(m)
	no := "三"
	if m.Indicators != nil {
		w.indicators(m.Indicators, no)
		no = "四"
	}
	w.mainTable(m, no)
	w.signature()
	if m.District && m.Detail {
		w.appendix(m)
	}
	if err := p.Error(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, err
	}
	w.tick.step()
	return buf.Bytes(), nil
}

// ensure starts a new page when less than h mm remain.
func (w *pdfWriter) ensure(h float64) {
	if w.pdf.GetY()+h > bottom {
		w.pdf.AddPage()
	}
}

// cover prints the title in the heavier serif face, the scope and the
// report's particulars.
func (w *pdfWriter) cover(m *Monthly) {
	p := w.pdf
	w.setSize(titleFont)
	// Fill and stroke the outlines: the Song face drawn heavy, like the
	// 小标宋 of official titles.
	p.SetTextRenderingMode(2)
	p.SetLineWidth(0.25)
	for _, l := range w.wrap(m.Title, w.textW) {
		w.draw(w.left, p.GetY(), w.textW, 9, l, "C", true)
		p.SetXY(w.left, p.GetY()+9)
	}
	p.SetTextRenderingMode(0)
	p.SetLineWidth(0.2)
	if m.Subtitle != "" {
		w.setSize(12)
		w.text(w.left, p.GetY()+1, w.textW, 7, m.Subtitle, "C")
		p.SetXY(w.left, p.GetY()+8)
	}
	p.Ln(2)
	w.setSize(10)
	third := w.textW / 3
	y := p.GetY()
	w.text(w.left, y, third, 6, "填报单位："+m.Unit, "L")
	w.text(w.left+third, y, third, 6, "报送月份："+m.Month, "C")
	w.text(w.left+2*third, y, third, 6, "打印日期："+m.Printed, "R")
	p.SetXY(w.left, y+8)
}

// heading prints a section heading of the report, kept with keep mm of
// what follows it.
func (w *pdfWriter) heading(s string, keep float64) {
	w.ensure(8 + keep)
	w.setSize(12)
	w.text(w.left, w.pdf.GetY(), w.textW, 8, s, "L")
	w.pdf.SetXY(w.left, w.pdf.GetY()+8)
}

func (w *pdfWriter) summary(m *Monthly) {
	p := w.pdf
	rows := append(append([]SummaryRow{}, m.Summary...), m.Total())
	w.heading("一、各附件完成情况汇总", 7+6*float64(len(rows)))
	cols := w.widthsOf([]column{{share: 92}, {share: 20}, {share: 20}, {share: 20}, {share: 20}, {share: 20}, {share: 40}, {share: 25}})
	head := []string{"附件", "措施数", "已完成", "序时推进", "滞后", "未报送", "其他（未启动、不涉及）", "完成率"}
	w.setSize(9)
	p.SetFillColor(225, 232, 240)
	x, y := w.left, p.GetY()
	for i, h := range head {
		p.Rect(x, y, cols[i], 7, "FD")
		w.text(x+cellPad, y, cols[i]-2*cellPad, 7, h, "C")
		x += cols[i]
	}
	y += 7
	for _, s := range rows {
		label := s.Annex
		if s.Title != "" {
			label += " " + s.Title
		}
		for size := 9.0; size > 6 && w.textWidth(label) > cols[0]-2*cellPad; size -= 0.5 {
			w.setSize(size)
		}
		x = w.left
		p.Rect(x, y, cols[0], 6, "D")
		w.text(x+cellPad, y, cols[0]-2*cellPad, 6, label, "L")
		w.setSize(9)
		x += cols[0]
		for i, v := range []string{fmt.Sprint(s.Measures), fmt.Sprint(s.Done), fmt.Sprint(s.OnTrack), fmt.Sprint(s.Late), fmt.Sprint(s.NotReported), fmt.Sprint(s.Other), s.Rate()} {
			p.Rect(x, y, cols[i+1], 6, "D")
			w.text(x, y, cols[i+1], 6, v, "C")
			x += cols[i+1]
		}
		y += 6
	}
	// The status rule as a footnote.
	w.setSize(7.5)
	y += 1
	for _, l := range w.wrap(StatusRule, w.textW) {
		w.text(w.left, y, w.textW, 3.6, l, "L")
		y += 3.6
	}
	p.SetXY(w.left, y+3)
	w.chart(rows)
}

// pattern is how a chart segment is hatched so that the statuses stay apart
// in black and white.
type pattern int

const (
	patternSolid pattern = iota
	patternDiagonal
	patternCross
	patternHorizontal
	patternNone
)

// statusPattern is the chart's hatching of a status.
func statusPattern(s string) pattern {
	switch s {
	case StatusDone:
		return patternSolid
	case StatusOnTrack:
		return patternDiagonal
	case StatusLate:
		return patternCross
	case StatusNotReported:
		return patternHorizontal
	}
	return patternNone
}

// swatch fills the box x, y, wd × h with the status's colour and hatching.
func (w *pdfWriter) swatch(x, y, wd, h float64, status string) {
	w.pdf.SetFillColor(statusColor(status))
	w.pdf.Rect(x, y, wd, h, "F")
	w.hatch(x, y, wd, h, statusPattern(status))
}

// hatch draws pattern over the box x, y, wd × h.
func (w *pdfWriter) hatch(x, y, wd, h float64, pat pattern) {
	p := w.pdf
	if pat == patternNone {
		return
	}
	p.ClipRect(x, y, wd, h, false)
	p.SetDrawColor(70, 70, 70)
	p.SetLineWidth(0.15)
	const step = 1.2
	switch pat {
	case patternSolid:
		p.SetFillColor(150, 150, 150)
		p.Rect(x, y, wd, h, "F")
	case patternDiagonal, patternCross:
		for d := -h; d < wd; d += step {
			p.Line(x+d, y+h, x+d+h, y)
			if pat == patternCross {
				p.Line(x+d, y, x+d+h, y+h)
			}
		}
	case patternHorizontal:
		for yy := y + step/2; yy < y+h; yy += step {
			p.Line(x, yy, x+wd, yy)
		}
	}
	p.ClipEnd()
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.2)
}

// label prints s centred in the box on a white ground, readable over any
// hatching.
func (w *pdfWriter) label(x, y, wd, h float64, s string) {
	tw := w.textWidth(s) + 1
	w.pdf.SetFillColor(255, 255, 255)
	w.pdf.Rect(x+(wd-tw)/2, y+0.6, tw, h-1.2, "F")
	w.text(x, y, wd, h, s, "C")
}

// chart draws a stacked horizontal bar per annex: the share of each status,
// hatched by status, with the count on every segment.
func (w *pdfWriter) chart(rows []SummaryRow) {
	p := w.pdf
	const labelW, barH, gap = 30.0, 5.0, 2.0
	barW := w.textW - labelW - 32
	w.ensure(float64(len(rows))*(barH+gap) + 12)
	w.setSize(8)
	x0 := w.left + labelW
	for _, s := range rows {
		y := p.GetY()
		w.text(w.left, y, labelW-2, barH, s.Annex, "R")
		x := x0
		for _, part := range []struct {
			status string
			n      int
		}{{StatusDone, s.Done}, {StatusOnTrack, s.OnTrack}, {StatusLate, s.Late}, {StatusNotReported, s.NotReported}, {"", s.Other}} {
			if part.n == 0 || s.Measures == 0 {
				continue
			}
			wd := barW * float64(part.n) / float64(s.Measures)
			w.swatch(x, y, wd, barH, part.status)
			p.Rect(x, y, wd, barH, "D")
			if wd > 4 {
				w.label(x, y, wd, barH, fmt.Sprint(part.n))
			}
			x += wd
		}
		p.SetDrawColor(120, 120, 120)
		p.Rect(x0, y, barW, barH, "D")
		p.SetDrawColor(0, 0, 0)
		w.text(x0+barW+2, y, 30, barH, "完成率 "+s.Rate(), "L")
		p.SetXY(w.left, y+barH+gap)
	}
	// Legend.
	x, y := x0, p.GetY()+1
	for _, l := range []struct{ status, label string }{
		{StatusDone, StatusDone}, {StatusOnTrack, StatusOnTrack}, {StatusLate, StatusLate},
		{StatusNotReported, StatusNotReported}, {"", "其他（未启动、不涉及）"},
	} {
		w.swatch(x, y+1, 6, 3.5, l.status)
		p.Rect(x, y+1, 6, 3.5, "D")
		w.text(x+7, y, w.textWidth(l.label)+2, 5.5, l.label, "L")
		x += 7 + w.textWidth(l.label) + 8
	}
	p.SetXY(w.left, y+8)
}

func (w *pdfWriter) alerts(m *Monthly) {
	p := w.pdf
	if len(m.Alerts) == 0 {
		w.heading("二、逾期及本月到期措施", 6)
		w.setSize(bodyFont)
		w.text(w.left, p.GetY(), w.textW, 6, "无", "L")
		p.SetXY(w.left, p.GetY()+8)
		return
	}
	t := w.newTable(alertColumns)
	layout := func(a Alert) laidRow {
		return t.layout([]string{a.Annex, a.No, a.Task, a.Measure, a.Due, a.Kind, a.Status},
			[]string{a.Annex, a.No + "（续）", shortTitle(a.Task, 10), "", "", a.Kind, a.Status})
	}
	w.heading("二、逾期及本月到期措施", t.headH+t.keep(layout(m.Alerts[0]), 4))
	t.begin()
	for _, a := range m.Alerts {
		t.row(layout(a), 4)
		w.tick.step()
	}
	t.end()
	p.SetXY(w.left, p.GetY()+3)
}

// mainTable draws the main table under the heading numbered no: in the
// district scope each measure's units' statuses and district summary, in
// a unit's report its own texts.
func (w *pdfWriter) mainTable(m *Monthly, no string) {
	cols := unitColumns
	if m.District {
		cols = districtColumns
	}
	t := w.newTable(cols)
	var rows []laidRow
	for _, g := range m.Groups {
		for _, s := range g.Sections {
			for _, r := range s.Rows {
				rows = append(rows, t.layout(mainCells(m, r), mainCont(cols, r)))
			}
		}
	}
	keep := 6.0
	if len(rows) > 0 {
		keep = 2*bandH + t.keep(rows[0], 6)
	}
	w.heading(no+"、工作进展情况", t.headH+keep)
	t.begin()
	if len(m.Groups) == 0 {
		w.setSize(bodyFont)
		w.pdf.Rect(w.left, w.pdf.GetY(), w.textW, 6, "D")
		w.text(w.left, w.pdf.GetY(), w.textW, 6, "无", "C")
		w.pdf.SetXY(w.left, w.pdf.GetY()+6)
	}
	i := 0
	for _, g := range m.Groups {
		t.band(strings.TrimSpace(g.Annex+" "+g.Title), 210)
		for _, s := range g.Sections {
			if s.No != "" || s.Title != "" {
				t.band(strings.TrimSpace(s.No+"、"+s.Title), 235)
			}
			for range s.Rows {
				t.row(rows[i], 6)
				i++
				w.tick.step()
			}
		}
	}
	t.end()
}

// mainCells are the main table's cells of r.
func mainCells(m *Monthly, r Row) []string {
	no := strings.TrimSpace(r.No + "\n" + r.ID)
	if m.District {
		return []string{no, r.Task, r.Measure, r.Deadline, r.Lead, r.Status, r.UnitLine(), r.SummaryText(), r.EvidenceCount()}
	}
	return []string{no, r.Task, r.Measure, r.Deadline, r.Lead, r.Status, r.ProgressText(), r.EvidenceText()}
}

// mainCont are the cells a continuation of r on a new page repeats: 序号
// and ID marked 续, the task's first words and the status.
func mainCont(cols []column, r Row) []string {
	cont := make([]string, len(cols))
	cont[0] = strings.TrimSpace(r.No + "\n" + r.ID + "（续）")
	cont[1] = shortTitle(r.Task, 10)
	for i, c := range cols {
		if c.title == statusColumn {
			cont[i] = r.Status
		}
	}
	return cont
}

// shortTitle is s on one line, cut to n characters with ….
func shortTitle(s string, n int) string {
	rs := []rune(strings.Join(strings.Fields(s), " "))
	if len(rs) <= n {
		return string(rs)
	}
	return string(rs[:n-1]) + "…"
}

// appendix prints 附表：各单位填报明细: every unit's full texts, grouped by
// measure, then unit, lead units first.
func (w *pdfWriter) appendix(m *Monthly) {
	p := w.pdf
	p.AddPage()
	t := w.newTable(detailColumns)
	w.heading("附表：各单位填报明细", 0)
	started := false
	for _, g := range m.Groups {
		for _, s := range g.Sections {
			for _, r := range s.Rows {
				if len(r.Details) == 0 {
					continue
				}
				if !started {
					t.begin()
					started = true
				}
				t.band(shortTitle(r.ID+" "+r.Task+"："+r.Measure, 78), 225)
				for _, d := range r.Details {
					unit := d.Unit
					if d.Lead {
						unit += "（主责）"
					}
					cells := []string{unit, d.Status, d.Progress, d.Problems, d.NextSteps, d.EvidenceText()}
					cont := []string{r.ID + "\n" + unit + "（续）", d.Status, "", "", "", ""}
					t.row(t.layout(cells, cont), 6)
				}
			}
		}
	}
	if !started {
		w.setSize(bodyFont)
		w.text(w.left, p.GetY(), w.textW, 6, "无", "L")
		p.SetXY(w.left, p.GetY()+6)
	}
	t.end()
}

func (w *pdfWriter) signature() {
	p := w.pdf
	w.ensure(30)
	p.SetXY(w.left, p.GetY()+8)
	w.setSize(11)
	q := w.textW / 4
	y := p.GetY()
	for i, s := range []string{"填报人：", "审核人：", "联系电话：", "日期：    年  月  日"} {
		w.text(w.left+float64(i)*q, y, q, 8, s, "L")
	}
	w.text(w.left, y+14, w.textW, 8, "（盖章）", "R")
	p.SetXY(w.left, y+22)
}
