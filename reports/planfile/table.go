package planfile

import (
	"fmt"
	"regexp"
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
}

// gridRow is one table row: its place and its cells, left to right.
type gridRow struct {
	no     int      // the row's number in the sheet or table
	cells  []string // cell texts, paragraphs separated by "\n"
	header bool     // marked as a header row repeated on each page (w:tblHeader)
}

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

// The columns of a measure table.
const (
	colNo = iota
	colTask
	colText
	colDeadline
	colLead
	colCo
	numCols
)

var colLabels = [numCols]string{"序号", "重点任务", "工作措施", "完成时限", "主责单位", "协办单位"}

// headerNames are the header cells each column tolerates, spaces removed.
var headerNames = map[string]int{
	"序号": colNo, "编号": colNo,
	"重点任务": colTask, "任务": colTask, "主要任务": colTask,
	"工作措施": colText, "措施": colText, "具体措施": colText, "主要措施": colText,
	"完成时限": colDeadline, "完成时间": colDeadline, "时限": colDeadline, "时间节点": colDeadline,
	"主责单位": colLead, "牵头单位": colLead, "责任单位": colLead, "主责部门": colLead, "牵头部门": colLead,
	"协办单位": colCo, "配合单位": colCo, "协助单位": colCo, "协办部门": colCo, "配合部门": colCo,
}

var (
	annexLine   = regexp.MustCompile(`^附件\s*(\d+(?:\s*[-－—–]\s*\d+)?|[一二三四五六七八九十]+)(?:\s*[：:、.．]\s*(.*)|\s+(.*))?$`)
	sectionHead = regexp.MustCompile(`^([一二三四五六七八九十]+)\s*[、．.]\s*(.+)$`)
	// fullWidthParens prints a subheading's number as the plan does: （一）.
	fullWidthParens = strings.NewReplacer("(", "（", ")", "）")
	subHead         = regexp.MustCompile(`^([（(]\s*[一二三四五六七八九十]+\s*[）)])\s*(.+)$`)
	dashes          = regexp.MustCompile(`\s*[－—–]\s*`)
	allSpace        = regexp.MustCompile(`[\s\x{3000}]+`)
	unitSep         = regexp.MustCompile(`[、，,；;]+`)
)

// squeeze removes all white space, the way header cells are compared.
func squeeze(s string) string { return allSpace.ReplaceAllString(s, "") }

// annexCode reads 附件2-1, 附件1：标题 or 附件1 标题 (附件一 as 附件1); ok is
// false for other lines.
func annexCode(line string) (code, title string, ok bool) {
	m := annexLine.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return "", "", false
	}
	code = dashes.ReplaceAllString(squeeze(m[1]), "-")
	if n := chineseNumber(code); n > 0 {
		code = fmt.Sprint(n)
	}
	return code, strings.TrimSpace(m[2] + m[3]), true
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
	labels  map[int]string // unknown header cells by index
}

// findHeader looks for the header among rows[from:]: the first row (or two
// rows read together) naming 工作措施. ok is false when there is none.
func findHeader(rows []gridRow, from int) (h header, at int, ok bool) {
	for i := from; i < len(rows) && i < from+12; i++ {
		if h, ok := parseHeader(rows[i].cells); ok && h.complete() {
			h.printed = [][]string{h.names}
			return h, i, true
		}
		if i+1 < len(rows) {
			top, bottom := squeezed(rows[i].cells), squeezed(rows[i+1].cells)
			joined := make([]string, max(len(top), len(bottom)))
			for c := range joined {
				a, b := cellAt(top, c), cellAt(bottom, c)
				if a == b {
					b = "" // one cell merged over both rows
				}
				joined[c] = a + b
			}
			if h, ok := parseHeader(joined); ok && h.complete() {
				h.rows, h.printed = 2, [][]string{top, bottom}
				return h, i, true
			}
		}
		if h, ok := parseHeader(rows[i].cells); ok {
			h.printed = [][]string{h.names}
			return h, i, true // incomplete: the caller names what is missing
		}
	}
	return header{}, 0, false
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

// parseHeader reads one row as a header; ok when it names 工作措施.
func parseHeader(cells []string) (header, bool) {
	h := header{rows: 1, labels: map[int]string{}}
	for c := range h.cols {
		h.cols[c] = -1
	}
	for i, cell := range cells {
		s := squeeze(cell)
		h.names = append(h.names, s)
		if s == "" {
			continue
		}
		c, known := headerNames[s]
		switch {
		case !known:
			h.labels[i] = s
		case h.cols[c] < 0:
			h.cols[c] = i
		default:
			h.labels[i] = s // a second column of the same kind
		}
	}
	return h, h.cols[colText] >= 0
}

func (h header) complete() bool {
	for c := colNo; c <= colLead; c++ {
		if h.cols[c] < 0 {
			return false
		}
	}
	return len(h.labels) == 0
}

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
	ar.res.Problems = append(ar.res.Problems, Problem{File: g.file, Sheet: g.sheet, Row: row, Col: col, Text: fmt.Sprintf(format, args...)})
}

