package reports

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/go-pdf/fpdf"

	"taizhang/assets"
)

// Page geometry in millimetres: A4 landscape.
const (
	pageW, pageH = 297.0, 210.0
	margin       = 10.0
	footerH      = 8.0
	bottom       = pageH - margin - footerH // lowest y a table row may reach
	bodyFont     = 8.0                      // table text, pt
	lineH        = 3.8                      // table line height, mm
	cellPad      = 1.0                      // padding inside a cell, mm
	fontFamily   = "wqy"
)

// column is a main-table column.
type column struct {
	title string
	width float64
	text  func(Row) string
	align string // L or C
}

var mainColumns = []column{
	{"序号", 11, func(r Row) string { return r.No }, "C"},
	{"重点任务", 30, func(r Row) string { return r.Task }, "L"},
	{"工作措施", 71, func(r Row) string { return r.Measure }, "L"},
	{"完成时限", 20, func(r Row) string { return r.Deadline }, "C"},
	{"主责单位", 28, func(r Row) string { return r.Lead }, "L"},
	{"完成状态", 15, func(r Row) string { return r.Status }, "C"},
	{"进展情况（存在问题、下步计划）", 76, func(r Row) string { return r.ProgressText() }, "L"},
	{"佐证材料", 26, func(r Row) string { return r.EvidenceText() }, "L"},
}

// statusColor is the fill of a status in the chart and the status cells.
func statusColor(s string) (r, g, b int) {
	switch s {
	case StatusDone:
		return 120, 190, 120
	case StatusOnTrack:
		return 120, 160, 220
	case StatusLate:
		return 230, 110, 100
	case StatusNotReported:
		return 190, 190, 190
	}
	return 240, 210, 120
}

// pdfWriter holds the document and the width cache used for wrapping.
type pdfWriter struct {
	pdf     *fpdf.Fpdf
	widths  map[rune]float64 // rune widths at bodyFont
	inTable bool             // repeat the main table's header on a new page
	tick    *tick
}

