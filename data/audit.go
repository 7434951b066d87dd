package data

import (
	"time"
)

// Audit actions (AuditRecord.Action).
const (
	ActionEntry               = "entry"                // a field of an entry changed; Field says which
	ActionEvidenceAdd         = "evidence_add"         // New is "name (sha256)"
	ActionEvidenceRemove      = "evidence_remove"      // Old is "name (sha256)"
	ActionEvidenceDescription = "evidence_description" // Old and New are the descriptions
	ActionMonthClose          = "month_close"          // Month is the month closed
	ActionMonthReopen         = "month_reopen"         // Month is the month reopened
	ActionDueOverride         = "due_override"         // Old and New are override dates, "" for none
	ActionReturnReceived      = "return_received"      // Old and New are a return's received dates, YYYY-MM-DD
	ActionPlanImport          = "plan_import"          // a year's plan imported; New names title, number and file, Old the plan it replaced
	ActionUnitAdd             = "unit_add"             // Unit added to the directory; New is its kind
	ActionUnitRename          = "unit_rename"          // Old is the former name (kept as an alias), New and Unit the new one
	ActionUnitAlias           = "unit_alias"           // New is an alias given to Unit
	ActionUnitKind            = "unit_kind"            // Old and New are the unit kinds
	ActionGroupMembers        = "group_members"        // Old and New are the group's members, separated by 、
	ActionMeasureLinks        = "measure_links"        // the carry-over links of a year set; New is their number
)

// Audited fields (AuditRecord.Field).
const (
	FieldStatus       = "status"        // 完成状态
	FieldProgress     = "progress"      // 进展情况
	FieldProblems     = "problems"      // 存在问题
	FieldNextSteps    = "next_steps"    // 下步计划
	FieldEvidenceNote = "evidence_note" // 佐证材料说明 (the return's column)
	FieldEvidence     = "evidence"      // an evidence file added or removed
	FieldDescription  = "description"   // an evidence file's description
	FieldDue          = "due"           // a measure's due date
)

// AuditRecord is one change in the audit log: who, when, what, old → new.
type AuditRecord struct {
	ID         int64     `json:"id"`
	Year       int       `json:"year"` // the plan year the change is about, 0 for none
	At         time.Time `json:"at"`   // UTC
	Clerk      string    `json:"clerk"`
	Action     string    `json:"action"`      // one of the Action constants
	Unit       string    `json:"unit"`        // canonical unit, "" for month and due-date changes
	MeasureID  string    `json:"measure_id"`  // "" for month changes
	Month      Month     `json:"month"`       // "" for due-date changes
	EvidenceID int64     `json:"evidence_id"` // the evidence file of evidence actions, else 0
	Field      string    `json:"field"`       // one of the Field constants, "" for month changes
	Old        string    `json:"old"`
	New        string    `json:"new"`
	// Source says where a change came from when it was not typed in:
	// 回执表“德胜街道6月.xlsx”第 18 行（导入记录 3）. "" for changes made by hand.
	Source string `json:"source"`
}

// AuditFilter selects audit records; every field is optional.
type AuditFilter struct {
	Year      int // the plan year; 0 for every year
	MeasureID string
	Unit      string // canonical name or alias, or the area 西城区 (全区) of the indicators
	Month     Month
	Indicator string // an indicator key: its monthly values and its targets
}
