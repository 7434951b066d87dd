package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// The plain sheet of monthly indicator values (指标月度数据表): one sheet per
// indicator, named by its key (pm25) or its name (PM2.5年均浓度); cell A1
// says 地区; row 1 holds the months from column B (1月 … 12月 of the plan
// year, or 2023-01, 2023年1月); each further row is an area (a street by
// name or alias, or 西城区) with its monthly values. An empty cell changes
// nothing. A sheet named 说明 is the template's instructions and is skipped.

// IndicatorNotesSheet is the instructions sheet of the plain sheet.
const IndicatorNotesSheet = "说明"

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
	Changes   []IndicatorValueChange
	Unchanged int
}

// monthOnly is a month column's header without a year: 1月 … 12月.
var monthOnly = regexp.MustCompile(`^(1[0-2]|0?[1-9])\s*月(份)?$`)

// PrepareIndicatorImport reads and checks the plain sheet of monthly
// indicator values at path without changing the ledger or the file. Every
// problem is listed, each naming the file, sheet, row and column, in one
// EINVALID error; without problems it returns the changes as a preview.
func (a *App) PrepareIndicatorImport(ctx context.Context, path string) (*IndicatorImport, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "无法读取文件“%s”：%v", path, err)
	}
	name := filepath.Base(path)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "文件“%s”不是有效的 Excel 工作簿（.xlsx）：%v。请用“指标月度数据表”模板填写（taizhang indicator import-template）。", name, err)
	}
	defer f.Close()

	targets, err := a.db.IndicatorTargets(ctx)
	if err != nil {
		return nil, err
	}
	listed := map[string]bool{} // key/area
	for _, t := range targets {
		listed[t.Indicator+"/"+t.Area] = true
	}
	closed, err := a.db.ClosedMonths(ctx)
	if err != nil {
		return nil, err
	}
	actuals, err := a.db.IndicatorActuals(ctx, "")
	if err != nil {
		return nil, err
	}
	stored := map[string]float64{}
	for _, v := range actuals {
		stored[v.Indicator+"/"+v.Area+"/"+string(v.Month)] = v.Value
	}

	imp := &IndicatorImport{File: path}
	var problems []string
	problem := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	seen := map[string]string{} // key/area/month → the cell that gave it
	sheets := 0
	for _, sheet := range f.GetSheetList() {
		if strings.TrimSpace(sheet) == IndicatorNotesSheet {
			continue
		}
		sheets++
		where := fmt.Sprintf("文件“%s”工作表“%s”", name, sheet)
		ind, ok := indicatorBySheet(sheet)
		if !ok {
			problem("%s：工作表名不是指标。工作表应以指标的键名或名称命名（如 pm25 或 PM2.5年均浓度），可用：%s", where, strings.Join(indicatorNames(), "、"))
			continue
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			problem("%s无法读取：%v", where, err)
			continue
		}
		if len(rows) == 0 {
			problem("%s是空的：第1行应为“地区”和各月份", where)
			continue
		}
		months := map[int]data.Month{} // column index → month
		for c, h := range rows[0] {
			if c == 0 || strings.TrimSpace(h) == "" {
				continue
			}
			m, err := a.monthHeader(h)
			if err != nil {
				problem("%s第1行%s列：表头“%s”不是本年度的月份，应写成 1月 至 12月（或 %d-01）", where, colName(c), h, a.plan.Year)
				continue
			}
			months[c] = m
		}
		for r, row := range rows[1:] {
			rowNo := r + 2
			if len(row) == 0 || strings.Join(row, "") == "" {
				continue
			}
			areaText := strings.TrimSpace(row[0])
			area, err := a.area(ctx, areaText)
			switch {
			case areaText == "":
				problem("%s第%d行A列：没有填写地区（街道名称或西城区）", where, rowNo)
				continue
			case err != nil:
				problem("%s第%d行A列：%s", where, rowNo, ErrorMessage(err))
				continue
			case !listed[ind.Key+"/"+area]:
				problem("%s第%d行A列：指标表中没有%s的“%s”，请删去这一行", where, rowNo, area, ind.Name)
				continue
			}
			for c := 1; c < len(row); c++ {
				text := strings.TrimSpace(row[c])
				if text == "" {
					continue
				}
				cell := fmt.Sprintf("%s%d", colName(c), rowNo)
				at := fmt.Sprintf("%s第%d行%s列", where, rowNo, colName(c))
				m, ok := months[c]
				if !ok {
					if c >= len(rows[0]) || strings.TrimSpace(rows[0][c]) == "" {
						problem("%s：这一列第1行没有月份，数值“%s”无法对应到月份", at, text)
					} // else the header was reported as no month
					continue
				}
				v, err := data.ParseActual(ind, area, m, text)
				if err != nil {
					problem("%s：%s", at, ErrorMessage(err))
					continue
				}
				if slices.Contains(closed, m) {
					problem("%s：%s已关账，不能导入；请先重新开启该月或删去这个数值", at, m.Label())
					continue
				}
				key := ind.Key + "/" + area + "/" + string(m)
				if prev, dup := seen[key]; dup {
					problem("%s：%s %s的%s已在%s填写，同一数值只能填一次", at, area, m.Label(), ind.Name, prev)
					continue
				}
				seen[key] = fmt.Sprintf("工作表“%s”%s", sheet, cell)
				old, has := stored[key]
				if has && data.FormatValue(old) == data.FormatValue(v) {
					imp.Unchanged++
					continue
				}
				ch := IndicatorValueChange{Indicator: ind, Area: area, Month: m, New: v, Sheet: sheet, Cell: cell}
				if has {
					ch.Old = &old
				}
				imp.Changes = append(imp.Changes, ch)
			}
		}
	}
	if sheets == 0 {
		problem("文件“%s”没有指标工作表：每个指标一个工作表，以指标的键名或名称命名", name)
	}
	if len(problems) > 0 {
		return nil, data.Errorf(data.EINVALID, "%s有 %d 处问题，未导入任何数值，请改正后重新导入：\n%s",
			name, len(problems), strings.Join(problems, "\n"))
	}
	return imp, nil
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
	return a.db.SetIndicatorActuals(ctx, ins, a.Clerk(ctx))
}

