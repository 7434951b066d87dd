package returns

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The one list of accepted headers: every label and variant reads as its
// field, in any spacing or case and with a note; anything else is unknown.
func TestHeaderVariants(t *testing.T) {
	for _, f := range append(append([]Field{}, Fields...), indicatorFields...) {
		for _, h := range append([]string{string(f)}, HeaderVariants[f]...) {
			for _, v := range []string{h, " " + strings.ToLower(h) + " ", h + "（必填）", "*" + h, "【" + h + "】", "（" + h + "）", "“" + h + "”：", "[" + h + "]"} {
				if got := headerField(v, append(append([]Field{}, Fields...), indicatorFields...), nil); got != f {
					t.Errorf("header %q reads as %q, want %q", v, got, f)
				}
			}
		}
	}
	for _, h := range []string{"工作完成情况", "备注", "进展情况说明", "完成"} {
		if got := headerField(h, Fields, nil); got != "" {
			t.Errorf("header %q reads as %q, want unknown", h, got)
		}
		if _, ok := ParseField(h); ok {
			t.Errorf("ParseField(%q) accepted", h)
		}
	}
	for in, want := range map[string]Field{"进展情况": FieldProgress, "工作进展": FieldProgress, " 存在问题 ": FieldProblems, "-": Ignore} {
		if got, ok := ParseField(in); !ok || got != want {
			t.Errorf("ParseField(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	if _, ok := ParseField("指标名称"); ok {
		t.Error("ParseField accepts a field of the indicator sheet")
	}
}

// A header retyped as 工作完成情况 is named with its cell; the clerk's
// mapping reads it as 进展情况, or leaves it out.
func TestReadUnknownHeaderMapped(t *testing.T) {
	tpl := sampleTemplate(4)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		must(t, f.SetCellValue(ReturnSheet, "I4", "工作完成\n情况"))
	})
	r := mustRead(t, "德胜街道6月.xlsx", b)
	want := []UnknownColumn{{Sheet: ReturnSheet, Cell: "I4", Column: "I", Header: "工作完成情况"}}
	if !slices.Equal(r.Unknown, want) || !slices.Equal(r.Absent, []Field{FieldProgress}) || r.Rows[0].Progress != "" {
		t.Fatalf("unknown %+v absent %v progress %q", r.Unknown, r.Absent, r.Rows[0].Progress)
	}
	r, err := ReadReturn("德胜街道6月.xlsx", b, ReadOptions{Map: map[string]Field{"工作完成情况": FieldProgress}})
	must(t, err)
	if r.Unknown != nil || r.Absent != nil {
		t.Fatalf("unknown %+v absent %v", r.Unknown, r.Absent)
	}
	wantRows(t, tpl, r.Rows)
	r, err = ReadReturn("德胜街道6月.xlsx", b, ReadOptions{Map: map[string]Field{"工作完成情况": Ignore}})
	must(t, err)
	if r.Unknown != nil || !slices.Equal(r.Absent, []Field{FieldProgress}) || r.Rows[1].Progress != "" {
		t.Fatalf("unknown %+v absent %v", r.Unknown, r.Absent)
	}
}

// Headers retyped the ways clerks do (in 【】, with a colon, as 下一步工作)
// are the known columns: nothing is unknown or absent, every text is read.
func TestReadRetypedHeaders(t *testing.T) {
	tpl := sampleTemplate(4)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		must(t, f.SetCellValue(ReturnSheet, "H4", "“完成状态”"))
		must(t, f.SetCellValue(ReturnSheet, "I4", "【进展\n情况】"))
		must(t, f.SetCellValue(ReturnSheet, "J4", "存在问题："))
		must(t, f.SetCellValue(ReturnSheet, "K4", "下一步工作"))
		must(t, f.SetCellValue(ReturnSheet, "L4", "（佐证材料说明）"))
	})
	r := mustRead(t, "德胜街道6月.xlsx", b)
	if r.Unknown != nil || r.Absent != nil {
		t.Fatalf("unknown %+v absent %v", r.Unknown, r.Absent)
	}
	wantRows(t, tpl, r.Rows)
}

