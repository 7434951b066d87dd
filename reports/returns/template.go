package returns

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The sheets of a template.
const (
	ReturnSheet    = "填报"
	IndicatorSheet = "指标"
)

// headerRow is the template's table header row on both sheets; the block
// above it names the plan, the unit and the month.
const headerRow = 4

// Row is one measure of a template.
type Row struct {
	MeasureID, Annex, No, Task, Measure, Deadline, Role string // fixed, locked columns; Role is 主责 or 协办
	Status, Progress, Problems, NextSteps, Evidence     string // fillable; pre-filled with the previous month
}

// IndicatorRow is one indicator on a street's second sheet: the month's actual to fill.
type IndicatorRow struct{ Key, Name, Unit, Target, Value string }

// Template is everything a return template shows.
type Template struct {
	Meta       Meta
	PlanTitle  string
	UnitName   string // as shown in the header block
	Rows       []Row
	Statuses   []string       // the drop-down list (the status vocabulary)
	Indicators []IndicatorRow // none: no indicator sheet
}

// values gives a row's cells in the order of Fields.
func (r *Row) values() []string {
	return []string{r.MeasureID, r.Annex, r.No, r.Task, r.Measure, r.Deadline, r.Role,
		r.Status, r.Progress, r.Problems, r.NextSteps, r.Evidence}
}

// columnWidths of the return sheet, in the order of Fields.
var columnWidths = []float64{10, 6, 6, 20, 42, 12, 8, 11, 40, 26, 26, 22}

// MonthLabel turns "2023-06" into "2023年6月"; anything else is returned as is.
func MonthLabel(month string) string {
	y, m, ok := strings.Cut(month, "-")
	if !ok {
		return month
	}
	n, err := strconv.Atoi(m)
	if err != nil {
		return month
	}
	return fmt.Sprintf("%s年%d月", y, n)
}

// WriteTemplate writes the return template workbook: the 填报 sheet (plan
// columns locked, fillable columns open, a status drop-down), the 指标 sheet
// when t has indicators, and the very hidden sheet with t.Meta. The sheets are
// protected without a password, so that a clerk can still resize, sort and
// filter.
func WriteTemplate(t *Template) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	w := &templateWriter{f: f}
	w.styles()
	w.check(f.SetSheetName("Sheet1", ReturnSheet))
	w.returnSheet(t)
	rec := metaRecord{Meta: t.Meta, Sheet: ReturnSheet}
	if len(t.Indicators) > 0 {
		rec.IndicatorSheet = IndicatorSheet
		w.indicatorSheet(t)
	}
	if w.err != nil {
		return nil, w.err
	}
	if err := writeMeta(f, rec); err != nil {
		return nil, err
	}
	f.SetActiveSheet(0)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type templateWriter struct {
	f                                   *excelize.File
	err                                 error
	title, sub, note, head, fixed, fill int
	fixedCenter, fillCenter             int
}

// check keeps the first error.
func (w *templateWriter) check(err error) {
	if err != nil && w.err == nil {
		w.err = err
	}
}

