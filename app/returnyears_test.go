package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// A month written without its year, in the heading or the file name, is
// the one of that number nearest to the template's month: "12月" on a
// 2024-01 template is 2023-12 (a December return made late from
// January's template), not 2024-12, and "1月" on a 2023-12 template is
// 2024-01.
func TestImportMonthWithoutYearAcrossPlanYears(t *testing.T) {
	a := mustOpen(t)
	addPlan2024(t, a)
	ctx := context.Background()
	jan, _ := fillReturn(t, a, "德胜街道", "2024-01", t.TempDir(), nil)
	dec, _ := fillReturn(t, a, "德胜街道", "2023-12", t.TempDir(), nil)
	retitled := editAs(t, jan, "德胜街道12月补报.xlsx", func(f *excelize.File, c sheetCols) {
		v, _ := f.GetCellValue(returns.ReturnSheet, "A2")
		must(t, f.SetCellValue(returns.ReturnSheet, "A2", strings.Replace(v, "填报月份：2024年1月", "填报月份：12月", 1)))
	})
	before := dumpDB(t, a)
	for file, want := range map[string][]Claim{
		retitled: {{"隐藏的模板信息", "德胜街道", "2024-01"}, {"表头（A2 单元格）", "德胜街道", "2023-12"}, {"文件名“德胜街道12月补报.xlsx”", "德胜街道", "2023-12"}},
		editAs(t, dec, "德胜街道1月报送.xlsx", func(*excelize.File, sheetCols) {}): {{"隐藏的模板信息", "德胜街道", "2023-12"}, {"文件名“德胜街道1月报送.xlsx”", "德胜街道", "2024-01"}},
	} {
		_, err := a.PrepareImport(ctx, file, ImportTarget{})
		var who *WhoseReturnError
		if !errors.As(err, &who) || !slices.Equal(who.Claims, want) {
			t.Errorf("%s: %v, want the claims %v", filepath.Base(file), err, want)
		}
	}
	wantSameDB(t, a, before)
	// The months agree: no question, and the return lands in its year.
	for file, m := range map[string]string{
		editAs(t, jan, "德胜街道1月.xlsx", func(*excelize.File, sheetCols) {}):                 "2024-01",
		editAs(t, dec, "德胜街道12月回执（2024年1月4日报送）.xlsx", func(*excelize.File, sheetCols) {}): "2023-12",
	} {
		if p := mustPrepare(t, a, file, ImportTarget{}); string(p.Month) != m {
			t.Errorf("%s: prepared for %s", filepath.Base(file), p.Month)
		}
	}
}

// A row copied whole from last year's return into this year's template
// keeps last year's measure text: when this year's measure of that ID is
// another measure (last year's was dropped and the ID given to a new one),
// the row is a problem naming the row, the year and both measures, not
// progress put on the new measure. A measure reworded and carried on from
// last year's (linked in the plan import) is the same measure: its old
// text is read as the row's.
func TestImportRowCopiedFromLastYearsReturn(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	p := plan2024(t)
	old := map[string]string{}
	for _, id := range []string{"2-1.4.4", "2-1.14.3"} {
		old[id] = measureOf(t, p, id).Text
	}
	measureOf(t, p, "2-1.4.4").Text = "各街道办事处组织辖区内公共充电设施的排查和安全检查，建立台账。"
	measureOf(t, p, "2-1.14.3").Text += "（2024年修订）"
	links := []data.MeasureLink{{Year: 2024, MeasureID: "2-1.14.3", PrevYear: 2023, PrevMeasureID: "2-1.14.3"}}
	if err := a.AddPlan(ctx, p, links); err != nil {
		t.Fatal(err)
	}
	jan, want := fillReturn(t, a, "德胜街道", "2024-01", t.TempDir(), nil)
	copied := func(ids ...string) string {
		return editAs(t, jan, "德胜街道1月.xlsx", func(f *excelize.File, c sheetCols) {
			must(t, f.UnprotectSheet(returns.ReturnSheet))
			for _, id := range ids {
				datatest.SetCell(t, f, returns.ReturnSheet, c.measure, c.rows[id], old[id])
			}
		})
	}
	var row int
	editAs(t, jan, "x.xlsx", func(f *excelize.File, c sheetCols) { row = c.rows["2-1.4.4"] })
	before := dumpDB(t, a)
	_, err := a.PrepareImport(ctx, copied("2-1.4.4", "2-1.14.3"), ImportTarget{})
	pr := wantProblem(t, err, "措施编号“2-1.4.4”与本行的工作措施不符", "2023 年行动计划措施 2-1.4.4 的内容", "2024 年的措施 2-1.4.4 是另一项措施", "2024 年的填报模板")
	if pr.Row != row || pr.Field != returns.FieldMeasureID || pr.Column != "A" {
		t.Errorf("problem at row %d column %s (%s), want row %d column A", pr.Row, pr.Column, pr.Field, row)
	}
	var ps returns.Problems
	if errors.As(err, &ps); len(ps) != 1 {
		t.Errorf("problems %v, want only the copied row of the dropped measure", ps)
	}
	wantSameDB(t, a, before)
	mustImport(t, a, copied("2-1.14.3"), ImportTarget{})
	wantEntries(t, a, "德胜街道", "2024-01", want)
}

