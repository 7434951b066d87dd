package planfile

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// The instructions sheet's name and the labels of the plan's fields on it
// (column A label, column B value).
const instructionsSheet = "说明"

var metaLabels = map[string]string{
	"计划名称": FieldTitle, "计划标题": FieldTitle, "标题": FieldTitle,
	"文号": FieldDocNo, "发文字号": FieldDocNo,
	"印发日期": FieldDate, "发文日期": FieldDate, "日期": FieldDate,
}

var (
	docNoPattern = regexp.MustCompile(`西政办发\s*[〔［\[（(]\s*(\d{4})\s*[〕］\]）)]\s*(\d+)\s*号`)
	datePattern  = regexp.MustCompile(`^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?$`)
	yearPattern  = regexp.MustCompile(`(\d{4})年`)
	// titleQuote is the plan's title in the notice: 《…行动计划》, or
	// 关于印发…行动计划的通知 without the quotes.
	titleQuote = regexp.MustCompile(`(?:《|关于印发)([^《》]+?行动计划)(?:》|的通知)`)
)

// readXLSX reads a plan workbook: the instructions sheet's fields, then every
// other sheet as a measure annex or an indicator table.
func readXLSX(r *Result, src Source, opt Options) {
	f, err := excelize.OpenReader(bytes.NewReader(src.Data))
	if err != nil {
		r.Problems = append(r.Problems, Problem{File: src.Name, Text: fmt.Sprintf("文件已损坏，无法作为 Excel 工作簿打开（%v）", err)})
		return
	}
	defer f.Close()
	ar := newAnnexReader(r, opt)
	for _, sheet := range f.GetSheetList() {
		if sheet == instructionsSheet {
			readMeta(r, f, src.Name, sheet)
		}
	}
	var grids []*grid
	for _, sheet := range f.GetSheetList() {
		if sheet == instructionsSheet {
			continue
		}
		if visible, err := f.GetSheetVisible(sheet); err == nil && !visible {
			r.Ignored = append(r.Ignored, Problem{File: src.Name, Sheet: sheet, Text: "这个工作表是隐藏的，导入时不读取"})
			continue
		}
		g, err := sheetGrid(f, src.Name, sheet)
		if err == nil {
			r.Ignored = append(r.Ignored, hideUnseen(f, g)...)
		}
		if err != nil {
			r.Problems = append(r.Problems, Problem{File: src.Name, Sheet: sheet, Text: fmt.Sprintf("无法读取这个工作表（%v）", err)})
			continue
		}
		grids = append(grids, g)
	}
	for _, g := range grids {
		noticeFields(r, g)
	}
	if !ar.setYear(src.Name, "") {
		return
	}
	plan := false
	codes := map[string]string{} // annex code → sheet
	for _, g := range grids {
		if ar.sheet(g, codes) {
			plan = true
		}
	}
	if !plan && !anyAnnexSheet(grids) {
		r.Problems = []Problem{{File: src.Name, Text: "工作簿中没有附件工作表（标题为“附件N”、表头为 序号、重点任务、工作措施、完成时限、主责单位 的表），不像计划工作簿。请用“计划模板”填写"}}
	}
}

// noticeFields takes the plan's title, 文号 and date from a sheet that holds
// the notice before the annexes are read, so that the title's year is the
// plan's: a cover sheet (lines of text only), or the lines above the first
// 附件N of a sheet holding the whole document. A sheet named as an annex,
// or whose first lines are a table's title, gives none (an annex's title
// names a year too).
func noticeFields(r *Result, g *grid) {
	if _, _, ok := annexCode(g.sheet); ok {
		return
	}
	var lines []string
	for _, row := range g.rows {
		if row.empty() {
			continue
		}
		text := row.only()
		if _, _, annex := annexCode(text); annex {
			break
		}
		if text == "" {
			return // a table before any 附件N: not the notice
		}
		lines = append(lines, text)
	}
	for _, l := range lines {
		docField(r, l)
	}
}

