package reports

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"taizhang/assets"
	"taizhang/data/datatest"
)

// sample is a small report with a measure far taller than a page.
func sample() *Monthly {
	long := strings.Repeat("组织开展河道巡查和排水户排查，推进雨污分流改造，完成PM2.5监测站点维护。", 120)
	m := &Monthly{
		Title: "《西城区深入打好污染防治攻坚战2023年行动计划》6月工作进展情况", Subtitle: "全区汇总",
		Unit: "区生态环境局", Month: "2023年6月", Printed: "2023年7月5日",
		Alerts: []Alert{{Annex: "附件1", No: "1", Task: "温室气体排放控制目标", Measure: "切实控制温室气体排放", Due: "6月底\n2023-06-30", Kind: "本月到期", Status: StatusLate}},
	}
	g := Group{Annex: "附件1", Title: "西城区应对气候变化2023年行动计划"}
	sec := Section{No: "一", Title: "主要目标"}
	for i := range 30 {
		r := Row{ID: fmt.Sprintf("1.%d.1", i), No: fmt.Sprint(i + 1), Task: "推进能源绿色低碳发展", Measure: fmt.Sprintf("措施%d：大力开展能源节约和能效提升。", i),
			Deadline: "年底前\n2023-12-31", Lead: "区发展改革委、区城市管理委", Status: []string{StatusDone, StatusOnTrack, StatusLate, StatusNotReported}[i%4],
			Progress: "【区发展改革委】已完成月度调度。", Problems: "无", NextSteps: "继续推进。"}
		if i == 3 {
			r.Progress = long
			r.Evidence = []string{"现场照片.jpg", "会议纪要.pdf"}
		}
		sec.Rows = append(sec.Rows, r)
	}
	g.Sections = append(g.Sections, sec)
	m.Groups = append(m.Groups, g)
	for _, r := range sec.Rows {
		if len(m.Summary) == 0 {
			m.Summary = append(m.Summary, SummaryRow{Annex: g.Annex, Title: g.Title})
		}
		m.Summary[0].Add(r.Status)
	}
	return m
}

// pdfText extracts the text of a PDF with pdftotext -layout, skipping when
// it is not installed.
func pdfText(t testing.TB, b []byte) string {
	t.Helper()
	return datatest.PDFText(t, b, "-layout")
}