// PDF writes the report as an A4 landscape PDF with the embedded CJK font
// (fpdf subsets it to the characters used), telling progress (may be nil)
// of every table row laid out.
func PDF(m *Monthly, progress Progress) ([]byte, error) {
	p := fpdf.New("L", "mm", "A4", "")
	p.SetMargins(margin, margin, margin)
	p.SetAutoPageBreak(false, 0)
	p.AddUTF8FontFromBytes(fontFamily, "", assets.FontRegular)
	p.SetTitle(m.Title, true)
	p.SetCreator("taizhang", true)
	p.AliasNbPages("{nb}")
	w := &pdfWriter{pdf: p, widths: map[rune]float64{}, tick: newTick(m, progress)}
	p.SetHeaderFuncMode(func() {
		if w.inTable {
			w.tableHeader()
		}
	}, false)
	p.SetFooterFunc(func() {
		p.SetFont(fontFamily, "", 9)
		p.SetTextColor(0, 0, 0)
		p.SetXY(margin, pageH-margin-5)
		p.CellFormat(pageW-2*margin, 5, fmt.Sprintf("第 %d 页 共 {nb} 页", p.PageNo()), "", 0, "C", false, 0, "")
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

// runeWidth is the width of r at the current font size, cached per size.
func (w *pdfWriter) runeWidth(r rune) float64 {
	size, _ := w.pdf.GetFontSize()
	if size == bodyFont {
		if v, ok := w.widths[r]; ok {
			return v
		}
		v := w.pdf.GetStringWidth(string(r))
		w.widths[r] = v
		return v
	}
	return w.pdf.GetStringWidth(string(r))
}

// noLineStart are characters that must not begin a line (Chinese line
// breaking rules); they stay at the end of the previous line even if it
// overflows by one narrow glyph.
const noLineStart = "，。、；：？！）】》〕”’…—,.;:?!)]%"

// wrap splits text into lines no wider than width at the current font,
// measuring rune by rune so that Chinese text (which has no spaces) breaks
// anywhere; "\n" starts a new line. Runs of ASCII letters and digits are kept
// together when they fit on a line.
func (w *pdfWriter) wrap(text string, width float64) []string {
	var lines []string
	for para := range strings.SplitSeq(strings.ReplaceAll(text, "\r", ""), "\n") {
		rs := []rune(para)
		if len(rs) == 0 {
			lines = append(lines, "")
			continue
		}
		start, cur := 0, 0.0
		for i := 0; i < len(rs); i++ {
			rw := w.runeWidth(rs[i])
			if cur+rw <= width || i == start {
				cur += rw
				continue
			}
			brk := i
			// Keep closing punctuation with the preceding character.
			if strings.ContainsRune(noLineStart, rs[i]) && i-1 > start {
				brk = i - 1
			}
			// Do not cut an ASCII word when it can move whole.
			if isWordRune(rs[brk]) && brk > start && isWordRune(rs[brk-1]) {
				j := brk
				for j > start && isWordRune(rs[j-1]) {
					j--
				}
				if j > start {
					brk = j
				}
			}
			lines = append(lines, string(rs[start:brk]))
			start, cur = brk, 0
			for k := start; k <= i; k++ {
				cur += w.runeWidth(rs[k])
			}
		}
		lines = append(lines, string(rs[start:]))
	}
	return lines
}

func isWordRune(r rune) bool {
	return r < 0x80 && (r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '.' || r == '-' || r == '_')
}

// ensure starts a new page when less than h mm remain.
func (w *pdfWriter) ensure(h float64) {
	if w.pdf.GetY()+h > bottom {
		w.pdf.AddPage()
	}
}

func (w *pdfWriter) cover(m *Monthly) {
	p := w.pdf
	p.SetFont(fontFamily, "", 16)
	for _, l := range w.wrap(m.Title, pageW-2*margin) {
		p.CellFormat(pageW-2*margin, 8, l, "", 1, "C", false, 0, "")
	}
	if m.Subtitle != "" {
		p.SetFont(fontFamily, "", 12)
		p.CellFormat(pageW-2*margin, 7, m.Subtitle, "", 1, "C", false, 0, "")
	}
	p.Ln(2)
	p.SetFont(fontFamily, "", 10)
	third := (pageW - 2*margin) / 3
	p.CellFormat(third, 6, "填报单位："+m.Unit, "", 0, "L", false, 0, "")
	p.CellFormat(third, 6, "报送月份："+m.Month, "", 0, "C", false, 0, "")
	p.CellFormat(third, 6, "打印日期："+m.Printed, "", 1, "R", false, 0, "")
	p.Ln(2)
}

// heading prints a section heading of the report.
func (w *pdfWriter) heading(s string) {
	w.ensure(20)
	w.pdf.SetFont(fontFamily, "", 12)
	w.pdf.CellFormat(pageW-2*margin, 8, s, "", 1, "L", false, 0, "")
}

func (w *pdfWriter) summary(m *Monthly) {
	p := w.pdf
	w.heading("一、各附件完成情况汇总")
	cols := []float64{84, 20, 20, 20, 20, 20, 40, 20}
	head := []string{"附件", "措施数", "已完成", "序时推进", "滞后", "未报送", "其他（未启动、不涉及）", "完成率"}
	p.SetFont(fontFamily, "", 9)
	p.SetFillColor(225, 232, 240)
	for i, h := range head {
		p.CellFormat(cols[i], 7, h, "1", 0, "C", true, 0, "")
	}
	p.Ln(-1)
	rows := append(append([]SummaryRow{}, m.Summary...), m.Total())
	for _, s := range rows {
		label := s.Annex
		if s.Title != "" {
			label += " " + s.Title
		}
		size := 9.0
		for p.SetFontSize(size); p.GetStringWidth(label) > cols[0]-2 && size > 6; size -= 0.5 {
			p.SetFontSize(size)
		}
		p.CellFormat(cols[0], 6, label, "1", 0, "L", false, 0, "")
		p.SetFontSize(9)
		for i, v := range []int{s.Measures, s.Done, s.OnTrack, s.Late, s.NotReported, s.Other} {
			p.CellFormat(cols[i+1], 6, fmt.Sprint(v), "1", 0, "C", false, 0, "")
		}
		p.CellFormat(cols[7], 6, s.Rate(), "1", 1, "C", false, 0, "")
	}
	p.Ln(3)
	w.chart(rows)
}

// chart draws a stacked horizontal bar per annex: the share of each status.
func (w *pdfWriter) chart(rows []SummaryRow) {
	p := w.pdf
	const labelW, barW, barH, gap = 30.0, 200.0, 5.0, 2.0
	w.ensure(float64(len(rows))*(barH+gap) + 12)
	p.SetFont(fontFamily, "", 8)
	x0 := margin + labelW
	for _, s := range rows {
		y := p.GetY()
		p.SetXY(margin, y)
		p.CellFormat(labelW-2, barH, s.Annex, "", 0, "R", false, 0, "")
		x := x0
		for _, part := range []struct {
			status string
			n      int
		}{{StatusDone, s.Done}, {StatusOnTrack, s.OnTrack}, {StatusLate, s.Late}, {StatusNotReported, s.NotReported}, {"", s.Other}} {
			if part.n == 0 || s.Measures == 0 {
				continue
			}
			wd := barW * float64(part.n) / float64(s.Measures)
			p.SetFillColor(statusColor(part.status))
			p.Rect(x, y, wd, barH, "F")
			if wd > 6 {
				p.SetXY(x, y)
				p.CellFormat(wd, barH, fmt.Sprint(part.n), "", 0, "C", false, 0, "")
			}
			x += wd
		}
		p.SetDrawColor(120, 120, 120)
		p.Rect(x0, y, barW, barH, "D")
		p.SetDrawColor(0, 0, 0)
		p.SetXY(x0+barW+2, y)
		p.CellFormat(30, barH, "完成率 "+s.Rate(), "", 0, "L", false, 0, "")
		p.SetY(y + barH + gap)
	}
	// Legend.
	x, y := x0, p.GetY()+1
	for _, l := range []struct{ status, label string }{
		{StatusDone, StatusDone}, {StatusOnTrack, StatusOnTrack}, {StatusLate, StatusLate},
		{StatusNotReported, StatusNotReported}, {"", "其他（未启动、不涉及）"},
	} {
		p.SetFillColor(statusColor(l.status))
		p.Rect(x, y+1, 4, 3, "F")
		p.SetXY(x+5, y)
		p.CellFormat(p.GetStringWidth(l.label)+2, 5, l.label, "", 0, "L", false, 0, "")
		x += 5 + p.GetStringWidth(l.label) + 8
	}
	p.SetY(y + 8)
}

func (w *pdfWriter) alerts(m *Monthly) {
	p := w.pdf
	w.heading("二、逾期及本月到期措施")
	p.SetFont(fontFamily, "", bodyFont)
	if len(m.Alerts) == 0 {
		p.CellFormat(pageW-2*margin, 6, "无", "", 1, "L", false, 0, "")
		p.Ln(2)
		return
	}
	cols := []column{
		{"附件", 18, nil, "C"}, {"序号", 11, nil, "C"}, {"重点任务", 40, nil, "L"},
		{"工作措施", 130, nil, "L"}, {"完成时限", 30, nil, "C"}, {"类别", 24, nil, "C"}, {"完成状态", 24, nil, "C"},
	}
	header := func() {
		p.SetFillColor(225, 232, 240)
		for _, c := range cols {
			p.CellFormat(c.width, 6, c.title, "1", 0, "C", true, 0, "")
		}
		p.Ln(-1)
	}
	header()
	for _, a := range m.Alerts {
		cells := []string{a.Annex, a.No, a.Task, a.Measure, a.Due, a.Kind, a.Status}
		w.row(cols, cells, 4, func() { w.pdf.AddPage(); header() })
		w.tick.step()
	}
	p.Ln(3)
}

// tableHeader draws the main table's header at the current position.
func (w *pdfWriter) tableHeader() {
	p := w.pdf
	p.SetFont(fontFamily, "", bodyFont)
	p.SetFillColor(225, 232, 240)
	x, y := margin, p.GetY()
	h := 0.0
	lines := make([][]string, len(mainColumns))
	for i, c := range mainColumns {
		lines[i] = w.wrap(c.title, c.width-2*cellPad)
		h = max(h, float64(len(lines[i]))*lineH+2*cellPad)
	}
	for i, c := range mainColumns {
		p.Rect(x, y, c.width, h, "FD")
		ty := y + (h-float64(len(lines[i]))*lineH)/2
		for _, l := range lines[i] {
			p.SetXY(x, ty)
			p.CellFormat(c.width, lineH, l, "", 0, "C", false, 0, "")
			ty += lineH
		}
		x += c.width
	}
	p.SetXY(margin, y+h)
}

// row draws one table row of wrapped cells. A row that does not fit the
// rest of the page starts on a new page (newPage draws the header again); a
// row taller than a whole page is split line by line across pages. minLines
// is how many lines must fit before a page break is preferred.
func (w *pdfWriter) row(cols []column, cells []string, minLines int, newPage func()) {
	p := w.pdf
	p.SetFont(fontFamily, "", bodyFont)
	lines := make([][]string, len(cols))
	n := 0
	for i, c := range cols {
		lines[i] = w.wrap(cells[i], c.width-2*cellPad)
		n = max(n, len(lines[i]))
	}
	h := float64(n)*lineH + 2*cellPad
	if p.GetY()+h > bottom {
		// Move a row that fits on a fresh page (below the repeated header)
		// to the next page; split a taller one, starting here when at least
		// minLines fit.
		room, fresh := bottom-p.GetY(), bottom-margin-12
		if h <= fresh || float64(minLines)*lineH+2*cellPad > room {
			newPage()
		}
	}
	off := 0
	for off < n {
		avail := int((bottom - p.GetY() - 2*cellPad) / lineH)
		if avail < 1 {
			newPage()
			continue
		}
		k := min(avail, n-off)
		y := p.GetY()
		ch := float64(k)*lineH + 2*cellPad
		x := margin
		for i, c := range cols {
			if c.title == "完成状态" && cells[i] != "" {
				p.SetFillColor(statusColor(cells[i]))
				p.Rect(x, y, c.width, ch, "FD")
			} else {
				p.Rect(x, y, c.width, ch, "D")
			}
			ty := y + cellPad
			if off > 0 && i == 0 {
				// Mark the continuation of a row split across pages.
				p.SetXY(x+cellPad, ty)
				p.CellFormat(c.width-2*cellPad, lineH, "续", "", 0, "C", false, 0, "")
			}
			for j := off; j < off+k && j < len(lines[i]); j++ {
				p.SetXY(x+cellPad, ty)
				p.CellFormat(c.width-2*cellPad, lineH, lines[i][j], "", 0, c.align, false, 0, "")
				ty += lineH
			}
			x += c.width
		}
		p.SetXY(margin, y+ch)
		off += k
		if off < n {
			newPage()
		}
	}
}

// mainTable draws the main table under the heading numbered no.
func (w *pdfWriter) mainTable(m *Monthly, no string) {
	p := w.pdf
	w.ensure(8 + 12 + 6 + 6*lineH) // heading, table header, band and a few lines
	w.heading(no + "、工作进展情况")
	newPage := func() { p.AddPage() } // the header function draws the table header
	w.inTable = true
	w.tableHeader()
	total := 0.0
	for _, c := range mainColumns {
		total += c.width
	}
	band := func(s string, fill int) {
		// Keep a band with at least a few lines of its first row.
		if p.GetY()+7+4*lineH > bottom {
			newPage()
		}
		p.SetFont(fontFamily, "", 9)
		p.SetFillColor(fill, fill, fill)
		size := 9.0
		for p.GetStringWidth(s) > total-4 && size > 6 {
			size -= 0.5
			p.SetFontSize(size)
		}
		p.CellFormat(total, 6, s, "1", 1, "L", true, 0, "")
	}
	if len(m.Groups) == 0 {
		p.SetFont(fontFamily, "", bodyFont)
		p.CellFormat(total, 6, "无", "1", 1, "C", false, 0, "")
	}
	for _, g := range m.Groups {
		band(strings.TrimSpace(g.Annex+" "+g.Title), 210)
		for _, s := range g.Sections {
			if s.No != "" || s.Title != "" {
				band(strings.TrimSpace(s.No+"、"+s.Title), 235)
			}
			for _, r := range s.Rows {
				cells := make([]string, len(mainColumns))
				for i, c := range mainColumns {
					cells[i] = c.text(r)
				}
				w.row(mainColumns, cells, 6, newPage)
				w.tick.step()
			}
		}
	}
	w.inTable = false
}

func (w *pdfWriter) signature() {
	p := w.pdf
	w.ensure(30)
	p.Ln(8)
	p.SetFont(fontFamily, "", 11)
	q := (pageW - 2*margin) / 4
	for _, s := range []string{"填报人：", "审核人：", "联系电话：", "日期：    年  月  日"} {
		p.CellFormat(q, 8, s, "", 0, "L", false, 0, "")
	}
	p.Ln(14)
	p.CellFormat(pageW-2*margin, 8, "（盖章）", "", 1, "R", false, 0, "")
}