// anyAnnexSheet reports whether some sheet names an annex in its name or its
// first rows: then the per-sheet problems say more than "not a plan".
func anyAnnexSheet(grids []*grid) bool {
	for _, g := range grids {
		if _, _, ok := annexCode(g.sheet); ok {
			return true
		}
		for _, row := range g.rows[:min(len(g.rows), 4)] {
			if _, _, ok := annexCode(row.only()); ok {
				return true
			}
		}
	}
	return false
}

// sheetGrid reads a sheet's cells with every merged range's first column
// filled down with its first cell's text (a task merged over its measures);
// the other columns of a range are left empty and marked as spans.
func sheetGrid(f *excelize.File, file, sheet string) (*grid, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return nil, err
	}
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, err
	}
	spans, merged := make([][]bool, len(rows)), make([][]bool, len(rows))
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil || r2-r1 > 10000 || c2-c1 > 100 {
			continue
		}
		for len(rows) < r2 {
			rows = append(rows, nil)
			spans, merged = append(spans, nil), append(merged, nil)
		}
		for y := r1; y <= r2; y++ {
			for len(rows[y-1]) < c2 {
				rows[y-1] = append(rows[y-1], "")
			}
			for len(spans[y-1]) < c2 {
				spans[y-1] = append(spans[y-1], false)
			}
			for len(merged[y-1]) < c2 {
				merged[y-1] = append(merged[y-1], false)
			}
			rows[y-1][c1-1], merged[y-1][c1-1] = m.GetCellValue(), y > r1
			for x := c1 + 1; x <= c2; x++ {
				rows[y-1][x-1], spans[y-1][x-1] = "", true
			}
		}
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, err
	}
	g := &grid{file: file, sheet: sheet}
	for i, cells := range rows {
		for c := range cells {
			cells[c] = strings.ReplaceAll(cells[c], "\r\n", "\n")
			if i < len(raw) && c < len(raw[i]) && raw[i][c] != cells[c] {
				if d, ok := dateCell(f, sheet, c+1, i+1, raw[i][c]); ok {
					cells[c] = d
				}
			}
		}
		if spans[i] == nil {
			spans[i] = []bool{} // no merge: every cell its own (see parseHeader)
		}
		g.rows = append(g.rows, gridRow{no: i + 1, cells: cells, spans: spans[i], merged: merged[i]})
	}
	return g, nil
}

// hideUnseen drops from g the rows and empties the columns the sheet hides
// (a measure dropped from this year's plan but kept hidden, last year's
// units in a hidden column): the plan is what the sheet shows and prints.
// It returns each hidden row or column that held text, for Result.Ignored.
func hideUnseen(f *excelize.File, g *grid) []Problem {
	var out []Problem
	width := 0
	for _, r := range g.rows {
		width = max(width, len(r.cells))
	}
	for c := 1; c <= width; c++ {
		name := colName(c)
		if visible, err := f.GetColVisible(g.sheet, name); err != nil || visible {
			continue
		}
		text := false
		for i := range g.rows {
			if c <= len(g.rows[i].cells) {
				text = text || strings.TrimSpace(g.rows[i].cells[c-1]) != ""
				g.rows[i].cells[c-1] = ""
			}
		}
		if text {
			out = append(out, Problem{File: g.file, Sheet: g.sheet, Col: c, Row: 0,
				Text: fmt.Sprintf("%s 列是隐藏列，导入时不读取", name)})
		}
	}
	rows := g.rows[:0]
	for _, r := range g.rows {
		if visible, err := f.GetRowVisible(g.sheet, r.no); err == nil && !visible {
			if !r.empty() {
				out = append(out, Problem{File: g.file, Sheet: g.sheet, Row: r.no, Text: "这一行是隐藏行，导入时不读取"})
			}
			continue
		}
		rows = append(rows, r)
	}
	g.rows = rows
	return out
}

// dateCell reads a number stored in a cell with a date format (a 完成时限
// typed as 2025/6/30, which Excel keeps as a day count and shows in the
// clerk's locale) as the date printed in a plan: 2025年6月30日. ok is false
// for any other cell.
func dateCell(f *excelize.File, sheet string, col, row int, raw string) (string, bool) {
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil || serial < 1 || serial > 2958465 {
		return "", false
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return "", false
	}
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil || id == 0 {
		return "", false
	}
	st, err := f.GetStyle(id)
	if err != nil || !dateFormat(st) {
		return "", false
	}
	t, err := excelize.ExcelDateToTime(serial, false)
	if err != nil {
		return "", false
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day()), true
}

