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
// tables. Tables nested in a cell add their text to the cell.
func readDocument(r io.Reader) ([]docItem, error) {
	dec := xml.NewDecoder(r)
	var (
		items []docItem
		depth int // table nesting
		tbl   *docTable
		row   *docRow
		cell  *docCell
		para  *strings.Builder
		inT   bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return items, nil
		}
		if err != nil {
			return items, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "tbl":
				depth++
				if depth == 1 {
					tbl = &docTable{}
				}
			case "tr":
				if depth == 1 {
					if len(tbl.rows) >= maxTableRows {
						return items, fmt.Errorf("表格超过 %d 行", maxTableRows)
					}
					tbl.rows = append(tbl.rows, docRow{})
					row = &tbl.rows[len(tbl.rows)-1]
				}
			case "tc":
				if depth == 1 && row != nil {
					row.cells = append(row.cells, docCell{span: 1})
					cell = &row.cells[len(row.cells)-1]
				}
			case "tblHeader":
				if depth == 1 && row != nil && onOff(t) {
					row.header = true
				}
			case "gridBefore":
				if depth == 1 && row != nil {
					row.gridBefore = min(max(intVal(t), 0), maxGridCols)
				}
			case "gridSpan":
				if depth == 1 && cell != nil {
					cell.span = min(max(intVal(t), 1), maxGridCols)
				}
			case "vMerge":
				if depth == 1 && cell != nil {
					cell.vMerge = "continue"
					if attr(t, "val") == "restart" {
						cell.vMerge = "restart"
					}
				}
			case "p":
				if para == nil {
					para = &strings.Builder{}
				} else if para.Len() > 0 {
					para.WriteString("\n") // a paragraph inside a text box or nested table
				}
			case "t":
				inT = true
			case "br", "cr":
				if para != nil {
					para.WriteString("\n")
				}
			case "tab":
				if para != nil {
					para.WriteString(" ")
				}
			}
		case xml.CharData:
			if inT && para != nil {
				para.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "p":
				if para == nil {
					break
				}
				text := para.String()
				switch {
				case depth == 0:
					items = append(items, docItem{para: text})
					para = nil
				case cell != nil && depth >= 1:
					if cell.text != "" || text != "" {
						if cell.text != "" {
							cell.text += "\n"
						}
						cell.text += text
					}
					para = nil
				default:
					para = nil
				}
			case "tc":
				if depth == 1 {
					cell = nil
				}
			case "tr":
				if depth == 1 {
					row = nil
				}
			case "tbl":
				if depth == 1 && tbl != nil {
					items = append(items, docItem{table: tbl})
					tbl, row, cell = nil, nil, nil
				}
				depth = max(depth-1, 0)
			}
		}
	}
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
// every column it spans, a vertically merged cell's continuation holds the
// text of the cell it continues.
func (t *docTable) grid(file, name string) *grid {
	g := &grid{file: file, sheet: name}
	var above []string
	for i, r := range t.rows {
		cells := make([]string, r.gridBefore, r.gridBefore+len(r.cells))
		merged := make([]bool, r.gridBefore, r.gridBefore+len(r.cells))
		for _, c := range r.cells {
			for k := 0; k < c.span && len(cells) < maxGridCols; k++ {
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
		g.rows = append(g.rows, gridRow{no: i + 1, cells: cells, header: r.header, merged: merged})
		above = cells
	}
	return g
}

// readDOCX reads a Word document: the notice's fields from its paragraphs,
// the annexes from its tables.
func readDOCX(r *Result, src Source, zr *zip.Reader, opt Options) {
	var items []docItem
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			r.Problems = append(r.Problems, Problem{File: src.Name, Text: fmt.Sprintf("文件已损坏，无法读取 Word 文档的正文（%v）", err)})
			return
		}
		items, err = readDocument(io.LimitReader(rc, maxUnzipped))
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
	var (
		since  []string // paragraphs since the last table
		st     *tableState
		head   header
		ind    = -1 // the indicator table a table without annex paragraph continues
		codes  = map[string]string{}
		tableN int
	)
	flush := func() {
		if st != nil && len(st.annex.Sections) > 0 {
			r.Plan.Annexes = append(r.Plan.Annexes, *st.annex)
		}
		st = nil
	}
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
		h, at, found := findHeader(g.rows, skip)
		if !named {
			if st != nil {
				headings(st, rest)
			}
			switch {
			case st != nil && found:
				st.afterBreak = true
				ar.measures(g, head, at, st) // the header row itself is skipped as repeated
			case st != nil:
				st.afterBreak = true
				ar.measures(g, head, 0, st)
			case ind >= 0 && found:
				// the annex's tasks after its indicators (…有关指标及重点任务计划)
				it := r.Plan.Indicators[ind]
				if !ar.checkHeader(g, h, g.rows[at].no) {
					continue
				}
				head, ind = h, -1
				st = &tableState{annex: &data.Annex{Code: it.Annex, Title: it.Title}, taskRow: map[string]int{}}
				headings(st, rest)
				ar.measures(g, h, at+h.rows, st)
			case ind >= 0:
				ar.indicators(g, 0, &r.Plan.Indicators[ind])
			case found:
				ar.problem(g, 0, 0, "表格前面没有“附件N”段落，不知道它属于哪个附件：请在表格上方写明“附件N”和标题")
			}
			continue
		}
		flush()
		ind = -1
		if prev, dup := codes[code]; dup {
			ar.problem(g, 0, 0, "附件%s已在%s中出现过，附件编号不能重复", code, prev)
			continue
		}
		codes[code] = g.sheet
		if !found {
			if strings.Contains(title, "指标") {
				t := data.IndicatorTable{Annex: code, Title: title}
				ar.indicators(g, skip, &t)
				if len(t.Columns) > 0 && len(t.Rows) > 0 {
					r.Plan.Indicators = append(r.Plan.Indicators, t)
					ind = len(r.Plan.Indicators) - 1
				}
			} else {
				ar.problem(g, 0, 0, "附件%s的表格没有找到表头：应有一行 序号、重点任务、工作措施、完成时限、主责单位、协办单位", code)
			}
			continue
		}
		if !ar.checkHeader(g, h, g.rows[at].no) {
			continue
		}
		head = h
		st = &tableState{annex: &data.Annex{Code: code, Title: title}, taskRow: map[string]int{}}
		headings(st, rest)
		ar.measures(g, h, at+h.rows, st)
	}
	flush()
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
