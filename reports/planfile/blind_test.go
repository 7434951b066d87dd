package planfile

import (
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// The files in testdata/blind are 2024 plans made the way a district
// drafting office makes them, from the 2023 plan re-labelled 2024 (blindPlan):
// Word documents and workbooks that LibreOffice converted from web pages
// with rowspan and colspan (d*), and workbooks written with excelize (x*).
// TestMakeBlindFixtures writes them again (PLANFILE_FIXTURES=1, needs
// soffice); TestBlindFixtures reads each and wants the plan it was made
// from, measure by measure.

// blindDeadlines are the deadlines other years' plans print, with what they
// mean in a 2024 plan; blindPlan(true) puts them on every third measure.
var blindDeadlines = []data.Deadline{
	{Text: "2024年6月底前", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"},
	{Text: "6月底前", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"},
	{Text: "年底前", Kind: data.DeadlineYearEnd, Due: "2024-12-31"},
	{Text: "长期坚持", Kind: data.DeadlineOngoing},
	{Text: "持续推进", Kind: data.DeadlineOngoing},
	{Text: "全年", Kind: data.DeadlineWindow, From: "2024-01-01", Due: "2024-12-31"},
	{Text: "每季度", Kind: data.DeadlineOngoing},
	{Text: "每月", Kind: data.DeadlineOngoing},
	{Text: "2024年第三季度", Kind: data.DeadlineWindow, From: "2024-07-01", Due: "2024-09-30"},
	{Text: "2024年10月—12月", Kind: data.DeadlineWindow, From: "2024-10-01", Due: "2024-12-31"},
	{Text: "6-9月", Kind: data.DeadlineWindow, From: "2024-06-01", Due: "2024-09-30"},
	{Text: "按时间节点完成", Kind: data.DeadlineMilestone},
	{Text: "2025年底前", Kind: data.DeadlineYearEnd, Due: "2025-12-31"},
	{Text: "２０２４年９月底前", Kind: data.DeadlineMonthEnd, Due: "2024-09-30"},
	{Text: "10月底前", Kind: data.DeadlineMonthEnd, Due: "2024-10-31"},
}

// blindPlan is the 2023 plan as the 2024 one: years changed, 区城市管理委
// renamed 区城管委, and with vary the deadlines of blindDeadlines.
func blindPlan(t testing.TB, vary bool) *data.Plan {
	p := plan2023(t)
	p.Year, p.Units = 2024, nil
	p.Title = strings.ReplaceAll(p.Title, "2023", "2024")
	p.DocNo, p.Date = "西政办发〔2024〕5号", "2024-03-15"
	rename := func(us []string) {
		for i, u := range us {
			if u == "区城市管理委" {
				us[i] = "区城管委"
			}
		}
	}
	k := 0
	for ai := range p.Annexes {
		a := &p.Annexes[ai]
		a.Title = strings.ReplaceAll(a.Title, "2023", "2024")
		for si := range a.Sections {
			for ti := range a.Sections[si].Tasks {
				for mi := range a.Sections[si].Tasks[ti].Measures {
					m := &a.Sections[si].Tasks[ti].Measures[mi]
					m.Text = strings.ReplaceAll(m.Text, "2023年", "2024年")
					if m.Deadline.Due != "" {
						m.Deadline.Due = "2024" + m.Deadline.Due[4:]
					}
					if m.Deadline.From != "" {
						m.Deadline.From = "2024" + m.Deadline.From[4:]
					}
					rename(m.Lead)
					rename(m.Co)
					if vary && k%3 == 0 {
						m.Deadline = blindDeadlines[(k/3)%len(blindDeadlines)]
					}
					k++
				}
			}
		}
	}
	for i := range p.Indicators {
		p.Indicators[i].Title = strings.ReplaceAll(p.Indicators[i].Title, "2023", "2024")
	}
	return p
}

// blindStyle is how one office lays its file out.
type blindStyle struct {
	name      string
	vary      bool                     // the deadlines of blindDeadlines
	calc      bool                     // also saved as a workbook by LibreOffice Calc (one sheet)
	annexHead func(code string) string // the line naming an annex
	cover     bool                     // the notice (title, 文号, date) on a page or sheet of its own
	cols      []string                 // no task text deadline lead co, or an extra column's label
	group     bool                     // two header rows: 责任单位 over 主责 and 协办
	subheads  bool                     // a subheading （一） above each section's first task
	spacers   bool                     // an empty row after each section
	repeatHdr int                      // the header row again before the task after every n rows
	mergeNo   bool                     // 序号 merged over the task's rows (else blank under the first)
	leadMark  bool                     // one 责任单位 column: 区生态环境局（牵头）、区城管委
	sep       string                   // between unit names
	perSec    bool                     // Word: a table per section, its heading a paragraph
	fullWidth bool                     // 序号 in full-width digits
	cnSheets  bool                     // workbook sheets named 附件一, 附件二-1
	bad       bool                     // measure 1.1.1's deadline is 明年
	countNo   bool                     // 序号 counts the measures (numberMeasures), the task merged over them
	headCells bool                     // a section heading as 一 | 主要目标 in the first two columns
	restartNo bool                     // 序号 from 1 in each section
	leadWords bool                     // one 责任单位 column: 区发展改革委牵头，区统计局配合
}

// numberTasks is the plan as a file without 序号 reads: the tasks of each
// annex numbered in order (the 2023 annex 5 skips 8).
func numberTasks(p *data.Plan) {
	for ai := range p.Annexes {
		n := 0
		for si := range p.Annexes[ai].Sections {
			for ti := range p.Annexes[ai].Sections[si].Tasks {
				tk := &p.Annexes[ai].Sections[si].Tasks[ti]
				n++
				tk.No = fmt.Sprint(n)
				for mi := range tk.Measures {
					tk.Measures[mi].ID = fmt.Sprintf("%s.%d.%d", p.Annexes[ai].Code, n, mi+1)
				}
			}
		}
	}
}

// restartNumbers is the plan as printed with 序号 from 1 in each section.
func restartNumbers(p *data.Plan) {
	for ai := range p.Annexes {
		for si := range p.Annexes[ai].Sections {
			for ti := range p.Annexes[ai].Sections[si].Tasks {
				p.Annexes[ai].Sections[si].Tasks[ti].No = fmt.Sprint(ti + 1)
			}
		}
	}
}

// numberMeasures is the plan as a file whose 序号 counts the measures of
// each annex reads: a task is numbered by its first measure's 序号.
func numberMeasures(p *data.Plan) {
	for ai := range p.Annexes {
		n := 1
		for si := range p.Annexes[ai].Sections {
			for ti := range p.Annexes[ai].Sections[si].Tasks {
				tk := &p.Annexes[ai].Sections[si].Tasks[ti]
				tk.No = fmt.Sprint(n)
				for mi := range tk.Measures {
					tk.Measures[mi].ID = fmt.Sprintf("%s.%s.%d", p.Annexes[ai].Code, tk.No, mi+1)
					n++
				}
			}
		}
	}
}

func annexPlain(c string) string  { return "附件" + c }
func annexSpaced(c string) string { return "附件 " + c }
func annexColon(c string) string  { return "附件" + c + "：" }
func annexDash(c string) string   { return "附件" + strings.ReplaceAll(c, "-", "—") }

// annexCN writes 附件二-1 for 2-1.
func annexCN(code string) string {
	n, rest, _ := strings.Cut(code, "-")
	s := "附件" + map[string]string{"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六"}[n]
	if rest != "" {
		s += "-" + rest
	}
	return s
}

var (
	stdCols    = []string{"no", "task", "text", "deadline", "lead", "co"}
	blindFiles = []blindStyle{
		{name: "d01-cover-cn-annex", vary: true, calc: true, annexHead: annexCN, cover: true, cols: stdCols, mergeNo: true, sep: "、"},
		{name: "d02-spaced-remarks", calc: true, annexHead: annexSpaced, cols: append(append([]string(nil), stdCols...), "备注"), mergeNo: true, sep: "，"},
		{name: "d03-emdash-order-group", vary: true, calc: true, annexHead: annexDash, cols: []string{"no", "task", "text", "lead", "co", "deadline"}, group: true, mergeNo: true, sep: "、"},
		{name: "d04-subheads-spacers", annexHead: annexPlain, cols: stdCols, subheads: true, spacers: true, mergeNo: true, sep: " "},
		{name: "d05-leadmark", vary: true, annexHead: annexPlain, cols: []string{"no", "task", "text", "lead", "deadline", "完成标准"}, leadMark: true, sep: "、"},
		{name: "d06-repeat-header", annexHead: annexPlain, cols: stdCols, repeatHdr: 12, sep: "\n"},
		{name: "d07-per-section-tables", vary: true, annexHead: annexPlain, cols: stdCols, perSec: true, mergeNo: true, sep: "、", cover: true},
		{name: "d08-fullwidth", annexHead: annexPlain, cols: stdCols, fullWidth: true, mergeNo: true, sep: "、"},
		{name: "d09-bad-deadline", calc: true, annexHead: annexPlain, cols: stdCols, mergeNo: true, sep: "、", bad: true},
		{name: "d10-count-measures", vary: true, calc: true, annexHead: annexPlain, cols: stdCols, countNo: true, sep: "、"},
		{name: "d11-heading-cells", calc: true, annexHead: annexPlain, cols: stdCols, headCells: true, mergeNo: true, sep: "、"},
		{name: "d12-restart-words", vary: true, annexHead: annexPlain, cols: []string{"no", "task", "text", "deadline", "lead"}, restartNo: true, leadWords: true, mergeNo: true, sep: "、"},
		{name: "x01-cover-sheet", vary: true, annexHead: annexColon, cover: true, cols: stdCols, mergeNo: true, sep: "、"},
		{name: "x02-group-extra", annexHead: annexPlain, cols: append(append([]string(nil), stdCols...), "备注", "完成标准"), group: true, mergeNo: true, sep: "\n"},
		{name: "x03-cn-subheads", vary: true, annexHead: annexCN, cnSheets: true, cols: []string{"no", "task", "text", "lead", "co", "deadline"}, subheads: true, spacers: true, sep: "，"},
		{name: "x04-leadmark-full", annexHead: annexDash, cols: []string{"no", "task", "text", "lead", "deadline"}, leadMark: true, fullWidth: true, sep: "、", mergeNo: true},
		{name: "x05-count-measures", annexHead: annexPlain, cols: stdCols, countNo: true, sep: "、"},
		{name: "x07-restart-numbers", annexHead: annexPlain, cols: stdCols, restartNo: true, mergeNo: true, sep: "、"},
		{name: "x06-no-number", vary: true, annexHead: annexPlain, cols: []string{"task", "text", "deadline", "lead", "co", "备注"}, sep: "、"},
	}
)

func (st blindStyle) label(c string) string {
	switch c {
	case "no":
		return "序号"
	case "task":
		return "重点任务"
	case "text":
		return "工作措施"
	case "deadline":
		return "完成时限"
	case "lead":
		switch {
		case st.leadMark || st.leadWords:
			return "责任单位"
		case st.group:
			return "主责"
		}
		return "牵头单位"
	case "co":
		if st.group {
			return "协办"
		}
		return "配合单位"
	}
	return c
}

func (st blindStyle) value(c string, tk data.Task, m data.Measure, mi int) string {
	switch c {
	case "no":
		if st.countNo {
			var n int
			fmt.Sscan(tk.No, &n)
			return fmt.Sprint(n + mi)
		}
		if st.fullWidth {
			return strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' {
					return r - '0' + '０'
				}
				return r
			}, tk.No)
		}
		return tk.No
	case "task":
		return tk.Name
	case "text":
		return m.Text
	case "deadline":
		if st.bad && m.ID == "1.1.1" {
			return "明年"
		}
		return m.Deadline.Text
	case "lead":
		if st.leadWords {
			s := strings.Join(m.Lead, st.sep) + "牵头"
			if len(m.Co) > 0 {
				s += "，" + strings.Join(m.Co, st.sep) + "配合"
			}
			return s
		}
		if !st.leadMark {
			return strings.Join(m.Lead, st.sep)
		}
		var parts []string
		for _, u := range m.Lead {
			parts = append(parts, u+"（牵头）")
		}
		return strings.Join(append(parts, m.Co...), st.sep)
	case "co":
		if len(m.Co) == 0 {
			return "—"
		}
		return strings.Join(m.Co, st.sep)
	case "备注":
		if mi == 0 {
			return "新增"
		}
	case "完成标准":
		return "按要求完成"
	}
	return ""
}

