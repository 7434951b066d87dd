package returns

import (
	"fmt"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// displayCase is a value typed into a text cell with a number format, and
// the text Excel or WPS (Chinese) shows for it.
type displayCase struct {
	value  any
	id     int    // built-in number format
	custom string // or a custom one
	want   string
}

var displayCases = []displayCase{
	{45092.0, 14, "", "2023/6/15"},
	{45092.0, 58, "", "6月15日"},
	{45092.0, 0, `m"月"d"日"`, "6月15日"},
	{45092.0, 31, "", "2023年6月15日"},
	{45092.5, 22, "", "2023/6/15 12:00"},
	{0.6041666666666666, 20, "", "14:30"},
	{0.6041666666666666, 21, "", "14:30:00"},
	{0.8, 9, "", "80%"},
	{0.8125, 10, "", "81.25%"},
	{1234567.891, 3, "", "1,234,568"},
	{1234567.891, 4, "", "1,234,567.89"},
	{true, 0, "", "TRUE"},
	{false, 0, "", "FALSE"},
	{1234567.891, 0, "", "1234567.891"},
	{12.0, 0, `0"处"`, "12处"},
	{0.35, 0, "0.0%", "35.0%"},
}

// setDisplayed writes the cases into column col of sheet from row first on.
func setDisplayed(t testing.TB, f *excelize.File, sheet, col string, first int) {
	for i, c := range displayCases {
		ref := fmt.Sprintf("%s%d", col, first+i)
		must(t, f.SetCellValue(sheet, ref, c.value))
		st := &excelize.Style{NumFmt: c.id}
		if c.custom != "" {
			st.CustomNumFmt = &c.custom
		}
		id, err := f.NewStyle(st)
		must(t, err)
		must(t, f.SetCellStyle(sheet, ref, ref, id))
	}
}

// displayedTemplate is a template whose 进展情况 cells hold the cases, the
// 存在问题 of the first row a date too.
func displayedTemplate(t testing.TB) []byte {
	tpl := sampleTemplate(len(displayCases))
	return edit(t, mustWrite(t, tpl), func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		setDisplayed(t, f, ReturnSheet, "I", headerRow+1)
	})
}

func wantDisplayed(t *testing.T, rows []ReadRow, text func(ReadRow) string, cases []displayCase) {
	t.Helper()
	if len(rows) != len(cases) {
		t.Fatalf("read %d rows, want %d", len(rows), len(cases))
	}
	for i, c := range cases {
		if got := text(rows[i]); got != c.want {
			t.Errorf("row %d: %v with format %d %q reads %q, want %q", rows[i].Row, c.value, c.id, c.custom, got, c.want)
		}
	}
}

// Dates, times, percentages, thousands separators and booleans in text
// cells read as the text the clerk saw, not as the stored number.
func TestReadDisplayedText(t *testing.T) {
	r := mustRead(t, "德胜街道6月.xlsx", displayedTemplate(t))
	wantDisplayed(t, r.Rows, func(r ReadRow) string { return r.Progress }, displayCases)
}

// The same in a sheet a clerk made by hand (no hidden sheet), in the
// 存在问题 column.
func TestReadDisplayedTextHandMade(t *testing.T) {
	f := excelize.NewFile()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"序号", "工作措施", "完成状态", "存在问题"}))
	for i := range displayCases {
		must(t, f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &[]any{i + 1, fmt.Sprintf("措施%d", i+1), "序时推进"}))
	}
	setDisplayed(t, f, "Sheet1", "D", 2)
	b, err := f.WriteToBuffer()
	must(t, err)
	r := mustRead(t, "手工表.xlsx", b.Bytes())
	if r.Meta != nil {
		t.Fatal("a hand-made sheet has no meta")
	}
	wantDisplayed(t, r.Rows, func(r ReadRow) string { return r.Problems }, displayCases)
	if r.Rows[0].No != "1" || r.Rows[9].No != "10" {
		t.Fatalf("序号 read %q %q", r.Rows[0].No, r.Rows[9].No)
	}
}

