package app

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/datatest"
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
	c.id, c.header = datatest.Column(t, f, returns.ReturnSheet, returns.FieldMeasureID)
	c.no, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldNo)
	c.measure, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldMeasure)
	c.st, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
	c.pr, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldProgress)
	c.pb, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldProblems)
	c.ns, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldNextSteps)
	c.ev, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldEvidence)
	c.rows = templateRows(t, f)
	return c
}

// editAs saves src edited by fn as name in a new folder.
func editAs(t testing.TB, src, name string, fn func(f *excelize.File, c sheetCols)) string {
	t.Helper()
	return datatest.EditWorkbook(t, src, filepath.Join(t.TempDir(), name), func(f *excelize.File) { fn(f, colsOf(t, f)) })
}

func setEntry(t testing.TB, a *App, in data.EntryInput) {
	t.Helper()
	if _, err := a.db.SetEntry(context.Background(), in.Month.Year(), in, "王芳"); err != nil {
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
			datatest.SetCell(t, f, returns.ReturnSheet, col, r, "")
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
			datatest.SetCell(t, f, returns.ReturnSheet, c.pr, r, "第二版："+id)
		}
		progressCell = c.pr + "4"
		datatest.SetCell(t, f, returns.ReturnSheet, c.pr, c.header, "工作完成情况")
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
	if !slices.Equal(p.Absent, []string{"存在问题", "下步计划"}) || len(p.Changes) != len(want) || !slices.Equal(p.Mapped, []string{progressCell[:1] + " 列“工作完成情况”按进展情况导入"}) {
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
		datatest.SetCell(t, f, returns.ReturnSheet, c.pr, c.rows["2-1.14.5"], "更正后的进展")
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
		datatest.SetCell(t, f, returns.ReturnSheet, c.pr, c.rows["2-1.14.5"], "更正后的进展")
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
			datatest.SetCell(t, f, returns.ReturnSheet, c.pb, c.rows["2-1.14.3"], "新的问题")
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
		datatest.SetCell(t, f, "6月", c.st, c.rows["2-1.14.3"], "已完成")
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

// Rule 7: a heading or a file name naming another month or unit than the
// hidden sheet is asked about; the clerk's --unit/--month settles it.
func TestImportHiddenVisibleDisagree(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	may, _ := fillReturn(t, a, "德胜街道", "2023-05", t.TempDir(), nil)
	retitled := editAs(t, may, "回执.xlsx", func(f *excelize.File, c sheetCols) {
		v, _ := f.GetCellValue(returns.ReturnSheet, "A2")
		must(t, f.SetCellValue(returns.ReturnSheet, "A2", strings.Replace(v, "2023年5月", "2023年6月", 1)))
	})
	renamed := editAs(t, may, "什刹海街道2023年5月.xlsx", func(*excelize.File, sheetCols) {})
	before := dumpDB(t, a)
	for file, want := range map[string][]Claim{
		retitled: {{"隐藏的模板信息", "德胜街道", "2023-05"}, {"表头（A2 单元格）", "德胜街道", "2023-06"}},
		renamed:  {{"隐藏的模板信息", "德胜街道", "2023-05"}, {"文件名“什刹海街道2023年5月.xlsx”", "什刹海街道", "2023-05"}},
	} {
		_, err := a.PrepareImport(ctx, file, ImportTarget{})
		var who *WhoseReturnError
		if !errors.As(err, &who) || !slices.Equal(who.Claims, want) || data.ErrorCode(err) != data.EINVALID ||
			!strings.Contains(ErrorMessage(err), "--unit 和 --month") {
			t.Errorf("%s: %T %v", filepath.Base(file), err, err)
		}
	}
	wantSameDB(t, a, before)
	p := mustPrepare(t, a, retitled, ImportTarget{Unit: "德胜街道", Month: june})
	if p.Unit != "德胜街道" || p.Month != june || len(p.Settled) != 2 {
		t.Fatalf("settled: %s %s %v", p.Unit, p.Month, p.Settled)
	}
	// The file name may be the right one: the clerk's call too (the
	// streets share their measures, so the template fits).
	if p := mustPrepare(t, a, renamed, ImportTarget{Unit: "什刹海街道", Month: "2023-05"}); p.Unit != "什刹海街道" || len(p.Settled) != 2 {
		t.Errorf("settled as %s: %v", p.Unit, p.Settled)
	}
	// Agreeing parts: no question.
	mustPrepare(t, a, editAs(t, may, "德胜街道5月.xlsx", func(*excelize.File, sheetCols) {}), ImportTarget{})
}

// Rule 8: IDs swapped against their rows' texts (a sort of one column) are
// problems naming the row, the ID and the measure the text belongs to.
func TestImportIDContradictsText(t *testing.T) {
	a := mustOpen(t)
	path, _ := baseReturn(t, a)
	var row int
	swapped := editAs(t, path, "德胜街道6月.xlsx", func(f *excelize.File, c sheetCols) {
		row = c.rows["2-1.14.5"]
		datatest.SetCell(t, f, returns.ReturnSheet, c.id, c.rows["2-1.14.3"], "2-1.14.5")
		datatest.SetCell(t, f, returns.ReturnSheet, c.id, row, "2-1.14.3")
	})
	before := dumpDB(t, a)
	_, err := a.PrepareImport(context.Background(), swapped, ImportTarget{})
	pr := wantProblem(t, err, "措施编号“2-1.14.3”与本行的工作措施不符", "措施 2-1.14.5（序号 14）的内容")
	if pr.Row != row || pr.Field != returns.FieldMeasureID {
		t.Errorf("problem at %d %s", pr.Row, pr.Field)
	}
	wantSameDB(t, a, before)
	// Without the text, the 序号 tells.
	noText := editAs(t, path, "x.xlsx", func(f *excelize.File, c sheetCols) {
		must(t, f.UnprotectSheet(returns.ReturnSheet))
		for _, r := range c.rows {
			datatest.SetCell(t, f, returns.ReturnSheet, c.measure, r, "")
		}
		datatest.SetCell(t, f, returns.ReturnSheet, c.no, c.rows["2-1.14.5"], "3")
	})
	_, err = a.PrepareImport(context.Background(), noText, ImportTarget{})
	wantProblem(t, err, "措施编号“2-1.14.5”属于序号 14 的重点任务", "序号是“3”")
}

// Rule 9: the same file again is "already imported" only while the ledger
// still holds what it says.
func TestReimportAfterLaterReturn(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	first, want := baseReturn(t, a)
	mustImport(t, a, first, ImportTarget{})
	later := editAs(t, first, "德胜街道6月-更正.xlsx", func(f *excelize.File, c sheetCols) {
		datatest.SetCell(t, f, returns.ReturnSheet, c.pr, c.rows["2-1.14.5"], "更正后的进展")
	})
	mustImport(t, a, later, ImportTarget{})
	p := mustPrepare(t, a, first, ImportTarget{})
	if p.AlreadyImported != nil || p.Conflict == nil || !p.Conflict.Reimport || !p.NeedsConfirmation() || len(p.Changes) != 1 ||
		strings.Contains(p.Summary(), "未作更改") {
		t.Fatalf("re-import after a later return: already %v conflict %+v changes %d: %s", p.AlreadyImported, p.Conflict, len(p.Changes), p.Summary())
	}
	before := dumpDB(t, a)
	if _, err := a.ApplyImport(ctx, p, false); data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("unconfirmed: %v", err)
	}
	wantSameDB(t, a, before)
	if _, err := a.ApplyImport(ctx, p, true); err != nil {
		t.Fatal(err)
	}
	wantEntries(t, a, "德胜街道", june, want)
	if p := mustPrepare(t, a, first, ImportTarget{}); p.AlreadyImported == nil {
		t.Errorf("the ledger holds the file again: %s", p.Summary())
	}
}

// Rule 10: a status left blank with text written, where the ledger has no
// status either, is a warning to confirm.
func TestImportBlankStatusWithText(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := baseReturn(t, a)
	var row int
	var col string
	blank := editAs(t, path, "德胜街道6月.xlsx", func(f *excelize.File, c sheetCols) {
		row, col = c.rows["2-1.14.5"], c.st
		datatest.SetCell(t, f, returns.ReturnSheet, c.st, row, "")
	})
	before := dumpDB(t, a)
	p := mustPrepare(t, a, blank, ImportTarget{})
	if len(p.Warnings) != 1 || p.Warnings[0].Row != row || p.Warnings[0].Column != col || !p.NeedsConfirmation() ||
		!strings.Contains(p.Warnings[0].String(), "仍显示为“未报送”") || !strings.Contains(p.Summary(), "1 行完成状态为空，需确认") {
		t.Fatalf("warnings %v, summary %s", p.Warnings, p.Summary())
	}
	if _, err := a.ApplyImport(ctx, p, false); data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(ErrorMessage(err), "完成状态为空") {
		t.Fatalf("unconfirmed: %v", err)
	}
	wantSameDB(t, a, before)
	// With a stored status the blank keeps it: nothing to confirm.
	setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: june, Status: ptrTo(data.StatusOnTrack)})
	if p := mustPrepare(t, a, blank, ImportTarget{}); len(p.Warnings) != 0 || p.NeedsConfirmation() {
		t.Errorf("warnings %v with a stored status", p.Warnings)
	}
}

