package plantext

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"taizhang/assets"
	"taizhang/data"
)

// golden2023 is the plan the 2023 text gave with the per-year fix-ups the
// parser had before its general rules, dumped then: what every reading of
// the 2023 text must still give.
func golden2023(t testing.TB) *data.Plan {
	t.Helper()
	b, err := os.ReadFile("testdata/plan2023.json")
	if err != nil {
		t.Fatal(err)
	}
	var p data.Plan
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

// samePlan compares two plans measure by measure (ID, task, text, deadline,
// units), then whole, and names what differs.
func samePlan(t *testing.T, got, want *data.Plan) {
	t.Helper()
	g, w := measures(got), measures(want)
	if len(g) != len(w) {
		t.Errorf("%d measures, want %d", len(g), len(w))
	}
	diffs := 0
	for id, wm := range w {
		gm, ok := g[id]
		switch {
		case !ok:
			t.Errorf("measure %s missing", id)
		case fmt.Sprint(gm) != fmt.Sprint(wm):
			t.Errorf("measure %s:\ngot  %+v\nwant %+v", id, gm, wm)
		default:
			continue
		}
		if diffs++; diffs == 5 {
			t.Fatal("more differences left out")
		}
	}
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if string(gb) != string(wb) {
		t.Errorf("plans differ outside the measures (title, annexes, sections, indicators or units)")
	}
}

// TestSamePlanAsBefore: the general rules read the 2023 text into exactly
// the plan the 2023 fix-ups gave.
func TestSamePlanAsBefore(t *testing.T) {
	samePlan(t, mustDefault(t), golden2023(t))
}

// plannedYear matches the years the 2023 text names up to its own (2019 to
// 2023, not the 2035 of the long-term goals).
var plannedYear = regexp.MustCompile(`20(19|2[0-3])`)

// nextYear is s with every such year one later: the 2023 plan relabelled
// 2024, its text or its plan as JSON (dates and deadlines included).
func nextYear(s string) string {
	return plannedYear.ReplaceAllStringFunc(s, func(y string) string {
		n, _ := strconv.Atoi(y)
		return strconv.Itoa(n + 1)
	})
}

// golden2024 is the 2023 plan relabelled 2024.
func golden2024(t *testing.T) *data.Plan {
	b, _ := json.Marshal(golden2023(t))
	var p data.Plan
	if err := json.Unmarshal([]byte(nextYear(string(b))), &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

// TestAnotherYear reads the 2023 text relabelled 2024 (every year in it one
// later): all 137 measures, the same as 2023's relabelled, with the year
// given or taken from the title.
func TestAnotherYear(t *testing.T) {
	text := nextYear(assets.PlanText2023)
	if strings.Contains(text, "2023年行动计划") || !strings.Contains(text, "西政办发〔2024〕3号") {
		t.Fatal("text not relabelled")
	}
	for _, year := range []int{2024, 0} {
		p, err := ParseWith(text, Options{Year: year})
		if err != nil {
			t.Fatal(err)
		}
		samePlan(t, p, golden2024(t))
	}
}

// tableHeader is the header the conversion repeats at every page top.
const tableHeader = "序号\t重点任务\t工作措施\t完成时限\t主责单位\t协办单位"

// repaginate gives the text as a conversion with other page breaks would:
//   - every page header (a blank line and the table header) inside a table
//     moves down two rows when the three rows after it are table rows,
//     unless it would leave or bring to a page top a row with a new 序号
//     and no task name or the name of the task above (the artefacts of a
//     page break: see taskFor);
//   - every third long measure (100 characters or more, one measure per
//     line) is split by a new page break in the middle of a sentence, its
//     text continued on a row of its own at the next page's top;
//   - every page break inside a table has a footer ("— N —" or
//     "第 N 页 共 40 页") and a running head before the repeated header.
//
// It returns the text and how many page breaks it moved and added.
func repaginate(text string) (string, int, int) {
	lines := strings.Split(text, "\n")
	// artefact reports whether row k would be a page break's artefact at a
	// page top: a new 序号 with no task name or the name of the task above.
	artefact := func(k int) bool {
		cells := strings.Split(lines[k], "\t")
		if cells[0] == "" {
			return false
		}
		for j := k - 1; j >= 0 && !strings.HasPrefix(lines[j], "附件"); j-- {
			if above := strings.Split(lines[j], "\t"); len(above) > 1 && above[0] != "" && above[0] != "序号" {
				return above[0] != cells[0] && (cells[1] == "" || cells[1] == above[1])
			}
		}
		return false
	}
	isRow := func(i int) bool {
		return i < len(lines) && strings.Contains(lines[i], "\t") && !strings.HasPrefix(lines[i], "序号\t") &&
			sectionHead.FindString(cleanLine(lines[i])) == ""
	}
	var out []string
	moved, added, long, page := 0, 0, 0, 0
	pageBreak := func() {
		page++
		footer := fmt.Sprintf("— %d —", page)
		if page%2 == 0 {
			footer = fmt.Sprintf("第 %d 页 共 40 页", page)
		}
		out = append(out, footer, "", "北京市西城区人民政府办公室", "", tableHeader)
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l == tableHeader && i > 0 && lines[i-1] == "" && isRow(i-2) && isRow(i+1) && isRow(i+2) && isRow(i+3) {
			if artefact(i+1) || artefact(i+3) {
				out = out[:len(out)-1] // stays, with a footer and running head
				pageBreak()
				continue
			}
			out = append(out[:len(out)-1], lines[i+1], lines[i+2])
			pageBreak()
			moved++
			i += 2
			continue
		}
		cells := strings.Split(l, "\t")
		if isRow(i) && len(cells) == NumCols && strings.TrimSpace(cells[ColDeadline]) != "" && utf8.RuneCountInString(cells[ColText]) >= 100 &&
			!twoSpaces.MatchString(strings.TrimSpace(cells[ColText])) {
			if long++; long%3 == 0 {
				rs := []rune(cells[ColText])
				k := len(rs) / 2
				for !unicode.Is(unicode.Han, rs[k-1]) || !unicode.Is(unicode.Han, rs[k]) {
					k++
				}
				first := append([]string{}, cells...)
				first[ColText] = string(rs[:k])
				out = append(out, strings.Join(first, "\t"))
				pageBreak()
				out = append(out, "\t\t"+string(rs[k:])+"\t\t\t")
				added++
				continue
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n"), moved, added
}

// spacesToTabs puts tabs for the spaces of the lines that are no table rows
// (headings, titles, the notice), as another converter may.
func spacesToTabs(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if !strings.Contains(l, "\t") {
			lines[i] = strings.ReplaceAll(l, " ", "\t")
		}
	}
	return strings.Join(lines, "\n")
}

// TestConversionVariants reads the text as other conversions of the same
// document would give it, for 2023 and relabelled 2024: the same plan.
func TestConversionVariants(t *testing.T) {
	paged, moved, added := repaginate(assets.PlanText2023)
	if moved < 5 || added < 5 {
		t.Fatalf("repaginate moved %d page breaks and added %d", moved, added)
	}
	variants := map[string]func(string) string{
		"page breaks elsewhere": func(s string) string { p, _, _ := repaginate(s); return p },
		"CRLF":                  func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") },
		"BOM":                   func(s string) string { return "\uFEFF" + s },
		"full-width spaces":     func(s string) string { return strings.ReplaceAll(s, " ", "\u3000") },
		"indented cells":        func(s string) string { return strings.ReplaceAll(s, "\t", "\t\u3000\u3000") },
		"tabs for spaces":       spacesToTabs,
		"trailing tabs":         func(s string) string { return strings.ReplaceAll(s, "\n", "\t\t\n") },
		"other markup": func(s string) string {
			return strings.NewReplacer("<b>", "<strong>", "</b>", "</strong>", "</p> <p>", "<br/>", "<p>", "", "</p>", "",
				"区生态环境局 ", "区生态环境局&nbsp;").Replace(s)
		},
		"headings 一. 二．": func(s string) string {
			return strings.NewReplacer("一、", "一. ", "二、", "二．", "三、", "三 . ").Replace(s)
		},
	}
	variants["all at once"] = func(s string) string {
		for _, v := range []string{"page breaks elsewhere", "tabs for spaces", "full-width spaces", "CRLF", "BOM"} {
			s = variants[v](s)
		}
		return s
	}
	for name, vary := range variants {
		t.Run(name, func(t *testing.T) {
			text := vary(assets.PlanText2023)
			if text == assets.PlanText2023 {
				t.Fatal("the variant changed nothing")
			}
			p, err := Parse(text)
			if err != nil {
				t.Fatal(err)
			}
			samePlan(t, p, golden2023(t))
			p, err = ParseWith(vary(nextYear(assets.PlanText2023)), Options{Year: 2024})
			if err != nil {
				t.Fatal(err)
			}
			samePlan(t, p, golden2024(t))
		})
	}
	// A variant's error still names its line and cell.
	bad := strings.Replace(paged, "\t年底 前\t区生态环境局\t区发展改革委", "\t明年\t区生态环境局\t区发展改革委", 1)
	line := strings.Count(bad[:strings.Index(bad, "\t明年\t")], "\n") + 1
	_, err := Parse(strings.ReplaceAll(bad, "\n", "\r\n"))
	if want := fmt.Sprintf("计划文本第 %d 行第 4 列：无法识别的完成时限“明年”", line); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want %s", err, want)
	}
}

// TestSplitRowRule pins the signal that tells one line holding two
// measures from an ordinary one: texts apart by two spaces, each but the
// last ending a sentence, and a unit cell split the same way.
func TestSplitRowRule(t *testing.T) {
	row := func(text, deadline, lead, co string) []string {
		return []string{"16", "强化裸地扬尘管控", text, deadline, lead, co}
	}
	for _, c := range []struct {
		name  string
		cells []string
		want  int
	}{
		{"two measures, both unit cells split", row("甲措施。  乙措施。", "长期实施", "区园林绿化局  各街道办事处", "区水务局  区交通委"), 2},
		{"lead shared, co split", row("甲措施。  乙措施。", "年底前", "区生态环境局", "相关街道办事处  相关街道办事处"), 2},
		{"three measures, deadlines split", row("甲。  乙；  丙。", "年底前  6月底  长期实施", "区水务局  区交通委  区教委", "—"), 3},
		{"one space: paragraphs of one measure", row("甲措施。 乙措施。", "年底前", "区园林绿化局 各街道办事处", "—"), 1},
		{"no unit cell split", row("甲措施。  乙措施。", "年底前", "区园林绿化局", "—"), 1},
		{"first text ends mid-sentence", row("甲措施，  乙措施。", "年底前", "区园林绿化局  各街道办事处", "—"), 1},
		{"unit cell in three parts", row("甲措施。  乙措施。", "年底前", "区园林绿化局  各街道办事处  区水务局", "—"), 1},
		{"task name in two parts", []string{"16", "强化  管控", "甲措施。  乙措施。", "年底前", "区园林绿化局  各街道办事处", "—"}, 1},
	} {
		if got := splitCells(c.cells); len(got) != c.want {
			t.Errorf("%s: %d rows, want %d: %q", c.name, len(got), c.want, got)
		}
	}
	got := splitCells(row("甲措施。  乙措施。", "长期实施", "区园林绿化局 蓟城山水公司  各街道办事处", "各街道办事处  区住房城市建设委 区城市管理委"))
	if fmt.Sprint(got) != "[[16 强化裸地扬尘管控 甲措施。 长期实施 区园林绿化局 蓟城山水公司 各街道办事处] [16 强化裸地扬尘管控 乙措施。 长期实施 各街道办事处 区住房城市建设委 区城市管理委]]" {
		t.Errorf("split %q", got)
	}
}

// TestPageTopTaskRules pins the two ways a task's merged cell continued on
// the next page shows another task's 序号, and what stays a task of its own.
func TestPageTopTaskRules(t *testing.T) {
	head := "附件 1\n\n## 标题\n\n" + tableHeader + "\n<b>一、章节</b>\t\t\t\t\t\n" +
		"1\t甲任务\t措施一。\t年底前\t区水务局\t—\n"
	row := func(no, name, text string) string {
		return no + "\t" + name + "\t" + text + "\t年底前\t区水务局\t—\n"
	}
	page := "\n" + tableHeader + "\n"
	for name, c := range map[string]struct{ body, want string }{
		"page-top 序号 without name, then the name": {page + row("2", "", "措施二。") + row("", "", "措施三。") + row("2", "乙任务", "措施四。"),
			"1 甲任务 3|2 乙任务 1"},
		"page-top 序号 with the task before's name": {page + row("2", "甲任务", "措施二。") + row("3", "丙任务", "措施三。"),
			"1 甲任务 2|3 丙任务 1"},
		"序号 without name within a page stays": {row("2", "", "措施二。") + row("2", "乙任务", "措施三。"),
			"1 甲任务 1|2 乙任务 2"},
		"page-top 序号 without name, never named": {page + row("2", "", "措施二。") + row("3", "丙任务", "措施三。"),
			"1 甲任务 1|2  1|3 丙任务 1"},
		"page-top 序号 with a new name": {page + row("2", "乙任务", "措施二。"),
			"1 甲任务 1|2 乙任务 1"},
		"the task before's name within a page stays": {row("2", "甲任务", "措施二。"),
			"1 甲任务 1|2 甲任务 1"},
	} {
		p, err := ParseWith(head+c.body, Options{Year: 2024})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got []string
		for _, tk := range p.Annexes[0].Sections[0].Tasks {
			got = append(got, fmt.Sprintf("%s %s %d", tk.No, tk.Name, len(tk.Measures)))
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%s: tasks %q, want %q", name, strings.Join(got, "|"), c.want)
		}
	}
}

// relayout gives the text with its measure tables' columns in another
// order and under other names, as the header says: each line of six cells
// (the header, rows, headings) has them rearranged by order (order[i] is the
// column the i-th cell holds; -1 a 备注 cell, filled on some measure rows),
// the header cells named by names.
func relayout(text string, order []int, names map[int]string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		cells := strings.Split(l, "\t")
		if len(cells) != NumCols {
			continue
		}
		out := make([]string, len(order))
		for j, c := range order {
			switch {
			case c < 0 && cells[0] == "序号":
				out[j] = "备 注"
			case c < 0:
				out[j] = map[bool]string{true: "见说明"}[i%3 == 0 && cells[ColDeadline] != ""]
			case cells[0] == "序号" && names[c] != "":
				out[j] = names[c]
			default:
				out[j] = cells[c]
			}
		}
		lines[i] = strings.Join(out, "\t")
	}
	return strings.Join(lines, "\n")
}

// TestColumnLayouts reads tables whose header puts the columns in another
// order, names them otherwise (牵头单位, 配合单位, 完成时间), adds a 备注
// column or has no 协办单位: the same plan, and errors naming the line's cell.
func TestColumnLayouts(t *testing.T) {
	names := map[int]string{ColTask: "主要任务", ColText: "具体 措施", ColDeadline: "完成时间", ColLead: "牵头单位", ColCo: "配合单位"}
	reordered := relayout(assets.PlanText2023, []int{ColNo, ColTask, ColText, ColLead, ColCo, ColDeadline, -1}, names)
	p, err := Parse(reordered)
	if err != nil {
		t.Fatal(err)
	}
	samePlan(t, p, golden2023(t))
	// 牵头单位 then 责任单位: the second is the co-units'.
	twoLeads := relayout(assets.PlanText2023, []int{ColNo, ColTask, ColText, ColDeadline, ColLead, ColCo}, map[int]string{ColLead: "牵头单位", ColCo: "责任单位"})
	if p, err = Parse(twoLeads); err != nil {
		t.Fatal(err)
	}
	samePlan(t, p, golden2023(t))
	// 工作内容 for 工作措施, as the workbook and Word readers take it.
	if p, err = Parse(relayout(assets.PlanText2023, []int{ColNo, ColTask, ColText, ColDeadline, ColLead, ColCo}, map[int]string{ColText: "工作内容"})); err != nil {
		t.Fatal(err)
	}
	samePlan(t, p, golden2023(t))

	noCo := relayout(assets.PlanText2023, []int{ColNo, ColTask, ColText, ColDeadline, ColLead}, nil)
	if p, err = Parse(noCo); err != nil {
		t.Fatal(err)
	}
	// Without co-units the line holding 4.10.1 and 4.10.2 has no unit cell
	// split: nothing tells it from one measure of two paragraphs.
	want := golden2023(t)
	for _, a := range want.Annexes {
		for _, s := range a.Sections {
			for ti, tk := range s.Tasks {
				for mi := range tk.Measures {
					tk.Measures[mi].Co = nil
				}
				if m := tk.Measures; a.Code == "4" && tk.No == "10" {
					m[0].Text += "\n" + m[1].Text
					s.Tasks[ti].Measures = m[:1]
				}
			}
		}
	}
	samePlan(t, p, want)

	// The cell named is the line's: 完成时限 is the 6th cell here.
	bad := strings.Replace(reordered, "\t年底 前\t", "\t明年\t", 1)
	line := strings.Count(bad[:strings.Index(bad, "\t明年\t")], "\n") + 1
	if _, err := Parse(bad); err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("计划文本第 %d 行第 6 列：无法识别的完成时限“明年”", line)) {
		t.Errorf("reordered, bad deadline: %v (line %d)", err, line)
	}
	for name, c := range map[string]struct{ header, want string }{
		"no lead column": {"序号\t重点任务\t工作措施\t完成时限\t协办单位", "表头缺少 主责单位 列"},
		"no 序号":          {"重点任务\t工作措施\t完成时限\t主责单位\t协办单位", "表头缺少 序号 列"},
		"two 完成时限":       {"序号\t重点任务\t工作措施\t完成时限\t主责单位\t时限", "表头有两个“时限”列"},
		"序号 but no 工作措施": {"序号\t重点任务\t内容\t完成时限\t主责单位\t协办单位", "表头没有“工作措施”列"},
	} {
		text := strings.Replace(assets.PlanText2023, tableHeader, c.header, 1)
		line := strings.Count(text[:strings.Index(text, c.header)], "\n") + 1
		if _, err := Parse(text); err == nil || err.Error() != fmt.Sprintf("计划文本第 %d 行：%s", line, c.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// eachRow calls f with the cells of every measure table row of the text
// (a line of six cells below 附件N, not the header) and the section it is
// in, and puts back the cells f returns.
func eachRow(text string, f func(annex, section string, cells []string) []string) string {
	lines := strings.Split(text, "\n")
	annex, section := "", ""
	for i, l := range lines {
		clean := cleanLine(l)
		if code, _, ok := annexCode(clean); ok {
			annex, section = code, ""
			continue
		}
		if m := sectionHead.FindStringSubmatch(clean); m != nil {
			section = m[1]
			continue
		}
		cells := strings.Split(l, "\t")
		if annex != "" && len(cells) == NumCols && cells[0] != "序号" {
			lines[i] = strings.Join(f(annex, section, cells), "\t")
		}
	}
	return strings.Join(lines, "\n")
}

// TestTaskNumbers reads 序号 as other plans print it (5. 5、 （5） ５) and
// numbering that starts again in each section; a 序号 repeated otherwise is
// a problem naming both lines.
func TestTaskNumbers(t *testing.T) {
	forms := []func(string) string{
		func(n string) string { return n + "." },
		func(n string) string { return n + "、" },
		func(n string) string { return "（" + n + "）" },
		func(n string) string {
			return strings.Map(func(r rune) rune { return r - '0' + '０' }, n)
		},
	}
	i := 0
	printed := eachRow(assets.PlanText2023, func(_, _ string, cells []string) []string {
		if cells[0] != "" {
			i++
			cells[0] = forms[i%len(forms)](cells[0])
		}
		return cells
	})
	p, err := Parse(printed)
	if err != nil {
		t.Fatal(err)
	}
	samePlan(t, p, golden2023(t))

	// 序号 from 1 in each section: the annex's tasks numbered in order (in
	// annex 5, where the 2023 plan has no task 8, 9 10 11 become 8 9 10).
	numbers := map[string]string{}
	restarted := eachRow(assets.PlanText2023, func(annex, section string, cells []string) []string {
		if cells[0] != "" {
			key := annex + " " + section + " " + cells[0]
			if numbers[key] == "" {
				n := 0
				for k := range numbers {
					if strings.HasPrefix(k, annex+" "+section+" ") {
						n++
					}
				}
				numbers[key] = strconv.Itoa(n + 1)
			}
			cells[0] = numbers[key]
		}
		return cells
	})
	if p, err = Parse(restarted); err != nil {
		t.Fatal(err)
	}
	want := golden2023(t)
	for _, a := range want.Annexes {
		n := 0
		for _, s := range a.Sections {
			for ti := range s.Tasks {
				n++
				tk := &s.Tasks[ti]
				tk.No = strconv.Itoa(n)
				for mi := range tk.Measures {
					tk.Measures[mi].ID = fmt.Sprintf("%s.%d.%d", a.Code, n, mi+1)
				}
			}
		}
	}
	samePlan(t, p, want)
	if got := strings.Join([]string{numbers["5 四 9"], numbers["2-1 四 13"], numbers["4 二 5"]}, " "); got != "1 1 4" {
		t.Errorf("not restarted: %v", numbers)
	}

	// (Task 9 right before it would be a name continued: see taskFor.)
	dup := strings.Replace(assets.PlanText2023, "10\t提升监测监管能力", "7\t提升监测监管能力", 1)
	line := strings.Count(dup[:strings.Index(dup, "7\t提升监测监管能力")], "\n") + 1
	annex4 := strings.Index(dup, "附件 4")
	first := strings.Count(dup[:annex4+strings.Index(dup[annex4:], "\n7\t")+1], "\n") + 1
	if _, err := Parse(dup); err == nil || err.Error() != fmt.Sprintf("计划文本第 %d 行第 1 列：附件4的任务序号7重复（第 %d 行已有）", line, first) {
		t.Errorf("repeated 序号: %v", err)
	}
}

// TestSubheadings reads subheadings （一）… under a heading 二、…: each a
// section numbered and titled as its heading's, as the table readers do.
func TestSubheadings(t *testing.T) {
	text := strings.Replace(assets.PlanText2023, "<b>四、提升城市环境精细化管控水平</b>\t\t\t\t\t\n",
		"<b>四、提升城市环境精细化管控水平</b>\t\t\t\t\t\n（一） 扬尘管控\n", 1)
	text = strings.Replace(text, "17\t加强餐饮油烟源头管控", "<b>（二）其他污染管控</b>\t\t\t\t\t\n17\t加强餐饮油烟源头管控", 1)
	p, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	want := golden2023(t)
	a := &want.Annexes[1]
	four := a.Sections[3]
	if a.Code != "2-1" || four.No != "四" || four.Tasks[4].No != "17" {
		t.Fatalf("annex %s section %s", a.Code, four.No)
	}
	a.Sections = append(a.Sections[:3], append([]data.Section{
		{No: "四", Title: four.Title + " （一）扬尘管控", Tasks: four.Tasks[:4]},
		{No: "四", Title: four.Title + " （二）其他污染管控", Tasks: four.Tasks[4:]},
	}, a.Sections[4:]...)...)
	samePlan(t, p, want)
}

// TestAnnexLines reads the 附件 lines other plans print (附件一, 附件2—1,
// 附件３：title on the line) and tells indicator tables by their table, not
// their annex code.
func TestAnnexLines(t *testing.T) {
	text := strings.NewReplacer(
		"\n附件 1\n", "\n附件一\n",
		"\n附件 2-1\n", "\n附件 2—1\n",
		"\n附件 2-2\n", "\n附件2－3\n",
		"### 附件 3\n\n## 西城区水污染防治 2023 年行动计划\n", "### 附件３：西城区水污染防治 2023 年行动计划\n",
		"## 附件 6\n", "## 附件 7\n",
	).Replace(assets.PlanText2023)
	p, err := Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	want := golden2023(t)
	want.Indicators[0].Annex, want.Indicators[1].Annex = "2-3", "7"
	samePlan(t, p, want)
	// The notice listing its annexes as 附件N：title, before the date.
	listed := regexp.MustCompile(`(?m)^(?:- 附件：)?(\d)\. (.*?)\s*$`).ReplaceAllString(assets.PlanText2023, "附件$1：$2")
	if !strings.Contains(listed, "\n附件6：2023 年西城区生态环境保护有关指标及重点任务计划\n") {
		t.Fatal("annex list not rewritten")
	}
	if p, err = Parse(listed); err != nil {
		t.Fatal(err)
	}
	samePlan(t, p, golden2023(t))
	// The document number typed with other brackets or full-width digits.
	for _, no := range []string{"西政办发[2023]3号", "文号：西政办发［２０２３］３号", "西政办发（2023） 3 号"} {
		p, err := Parse(strings.Replace(assets.PlanText2023, "西政办发〔2023〕3号\n", no+"\n", 1))
		if err != nil {
			t.Errorf("%s: %v", no, err)
		} else if p.DocNo != "西政办发〔2023〕3号" {
			t.Errorf("%s: %q", no, p.DocNo)
		}
	}
	// An annex printed twice would give its measure IDs twice.
	twice := strings.Replace(assets.PlanText2023, "## 附件 5\n", "## 附件 4\n", 1)
	first := strings.Count(twice[:strings.Index(twice, "## 附件 4\n")], "\n") + 1
	second := strings.Count(twice[:strings.LastIndex(twice, "## 附件 4\n")], "\n") + 1
	if _, err := Parse(twice); err == nil || err.Error() != fmt.Sprintf("计划文本第 %d 行：附件4出现了两次（第 %d 行已有）", second, first) {
		t.Errorf("annex twice: %v", err)
	}
	// An annex whose title does not say 指标 (…控制目标) holds indicators
	// all the same when its table opens with an indicator header (areas ×
	// targets, no column of a measure table but 序号).
	text = strings.Replace(text, "各街道大气污染防治 2023 年有关指标", "各街道大气污染防治 2023 年有关目标", 1)
	if p, err = Parse(text); err != nil {
		t.Fatal(err)
	}
	want = golden2023(t)
	want.Indicators[0].Annex, want.Indicators[1].Annex = "2-3", "7"
	want.Indicators[0].Title = strings.Replace(want.Indicators[0].Title, "有关指标", "有关目标", 1)
	samePlan(t, p, want)
	// One whose first table line names measure columns (重点任务, 完成时限)
	// but not 工作措施 holds measures: its table is a problem at that line.
	text = strings.Replace(text, "\n全区及各街道\t", "\n重点任务\t完成时限\t", 1)
	line := strings.Count(text[:strings.Index(text, "\n重点任务\t完成时限\t")+1], "\n") + 1
	if _, err := Parse(text); err == nil || err.Error() != fmt.Sprintf("计划文本第 %d 行第 7 列：表格行有 9 列，应为 6 列", line) {
		t.Errorf("measure annex without 工作措施: %v", err)
	}
}
