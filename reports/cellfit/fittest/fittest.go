// Package fittest checks a written workbook against cellfit: every row as
// tall as its texts need, for the tests of the packages that write one.
package fittest

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/reports/cellfit"
)

// cellWidths maps each cell of a sheet that shows text to the width it has
// (a merged range's total), skipping the cells a merge covers.
func cellWidths(t testing.TB, f *excelize.File, sheet string) func(col, row int) (float64, bool) {
	t.Helper()
	merges, err := f.GetMergeCells(sheet)
	if err != nil {
		t.Fatal(err)
	}
	width := func(c int) float64 {
		name, _ := excelize.ColumnNumberToName(c)
		w, err := f.GetColWidth(sheet, name)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	merged := map[[2]int]float64{}
	covered := map[[2]int]bool{}
	for _, mc := range merges {
		c1, r1, _ := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if r1 != r2 {
			t.Fatalf("%s: merge %s–%s spans rows", sheet, mc.GetStartAxis(), mc.GetEndAxis())
		}
		w := 0.0
		for c := c1; c <= c2; c++ {
			w += width(c)
			covered[[2]int{c, r1}] = c > c1
		}
		merged[[2]int{c1, r1}] = w
	}
	return func(col, row int) (float64, bool) {
		k := [2]int{col, row}
		if covered[k] {
			return 0, false
		}
		if w, ok := merged[k]; ok {
			return w, true
		}
		return width(col), true
	}
}

// CheckRows reads every row of every visible sheet back and fails for a row
// lower than any of its texts needs, or a text taller than Excel's tallest
// row; it returns the rows checked and the tallest need.
func CheckRows(t testing.TB, f *excelize.File) (rows int, tallest float64) {
	t.Helper()
	rows, tallest, over := CheckRowsBut(t, f)
	for _, ref := range over {
		t.Errorf("%s needs more than a row can be", ref)
	}
	return rows, tallest
}

// CheckRowsBut is CheckRows for a workbook whose texts may exceed Excel's
// tallest row (a unit's own text in a return, which a row cannot split):
// it fails for a row lower than a text needs, and returns the cells whose
// text needs more than the tallest row (sheet!cell) for the caller to judge.
func CheckRowsBut(t testing.TB, f *excelize.File) (rows int, tallest float64, over []string) {
	t.Helper()
	for _, sh := range f.GetSheetList() {
		if visible, _ := f.GetSheetVisible(sh); !visible {
			continue
		}
		width := cellWidths(t, f, sh)
		all, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for i, cols := range all {
			r := i + 1
			h, err := f.GetRowHeight(sh, r)
			if err != nil {
				t.Fatal(err)
			}
			rows++
			for j, v := range cols {
				w, ok := width(j+1, r)
				if v == "" || !ok {
					continue
				}
				ref, _ := excelize.CoordinatesToCellName(j+1, r)
				id, _ := f.GetCellStyle(sh, ref)
				st, err := f.GetStyle(id)
				if err != nil || st.Font == nil {
					t.Fatalf("%s!%s: no font (%v)", sh, ref, err)
				}
				need := cellfit.Need(v, w, st.Font.Size)
				tallest = max(tallest, need)
				if need > cellfit.MaxHeight {
					over = append(over, sh+"!"+ref)
					if h < cellfit.MaxHeight {
						t.Errorf("%s!%s: row %.1f pt, lower than the tallest though its text needs %.0f pt", sh, ref, h, need)
					}
				} else if h < need {
					t.Errorf("%s!%s: row %.1f pt, its text needs %.0f pt", sh, ref, h, need)
				}
			}
		}
	}
	return rows, tallest, over
}

// PrintScale is the scale in percent fit-to-width prints a sheet at, from
// the page setup and the column widths read back; it fails unless the sheet
// is set up for A4 landscape fit to width.
func PrintScale(t testing.TB, f *excelize.File, sheet string) int {
	t.Helper()
	lay, err := f.GetPageLayout(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if *lay.Size != 9 || *lay.Orientation != "landscape" || *lay.FitToWidth != 1 {
		t.Fatalf("%s: page layout %+v, want A4 landscape fit to width", sheet, lay)
	}
	mg, err := f.GetPageMargins(sheet)
	if err != nil {
		t.Fatal(err)
	}
	// The printed columns: those holding a value or a merged range.
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	merges, _ := f.GetMergeCells(sheet)
	for _, mc := range merges {
		c, _, _ := excelize.CellNameToCoordinates(mc.GetEndAxis())
		cols = max(cols, c)
	}
	var widths []float64
	for c := 1; c <= cols; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, _ := f.GetColWidth(sheet, name)
		if v, _ := f.GetColVisible(sheet, name); v {
			widths = append(widths, w)
		}
	}
	page := (297/25.4 - *mg.Left - *mg.Right) * 72
	return cellfit.FitScale(widths, page)
}

// SmallestFont is the smallest font size of the cells of sheet that hold
// text.
func SmallestFont(t testing.TB, f *excelize.File, sheet string) float64 {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	least := 100.0
	for i, r := range rows {
		for j, v := range r {
			if v == "" {
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(j+1, i+1)
			id, _ := f.GetCellStyle(sheet, ref)
			st, _ := f.GetStyle(id)
			least = min(least, st.Font.Size)
		}
	}
	return least
}
