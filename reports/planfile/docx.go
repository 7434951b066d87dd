package planfile

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"taizhang/data"
)

// docItem is a paragraph or a table of the document's body, in order.
type docItem struct {
	para  string    // a paragraph's text, when table is nil
	table *docTable // a table
}

// docTable is a w:tbl as written: rows of cells with their spans.
type docTable struct {
	rows []docRow
}

type docRow struct {
	header     bool // w:tblHeader: repeated at the top of each page
	gridBefore int  // grid columns left out before the first cell
	cells      []docCell
}

type docCell struct {
	text   string // paragraphs separated by "\n"
	span   int    // w:gridSpan, at least 1
	vMerge string // "", "restart" or "continue"
}

// Limits for a document's tables, far above any plan.
const (
	maxTableRows = 20000
	maxGridCols  = 64
)

// readDocument reads the body of word/document.xml into paragraphs and
// tables, a numbered paragraph with the number Word prints before it (see
// numbering; num may be nil). Tables nested in a cell add their text to the
// cell.
func readDocument(r io.Reader, num *numbering) ([]docItem, error) {
	dec := xml.NewDecoder(r)
	d := docReader{numbering: num}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return d.items, nil
		}
		if err != nil {
			return d.items, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := d.start(t); err != nil {
				return d.items, err
			}
		case xml.CharData:
			if d.inT && d.para != nil {
				d.para.Write(t)
			}
		case xml.EndElement:
			d.end(t)
		}
	}
}

// docReader is readDocument's state between the XML tokens.
type docReader struct {
	items []docItem
	depth int // table nesting
	tbl   *docTable
	row   *docRow
	cell  *docCell
	para  *strings.Builder
	inT   bool

	numbering *numbering
	inNumPr   bool   // inside the paragraph's w:numPr
	paraNum   string // the paragraph's list (w:numId), "" for none
	paraLevel int    // its level (w:ilvl)
}

// start handles an element's start: paragraphs, text and breaks here,
// tables in tableStart.
func (d *docReader) start(t xml.StartElement) error {
	switch t.Name.Local {
	case "p":
		if d.para == nil {
			d.para = &strings.Builder{}
			d.paraNum, d.paraLevel = "", 0
		} else if d.para.Len() > 0 {
			d.para.WriteString("\n") // a paragraph inside a text box or nested table
		}
	case "t":
		d.inT = true
	case "numPr":
		d.inNumPr = true
	case "numId":
		if d.inNumPr {
			d.paraNum = attr(t, "val")
		}
	case "ilvl":
		if d.inNumPr {
			d.paraLevel = intVal(t)
		}
	case "br", "cr":
		if d.para != nil {
			d.para.WriteString("\n")
		}
	case "tab":
		if d.para != nil {
			d.para.WriteString(" ")
		}
	default:
		return d.tableStart(t)
	}
	return nil
}

// tableStart handles the start of a table, and of the rows, cells and
// their properties of a table that is not nested.
func (d *docReader) tableStart(t xml.StartElement) error {
	if t.Name.Local == "tbl" {
		d.depth++
		if d.depth == 1 {
			d.tbl = &docTable{}
		}
		return nil
	}
	if d.depth != 1 {
		return nil
	}
	switch t.Name.Local {
	case "tr":
		if len(d.tbl.rows) >= maxTableRows {
			return fmt.Errorf("表格超过 %d 行", maxTableRows)
		}
		d.tbl.rows = append(d.tbl.rows, docRow{})
		d.row = &d.tbl.rows[len(d.tbl.rows)-1]
	case "tc":
		if d.row != nil {
			d.row.cells = append(d.row.cells, docCell{span: 1})
			d.cell = &d.row.cells[len(d.row.cells)-1]
		}
	case "tblHeader":
		if d.row != nil && onOff(t) {
			d.row.header = true
		}
	case "gridBefore":
		if d.row != nil {
			d.row.gridBefore = min(max(intVal(t), 0), maxGridCols)
		}
	case "gridSpan":
		if d.cell != nil {
			d.cell.span = min(max(intVal(t), 1), maxGridCols)
		}
	case "vMerge":
		if d.cell != nil {
			d.cell.vMerge = "continue"
			if attr(t, "val") == "restart" {
				d.cell.vMerge = "restart"
			}
		}
	}
	return nil
}

// end handles an element's end: a paragraph goes to the items or its
// cell, a table that is not nested to the items.
func (d *docReader) end(t xml.EndElement) {
	switch t.Name.Local {
	case "t":
		d.inT = false
	case "numPr":
		d.inNumPr = false
	case "p":
		d.endParagraph()
	case "tc":
		if d.depth == 1 {
			d.cell = nil
		}
	case "tr":
		if d.depth == 1 {
			d.row = nil
		}
	case "tbl":
		if d.depth == 1 && d.tbl != nil {
			d.items = append(d.items, docItem{table: d.tbl})
			d.tbl, d.row, d.cell = nil, nil, nil
		}
		d.depth = max(d.depth-1, 0)
	}
}

