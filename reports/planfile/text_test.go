package planfile

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"taizhang/assets"
)

// TestText reads the text conversion the 2023 plan came in, as a file the
// clerk picked: the same plan as the built-in one, units as the directory
// names them.
func TestText(t *testing.T) {
	want := plan2023(t)
	res := Read(Source{Name: "xicheng-2023-action-plan.txt", Data: []byte(assets.PlanText2023)}, Options{Year: 2023})
	if res.Format != FormatText || len(res.Problems) > 0 || len(res.Missing) > 0 || !res.OK() {
		t.Fatalf("format %s problems %v missing %v", res.Format, res.Problems, res.Missing)
	}
	samePlan(t, res.Plan, want)
	if res.Plan.Units != nil || len(res.Units) != 41 {
		t.Errorf("plan units %d, names %d", len(res.Plan.Units), len(res.Units))
	}
	// its 按时间节点完成 measures have no date: named, without a place the
	// text parser keeps, for the preview
	var undated []string
	for _, p := range res.Undated {
		undated = append(undated, p.String())
	}
	if len(undated) != 7 || !strings.HasPrefix(undated[0], "文件“xicheng-2023-action-plan.txt”：措施 ") || !strings.Contains(undated[0], "的完成时限“按时间节点完成”没有具体日期") {
		t.Errorf("undated: %d %v", len(undated), undated)
	}
	res = Read(Source{Name: "计划.txt", Data: []byte(assets.PlanText2023)}, Options{Year: 2024})
	if len(res.Problems) != 1 || res.Problems[0].Row == 0 || !strings.Contains(res.Problems[0].String(), "是 2023 年的计划，而导入的年度是 2024 年") {
		t.Errorf("year mismatch: %v", res.Problems)
	}
}

// text2024 is the 2023 text relabelled 2024: every year up to the plan's
// one later.
func text2024() string {
	return regexp.MustCompile(`20(19|2[0-3])`).ReplaceAllStringFunc(assets.PlanText2023, func(y string) string {
		n, _ := strconv.Atoi(y)
		return strconv.Itoa(n + 1)
	})
}

// TestTextEncodings reads the text of another year saved as an office
// computer saves text (GBK, UTF-16 from Notepad, UTF-8 with a BOM and CRLF):
// all 137 measures, the same plan as from UTF-8.
func TestTextEncodings(t *testing.T) {
	text := text2024()
	want := Read(Source{Name: "2024.txt", Data: []byte(text)}, Options{Year: 2024})
	if !want.OK() || want.Plan.Year != 2024 || want.Plan.DocNo != "西政办发〔2024〕3号" {
		t.Fatalf("2024 text: %v", want.Problems)
	}
	n := 0
	for _, a := range want.Plan.Annexes {
		for _, s := range a.Sections {
			for _, tk := range s.Tasks {
				n += len(tk.Measures)
			}
		}
	}
	if n != 137 {
		t.Errorf("2024 text: %d measures, want 137", n)
	}
	crlf := strings.ReplaceAll(text, "\n", "\r\n")
	for name, enc := range map[string]encoding.Encoding{
		"GBK":         simplifiedchinese.GBK,
		"GB18030":     simplifiedchinese.GB18030,
		"UTF-16LE":    unicode.UTF16(unicode.LittleEndian, unicode.UseBOM),
		"UTF-16BE":    unicode.UTF16(unicode.BigEndian, unicode.UseBOM),
		"UTF-8 BOM":   unicode.UTF8BOM,
		"GBK no year": simplifiedchinese.GBK,
	} {
		b, err := enc.NewEncoder().Bytes([]byte(crlf))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		opt := Options{Year: 2024}
		if name == "GBK no year" {
			opt.Year = 0
		}
		res := Read(Source{Name: name + ".txt", Data: b}, opt)
		if res.Format != FormatText || !res.OK() {
			t.Errorf("%s: format %q problems %v", name, res.Format, res.Problems)
			continue
		}
		samePlan(t, res.Plan, want.Plan)
		if fmt.Sprint(res.Units) != fmt.Sprint(want.Units) {
			t.Errorf("%s: units %v", name, res.Units)
		}
	}
}

// TestTextProblemPlace: a problem in a text file, whatever its encoding,
// names the file, the line and the cell.
func TestTextProblemPlace(t *testing.T) {
	text := text2024()
	old := "\t年底 前\t区生态环境局\t区发展改革委"
	line := strings.Count(text[:strings.Index(text, old)], "\n") + 1
	bad := strings.Replace(text, old, "\t明年\t区生态环境局\t区发展改革委", 1)
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.ReplaceAll(bad, "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	res := Read(Source{Name: "计划2024.txt", Data: b}, Options{Year: 2024})
	want := fmt.Sprintf("文件“计划2024.txt”，第 %d 行第 4 列：无法识别的完成时限“明年”", line)
	if len(res.Problems) != 1 || res.Problems[0].Row != line || res.Problems[0].Col != 4 || !strings.HasPrefix(res.Problems[0].String(), want) {
		t.Errorf("problems %v, want %s", res.Problems, want)
	}
	// Bytes that are text in none of the encodings are no plan text.
	for name, data := range map[string][]byte{
		"odd UTF-16":       {0xFF, 0xFE, '1', 0, '2'},
		"control bytes":    []byte("序号\x01\x02"),
		"not GBK":          {0xB1, 0xB1, 0xFF, 0x30},
		"GBK with a NUL":   {0xB1, 0xB1, 0x00, 0xBE, 0xA9},
		"UTF-16 with NULs": {0xFF, 0xFE, 0, 0, 0, 0},
	} {
		res := Read(Source{Name: "计划.txt", Data: data}, Options{Year: 2024})
		if res.Format != "" || len(res.Problems) != 1 || !strings.Contains(res.Problems[0].Text, "也不是计划的文本文件") {
			t.Errorf("%s: format %q problems %v", name, res.Format, res.Problems)
		}
	}
}