// dateFormat reports whether a style's number format shows a date: a
// built-in date format (14–17, 22, 27–31, 34–36, 50–58: the Chinese
// locale's included) or a format with y or d outside quotes, escapes and
// brackets.
func dateFormat(st *excelize.Style) bool {
	switch n := st.NumFmt; {
	case n >= 14 && n <= 17, n == 22, n >= 27 && n <= 31, n >= 34 && n <= 36, n >= 50 && n <= 58:
		return true
	}
	if st.CustomNumFmt == nil {
		return false
	}
	quoted, bracket := false, false
	code := *st.CustomNumFmt
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\\':
			i++
		case c == '[':
			bracket = true
		case c == ']':
			bracket = false
		case bracket:
		case c == 'y' || c == 'Y' || c == 'd' || c == 'D':
			return true
		}
	}
	return false
}

// compact drops the columns that are empty or a merge's continuation in
// every row: a workbook saved from a Word document or a web page spreads a
// table column over several sheet columns. g.cols keeps where each column
// left is in the sheet.
func compact(g *grid) *grid {
	width := 0
	for _, r := range g.rows {
		width = max(width, len(r.cells))
	}
	var keep []int
	for c := 0; c < width; c++ {
		for _, r := range g.rows {
			if strings.TrimSpace(cellAt(r.cells, c)) != "" && (c >= len(r.spans) || !r.spans[c]) {
				keep = append(keep, c)
				break
			}
		}
	}
	out := &grid{file: g.file, sheet: g.sheet}
	for _, c := range keep {
		out.cols = append(out.cols, g.place(c+1))
	}
	for _, r := range g.rows {
		cells, merged, spans := make([]string, len(keep)), make([]bool, len(keep)), make([]bool, len(keep))
		for i, c := range keep {
			cells[i], merged[i], spans[i] = cellAt(r.cells, c), r.continues(c), c < len(r.spans) && r.spans[c]
		}
		out.rows = append(out.rows, gridRow{no: r.no, cells: cells, header: r.header, merged: merged, spans: spans})
	}
	return out
}

// split cuts a sheet at the rows 附件N: a workbook that holds the whole
// document in one sheet (as LibreOffice saves a Word document or a web
// page) has one annex after the other. A sheet with no such row, or with
// it only at the top, is one part.
func split(g *grid) []*grid {
	var parts []*grid
	cur := &grid{file: g.file, sheet: g.sheet}
	for _, r := range g.rows {
		if _, _, ok := annexCode(r.only()); ok && !allEmpty(cur.rows) {
			parts = append(parts, cur)
			cur = &grid{file: g.file, sheet: g.sheet}
		}
		cur.rows = append(cur.rows, r)
	}
	parts = append(parts, cur)
	for i, p := range parts {
		parts[i] = compact(p)
	}
	return parts
}

// sheet reads one sheet into the plan, annex after annex; it reports whether
// the sheet held an annex or an indicator table.
func (ar *annexReader) sheet(g *grid, codes map[string]string) bool {
	parts := split(g)
	if len(parts) == 1 {
		return ar.part(parts[0], codes)
	}
	plan := false
	for i, p := range parts {
		if _, _, ok := annexCode(p.rows[0].only()); !ok && i == 0 {
			ar.notice(p) // the notice above the first annex
			continue
		}
		plan = ar.part(p, codes) || plan
	}
	return plan
}

// notice reads the plan's title, number and date from rows of single texts
// (a cover sheet, the notice above the annexes); it reports whether it
// found any of them and whether every row was a single text.
func (ar *annexReader) notice(g *grid) (found, text bool) {
	own := &Result{Plan: &data.Plan{}} // what this sheet gives, read before or not
	text = true
	for _, r := range g.rows {
		line := r.only()
		if line == "" && !r.empty() {
			text = false
			continue
		}
		docField(ar.res, line)
		docField(own, line)
	}
	return own.Plan.Title+own.Plan.DocNo+own.Plan.Date != "", text
}

