package data

// MeasureFilter selects measures for FindMeasures. Every field is optional;
// the zero filter selects every measure.
type MeasureFilter struct {
	// Year is the plan year whose measures are listed (required).
	Year int
	// Unit keeps the measures the unit leads or co-operates on, directly or
	// through a group (see Units). A canonical name or an alias.
	Unit string
	// DeadlineKind keeps the measures whose deadline is of this kind.
	DeadlineKind DeadlineKind
	// Text keeps the measures that match every space-separated word: a
	// word that is a unit's name or alias keeps the unit's measures (as
	// Unit does); another word matches the measure's ID exactly or as a
	// prefix (2-1.14 for 2-1.14.2), or its task name or text, ignoring case.
	Text string
	// Annex keeps the measures of one annex, by its printed code (2-1).
	Annex string
}

// MeasureRow is a measure with its place in the plan.
type MeasureRow struct {
	AnnexCode    string
	AnnexTitle   string
	SectionNo    string
	SectionTitle string
	TaskNo       string
	TaskName     string
	Measure      Measure
	// Role is the filter unit's role on the measure: "lead" or "co"; "" when
	// the query named no unit.
	Role string
	// Streets are the streets designated for 相关街道办事处 on this measure,
	// in directory order; nil means all streets.
	Streets []string
}

// MeasureLink says that a measure of one year's plan carries on a measure of
// an earlier year's plan (the same or nearly the same work under the same
// task), so that a unit's first return of the new year starts from what it
// last reported.
type MeasureLink struct {
	Year          int
	MeasureID     string
	PrevYear      int
	PrevMeasureID string
}

// The roles a unit can have on a measure.
const (
	RoleLead = "lead" // 主责单位
	RoleCo   = "co"   // 协办单位
)
