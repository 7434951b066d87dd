package plantext

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"taizhang/assets"
	"taizhang/data"
)

func mustDefault(t testing.TB) *data.Plan {
	t.Helper()
	p, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// measures indexes the plan's measures by ID, with their task.
func measures(p *data.Plan) map[string]struct {
	Task data.Task
	data.Measure
} {
	out := map[string]struct {
		Task data.Task
		data.Measure
	}{}
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, t := range s.Tasks {
				for _, m := range t.Measures {
					out[m.ID] = struct {
						Task data.Task
						data.Measure
					}{t, m}
				}
			}
		}
	}
	return out
}

func TestPlanHeader(t *testing.T) {
	p := mustDefault(t)
	if p.Year != 2023 || p.Title != "北京市西城区深入打好污染防治攻坚战2023年行动计划" ||
		p.DocNo != "西政办发〔2023〕3号" || p.Date != "2023-03-13" {
		t.Errorf("header = %d %q %q %q", p.Year, p.Title, p.DocNo, p.Date)
	}
}

// TestPlanShape pins the structure a clerk reading the printed document sees:
// per annex, its title, its sections and, per section, the 序号 of its tasks
// with their number of measures.
func TestPlanShape(t *testing.T) {
	want := map[string]struct {
		title    string
		sections []string // "一 title: no×measures ..."
	}{
		"1": {"西城区应对气候变化2023年行动计划", []string{
			"一 温室气体排放控制目标: 1×1",
			"二 完善应对气候变化综合管理制度: 2×1 3×1",
			"三 深入推进重点领域和重点区域温室气体排放控制工作: 4×3 5×4 6×1 7×1 8×2 9×1 10×2 11×1",
			"四 加强城市气候适应性建设: 12×1 13×1 14×1",
			"五 加强应对气候变化保障能力建设: 15×1 16×1 17×2",
		}},
		"2-1": {"西城区大气污染防治2023年行动计划", []string{
			"一 主要目标: 1×1 2×1",
			"二 实施挥发性有机物（VOCs）治理专项行动: 3×1 4×4 5×3 6×1 7×2",
			"三 实施氮氧化物(NOx)减排专项行动: 8×1 9×5 10×2 11×1 12×4",
			"四 提升城市环境精细化管控水平: 13×2 14×5 15×1 16×2 17×1 18×1 19×2 20×3 21×1",
			"五 “一微克”行动区级示范: 22×1 23×1 24×3",
			"六 加强大气环境治理能力建设: 25×1 26×1 27×3",
		}},
		"3": {"西城区水污染防治2023年行动计划", []string{
			"一 水环境质量目标: 1×1",
			"二 水资源保护: 2×3 3×3 4×2",
			"三 水环境治理: 5×3 6×1 7×2 8×2 9×1 10×1 11×2 12×1",
			"四 水生态修复: 13×1 14×1 15×1",
		}},
		"4": {"西城区土壤污染防治2023年行动计划", []string{
			"一 土壤污染防治目标: 1×1",
			"二 全面加强建设用地风险防控: 2×1 3×1 4×8 5×1",
			"三 持续推进园林绿化用地安全利用: 6×1",
			"四 提升现代化治理能力: 7×1 8×1 9×1 10×2",
		}},
		"5": {"西城区生态保护2023年行动计划", []string{
			"一 生态环境质量状况目标: 1×1",
			"二 强化生物多样性保护: 2×1 3×3 4×1 5×1",
			"三 维护生态空间格局稳定性: 6×1 7×4",
			"四 促进生态保护可持续发展: 9×1 10×1 11×1",
		}},
	}
	p := mustDefault(t)
	var codes []string
	total := 0
	for _, a := range p.Annexes {
		codes = append(codes, a.Code)
		w, ok := want[a.Code]
		if !ok {
			t.Errorf("unexpected annex %q", a.Code)
			continue
		}
		if a.Title != w.title {
			t.Errorf("annex %s title %q, want %q", a.Code, a.Title, w.title)
		}
		var got []string
		for _, s := range a.Sections {
			line := s.No + " " + s.Title + ":"
			for _, tk := range s.Tasks {
				line += fmt.Sprintf(" %s×%d", tk.No, len(tk.Measures))
				total += len(tk.Measures)
			}
			got = append(got, line)
		}
		if strings.Join(got, "\n") != strings.Join(w.sections, "\n") {
			t.Errorf("annex %s:\ngot\n%s\nwant\n%s", a.Code, strings.Join(got, "\n"), strings.Join(w.sections, "\n"))
		}
	}
	if strings.Join(codes, " ") != "1 2-1 3 4 5" {
		t.Errorf("annexes %v", codes)
	}
	// 135 table rows with a deadline, two of which hold two measures each.
	if total != 137 {
		t.Errorf("%d measures, want 137", total)
	}
}