// checkHeader reports the header's missing columns; ok is false when the
// table cannot be read for want of a column. Other columns (备注, 责任人 …)
// are read past and named in Result.Ignored; while a column is missing they
// are problems too, since one of them may be the missing one misspelt.
func (ar *annexReader) checkHeader(g *grid, h header, row int) bool {
	ok := true
	for c := colNo; c <= colLead; c++ {
		if h.cols[c] < 0 {
			ar.problem(g, row, 0, "表头缺少“%s”列（表头应有 序号、重点任务、工作措施、完成时限、主责单位，可有协办单位）", colLabels[c])
			ok = false
		}
	}
	for i := 0; i < len(h.names); i++ {
		label, unknown := h.labels[i]
		switch {
		case !unknown:
		case ok:
			ar.res.Ignored = append(ar.res.Ignored, Problem{File: g.file, Sheet: g.sheet, Row: row, Col: i + 1,
				Text: fmt.Sprintf("“%s”列不是计划的列，导入时不读取", label)})
		default:
			ar.problem(g, row, i+1, "无法识别的列“%s”：请改为 序号、重点任务、工作措施、完成时限、主责单位、协办单位 之一，或删除这一列", label)
		}
	}
	return ok
}

// tableState is where reading an annex has got to, across the grids of one
// annex (a Word table continued on the next page as a new table).
type tableState struct {
	annex      *data.Annex
	heading    data.Section   // the last section heading 一、…, for its subheadings （一）…
	taskRow    map[string]int // task 序号 → the row it started on, for duplicates
	afterBreak bool           // the last row read was a repeated header
}

