package reports

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// SummarySheet is the name of the Excel summary sheet.
const SummarySheet = "汇总"

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
	if s == "" || s == SummarySheet {
		s = "附件"
	}
	return s
}

// XLSX writes the report as an Excel workbook: a summary sheet with a bar
// chart, then one sheet per annex, styled and set up for A4 landscape
// printing with the title rows repeated. It tells progress (may be nil) of
// every table row written.
func XLSX(m *Monthly, progress Progress) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	x := &xlsxWriter{f: f, tick: newTick(m, progress)}
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
	band1, band2                   int
	off                            int // an off-target figure
	status                         map[string]int
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
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	wrapL := &excelize.Alignment{WrapText: true, Vertical: "top", Horizontal: "left"}
	wrapC := &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}
	var err error
	mk := func(s *excelize.Style) int {
		id, e := x.f.NewStyle(s)
		if e != nil && err == nil {
			err = e
		}
		return id
	}
	x.title = mk(&excelize.Style{Font: font(16, true), Alignment: wrapC})
	x.sub = mk(&excelize.Style{Font: font(11, false), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}})
	x.head = mk(&excelize.Style{Font: font(10, true), Alignment: wrapC, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E1E8F0"}}})
	x.cell = mk(&excelize.Style{Font: font(10, false), Alignment: wrapL, Border: border})
	x.center = mk(&excelize.Style{Font: font(10, false), Alignment: wrapC, Border: border})
	x.band1 = mk(&excelize.Style{Font: font(11, true), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D2D2D2"}}})
	x.band2 = mk(&excelize.Style{Font: font(10, true), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EBEBEB"}}})
	x.off = mk(&excelize.Style{Font: font(10, true), Alignment: wrapC, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F0AAA0"}}})
	x.status = map[string]int{}
	for _, s := range []string{StatusDone, StatusOnTrack, StatusLate, StatusNotReported, StatusNotStarted, StatusNA} {
		x.status[s] = mk(&excelize.Style{Font: font(10, false), Alignment: wrapC, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{statusHex(s)}}})
	}
	return err
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// setRow writes values from column A of row, with one style.
func (x *xlsxWriter) setRow(sheet string, row int, style int, values ...any) {
	for i, v := range values {
		c := cellName(i+1, row)
		x.check(x.f.SetCellValue(sheet, c, v))
	}
	x.check(x.f.SetCellStyle(sheet, cellName(1, row), cellName(len(values), row), style))
}

// titleRows writes the title (merged across cols) and the subtitle line.
func (x *xlsxWriter) titleRows(sheet string, cols int, m *Monthly, sub string) {
	x.check(x.f.MergeCell(sheet, "A1", cellName(cols, 1)))
	x.check(x.f.SetCellValue(sheet, "A1", m.Title))
	x.check(x.f.SetCellStyle(sheet, "A1", "A1", x.title))
	x.check(x.f.SetRowHeight(sheet, 1, 30))
	x.check(x.f.MergeCell(sheet, "A2", cellName(cols, 2)))
	x.check(x.f.SetCellValue(sheet, "A2", sub))
	x.check(x.f.SetCellStyle(sheet, "A2", "A2", x.sub))
}

// printSetup sets A4 landscape, fit to width, and repeats rows 1..rows.
func (x *xlsxWriter) printSetup(sheet string, rows int) {
	size, orient, fitW, fitH := 9, "landscape", 1, 0
	x.check(x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}))
	fit := true
	x.check(x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	x.check(x.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, rows), Scope: sheet,
	}))
	x.check(x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: rows, TopLeftCell: cellName(1, rows+1), ActivePane: "bottomLeft"}))
}

func (x *xlsxWriter) summary(m *Monthly) {
	const sh = SummarySheet
	head := []any{"附件", "名称", "措施数", "已完成", "序时推进", "滞后", "未报送", "其他（未启动、不涉及）", "完成率"}
	x.titleRows(sh, len(head), m, fmt.Sprintf("%s    填报单位：%s    报送月份：%s    打印日期：%s", m.Subtitle, m.Unit, m.Month, m.Printed))
	x.setRow(sh, 3, x.head, head...)
	rows := append(append([]SummaryRow{}, m.Summary...), m.Total())
	for i, s := range rows {
		r := 4 + i
		x.setRow(sh, r, x.center, s.Annex, s.Title, s.Measures, s.Done, s.OnTrack, s.Late, s.NotReported, s.Other, s.Rate())
		x.check(x.f.SetCellStyle(sh, cellName(2, r), cellName(2, r), x.cell))
	}
	for i, w := range []float64{10, 44, 9, 9, 10, 9, 9, 14, 10} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.check(x.f.SetColWidth(sh, col, col, w))
	}
	x.printSetup(sh, 3)
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
		x.check(x.f.AddChart(sh, cellName(1, last+3), &excelize.Chart{
			Type:      excelize.BarStacked,
			Series:    series,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各附件措施完成状态"}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 320},
		}))
	}
	// The alerts below the chart.
	r := 3 + len(rows) + 3 + 18
	x.check(x.f.SetCellValue(sh, cellName(1, r), "逾期及本月到期措施"))
	x.check(x.f.SetCellStyle(sh, cellName(1, r), cellName(1, r), x.band2))
	r++
	x.setRow(sh, r, x.head, "附件", "重点任务", "序号", "工作措施", "完成时限", "类别", "完成状态")
	if len(m.Alerts) == 0 {
		x.setRow(sh, r+1, x.cell, "无")
	}
	for _, a := range m.Alerts {
		r++
		x.setRow(sh, r, x.cell, a.Annex, a.Task, a.No, a.Measure, a.Due, a.Kind, a.Status)
		x.tick.step()
		if st, ok := x.status[a.Status]; ok {
			x.check(x.f.SetCellStyle(sh, cellName(7, r), cellName(7, r), st))
		}
	}
}

