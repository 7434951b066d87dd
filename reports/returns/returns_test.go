package returns

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"taizhang/data"
)

var statuses = []string{"未启动", "序时推进", "滞后", "已完成", "不涉及"}

// sampleTemplate is a street's template with n measures, the first one
// pre-filled from the previous month, and two indicators.
func sampleTemplate(n int) *Template {
	t := &Template{
		PlanTitle: "西城区深入打好污染防治攻坚战2023年行动计划",
		UnitName:  "德胜街道办事处",
		Statuses:  statuses,
		Indicators: []IndicatorRow{
			{Key: "pm25.德胜街道", Name: "PM2.5年均浓度", Unit: "微克/立方米", Target: "32", Value: ""},
			{Key: "dust.德胜街道", Name: "降尘量", Unit: "吨/平方公里·月", Target: "5", Value: "4.2"},
		},
	}
	var ids []string
	for i := range n {
		r := Row{
			MeasureID: fmt.Sprintf("2-1.%d.%d", i/3+1, i%3+1),
			Annex:     "2-1", No: fmt.Sprint(i/3 + 1),
			Task:     fmt.Sprintf("重点任务%d：强化扬尘污染精细化管控", i/3+1),
			Measure:  fmt.Sprintf("措施%d：加强施工工地、道路、裸地等扬尘源的监管，落实“六个百分之百”要求，开展执法检查。", i+1),
			Deadline: "长期实施", Role: []string{"主责", "协办"}[i%2],
		}
		if i == 0 {
			r.Status, r.Progress = "序时推进", "上月已检查工地 12 处。\n整改问题 3 项。"
		}
		t.Rows = append(t.Rows, r)
		ids = append(ids, r.MeasureID)
	}
	t.Meta = Meta{Unit: "德胜街道", Month: "2023-06", PlanYear: 2023, Version: TemplateVersion, Checksum: Checksum(ids)}
	return t
}

