package app

import (
	"context"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// A value typed as 2.5% into an indicator cell (Excel stores 0.025 under a
// percent format) is stored as 2.5, the value the clerk saw; the other
// indicators stay unset and the entries are the return's.
func TestImportIndicatorPercent(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, want := fillReturn(t, a, "德胜街道", june, t.TempDir(), nil)
	path = datatest.EditWorkbook(t, path, path+".pct.xlsx", func(f *excelize.File) {
		val, header := datatest.Column(t, f, returns.IndicatorSheet, returns.FieldIndicatorValue)
		key, _ := datatest.Column(t, f, returns.IndicatorSheet, returns.FieldIndicatorKey)
		rows, err := f.GetRows(returns.IndicatorSheet)
		if err != nil {
			t.Fatal(err)
		}
		kn, _ := excelize.ColumnNameToNumber(key)
		pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
		if err != nil {
			t.Fatal(err)
		}
		for r := header; r < len(rows); r++ {
			if len(rows[r]) >= kn && rows[r][kn-1] == "heavy_pollution_ratio" {
				ref := val + strconv.Itoa(r+1)
				if err := f.SetCellValue(returns.IndicatorSheet, ref, 0.025); err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle(returns.IndicatorSheet, ref, ref, pct); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	mustImport(t, a, path, ImportTarget{})
	wantEntries(t, a, "德胜街道", june, want)
	acts, err := a.db.IndicatorActuals(ctx, 2023, june)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range acts {
		got[v.Area+" "+v.Indicator] = data.FormatValue(v.Value)
	}
	if len(got) != 1 || got["德胜街道 heavy_pollution_ratio"] != "2.5" {
		t.Fatalf("actuals %v, want only 德胜街道 heavy_pollution_ratio = 2.5", got)
	}
}
