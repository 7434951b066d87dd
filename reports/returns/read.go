package returns

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
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
	Value  string // as stored: a plain number for a number cell, shown as a percentage where the cell's format is one (0.025 as 2.5)
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

	// Unknown lists the columns of the return sheet whose header is none of
	// the known ones (HeaderVariants) nor mapped by ReadOptions.Map, and
	// that hold something: the caller has them mapped before it imports.
	Unknown []UnknownColumn
	// Absent lists the fillable fields the table has no column for: the
	// values stored for them stay as they are.
	Absent []Field
	// Mapped lists the columns read through ReadOptions.Map.
	Mapped []UnknownColumn
	// Heading is what the visible lines above the table say.
	Heading Heading
	// Untouched is set when no row holds a status or text beyond what the
	// template was pre-filled with (or nothing at all): not a return.
	Untouched bool
	// SameHeader names the other sheets with a return table that holds
	// something: when the return is Untouched, any; else those whose
	// statuses and texts differ from Rows' (a copied sheet filled again),
	// which leave it open which sheet is the return.
	SameHeader []string
	// Contacts are the 填报人, 联系电话 and 审核人 above the table.
	Contacts Contacts
}

// ReadOptions are the caller's answers to what a return leaves open.
type ReadOptions struct {
	// Map gives the field, or Ignore, of a column whose header the reader
	// does not know. Keys are header texts as found, matched the way known
	// headers are (white space, case and a bracketed note do not count).
	Map map[string]Field
}

// UnknownColumn is a column of the return sheet under a header the reader
// does not know, holding something.
type UnknownColumn struct {
	Sheet  string `json:"sheet"`
	Cell   string `json:"cell"`   // the header's cell, e.g. "M4"
	Column string `json:"column"` // its letter
	Header string `json:"header"` // the header as written, white space normalized
}

// Heading is what the lines above a return's table say about whose and
// which month's return it is (the template's 填报单位：… 填报月份：… line).
type Heading struct {
	Unit      string // the text after 填报单位, "" when there is none
	UnitCell  string
	MonthText string // the month as written (after 填报月份, else a 2023年6月 above the table); "" when none
	MonthCell string
	Year      int // the year MonthText names; 0 when it names none
	MonthNo   int // the month MonthText names, 1–12; 0 when MonthText is no month
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
//
// Every text is read as Excel or WPS displays it, the cell's number format
// applied (a date typed as 6月15日 reads "6月15日", not its serial number);
// the indicator values are read as stored, but for a cell formatted as a
// percentage, whose value is read as shown (2.5% reads 2.5, not 0.025).
func ReadReturn(name string, b []byte, opts ReadOptions) (ret *Return, err error) {
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
		// Built-in formats as a Chinese Excel shows them: 14 is 2023/6/15.
		CultureInfo: excelize.CultureNameZhCN, ShortDatePattern: "yyyy/m/d",
	})
	if err != nil {
		return nil, damaged(name)
	}
	defer f.Close()
	rd := &reader{f: f, file: name, b: b, mapping: map[string]Field{}}
	for k, v := range opts.Map {
		rd.mapping[headerKey(k)] = v
	}
	return rd.read()
}

type reader struct {
	f        *excelize.File
	file     string
	b        []byte           // the package, for sheetCells
	mapping  map[string]Field // ReadOptions.Map by headerKey
	problems Problems
}

// tableSpec says what table to look for on a sheet.
type tableSpec struct {
	want  []Field
	match func(map[Field]int) bool
	raw   bool // read the values as stored, not as displayed
	// open: the return table, whose unknown headers are reported and
	// mapped, and whose visible heading is read.
	open bool
}

var (
	returnTable    = tableSpec{want: Fields, match: isReturnHeader, open: true}
	indicatorTable = tableSpec{want: indicatorFields, match: isIndicatorHeader, raw: true}
)

