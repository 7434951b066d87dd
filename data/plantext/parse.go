// Package plantext reads the action plan from the text conversion of its PDF
// (assets/plan/xicheng-2023-action-plan.txt) into a data.Plan.
//
// The conversion is lossy: page breaks repeat the table header and split
// merged cells, unit names wrap across lines, two rows sharing a merged cell
// come out as one, and spaces appear between Chinese characters. General
// rules below undo what the text itself shows, for any year's plan converted
// this way; no rule depends on the year or on a particular row's text.
package plantext

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"taizhang/assets"
	"taizhang/data"
)

// Default parses the embedded 2023 plan.
func Default() (*data.Plan, error) {
	return Parse(assets.PlanText2023)
}

var (
	annexHead   = regexp.MustCompile(`^#*\s*附件\s*(\d+|[一二三四五六七八九十]+)(?:\s*[-－—–]+\s*(\d+))?(?:\s*[：:]\s*(.*))?$`)
	sectionHead = regexp.MustCompile(`^#*\s*([一二三四五六七八九十]+)\s*[、．.]\s*(.+)$`)
	subHead     = regexp.MustCompile(`^#*\s*[（(]([一二三四五六七八九十]+)[）)](.+)$`)
	taskNo      = regexp.MustCompile(`^[（(]?(\d+)[.．、)）]?$`)
	docNo       = regexp.MustCompile(`^(?:文号[：:])?西政办发[〔［\[（(](\d{4})[〕］\]）)](\d+)号$`)
	issueDate   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日$`)
	// titleQuote is the plan's title in the notice: 《…行动计划》, or
	// 关于印发…行动计划的通知 without the quotes.
	titleQuote = regexp.MustCompile(`(?:《|关于印发)([^《》]+?行动计划)(?:》|的通知)`)
	yearIn     = regexp.MustCompile(`(\d{4})年`)
	twoSpaces  = regexp.MustCompile(`\s{2,}`)
	unitSep    = regexp.MustCompile(`[、，,；;/／]+`)
	// pageNumber is a page's footer or header: — 3 —, - 3 -, 第3页, 第 3 页 共 40 页.
	pageNumber = regexp.MustCompile(`^(?:[-—－–]+ ?\d+ ?[-—－–]+|第 ?\d+ ?页(?: ?共 ?\d+ ?页)?)$`)
)

// parser holds the state while reading the text top to bottom.
type parser struct {
	plan   *data.Plan
	units  map[string]string // canonical name or alias → canonical name
	strict bool              // the 2023 plan: title and number required, every unit known
	year   int               // the plan year when the title names none (not strict)

	code       string               // the annex being read; "" before the first and after the last
	title      string               // its title
	annex      *data.Annex          // the measure annex being read, once its table began
	indicators *data.IndicatorTable // the indicator annex being read, once its table began
	wantTitle  bool                 // the next heading is the annex's title
	layout     layout               // where the measure table's columns are, from its header
	pageTop    bool                 // the table header was just repeated: this row opens a page
	orphan     *data.Task           // a task opened at a page top by a 序号 without name (see taskFor)
	parent     *data.Section        // the last heading 一、…, for the subheadings （一）… under it
	taskLines  map[string]int       // the annex's task 序号 → the line that opened it
	renumber   bool                 // 序号 starts again at 1 in a section: the annex's tasks are numbered in order
	started    bool                 // an annex was begun: the preamble is read
	codeLine   int                  // the line 附件N of the annex being read
	annexLines map[string]int       // annex code → its line 附件N, once its table began
	lineNo     int
}

// Parse reads the 2023 plan from its text conversion, using the 2023 unit
// directory. Errors are *LineError when they concern a line.
func Parse(text string) (*data.Plan, error) {
	return parse(text, Options{}, true)
}

// Options adapt the parser to the text of another year's plan, converted
// the same way.
type Options struct {
	// Year is the plan year when the title names none; a title naming
	// another year is an error.
	Year int
	// Units is the directory that names are matched against and wrapped
	// names rejoined with; the 2023 directory when nil. A name not in it is
	// kept as printed (each white-space-separated fragment a name).
	Units []data.Unit
}

// ParseWith reads another year's plan from its text conversion. Unlike
// Parse it accepts units outside the directory, and a text without title or
// document number (the caller asks for them). Errors are *LineError when
// they concern a line.
func ParseWith(text string, opt Options) (*data.Plan, error) {
	return parse(text, opt, false)
}

// LineError is an error in one line of the text, and in one of its cells
// when Col is not 0.
type LineError struct {
	Line int // 1-based line of the text
	Col  int // 1-based cell of a table row (cells are separated by tabs): 4 is 完成时限; 0 for the whole line
	Err  error
}

func (e *LineError) Error() string {
	if e.Col > 0 {
		return fmt.Sprintf("计划文本第 %d 行第 %d 列：%v", e.Line, e.Col, e.Err)
	}
	return fmt.Sprintf("计划文本第 %d 行：%v", e.Line, e.Err)
}

// Unwrap returns the error without its line.
func (e *LineError) Unwrap() error { return e.Err }

func parse(text string, opt Options, strict bool) (*data.Plan, error) {
	units := opt.Units
	if units == nil {
		units = directory2023()
	}
	p := &parser{
		plan:       &data.Plan{Units: units},
		units:      map[string]string{},
		annexLines: map[string]int{},
		strict:     strict,
		year:       opt.Year,
	}
	for _, u := range p.plan.Units {
		p.units[u.Name] = u.Name
		for _, a := range u.Aliases {
			p.units[a] = u.Name
		}
	}
	lines := strings.Split(normalizeText(text), "\n")
	if n := cellPerLine(lines); n > 0 {
		return nil, &LineError{Line: n, Err: errors.New("表格的每个单元格各占一行（表头“序号”“重点任务”“工作措施”……上下排列）：" +
			"这是 WPS、LibreOffice 或 PDF 转存的文本，分不清哪些格属于同一行。请直接导入 Word 文档（.docx），或用 Word 另存为“纯文本”（同一行的单元格以制表符分隔）")}
	}
	if n := spacedHeader(lines); n > 0 {
		return nil, &LineError{Line: n, Err: errors.New("表头“序号 … 工作措施 …”的各列之间是空格而不是制表符：这是按版面排列的文本（如 PDF 转成的文本），分不清各列。" +
			"请直接导入 Word 文档（.docx）或 Excel 工作簿，或用 Word 另存为“纯文本”（同一行的单元格以制表符分隔）")}
	}
	for i, line := range lines {
		p.lineNo = i + 1
		if err := p.line(line); err != nil {
			le := &LineError{Err: err}
			errors.As(err, &le)
			le.Line = p.lineNo
			return nil, le
		}
	}
	p.endAnnex()
	return p.finish()
}

// cellPerLine is the 1-based line of a table header printed one cell per
// line (序号, then 重点任务, 工作措施 … each on a line of its own, as WPS
// and LibreOffice save a document's tables as text), or 0: such a text does
// not say which cells make a row.
func cellPerLine(lines []string) int {
	for i, l := range lines {
		if strings.Contains(l, "\t") || headerName(l) != ColNo {
			continue
		}
		for _, next := range lines[i+1 : min(i+8, len(lines))] {
			if strings.Contains(next, "\t") {
				break
			}
			if headerName(next) == ColText {
				return i + 1
			}
		}
	}
	return 0
}

// PageNumber reports whether a line is a page's number printed in the
// text (— 3 —, - 3 -, 第3页, 第 3 页 共 40 页), as a document's footer
// comes out in a conversion or a workbook saved from the document.
func PageNumber(line string) bool {
	return len(line) < 64 && pageNumber.MatchString(cleanLine(line))
}

// spacedHeader is the 1-based line of a table header whose columns are
// laid out with spaces instead of tabs (序号    工作措施    完成时限, as a
// PDF's text keeps the page's layout), or 0.
func spacedHeader(lines []string) int {
	for i, l := range lines {
		if strings.Contains(l, "\t") {
			continue
		}
		fields := strings.Fields(l)
		if len(fields) >= 3 && headerName(fields[0]) == ColNo && slices.ContainsFunc(fields, func(f string) bool { return headerName(f) == ColText }) {
			return i + 1
		}
	}
	return 0
}

func (p *parser) finish() (*data.Plan, error) {
	pl := p.plan
	switch {
	case p.strict && (pl.Title == "" || pl.Year == 0):
		return nil, fmt.Errorf("计划文本中没有找到《……行动计划》标题")
	case p.strict && pl.DocNo == "":
		return nil, fmt.Errorf("计划文本中没有找到文号（西政办发〔……〕……号）")
	case pl.Year == 0:
		return nil, fmt.Errorf("不知道这是哪一年的计划：计划文本中没有《……行动计划》标题中的年份，也没有选择年度")
	case len(pl.Annexes) == 0:
		return nil, fmt.Errorf("计划文本中没有找到任何附件表格")
	}
	for _, a := range pl.Annexes {
		for si, s := range a.Sections {
			for ti, t := range s.Tasks {
				for mi := range t.Measures {
					a.Sections[si].Tasks[ti].Measures[mi].ID = fmt.Sprintf("%s.%s.%d", a.Code, t.No, mi+1)
				}
			}
		}
	}
	return pl, nil
}

func (p *parser) line(raw string) error {
	clean := cleanLine(raw)
	if code, title, ok := annexCode(clean); ok {
		if !p.started {
			if err := p.settleYear(); err != nil {
				return err
			}
			p.started = true
		}
		if line, ok := p.annexLines[code]; ok {
			return fmt.Errorf("附件%s出现了两次（第 %d 行已有）", code, line)
		}
		p.endAnnex()
		p.startAnnex(code, title)
		return nil
	}
	if p.code == "" {
		return p.preamble(clean)
	}
	if p.wantTitle {
		if clean != "" {
			p.wantTitle = false
			p.title = strings.TrimSpace(strings.TrimLeft(clean, "#"))
		}
		return nil
	}
	if p.annex == nil && p.indicators == nil && !p.beginTable(raw, clean) {
		// Prose before the annex's table; or, when the 附件 line was the
		// notice's list of annexes (附件1：标题), the rest of the notice.
		return p.preamble(clean)
	}
	if p.indicators != nil {
		return p.indicatorLine(raw, clean)
	}
	return p.tableLine(raw)
}

// annexCode reads a line 附件N that starts an annex: 附件 2-1, 附件2—1,
// 附件二 (一 to 十), 附件１, and its title when the line gives it
// (附件1：标题).
func annexCode(clean string) (code, title string, ok bool) {
	m := annexHead.FindStringSubmatch(foldDigits(clean))
	if m == nil {
		return "", "", false
	}
	code = m[1]
	if n := strings.Index("一二三四五六七八九十", code); n >= 0 && len([]rune(code)) == 1 {
		code = strconv.Itoa(n/len("一") + 1)
	} else if _, err := strconv.Atoi(code); err != nil {
		return "", "", false // 十一, 二十: more annexes than any plan has
	}
	if m[2] != "" {
		code += "-" + m[2]
	}
	return code, strings.TrimSpace(m[3]), true
}

// beginTable tells from the annex's first table line (or section heading)
// what its table holds: measures when the line is a header naming 工作措施
// (or any other line of an annex whose title does not say 指标, unless the
// line is an indicator table's header: see IndicatorHeader), indicators
// otherwise (areas × indicators, like the 2023 plan's annexes 2-2 and 6). It
// reports false for a line before the table.
func (p *parser) beginTable(raw, clean string) bool {
	if !strings.Contains(raw, "\t") && sectionHead.FindString(clean) == "" && subHead.FindString(clean) == "" {
		return false
	}
	p.annexLines[p.code] = p.codeLine
	cells := strings.Split(raw, "\t")
	if _, header, _ := readHeader(cells); header || !strings.Contains(p.title, "指标") && !IndicatorHeader(cells) {
		p.annex = &data.Annex{Code: p.code, Title: p.title}
	} else {
		p.indicators = &data.IndicatorTable{Annex: p.code, Title: p.title}
	}
	return true
}

// settleYear fixes the plan year once the preamble is read.
func (p *parser) settleYear() error {
	pl := p.plan
	switch {
	case pl.Year != 0 && p.year != 0 && pl.Year != p.year:
		return fmt.Errorf("计划标题“%s”是 %d 年的计划，而导入的年度是 %d 年", pl.Title, pl.Year, p.year)
	case pl.Year == 0:
		pl.Year = p.year
	}
	return nil
}

func (p *parser) preamble(clean string) error {
	pl := p.plan
	switch {
	case pl.Title == "" && titleQuote.MatchString(clean):
		pl.Title = titleQuote.FindStringSubmatch(clean)[1]
		if m := yearIn.FindStringSubmatch(pl.Title); m != nil {
			pl.Year, _ = strconv.Atoi(m[1])
		}
	case pl.DocNo == "" && docNo.MatchString(foldDigits(clean)):
		m := docNo.FindStringSubmatch(foldDigits(clean))
		pl.DocNo = "西政办发〔" + m[1] + "〕" + m[2] + "号" // the form the notice prints, whatever brackets were typed
	case pl.Date == "" && issueDate.MatchString(clean):
		m := issueDate.FindStringSubmatch(clean)
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		pl.Date = fmt.Sprintf("%04d-%02d-%02d", y, mo, d)
	}
	return nil
}

// startAnnex begins an annex, with its title when the 附件 line gave it.
// Whether it holds measures or indicators its table tells (beginTable); an
// annex without table (a line of the notice's list of annexes) is none.
func (p *parser) startAnnex(code, title string) {
	p.code, p.codeLine, p.title, p.wantTitle = code, p.lineNo, title, title == ""
	p.layout, p.parent, p.taskLines, p.renumber = defaultLayout, nil, map[string]int{}, false
}

func (p *parser) endAnnex() {
	if p.annex != nil && p.renumber {
		n := 0
		for si := range p.annex.Sections {
			for ti := range p.annex.Sections[si].Tasks {
				n++
				p.annex.Sections[si].Tasks[ti].No = strconv.Itoa(n)
			}
		}
	}
	if p.annex != nil {
		p.plan.Annexes = append(p.plan.Annexes, *p.annex)
	}
	if p.indicators != nil {
		p.plan.Indicators = append(p.plan.Indicators, *p.indicators)
	}
	p.code, p.annex, p.indicators = "", nil, nil
	p.pageTop, p.orphan = false, nil
}

func (p *parser) indicatorLine(raw, clean string) error {
	t := p.indicators
	switch {
	case strings.HasPrefix(clean, "---") || strings.HasPrefix(clean, "抄送"):
		p.endAnnex() // the annex (and the document's body) ends here
	case strings.HasPrefix(clean, "备注"):
		t.Note = clean
	case strings.Contains(raw, "\t") && clean != "":
		var cells []string
		for _, c := range strings.Split(raw, "\t") {
			cells = append(cells, cleanLine(c))
		}
		for cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1] // blank cells at the end: a converter's trailing tabs
		}
		if t.Columns == nil {
			t.Columns = cells
			return nil
		}
		if len(cells) > len(t.Columns) {
			return cellErr(len(t.Columns)+1, "附件%s的指标表这一行有 %d 列，表头有 %d 列", t.Annex, len(cells), len(t.Columns))
		}
		t.Rows = append(t.Rows, append(cells, make([]string, len(t.Columns)-len(cells))...))
	}
	return nil
}

// The columns of a plan's measure table, in the order the 2023 plan prints
// them: the cells of a table row, and the values of HeaderNames.
const (
	ColNo = iota
	ColTask
	ColText
	ColDeadline
	ColLead
	ColCo
	NumCols
)

func (p *parser) tableLine(raw string) error {
	cells := strings.Split(raw, "\t")
	if l, header, err := readHeader(cells); header || cleanLine(cells[0]) == "序号" {
		switch {
		case err != nil:
			return err
		case !header:
			return fmt.Errorf("表头没有“工作措施”列")
		}
		p.layout, p.pageTop = l, true // the header, repeated on every page
		return nil
	}
	if strings.TrimSpace(raw) == "" || PageNumber(raw) {
		return nil // a blank line, or a page number (its tabs a converter's)
	}
	top := p.pageTop
	p.pageTop = false
	if blankFrom(cells, ColText) && p.heading(cleanLine(raw)) {
		return nil
	}
	if len(cells) == 1 {
		return nil // prose between tables
	}
	for len(cells) > p.layout.width && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1] // a converter's trailing tabs
	}
	if w := p.layout.width; len(cells) > w {
		return cellErr(w+1, "表格行有 %d 列，应为 %d 列", len(cells), w)
	}
	if len(p.annex.Sections) == 0 {
		return cellErr(1, "附件%s的表格行出现在第一个章节标题之前", p.annex.Code)
	}
	if err := p.tableRow(p.layout.row(cells), top); err != nil {
		var le *LineError
		if errors.As(err, &le) && le.Col > 0 {
			le.Col = p.layout.cell(le.Col - 1) // the line's cell, from the column
		}
		return err
	}
	return nil
}

// tableRow reads a measure table's row, its cells in column order. Errors
// are *LineError naming the column.
func (p *parser) tableRow(cells []string, top bool) error {
	task, err := p.taskFor(readTaskNo(cells[ColNo]), cleanLine(cells[ColTask]), top)
	if err != nil {
		return err
	}
	if strings.TrimSpace(cells[ColDeadline]) == "" && isNone(cells[ColLead]) {
		return p.continueMeasure(task, cells)
	}
	for _, r := range splitCells(cells) {
		m, err := p.measure(r)
		if err != nil {
			return err
		}
		task.Measures = append(task.Measures, m)
	}
	return nil
}

// heading reads a section heading 一、… or a subheading （一）… (a line of
// its own or a table row with nothing after its first two cells); it
// reports whether text was one. The plan has one level of sections: a
// subheading is a section of its own, numbered and titled as its heading's,
// 二、深化扬尘治理 （一）施工扬尘, and its heading, when no task came
// before the first subheading, is not kept apart. Without a heading above,
// （一） is read as 一、. (The plan workbook and Word readers do the same.)
func (p *parser) heading(text string) bool {
	a := p.annex
	if m := sectionHead.FindStringSubmatch(text); m != nil {
		a.Sections = append(a.Sections, data.Section{No: m[1], Title: m[2]})
		p.parent = &data.Section{No: m[1], Title: m[2]}
		return true
	}
	m := subHead.FindStringSubmatch(text)
	if m == nil {
		return false
	}
	sec := data.Section{No: m[1], Title: m[2]}
	if p.parent != nil {
		sec = data.Section{No: p.parent.No, Title: p.parent.Title + " （" + m[1] + "）" + m[2]}
		if n := len(a.Sections); n > 0 && a.Sections[n-1].Title == p.parent.Title && len(a.Sections[n-1].Tasks) == 0 {
			a.Sections = a.Sections[:n-1]
		}
	}
	a.Sections = append(a.Sections, sec)
	return true
}

// cellErr is an error in the current line's cell col (1-based), or in its
// column col (1-based) in tableRow.
func cellErr(col int, format string, args ...any) error {
	return &LineError{Col: col, Err: fmt.Errorf(format, args...)}
}

// blankFrom reports whether the cells from c on are all blank.
func blankFrom(cells []string, c int) bool {
	for ; c < len(cells); c++ {
		if strings.TrimSpace(cells[c]) != "" {
			return false
		}
	}
	return true
}

// taskFor finds the task a row belongs to (top: the row opens a page). A
// row without 序号 continues the current task; so does a row repeating its
// 序号 at a page top. A task name printed there that differs from the
// current one is the rest of a name the page break or a line wrap split
// ("构建绿色低碳产业" + "体系").
//
// Two artefacts of a merged task cell continued across a page break give
// the page's first row the next task's 序号 instead:
//   - a new 序号 with the current task's own name (task 7's cell continued,
//     printed "8 统筹推进实施生态保护修复"): the row is the current task's,
//     and no task of that number is opened;
//   - a new 序号 with an empty name, later printed again with the task's
//     name ("5 (blank)", ..., "5 加强国土空间规划统筹"): the rows before the
//     name are the task before's, continued from the last page (see adopt).
//     Until the name comes they are read as the new task's.
func (p *parser) taskFor(no, name string, top bool) (*data.Task, error) {
	cur := p.currentTask()
	switch {
	case cur == nil && no == "":
		return nil, cellErr(ColNo+1, "附件%s的表格行没有序号，前面也没有任务", p.annex.Code)
	case cur != nil && p.continued(cur, no, name, top):
		return cur, nil
	case no != "" && (cur == nil || no != cur.No):
		return p.openTask(no, name, top)
	}
	if name != "" && name != cur.Name && !strings.HasSuffix(cur.Name, name) {
		cur.Name += name
		p.orphan = nil
	}
	return cur, nil
}

// continued reports whether a row with a 序号 other than the current task's
// is the current task's merged cell continued from the page before (see
// taskFor; top: the row opens a page). It names the orphan task.
func (p *parser) continued(cur *data.Task, no, name string, top bool) bool {
	switch {
	case name == "":
		return false
	case cur == p.orphan && no == cur.No:
		sec := &p.annex.Sections[len(p.annex.Sections)-1]
		p.adopt(sec)
		cur.Name = name
		return true
	}
	return top && no != "" && no != cur.No && name == cur.Name
}

// openTask opens a task in the current section; one opened at a page top
// without name may be the task before's continued (see adopt).
func (p *parser) openTask(no, name string, top bool) (*data.Task, error) {
	sec := &p.annex.Sections[len(p.annex.Sections)-1]
	if err := p.newTaskNo(no, sec); err != nil {
		return nil, err
	}
	sec.Tasks = append(sec.Tasks, data.Task{No: no, Name: name})
	t := &sec.Tasks[len(sec.Tasks)-1]
	p.orphan = nil
	if top && name == "" && len(sec.Tasks) > 1 {
		p.orphan = t
	}
	return t, nil
}

// readTaskNo reads a 序号 cell: 5, ５, 5., 5、 and （5） are task 5; any
// other text is kept as printed.
func readTaskNo(cell string) string {
	no := cleanLine(cell)
	if m := taskNo.FindStringSubmatch(foldDigits(no)); m != nil {
		return m[1]
	}
	return no
}

// newTaskNo checks the 序号 of a task about to open in sec. A 序号 the annex
// had before is a problem, unless it is a section's first task numbered 1:
// then 序号 starts again in each section, and the annex's tasks are numbered
// in order when it ends.
func (p *parser) newTaskNo(no string, sec *data.Section) error {
	if line, ok := p.taskLines[no]; ok && !p.renumber {
		if len(sec.Tasks) > 0 || no != "1" {
			return cellErr(ColNo+1, "附件%s的任务序号%s重复（第 %d 行已有）", p.annex.Code, no, line)
		}
		p.renumber = true
	}
	if _, ok := p.taskLines[no]; !ok {
		p.taskLines[no] = p.lineNo
	}
	return nil
}

// adopt gives the measures of the orphan task (the section's last) to the
// task before it, whose merged cell they were printed in: the orphan's 序号
// at the page top was the next task's, printed where its merged cell began.
func (p *parser) adopt(sec *data.Section) {
	orphan, before := &sec.Tasks[len(sec.Tasks)-1], &sec.Tasks[len(sec.Tasks)-2]
	before.Measures = append(before.Measures, orphan.Measures...)
	orphan.Measures = nil
	p.orphan = nil
}

// currentTask is the last task of the annex, which may sit in an earlier
// section when a section heading has no task yet.
func (p *parser) currentTask() *data.Task {
	secs := p.annex.Sections
	for i := len(secs) - 1; i >= 0; i-- {
		if n := len(secs[i].Tasks); n > 0 {
			if i != len(secs)-1 {
				return nil // a new section starts with a new task
			}
			return &secs[i].Tasks[n-1]
		}
	}
	return nil
}

// continueMeasure appends a row without deadline and lead units to the last
// measure: its text and co-units continued after a page break.
func (p *parser) continueMeasure(task *data.Task, cells []string) error {
	if len(task.Measures) == 0 {
		return cellErr(ColText+1, "任务%s的续行前面没有措施", task.No)
	}
	m := &task.Measures[len(task.Measures)-1]
	m.Text = joinText(m.Text, cleanText(cells[ColText]))
	co, err := p.unitList(cells[ColCo])
	if err != nil {
		return &LineError{Col: ColCo + 1, Err: err}
	}
	m.Co = appendNew(m.Co, co...)
	return nil
}

func (p *parser) measure(cells []string) (data.Measure, error) {
	var m data.Measure
	var err error
	if m.Text = cleanText(cells[ColText]); m.Text == "" {
		return m, cellErr(ColText+1, "措施文字为空")
	}
	if strings.TrimSpace(cells[ColDeadline]) == "" {
		return m, cellErr(ColDeadline+1, "措施没有完成时限")
	}
	if m.Deadline, err = ParseDeadline(cells[ColDeadline], p.plan.Year); err != nil {
		return m, &LineError{Col: ColDeadline + 1, Err: err}
	}
	if m.Lead, err = p.unitList(cells[ColLead]); err != nil {
		return m, &LineError{Col: ColLead + 1, Err: err}
	}
	if len(m.Lead) == 0 {
		return m, cellErr(ColLead+1, "措施没有主责单位")
	}
	if m.Co, err = p.unitList(cells[ColCo]); err != nil {
		return m, &LineError{Col: ColCo + 1, Err: err}
	}
	return m, nil
}

// unitList reads a unit cell into canonical names. Names are separated by
// white space or by 、，,；;/ (as typed in a document saved as text, and as
// the table readers take them); a fragment of no known name goes on in the
// next where NameGoesOn says so; fragments separated by white space are joined when together they form a known name (a name the
// conversion wrapped across lines), the longest match first.
func (p *parser) unitList(cell string) ([]string, error) {
	cell = paraTag.ReplaceAllString(cell, " ")
	if isNone(cell) {
		return nil, nil
	}
	words := strings.Fields(unitSep.ReplaceAllString(cell, " "))
	var names []string
	for i := 0; i < len(words); {
		n := 0
		for j := len(words); j > i; j-- {
			if name, ok := p.units[strings.Join(words[i:j], "")]; ok {
				names = appendNew(names, name)
				n = j - i
				break
			}
		}
		if n == 0 && p.strict {
			return nil, fmt.Errorf("单位“%s”不在单位名录中", words[i])
		}
		if n == 0 {
			n = 1
			for i+n < len(words) && NameGoesOn(words[i+n-1], words[i+n]) {
				n++ // a name of no known unit, wrapped
			}
			names = appendNew(names, strings.Join(words[i:i+n], ""))
		}
		i += n
	}
	return names, nil
}

// splitCells returns the measures of a table row: one, or several where the
// conversion printed on one line the rows that share a merged cell (a
// deadline, a lead unit). Such a line keeps the rows' cells apart by two or
// more spaces, where an ordinary cell (a text or unit name wrapped, a
// paragraph) never has more than one: its 工作措施 holds n ≥ 2 texts, each
// but the last ending a sentence; 序号 and 重点任务 one part; 完成时限 and the
// unit cells n parts or one shared by all, and at least one unit cell n. A
// line that does not fit this whole is one measure.
func splitCells(cells []string) [][]string {
	one := [][]string{cells}
	parts := make([][]string, NumCols)
	for c, cell := range cells {
		parts[c] = twoSpaces.Split(strings.TrimSpace(cell), -1)
	}
	n := len(parts[ColText])
	if n < 2 || len(parts[ColNo]) != 1 || len(parts[ColTask]) != 1 {
		return one
	}
	for _, t := range parts[ColText][:n-1] {
		if !endsSentence(t) {
			return one
		}
	}
	split := false
	for _, c := range []int{ColDeadline, ColLead, ColCo} {
		switch len(parts[c]) {
		case 1:
		case n:
			split = split || c != ColDeadline
		default:
			return one
		}
	}
	if !split {
		return one
	}
	rows := make([][]string, n)
	for i := range rows {
		rows[i] = make([]string, NumCols)
		for c := range cells {
			rows[i][c] = parts[c][min(i, len(parts[c])-1)]
		}
	}
	return rows
}

// endsSentence reports whether a text ends a sentence (。；！？), markup aside.
func endsSentence(text string) bool {
	t := strings.TrimSpace(paraTag.ReplaceAllString(text, ""))
	return strings.HasSuffix(t, "。") || strings.HasSuffix(t, "；") || strings.HasSuffix(t, "！") || strings.HasSuffix(t, "？")
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
