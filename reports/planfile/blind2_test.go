package planfile

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"taizhang/data"
)

// The files in testdata/blind2 are a 2025 plan of content of its own (new
// tasks and measures, 区城管委 for 区城市管理委, a new 区数据局, the typo
// 区生太环境局, annex 2-2's indicators under a title without 指标), made as
// district offices make them: b01 a Word document LibreOffice converted
// from a web page (rowspan, a header repeated on each page, a footnote,
// page numbers, annex 2-1's table split by a heading paragraph, a 备注
// column); b03 a workbook typed in Excel (an empty first sheet, sheets
// 附件1 and 表2, 序号 stored as numbers, merged task cells, a hidden column,
// 完成时限 typed as Excel dates, units on lines of their own, trailing
// spaces, full-width commas), b04 the same re-saved by LibreOffice; b06 the
// text Word saves (cells separated by tabs, CRLF), b07 the same in GBK;
// b09 is b01 as WPS saves it (<w:vMerge/> without val), with a portrait
// section before the landscape tables and the page numbers as PAGE fields;
// b12 is b01 with its 序号 numbered by Word (a list: w:numPr, no text),
// counting on across annex 2-1's two tables and starting again in each
// annex; b14 is b01's web page opened in LibreOffice Calc and saved as a
// workbook: the whole document in one sheet, notice, page numbers and the
// footnote as lines of their own.
// expect.json is the plan they were written from, measure by measure.

// blind2Measure is a measure of expect.json.
type blind2Measure struct {
	ID, Text, Deadline, Task string
	Lead, Co                 []string
}

func TestBlind2Fixtures(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "blind2", "expect.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want []blind2Measure
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	units := plan2023(t).Units
	for _, name := range []string{"b01-wps.docx", "b09-wps-landscape.docx", "b12-autonum.docx", "b03-hand.xlsx", "b04-lo.xlsx", "b06-word-tabs.txt", "b07-word-ansi.txt", "b14-calc-whole.xlsx"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "blind2", name))
			if err != nil {
				t.Fatal(err)
			}
			year := 0 // from the notice's title
			if name == "b03-hand.xlsx" || name == "b04-lo.xlsx" {
				year = 2025 // typed without the notice
			}
			res := Read(Source{Name: name, Data: b}, Options{Year: year, Units: units})
			if len(res.Problems) > 0 || !res.OK() {
				t.Fatalf("problems %v", res.Problems)
			}
			if year == 0 && (res.Plan.Year != 2025 || res.Plan.Title != "西城区深入打好污染防治攻坚战2025年行动计划" || res.Plan.DocNo != "西政办发〔2025〕2号" || res.Plan.Date != "2025-03-10") {
				t.Errorf("plan %d %q %q %q", res.Plan.Year, res.Plan.Title, res.Plan.DocNo, res.Plan.Date)
			}
			got := map[string]blind2Measure{}
			for _, a := range res.Plan.Annexes {
				for _, s := range a.Sections {
					for _, tk := range s.Tasks {
						for _, m := range tk.Measures {
							got[m.ID] = blind2Measure{m.ID, m.Text, m.Deadline.Text, tk.Name, m.Lead, m.Co}
						}
					}
				}
			}
			if len(got) != len(want) {
				t.Errorf("%d measures, want %d", len(got), len(want))
			}
			for _, w := range want {
				if year != 0 && w.ID == "2-1.1.2" {
					w.Deadline = "2025年6月30日" // typed as a date: the cell has no 前
				}
				if name == "b14-calc-whole.xlsx" && w.ID == "2-1.2.2" {
					w.Text += "1" // the footnote's mark, made text by Calc
				}
				g, ok := got[w.ID]
				switch {
				case !ok:
					t.Errorf("%s missing", w.ID)
				case g.Text != w.Text || g.Deadline != w.Deadline || g.Task != w.Task ||
					!slices.Equal(g.Lead, w.Lead) || !slices.Equal(g.Co, w.Co) && len(g.Co)+len(w.Co) > 0:
					t.Errorf("%s:\n got %q\nwant %q", w.ID, g, w)
				}
			}
			if due := dueOf(res.Plan, "1.2.2"); due != "2025-06-30" {
				t.Errorf("1.2.2 (a date cell in a workbook) due %q", due)
			}
			if len(res.Plan.Indicators) != 1 {
				t.Fatalf("indicators %v", res.Plan.Indicators)
			}
			it := res.Plan.Indicators[0]
			if it.Annex != "2-2" || len(it.Columns) != 4 || len(it.Rows) != 4 || it.Rows[3][1] != "广安门外街道" || it.Rows[0][3] != "80%" {
				t.Errorf("indicators %+v", it)
			}
		})
	}
}

