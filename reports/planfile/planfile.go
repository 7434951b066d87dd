// Package planfile reads a new year's action plan from the files a district
// office has — a plan workbook (.xlsx) in the annex layout, the drafting
// office's Word document (.docx) with the annex tables, or the text
// conversion the 2023 plan came in — into a data.Plan and a list of problems,
// each naming its file, sheet or table, row and column in Chinese.
//
// The readers are pure: bytes in, a plan and problems out; nothing is
// written anywhere. Unit names stay as printed (a unit cell is split into
// names, nothing more): matching them to the unit directory is the import's
// work, for which Result.Units lists every name once. (The text reader is
// the 2023 parser's: it gives a known alias as the directory's name.)
//
// The layout both table readers accept (a sheet per annex, or a Word table
// after the paragraph 附件N; a workbook may also hold the annexes one after
// the other in one sheet, as LibreOffice saves a document). What is read
// past on purpose is named in Result.Ignored.
//
//   - The annex code from a line 附件2-1, 附件 2—1, 附件一 or 附件1：标题
//     above the table (in a workbook: the first rows of the sheet, else the
//     sheet's name); the title after the colon or on the next line.
//   - A header row naming the columns in any order: 序号 (without it the
//     tasks are numbered in order, ignored), 重点任务, 工作措施, 完成时限,
//     主责单位 (or 牵头单位, 责任单位, 主责) and, optionally, 协办单位 (or
//     配合单位, 协助单位, 协办; a second lead-kind column, 牵头单位 then
//     责任单位, is the co-units'). Spaces and line breaks inside a header
//     cell are ignored; a row numbering the columns under it (1 2 3 …) is
//     skipped; a header over two rows is read as one, a group heading
//     (责任单位 over 主责 and 协办) by the names under it. The header
//     repeated further down (on every printed page) is skipped. A column the
//     plan has no place for (备注, 完成标准) is ignored; one whose name speaks
//     of units, measures or deadlines but is none of them, or any unknown
//     column while a required one is missing, is a problem.
//   - Section headings as rows (or, in a document, paragraphs between
//     tables) whose only text is 一、…, or 一 (一、) in the 序号 cell and
//     the title in the others; a subheading （一）… is a section of its own
//     (see tableState.heading); rows before the first heading form a section
//     without number. Empty rows are skipped.
//   - One measure per row. A task's 序号 and 重点任务 are merged vertically
//     over its measures or left blank under its first row; merged deadline
//     or unit cells are shared by the rows they span. 序号 starting again at
//     1 in each section is ignored, the annex's tasks numbered in order.
//     Where 序号 counts the measures and 重点任务 is merged over them, the
//     task is one, numbered by its first row's 序号. 序号 may be typed in
//     full-width digits, with a point (1.) or in brackets (（1）).
//   - A table without 重点任务 column (序号 / 工作措施, 具体措施, 工作内容
//     or 重点工作 / 完成时限 / 责任单位) is a flat list of measures: each
//     section is one task, numbered in order and named by the section's
//     title (the whole annex, named by its title, where there is no
//     heading), its measures numbered in order under it, so 3.2.5 is the
//     fifth measure under 二、 (see header.flat); 序号 is not read.
//   - Several units per cell separated by spaces, 、，,；;/ or line breaks;
//     "—" or "无" for none. A cell may give the roles itself: 区生态环境局（牵头）
//     or 牵头单位：…；配合单位：… (see annexReader.roles).
//   - Deadlines as plantext.ParseDeadline reads them for the plan year.
//   - A workbook's sheet of single lines (a cover with the notice) gives the
//     title, 文号 and date and is ignored otherwise; a document's notice is
//     the paragraphs before the first annex.
//
// Measure IDs are annex.task.n as the text parser makes them (2-1.14.3: the
// third measure of task 14 of annex 2-1). A sheet or table whose header has
// no 工作措施 column and whose title or sheet name says 指标 is an indicator
// table (areas × indicators, like annexes 2-2 and 6): its first row is the
// header (two rows when the first cell is merged over both: see
// annexReader.indicators), every further row a row, a row starting 备注 its
// note.
package planfile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"taizhang/data"
)

