package returns

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestReadRowsSortedInReverse(t *testing.T) {
	tpl := sampleTemplate(12)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) {
		for i := range tpl.Rows {
			r := tpl.Rows[len(tpl.Rows)-1-i]
			vals := r.values()
			row := make([]any, len(vals))
			for j, v := range vals {
				row[j] = v
			}
			must(t, f.SetSheetRow(ReturnSheet, fmt.Sprintf("A%d", headerRow+1+i), &row))
		}
	})
	r := mustRead(t, "r.xlsx", b)
	wantRows(t, tpl, r.Rows)
	if r.Rows[0].MeasureID != tpl.Rows[11].MeasureID || r.Rows[0].Row != 5 {
		t.Fatalf("first row read %s at %d", r.Rows[0].MeasureID, r.Rows[0].Row)
	}
}

func TestReadSkipsBlankRows(t *testing.T) {
	tpl := sampleTemplate(6)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) {
		must(t, f.InsertRows(ReturnSheet, 7, 2))
		must(t, f.InsertRows(ReturnSheet, 12, 1))
		// A blank row with a cell of spaces is blank too.
		must(t, f.SetCellValue(ReturnSheet, "I12", "   "))
	})
	r := mustRead(t, "b.xlsx", b)
	wantRows(t, tpl, r.Rows)
	var at []int
	for _, row := range r.Rows {
		at = append(at, row.Row)
	}
	if want := []int{5, 6, 9, 10, 11, 13}; !slices.Equal(at, want) {
		t.Fatalf("rows at %v, want %v", at, want)
	}
}

func TestReadNormalizesSpaces(t *testing.T) {
	tpl := sampleTemplate(2)
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) {
		must(t, f.SetCellValue(ReturnSheet, "A5", " 2-1.1.1 "))
		must(t, f.SetCellValue(ReturnSheet, "E5", "措施1：加强施工工地、\n道路、裸地等扬尘源的监管，  落实“六个百分之百”要求，开展执法检查。"))
		must(t, f.SetCellValue(ReturnSheet, "H5", " 已 完成\n"))
		must(t, f.SetCellValue(ReturnSheet, "I5", "  检查工地 12 处。  \r\n\r\n整改问题 3 项。\n\n"))
		must(t, f.SetCellValue(ReturnSheet, "J5", "\u3000资金不足\u3000"))
	})
	r := mustRead(t, "s.xlsx", b)
	got := r.Rows[0]
	if got.MeasureID != "2-1.1.1" || got.Measure != tpl.Rows[0].Measure || got.Status != "已完成" {
		t.Fatalf("identification %q %q status %q", got.MeasureID, got.Measure, got.Status)
	}
	if got.Progress != "检查工地 12 处。\n\n整改问题 3 项。" || got.Problems != "资金不足" {
		t.Fatalf("texts %q %q", got.Progress, got.Problems)
	}
}

func TestNormalizeSpace(t *testing.T) {
	for in, want := range map[string]string{
		"推进  扬尘\n治理":         "推进扬尘治理",
		"  PM2.5  年均 浓度 ":    "PM2.5年均浓度",
		"Stage  V\tstandard": "Stage V standard",
		"\u3000\u3000":       "",
		"“六个百分之百” 要求":        "“六个百分之百”要求",
	} {
		if got := NormalizeSpace(in); got != want {
			t.Errorf("NormalizeSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadHeaderMovedDown(t *testing.T) {
	tpl := sampleTemplate(5)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) {
		must(t, f.InsertRows(ReturnSheet, 1, 2))
		must(t, f.SetCellValue(ReturnSheet, "A1", "德胜街道6月报送"))
	})
	r := mustRead(t, "h.xlsx", b)
	if r.HeaderRow != headerRow+2 || r.Rows[0].Row != headerRow+3 {
		t.Fatalf("header at %d, first row at %d", r.HeaderRow, r.Rows[0].Row)
	}
	wantRows(t, tpl, r.Rows)
}

func TestReadColumnsAddedAndMoved(t *testing.T) {
	tpl := sampleTemplate(5)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		// One column at the right, one inserted before 工作措施.
		must(t, f.SetCellValue(ReturnSheet, "M4", "备注"))
		must(t, f.SetCellValue(ReturnSheet, "M5", "请领导审阅"))
		must(t, f.InsertCols(ReturnSheet, "E", 1))
		must(t, f.SetCellValue(ReturnSheet, "E4", "牵头科室"))
		must(t, f.SetCellValue(ReturnSheet, "E5", "城管科"))
		// A header retyped over two lines, with a note.
		must(t, f.SetCellValue(ReturnSheet, "I4", "完成\n状态（下拉选择）"))
	})
	r := mustRead(t, "c.xlsx", b)
	wantRows(t, tpl, r.Rows)
	cols := r.Rows[0].Columns
	if cols[FieldMeasure] != "F" || cols[FieldStatus] != "I" || cols[FieldEvidence] != "M" {
		t.Fatalf("columns %v", cols)
	}
	// The added columns hold something: named for the clerk to map.
	want := []UnknownColumn{{Sheet: ReturnSheet, Cell: "E4", Column: "E", Header: "牵头科室"}, {Sheet: ReturnSheet, Cell: "N4", Column: "N", Header: "备注"}}
	if !slices.Equal(r.Unknown, want) {
		t.Fatalf("unknown %+v, want %+v", r.Unknown, want)
	}
	// Mapped away, they are no longer unknown and the rows read the same.
	r2, err := ReadReturn("c.xlsx", b, ReadOptions{Map: map[string]Field{"牵头 科室": Ignore, "备注": Ignore}})
	must(t, err)
	if r2.Unknown != nil {
		t.Fatalf("unknown %+v after mapping", r2.Unknown)
	}
	wantRows(t, tpl, r2.Rows)
}