// Deleted columns are absent, not blank: the checker keeps what is stored.
// An unknown header over an empty column loses nothing and is not named.
func TestReadDeletedColumns(t *testing.T) {
	tpl := sampleTemplate(4)
	b := fill(t, tpl, mustWrite(t, tpl))
	b = edit(t, b, func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		must(t, f.RemoveCol(ReturnSheet, "K"))
		must(t, f.RemoveCol(ReturnSheet, "J"))
		must(t, f.SetCellValue(ReturnSheet, "K4", "备注"))
	})
	r := mustRead(t, "德胜街道6月.xlsx", b)
	if !slices.Equal(r.Absent, []Field{FieldProblems, FieldNextSteps}) || r.Unknown != nil {
		t.Fatalf("absent %v unknown %v", r.Absent, r.Unknown)
	}
	if r.Rows[0].Progress != tpl.Rows[0].Progress || r.Rows[0].Evidence != tpl.Rows[0].Evidence {
		t.Fatalf("row %+v", r.Rows[0])
	}
}

// A known header twice is a problem: which column holds the progress?
func TestRefuseHeaderTwice(t *testing.T) {
	tpl := sampleTemplate(3)
	b := edit(t, fill(t, tpl, mustWrite(t, tpl)), func(f *excelize.File) {
		must(t, f.SetCellValue(ReturnSheet, "M4", "工作进展"))
		must(t, f.SetCellValue(ReturnSheet, "M5", "另写的进展"))
	})
	_, err := ReadReturn("德胜街道6月.xlsx", b, ReadOptions{})
	ps := problemsOf(t, err)
	if len(ps) != 1 {
		t.Fatalf("problems %v", ps)
	}
	wantProblem(t, ps, 4, "M", "第 4 行 M 列（进展情况）", "表头“工作进展”与 I 列重复")
}

// Zero-width spaces, BOMs, soft hyphens, no-break spaces and full-width
// codes read as the word they look like; a filler letter that prints as
// nothing is shown escaped in a message.
func TestReadInvisibleCharacters(t *testing.T) {
	tpl := sampleTemplate(6)
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) {
		for i, v := range [][]string{
			{"2-1.1.1\u200b", "已完成\u200b", "检查\u200b工地\u00a012 处\ufeff"},
			{"\ufeff2-1.1.2", "\ufeff序时推进", "\u00ad"},
			{"２－１．１．３", "已\u00ad完成", "推进中\u00a0"},
			{"2-1.2.1\u2060", "\u00a0滞后\u00a0", "👨\u200d👩\u200d👧 家庭"},
			{"2-1.2.2", "不涉及\u200e", ""},
		} {
			row := headerRow + 1 + i
			must(t, f.SetCellValue(ReturnSheet, fmt.Sprintf("A%d", row), v[0]))
			must(t, f.SetCellValue(ReturnSheet, fmt.Sprintf("H%d", row), v[1]))
			must(t, f.SetCellValue(ReturnSheet, fmt.Sprintf("I%d", row), v[2]))
		}
	})
	r := mustRead(t, "德胜街道6月.xlsx", b)
	got := func(i int) []string { return []string{r.Rows[i].MeasureID, r.Rows[i].Status, r.Rows[i].Progress} }
	for i, want := range [][]string{
		{"2-1.1.1", "已完成", "检查工地 12 处"},
		{"2-1.1.2", "序时推进", ""},
		{"2-1.1.3", "已完成", "推进中"},
		{"2-1.2.1", "滞后", "👨\u200d👩\u200d👧 家庭"},
		{"2-1.2.2", "不涉及", ""},
	} {
		if !slices.Equal(got(i), want) {
			t.Errorf("row %d reads %q, want %q", i+5, got(i), want)
		}
	}
	if got := ShowInvisible("已完成\u3164"); got != "已完成<U+3164>" {
		t.Errorf("ShowInvisible = %q", got)
	}
	if got := ShowInvisible("已完成\u200b\x01 好"); got != "已完成<U+200B><U+0001> 好" {
		t.Errorf("ShowInvisible = %q", got)
	}
	if got := shorten("已完成\u200b"); got != "已完成<U+200B>" {
		t.Errorf("shorten = %q", got)
	}
}