// measures reads a grid's rows from index from (the first row after the
// header) into st.annex.
func (ar *annexReader) measures(g *grid, h header, from int, st *tableState) {
	col := func(c int) int { return h.cols[c] }
	at := func(c int) int { return h.cols[c] + 1 }
	a := st.annex
	for _, r := range g.rows[from:] {
		if r.empty() {
			continue
		}
		if r.header || h.repeats(r) {
			st.afterBreak = true
			continue
		}
		brk := st.afterBreak
		st.afterBreak = false
		if text := r.only(); text != "" {
			if m := sectionHead.FindStringSubmatch(text); m != nil {
				st.heading = data.Section{No: m[1], Title: strings.TrimSpace(m[2])}
				a.Sections = append(a.Sections, st.heading)
				continue
			}
			if m := subHead.FindStringSubmatch(text); m != nil {
				// A subheading （一）… starts a section of its own under the
				// heading's number: 二、深化扬尘治理 （一）施工扬尘.
				sub := data.Section{No: st.heading.No, Title: strings.TrimSpace(st.heading.Title + " " + fullWidthParens.Replace(squeeze(m[1])) + strings.TrimSpace(m[2]))}
				if n := len(a.Sections); n > 0 && len(a.Sections[n-1].Tasks) == 0 {
					a.Sections[n-1] = sub // the heading itself holds no task
				} else {
					a.Sections = append(a.Sections, sub)
				}
				continue
			}
			if strings.HasPrefix(text, "备注") || strings.HasPrefix(text, "注：") || strings.HasPrefix(text, "注:") {
				continue
			}
		}
		no, name := squeeze(r.cell(col(colNo))), joinLines(r.cell(col(colTask)))
		text := cleanText(r.cell(col(colText)))
		deadline, lead, co := r.cell(col(colDeadline)), r.cell(col(colLead)), ""
		if h.cols[colCo] >= 0 {
			co = r.cell(col(colCo))
		}
		if len(a.Sections) == 0 {
			a.Sections = append(a.Sections, data.Section{}) // a table without section headings
		}
		sec := &a.Sections[len(a.Sections)-1]
		var task *data.Task
		if n := len(sec.Tasks); n > 0 {
			task = &sec.Tasks[n-1]
		}
		// A row split across pages: the rest of the last measure's text,
		// printed under the repeated header with nothing else.
		if brk && task != nil && len(task.Measures) > 0 && no == "" && name == "" && deadline == "" && isNone(lead) && text != "" {
			m := &task.Measures[len(task.Measures)-1]
			m.Text = joinText(m.Text, text)
			m.Co = appendNew(m.Co, ar.units(co)...)
			continue
		}
		switch {
		case no != "" && (task == nil || no != task.No):
			if first, dup := st.taskRow[no]; dup {
				ar.problem(g, r.no, at(colNo), "序号“%s”在附件%s中已用于第 %d 行的任务，序号不能重复", no, a.Code, first)
			}
			st.taskRow[no] = r.no
			sec.Tasks = append(sec.Tasks, data.Task{No: no, Name: name})
			task = &sec.Tasks[len(sec.Tasks)-1]
		case task == nil:
			ar.problem(g, r.no, at(colNo), "这一行没有序号，前面也没有本章节的任务：请填写序号")
			continue
		case no == "" && name != "" && name != task.Name:
			ar.problem(g, r.no, at(colNo), "重点任务“%s”与上一行的“%s”不同，却没有序号：新任务请填写序号，同一任务请合并单元格或留空", shorten(name), shorten(task.Name))
			continue
		}
		if text == "" {
			ar.problem(g, r.no, at(colText), "这一行没有工作措施")
			continue
		}
		m := data.Measure{Text: text}
		if deadline == "" {
			ar.problem(g, r.no, at(colDeadline), "措施没有完成时限")
		} else if d, err := ar.deadline(deadline); err != nil {
			ar.problem(g, r.no, at(colDeadline), "%v（应为 年底前、6月底前、6-9月、长期实施、持续推进 或 按时间节点完成）", err)
		} else {
			m.Deadline = d
		}
		if m.Lead = ar.units(lead); len(m.Lead) == 0 {
			ar.problem(g, r.no, at(colLead), "措施没有主责单位")
		}
		m.Co = ar.units(co)
		m.ID = fmt.Sprintf("%s.%s.%d", a.Code, task.No, len(task.Measures)+1)
		task.Measures = append(task.Measures, m)
	}
}

// deadline parses a 完成时限 with plantext.ParseDeadline; the plan's own
// year written before it (2024年底前, 2024年6月底前) is understood, the text
// kept as printed.
func (ar *annexReader) deadline(cell string) (data.Deadline, error) {
	printed := squeeze(cell)
	d, err := plantext.ParseDeadline(strings.TrimPrefix(printed, fmt.Sprintf("%d年", ar.year)), ar.year)
	if err != nil {
		return plantext.ParseDeadline(printed, ar.year) // the error names the text as printed
	}
	d.Text = printed
	return d, nil
}

// units splits a unit cell into names as printed. Separators are 、，,；;
// and white space; fragments separated by white space that together spell a
// known name are rejoined, the longest match first.
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
			if w := strings.Join(words[i:j], ""); !isNone(w) {
				names = appendNew(names, w)
			}
			i = j
		}
	}
	return names
}

// indicators reads an indicator table: the first row from index from is the
// header, rows starting 备注 the note.
func (ar *annexReader) indicators(g *grid, from int, t *data.IndicatorTable) {
	for _, r := range g.rows[from:] {
		if r.empty() || r.header {
			continue
		}
		cells := make([]string, len(r.cells))
		for i := range r.cells {
			cells[i] = joinLines(r.cell(i))
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
			t.Columns = cells
			continue
		}
		if fmt.Sprint(cells[:min(len(cells), len(t.Columns))]) == fmt.Sprint(t.Columns) {
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
