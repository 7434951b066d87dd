package reports

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/reports/cellfit/fittest"
)

// longText is a progress text of about n characters, with line breaks,
// numbers and Latin words among the Chinese, as clerks type them.
func longText(rng *rand.Rand, n int) string {
	phrases := []string{"组织开展河道巡查和排水户排查，", "推进雨污分流改造工程，", "完成PM2.5监测站点维护", "累计检查工地1,234处、",
		"下达整改通知书62份；", "VOCs治理设施运行率达到98.5%。", "召开专题调度会（第3次），", "\n", "落实“一厂一策”要求，"}
	var b strings.Builder
	for len([]rune(b.String())) < n {
		b.WriteString(phrases[rng.IntN(len(phrases))])
	}
	return b.String()
}

// bigMonth is a district report at the volume of a real month: 3 annexes,
// 40 measures each, 3 to 8 reporting units a measure; a fifth of the
// progress texts 300–800 characters long, problems and next steps mostly
// short, a tenth of them 200–300; the district summary drafted (a line per
// lead unit) or, for a fifth of the measures, written at 150–400.
func bigMonth(district bool) *Monthly {
	rng := rand.New(rand.NewPCG(13, 13))
	progress := func() string {
		if rng.IntN(5) == 0 {
			return longText(rng, 300+rng.IntN(500))
		}
		return longText(rng, 20+rng.IntN(120))
	}
	short := func() string {
		switch n := rng.IntN(10); {
		case n == 0:
			return longText(rng, 200+rng.IntN(100))
		case n < 4:
			return longText(rng, 60+rng.IntN(90))
		case n < 7:
			return longText(rng, 10+rng.IntN(50))
		}
		return ""
	}
	statuses := []string{StatusDone, StatusOnTrack, StatusLate, StatusNotReported, StatusNotStarted, StatusNA}
	units := []string{"区生态环境局", "区城市管理委", "区水务局", "德胜街道", "什刹海街道", "西长安街街道", "广内街道", "月坛街道", "展览路街道"}
	m := &Monthly{Title: "《西城区深入打好污染防治攻坚战2023年行动计划》6月工作进展情况", Subtitle: "全区汇总",
		Unit: "区生态环境局", Month: "2023年6月", Printed: "2023年7月5日", District: district, Detail: district}
	for a := range 3 {
		g := Group{Annex: fmt.Sprintf("附件2-%d", a+1), Title: "西城区大气污染防治2023年行动计划"}
		sec := Section{No: "一", Title: "重点任务"}
		sum := SummaryRow{Annex: g.Annex, Title: g.Title}
		for i := range 40 {
			st := statuses[rng.IntN(len(statuses))]
			r := Row{ID: fmt.Sprintf("2-%d.%d.1", a+1, i+1), No: fmt.Sprint(i + 1), Task: "强化扬尘精细化管控",
				Measure:  longText(rng, 40+rng.IntN(160)),
				Deadline: "年底前\n2023-12-31", Lead: "区城市管理委、区住房城市建设委", Status: st,
				Progress: progress(), Problems: short(), NextSteps: short(), EvidenceNote: "现场照片见附件"}
			if i%3 == 0 {
				r.Evidence = []string{"巡查照片.jpg", "会议纪要（6月）.pdf"}
			}
			for u := range 3 + rng.IntN(6) {
				s := statuses[rng.IntN(len(statuses))]
				r.Units = append(r.Units, UnitStatus{Unit: units[u], Status: s, Lead: u < 2})
				r.Details = append(r.Details, UnitDetail{Unit: units[u], Status: s, Lead: u < 2, Progress: progress(), Problems: short(), NextSteps: short()})
			}
			r.Summary = "【区生态环境局】" + longText(rng, 19) + "…\n【区城市管理委】" + longText(rng, 19) + "…"
			if rng.IntN(5) == 0 {
				r.Summary, r.SummaryProblems, r.SummaryNext = longText(rng, 150+rng.IntN(250)), short(), short()
			}
			sec.Rows = append(sec.Rows, r)
			sum.Add(st)
		}
		g.Sections = append(g.Sections, sec)
		m.Groups = append(m.Groups, g)
		m.Summary = append(m.Summary, sum)
	}
	m.Alerts = []Alert{{Annex: "附件2-1", No: "3", Task: "强化扬尘精细化管控", Measure: longText(rng, 150), Due: "6月底\n2023-06-30", Kind: "逾期未完成", Status: StatusLate}}
	return m
}

