package returns

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Reading limits: a unit has at most a few hundred measures.
const (
	// MaxRows is the most non-blank rows a return's table may have.
	MaxRows = 5000
	// headerScan is how many rows from the top are searched for the header.
	headerScan = 30
)

// ReadRow is one non-blank row as found.
type ReadRow struct {
	Row                                             int
	MeasureID, Annex, No, Task, Measure, Role       string           // identification, whitespace normalized (NormalizeSpace)
	Deadline                                        string           // whitespace normalized
	Status, Progress, Problems, NextSteps, Evidence string           // trimmed; inner line breaks kept as \n; Status whitespace normalized
	Columns                                         map[Field]string // column letter of each field found; shared by the rows of a sheet
}

// ReadIndicator is one indicator row of a return's indicator sheet.
type ReadIndicator struct {
	Row    int
	Column string // the column of Value
	Key    string // FieldIndicatorKey, "" when the column is gone
	Name   string
	Value  string // as stored: a plain number for a number cell
}

// Return is a filled return as read.
type Return struct {
	File           string // base name used in messages
	Meta           *Meta  // nil when the hidden sheet is gone or unreadable
	Sheet          string
	HeaderRow      int
	Rows           []ReadRow
	IndicatorSheet string // "" when the return has no indicator sheet
	Indicators     []ReadIndicator
}

// ReadReturn reads a filled return. name is the file name for messages.
//
// It finds the table by its header labels, wherever they moved, reads every
// non-blank row, and tolerates reordered rows, added columns, extra spaces,
// copies re-saved by WPS or LibreOffice and a lost hidden sheet (Meta nil).
//
// Errors: a data.Error EINVALID for a file that is not a readable .xlsx,
// saying what to do; or Problems (with positions) for a workbook whose table
// is missing or holds formulas, merged rows or too many rows. With Problems,
// the Return holds what could be read, so that a caller can add its own.
func ReadReturn(name string, b []byte) (ret *Return, err error) {
	if err := sniff(name, b); err != nil {
		return nil, err
	}
	// excelize parses hostile bytes; a panic in it means a damaged file.
	defer func() {
		if recover() != nil {
			ret, err = nil, damaged(name)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedXML,
	})
	if err != nil {
		return nil, damaged(name)
	}
	defer f.Close()
	rd := &reader{f: f, file: name, b: b}
	return rd.read()
}

type reader struct {
	f        *excelize.File
	file     string
	b        []byte // the package, for sheetCells
	problems Problems
}

func (rd *reader) read() (*Return, error) {
	ret := &Return{File: rd.file}
	rec := readMeta(rd.f)
	if rec != nil {
		m := rec.Meta
		ret.Meta = &m
	}
	var sheets []string
	for _, s := range rd.f.GetSheetList() {
		if s == MetaSheet || rec != nil && s == rec.Sheet {
			continue
		}
		sheets = append(sheets, s)
	}
	if rec != nil && slices.Contains(rd.f.GetSheetList(), rec.Sheet) {
		sheets = append([]string{rec.Sheet}, sheets...)
	}
	t, err := rd.findTable(sheets, Fields, isReturnHeader)
	if err != nil {
		return nil, err
	}
	if t == nil {
		rd.problems = append(rd.problems, Problem{File: rd.file,
			Message: "找不到填报表：没有哪张工作表在前 30 行有“序号”“工作措施”“完成状态”“进展情况”等表头。请使用本月的填报模板填写，不要改动表头。"})
		return ret, rd.problems
	}
	ret.Sheet, ret.HeaderRow = t.sheet, t.header
	if t.tooLong {
		// No rows: they would drown the problem in unknown measures.
		return ret, rd.problems
	}
	rd.requireColumns(t)
	for _, raw := range t.rows {
		ret.Rows = append(ret.Rows, t.readRow(raw))
	}
	if err := rd.checkCells(t); err != nil {
		return nil, err
	}

	var rest []string
	for _, s := range sheets {
		if s != t.sheet {
			rest = append(rest, s)
		}
	}
	if rec != nil && rec.IndicatorSheet != "" && slices.Contains(rest, rec.IndicatorSheet) {
		rest = append([]string{rec.IndicatorSheet}, rest...)
	}
	it, err := rd.findTable(rest, indicatorFields, isIndicatorHeader)
	if err != nil {
		return nil, err
	}
	if it != nil {
		ret.IndicatorSheet = it.sheet
		if it.tooLong {
			return ret, rd.problems
		}
		for _, raw := range it.rows {
			ret.Indicators = append(ret.Indicators, it.readIndicator(raw))
		}
		if err := rd.checkCells(it); err != nil {
			return nil, err
		}
	}
	if len(rd.problems) > 0 {
		return ret, rd.problems
	}
	return ret, nil
}

