package app

import (
	"context"
	"errors"
	"fmt"
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

const june = data.Month("2023-06")

func TestReturnTemplate(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	if _, err := a.db.SetEntry(ctx, 2023, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: "2023-05",
		Status: ptrTo(data.StatusOnTrack), Progress: ptrTo("五月进展")}, "王芳"); err != nil {
		t.Fatal(err)
	}
	for _, unit := range []string{"德胜街道", "区水务局"} {
		tpl, err := a.ReturnTemplate(ctx, unit, june)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: unit})
		if err != nil {
			t.Fatal(err)
		}
		var want, got []string
		for _, r := range rows {
			want = append(want, r.Measure.ID)
		}
		for _, r := range tpl.Rows {
			got = append(got, r.MeasureID)
			if r.Role != "主责" && r.Role != "协办" {
				t.Errorf("%s role %q", r.MeasureID, r.Role)
			}
		}
		if !slices.Equal(got, want) || tpl.Meta.Checksum != returns.Checksum(want) || tpl.Meta.Month != "2023-06" || tpl.Meta.PlanYear != 2023 {
			t.Errorf("%s: template rows %v, meta %+v; want %v", unit, got, tpl.Meta, want)
		}
		if len(tpl.Statuses) != 5 {
			t.Errorf("statuses %v", tpl.Statuses)
		}
		if street := unit == "德胜街道"; street != (len(tpl.Indicators) > 0) {
			t.Errorf("%s: %d indicators", unit, len(tpl.Indicators))
		}
	}
	tpl, _ := a.ReturnTemplate(ctx, "德胜街道", june)
	for _, r := range tpl.Rows {
		if r.MeasureID == "2-1.14.5" && (r.Status != "序时推进" || r.Progress != "五月进展") {
			t.Errorf("not pre-filled from May: %+v", r)
		}
	}
	if pm := tpl.Indicators[0]; pm.Key != "pm25" || pm.Target != "29" {
		t.Errorf("first indicator %+v", pm)
	}
	// The indicator sheet follows the measures' month rule: May's value,
	// not June's.
	for m, v := range map[data.Month]string{"2023-05": "33", june: "30"} {
		if _, err := a.db.SetIndicatorActual(ctx, 2023, data.IndicatorActualInput{Indicator: "pm25", Area: "德胜街道", Month: m, Value: v}, "王芳"); err != nil {
			t.Fatal(err)
		}
	}
	if tpl, _ := a.ReturnTemplate(ctx, "德胜街道", june); tpl.Indicators[0].Value != "33" || tpl.PrefilledFrom != "2023-05" {
		t.Errorf("PM2.5 pre-filled with %q from %q, want May's 33", tpl.Indicators[0].Value, tpl.PrefilledFrom)
	}
	if _, err := a.ReturnTemplate(ctx, "各街道办事处", june); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("template of a group: %v", err)
	}

	dir := t.TempDir()
	var calls []int
	paths, err := a.WriteReturnTemplates(ctx, june, dir, func(done, total int) { calls = append(calls, done*1000+total) })
	if err != nil {
		t.Fatal(err)
	}
	units, _ := a.ReturnUnits(ctx, 2023)
	if len(paths) != len(units) || len(calls) != len(units) || calls[len(calls)-1] != len(units)*1001 {
		t.Errorf("%d files, %d progress calls for %d units", len(paths), len(calls), len(units))
	}
	if _, err := os.Stat(filepath.Join(dir, "德胜街道-2023年06月-填报模板.xlsx")); err != nil {
		t.Error(err)
	}
}

func ptrTo[T any](v T) *T { return &v }

