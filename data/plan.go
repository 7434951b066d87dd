// Package data is the domain of the ledger: the action plan (annexes,
// measures, deadlines, units and groups), the entries units report, their
// evidence and audit records, the status vocabulary and rules, months and
// the indicators, and the coded errors every layer returns. It imports
// nothing of ours and no database; the SQLite store is data/store.
//
// The plan's structure follows the printed document: a Plan has Annexes, an
// Annex has Sections, a Section has Tasks (重点任务), and a Task has Measures
// (工作措施), each with its own deadline, lead units and co-units.
package data

// Plan is one year's action plan (行动计划).
type Plan struct {
	Year       int              // plan year, e.g. 2023
	Title      string           // 北京市西城区深入打好污染防治攻坚战2023年行动计划
	DocNo      string           // 西政办发〔2023〕3号
	Date       string           // date of issue, YYYY-MM-DD
	Annexes    []Annex          // the measure annexes, in printed order
	Indicators []IndicatorTable // the indicator tables (annexes 2-2 and 6)
	Units      []Unit           // the canonical unit directory
}

// Annex is one annex (附件) of the plan, with its code as printed: 1, 2-1, 3 ...
type Annex struct {
	Code     string
	Title    string
	Sections []Section
}

// Section is a numbered heading inside an annex (一、主要目标).
type Section struct {
	No    string // 一, 二, ...
	Title string // heading without its number
	Tasks []Task
}

// Task is a key task (重点任务) with its 序号 as printed.
type Task struct {
	No       string
	Name     string
	Measures []Measure
}

// Measure is one work measure (工作措施): a row of an annex table with its own
// deadline and units.
type Measure struct {
	ID       string   // stable readable ID: annex.task.n, e.g. 2-1.14.3
	Text     string   // full text; paragraphs separated by "\n"
	Deadline Deadline // 完成时限
	Lead     []string // 主责单位, canonical names (groups included as printed)
	Co       []string // 协办单位, canonical names
}

// DeadlineKind classifies a printed deadline.
type DeadlineKind string

// The deadline kinds, as parsed from the printed 完成时限.
const (
	DeadlineYearEnd   DeadlineKind = "year_end"  // 年底前: 12-31 of the plan year
	DeadlineMonthEnd  DeadlineKind = "month_end" // 6月底, 9月底前: last day of that month
	DeadlineWindow    DeadlineKind = "window"    // 6-9月: from the first to the last day of the window
	DeadlineOngoing   DeadlineKind = "ongoing"   // 长期实施, 持续推进: never overdue
	DeadlineMilestone DeadlineKind = "milestone" // 按时间节点完成: the clerk may set a date
)

// DeadlineKinds lists every kind in display order.
var DeadlineKinds = []DeadlineKind{DeadlineYearEnd, DeadlineMonthEnd, DeadlineWindow, DeadlineOngoing, DeadlineMilestone}

// Label is the kind's Chinese name for the interface.
func (k DeadlineKind) Label() string {
	switch k {
	case DeadlineYearEnd:
		return "年底前"
	case DeadlineMonthEnd:
		return "月底前"
	case DeadlineWindow:
		return "时间段"
	case DeadlineOngoing:
		return "长期实施"
	case DeadlineMilestone:
		return "按时间节点"
	}
	return string(k)
}

// Deadline is a printed 完成时限 and its parsed form. Dates are YYYY-MM-DD;
// Due is empty for ongoing and milestone deadlines until a clerk sets one.
type Deadline struct {
	Text string       // as printed, stray spaces removed: 年底前
	Kind DeadlineKind //
	From string       // first day of a window, else empty
	Due  string       // due date
}

// IndicatorTable is an indicator annex (2-2, 6): columns and rows as printed.
type IndicatorTable struct {
	Annex   string
	Title   string
	Columns []string
	Rows    [][]string
	Note    string // 备注 under the table, if any
}

// UnitKind classifies a unit.
type UnitKind string

// The unit kinds.
const (
	UnitDepartment UnitKind = "department" // 区政府部门, 市级部门派出机构
	UnitStreet     UnitKind = "street"     // 街道办事处
	UnitEnterprise UnitKind = "enterprise" // 企业
	UnitGroup      UnitKind = "group"      // 单位组: 各街道办事处, 相关街道办事处 ...
)

// Label is the kind's Chinese name for the interface.
func (k UnitKind) Label() string {
	switch k {
	case UnitDepartment:
		return "部门"
	case UnitStreet:
		return "街道"
	case UnitEnterprise:
		return "企业"
	case UnitGroup:
		return "单位组"
	}
	return string(k)
}

// Unit is a canonical unit with its aliases. A group's Members are the units
// it expands to; the groups 各街道办事处 and 相关街道办事处 expand to the streets.
type Unit struct {
	Name    string
	Kind    UnitKind
	Aliases []string
	Members []string // for groups only
}

// Group names with a fixed meaning in the domain rules.
const (
	GroupAllStreets      = "各街道办事处"  // expands to all 15 streets
	GroupRelevantStreets = "相关街道办事处" // the streets designated per measure; default all
)
