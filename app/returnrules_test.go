package app

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/reports/returns"
)

// sheetCols are the columns of a return sheet and the rows of its measures.
type sheetCols struct {
	id, no, measure, st, pr, pb, ns, ev string
	header                              int
	rows                                map[string]int
}

func colsOf(t testing.TB, f *excelize.File) sheetCols {
	t.Helper()
	var c sheetCols
	c.id, c.header = columnOf(t, f, returns.ReturnSheet, returns.FieldMeasureID)
	c.no, _ = columnOf(t, f, returns.ReturnSheet, returns.FieldNo)
	c.measure, _ = columnOf(t, f, returns.ReturnSheet, returns.FieldMeasure)
	c.st, _ = columnOf(t, f, returns.ReturnSheet, returns.FieldStatus)
	c.pr, _ = columnOf(t, f, returns.ReturnSheet, returns.FieldProgress)
	c.pb, _ = columnOf(t, f, returns.ReturnSheet, returns.FieldProblems)
	c.ns, _ = columnOf(t, f, returns.ReturnSheet, returns.FieldNextSteps)
	c.ev, _ = columnOf(t, f, returns.ReturnSheet, returns.FieldEvidence)
	c.rows = templateRows(t, f)
	return c
}

// editAs saves src edited by fn as name in a new folder.
func editAs(t testing.TB, src, name string, fn func(f *excelize.File, c sheetCols)) string {
	t.Helper()
	return sheetEdit(t, src, filepath.Join(t.TempDir(), name), func(f *excelize.File) { fn(f, colsOf(t, f)) })
}

func setEntry(t testing.TB, a *App, in data.EntryInput) {
	t.Helper()
	if _, err := a.db.SetEntry(context.Background(), in, "王芳"); err != nil {
		t.Fatal(err)
	}
}

// Rule 1: a blank cell keeps what the ledger holds, and the preview says so.
func TestImportBlankKeepsStored(t *testing.T) {
	a := mustOpen(t)
	path, want := baseReturn(t, a)
	setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: june, Status: ptrTo(data.StatusLate),
		Progress: ptrTo("在界面中写的进展"), Problems: ptrTo("界面中写的问题"), EvidenceNote: ptrTo("界面中的佐证说明")})
	blank := editAs(t, path, "德胜街道6月.xlsx", func(f *excelize.File, c sheetCols) {
		r := c.rows["2-1.14.5"]
		for _, col := range []string{c.st, c.pr, c.pb, c.ev} {
			set(t, f, returns.ReturnSheet, col, r, "")
		}
	})
	p, _ := mustImport(t, a, blank, ImportTarget{})
	w := want["2-1.14.5"]
	w.Status, w.Progress, w.Problems, w.EvidenceNote = data.StatusLate, "在界面中写的进展", "界面中写的问题", "界面中的佐证说明"
	want["2-1.14.5"] = w
	wantEntries(t, a, "德胜街道", june, want)
	if len(p.Kept) != 1 || p.Kept[0].MeasureID != "2-1.14.5" {
		t.Fatalf("kept %+v", p.Kept)
	}
	var kept []string
	for _, f := range p.Kept[0].Fields {
		kept = append(kept, f.Field+"="+f.Old)
	}
	if want := []string{"完成状态=滞后", "进展情况=在界面中写的进展", "存在问题=界面中写的问题", "佐证材料说明=界面中的佐证说明"}; !slices.Equal(kept, want) {
		t.Errorf("kept %q, want %q", kept, want)
	}
	for _, c := range p.Changes {
		if c.MeasureID == "2-1.14.5" && len(c.Fields) != 1 || c.MeasureID == "2-1.14.5" && c.Fields[0].Field != labelNextSteps {
			t.Errorf("change of the blank row %+v", c)
		}
	}
}