func (rd *reader) read() (*Return, error) {
	ret := &Return{File: rd.file}
	rec := readMeta(rd.f)
	if rec != nil {
		m := rec.Meta
		ret.Meta = &m
	}
	sheets := rd.sheets(rec)
	t, err := rd.findTable(sheets, returnTable)
	if err != nil {
		return nil, err
	}
	if t == nil {
		rd.problems = append(rd.problems, Problem{File: rd.file,
			Message: "找不到填报表：没有哪张工作表在前 30 行有“序号”“工作措施”“完成状态”“进展情况”等表头。请使用本月的填报模板填写，不要改动表头。"})
		return ret, rd.problems
	}
	ret.Sheet, ret.HeaderRow = t.sheet, t.header
	ret.Contacts = readContacts(rd.f, t.sheet, t.header)
	if t.tooLong {
		// No rows: they would drown the problem in unknown measures.
		return ret, rd.problems
	}
	if err := rd.readRows(ret, t, rec, sheets); err != nil {
		return nil, err
	}
	tooLong, err := rd.readIndicators(ret, rec, sheets)
	if err != nil {
		return nil, err
	}
	if tooLong || len(rd.problems) > 0 {
		return ret, rd.problems
	}
	return ret, nil
}

// sheets lists the workbook's sheets but the hidden one, the template's
// return sheet (named by the hidden sheet rec, if any) first.
func (rd *reader) sheets(rec *metaRecord) []string {
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
	return sheets
}

// readRows reads the return table t's rows, checks its columns and cells,
// reads the heading above it and whether the return was left as the
// template pre-filled it; sheets are the workbook's sheets, searched for
// a copy of t filled in.
func (rd *reader) readRows(ret *Return, t *table, rec *metaRecord, sheets []string) error {
	rd.requireColumns(t)
	rd.columnsOf(ret, t)
	for _, raw := range t.rows {
		ret.Rows = append(ret.Rows, t.readRow(raw))
	}
	if err := rd.checkCells(t); err != nil {
		return err
	}
	ret.Heading = readHeading(t.above)
	var prefill string
	if rec != nil {
		prefill = rec.Meta.Prefill
	}
	var err error
	if ret.Untouched = untouched(ret.Rows, prefill); ret.Untouched || len(sheets) > 1 {
		if ret.SameHeader, err = rd.sameHeader(sheets, t.sheet, rec, ret); err != nil {
			return err
		}
	}
	return nil
}

// readIndicators reads the indicator table from the sheets other than the
// return's (the template's indicator sheet first), if there is one; the
// template's indicator sheet without its header is a problem. tooLong
// reports an indicator table over the row limit, whose values are not
// read.
func (rd *reader) readIndicators(ret *Return, rec *metaRecord, sheets []string) (tooLong bool, _ error) {
	var rest []string
	for _, s := range sheets {
		if s != ret.Sheet {
			rest = append(rest, s)
		}
	}
	kept := rec != nil && rec.IndicatorSheet != "" && slices.Contains(rest, rec.IndicatorSheet)
	if kept {
		rest = append([]string{rec.IndicatorSheet}, rest...)
	}
	it, err := rd.findTable(rest, indicatorTable)
	if err != nil {
		return false, err
	}
	if it == nil {
		if kept {
			// The template's indicator sheet is there but its header is
			// not: the values typed into it cannot be told apart, and are
			// not skipped silently.
			rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: rec.IndicatorSheet,
				Message: fmt.Sprintf("指标表的表头改动了：工作表“%s”前 %d 行没有“%s”和“%s”两列，填写的指标值无法读取。请把表头改回模板的样子（不要改动“%s”等表头）后再导入。",
					rec.IndicatorSheet, headerScan, FieldIndicatorName, FieldIndicatorValue, FieldIndicatorValue)})
		}
		return false, nil
	}
	ret.IndicatorSheet = it.sheet
	if it.tooLong {
		return true, nil
	}
	for _, raw := range it.rows {
		ind := it.readIndicator(raw)
		ind.Value = rd.asShown(it.sheet, ind.Column, ind.Row, ind.Value)
		ret.Indicators = append(ret.Indicators, ind)
	}
	return false, rd.checkCells(it)
}

// table is a sheet's table as found: where its header is, which column each
// field is in, and the non-blank rows below the header.
type table struct {
	sheet   string
	header  int
	cols    map[Field]int // 1-based column number
	colList []int         // the columns read: those of cols, unknown and headerless, ascending
	letters map[Field]string
	rows    []rawRow
	tooLong bool // more than MaxRows: reading stopped

	above      []rawRow        // the rows above the header
	unknown    []headerCell    // headers not known nor mapped
	mapped     []headerCell    // headers read through the caller's mapping
	headerless []int           // columns inside the table without a header
	dups       [][2]headerCell // a known header again, and its first column
	used       map[int]bool    // columns of unknown and headerless that hold something
}