func mustWrite(t testing.TB, tpl *Template) []byte {
	t.Helper()
	b, err := WriteTemplate(tpl)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustRead(t testing.TB, name string, b []byte) *Return {
	t.Helper()
	r, err := ReadReturn(name, b, ReadOptions{})
	if err != nil {
		t.Fatalf("ReadReturn: %v", err)
	}
	return r
}

// edit opens b with excelize, applies fn and saves.
func edit(t testing.TB, b []byte, fn func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fn(f)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantRows asserts that got holds tpl's rows (in any order) with their texts.
func wantRows(t *testing.T, tpl *Template, got []ReadRow) {
	t.Helper()
	if len(got) != len(tpl.Rows) {
		t.Fatalf("read %d rows, want %d", len(got), len(tpl.Rows))
	}
	byID := map[string]ReadRow{}
	for _, r := range got {
		byID[r.MeasureID] = r
	}
	for _, w := range tpl.Rows {
		g, ok := byID[w.MeasureID]
		if !ok {
			t.Fatalf("row %s missing", w.MeasureID)
		}
		gv := []string{g.MeasureID, g.Annex, g.No, g.Task, g.Measure, g.Deadline, g.Role, g.Status, g.Progress, g.Problems, g.NextSteps, g.Evidence}
		if wv := w.values(); !reflect.DeepEqual(gv, wv) {
			t.Fatalf("row %s:\n got %q\nwant %q", w.MeasureID, gv, wv)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	tpl := sampleTemplate(64)
	r := mustRead(t, "德胜街道-2023年6月.xlsx", mustWrite(t, tpl))
	if r.Meta == nil || *r.Meta != tpl.Meta {
		t.Fatalf("Meta = %+v, want %+v", r.Meta, tpl.Meta)
	}
	if r.Sheet != ReturnSheet || r.HeaderRow != headerRow || r.File != "德胜街道-2023年6月.xlsx" {
		t.Fatalf("sheet %q header %d file %q", r.Sheet, r.HeaderRow, r.File)
	}
	wantRows(t, tpl, r.Rows)
	if r.Rows[0].Row != 5 || r.Rows[63].Row != 68 {
		t.Fatalf("rows at %d..%d, want 5..68", r.Rows[0].Row, r.Rows[63].Row)
	}
	if got := r.Rows[0].Columns[FieldStatus]; got != "H" {
		t.Fatalf("status column %q, want H", got)
	}
	var ids []string
	for _, row := range r.Rows {
		ids = append(ids, row.MeasureID)
	}
	if Checksum(ids) != r.Meta.Checksum {
		t.Fatal("checksum of the rows read differs from the template's")
	}
	if r.IndicatorSheet != IndicatorSheet || len(r.Indicators) != 2 {
		t.Fatalf("indicators %q %+v", r.IndicatorSheet, r.Indicators)
	}
	want := ReadIndicator{Row: 6, Column: "E", Key: "dust.德胜街道", Name: "降尘量", Value: "4.2"}
	if r.Indicators[1] != want {
		t.Fatalf("indicator %+v, want %+v", r.Indicators[1], want)
	}
}

func TestNoIndicatorSheet(t *testing.T) {
	tpl := sampleTemplate(3)
	tpl.Indicators = nil
	b := mustWrite(t, tpl)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	must(t, err)
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{ReturnSheet, MetaSheet}) {
		t.Fatalf("sheets %q", got)
	}
	r := mustRead(t, "x.xlsx", b)
	if r.IndicatorSheet != "" || r.Indicators != nil {
		t.Fatalf("indicators %q %v", r.IndicatorSheet, r.Indicators)
	}
}

// fill sets the fillable cells of the template's rows the way a clerk would.
func fill(t testing.TB, tpl *Template, b []byte) []byte {
	return edit(t, b, func(f *excelize.File) {
		for i := range tpl.Rows {
			r := &tpl.Rows[i]
			r.Status = statuses[i%len(statuses)]
			r.Progress = fmt.Sprintf("第%d项：本月检查工地 %d 处。\n发现问题 %d 个，已整改。", i+1, i+2, i%4)
			r.Problems = []string{"", "资金不足"}[i%2]
			r.NextSteps = "继续推进"
			r.Evidence = fmt.Sprintf("检查记录%d份", i)
			row := headerRow + 1 + i
			must(t, f.SetSheetRow(ReturnSheet, fmt.Sprintf("H%d", row), &[]any{r.Status, r.Progress, r.Problems, r.NextSteps, r.Evidence}))
		}
		must(t, f.SetCellValue(IndicatorSheet, "E5", 28.5))
	})
}

func TestFilledReadsBack(t *testing.T) {
	tpl := sampleTemplate(20)
	b := fill(t, tpl, mustWrite(t, tpl))
	r := mustRead(t, "f.xlsx", b)
	wantRows(t, tpl, r.Rows)
	if r.Indicators[0].Value != "28.5" || r.Indicators[0].Key != "pm25.德胜街道" {
		t.Fatalf("indicator %+v", r.Indicators[0])
	}
}

// problemsOf asserts err is Problems and returns them.
func problemsOf(t *testing.T, err error) Problems {
	t.Helper()
	var ps Problems
	if !errors.As(err, &ps) || len(ps) == 0 {
		t.Fatalf("want Problems, got %T %v", err, err)
	}
	return ps
}

// wantInvalid asserts err is a data.Error EINVALID whose message holds every part.
func wantInvalid(t *testing.T, err error, parts ...string) {
	t.Helper()
	if data.ErrorCode(err) != data.EINVALID {
		t.Fatalf("want EINVALID, got %T %v", err, err)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Fatalf("message %q lacks %q", err.Error(), p)
		}
	}
}

func TestProblemString(t *testing.T) {
	p := Problem{File: "德胜街道-2023年6月.xlsx", Sheet: "填报", Row: 12, Column: "H", Field: FieldStatus,
		Found: "差不多", Message: "无法识别的完成状态“差不多”。请从下拉列表中选择。"}
	want := "文件“德胜街道-2023年6月.xlsx”，工作表“填报”，第 12 行 H 列（完成状态）：无法识别的完成状态“差不多”。请从下拉列表中选择。"
	if p.String() != want {
		t.Fatalf("got  %s\nwant %s", p, want)
	}
	whole := Problem{File: "a.xlsx", Message: "找不到填报表。"}
	if whole.String() != "文件“a.xlsx”：找不到填报表。" {
		t.Fatal(whole.String())
	}
	if got := (Problems{p, whole}).Error(); got != want+"\n文件“a.xlsx”：找不到填报表。" {
		t.Fatal(got)
	}
}

func TestEmptyTemplate(t *testing.T) {
	tpl := sampleTemplate(0)
	tpl.Indicators = nil
	r := mustRead(t, "空.xlsx", mustWrite(t, tpl))
	if r.Meta == nil || r.Meta.Checksum != Checksum(nil) || r.Sheet != ReturnSheet || r.Rows != nil {
		t.Fatalf("read %+v", r)
	}
}

func TestProblemsAreInvalidInput(t *testing.T) {
	var err error = Problems{{File: "a.xlsx", Sheet: "填报", Row: 7, Column: "H", Field: FieldStatus, Message: "无法识别的完成状态“差不多”。"}}
	if got := data.ErrorCode(err); got != data.EINVALID {
		t.Fatalf("ErrorCode = %q, want %q", got, data.EINVALID)
	}
	want := "文件“a.xlsx”，工作表“填报”，第 7 行 H 列（完成状态）：无法识别的完成状态“差不多”。"
	var e *data.Error
	if !errors.As(err, &e) || e.Message != want {
		t.Fatalf("the data.Error's message = %v, want %q", e, want)
	}
}
