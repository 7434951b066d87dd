package returns

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"taizhang/reports/cellfit"
)

// The sheets of a template.
const (
	ReturnSheet    = "填报"
	IndicatorSheet = "指标"
)

// headerRow is the template's table header row on both sheets; the block
// above it names the unit, the month and the plan, asks on the return sheet
// for the clerk's contacts, and says how to fill in.
const headerRow = 4

// contactRow is the row of the return sheet that asks for 填报人, 联系电话
// and 审核人.
const contactRow = 3

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
	// PrefilledFrom is the month ("2023-05") the fillable cells of both
	// sheets were pre-filled from; the notes name it when it is not the
	// template's own month.
	PrefilledFrom string
}

// prefillNote is the sentence a sheet's note adds about pre-filled cells
// (what names them), "" when they hold the template's own month.
func (t *Template) prefillNote(what string) string {
	if t.PrefilledFrom == "" || t.PrefilledFrom == t.Meta.Month {
		return ""
	}
	return fmt.Sprintf("%s已预填%s的内容，请改为本月情况。", what, MonthLabel(t.PrefilledFrom))
}

// values gives a row's cells in the order of Fields.
func (r *Row) values() []string {
	return []string{r.MeasureID, r.Annex, r.No, r.Task, r.Measure, r.Deadline, r.Role,
		r.Status, r.Progress, r.Problems, r.NextSteps, r.Evidence}
}

// columnWidths of the return sheet, in the order of Fields: they print at
// 9 pt or more on A4 landscape (TestTemplatePrints), and 工作措施 holds the
// plan's longest measure (351 characters) in one row.
var columnWidths = []float64{8, 4, 4, 8, 26, 6, 5, 8, 29, 13, 13, 9}

// indicatorWidths of the indicator sheet, in the order of indicatorFields.
var indicatorWidths = []float64{12, 44, 12, 14, 14}

// bodySize is the font size of the template's tables.
const bodySize = 10.0

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

// Title is a template's title: 德胜街道2023年6月工作进展填报表.
func (t *Template) Title() string {
	return t.UnitName + MonthLabel(t.Meta.Month) + "工作进展填报表"
}

// WriteTemplate writes the return template workbook: the 填报 sheet (plan
// columns locked, fillable columns open, a status drop-down, the clerk's
// contacts asked above the table), the 指标 sheet when t has indicators, and
// the very hidden sheet with t.Meta. The sheets are protected without a
// password, so that a clerk can still resize, sort and filter. Every row is
// as tall as its text; the rows a unit fills grow again as it types, and
// the sheets print on A4 landscape at 9 pt or more with the title and page
// numbers in the header and footer.
func WriteTemplate(t *Template) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	w := &templateWriter{f: f, size: map[int]float64{}}
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
	return growable(buf.Bytes(), returnSheetPart, headerRow+1)
}

type templateWriter struct {
	f                                   *excelize.File
	err                                 error
	title, sub, note, head, fixed, fill int
	fixedCenter, fillCenter             int
	label, contact                      int
	size                                map[int]float64 // a style's font size
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
		w.size[id] = s.Font.Size
		return id
	}
	underline := []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
	w.title = mk(&excelize.Style{Font: font(15, true), Alignment: wrap("center", "center"), Protection: locked})
	w.sub = mk(&excelize.Style{Font: font(11, false), Alignment: wrap("left", "center"), Protection: locked})
	w.note = mk(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: bodySize, Color: "595959"}, Alignment: wrap("left", "center"), Protection: locked})
	w.label = mk(&excelize.Style{Font: font(11, true), Alignment: wrap("right", "center"), Protection: locked})
	w.contact = mk(&excelize.Style{Font: font(11, false), Alignment: wrap("left", "center"), Border: underline, Protection: open})
	w.head = mk(&excelize.Style{Font: font(bodySize, true), Alignment: wrap("center", "center"), Border: border, Protection: locked,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}})
	w.fixed = mk(&excelize.Style{Font: font(bodySize, false), Alignment: wrap("left", "top"), Border: border, Fill: grey, Protection: locked})
	w.fixedCenter = mk(&excelize.Style{Font: font(bodySize, false), Alignment: wrap("center", "top"), Border: border, Fill: grey, Protection: locked})
	w.fill = mk(&excelize.Style{Font: font(bodySize, false), Alignment: wrap("left", "top"), Border: border, Protection: open})
	w.fillCenter = mk(&excelize.Style{Font: font(bodySize, false), Alignment: wrap("center", "top"), Border: border, Protection: open})
}

