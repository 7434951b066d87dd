package app

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"taizhang/data"
	"taizhang/reports"
)

// ReportFormat is the file format of a monthly report.
type ReportFormat string

// The report formats.
const (
	ReportPDF  ReportFormat = "pdf"
	ReportXLSX ReportFormat = "xlsx"
)

// DistrictReportUnit is the 填报单位 of the district's report: the plan's
// office at the district's ecology and environment bureau.
const DistrictReportUnit = "区生态环境局"

// MonthlyReport builds the monthly report of month m for the scope of f:
// the district (empty filter), one unit (f.Unit: the unit's own entries) or
// one annex (f.Annex: the district view of that annex). printed is the date
// shown as the date of printing.
func (a *App) MonthlyReport(ctx context.Context, m data.Month, f data.MeasureFilter, printed time.Time) (*reports.Monthly, error) {
	v, err := a.Progress(ctx, m, f)
	if err != nil {
		return nil, err
	}
	t, err := time.Parse("2006-01", string(m))
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "月份 %q 无效", m)
	}
	title := strings.TrimPrefix(a.planTitle(m.Year()), "北京市")
	r := &reports.Monthly{
		Title:   fmt.Sprintf("《%s》%d月工作进展情况", title, int(t.Month())),
		Unit:    DistrictReportUnit,
		Month:   m.Label(),
		Printed: fmt.Sprintf("%d年%d月%d日", printed.Year(), int(printed.Month()), printed.Day()),
	}
	switch {
	case v.Unit != "":
		r.Subtitle = "单位报表：" + v.Unit
		r.Unit = v.Unit
	case f.Annex != "":
		r.Subtitle = "附件" + f.Annex
		r.District = true
	default:
		r.Subtitle = "全区汇总"
		r.District = true
		if r.Indicators, err = a.reportIndicators(ctx, m); err != nil {
			return nil, err
		}
	}
	if r.BindingMargin, err = a.ReportBindingMargin(ctx); err != nil {
		return nil, err
	}
	var summaries map[string]MeasureSummary
	if v.Unit == "" {
		// The coordinator's district summaries where written, else drafts.
		if summaries, err = a.Summaries(ctx, v); err != nil {
			return nil, err
		}
	}
	annexIdx := map[string]int{}
	for _, mp := range v.Measures {
		annex := "附件" + mp.AnnexCode
		gi, ok := annexIdx[annex]
		if !ok {
			gi = len(r.Groups)
			annexIdx[annex] = gi
			r.Groups = append(r.Groups, reports.Group{Annex: annex, Title: mp.AnnexTitle})
			r.Summary = append(r.Summary, reports.SummaryRow{Annex: annex, Title: mp.AnnexTitle})
			if f.Annex != "" && v.Unit == "" {
				r.Subtitle = annex + " " + mp.AnnexTitle
			}
		}
		g := &r.Groups[gi]
		if n := len(g.Sections); n == 0 || g.Sections[n-1].No != mp.SectionNo || g.Sections[n-1].Title != mp.SectionTitle {
			g.Sections = append(g.Sections, reports.Section{No: mp.SectionNo, Title: mp.SectionTitle})
		}
		status := string(mp.Status())
		r.Summary[gi].Add(status)
		row := reports.Row{
			ID:       mp.Measure.ID,
			No:       mp.TaskNo,
			Task:     mp.TaskName,
			Measure:  mp.Measure.Text,
			Deadline: deadlineText(mp),
			Lead:     strings.Join(mp.Measure.Lead, "、"),
			Status:   status,
		}
		if mp.Own != nil {
			if e := mp.Own.Entry; e != nil {
				row.Progress, row.Problems, row.NextSteps, row.EvidenceNote = e.Progress, e.Problems, e.NextSteps, e.EvidenceNote
			}
		} else {
			units := append(append([]UnitEntry{}, mp.Lead...), mp.Co...)
			row.Progress = merged(units, func(e *data.Entry) string { return e.Progress })
			row.Problems = merged(units, func(e *data.Entry) string { return e.Problems })
			row.NextSteps = merged(units, func(e *data.Entry) string { return e.NextSteps })
			row.EvidenceNote = merged(units, func(e *data.Entry) string { return e.EvidenceNote })
			row.Units, row.Details = unitLines(mp)
			sum := summaries[mp.Measure.ID]
			row.Summary, row.SummaryProblems, row.SummaryNext = sum.Progress, sum.Problems, sum.NextSteps
		}
		for _, e := range mp.Evidence {
			row.Evidence = append(row.Evidence, e.Name)
		}
		g.Sections[len(g.Sections)-1].Rows = append(g.Sections[len(g.Sections)-1].Rows, row)
		if mp.Overdue || mp.DueThisMonth {
			kind := "本月到期"
			if mp.Overdue {
				kind = "逾期未完成"
			}
			r.Alerts = append(r.Alerts, reports.Alert{
				Annex: annex, No: mp.TaskNo, Task: mp.TaskName, Measure: mp.Measure.Text,
				Due: row.Deadline, Kind: kind, Status: status,
			})
		}
	}
	return r, nil
}