// table is a sheet's table as found: where its header is, which column each
// field is in, and the non-blank rows below the header.
type table struct {
	sheet   string
	header  int
	cols    map[Field]int // 1-based column number
	colList []int         // the columns of cols, ascending
	letters map[Field]string
	rows    []rawRow
	tooLong bool // more than MaxRows: reading stopped
}

type rawRow struct {
	row   int
	cells []string
}

// cell returns the raw text of field fl in r.
func (t *table) cell(r rawRow, fl Field) string {
	c, ok := t.cols[fl]
	if !ok || c > len(r.cells) {
		return ""
	}
	return r.cells[c-1]
}

// headerFields maps the fields among want found in a row to their columns.
func headerFields(cells []string, want []Field) map[Field]int {
	found := map[Field]int{}
	for i, c := range cells {
		if c == "" || len(c) > 100 {
			continue
		}
		fl, ok := headerAliases[headerKey(c)]
		if !ok || !slices.Contains(want, fl) {
			continue
		}
		if _, dup := found[fl]; !dup {
			found[fl] = i + 1
		}
	}
	return found
}

// isReturnHeader: a status or progress column and two more known labels.
func isReturnHeader(found map[Field]int) bool {
	_, st := found[FieldStatus]
	_, pr := found[FieldProgress]
	return (st || pr) && len(found) >= 3
}

// isIndicatorHeader: the indicator's name and the value to fill.
func isIndicatorHeader(found map[Field]int) bool {
	_, name := found[FieldIndicatorName]
	_, value := found[FieldIndicatorValue]
	return name && value
}

// findTable returns the table of the first sheet among sheets whose header
// matches, nil when none does. Structural problems are kept in rd.problems.
func (rd *reader) findTable(sheets []string, want []Field, match func(map[Field]int) bool) (*table, error) {
	for _, s := range sheets {
		t, err := rd.scan(s, want, match)
		if err != nil || t != nil {
			return t, err
		}
	}
	return nil, nil
}

// scan streams one sheet's rows: it looks for the header in the first rows
// and then keeps the non-blank rows of the columns found, stopping once there
// are more than MaxRows.
func (rd *reader) scan(sheet string, want []Field, match func(map[Field]int) bool) (*table, error) {
	rows, err := rd.f.Rows(sheet)
	if err != nil {
		return nil, damaged(rd.file)
	}
	defer rows.Close()
	var t *table
	row := 0
	for rows.Next() {
		// Next steps through every row number, gaps included.
		row++
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, damaged(rd.file)
		}
		if t == nil {
			if row > headerScan {
				return nil, nil
			}
			if found := headerFields(cells, want); match(found) {
				t = &table{sheet: sheet, header: row, cols: found, letters: map[Field]string{}}
				for fl, c := range found {
					t.letters[fl] = colName(c)
					t.colList = append(t.colList, c)
				}
				slices.Sort(t.colList)
			}
			continue
		}
		if len(cells) == 0 {
			continue // a row number with no record: a gap
		}
		if len(t.rows) >= MaxRows && !t.blank(cells) {
			rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: sheet,
				Message: fmt.Sprintf("表格超过 %d 行，不像一个单位的填报表。请删除多余的行（或只保留本单位的措施）后再导入。", MaxRows)})
			t.tooLong = true
			return t, nil
		}
		if t.blank(cells) || t.headerAgain(cells) {
			continue
		}
		t.rows = append(t.rows, rawRow{row: row, cells: t.keep(cells)})
	}
	if err := rows.Error(); err != nil {
		return nil, damaged(rd.file)
	}
	return t, nil
}

// blank reports whether the row has nothing in the table's columns.
func (t *table) blank(cells []string) bool {
	for _, c := range t.colList {
		if c <= len(cells) && strings.TrimSpace(cells[c-1]) != "" {
			return false
		}
	}
	return true
}