// headerCell is a cell of the header row.
type headerCell struct {
	col  int
	text string
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

// headerField is the field among want that a header cell names, through
// the mapping first; Ignore for a column mapped away, "" for none.
func headerField(c string, want []Field, mapping map[string]Field) Field {
	if c == "" || len(c) > 300 {
		return ""
	}
	key := headerKey(c)
	fl, ok := mapping[key]
	if !ok {
		fl = headerAliases[key]
	}
	if fl == Ignore || slices.Contains(want, fl) {
		return fl
	}
	return ""
}

// headerFields maps the fields among want found in a row to their columns.
func headerFields(cells []string, want []Field, mapping map[string]Field) map[Field]int {
	found := map[Field]int{}
	for i, c := range cells {
		fl := headerField(c, want, mapping)
		if fl == "" || fl == Ignore {
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
func (rd *reader) findTable(sheets []string, spec tableSpec) (*table, error) {
	for _, s := range sheets {
		t, err := rd.scan(s, spec)
		if err != nil || t != nil {
			return t, err
		}
	}
	return nil, nil
}

// scan streams one sheet's rows: it looks for the header in the first rows
// and then keeps the non-blank rows of the columns found, stopping once there
// are more than MaxRows.
func (rd *reader) scan(sheet string, spec tableSpec) (*table, error) {
	rows, err := rd.f.Rows(sheet)
	if err != nil {
		return nil, damaged(rd.file)
	}
	defer rows.Close()
	var t *table
	var above []rawRow
	row := 0
	for rows.Next() {
		// Next steps through every row number, gaps included.
		row++
		var cells []string
		if spec.raw {
			cells, err = rows.Columns(excelize.Options{RawCellValue: true})
		} else {
			cells, err = rows.Columns()
		}
		if err != nil {
			return nil, damaged(rd.file)
		}
		if t == nil {
			if row > headerScan {
				return nil, nil
			}
			if found := headerFields(cells, spec.want, rd.mapping); spec.match(found) {
				t = newTable(sheet, row, found, above)
				if spec.open {
					t.headerCells(cells, spec.want, rd.mapping)
				}
			} else {
				above = append(above, rawRow{row: row, cells: cells})
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
		for _, c := range t.colList {
			if c <= len(cells) && strings.TrimSpace(cells[c-1]) != "" {
				t.used[c] = true
			}
		}
	}
	if err := rows.Error(); err != nil {
		return nil, damaged(rd.file)
	}
	return t, nil
}

func newTable(sheet string, header int, found map[Field]int, above []rawRow) *table {
	t := &table{sheet: sheet, header: header, cols: found, letters: map[Field]string{}, above: above, used: map[int]bool{}}
	for fl, c := range found {
		t.letters[fl] = colName(c)
		t.colList = append(t.colList, c)
	}
	slices.Sort(t.colList)
	return t
}

// headerCells sorts the header row's other cells: a known header again
// (dups), a header neither known nor mapped (unknown), no header inside
// the table (headerless). Their columns are read too, to tell whether they
// hold anything.
func (t *table) headerCells(cells []string, want []Field, mapping map[string]Field) {
	first, last := t.colList[0], t.colList[len(t.colList)-1]
	for i, c := range cells {
		col := i + 1
		text := NormalizeSpace(c)
		fl := headerField(c, want, mapping)
		if _, ok := mapping[headerKey(c)]; ok && text != "" {
			t.mapped = append(t.mapped, headerCell{col, text})
		}
		switch {
		case text == "" && col > first && col < last:
			t.headerless = append(t.headerless, col)
		case text == "" || fl == Ignore:
			continue
		case fl == "":
			t.unknown = append(t.unknown, headerCell{col, text})
		case t.cols[fl] != col:
			t.dups = append(t.dups, [2]headerCell{{col, text}, {t.cols[fl], string(fl)}})
		default:
			continue
		}
		t.colList = append(t.colList, col)
	}
	slices.Sort(t.colList)
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
	code := func(fl Field) string { return normalizeCode(t.cell(r, fl)) }
	return ReadRow{
		Row:       r.row,
		MeasureID: code(FieldMeasureID), Annex: code(FieldAnnex), No: code(FieldNo),
		Task: norm(FieldTask), Measure: norm(FieldMeasure), Deadline: norm(FieldDeadline), Role: norm(FieldRole),
		Status:   strings.Trim(norm(FieldStatus), statusPunct),
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

// asShown returns a number read as stored as the clerk saw it: times 100
// where the cell's number format is a percentage (Excel stores 2.5% as
// 0.025). Anything else, a text included, is returned as it is.
func (rd *reader) asShown(sheet, col string, row int, v string) string {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return v
	}
	ref, err := excelize.JoinCellName(col, row)
	if err != nil {
		return v
	}
	id, err := rd.f.GetCellStyle(sheet, ref)
	if err != nil || id == 0 {
		return v
	}
	st, err := rd.f.GetStyle(id)
	if err != nil || !percentFormat(st) {
		return v
	}
	// Rounded to 15 significant digits: 0.07 × 100 is 7, not 7.000000000000001.
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x*100, 'g', 15, 64), 64)
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// percentFormat reports whether a style's number format shows a percentage:
// the built-in 0% and 0.00% (9, 10), or a format with a % sign outside
// quotes and escapes.
func percentFormat(st *excelize.Style) bool {
	if st.NumFmt == 9 || st.NumFmt == 10 {
		return true
	}
	if st.CustomNumFmt == nil {
		return false
	}
	quoted := false
	code := *st.CustomNumFmt
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == '%':
			return true
		}
	}
	return false
}

// requireColumns reports a return table without any way to tell which
// measure a row is (its ID, else its text with or without its 序号).
func (rd *reader) requireColumns(t *table) {
	_, id := t.cols[FieldMeasureID]
	_, measure := t.cols[FieldMeasure]
	if !id && !measure {
		rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: t.sheet, Row: t.header,
			Message: "表头中既没有“措施编号”列，也没有“工作措施”列，无法确定每行是哪项措施。请使用本月的填报模板，不要删除这些列。"})
	}
}

// statusPunct is punctuation a clerk types around a status word
// (已完成。): dropped as spaces are.
const statusPunct = "。．.，,；;、！!？?：:\"“”'‘’"

// fillable are the fields a unit fills in.
var fillable = []Field{FieldStatus, FieldProgress, FieldProblems, FieldNextSteps, FieldEvidence}

// columnsOf reports the return table's columns that cannot be read as they
// are: a header twice and a column with content but no header are problems;
// unknown headers over content go to ret.Unknown for the caller to map.
// Fillable fields without a column go to ret.Absent.
func (rd *reader) columnsOf(ret *Return, t *table) {
	for _, d := range t.dups {
		rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: t.sheet, Row: t.header, Column: colName(d[0].col), Field: Field(d[1].text),
			Found: shorten(d[0].text), Message: fmt.Sprintf("表头“%s”与 %s 列重复，同一项只能有一列，无法确定以哪一列为准。请删去或改名其中一列后再导入，或导入时不导入这一列（命令行用 --map '%s=-'）。", shorten(d[0].text), colName(d[1].col), d[0].text)})
	}
	for _, c := range t.headerless {
		if t.used[c] {
			rd.problems = append(rd.problems, Problem{File: rd.file, Sheet: t.sheet, Row: t.header, Column: colName(c),
				Message: "这一列填有内容，但没有表头，无法确定是哪一项。请补上表头（如“进展情况”），或删去这一列后再导入。"})
		}
	}
	for _, u := range t.unknown {
		if t.used[u.col] {
			ret.Unknown = append(ret.Unknown, UnknownColumn{Sheet: t.sheet, Cell: cell(u.col, t.header), Column: colName(u.col), Header: u.text})
		}
	}
	for _, fl := range fillable {
		if _, ok := t.cols[fl]; !ok {
			ret.Absent = append(ret.Absent, fl)
		}
	}
	for _, m := range t.mapped {
		ret.Mapped = append(ret.Mapped, UnknownColumn{Sheet: t.sheet, Cell: cell(m.col, t.header), Column: colName(m.col), Header: m.text})
	}
}

