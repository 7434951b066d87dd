package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports"
)

var printed = time.Date(2023, 7, 5, 0, 0, 0, 0, time.UTC)

// reportIDs lists the measure IDs of a report's main table, in order.
func reportIDs(r *reports.Monthly) []string {
	var ids []string
	for _, g := range r.Groups {
		for _, s := range g.Sections {
			for _, row := range s.Rows {
				ids = append(ids, row.ID)
			}
		}
	}
	return ids
}

func measureIDs(t testing.TB, a *App, f data.MeasureFilter) []string {
	t.Helper()
	rows, err := a.FindMeasures(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Measure.ID)
	}
	return ids
}

// fillMonth gives every lead and co-unit of every measure an entry for m,
// cycling through the statuses, with progress texts; every nth measure only.
func fillReportMonth(tb testing.TB, a *App, m data.Month, every int) {
	tb.Helper()
	ctx := context.Background()
	v, err := a.Progress(ctx, m, data.MeasureFilter{Year: 2023})
	if err != nil {
		tb.Fatal(err)
	}
	for i, mp := range v.Measures {
		if i%every != 0 {
			continue
		}
		units := append(append([]UnitEntry{}, mp.Lead...), mp.Co...)
		for j, u := range units {
			s := data.Statuses[(i+j)%len(data.Statuses)]
			p := fmt.Sprintf("%s本月%s：完成巡查%d次，召开专题会议，推进整改落实。", u.Unit, mp.Measure.ID, j+1)
			q, n, ev := "资金保障不足", "下月继续推进", "整改照片存档于"+u.Unit
			if _, err := a.SetEntry(ctx, data.EntryInput{Unit: u.Unit, MeasureID: mp.Measure.ID, Month: m, Status: &s, Progress: &p, Problems: &q, NextSteps: &n, EvidenceNote: &ev}); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

func TestDistrictReport(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	m := data.Month("2023-06")
	fillReportMonth(t, a, m, 3)
	r, err := a.MonthlyReport(ctx, m, data.MeasureFilter{Year: 2023}, printed)
	if err != nil {
		t.Fatal(err)
	}
	if want := measureIDs(t, a, data.MeasureFilter{Year: 2023}); !slices.Equal(reportIDs(r), want) {
		t.Errorf("report has %d measures, want all %d in plan order", len(reportIDs(r)), len(want))
	}
	if !strings.HasPrefix(r.Title, "《西城区深入打好污染防治攻坚战2023年行动计划》6月") || r.Month != "2023年6月" || r.Printed != "2023年7月5日" {
		t.Errorf("title %q, month %q, printed %q", r.Title, r.Month, r.Printed)
	}
	v, err := a.Progress(ctx, m, data.MeasureFilter{Year: 2023})
	if err != nil {
		t.Fatal(err)
	}
	tot := r.Total()
	if tot.Measures != len(v.Measures) || tot.Done != v.Counts[data.StatusDone] || tot.OnTrack != v.Counts[data.StatusOnTrack] ||
		tot.Late != v.Counts[data.StatusLate] || tot.NotReported != v.Counts[data.StatusNotReported] ||
		tot.Other != v.Counts[data.StatusNotStarted]+v.Counts[data.StatusNA] {
		t.Errorf("summary total %+v, counts %v", tot, v.Counts)
	}
	// Texts merge as 【单位】 lines, lead units first, then co-units.
	rows := map[string]reports.Row{}
	for _, g := range r.Groups {
		for _, s := range g.Sections {
			for _, row := range s.Rows {
				rows[row.ID] = row
			}
		}
	}
	checked := 0
	for i, mp := range v.Measures {
		if i%3 != 0 || len(mp.Co) == 0 {
			continue
		}
		row := rows[mp.Measure.ID]
		if row.Status != string(mp.District) {
			t.Errorf("%s: status %q, want district %q", mp.Measure.ID, row.Status, mp.District)
		}
		lines := strings.Split(row.Progress, "\n")
		if len(lines) != len(mp.Lead)+len(mp.Co) || !strings.HasPrefix(lines[0], "【"+mp.Lead[0].Unit+"】") ||
			!strings.HasPrefix(lines[len(lines)-1], "【"+mp.Co[len(mp.Co)-1].Unit+"】") {
			t.Errorf("%s: progress lines %q", mp.Measure.ID, lines)
		}
		if ev := row.EvidenceText(); !strings.Contains(ev, "说明：【"+mp.Lead[0].Unit+"】整改照片存档于"+mp.Lead[0].Unit) {
			t.Errorf("%s: 佐证材料 cell %q lacks the units' 佐证材料说明", mp.Measure.ID, ev)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no measure with co-units was checked")
	}
	for _, al := range r.Alerts {
		if al.Kind != "逾期未完成" && al.Kind != "本月到期" {
			t.Errorf("alert kind %q", al.Kind)
		}
	}
	if missing := reports.MissingGlyphs(reportText(r)); len(missing) > 0 {
		t.Errorf("the font lacks %q used by the report", string(missing))
	}
	b, err := RenderReport(r, ReportPDF, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	for _, want := range []string{"工作进展情况", "全区汇总", "第1页共", "切实控制温室气体排放", "【区发展改革委】", "填报人："} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	t.Logf("district PDF: %d bytes, %d pages", len(b), strings.Count(text, "\f"))
}

// reportText is every string of a report, for the glyph check.
func reportText(r *reports.Monthly) string {
	return r.Text() + reports.FixedText + reports.IndicatorFixedText
}

// pdfText is the PDF's text without spaces and line breaks: pdftotext
// spaces CJK text unpredictably. The form feeds between pages stay.
func pdfText(t testing.TB, b []byte) string {
	t.Helper()
	return strings.NewReplacer(" ", "", "\n", "").Replace(datatest.PDFText(t, b))
}

func TestUnitReport(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	m := data.Month("2023-06")
	ids := measureIDs(t, a, data.MeasureFilter{Year: 2023, Unit: "区水务局"})
	if len(ids) == 0 {
		t.Fatal("区水务局 has no measures")
	}
	if _, err := a.Tick(ctx, "区水务局", ids[0], m, true); err != nil {
		t.Fatal(err)
	}
	p := "完成河道巡查12次"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区水务局", MeasureID: ids[0], Month: m, Progress: &p}); err != nil {
		t.Fatal(err)
	}
	r, err := a.MonthlyReport(ctx, m, data.MeasureFilter{Year: 2023, Unit: "区水务局"}, printed)
	if err != nil {
		t.Fatal(err)
	}
	if got := reportIDs(r); !slices.Equal(got, ids) {
		t.Errorf("unit report measures %v, want %v", got, ids)
	}
	if r.Unit != "区水务局" || !strings.Contains(r.Subtitle, "区水务局") {
		t.Errorf("unit %q, subtitle %q", r.Unit, r.Subtitle)
	}
	first := r.Groups[0].Sections[0].Rows[0]
	if first.Status != "已完成" || first.Progress != p {
		t.Errorf("own entry: status %q progress %q", first.Status, first.Progress)
	}
	if tot := r.Total(); tot.Done != 1 || tot.Measures != len(ids) {
		t.Errorf("total %+v", tot)
	}
}

func TestAnnexReport(t *testing.T) {
	a := mustOpen(t)
	r, err := a.MonthlyReport(context.Background(), "2023-06", data.MeasureFilter{Year: 2023, Annex: "2-1"}, printed)
	if err != nil {
		t.Fatal(err)
	}
	if want := measureIDs(t, a, data.MeasureFilter{Year: 2023, Annex: "2-1"}); !slices.Equal(reportIDs(r), want) || len(r.Groups) != 1 || r.Groups[0].Annex != "附件2-1" {
		t.Errorf("annex report: %d groups, %d measures, want %d", len(r.Groups), len(reportIDs(r)), len(want))
	}
}

func TestWriteReportXLSX(t *testing.T) {
	a := mustOpen(t)
	path := filepath.Join(t.TempDir(), "月报.xlsx")
	if _, err := a.WriteReport(context.Background(), ReportRequest{Month: "2023-06", Format: ReportXLSX, Path: path}, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{reports.SummarySheet, reports.IndicatorSheet, "附件1", "附件2-1", "附件3", "附件4", "附件5"}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want only the report", len(entries))
	}
	if _, err := a.WriteReport(context.Background(), ReportRequest{Month: "2023-06", Format: "doc", Path: path}, nil); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("format doc: %v", err)
	}
}

// BenchmarkDistrictReport builds and renders the district's report for a
// month with entries from every lead and co-unit of every measure and the
// streets' PM2.5 for the indicator section.
func BenchmarkDistrictReport(b *testing.B) {
	a := mustOpen(b)
	m := data.Month("2023-06")
	fillReportMonth(b, a, m, 1)
	// Every area's PM2.5 from January to the month, for the indicator section.
	targets, err := a.IndicatorTargets(context.Background(), 2023)
	if err != nil {
		b.Fatal(err)
	}
	for _, t := range targets {
		if t.Indicator != "pm25" || t.Annex != "2-2" {
			continue
		}
		for i, month := range a.Months(2023)[:6] {
			if _, err := a.SetIndicatorActual(context.Background(), "pm25", t.Area, month, fmt.Sprint(26+i)); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, format := range []ReportFormat{ReportPDF, ReportXLSX} {
		b.Run(string(format), func(b *testing.B) {
			b.ReportAllocs()
			size := 0
			for b.Loop() {
				r, err := a.MonthlyReport(context.Background(), m, data.MeasureFilter{Year: 2023}, printed)
				if err != nil {
					b.Fatal(err)
				}
				out, err := RenderReport(r, format, nil)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/report")
		})
	}
}

// TestWriteReportProgress checks that WriteReport tells each stage in
// order and lays out every row of the report before writing.
func TestWriteReportProgress(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	r, err := a.MonthlyReport(ctx, "2023-06", data.MeasureFilter{Year: 2023}, printed)
	if err != nil {
		t.Fatal(err)
	}
	rows := len(r.Alerts)
	for _, g := range r.Groups {
		for _, s := range g.Sections {
			rows += len(s.Rows)
		}
	}
	for _, format := range []ReportFormat{ReportPDF, ReportXLSX} {
		var stages []string
		layout := 0
		path := filepath.Join(t.TempDir(), "r."+string(format))
		_, err := a.WriteReport(ctx, ReportRequest{Month: "2023-06", Format: format, Path: path}, func(s ReportStage, done, total int) {
			if s == StageLayout {
				if total != rows+1 || done != layout {
					t.Fatalf("%s: layout %d/%d after %d, want steps of %d", format, done, total, layout, rows+1)
				}
				layout++
				return
			}
			stages = append(stages, fmt.Sprintf("%s %d/%d", s, done, total))
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"读取台账 0/1", "读取台账 1/1", "写入文件 0/1", "写入文件 1/1"}
		if !slices.Equal(stages, want) || layout != rows+2 {
			t.Errorf("%s: stages %v with %d layout steps, want %v with %d", format, stages, layout, want, rows+2)
		}
	}
}

// TestReportIndicatorSection checks the district report's indicator
// section against values set through the ledger, in the PDF and the xlsx,
// and its absence from a unit's report.
func TestReportIndicatorSection(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	for _, v := range []struct {
		key, area string
		m         data.Month
		value     string
	}{
		{"pm25", "德胜街道", "2023-05", "30"}, {"pm25", "德胜街道", "2023-06", "32"}, // 31 against 29
		{"pm25", "什刹海街道", "2023-06", "25"}, // against 30
		{"pm25", "德胜街道", "2023-07", "90"},  // after the report's month
		{"voc_reduction", "西城区", "2023-06", "300"},
	} {
		if _, err := a.SetIndicatorActual(ctx, v.key, v.area, v.m, v.value); err != nil {
			t.Fatal(err)
		}
	}
	r, err := a.MonthlyReport(ctx, "2023-06", data.MeasureFilter{Year: 2023}, printed)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Indicators
	if s == nil || len(s.PM25) != 15 || len(s.District) != 12 || s.AsOf != "2023年6月" {
		t.Fatalf("indicator section %+v", s)
	}
	de := s.PM25[0]
	if de.Area != "德胜街道" || *de.Figure.YTD != 31 || de.Figure.Months != 2 || de.Figure.Target != "29" || de.Figure.Verdict() != "未达标" {
		t.Errorf("德胜 %+v", de.Figure)
	}
	if sh := s.PM25[1]; sh.Area != "什刹海街道" || *sh.Figure.YTD != 25 || sh.Figure.Verdict() != "达标" {
		t.Errorf("什刹海 %+v", sh.Figure)
	}
	for _, a := range s.PM25 {
		if a.Area == data.District {
			t.Error("the streets' chart holds 西城区")
		}
	}
	var voc *reports.Figure
	for i, f := range s.District {
		if f.Name == "VOCs重点工程累计减排量" {
			voc = &s.District[i]
		}
	}
	if voc == nil || *voc.YTD != 300 || *voc.Expected != 245 || voc.Verdict() != "达标" || s.District[0].Target != "12左右" {
		t.Errorf("district row: VOCs %+v, first %+v", voc, s.District[0])
	}
	if missing := reports.MissingGlyphs(reportText(r)); len(missing) > 0 {
		t.Errorf("the font lacks %q", string(missing))
	}
	b, err := RenderReport(r, ReportPDF, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	// pdftotext reads the table's first cell after its header: 德胜街道's
	// row is 31 (its YTD), 29, 2 months, 未达标.
	for _, want := range []string{"三、指标完成情况（截至2023年6月）", "31292未达标", "什刹海街道25301达标", "VOCs重点工程累计减排量吨4903002451达标"} {
		if !strings.Contains(text, want) {
			t.Errorf("district PDF lacks %q", want)
		}
	}
	b, err = RenderReport(r, ReportXLSX, nil)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := x.GetCellValue(reports.IndicatorSheet, "B5"); v != "31" {
		t.Errorf("xlsx 德胜 PM2.5 %q", v)
	}
	x.Close()

	u, err := a.MonthlyReport(ctx, "2023-06", data.MeasureFilter{Year: 2023, Unit: "德胜街道"}, printed)
	if err != nil {
		t.Fatal(err)
	}
	if u.Indicators != nil {
		t.Error("a unit's report has the indicator section")
	}
	b, err = RenderReport(u, ReportPDF, nil)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(pdfText(t, b), "指标完成情况") {
		t.Error("a unit's PDF prints the indicator section")
	}
	b, err = RenderReport(u, ReportXLSX, nil)
	if err != nil {
		t.Fatal(err)
	}
	if x, err = excelize.OpenReader(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if slices.Contains(x.GetSheetList(), reports.IndicatorSheet) {
		t.Error("a unit's xlsx has the sheet 指标")
	}
}

// TestDistrictReportUnitsAndSummary checks the district scope's model: the
// unit line lists every lead unit (未报送 when silent) before the co-units
// that reported; the drafted summary quotes only lead units, cut with …;
// the details hold every reporting unit's full texts and evidence; a
// unit's own report has none of these and keeps its full text.
func TestDistrictReportUnitsAndSummary(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	m := data.Month("2023-06")
	v, err := a.Progress(ctx, m, data.MeasureFilter{Year: 2023})
	if err != nil {
		t.Fatal(err)
	}
	var mp MeasureProgress
	for _, x := range v.Measures {
		if len(x.Lead) >= 2 && len(x.Co) >= 2 {
			mp = x
			break
		}
	}
	if mp.Measure.ID == "" {
		t.Fatal("no measure with two lead and two co-units")
	}
	id := mp.Measure.ID
	lead0, lead1, co0, co1 := mp.Lead[0].Unit, mp.Lead[1].Unit, mp.Co[0].Unit, mp.Co[1].Unit
	long := strings.Repeat("推进落实整改，", 20) // 140 characters
	set := func(unit string, s data.Status, progress string) {
		t.Helper()
		if _, err := a.SetEntry(ctx, data.EntryInput{Unit: unit, MeasureID: id, Month: m, Status: &s, Progress: &progress}); err != nil {
			t.Fatal(err)
		}
	}
	set(lead0, data.StatusLate, long+"\n第二行")
	set(co0, data.StatusOnTrack, "协办单位的进展")
	// lead1 and co1 stay silent.
	dir := t.TempDir()
	path := filepath.Join(dir, "照片.jpg")
	if err := os.WriteFile(path, []byte("jpeg"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AttachFile(ctx, co0, id, m, path, ""); err != nil {
		t.Fatal(err)
	}
	r, err := a.MonthlyReport(ctx, m, data.MeasureFilter{Year: 2023}, printed)
	if err != nil {
		t.Fatal(err)
	}
	if !r.District || r.BindingMargin != reports.MinBindingMargin {
		t.Errorf("district %v, binding %v", r.District, r.BindingMargin)
	}
	var row reports.Row
	for _, g := range r.Groups {
		for _, s := range g.Sections {
			for _, x := range s.Rows {
				if x.ID == id {
					row = x
				}
			}
		}
	}
	if len(row.Units) != len(mp.Lead)+1 || row.Units[0] != (reports.UnitStatus{Unit: lead0, Status: "滞后", Lead: true}) ||
		row.Units[1] != (reports.UnitStatus{Unit: lead1, Status: "未报送", Lead: true}) ||
		row.Units[len(row.Units)-1] != (reports.UnitStatus{Unit: co0, Status: "序时推进"}) {
		t.Errorf("units %+v", row.Units)
	}
	for _, u := range row.Units {
		if u.Unit == co1 {
			t.Errorf("the silent co-unit %s is in the unit line", co1)
		}
	}
	want := "【" + lead0 + "】" + string([]rune(long)[:SummaryDraftLength-1]) + "…"
	if row.Summary != want {
		t.Errorf("summary %q, want %q", row.Summary, want)
	}
	if strings.Contains(row.Summary, "协办单位的进展") {
		t.Error("the co-unit's text is in the drafted summary")
	}
	// The draft's length is a setting, within its bounds.
	for _, n := range []int{MinSummaryDraft - 1, MaxSummaryDraft + 1} {
		if err := a.SetSummaryDraftChars(ctx, n); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("draft length %d: %v, want EINVALID", n, err)
		}
	}
	if err := a.SetSummaryDraftChars(ctx, 40); err != nil {
		t.Fatal(err)
	}
	longer, err := a.MonthlyReport(ctx, m, data.MeasureFilter{Year: 2023}, printed)
	if err != nil {
		t.Fatal(err)
	}
	want40 := "【" + lead0 + "】" + string([]rune(long)[:39]) + "…"
	for _, g := range longer.Groups {
		for _, s := range g.Sections {
			for _, x := range s.Rows {
				if x.ID == id && x.Summary != want40 {
					t.Errorf("summary with 40 characters %q, want %q", x.Summary, want40)
				}
			}
		}
	}
	if err := a.SetSummaryDraftChars(ctx, SummaryDraftLength); err != nil {
		t.Fatal(err)
	}
	if len(row.Details) != 2 || row.Details[0].Unit != lead0 || !row.Details[0].Lead || row.Details[0].Progress != long+"\n第二行" ||
		row.Details[1].Unit != co0 || row.Details[1].Lead || len(row.Details[1].Evidence) != 1 || row.Details[1].Evidence[0] != "照片.jpg" {
		t.Errorf("details %+v", row.Details)
	}
	// A unit's own report: its full text, no district lines.
	u, err := a.MonthlyReport(ctx, m, data.MeasureFilter{Year: 2023, Unit: lead0}, printed)
	if err != nil {
		t.Fatal(err)
	}
	if u.District {
		t.Error("a unit's report is in the district scope")
	}
	for _, g := range u.Groups {
		for _, s := range g.Sections {
			for _, x := range s.Rows {
				if x.ID == id && (x.Progress != long+"\n第二行" || x.Summary != "" || len(x.Units) != 0) {
					t.Errorf("unit report row %+v", x)
				}
			}
		}
	}
}

// TestDraftSummary drafts from the lead units that wrote progress, one line
// each, cut with … and never after an opening bracket.
func TestDraftSummary(t *testing.T) {
	e := func(p string) *data.Entry { return &data.Entry{Progress: p} }
	leads := []UnitEntry{
		{Unit: "甲", Entry: e("短句。")},
		{Unit: "乙"},
		{Unit: "丙", Entry: e("  ")},
		{Unit: "丁", Entry: e("第一行\n第二行，印发《方案》")},
	}
	if got, want := DraftSummary(leads, 9), "【甲】短句。\n【丁】第一行 第二行，…"; got != want {
		t.Errorf("DraftSummary = %q, want %q", got, want)
	}
	if got, want := DraftSummary(leads, 12), "【甲】短句。\n【丁】第一行 第二行，印发…"; got != want {
		t.Errorf("DraftSummary = %q, want %q", got, want)
	}
	if got := DraftSummary(leads[1:3], 9); got != "" {
		t.Errorf("no progress: %q", got)
	}
}

// TestReportBindingMargin stores the binding margin within its bounds.
func TestReportBindingMargin(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	if mm, err := a.ReportBindingMargin(ctx); err != nil || mm != reports.MinBindingMargin {
		t.Fatalf("default %v, %v", mm, err)
	}
	for _, bad := range []float64{20, 60} {
		if err := a.SetReportBindingMargin(ctx, bad); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("%v mm: %v", bad, err)
		}
	}
	if err := a.SetReportBindingMargin(ctx, 30); err != nil {
		t.Fatal(err)
	}
	r, err := a.MonthlyReport(ctx, "2023-06", data.MeasureFilter{Year: 2023}, printed)
	if err != nil || r.BindingMargin != 30 {
		t.Errorf("binding %v, %v", r.BindingMargin, err)
	}
}