// part reads one annex or indicator table of a sheet.
func (ar *annexReader) part(g *grid, codes map[string]string) bool {
	r := ar.res
	if len(g.rows) == 0 || allEmpty(g.rows) {
		if _, _, ok := annexCode(g.sheet); ok || strings.Contains(g.sheet, "指标") {
			ar.problem(g, 0, 0, "工作表为空：请填写这个附件，或删除这个工作表")
			return true
		}
		return false // a workbook's spare Sheet2
	}
	code, title, titleRows := sheetTitle(g)
	h, at, found := findHeader(g.rows, 0)
	indicator := !found && (strings.Contains(g.sheet, "指标") || strings.Contains(title, "指标") || code != "" && indicatorHeader(g.rows[titleRows:]))
	if !found && !indicator {
		if code != "" {
			ar.problem(g, 0, 0, "没有找到表头：附件的表格应有一行表头 序号、重点任务、工作措施、完成时限、主责单位、协办单位")
			return false
		}
		if fields, text := ar.notice(g); text {
			msg := "这个工作表不是计划的附件（没有“附件N”标题和表头），导入时不读"
			if fields {
				msg = "这个工作表不是计划的附件，只读了其中的计划名称、文号或印发日期"
			}
			r.Ignored = append(r.Ignored, Problem{File: g.file, Sheet: g.sheet, Text: msg})
			return false
		}
		ar.problem(g, 0, 0, "这个工作表既没有“附件N”标题，也没有 序号、重点任务、工作措施、完成时限、主责单位 表头，不是计划的附件：请删除它或补上标题和表头")
		return false
	}
	if code == "" {
		ar.problem(g, 1, 1, "没有找到附件编号：请在第一行写“附件N”或“附件N：标题”，或把工作表命名为“附件N”")
		return true
	}
	if prev, dup := codes[code]; dup {
		ar.problem(g, 1, 1, "附件%s已在工作表“%s”中出现过，附件编号不能重复", code, prev)
		return true
	}
	codes[code] = g.sheet
	if indicator {
		t := data.IndicatorTable{Annex: code, Title: title}
		ar.indicators(g, titleRows, &t)
		if len(t.Columns) > 0 && len(t.Rows) > 0 {
			r.Plan.Indicators = append(r.Plan.Indicators, t)
		}
		return true
	}
	if !ar.checkHeader(g, h, g.rows[at].no) {
		return true
	}
	if above := tableRows(g.rows[titleRows:at]); len(above) > 0 {
		// the annex's indicators above its tasks (…有关指标及重点任务计划)
		t := data.IndicatorTable{Annex: code, Title: title}
		ar.indicators(compact(&grid{file: g.file, sheet: g.sheet, rows: above, cols: g.cols}), 0, &t)
		if len(t.Columns) > 0 && len(t.Rows) > 0 {
			r.Plan.Indicators = append(r.Plan.Indicators, t)
		}
	}
	st := &tableState{annex: &data.Annex{Code: code, Title: title}, taskRow: map[string]int{}}
	ar.measures(g, h, at+h.rows, st)
	if len(st.annex.Sections) > 0 {
		r.Plan.Annexes = append(r.Plan.Annexes, *st.annex)
	}
	return true
}

// sheetTitle finds the annex code and title in the first rows of a sheet
// (附件2-1 then the title, or 附件1：标题), else the code in the sheet's name
// and the title in its first row. titleRows is how many rows they take.
func sheetTitle(g *grid) (code, title string, titleRows int) {
	var lines []string
	for _, row := range g.rows {
		text := row.only()
		if text == "" && !row.empty() {
			break // the header or a table row
		}
		titleRows++
		if text != "" {
			lines = append(lines, joinLines(text))
		}
		if len(lines) == 2 {
			break
		}
	}
	for i, l := range lines {
		if c, t, ok := annexCode(l); ok {
			code, title = c, t
			if title == "" && i+1 < len(lines) {
				title = lines[i+1]
			}
			return code, title, titleRows
		}
	}
	code, _, _ = annexCode(g.sheet)
	if len(lines) > 0 {
		title = lines[0]
	}
	return code, title, titleRows
}

