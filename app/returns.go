package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"taizhang/data"
	"taizhang/reports/returns"
)

// roleLabel is a role as the return shows it.
func roleLabel(role string) string {
	if role == data.RoleLead {
		return "主责"
	}
	return "协办"
}

// TemplateFileName is the file name of a unit's return template for a
// month: 德胜街道-2023年06月-填报模板.xlsx.
func TemplateFileName(unit string, m data.Month) string {
	return fmt.Sprintf("%s-%s-填报模板.xlsx", safeFileName(unit), monthTag(m))
}

// monthTag writes a month as 2023年06月, for file names.
func monthTag(m data.Month) string {
	s := string(m)
	if len(s) != 7 {
		return s
	}
	return s[:4] + "年" + s[5:] + "月"
}

// safeFileName replaces the characters Windows forbids in a file name.
func safeFileName(s string) string {
	return strings.NewReplacer(`\`, "＼", "/", "／", ":", "：", "*", "＊", "?", "？", `"`, "＂", "<", "＜", ">", "＞", "|", "｜").Replace(s)
}

// reportingUnit resolves a unit that sends returns: known, not a group.
func (a *App) reportingUnit(ctx context.Context, unit string) (string, data.UnitKind, error) {
	u, kind, err := a.db.UnitKind(ctx, unit)
	if err != nil {
		return "", "", err
	}
	if kind == data.UnitGroup {
		return "", "", data.Errorf(data.EINVALID, "“%s”是单位组，没有自己的回执表，请按其成员单位分别生成", u)
	}
	return u, kind, nil
}

// ReturnTemplate builds the return template of a unit for month m: exactly
// the unit's measures of the plan of m's year (as lead or co-unit, directly
// or through a group), in printed order; a street also gets its indicators
// with their targets. Both sheets follow one month rule: the fillable cells
// are pre-filled with what the ledger holds for the unit in the previous
// month (none for January), for the unit to update, and the notes say
// which month that was.
//
// Carry-over: in the unit's first template of a year (it has no entry of
// the year before m), a measure that recurs (deadline kind ongoing) and is
// linked to a measure of an earlier plan (SetMeasureLinks) starts from the
// unit's December entry on that measure.
//
// Errors: ENOTFOUND for an unknown unit or a year the ledger holds no plan
// of, EINVALID for a group or a malformed month.
func (a *App) ReturnTemplate(ctx context.Context, unit string, m data.Month) (*returns.Template, error) {
	t, err := a.returnSheet(ctx, unit, m, previousMonth(m))
	if err != nil {
		return nil, err
	}
	t.Meta.Prefill = returns.PrefillChecksum(t.Rows)
	return t, nil
}

// previousMonth is the month before m in the same year, "" for January.
func previousMonth(m data.Month) data.Month {
	s := string(m)
	if len(s) != 7 || s[5:] == "01" {
		return ""
	}
	var y, mo int
	fmt.Sscanf(s, "%d-%d", &y, &mo)
	return data.Month(fmt.Sprintf("%04d-%02d", y, mo-1))
}

// returnSheet builds the workbook content of a unit's return for month m
// with the fillable columns taken from the unit's entries of month from
// ("" leaves them empty).
func (a *App) returnSheet(ctx context.Context, unit string, m, from data.Month) (*returns.Template, error) {
	year, err := a.checkMonth(m)
	if err != nil {
		return nil, err
	}
	u, kind, err := a.reportingUnit(ctx, unit)
	if err != nil {
		return nil, err
	}
	rows, err := a.db.FindMeasures(ctx, data.MeasureFilter{Year: year, Unit: u})
	if err != nil {
		return nil, err
	}
	prev := map[string]data.Entry{}
	if from != "" {
		es, err := a.db.Entries(ctx, data.EntryFilter{Unit: u, Month: from})
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			prev[e.MeasureID] = e
		}
	}
	if err := a.carryOver(ctx, year, u, m, rows, prev); err != nil {
		return nil, err
	}
	t := &returns.Template{PlanTitle: a.planTitle(year), UnitName: u, PrefilledFrom: string(from)}
	for _, s := range data.Statuses {
		t.Statuses = append(t.Statuses, string(s))
	}
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		e := prev[r.Measure.ID]
		ids = append(ids, r.Measure.ID)
		t.Rows = append(t.Rows, returns.Row{
			MeasureID: r.Measure.ID, Annex: r.AnnexCode, No: r.TaskNo, Task: r.TaskName, Measure: r.Measure.Text,
			Deadline: r.Measure.Deadline.Text, Role: roleLabel(r.Role),
			Status: string(e.Status), Progress: e.Progress, Problems: e.Problems, NextSteps: e.NextSteps, Evidence: e.EvidenceNote,
		})
	}
	t.Meta = returns.Meta{Unit: u, Month: string(m), PlanYear: year, Version: returns.TemplateVersion, Checksum: returns.Checksum(ids)}
	if kind == data.UnitStreet {
		if t.Indicators, err = a.streetIndicators(ctx, year, u, from); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// carryOver fills prev, for the unit's first template of a year (no entry
// of the year before m), with the December entries of the linked measures
// of earlier plans, for the measures among rows that recur.
func (a *App) carryOver(ctx context.Context, year int, unit string, m data.Month, rows []data.MeasureRow, prev map[string]data.Entry) error {
	links, err := a.db.MeasureLinks(ctx, year)
	if err != nil || len(links) == 0 {
		return err
	}
	mine, err := a.db.Entries(ctx, data.EntryFilter{Year: year, Unit: unit})
	if err != nil {
		return err
	}
	for _, e := range mine {
		if e.Month < m {
			return nil
		}
	}
	december := map[int]map[string]data.Entry{} // earlier year → measure ID → entry
	for _, r := range rows {
		l, ok := links[r.Measure.ID]
		if !ok || r.Measure.Deadline.Kind != data.DeadlineOngoing {
			continue
		}
		if _, ok := december[l.PrevYear]; !ok {
			es, err := a.db.Entries(ctx, data.EntryFilter{Unit: unit, Month: data.Month(fmt.Sprintf("%04d-12", l.PrevYear))})
			if err != nil {
				return err
			}
			december[l.PrevYear] = map[string]data.Entry{}
			for _, e := range es {
				december[l.PrevYear][e.MeasureID] = e
			}
		}
		if e, ok := december[l.PrevYear][l.PrevMeasureID]; ok {
			prev[r.Measure.ID] = e
		}
	}
	return nil
}

// streetIndicators lists a street's indicators of the annexes of the
// year's plan with their targets and the value stored for month m ("" for
// none), in catalogue order.
func (a *App) streetIndicators(ctx context.Context, year int, street string, m data.Month) ([]returns.IndicatorRow, error) {
	targets, err := a.db.IndicatorTargets(ctx, year)
	if err != nil {
		return nil, err
	}
	var actuals []data.IndicatorActual
	if m != "" {
		if actuals, err = a.db.IndicatorActuals(ctx, m.Year(), m); err != nil {
			return nil, err
		}
	}
	value := map[string]string{}
	for _, v := range actuals {
		if v.Area == street && v.Month == m {
			value[v.Indicator] = data.FormatValue(v.Value)
		}
	}
	target := map[string]string{}
	for _, tg := range targets {
		if tg.Area == street {
			if _, seen := target[tg.Indicator]; !seen {
				target[tg.Indicator] = tg.Text
			}
		}
	}
	var out []returns.IndicatorRow
	for _, ind := range data.Indicators {
		if text, ok := target[ind.Key]; ok {
			out = append(out, returns.IndicatorRow{Key: ind.Key, Name: ind.Name, Unit: ind.Unit, Target: text, Value: value[ind.Key]})
		}
	}
	return out, nil
}

// WriteReturnTemplate writes a unit's return template for month m to path
// (temporary file renamed into place).
func (a *App) WriteReturnTemplate(ctx context.Context, unit string, m data.Month, path string) error {
	t, err := a.ReturnTemplate(ctx, unit, m)
	if err != nil {
		return err
	}
	b, err := returns.WriteTemplate(t)
	if err != nil {
		return err
	}
	return writeFile(path, b)
}

// ReturnUnits lists the units that send returns in a plan year: every unit
// that is not a group and has measures in that year's plan, in directory
// order.
func (a *App) ReturnUnits(ctx context.Context, year int) ([]data.UnitSummary, error) {
	units, err := a.db.Units(ctx, year)
	if err != nil {
		return nil, err
	}
	var out []data.UnitSummary
	for _, u := range units {
		if u.Kind != data.UnitGroup && u.Lead+u.Co > 0 {
			out = append(out, u)
		}
	}
	return out, nil
}

// WriteReturnTemplates writes the return template of every unit that sends
// returns for month m into dir (created if needed), named by
// TemplateFileName, calling progress (if not nil) after each file with the
// number done and the total. It returns the paths written; on an error the
// files already written stay.
func (a *App) WriteReturnTemplates(ctx context.Context, m data.Month, dir string, progress func(done, total int)) ([]string, error) {
	year, err := a.checkMonth(m)
	if err != nil {
		return nil, err
	}
	units, err := a.ReturnUnits(ctx, year)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, data.Errorf(data.EINVALID, "无法创建文件夹“%s”：%v", dir, err)
	}
	var paths []string
	for i, u := range units {
		if err := ctx.Err(); err != nil {
			return paths, err
		}
		p := filepath.Join(dir, TemplateFileName(u.Name, m))
		if err := a.WriteReturnTemplate(ctx, u.Name, m, p); err != nil {
			return paths, err
		}
		paths = append(paths, p)
		if progress != nil {
			progress(i+1, len(units))
		}
	}
	return paths, nil
}
