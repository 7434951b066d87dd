package planfile

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"taizhang/data"
	"taizhang/data/plantext"
)

// grid is one annex table as both readers deliver it: merged and spanned
// cells already hold the text of their merge's first cell, so a row reads
// like the printed one.
type grid struct {
	file, sheet string
	rows        []gridRow
	cols        []int // the sheet column (1-based) of each grid column, when they differ
}

// place is the 1-based column of the file that grid column c (1-based)
// stands for.
func (g *grid) place(c int) int {
	if c > 0 && c <= len(g.cols) {
		return g.cols[c-1]
	}
	return c
}

// gridRow is one table row: its place and its cells, left to right.
type gridRow struct {
	no     int      // the row's number in the sheet or table
	cells  []string // cell texts, paragraphs separated by "\n"
	header bool     // marked as a header row repeated on each page (w:tblHeader)
	spans  []bool   // cells that continue a merge (a workbook's) or span (a Word cell's) to their left
	merged []bool   // cells that continue a merge from the row above
}

// continues reports whether cell c continues a merged cell of the row above.
func (r gridRow) continues(c int) bool { return c >= 0 && c < len(r.merged) && r.merged[c] }

func (r gridRow) cell(c int) string {
	if c < 0 || c >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[c])
}

// empty reports whether the row has no text.
func (r gridRow) empty() bool {
	for _, c := range r.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// only is the row's text when every non-empty cell holds the same text (a
// cell spanning the table, or a single filled cell), else "".
func (r gridRow) only() string {
	text := ""
	for _, c := range r.cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if text != "" && c != text {
			return ""
		}
		text = c
	}
	return text
}

// spanning reports whether the row's text is one cell merged (or spanned)
// over three columns or more.
func (r gridRow) spanning() bool {
	run := 0
	for c := range r.cells {
		if c < len(r.spans) && r.spans[c] {
			run++
			if run >= 2 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// onlyBut is only() of the row without cell c.
func (r gridRow) onlyBut(c int) string {
	rest := gridRow{cells: append([]string(nil), r.cells...)}
	if c >= 0 && c < len(rest.cells) {
		rest.cells[c] = ""
	}
	return rest.only()
}

// columnNumbers reports whether the row numbers the columns, as some tables
// do under their header: 1, 2, 3… (or （1）, （2）…) from the left, at least
// three.
func (r gridRow) columnNumbers() bool {
	n := 0
	for _, c := range r.cells {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if taskNo(c) != fmt.Sprint(n+1) {
			return false
		}
		n++
	}
	return n >= 3
}

// The columns of a measure table, as the text reader numbers them.
const (
	colNo       = plantext.ColNo
	colTask     = plantext.ColTask
	colText     = plantext.ColText
	colDeadline = plantext.ColDeadline
	colLead     = plantext.ColLead
	colCo       = plantext.ColCo
	numCols     = plantext.NumCols
)

var colLabels = [numCols]string{"序号", "重点任务", "工作措施", "完成时限", "主责单位", "协办单位"}

// headerNames are the header cells each column tolerates, spaces removed:
// the text reader's.
var headerNames = plantext.HeaderNames

var (
	annexLine   = regexp.MustCompile(`^附件\s*(\d+|[一二三四五六七八九十]+)(?:\s*[-－—–]+\s*(\d+))?(?:\s*[：:、.．]\s*(.*)|\s+(.*))?$`)
	sectionHead = regexp.MustCompile(`^([一二三四五六七八九十]+)\s*[、．.]\s*(.+)$`)
	subHead     = regexp.MustCompile(`^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(.+)$`)
	allSpace    = regexp.MustCompile(`[\s\x{3000}]+`)
	unitSep     = regexp.MustCompile(`[、，,；;/／]+`)
	taskNoEnd   = regexp.MustCompile(`^\(?(\d+)(?:[.、)]|[.-]\d+[.、]?)?$`)
)

// squeeze removes all white space, the way header cells are compared.
func squeeze(s string) string { return allSpace.ReplaceAllString(s, "") }

// fold reads full-width letters, digits and signs (１２, －) as their ASCII
// forms, for numbers and codes typed with a Chinese input method.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' {
			return r - '！' + '!'
		}
		return r
	}, s)
}

// foldDigits reads full-width digits as digits and leaves the rest.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// taskNo is a 序号 as an ID takes it: without spaces, in ASCII digits,
// without the point or 、 after it or the brackets around it (1., 1、 and
// （1） are 1); a 序号 numbering the measures under their task (1.2, 1-2:
// task 1, its second measure) is the task's.
func taskNo(cell string) string {
	no := fold(squeeze(cell))
	if m := taskNoEnd.FindStringSubmatch(no); m != nil {
		return m[1]
	}
	return no
}

