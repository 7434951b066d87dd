// Package reports writes the monthly report (月报) as PDF and Excel. It is
// pure: a Monthly value in, bytes out. It must not import fyne or
// database/sql; the app package builds the Monthly from the ledger.
package reports

import (
	"fmt"
	"strings"
)

// Status words as printed; they match the data package's vocabulary.
const (
	StatusDone        = "已完成"
	StatusOnTrack     = "序时推进"
	StatusLate        = "滞后"
	StatusNotReported = "未报送"
	StatusNotStarted  = "未启动"
	StatusNA          = "不涉及"
)

// Monthly is everything a monthly report prints, for one month and scope.
type Monthly struct {
	Title    string // 《西城区…行动计划》6月工作进展情况
	Subtitle string // the scope: 全区汇总, 单位：…, 附件2-1 …
	Unit     string // 填报单位
	Month    string // 报送月份, e.g. 2023年6月
	Printed  string // date of printing, e.g. 2023年7月5日
	Summary  []SummaryRow
	Alerts   []Alert // measures overdue or due this month
	Groups   []Group // the main table, by annex
	// Indicators is the district report's indicator section; nil in the
	// other scopes.
	Indicators *Indicators
	// District is the district scope: the main table prints each measure's
	// compact line of unit statuses and the district summary instead of
	// the units' texts.
	District bool
	// Detail prints the appendix 附表：各单位填报明细 with every unit's full
	// texts (district scope).
	Detail bool
	// BindingMargin is the PDF's margin on the binding (left) side in mm;
	// below MinBindingMargin (zero included) the PDF uses MinBindingMargin.
	BindingMargin float64
}

// UnitStatus is one unit's status for a measure, for the compact line.
type UnitStatus struct {
	Unit, Status string
	Lead         bool
}

// UnitDetail is one unit's full texts for a measure (appendix; unit report).
type UnitDetail struct {
	Unit, Status, Progress, Problems, NextSteps, EvidenceNote string
	Lead                                                      bool
	Evidence                                                  []string
}

// SummaryRow counts one annex's measures by status.
type SummaryRow struct {
	Annex       string // 附件1
	Title       string // the annex's title
	Measures    int
	Done        int // 已完成
	OnTrack     int // 序时推进
	Late        int // 滞后
	NotReported int // 未报送
	Other       int // 未启动, 不涉及
	NA          int // of Other, 不涉及: left out of the completion rate
}

// Add counts one measure of status s.
func (s *SummaryRow) Add(status string) {
	s.Measures++
	switch status {
	case StatusDone:
		s.Done++
	case StatusOnTrack:
		s.OnTrack++
	case StatusLate:
		s.Late++
	case StatusNotReported:
		s.NotReported++
	case StatusNA:
		s.NA++
		s.Other++
	default:
		s.Other++
	}
}

// Rate is the completion rate as printed, 12.5%: 已完成 over the measures
// that apply (措施数 less 不涉及); — when none applies.
func (s SummaryRow) Rate() string {
	if s.Measures-s.NA <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(s.Done)/float64(s.Measures-s.NA))
}

// StatusRule is the district status rule, printed under the summary table.
const StatusRule = "注：措施的完成状态按主责单位的填报汇总：主责单位均已完成为已完成（报不涉及的单位不计，均不涉及为不涉及）；" +
	"任一主责单位滞后，或已过完成时限仍未完成，为滞后；其余有主责单位序时推进或已完成的为序时推进，" +
	"已报送的主责单位均为未启动的为未启动，主责单位均未报送的为未报送。完成率＝已完成÷（措施数－不涉及）。"

// Total sums the summary rows.
func (m *Monthly) Total() SummaryRow {
	t := SummaryRow{Annex: "合计"}
	for _, s := range m.Summary {
		t.Measures += s.Measures
		t.Done += s.Done
		t.OnTrack += s.OnTrack
		t.Late += s.Late
		t.NotReported += s.NotReported
		t.Other += s.Other
		t.NA += s.NA
	}
	return t
}

// Progress is told how far a writer has got: done of total steps, one per
// table row laid out and one for encoding the file. It may be nil.
type Progress func(done, total int)

// rowCount is the number of table rows a writer lays out: the alerts and
// the main table's measures.
func (m *Monthly) rowCount() int {
	n := len(m.Alerts)
	for _, g := range m.Groups {
		for _, s := range g.Sections {
			n += len(s.Rows)
		}
	}
	return n
}

// tick counts laid-out rows and tells progress.
type tick struct {
	progress    Progress
	done, total int
}

func newTick(m *Monthly, progress Progress) *tick {
	t := &tick{progress: progress, total: m.rowCount() + 1}
	t.report()
	return t
}

// step counts one table row laid out, or the file encoded.
func (t *tick) step() {
	t.done++
	t.report()
}

func (t *tick) report() {
	if t.progress != nil {
		t.progress(t.done, t.total)
	}
}

// Alert is a measure overdue or due within the month.
type Alert struct {
	Annex   string // 附件2-1
	No      string // the task's 序号
	Task    string
	Measure string
	Due     string // 完成时限 as printed, with the effective date
	Kind    string // 逾期未完成 or 本月到期
	Status  string
}

// Group is an annex of the main table.
type Group struct {
	Annex    string // 附件1
	Title    string
	Sections []Section
}

// Section is a numbered heading inside an annex.
type Section struct {
	No    string // 一
	Title string
	Rows  []Row
}