func TestPDFTextIsChinese(t *testing.T) {
	b, err := PDF(sample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("not a PDF")
	}
	if len(b) > 400<<10 {
		t.Errorf("PDF is %d bytes; the font should be subset", len(b))
	}
	// pdftotext spaces CJK text unpredictably: compare without spaces.
	raw := pdfText(t, b)
	text := strings.Join(strings.Fields(raw), "")
	for _, want := range []string{"工作进展情况", "全区汇总", "填报单位：区生态环境局", "措施29：大力开展能源节约", "推进雨污分流改造", "第1页共", "第2页", "填报人：", "审核人：", "联系电话：", "现场照片.jpg", "存在问题：无"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	pages := strings.Count(raw, "\f")
	if pages < 3 {
		t.Errorf("%d pages; the long measure should take several", pages)
	}
	if !strings.Contains(text, fmt.Sprintf("共%d页", pages)) {
		t.Errorf("footer does not show the page count %d", pages)
	}
	// The table header repeats on every page of the main table.
	if n := strings.Count(text, "佐证材料"); n < pages-1 {
		t.Errorf("table header on %d pages, want about %d", n, pages)
	}
}

// TestWrapFitsWidth checks that wrapped lines never exceed the width and
// that no character is lost.
func TestWrapFitsWidth(t *testing.T) {
	m := sample()
	w := newPDFWriter(m)
	text := m.Groups[0].Sections[0].Rows[3].Progress + "\nabc PM2.5 2023-12-31，。"
	for _, width := range []float64{8, 17, 40, 74} {
		lines := w.wrap(text, width)
		if got := strings.Join(lines, ""); got != strings.ReplaceAll(text, "\n", "") {
			t.Fatalf("width %v: wrapped text differs from input", width)
		}
		for _, l := range lines {
			if lw := w.textWidth(l); lw > width+0.01 {
				t.Errorf("width %v: line %q is %.1f mm wide", width, l, lw)
			}
			if r := []rune(l); len(r) > 0 && strings.ContainsRune("，。、；：）", r[0]) {
				t.Errorf("width %v: line starts with punctuation: %q", width, l)
			}
		}
	}
}

func TestXLSX(t *testing.T) {
	b, err := XLSX(sample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != SummarySheet || got[1] != "附件1" {
		t.Fatalf("sheets = %v", got)
	}
	if v, _ := f.GetCellValue(SummarySheet, "C4"); v != "30" {
		t.Errorf("summary 措施数 = %q, want 30", v)
	}
	// 完成率 is a number shown as a percentage, the same figure as the PDF.
	raw, _ := f.GetCellValue(SummarySheet, "I4", excelize.Options{RawCellValue: true})
	shown, _ := f.GetCellValue(SummarySheet, "I4")
	if raw != "0.267" || shown != sample().Summary[0].Rate() {
		t.Errorf("完成率 stored %q, shown %q; want 0.267 shown as %s", raw, shown, sample().Summary[0].Rate())
	}
	// A measure without evidence says so, as the PDF does.
	if v, _ := f.GetCellValue("附件1", "J5"); v != "无" {
		t.Errorf("佐证材料 J5 = %q, want 无", v)
	}
	panes, err := f.GetPanes("附件1")
	if err != nil || !panes.Freeze || panes.YSplit != 3 {
		t.Errorf("panes = %+v, %v; want frozen below row 3", panes, err)
	}
	// Row 4 is the section band; the first measure (已完成) is on row 5.
	if v, _ := f.GetCellValue("附件1", "F5"); v != StatusDone {
		t.Fatalf("F5 = %q", v)
	}
	id, _ := f.GetCellStyle("附件1", "F5")
	st, err := f.GetStyle(id)
	if err != nil || len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], statusHex(StatusDone)) {
		t.Errorf("status fill = %+v, %v", st.Fill, err)
	}
	names := f.GetDefinedName()
	found := false
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == "附件1" {
			found = true
		}
	}
	if !found {
		t.Errorf("no print titles on 附件1: %+v", names)
	}
}

// TestFontCoversReportText walks every rune the writers can print: the
// plan text, the status words, the fixed report text and printable ASCII.
func TestFontCoversReportText(t *testing.T) {
	text := assets.PlanText2023 + FixedText + IndicatorFixedText + strings.Join([]string{StatusDone, StatusOnTrack, StatusLate, StatusNotReported, StatusNotStarted, StatusNA}, "")
	for _, cols := range [][]column{districtColumns, unitColumns, detailColumns, alertColumns} {
		for _, c := range cols {
			text += c.title
		}
	}
	for _, cols := range [][]sheetColumn{xlsxUnitColumns, xlsxDistrictColumns, xlsxDetailColumns} {
		for _, c := range cols {
			text += c.title
		}
	}
	text += signature + DetailSheet
	for r := rune(0x20); r < 0x7f; r++ {
		text += string(r)
	}
	if missing := MissingGlyphs(text); len(missing) > 0 {
		t.Errorf("font has no glyph for %q", string(missing))
	}
}

