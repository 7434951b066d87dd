// Package indicatorsheet reads and writes the plain sheet of monthly
// indicator values (指标月度数据表): one sheet per indicator, named by its
// key (pm25) or its name (PM2.5年均浓度); cell A1 says 地区; row 1 holds the
// months from column B (1月 … 12月 of the plan year, or 2023-01, 2023年1月);
// each further row is an area (a street by name or alias, or 西城区) with
// its monthly values. An empty cell changes nothing. A sheet named 说明 is
// the template's instructions and is skipped. The checks against the
// ledger (areas, closed months, stored values) are the caller's.
package indicatorsheet

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// NotesSheet is the instructions sheet of the plain sheet.
const NotesSheet = "说明"

// Sheet is one indicator sheet of a workbook, as read.
type Sheet struct {
	Name      string
	Where     string // 文件“…”工作表“…”, for messages
	Indicator data.Indicator
	// Problems are the sheet's own, each naming the file, sheet, row and
	// column: a name that is no indicator, a sheet that cannot be read or
	// is empty (then Rows is nil), and headers that are no month of the
	// plan year.
	Problems []string
	Rows     []Row // the rows below the header that hold anything
}

// Row is one area's row.
type Row struct {
	No    int    // row number, 2 for the first below the header
	Area  string // column A, trimmed
	Cells []Cell // the filled cells from column B
}

// Cell is one filled value cell.
type Cell struct {
	Column string     // column letter
	Ref    string     // B3
	Text   string     // trimmed, not empty
	Month  data.Month // the column's month; "" if its header gives none
	// Headed reports whether the column has a header: a header that is no
	// month is among the sheet's Problems already.
	Headed bool
}

// monthOnly is a month column's header without a year: 1月 … 12月.
var monthOnly = regexp.MustCompile(`^(1[0-2]|0?[1-9])\s*月(份)?$`)

// Read reads the workbook b, named name, for the plan of year: its sheets
// in order, the instructions sheet left out. A file that is not a workbook
// is EINVALID.
func Read(name string, b []byte, year int) ([]Sheet, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "文件“%s”不是有效的 Excel 工作簿（.xlsx）：%v。请用“指标月度数据表”模板填写（taizhang indicator import-template）。", name, err)
	}
	defer f.Close()
	var out []Sheet
	for _, sheet := range f.GetSheetList() {
		if strings.TrimSpace(sheet) == NotesSheet {
			continue
		}
		out = append(out, readSheet(f, name, sheet, year))
	}
	return out, nil
}

func readSheet(f *excelize.File, name, sheet string, year int) Sheet {
	s := Sheet{Name: sheet, Where: fmt.Sprintf("文件“%s”工作表“%s”", name, sheet)}
	problem := func(format string, args ...any) { s.Problems = append(s.Problems, fmt.Sprintf(format, args...)) }
	var ok bool
	if s.Indicator, ok = indicatorBySheet(sheet); !ok {
		problem("%s：工作表名不是指标。工作表应以指标的键名或名称命名（如 pm25 或 PM2.5年均浓度），可用：%s", s.Where, strings.Join(indicatorNames(), "、"))
		return s
	}
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		problem("%s无法读取：%v", s.Where, err)
		return s
	}
	if len(rows) == 0 {
		problem("%s是空的：第1行应为“地区”和各月份", s.Where)
		return s
	}
	months := map[int]data.Month{} // column index → month
	for c, h := range rows[0] {
		if c == 0 || strings.TrimSpace(h) == "" {
			continue
		}
		m, err := monthHeader(h, year)
		if err != nil {
			problem("%s第1行%s列：表头“%s”不是本年度的月份，应写成 1月 至 12月（或 %d-01）", s.Where, colName(c), h, year)
			continue
		}
		months[c] = m
	}
	uncached(f, sheet, rows, func(ref, formula string) {
		problem("%s%s单元格是公式（=%s），但文件中没有保存它的计算结果，程序无法读出数值。请在 Excel 中打开该文件并保存一次，或直接填写数值。", s.Where, ref, formula)
	})
	for r, row := range rows[1:] {
		if len(row) == 0 || strings.Join(row, "") == "" {
			continue
		}
		rw := Row{No: r + 2, Area: strings.TrimSpace(row[0])}
		for c := 1; c < len(row); c++ {
			text := strings.TrimSpace(row[c])
			if text == "" {
				continue
			}
			rw.Cells = append(rw.Cells, Cell{Column: colName(c), Ref: fmt.Sprintf("%s%d", colName(c), rw.No), Text: text,
				Month: months[c], Headed: c < len(rows[0]) && strings.TrimSpace(rows[0][c]) != ""})
		}
		s.Rows = append(s.Rows, rw)
	}
	return s
}