// Row is one measure of the main table.
type Row struct {
	ID        string   // measure ID, e.g. 2-1.14.3
	No        string   // 序号 of the task
	Task      string   // 重点任务
	Measure   string   // 工作措施
	Deadline  string   // 完成时限
	Lead      string   // 主责单位
	Status    string   // 完成状态
	Progress  string   // 进展情况
	Problems  string   // 存在问题
	NextSteps string   // 下步计划
	Evidence  []string // names of the attached evidence files
	// EvidenceNote is 佐证材料说明: the evidence named in words (a return's
	// column), for evidence kept on paper or not attached.
	EvidenceNote string
	// Units is, in the district scope, the status of every lead unit
	// (未报送 when it has not reported) and of every co-unit that reported,
	// lead units first.
	Units []UnitStatus
	// Summary, SummaryProblems and SummaryNext are the district summary
	// (区级汇总进展) of the measure and month, district scope.
	Summary, SummaryProblems, SummaryNext string
	// Details are every reporting unit's full texts, for the appendix.
	Details []UnitDetail
}

// ProgressText is the 进展情况 cell: progress, with problems and next steps
// beneath it.
func (r Row) ProgressText() string {
	var parts []string
	if r.Progress != "" {
		parts = append(parts, r.Progress)
	}
	if r.Problems != "" {
		parts = append(parts, "存在问题："+r.Problems)
	}
	if r.NextSteps != "" {
		parts = append(parts, "下步计划："+r.NextSteps)
	}
	return strings.Join(parts, "\n")
}

// EvidenceText is the 佐证材料 cell: the count and the file names, then
// the 佐证材料说明; 无 when there is neither.
func (r Row) EvidenceText() string {
	var parts []string
	if len(r.Evidence) > 0 {
		parts = append(parts, fmt.Sprintf("%d份：\n%s", len(r.Evidence), strings.Join(r.Evidence, "\n")))
	}
	if r.EvidenceNote != "" {
		parts = append(parts, "说明："+r.EvidenceNote)
	}
	if len(parts) == 0 {
		return "无"
	}
	return strings.Join(parts, "\n")
}

// UnitLine is the compact line of every reporting unit's status, lead
// units first: 区生态环境局 序时推进；德胜街道 滞后. Neighbours with the same
// status share it: 德胜街道、什刹海街道 序时推进.
func (r Row) UnitLine() string {
	var b strings.Builder
	for i, u := range r.Units {
		b.WriteString(u.Unit)
		if i+1 < len(r.Units) && r.Units[i+1].Status == u.Status {
			b.WriteString("、")
			continue
		}
		b.WriteString(" " + u.Status)
		if i+1 < len(r.Units) {
			b.WriteString("；")
		}
	}
	return b.String()
}

// SummaryText is the district summary's cell: the summary, with its
// problems and next steps beneath it.
func (r Row) SummaryText() string {
	var parts []string
	if r.Summary != "" {
		parts = append(parts, r.Summary)
	}
	if r.SummaryProblems != "" {
		parts = append(parts, "存在问题："+r.SummaryProblems)
	}
	if r.SummaryNext != "" {
		parts = append(parts, "下步计划："+r.SummaryNext)
	}
	return strings.Join(parts, "\n")
}

// EvidenceCount is the district table's 佐证材料 cell: 3份, or 无.
func (r Row) EvidenceCount() string {
	if len(r.Evidence) == 0 {
		return "无"
	}
	return fmt.Sprintf("%d份", len(r.Evidence))
}

// EvidenceText is the appendix's 佐证材料 cell of a unit, as Row's.
func (d UnitDetail) EvidenceText() string {
	return Row{Evidence: d.Evidence, EvidenceNote: d.EvidenceNote}.EvidenceText()
}

// Text is every string the report prints from its data, for the glyph
// check (FixedText is the writers' own).
func (m *Monthly) Text() string {
	var b strings.Builder
	for _, s := range []string{m.Title, m.Subtitle, m.Unit, m.Month, m.Printed} {
		b.WriteString(s)
	}
	for _, s := range m.Summary {
		b.WriteString(s.Annex + s.Title)
	}
	for _, al := range m.Alerts {
		b.WriteString(al.Annex + al.No + al.Task + al.Measure + al.Due + al.Kind + al.Status)
	}
	if s := m.Indicators; s != nil {
		b.WriteString(s.AsOf + s.PM25Unit)
		for _, a := range s.PM25 {
			b.WriteString(a.Area + a.Figure.Target)
		}
		for _, f := range s.District {
			b.WriteString(f.Name + f.Unit + f.Target)
		}
	}
	for _, g := range m.Groups {
		b.WriteString(g.Annex + g.Title)
		for _, s := range g.Sections {
			b.WriteString(s.No + s.Title)
			for _, r := range s.Rows {
				b.WriteString(r.ID + r.No + r.Task + r.Measure + r.Deadline + r.Lead + r.Status + r.ProgressText() + r.EvidenceText())
				b.WriteString(r.UnitLine() + r.SummaryText())
				for _, d := range r.Details {
					b.WriteString(d.Unit + d.Status + d.Progress + d.Problems + d.NextSteps + d.EvidenceText())
				}
			}
		}
	}
	return b.String()
}

// FixedText is every piece of text the writers print besides the Monthly's
// own fields, for the glyph-coverage test.
const FixedText = "序号重点任务工作措施完成时限主责单位完成状态进展情况存在问题：下步计划：佐证材料份：说明无" +
	"填报单位：报送月份：打印日期：措施数已完成序时推进滞后未报送其他（未启动、不涉及）完成率合计—%." +
	"各附件完成情况汇总逾期及本月到期措施逾期未完成本月到期无附件第页共" +
	"填报人：审核人：联系电话：日期：年月日（盖章）汇总续0123456789" +
	"各单位完成状态区级汇总进展附表：各单位填报明细填报单位（主责）（续）□" + StatusRule
