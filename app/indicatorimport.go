package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"taizhang/data"
	"taizhang/reports/indicatorsheet"
)

// IndicatorValueChange is one monthly value a plain sheet changes.
type IndicatorValueChange struct {
	Indicator data.Indicator
	Area      string
	Month     data.Month
	Old       *float64 // nil when the month had no value
	New       float64
	Sheet     string // where the value was read
	Cell      string
}

// IndicatorImport is a checked plain sheet: the values it changes, in the
// sheet's order, and how many it holds that are already stored.
type IndicatorImport struct {
	File      string
	Year      int // the plan year the sheet's months belong to
	Changes   []IndicatorValueChange
	Unchanged int
}

// PrepareIndicatorImport reads the plain sheet of monthly indicator values
// at path (indicatorsheet.Read) and checks it against the ledger without
// changing the ledger or the file. Every problem is listed, each naming
// the file, sheet, row and column, in one EINVALID error; without problems
// it returns the changes as a preview. The sheet's months are those of the
// plan of year (1月 is January of year; a month of another year is a
// problem).
func (a *App) PrepareIndicatorImport(ctx context.Context, year int, path string) (*IndicatorImport, error) {
	if _, err := a.planOf(year); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "无法读取文件“%s”：%v", path, err)
	}
	name := filepath.Base(path)
	sheets, err := indicatorsheet.Read(name, b, year)
	if err != nil {
		return nil, err
	}
	ck, err := a.newIndicatorCheck(ctx, year, path)
	if err != nil {
		return nil, err
	}
	for _, sh := range sheets {
		ck.problems = append(ck.problems, sh.Problems...)
		for _, r := range sh.Rows {
			ck.row(ctx, sh, r)
		}
	}
	if len(sheets) == 0 {
		ck.problem("文件“%s”没有指标工作表：每个指标一个工作表，以指标的键名或名称命名", name)
	}
	if len(ck.problems) > 0 {
		return nil, data.Errorf(data.EINVALID, "%s有 %d 处问题，未导入任何数值，请改正后重新导入：\n%s",
			name, len(ck.problems), strings.Join(ck.problems, "\n"))
	}
	return ck.imp, nil
}

// indicatorCheck checks a plain sheet's values against the ledger.
type indicatorCheck struct {
	a        *App
	imp      *IndicatorImport
	listed   map[string]bool    // key/area of the annexes' targets
	closed   []data.Month       // closed months
	stored   map[string]float64 // key/area/month → stored value
	seen     map[string]string  // key/area/month → the cell that gave it
	problems []string
}

func (a *App) newIndicatorCheck(ctx context.Context, year int, path string) (*indicatorCheck, error) {
	ck := &indicatorCheck{a: a, imp: &IndicatorImport{File: path, Year: year}, listed: map[string]bool{},
		stored: map[string]float64{}, seen: map[string]string{}}
	targets, err := a.db.IndicatorTargets(ctx, year)
	if err != nil {
		return nil, err
	}
	for _, t := range targets {
		ck.listed[t.Indicator+"/"+t.Area] = true
	}
	if ck.closed, err = a.db.ClosedMonths(ctx, year); err != nil {
		return nil, err
	}
	actuals, err := a.db.IndicatorActuals(ctx, year, "")
	if err != nil {
		return nil, err
	}
	for _, v := range actuals {
		ck.stored[v.Indicator+"/"+v.Area+"/"+string(v.Month)] = v.Value
	}
	return ck, nil
}

func (ck *indicatorCheck) problem(format string, args ...any) {
	ck.problems = append(ck.problems, fmt.Sprintf(format, args...))
}