// dueOf is the due date of measure id in p.
func dueOf(p *data.Plan, id string) string {
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, tk := range s.Tasks {
				for _, m := range tk.Measures {
					if m.ID == id {
						return m.Deadline.Due
					}
				}
			}
		}
	}
	return ""
}

// TestBlind2CellPerLine: the text LibreOffice (or WPS) saves of a Word
// document puts every table cell on a line of its own, and a PDF's text
// laid out spaces the columns; each is refused at the header with what to
// do, not read as prose with its measures lost.
func TestBlind2CellPerLine(t *testing.T) {
	name := "b05-lo-cells.txt"
	b, err := os.ReadFile(filepath.Join("testdata", "blind2", name))
	if err != nil {
		t.Fatal(err)
	}
	res := Read(Source{Name: name, Data: b}, Options{Year: 2025, Units: plan2023(t).Units})
	if len(res.Problems) != 1 || res.Problems[0].Row != 16 || !strings.Contains(res.Problems[0].Text, "每个单元格各占一行") ||
		!strings.Contains(res.Problems[0].Text, ".docx") {
		t.Errorf("problems %v", res.Problems)
	}
	// pdftotext -layout of the same plan: the columns spaced as on the page
	name = "b16-pdf-layout.txt"
	if b, err = os.ReadFile(filepath.Join("testdata", "blind2", name)); err != nil {
		t.Fatal(err)
	}
	res = Read(Source{Name: name, Data: b}, Options{Year: 2025})
	if len(res.Problems) != 1 || res.Problems[0].Row != 30 || !strings.Contains(res.Problems[0].Text, "是空格而不是制表符") {
		t.Errorf("problems %v", res.Problems)
	}
}

// TestBlind2Hidden: what a workbook hides is not the plan — a row kept
// hidden (a measure dropped from this year's plan), a hidden column (last
// year's 主责单位 beside this year's), a hidden sheet (last year's annex
// 1); each is named in Ignored.
func TestBlind2Hidden(t *testing.T) {
	name := "b10-hidden.xlsx"
	b, err := os.ReadFile(filepath.Join("testdata", "blind2", name))
	if err != nil {
		t.Fatal(err)
	}
	res := Read(Source{Name: name, Data: b}, Options{Year: 2025, Units: plan2023(t).Units})
	if len(res.Problems) > 0 || len(res.Plan.Annexes) != 1 {
		t.Fatalf("problems %v, %d annexes", res.Problems, len(res.Plan.Annexes))
	}
	tasks := res.Plan.Annexes[0].Sections[0].Tasks
	if len(tasks) != 2 || len(tasks[0].Measures) != 1 || len(tasks[1].Measures) != 1 {
		t.Fatalf("tasks %+v", tasks)
	}
	for _, m := range []data.Measure{tasks[0].Measures[0], tasks[1].Measures[0]} {
		if fmt.Sprint(m.Lead) != "[区发展改革委]" {
			t.Errorf("%s lead %v: the hidden column's", m.ID, m.Lead)
		}
	}
	var ignored []string
	for _, p := range res.Ignored {
		ignored = append(ignored, p.String())
	}
	for _, want := range []string{"工作表“附件1”：E 列是隐藏列", "工作表“附件1”，第 6 行：这一行是隐藏行", "工作表“2024年附件1”：这个工作表是隐藏的"} {
		if !strings.Contains(strings.Join(ignored, "\n"), want) {
			t.Errorf("ignored %q, want %s", ignored, want)
		}
	}
}