// Source is a file the clerk picked: its name (for messages and to tell the
// format when the bytes do not) and its contents.
type Source struct {
	Name string
	Data []byte
}

// Options tell the readers what the file cannot.
type Options struct {
	// Year is the plan year: deadlines (年底前, 6月底) are dates of this
	// year. When 0 the year is taken from the plan's title; a title naming
	// another year than Year is a problem.
	Year int
	// Units is the unit directory, used only to rejoin a name the document
	// wrapped across lines ("市规划自然资源委 西城分局"): adjacent fragments
	// separated by white space that together spell a name or alias are one
	// name. Names are returned as printed, never replaced by canonical ones.
	Units []data.Unit
}

// Problem is one thing wrong in the file, with its place.
type Problem struct {
	File  string
	Sheet string // the sheet's name, or 表N for the Nth table of a Word document; "" for text
	Row   int    // 1-based: the sheet's row, the table's row or the text's line; 0 for the whole sheet or file
	Col   int    // 1-based column; 0 for the whole row
	Text  string // what is wrong and what to do, in Chinese
}

// String gives the problem with its place, e.g.
// 文件“计划.xlsx”，工作表“附件2-1”，第 12 行 D 列：无法识别的完成时限“明年”
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "文件“%s”", p.File)
	if p.Sheet != "" {
		if strings.HasPrefix(p.Sheet, "表") {
			fmt.Fprintf(&b, "，%s", p.Sheet)
		} else {
			fmt.Fprintf(&b, "，工作表“%s”", p.Sheet)
		}
	}
	xlsx := strings.EqualFold(filepath.Ext(p.File), ".xlsx")
	switch {
	case p.Row > 0 && p.Col > 0 && xlsx:
		fmt.Fprintf(&b, "，第 %d 行 %s 列", p.Row, colName(p.Col))
	case p.Row > 0 && p.Col > 0:
		fmt.Fprintf(&b, "，第 %d 行第 %d 列", p.Row, p.Col)
	case p.Row > 0:
		fmt.Fprintf(&b, "，第 %d 行", p.Row)
	}
	return b.String() + "：" + p.Text
}

