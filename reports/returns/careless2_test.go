package returns

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// One task's cells merged in the plan's columns (附件, 序号, 重点任务,
// 完成时限, 责任类型), as the printed plan lays them out, hide nothing the
// import reads: every row reads with its texts, and only the merged cells
// under the first read blank. A merge over a column the clerk fills (or
// the measure's text) is still refused.
func TestReadMergedPlanColumns(t *testing.T) {
	tpl := sampleTemplate(6)
	b := fill(t, tpl, mustWrite(t, tpl))
	first, last := headerRow+1, headerRow+3 // the rows of task 1
	merged := edit(t, b, func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		for _, col := range []string{"B", "C", "D", "F"} {
			must(t, f.MergeCell(ReturnSheet, cell(colNo(t, col), first), cell(colNo(t, col), last)))
		}
		must(t, f.MergeCell(ReturnSheet, cell(7, last+1), cell(7, last+3)))
	})
	r := mustRead(t, "德胜街道6月.xlsx", merged)
	if len(r.Rows) != len(tpl.Rows) {
		t.Fatalf("read %d rows, want %d", len(r.Rows), len(tpl.Rows))
	}
	for i, g := range r.Rows {
		w := tpl.Rows[i]
		if g.MeasureID != w.MeasureID || g.Measure != w.Measure || g.Status != w.Status || g.Progress != w.Progress ||
			g.Problems != w.Problems || g.NextSteps != w.NextSteps || g.Evidence != w.Evidence {
			t.Errorf("row %d: %+v, want %+v", g.Row, g, w)
		}
		if under := g.Row > first && g.Row <= last; under != (g.Task == "") {
			t.Errorf("row %d: task %q", g.Row, g.Task)
		}
	}
	for _, col := range []string{"E", "I"} {
		refused := edit(t, b, func(f *excelize.File) {
			must(t, f.UnprotectSheet(ReturnSheet))
			must(t, f.MergeCell(ReturnSheet, cell(colNo(t, "D"), first), cell(colNo(t, col), last)))
		})
		_, err := ReadReturn("德胜街道6月.xlsx", refused, ReadOptions{})
		wantProblem(t, problemsOf(t, err), first, "D", "合并了多行", "取消合并")
	}
}

func colNo(t testing.TB, col string) int {
	t.Helper()
	n, err := excelize.ColumnNameToNumber(col)
	must(t, err)
	return n
}
