package planfile

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// sheetSpec is one sheet of a test workbook: rows from A1, merged ranges.
type sheetSpec struct {
	name   string
	rows   [][]string
	merges [][2]string
}

// workbook writes a workbook with excelize, as a clerk's office would.
func workbook(t testing.TB, sheets ...sheetSpec) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(s.name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func directory(t testing.TB) []data.Unit { return plan2023(t).Units }

// TestWorkbookAsOfficesWriteIt reads a plan workbook the way another office
// might fill one in: fields on 说明 (number in square brackets, the date an
// Excel date), the annex code in the first row with the title after a
// colon, columns shuffled and named 牵头单位/配合单位 with spaces and line
// breaks, task cells merged or left blank, a deadline merged over two
// measures, units with mixed separators, a renamed department, a new unit, a
// typo and a name wrapped over two lines; a second annex whose header takes
// two rows; an indicator sheet; a spare empty Sheet2.
func TestWorkbookAsOfficesWriteIt(t *testing.T) {
	b := workbook(t,
		sheetSpec{name: "说明", rows: [][]string{
			{"计划导入"}, {}, {"计划名称", "北京市西城区深入打好污染防治攻坚战2024年行动计划"}, {"文号：", "西政办发[2024] 2号"},
		}},
		sheetSpec{name: "大气", rows: [][]string{
			{"附件1：西城区2024年大气污染防治重点任务"},
			{"工作措施", "序 号", "完成\n时限", "牵头单位", "重点任务", "配合单位"},
			{"一、强化移动源治理"},
			{"推广新能源车。", "1", "年底前", "区生态环境局、区发展改革委，区城市管理委;区交通委 区水务局\n区园林绿化局", "推进车辆电动化", "—"},
			{"更新公交车辆。\n\n  完善充电网络。 ", "", "6月底前", "区科学技术和信息化局", "", "市规划自然资源委 西城分局"},
			{"建设充电设施。", "", "", "区数据局；区生太环境局", "", "各街道办事处"},
			{"开展路检路查。", "2", "长期实施", "西城交通支队", "加强执法", ""},
			{"开展夜查。", "", "2024年6月底前", "西城交通支队", "", "区城管执法局，  区市场监管局"},
			{"二、深化扬尘治理"},
			{"落实“六个百分百”。", "3", "6-9月", "区住房城市建设委", "施工扬尘", "相关街道办事处"},
		}, merges: [][2]string{{"A1", "F1"}, {"A3", "F3"}, {"B4", "B6"}, {"E4", "E6"}, {"C5", "C6"}, {"A9", "F9"}}},
		sheetSpec{name: "附件2", rows: [][]string{
			{"附件2"},
			{"西城区2024年水污染防治重点任务"},
			{"序号", "重点", "工作", "完成", "责任", "协助"},
			{"", "任务", "措施", "时限", "单位", "单位"},
			{"一、水环境治理"},
			{"1", "河湖管护", "开展河湖巡查。", "9月底", "区水务局", ""},
			{"序号", "重点", "工作", "完成", "责任", "协助"}, // the header again on the next printed page
			{"", "任务", "措施", "时限", "单位", "单位"},
			{"2", "水源保护", "巡查水源地。", "年底前", "区水务局", ""},
		}, merges: [][2]string{{"A3", "A4"}, {"A7", "A8"}}},
		sheetSpec{name: "附件3", rows: [][]string{
			{"附件3"},
			{"2024年各街道生态环境保护有关指标"},
			{"街道", "PM2.5年均浓度\n（微克/立方米）", "优良天数比率（%）"},
			{"德胜街道", "29", "—"},
			{"西城区", "30", "75"},
			{"备注：PM2.5为年均值。"},
		}, merges: [][2]string{{"A6", "C6"}}},
		sheetSpec{name: "Sheet2"},
	)
	// the date as Excel keeps a date: a number with a date format
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("说明", "A5", "印发日期")
	f.SetCellValue("说明", "B5", 45342.0) // 2024-02-20
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellStyle("说明", "B5", "B5", style)
	var buf bytes.Buffer
	f.Write(&buf)
	f.Close()

	res := Read(Source{Name: "2024计划.xlsx", Data: buf.Bytes()}, Options{Year: 2024, Units: directory(t)})
	if len(res.Problems) > 0 || len(res.Missing) > 0 || !res.OK() {
		t.Fatalf("problems %v missing %v", res.Problems, res.Missing)
	}
	p := res.Plan
	if p.Year != 2024 || p.DocNo != "西政办发〔2024〕2号" || p.Date != "2024-02-20" || p.Title != "北京市西城区深入打好污染防治攻坚战2024年行动计划" {
		t.Errorf("header %d %q %q %q", p.Year, p.Title, p.DocNo, p.Date)
	}
	if len(p.Annexes) != 2 || p.Annexes[0].Code != "1" || p.Annexes[0].Title != "西城区2024年大气污染防治重点任务" ||
		p.Annexes[1].Code != "2" || p.Annexes[1].Title != "西城区2024年水污染防治重点任务" {
		t.Fatalf("annexes %+v", p.Annexes)
	}
	for id, want := range map[string]string{
		"1.1.1": "推广新能源车。|年底前|[区生态环境局 区发展改革委 区城市管理委 区交通委 区水务局 区园林绿化局]|[]",
		"1.1.2": "更新公交车辆。\n完善充电网络。|6月底前|[区科学技术和信息化局]|[市规划自然资源委西城分局]",
		"1.1.3": "建设充电设施。|6月底前|[区数据局 区生太环境局]|[各街道办事处]",
		"1.2.1": "开展路检路查。|长期实施|[西城交通支队]|[]",
		"1.2.2": "开展夜查。|2024年6月底前|[西城交通支队]|[区城管执法局 区市场监管局]",
		"1.3.1": "落实“六个百分百”。|6-9月|[区住房城市建设委]|[相关街道办事处]",
		"2.1.1": "开展河湖巡查。|9月底|[区水务局]|[]",
		"2.2.1": "巡查水源地。|年底前|[区水务局]|[]",
	} {
		m, ok := measure(p, id)
		got := fmt.Sprintf("%s|%s|%v|%v", m.Text, m.Deadline.Text, m.Lead, m.Co)
		if !ok || got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	if m, _ := measure(p, "1.2.2"); m.Deadline.Kind != data.DeadlineMonthEnd || m.Deadline.Due != "2024-06-30" {
		t.Errorf("deadline with the plan year before it: %+v", m.Deadline)
	}
	if n := countMeasures(p); n != 8 {
		t.Errorf("%d measures", n)
	}
	sec := p.Annexes[0].Sections
	if len(sec) != 2 || sec[0].No != "一" || sec[0].Title != "强化移动源治理" || sec[0].Tasks[0].Name != "推进车辆电动化" || sec[0].Tasks[1].Name != "加强执法" {
		t.Errorf("sections %+v", sec)
	}
	if len(p.Indicators) != 1 || p.Indicators[0].Annex != "3" || fmt.Sprint(p.Indicators[0].Columns) != "[街道 PM2.5年均浓度（微克/立方米） 优良天数比率（%）]" ||
		fmt.Sprint(p.Indicators[0].Rows) != "[[德胜街道 29 —] [西城区 30 75]]" || p.Indicators[0].Note != "备注：PM2.5为年均值。" {
		t.Errorf("indicators %+v", p.Indicators)
	}
	// every name once, as printed: the typo, the new unit and the renamed
	// department are the import's to match
	for _, u := range []string{"区科学技术和信息化局", "区数据局", "区生太环境局", "市规划自然资源委西城分局", "区园林绿化局"} {
		if !strings.Contains(" "+strings.Join(res.Units, " ")+" ", " "+u+" ") {
			t.Errorf("units %v lack %s", res.Units, u)
		}
	}
	if len(res.Units) != 16 {
		t.Errorf("%d units: %v", len(res.Units), res.Units)
	}
}

// TestTemplate reads the empty template back (an empty plan, no problems,
// the fields missing), then fills it in and reads it again.
func TestTemplate(t *testing.T) {
	b, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	res := Read(Source{Name: "计划模板.xlsx", Data: b}, Options{Year: 2025})
	if len(res.Problems) > 0 || res.OK() || len(res.Plan.Annexes) > 0 || len(res.Plan.Indicators) > 0 || fmt.Sprint(res.Missing) != "[title docno date]" {
		t.Fatalf("empty template: problems %v, plan %+v, missing %v", res.Problems, res.Plan, res.Missing)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(f.GetSheetList()); got != "[说明 附件1 附件6]" {
		t.Errorf("sheets %s", got)
	}
	head, _ := f.GetRows("附件1")
	if len(head) != 3 || fmt.Sprint(head[2]) != "[序号 重点任务 工作措施 完成时限 主责单位 协办单位]" {
		t.Errorf("annex sheet %q", head)
	}
	set := func(sheet, cell, v string) {
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("说明", "B3", "北京市西城区深入打好污染防治攻坚战2025年行动计划")
	set("说明", "B4", "西政办发〔2025〕1号")
	set("说明", "B5", "2025年3月3日")
	set("附件1", "A2", "西城区2025年重点任务")
	for i, row := range [][]string{
		{"一、主要目标"},
		{"1", "空气质量", "PM2.5浓度持续下降。", "年底前", "区生态环境局", "各街道办事处"},
		{"", "", "重污染天数减少。", "年底前", "区生态环境局", ""},
	} {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, 4+i)
			set("附件1", cell, v)
		}
	}
	set("附件6", "A2", "2025年西城区有关指标")
	set("附件6", "B3", "PM2.5（微克/立方米）")
	set("附件6", "A4", "西城区")
	set("附件6", "B4", "30")
	var buf bytes.Buffer
	f.Write(&buf)
	res = Read(Source{Name: "计划模板.xlsx", Data: buf.Bytes()}, Options{})
	if len(res.Problems) > 0 || len(res.Missing) > 0 || !res.OK() {
		t.Fatalf("filled template: problems %v missing %v", res.Problems, res.Missing)
	}
	p := res.Plan
	if p.Year != 2025 || p.Date != "2025-03-03" || countMeasures(p) != 2 || p.Annexes[0].Title != "西城区2025年重点任务" {
		t.Errorf("filled template: %+v", p)
	}
	if m, _ := measure(p, "1.1.2"); m.Deadline.Due != "2025-12-31" || fmt.Sprint(m.Lead) != "[区生态环境局]" {
		t.Errorf("1.1.2 = %+v", m)
	}
	if len(p.Indicators) != 1 || fmt.Sprint(p.Indicators[0].Columns) != "[地区 PM2.5（微克/立方米）]" || fmt.Sprint(p.Indicators[0].Rows) != "[[西城区 30]]" {
		t.Errorf("indicators %+v", p.Indicators)
	}
}

// TestWorkbookOfficeVariants reads what other offices' workbooks have been
// seen to hold: annex codes in Chinese numerals (附件一, 附件十二),
// subheadings （一）… under a section heading, and an extra column 备注
// that is read past and named, not a problem.
func TestWorkbookOfficeVariants(t *testing.T) {
	b := workbook(t,
		sheetSpec{name: "说明", rows: [][]string{{}, {}, {"计划名称", "北京市西城区深入打好污染防治攻坚战2024年行动计划"}}},
		sheetSpec{name: "Sheet1", rows: [][]string{
			{"附件一：大气污染防治重点任务"},
			{"序号", "重点任务", "工作措施", "完成时限", "主责单位", "协办单位", "备 注"},
			{"一、深化扬尘治理"},
			{"（一）施工扬尘"},
			{"1", "工地管理", "落实六个百分百。", "年底前", "区住房城市建设委", "", "重点"},
			{"(二) 道路扬尘"},
			{"2", "道路保洁", "提高机扫率。", "6月底前", "区城市管理委", "", ""},
			{"二、强化移动源治理"},
			{"3", "车辆", "推广新能源车。", "年底前", "区发展改革委", "", ""},
		}},
		sheetSpec{name: "附件十二", rows: [][]string{
			{"附件十二"},
			{"水污染防治重点任务"},
			stdHeader,
			{"1", "河湖", "巡河。", "年底前", "区水务局"},
		}},
	)
	res := Read(Source{Name: "计划.xlsx", Data: b}, Options{Year: 2024})
	if len(res.Problems) > 0 || !res.OK() {
		t.Fatalf("problems %v", res.Problems)
	}
	p := res.Plan
	if len(p.Annexes) != 2 || p.Annexes[0].Code != "1" || p.Annexes[0].Title != "大气污染防治重点任务" || p.Annexes[1].Code != "12" {
		t.Fatalf("annexes %+v", p.Annexes)
	}
	var secs []string
	for _, s := range p.Annexes[0].Sections {
		secs = append(secs, fmt.Sprintf("%s|%s|%d", s.No, s.Title, len(s.Tasks)))
	}
	if got := strings.Join(secs, "; "); got != "一|深化扬尘治理 （一）施工扬尘|1; 一|深化扬尘治理 （二）道路扬尘|1; 二|强化移动源治理|1" {
		t.Errorf("sections %s", got)
	}
	if m := p.Annexes[0].Sections[1].Tasks[0].Measures[0]; m.ID != "1.2.1" || m.Text != "提高机扫率。" {
		t.Errorf("measure under the second subheading %+v", m)
	}
	if len(res.Ignored) != 1 || res.Ignored[0].Sheet != "Sheet1" || res.Ignored[0].Row != 2 || res.Ignored[0].Col != 7 ||
		!strings.Contains(res.Ignored[0].String(), "“备注”列不是计划的列") {
		t.Errorf("ignored %v", res.Ignored)
	}
	for _, c := range []struct {
		s    string
		want int
	}{{"一", 1}, {"十", 10}, {"十二", 12}, {"二十", 20}, {"二十三", 23}, {"零", 0}, {"十十", 0}} {
		if got := chineseNumber(c.s); got != c.want {
			t.Errorf("chineseNumber(%s) = %d, want %d", c.s, got, c.want)
		}
	}
}
