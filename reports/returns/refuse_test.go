package returns

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// filledSample is the template and the rows that testdata/filled.xlsx and
// the fixtures made from it hold.
func filledSample(t *testing.T) *Template {
	tpl := sampleTemplate(8)
	fill(t, tpl, mustWrite(t, tpl))
	return tpl
}

func readFixture(t *testing.T, name string) []byte {
	b, err := os.ReadFile("testdata/" + name)
	must(t, err)
	return b
}

func TestReadFixtures(t *testing.T) {
	tpl := filledSample(t)
	for _, tc := range []struct {
		file     string
		withMeta bool
	}{
		{"filled.xlsx", true},
		{"libreoffice.xlsx", true},
		{"inline-strings.xlsx", false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			r := mustRead(t, tc.file, readFixture(t, tc.file))
			if tc.withMeta && (r.Meta == nil || *r.Meta != tpl.Meta) {
				t.Fatalf("Meta = %+v, want %+v", r.Meta, tpl.Meta)
			}
			if !tc.withMeta && r.Meta != nil {
				t.Fatalf("Meta = %+v, want nil", r.Meta)
			}
			wantRows(t, tpl, r.Rows)
			if r.Rows[0].Row != 5 || r.Rows[0].Columns[FieldStatus] != "H" {
				t.Fatalf("first row %+v", r.Rows[0])
			}
			if len(r.Indicators) != 2 || r.Indicators[0].Value != "28.5" || r.Indicators[1].Name != "降尘量" {
				t.Fatalf("indicators %+v", r.Indicators)
			}
		})
	}
}

// zipOf builds a zip archive of the named parts.
func zipOf(t *testing.T, parts map[string][]byte) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for name, b := range parts {
		w, err := z.Create(name)
		must(t, err)
		_, err = w.Write(b)
		must(t, err)
	}
	must(t, z.Close())
	return buf.Bytes()
}

func TestRefuseFiles(t *testing.T) {
	tpl := sampleTemplate(8)
	good := mustWrite(t, tpl)
	f, err := excelize.OpenReader(bytes.NewReader(good))
	must(t, err)
	var encrypted bytes.Buffer
	must(t, f.Write(&encrypted, excelize.Options{Password: "123"}))
	csv := []byte("措施编号,完成状态,进展情况\n2-1.1.1,已完成,检查工地12处\n")
	gbkText := []byte{0xd0, 0xf2, 0xba, 0xc5, ',', 0xb9, 0xa4, 0xd7, 0xf7, '\r', '\n', '1', ',', 0xbc, 0xec, 0xb2, 0xe9, '\r', '\n'}
	docx := zipOf(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "word/document.xml": []byte("<w:document/>")})
	xlsb := zipOf(t, map[string][]byte{"[Content_Types].xml": []byte("<Types/>"), "xl/workbook.bin": {0x83, 0x01}})
	ods := zipOf(t, map[string][]byte{"mimetype": []byte("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": []byte("<office:document-content/>")})
	plainZip := zipOf(t, map[string][]byte{"照片/1.jpg": []byte("\xff\xd8\xff\xe0 jpeg")})
	bomb := zipOf(t, map[string][]byte{
		"[Content_Types].xml":      []byte("<Types/>"),
		"xl/workbook.xml":          []byte("<workbook/>"),
		"xl/worksheets/sheet1.xml": bytes.Repeat([]byte{'0'}, 70<<20),
	})
	for _, tc := range []struct {
		name  string
		file  []byte
		parts []string
	}{
		{"empty", nil, []string{"空文件"}},
		{"old xls", readFixture(t, "old.xls"), []string{".xls", "请在 Excel 或 WPS 中另存为 .xlsx 后再导入"}},
		{"encrypted", encrypted.Bytes(), []string{"密码", "另存为 .xlsx"}},
		{"csv", csv, []string{"文本文件", "CSV"}},
		{"gbk csv", gbkText, []string{"文本文件"}},
		{"pdf", []byte("%PDF-1.7\n\x00\x01\x02\x03\xff\xfe"), []string{"不是 Excel 工作簿"}},
		{"truncated", good[:len(good)/2], []string{"已损坏", "重新发送"}},
		{"docx", docx, []string{"Word 文档"}},
		{"xlsb", xlsb, []string{".xlsb", "另存为 .xlsx"}},
		{"ods", ods, []string{".ods", "另存为 .xlsx"}},
		{"zip", plainZip, []string{"压缩包", "不是 Excel 工作簿"}},
		{"zip bomb", bomb, []string{"解压后过大"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			name := "德胜街道-" + tc.name + ".xlsx"
			r, err := ReadReturn(name, tc.file, ReadOptions{})
			if r != nil {
				t.Fatalf("read %+v", r)
			}
			wantInvalid(t, err, append(tc.parts, "文件“"+name+"”")...)
		})
	}
}

