package planfile

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// instructions are the lines of the instructions sheet under the plan's
// fields.
var instructions = []string{
	"填写说明",
	"1. 在上方填写计划名称、文号（如 西政办发〔2024〕3号）和印发日期；导入时未填的会再询问。",
	"2. 每个附件一个工作表，工作表名为“附件N”；第一行写“附件N”，第二行写附件标题。需要更多附件时复制工作表并改名。",
	"3. 表头为 序号、重点任务、工作措施、完成时限、主责单位、协办单位，列的顺序可以调整；“牵头单位”“责任单位”视同主责单位，“配合单位”“协助单位”视同协办单位。",
	"4. 章节标题单独占一行，写在第一列，如“一、主要目标”（可合并整行）。",
	"5. 每条工作措施占一行。同一重点任务的多条措施：序号和重点任务合并单元格，或只在第一行填写、下面留空。没有“重点任务”列时，每个章节（没有章节时整个附件）算一项重点任务。",
	"6. 完成时限写 年底前、6月底前、6-9月、春节前、采暖季前、长期实施、持续推进 之类；没有具体日期的（适时、按上级要求、按时间节点完成）导入后可再设定截止日期。",
	"7. 一个单元格里有多个单位时，用顿号、逗号、分号、空格或换行分开；没有协办单位留空或写“—”。",
	"8. 指标表（各街道、各地区的指标目标）单独一个工作表，标题中含“指标”二字：第三行为表头（第一列为地区，其后每列一项指标），其下每个地区一行，最后可有一行“备注：……”。",
	"9. 本说明工作表不要改名；除附件和指标表外不要添加其他工作表。",
}

// Template is the empty plan workbook: the instructions sheet 说明 with the
// plan's fields to fill, an annex sheet 附件1 with its header row, and an
// indicator sheet. Read gives it back as an empty plan without problems.
func Template() ([]byte, error) {
	return writeWorkbook(&data.Plan{
		Annexes:    []data.Annex{{Code: "1", Title: "（附件标题）"}},
		Indicators: []data.IndicatorTable{{Annex: "6", Title: "（指标表标题，含“指标”二字）", Columns: []string{"地区", "（指标名称）"}}},
	})
}

// writeWorkbook writes a plan in the plan workbook's layout, the one Read
// reads: the template when the plan has no measures.
func writeWorkbook(p *data.Plan) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	w := &bookWriter{f: f}
	if err := w.styles(); err != nil {
		return nil, err
	}
	w.info(p)
	for _, a := range p.Annexes {
		w.annex(a)
	}
	for _, t := range p.Indicators {
		w.indicators(t)
	}
	if w.err != nil {
		return nil, w.err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// bookWriter writes sheets, keeping the first error.
type bookWriter struct {
	f                      *excelize.File
	err                    error
	title, head, body, sec int // style IDs
}

func (w *bookWriter) styles() error {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	mk := func(s *excelize.Style) int {
		id, err := w.f.NewStyle(s)
		if err != nil && w.err == nil {
			w.err = err
		}
		return id
	}
	w.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	w.head = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	w.body = mk(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	w.sec = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border})
	return w.err
}

func (w *bookWriter) check(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

func (w *bookWriter) set(sheet string, col, row int, v string, style int) {
	cell, err := excelize.CoordinatesToCellName(col, row)
	w.check(err)
	w.check(w.f.SetCellStr(sheet, cell, v))
	if style != 0 {
		w.check(w.f.SetCellStyle(sheet, cell, cell, style))
	}
}

// printable lays a sheet out landscape, one page wide.
func (w *bookWriter) printable(sheet string) {
	landscape, one, any := "landscape", 1, 0
	fit := true
	w.check(w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, FitToWidth: &one, FitToHeight: &any}))
	w.check(w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
}

func (w *bookWriter) merge(sheet string, c1, r1, c2, r2 int) {
	a, _ := excelize.CoordinatesToCellName(c1, r1)
	b, _ := excelize.CoordinatesToCellName(c2, r2)
	w.check(w.f.MergeCell(sheet, a, b))
}