// Rule 2: a retyped header is named and must be mapped; a deleted column
// keeps the stored values and is named in the preview.
func TestImportUnknownAndDeletedColumns(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, want := baseReturn(t, a)
	mustImport(t, a, path, ImportTarget{})
	// A second return: 进展情况 retyped, 存在问题 and 下步计划 deleted, every
	// progress text new.
	var progressCell string
	second := editAs(t, path, "德胜街道6月-第二版.xlsx", func(f *excelize.File, c sheetCols) {
		must(t, f.UnprotectSheet(returns.ReturnSheet))
		for id, r := range c.rows {
			set(t, f, returns.ReturnSheet, c.pr, r, "第二版："+id)
		}
		progressCell = c.pr + "4"
		set(t, f, returns.ReturnSheet, c.pr, c.header, "工作完成情况")
		must(t, f.RemoveCol(returns.ReturnSheet, c.ns))
		must(t, f.RemoveCol(returns.ReturnSheet, c.pb))
	})
	before := dumpDB(t, a)
	_, err := a.PrepareImport(ctx, second, ImportTarget{})
	var need *ColumnsNeededError
	if !errors.As(err, &need) || len(need.Columns) != 1 || need.Columns[0] != (returns.UnknownColumn{Sheet: "填报", Cell: progressCell, Column: progressCell[:1], Header: "工作完成情况"}) ||
		data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "--map '工作完成情况=进展情况'") {
		t.Fatalf("unknown header: %T %v", err, err)
	}
	wantSameDB(t, a, before)

	// Left out: nothing of it is imported, every stored text stays.
	p := mustPrepare(t, a, second, ImportTarget{Columns: map[string]returns.Field{"工作完成情况": returns.Ignore}})
	if !slices.Equal(p.Absent, []string{"进展情况", "存在问题", "下步计划"}) || len(p.Changes) != 0 || len(p.Kept) != 0 {
		t.Fatalf("ignored: absent %v, %d changes, kept %v", p.Absent, len(p.Changes), p.Kept)
	}
	// Mapped to 进展情况: the progress changes, problems and next steps stay.
	p = mustPrepare(t, a, second, ImportTarget{Columns: map[string]returns.Field{"工作完成情况": returns.FieldProgress}})
	if _, err := a.ApplyImport(ctx, p, true); err != nil {
		t.Fatal(err)
	}
	for id, e := range want {
		e.Progress = "第二版：" + id
		want[id] = e
	}
	wantEntries(t, a, "德胜街道", june, want)
	if !slices.Equal(p.Absent, []string{"存在问题", "下步计划"}) || len(p.Changes) != len(want) || !slices.Equal(p.Mapped, []string{"“工作完成情况”按进展情况导入"}) {
		t.Errorf("mapped: absent %v, %d changes, mapped %v", p.Absent, len(p.Changes), p.Mapped)
	}
}

// Rule 4: within a batch the second return for a unit and month is checked
// against what the first leaves, and needs confirmation.
func TestImportBatchSameUnitTwice(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	first, want := baseReturn(t, a)
	second := editAs(t, first, "德胜街道6月-更正.xlsx", func(f *excelize.File, c sheetCols) {
		set(t, f, returns.ReturnSheet, c.pr, c.rows["2-1.14.5"], "更正后的进展")
	})
	before := dumpDB(t, a)
	outs := a.PrepareImports(ctx, []string{first, second}, ImportTarget{}, nil)
	if outs[0].Err != nil || outs[1].Err != nil {
		t.Fatal(outs[0].Err, outs[1].Err)
	}
	p := outs[1].Preview
	if len(p.Changes) != 1 || p.Changes[0].MeasureID != "2-1.14.5" || p.Changes[0].Fields[0].Old != want["2-1.14.5"].Progress ||
		p.Conflict == nil || !p.Conflict.InBatch || len(p.Conflict.Differences) != 1 || !p.NeedsConfirmation() ||
		!strings.Contains(p.Summary(), "同一批中已有该单位本月的另一份回执表") {
		t.Fatalf("second of the batch: changes %+v conflict %+v summary %s", p.Changes, p.Conflict, p.Summary())
	}
	wantSameDB(t, a, before)
	a.ApplyImports(ctx, outs, func(*ImportPreview) bool { return false }, nil)
	if outs[0].Record == nil || data.ErrorCode(outs[1].Err) != data.ECONFLICT {
		t.Fatalf("unconfirmed: %+v %v", outs[0].Record, outs[1].Err)
	}
	wantEntries(t, a, "德胜街道", june, want)

	// Confirmed, the second one wins; the same file twice changes nothing.
	a2 := mustOpen(t)
	first2, want2 := baseReturn(t, a2)
	second2 := editAs(t, first2, "更正.xlsx", func(f *excelize.File, c sheetCols) {
		set(t, f, returns.ReturnSheet, c.pr, c.rows["2-1.14.5"], "更正后的进展")
	})
	outs = a2.PrepareImports(ctx, []string{first2, second2, second2}, ImportTarget{}, nil)
	if outs[2].Preview == nil || outs[2].Preview.AlreadyImported == nil || !strings.Contains(outs[2].Preview.Summary(), "同一批中") {
		t.Fatalf("third: %+v", outs[2])
	}
	a2.ApplyImports(ctx, outs, func(*ImportPreview) bool { return true }, nil)
	e := want2["2-1.14.5"]
	e.Progress = "更正后的进展"
	want2["2-1.14.5"] = e
	wantEntries(t, a2, "德胜街道", june, want2)
	if hist, _ := a2.db.ReturnImports(ctx, data.ReturnImportFilter{}); len(hist) != 2 {
		t.Errorf("%d imports recorded, want 2", len(hist))
	}
}

