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

import (
	"slices"
)

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

// PlanImport is what a confirmed import of a year's plan writes.
type PlanImport struct {
	// Plan is the plan to store; its measures name units by their canonical
	// names, and Plan.Units lists every unit they name: the directory's
	// (with any aliases to add) and the new ones (see the store's SeedPlan).
	Plan *Plan
	// Links tie the plan's measures to the earlier measures they carry on.
	Links []MeasureLink
	// Replace allows replacing a plan of the same year that nothing has
	// been recorded against yet.
	Replace bool
	Clerk   string
	File    string // the file read, for the audit log
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
	DeadlineYearEnd   DeadlineKind = "year_end"  // 年底前, 2025年底前: 12-31 of the plan year, or of the year printed
	DeadlineMonthEnd  DeadlineKind = "month_end" // 6月底, 9月底前, 三季度末: last day of that month; 6月30日前: that day
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

// ValidatePlan checks the rules a plan keeps before it is stored (the
// store's SeedPlan refuses a plan that breaks them): a year; units with
// names, known kinds and unique names and aliases; group members that are
// known units and no groups; unique annex codes and measure IDs; known
// deadline kinds; measures whose lead units and co-units are in the
// directory. Its EINVALID errors name the offending measure or unit in
// words a clerk (or the engineer who maintains a plan reader) can act on.
func ValidatePlan(p *Plan) error {
	if p == nil {
		return Errorf(EINVALID, "没有行动计划可以导入")
	}
	if p.Year <= 0 {
		return Errorf(EINVALID, "行动计划缺少年份")
	}
	kinds, err := unitKinds(p.Units)
	if err != nil {
		return err
	}
	aliases := make(map[string]string)
	for _, u := range p.Units {
		if err := validateAliases(u, kinds, aliases); err != nil {
			return err
		}
		if err := validateMembers(u, kinds); err != nil {
			return err
		}
	}
	return validateAnnexes(p.Annexes, kinds)
}

// unitKinds checks the directory's names and kinds and returns each unit's
// kind by name.
func unitKinds(units []Unit) (map[string]UnitKind, error) {
	kinds := make(map[string]UnitKind, len(units))
	for _, u := range units {
		if u.Name == "" {
			return nil, Errorf(EINVALID, "单位名录中有名称为空的单位")
		}
		if !slices.Contains([]UnitKind{UnitDepartment, UnitStreet, UnitEnterprise, UnitGroup}, u.Kind) {
			return nil, Errorf(EINVALID, "单位“%s”的类型“%s”无效", u.Name, u.Kind)
		}
		if _, dup := kinds[u.Name]; dup {
			return nil, Errorf(EINVALID, "单位名录中“%s”出现了两次", u.Name)
		}
		kinds[u.Name] = u.Kind
	}
	return kinds, nil
}

// validateAliases checks that u's aliases are not empty, no unit's name and
// no other unit's alias; aliases collects them, alias to unit.
func validateAliases(u Unit, kinds map[string]UnitKind, aliases map[string]string) error {
	for _, a := range u.Aliases {
		if a == "" {
			return Errorf(EINVALID, "单位“%s”有一个空的简称", u.Name)
		}
		if _, clash := kinds[a]; clash {
			return Errorf(EINVALID, "单位“%s”的简称“%s”与另一个单位的名称相同", u.Name, a)
		}
		if other, dup := aliases[a]; dup {
			return Errorf(EINVALID, "简称“%s”同时属于“%s”和“%s”", a, other, u.Name)
		}
		aliases[a] = u.Name
	}
	return nil
}

// validateMembers checks that only a group has members, each once, in the
// directory and no group itself.
func validateMembers(u Unit, kinds map[string]UnitKind) error {
	if len(u.Members) > 0 && u.Kind != UnitGroup {
		return Errorf(EINVALID, "单位“%s”不是单位组，不能有成员单位", u.Name)
	}
	seen := make(map[string]bool, len(u.Members))
	for _, m := range u.Members {
		kind, ok := kinds[m]
		switch {
		case !ok:
			return Errorf(EINVALID, "单位组“%s”的成员“%s”不在单位名录中", u.Name, m)
		case kind == UnitGroup:
			return Errorf(EINVALID, "单位组“%s”的成员“%s”本身是单位组", u.Name, m)
		case seen[m]:
			return Errorf(EINVALID, "单位组“%s”的成员“%s”出现了两次", u.Name, m)
		}
		seen[m] = true
	}
	return nil
}

// validateAnnexes checks that annex codes and measure IDs are unique and
// each measure valid.
func validateAnnexes(annexes []Annex, kinds map[string]UnitKind) error {
	codes := make(map[string]bool, len(annexes))
	measures := make(map[string]bool)
	for _, a := range annexes {
		if codes[a.Code] {
			return Errorf(EINVALID, "附件 %s 出现了两次", a.Code)
		}
		codes[a.Code] = true
		for _, s := range a.Sections {
			for _, t := range s.Tasks {
				for _, m := range t.Measures {
					if m.ID == "" {
						return Errorf(EINVALID, "附件 %s 任务 %s 中有一条措施没有编号", a.Code, t.No)
					}
					if measures[m.ID] {
						return Errorf(EINVALID, "措施编号 %s 重复", m.ID)
					}
					measures[m.ID] = true
					if err := validateMeasure(m, kinds); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// validateMeasure checks a measure's deadline kind and its units.
func validateMeasure(m Measure, kinds map[string]UnitKind) error {
	if !slices.Contains(DeadlineKinds, m.Deadline.Kind) {
		return Errorf(EINVALID, "措施 %s 的完成时限“%s”类型无效（%q）", m.ID, m.Deadline.Text, m.Deadline.Kind)
	}
	if err := validateMeasureUnits(m.ID, "主责单位", m.Lead, kinds); err != nil {
		return err
	}
	return validateMeasureUnits(m.ID, "协办单位", m.Co, kinds)
}

// validateMeasureUnits checks that a measure's units in one role are in
// the directory, each once.
func validateMeasureUnits(id, role string, units []string, kinds map[string]UnitKind) error {
	seen := make(map[string]bool, len(units))
	for _, u := range units {
		if _, ok := kinds[u]; !ok {
			return Errorf(EINVALID, "措施 %s 的%s“%s”不在单位名录中", id, role, u)
		}
		if seen[u] {
			return Errorf(EINVALID, "措施 %s 的%s“%s”出现了两次", id, role, u)
		}
		seen[u] = true
	}
	return nil
}
