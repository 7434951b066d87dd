package returns

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/reports/cellfit/fittest"
)

// longTemplate is a street's template whose plan texts and pre-filled
// texts are long: every tenth measure carries a 300-character progress.
func longTemplate(n int) *Template {
	t := sampleTemplate(n)
	for i := range t.Rows {
		r := &t.Rows[i]
		r.Measure = strings.Repeat("加强施工工地、道路、裸地等扬尘源的监管，落实“六个百分之百”要求。", 1+i%4)
		if i%10 == 0 {
			r.Status = "序时推进"
			r.Progress = strings.Repeat("检查工地12处，整改问题3项；PM2.5浓度同比下降5.2%。\n", 10)
			r.Problems = "部分工地苫盖不到位。"
		}
	}
	return t
}

// TestTemplatePrints reads a template back: every row as tall as its
// text, the rows a unit fills without a fixed height, both sheets printing
// at 9 pt or more on A4 landscape with the title and page numbers.
func TestTemplatePrints(t *testing.T) {
	tpl := longTemplate(40)
	tpl.PrefilledFrom = "2023-05"
	b := mustWrite(t, tpl)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	must(t, err)
	defer f.Close()
	// The notes say which month the cells were pre-filled from.
	for sh, ref := range map[string]string{ReturnSheet: "A2", IndicatorSheet: "A3"} {
		if v, _ := f.GetCellValue(sh, ref); !strings.Contains(v, "已预填2023年5月的内容") {
			t.Errorf("%s!%s = %q lacks the pre-fill month", sh, ref, v)
		}
	}
	rows, tallest := fittest.CheckRows(t, f)
	t.Logf("%d rows checked, tallest cell %.0f pt", rows, tallest)
	for _, sh := range []string{ReturnSheet, IndicatorSheet} {
		scale, font := fittest.PrintScale(t, f, sh), fittest.SmallestFont(t, f, sh)
		t.Logf("%s: scale %d%%, smallest text %.0f pt → %.1f pt printed", sh, scale, font, font*float64(scale)/100)
		if font*float64(scale)/100 < 9 {
			t.Errorf("%s prints at %d%%: %.0f pt text comes out at %.1f pt", sh, scale, font, font*float64(scale)/100)
		}
		hf, err := f.GetHeaderFooter(sh)
		if err != nil || !strings.Contains(hf.OddHeader, tpl.Title()) || !strings.Contains(hf.OddFooter, "第 &P 页 共 &N 页") {
			t.Errorf("%s: header/footer %+v, %v", sh, hf, err)
		}
	}
	// The rows a unit fills carry a height but no customHeight, so that
	// Excel grows them as the clerk types; the header block keeps its own.
	sheet := zipPart(t, b, returnSheetPart)
	for _, tag := range regexp.MustCompile(`<row r="(\d+)"[^>]*>`).FindAllStringSubmatch(sheet, -1) {
		n, _ := strconv.Atoi(tag[1])
		custom := customHeight.MatchString(tag[0])
		if n > headerRow && (custom || !strings.Contains(tag[0], ` ht="`)) {
			t.Errorf("input row %s: %s", tag[1], tag[0])
		}
		if n <= headerRow && !custom {
			t.Errorf("header row %s lost its height: %s", tag[1], tag[0])
		}
	}
	if h, _ := f.GetRowHeight(ReturnSheet, headerRow+1); h < 150 {
		t.Errorf("the first row, pre-filled with 10 lines, is %.0f pt", h)
	}
	// Nothing else changed: the return reads back whole.
	r := mustRead(t, "德胜街道-2023年6月.xlsx", b)
	if len(r.Rows) != 40 || r.Rows[0].Progress != strings.TrimSpace(tpl.Rows[0].Progress) {
		t.Fatalf("read back %d rows, first progress %q", len(r.Rows), r.Rows[0].Progress)
	}
}

// TestContacts fills the contacts a template asks for and reads them back,
// also when another program moved the labels or the clerk left them empty.
func TestContacts(t *testing.T) {
	b := mustWrite(t, sampleTemplate(3))
	if c := mustRead(t, "r.xlsx", b).Contacts; c != (Contacts{}) {
		t.Fatalf("empty template gives contacts %+v", c)
	}
	filled := edit(t, b, func(f *excelize.File) {
		must(t, f.SetCellValue(ReturnSheet, "D3", " 张 三 "))
		must(t, f.SetCellValue(ReturnSheet, "I3", "010-66001234"))
		must(t, f.SetCellValue(ReturnSheet, "K3", "李四"))
	})
	if c := mustRead(t, "r.xlsx", filled).Contacts; c != (Contacts{Clerk: "张三", Phone: "010-66001234", Reviewer: "李四"}) {
		t.Fatalf("contacts %+v", c)
	}
	// A copy re-made by hand: labels with a plain colon, values further
	// right, the reviewer left blank.
	moved := edit(t, b, func(f *excelize.File) {
		for _, m := range [][2]string{{"A3", "C3"}, {"D3", "E3"}, {"F3", "H3"}, {"K3", "L3"}} {
			must(t, f.UnmergeCell(ReturnSheet, m[0], m[1]))
		}
		must(t, f.SetSheetRow(ReturnSheet, "A3", &[]any{"", "填报人:", "", "王五", "联系电话", "13800000000", "", "", "", "审核人：", "", ""}))
	})
	if c := mustRead(t, "r.xlsx", moved).Contacts; c != (Contacts{Clerk: "王五", Phone: "13800000000"}) {
		t.Fatalf("moved contacts %+v", c)
	}
}

// TestWritePrintPreview writes a street's template with long texts, and
// the same return as a clerk filled it with 300–800 characters a measure,
// into $TAIZHANG_PREVIEW for `make print-preview`; without it, it skips.
func TestWritePrintPreview(t *testing.T) {
	dir := os.Getenv("TAIZHANG_PREVIEW")
	if dir == "" {
		t.Skip("TAIZHANG_PREVIEW not set")
	}
	tpl := longTemplate(60)
	b := mustWrite(t, tpl)
	must(t, os.WriteFile(filepath.Join(dir, "template.xlsx"), b, 0o644))
	filled := edit(t, b, func(f *excelize.File) {
		must(t, f.SetCellValue(ReturnSheet, "D3", "张三"))
		for i := range tpl.Rows {
			text := strings.Repeat(fmt.Sprintf("第%d项：检查工地12处，整改问题3项，PM2.5浓度同比下降5.2%%；", i+1), 10+i%4*8)
			must(t, f.SetCellValue(ReturnSheet, cell(9, headerRow+1+i), text))
		}
	})
	must(t, os.WriteFile(filepath.Join(dir, "return-filled.xlsx"), filled, 0o644))
}