// Rule 13: messages a clerk can act on.
func TestImportMessages(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := baseReturn(t, a)
	before := dumpDB(t, a)
	notMonth := editAs(t, path, "x.xlsx", func(f *excelize.File, _ sheetCols) { metaEdit(t, f, "month", "2023-13") })
	_, err := a.PrepareImport(ctx, notMonth, ImportTarget{})
	wantProblem(t, err, "填报月份“2023-13”不是一个月份")
	heading := editAs(t, path, "y.xlsx", func(f *excelize.File, _ sheetCols) {
		must(t, f.SetCellValue(returns.ReturnSheet, "A2", "填报单位：德胜街道  填报月份：2023年13月"))
	})
	_, err = a.PrepareImport(ctx, heading, ImportTarget{})
	wantProblem(t, err, "A2 单元格中的填报月份“2023年13月”不是一个月份")

	// A hand-made sheet for a unit typed short.
	f := excelize.NewFile()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"措施编号", "完成状态", "进展情况"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"2-1.14.5", "已完成", "完成"}))
	hand := filepath.Join(t.TempDir(), "手工.xlsx")
	must(t, f.SaveAs(hand))
	_, err = a.PrepareImport(ctx, hand, ImportTarget{Unit: "德胜", Month: june})
	wantProblem(t, err, "是否指：德胜街道")

	// A status with a zero-width space is read; one with a filler letter is
	// shown escaped.
	zw := editAs(t, path, "z.xlsx", func(f *excelize.File, c sheetCols) {
		datatest.SetCell(t, f, returns.ReturnSheet, c.st, c.rows["2-1.14.5"], "已完成\u200b")
		datatest.SetCell(t, f, returns.ReturnSheet, c.st, c.rows["2-1.14.3"], "已完成\u3164")
	})
	_, err = a.PrepareImport(ctx, zw, ImportTarget{})
	wantProblem(t, err, "完成状态“已完成<U+3164>”无法识别")
	var ps returns.Problems
	errors.As(err, &ps)
	if len(ps) != 1 {
		t.Errorf("problems %v", ps)
	}
	wantSameDB(t, a, before)
}