// The visible line above the table names the unit and month; a month that
// is none (13月) is told apart from a missing one.
func TestReadHeading(t *testing.T) {
	tpl := sampleTemplate(2)
	r := mustRead(t, "x.xlsx", mustWrite(t, tpl))
	if want := (Heading{Unit: "德胜街道办事处", UnitCell: "A2", MonthText: "2023年6月", MonthCell: "A2", Year: 2023, MonthNo: 6}); r.Heading != want {
		t.Fatalf("heading %+v, want %+v", r.Heading, want)
	}
	for line, want := range map[string]Heading{
		"填报单位：什刹海街道（盖章）  填报月份：2023年7月": {Unit: "什刹海街道", UnitCell: "A2", MonthText: "2023年7月", MonthCell: "A2", Year: 2023, MonthNo: 7},
		"填报单位:区水务局 填报月份:2023-13":       {Unit: "区水务局", UnitCell: "A2", MonthText: "2023-13", MonthCell: "A2", Year: 2023},
		"填报月份：七月 填报人：张三":               {MonthText: "七月", MonthCell: "A2", MonthNo: 7},
		"德胜街道 2023年5月工作进展":             {MonthText: "2023年5月", MonthCell: "A2", Year: 2023, MonthNo: 5},
		"":                             {},
	} {
		b := edit(t, mustWrite(t, tpl), func(f *excelize.File) {
			// The title names the month too (德胜街道2023年6月…): a title
			// without one leaves the line in A2 to tell.
			must(t, f.SetCellValue(ReturnSheet, "A1", "工作进展填报表"))
			must(t, f.SetCellValue(ReturnSheet, "A2", line))
		})
		if got := mustRead(t, "x.xlsx", b).Heading; got != want {
			t.Errorf("%q reads %+v, want %+v", line, got, want)
		}
	}
	// Label and value in cells of their own.
	b := edit(t, mustWrite(t, tpl), func(f *excelize.File) {
		must(t, f.UnmergeCell(ReturnSheet, "A2", "L2"))
		must(t, f.SetSheetRow(ReturnSheet, "A2", &[]any{"填报单位：", "", "新街口街道", "填报月份", "2023年8月"}))
	})
	if got, want := mustRead(t, "x.xlsx", b).Heading, (Heading{Unit: "新街口街道", UnitCell: "A2", MonthText: "2023年8月", MonthCell: "D2", Year: 2023, MonthNo: 8}); got != want {
		t.Errorf("cells read %+v, want %+v", got, want)
	}
}

// A filled return whose sheet was copied and the copy filled again
// differently names the copy (the checker refuses it); an identical copy,
// sorted the other way, and a copy left empty are no second return.
func TestReadCopiedSheetFilledAgain(t *testing.T) {
	tpl := sampleTemplate(4)
	filled := fill(t, tpl, mustWrite(t, tpl))
	copyAs := func(edit2 func(f *excelize.File)) []byte {
		return edit(t, filled, func(f *excelize.File) {
			must(t, f.UnprotectSheet(ReturnSheet))
			i, err := f.NewSheet("填报 (2)")
			must(t, err)
			must(t, f.CopySheet(0, i))
			edit2(f)
		})
	}
	again := copyAs(func(f *excelize.File) { must(t, f.SetCellValue("填报 (2)", "I6", "改过的进展")) })
	r := mustRead(t, "德胜街道6月.xlsx", again)
	if r.Sheet != ReturnSheet || r.Untouched || !slices.Equal(r.SameHeader, []string{"填报 (2)"}) {
		t.Fatalf("sheet %q untouched %v same header %v", r.Sheet, r.Untouched, r.SameHeader)
	}
	wantRows(t, tpl, r.Rows)
	same := copyAs(func(f *excelize.File) {
		rows, err := f.GetRows("填报 (2)")
		must(t, err)
		for i, j := headerRow, len(rows)-1; i < j; i, j = i+1, j-1 {
			a, b := make([]any, len(rows[i])), make([]any, len(rows[j]))
			for k, v := range rows[i] {
				a[k] = v
			}
			for k, v := range rows[j] {
				b[k] = v
			}
			must(t, f.SetSheetRow("填报 (2)", fmt.Sprintf("A%d", i+1), &b))
			must(t, f.SetSheetRow("填报 (2)", fmt.Sprintf("A%d", j+1), &a))
		}
	})
	empty := copyAs(func(f *excelize.File) {
		for i := range tpl.Rows {
			must(t, f.SetSheetRow("填报 (2)", fmt.Sprintf("H%d", headerRow+1+i), &[]any{"", "", "", "", ""}))
		}
	})
	for name, b := range map[string][]byte{"sorted copy": same, "empty copy": empty} {
		if r := mustRead(t, "德胜街道6月.xlsx", b); r.SameHeader != nil || r.Untouched {
			t.Errorf("%s: same header %v untouched %v", name, r.SameHeader, r.Untouched)
		}
	}
}

