package ui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// TestImportPreviewMarks: a measure new this month is marked before its
// title, where the … of a long title cannot cut the mark off, and a field
// the return leaves empty is marked, not only shown as （空）.
func TestImportPreviewMarks(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	const street = "德胜街道"
	const m = data.Month("2023-06")
	own := find(t, a, data.MeasureFilter{Year: 2023, Unit: street})
	held := own[0].Measure.ID // the ledger already holds its 存在问题
	st, problems := data.StatusOnTrack, "旧问题：资金未到位"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: street, MeasureID: held, Month: m, Status: &st, Problems: &problems}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tpl, ret := filepath.Join(dir, "模板.xlsx"), filepath.Join(dir, "回执.xlsx")
	if err := a.WriteReturnTemplate(ctx, street, m, tpl); err != nil {
		t.Fatal(err)
	}
	fillTemplate(t, tpl, ret, string(data.StatusDone), false)
	blankProblems(t, ret, held)

	w.onImportReturns()
	z := w.imports
	z.onDropped([]fyne.URI{storage.NewFileURI(ret)})
	z.onCheck()
	waitIdle(t, w)
	p := z.outs[0].Preview
	if p == nil {
		t.Fatalf("the return gives %v", z.outs[0].Err)
	}
	var titles, fields []string
	for _, o := range test.LaidOutObjects(z.win.Content()) {
		if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "措施 ") {
			titles = append(titles, l.Text)
		}
		if l, ok := o.(*widget.Label); ok && strings.HasPrefix(l.Text, "    ") {
			fields = append(fields, l.Text)
		}
	}
	newOnes := 0
	for _, c := range p.Changes {
		if !c.New {
			continue
		}
		newOnes++
		found := false
		for _, tl := range titles {
			found = found || (strings.HasPrefix(tl, "【本月新填】") && strings.Contains(tl, "措施 "+c.MeasureID+" "))
		}
		if !found {
			t.Errorf("measure %s, new this month, has no 【本月新填】 before its title", c.MeasureID)
		}
	}
	if newOnes == 0 || newOnes != len(own)-1 {
		t.Errorf("%d measures new this month, want %d", newOnes, len(own)-1)
	}
	for _, tl := range titles {
		if strings.Contains(tl, "措施 "+held+" ") && strings.Contains(tl, "本月新填") {
			t.Errorf("measure %s, held in the ledger, is marked new: %q", held, tl)
		}
	}
	// The blank 存在问题 keeps the ledger's text and says so beside the
	// measure's changes; no field shows only as → （空）.
	marked := false
	for _, f := range fields {
		if strings.HasSuffix(f, "→ （空）") && !strings.Contains(f, "【") {
			t.Errorf("a field shown only as → （空）: %q", f)
		}
		marked = marked || strings.Contains(f, "存在问题【回执表为空，保留】：旧问题：资金未到位")
	}
	if !marked {
		t.Errorf("the emptied 存在问题 of %s is not marked", held)
	}
}

// blankProblems empties the 存在问题 cell of measure id in the return at path.
func blankProblems(t *testing.T, path, id string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	idCol, header := datatest.Column(t, f, returns.ReturnSheet, returns.FieldMeasureID)
	probCol, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldProblems)
	for r := header + 1; ; r++ {
		v, err := f.GetCellValue(returns.ReturnSheet, idCol+strconv.Itoa(r))
		if err != nil {
			t.Fatal(err)
		}
		if v == "" {
			break
		}
		if v == id {
			datatest.SetCell(t, f, returns.ReturnSheet, probCol, r, "")
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no row for measure %s in %s", id, path)
}