// headerAgain reports whether the row repeats the header (a pasted copy).
func (t *table) headerAgain(cells []string) bool {
	for fl, c := range t.cols {
		if c > len(cells) || headerAliases[headerKey(cells[c-1])] != fl {
			return false
		}
	}
	return true
}

// keep drops the cells right of the table's last column.
func (t *table) keep(cells []string) []string {
	if last := t.colList[len(t.colList)-1]; len(cells) > last {
		cells = cells[:last]
	}
	return cells
}

func (t *table) readRow(r rawRow) ReadRow {
	norm := func(fl Field) string { return NormalizeSpace(t.cell(r, fl)) }
	text := func(fl Field) string { return normalizeText(t.cell(r, fl)) }
	return ReadRow{
		Row:       r.row,
		MeasureID: norm(FieldMeasureID), Annex: norm(FieldAnnex), No: norm(FieldNo),
		Task: norm(FieldTask), Measure: norm(FieldMeasure), Deadline: norm(FieldDeadline), Role: norm(FieldRole),
		Status:   norm(FieldStatus),
		Progress: text(FieldProgress), Problems: text(FieldProblems), NextSteps: text(FieldNextSteps), Evidence: text(FieldEvidence),
		Columns: t.letters,
	}
}

func (t *table) readIndicator(r rawRow) ReadIndicator {
	return ReadIndicator{
		Row:    r.row,
		Column: t.letters[FieldIndicatorValue],
		Key:    NormalizeSpace(t.cell(r, FieldIndicatorKey)),
		Name:   NormalizeSpace(t.cell(r, FieldIndicatorName)),
		Value:  NormalizeSpace(t.cell(r, FieldIndicatorValue)),
	}
}

// requireColumns reports a return table that lacks the status column or any
// way to tell which measure a row is (its ID, else its text with or without
// its 序号).
func (rd *reader) requireColumns(t *table) {
	_, id := t.cols[FieldMeasureID]
	_, measure := t.cols[FieldMeasure]
	if !id && !measure {
		rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: t.sheet, Row: t.header,
			Message: "表头中既没有“措施编号”列，也没有“工作措施”列，无法确定每行是哪项措施。请使用本月的填报模板，不要删除这些列。"})
	}
	if _, ok := t.cols[FieldStatus]; !ok {
		rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: t.sheet, Row: t.header, Field: FieldStatus,
			Message: "表头中没有“完成状态”列。请使用本月的填报模板，不要删除或改名该列。"})
	}
}

// checkCells reports formulas in the table's cells and merged cells that
// span rows of the table.
func (rd *reader) checkCells(t *table) error {
	formulas, merges, err := sheetCells(rd.b, t.sheet)
	if err != nil {
		return damaged(rd.file)
	}
	byCol := map[int]Field{}
	for fl, c := range t.cols {
		byCol[c] = fl
	}
	for _, m := range merges {
		first, last, _ := strings.Cut(m, ":")
		c1, r1, err1 := excelize.CellNameToCoordinates(first)
		c2, r2, err2 := excelize.CellNameToCoordinates(last)
		if err1 != nil || err2 != nil || r2 <= r1 || r2 <= t.header {
			continue
		}
		var fl Field
		for c := c2; c >= c1; c-- {
			if f, ok := byCol[c]; ok {
				fl = f
			}
		}
		if fl == "" {
			continue
		}
		rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: t.sheet, Row: r1, Column: colName(c1), Field: fl,
			Message: fmt.Sprintf("单元格区域 %s 合并了多行。请取消合并，在每一行分别填写后再导入。", m)})
	}
	for _, fm := range formulas {
		fl, ok := byCol[fm.col]
		if !ok || fm.row <= t.header {
			continue
		}
		found, what := "", "单元格是公式"
		if fm.text != "" {
			found = shorten("=" + fm.text)
			what = fmt.Sprintf("单元格是公式（%s）", found)
		}
		rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: t.sheet, Row: fm.row, Column: colName(fm.col), Field: fl,
			Found:   found,
			Message: what + "，不是填写的内容。请复制该单元格，用“选择性粘贴→数值”粘贴为数值后保存。"})
	}
	return nil
}
