package app

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"taizhang/data"
)

// reportOut is a folder to keep the realistic month's PDFs in, to look at
// them: go test -run TestRealisticDistrictPDF -args -report.out=/tmp/r
var reportOut = flag.String("report.out", "", "folder to write the realistic month's reports to")

// typedPhrases are pieces of progress texts as clerks type them: numbers
// with separators, decimals and units, subscripts, circled numbers,
// brackets and quotes, so that line breaking meets them everywhere.
var typedPhrases = []string{
	"本月组织开展专项检查12次，出动执法人员1,234人次，发现问题86处，已整改完成62.5%；",
	"完成PM₂.₅监测站点维护3个，月均浓度较去年同期下降8.3%（同比），",
	"召开“清洁空气”专题调度会2次，印发《工作方案》1份，",
	"①推进雨污分流改造，完成管线敷设1.2公里；②开展河道巡查45次，清理垃圾3.5吨；",
	"对辖区内重点排污单位开展“双随机、一公开”检查，共检查企业27家，责令整改4家！",
	"施工工地扬尘治理“六个百分之百”落实到位，视频监控覆盖率达到100%，",
	"夏季高温期间（日最高气温≥35℃）错峰施工，VOCs排放量减少约0.8吨，",
	"完成老旧小区供热管网改造Ⅱ期工程，涉及居民2,860户、面积18.6万平方米。",
	"协调区城管委、区交通委等单位，推进重型柴油货车“国Ⅲ”淘汰工作，累计淘汰137辆……",
	"下一步将按照“一企一策”要求，于2023年7月15日前完成整改验收——确保按期销号。",
}

// realisticText is a progress text of about n characters built from the
// typed phrases, with a line break every few phrases when breaks is set.
func realisticText(seed, n int, breaks bool) string {
	var b strings.Builder
	for i := 0; b.Len() < 3*n; i++ { // 3 bytes a character, about
		b.WriteString(typedPhrases[(seed+i*7)%len(typedPhrases)])
		if breaks && i%3 == 2 {
			b.WriteString("\n")
		}
	}
	return strings.TrimSpace(string([]rune(b.String())[:n]))
}

// realisticStatuses is the mix of a month: mostly on track, some done, late
// and not started, a few not applicable.
var realisticStatuses = []data.Status{
	data.StatusOnTrack, data.StatusOnTrack, data.StatusOnTrack, data.StatusOnTrack, data.StatusOnTrack,
	data.StatusDone, data.StatusDone, data.StatusLate, data.StatusNotStarted, data.StatusNA,
}

// silentUnits are the six units that return nothing in the realistic
// month; the 46 others fill 1,191 entries.
var silentUnits = []string{"天桥街道", "椿树街道", "牛街街道", "区交通委", "区民政局", "区房管局"}

// fillRealisticMonth writes the month issue 13 was measured on: 46 of the
// 52 units return (three streets and three offices stay silent), every returning
// unit enters every measure that concerns it with a status from the mix, a
// fifth of the texts are 300–800 characters with line breaks, the rest
// 40–150; a tenth of the entries attach a file; the streets' PM2.5 is
// entered from January. It returns the number of entries written.
func fillRealisticMonth(tb testing.TB, a *App, m data.Month) int {
	tb.Helper()
	ctx := context.Background()
	units, err := a.Units(ctx, 2023)
	if err != nil {
		tb.Fatal(err)
	}
	var ins []data.EntryInput
	type attach struct{ unit, measure string }
	var attachments []attach
	reporting, silent := 0, 0 // silent: the check that the six are still units
	for ui, u := range units {
		if u.Kind == data.UnitGroup {
			continue
		}
		if slices.Contains(silentUnits, u.Name) {
			silent++
			continue
		}
		reporting++
		rows, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: u.Name})
		if err != nil {
			tb.Fatal(err)
		}
		for _, r := range rows {
			k := len(ins)
			s := realisticStatuses[(k*7+ui)%len(realisticStatuses)]
			n := 40 + (k*37)%110
			long := k%5 == 0
			if long {
				n = 300 + (k*53)%500
			}
			p := realisticText(k, n, long)
			in := data.EntryInput{Unit: u.Name, MeasureID: r.Measure.ID, Month: m, Status: &s, Progress: &p}
			if k%3 == 0 {
				q := realisticText(k+3, 30+(k%4)*40, false)
				in.Problems = &q
			}
			if k%2 == 0 {
				nx := realisticText(k+5, 30+(k%5)*30, false)
				in.NextSteps = &nx
			}
			if k%10 == 0 {
				attachments = append(attachments, attach{u.Name, r.Measure.ID})
			}
			ins = append(ins, in)
		}
	}
	if reporting != 46 || silent != len(silentUnits) {
		tb.Fatalf("%d units report and %d are silent, want 46 and %d of 52", reporting, silent, len(silentUnits))
	}
	if err := a.db.SetEntries(ctx, 2023, ins, "测试"); err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	for i, at := range attachments {
		path := filepath.Join(dir, fmt.Sprintf("现场照片%03d.jpg", i))
		if err := os.WriteFile(path, []byte(fmt.Sprintf("photo %d", i)), 0o644); err != nil {
			tb.Fatal(err)
		}
		if _, err := a.AttachFile(ctx, at.unit, at.measure, m, path, ""); err != nil {
			tb.Fatal(err)
		}
	}
	targets, err := a.IndicatorTargets(ctx, 2023)
	if err != nil {
		tb.Fatal(err)
	}
	for _, t := range targets {
		if t.Indicator != "pm25" || t.Annex != "2-2" {
			continue
		}
		for i, month := range a.Months(2023)[:6] {
			if _, err := a.SetIndicatorActual(ctx, "pm25", t.Area, month, fmt.Sprint(26+i)); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return len(ins)
}

// pdfPages counts a PDF's pages with pdfinfo, skipping without poppler.
func pdfPages(t testing.TB, path string) int {
	t.Helper()
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		t.Skip("pdfinfo not installed")
	}
	out, err := exec.Command(bin, path).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for l := range strings.Lines(string(out)) {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			var n int
			fmt.Sscan(v, &n)
			return n
		}
	}
	t.Fatalf("pdfinfo printed no page count:\n%s", out)
	return 0
}