// Rule 11: every change an import makes is audited with its source: the
// file, the row and the import record.
func TestImportAuditSource(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := baseReturn(t, a)
	named := editAs(t, path, "德胜街道6月.xlsx", func(*excelize.File, sheetCols) {})
	var row int
	func() {
		f, err := excelize.OpenFile(named)
		must(t, err)
		defer f.Close()
		row = templateRows(t, f)["2-1.14.5"]
	}()
	_, rec := mustImport(t, a, named, ImportTarget{})
	setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: june, Problems: ptrTo("协调人补充的问题")})
	recs, err := a.Audit(ctx, data.AuditFilter{MeasureID: "2-1.14.5", Unit: "德胜街道", Month: june})
	must(t, err)
	want := fmt.Sprintf("回执表“德胜街道6月.xlsx”第 %d 行（导入记录 %d）", row, rec.ID)
	var fromReturn, byHand int
	for _, r := range recs {
		switch {
		case r.Action == data.ActionEntry && r.Field == data.FieldProblems && r.New == "协调人补充的问题":
			byHand++
			if r.Source != "" {
				t.Errorf("a change by hand has source %q", r.Source)
			}
		case r.Action == data.ActionEntry:
			fromReturn++
			if r.Source != want {
				t.Errorf("%s: source %q, want %q", r.Field, r.Source, want)
			}
		}
	}
	if fromReturn != 5 || byHand != 1 {
		t.Errorf("%d audited changes from the return, %d by hand", fromReturn, byHand)
	}
}