// untouched reports whether rows hold no status or text, or only what the
// template was pre-filled with (prefill, its PrefillChecksum; "" unknown).
func untouched(rows []ReadRow, prefill string) bool {
	filled := filledRows(rows)
	return len(filled) == 0 || prefill != "" && prefillSum(filled) == prefill
}

// filledRows lists the ID, status and texts of the rows that hold a status
// or a text.
func filledRows(rows []ReadRow) [][]string {
	var filled [][]string
	for _, r := range rows {
		v := []string{r.MeasureID, r.Status, r.Progress, r.Problems, r.NextSteps, r.Evidence}
		if strings.Join(v[1:], "") != "" {
			filled = append(filled, v)
		}
	}
	return filled
}

// PrefillChecksum sums what a template's rows are pre-filled with, in any
// row order: the hidden sheet carries it so that a return sent back as it
// came is known as one.
func PrefillChecksum(rows []Row) string {
	var filled [][]string
	for _, r := range rows {
		v := []string{normalizeCode(r.MeasureID), strings.Trim(NormalizeSpace(r.Status), statusPunct), normalizeText(r.Progress), normalizeText(r.Problems),
			normalizeText(r.NextSteps), normalizeText(r.Evidence)}
		if strings.Join(v[1:], "") != "" {
			filled = append(filled, v)
		}
	}
	return prefillSum(filled)
}