func (w *templateWriter) styles() {
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	font := func(size float64, bold bool) *excelize.Font {
		return &excelize.Font{Family: "宋体", Size: size, Bold: bold}
	}
	wrap := func(h, v string) *excelize.Alignment {
		return &excelize.Alignment{WrapText: true, Horizontal: h, Vertical: v}
	}
	grey := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F0F0F0"}}
	locked := &excelize.Protection{Locked: true}
	open := &excelize.Protection{Locked: false}
	mk := func(s *excelize.Style) int {
		id, err := w.f.NewStyle(s)
		w.check(err)
		return id
	}
	w.title = mk(&excelize.Style{Font: font(15, true), Alignment: wrap("center", "center"), Protection: locked})
	w.sub = mk(&excelize.Style{Font: font(11, true), Alignment: wrap("left", "center"), Protection: locked})
	w.note = mk(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 9, Color: "595959"}, Alignment: wrap("left", "center"), Protection: locked})
	w.head = mk(&excelize.Style{Font: font(10, true), Alignment: wrap("center", "center"), Border: border, Protection: locked,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	w.fixed = mk(&excelize.Style{Font: font(10, false), Alignment: wrap("left", "top"), Border: border, Fill: grey, Protection: locked})
	w.fixedCenter = mk(&excelize.Style{Font: font(10, false), Alignment: wrap("center", "top"), Border: border, Fill: grey, Protection: locked})
	w.fill = mk(&excelize.Style{Font: font(10, false), Alignment: wrap("left", "top"), Border: border, Protection: open})
	w.fillCenter = mk(&excelize.Style{Font: font(10, false), Alignment: wrap("center", "top"), Border: border, Protection: open})
}

func cell(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// headerBlock writes the title, the unit and month line, and the
// instructions across cols columns.
func (w *templateWriter) headerBlock(sheet string, cols int, t *Template, note string) {
	lines := []struct {
		text   string
		style  int
		height float64
	}{
		{t.PlanTitle, w.title, 36},
		{fmt.Sprintf("填报单位：%s        填报月份：%s", t.UnitName, MonthLabel(t.Meta.Month)), w.sub, 22},
		{note, w.note, 30},
	}
	for i, l := range lines {
		r := i + 1
		w.check(w.f.MergeCell(sheet, cell(1, r), cell(cols, r)))
		w.check(w.f.SetCellStr(sheet, cell(1, r), l.text))
		w.check(w.f.SetCellStyle(sheet, cell(1, r), cell(cols, r), l.style))
		w.check(w.f.SetRowHeight(sheet, r, l.height))
	}
}

// returnSheet writes the 填报 sheet.
func (w *templateWriter) returnSheet(t *Template) {
	const sh = ReturnSheet
	cols := len(Fields)
	w.headerBlock(sh, cols, t, "说明：灰色列为计划内容，请勿修改；请在白色列填写本月情况。"+
		"完成状态请从下拉列表中选择，单元格内换行按 Alt+Enter。请勿删除行、列或改动表头，保存为 .xlsx 后报回。")
	hr := headerRow
	for i, fl := range Fields {
		w.check(w.f.SetCellStr(sh, cell(i+1, hr), string(fl)))
	}
	w.check(w.f.SetCellStyle(sh, cell(1, hr), cell(cols, hr), w.head))
	w.check(w.f.SetRowHeight(sh, hr, 30))
	for i, wd := range columnWidths {
		w.check(w.f.SetColWidth(sh, colName(i+1), colName(i+1), wd))
	}
	for i := range t.Rows {
		r := hr + 1 + i
		vals := t.Rows[i].values()
		for c, v := range vals {
			w.check(w.f.SetCellStr(sh, cell(c+1, r), v))
		}
		w.check(w.f.SetCellStyle(sh, cell(1, r), cell(3, r), w.fixedCenter))
		w.check(w.f.SetCellStyle(sh, cell(4, r), cell(6, r), w.fixed))
		w.check(w.f.SetCellStyle(sh, cell(7, r), cell(7, r), w.fixedCenter))
		w.check(w.f.SetCellStyle(sh, cell(8, r), cell(8, r), w.fillCenter))
		w.check(w.f.SetCellStyle(sh, cell(9, r), cell(cols, r), w.fill))
		w.check(w.f.SetRowHeight(sh, r, rowHeight(vals, columnWidths)))
	}
	last := hr + len(t.Rows)
	statusCol := colName(fieldIndex(FieldStatus) + 1)
	if len(t.Rows) > 0 && len(t.Statuses) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s%d:%s%d", statusCol, hr+1, statusCol, last)
		w.check(dv.SetDropList(t.Statuses))
		dv.SetError(excelize.DataValidationErrorStyleWarning, "完成状态",
			"请从下拉列表中选择："+strings.Join(t.Statuses, "、"))
		dv.SetInput("完成状态", "请从下拉列表中选择")
		w.check(w.f.AddDataValidation(sh, dv))
	}
	if len(t.Rows) > 0 {
		w.check(w.f.AutoFilter(sh, fmt.Sprintf("A%d:%s%d", hr, colName(cols), last), nil))
	}
	w.printSetup(sh, hr)
	w.protect(sh)
}

// indicatorSheet writes the 指标 sheet: one row per indicator, the month's
// value to fill in the last column.
func (w *templateWriter) indicatorSheet(t *Template) {
	const sh = IndicatorSheet
	_, err := w.f.NewSheet(sh)
	w.check(err)
	cols := len(indicatorFields)
	w.headerBlock(sh, cols, t, "说明：请在“本月实际值”列填写本月数值（不小于 0 的数字），其余各列请勿修改。")
	// The title row of a narrow sheet needs more height.
	w.check(w.f.SetRowHeight(sh, 1, 48))
	w.check(w.f.SetRowHeight(sh, 3, 36))
	hr := headerRow
	for i, fl := range indicatorFields {
		w.check(w.f.SetCellStr(sh, cell(i+1, hr), string(fl)))
	}
	w.check(w.f.SetCellStyle(sh, cell(1, hr), cell(cols, hr), w.head))
	w.check(w.f.SetRowHeight(sh, hr, 24))
	widths := []float64{12, 44, 12, 14, 14}
	for i, wd := range widths {
		w.check(w.f.SetColWidth(sh, colName(i+1), colName(i+1), wd))
	}
	w.check(w.f.SetColVisible(sh, "A", false))
	for i, in := range t.Indicators {
		r := hr + 1 + i
		for c, v := range []string{in.Key, in.Name, in.Unit, in.Target} {
			w.check(w.f.SetCellStr(sh, cell(c+1, r), v))
		}
		if v, err := strconv.ParseFloat(in.Value, 64); err == nil {
			w.check(w.f.SetCellFloat(sh, cell(5, r), v, -1, 64))
		} else {
			w.check(w.f.SetCellStr(sh, cell(5, r), in.Value))
		}
		w.check(w.f.SetCellStyle(sh, cell(1, r), cell(2, r), w.fixed))
		w.check(w.f.SetCellStyle(sh, cell(3, r), cell(4, r), w.fixedCenter))
		w.check(w.f.SetCellStyle(sh, cell(5, r), cell(5, r), w.fillCenter))
		w.check(w.f.SetRowHeight(sh, r, rowHeight([]string{"", in.Name}, widths)))
	}
	if n := len(t.Indicators); n > 0 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("E%d:E%d", hr+1, hr+n)
		w.check(dv.SetRange(0, "", excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual))
		dv.SetError(excelize.DataValidationErrorStyleStop, "本月实际值", "请填写不小于 0 的数字。")
		w.check(w.f.AddDataValidation(sh, dv))
	}
	w.printSetup(sh, hr)
	w.protect(sh)
}

