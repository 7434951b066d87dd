package app

import (
	"context"
	"path/filepath"
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

// A return in which only the indicator sheet is filled is a return; sent
// again, it is "already imported", not refused as empty because its values
// now equal the ledger's. Nothing changes the second time.
func TestImportIndicatorsOnlyAgain(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	dir := t.TempDir()
	tpl := filepath.Join(dir, TemplateFileName("德胜街道", june))
	if err := a.WriteReturnTemplate(ctx, "德胜街道", june, tpl); err != nil {
		t.Fatal(err)
	}
	path := datatest.EditWorkbook(t, tpl, filepath.Join(dir, "德胜街道6月指标.xlsx"), func(f *excelize.File) {
		val, header := datatest.Column(t, f, returns.IndicatorSheet, returns.FieldIndicatorValue)
		datatest.SetCell(t, f, returns.IndicatorSheet, val, header+1, "27")
	})
	p, _ := mustImport(t, a, path, ImportTarget{})
	if len(p.Indicators) != 1 || p.Indicators[0].New != "27" || len(p.Changes) != 0 {
		t.Fatalf("first import: indicators %+v, changes %d", p.Indicators, len(p.Changes))
	}
	before := dumpDB(t, a)
	p = mustPrepare(t, a, path, ImportTarget{})
	if p.AlreadyImported == nil || p.NeedsConfirmation() || len(p.Indicators) != 0 {
		t.Fatalf("sent again: already %v, indicators %+v: %s", p.AlreadyImported, p.Indicators, p.Summary())
	}
	wantSameDB(t, a, before)
}

// A return whose sheet was copied and the copy filled again differently is
// refused naming both sheets, and changes nothing: importing the one sheet
// would silently drop what the clerk wrote in the other.
func TestImportCopiedSheetFilledAgain(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := baseReturn(t, a)
	two := editAs(t, path, "德胜街道6月.xlsx", func(f *excelize.File, c sheetCols) {
		i, err := f.NewSheet("填报 (2)")
		must(t, err)
		must(t, f.CopySheet(0, i))
		datatest.SetCell(t, f, "填报 (2)", c.pr, c.rows["2-1.14.5"], "改过的进展")
	})
	before := dumpDB(t, a)
	_, err := a.PrepareImport(ctx, two, ImportTarget{})
	wantProblem(t, err, "工作表“填报 (2)”也填写了回执表", "无法确定以哪张为准", "德胜街道6月.xlsx")
	wantSameDB(t, a, before)
	// The same copy left as it was is no second return.
	same := editAs(t, path, "德胜街道6月副本.xlsx", func(f *excelize.File, c sheetCols) {
		i, err := f.NewSheet("填报 (2)")
		must(t, err)
		must(t, f.CopySheet(0, i))
	})
	mustPrepare(t, a, same, ImportTarget{})
}

// A street's return whose indicator value header was retyped is refused
// naming the indicator sheet, and changes nothing: its values were dropped
// silently while the rows were imported.
func TestImportIndicatorHeaderRetyped(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := fillReturn(t, a, "德胜街道", june, t.TempDir(), map[string]string{"pm25": "31.5"})
	retyped := datatest.EditWorkbook(t, path, path+".hdr.xlsx", func(f *excelize.File) {
		val, header := datatest.Column(t, f, returns.IndicatorSheet, returns.FieldIndicatorValue)
		datatest.SetCell(t, f, returns.IndicatorSheet, val, header, "6月实际值")
	})
	before := dumpDB(t, a)
	_, err := a.PrepareImport(ctx, retyped, ImportTarget{})
	wantProblem(t, err, "工作表“指标”", "指标表的表头改动了", "本月实际值")
	wantSameDB(t, a, before)
}
