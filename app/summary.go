package app

import (
	"context"
	"strings"
	"time"

	"taizhang/data"
)

// MeasureSummary is a measure's district summary for a month as the
// district report prints it: the coordinator's when stored, else drafted
// from the lead units' progress texts (Drafted) with nothing for problems
// and next steps.
type MeasureSummary struct {
	MeasureID string
	Month     data.Month
	Progress  string // 区级汇总进展
	Problems  string // 存在问题
	NextSteps string // 下步计划
	Drafted   bool
	Clerk     string    // who last changed the stored one
	UpdatedAt time.Time // when; zero for a draft
}

// Summaries are the district summaries of month m for the measures of the
// progress view v (of the same month): stored or drafted, by measure ID.
func (a *App) Summaries(ctx context.Context, v *ProgressView) (map[string]MeasureSummary, error) {
	stored, err := a.db.DistrictSummaries(ctx, v.Month)
	if err != nil {
		return nil, err
	}
	limit, err := a.SummaryDraftChars(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]MeasureSummary, len(v.Measures))
	for _, mp := range v.Measures {
		out[mp.Measure.ID] = MeasureSummary{MeasureID: mp.Measure.ID, Month: v.Month, Drafted: true,
			Progress: DraftSummary(mp.Lead, limit)}
	}
	for _, s := range stored {
		if _, ok := out[s.MeasureID]; ok {
			out[s.MeasureID] = MeasureSummary{MeasureID: s.MeasureID, Month: s.Month, Progress: s.Progress,
				Problems: s.Problems, NextSteps: s.NextSteps, Clerk: s.Clerk, UpdatedAt: s.UpdatedAt}
		}
	}
	return out, nil
}

// DistrictSummary is one measure's district summary for month m, stored or
// drafted.
//
// Errors: ENOTFOUND for an unknown measure, EINVALID for a month outside
// the plan year.
func (a *App) DistrictSummary(ctx context.Context, measureID string, m data.Month) (MeasureSummary, error) {
	id := strings.TrimSpace(measureID)
	v, err := a.Progress(ctx, m, data.MeasureFilter{})
	if err != nil {
		return MeasureSummary{}, err
	}
	for _, mp := range v.Measures {
		if mp.Measure.ID == id {
			return a.MeasureSummary(ctx, mp, m)
		}
	}
	return MeasureSummary{}, data.Errorf(data.ENOTFOUND, "没有编号为“%s”的措施", id)
}

// MeasureSummary is the district summary of the measure of mp (from the
// progress view of month m): stored, or drafted from its lead units.
func (a *App) MeasureSummary(ctx context.Context, mp MeasureProgress, m data.Month) (MeasureSummary, error) {
	all, err := a.Summaries(ctx, &ProgressView{Month: m, Measures: []MeasureProgress{mp}})
	if err != nil {
		return MeasureSummary{}, err
	}
	return all[mp.Measure.ID], nil
}

// SetDistrictSummary stores the coordinator's change to a measure's
// district summary, as the clerk; a field left nil keeps what is stored
// (nothing, for a measure still drafted). Errors are those of the store's
// SetDistrictSummary for the plan of the month's year: ECONFLICT in a
// closed month, EINVALID for a malformed month or a text too long,
// ENOTFOUND for a measure not of that plan or a year without a plan.
func (a *App) SetDistrictSummary(ctx context.Context, in data.DistrictSummaryInput) (MeasureSummary, error) {
	year, err := a.checkMonth(in.Month)
	if err != nil {
		return MeasureSummary{}, err
	}
	s, err := a.db.SetDistrictSummary(ctx, year, in, a.Clerk(ctx))
	if err != nil {
		return MeasureSummary{}, err
	}
	return MeasureSummary{MeasureID: s.MeasureID, Month: s.Month, Progress: s.Progress, Problems: s.Problems,
		NextSteps: s.NextSteps, Clerk: s.Clerk, UpdatedAt: s.UpdatedAt}, nil
}
