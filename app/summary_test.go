package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// TestDistrictSummary drafts a measure's summary from its lead units only,
// then keeps what the coordinator writes, refused in a closed month.
func TestDistrictSummary(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	v, err := a.Progress(ctx, june, data.MeasureFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var mp MeasureProgress
	for _, m := range v.Measures {
		if len(m.Lead) > 0 && len(m.Co) > 0 {
			mp = m
			break
		}
	}
	id, lead, co := mp.Measure.ID, mp.Lead[0].Unit, mp.Co[0].Unit
	for unit, text := range map[string]string{lead: "牵头单位完成了全部巡查工作并形成台账，共检查点位一百二十处", co: "协办单位的进展"} {
		if _, err := a.SetEntry(ctx, data.EntryInput{Unit: unit, MeasureID: id, Month: june, Progress: &text}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := a.DistrictSummary(ctx, id, june)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Drafted || !strings.HasPrefix(s.Progress, "【"+lead+"】牵头单位") || !strings.HasSuffix(s.Progress, "…") || strings.Contains(s.Progress, "协办") {
		t.Fatalf("draft %+v", s)
	}
	text := "全区完成巡查120处。"
	if _, err := a.SetDistrictSummary(ctx, data.DistrictSummaryInput{MeasureID: id, Month: june, Progress: &text}); err != nil {
		t.Fatal(err)
	}
	if s, err = a.DistrictSummary(ctx, id, june); err != nil || s.Drafted || s.Progress != text || s.Clerk != a.Clerk(ctx) {
		t.Fatalf("stored %+v, %v", s, err)
	}
	if _, err := a.DistrictSummary(ctx, "9.9.9", june); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("unknown measure: %v", err)
	}
	if err := a.CloseMonth(ctx, june); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetDistrictSummary(ctx, data.DistrictSummaryInput{MeasureID: id, Month: june, Progress: &text}); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("closed month: %v", err)
	}
}

// TestReportPrintsStoredSummary: the district report prints the
// coordinator's summary in place of the draft, read back from the
// workbook.
func TestReportPrintsStoredSummary(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	text, next := "全区已完成部署，进入检查阶段。", "七月组织验收。"
	// 2-1.20.1 is led by 区生态环境局 alone, whose progress the summary
	// replaces.
	p := "已完成评估方案"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区生态环境局", MeasureID: "2-1.20.1", Month: june, Progress: &p}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetDistrictSummary(ctx, data.DistrictSummaryInput{MeasureID: "2-1.20.1", Month: june, Progress: &text, NextSteps: &next}); err != nil {
		t.Fatal(err)
	}
	r, err := a.MonthlyReport(ctx, june, data.MeasureFilter{}, time.Date(2023, 7, 5, 0, 0, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, g := range r.Groups {
		for _, s := range g.Sections {
			for _, row := range s.Rows {
				if row.ID == "2-1.20.1" {
					found = row.Summary == text && row.SummaryNext == next
				}
			}
		}
	}
	if !found {
		t.Fatal("the report's row does not carry the stored summary")
	}
	path := filepath.Join(t.TempDir(), "月报.xlsx")
	if _, err := a.WriteReport(ctx, ReportRequest{Month: june, Format: ReportXLSX, Path: path}, nil); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("附件2-1")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		if n := len(row); n > 9 && row[n-1] == "2-1.20.1" {
			if row[7] != text || row[9] != next {
				t.Errorf("sheet row %q", row)
			}
			return
		}
	}
	t.Error("2-1.20.1 not on 附件2-1")
}
