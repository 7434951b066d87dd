package app

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"taizhang/data"
)

// TestPlanImportUndatedDeadlines imports a 2024 plan workbook whose
// deadlines include 适时 and 按上级要求 (no date: milestones), 2024年春节前
// and 年底前完成并长期坚持 (dated): the preview lists every undated deadline
// with its cell as a warning, not a problem, and the one due before the
// plan's date of issue; the import stores the undated ones as
// milestones, never overdue nor among the report's alerts; once the clerk
// sets a due date the status rule and the report use it.
func TestPlanImportUndatedDeadlines(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	a.SetClerk(ctx, "王芳")
	p := plan2024(t)
	for id, text := range map[string]string{"1.1.1": "适时", "3.1.1": "按上级要求", "4.1.1": "2024年春节前", "5.1.1": "年底前完成并长期坚持"} {
		measureOf(t, p, id).Deadline.Text = text
	}
	pi, err := a.PreparePlanImportData(ctx, "2024.xlsx", planWorkbook(t, p), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := pi.Check(); err != nil {
		t.Fatal(err)
	}
	// the plan's own 按时间节点完成 measures are listed too
	nodes := 0
	for _, s := range pi.Undated {
		if strings.Contains(s, "的完成时限“按时间节点完成”没有具体日期") {
			nodes++
		}
	}
	want := []string{
		"文件“2024.xlsx”，工作表“附件1”，第 5 行 D 列：措施 1.1.1 的完成时限“适时”没有具体日期",
		"文件“2024.xlsx”，工作表“附件3”，第 5 行 D 列：措施 3.1.1 的完成时限“按上级要求”没有具体日期",
	}
	for _, w := range want {
		if !slices.Contains(pi.Undated, w) {
			t.Errorf("undated %q lacks %q", pi.Undated, w)
		}
	}
	if nodes != 7 || len(pi.Undated) != 9 {
		t.Errorf("%d undated, %d of them 按时间节点完成: %q", len(pi.Undated), nodes, pi.Undated)
	}
	if pi.Deadlines[data.DeadlineMilestone] != 9 {
		t.Errorf("deadline kinds %v", pi.Deadlines)
	}
	// 2024年春节前 falls before the plan's date of issue, 2024-02-20
	if early := pi.Early(pi.Plan.Date); !slices.Equal(early, []string{"措施 4.1.1 的完成时限“2024年春节前”截止 2024-02-10，早于印发日期 2024-02-20"}) {
		t.Errorf("early %q", early)
	}
	if early := pi.Early("2024-01-15"); early != nil {
		t.Errorf("early for a date of issue 2024-01-15: %q", early)
	}
	if early := pi.Early(""); early != nil {
		t.Errorf("early without a date of issue: %q", early)
	}
	if err := a.ApplyPlanImport(ctx, pi, false); err != nil {
		t.Fatal(err)
	}
	got, err := a.Plan(ctx, 2024)
	if err != nil {
		t.Fatal(err)
	}
	for id, d := range map[string]data.Deadline{
		"1.1.1": {Text: "适时", Kind: data.DeadlineMilestone},
		"3.1.1": {Text: "按上级要求", Kind: data.DeadlineMilestone},
		"4.1.1": {Text: "2024年春节前", Kind: data.DeadlineMonthEnd, Due: "2024-02-10"},
		"5.1.1": {Text: "年底前完成并长期坚持", Kind: data.DeadlineYearEnd, Due: "2024-12-31"},
	} {
		if m := measureOf(t, got, id); m.Deadline != d {
			t.Errorf("%s stored as %+v, want %+v", id, m.Deadline, d)
		}
	}

	lead := measureOf(t, got, "1.1.1").Lead[0]
	st := data.StatusOnTrack
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: lead, MeasureID: "1.1.1", Month: "2024-06", Status: &st}); err != nil {
		t.Fatal(err)
	}
	progress := func() MeasureProgress {
		t.Helper()
		v, err := a.Progress(ctx, "2024-06", data.MeasureFilter{Year: 2024, Text: "1.1.1"})
		if err != nil {
			t.Fatal(err)
		}
		for _, mp := range v.Measures {
			if mp.Measure.ID == "1.1.1" {
				return mp
			}
		}
		t.Fatalf("1.1.1 not in the 2024-06 view")
		return MeasureProgress{}
	}
	// the month's report: the row's deadline, and whether it is among the
	// alerts (逾期未完成, 本月到期)
	report := func() (deadline string, alert string) {
		t.Helper()
		rep, err := a.MonthlyReport(ctx, "2024-06", data.MeasureFilter{Year: 2024}, time.Date(2024, 7, 3, 9, 0, 0, 0, time.Local))
		if err != nil {
			t.Fatal(err)
		}
		text := measureOf(t, got, "1.1.1").Text
		for _, g := range rep.Groups {
			for _, s := range g.Sections {
				for _, r := range s.Rows {
					if r.ID == "1.1.1" {
						deadline = r.Deadline
					}
				}
			}
		}
		for _, al := range rep.Alerts {
			if al.Measure == text {
				alert = al.Kind + " " + al.Due
			}
		}
		return deadline, alert
	}
	if mp := progress(); mp.Due != "" || mp.Overdue || mp.District != data.StatusOnTrack {
		t.Errorf("undated milestone: due %q overdue %v district %s", mp.Due, mp.Overdue, mp.District)
	}
	if d, al := report(); d != "适时" || al != "" {
		t.Errorf("undated milestone in the report: deadline %q, alert %q", d, al)
	}
	if err := a.SetDue(ctx, 2024, "1.1.1", "2024-05-31"); err != nil {
		t.Fatal(err)
	}
	if mp := progress(); mp.Due != "2024-05-31" || !mp.DueOverridden || !mp.Overdue || mp.District != data.StatusLate {
		t.Errorf("milestone dated by the clerk: due %q overridden %v overdue %v district %s", mp.Due, mp.DueOverridden, mp.Overdue, mp.District)
	}
	if d, al := report(); d != "适时\n2024-05-31" || al != "逾期未完成 适时\n2024-05-31" {
		t.Errorf("dated milestone in the report: deadline %q, alert %q", d, al)
	}
}