// endParagraph adds the paragraph's text to the items outside tables, or
// to its cell (a line of its own); elsewhere (a nested table's cell with
// no cell of ours) it is dropped.
func (d *docReader) endParagraph() {
	if d.para == nil {
		return
	}
	text := d.para.String()
	if d.paraNum != "" {
		text = d.numbering.next(d.paraNum, d.paraLevel) + text
		d.paraNum = ""
	}
	switch {
	case d.depth == 0:
		d.items = append(d.items, docItem{para: text})
	case d.cell != nil && d.depth >= 1:
		if d.cell.text != "" || text != "" {
			if d.cell.text != "" {
				d.cell.text += "\n"
			}
			d.cell.text += text
		}
	}
	d.para = nil
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

func intVal(t xml.StartElement) int {
	n, _ := strconv.Atoi(attr(t, "val"))
	return n
}

// onOff reads a w:ST_OnOff element: on unless val says off.
func onOff(t xml.StartElement) bool {
	v := attr(t, "val")
	return v != "0" && v != "false" && v != "off"
}

// grid lays a table out on its column grid: a spanned cell's text fills
// every column it spans (the columns after its first marked as spans), a vertically merged cell's continuation holds the
// text of the cell it continues.
func (t *docTable) grid(file, name string) *grid {
	g := &grid{file: file, sheet: name}
	var above []string
	for i, r := range t.rows {
		cells := make([]string, r.gridBefore, r.gridBefore+len(r.cells))
		merged := make([]bool, r.gridBefore, r.gridBefore+len(r.cells))
		spans := make([]bool, r.gridBefore, r.gridBefore+len(r.cells))
		for _, c := range r.cells {
			for k := 0; k < c.span && len(cells) < maxGridCols; k++ {
				spans = append(spans, k > 0)
				text := c.text
				if c.vMerge == "continue" {
					text = ""
					if x := len(cells); x < len(above) {
						text = above[x]
					}
				}
				cells, merged = append(cells, text), append(merged, c.vMerge == "continue")
			}
		}
		g.rows = append(g.rows, gridRow{no: i + 1, cells: cells, header: r.header, merged: merged, spans: spans})
		above = cells
	}
	return g
}

// readDOCX reads a Word document: the notice's fields from its paragraphs,
// the annexes from its tables.
func readDOCX(r *Result, src Source, zr *zip.Reader, opt Options) {
	var items []docItem
	var num *numbering
	for _, f := range zr.File {
		if f.Name == "word/numbering.xml" {
			if rc, err := f.Open(); err == nil {
				num = readNumbering(io.LimitReader(rc, maxUnzipped))
				rc.Close()
			}
		}
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			r.Problems = append(r.Problems, Problem{File: src.Name, Text: fmt.Sprintf("文件已损坏，无法读取 Word 文档的正文（%v）", err)})
			return
		}
		items, err = readDocument(io.LimitReader(rc, maxUnzipped), num)
		rc.Close()
		if err != nil {
			r.Problems = append(r.Problems, Problem{File: src.Name, Text: fmt.Sprintf("文件已损坏，Word 文档的正文无法解析（%v）", err)})
			return
		}
	}
	readItems(r, src.Name, items, opt)
}

// readItems reads the document's body: fields from the paragraphs, then each
// table after the paragraph naming its annex (or with 附件N in its own first
// rows). A table with no annex
// paragraph before it continues the annex or indicator table before (a
// table the author broke across pages, the header typed again or not), or,
// with a measure header after an indicator table, holds the tasks of that
// annex; a table with neither annex nor header before any annex is not
// the plan's.
func readItems(r *Result, file string, items []docItem, opt Options) {
	for _, it := range items {
		if _, _, annex := annexCode(joinLines(it.para)); it.table != nil || annex {
			break // the annexes' titles are not the notice's
		}
		docField(r, it.para)
	}
	ar := newAnnexReader(r, opt)
	if !ar.setYear(file, "") {
		return
	}
	d := &docAnnexes{r: r, ar: ar, ind: -1, codes: map[string]string{}}
	var since []string // paragraphs since the last table
	tableN := 0
	for _, it := range items {
		if it.table == nil {
			if p := joinLines(it.para); p != "" {
				since = append(since, p)
			}
			continue
		}
		tableN++
		g := it.table.grid(file, fmt.Sprintf("表%d", tableN))
		code, title, named, rest := docAnnex(since)
		since = nil
		skip := 0 // title rows inside the table
		if !named {
			if c, t, n := sheetTitle(g); c != "" {
				code, title, named, skip = c, t, true, n
			}
		}
		if named {
			d.annex(g, code, title, skip, rest)
		} else {
			d.continued(g, rest)
		}
	}
	d.flush()
}