func TestReturnRoundTrip(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	dir := t.TempDir()
	for _, unit := range []string{"德胜街道", "区水务局"} {
		t.Run(unit, func(t *testing.T) {
			values := map[string]string{}
			tpl, err := a.ReturnTemplate(ctx, unit, june)
			if err != nil {
				t.Fatal(err)
			}
			for i, ind := range tpl.Indicators {
				values[ind.Key] = fmt.Sprint(20 + i)
			}
			if len(values) > 0 {
				values["pm25"] = "31.5"
			}
			path, want := fillReturn(t, a, unit, june, dir, values)
			p := mustPrepare(t, a, path, ImportTarget{})
			if len(p.Changes) != len(want) || p.Unchanged != 0 || len(p.Guesses) != 0 || len(p.Missing) != 0 || p.NeedsConfirmation() || p.Supplied {
				t.Errorf("preview: %d changes (want %d), %d unchanged, %d guesses", len(p.Changes), len(want), p.Unchanged, len(p.Guesses))
			}
			if c := p.Changes[0]; !c.New || c.Fields[0].Field != "完成状态" || c.Row == 0 {
				t.Errorf("first change %+v", c)
			}
			r, err := a.ApplyImport(ctx, p, false)
			if err != nil {
				t.Fatal(err)
			}
			if r.Changed != len(want) || r.Unit != p.Unit || r.SHA256 != p.SHA256 || r.Kind != data.ReturnXLSX {
				t.Errorf("record %+v", r)
			}
			wantEntries(t, a, unit, june, want)
			acts, err := a.db.IndicatorActuals(ctx, 2023, june)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, v := range acts {
				if v.Area == p.Unit {
					got[v.Indicator] = data.FormatValue(v.Value)
				}
			}
			if unit == "德胜街道" {
				if len(got) != len(tpl.Indicators) || got["pm25"] != "31.5" || r.Indicators != len(tpl.Indicators) {
					t.Errorf("actuals %v for %d indicators, record %+v", got, len(tpl.Indicators), r)
				}
			} else if len(got) != 0 {
				t.Errorf("a department stored actuals %v", got)
			}
			var kept strings.Builder
			if _, err := a.db.WriteBlob(ctx, r.SHA256, &kept); err != nil {
				t.Fatal(err)
			}
			if b, _ := os.ReadFile(path); kept.String() != string(b) {
				t.Error("the kept original differs from the file")
			}
		})
	}
}

// baseReturn generates 德胜街道's June template and fills it.
func baseReturn(t *testing.T, a *App) (string, map[string]data.Entry) {
	t.Helper()
	return fillReturn(t, a, "德胜街道", june, t.TempDir(), nil)
}