// tableRows is rows without the single lines around them (a table's title),
// or nothing when no row has cells of its own: a table above a header.
func tableRows(rows []gridRow) []gridRow {
	for len(rows) > 0 && rows[0].only() != "" || len(rows) > 0 && rows[0].empty() {
		rows = rows[1:]
	}
	for len(rows) > 0 && (rows[len(rows)-1].only() != "" || rows[len(rows)-1].empty()) {
		rows = rows[:len(rows)-1]
	}
	return rows
}

func allEmpty(rows []gridRow) bool {
	for _, r := range rows {
		if !r.empty() {
			return false
		}
	}
	return true
}

// readMeta reads the plan's title, number and date from the instructions
// sheet: a label in column A, the value in column B.
func readMeta(r *Result, f *excelize.File, file, sheet string) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return
	}
	for i, row := range rows {
		if len(row) < 2 {
			continue
		}
		field, ok := metaLabels[strings.TrimRight(squeeze(row[0]), "：:")]
		value := strings.TrimSpace(row[1])
		if !ok || value == "" {
			continue
		}
		if field == FieldDate {
			cell, _ := excelize.CoordinatesToCellName(2, i+1)
			if raw, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); err == nil {
				if serial, err := strconv.ParseFloat(raw, 64); err == nil && serial > 20000 && serial < 80000 {
					if t, err := excelize.ExcelDateToTime(serial, false); err == nil {
						value = t.Format(time.DateOnly)
					}
				}
			}
		}
		if msg := r.setField(field, value); msg != "" {
			r.Problems = append(r.Problems, Problem{File: file, Sheet: sheet, Row: i + 1, Col: 2, Text: msg})
		}
	}
}

// setField sets a plan field from its printed value; it returns what is
// wrong with the value, or "".
func (r *Result) setField(field, value string) string {
	p := r.Plan
	switch field {
	case FieldTitle:
		p.Title = joinLines(value)
	case FieldDocNo:
		m := docNoPattern.FindStringSubmatch(value)
		if m == nil {
			return fmt.Sprintf("文号“%s”应为“西政办发〔2024〕3号”的样式", shorten(value))
		}
		p.DocNo = fmt.Sprintf("西政办发〔%s〕%s号", m[1], m[2])
	case FieldDate:
		d, ok := parseDate(value)
		if !ok {
			return fmt.Sprintf("印发日期“%s”无法识别，应为“2024年2月20日”或“2024-02-20”", shorten(value))
		}
		p.Date = d
	}
	return ""
}

// parseDate reads 2024年2月20日, 2024-02-20 or 2024/2/20 as YYYY-MM-DD.
func parseDate(s string) (string, bool) {
	m := datePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// setYear settles the plan year from the options and the title; it reports
// false (with a problem) when there is none or they disagree.
func (ar *annexReader) setYear(file, sheet string) bool {
	p := ar.res.Plan
	titleYear := 0
	if m := yearPattern.FindStringSubmatch(p.Title); m != nil {
		titleYear, _ = strconv.Atoi(m[1])
	}
	switch {
	case ar.opt.Year != 0 && titleYear != 0 && titleYear != ar.opt.Year:
		ar.res.Problems = append(ar.res.Problems, Problem{File: file, Sheet: sheet, Text: fmt.Sprintf("计划名称“%s”是 %d 年的计划，而导入的年度是 %d 年", p.Title, titleYear, ar.opt.Year)})
		return false
	case ar.opt.Year != 0:
		p.Year = ar.opt.Year
	case titleYear != 0:
		p.Year = titleYear
	default:
		ar.res.Problems = append(ar.res.Problems, Problem{File: file, Sheet: sheet, Text: "不知道这是哪一年的计划：计划名称中没有年份，也没有选择年度"})
		return false
	}
	ar.year = p.Year
	return true
}