// annexCode reads 附件2-1, 附件 2—1, 附件一, 附件1：标题 or 附件1 标题 (digits
// full-width or not); ok is false for other lines.
func annexCode(line string) (code, title string, ok bool) {
	m := annexLine.FindStringSubmatch(foldDigits(strings.TrimSpace(line)))
	if m == nil {
		return "", "", false
	}
	code = m[1]
	if n := chineseNumber(code); n > 0 {
		code = fmt.Sprint(n)
	}
	if m[2] != "" {
		code += "-" + m[2]
	}
	return code, strings.TrimSpace(m[3] + m[4]), true
}

// chineseNumber reads 一 … 九十九; 0 for anything else.
func chineseNumber(s string) int {
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch {
	case len(r) == 1 && r[0] == '十':
		return 10
	case len(r) == 1:
		return digits[r[0]]
	case len(r) == 2 && r[0] == '十' && digits[r[1]] > 0:
		return 10 + digits[r[1]]
	case len(r) == 2 && r[1] == '十' && digits[r[0]] > 0:
		return digits[r[0]] * 10
	case len(r) == 3 && r[1] == '十' && digits[r[0]] > 0 && digits[r[2]] > 0:
		return digits[r[0]]*10 + digits[r[2]]
	}
	return 0
}

// header is where a table's header is and which column holds what.
type header struct {
	rows    int            // how many rows it takes (1 or 2)
	cols    [numCols]int   // column index of each column, -1 when absent
	names   []string       // the header cells as compared (two rows joined)
	printed [][]string     // its rows as printed, spaces removed, to spot it repeated
	labels  map[int]string // unknown header cells by index: columns not read
	dups    map[int]string // a second column of a kind already found
}

// findHeader looks for the header among rows[from:]: the first row (or two
// rows read together, the second naming the columns under a group such as
// 责任单位 over 主责 and 协办) naming 工作措施. ok is false when there is none.
func findHeader(rows []gridRow, from int) (h header, at int, ok bool) {
	for i := from; i < len(rows) && i < from+12; i++ {
		two := i+1 < len(rows) && rows[i].only() == "" // a title above is no header row
		if two {
			top, bottom := squeezed(rows[i].cells), squeezed(rows[i+1].cells)
			if h, ok := parseHeader(joinHeader(top, bottom), joinSpans(rows[i], rows[i+1])); ok && h.complete() && headerLike(top, bottom) {
				h.rows, h.printed = 2, [][]string{top, bottom}
				return h, i, true
			}
		}
		if h, ok := parseHeader(rows[i].cells, rows[i].spans); ok && h.complete() {
			h.printed = [][]string{h.names}
			return h, i, true
		}
		if two {
			top, bottom := squeezed(rows[i].cells), squeezed(rows[i+1].cells)
			if h, ok := parseHeader(joinHeader(top, bottom), joinSpans(rows[i], rows[i+1])); ok && h.complete() {
				h.rows, h.printed = 2, [][]string{top, bottom}
				return h, i, true
			}
		}
		if h, ok := parseHeader(rows[i].cells, rows[i].spans); ok {
			h.printed = [][]string{h.names}
			return h, i, true // incomplete: the caller names what is missing
		}
	}
	return header{}, 0, false
}

// joinHeader reads two header rows as one: a cell merged over both rows
// (the same text in both) is itself; under a group heading the lower cell
// names the column (主责 under 责任单位) when it is a known name, else both
// together do (完成 over 时限).
func joinHeader(top, bottom []string) []string {
	joined := make([]string, max(len(top), len(bottom)))
	for c := range joined {
		a, b := cellAt(top, c), cellAt(bottom, c)
		_, known := headerNames[b]
		switch {
		case b == "" || a == b:
			joined[c] = a
		case known:
			joined[c] = b
		default:
			joined[c] = a + b
		}
	}
	return joined
}

// joinSpans marks the cells of two header rows read as one that continue a
// span to their left: spanned in the top row and, below, spanned too, empty
// or the same text (a cell merged over both rows).
func joinSpans(top, bottom gridRow) []bool {
	out := make([]bool, max(len(top.cells), len(bottom.cells)))
	for c := range out {
		b := strings.TrimSpace(cellAt(bottom.cells, c))
		out[c] = spanAt(top, c) && (spanAt(bottom, c) || b == "" || b == strings.TrimSpace(cellAt(top.cells, c)))
	}
	return out
}

func spanAt(r gridRow, c int) bool { return c < len(r.spans) && r.spans[c] }