// A row of a measure the new year's plan dropped, copied into this year's
// return from last year's, is refused naming the year that holds it, not
// as an ID the clerk retyped; an ID no year holds still says so.
func TestImportRowOfADroppedMeasure(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	p := plan2024(t)
	for i := range p.Annexes {
		for j := range p.Annexes[i].Sections {
			for k := range p.Annexes[i].Sections[j].Tasks {
				task := &p.Annexes[i].Sections[j].Tasks[k]
				task.Measures = slices.DeleteFunc(task.Measures, func(m data.Measure) bool { return m.ID == "2-1.4.4" })
			}
		}
	}
	must(t, a.AddPlan(ctx, p, nil))
	dec, _ := fillReturn(t, a, "德胜街道", "2023-12", t.TempDir(), nil)
	jan, _ := fillReturn(t, a, "德胜街道", "2024-01", t.TempDir(), nil)
	var row []string
	editAs(t, dec, "x.xlsx", func(f *excelize.File, c sheetCols) {
		rows, err := f.GetRows(returns.ReturnSheet)
		must(t, err)
		row = rows[c.rows["2-1.4.4"]-1]
	})
	var at int
	added := func(id string) string {
		return editAs(t, jan, "德胜街道1月.xlsx", func(f *excelize.File, c sheetCols) {
			rows, err := f.GetRows(returns.ReturnSheet)
			must(t, err)
			at = len(rows) + 1
			r := append([]any{id}, anySlice(row[1:])...)
			must(t, f.SetSheetRow(returns.ReturnSheet, fmt.Sprintf("A%d", at), &r))
		})
	}
	before := dumpDB(t, a)
	_, err := a.PrepareImport(ctx, added("2-1.4.4"), ImportTarget{})
	pr := wantProblem(t, err, "2024 年行动计划中没有编号为“2-1.4.4”的措施", "这是 2023 年行动计划的措施", "不在 2024 年的行动计划中", "请删去这一行")
	if pr.Row != at || pr.Column != "A" {
		t.Errorf("problem at row %d column %s, want row %d column A", pr.Row, pr.Column, at)
	}
	_, err = a.PrepareImport(ctx, added("2-1.4.9"), ImportTarget{})
	wantProblem(t, err, "2024 年行动计划中没有编号为“2-1.4.9”的措施", "请核对措施编号")
	wantSameDB(t, a, before)
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// A return whose hidden sheet is gone (copied into the clerk's own
// workbook) still names its unit and month in its heading: when they are
// not the ones the clerk gave (December's return imported while January
// is picked), the preview names both and applying needs confirmation;
// agreeing with them, it imports as before.
func TestImportBareReturnHeadingNamesAnotherMonth(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	addPlan2024(t, a)
	dec, want := fillReturn(t, a, "德胜街道", "2023-12", t.TempDir(), nil)
	bare := editAs(t, dec, "回执.xlsx", func(f *excelize.File, _ sheetCols) { must(t, f.DeleteSheet(returns.MetaSheet)) })
	before := dumpDB(t, a)
	p := mustPrepare(t, a, bare, ImportTarget{Unit: "德胜街道", Month: "2024-01"})
	wantClaims := []Claim{{"指定的单位和月份", "德胜街道", "2024-01"}, {"表头（A2 单元格）", "德胜街道", "2023-12"}}
	if !p.Supplied || !slices.Equal(p.Settled, wantClaims) || !p.NeedsConfirmation() {
		t.Fatalf("preview: supplied %v, settled %v, confirm %v; want the claims %v", p.Supplied, p.Settled, p.NeedsConfirmation(), wantClaims)
	}
	if _, err := a.ApplyImport(ctx, p, false); data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(ErrorMessage(err), "表头（A2 单元格）写的是另一个单位或月份") {
		t.Errorf("applied unconfirmed: %v", err)
	}
	wantSameDB(t, a, before)
	p = mustPrepare(t, a, bare, ImportTarget{Unit: "德胜街道", Month: "2023-12"})
	if !p.Supplied || p.Settled != nil || p.NeedsConfirmation() {
		t.Fatalf("agreeing: settled %v, confirm %v", p.Settled, p.NeedsConfirmation())
	}
	if _, err := a.ApplyImport(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	wantEntries(t, a, "德胜街道", "2023-12", want)
}

// A return filled in one year's template and pointed at a month of
// another year (--month 2023-12 on January 2024's template) is refused
// saying which year's template it is and which to use.
func TestImportTemplateOfAnotherYearsMonth(t *testing.T) {
	a := mustOpen(t)
	addPlan2024(t, a)
	jan, _ := fillReturn(t, a, "德胜街道", "2024-01", t.TempDir(), nil)
	retitled := editAs(t, jan, "德胜街道12月.xlsx", func(f *excelize.File, c sheetCols) {})
	before := dumpDB(t, a)
	_, err := a.PrepareImport(context.Background(), retitled, ImportTarget{Unit: "德胜街道", Month: "2023-12"})
	pr := wantProblem(t, err, "这是用 2024 年行动计划的填报模板填写的回执表", "不能导入 2023-12。2023年12月的回执", "请用 2023 年的填报模板")
	if pr.Found != "" {
		t.Errorf("the month is quoted again: %q", pr.Found)
	}
	wantSameDB(t, a, before)
}

// A row the unit left as its template pre-filled it (December's entry,
// carried over into the first template of the new plan year) does not
// overwrite what the ledger was given for the month after the template
// was made: it is kept and listed as a correction, the return's value
// taken only with PreferReturn; the fields the ledger holds nothing for
// take the pre-filled values, and rows the unit changed are applied.
func TestImportRowLeftAsPrefilledKeepsTheLedger(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	var links []data.MeasureLink
	for _, id := range []string{"2-1.3.1", "2-1.5.2"} {
		links = append(links, data.MeasureLink{Year: 2024, MeasureID: id, PrevYear: 2023, PrevMeasureID: id})
	}
	must(t, a.AddPlan(ctx, plan2024(t), links))
	for _, id := range []string{"2-1.3.1", "2-1.5.2"} {
		setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: id, Month: "2023-12", Status: ptrTo(data.StatusOnTrack),
			Progress: ptrTo("十二月的进展 " + id), Problems: ptrTo("十二月的问题 " + id)})
	}
	tpl := filepath.Join(t.TempDir(), "模板.xlsx")
	must(t, a.WriteReturnTemplate(ctx, "德胜街道", "2024-01", tpl))
	// Written in the ledger after the template went out.
	setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.3.1", Month: "2024-01", Progress: ptrTo("一月在台账中写的进展")})
	ret := editAs(t, tpl, "德胜街道1月.xlsx", func(f *excelize.File, c sheetCols) {
		datatest.SetCell(t, f, returns.ReturnSheet, c.pr, c.rows["2-1.5.2"], "一月新写的进展")
	})
	for _, prefer := range []bool{false, true} {
		p := mustPrepare(t, a, ret, ImportTarget{PreferReturn: prefer})
		if len(p.Corrections) != 1 || p.Corrections[0].MeasureID != "2-1.3.1" ||
			!slices.Equal(p.Corrections[0].Fields, []FieldChange{{labelProgress, "一月在台账中写的进展", "十二月的进展 2-1.3.1"}}) {
			t.Fatalf("prefer %v: corrections %+v", prefer, p.Corrections)
		}
	}
	mustImport(t, a, ret, ImportTarget{})
	es, err := a.db.Entries(ctx, data.EntryFilter{Unit: "德胜街道", Month: "2024-01"})
	must(t, err)
	got := map[string]data.Entry{}
	for _, e := range es {
		got[e.MeasureID] = e
	}
	for id, want := range map[string][3]string{
		"2-1.3.1": {string(data.StatusOnTrack), "一月在台账中写的进展", "十二月的问题 2-1.3.1"},
		"2-1.5.2": {string(data.StatusOnTrack), "一月新写的进展", "十二月的问题 2-1.5.2"},
	} {
		if e := got[id]; [3]string{string(e.Status), e.Progress, e.Problems} != want {
			t.Errorf("%s after the import: %q %q %q, want %q", id, e.Status, e.Progress, e.Problems, want)
		}
	}
}

