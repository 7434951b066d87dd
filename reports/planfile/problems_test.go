package planfile

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// annexSheet is a small annex 附件1 with a header and the rows given.
func annexSheet(name string, header []string, rows ...[]string) sheetSpec {
	s := sheetSpec{name: name, rows: [][]string{{"附件1"}, {"西城区重点任务"}, header, {"一、主要目标"}}}
	s.rows = append(s.rows, rows...)
	return s
}

var stdHeader = []string{"序号", "重点任务", "工作措施", "完成时限", "主责单位", "协办单位"}

func info(year string) sheetSpec {
	return sheetSpec{name: "说明", rows: [][]string{{}, {}, {"计划名称", "北京市西城区深入打好污染防治攻坚战" + year + "年行动计划"}}}
}

// wantProblem asserts that the problems hold exactly one at the place given
// whose text contains want.
func wantProblem(t *testing.T, name string, got []Problem, want Problem) {
	t.Helper()
	for _, p := range got {
		if p.File == want.File && p.Sheet == want.Sheet && p.Row == want.Row && p.Col == want.Col && strings.Contains(p.Text, want.Text) {
			return
		}
	}
	t.Errorf("%s: no problem %+v among %v", name, want, got)
}

// TestWorkbookProblems: every fault names its file, sheet, row and column.
func TestWorkbookProblems(t *testing.T) {
	good := []string{"1", "空气", "PM2.5浓度下降。", "年底前", "区生态环境局", ""}
	for name, c := range map[string]struct {
		sheets []sheetSpec
		want   Problem // File is 计划.xlsx
	}{
		"no header": {[]sheetSpec{info("2024"), {name: "附件1", rows: [][]string{{"附件1"}, {"重点任务"}, {"一、目标"}, {"1", "空气", "措施。", "年底前"}}}},
			Problem{Sheet: "附件1", Text: "没有找到表头"}},
		"unknown unit column": {[]sheetSpec{info("2024"), annexSheet("附件1", []string{"序号", "重点任务", "工作措施", "完成时限", "主责单位", "协作 单位"}, good)},
			Problem{Sheet: "附件1", Row: 3, Col: 6, Text: "无法识别的列“协作单位”"}},
		"doubled column": {[]sheetSpec{info("2024"), annexSheet("附件1", []string{"序号", "重点任务", "工作措施", "完成时限", "主责单位", "协办单位", "配合单位"}, good)},
			Problem{Sheet: "附件1", Row: 3, Col: 7, Text: "“配合单位”列重复"}},
		"unknown column, one missing": {[]sheetSpec{info("2024"), annexSheet("附件1", []string{"序号", "重点任务", "工作措施", "完成日期要求", "主责单位"}, good)},
			Problem{Sheet: "附件1", Row: 3, Col: 4, Text: "无法识别的列“完成日期要求”"}},
		"missing column": {[]sheetSpec{info("2024"), annexSheet("附件1", []string{"序号", "重点任务", "工作措施", "主责单位"}, good)},
			Problem{Sheet: "附件1", Row: 3, Text: "表头缺少“完成时限”列"}},
		"flat list, a unit as deadline": {[]sheetSpec{info("2024"), annexSheet("附件1", []string{"序号", "工作措施", "完成时限", "责任单位"},
			[]string{"1", "措施。", "按要求", "区生态环境局"}, []string{"2", "措施二。", "区生态环境局", "区生态环境局"})},
			Problem{Sheet: "附件1", Row: 6, Col: 3, Text: "无法识别的完成时限“区生态环境局”"}},
		"flat list, a sentence as deadline": {[]sheetSpec{info("2024"), annexSheet("附件1", []string{"序号", "重点工作", "完成时限", "责任单位"},
			[]string{"1", "措施。", "加强巡查，发现问题及时整改", "区生态环境局"})},
			Problem{Sheet: "附件1", Row: 5, Col: 3, Text: "无法识别的完成时限“加强巡查，发现问题及时整改”"}},
		"flat list, a misspelt measure column": {[]sheetSpec{info("2024"), annexSheet("附件1", []string{"序号", "重点工作", "完成时限", "责任单位", "工作举措"},
			[]string{"1", "措施。", "年底前", "区生态环境局", "措施。"})},
			Problem{Sheet: "附件1", Row: 3, Col: 5, Text: "无法识别的列“工作举措”"}},
		"no lead": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, good, []string{"", "", "措施二。", "年底前", "—", "区交通委"})},
			Problem{Sheet: "附件1", Row: 6, Col: 5, Text: "措施没有主责单位"}},
		"no deadline": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, []string{"1", "空气", "措施。", "", "区生态环境局"})},
			Problem{Sheet: "附件1", Row: 5, Col: 4, Text: "措施没有完成时限"}},
		"unparseable deadline": {[]sheetSpec{info("2024"), annexSheet("附件1", []string{"主责单位", "序号", "重点任务", "工作措施", "完成时限"}, []string{"区生态环境局", "1", "空气", "措施。", "明年"})},
			Problem{Sheet: "附件1", Row: 5, Col: 5, Text: "无法识别的完成时限“明年”"}},
		"deadline of an earlier year": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, []string{"1", "空气", "措施。", "2023年底前", "区生态环境局"})},
			Problem{Sheet: "附件1", Row: 5, Col: 4, Text: "完成时限“2023年底前”是 2023 年的，早于计划年度 2024 年"}},
		"no text": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, []string{"1", "空气", "", "年底前", "区生态环境局"})},
			Problem{Sheet: "附件1", Row: 5, Col: 3, Text: "没有工作措施"}},
		"no task number": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, []string{"", "空气", "措施。", "年底前", "区生态环境局"})},
			Problem{Sheet: "附件1", Row: 5, Col: 1, Text: "没有序号"}},
		"new task without number": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, good, []string{"", "水", "措施二。", "年底前", "区水务局"})},
			Problem{Sheet: "附件1", Row: 6, Col: 1, Text: "重点任务“水”与上一行的“空气”不同"}},
		"task number repeated": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, good, []string{"2", "水", "措施二。", "年底前", "区水务局"}, []string{"1", "土", "措施三。", "年底前", "区水务局"})},
			Problem{Sheet: "附件1", Row: 7, Col: 1, Text: "序号“1”在附件1中已用于第 5 行的任务"}},
		"empty sheet": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, good), {name: "附件2"}},
			Problem{Sheet: "附件2", Text: "工作表为空"}},
		"no annex code": {[]sheetSpec{info("2024"), {name: "任务表", rows: [][]string{stdHeader, {"一、目标"}, good}}},
			Problem{Sheet: "任务表", Row: 1, Col: 1, Text: "没有找到附件编号"}},
		"annex twice": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, good), annexSheet("附件1（续）", stdHeader, good)},
			Problem{Sheet: "附件1（续）", Row: 1, Col: 1, Text: "附件1已在工作表“附件1”中出现过"}},
		"stray table": {[]sheetSpec{info("2024"), annexSheet("附件1", stdHeader, good), {name: "草稿", rows: [][]string{{"单位", "月份"}, {"德胜街道", "6"}}}},
			Problem{Sheet: "草稿", Text: "不是计划的附件"}},
		"not a plan": {[]sheetSpec{{name: "填报", rows: [][]string{{"单位", "月份"}, {"德胜街道", "6"}}}},
			Problem{Text: "不像计划工作簿"}},
		"no year": {[]sheetSpec{annexSheet("附件1", stdHeader, good)},
			Problem{Text: "不知道这是哪一年的计划"}},
		"year differs": {[]sheetSpec{info("2025"), annexSheet("附件1", stdHeader, good)},
			Problem{Text: "是 2025 年的计划，而导入的年度是 2024 年"}},
		"bad number and date": {[]sheetSpec{{name: "说明", rows: [][]string{{"文号", "第3号"}, {"印发日期", "2024年2月30日"}}}, annexSheet("附件1", stdHeader, good)},
			Problem{Sheet: "说明", Row: 1, Col: 2, Text: "文号“第3号”应为"}},
	} {
		year := 2024
		if name == "no year" {
			year = 0
		}
		res := Read(Source{Name: "计划.xlsx", Data: workbook(t, c.sheets...)}, Options{Year: year})
		c.want.File = "计划.xlsx"
		wantProblem(t, name, res.Problems, c.want)
		if res.OK() {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestProblemString(t *testing.T) {
	for _, c := range []struct {
		p    Problem
		want string
	}{
		{Problem{File: "计划.xlsx", Sheet: "附件2-1", Row: 12, Col: 4, Text: "措施没有完成时限"}, "文件“计划.xlsx”，工作表“附件2-1”，第 12 行 D 列：措施没有完成时限"},
		{Problem{File: "计划.docx", Sheet: "表3", Row: 5, Col: 28, Text: "x"}, "文件“计划.docx”，表3，第 5 行第 28 列：x"},
		{Problem{File: "计划.txt", Row: 7, Text: "x"}, "文件“计划.txt”，第 7 行：x"},
		{Problem{File: "a.xlsx", Sheet: "附件1", Row: 1, Col: 28, Text: "x"}, "文件“a.xlsx”，工作表“附件1”，第 1 行 AB 列：x"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}

// docxWith is a Word package whose document.xml is the body given.
func docxWith(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body + `</w:body></w:document>`))
	zw.Close()
	return buf.Bytes()
}

func tr(cells ...string) string {
	s := "<w:tr>"
	for _, c := range cells {
		s += "<w:tc><w:p><w:r><w:t>" + c + "</w:t></w:r></w:p></w:tc>"
	}
	return s + "</w:tr>"
}

func wp(s string) string { return "<w:p><w:r><w:t>" + s + "</w:t></w:r></w:p>" }

// TestFileProblems: files that are not plans, damaged or in the wrong
// format give one problem naming the file; Word tables name 表N.
func TestFileProblems(t *testing.T) {
	tmpl, err := Template()
	if err != nil {
		t.Fatal(err)
	}
	head := tr("序号", "重点任务", "工作措施", "完成时限", "主责单位", "协办单位")
	for name, c := range map[string]struct {
		file string
		data []byte
		want Problem
	}{
		"empty":       {"计划.xlsx", nil, Problem{Text: "空的"}},
		"damaged zip": {"计划.xlsx", tmpl[:len(tmpl)/2], Problem{Text: "文件已损坏"}},
		"not a zip":   {"计划.docx", []byte("\x00\x01binary"), Problem{Text: "文件已损坏"}},
		"old word":    {"计划.doc", append(append([]byte(nil), ole2Magic...), make([]byte, 512)...), Problem{Text: "旧版"}},
		"binary":      {"计划.bin", []byte{0xff, 0xfe, 0, 1, 2}, Problem{Text: "既不是"}},
		"other zip":   {"a.zip", docxWithName(t, "readme.txt"), Problem{Text: "既不是 Excel"}},
		"broken xml":  {"计划.docx", docxWith(t, "<w:p><w:r><w:t>附件1</w:t></w:r>"+"<w:tbl><w:tr>"), Problem{Text: "无法解析"}},
		"no tables":   {"计划.docx", docxWith(t, wp("《北京市西城区2024年行动计划》")+wp("正文")), Problem{Text: "没有找到附件表格"}},
		"table no annex": {"计划.docx", docxWith(t, wp("《2024年行动计划》")+"<w:tbl>"+head+tr("1", "空气", "措施。", "年底前", "区生态环境局", "")+"</w:tbl>"),
			Problem{Sheet: "表1", Text: "表格前面没有“附件N”段落"}},
		"docx no lead": {"计划.docx", docxWith(t, wp("《2024年行动计划》")+wp("附件1")+wp("标题")+"<w:tbl>"+head+tr("一、目标", "", "", "", "", "")+tr("1", "空气", "措施。", "年底前", "", "")+"</w:tbl>"),
			Problem{Sheet: "表1", Row: 3, Col: 5, Text: "措施没有主责单位"}},
		"docx no header": {"计划.docx", docxWith(t, wp("《2024年行动计划》")+wp("附件1")+wp("标题")+"<w:tbl>"+tr("1", "空气", "措施。", "年底前", "区生态环境局")+"</w:tbl>"),
			Problem{Sheet: "表1", Text: "附件1的表格没有找到表头"}},
		"text error": {"计划.txt", []byte("《北京市西城区2024年行动计划》\n附件 1\n标题\n序号\t重点任务\t工作措施\t完成时限\t主责单位\t协办单位\n一、目标\n1\t空气\t措施。\t明年\t区生态环境局\t\n"),
			Problem{Row: 6, Col: 4, Text: "无法识别的完成时限“明年”"}},
	} {
		res := Read(Source{Name: c.file, Data: c.data}, Options{})
		c.want.File = c.file
		wantProblem(t, name, res.Problems, c.want)
		if res.OK() || res.Plan == nil {
			t.Errorf("%s: accepted or no plan", name)
		}
	}
}

func docxWithName(t *testing.T, name string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create(name)
	w.Write([]byte("hello"))
	zw.Close()
	return buf.Bytes()
}