func TestReadHiddenSheetDeleted(t *testing.T) {
	tpl := sampleTemplate(5)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) { must(t, f.DeleteSheet(MetaSheet)) })
	r := mustRead(t, "d.xlsx", b)
	if r.Meta != nil {
		t.Fatalf("Meta = %+v, want nil", r.Meta)
	}
	wantRows(t, tpl, r.Rows)
	if len(r.Indicators) != 2 {
		t.Fatalf("indicators %+v", r.Indicators)
	}
}

func TestReadHiddenSheetRenamed(t *testing.T) {
	tpl := sampleTemplate(3)
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) { must(t, f.SetSheetName(MetaSheet, "Sheet3")) })
	r := mustRead(t, "n.xlsx", b)
	if r.Meta == nil || *r.Meta != tpl.Meta {
		t.Fatalf("Meta = %+v, want %+v (found by its marker)", r.Meta, tpl.Meta)
	}
}

func TestReadHiddenSheetUnreadable(t *testing.T) {
	tpl := sampleTemplate(3)
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) { must(t, f.SetCellValue(MetaSheet, "B6", "abc")) })
	r := mustRead(t, "u.xlsx", b)
	if r.Meta != nil {
		t.Fatalf("Meta = %+v, want nil for a plan year that is no number", r.Meta)
	}
	wantRows(t, tpl, r.Rows)
}

func TestReadHandMadeSheet(t *testing.T) {
	f := excelize.NewFile()
	must(t, f.SetSheetName("Sheet1", "6月进展"))
	must(t, f.SetSheetRow("6月进展", "B2", &[]any{"序号", "工作措施", "完成状态", "进展情况（200字以内）"}))
	must(t, f.SetSheetRow("6月进展", "B3", &[]any{1, "加强施工工地扬尘监管", "已完成", "检查工地12处"}))
	must(t, f.SetSheetRow("6月进展", "B5", &[]any{2, "推进裸地苫盖", "序时推进", ""}))
	out, err := f.WriteToBuffer()
	must(t, err)
	r := mustRead(t, "手工表.xlsx", out.Bytes())
	if r.Meta != nil || r.Sheet != "6月进展" || r.HeaderRow != 2 || len(r.Rows) != 2 {
		t.Fatalf("read %+v", r)
	}
	want := ReadRow{Row: 3, No: "1", Measure: "加强施工工地扬尘监管", Status: "已完成", Progress: "检查工地12处", Columns: r.Rows[0].Columns}
	if got := r.Rows[0]; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("row\n got %+v\nwant %+v", got, want)
	}
	if r.Rows[1].Row != 5 || r.Rows[1].Columns[FieldProgress] != "E" {
		t.Fatalf("second row %+v", r.Rows[1])
	}
}

// A stray cell far down the sheet is read without loading the sheet padded
// out to it.
func TestReadFarRow(t *testing.T) {
	tpl := sampleTemplate(8)
	parts := unzipParts(t, mustWrite(t, tpl))
	sheet := strings.Replace(string(parts[sheetPart]), "</sheetData>",
		`<row r="1000000"><c r="I1000000" t="inlineStr"><is><t>见附件</t></is></c></row></sheetData>`, 1)
	b := storedZip(t, parts, sheetPart, []byte(sheet))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := mustRead(t, "far.xlsx", b)
	runtime.ReadMemStats(&after)
	if len(r.Rows) != 9 || r.Rows[8].Row != 1000000 || r.Rows[8].Progress != "见附件" {
		t.Fatalf("read %d rows, last %+v", len(r.Rows), r.Rows[len(r.Rows)-1])
	}
	if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 64 {
		t.Fatalf("reading allocated %d MiB", mb)
	}
}

func TestHasFormula(t *testing.T) {
	for s, want := range map[string]bool{
		`<c r="H5"><f>1+1</f><v>2</v></c>`:           true,
		`<c r="H6"><f t="shared" si="0"/></c>`:       true,
		`<x:c r="H5"><x:f>A1</x:f></x:c>`:            true,
		`<dataValidation><formula1>"a,b"</formula1>`: false,
		`<c r="H5" t="inlineStr"><is><t>f</t></is>`:  false,
	} {
		if got := hasFormula([]byte(s)); got != want {
			t.Errorf("hasFormula(%s) = %v", s, got)
		}
	}
}

func TestReadSheetRenamed(t *testing.T) {
	tpl := sampleTemplate(4)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) {
		must(t, f.SetSheetName(ReturnSheet, "德胜6月"))
		must(t, f.SetSheetName(IndicatorSheet, "PM指标"))
	})
	r := mustRead(t, "m.xlsx", b)
	if r.Meta == nil || r.Sheet != "德胜6月" || r.IndicatorSheet != "PM指标" || len(r.Indicators) != 2 {
		t.Fatalf("read %+v", r)
	}
	wantRows(t, tpl, r.Rows)
}