// row checks one area's row of sheet sh: the area, then each value.
func (ck *indicatorCheck) row(ctx context.Context, sh indicatorsheet.Sheet, r indicatorsheet.Row) {
	ind := sh.Indicator
	area, err := ck.a.area(ctx, r.Area)
	switch {
	case r.Area == "":
		ck.problem("%s第%d行A列：没有填写地区（街道名称或西城区）", sh.Where, r.No)
		return
	case err != nil:
		ck.problem("%s第%d行A列：%s", sh.Where, r.No, ErrorMessage(err))
		return
	case !ck.listed[ind.Key+"/"+area]:
		ck.problem("%s第%d行A列：指标表中没有%s的“%s”，请删去这一行", sh.Where, r.No, area, ind.Name)
		return
	}
	for _, c := range r.Cells {
		at := fmt.Sprintf("%s第%d行%s列", sh.Where, r.No, c.Column)
		m := c.Month
		if m == "" {
			if !c.Headed {
				ck.problem("%s：这一列第1行没有月份，数值“%s”无法对应到月份", at, c.Text)
			} // else the header was reported as no month
			continue
		}
		v, err := data.ParseActual(ind, area, m, c.Text)
		if err != nil {
			ck.problem("%s：%s", at, ErrorMessage(err))
			continue
		}
		if slices.Contains(ck.closed, m) {
			ck.problem("%s：%s已关账，不能导入；请先重新开启该月或删去这个数值", at, m.Label())
			continue
		}
		key := ind.Key + "/" + area + "/" + string(m)
		if prev, dup := ck.seen[key]; dup {
			ck.problem("%s：%s %s的%s已在%s填写，同一数值只能填一次", at, area, m.Label(), ind.Name, prev)
			continue
		}
		ck.seen[key] = fmt.Sprintf("工作表“%s”%s", sh.Name, c.Ref)
		old, has := ck.stored[key]
		if has && data.FormatValue(old) == data.FormatValue(v) {
			ck.imp.Unchanged++
			continue
		}
		ch := IndicatorValueChange{Indicator: ind, Area: area, Month: m, New: v, Sheet: sh.Name, Cell: c.Ref}
		if has {
			ch.Old = &old
		}
		ck.imp.Changes = append(ck.imp.Changes, ch)
	}
}

// ApplyIndicatorImport stores the changes of a checked plain sheet in one
// transaction in the name of the clerk, each audited; if any is refused
// (the ledger changed since the check), nothing is stored. It returns how
// many values changed.
func (a *App) ApplyIndicatorImport(ctx context.Context, imp *IndicatorImport) (int, error) {
	ins := make([]data.IndicatorActualInput, len(imp.Changes))
	for i, c := range imp.Changes {
		ins[i] = data.IndicatorActualInput{Indicator: c.Indicator.Key, Area: c.Area, Month: c.Month, Value: data.FormatValue(c.New)}
	}
	return a.db.SetIndicatorActuals(ctx, imp.Year, ins, a.Clerk(ctx))
}

// WriteIndicatorImportTemplate writes the plain sheet to path
// (indicatorsheet.Write): the instructions, then a sheet per indicator
// named by its name, with the areas the annexes of the plan of year list
// for it and the months of that year, filled with the values stored so far.
func (a *App) WriteIndicatorImportTemplate(ctx context.Context, year int, path string) error {
	targets, err := a.db.IndicatorTargets(ctx, year)
	if err != nil {
		return err
	}
	actuals, err := a.db.IndicatorActuals(ctx, year, "")
	if err != nil {
		return err
	}
	t := indicatorsheet.Template{Year: year}
	for _, ind := range data.Indicators {
		s := indicatorsheet.TemplateSheet{Indicator: ind, Values: map[indicatorsheet.Key]float64{}}
		for _, t := range targets {
			if t.Indicator == ind.Key && !slices.Contains(s.Areas, t.Area) {
				s.Areas = append(s.Areas, t.Area)
			}
		}
		if len(s.Areas) == 0 {
			continue
		}
		for _, v := range actuals {
			if v.Indicator == ind.Key {
				s.Values[indicatorsheet.Key{Area: v.Area, Month: v.Month}] = v.Value
			}
		}
		t.Sheets = append(t.Sheets, s)
	}
	b, err := indicatorsheet.Write(t)
	if err != nil {
		return err
	}
	return writeFile(path, b)
}

// area resolves an area name: 西城区 (or 全区), or a street by name or alias.
func (a *App) area(ctx context.Context, name string) (string, error) {
	if name == data.District || name == "全区" {
		return data.District, nil
	}
	u, err := a.db.ResolveUnit(ctx, name)
	if err != nil {
		return "", data.Errorf(data.ENOTFOUND, "没有名为“%s”的街道，地区应为街道名称或西城区", name)
	}
	return u, nil
}