// withIndicators is the sample with an indicator section: two streets,
// one off target, and two district figures.
func withIndicators() *Monthly {
	m := sample()
	f := func(v float64) *float64 { return &v }
	b := func(v bool) *bool { return &v }
	m.Indicators = &Indicators{AsOf: "2023年6月", PM25Unit: "微克/立方米",
		PM25: []AreaFigure{
			{Area: "德胜街道", Figure: Figure{Name: "PM2.5年均浓度", Target: "29", Value: f(29), YTD: f(31.25), Expected: f(29), Months: 2, OnTrack: b(false)}},
			{Area: "什刹海街道", Figure: Figure{Name: "PM2.5年均浓度", Target: "30", Value: f(30), YTD: f(25), Expected: f(30), Months: 1, OnTrack: b(true)}},
			{Area: "广外街道", Figure: Figure{Name: "PM2.5年均浓度", Target: "30", Value: f(30), Expected: f(30)}},
		},
		District: []Figure{
			{Name: "VOCs重点工程累计减排量", Unit: "吨", Target: "490", Value: f(490), YTD: f(300), Expected: f(245), Months: 6, OnTrack: b(true)},
			{Name: "单位地区生产总值二氧化碳排放较2020年累计下降率", Unit: "%", Target: "12左右", Value: f(12), Expected: f(12)},
		},
	}
	return m
}

func TestIndicatorSectionPDF(t *testing.T) {
	b, err := PDF(withIndicators(), nil)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(pdfText(t, b)), "")
	for _, want := range []string{"三、指标完成情况（截至2023年6月）", "（一）各街道PM2.5累计平均浓度与目标", "目标线",
		"德胜街道31.25292未达标", "什刹海街道25301达标", "广外街道—300未填报",
		"（二）西城区年度指标（附件6）", "VOCs重点工程累计减排量吨4903002456达标", "12左右—120未填报", "四、工作进展情况"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	b, err = PDF(sample(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pdfText(t, b)), ""); strings.Contains(text, "指标完成情况") || !strings.Contains(text, "三、工作进展情况") {
		t.Error("a report without indicators prints the section, or misnumbers the main table")
	}
}

func TestIndicatorSectionXLSX(t *testing.T) {
	b, err := XLSX(withIndicators(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) < 2 || sheets[1] != IndicatorSheet {
		t.Fatalf("sheets %v, want 指标 second", sheets)
	}
	rows, err := f.GetRows(IndicatorSheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"街道", "累计平均浓度", "目标", "填报月数", "是否达标"},
		{"德胜街道", "31.25", "29", "2", "未达标"},
		{"什刹海街道", "25", "30", "1", "达标"},
		{"广外街道", "—", "30", "0", "未填报"},
	}
	for i, w := range want {
		if got := rows[3+i]; strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("row %d: %q, want %q", 4+i, got, w)
		}
	}
	if got := strings.Join(rows[10], "|"); got != "VOCs重点工程累计减排量|吨|490|300|245|6|达标" {
		t.Errorf("district row %q", got)
	}
	// The off-target verdict is filled red, the on-target one is not.
	fill := func(cell string) string {
		id, _ := f.GetCellStyle(IndicatorSheet, cell)
		st, _ := f.GetStyle(id)
		if st == nil || len(st.Fill.Color) == 0 {
			return ""
		}
		return st.Fill.Color[0]
	}
	if fill("E5") != "F0AAA0" || fill("E6") != "" {
		t.Errorf("verdict fills %q and %q", fill("E5"), fill("E6"))
	}
	var charts int
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
	}
	if charts != 2 {
		t.Errorf("%d charts, want the summary's and the indicators'", charts)
	}
	// Both charts sit in column A under their sheet's tables, so that the
	// sheet prints at the table's width.
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/drawings/drawing") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, _ := zf.Open()
		xml, _ := io.ReadAll(rc)
		rc.Close()
		from := regexp.MustCompile(`<xdr:from><xdr:col>(\d+)</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>`).FindSubmatch(xml)
		if from == nil {
			t.Fatalf("%s: no anchor in %s", zf.Name, xml)
		}
		if row, _ := strconv.Atoi(string(from[2])); string(from[1]) != "0" || row < 8 {
			t.Errorf("%s: chart anchored at column %s, row %s; want column A under the tables", zf.Name, from[1], from[2])
		}
	}
}