func TestDeadlines(t *testing.T) {
	p := mustDefault(t)
	texts := map[string]int{}
	kinds := map[data.DeadlineKind]int{}
	for _, m := range measures(p) {
		texts[m.Deadline.Text]++
		kinds[m.Deadline.Kind]++
	}
	wantTexts := map[string]int{"年底前": 86, "长期实施": 38, "按时间节点完成": 7, "持续推进": 3, "6-9月": 1, "6月底": 1, "9月底前": 1}
	if fmt.Sprint(texts) != fmt.Sprint(wantTexts) {
		t.Errorf("deadline texts %v, want %v", texts, wantTexts)
	}
	wantKinds := map[data.DeadlineKind]int{data.DeadlineYearEnd: 86, data.DeadlineOngoing: 41, data.DeadlineMilestone: 7, data.DeadlineMonthEnd: 2, data.DeadlineWindow: 1}
	if fmt.Sprint(kinds) != fmt.Sprint(wantKinds) {
		t.Errorf("deadline kinds %v, want %v", kinds, wantKinds)
	}
	ms := measures(p)
	for id, want := range map[string]data.Deadline{
		"1.1.1":    {Text: "年底前", Kind: data.DeadlineYearEnd, Due: "2023-12-31"},
		"2-1.20.1": {Text: "6月底", Kind: data.DeadlineMonthEnd, Due: "2023-06-30"},
		"3.5.3":    {Text: "9月底前", Kind: data.DeadlineMonthEnd, Due: "2023-09-30"},
		"2-1.7.2":  {Text: "6-9月", Kind: data.DeadlineWindow, From: "2023-06-01", Due: "2023-09-30"},
		"2-1.3.1":  {Text: "长期实施", Kind: data.DeadlineOngoing},
		"4.4.4":    {Text: "持续推进", Kind: data.DeadlineOngoing},
		"2-1.4.1":  {Text: "按时间节点完成", Kind: data.DeadlineMilestone},
	} {
		if ms[id].Deadline != want {
			t.Errorf("%s deadline %+v, want %+v", id, ms[id].Deadline, want)
		}
	}
}