// testdata/formats-libreoffice.xlsx is displayedTemplate saved again by
// LibreOffice (English locale), which writes every format as its own code
// (the short date and the Chinese built-in dates as m/d/yyyy, as it shows them) and a TRUE as =TRUE().
func TestReadDisplayedTextLibreOffice(t *testing.T) {
	if os.Getenv("TAIZHANG_WRITE_FIXTURES") != "" {
		must(t, os.WriteFile("testdata/formats.xlsx", displayedTemplate(t), 0o644))
	}
	r := mustRead(t, "formats-libreoffice.xlsx", readFixture(t, "formats-libreoffice.xlsx"))
	cases := append([]displayCase{}, displayCases...)
	// LibreOffice in English knows no Chinese built-in date formats either.
	cases[0].want, cases[1].want, cases[3].want, cases[4].want = "6/15/2023", "6/15/2023", "6/15/2023", "6/15/2023 12:00"
	wantDisplayed(t, r.Rows, func(r ReadRow) string { return r.Progress }, cases)
}

// percentBook is a template whose first indicator value is 2.5% typed into
// a cell formatted 0.00%, and the second 7% in a custom 0.0% cell.
func percentBook(t testing.TB) []byte {
	return edit(t, mustWrite(t, sampleTemplate(2)), func(f *excelize.File) {
		must(t, f.UnprotectSheet(IndicatorSheet))
		pct, err := f.NewStyle(&excelize.Style{NumFmt: 10})
		must(t, err)
		code := `0.0%`
		custom, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		must(t, err)
		must(t, f.SetCellValue(IndicatorSheet, "E5", 0.025))
		must(t, f.SetCellStyle(IndicatorSheet, "E5", "E5", pct))
		must(t, f.SetCellValue(IndicatorSheet, "E6", 0.07))
		must(t, f.SetCellStyle(IndicatorSheet, "E6", "E6", custom))
	})
}

// An indicator value in a cell formatted as a percentage reads as the clerk
// typed and saw it (2.5 for 2.5%), not as stored (0.025); a number under a
// format that only quotes a % sign, and a plain number, read as stored.
func TestReadIndicatorPercent(t *testing.T) {
	r := mustRead(t, "德胜街道6月.xlsx", percentBook(t))
	if len(r.Indicators) != 2 || r.Indicators[0].Value != "2.5" || r.Indicators[1].Value != "7" {
		t.Fatalf("indicators %+v, want 2.5 and 7", r.Indicators)
	}
	quoted := edit(t, mustWrite(t, sampleTemplate(2)), func(f *excelize.File) {
		must(t, f.UnprotectSheet(IndicatorSheet))
		code := `0.0"%"`
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		must(t, err)
		must(t, f.SetCellValue(IndicatorSheet, "E5", 2.5))
		must(t, f.SetCellStyle(IndicatorSheet, "E5", "E5", id))
		must(t, f.SetCellValue(IndicatorSheet, "E6", 0.07))
	})
	r = mustRead(t, "德胜街道6月.xlsx", quoted)
	if len(r.Indicators) != 2 || r.Indicators[0].Value != "2.5" || r.Indicators[1].Value != "0.07" {
		t.Fatalf("indicators %+v, want 2.5 and 0.07", r.Indicators)
	}
}

// The same after a LibreOffice re-save, which writes the percent formats as
// custom ones (see testdata/README.md).
func TestReadIndicatorPercentLibreOffice(t *testing.T) {
	if os.Getenv("TAIZHANG_WRITE_FIXTURES") != "" {
		must(t, os.WriteFile("testdata/percent.xlsx", percentBook(t), 0o644))
	}
	r := mustRead(t, "德胜街道6月.xlsx", readFixture(t, "percent-libreoffice.xlsx"))
	if len(r.Indicators) != 2 || r.Indicators[0].Value != "2.5" || r.Indicators[1].Value != "7" {
		t.Fatalf("indicators %+v, want 2.5 and 7", r.Indicators)
	}
}