func cnDate(d string) string {
	return d[:4] + "年" + strings.TrimLeft(d[5:7], "0") + "月" + strings.TrimLeft(d[8:], "0") + "日"
}

// subhead is the subheading the styles with subheads put above a section's
// first task.
func subhead(s data.Section) string { return "（一）" + s.Title + "重点工作" }

// writeHTML writes the plan as a web page for LibreOffice to convert.
func (st blindStyle) writeHTML(p *data.Plan) string {
	var b strings.Builder
	cell := func(s string) string { return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>") }
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>计划</title></head><body>`)
	if st.cover {
		fmt.Fprintf(&b, "<p>北京市西城区人民政府办公室文件</p><p>%s</p><p>北京市西城区人民政府办公室关于印发《%s》的通知</p>", p.DocNo, p.Title)
		fmt.Fprintf(&b, "<p>各街道办事处，区政府各委、办、局，各区属机构：</p><p>现将《%s》印发给你们，请认真贯彻落实。</p>", p.Title)
		fmt.Fprintf(&b, "<p>北京市西城区人民政府办公室</p><p>%s</p><p style=\"page-break-before: always\">%s</p>", cnDate(p.Date), p.Title)
	}
	n := len(st.cols)
	header := func() {
		b.WriteString("<tr>")
		for _, c := range st.cols {
			switch {
			case st.group && c == "lead":
				b.WriteString(`<th colspan="2">责任单位</th>`)
			case st.group && c == "co":
			case st.group:
				fmt.Fprintf(&b, `<th rowspan="2">%s</th>`, st.label(c))
			default:
				fmt.Fprintf(&b, "<th>%s</th>", st.label(c))
			}
		}
		b.WriteString("</tr>")
		if st.group {
			b.WriteString("<tr><th>主责</th><th>协办</th></tr>")
		}
	}
	for _, a := range p.Annexes {
		fmt.Fprintf(&b, "<p>%s</p><p>%s</p>", st.annexHead(a.Code), a.Title)
		if !st.perSec {
			b.WriteString(`<table border="1">`)
			header()
		}
		rows := 0
		for si, s := range a.Sections {
			if st.perSec {
				if si > 0 {
					b.WriteString("</table>")
				}
				fmt.Fprintf(&b, `<p>%s、%s</p><table border="1">`, s.No, s.Title)
				header()
			} else if st.headCells {
				fmt.Fprintf(&b, `<tr><td>%s</td><td>%s</td>%s</tr>`, s.No, s.Title, strings.Repeat("<td></td>", n-2))
			} else {
				fmt.Fprintf(&b, `<tr><td colspan="%d">%s、%s</td></tr>`, n, s.No, s.Title)
			}
			for ti, tk := range s.Tasks {
				if st.subheads && ti == 0 {
					fmt.Fprintf(&b, `<tr><td colspan="%d">%s</td></tr>`, n, subhead(s))
				}
				if st.repeatHdr > 0 && rows >= st.repeatHdr {
					header()
					rows = 0
				}
				for mi, m := range tk.Measures {
					rows++
					b.WriteString("<tr>")
					for _, c := range st.cols {
						merged := c == "task" || c == "no" && st.mergeNo
						switch {
						case merged && mi == 0:
							fmt.Fprintf(&b, `<td rowspan="%d">%s</td>`, len(tk.Measures), cell(st.value(c, tk, m, mi)))
						case merged:
						case c == "no" && mi > 0 && !st.countNo:
							b.WriteString("<td></td>")
						default:
							fmt.Fprintf(&b, "<td>%s</td>", cell(st.value(c, tk, m, mi)))
						}
					}
					b.WriteString("</tr>")
				}
			}
			if st.spacers {
				b.WriteString("<tr>" + strings.Repeat("<td></td>", n) + "</tr>")
			}
		}
		b.WriteString("</table>")
	}
	for _, it := range p.Indicators {
		fmt.Fprintf(&b, `<p>%s</p><p>%s</p><table border="1">`, st.annexHead(it.Annex), it.Title)
		for _, r := range append([][]string{it.Columns}, it.Rows...) {
			b.WriteString("<tr>")
			for _, v := range r {
				fmt.Fprintf(&b, "<td>%s</td>", cell(v))
			}
			b.WriteString("</tr>")
		}
		if it.Note != "" {
			fmt.Fprintf(&b, `<tr><td colspan="%d">%s</td></tr>`, len(it.Columns), cell(it.Note))
		}
		b.WriteString("</table>")
	}
	b.WriteString("</body></html>")
	return b.String()
}

// writeXLSX writes the plan as a workbook with a sheet per annex.
func (st blindStyle) writeXLSX(t testing.TB, p *data.Plan, path string) {
	f := excelize.NewFile()
	defer f.Close()
	first := true
	check := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	newSheet := func(name string) {
		if first {
			check(f.SetSheetName("Sheet1", name))
			first = false
			return
		}
		_, err := f.NewSheet(name)
		check(err)
	}
	sheetName := func(code string) string {
		if st.cnSheets {
			return annexCN(code)
		}
		return "附件" + code
	}
	at := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c, r); return n }
	if st.cover {
		newSheet("封面")
		for i, line := range []string{"北京市西城区人民政府办公室关于印发《" + p.Title + "》的通知", p.DocNo, cnDate(p.Date)} {
			check(f.SetCellStr("封面", at(1, i+1), line))
		}
	}
	n := len(st.cols)
	for _, a := range p.Annexes {
		sh := sheetName(a.Code)
		newSheet(sh)
		check(f.SetCellStr(sh, "A1", st.annexHead(a.Code)))
		check(f.SetCellStr(sh, "A2", a.Title))
		check(f.MergeCell(sh, "A2", at(n, 2)))
		r := 3
		for c, col := range st.cols {
			switch {
			case st.group && col == "lead":
				check(f.SetCellStr(sh, at(c+1, r), "责任单位"))
				check(f.MergeCell(sh, at(c+1, r), at(c+2, r)))
				check(f.SetCellStr(sh, at(c+1, r+1), "主责"))
				check(f.SetCellStr(sh, at(c+2, r+1), "协办"))
			case st.group && col == "co":
			case st.group:
				check(f.SetCellStr(sh, at(c+1, r), st.label(col)))
				check(f.MergeCell(sh, at(c+1, r), at(c+1, r+1)))
			default:
				check(f.SetCellStr(sh, at(c+1, r), st.label(col)))
			}
		}
		r++
		if st.group {
			r++
		}
		for _, s := range a.Sections {
			check(f.SetCellStr(sh, at(1, r), s.No+"、"+s.Title))
			check(f.MergeCell(sh, at(1, r), at(n, r)))
			r++
			for ti, tk := range s.Tasks {
				if st.subheads && ti == 0 {
					check(f.SetCellStr(sh, at(1, r), subhead(s)))
					r++
				}
				start := r
				for mi, m := range tk.Measures {
					for c, col := range st.cols {
						if (col == "no" && !st.countNo || col == "task") && mi > 0 {
							continue
						}
						check(f.SetCellStr(sh, at(c+1, r), st.value(col, tk, m, mi)))
					}
					r++
				}
				for c, col := range st.cols {
					if (col == "task" || col == "no" && st.mergeNo) && r-start > 1 {
						check(f.MergeCell(sh, at(c+1, start), at(c+1, r-1)))
					}
				}
			}
			if st.spacers {
				r++
			}
		}
	}
	for _, it := range p.Indicators {
		sh := sheetName(it.Annex)
		newSheet(sh)
		check(f.SetCellStr(sh, "A1", st.annexHead(it.Annex)))
		check(f.SetCellStr(sh, "A2", it.Title))
		r := 3
		for _, row := range append([][]string{it.Columns}, it.Rows...) {
			for c, v := range row {
				check(f.SetCellStr(sh, at(c+1, r), v))
			}
			r++
		}
		if it.Note != "" {
			check(f.SetCellStr(sh, at(1, r), it.Note))
			check(f.MergeCell(sh, at(1, r), at(len(it.Columns), r)))
		}
	}
	check(f.SaveAs(path))
}

// TestMakeBlindFixtures writes testdata/blind again: PLANFILE_FIXTURES=1.
func TestMakeBlindFixtures(t *testing.T) {
	if os.Getenv("PLANFILE_FIXTURES") == "" {
		t.Skip("set PLANFILE_FIXTURES=1 to write testdata/blind (needs soffice)")
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "blind"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	soffice := func(args ...string) {
		cmd := exec.Command("soffice", append([]string{"--headless", "-env:UserInstallation=file://" + tmp + "/lo"}, args...)...)
		cmd.Dir = tmp
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice %v: %v\n%s", args, err, out)
		}
	}
	for _, st := range blindFiles {
		p := blindPlan(t, st.vary)
		if st.countNo {
			numberMeasures(p)
		}
		if st.restartNo {
			restartNumbers(p)
		}
		if strings.HasPrefix(st.name, "x") {
			st.writeXLSX(t, p, filepath.Join(dir, st.name+".xlsx"))
			continue
		}
		src := filepath.Join(tmp, st.name+".html")
		if err := os.WriteFile(src, []byte(st.writeHTML(p)), 0o644); err != nil {
			t.Fatal(err)
		}
		soffice("--convert-to", "docx:MS Word 2007 XML", "--outdir", dir, src)
		if st.calc {
			soffice("--infilter=HTML (StarCalc)", "--convert-to", "xlsx", "--outdir", dir, src)
		}
	}
}

// TestBlindFixtures reads every file of testdata/blind as the 2024 plan it
// was made from: every measure's ID, text, deadline and units, the sections,
// the indicator tables, the notice where the file has one; the extra
// columns and the cover sheet are in Result.Ignored.
func TestBlindFixtures(t *testing.T) {
	units := append(plan2023(t).Units, data.Unit{Name: "区城管委"})
	for _, st := range blindFiles {
		for _, ext := range []string{".docx", ".xlsx"} {
			if ext == ".xlsx" && !st.calc && !strings.HasPrefix(st.name, "x") || ext == ".docx" && strings.HasPrefix(st.name, "x") {
				continue
			}
			name := st.name + ext
			t.Run(name, func(t *testing.T) {
				b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
				if err != nil {
					t.Fatal(err)
				}
				res := Read(Source{Name: name, Data: b}, Options{Year: 2024, Units: units})
				want := blindPlan(t, st.vary)
				if st.countNo {
					numberMeasures(want)
				}
				if !slices.Contains(st.cols, "no") || st.restartNo {
					numberTasks(want)
				}
				if !st.cover {
					want.Title, want.DocNo, want.Date = "", "", ""
					if fmt.Sprint(res.Missing) != "[title docno date]" {
						t.Errorf("missing %v", res.Missing)
					}
				} else if len(res.Missing) > 0 {
					t.Errorf("missing %v", res.Missing)
				}
				if st.subheads {
					for ai := range want.Annexes {
						for si, s := range want.Annexes[ai].Sections {
							want.Annexes[ai].Sections[si].Title = s.Title + " （一）" + s.Title + "重点工作"
						}
					}
				}
				if st.bad {
					if len(res.Problems) != 1 || res.OK() {
						t.Fatalf("problems %v", res.Problems)
					}
					return // checked in TestBlindProblemPlace
				}
				if len(res.Problems) > 0 || !res.OK() {
					t.Fatalf("problems %v", res.Problems)
				}
				samePlan(t, res.Plan, want)
				extra := 0
				for _, c := range st.cols {
					if st.label(c) == c {
						extra++
					}
				}
				wantIgnored := extra * len(want.Annexes)
				if !slices.Contains(st.cols, "no") || st.restartNo {
					wantIgnored += len(want.Annexes) // 表头没有“序号”列, 序号在每个章节中从 1 重新编号
				}
				if st.cover && ext == ".xlsx" && !st.calc {
					wantIgnored++ // the cover sheet
				}
				if len(res.Ignored) != wantIgnored {
					t.Errorf("%d ignored, want %d: %v", len(res.Ignored), wantIgnored, res.Ignored)
				}
			})
		}
	}
}

// TestBlindProblemPlace: a problem and what is ignored name the cell of the file,
// also in a workbook LibreOffice saved from a web page, where a table column
// spreads over several sheet columns (序号 over A–C, 完成时限 at M).
func TestBlindProblemPlace(t *testing.T) {
	read := func(name string) Result {
		b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
		if err != nil {
			t.Fatal(err)
		}
		return Read(Source{Name: name, Data: b}, Options{Year: 2024})
	}
	deadline := "无法识别的完成时限“明年”（应为 年底前、6月底前、6-9月、春节前、长期实施、按要求 之类的时限，不写单位或措施）"
	remark := "“备注”列不是计划的列，导入时不读取"
	for _, c := range []struct {
		file     string
		problems Problems
		ignored  Problem // the first
	}{
		{"d09-bad-deadline.docx", Problems{{File: "d09-bad-deadline.docx", Sheet: "表1", Row: 3, Col: 4, Text: deadline}}, Problem{}},
		{"d09-bad-deadline.xlsx", Problems{{File: "d09-bad-deadline.xlsx", Sheet: "Sheet1", Row: 5, Col: 13, Text: deadline}}, Problem{}},
		{"d02-spaced-remarks.docx", nil, Problem{File: "d02-spaced-remarks.docx", Sheet: "表1", Row: 1, Col: 7, Text: remark}},
		{"d02-spaced-remarks.xlsx", nil, Problem{File: "d02-spaced-remarks.xlsx", Sheet: "Sheet1", Row: 3, Col: 22, Text: remark}},
		{"x02-group-extra.xlsx", nil, Problem{File: "x02-group-extra.xlsx", Sheet: "附件1", Row: 3, Col: 7, Text: remark}},
		{"x01-cover-sheet.xlsx", nil, Problem{File: "x01-cover-sheet.xlsx", Sheet: "封面", Text: "这个工作表不是计划的附件，只读了其中的计划名称、文号或印发日期"}},
	} {
		res := read(c.file)
		if fmt.Sprint(res.Problems) != fmt.Sprint(c.problems) {
			t.Errorf("%s: problems\n%v\nwant\n%v", c.file, res.Problems, c.problems)
		}
		if c.ignored != (Problem{}) && (len(res.Ignored) == 0 || res.Ignored[0] != c.ignored) {
			t.Errorf("%s: ignored %v, want first %v", c.file, res.Ignored, c.ignored)
		}
	}
	if got := read("d09-bad-deadline.xlsx").Problems[0].String(); got != "文件“d09-bad-deadline.xlsx”，工作表“Sheet1”，第 5 行 M 列："+deadline {
		t.Errorf("%s", got)
	}
}

// TestBlindUnits: a 责任单位 column that marks the lead units （牵头） gives
// the others as co-units; two header rows with 责任单位 over 主责 and 协办.
func TestBlindUnits(t *testing.T) {
	for _, name := range []string{"d05-leadmark.docx", "x04-leadmark-full.xlsx", "d03-emdash-order-group.docx", "x02-group-extra.xlsx"} {
		b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
		if err != nil {
			t.Fatal(err)
		}
		res := Read(Source{Name: name, Data: b}, Options{Year: 2024})
		m := res.Plan.Annexes[0].Sections[1].Tasks[0].Measures[0]
		if m.ID != "1.2.1" || fmt.Sprint(m.Lead, m.Co) != "[区生态环境局 区发展改革委] [区统计局]" {
			t.Errorf("%s: %s %v %v", name, m.ID, m.Lead, m.Co)
		}
	}
}

func TestAnnexCodeVariants(t *testing.T) {
	for in, want := range map[string]string{
		"附件1": "1", "附件一": "1", "附件 2-1": "2-1", "附件2—1": "2-1", "附件二-1": "2-1", "附件２－１": "2-1",
		"附件十二": "12", "附件1：西城区重点任务": "1|西城区重点任务", "附件 三 西城区水污染防治": "3|西城区水污染防治",
	} {
		code, title, ok := annexCode(in)
		got := code
		if title != "" {
			got += "|" + title
		}
		if !ok || got != want {
			t.Errorf("annexCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"附件", "附件说明", "附件十百"} {
		if _, _, ok := annexCode(bad); ok {
			t.Errorf("annexCode(%q) accepted", bad)
		}
	}
}

func TestRoles(t *testing.T) {
	ar := newAnnexReader(&Result{}, Options{})
	for _, c := range []struct{ lead, co, want string }{
		{"区生态环境局（牵头）、区城管委", "", "[区生态环境局] [区城管委]"},
		{"区生态环境局(牵头) 区城管委（配合）", "区交通委", "[区生态环境局] [区城管委 区交通委]"},
		{"牵头单位：区生态环境局；配合单位：区城管委、区交通委", "", "[区生态环境局] [区城管委 区交通委]"},
		{"区生态环境局、区城管委", "区交通委（牵头）", "[区生态环境局 区城管委 区交通委] []"},
		{"区生态环境局", "—", "[区生态环境局] []"},
		{"区发展改革委牵头，区统计局、区商务局配合", "", "[区发展改革委] [区统计局 区商务局]"},
		{"区生态环境局、区城管委牵头，区交通委配合", "", "[区生态环境局 区城管委] [区交通委]"},
		{"区生态环境局（牵头）、区城管委、区交通委配合", "", "[区生态环境局] [区城管委 区交通委]"},
		{"牵头", "", "[牵头] []"},
		{"区机关事务\n管理局 区数据局", "中国铁塔 区城管委", "[区机关事务管理局 区数据局] [中国铁塔 区城管委]"},
		{"区城管委牵头 区交通委配合", "", "[区城管委] [区交通委]"},
	} {
		lead, co := ar.roles(c.lead, c.co)
		if got := fmt.Sprint(lead, co); got != c.want {
			t.Errorf("roles(%q, %q) = %s, want %s", c.lead, c.co, got, c.want)
		}
	}
}

// TestBlindTitleRow reads q1-title-row (written by hand, converted by
// LibreOffice to a Word document and a workbook): the annex named in the
// table's first row, 序号 （1）, units split at /, an indicator table with
// two header rows (a group 空气质量 over two columns; 重污染天数比率 over
// （%）).
func TestBlindTitleRow(t *testing.T) {
	for _, name := range []string{"q1-title-row.docx", "q1-title-row.xlsx"} {
		b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
		if err != nil {
			t.Fatal(err)
		}
		res := Read(Source{Name: name, Data: b}, Options{Year: 2024})
		if !res.OK() || len(res.Ignored) > 0 || res.Plan.Title != "北京市西城区深入打好污染防治攻坚战2024年行动计划" {
			t.Fatalf("%s: problems %v ignored %v title %q", name, res.Problems, res.Ignored, res.Plan.Title)
		}
		var got []string
		for _, a := range res.Plan.Annexes {
			got = append(got, a.Code+" "+a.Title)
			for _, s := range a.Sections {
				got = append(got, s.No+"、"+s.Title)
				for _, tk := range s.Tasks {
					for _, m := range tk.Measures {
						got = append(got, fmt.Sprintf("%s %s %s %s %s %v %v", m.ID, m.Text, m.Deadline.Kind, m.Deadline.From, m.Deadline.Due, m.Lead, m.Co))
					}
				}
			}
		}
		want := []string{
			"1 西城区应对气候变化2024年行动计划", "一、主要目标",
			"1.1.1 措施一。 window 2024-12-01 2024-12-31 [区生态环境局] [区发展改革委等]",
			"1.1.2 措施二。 window 2024-12-01 2024-12-31 [区生态环境局] [各街道办事处]",
			"1.2.1 措施三。 month_end  2024-06-30 [区发展改革委 区商务局] []",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s:\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		ind := fmt.Sprint(res.Plan.Indicators)
		if ind != "[{2 2024年各街道有关指标 [街道 PM2.5年均浓度（微克/立方米） 优良天数比率（%） 重污染天数比率（%） 备注] [[德胜街道 29 75 1 ]] }]" {
			t.Errorf("%s: indicators %s", name, ind)
		}
	}
}

// TestBlindIndicatorsThenTasks reads q2 (by hand, converted by LibreOffice):
// annex 2-2 holds an indicator table and then its tasks' table, in a Word
// document and in the one sheet LibreOffice makes of it; 2024年春节前 is due
// on that Spring Festival.
func TestBlindIndicatorsThenTasks(t *testing.T) {
	for _, name := range []string{"q2-indicators-then-tasks.docx", "q2-indicators-then-tasks.xlsx"} {
		b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
		if err != nil {
			t.Fatal(err)
		}
		res := Read(Source{Name: name, Data: b}, Options{Year: 2024})
		if len(res.Problems) != 0 {
			t.Errorf("%s: problems %v", name, res.Problems)
		}
		title := "各街道大气污染防治2024年有关指标及重点任务计划"
		if got := fmt.Sprint(res.Plan.Indicators); got != "[{2-2 "+title+" [全区及各街道 PM2.5年均浓度（微克/立方米） 优良天数比率（%）] [[全区 30 75] [德胜街道 29 —]] }]" {
			t.Errorf("%s: indicators %s", name, got)
		}
		if len(res.Plan.Annexes) != 1 || res.Plan.Annexes[0].Code != "2-2" || res.Plan.Annexes[0].Title != title {
			t.Fatalf("%s: annexes %+v", name, res.Plan.Annexes)
		}
		tasks := res.Plan.Annexes[0].Sections[0].Tasks
		if len(tasks) != 2 || fmt.Sprint(tasks[0].Measures[0]) != "{2-2.1.1 开展裸地排查。 {每月 ongoing  } [各街道办事处] []}" ||
			fmt.Sprint(tasks[1].Measures[0].Deadline) != "{2024年春节前 month_end  2024-02-10}" {
			t.Errorf("%s: tasks %+v", name, tasks)
		}
	}
}

// TestBlindColumnNumbers reads q3 (by hand, converted by LibreOffice): a row
// numbering the columns under the header, section headings with 一、 in the
// 序号 cell and the title spanning the rest, lead units merged over two
// measures and split by a line break.
func TestBlindColumnNumbers(t *testing.T) {
	want := "一、水环境质量目标\n" +
		"3.1.1 全区地表水水质稳定达标。 年底前 [区水务局 区生态环境局] [各街道办事处]\n" +
		"3.1.2 加强河湖长制。 年底前 [区水务局 区生态环境局] []\n" +
		"二、水资源保护\n" +
		"3.2.1 推进节水型社会建设。 2024年内 [区水务局] [区发展改革委]"
	for _, name := range []string{"q3-column-numbers.docx", "q3-column-numbers.xlsx"} {
		b, err := os.ReadFile(filepath.Join("testdata", "blind", name))
		if err != nil {
			t.Fatal(err)
		}
		res := Read(Source{Name: name, Data: b}, Options{Year: 2024})
		if !res.OK() || len(res.Ignored) > 0 || len(res.Plan.Annexes) != 1 {
			t.Fatalf("%s: problems %v ignored %v", name, res.Problems, res.Ignored)
		}
		var got []string
		for _, s := range res.Plan.Annexes[0].Sections {
			got = append(got, s.No+"、"+s.Title)
			for _, tk := range s.Tasks {
				for _, m := range tk.Measures {
					got = append(got, fmt.Sprintf("%s %s %s %v %v", m.ID, m.Text, m.Deadline.Text, m.Lead, m.Co))
				}
			}
		}
		if strings.Join(got, "\n") != want {
			t.Errorf("%s:\n%s\nwant\n%s", name, strings.Join(got, "\n"), want)
		}
	}
}

func TestHeaderNames(t *testing.T) {
	for _, c := range []struct {
		cells []string
		cols  [numCols]int
	}{
		{[]string{"序 号", "重点\n任务", "具体工作措施", "时间安排", "责任部门", "协同部门", "责任人"}, [numCols]int{0, 1, 2, 3, 4, 5}},
		{[]string{"编号", "主要任务", "工作措施", "完成时限", "牵头单位", "责任单位"}, [numCols]int{0, 1, 2, 3, 4, 5}},
		{[]string{"序号", "工作措施", "完成时限", "责任单位"}, [numCols]int{0, -1, 1, 2, 3, -1}},
	} {
		h, ok := parseHeader(c.cells, nil)
		if !ok || h.cols != c.cols {
			t.Errorf("parseHeader(%q) = %v, %v; want %v", c.cells, h.cols, ok, c.cols)
		}
	}
}