func TestParseDeadline(t *testing.T) {
	for _, c := range []struct {
		in   string
		want data.Deadline
	}{
		{"年底 前", data.Deadline{Text: "年底前", Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"2月底", data.Deadline{Text: "2月底", Kind: data.DeadlineMonthEnd, Due: "2024-02-29"}},
		{"3—5月", data.Deadline{Text: "3—5月", Kind: data.DeadlineWindow, From: "2024-03-01", Due: "2024-05-31"}},
		{"长期 实施", data.Deadline{Text: "长期实施", Kind: data.DeadlineOngoing}},
		// the variants other years' plans print
		{"2024年6月底前", data.Deadline{Text: "2024年6月底前", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"}},
		{"2024年底前", data.Deadline{Text: "2024年底前", Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"2025年底前", data.Deadline{Text: "2025年底前", Kind: data.DeadlineYearEnd, Due: "2025-12-31"}},
		{"年底前完成", data.Deadline{Text: "年底前完成", Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"年内", data.Deadline{Text: "年内", Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"２０２４年９月底前", data.Deadline{Text: "２０２４年９月底前", Kind: data.DeadlineMonthEnd, Due: "2024-09-30"}},
		{"６月底前", data.Deadline{Text: "６月底前", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"}},
		{"2024年6月30日前", data.Deadline{Text: "2024年6月30日前", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"}},
		{"4月15日前", data.Deadline{Text: "4月15日前", Kind: data.DeadlineMonthEnd, Due: "2024-04-15"}},
		{"长期坚持", data.Deadline{Text: "长期坚持", Kind: data.DeadlineOngoing}},
		{"常态化", data.Deadline{Text: "常态化", Kind: data.DeadlineOngoing}},
		{"每季度", data.Deadline{Text: "每季度", Kind: data.DeadlineOngoing}},
		{"每月", data.Deadline{Text: "每月", Kind: data.DeadlineOngoing}},
		{"全年", data.Deadline{Text: "全年", Kind: data.DeadlineWindow, From: "2024-01-01", Due: "2024-12-31"}},
		{"2024年第三季度", data.Deadline{Text: "2024年第三季度", Kind: data.DeadlineWindow, From: "2024-07-01", Due: "2024-09-30"}},
		{"第2季度", data.Deadline{Text: "第2季度", Kind: data.DeadlineWindow, From: "2024-04-01", Due: "2024-06-30"}},
		{"三季度末", data.Deadline{Text: "三季度末", Kind: data.DeadlineMonthEnd, Due: "2024-09-30"}},
		{"上半年", data.Deadline{Text: "上半年", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"}},
		{"下半年", data.Deadline{Text: "下半年", Kind: data.DeadlineWindow, From: "2024-07-01", Due: "2024-12-31"}},
		{"2024年10月—12月", data.Deadline{Text: "2024年10月—12月", Kind: data.DeadlineWindow, From: "2024-10-01", Due: "2024-12-31"}},
		{"6月至9月", data.Deadline{Text: "6月至9月", Kind: data.DeadlineWindow, From: "2024-06-01", Due: "2024-09-30"}},
		{"6－9月", data.Deadline{Text: "6－9月", Kind: data.DeadlineWindow, From: "2024-06-01", Due: "2024-09-30"}},
		{"按时间节点完成", data.Deadline{Text: "按时间节点完成", Kind: data.DeadlineMilestone}},
		{"2024年内", data.Deadline{Text: "2024年内", Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"2024年6月", data.Deadline{Text: "2024年6月", Kind: data.DeadlineWindow, From: "2024-06-01", Due: "2024-06-30"}},
		{"11月份", data.Deadline{Text: "11月份", Kind: data.DeadlineWindow, From: "2024-11-01", Due: "2024-11-30"}},
		{"第二季度前", data.Deadline{Text: "第二季度前", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"}},
		{"第二、三季度", data.Deadline{Text: "第二、三季度", Kind: data.DeadlineWindow, From: "2024-04-01", Due: "2024-09-30"}},
		{"二、三季度", data.Deadline{Text: "二、三季度", Kind: data.DeadlineWindow, From: "2024-04-01", Due: "2024-09-30"}},
		{"第二至第四季度", data.Deadline{Text: "第二至第四季度", Kind: data.DeadlineWindow, From: "2024-04-01", Due: "2024-12-31"}},
		{"第1-2季度末", data.Deadline{Text: "第1-2季度末", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"}},
		{"年中", data.Deadline{Text: "年中", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"}},
		{"年中前完成", data.Deadline{Text: "年中前完成", Kind: data.DeadlineMonthEnd, Due: "2024-06-30"}},
	} {
		got, err := ParseDeadline(c.in, 2024)
		if err != nil || got != c.want {
			t.Errorf("ParseDeadline(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "13月底", "9-6月", "第三至二季度", "0月底", "2023年6月底前", "2月30日前", "第五季度", "完成", "2024年", "13月", "0月份"} {
		if _, err := ParseDeadline(bad, 2024); err == nil {
			t.Errorf("ParseDeadline(%q) accepted", bad)
		}
	}
}

func TestRejoinedNamesAndTexts(t *testing.T) {
	ms := measures(mustDefault(t))
	for id, name := range map[string]string{
		"1.5.2":   "构建绿色低碳产业体系",  // "体系" printed at the next page's top
		"5.3.2":   "加大生物多样性保护力度", // "度" printed at the next page's top
		"3.7.2":   "加强工业污染防治",    // "污染防治" on the next page, without 序号
		"3.6.1":   "加强医疗机构污水监管",  // wrapped within the cell
		"4.2.1":   "保障建设用地土壤环境安全",
		"2-1.3.1": "推进VOCs综合整治",
		"4.4.6":   "优化建设用地风险防控制度", // page-top 序号 5 without name: task 4 continued
		"5.7.3":   "统筹推进实施生态保护修复", // page-top 序号 8 with task 7's name: task 7 continued
	} {
		if ms[id].Task.Name != name {
			t.Errorf("%s task name %q, want %q", id, ms[id].Task.Name, name)
		}
	}
	// A measure continued across a page break is one measure.
	if got := ms["1.7.1"].Text; !strings.Contains(got, "公共建筑节能绿色改造、装配式建筑") || !strings.HasSuffix(got, "建立既有建筑绿色改造长效机制。") {
		t.Errorf("1.7.1 not rejoined: %q", got)
	}
	if got := ms["2-1.26.1"].Text; !strings.Contains(got, "强化排污许可证后监管执法，严格查处无证和不按证排污行为。") {
		t.Errorf("2-1.26.1 not rejoined: %q", got)
	}
	// <p> paragraphs inside a cell are one measure, one paragraph each.
	if got := ms["2-1.5.1"].Text; strings.Count(got, "\n") != 3 || strings.Contains(got, "<p>") {
		t.Errorf("2-1.5.1 paragraphs: %q", got)
	}
	if got := ms["2-1.13.2"].Text; !strings.Contains(got, "细颗粒物（PM2.5）浓度") {
		t.Errorf("2-1.13.2 subscript not cleaned: %q", got)
	}
	for id, m := range ms {
		if strings.ContainsAny(m.Text, "<>\t") || strings.Contains(m.Text, "  ") {
			t.Errorf("%s text has markup or stray spaces: %q", id, m.Text)
		}
	}
}

func TestUnits(t *testing.T) {
	p := mustDefault(t)
	ms := measures(p)
	check := func(id string, lead, co []string) {
		t.Helper()
		m := ms[id]
		if fmt.Sprint(m.Lead) != fmt.Sprint(lead) || fmt.Sprint(m.Co) != fmt.Sprint(co) {
			t.Errorf("%s lead %v co %v; want %v %v", id, m.Lead, m.Co, lead, co)
		}
	}
	check("1.1.1", []string{"区生态环境局"}, []string{"区发展改革委", "区科技和信息化局", "区住房城市建设委", "区交通委", "区城市管理委"})
	check("1.3.1", []string{"区生态环境局"}, []string{})
	// Aliases: 区科信局, 北京金融街服务局（区金融办）, 市规自委西城分局.
	check("2-1.4.1", []string{"区科技和信息化局", "区交通委", "区生态环境局"}, []string{"区教委", "区国资委", "西城公安分局", "区机关事务服务中心", "区财政局"})
	check("2-1.27.1", []string{"北京金融街服务局"}, []string{"区生态环境局", "区发展改革委", "区财政局"})
	// Wrapped names: 市规划自然资源委 西城分局, 北京市排水集团一 分公司.
	check("3.5.1", []string{"区水务局"}, []string{"区发展改革委", "市规划自然资源委西城分局", "区园林绿化局", "北京市排水集团一分公司", "各街道办事处"})
	check("3.1.1", []string{"区生态环境局", "区水务局"}, []string{"市规划自然资源委西城分局", "区发展改革委", "相关街道办事处"})
	// <p> inside a unit cell.
	check("2-1.9.4", []string{"区交通委", "市交通委西城运输管理分局"}, []string{"西城交通支队", "区文化和旅游局", "区生态环境局", "区财政局"})
	// Two measures on one line, split; co-units continued on the next page (区房管局).
	check("2-1.16.1", []string{"区园林绿化局", "蓟城山水公司"}, []string{"各街道办事处"})
	check("2-1.16.2", []string{"各街道办事处"}, []string{"区住房城市建设委", "市规划自然资源委西城分局", "区城市管理委", "区房管局"})
	check("4.10.2", []string{"区生态环境局", "市规划自然资源委西城分局"}, []string{"相关街道办事处"})
	check("2-1.1.1", []string{"区生态环境局", "各街道办事处"}, []string{"区交通委", "区城市管理委", "区发展改革委", "区住房城市建设委", "大气小组各成员单位"})
	check("2-1.25.1", []string{"区空气重污染应急指挥部成员单位", "区发展改革委", "区应急局"}, []string{})

	kinds := map[data.UnitKind][]string{}
	known := map[string]bool{}
	for _, u := range p.Units {
		kinds[u.Kind] = append(kinds[u.Kind], u.Name)
		known[u.Name] = true
	}
	if len(kinds[data.UnitStreet]) != 15 || kinds[data.UnitStreet][0] != "德胜街道" || kinds[data.UnitStreet][14] != "广外街道" {
		t.Errorf("streets %v", kinds[data.UnitStreet])
	}
	if len(kinds[data.UnitGroup]) != 4 || len(kinds[data.UnitEnterprise]) != 4 || len(kinds[data.UnitDepartment]) != 33 {
		t.Errorf("unit kinds: %d groups, %d enterprises, %d departments", len(kinds[data.UnitGroup]), len(kinds[data.UnitEnterprise]), len(kinds[data.UnitDepartment]))
	}
	// Every unit a measure names is in the directory, and every department,
	// street office's group and enterprise in the directory is named somewhere.
	used := map[string]bool{}
	for id, m := range ms {
		for _, u := range append(append([]string{}, m.Lead...), m.Co...) {
			if !known[u] {
				t.Errorf("%s names unknown unit %q", id, u)
			}
			used[u] = true
		}
	}
	for _, u := range p.Units {
		if u.Kind != data.UnitStreet && !used[u.Name] {
			t.Errorf("unit %q is never named", u.Name)
		}
	}
}

func TestIndicators(t *testing.T) {
	p := mustDefault(t)
	if len(p.Indicators) != 2 {
		t.Fatalf("%d indicator tables", len(p.Indicators))
	}
	a22, a6 := p.Indicators[0], p.Indicators[1]
	if a22.Annex != "2-2" || a22.Title != "各街道大气污染防治2023年有关指标及重点任务计划" || len(a22.Columns) != 8 || len(a22.Rows) != 16 {
		t.Errorf("annex 2-2: %q %q %d columns %d rows", a22.Annex, a22.Title, len(a22.Columns), len(a22.Rows))
	}
	if a22.Columns[1] != "PM2.5年均浓度（微克/立方米）" || !strings.HasPrefix(a22.Note, "备注：部分指标") {
		t.Errorf("annex 2-2 column %q note %q", a22.Columns[1], a22.Note)
	}
	if fmt.Sprint(a22.Rows[0]) != "[德胜街道 29 1.7 — — — — —]" || fmt.Sprint(a22.Rows[14]) != "[广外街道 30 1.7 — — — — —]" ||
		fmt.Sprint(a22.Rows[15]) != "[西城区 31 1.7 75 640 490 1 2.9]" || a22.Rows[12][1] != "30" || a22.Rows[13][1] != "31" {
		t.Errorf("annex 2-2 rows %v", a22.Rows)
	}
	for i, row := range a22.Rows[:15] {
		if row[0] != streets2023[i] {
			t.Errorf("annex 2-2 row %d is %q, directory has %q", i, row[0], streets2023[i])
		}
	}
	if a6.Annex != "6" || len(a6.Columns) != 11 || len(a6.Rows) != 1 ||
		fmt.Sprint(a6.Rows[0]) != "[西城区 12左右 31 75 1.7 100 (100, 0) 100 640 490 1 2.9]" {
		t.Errorf("annex 6: %q %v %v", a6.Title, a6.Columns, a6.Rows)
	}
}

func TestIDsStableAndUnique(t *testing.T) {
	a, b := mustDefault(t), mustDefault(t)
	seen := map[string]bool{}
	for id := range measures(a) {
		if seen[id] {
			t.Errorf("duplicate ID %s", id)
		}
		seen[id] = true
	}
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("two parses differ")
	}
	if _, ok := measures(a)["2-1.14.3"]; !ok {
		t.Error("no measure 2-1.14.3")
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	good := assets.PlanText2023
	for name, c := range map[string]struct{ old, new, want string }{
		"unknown unit":     {"区统计局\n", "区外星局\n", "第 6 列：单位“区外星局”不在单位名录中"},
		"unknown deadline": {"\t年底 前\t区生态环境局\t区发展改革委", "\t明年\t区生态环境局\t区发展改革委", "第 4 列：无法识别的完成时限“明年”"},
		"no lead":          {"\t年底前\t区生态环境局\t——", "\t年底前\t——\t——", "第 5 列：措施没有主责单位"},
		"too many cells":   {"\t年底前\t区生态环境局\t——", "\t年底前\t区生态环境局\t——\tx", "第 7 列：表格行有 7 列，应为 6 列"},
		"no text":          {"\t推进园林绿化“增绿提质”。\t", "\t\t", "第 3 列：措施文字为空"},
		"no deadline":      {"\t年底前\t区生态环境局\t——", "\t\t区生态环境局\t——", "第 4 列：措施没有完成时限"},
	} {
		if !strings.Contains(good, c.old) {
			t.Fatalf("%s: test text not found", name)
		}
		bad := strings.Replace(good, c.old, c.new, 1)
		line := strings.Count(good[:strings.Index(good, c.old)], "\n") + 1
		_, err := Parse(bad)
		var le *LineError
		if !errors.As(err, &le) || le.Line != line || !strings.Contains(err.Error(), fmt.Sprintf("计划文本第 %d 行%s", line, c.want)) {
			t.Errorf("%s: err = %v, want line %d %s", name, err, line, c.want)
		}
	}
	if _, err := Parse(""); err == nil {
		t.Error("empty text accepted")
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Default(); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseWith reads another year's text: the 2023 text retitled 2024
// with a unit outside the directory.
func TestParseWith(t *testing.T) {
	text := strings.ReplaceAll(assets.PlanText2023, "攻坚战 2023年行动计划", "攻坚战 2024年行动计划")
	text = strings.Replace(text, "区统计局\n", "区数据局\n", 1)
	p, err := ParseWith(text, Options{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	if p.Year != 2024 || len(p.Annexes) != 5 || len(p.Indicators) != 2 {
		t.Fatalf("year %d, %d annexes", p.Year, len(p.Annexes))
	}
	found := false
	for _, m := range measures(p) {
		if m.Deadline.Kind == data.DeadlineYearEnd && m.Deadline.Due != "2024-12-31" {
			t.Errorf("year-end deadline %s", m.Deadline.Due)
		}
		for _, u := range m.Co {
			found = found || u == "区数据局"
		}
	}
	if !found {
		t.Error("the unit outside the directory was not kept")
	}
	if _, err := ParseWith(text, Options{Year: 2025}); err == nil || !strings.Contains(err.Error(), "是 2024 年的计划") {
		t.Errorf("year mismatch: %v", err)
	}
	var le *LineError
	if _, err := ParseWith(strings.Replace(text, "\t年底 前\t区生态环境局\t区发展改革委", "\t明年\t区生态环境局\t区发展改革委", 1), Options{}); !errors.As(err, &le) || le.Line < 40 {
		t.Errorf("error without its line: %v", err)
	}
	// without title and number the text is read; the year comes from the options
	untitled := regexp.MustCompile(`《[^》]*行动计划》|西政办发〔2023〕3号`).ReplaceAllString(text, "")
	if p, err := ParseWith(untitled, Options{Year: 2024}); err != nil || p.Title != "" || p.DocNo != "" || p.Year != 2024 {
		t.Errorf("untitled: %v", err)
	}
	if _, err := ParseWith(untitled, Options{}); err == nil || !strings.Contains(err.Error(), "哪一年") {
		t.Errorf("untitled without year: %v", err)
	}
}

// TestUnitSeparators: a unit cell of a document saved as text names its
// units as they were typed, separated by 、，；/ as well as spaces, and a
// name of no known unit wrapped at the line's end is one name.
func TestUnitSeparators(t *testing.T) {
	text := "附件1：西城区2025年应对气候变化行动计划\n序号\t重点任务\t工作措施\t完成时限\t主责单位\t协办单位\n一、控制温室气体排放\n" +
		"1\t节能降碳\t开展节能诊断。\t年底前\t区发展改革委\t区统计局、区生态环境局，区数据局；区科信局/区水务局 区商务局 区机关事务 管理局\n"
	p, err := ParseWith(text, Options{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	m := p.Annexes[0].Sections[0].Tasks[0].Measures[0]
	if want := []string{"区统计局", "区生态环境局", "区数据局", "区科技和信息化局", "区水务局", "区商务局", "区机关事务管理局"}; fmt.Sprint(m.Co) != fmt.Sprint(want) {
		t.Errorf("co %q, want %q", m.Co, want)
	}
}

// TestIndicatorHeader tells an indicator table's header from a measure
// table's, misspelt ones included.
func TestIndicatorHeader(t *testing.T) {
	for cells, want := range map[string]bool{
		"序号\t街道\tPM2.5年均浓度目标（微克/立方米）\t优良天数比例目标": true,
		"全区及各街道\tPM2.5\t降尘量":                    true,
		"区域\t指标\t单位\t目标值":                       true,
		"序号\t重点任务\t内容\t完成时限\t主责单位":              false, // 工作措施 misspelt
		"序号\t工作内容\t责任部门":                        false,
		"序号\t具体举措\t时间要求":                        false,
		"街道":                                    false,
	} {
		if got := IndicatorHeader(strings.Split(cells, "\t")); got != want {
			t.Errorf("%q: %v, want %v", cells, got, want)
		}
	}
}

// TestNoticeTitleUnquoted: the notice naming the plan without 《》 gives
// the title and its year.
func TestNoticeTitleUnquoted(t *testing.T) {
	text := "北京市西城区人民政府办公室关于印发西城区深入打好污染防治攻坚战2025年行动计划的通知\n" +
		"附件1：西城区2025年应对气候变化行动计划\n序号\t重点任务\t工作措施\t完成时限\t主责单位\t协办单位\n一、控制温室气体排放\n" +
		"1\t节能降碳\t开展节能诊断。\t年底前\t区发展改革委\t区统计局\n"
	p, err := ParseWith(text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "西城区深入打好污染防治攻坚战2025年行动计划" || p.Year != 2025 {
		t.Errorf("title %q year %d", p.Title, p.Year)
	}
}