// deadlineText is the printed deadline with the effective due date.
func deadlineText(mp MeasureProgress) string {
	s := mp.Measure.Deadline.Text
	if mp.Due != "" && (mp.DueOverridden || mp.Measure.Deadline.Kind != data.DeadlineOngoing) {
		if s != "" {
			s += "\n"
		}
		s += mp.Due
	}
	return s
}

// merged joins the units' texts as 【单位】text lines, skipping empty ones.
func merged(units []UnitEntry, text func(*data.Entry) string) string {
	var b strings.Builder
	for _, u := range units {
		if u.Entry == nil {
			continue
		}
		t := strings.TrimSpace(text(u.Entry))
		if t == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("【" + u.Unit + "】" + t)
	}
	return b.String()
}

// unitLines are a measure's unit statuses for the compact line (every lead
// unit, 未报送 when it has not reported, then the co-units that reported)
// and the full texts of every unit that wrote an entry, lead units first.
func unitLines(mp MeasureProgress) ([]reports.UnitStatus, []reports.UnitDetail) {
	var units []reports.UnitStatus
	var details []reports.UnitDetail
	add := func(u UnitEntry, lead bool) {
		if lead || u.Entry != nil {
			units = append(units, reports.UnitStatus{Unit: u.Unit, Status: string(u.Status()), Lead: lead})
		}
		e := u.Entry
		if e == nil {
			return
		}
		d := reports.UnitDetail{
			Unit: u.Unit, Status: string(u.Status()), Lead: lead,
			Progress: e.Progress, Problems: e.Problems, NextSteps: e.NextSteps, EvidenceNote: e.EvidenceNote,
		}
		for _, ev := range mp.Evidence {
			if ev.Unit == u.Unit {
				d.Evidence = append(d.Evidence, ev.Name)
			}
		}
		details = append(details, d)
	}
	for _, u := range mp.Lead {
		add(u, true)
	}
	for _, u := range mp.Co {
		add(u, false)
	}
	return units, details
}

// SummaryDraftLength is how many characters of each lead unit's progress
// text a drafted district summary keeps, unless the setting
// SettingSummaryDraft says otherwise.
const SummaryDraftLength = 20

// The bounds of SettingSummaryDraft: a draft shorter than MinSummaryDraft
// says nothing, one longer than MaxSummaryDraft undoes the report's bound.
const (
	MinSummaryDraft = 10
	MaxSummaryDraft = 200
)

// SettingSummaryDraft is the setting of how many characters of each lead
// unit's progress a drafted district summary keeps; unset means
// SummaryDraftLength.
const SettingSummaryDraft = "report.summary_chars"

// SummaryDraftChars is how many characters of each lead unit's progress a
// drafted district summary keeps: the setting, or SummaryDraftLength.
func (a *App) SummaryDraftChars(ctx context.Context) (int, error) {
	v, err := a.db.Setting(ctx, SettingSummaryDraft)
	if err != nil || v == "" {
		return SummaryDraftLength, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < MinSummaryDraft || n > MaxSummaryDraft {
		return SummaryDraftLength, nil
	}
	return n, nil
}

// SetSummaryDraftChars stores how many characters of each lead unit's
// progress a drafted district summary keeps, from MinSummaryDraft to
// MaxSummaryDraft (EINVALID otherwise).
func (a *App) SetSummaryDraftChars(ctx context.Context, n int) error {
	if n < MinSummaryDraft || n > MaxSummaryDraft {
		return data.Errorf(data.EINVALID, "区级汇总草稿的长度应在 %d 至 %d 字之间", MinSummaryDraft, MaxSummaryDraft)
	}
	return a.db.SetSetting(ctx, SettingSummaryDraft, strconv.Itoa(n))
}

// DraftSummary drafts a measure's district summary (区级汇总进展) from its
// lead units' entries, for a month without a written one: one 【单位】text
// line per lead unit that wrote progress, the text on one line and cut to
// limit characters with …. Co-units never count: the lead units answer for
// the measure. Problems and next steps are not drafted; the appendix
// prints every unit's.
func DraftSummary(leads []UnitEntry, limit int) string {
	var lines []string
	for _, u := range leads {
		if u.Entry == nil {
			continue
		}
		t := strings.Join(strings.Fields(u.Entry.Progress), " ")
		if t == "" {
			continue
		}
		if rs := []rune(t); limit > 0 && len(rs) > limit {
			t = strings.TrimRight(string(rs[:limit-1]), "（【《「『“‘〔( ") + "…"
		}
		lines = append(lines, "【"+u.Unit+"】"+t)
	}
	return strings.Join(lines, "\n")
}

// SettingReportBinding is the setting of the PDF report's binding margin
// in mm (装订边); unset means reports.MinBindingMargin.
const SettingReportBinding = "report.binding_mm"

// ReportBindingMargin is the PDF report's binding margin in mm: the
// setting, or reports.MinBindingMargin when it is unset.
func (a *App) ReportBindingMargin(ctx context.Context) (float64, error) {
	v, err := a.db.Setting(ctx, SettingReportBinding)
	if err != nil || v == "" {
		return reports.MinBindingMargin, err
	}
	mm, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return reports.MinBindingMargin, nil
	}
	return mm, nil
}

