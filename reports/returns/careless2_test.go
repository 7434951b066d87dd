package returns

import (
	"strings"
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

// A file of a package renamed or moved to another measure's folder after
// packing (same size and SHA-256 as the missing file of the manifest) is
// one problem naming both paths; a file that is no listed one is still
// "not in the manifest", a missing one still "not in the package".
func TestReadPackageFileRenamedAfterPacking(t *testing.T) {
	good := writePackage(t)
	without := func(from string) func(string, []byte) []byte {
		return func(n string, c []byte) []byte {
			if n == from {
				return nil
			}
			return c
		}
	}
	for _, tc := range []struct {
		name   string
		b      []byte
		want   []string
		others int
	}{
		{"renamed", rewrite(t, good, without("佐证材料/2-1.14.5/照片.jpg"), map[string]string{"佐证材料/2-1.14.5/现场照片.jpg": "一"}),
			[]string{"“佐证材料/2-1.14.5/现场照片.jpg”就是清单列出的“佐证材料/2-1.14.5/照片.jpg”", "打包后被改名或移动", "改回“佐证材料/2-1.14.5/照片.jpg”"}, 0},
		{"moved", rewrite(t, good, without("佐证材料/2-1.14.5/照片 (2).jpg"), map[string]string{"佐证材料/2-1.14.3/照片 (2).jpg": "二"}),
			[]string{"“佐证材料/2-1.14.3/照片 (2).jpg”就是清单列出的“佐证材料/2-1.14.5/照片 (2).jpg”"}, 0},
		{"return renamed", rewrite(t, good, without("德胜街道-2023年06月-回执表.xlsx"), map[string]string{"德胜街道6月回执（盖章）.xlsx": "xlsx"}),
			[]string{"“德胜街道6月回执（盖章）.xlsx”就是清单列出的“德胜街道-2023年06月-回执表.xlsx”"}, 0},
		{"renamed and changed", rewrite(t, good, without("佐证材料/2-1.14.5/照片.jpg"), map[string]string{"佐证材料/2-1.14.5/现场照片.jpg": "改"}),
			[]string{"“佐证材料/2-1.14.5/现场照片.jpg”不在清单中"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ReadPackage("包.zip", tc.b)
			ps := problemsOf(t, err)
			if p != nil || len(ps) != 1+tc.others {
				t.Fatalf("ReadPackage = %v, problems %v", p, ps)
			}
			for _, w := range tc.want {
				if !strings.Contains(ps.Error(), w) {
					t.Errorf("no %q in %v", w, ps)
				}
			}
			if tc.others > 0 && !strings.Contains(ps.Error(), "清单列出的文件“佐证材料/2-1.14.5/照片.jpg”不在回执包中") {
				t.Errorf("the missing file is not named: %v", ps)
			}
		})
	}
}

// A column the clerk added whose header is a variant of a template's
// column (完成时间, the day a measure was done, beside 完成时限) is refused
// naming both columns and how to leave it out; left out with the mapping
// the message gives, the return reads.
func TestRefuseHeaderTwiceSaysHowToLeaveItOut(t *testing.T) {
	tpl := sampleTemplate(3)
	b := edit(t, fill(t, tpl, mustWrite(t, tpl)), func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		must(t, f.InsertCols(ReturnSheet, "I", 1))
		must(t, f.SetCellValue(ReturnSheet, "I4", "完成 时间"))
		must(t, f.SetCellValue(ReturnSheet, "I5", "2024-01-15"))
	})
	_, err := ReadReturn("什刹海街道1月.xlsx", b, ReadOptions{})
	wantProblem(t, problemsOf(t, err), 4, "I", "表头“完成时间”与 F 列重复", "--map '完成时间=-'")
	r, err := ReadReturn("什刹海街道1月.xlsx", b, ReadOptions{Map: map[string]Field{"完成时间": Ignore}})
	must(t, err)
	if len(r.Rows) != 3 || r.Rows[0].Progress != tpl.Rows[0].Progress || r.Rows[0].Deadline != tpl.Rows[0].Deadline {
		t.Fatalf("read with 完成时间 left out: %+v", r.Rows)
	}
}
