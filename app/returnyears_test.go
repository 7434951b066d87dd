package app

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/reports/returns"
)

// A month written without its year, in the heading or the file name, is
// the one of that number nearest to the template's month: "12月" on a
// 2024-01 template is 2023-12 (a December return made late from
// January's template), not 2024-12, and "1月" on a 2023-12 template is
// 2024-01.
func TestImportMonthWithoutYearAcrossPlanYears(t *testing.T) {
	a := mustOpen(t)
	addPlan2024(t, a)
	ctx := context.Background()
	jan, _ := fillReturn(t, a, "德胜街道", "2024-01", t.TempDir(), nil)
	dec, _ := fillReturn(t, a, "德胜街道", "2023-12", t.TempDir(), nil)
	retitled := editAs(t, jan, "德胜街道12月补报.xlsx", func(f *excelize.File, c sheetCols) {
		v, _ := f.GetCellValue(returns.ReturnSheet, "A2")
		must(t, f.SetCellValue(returns.ReturnSheet, "A2", strings.Replace(v, "填报月份：2024年1月", "填报月份：12月", 1)))
	})
	before := dumpDB(t, a)
	for file, want := range map[string][]Claim{
		retitled: {{"隐藏的模板信息", "德胜街道", "2024-01"}, {"表头（A2 单元格）", "德胜街道", "2023-12"}, {"文件名“德胜街道12月补报.xlsx”", "德胜街道", "2023-12"}},
		editAs(t, dec, "德胜街道1月报送.xlsx", func(*excelize.File, sheetCols) {}): {{"隐藏的模板信息", "德胜街道", "2023-12"}, {"文件名“德胜街道1月报送.xlsx”", "德胜街道", "2024-01"}},
	} {
		_, err := a.PrepareImport(ctx, file, ImportTarget{})
		var who *WhoseReturnError
		if !errors.As(err, &who) || !slices.Equal(who.Claims, want) {
			t.Errorf("%s: %v, want the claims %v", filepath.Base(file), err, want)
		}
	}
	wantSameDB(t, a, before)
	// The months agree: no question, and the return lands in its year.
	for file, m := range map[string]string{
		editAs(t, jan, "德胜街道1月.xlsx", func(*excelize.File, sheetCols) {}):                 "2024-01",
		editAs(t, dec, "德胜街道12月回执（2024年1月4日报送）.xlsx", func(*excelize.File, sheetCols) {}): "2023-12",
	} {
		if p := mustPrepare(t, a, file, ImportTarget{}); string(p.Month) != m {
			t.Errorf("%s: prepared for %s", filepath.Base(file), p.Month)
		}
	}
}
