package reports

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"taizhang/reports/cellfit"
)

// SummarySheet is the name of the Excel summary sheet.
const SummarySheet = "汇总"

// DetailSheet is the sheet of the appendix 附表：各单位填报明细.
const DetailSheet = "附表 各单位填报明细"

// Page setup of every sheet: A4 landscape, the binding margin on the left,
// in inches as Excel stores them.
const (
	sheetMarginLeft   = 25 / 25.4
	sheetMarginRight  = 15 / 25.4
	sheetMarginTop    = 20 / 25.4
	sheetMarginBottom = 20 / 25.4
	sheetMarginHead   = 8 / 25.4
)

// PrintWidth is the printable width in points of the sheets' A4 landscape
// page: 297 mm less the side margins.
const PrintWidth = (297/25.4 - sheetMarginLeft - sheetMarginRight) * 72

// bodySize is the font size of the sheets' tables; the fit-to-width scale
// must keep it at MinPrintSize or more on paper.
const bodySize = 10.0

// MinPrintSize is the smallest body text size a printed sheet may have, in
// points.
const MinPrintSize = 9.0

// maxRow is the tallest row a long text gets before it continues in the
// next: half a printed page, so that tall rows fill the pages instead of
// leaving a page's lower part empty before a row of Excel's 409 points.
const maxRow = 240.0

// signature is the block under a sheet's last row.
const signature = "填报人：　　　　　　　　审核人：　　　　　　　　联系电话：　　　　　　　　日期：　　　　年　　月　　日　　　　　　　　（盖章）"

// statusHex is the Excel fill of a status.
func statusHex(s string) string {
	r, g, b := statusColor(s)
	return fmt.Sprintf("%02X%02X%02X", r, g, b)
}