// info writes the instructions sheet with the plan's fields.
func (w *bookWriter) info(p *data.Plan) {
	w.check(w.f.SetSheetName("Sheet1", instructionsSheet))
	s := instructionsSheet
	w.set(s, 1, 1, "年度行动计划导入工作簿", w.title)
	date := p.Date
	w.set(s, 1, 3, "计划名称", w.head)
	w.set(s, 2, 3, p.Title, w.body)
	w.set(s, 1, 4, "文号", w.head)
	w.set(s, 2, 4, p.DocNo, w.body)
	w.set(s, 1, 5, "印发日期", w.head)
	w.set(s, 2, 5, date, w.body)
	for i, line := range instructions {
		w.set(s, 1, 7+i, line, 0)
	}
	w.check(w.f.SetColWidth(s, "A", "A", 16))
	w.check(w.f.SetColWidth(s, "B", "B", 100))
	w.printable(s)
}

// annex writes a measure annex's sheet: code, title, header, then section
// headings and measures, each task's 序号 and name merged over its measures.
func (w *bookWriter) annex(a data.Annex) {
	s := "附件" + a.Code
	_, err := w.f.NewSheet(s)
	w.check(err)
	w.set(s, 1, 1, "附件"+a.Code, w.title)
	w.merge(s, 1, 1, numCols, 1)
	w.set(s, 1, 2, a.Title, w.title)
	w.merge(s, 1, 2, numCols, 2)
	for c, label := range colLabels {
		w.set(s, c+1, 3, label, w.head)
	}
	widths := []float64{6, 18, 70, 12, 22, 30}
	row := 4
	for _, sec := range a.Sections {
		if sec.No != "" {
			w.set(s, 1, row, sec.No+"、"+sec.Title, w.sec)
			w.merge(s, 1, row, numCols, row)
			row++
		}
		for _, t := range sec.Tasks {
			first := row
			for _, m := range t.Measures {
				lines := 1
				for c, v := range []string{t.No, t.Name, m.Text, m.Deadline.Text, strings.Join(m.Lead, "、"), strings.Join(m.Co, "、")} {
					if row == first || c > colTask {
						w.set(s, c+1, row, v, w.body)
					}
					if c > colTask {
						lines = max(lines, wrappedLines(v, widths[c]))
					}
				}
				w.check(w.f.SetRowHeight(s, row, float64(lines)*15))
				row++
			}
			if row-first > 1 {
				w.merge(s, colNo+1, first, colNo+1, row-1)
				w.merge(s, colTask+1, first, colTask+1, row-1)
			}
		}
	}
	for c, width := range widths {
		name, _ := excelize.ColumnNumberToName(c + 1)
		w.check(w.f.SetColWidth(s, name, name, width))
	}
	w.printable(s)
}

// indicators writes an indicator table's sheet: code, title, header, rows,
// note.
func (w *bookWriter) indicators(t data.IndicatorTable) {
	s := fmt.Sprintf("附件%s", t.Annex)
	if !strings.Contains(t.Title, "指标") {
		s += "（指标）"
	}
	_, err := w.f.NewSheet(s)
	w.check(err)
	n := max(len(t.Columns), 1)
	w.set(s, 1, 1, "附件"+t.Annex, w.title)
	w.merge(s, 1, 1, n, 1)
	w.set(s, 1, 2, t.Title, w.title)
	w.merge(s, 1, 2, n, 2)
	for c, v := range t.Columns {
		w.set(s, c+1, 3, v, w.head)
	}
	for i, r := range t.Rows {
		for c, v := range r {
			w.set(s, c+1, 4+i, v, w.body)
		}
	}
	if t.Note != "" {
		row := 4 + len(t.Rows)
		w.set(s, 1, row, t.Note, 0)
		w.merge(s, 1, row, n, row)
	}
	w.printable(s)
}

// wrappedLines estimates how many lines a wrapped cell of the given column
// width takes (a Chinese character is two width units), so that rows are
// written tall enough: neither Excel nor LibreOffice fits a row's height to
// its text when opening a file.
func wrappedLines(text string, width float64) int {
	perLine := max(int(width/2), 1)
	n := 0
	for _, para := range strings.Split(text, "\n") {
		n += max((utf8.RuneCountInString(para)+perLine-1)/perLine, 1)
	}
	return n
}
