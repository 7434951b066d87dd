package ui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/reports/returns"
)

// widgetsOf lists the widgets of type T laid out under o.
func widgetsOf[T fyne.CanvasObject](o fyne.CanvasObject) []T {
	var out []T
	for _, c := range test.LaidOutObjects(o) {
		if w, ok := c.(T); ok {
			out = append(out, w)
		}
	}
	return out
}

// tapButton taps the button labelled text under o.
func tapButton(t *testing.T, o fyne.CanvasObject, text string) {
	t.Helper()
	for _, b := range widgetsOf[*widget.Button](o) {
		if b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q", text)
}

// The wizard asks what a column under an unknown header is, with a drop-down
// per column, and which unit and month are right when the hidden sheet,
// the heading and the file name disagree; then it checks again with the
// answers and shows the kept fields.
func TestImportWizardAsks(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	m := data.Month("2023-06")
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: m, Progress: ptr("界面中写的进展")}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tpl := filepath.Join(dir, "模板.xlsx")
	if err := a.WriteReturnTemplate(ctx, "德胜街道", m, tpl); err != nil {
		t.Fatal(err)
	}
	edit := func(name string, fn func(f *excelize.File)) string {
		f, err := excelize.OpenFile(tpl)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.UnprotectSheet(returns.ReturnSheet); err != nil {
			t.Fatal(err)
		}
		for r := 5; r <= 68; r++ {
			f.SetCellValue(returns.ReturnSheet, "H"+strconv.Itoa(r), "序时推进")
		}
		fn(f)
		p := filepath.Join(dir, name)
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	renamed := edit("德胜街道6月.xlsx", func(f *excelize.File) {
		f.SetCellValue(returns.ReturnSheet, "J4", "问题及困难")
		f.SetCellValue(returns.ReturnSheet, "J5", "资金未到位")
	})
	menuAction(t, w, "导入回执表…")
	z := w.imports
	z.addPaths([]string{renamed})
	z.onCheck()
	waitIdle(t, w)
	content := z.win.Content()
	selects := widgetsOf[*widget.Select](content)
	if len(selects) != 1 || !hasText(content, "工作表“填报”J 列“问题及困难”") || !hasText(content, "有无法识别的列，需选择对应的项") {
		t.Fatalf("%d drop-downs for the unknown column", len(selects))
	}
	tapButton(t, content, "按此对应重新检查")
	if z.running || !hasText(content, "请先为“问题及困难”列选择对应的项") {
		t.Error("checked again without an answer")
	}
	selects[0].SetSelected("存在问题")
	tapButton(t, content, "按此对应重新检查")
	waitIdle(t, w)
	content = z.win.Content()
	p := z.outs[0].Preview
	if p == nil || !hasText(content, "J 列“问题及困难”按存在问题导入") || !hasText(content, "回执表中为空、保留台账内容的项") ||
		!hasText(content, "措施 2-1.14.5：进展情况") || z.apply.Disabled() {
		t.Fatalf("after mapping: %+v %v", p, z.outs[0].Err)
	}

	// The heading says July: which is right?
	july := edit("德胜街道-回执.xlsx", func(f *excelize.File) {
		v, _ := f.GetCellValue(returns.ReturnSheet, "A2")
		f.SetCellValue(returns.ReturnSheet, "A2", strings.Replace(v, "2023年6月", "2023年7月", 1))
	})
	z.onClear()
	z.addPaths([]string{july})
	z.onCheck()
	waitIdle(t, w)
	content = z.win.Content()
	radios := widgetsOf[*widget.RadioGroup](content)
	if len(radios) != 1 || len(radios[0].Options) != 2 || !strings.Contains(radios[0].Options[1], "德胜街道 2023年7月") {
		t.Fatalf("choice %v", radios)
	}
	radios[0].SetSelected(radios[0].Options[0])
	tapButton(t, content, "按所选单位和月份重新检查")
	waitIdle(t, w)
	if p := z.outs[0].Preview; p == nil || p.Month != m || len(p.Settled) != 2 || !hasText(z.win.Content(), "按您选择的德胜街道 2023年6月检查") {
		t.Fatalf("settled: %+v %v", p, z.outs[0].Err)
	}
}

func ptr[T any](v T) *T { return &v }