// SheetName is the Excel sheet of an annex group: 附件2-1 (at most 31
// characters, none of []:*?/\).
func SheetName(annex string) string {
	s := strings.NewReplacer("[", "", "]", "", ":", "", "*", "", "?", "", "/", "", `\`, "").Replace(annex)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" || s == SummarySheet || s == DetailSheet {
		s = "附件"
	}
	return s
}

// XLSX writes the report as an Excel workbook: a summary sheet with a bar
// chart, then one sheet per annex (and in the district scope with Detail,
// the appendix sheet), styled and set up for A4 landscape printing with
// the table header repeated, a header and footer, and the signature block.
// Every row is as tall as its text needs; a text taller than Excel's
// tallest row continues in the rows below. It tells progress (may be nil)
// of every table row written.
func XLSX(m *Monthly, progress Progress) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, tick: newTick(m, progress), widths: map[string][]float64{}, heights: map[string][]float64{}, size: map[int]float64{}}
	if err := x.styles(); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return nil, err
	}
	x.summary(m)
	if m.Indicators != nil {
		x.indicators(m)
	}
	for _, g := range m.Groups {
		x.annex(m, g)
	}
	if m.District && m.Detail {
		x.details(m)
	}
	if x.err != nil {
		return nil, x.err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	x.tick.step()
	return buf.Bytes(), nil
}

type xlsxWriter struct {
	f                              *excelize.File
	err                            error
	title, sub, head, cell, center int
	band2, percent, sign           int
	off                            int // an off-target figure
	status                         map[string]int
	size                           map[int]float64      // a style's font size
	widths                         map[string][]float64 // a sheet's column widths
	heights                        map[string][]float64 // a sheet's row heights, from row 1
	tick                           *tick
}

// check keeps the first error.
func (x *xlsxWriter) check(err error) {
	if err != nil && x.err == nil {
		x.err = err
	}
}

func (x *xlsxWriter) styles() error {
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	wrapL := &excelize.Alignment{WrapText: true, Vertical: "top", Horizontal: "left"}
	wrapC := &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}
	wrapM := &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "left"}
	var err error
	mk := func(size float64, bold bool, s *excelize.Style) int {
		s.Font = &excelize.Font{Family: "宋体", Size: size, Bold: bold}
		id, e := x.f.NewStyle(s)
		if e != nil && err == nil {
			err = e
		}
		x.size[id] = size
		return id
	}
	fill := func(hex string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{hex}}
	}
	x.title = mk(16, true, &excelize.Style{Alignment: wrapC})
	x.sub = mk(11, false, &excelize.Style{Alignment: wrapM})
	x.head = mk(bodySize, true, &excelize.Style{Alignment: wrapC, Border: border, Fill: fill("E1E8F0")})
	x.cell = mk(bodySize, false, &excelize.Style{Alignment: wrapL, Border: border})
	x.center = mk(bodySize, false, &excelize.Style{Alignment: wrapC, Border: border})
	pct := "0.0%"
	x.percent = mk(bodySize, false, &excelize.Style{Alignment: wrapC, Border: border, CustomNumFmt: &pct})
	x.band2 = mk(bodySize, true, &excelize.Style{Alignment: wrapM, Border: border, Fill: fill("EBEBEB")})
	x.sign = mk(11, false, &excelize.Style{Alignment: wrapM})
	x.off = mk(bodySize, true, &excelize.Style{Alignment: wrapC, Border: border, Fill: fill("F0AAA0")})
	x.status = map[string]int{}
	for _, s := range []string{StatusDone, StatusOnTrack, StatusLate, StatusNotReported, StatusNotStarted, StatusNA} {
		x.status[s] = mk(bodySize, false, &excelize.Style{Alignment: wrapC, Border: border, Fill: fill(statusHex(s))})
	}
	return err
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// xcell is one cell of a row: a value in a style, spanning span columns
// (one when 0).
type xcell struct {
	v     any
	style int
	span  int
}

// columns sets a sheet's column widths, which put measures its text by.
func (x *xlsxWriter) columns(sheet string, widths []float64) {
	x.widths[sheet] = widths
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.check(x.f.SetColWidth(sheet, col, col, w))
	}
}

// put writes cells from column A of row r, merging spans, and makes the row
// as tall as its tallest text needs. A text must fit one row: the callers
// split longer ones with cellfit.Split.
func (x *xlsxWriter) put(sheet string, r int, cells ...xcell) {
	widths := x.widths[sheet]
	col, height := 1, 0.0
	for _, c := range cells {
		span := max(1, c.span)
		last := col + span - 1
		if span > 1 {
			x.check(x.f.MergeCell(sheet, cellName(col, r), cellName(last, r)))
		}
		if c.v != nil {
			x.check(x.f.SetCellValue(sheet, cellName(col, r), c.v))
		}
		x.check(x.f.SetCellStyle(sheet, cellName(col, r), cellName(last, r), c.style))
		w := 0.0
		for i := col; i <= last && i <= len(widths); i++ {
			w += widths[i-1]
		}
		text, _ := c.v.(string)
		height = max(height, cellfit.Need(text, w, x.size[c.style]))
		col = last + 1
	}
	height = min(height, cellfit.MaxHeight)
	x.check(x.f.SetRowHeight(sheet, r, height))
	hs := x.heights[sheet]
	for len(hs) < r {
		hs = append(hs, defaultRowHeight)
	}
	hs[r-1] = height
	x.heights[sheet] = hs
}

// defaultRowHeight is the height of a row the writer leaves alone.
const defaultRowHeight = 15.0

// printHeight is the printable height in points of the sheets' A4
// landscape page: 210 mm less the top and bottom margins.
const printHeight = (210/25.4 - sheetMarginTop - sheetMarginBottom) * 72

// chart adds a chart of the given height in points at row r of sheet,
// starting a new page for it when it does not fit under the rows above,
// and returns the row below it.
func (x *xlsxWriter) chart(sheet string, r int, height float64, c ...*excelize.Chart) int {
	scale := float64(cellfit.FitScale(x.widths[sheet], PrintWidth)) / 100
	page := printHeight / scale
	used := 0.0
	for _, h := range x.heights[sheet][:min(r-1, len(x.heights[sheet]))] {
		if used+h > page {
			used = 0
		}
		used += h
	}
	used += defaultRowHeight * float64(r-1-len(x.heights[sheet]))
	if used+height > page {
		x.check(x.f.InsertPageBreak(sheet, cellName(1, r)))
	}
	x.check(x.f.AddChart(sheet, cellName(1, r), c[0], c[1:]...))
	return r + int(height/defaultRowHeight) + 1
}

// putRow writes values in one style from column A of row r.
func (x *xlsxWriter) putRow(sheet string, r int, style int, values ...any) {
	cells := make([]xcell, len(values))
	for i, v := range values {
		cells[i] = xcell{v: v, style: style}
	}
	x.put(sheet, r, cells...)
}

// putLong writes a table row from row r whose texts may be taller than one
// row can be: each text continues in the rows below, where the cells marked
// in repeat show their value again (the ID with （续）, the status) so that
// a continued row says what it continues. It returns the last row written.
func (x *xlsxWriter) putLong(sheet string, r int, cells []xcell, repeat map[int]string) int {
	widths := x.widths[sheet]
	pieces := make([][]string, len(cells))
	rows := 1
	for i, c := range cells {
		if s, ok := c.v.(string); ok && i < len(widths) {
			pieces[i] = cellfit.Split(s, widths[i], x.size[c.style], maxRow)
			rows = max(rows, len(pieces[i]))
		}
	}
	for k := range rows {
		line := make([]xcell, len(cells))
		for i, c := range cells {
			line[i] = xcell{style: c.style}
			switch {
			case k > 0 && repeat[i] != "":
				line[i].v = repeat[i]
			case pieces[i] != nil:
				if k < len(pieces[i]) {
					line[i].v = pieces[i][k]
				}
			case k == 0:
				line[i].v = c.v
			}
		}
		x.put(sheet, r+k, line...)
	}
	return r + rows - 1
}

// titleRows writes the title and the subtitle line, each merged across the
// sheet's columns.
func (x *xlsxWriter) titleRows(sheet string, m *Monthly, sub string) {
	n := len(x.widths[sheet])
	x.put(sheet, 1, xcell{v: m.Title, style: x.title, span: n})
	x.put(sheet, 2, xcell{v: sub, style: x.sub, span: n})
}

// finish writes the signature block two rows under row last and sets up
// printing: A4 landscape fit to the page width, the margins, the report's
// title in the page header and the page number in the footer, the rows
// 1..head frozen and their last (the table header) repeated on every page
// (none for head 0).
func (x *xlsxWriter) finish(sheet string, m *Monthly, last, head int) {
	x.put(sheet, last+2, xcell{v: signature, style: x.sign, span: len(x.widths[sheet])})
	size, orient, fitW, fitH := 9, "landscape", 1, 0
	x.check(x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}))
	fit := true
	x.check(x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	l, r, t, b, h := sheetMarginLeft, sheetMarginRight, sheetMarginTop, sheetMarginBottom, sheetMarginHead
	hc := true
	x.check(x.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &l, Right: &r, Top: &t, Bottom: &b, Header: &h, Footer: &h, Horizontally: &hc}))
	x.check(x.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: `&C&"宋体"&10` + strings.ReplaceAll(m.Title, "&", "&&"),
		OddFooter: `&C&"宋体"&10第 &P 页 共 &N 页`,
	}))
	if head == 0 {
		return
	}
	x.check(x.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, head, head), Scope: sheet,
	}))
	x.check(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: head, TopLeftCell: cellName(1, head+1), ActivePane: "bottomLeft"}))
}

// rate is a summary row's 完成率 as a fraction for a % cell, read from the
// printed Rate so that the workbook and the PDF agree; "—" for none.
func rate(s SummaryRow) any {
	v, err := strconv.ParseFloat(strings.TrimSuffix(s.Rate(), "%"), 64)
	if err != nil {
		return s.Rate()
	}
	return v / 100
}

// summaryWidths are the summary sheet's columns; the alerts table below
// shares them.
var summaryWidths = []float64{10, 44, 9, 9, 10, 9, 9, 14, 10}

func (x *xlsxWriter) summary(m *Monthly) {
	const sh = SummarySheet
	x.columns(sh, summaryWidths)
	x.titleRows(sh, m, fmt.Sprintf("%s    填报单位：%s    报送月份：%s    打印日期：%s", m.Subtitle, m.Unit, m.Month, m.Printed))
	x.putRow(sh, 3, x.head, "附件", "名称", "措施数", "已完成", "序时推进", "滞后", "未报送", "其他（未启动、不涉及）", "完成率")
	rows := append(append([]SummaryRow{}, m.Summary...), m.Total())
	for i, s := range rows {
		x.put(sh, 4+i, xcell{v: s.Annex, style: x.center}, xcell{v: s.Title, style: x.cell},
			xcell{v: s.Measures, style: x.center}, xcell{v: s.Done, style: x.center}, xcell{v: s.OnTrack, style: x.center},
			xcell{v: s.Late, style: x.center}, xcell{v: s.NotReported, style: x.center}, xcell{v: s.Other, style: x.center},
			xcell{v: rate(s), style: x.percent})
	}
	// The alerts under the summary, in its columns: 工作措施 in the wide
	// one, 重点任务 and 完成时限 across two. The chart comes last.
	r := 3 + len(rows) + 2
	x.put(sh, r, xcell{v: "逾期及本月到期措施", style: x.band2, span: len(summaryWidths)})
	r++
	x.put(sh, r, xcell{v: "附件", style: x.head}, xcell{v: "工作措施", style: x.head}, xcell{v: "序号", style: x.head},
		xcell{v: "重点任务", style: x.head, span: 2}, xcell{v: "完成时限", style: x.head, span: 2},
		xcell{v: "类别", style: x.head}, xcell{v: "完成状态", style: x.head})
	if len(m.Alerts) == 0 {
		x.put(sh, r+1, xcell{v: "无", style: x.cell, span: len(summaryWidths)})
		r++
	}
	for _, a := range m.Alerts {
		r++
		st, ok := x.status[a.Status]
		if !ok {
			st = x.center
		}
		x.put(sh, r, xcell{v: a.Annex, style: x.center}, xcell{v: a.Measure, style: x.cell}, xcell{v: a.No, style: x.center},
			xcell{v: a.Task, style: x.cell, span: 2}, xcell{v: a.Due, style: x.center, span: 2},
			xcell{v: a.Kind, style: x.center}, xcell{v: a.Status, style: st})
		x.tick.step()
	}
	if len(m.Summary) > 0 {
		last := 3 + len(m.Summary)
		var series []excelize.ChartSeries
		for i := range 5 {
			col, _ := excelize.ColumnNumberToName(4 + i)
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("'%s'!$%s$3", sh, col),
				Categories: fmt.Sprintf("'%s'!$A$4:$A$%d", sh, last),
				Values:     fmt.Sprintf("'%s'!$%s$4:$%s$%d", sh, col, col, last),
				Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{statusHex([]string{StatusDone, StatusOnTrack, StatusLate, StatusNotReported, ""}[i])}},
			})
		}
		// 320 pixels are 240 points.
		r = x.chart(sh, r+2, 240, &excelize.Chart{
			Type:      excelize.BarStacked,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各附件措施完成状态"}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 320},
		})
	}
	// The alerts are a second table: no header repeats.
	x.finish(sh, m, r, 0)
}

// sheetColumn is a table column of an annex or the appendix sheet.
type sheetColumn struct {
	title string
	width float64
}

// xlsxUnitColumns are an annex sheet's columns in a unit's report: every text
// in full. Their widths print at 9 pt or more (TestXLSXPrintScale).
var xlsxUnitColumns = []sheetColumn{
	{"序号", 4}, {"重点任务", 9}, {"工作措施", 19}, {"完成时限", 7}, {"主责单位", 9},
	{"完成状态", 8}, {"进展情况", 31}, {"存在问题", 14}, {"下步计划", 14}, {"佐证材料", 12}, {"措施编号", 8},
}

// xlsxDistrictColumns are an annex sheet's columns in the district scope: each
// unit's status in one line and the district summary instead of the units'
// texts.
var xlsxDistrictColumns = []sheetColumn{
	{"序号", 4}, {"重点任务", 9}, {"工作措施", 19}, {"完成时限", 7}, {"主责单位", 9},
	{"完成状态", 8}, {"各单位完成状态", 18}, {"区级汇总进展", 26}, {"存在问题", 11}, {"下步计划", 11}, {"佐证材料", 5}, {"措施编号", 8},
}

// xlsxDetailColumns are the appendix sheet's columns.
var xlsxDetailColumns = []sheetColumn{
	{"措施编号", 8}, {"填报单位", 12}, {"责任", 5}, {"完成状态", 8}, {"进展情况", 48},
	{"存在问题", 22}, {"下步计划", 22}, {"佐证材料", 10},
}

// widthsOf are the widths of cols.
func widthsOf(cols []sheetColumn) []float64 {
	w := make([]float64, len(cols))
	for i, c := range cols {
		w[i] = c.width
	}
	return w
}

// header writes the table header of cols in row r.
func (x *xlsxWriter) header(sheet string, r int, cols []sheetColumn) {
	vals := make([]any, len(cols))
	for i, c := range cols {
		vals[i] = c.title
	}
	x.putRow(sheet, r, x.head, vals...)
}

func (x *xlsxWriter) annex(m *Monthly, g Group) {
	sh := SheetName(g.Annex)
	if _, err := x.f.NewSheet(sh); err != nil {
		x.check(err)
		return
	}
	cols := xlsxUnitColumns
	if m.District {
		cols = xlsxDistrictColumns
	}
	n := len(cols)
	x.columns(sh, widthsOf(cols))
	x.titleRows(sh, m, strings.TrimSpace(g.Annex+" "+g.Title)+"    "+m.Subtitle+"    报送月份："+m.Month)
	x.header(sh, 3, cols)
	r := 3
	for _, s := range g.Sections {
		if s.No != "" || s.Title != "" {
			r++
			x.put(sh, r, xcell{v: strings.TrimSpace(s.No + "、" + s.Title), style: x.band2, span: n})
		}
		for _, row := range s.Rows {
			st, ok := x.status[row.Status]
			if !ok {
				st = x.center
			}
			text := func(v string) xcell { return xcell{v: v, style: x.cell} }
			cells := []xcell{{v: row.No, style: x.center}, text(row.Task), text(row.Measure), {v: row.Deadline, style: x.center},
				text(row.Lead), {v: row.Status, style: st}}
			if m.District {
				cells = append(cells, text(row.UnitLine()), text(row.Summary), text(row.SummaryProblems), text(row.SummaryNext),
					xcell{v: row.EvidenceCount(), style: x.center})
			} else {
				cells = append(cells, text(row.Progress), text(row.Problems), text(row.NextSteps), text(row.EvidenceText()))
			}
			cells = append(cells, xcell{v: row.ID, style: x.center})
			r = x.putLong(sh, r+1, cells, map[int]string{0: row.No, 5: row.Status, n - 1: row.ID + "（续）"})
			x.tick.step()
		}
	}
	x.finish(sh, m, r, 3)
}

// details writes the appendix sheet: every reporting unit's full texts,
// grouped by measure (a band naming it), then unit.
func (x *xlsxWriter) details(m *Monthly) {
	const sh = DetailSheet
	if _, err := x.f.NewSheet(sh); err != nil {
		x.check(err)
		return
	}
	x.columns(sh, widthsOf(xlsxDetailColumns))
	x.titleRows(sh, m, "附表：各单位填报明细    "+m.Subtitle+"    报送月份："+m.Month)
	x.header(sh, 3, xlsxDetailColumns)
	r := 3
	for _, g := range m.Groups {
		for _, s := range g.Sections {
			for _, row := range s.Rows {
				if len(row.Details) == 0 {
					continue
				}
				r++
				x.put(sh, r, xcell{v: row.ID + "  " + row.Measure, style: x.band2, span: len(xlsxDetailColumns)})
				for _, d := range row.Details {
					st, ok := x.status[d.Status]
					if !ok {
						st = x.center
					}
					role := "协办"
					if d.Lead {
						role = "主责"
					}
					ev := d.EvidenceText()
					text := func(v string) xcell { return xcell{v: v, style: x.cell} }
					r = x.putLong(sh, r+1, []xcell{{v: row.ID, style: x.center}, text(d.Unit), {v: role, style: x.center},
						{v: d.Status, style: st}, text(d.Progress), text(d.Problems), text(d.NextSteps), text(ev)},
						map[int]string{0: row.ID + "（续）", 1: d.Unit, 3: d.Status})
				}
			}
		}
	}
	x.finish(sh, m, r, 3)
}