// WriteIndicatorImportTemplate writes the plain sheet to path: the
// instructions, then a sheet per indicator named by its name, with the
// areas the annexes list for it and the months of the plan year, filled
// with the values stored so far.
func (a *App) WriteIndicatorImportTemplate(ctx context.Context, path string) error {
	targets, err := a.db.IndicatorTargets(ctx)
	if err != nil {
		return err
	}
	actuals, err := a.db.IndicatorActuals(ctx, "")
	if err != nil {
		return err
	}
	stored := map[string]float64{}
	for _, v := range actuals {
		stored[v.Indicator+"/"+v.Area+"/"+string(v.Month)] = v.Value
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", IndicatorNotesSheet); err != nil {
		return err
	}
	notes := []string{
		"指标月度数据表：每个指标一个工作表，工作表名为指标名称（也可用键名，如 pm25）。",
		"第1行：A1 为“地区”，B1 起为月份（1月 至 12月，指 " + strconv.Itoa(a.plan.Year) + " 年）。",
		"第2行起：A列为地区（街道名称或西城区），各月填数值；空白格不改动已有数值。",
		"数值只填数字（不带单位）；不能为负数，百分比不超过 100，PM2.5 不超过 1000。",
		"导入：taizhang indicator import 本文件 [--dry-run]；有任何问题时全部不导入，并列出每处问题的工作表、行和列。",
	}
	for i, n := range notes {
		if err := f.SetCellValue(IndicatorNotesSheet, fmt.Sprintf("A%d", i+1), n); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(IndicatorNotesSheet, "A", "A", 110); err != nil {
		return err
	}
	months := a.Months()
	for _, ind := range data.Indicators {
		var areas []string
		for _, t := range targets {
			if t.Indicator == ind.Key && !slices.Contains(areas, t.Area) {
				areas = append(areas, t.Area)
			}
		}
		if len(areas) == 0 {
			continue
		}
		sh := ind.Name
		if _, err := f.NewSheet(sh); err != nil {
			return err
		}
		header := []any{"地区"}
		for _, m := range months {
			header = append(header, fmt.Sprintf("%d月", monthNo(m)))
		}
		if err := f.SetSheetRow(sh, "A1", &header); err != nil {
			return err
		}
		for i, area := range areas {
			row := []any{area}
			for _, m := range months {
				if v, ok := stored[ind.Key+"/"+area+"/"+string(m)]; ok {
					row = append(row, v)
				} else {
					row = append(row, nil)
				}
			}
			if err := f.SetSheetRow(sh, fmt.Sprintf("A%d", i+2), &row); err != nil {
				return err
			}
		}
		if err := f.SetColWidth(sh, "A", "A", 14); err != nil {
			return err
		}
		if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
			return err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return writeFile(path, buf.Bytes())
}

// indicatorBySheet is the indicator a sheet is named for: by key or name.
func indicatorBySheet(sheet string) (data.Indicator, bool) {
	s := strings.TrimSpace(sheet)
	if ind, ok := data.IndicatorByKey(s); ok {
		return ind, true
	}
	for _, ind := range data.Indicators {
		if ind.Name == s {
			return ind, true
		}
	}
	return data.Indicator{}, false
}

// indicatorNames lists the catalogue as key（name）.
func indicatorNames() []string {
	out := make([]string, len(data.Indicators))
	for i, ind := range data.Indicators {
		out[i] = ind.Key + "（" + ind.Name + "）"
	}
	return out
}

// monthHeader reads a month column's header (see monthOnly) and refuses a
// month outside the plan year.
func (a *App) monthHeader(h string) (data.Month, error) {
	h = strings.TrimSpace(h)
	var m data.Month
	if g := monthOnly.FindStringSubmatch(h); g != nil {
		n, _ := strconv.Atoi(g[1])
		m = data.Month(fmt.Sprintf("%d-%02d", a.plan.Year, n))
	} else {
		var err error
		if m, err = data.ParseMonth(h); err != nil {
			return "", err
		}
	}
	if err := a.checkMonth(m); err != nil {
		return "", err
	}
	return m, nil
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

// colName is the letter of column index c (0 for A).
func colName(c int) string {
	n, _ := excelize.ColumnNumberToName(c + 1)
	return n
}

// monthNo is 6 for 2023-06.
func monthNo(m data.Month) int {
	n, _ := strconv.Atoi(string(m)[5:])
	return n
}