// TestRealisticDistrictPDF writes the district PDF of the realistic month
// and checks its bound: at most 40 pages without the appendix; with it,
// every unit's text is there.
func TestRealisticDistrictPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("the realistic month takes a few seconds")
	}
	a := mustOpen(t)
	m := data.Month("2023-06")
	n := fillRealisticMonth(t, a, m)
	if n != 1191 {
		t.Fatalf("%d entries, want 1,191", n)
	}
	dir := *reportOut
	if dir == "" {
		dir = t.TempDir()
	}
	ctx := context.Background()
	plain := filepath.Join(dir, "district.pdf")
	if _, err := a.WriteReport(ctx, ReportRequest{Month: m, Format: ReportPDF, Path: plain}, nil); err != nil {
		t.Fatal(err)
	}
	detail := filepath.Join(dir, "district-detail.pdf")
	res, err := a.WriteReport(ctx, ReportRequest{Month: m, Format: ReportPDF, Detail: true, Path: detail}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Missing) > 0 {
		t.Errorf("characters without a glyph: %q", string(res.Missing))
	}
	pages, detailPages := pdfPages(t, plain), pdfPages(t, detail)
	t.Logf("%d entries: district PDF %d pages, with the appendix %d pages", n, pages, detailPages)
	if pages > 40 {
		t.Errorf("district PDF has %d pages, want at most 40", pages)
	}
	b, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b)
	if strings.Contains(text, "附表：各单位填报明细") {
		t.Error("the appendix is printed without being asked for")
	}
	// No summary is longer than a page, so no row continues on another.
	if strings.Contains(text, "（续）") {
		t.Error("a measure's row spans two pages though its summary is short")
	}
	// A street's own report prints its full texts.
	unit := filepath.Join(dir, "德胜街道.pdf")
	if _, err := a.WriteReport(ctx, ReportRequest{Month: m, Filter: data.MeasureFilter{Year: 2023, Unit: "德胜街道"}, Format: ReportPDF, Path: unit}, nil); err != nil {
		t.Fatal(err)
	}
	entries, err := a.db.Entries(ctx, data.EntryFilter{Month: m, Unit: "德胜街道"})
	if err != nil {
		t.Fatal(err)
	}
	b, err = os.ReadFile(unit)
	if err != nil {
		t.Fatal(err)
	}
	own := pdfText(t, b)
	longest := ""
	for _, e := range entries {
		if len(e.Progress) > len(longest) {
			longest = e.Progress
		}
	}
	if tail := strings.Join(strings.Fields(string([]rune(longest)[len([]rune(longest))-40:])), ""); len([]rune(longest)) < 300 || !strings.Contains(own, tail) {
		t.Errorf("the street's report lacks the end of its longest text (%d characters)", len([]rune(longest)))
	}
	t.Logf("德胜街道's own report: %d pages", pdfPages(t, unit))
	// The appendix holds a long text of a co-unit in full.
	b, err = os.ReadFile(detail)
	if err != nil {
		t.Fatal(err)
	}
	full := pdfText(t, b)
	for _, want := range []string{"附表：各单位填报明细", "（主责）"} {
		if !strings.Contains(full, want) {
			t.Errorf("PDF with the appendix lacks %q", want)
		}
	}
}

// BenchmarkRealisticDistrictPDF builds and renders the realistic month's
// district PDF (without the appendix).
func BenchmarkRealisticDistrictPDF(b *testing.B) {
	a := mustOpen(b)
	m := data.Month("2023-06")
	fillRealisticMonth(b, a, m)
	b.ReportAllocs()
	size := 0
	for b.Loop() {
		r, err := a.MonthlyReport(context.Background(), m, data.MeasureFilter{Year: 2023}, printed)
		if err != nil {
			b.Fatal(err)
		}
		out, err := RenderReport(r, ReportPDF, nil)
		if err != nil {
			b.Fatal(err)
		}
		size = len(out)
	}
	b.ReportMetric(float64(size), "bytes/report")
}