func TestBombRefusedBeforeUnpacking(t *testing.T) {
	// A part that declares a modest size but whose ratio gives it away.
	b := zipOf(t, map[string][]byte{
		"xl/workbook.xml":          []byte("<workbook/>"),
		"xl/worksheets/sheet1.xml": bytes.Repeat([]byte{' '}, 30<<20),
	})
	wantInvalid(t, sniff("b.xlsx", b), "解压后过大")
	if len(b) > 1<<20 {
		t.Fatalf("bomb is %d bytes", len(b))
	}
}

// wantProblem asserts that ps holds a problem at the position whose text
// holds every part.
func wantProblem(t *testing.T, ps Problems, row int, col string, parts ...string) {
	t.Helper()
next:
	for _, p := range ps {
		if p.Row != row || p.Column != col {
			continue
		}
		for _, part := range parts {
			if !strings.Contains(p.String(), part) {
				continue next
			}
		}
		return
	}
	t.Fatalf("no problem at row %d column %q saying %q in\n%v", row, col, parts, ps)
}

func TestRefuseFormula(t *testing.T) {
	tpl := sampleTemplate(8)
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) {
		must(t, f.SetCellFormula(ReturnSheet, "H7", `"已"&"完成"`))
		must(t, f.SetCellFormula(ReturnSheet, "I9", `CONCATENATE("检查","工地")`))
		must(t, f.SetCellFormula(IndicatorSheet, "E6", `1+2`))
	})
	r, err := ReadReturn("德胜街道.xlsx", b, ReadOptions{})
	ps := problemsOf(t, err)
	if len(ps) != 3 || r == nil || len(r.Rows) != 8 {
		t.Fatalf("problems %v, return %v", ps, r)
	}
	wantProblem(t, ps, 7, "H", "文件“德胜街道.xlsx”", "工作表“填报”", "第 7 行 H 列（完成状态）", "公式", "粘贴为数值")
	wantProblem(t, ps, 9, "I", "第 9 行 I 列（进展情况）", `CONCATENATE("检查","工地")`)
	wantProblem(t, ps, 6, "E", "工作表“指标”", "第 6 行 E 列（本月实际值）", "粘贴为数值")
}

func TestRefuseMergedRows(t *testing.T) {
	tpl := sampleTemplate(8)
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) {
		must(t, f.SetCellValue(ReturnSheet, "I7", "三项一并推进"))
		must(t, f.MergeCell(ReturnSheet, "I7", "I9"))
		// Merged across columns within one row: the value stays in its cell.
		must(t, f.MergeCell(ReturnSheet, "J10", "K10"))
	})
	_, err := ReadReturn("德胜街道.xlsx", b, ReadOptions{})
	ps := problemsOf(t, err)
	if len(ps) != 1 {
		t.Fatalf("problems %v", ps)
	}
	wantProblem(t, ps, 7, "I", "工作表“填报”", "第 7 行 I 列（进展情况）", "I7:I9", "取消合并")
}

// A header laid out on two rows, each header cell merged with the blank
// row under it, hides no value: the return reads as filled.
func TestReadHeaderOnTwoRows(t *testing.T) {
	tpl := sampleTemplate(4)
	b := edit(t, fill(t, tpl, mustWrite(t, tpl)), func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		must(t, f.InsertRows(ReturnSheet, headerRow+1, 1))
		for c := 1; c <= len(Fields); c++ {
			must(t, f.MergeCell(ReturnSheet, cell(c, headerRow), cell(c, headerRow+1)))
		}
	})
	r := mustRead(t, "德胜街道.xlsx", b)
	if r.HeaderRow != headerRow || r.Rows[0].Row != headerRow+2 || len(r.Rows) != len(tpl.Rows) {
		t.Fatalf("header %d, first row %d", r.HeaderRow, r.Rows[0].Row)
	}
	wantRows(t, tpl, r.Rows)
}

