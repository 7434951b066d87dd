package data

import (
	"time"
)

// Entry is a unit's report on a measure for a month (完成状态, 进展情况,
// 存在问题, 下步计划).
type Entry struct {
	Unit      string // canonical name
	MeasureID string
	Month     Month
	Status    Status // "" when the unit has not set a status (e.g. after unticking with no previous status)
	Progress  string // 进展情况
	Problems  string // 存在问题
	NextSteps string // 下步计划
	// EvidenceNote is the return's 佐证材料说明: the evidence the unit names
	// in words (the files themselves are Evidence).
	EvidenceNote string
	Clerk        string // who last changed it
	UpdatedAt    time.Time
}

// EntryInput is a change to one unit × measure × month; nil fields are left
// as they are. Unit may be an alias.
type EntryInput struct {
	Unit         string
	MeasureID    string
	Month        Month
	Status       *Status
	Progress     *string
	Problems     *string
	NextSteps    *string
	EvidenceNote *string
}

// EntryFilter selects entries; every field is optional.
type EntryFilter struct {
	Year      int // the plan year; 0 for every year (a Month implies its year)
	Month     Month
	Unit      string // canonical name or alias
	MeasureID string
}

// MaxText is the longest text, in characters, that an entry field (进展情况,
// 存在问题, 下步计划) or an evidence description may hold.
const MaxText = 10000