// headerLike reports whether the second of two rows continues the header:
// every cell it has of its own (not merged from the row above) is a known
// column name.
func headerLike(top, bottom []string) bool {
	own := 0
	for c, b := range bottom {
		if b == "" || b == cellAt(top, c) {
			continue
		}
		if _, known := headerNames[b]; !known {
			return false
		}
		own++
	}
	return own > 0
}

func squeezed(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = squeeze(c)
	}
	return out
}

func cellAt(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

// parseHeader reads one row as a header; ok when it names 工作措施. A cell
// that spans says it continues the cell to its left (a Word cell over two
// grid columns, a workbook's merge); a cell of its own with the same name
// as the one to its left is a second column of that kind. (Without spans,
// as in tests, a cell with the text of the one to its left is its span.)
// A second unit column of the lead kind, named otherwise, where there is no
// co-unit column is the co-units' (牵头单位 then 责任单位); named the same
// (主责单位 twice) it is a problem. In a flat list of
// measures (序号 / 重点工作 / 完成时限 / 责任单位) the one column of text,
// named as a task column, is the measures'.
func parseHeader(cells []string, spans []bool) (header, bool) {
	h := header{rows: 1, labels: map[int]string{}, dups: map[int]string{}}
	for c := range h.cols {
		h.cols[c] = -1
	}
	for i, cell := range cells {
		s := squeeze(cell)
		h.names = append(h.names, s)
		spanned := i > 0 && s == squeeze(cells[i-1])
		if spans != nil {
			spanned = i < len(spans) && spans[i]
		}
		if s == "" || spanned {
			continue
		}
		c, known := headerNames[s]
		switch {
		case !known:
			h.labels[i] = s
		case h.cols[c] < 0:
			h.cols[c] = i
		case c == colLead && h.cols[colCo] < 0 && s != squeeze(cells[h.cols[colLead]]):
			h.cols[colCo] = i
		default:
			h.dups[i] = s
		}
	}
	if h.cols[colText] < 0 && h.cols[colTask] >= 0 && h.cols[colDeadline] >= 0 {
		h.cols[colText], h.cols[colTask] = h.cols[colTask], -1
	}
	return h, h.cols[colText] >= 0
}

// complete reports whether the header has every column a measure needs
// (重点任务 is not needed: see flat); the columns it does not know are
// ignored (see checkHeader).
func (h header) complete() bool {
	for c := colText; c <= colLead; c++ {
		if h.cols[c] < 0 {
			return false
		}
	}
	return len(h.dups) == 0
}

// flat reports whether the header has no 重点任务 column: the table is a
// flat list of measures, each section (or the whole annex, where there is
// no heading) one task, numbered in order, named by the section's title
// (or the annex's), its measures numbered in order within it. So IDs stay
// readable (3.2.5: the fifth measure under 二、) and stable while the
// sections' order is.
func (h header) flat() bool { return h.cols[colTask] < 0 }

// repeats reports whether a row is the header (or one of its two rows)
// again: three of its cells or more as in the header.
func (h header) repeats(r gridRow) bool {
	for _, names := range h.printed {
		n := 0
		for c, name := range names {
			if name != "" && squeeze(r.cell(c)) == name {
				n++
			}
		}
		if n >= 3 {
			return true
		}
	}
	return false
}

// indicatorHeader reports whether the first row of rows with text is an
// indicator table's header (plantext.IndicatorHeader): a table without
// 工作措施 is an indicator table by its header, whatever its title says.
func indicatorHeader(rows []gridRow) bool {
	for _, r := range rows {
		if !r.empty() {
			return plantext.IndicatorHeader(r.cells)
		}
	}
	return false
}

// annexReader turns grids into an annex's sections, tasks and measures,
// collecting problems.
type annexReader struct {
	res   *Result
	opt   Options
	year  int
	known map[string]bool // unit names and aliases for rejoining wrapped names
}

func newAnnexReader(res *Result, opt Options) *annexReader {
	ar := &annexReader{res: res, opt: opt, known: map[string]bool{}}
	for _, u := range opt.Units {
		ar.known[u.Name] = true
		for _, a := range u.Aliases {
			ar.known[a] = true
		}
	}
	return ar
}

func (ar *annexReader) problem(g *grid, row, col int, format string, args ...any) {
	ar.res.Problems = append(ar.res.Problems, Problem{File: g.file, Sheet: g.sheet, Row: row, Col: g.place(col), Text: fmt.Sprintf(format, args...)})
}

// checkHeader reports the header's missing, doubled and unknown columns; ok
// is false when the table cannot be read for want of a column. A column the
// plan has no place for (备注, 完成标准) is named in Result.Ignored and not
// read; one that names units (单位, 部门) or a measure's parts, or any
// unknown one while a required column is missing, could be a misspelt
// column of the plan, and is a problem.
func (ar *annexReader) checkHeader(g *grid, h header, row int) bool {
	ok := true
	if h.cols[colNo] < 0 && h.cols[colText] >= 0 {
		ar.res.Ignored = append(ar.res.Ignored, Problem{File: g.file, Sheet: g.sheet, Row: row,
			Text: "表头没有“序号”列：重点任务按出现的顺序编号 1、2、3……"})
	}
	for c := colText; c <= colLead; c++ {
		if h.cols[c] < 0 {
			ar.problem(g, row, 0, "表头缺少“%s”列（表头应有 序号、重点任务、工作措施、完成时限、主责单位，可有协办单位）", colLabels[c])
			ok = false
		}
	}
	if ok && h.flat() {
		ar.res.Ignored = append(ar.res.Ignored, Problem{File: g.file, Sheet: g.sheet, Row: row,
			Text: "表头没有“重点任务”列：每个章节（没有章节时整个附件）作为一项重点任务，措施按顺序编号"})
	}
	for i := 0; i < len(h.names); i++ {
		if label, dup := h.dups[i]; dup {
			ar.problem(g, row, i+1, "“%s”列重复：同一类的列只能有一列，请删除或改名", label)
			ok = false
		}
		label, unknown := h.labels[i]
		if !unknown {
			continue
		}
		if planWord(label) || !ok {
			ar.problem(g, row, i+1, "无法识别的列“%s”：请改为 序号、重点任务、工作措施、完成时限、主责单位、协办单位 之一，或删除这一列", label)
			ok = false
			continue
		}
		ar.res.Ignored = append(ar.res.Ignored, Problem{File: g.file, Sheet: g.sheet, Row: row, Col: g.place(i + 1),
			Text: fmt.Sprintf("“%s”列不是计划的列，导入时不读取", label)})
	}
	return ok
}

// planWord reports whether a column label names a part of a measure.
func planWord(label string) bool {
	for _, w := range []string{"单位", "部门", "措施", "举措", "内容", "时限", "任务", "序号"} {
		if strings.Contains(label, w) {
			return true
		}
	}
	return false
}

// tableState is where reading an annex has got to, across the grids of one
// annex (a Word table continued on the next page as a new table).
type tableState struct {
	annex      *data.Annex
	taskRow    map[string]int // task 序号 → the row it started on, for duplicates
	printed    string         // the current task's 序号 as printed
	renumber   bool           // 序号 starts again at 1 in each section: tasks numbered in order
	afterBreak bool           // the last row read was a repeated header
	parent     *data.Section  // the last heading 一、…, for the subheadings （一）… under it
}

// heading reads a section heading 一、… or a subheading （一）… (a row of
// the table or a paragraph between tables); it reports whether text was
// one. The plan has one level of sections: a subheading is a section of its
// own, numbered and titled as its heading's, 二、深化扬尘治理 （一）施工扬尘,
// and its heading, when no task came before the first subheading, is not
// kept apart. Without a heading above, （一） is read as 一、.
func (st *tableState) heading(text string) bool {
	a := st.annex
	if m := sectionHead.FindStringSubmatch(text); m != nil {
		a.Sections = append(a.Sections, data.Section{No: m[1], Title: strings.TrimSpace(m[2])})
		st.parent = &data.Section{No: m[1], Title: strings.TrimSpace(m[2])}
		return true
	}
	m := subHead.FindStringSubmatch(text)
	if m == nil {
		return false
	}
	sec := data.Section{No: m[1], Title: strings.TrimSpace(m[2])}
	if st.parent != nil {
		sec = data.Section{No: st.parent.No, Title: st.parent.Title + " （" + m[1] + "）" + strings.TrimSpace(m[2])}
		if n := len(a.Sections); n > 0 && a.Sections[n-1].Title == st.parent.Title && len(a.Sections[n-1].Tasks) == 0 {
			a.Sections = a.Sections[:n-1]
		}
	}
	a.Sections = append(a.Sections, sec)
	return true
}

// measures reads a grid's rows from index from (the first row after the
// header) into st.annex.
func (ar *annexReader) measures(g *grid, h header, from int, st *tableState) {
	for _, r := range g.rows[from:] {
		if r.empty() {
			continue
		}
		if r.header || h.repeats(r) {
			st.afterBreak = true
			continue
		}
		if r.columnNumbers() {
			continue // the columns' numbers under the header: 1 2 3 4 5 6
		}
		brk := st.afterBreak
		st.afterBreak = false
		ar.measureRow(g, h, r, st, brk)
	}
}

// planRow is a task table's row as its cells read.
type planRow struct {
	rawNo, no string // 序号 as printed, and as a task number
	name      string // 重点任务
	text      string // 工作措施
	deadline  string
	lead, co  string
}

// readPlanRow reads row r's cells through the header's columns.
func readPlanRow(r gridRow, h header) planRow {
	col := func(c int) int { return h.cols[c] }
	pr := planRow{rawNo: r.cell(col(colNo)), name: joinLines(r.cell(col(colTask))), text: cleanText(r.cell(col(colText))),
		deadline: r.cell(col(colDeadline)), lead: r.cell(col(colLead))}
	pr.no = taskNo(pr.rawNo)
	if h.cols[colCo] >= 0 {
		pr.co = r.cell(col(colCo))
	}
	return pr
}

// measureRow reads row r of a task table: a heading, a note, the rest of
// the measure before a page break, or a measure (of a new task or of the
// last one). brk says it follows a repeated header.
func (ar *annexReader) measureRow(g *grid, h header, r gridRow, st *tableState, brk bool) {
	if st.rowHeading(r, h) {
		return
	}
	if text := r.only(); text != "" && r.spanning() && !brk {
		// a line of the document across the table: a footnote, a
		// remark, the signature (a workbook saved from the document);
		// after a page break it may be the rest of a measure (below)
		ar.res.Ignored = append(ar.res.Ignored, Problem{File: g.file, Sheet: g.sheet, Row: r.no,
			Text: fmt.Sprintf("跨整行的文字“%s”不是表格的行，导入时不读取", shorten(text))})
		return
	}
	pr := readPlanRow(r, h)
	a := st.annex
	if len(a.Sections) == 0 {
		a.Sections = append(a.Sections, data.Section{}) // a table without section headings
	}
	sec := &a.Sections[len(a.Sections)-1]
	var task *data.Task
	if n := len(sec.Tasks); n > 0 {
		task = &sec.Tasks[n-1]
	}
	if h.flat() {
		ar.flatMeasure(g, h, r, st, sec, task, pr, brk)
		return
	}
	if h.cols[colNo] < 0 && pr.name != "" && (task == nil || pr.name != task.Name) {
		pr.no = fmt.Sprint(len(st.taskRow) + 1) // no 序号 column: tasks in order
	} else if h.cols[colNo] < 0 && task != nil {
		pr.no = task.No
	}
	// A row split across pages: the rest of the last measure's text,
	// printed under the repeated header with nothing else.
	if brk && pr.restOfMeasure(task) {
		m := &task.Measures[len(task.Measures)-1]
		m.Text = joinText(m.Text, pr.text)
		_, more := ar.roles("", pr.co)
		m.Co = appendNew(m.Co, more...)
		return
	}
	if task = ar.rowTask(g, h, r, st, sec, task, pr); task != nil {
		ar.addMeasure(g, h, r, a.Code, task, pr)
	}
}

// flatMeasure reads row r of a flat list of measures (see header.flat)
// into the section's task, which the section's first measure starts; brk
// says it follows a repeated header.
func (ar *annexReader) flatMeasure(g *grid, h header, r gridRow, st *tableState, sec *data.Section, task *data.Task, pr planRow, brk bool) {
	if brk && pr.restOfMeasure(task) {
		m := &task.Measures[len(task.Measures)-1]
		m.Text = joinText(m.Text, pr.text)
		_, more := ar.roles("", pr.co)
		m.Co = appendNew(m.Co, more...)
		return
	}
	if task == nil {
		name := sec.Title
		if name == "" {
			name = st.annex.Title
		}
		task = ar.newTask(g, r, 0, st, sec, fmt.Sprint(len(st.taskRow)+1), name)
	}
	ar.addMeasure(g, h, r, st.annex.Code, task, pr)
}

// rowHeading reads a row that is a section heading, a note (备注, 注：) or
// a page's number (- 3 -: a document's footer in a workbook saved from it)
// and reports whether it was one.
func (st *tableState) rowHeading(r gridRow, h header) bool {
	if text := r.only(); text != "" {
		if st.heading(text) || plantext.PageNumber(text) {
			return true
		}
		if strings.HasPrefix(text, "备注") || strings.HasPrefix(text, "注：") || strings.HasPrefix(text, "注:") {
			return true
		}
	}
	// A heading with its number in the 序号 cell: 一 | 主要目标, the
	// title in one cell or spanning the rest of the row.
	rawNo := r.cell(h.cols[colNo])
	rest := r.onlyBut(h.cols[colNo])
	return rest != "" && rawNo != "" &&
		(st.heading(strings.TrimRight(squeeze(rawNo), "、.．")+"、"+rest) || st.heading(squeeze(rawNo)+rest))
}

// restOfMeasure reports whether the row, after a page break, holds only
// more of the last measure's text (and co-units) of task.
func (pr planRow) restOfMeasure(task *data.Task) bool {
	return task != nil && len(task.Measures) > 0 && pr.no == "" && pr.name == "" && pr.deadline == "" && isNone(pr.lead) && pr.text != ""
}

// rowTask returns the task row r's measure belongs to: the last task of
// the section, or a new one the row starts. It is nil, with the problem
// added, when the row has no 序号 and no task before it, or names another
// task without a 序号.
func (ar *annexReader) rowTask(g *grid, h header, r gridRow, st *tableState, sec *data.Section, task *data.Task, pr planRow) *data.Task {
	at := h.cols[colNo] + 1
	no := pr.no
	switch {
	case task != nil && no != st.printed && r.continues(h.cols[colTask]) && !r.continues(h.cols[colNo]):
		// 序号 counting the measures of a task merged over them: the
		// task keeps the 序号 of its first row
		return task
	case no != "" && (task == nil || no != st.printed):
		return ar.newTask(g, r, at, st, sec, no, pr.name)
	case task == nil:
		ar.problem(g, r.no, at, "这一行没有序号，前面也没有本章节的任务：请填写序号")
		return nil
	case no == "" && pr.name != "" && pr.name != task.Name:
		ar.problem(g, r.no, at, "重点任务“%s”与上一行的“%s”不同，却没有序号：新任务请填写序号，同一任务请合并单元格或留空", shorten(pr.name), shorten(task.Name))
		return nil
	}
	return task
}

// newTask adds the task that row r starts (序号 no in column at) to the
// section. A 序号 used before is a problem, unless it is a 1 that starts a
// section's numbering again: then the tasks are numbered in order.
func (ar *annexReader) newTask(g *grid, r gridRow, at int, st *tableState, sec *data.Section, no, name string) *data.Task {
	a := st.annex
	st.printed = no
	first, dup := st.taskRow[no]
	switch {
	case dup && !st.renumber && no == "1" && len(sec.Tasks) == 0:
		// 序号 restarts in each section: the IDs need one number per task
		st.renumber = true
		ar.res.Ignored = append(ar.res.Ignored, Problem{File: g.file, Sheet: g.sheet, Row: r.no, Col: g.place(at),
			Text: fmt.Sprintf("序号在每个章节中从 1 重新编号：附件%s的重点任务按出现的顺序编号，这一行的任务编为 %d", a.Code, len(st.taskRow)+1)})
	case dup && !st.renumber:
		ar.problem(g, r.no, at, "序号“%s”在附件%s中已用于第 %d 行的任务，序号不能重复", no, a.Code, first)
	}
	if st.renumber {
		no = fmt.Sprint(len(st.taskRow) + 1)
	}
	st.taskRow[no] = r.no
	sec.Tasks = append(sec.Tasks, data.Task{No: no, Name: name})
	return &sec.Tasks[len(sec.Tasks)-1]
}

// addMeasure adds row r's measure to task, of annex code: its text,
// deadline and units, each checked.
func (ar *annexReader) addMeasure(g *grid, h header, r gridRow, code string, task *data.Task, pr planRow) {
	at := func(c int) int { return h.cols[c] + 1 }
	if pr.text == "" {
		ar.problem(g, r.no, at(colText), "这一行没有工作措施")
		return
	}
	m := data.Measure{Text: pr.text}
	if pr.deadline == "" {
		ar.problem(g, r.no, at(colDeadline), "措施没有完成时限")
	} else if d, err := ar.deadline(pr.deadline); err != nil {
		ar.problem(g, r.no, at(colDeadline), "%v（应为 年底前、6月底前、6-9月、春节前、长期实施、按要求 之类的时限，不写单位或措施）", err)
	} else {
		m.Deadline = d
	}
	if m.Lead, m.Co = ar.roles(pr.lead, pr.co); len(m.Lead) == 0 {
		ar.problem(g, r.no, at(colLead), "措施没有主责单位")
	}
	m.ID = fmt.Sprintf("%s.%s.%d", code, task.No, len(task.Measures)+1)
	if m.Deadline.Kind == data.DeadlineMilestone && m.Deadline.Due == "" {
		ar.res.Undated = append(ar.res.Undated, Problem{File: g.file, Sheet: g.sheet, Row: r.no, Col: g.place(at(colDeadline)),
			Text: undatedText(m.ID, m.Deadline)})
	}
	task.Measures = append(task.Measures, m)
}

// deadline parses a 完成时限 with plantext.ParseDeadline for the plan year.
func (ar *annexReader) deadline(cell string) (data.Deadline, error) {
	return plantext.ParseDeadline(cell, ar.year)
}

var (
	// roleMark is a unit's role written after its name: 区生态环境局（牵头）.
	// 区生态环境局牵头 and 区统计局配合 likewise.
	roleMark = regexp.MustCompile(`\s*(?:[（(]\s*(牵头|主责|负责|配合|协办|参与)(?:单位)?\s*[）)]|(牵头|配合|协办|参与))\s*$`)
	// roleLabel is a role written before the names it applies to:
	// 牵头单位：区生态环境局；配合单位：区城管委.
	roleLabel = regexp.MustCompile(`(牵头单位|主责单位|责任单位|配合单位|协办单位|牵头|主责|配合|协办)\s*[：:]`)
)

// roles reads the lead and co-unit cells into names. A cell may say the
// roles itself, as plans with one 责任单位 column do: a name marked
// （牵头）or（配合）, names followed by 牵头 or 配合 (区生态环境局、区城管委牵头，
// 区交通委配合: the word is the role of every name since the last role),
// or names after 牵头单位： or 配合单位：. In the lead cell, once some name is
// marked as lead, the names not marked are co-units.
func (ar *annexReader) roles(leadCell, coCell string) (lead, co []string) {
	type named struct {
		name string
		lead bool
		mark bool // the role is written in the cell
	}
	read := func(cell string, isLead bool) []named {
		var out []named
		idx := roleLabel.FindAllStringSubmatchIndex(cell, -1)
		type seg struct {
			text       string
			lead, mark bool
		}
		segs := []seg{{lead: isLead}}
		prev := 0
		for _, ix := range idx {
			segs[len(segs)-1].text = cell[prev:ix[0]]
			label := cell[ix[2]:ix[3]]
			segs = append(segs, seg{lead: !strings.Contains(label, "配合") && !strings.Contains(label, "协办"), mark: true})
			prev = ix[1]
		}
		segs[len(segs)-1].text = cell[prev:]
		for _, sg := range segs {
			since := len(out) // the first name after the last one marked
			for _, n := range ar.units(sg.text) {
				nd := named{name: n, lead: sg.lead, mark: sg.mark}
				if m := roleMark.FindStringSubmatch(n); m != nil && len(m[0]) < len(n) {
					role := m[1] + m[2]
					nd.name = strings.TrimSpace(n[:len(n)-len(m[0])])
					nd.lead = role == "牵头" || role == "主责" || role == "负责"
					nd.mark = true
					if m[2] != "" { // 区生态环境局、区城管委牵头: the role of all the names before
						for j := since; j < len(out); j++ {
							if !out[j].mark {
								out[j].lead, out[j].mark = nd.lead, true
							}
						}
					}
				}
				if !isNone(nd.name) {
					out = append(out, nd)
				}
				if nd.mark {
					since = len(out)
				}
			}
		}
		return out
	}
	inLead := read(leadCell, true)
	marked := false
	for _, n := range inLead {
		marked = marked || n.mark && n.lead
	}
	for _, n := range append(inLead, read(coCell, false)...) {
		if n.lead && (n.mark || !marked) {
			lead = appendNew(lead, n.name)
		} else {
			co = appendNew(co, n.name)
		}
	}
	for _, n := range lead {
		co = slices.DeleteFunc(co, func(c string) bool { return c == n })
	}
	return lead, co
}

// units splits a unit cell into names as printed. Separators are 、，,；;
// and white space; fragments separated by white space that together spell a
// known name are rejoined, the longest match first, and so is a fragment
// that ends no name with the next when that one starts none (see
// plantext.NameGoesOn).
func (ar *annexReader) units(cell string) []string {
	if isNone(cell) {
		return nil
	}
	var names []string
	for _, part := range unitSep.Split(cell, -1) {
		words := strings.Fields(strings.ReplaceAll(part, "\u3000", " "))
		for i := 0; i < len(words); {
			j := len(words)
			for ; j > i+1; j-- {
				if ar.known[strings.Join(words[i:j], "")] {
					break
				}
			}
			// a name of no known unit broken at a line end (区机关事务 /
			// 管理局): a fragment that ends no unit's name goes on in the
			// next, unless that one starts a name of its own
			for !ar.known[strings.Join(words[i:j], "")] && j < len(words) && plantext.NameGoesOn(words[j-1], words[j]) {
				j++
			}
			if w := strings.Join(words[i:j], ""); !isNone(w) {
				names = appendNew(names, w)
			}
			i = j
		}
	}
	return names
}

// indicators reads an indicator table: the first row from index from is the
// header, rows starting 备注 the note. A row under the header whose first
// cell continues the header's merged one (街道 over two rows) is the header's
// second row: under a group heading spanning columns (空气质量 over PM2.5 and
// 优良天数) its cells name the columns, elsewhere they complete the name
// above (PM2.5年均浓度 over （微克/立方米）).
func (ar *annexReader) indicators(g *grid, from int, t *data.IndicatorTable) {
	var printed [][]string // the header's rows, to skip them repeated
	if t.Columns != nil {
		printed = [][]string{t.Columns} // a table continuing the one before
	}
	last := -1 // index of the last header row, or of the header repeated
	for i, r := range g.rows[from:] {
		if r.empty() || r.header {
			continue
		}
		cells := make([]string, len(r.cells))
		for i := range r.cells {
			cells[i] = joinLines(r.cell(i))
		}
		if plantext.PageNumber(r.only()) {
			continue // a page's number (see tableState.rowHeading)
		}
		if first := cells[0]; strings.HasPrefix(first, "备注") || strings.HasPrefix(first, "注：") {
			t.Note = r.only()
			if t.Note == "" {
				t.Note = first
			}
			continue
		}
		if t.Columns == nil {
			for len(cells) > 0 && cells[len(cells)-1] == "" {
				cells = cells[:len(cells)-1]
			}
			t.Columns, printed, last = cells, [][]string{cells}, i
			continue
		}
		if last == i-1 && r.continues(0) {
			if len(t.Rows) == 0 {
				t.Columns = joinIndicatorHeader(t.Columns, cells)
				printed = append(printed, cells)
			}
			last = i
			continue
		}
		repeated := false
		for _, h := range printed {
			repeated = repeated || fmt.Sprint(cells[:min(len(cells), len(h))]) == fmt.Sprint(h)
		}
		if repeated {
			last = i
			continue // the header repeated on the next page
		}
		for i := len(t.Columns); i < len(cells); i++ {
			if cells[i] != "" {
				ar.problem(g, r.no, i+1, "这一格“%s”在表头之外（表头只有 %d 列）", shorten(cells[i]), len(t.Columns))
			}
		}
		for len(cells) < len(t.Columns) {
			cells = append(cells, "")
		}
		t.Rows = append(t.Rows, cells[:len(t.Columns)])
	}
}

// joinIndicatorHeader reads an indicator table's second header row into its
// column names (see indicators).
func joinIndicatorHeader(top, bottom []string) []string {
	out := append([]string(nil), top...)
	for len(out) < len(bottom) {
		out = append(out, "")
	}
	// a group spans the column after it: the same text there (a Word
	// table's span) or an empty cell with a name under it (a workbook's)
	group := func(c int) bool {
		return c > 0 && top[c-1] == top[c] ||
			c+1 < len(top) && (top[c+1] == top[c] || top[c+1] == "" && cellAt(bottom, c+1) != "")
	}
	for c, b := range bottom {
		switch {
		case b == "" || b == cellAt(top, c):
		case cellAt(top, c) == "" || group(c):
			out[c] = b
		default:
			out[c] = top[c] + b
		}
	}
	return out
}

// cleanText is a measure cell's text as paragraphs: each line trimmed, empty
// lines dropped.
func cleanText(s string) string {
	var paras []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n")
}

// joinText appends a measure's text continued on the next page: a sentence
// cut by the page break is joined without a separator, a new one starts a
// new paragraph.
func joinText(prev, next string) string {
	if strings.HasSuffix(prev, "。") || strings.HasSuffix(prev, "；") {
		return prev + "\n" + next
	}
	return prev + next
}

// joinLines is a one-line cell (a task name, an indicator) without the line
// breaks the cell wrapped it at.
func joinLines(s string) string {
	var parts []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "")
}

// isNone reports whether a unit cell says "none".
func isNone(cell string) bool {
	t := strings.Trim(squeeze(cell), "-—–－/／")
	return t == "" || t == "无"
}

// appendNew appends the names not yet in list.
func appendNew(list []string, names ...string) []string {
	for _, n := range names {
		found := false
		for _, l := range list {
			found = found || l == n
		}
		if !found {
			list = append(list, n)
		}
	}
	return list
}

// shorten cuts a cell's text for a message.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return s
}