// TestBlind2SameHeaderTwice: two columns headed 主责单位 (a unit in each)
// are refused at the second, not read as one with the second's units lost.
func TestBlind2SameHeaderTwice(t *testing.T) {
	name := "b11-dup.xlsx"
	b, err := os.ReadFile(filepath.Join("testdata", "blind2", name))
	if err != nil {
		t.Fatal(err)
	}
	res := Read(Source{Name: name, Data: b}, Options{Year: 2025})
	if len(res.Problems) != 1 || res.Problems[0].String() != "文件“b11-dup.xlsx”，工作表“附件1”，第 2 行 F 列：“主责单位”列重复：同一类的列只能有一列，请删除或改名" {
		t.Errorf("problems %v", res.Problems)
	}
}

// TestNumbering counts list paragraphs as Word prints them: levels, a
// Chinese format, a list going on under another numId of the same
// abstract list, and one starting again by w:startOverride.
func TestNumbering(t *testing.T) {
	n := readNumbering(strings.NewReader(`<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`))
	var got []string
	for _, p := range []struct {
		num   string
		level int
	}{{"1", 0}, {"1", 1}, {"1", 1}, {"1", 0}, {"1", 1}, {"2", 0}, {"3", 0}, {"4", 0}, {"9", 0}} {
		got = append(got, n.next(p.num, p.level))
	}
	if want := "一、 （1） （2） 二、 （1） 三、 一、  "; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

// TestBlind2MeasureNumbers: a 序号 numbering the measures under their task
// (1.1, 1.2, 2.1 beside a merged 重点任务) gives the task's number: IDs
// 1.1.1, 1.1.2, 1.2.1, not 1.1.1.1.
func TestBlind2MeasureNumbers(t *testing.T) {
	name := "b13-subno.xlsx"
	b, err := os.ReadFile(filepath.Join("testdata", "blind2", name))
	if err != nil {
		t.Fatal(err)
	}
	res := Read(Source{Name: name, Data: b}, Options{Year: 2025})
	if len(res.Problems) > 0 {
		t.Fatal(res.Problems)
	}
	var ids []string
	for _, s := range res.Plan.Annexes[0].Sections {
		for _, tk := range s.Tasks {
			for _, m := range tk.Measures {
				ids = append(ids, tk.No+":"+m.ID)
			}
		}
	}
	if got := strings.Join(ids, " "); got != "1:1.1.1 1:1.1.2 2:1.2.1 3:1.3.1 3:1.3.2" {
		t.Errorf("ids %s", got)
	}
}

// TestCoverSheetYear: the year of a workbook's plan is its notice's, on a
// cover sheet or above the annexes in the one sheet of a saved document;
// it was asked for although the title names it.
func TestCoverSheetYear(t *testing.T) {
	for _, name := range []string{"x01-cover-sheet.xlsx", "d01-cover-cn-annex.xlsx"} {
		b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
		if err != nil {
			t.Fatal(err)
		}
		res := Read(Source{Name: name, Data: b}, Options{Units: plan2023(t).Units})
		if len(res.Problems) > 0 || res.Plan.Year != 2024 {
			t.Errorf("%s: year %d, problems %v", name, res.Plan.Year, res.Problems)
		}
	}
}

// TestNoticeTitleUnquoted: a notice that names the plan without 《》
// (关于印发…行动计划的通知) gives its title, and with it the year.
func TestNoticeTitleUnquoted(t *testing.T) {
	r := &Result{Plan: &data.Plan{}}
	docField(r, "北京市西城区人民政府办公室关于印发西城区深入打好污染防治攻坚战2025年行动计划的通知")
	docField(r, "西城区2025年应对气候变化行动计划") // an annex's title comes later: not the plan's
	if r.Plan.Title != "西城区深入打好污染防治攻坚战2025年行动计划" {
		t.Errorf("title %q", r.Plan.Title)
	}
}
