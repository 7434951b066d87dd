package planfile

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"testing"

	"taizhang/data"
)

// writeDocx writes a plan as a drafting office's Word document would hold
// it: the notice's paragraphs, then for each annex the paragraphs 附件N and
// its title and a table whose header row repeats on each page (w:tblHeader),
// section headings spanning the table (w:gridSpan) and task cells merged
// vertically (w:vMerge).
func writeDocx(t testing.TB, p *data.Plan) []byte {
	t.Helper()
	var body strings.Builder
	esc := func(s string) string {
		var b bytes.Buffer
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	para := func(s string) {
		fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, esc(s))
	}
	cell := func(text, props string) {
		fmt.Fprintf(&body, `<w:tc><w:tcPr>%s</w:tcPr>`, props)
		for _, line := range strings.Split(text, "\n") {
			para(line)
		}
		body.WriteString(`</w:tc>`)
	}
	row := func(header bool, cells ...func()) {
		body.WriteString(`<w:tr>`)
		if header {
			body.WriteString(`<w:trPr><w:tblHeader/></w:trPr>`)
		}
		for _, c := range cells {
			c()
		}
		body.WriteString(`</w:tr>`)
	}
	c := func(text string) func() { return func() { cell(text, "") } }
	para("北京市西城区人民政府办公室关于印发《" + p.Title + "》的通知")
	para(p.DocNo)
	para("各街道办事处，区政府各委、办、局，各区属机构：")
	para(strings.ReplaceAll(p.Date[:4]+"年"+strings.TrimLeft(p.Date[5:7], "0")+"月"+strings.TrimLeft(p.Date[8:], "0")+"日", "", ""))
	for _, a := range p.Annexes {
		para("附件" + a.Code)
		para(a.Title)
		body.WriteString(`<w:tbl><w:tblGrid>` + strings.Repeat(`<w:gridCol/>`, numCols) + `</w:tblGrid>`)
		row(true, c("序号"), c("重点任务"), c("工作措施"), c("完成时限"), c("主责单位"), c("协办单位"))
		for _, s := range a.Sections {
			row(false, func() { cell(s.No+"、"+s.Title, `<w:gridSpan w:val="6"/>`) })
			for _, tk := range s.Tasks {
				for i, m := range tk.Measures {
					merge := `<w:vMerge w:val="restart"/>`
					no, name := tk.No, tk.Name
					if i > 0 {
						merge, no, name = `<w:vMerge/>`, "", ""
					}
					row(false, func() { cell(no, merge) }, func() { cell(name, merge) }, c(m.Text), c(m.Deadline.Text),
						c(strings.Join(m.Lead, "、")), c(strings.Join(m.Co, "，")))
				}
			}
		}
		body.WriteString(`</w:tbl>`)
	}
	for _, it := range p.Indicators {
		para("附件" + it.Annex)
		para(it.Title)
		body.WriteString(`<w:tbl>`)
		for _, r := range append([][]string{it.Columns}, it.Rows...) {
			var cells []func()
			for _, v := range r {
				cells = append(cells, c(v))
			}
			row(false, cells...)
		}
		if it.Note != "" {
			row(false, func() { cell(it.Note, fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, len(it.Columns))) })
		}
		body.WriteString(`</w:tbl>`)
	}
	doc := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
		body.String() + `</w:body></w:document>`
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   doc,
	} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRoundTripDocx(t *testing.T) {
	want := plan2023(t)
	b := writeDocx(t, want)
	res := Read(Source{Name: "计划2023.docx", Data: b}, Options{})
	if res.Format != FormatDOCX || len(res.Problems) > 0 || len(res.Missing) > 0 || !res.OK() {
		t.Fatalf("format %s, problems %v, missing %v", res.Format, res.Problems, res.Missing)
	}
	samePlan(t, res.Plan, want)
}

func readFixtureBytes(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readFixture(t testing.TB, name string, opt Options) Result {
	t.Helper()
	return Read(Source{Name: name, Data: readFixtureBytes(t, name)}, opt)
}

// measure finds a measure by ID.
func measure(p *data.Plan, id string) (data.Measure, bool) {
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, tk := range s.Tasks {
				for _, m := range tk.Measures {
					if m.ID == id {
						return m, true
					}
				}
			}
		}
	}
	return data.Measure{}, false
}