// docAnnexes is readItems' state between the document's tables.
type docAnnexes struct {
	r     *Result
	ar    *annexReader
	st    *tableState       // the annex whose tasks are being read, or nil
	head  header            // its table's header
	ind   int               // the indicator table a table without annex paragraph continues, or -1
	codes map[string]string // the annexes so far: code to table
}

// flush adds the annex read so far, if it has any section.
func (d *docAnnexes) flush() {
	if d.st != nil && len(d.st.annex.Sections) > 0 {
		d.r.Plan.Annexes = append(d.r.Plan.Annexes, *d.st.annex)
	}
	d.st = nil
}

// annex starts annex code (title) with table g, whose first skip rows are
// its title; rest are the paragraphs after the annex's title.
func (d *docAnnexes) annex(g *grid, code, title string, skip int, rest []string) {
	ar := d.ar
	h, at, found := findHeader(g.rows, skip)
	d.flush()
	d.ind = -1
	if prev, dup := d.codes[code]; dup {
		ar.problem(g, 0, 0, "附件%s已在%s中出现过，附件编号不能重复", code, prev)
		return
	}
	d.codes[code] = g.sheet
	if !found {
		if strings.Contains(title, "指标") || indicatorHeader(g.rows[min(skip, len(g.rows)):]) {
			t := data.IndicatorTable{Annex: code, Title: title}
			ar.indicators(g, skip, &t)
			if len(t.Columns) > 0 && len(t.Rows) > 0 {
				d.r.Plan.Indicators = append(d.r.Plan.Indicators, t)
				d.ind = len(d.r.Plan.Indicators) - 1
			}
		} else {
			ar.problem(g, 0, 0, "附件%s的表格没有找到表头：应有一行 序号、重点任务、工作措施、完成时限、主责单位、协办单位", code)
		}
		return
	}
	if !ar.checkHeader(g, h, g.rows[at].no) {
		return
	}
	d.head = h
	d.st = &tableState{annex: &data.Annex{Code: code, Title: title}, taskRow: map[string]int{}}
	headings(d.st, rest)
	ar.measures(g, h, at+h.rows, d.st)
}

// continued reads table g, which no annex paragraph names: the next part
// of the annex or indicator table before it (or that annex's tasks after
// its indicators); rest are the paragraphs before it.
func (d *docAnnexes) continued(g *grid, rest []string) {
	ar, st := d.ar, d.st
	h, at, found := findHeader(g.rows, 0)
	if st != nil {
		headings(st, rest)
	}
	switch {
	case st != nil && found:
		st.afterBreak = true
		ar.measures(g, d.head, at, st) // the header row itself is skipped as repeated
	case st != nil:
		st.afterBreak = true
		ar.measures(g, d.head, 0, st)
	case d.ind >= 0 && found:
		// the annex's tasks after its indicators (…有关指标及重点任务计划)
		it := d.r.Plan.Indicators[d.ind]
		if !ar.checkHeader(g, h, g.rows[at].no) {
			return
		}
		d.head, d.ind = h, -1
		d.st = &tableState{annex: &data.Annex{Code: it.Annex, Title: it.Title}, taskRow: map[string]int{}}
		headings(d.st, rest)
		ar.measures(g, h, at+h.rows, d.st)
	case d.ind >= 0:
		ar.indicators(g, 0, &d.r.Plan.Indicators[d.ind])
	case found:
		ar.problem(g, 0, 0, "表格前面没有“附件N”段落，不知道它属于哪个附件：请在表格上方写明“附件N”和标题")
	}
}

// headings reads the section headings among the paragraphs before a table
// (a document with a table per section).
func headings(st *tableState, paras []string) {
	for _, p := range paras {
		st.heading(p)
	}
}

// docAnnex finds the annex code and title among the paragraphs before a
// table: the last paragraph 附件N (or 附件N：标题) and the next one; rest is
// the paragraphs after them (all of them when there is no annex).
func docAnnex(paras []string) (code, title string, ok bool, rest []string) {
	for i := len(paras) - 1; i >= 0; i-- {
		if c, t, found := annexCode(paras[i]); found {
			rest = paras[i+1:]
			if t == "" && i+1 < len(paras) {
				t, rest = paras[i+1], paras[i+2:]
			}
			return c, t, true, rest
		}
	}
	return "", "", false, paras
}

// docField takes the plan's title, number or date from a paragraph of the
// notice, the first of each.
func docField(r *Result, para string) {
	p := r.Plan
	s := squeeze(para)
	if p.Title == "" {
		if m := titleQuote.FindStringSubmatch(s); m != nil {
			p.Title = m[1]
		} else if strings.HasSuffix(s, "行动计划") && yearPattern.MatchString(s) && !strings.HasPrefix(s, "附件") {
			p.Title = s
		}
	}
	if p.DocNo == "" && docNoPattern.MatchString(s) {
		r.setField(FieldDocNo, s)
	}
	if p.Date == "" && len([]rune(s)) <= 12 && datePattern.MatchString(s) && strings.HasSuffix(s, "日") {
		r.setField(FieldDate, s)
	}
}