// Rule 5: a row equal to the unit's previous return keeps the ledger's
// correction made since; the clerk may prefer the return.
func TestImportKeepsLedgerCorrections(t *testing.T) {
	for _, prefer := range []bool{false, true} {
		a := mustOpen(t)
		ctx := context.Background()
		first, want := baseReturn(t, a)
		mustImport(t, a, first, ImportTarget{})
		setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: june, Progress: ptrTo("协调人更正的进展")})
		// The unit's corrected return changes another row only.
		second := editAs(t, first, "德胜街道6月-更正.xlsx", func(f *excelize.File, c sheetCols) {
			set(t, f, returns.ReturnSheet, c.pb, c.rows["2-1.14.3"], "新的问题")
		})
		p := mustPrepare(t, a, second, ImportTarget{PreferReturn: prefer})
		if len(p.Corrections) != 1 || p.Corrections[0].MeasureID != "2-1.14.5" ||
			p.Corrections[0].Fields[0] != (FieldChange{labelProgress, "协调人更正的进展", want["2-1.14.5"].Progress}) {
			t.Fatalf("corrections %+v", p.Corrections)
		}
		if _, err := a.ApplyImport(ctx, p, true); err != nil {
			t.Fatal(err)
		}
		e := want["2-1.14.3"]
		e.Problems = "新的问题"
		want["2-1.14.3"] = e
		if !prefer {
			e := want["2-1.14.5"]
			e.Progress = "协调人更正的进展"
			want["2-1.14.5"] = e
		}
		wantEntries(t, a, "德胜街道", june, want)
	}
}

// Rule 6: a template sent back untouched, or filled in a copied sheet, is
// refused and not recorded as received.
func TestImportUntouchedRefused(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: "2023-05", Status: ptrTo(data.StatusOnTrack), Progress: ptrTo("五月进展")})
	tpl := filepath.Join(t.TempDir(), "德胜街道6月.xlsx")
	if err := a.WriteReturnTemplate(ctx, "德胜街道", june, tpl); err != nil {
		t.Fatal(err)
	}
	copied := editAs(t, tpl, "德胜街道6月回执.xlsx", func(f *excelize.File, c sheetCols) {
		i, err := f.NewSheet("6月")
		must(t, err)
		must(t, f.CopySheet(0, i))
		set(t, f, "6月", c.st, c.rows["2-1.14.3"], "已完成")
	})
	before := dumpDB(t, a)
	for file, want := range map[string][]string{tpl: {"没有填写任何内容", "不算报送"}, copied: {"没有填写任何内容", "工作表“6月”中有同样的表头"}} {
		_, err := a.PrepareImport(ctx, file, ImportTarget{})
		wantProblem(t, err, want...)
	}
	wantSameDB(t, a, before)
	tr, err := a.ReturnTracker(ctx, june)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range tr.Units {
		if u.Unit == "德胜街道" && u.Imports != 0 {
			t.Errorf("tracker %+v", u)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