// colName is a 1-based column's letters: 1 → A, 27 → AA.
func colName(c int) string {
	s := ""
	for ; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// The plan fields Result.Missing names when the file does not give them; the
// import asks the clerk for them in the preview.
const (
	FieldTitle = "title" // 计划名称
	FieldDocNo = "docno" // 文号 西政办发〔YYYY〕N号
	FieldDate  = "date"  // 印发日期
)

// Format is the kind of file read.
type Format string

// The formats Read tells apart.
const (
	FormatXLSX Format = "xlsx"
	FormatDOCX Format = "docx"
	FormatText Format = "text"
)

// Result is what a file holds.
type Result struct {
	Format Format
	// Plan is what could be read, for the preview; never nil. Plan.Units is
	// empty: the units are the directory's business. Import it only when
	// Problems is empty.
	Plan     *data.Plan
	Problems Problems
	Missing  []string // FieldTitle, FieldDocNo, FieldDate not found in the file
	// Ignored names what was read past without being a problem, each with
	// its place, for the preview to show: a column that is not one of the
	// plan's (备注, 完成标准), a sheet that is no annex (a cover), 序号
	// missing or starting again in each section (the tasks numbered in
	// order).
	Ignored []Problem
	// Undated names every measure whose deadline got no date (a milestone:
	// 适时, 按上级要求, 按时间节点完成), with the place of its 完成时限 cell
	// (the file only, for the text conversion): not a problem, the clerk
	// sets the due date after the import.
	Undated []Problem
	Units   []string // every unit name as printed, lead or co, in order of first appearance
}

// undatedText is an Undated entry's text for measure id with deadline d.
func undatedText(id string, d data.Deadline) string {
	return fmt.Sprintf("措施 %s 的完成时限“%s”没有具体日期", id, d.Text)
}

// OK reports whether the plan can be imported as read: no problems and at
// least one measure.
func (r Result) OK() bool {
	if len(r.Problems) > 0 {
		return false
	}
	for _, a := range r.Plan.Annexes {
		for _, s := range a.Sections {
			for _, t := range s.Tasks {
				if len(t.Measures) > 0 {
					return true
				}
			}
		}
	}
	return false
}

// Limits on what a zip package may unpack to, checked on its central
// directory before anything is unpacked.
const (
	maxUnzipped = 64 << 20 // bytes, all parts together
	maxParts    = 2000
)

var (
	zipMagic  = []byte("PK\x03\x04")
	ole2Magic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Read reads a plan from a file: a plan workbook (.xlsx), a Word document
// (.docx) or the text conversion (any other file of text: UTF-8, UTF-16
// with its byte-order mark, or GBK; see decodeText), told apart
// by the contents. A file that is none of these, or damaged, gives one
// problem naming it and an empty plan.
func Read(src Source, opt Options) Result {
	r := Result{Plan: newPlan(opt.Year)}
	fail := func(format string, args ...any) Result {
		r.Problems = append(r.Problems, Problem{File: src.Name, Text: fmt.Sprintf(format, args...)})
		return r
	}
	b := src.Data
	ext := strings.ToLower(filepath.Ext(src.Name))
	switch {
	case len(b) == 0:
		return fail("文件是空的（0 字节），不是计划文件")
	case bytes.HasPrefix(b, ole2Magic):
		return fail("文件是旧版 Word/Excel 格式（.doc/.xls）或已加密，无法读取。请在 WPS 或 Office 中另存为 .docx 或 .xlsx 后再导入")
	case bytes.HasPrefix(b, zipMagic):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return fail("文件已损坏，无法作为 Excel 或 Word 文件打开（%v）", err)
		}
		var total uint64
		kind := Format("")
		for _, f := range zr.File {
			total += f.UncompressedSize64
			switch f.Name {
			case "xl/workbook.xml":
				kind = FormatXLSX
			case "word/document.xml":
				kind = FormatDOCX
			}
		}
		if len(zr.File) > maxParts || total > maxUnzipped {
			return fail("文件解压后过大（%d 个部件，%d 字节），不像计划文件", len(zr.File), total)
		}
		r.Format = kind
		switch kind {
		case FormatXLSX:
			readXLSX(&r, src, opt)
		case FormatDOCX:
			readDOCX(&r, src, zr, opt)
		default:
			return fail("文件是压缩包，但既不是 Excel 工作簿（.xlsx）也不是 Word 文档（.docx）")
		}
	case ext == ".xlsx" || ext == ".docx":
		return fail("文件已损坏：扩展名是 %s，内容却不是 Office 文件包", ext)
	default:
		text, ok := decodeText(b)
		if !ok {
			return fail("文件既不是 Excel 工作簿（.xlsx）、Word 文档（.docx），也不是计划的文本文件")
		}
		r.Format = FormatText
		readText(&r, src, text, opt)
	}
	r.finish(src.Name)
	return r
}

func newPlan(year int) *data.Plan { return &data.Plan{Year: year} }

// finish fills Units and Missing from the plan read.
func (r *Result) finish(file string) {
	p := r.Plan
	seen := map[string]bool{}
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, t := range s.Tasks {
				for _, m := range t.Measures {
					if r.Format == FormatText && m.Deadline.Kind == data.DeadlineMilestone && m.Deadline.Due == "" {
						r.Undated = append(r.Undated, Problem{File: file, Text: undatedText(m.ID, m.Deadline)})
					}
					for _, u := range append(append([]string(nil), m.Lead...), m.Co...) {
						if !seen[u] {
							seen[u] = true
							r.Units = append(r.Units, u)
						}
					}
				}
			}
		}
	}
	if p.Title == "" {
		r.Missing = append(r.Missing, FieldTitle)
	}
	if p.DocNo == "" {
		r.Missing = append(r.Missing, FieldDocNo)
	}
	if p.Date == "" {
		r.Missing = append(r.Missing, FieldDate)
	}
	if len(p.Annexes) == 0 && len(p.Indicators) == 0 && len(r.Problems) == 0 && r.Format != FormatXLSX {
		r.Problems = append(r.Problems, Problem{File: file, Text: "文件中没有找到附件表格（表头为 序号、重点任务、工作措施、完成时限、主责单位 的表），不像计划文件"})
	}
}