func TestImportTolerances(t *testing.T) {
	edits := []struct {
		name string
		edit func(t *testing.T, f *excelize.File)
	}{
		{"sorted rows", func(t *testing.T, f *excelize.File) {
			rows := templateRows(t, f)
			var ids []string
			for id := range rows {
				ids = append(ids, id)
			}
			slices.Sort(ids)
			// Rewrite every row in reverse ID order: the sheet as sorted by a clerk.
			all, _ := f.GetRows(returns.ReturnSheet)
			first := slices.Min(mapValues(rows))
			k := 0
			for _, id := range slices.Backward(ids) {
				src := all[rows[id]-1]
				vals := make([]any, len(src))
				for j, v := range src {
					vals[j] = v
				}
				if err := f.SetSheetRow(returns.ReturnSheet, fmt.Sprintf("A%d", first+k), &vals); err != nil {
					t.Fatal(err)
				}
				k++
			}
		}},
		{"blank rows", func(t *testing.T, f *excelize.File) {
			rows := templateRows(t, f)
			for _, r := range []int{slices.Max(mapValues(rows)), slices.Min(mapValues(rows)) + 3, slices.Min(mapValues(rows)) + 1} {
				if err := f.InsertRows(returns.ReturnSheet, r, 2); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"extra spaces and line breaks", func(t *testing.T, f *excelize.File) {
			st, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
			pr, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldProgress)
			for _, row := range templateRows(t, f) {
				v, _ := f.GetCellValue(returns.ReturnSheet, fmt.Sprintf("%s%d", st, row))
				datatest.SetCell(t, f, returns.ReturnSheet, st, row, " "+v+" \n")
				p, _ := f.GetCellValue(returns.ReturnSheet, fmt.Sprintf("%s%d", pr, row))
				datatest.SetCell(t, f, returns.ReturnSheet, pr, row, "\r\n  "+strings.ReplaceAll(p, "\n", "\r\n")+"  \n")
			}
		}},
		{"header moved down", func(t *testing.T, f *excelize.File) {
			_, header := datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
			if err := f.InsertRows(returns.ReturnSheet, header, 1); err != nil {
				t.Fatal(err)
			}
		}},
		{"extra columns", func(t *testing.T, f *excelize.File) {
			_, header := datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
			datatest.SetCell(t, f, returns.ReturnSheet, "N", header, "备注")
			datatest.SetCell(t, f, returns.ReturnSheet, "O", header, "联系人")
			for _, row := range templateRows(t, f) {
				datatest.SetCell(t, f, returns.ReturnSheet, "N", row, "已核")
				datatest.SetCell(t, f, returns.ReturnSheet, "O", row, "李四 13800000000")
			}
		}},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			a := mustOpen(t)
			path, want := baseReturn(t, a)
			edited := datatest.EditWorkbook(t, path, filepath.Join(t.TempDir(), "edited.xlsx"), func(f *excelize.File) { e.edit(t, f) })
			// Added columns are the clerk's to map: here, left out.
			p, r := mustImport(t, a, edited, ImportTarget{Columns: map[string]returns.Field{"备注": returns.Ignore, "联系人": returns.Ignore}})
			if len(p.Guesses) != 0 || r == nil || r.Changed != len(want) {
				t.Errorf("guesses %v, record %+v, want %d changed", p.Guesses, r, len(want))
			}
			wantEntries(t, a, "德胜街道", june, want)
		})
	}

	t.Run("hidden sheet gone", func(t *testing.T) {
		a := mustOpen(t)
		path, want := baseReturn(t, a)
		edited := datatest.EditWorkbook(t, path, filepath.Join(t.TempDir(), "无模板信息.xlsx"), func(f *excelize.File) {
			if err := f.DeleteSheet(returns.MetaSheet); err != nil {
				t.Fatal(err)
			}
		})
		before := dumpDB(t, a)
		_, err := a.PrepareImport(context.Background(), edited, ImportTarget{})
		var need *UnitMonthNeededError
		if !errors.As(err, &need) || data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "--unit") {
			t.Fatalf("without unit and month: %v", err)
		}
		wantSameDB(t, a, before)
		p, _ := mustImport(t, a, edited, ImportTarget{Unit: "德胜街道", Month: june})
		if !p.Supplied || p.Unit != "德胜街道" || len(p.Guesses) != 0 {
			t.Errorf("preview %+v", p)
		}
		wantEntries(t, a, "德胜街道", june, want)
	})

	t.Run("hand-made sheet matched by 序号 and text", func(t *testing.T) {
		a := mustOpen(t)
		ctx := context.Background()
		tpl, err := a.ReturnTemplate(ctx, "德胜街道", june)
		if err != nil {
			t.Fatal(err)
		}
		f := excelize.NewFile()
		head := []any{"序号", "工作措施", "完成状态", "进展情况", "存在问题", "下步计划", "佐证材料说明"}
		if err := f.SetSheetRow("Sheet1", "A2", &head); err != nil {
			t.Fatal(err)
		}
		datatest.SetCell(t, f, "Sheet1", "A", 1, "德胜街道6月工作进展")
		want := map[string]data.Entry{}
		for i, r := range tpl.Rows[:3] {
			e := filled(r.MeasureID, i)
			row := []any{r.No, " " + r.Measure + " ", string(e.Status), e.Progress, e.Problems, e.NextSteps, e.EvidenceNote}
			if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+3), &row); err != nil {
				t.Fatal(err)
			}
			want[r.MeasureID] = e
		}
		path := filepath.Join(t.TempDir(), "手工表.xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		p := mustPrepare(t, a, path, ImportTarget{Unit: "德胜街道", Month: june})
		if len(p.Guesses) != 3 || !p.NeedsConfirmation() || p.Guesses[0].MeasureID != tpl.Rows[0].MeasureID || p.Guesses[0].Row != 3 {
			t.Fatalf("guesses %+v", p.Guesses)
		}
		if len(p.Missing) != len(tpl.Rows)-3 || p.Missing[0] != tpl.Rows[3].MeasureID {
			t.Errorf("%d measures missing, want %d", len(p.Missing), len(tpl.Rows)-3)
		}
		before := dumpDB(t, a)
		if _, err := a.ApplyImport(ctx, p, false); data.ErrorCode(err) != data.ECONFLICT {
			t.Errorf("unconfirmed guesses applied: %v", err)
		}
		wantSameDB(t, a, before)
		r, err := a.ApplyImport(ctx, p, true)
		if err != nil || r.Guessed != 3 {
			t.Fatalf("confirmed: %+v, %v", r, err)
		}
		wantEntries(t, a, "德胜街道", june, want)
	})
}