// The template's indicator sheet with its value header retyped (6月实际值)
// is a problem naming the sheet: its values were skipped silently.
// A signature block merged over two rows under the table hides no row's
// value: no merged-rows problem, and the note row is read as it is (the
// checker passes over a row that reports nothing and matches no measure).
func TestReadSignatureMergedUnderTable(t *testing.T) {
	tpl := sampleTemplate(4)
	note := headerRow + len(tpl.Rows) + 2
	b := edit(t, fill(t, tpl, mustWrite(t, tpl)), func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		must(t, f.SetCellValue(ReturnSheet, cell(1, note), "填报人：张三    审核人：李四"))
		must(t, f.MergeCell(ReturnSheet, cell(1, note), cell(len(Fields), note+1)))
	})
	r := mustRead(t, "德胜街道.xlsx", b)
	if len(r.Rows) != len(tpl.Rows)+1 || r.Rows[len(tpl.Rows)].Row != note {
		t.Fatalf("rows %+v", r.Rows)
	}
	wantRows(t, tpl, r.Rows[:len(tpl.Rows)])
}

func TestRefuseIndicatorHeaderRetyped(t *testing.T) {
	tpl := sampleTemplate(2)
	b := edit(t, fill(t, tpl, mustWrite(t, tpl)), func(f *excelize.File) {
		must(t, f.UnprotectSheet(IndicatorSheet))
		must(t, f.SetCellValue(IndicatorSheet, "E4", "6月实际值"))
	})
	r, err := ReadReturn("德胜街道.xlsx", b, ReadOptions{})
	ps := problemsOf(t, err)
	if len(ps) != 1 || r.Indicators != nil {
		t.Fatalf("problems %v, indicators %+v", ps, r.Indicators)
	}
	wantProblem(t, ps, 0, "", "工作表“指标”", "没有“指标名称”和“本月实际值”两列", "德胜街道.xlsx")
}

func TestRefuseTooManyRows(t *testing.T) {
	tpl := sampleTemplate(1)
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) {
		_, err := f.NewSheet("大表")
		must(t, err)
		sw, err := f.NewStreamWriter("大表")
		must(t, err)
		header := make([]any, len(Fields))
		for i, fl := range Fields {
			header[i] = string(fl)
		}
		must(t, sw.SetRow("A1", header))
		for i := range MaxRows + 1 {
			must(t, sw.SetRow(fmt.Sprintf("A%d", i+2), []any{fmt.Sprintf("9.%d", i), "9", i, "任务", "措施", "年底前", "主责", "已完成"}))
		}
		must(t, sw.Flush())
		must(t, f.DeleteSheet(ReturnSheet))
		must(t, f.DeleteSheet(MetaSheet))
	})
	r, err := ReadReturn("大表.xlsx", b, ReadOptions{})
	ps := problemsOf(t, err)
	if len(ps) != 1 || ps[0].Row != 0 || !strings.Contains(ps[0].String(), "文件“大表.xlsx”，工作表“大表”：表格超过 5000 行") {
		t.Fatalf("problems %v", ps)
	}
	if r == nil || r.Sheet != "大表" || r.Rows != nil {
		t.Fatalf("return %+v, want the sheet and no rows", r)
	}
}

func TestRefuseNoHeader(t *testing.T) {
	f := excelize.NewFile()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"单位", "月份", "备注"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"德胜街道", "6月", "已完成"}))
	b, err := f.WriteToBuffer()
	must(t, err)
	r, err := ReadReturn("随便.xlsx", b.Bytes(), ReadOptions{})
	ps := problemsOf(t, err)
	if len(ps) != 1 || r == nil || r.Rows != nil || !strings.HasPrefix(ps[0].String(), "文件“随便.xlsx”：找不到填报表") {
		t.Fatalf("problems %v", ps)
	}
}

func TestRefuseMissingColumns(t *testing.T) {
	tpl := sampleTemplate(3)
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) {
		// Headers cleared: 措施编号, 工作措施, 完成状态.
		for _, ref := range []string{"A4", "E4", "H4"} {
			must(t, f.SetCellValue(ReturnSheet, ref, ""))
		}
	})
	r, err := ReadReturn("缺列.xlsx", b, ReadOptions{})
	ps := problemsOf(t, err)
	if len(ps) != 3 {
		t.Fatalf("problems %v", ps)
	}
	// E and H lie inside the table and hold the measures' texts and the
	// pre-filled status: not read, not dropped silently either.
	wantProblem(t, ps, 4, "E", "第 4 行 E 列", "没有表头", "请补上表头")
	wantProblem(t, ps, 4, "H", "第 4 行 H 列", "没有表头")
	if !strings.Contains(ps.Error(), "第 4 行：表头中既没有“措施编号”列，也没有“工作措施”列") {
		t.Fatal(ps.Error())
	}
	if !slices.Equal(r.Absent, []Field{FieldStatus}) {
		t.Fatalf("absent %v", r.Absent)
	}
}
