package indicatorsheet

import (
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"taizhang/data"
	"taizhang/data/datatest"
)

func TestRead(t *testing.T) {
	b := datatest.Workbook(t, map[string][][]any{
		NotesSheet: {{"说明文字"}},
		"pm25": {
			{"地区", "6月", "2023-07", "13月", nil, "2022-08"},
			{"德胜街道", 30, " 31 ", 32, 33, 34},
			{},
			{"", 29},
		},
		"优良天数比率": {{"地区", "2023年1月"}, {"西城区", 80}},
		"PM10":   {{"地区", "6月"}},
	}, NotesSheet, "pm25", "优良天数比率", "PM10", "空")
	sheets, err := Read("指标.xlsx", b, 2023)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) != 4 {
		t.Fatalf("%d sheets, want 4 (the notes left out)", len(sheets))
	}
	pm := sheets[0]
	if pm.Indicator.Key != "pm25" || pm.Where != "文件“指标.xlsx”工作表“pm25”" {
		t.Errorf("sheet pm25: %q %q", pm.Indicator.Key, pm.Where)
	}
	wantProblems := []string{
		"文件“指标.xlsx”工作表“pm25”第1行D列：表头“13月”不是本年度的月份，应写成 1月 至 12月（或 2023-01）",
		"文件“指标.xlsx”工作表“pm25”第1行F列：表头“2022-08”不是本年度的月份，应写成 1月 至 12月（或 2023-01）",
	}
	if !reflect.DeepEqual(pm.Problems, wantProblems) {
		t.Errorf("problems %q, want %q", pm.Problems, wantProblems)
	}
	wantRows := []Row{
		{No: 2, Area: "德胜街道", Cells: []Cell{
			{Column: "B", Ref: "B2", Text: "30", Month: "2023-06", Headed: true},
			{Column: "C", Ref: "C2", Text: "31", Month: "2023-07", Headed: true},
			{Column: "D", Ref: "D2", Text: "32", Headed: true},
			{Column: "E", Ref: "E2", Text: "33"},
			{Column: "F", Ref: "F2", Text: "34", Headed: true},
		}},
		{No: 4, Cells: []Cell{{Column: "B", Ref: "B4", Text: "29", Month: "2023-06", Headed: true}}},
	}
	if !reflect.DeepEqual(pm.Rows, wantRows) {
		t.Errorf("rows %+v,\nwant %+v", pm.Rows, wantRows)
	}
	if good := sheets[1]; good.Indicator.Key != "good_days_ratio" || len(good.Problems) != 0 || good.Rows[0].Cells[0].Month != "2023-01" {
		t.Errorf("sheet by name: %+v", good)
	}
	if p := sheets[2].Problems; len(p) != 1 || !strings.Contains(p[0], "工作表“PM10”：工作表名不是指标") || !strings.Contains(p[0], "pm25（PM2.5年均浓度）") {
		t.Errorf("unknown indicator: %q", p)
	}
	if p := sheets[3].Problems; len(p) != 1 || !strings.Contains(p[0], "工作表名不是指标") {
		t.Errorf("sheet 空: %q", p)
	}
}

func TestReadEmptySheet(t *testing.T) {
	sheets, err := Read("指标.xlsx", datatest.Workbook(t, nil, "pm25"), 2023)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheets) != 1 || sheets[0].Rows != nil || len(sheets[0].Problems) != 1 || !strings.Contains(sheets[0].Problems[0], "工作表“pm25”是空的") {
		t.Errorf("empty sheet: %+v", sheets)
	}
}

func TestReadNotAWorkbook(t *testing.T) {
	_, err := Read("坏.xlsx", []byte("not a zip"), 2023)
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), "文件“坏.xlsx”不是有效的 Excel 工作簿") {
		t.Errorf("not a workbook: %v", err)
	}
}

func TestWriteThenRead(t *testing.T) {
	pm25, _ := data.IndicatorByKey("pm25")
	b, err := Write(Template{Year: 2023, Sheets: []TemplateSheet{{
		Indicator: pm25, Areas: []string{"德胜街道", "西城区"},
		Values: map[Key]float64{{"德胜街道", "2023-05"}: 28, {"西城区", "2023-12"}: 30.5},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{NotesSheet, "PM2.5年均浓度"}) {
		t.Errorf("sheets %q", got)
	}
	if notes, _ := f.GetCellValue(NotesSheet, "A2"); !strings.Contains(notes, "2023 年") {
		t.Errorf("notes A2 %q", notes)
	}
	sheets, err := Read("模板.xlsx", b, 2023)
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{No: 2, Area: "德胜街道", Cells: []Cell{{Column: "F", Ref: "F2", Text: "28", Month: "2023-05", Headed: true}}},
		{No: 3, Area: "西城区", Cells: []Cell{{Column: "M", Ref: "M3", Text: "30.5", Month: "2023-12", Headed: true}}},
	}
	if len(sheets) != 1 || sheets[0].Indicator.Key != "pm25" || len(sheets[0].Problems) != 0 || !reflect.DeepEqual(sheets[0].Rows, want) {
		t.Errorf("read back %+v", sheets)
	}
}

// TestReadUncachedFormula: a formula with no cached value (a workbook
// written by a program that does not calculate) is a problem naming the
// cell, not an empty cell; one with a cached value is read as its value.
func TestReadUncachedFormula(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "nox_reduction")
	f.SetSheetRow("nox_reduction", "A1", &[]any{"地区", "6月", "7月"})
	f.SetSheetRow("nox_reduction", "A2", &[]any{"西城区", 50})
	f.SetCellFormula("nox_reduction", "C2", "B2*2")
	f.SetCellFormula("nox_reduction", "C3", "SUM(B2:C2)")
	f.SetCellValue("nox_reduction", "A3", "德胜街道")
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	sheets, err := Read("指标.xlsx", buf.Bytes(), 2023)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(sheets[0].Problems, "\n")
	for _, want := range []string{"工作表“nox_reduction”C2单元格是公式（=B2*2）", "C3单元格是公式（=SUM(B2:C2)）", "没有保存它的计算结果"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %q lack %q", got, want)
		}
	}
	if strings.Contains(got, "B2单元格") {
		t.Errorf("a plain value reported as a formula: %q", got)
	}
}
