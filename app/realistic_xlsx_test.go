package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/reports"
	"taizhang/reports/cellfit/fittest"
	"taizhang/reports/returns"
)

// writeRealisticWorkbooks writes the realistic month's district workbook
// with the appendix, 德胜街道's workbook and 德胜街道's return template for
// the next month (pre-filled with this month's long texts) into dir.
func writeRealisticWorkbooks(t *testing.T, dir string) []string {
	t.Helper()
	a := mustOpen(t)
	m := data.Month("2023-06")
	fillRealisticMonth(t, a, m)
	ctx := context.Background()
	paths := []string{filepath.Join(dir, "realistic-district.xlsx"), filepath.Join(dir, "realistic-德胜街道.xlsx"),
		filepath.Join(dir, "realistic-template-德胜街道.xlsx")}
	for i, req := range []ReportRequest{
		{Month: m, Format: ReportXLSX, Detail: true, Path: paths[0]},
		{Month: m, Format: ReportXLSX, Filter: data.MeasureFilter{Unit: "德胜街道"}, Path: paths[1]},
	} {
		if _, err := a.WriteReport(ctx, req, nil); err != nil {
			t.Fatalf("workbook %d: %v", i, err)
		}
	}
	if err := a.WriteReturnTemplate(ctx, "德胜街道", "2023-07", paths[2]); err != nil {
		t.Fatal(err)
	}
	return paths
}

// TestRealisticWorkbooks reads the realistic month's workbooks back: every
// row of every sheet as tall as its text, every sheet printing its text at
// 9 pt or more.
func TestRealisticWorkbooks(t *testing.T) {
	if testing.Short() {
		t.Skip("the realistic month takes a few seconds")
	}
	paths := writeRealisticWorkbooks(t, t.TempDir())
	for _, path := range paths {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, tallest, over := fittest.CheckRowsBut(t, f)
		t.Logf("%s: %d rows, tallest cell %.0f pt", filepath.Base(path), rows, tallest)
		// Only a return may hold a text taller than a row: a unit's own
		// text, pre-filled from last month, which a return keeps in one
		// cell (the whole of it is read back on import).
		for _, ref := range over {
			if path != paths[2] || !isUnitText(ref) {
				t.Errorf("%s: %s needs more than a row can be", filepath.Base(path), ref)
			}
		}
		if len(over) > 0 {
			t.Logf("%s: %d cells of a unit's own text are taller than Excel's tallest row: %v", filepath.Base(path), len(over), over)
		}
		for _, sh := range f.GetSheetList() {
			if v, _ := f.GetSheetVisible(sh); !v {
				continue
			}
			scale, font := fittest.PrintScale(t, f, sh), fittest.SmallestFont(t, f, sh)
			if printed := font * float64(scale) / 100; printed < reports.MinPrintSize {
				t.Errorf("%s!%s prints its %.0f pt text at %.1f pt (%d%%)", filepath.Base(path), sh, font, printed, scale)
			}
		}
		f.Close()
	}
}

// isUnitText reports whether a template's cell (sheet!cell) is one a unit
// fills: columns I to L of the return sheet.
func isUnitText(ref string) bool {
	sheet, cell, _ := strings.Cut(ref, "!")
	return sheet == returns.ReturnSheet && strings.ContainsRune("IJKL", rune(cell[0]))
}

// TestWritePrintPreview writes the realistic month's workbooks into
// $TAIZHANG_PREVIEW for `make print-preview`; without it, it skips.
func TestWritePrintPreview(t *testing.T) {
	dir := os.Getenv("TAIZHANG_PREVIEW")
	if dir == "" {
		t.Skip("TAIZHANG_PREVIEW not set")
	}
	writeRealisticWorkbooks(t, dir)
}