// A template sent back as it came (only last month's pre-fill) is
// untouched; one changed cell makes it a return. Data typed into a copy of
// the sheet is found there.
func TestReadUntouched(t *testing.T) {
	tpl := sampleTemplate(5) // the first row pre-filled
	tpl.Meta.Prefill = PrefillChecksum(tpl.Rows)
	blank := mustWrite(t, tpl)
	if r := mustRead(t, "x.xlsx", blank); !r.Untouched || r.SameHeader != nil {
		t.Fatalf("untouched %v same header %v", r.Untouched, r.SameHeader)
	}
	// Re-saved by LibreOffice, sorted: still the pre-fill only.
	sorted := edit(t, blank, func(f *excelize.File) {
		must(t, f.UnprotectSheet(ReturnSheet))
		rows, err := f.GetRows(ReturnSheet)
		must(t, err)
		first := rows[headerRow]
		must(t, f.RemoveRow(ReturnSheet, headerRow+1))
		row := make([]any, len(first))
		for i, v := range first {
			row[i] = v
		}
		must(t, f.SetSheetRow(ReturnSheet, fmt.Sprintf("A%d", headerRow+len(tpl.Rows)), &row))
	})
	if r := mustRead(t, "x.xlsx", sorted); !r.Untouched {
		t.Fatal("a sorted untouched template reads as filled")
	}
	changed := edit(t, blank, func(f *excelize.File) {
		must(t, f.SetCellValue(ReturnSheet, "K7", "继续推进"))
	})
	if r := mustRead(t, "x.xlsx", changed); r.Untouched {
		t.Fatal("a return with a next step reads as untouched")
	}
	copied := edit(t, blank, func(f *excelize.File) {
		i, err := f.NewSheet("6月")
		must(t, err)
		must(t, f.CopySheet(0, i))
		must(t, f.SetCellValue("6月", "H6", "已完成"))
	})
	r := mustRead(t, "x.xlsx", copied)
	if !r.Untouched || r.Sheet != ReturnSheet || !slices.Equal(r.SameHeader, []string{"6月"}) {
		t.Fatalf("untouched %v sheet %q same header %v", r.Untouched, r.Sheet, r.SameHeader)
	}
	// A hand-made sheet with statuses is a return.
	f := excelize.NewFile()
	must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"序号", "工作措施", "完成状态"}))
	must(t, f.SetSheetRow("Sheet1", "A2", &[]any{1, "措施", ""}))
	hb, err := f.WriteToBuffer()
	must(t, err)
	if r := mustRead(t, "h.xlsx", hb.Bytes()); !r.Untouched {
		t.Fatal("a hand-made sheet without statuses reads as filled")
	}
}

// The columns read through the caller's mapping are named, and only those.
func TestReadMappedNamed(t *testing.T) {
	tpl := sampleTemplate(3)
	b := edit(t, fill(t, tpl, mustWrite(t, tpl)), func(f *excelize.File) {
		must(t, f.SetCellValue(ReturnSheet, "J4", "问题及困难"))
	})
	r, err := ReadReturn("x.xlsx", b, ReadOptions{Map: map[string]Field{"问题 及困难": FieldProblems, "备注": Ignore}})
	must(t, err)
	if want := []UnknownColumn{{Sheet: ReturnSheet, Cell: "J4", Column: "J", Header: "问题及困难"}}; !slices.Equal(r.Mapped, want) || r.Rows[1].Problems != "资金不足" {
		t.Fatalf("mapped %+v, problems %q", r.Mapped, r.Rows[1].Problems)
	}
	if !SameHeader("问题 及困难（选填）", "问题及困难") || SameHeader("问题", "问题及困难") {
		t.Error("SameHeader")
	}
}

// testdata/untouched-libreoffice.xlsx is the template of TestReadUntouched
// opened and saved by LibreOffice without a change: still untouched, its
// pre-fill (a two-line text) read back as written.
func TestReadUntouchedLibreOffice(t *testing.T) {
	tpl := sampleTemplate(5)
	tpl.Meta.Prefill = PrefillChecksum(tpl.Rows)
	if os.Getenv("TAIZHANG_WRITE_FIXTURES") != "" {
		must(t, os.WriteFile("testdata/untouched.xlsx", mustWrite(t, tpl), 0o644))
	}
	r := mustRead(t, "untouched-libreoffice.xlsx", readFixture(t, "untouched-libreoffice.xlsx"))
	if r.Meta == nil || r.Meta.Prefill != tpl.Meta.Prefill || !r.Untouched {
		t.Fatalf("meta %+v, untouched %v", r.Meta, r.Untouched)
	}
}