// Rule 14: when a return arrived decides 逾期: the import time unless the
// coordinator sets the day; setting it is audited.
func TestReturnReceivedDate(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := baseReturn(t, a)
	_, rec := mustImport(t, a, path, ImportTarget{})
	if !rec.ReceivedAt.Equal(rec.ImportedAt) {
		t.Fatalf("received %v, imported %v", rec.ReceivedAt, rec.ImportedAt)
	}
	state := func() ReturnState {
		tr, err := a.ReturnTracker(ctx, june)
		must(t, err)
		for _, u := range tr.Units {
			if u.Unit == "德胜街道" {
				return u.State
			}
		}
		return ""
	}
	if s := state(); s != ReturnLate { // imported today, years after July 2023
		t.Fatalf("state %s before the date is set", s)
	}
	for _, c := range []struct {
		day  string
		want ReturnState
	}{{"2023-07-04", ReturnReceived}, {"2023-07-06", ReturnLate}, {"2023-07-05", ReturnReceived}} {
		day, want := c.day, c.want
		r, err := a.SetReturnReceived(ctx, "德胜街道", june, day)
		if err != nil || r.ReceivedAt.Local().Format("2006-01-02") != day {
			t.Fatalf("set %s: %+v %v", day, r, err)
		}
		if s := state(); s != want {
			t.Errorf("received %s: %s, want %s", day, s, want)
		}
	}
	recs, err := a.Audit(ctx, data.AuditFilter{Unit: "德胜街道", Month: june})
	must(t, err)
	if r := recs[0]; r.Action != data.ActionReturnReceived || r.Old != "2023-07-06" || r.New != "2023-07-05" {
		t.Errorf("audit %+v", r)
	}
	before := dumpDB(t, a)
	for _, c := range []struct {
		unit, day string
		code      string
	}{{"德胜街道", "7月4日", data.EINVALID}, {"德胜街道", "2999-01-01", data.EINVALID}, {"德胜街道", "2023-05-31", data.EINVALID}, {"区水务局", "2023-07-04", data.ENOTFOUND}} {
		if _, err := a.SetReturnReceived(ctx, c.unit, june, c.day); data.ErrorCode(err) != c.code {
			t.Errorf("%s %s: %v, want %s", c.unit, c.day, err, c.code)
		}
	}
	wantSameDB(t, a, before)
}

// Rule 6 for a template written before templates carried the checksum of
// their pre-fill: rows equal to the previous month's entries are nothing new.
func TestImportUntouchedOldTemplate(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: "2023-05", Status: ptrTo(data.StatusOnTrack), Progress: ptrTo("五月进展")})
	tpl := filepath.Join(t.TempDir(), "德胜街道6月.xlsx")
	must(t, a.WriteReturnTemplate(ctx, "德胜街道", june, tpl))
	old := editAs(t, tpl, "旧模板.xlsx", func(f *excelize.File, _ sheetCols) { metaEdit(t, f, "prefill", "") })
	before := dumpDB(t, a)
	_, err := a.PrepareImport(ctx, old, ImportTarget{})
	wantProblem(t, err, "没有填写任何内容")
	wantSameDB(t, a, before)
	filled := editAs(t, old, "旧模板-已填.xlsx", func(f *excelize.File, c sheetCols) {
		datatest.SetCell(t, f, returns.ReturnSheet, c.pr, c.rows["2-1.14.5"], "六月进展")
	})
	if p := mustPrepare(t, a, filled, ImportTarget{}); len(p.Changes) != 1 {
		t.Errorf("changes %+v", p.Changes)
	}
}

