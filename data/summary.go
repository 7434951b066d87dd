package data

import "time"

// ActionDistrictSummary is the audit action of a change to a district
// summary: MeasureID and Month are the summary's, Unit is empty, Field is
// FieldProgress, FieldProblems or FieldNextSteps.
const ActionDistrictSummary = "district_summary"

// DistrictSummary is the district summary (区级汇总进展) of a measure for a
// month, as the coordinator wrote it; the district report prints it in
// place of every unit's text.
type DistrictSummary struct {
	MeasureID string
	Month     Month
	Progress  string // 区级汇总进展
	Problems  string // 存在问题
	NextSteps string // 下步计划
	Clerk     string // who last changed it
	UpdatedAt time.Time
}

// DistrictSummaryInput is a change to a measure's district summary for a
// month; nil fields are left as they are.
type DistrictSummaryInput struct {
	MeasureID string
	Month     Month
	Progress  *string
	Problems  *string
	NextSteps *string
}