// openXLSX reads a written workbook back.
func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestXLSXRowsFitTheirText writes the district and a unit's report at a
// real month's volume and checks every row read back against its text;
// no character may be lost to the rows a long text continues in.
func TestXLSXRowsFitTheirText(t *testing.T) {
	for _, district := range []bool{false, true} {
		m := bigMonth(district)
		b, err := XLSX(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		f := openXLSX(t, b)
		rows, tallest := fittest.CheckRows(t, f)
		t.Logf("district %v: %d rows checked, tallest cell %.0f pt", district, rows, tallest)

		// Every text is on its sheet in full, continued rows joined.
		sheet := SheetName(m.Groups[0].Annex)
		all, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		col := 6 // 进展情况
		if district {
			col = 7 // 区级汇总进展
		}
		joined := ""
		for _, r := range all[3:] {
			if len(r) > col {
				joined += r[col]
			}
		}
		flat := func(s string) string { return strings.ReplaceAll(s, "\n", "") }
		for _, r := range m.Groups[0].Sections[0].Rows {
			want := r.Progress
			if district {
				want = r.Summary
			}
			if !strings.Contains(flat(joined), flat(want)) {
				t.Fatalf("district %v: %s's text is not whole on the sheet", district, r.ID)
			}
		}
		if !strings.Contains(strings.Join(all[4], "|"), m.Groups[0].Sections[0].Rows[0].ID) {
			t.Errorf("first measure row %q", all[4])
		}
		// A continued row names what it continues.
		cont := 0
		for _, r := range all[3:] {
			if n := len(r); n > 0 && strings.HasSuffix(r[n-1], "（续）") {
				cont++
				if r[0] == "" || r[5] == "" {
					t.Errorf("continued row %q lacks 序号 or status", r)
				}
			}
		}
		if cont == 0 {
			t.Errorf("district %v: no long text continued in a second row", district)
		}
		sheets := f.GetSheetList()
		if has := strings.Contains(strings.Join(sheets, "|"), DetailSheet); has != district {
			t.Errorf("district %v: sheets %v", district, sheets)
		}
	}
}

// TestXLSXDistrictScope checks the district annex: the compact line of
// the units' statuses and the summary in place of the units' texts, and
// the appendix with every unit's text.
func TestXLSXDistrictScope(t *testing.T) {
	m := bigMonth(true)
	b, err := XLSX(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b)
	row := m.Groups[0].Sections[0].Rows[0]
	head, _ := f.GetRows("附件2-1")
	if got := strings.Join(head[2], "|"); got != "序号|重点任务|工作措施|完成时限|主责单位|完成状态|各单位完成状态|区级汇总进展|存在问题|下步计划|佐证材料|措施编号" {
		t.Fatalf("district header %q", got)
	}
	if v, _ := f.GetCellValue("附件2-1", "G5"); v != row.UnitLine() || !strings.HasPrefix(v, "区生态环境局 "+row.Units[0].Status+"；区城市管理委 ") {
		t.Errorf("G5 = %q", v)
	}
	if v, _ := f.GetCellValue("附件2-1", "K5"); v != "2份" {
		t.Errorf("evidence count %q", v)
	}
	// The progress column (E) read down the sheet holds every unit's text
	// whole, continued rows joined.
	all, _ := f.GetRows(DetailSheet)
	text := ""
	for _, r := range all {
		if len(r) > 4 {
			text += r[4]
		}
	}
	text = strings.ReplaceAll(text, "\n", "")
	for _, d := range row.Details {
		if !strings.Contains(text, strings.ReplaceAll(d.Progress, "\n", "")) {
			t.Errorf("appendix lacks %s's progress", d.Unit)
		}
	}
	// Without Detail there is no appendix.
	m.Detail = false
	b, err = XLSX(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sheets := openXLSX(t, b).GetSheetList(); strings.Contains(strings.Join(sheets, "|"), DetailSheet) {
		t.Errorf("appendix without Detail: %v", sheets)
	}
}

// TestXLSXPrintScale checks that every sheet of both scopes prints its
// smallest text at 9 pt or more on A4 landscape, with the header, the
// footer and the signature block.
func TestXLSXPrintScale(t *testing.T) {
	for _, district := range []bool{false, true} {
		m := withIndicators()
		big := bigMonth(district)
		m.Groups, m.District, m.Detail = big.Groups, district, district
		b, err := XLSX(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		f := openXLSX(t, b)
		for _, sh := range f.GetSheetList() {
			scale, font := fittest.PrintScale(t, f, sh), fittest.SmallestFont(t, f, sh)
			t.Logf("district %v, %s: scale %d%%, smallest text %.0f pt → %.1f pt printed", district, sh, scale, font, font*float64(scale)/100)
			if font*float64(scale)/100 < MinPrintSize {
				t.Errorf("%s prints at %d%%: %.0f pt text comes out at %.1f pt", sh, scale, font, font*float64(scale)/100)
			}
			hf, err := f.GetHeaderFooter(sh)
			if err != nil || !strings.Contains(hf.OddHeader, m.Title) || !strings.Contains(hf.OddFooter, "第 &P 页 共 &N 页") {
				t.Errorf("%s: header/footer %+v, %v", sh, hf, err)
			}
			rows, _ := f.GetRows(sh)
			if last := rows[len(rows)-1]; len(last) == 0 || !strings.HasPrefix(last[0], "填报人：") || !strings.Contains(last[0], "（盖章）") {
				t.Errorf("%s: last row %q is not the signature block", sh, last)
			}
		}
	}
}

// TestWritePrintPreview writes the realistic month's workbooks, the
// district's (with the appendix) and a unit's, into the folder named by
// $TAIZHANG_PREVIEW, for `make print-preview` to print with LibreOffice and
// render; without it, it skips.
func TestWritePrintPreview(t *testing.T) {
	dir := os.Getenv("TAIZHANG_PREVIEW")
	if dir == "" {
		t.Skip("TAIZHANG_PREVIEW not set")
	}
	for name, district := range map[string]bool{"district": true, "unit": false} {
		m := withIndicators()
		big := bigMonth(district)
		m.Groups, m.Summary, m.Alerts, m.District, m.Detail = big.Groups, big.Summary, big.Alerts, district, district
		b, err := XLSX(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "report-"+name+".xlsx"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReminderXLSXRowsFit reads the reminder list back: every row as tall
// as its text, a long unit name wrapped in its column.
func TestReminderXLSXRowsFit(t *testing.T) {
	b, err := ReminderXLSX("2023年6月回执表未报送单位（截止 2023年7月5日）", []string{"单位", "类别", "措施数"},
		[][]string{{"北京城市排水集团有限责任公司西城分公司（区排水管理所）", "企业", "12"}, {"德胜街道", "街道", "40"}})
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b)
	if rows, _ := fittest.CheckRows(t, f); rows != 4 {
		t.Errorf("%d rows, want title, header and 2 units", rows)
	}
	if h, _ := f.GetRowHeight(ReminderSheet, 3); h < 30 {
		t.Errorf("the long unit name's row is %.0f pt", h)
	}
}