// replacePart rewrites one part of an xlsx package with edit.
func replacePart(t *testing.T, src, dst, part string, edit func(string) string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	must(t, err)
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	must(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		must(t, err)
		c, err := io.ReadAll(rc)
		must(t, err)
		rc.Close()
		if f.Name == part {
			c = []byte(edit(string(c)))
		}
		w, err := zw.Create(f.Name)
		must(t, err)
		w.Write(c)
	}
	must(t, zw.Close())
	must(t, os.WriteFile(dst, buf.Bytes(), 0o644))
	return dst
}

// A text longer than Excel lets one type (a file written by another
// program) is reported with its real length: 40 000 characters and the
// cell's second line.
func TestImportTooLongRealLength(t *testing.T) {
	a := mustOpen(t)
	path, _ := baseReturn(t, a)
	long := strings.Repeat("长", 40000)
	p := replacePart(t, path, filepath.Join(t.TempDir(), "长.xlsx"), "xl/sharedStrings.xml", func(s string) string {
		return strings.Replace(s, "进展：2-1.14.5", long, 1)
	})
	before := dumpDB(t, a)
	_, err := a.PrepareImport(context.Background(), p, ImportTarget{})
	wantProblem(t, err, "进展情况有 40004 字，超过 10000 字的上限")
	wantSameDB(t, a, before)
}

func TestMonthInName(t *testing.T) {
	for name, want := range map[string][2]int{
		"德胜街道6月.xlsx":             {0, 6},
		"德胜街道-2023年06月-填报模板.xlsx": {2023, 6},
		"德胜街道2023-06回执.xlsx":      {2023, 6},
		"德胜街道6月回执（7月3日报送）.xlsx":   {0, 6},
		"德胜街道7月5日报送.xlsx":         {0, 0},
		"德胜街道5月6月合并.xlsx":         {0, 0},
		"回执.xlsx":                 {0, 0},
		"德胜街道13月.xlsx":            {0, 0},
		"德胜街道回执2024-01-04.xlsx":   {0, 0},
		"德胜街道12月回执2024.1.4.xlsx":  {0, 12},
		"德胜街道_2023_12_回执.xlsx":    {2023, 12},
	} {
		if y, m := monthInName(name); [2]int{y, m} != want {
			t.Errorf("monthInName(%q) = %d, %d; want %v", name, y, m, want)
		}
	}
}

// Notes under the table that report nothing (填报人, 审核人) lose nothing and
// are no problem; a status typed with punctuation reads as the word.
func TestImportNotesUnderTable(t *testing.T) {
	a := mustOpen(t)
	path, want := baseReturn(t, a)
	noted := editAs(t, path, "德胜街道6月.xlsx", func(f *excelize.File, c sheetCols) {
		last := 0
		for _, r := range c.rows {
			last = max(last, r)
		}
		datatest.SetCell(t, f, returns.ReturnSheet, c.id, last+2, "填报人：张三")
		datatest.SetCell(t, f, returns.ReturnSheet, c.id, last+3, "审核人：李四  联系电话：66001234")
		datatest.SetCell(t, f, returns.ReturnSheet, c.st, c.rows["2-1.14.5"], "已完成。")
	})
	mustImport(t, a, noted, ImportTarget{})
	e := want["2-1.14.5"]
	e.Status = data.StatusDone
	want["2-1.14.5"] = e
	wantEntries(t, a, "德胜街道", june, want)
}