func cell(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

func colName(col int) string {
	n, _ := excelize.ColumnNumberToName(col)
	return n
}

// tcell is one cell of a row: a text in a style, spanning span columns
// (one when 0).
type tcell struct {
	text  string
	style int
	span  int
}

// put writes cells from column A of row r of a sheet whose columns are
// widths, merging spans, and makes the row as tall as its tallest text
// needs (at most Excel's tallest row; a clerk's longer text is read whole
// all the same).
func (w *templateWriter) put(sheet string, r int, widths []float64, cells ...tcell) {
	col, height := 1, 0.0
	for _, c := range cells {
		span := max(1, c.span)
		last := col + span - 1
		if span > 1 {
			w.check(w.f.MergeCell(sheet, cell(col, r), cell(last, r)))
		}
		if c.text != "" {
			w.check(w.f.SetCellStr(sheet, cell(col, r), c.text))
		}
		w.check(w.f.SetCellStyle(sheet, cell(col, r), cell(last, r), c.style))
		wd := 0.0
		for i := col; i <= last && i <= len(widths); i++ {
			wd += widths[i-1]
		}
		height = max(height, cellfit.Need(c.text, wd, w.size[c.style]))
		col = last + 1
	}
	w.check(w.f.SetRowHeight(sheet, r, min(height, cellfit.MaxHeight)))
}

// headerBlock writes the title, the plan, unit and month line, and the
// instructions in row 3 or, when contacts, in row 2 above the unit and
// month, row 3 then asking for 填报人, 联系电话 and 审核人.
func (w *templateWriter) headerBlock(sheet string, widths []float64, t *Template, note string, contacts bool) {
	n := len(widths)
	w.put(sheet, 1, widths, tcell{text: t.Title(), style: w.title, span: n})
	// The unit and month end the cell, as the reader of a return's heading
	// (readHeading) takes what follows 填报月份.
	line := fmt.Sprintf("填报单位：%s        填报月份：%s", t.UnitName, MonthLabel(t.Meta.Month))
	plan := "《" + t.PlanTitle + "》"
	if !contacts {
		w.put(sheet, 2, widths, tcell{text: plan + "        " + line, style: w.sub, span: n})
		w.put(sheet, 3, widths, tcell{text: note, style: w.note, span: n})
		return
	}
	w.put(sheet, 2, widths, tcell{text: plan + "  " + note + "\n" + line, style: w.sub, span: n})
	// Over the columns of the return sheet: 填报人 A–C, its value D–E;
	// 联系电话 F–H, I; 审核人 J, K–L.
	w.put(sheet, contactRow, widths,
		tcell{text: ContactClerk + "：", style: w.label, span: 3}, tcell{style: w.contact, span: 2},
		tcell{text: ContactPhone + "：", style: w.label, span: 3}, tcell{style: w.contact},
		tcell{text: ContactReviewer + "：", style: w.label}, tcell{style: w.contact, span: 2})
}

// returnSheet writes the 填报 sheet.
func (w *templateWriter) returnSheet(t *Template) {
	const sh = ReturnSheet
	cols := len(Fields)
	w.headerBlock(sh, columnWidths, t, "说明：灰色列为计划内容，请勿修改；请在白色列填写本月情况，行高随填写内容增加。"+t.prefillNote("白色列")+
		"完成状态请从下拉列表中选择，单元格内换行按 Alt+Enter。请勿删除行、列或改动表头，保存为 .xlsx 后报回。", true)
	hr := headerRow
	for i, wd := range columnWidths {
		w.check(w.f.SetColWidth(sh, colName(i+1), colName(i+1), wd))
	}
	head := make([]tcell, cols)
	for i, fl := range Fields {
		head[i] = tcell{text: string(fl), style: w.head}
	}
	w.put(sh, hr, columnWidths, head...)
	for i := range t.Rows {
		vals := t.Rows[i].values()
		cells := make([]tcell, cols)
		for c, v := range vals {
			var st int
			switch {
			case c < 3 || c == 6:
				st = w.fixedCenter
			case c < 6:
				st = w.fixed
			case c == 7:
				st = w.fillCenter
			default:
				st = w.fill
			}
			cells[c] = tcell{text: v, style: st}
		}
		w.put(sh, hr+1+i, columnWidths, cells...)
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
	w.printSetup(sh, t, hr)
	w.protect(sh)
}

// indicatorSheet writes the 指标 sheet: one row per indicator, the month's
// value to fill in the last column.
func (w *templateWriter) indicatorSheet(t *Template) {
	const sh = IndicatorSheet
	_, err := w.f.NewSheet(sh)
	w.check(err)
	cols := len(indicatorFields)
	w.headerBlock(sh, indicatorWidths, t, "说明：请在“本月实际值”列填写本月数值（不小于 0 的数字），其余各列请勿修改。"+t.prefillNote("本月实际值"), false)
	hr := headerRow
	for i, wd := range indicatorWidths {
		w.check(w.f.SetColWidth(sh, colName(i+1), colName(i+1), wd))
	}
	head := make([]tcell, cols)
	for i, fl := range indicatorFields {
		head[i] = tcell{text: string(fl), style: w.head}
	}
	w.put(sh, hr, indicatorWidths, head...)
	w.check(w.f.SetColVisible(sh, "A", false))
	for i, in := range t.Indicators {
		r := hr + 1 + i
		w.put(sh, r, indicatorWidths, tcell{text: in.Key, style: w.fixed}, tcell{text: in.Name, style: w.fixed},
			tcell{text: in.Unit, style: w.fixedCenter}, tcell{text: in.Target, style: w.fixedCenter}, tcell{style: w.fillCenter})
		if v, err := strconv.ParseFloat(in.Value, 64); err == nil {
			w.check(w.f.SetCellFloat(sh, cell(5, r), v, -1, 64))
		} else {
			w.check(w.f.SetCellStr(sh, cell(5, r), in.Value))
		}
	}
	if n := len(t.Indicators); n > 0 {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("E%d:E%d", hr+1, hr+n)
		w.check(dv.SetRange(0, "", excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual))
		dv.SetError(excelize.DataValidationErrorStyleStop, "本月实际值", "请填写不小于 0 的数字。")
		w.check(w.f.AddDataValidation(sh, dv))
	}
	w.printSetup(sh, t, hr)
	w.protect(sh)
}

// Page setup of the sheets: A4 landscape, the binding margin on the left,
// in inches as Excel stores them.
const (
	marginLeft   = 25 / 25.4
	marginRight  = 15 / 25.4
	marginTop    = 20 / 25.4
	marginBottom = 20 / 25.4
	marginHead   = 8 / 25.4
)

// printSetup sets A4 landscape fit to width with the margins, the title in
// the page header and the page number in the footer, repeats the header row
// on every page and freezes the panes below it.
func (w *templateWriter) printSetup(sheet string, t *Template, header int) {
	size, orient, fitW, fitH := 9, "landscape", 1, 0
	w.check(w.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}))
	fit := true
	w.check(w.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	l, r, top, b, h := marginLeft, marginRight, marginTop, marginBottom, marginHead
	hc := true
	w.check(w.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &l, Right: &r, Top: &top, Bottom: &b, Header: &h, Footer: &h, Horizontally: &hc}))
	w.check(w.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: `&C&"宋体"&10` + strings.ReplaceAll(t.Title(), "&", "&&"),
		OddFooter: `&C&"宋体"&10第 &P 页 共 &N 页`,
	}))
	w.check(w.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, header, header), Scope: sheet,
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

// returnSheetPart is the package part of the return sheet, the workbook's
// first.
const returnSheetPart = "xl/worksheets/sheet1.xml"

// rowTag is the start tag of a worksheet row; customHeight is its mark of a
// height set by hand.
var (
	rowTag       = regexp.MustCompile(`<row r="(\d+)"[^>]*>`)
	customHeight = regexp.MustCompile(` customHeight="(1|true)"`)
)

// growable rewrites the worksheet part of workbook b so that the rows from
// first on keep the height written but lose Excel's customHeight mark:
// Excel and WPS then show them as written and grow a row again when a clerk
// types more into it than it holds.
func growable(b []byte, part string, first int) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if zf.Name == part {
			body = rowTag.ReplaceAllFunc(body, func(tag []byte) []byte {
				if n, _ := strconv.Atoi(string(rowTag.FindSubmatch(tag)[1])); n < first {
					return tag
				}
				return customHeight.ReplaceAll(tag, nil)
			})
		}
		hdr := zf.FileHeader
		w, err := zw.CreateHeader(&zip.FileHeader{Name: hdr.Name, Method: hdr.Method, Modified: hdr.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
