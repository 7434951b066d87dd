package returns

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// zipPart returns one part of an xlsx package.
func zipPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	must(t, err)
	for _, f := range z.File {
		if f.Name == name {
			rc, err := f.Open()
			must(t, err)
			defer rc.Close()
			out, err := io.ReadAll(rc)
			must(t, err)
			return string(out)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

func locked(t *testing.T, f *excelize.File, sheet, ref string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	must(t, err)
	st, err := f.GetStyle(id)
	must(t, err)
	// A cell without a protection record is locked, as in Excel.
	return st.Protection == nil || st.Protection.Locked
}

func TestTemplateProtection(t *testing.T) {
	tpl := sampleTemplate(10)
	b := mustWrite(t, tpl)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	must(t, err)
	defer f.Close()

	for _, sheet := range []string{ReturnSheet, IndicatorSheet} {
		p, err := f.GetSheetProtection(sheet)
		must(t, err)
		if !p.SelectLockedCells || !p.SelectUnlockedCells || !p.FormatColumns || !p.FormatRows || !p.Sort || !p.AutoFilter {
			t.Fatalf("%s: protection %+v does not let the clerk select, resize, sort and filter", sheet, p)
		}
		if p.FormatCells || p.DeleteRows || p.InsertColumns {
			t.Fatalf("%s: protection %+v allows editing the layout", sheet, p)
		}
	}
	// Protected, with no password of any kind.
	for _, part := range []string{"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"} {
		x := zipPart(t, b, part)
		prot := regexp.MustCompile(`<sheetProtection[^>]*>`).FindString(x)
		if prot == "" || !strings.Contains(prot, `sheet="true"`) {
			t.Fatalf("%s: sheet not protected: %q", part, prot)
		}
		for _, attr := range []string{"password", "hashValue", "saltValue"} {
			if strings.Contains(prot, attr) {
				t.Fatalf("%s: protection has a %s: %s", part, attr, prot)
			}
		}
	}

	for _, ref := range []string{"A5", "B5", "C5", "D5", "E5", "F5", "G5", "A14", "G14", "H4", "A1", "A2"} {
		if !locked(t, f, ReturnSheet, ref) {
			t.Errorf("%s!%s is unlocked", ReturnSheet, ref)
		}
	}
	for _, ref := range []string{"H5", "I5", "J5", "K5", "L5", "H14", "L14", "D3", "I3", "K3"} {
		if locked(t, f, ReturnSheet, ref) {
			t.Errorf("%s!%s is locked", ReturnSheet, ref)
		}
	}
	for _, ref := range []string{"A5", "B5", "C5", "D5", "D6"} {
		if !locked(t, f, IndicatorSheet, ref) {
			t.Errorf("%s!%s is unlocked", IndicatorSheet, ref)
		}
	}
	if locked(t, f, IndicatorSheet, "E5") || locked(t, f, IndicatorSheet, "E6") {
		t.Error("indicator values are locked")
	}

	dvs, err := f.GetDataValidations(ReturnSheet)
	must(t, err)
	if len(dvs) != 1 || dvs[0].Sqref != "H5:H14" || dvs[0].Type != "list" || dvs[0].Formula1 != `"未启动,序时推进,滞后,已完成,不涉及"` {
		t.Fatalf("status validation %+v", dvs)
	}
	dvs, err = f.GetDataValidations(IndicatorSheet)
	must(t, err)
	if len(dvs) != 1 || dvs[0].Sqref != "E5:E6" || dvs[0].Type != "decimal" || dvs[0].Operator != "greaterThanOrEqual" || dvs[0].Formula1 != "0" {
		t.Fatalf("indicator validation %+v", dvs)
	}

	visible, err := f.GetSheetVisible(MetaSheet)
	must(t, err)
	if visible {
		t.Fatal("meta sheet is visible")
	}
	if !regexp.MustCompile(`<sheet name="` + MetaSheet + `"[^>]*state="veryHidden"`).MatchString(zipPart(t, b, "xl/workbook.xml")) {
		t.Fatal("meta sheet is not very hidden")
	}
	if v, _ := f.GetSheetVisible(IndicatorSheet); !v {
		t.Fatal("indicator sheet hidden")
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Fatal("the return sheet is not the active one")
	}

	// The header block names the plan, the unit and the month.
	if tpl.Title() != "德胜街道办事处2023年6月工作进展填报表" {
		t.Errorf("title %q", tpl.Title())
	}
	for ref, want := range map[string]string{"A1": tpl.Title(), "A2": "德胜街道办事处", "H4": "完成状态", "A3": "填报人：", "F3": "联系电话：", "J3": "审核人："} {
		if v, _ := f.GetCellValue(ReturnSheet, ref); !strings.Contains(v, want) {
			t.Errorf("%s = %q, want %q in it", ref, v, want)
		}
	}
	if v, _ := f.GetCellValue(ReturnSheet, "A2"); !strings.Contains(v, "2023年6月") || !strings.Contains(v, tpl.PlanTitle) {
		t.Errorf("A2 = %q lacks the month", v)
	}
	panes, err := f.GetPanes(ReturnSheet)
	must(t, err)
	if !panes.Freeze || panes.YSplit != headerRow {
		t.Fatalf("panes %+v", panes)
	}
	layout, err := f.GetPageLayout(ReturnSheet)
	must(t, err)
	if *layout.Orientation != "landscape" || *layout.Size != 9 || *layout.FitToWidth != 1 {
		t.Fatalf("page layout %+v", layout)
	}
	names := f.GetDefinedName()
	found := false
	for _, n := range names {
		if n.Name == "_xlnm.Print_Titles" && n.Scope == ReturnSheet && strings.HasSuffix(n.RefersTo, "!$4:$4") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no print titles for the header row: %+v", names)
	}
	if v, _ := f.GetColVisible(IndicatorSheet, "A"); v {
		t.Fatal("indicator key column is visible")
	}
}

func TestMonthLabel(t *testing.T) {
	for in, want := range map[string]string{"2023-06": "2023年6月", "2023-12": "2023年12月", "x": "x"} {
		if got := MonthLabel(in); got != want {
			t.Errorf("MonthLabel(%q) = %q, want %q", in, got, want)
		}
	}
}