func prefillSum(rows [][]string) string {
	lines := make([]string, len(rows))
	for i, v := range rows {
		lines[i] = strings.Join(v, "\x1f")
	}
	slices.Sort(lines)
	return Checksum(lines)
}

// sameHeader names the sheets other than the table's own (and the hidden
// and indicator sheets) that hold a return table with something filled in:
// for a filled ret, something else than ret's rows (Return.SameHeader).
func (rd *reader) sameHeader(sheets []string, own string, rec *metaRecord, ret *Return) ([]string, error) {
	var sum string
	if !ret.Untouched {
		sum = prefillSum(filledRows(ret.Rows))
	}
	var out []string
	saved := rd.problems
	defer func() { rd.problems = saved }()
	for _, s := range sheets {
		if s == own || rec != nil && s == rec.IndicatorSheet {
			continue
		}
		t, err := rd.scan(s, returnTable)
		if err != nil {
			return nil, err
		}
		if t == nil {
			continue
		}
		var rows []ReadRow
		for _, r := range t.rows {
			rows = append(rows, t.readRow(r))
		}
		if filled := filledRows(rows); len(filled) > 0 && (ret.Untouched || prefillSum(filled) != sum) {
			out = append(out, s)
		}
	}
	return out, nil
}

// constantFormula reports a formula that is a constant: LibreOffice saves a
// TRUE or FALSE typed into a cell as =TRUE() or =FALSE(), and its value
// reads as typed.
func constantFormula(text string) bool {
	switch strings.ToUpper(strings.ReplaceAll(text, " ", "")) {
	case "TRUE()", "FALSE()":
		return true
	}
	return false
}

// anyRow reports whether one of the table's non-blank rows is in first..last.
func (t *table) anyRow(first, last int) bool {
	for _, r := range t.rows {
		if r.row >= first && r.row <= last {
			return true
		}
	}
	return false
}

// shownOnly are the plan's columns of a return that the import shows but
// does not read a row by: the clerk may merge one task's cells in them, as
// the printed plan does, without hiding anything the import needs (the
// measure's ID and text still tell each row).
var shownOnly = []Field{FieldAnnex, FieldNo, FieldTask, FieldDeadline, FieldRole}

// checkCells reports formulas in the table's cells and merged cells that
// hide rows of the table, except merges over the plan's columns shownOnly.
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
		// A merge hides the values of the rows under its first one: none
		// when it starts at the header (a header on two rows) or when no
		// row under its first holds anything (a signature block under the
		// table).
		if err1 != nil || err2 != nil || r2 <= r1 || r1 <= t.header || !t.anyRow(r1+1, r2) {
			continue
		}
		var fl Field
		for c := c2; c >= c1; c-- {
			if f, ok := byCol[c]; ok && !slices.Contains(shownOnly, f) {
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
		if !ok || fm.row <= t.header || constantFormula(fm.text) {
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