// SetReportBindingMargin stores the PDF report's binding margin: at least
// reports.MinBindingMargin and at most reports.MaxBindingMargin mm.
func (a *App) SetReportBindingMargin(ctx context.Context, mm float64) error {
	if mm < reports.MinBindingMargin || mm > reports.MaxBindingMargin {
		return data.Errorf(data.EINVALID, "装订边距应在 %g 至 %g 毫米之间", reports.MinBindingMargin, reports.MaxBindingMargin)
	}
	return a.db.SetSetting(ctx, SettingReportBinding, strconv.FormatFloat(mm, 'f', -1, 64))
}

// ReportStage is a step of making a report file, in order.
type ReportStage string

// The stages of WriteReport.
const (
	StageReading ReportStage = "读取台账"
	StageLayout  ReportStage = "排版"
	StageWriting ReportStage = "写入文件"
)

// ReportProgress is told the stage WriteReport is in and how far it is:
// done of total (while StageLayout, reports.Progress steps: rows laid out and the file encoded; 0 of 1 when a stage
// begins and 1 of 1 when it ends otherwise). It may be nil.
type ReportProgress func(stage ReportStage, done, total int)

func (p ReportProgress) tell(stage ReportStage, done, total int) {
	if p != nil {
		p(stage, done, total)
	}
}

// RenderReport renders a monthly report in format, telling progress (may
// be nil) of every table row laid out.
func RenderReport(r *reports.Monthly, format ReportFormat, progress reports.Progress) ([]byte, error) {
	switch format {
	case ReportPDF:
		return reports.PDF(r, progress)
	case ReportXLSX:
		return reports.XLSX(r, progress)
	}
	return nil, data.Errorf(data.EINVALID, "报表格式 %q 无效，应为 pdf 或 xlsx", format)
}

// ReportRequest is a monthly report to write: the month, the scope, the
// format, whether the district report has its appendix of every unit's
// texts (附表：各单位填报明细), and the file.
type ReportRequest struct {
	Month  data.Month
	Filter data.MeasureFilter
	Format ReportFormat
	Detail bool
	Path   string
}

// ReportResult is what the clerk is told about a report written: for a
// PDF, the characters no embedded font can draw (each once), printed as a
// visible placeholder.
type ReportResult struct {
	Missing []rune
}

// WriteReport builds the monthly report req asks for and writes it to
// req.Path (see writeFile: a failed run leaves no half file), telling
// progress (may be nil) of each stage.
func (a *App) WriteReport(ctx context.Context, req ReportRequest, progress ReportProgress) (ReportResult, error) {
	if req.Format != ReportPDF && req.Format != ReportXLSX {
		return ReportResult{}, data.Errorf(data.EINVALID, "报表格式 %q 无效，应为 pdf 或 xlsx", req.Format)
	}
	progress.tell(StageReading, 0, 1)
	r, err := a.MonthlyReport(ctx, req.Month, req.Filter, time.Now())
	if err != nil {
		return ReportResult{}, err
	}
	r.Detail = req.Detail && r.District
	progress.tell(StageReading, 1, 1)
	b, err := RenderReport(r, req.Format, func(done, total int) { progress.tell(StageLayout, done, total) })
	if err != nil {
		return ReportResult{}, err
	}
	progress.tell(StageWriting, 0, 1)
	if err := writeFile(req.Path, b); err != nil {
		return ReportResult{}, err
	}
	progress.tell(StageWriting, 1, 1)
	if req.Format != ReportPDF {
		return ReportResult{}, nil // Excel draws with the reader's fonts
	}
	return ReportResult{Missing: reports.MissingGlyphs(r.Text())}, nil
}