// Evidence of a package filed under a measure this year's plan dropped
// (last year's ID) is refused naming the year that holds the measure, not
// as another unit's measure.
func TestImportPackageEvidenceOfADroppedMeasure(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	p := plan2024(t)
	for i := range p.Annexes {
		for j := range p.Annexes[i].Sections {
			for k := range p.Annexes[i].Sections[j].Tasks {
				task := &p.Annexes[i].Sections[j].Tasks[k]
				task.Measures = slices.DeleteFunc(task.Measures, func(m data.Measure) bool { return m.ID == "2-1.14.5" })
			}
		}
	}
	must(t, a.AddPlan(ctx, p, nil))
	setEntry(t, a, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.3", Month: "2024-01", Status: ptrTo(data.StatusOnTrack), Progress: ptrTo("一月巡查")})
	_, err := a.AttachFile(ctx, "德胜街道", "2-1.14.3", "2024-01", tempFile(t, "巡查照片.jpg", []byte("jpeg")), "照片")
	must(t, err)
	pkg := filepath.Join(t.TempDir(), "包.zip")
	must(t, a.WriteReturnPackage(ctx, "德胜街道", "2024-01", pkg))
	moved := rezip(t, pkg, "德胜街道1月包.zip", editManifest(t, func(m *packageManifest) {
		for i := range m.Files {
			if m.Files[i].Kind == "evidence" {
				m.Files[i].MeasureID = "2-1.14.5"
			}
		}
	}), nil)
	before := dumpDB(t, a)
	_, err = a.PrepareImport(ctx, moved, ImportTarget{})
	wantProblem(t, err, "属于措施“2-1.14.5”", "2024 年行动计划中没有这项措施", "它是 2023 年行动计划的措施")
	wantSameDB(t, a, before)
}

// Progress typed into the status column is quoted in part, with its
// length and where it belongs, not repeated whole in the message.
func TestImportProgressInStatusColumn(t *testing.T) {
	a := mustOpen(t)
	dec, _ := fillReturn(t, a, "德胜街道", "2023-12", t.TempDir(), nil)
	long := strings.Repeat("本月开展执法检查", 60)
	ret := editAs(t, dec, "德胜街道12月.xlsx", func(f *excelize.File, c sheetCols) {
		datatest.SetCell(t, f, returns.ReturnSheet, c.st, c.rows["2-1.14.5"], long)
	})
	before := dumpDB(t, a)
	_, err := a.PrepareImport(context.Background(), ret, ImportTarget{})
	pr := wantProblem(t, err, "完成状态“本月开展执法检查本月开展执法检查本月开展…”（480 字）无法识别", "请把它移到“进展情况”列")
	if n := len([]rune(pr.String())); n > 200 || len([]rune(pr.Found)) > 21 {
		t.Errorf("the problem quotes %d characters (found %q): %s", n, pr.Found, pr)
	}
	wantSameDB(t, a, before)
}