// TestLibreOfficeMerged reads testdata/plan-merged.docx, converted by
// LibreOffice from plan-merged.html: rowspan became w:vMerge, colspan
// w:gridSpan; the notice's title, number and date are in its paragraphs.
func TestLibreOfficeMerged(t *testing.T) {
	res := readFixture(t, "plan-merged.docx", Options{})
	if len(res.Problems) > 0 || len(res.Missing) > 0 {
		t.Fatalf("problems %v missing %v", res.Problems, res.Missing)
	}
	p := res.Plan
	if p.Year != 2024 || p.Title != "北京市西城区深入打好污染防治攻坚战2024年行动计划" || p.DocNo != "西政办发〔2024〕2号" || p.Date != "2024-02-20" {
		t.Errorf("header %d %q %q %q", p.Year, p.Title, p.DocNo, p.Date)
	}
	if len(p.Annexes) != 1 || p.Annexes[0].Code != "1" || p.Annexes[0].Title != "西城区2024年大气污染防治重点任务" || len(p.Annexes[0].Sections) != 2 {
		t.Fatalf("annexes %+v", p.Annexes)
	}
	if n := countMeasures(p); n != 5 {
		t.Errorf("%d measures, want 5", n)
	}
	for id, want := range map[string]string{
		"1.1.1": "推广新能源车。|年底前|2024-12-31|[区发展改革委]|[区交通委 区城市管理委]",
		"1.1.2": "更新公交车辆。|6月底前|2024-06-30|[区交通委]|[]",
		"1.1.3": "建设充电设施。\n完善充电网络。|6月底前|2024-06-30|[区城市管理委 区数据局]|[各街道办事处]", // deadline merged with the row above
		"1.2.1": "开展路检路查。|长期实施||[西城交通支队 区生太环境局]|[]",
		"1.3.1": "落实“六个百分百”。|6-9月|2024-09-30|[区住房和城乡建设委员会]|[相关街道办事处]",
	} {
		m, ok := measure(p, id)
		got := fmt.Sprintf("%s|%s|%s|%v|%v", m.Text, m.Deadline.Text, m.Deadline.Due, m.Lead, m.Co)
		if !ok || got != want {
			t.Errorf("%s = %q, want %q", id, got, want)
		}
	}
	if p.Annexes[0].Sections[0].Tasks[0].Name != "推进车辆电动化" {
		t.Errorf("task %+v", p.Annexes[0].Sections[0].Tasks[0])
	}
	if len(p.Indicators) != 1 || p.Indicators[0].Annex != "2" || len(p.Indicators[0].Columns) != 3 || len(p.Indicators[0].Rows) != 2 ||
		p.Indicators[0].Rows[1][2] != "75" || p.Indicators[0].Note != "备注：PM2.5为年均值。" {
		t.Errorf("indicators %+v", p.Indicators)
	}
	if got := fmt.Sprint(res.Units); got != "[区发展改革委 区交通委 区城市管理委 区数据局 各街道办事处 西城交通支队 区生太环境局 区住房和城乡建设委员会 相关街道办事处]" {
		t.Errorf("units %s", got)
	}
}

// TestPagesDocx reads testdata/plan-pages.docx (from plan-pages.html): a
// 31-task table over several pages with its header marked to repeat
// (w:tblHeader), the header also typed again inside the table, then a page
// break and a second table without an annex paragraph, starting with the
// header once more and the rest of task 31's measure.
func TestPagesDocx(t *testing.T) {
	res := readFixture(t, "plan-pages.docx", Options{Year: 2024})
	if len(res.Problems) > 0 {
		t.Fatalf("problems %v", res.Problems)
	}
	p := res.Plan
	if len(p.Annexes) != 1 || p.Annexes[0].Code != "3" || p.Annexes[0].Title != "西城区2024年水污染防治重点任务" {
		t.Fatalf("annexes %+v", p.Annexes)
	}
	if n := countMeasures(p); n != 32 {
		t.Errorf("%d measures, want 32 (no header row read as a measure)", n)
	}
	m, _ := measure(p, "3.31.1")
	if m.Text != "措施31：开展河湖巡查，发现问题立即整改。" || fmt.Sprint(m.Co) != "[区城管执法局]" || m.Deadline.Kind != data.DeadlineOngoing {
		t.Errorf("measure split across pages: %+v", m)
	}
	if m, ok := measure(p, "3.32.1"); !ok || m.Deadline.Due != "2024-09-30" {
		t.Errorf("measure after the split: %+v", m)
	}
	if fmt.Sprint(res.Missing) != "[title docno date]" {
		t.Errorf("missing %v", res.Missing)
	}
}

// TestIndicatorTableContinued: an indicator table broken into two Word
// tables, the header typed again on the second, is one table.
func TestIndicatorTableContinued(t *testing.T) {
	head := tr("街道", "PM2.5")
	b := docxWith(t, wp("附件 6  有关指标")+"<w:tbl>"+head+tr("德胜街道", "29")+"</w:tbl>"+wp("")+
		"<w:tbl>"+head+tr("西城区", "30")+"</w:tbl>")
	res := Read(Source{Name: "指标.docx", Data: b}, Options{Year: 2024})
	if len(res.Problems) > 0 || len(res.Plan.Indicators) != 1 || res.Plan.Indicators[0].Title != "有关指标" || fmt.Sprint(res.Plan.Indicators[0].Rows) != "[[德胜街道 29] [西城区 30]]" {
		t.Errorf("problems %v indicators %+v", res.Problems, res.Plan.Indicators)
	}
}

// TestAnnexTitleInsideTable: the code and title may sit in the table's own
// first rows, spanning it, instead of the paragraphs before it.
func TestAnnexTitleInsideTable(t *testing.T) {
	span := func(s string) string {
		return `<w:tr><w:tc><w:tcPr><w:gridSpan w:val="5"/></w:tcPr>` + wp(s) + `</w:tc></w:tr>`
	}
	b := docxWith(t, wp("正文")+"<w:tbl>"+span("附件4")+span("西城区土壤污染防治重点任务")+
		tr("序号", "重点任务", "工作措施", "完成时限", "主责单位")+span("一、目标")+tr("1", "土壤", "措施。", "年底前", "区生态环境局")+"</w:tbl>"+
		"<w:tbl>"+span("附件5：有关指标")+tr("地区", "指标")+tr("西城区", "1")+"</w:tbl>")
	res := Read(Source{Name: "计划.docx", Data: b}, Options{Year: 2024})
	p := res.Plan
	if len(res.Problems) > 0 || len(p.Annexes) != 1 || p.Annexes[0].Code != "4" || p.Annexes[0].Title != "西城区土壤污染防治重点任务" || countMeasures(p) != 1 {
		t.Fatalf("problems %v annexes %+v", res.Problems, p.Annexes)
	}
	if len(p.Indicators) != 1 || p.Indicators[0].Annex != "5" || fmt.Sprint(p.Indicators[0].Columns) != "[地区 指标]" || fmt.Sprint(p.Indicators[0].Rows) != "[[西城区 1]]" {
		t.Errorf("indicators %+v", p.Indicators)
	}
}