// printSetup sets A4 landscape, fit to width, repeats the rows down to the
// header and freezes the panes below it.
func (w *templateWriter) printSetup(sheet string, header int) {
	size, orient, fitW, fitH := 9, "landscape", 1, 0
	w.check(w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}))
	fit := true
	w.check(w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	w.check(w.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, header), Scope: sheet,
	}))
	w.check(w.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: header, TopLeftCell: cell(1, header+1), ActivePane: "bottomLeft"}))
}

// protect locks the sheet without a password: locked cells cannot change,
// but rows and columns can be resized, sorted and filtered.
func (w *templateWriter) protect(sheet string) {
	w.check(w.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		AutoFilter: true, Sort: true, FormatColumns: true, FormatRows: true,
		SelectLockedCells: true, SelectUnlockedCells: true,
	}))
}

// fieldIndex is the position of f in Fields.
func fieldIndex(f Field) int {
	for i, x := range Fields {
		if x == f {
			return i
		}
	}
	return -1
}

// rowHeight estimates the height in points a row needs so that its wrapped
// texts show whole: Excel does not grow a written row by itself.
func rowHeight(vals []string, widths []float64) float64 {
	lines := 1
	for i, v := range vals {
		if i >= len(widths) || v == "" {
			continue
		}
		per := widths[i] - 1
		n := 0
		for _, para := range strings.Split(v, "\n") {
			units := 0.0
			for _, r := range para {
				if r < utf8.RuneSelf {
					units++
				} else {
					units += 1.8 // a CJK character at 10 pt, in widths of the default font's digit
				}
			}
			n += max(1, int(math.Ceil(units/per)))
		}
		lines = max(lines, n)
	}
	return min(409, float64(lines)*13.5+4)
}