// uncached calls found for every formula cell among rows (the sheet's
// cells as GetRows reads them) that has no cached value (a workbook
// written by a program that does not calculate): GetRows reads those as
// empty, which must not pass for "no value".
func uncached(f *excelize.File, sheet string, rows [][]string, found func(ref, formula string)) {
	for r, row := range rows {
		for c, text := range row {
			if strings.TrimSpace(text) != "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, err := f.GetCellFormula(sheet, ref); err == nil && formula != "" {
				found(ref, formula)
			}
		}
	}
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
func monthHeader(h string, year int) (data.Month, error) {
	h = strings.TrimSpace(h)
	var m data.Month
	if g := monthOnly.FindStringSubmatch(h); g != nil {
		n, _ := strconv.Atoi(g[1])
		m = data.Month(fmt.Sprintf("%d-%02d", year, n))
	} else {
		var err error
		if m, err = data.ParseMonth(h); err != nil {
			return "", err
		}
	}
	if !slices.Contains(data.PlanMonths(year), m) {
		return "", data.Errorf(data.EINVALID, "月份“%s”不在 %d 年内", m, year)
	}
	return m, nil
}

// Template is the plain sheet to write for the plan of Year.
type Template struct {
	Year   int
	Sheets []TemplateSheet // in order; a sheet per indicator
}

// TemplateSheet is one indicator's sheet: its areas, in order, and the
// values stored so far.
type TemplateSheet struct {
	Indicator data.Indicator
	Areas     []string
	Values    map[Key]float64
}

// Key is an area's month.
type Key struct {
	Area  string
	Month data.Month
}

// Write returns the plain sheet: the instructions, then a sheet per
// indicator named by its name, with its areas and the months of the plan
// year, filled with the stored values.
func Write(t Template) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", NotesSheet); err != nil {
		return nil, err
	}
	notes := []string{
		"指标月度数据表：每个指标一个工作表，工作表名为指标名称（也可用键名，如 pm25）。",
		"第1行：A1 为“地区”，B1 起为月份（1月 至 12月，指 " + strconv.Itoa(t.Year) + " 年）。",
		"第2行起：A列为地区（街道名称或西城区），各月填数值；空白格不改动已有数值。",
		"数值只填数字（不带单位）；不能为负数，百分比不超过 100，PM2.5 不超过 1000。",
		"导入：taizhang indicator import 本文件 [--dry-run]；有任何问题时全部不导入，并列出每处问题的工作表、行和列。",
	}
	for i, n := range notes {
		if err := f.SetCellValue(NotesSheet, fmt.Sprintf("A%d", i+1), n); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth(NotesSheet, "A", "A", 110); err != nil {
		return nil, err
	}
	months := data.PlanMonths(t.Year)
	for _, s := range t.Sheets {
		sh := s.Indicator.Name
		if _, err := f.NewSheet(sh); err != nil {
			return nil, err
		}
		header := []any{"地区"}
		for _, m := range months {
			header = append(header, fmt.Sprintf("%d月", monthNo(m)))
		}
		if err := f.SetSheetRow(sh, "A1", &header); err != nil {
			return nil, err
		}
		for i, area := range s.Areas {
			row := []any{area}
			for _, m := range months {
				if v, ok := s.Values[Key{area, m}]; ok {
					row = append(row, v)
				} else {
					row = append(row, nil)
				}
			}
			if err := f.SetSheetRow(sh, fmt.Sprintf("A%d", i+2), &row); err != nil {
				return nil, err
			}
		}
		if err := f.SetColWidth(sh, "A", "A", 14); err != nil {
			return nil, err
		}
		if err := f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
