package app

import (
	"context"

	"taizhang/data"
)

// PlanExport is the plan in the shape of `taizhang plan export --format json`.
type PlanExport struct {
	Plan       PlanHeader        `json:"plan"`
	Annexes    []AnnexExport     `json:"annexes"`
	Indicators []IndicatorExport `json:"indicators"`
}

// PlanHeader is the plan's year, title and document number.
type PlanHeader struct {
	Year  int    `json:"year"`
	Title string `json:"title"`
	DocNo string `json:"doc_no"`
}

// AnnexExport is one measure annex.
type AnnexExport struct {
	Code     string          `json:"code"`
	Title    string          `json:"title"`
	Sections []SectionExport `json:"sections"`
}

// SectionExport is one numbered section of an annex.
type SectionExport struct {
	No    string       `json:"no"`
	Title string       `json:"title"`
	Tasks []TaskExport `json:"tasks"`
}

// TaskExport is one key task.
type TaskExport struct {
	No       string          `json:"no"`
	Name     string          `json:"name"`
	Measures []MeasureExport `json:"measures"`
}

// MeasureExport is one measure; Due is empty when the deadline has no date.
type MeasureExport struct {
	ID           string            `json:"id"`
	Text         string            `json:"text"`
	Deadline     string            `json:"deadline"`
	DeadlineKind data.DeadlineKind `json:"deadline_kind"`
	Due          string            `json:"due"`
	Lead         []string          `json:"lead"`
	Co           []string          `json:"co"`
}

// IndicatorExport is one indicator table as printed.
type IndicatorExport struct {
	Annex   string     `json:"annex"`
	Title   string     `json:"title"`
	Columns []string   `json:"columns"`
	Rows    [][]string `json:"rows"`
	Note    string     `json:"note,omitempty"`
}

// ExportPlan returns the whole plan, or with a unit only the measures that
// concern it (as lead or co-unit, directly, by alias or through a group) in
// the same shape, without the tasks, sections and annexes left empty.
// An unknown unit, or a year the ledger holds no plan of, is an ENOTFOUND
// error.
func (a *App) ExportPlan(ctx context.Context, year int, unit string) (*PlanExport, error) {
	p, err := a.db.LoadPlan(ctx, year)
	if err != nil {
		return nil, err
	}
	keep := func(string) bool { return true }
	if unit != "" {
		rows, err := a.db.FindMeasures(ctx, data.MeasureFilter{Year: year, Unit: unit})
		if err != nil {
			return nil, err
		}
		ids := map[string]bool{}
		for _, r := range rows {
			ids[r.Measure.ID] = true
		}
		keep = func(id string) bool { return ids[id] }
	}
	out := &PlanExport{
		Plan:       PlanHeader{Year: p.Year, Title: p.Title, DocNo: p.DocNo},
		Annexes:    []AnnexExport{},
		Indicators: []IndicatorExport{},
	}
	for _, an := range p.Annexes {
		ae := AnnexExport{Code: an.Code, Title: an.Title}
		for _, s := range an.Sections {
			se := SectionExport{No: s.No, Title: s.Title}
			for _, t := range s.Tasks {
				te := TaskExport{No: t.No, Name: t.Name}
				for _, m := range t.Measures {
					if keep(m.ID) {
						te.Measures = append(te.Measures, exportMeasure(m))
					}
				}
				if len(te.Measures) > 0 {
					se.Tasks = append(se.Tasks, te)
				}
			}
			if len(se.Tasks) > 0 {
				ae.Sections = append(ae.Sections, se)
			}
		}
		if len(ae.Sections) > 0 {
			out.Annexes = append(out.Annexes, ae)
		}
	}
	for _, t := range p.Indicators {
		out.Indicators = append(out.Indicators, IndicatorExport{Annex: t.Annex, Title: t.Title, Columns: t.Columns, Rows: t.Rows, Note: t.Note})
	}
	return out, nil
}

func exportMeasure(m data.Measure) MeasureExport {
	return MeasureExport{
		ID:           m.ID,
		Text:         m.Text,
		Deadline:     m.Deadline.Text,
		DeadlineKind: m.Deadline.Kind,
		Due:          m.Deadline.Due,
		Lead:         nonNil(m.Lead),
		Co:           nonNil(m.Co),
	}
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