var xlsxColumns = []struct {
	title string
	width float64
}{
	{"序号", 6}, {"重点任务", 18}, {"工作措施", 48}, {"完成时限", 12}, {"主责单位", 18},
	{"完成状态", 10}, {"进展情况", 40}, {"存在问题", 24}, {"下步计划", 24}, {"佐证材料", 22}, {"措施编号", 10},
}

func (x *xlsxWriter) annex(m *Monthly, g Group) {
	sh := SheetName(g.Annex)
	if _, err := x.f.NewSheet(sh); err != nil {
		x.check(err)
		return
	}
	n := len(xlsxColumns)
	x.titleRows(sh, n, m, strings.TrimSpace(g.Annex+" "+g.Title)+"    "+m.Subtitle+"    报送月份："+m.Month)
	head := make([]any, n)
	for i, c := range xlsxColumns {
		head[i] = c.title
		col, _ := excelize.ColumnNumberToName(i + 1)
		x.check(x.f.SetColWidth(sh, col, col, c.width))
	}
	x.setRow(sh, 3, x.head, head...)
	r := 3
	for _, s := range g.Sections {
		if s.No != "" || s.Title != "" {
			r++
			x.check(x.f.MergeCell(sh, cellName(1, r), cellName(n, r)))
			x.check(x.f.SetCellValue(sh, cellName(1, r), strings.TrimSpace(s.No+"、"+s.Title)))
			x.check(x.f.SetCellStyle(sh, cellName(1, r), cellName(n, r), x.band2))
		}
		for _, row := range s.Rows {
			r++
			ev := ""
			if len(row.Evidence) > 0 || row.EvidenceNote != "" {
				ev = row.EvidenceText()
			}
			x.setRow(sh, r, x.cell, row.No, row.Task, row.Measure, row.Deadline, row.Lead, row.Status,
				row.Progress, row.Problems, row.NextSteps, ev, row.ID)
			x.check(x.f.SetCellStyle(sh, cellName(1, r), cellName(1, r), x.center))
			x.check(x.f.SetCellStyle(sh, cellName(4, r), cellName(4, r), x.center))
			if st, ok := x.status[row.Status]; ok {
				x.check(x.f.SetCellStyle(sh, cellName(6, r), cellName(6, r), st))
			}
			x.check(x.f.SetRowHeight(sh, r, rowHeight(row)))
			x.tick.step()
		}
	}
	x.printSetup(sh, 3)
}

// rowHeight estimates the row height in points so wrapped text shows
// without the reader resizing rows (Excel does not autofit merged or
// generated rows). Chinese characters are about two width units each.
func rowHeight(r Row) float64 {
	lines := 1
	for i, t := range []string{r.Task, r.Measure, r.Lead, r.Progress, r.Problems, r.NextSteps, r.EvidenceText()} {
		w := []float64{18, 48, 18, 40, 24, 24, 22}[i]
		n := 0
		for para := range strings.SplitSeq(t, "\n") {
			units := 0.0
			for _, c := range para {
				if c < 0x80 {
					units++
				} else {
					units += 2
				}
			}
			n += max(1, int(units/(w-1))+1)
		}
		lines = max(lines, n)
	}
	return min(409, float64(lines)*14+4)
}