func mapValues(m map[string]int) []int {
	var out []int
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// wantProblem fails unless err is returns.Problems with one problem whose
// message has every want string; it returns that problem.
func wantProblem(t *testing.T, err error, want ...string) returns.Problem {
	t.Helper()
	var ps returns.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v (%T), want returns.Problems", err, err)
	}
	for _, p := range ps {
		all := true
		for _, w := range want {
			all = all && strings.Contains(p.String()+" "+p.Found, w)
		}
		if all {
			return p
		}
	}
	t.Fatalf("no problem with %q in:\n%v", want, ps)
	return returns.Problem{}
}

// metaEdit changes the value of a key of the hidden sheet.
func metaEdit(t *testing.T, f *excelize.File, key, value string) {
	rows, err := f.GetRows(returns.MetaSheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == key {
			datatest.SetCell(t, f, returns.MetaSheet, "B", i+1, value)
			return
		}
	}
	t.Fatalf("no key %s in the hidden sheet", key)
}

func TestImportProblemsChangeNothing(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := baseReturn(t, a)
	dir := t.TempDir()
	var rows map[string]int
	var st, pr, idCol string
	func() {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows = templateRows(t, f)
		st, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
		pr, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldProgress)
		idCol, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldMeasureID)
	}()
	row := rows["2-1.14.5"]
	cases := []struct {
		name   string
		edit   func(f *excelize.File)
		target ImportTarget
		want   []string
	}{
		{"unknown measure ID", func(f *excelize.File) { datatest.SetCell(t, f, returns.ReturnSheet, idCol, row, "9.9.9") },
			ImportTarget{}, []string{"9.9.9", fmt.Sprintf("第 %d 行", row), idCol + " 列"}},
		{"measure of another unit", func(f *excelize.File) { datatest.SetCell(t, f, returns.ReturnSheet, idCol, row, "3.13.1") },
			ImportTarget{}, []string{"3.13.1", "不是德胜街道的措施"}},
		{"bad status", func(f *excelize.File) { datatest.SetCell(t, f, returns.ReturnSheet, st, row, "差不多吧") },
			ImportTarget{}, []string{"差不多吧", fmt.Sprintf("第 %d 行 %s 列", row, st)}},
		{"overlong text", func(f *excelize.File) {
			datatest.SetCell(t, f, returns.ReturnSheet, pr, row, strings.Repeat("长", data.MaxText+1))
		}, ImportTarget{}, []string{"超过 10000 字", pr + " 列"}},
		{"duplicate row", func(f *excelize.File) {
			// The row of 2-1.14.3 made a copy of 2-1.14.5's, text and all.
			datatest.SetCell(t, f, returns.ReturnSheet, idCol, rows["2-1.14.3"], "2-1.14.5")
			mc, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldMeasure)
			text, _ := f.GetCellValue(returns.ReturnSheet, fmt.Sprintf("%s%d", mc, row))
			datatest.SetCell(t, f, returns.ReturnSheet, mc, rows["2-1.14.3"], text)
		}, ImportTarget{}, []string{"2-1.14.5", "已经填过"}},
		{"wrong month", nil, ImportTarget{Unit: "德胜街道", Month: "2023-07"}, []string{"不是 2023-07 的"}},
		{"wrong unit", nil, ImportTarget{Unit: "区水务局", Month: june}, []string{"德胜街道的回执表，不是区水务局的"}},
		{"unknown unit given", nil, ImportTarget{Unit: "火星街道", Month: june}, []string{"火星街道"}},
		{"wrong plan year", func(f *excelize.File) { metaEdit(t, f, "plan_year", "2022") }, ImportTarget{}, []string{"2022 年"}},
		{"checksum mismatch", func(f *excelize.File) { metaEdit(t, f, "checksum", strings.Repeat("0", 64)) },
			ImportTarget{}, []string{"校验值不符"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := path
			if c.edit != nil {
				p = datatest.EditWorkbook(t, path, filepath.Join(dir, c.name+".xlsx"), c.edit)
			}
			before := dumpDB(t, a)
			_, err := a.PrepareImport(ctx, p, c.target)
			wantProblem(t, err, c.want...)
			wantSameDB(t, a, before)
		})
	}

	t.Run("closed month", func(t *testing.T) {
		pv := mustPrepare(t, a, path, ImportTarget{})
		if err := a.CloseMonth(ctx, june); err != nil {
			t.Fatal(err)
		}
		defer a.ReopenMonth(ctx, june)
		before := dumpDB(t, a)
		_, err := a.ApplyImport(ctx, pv, true)
		if data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(ErrorMessage(err), "已关账") {
			t.Errorf("closed month: %v", err)
		}
		// Not a fault of the file: an error of its own, not a problem to fix.
		_, err = a.PrepareImport(ctx, path, ImportTarget{})
		var ps returns.Problems
		if errors.As(err, &ps) || data.ErrorCode(err) != data.ECONFLICT || !strings.Contains(ErrorMessage(err), "2023年6月已关账") ||
			!strings.Contains(ErrorMessage(err), "回执表本身没有问题") {
			t.Errorf("closed month: %T %v", err, err)
		}
		wantSameDB(t, a, before)
	})

	files := []struct {
		name    string
		content []byte
		want    string
	}{
		{"旧格式.xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), "xls"},
		{"回执.csv", []byte("措施编号,完成状态\n2-1.14.5,已完成\n"), "csv"},
		{"损坏.xlsx", []byte("PK\x03\x04 broken"), "损坏"},
		{"照片.xlsx", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, make([]byte, 100)...), "xlsx"},
		{"空文件.xlsx", nil, "空"},
	}
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			p := filepath.Join(dir, f.name)
			if err := os.WriteFile(p, f.content, 0o644); err != nil {
				t.Fatal(err)
			}
			before := dumpDB(t, a)
			_, err := a.PrepareImport(ctx, p, ImportTarget{Unit: "德胜街道", Month: june})
			if err == nil || !strings.Contains(strings.ToLower(ErrorMessage(err)), f.want) || data.ErrorCode(err) == data.EINTERNAL {
				t.Errorf("%s: %v", f.name, err)
			}
			wantSameDB(t, a, before)
		})
	}
}

func TestReimport(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := baseReturn(t, a)
	_, first := mustImport(t, a, path, ImportTarget{})

	before := dumpDB(t, a)
	p := mustPrepare(t, a, path, ImportTarget{})
	if p.AlreadyImported == nil || p.AlreadyImported.ID != first.ID || !strings.Contains(p.Summary(), "已导入过") ||
		!strings.Contains(p.Summary(), "未作更改") || p.NeedsConfirmation() {
		t.Errorf("same file again: %+v, %q", p.AlreadyImported, p.Summary())
	}
	if r, err := a.ApplyImport(ctx, p, true); r != nil || err != nil {
		t.Errorf("applying the same file: %+v, %v", r, err)
	}
	wantSameDB(t, a, before)

	// A copy saved again by another program without changes: another
	// file, nothing to confirm.
	copied := datatest.EditWorkbook(t, path, filepath.Join(t.TempDir(), "另存.xlsx"), func(f *excelize.File) {
		if err := f.SetDocProps(&excelize.DocProperties{Creator: "WPS 表格"}); err != nil {
			t.Fatal(err)
		}
	})
	p = mustPrepare(t, a, copied, ImportTarget{})
	if p.SHA256 == first.SHA256 || p.Conflict == nil || len(p.Conflict.Differences) != 0 || len(p.Changes) != 0 || p.NeedsConfirmation() {
		t.Errorf("unchanged copy: conflict %+v, %d changes, needs confirmation %v", p.Conflict, len(p.Changes), p.NeedsConfirmation())
	}

	// A corrected return: one status and one text changed.
	var st, pr string
	var row int
	fixed := datatest.EditWorkbook(t, path, filepath.Join(t.TempDir(), "更正.xlsx"), func(f *excelize.File) {
		st, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
		pr, _ = datatest.Column(t, f, returns.ReturnSheet, returns.FieldProgress)
		row = templateRows(t, f)["2-1.14.5"]
		datatest.SetCell(t, f, returns.ReturnSheet, st, row, "已完成")
		datatest.SetCell(t, f, returns.ReturnSheet, pr, row, "已全部完成")
	})
	p = mustPrepare(t, a, fixed, ImportTarget{})
	if p.Conflict == nil || p.Conflict.Previous.ID != first.ID || !p.NeedsConfirmation() || len(p.Conflict.Differences) != 1 {
		t.Fatalf("conflict %+v", p.Conflict)
	}
	d := p.Conflict.Differences[0]
	if d.MeasureID != "2-1.14.5" || len(d.Fields) == 0 || d.Fields[len(d.Fields)-1].New == "" {
		t.Errorf("difference %+v", d)
	}
	if _, err := a.ApplyImport(ctx, p, false); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("unconfirmed conflicting import: %v", err)
	}
	wantSameDB(t, a, before)
	r, err := a.ApplyImport(ctx, p, true)
	if err != nil || r.Changed != 1 {
		t.Fatalf("confirmed: %+v, %v", r, err)
	}
	hist, err := a.db.ReturnImports(ctx, data.ReturnImportFilter{Unit: "德胜街道", Month: june})
	if err != nil || len(hist) != 2 || hist[0].SHA256 == hist[1].SHA256 {
		t.Errorf("history %+v, %v", hist, err)
	}
	for _, h := range hist {
		if _, err := a.db.WriteBlob(ctx, h.SHA256, new(strings.Builder)); err != nil {
			t.Errorf("original of %s: %v", h.FileName, err)
		}
	}
}

func TestImportSeveralFiles(t *testing.T) {
	a := mustOpen(t)
	dir := t.TempDir()
	p1, _ := fillReturn(t, a, "德胜街道", june, dir, nil)
	p2, _ := fillReturn(t, a, "区水务局", june, dir, nil)
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("a,b\n"), 0o644)
	var calls []int
	outs := a.PrepareImports(context.Background(), []string{p1, bad, p2}, ImportTarget{}, func(d, n int) { calls = append(calls, d) })
	if !slices.Equal(calls, []int{1, 2, 3}) || outs[1].Err == nil || outs[0].Err != nil || outs[2].Err != nil {
		t.Fatalf("prepare: calls %v, outcomes %+v", calls, outs)
	}
	calls = nil
	a.ApplyImports(context.Background(), outs, nil, func(d, n int) { calls = append(calls, d) })
	if !slices.Equal(calls, []int{1, 2, 3}) || outs[0].Record == nil || outs[2].Record == nil || outs[1].Record != nil {
		t.Errorf("apply: calls %v, outcomes %+v", calls, outs)
	}
}
