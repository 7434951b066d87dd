package app

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/indicatorsheet"
)

// plainSheet writes a workbook with the given sheets (name → rows) and
// returns its path.
func plainSheet(t *testing.T, sheets map[string][][]any, order ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "指标.xlsx")
	if err := os.WriteFile(path, datatest.Workbook(t, sheets, order...), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// ledgerState is every stored value and the audit log's length.
func ledgerState(t *testing.T, a *App) string {
	t.Helper()
	ctx := context.Background()
	vals, err := a.db.IndicatorActuals(ctx, 2023, "")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := a.Audit(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, v := range vals {
		b.WriteString(v.Indicator + v.Area + string(v.Month) + data.FormatValue(v.Value) + ";")
	}
	return b.String() + string(rune('0'+len(recs)))
}

func TestIndicatorImport(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	if _, err := a.SetIndicatorActual(ctx, "pm25", "德胜街道", "2023-05", "28"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetIndicatorActual(ctx, "pm25", "什刹海街道", "2023-05", "25"); err != nil {
		t.Fatal(err)
	}
	path := plainSheet(t, map[string][][]any{
		"pm25": {
			{"地区", "5月", "6月"},
			{"德胜街道", 30, "32.5"},
			{"什刹海街道办事处", 25, nil}, // an alias; May unchanged
			{},
		},
		"VOCs重点工程累计减排量": {
			{"地区", "2023-06"},
			{"西城区", 300},
		},
	}, "pm25", "VOCs重点工程累计减排量")
	before, _ := os.ReadFile(path)
	imp, err := a.PrepareIndicatorImport(ctx, 2023, path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range imp.Changes {
		old := "-"
		if c.Old != nil {
			old = data.FormatValue(*c.Old)
		}
		got = append(got, c.Sheet+"!"+c.Cell+" "+c.Indicator.Key+" "+c.Area+" "+string(c.Month)+" "+old+"→"+data.FormatValue(c.New))
	}
	want := []string{
		"pm25!B2 pm25 德胜街道 2023-05 28→30",
		"pm25!C2 pm25 德胜街道 2023-06 -→32.5",
		"VOCs重点工程累计减排量!B2 voc_reduction 西城区 2023-06 -→300",
	}
	if !slices.Equal(got, want) || imp.Unchanged != 1 {
		t.Errorf("changes %q with %d unchanged, want %q with 1", got, imp.Unchanged, want)
	}
	n, err := a.ApplyIndicatorImport(ctx, imp)
	if err != nil || n != 3 {
		t.Fatalf("applied %d: %v", n, err)
	}
	v, err := a.Indicators(ctx, "2023-06")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range v.Rows {
		if r.Indicator.Key == "pm25" && r.Area == "德胜街道" && (*r.Value != 32.5 || *r.YTD != 31.25) {
			t.Errorf("德胜 June %v, YTD %v", *r.Value, *r.YTD)
		}
	}
	recs, err := a.Audit(ctx, data.AuditFilter{Indicator: "pm25", Unit: "德胜街道"})
	if err != nil || len(recs) != 3 {
		t.Errorf("德胜's PM2.5 audit: %d records, %v", len(recs), err)
	}
	again, err := a.PrepareIndicatorImport(ctx, 2023, path)
	if err != nil || len(again.Changes) != 0 || again.Unchanged != 4 {
		t.Errorf("the same file again: %+v, %v", again, err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the imported file was modified")
	}
}

// TestIndicatorImportRefuses checks that each bad sheet is refused with its
// place named and that nothing is written, not even the good values.
func TestIndicatorImportRefuses(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	if err := a.CloseMonth(ctx, "2023-01"); err != nil {
		t.Fatal(err)
	}
	good := []any{"德胜街道", 30}
	for _, tc := range []struct {
		name   string
		sheet  string
		rows   [][]any
		want   []string
		ignore bool
	}{
		{"text", "pm25", [][]any{{"地区", "6月"}, good, {"什刹海街道", "良好"}}, []string{"工作表“pm25”第3行B列", "“良好”不是数字"}, false},
		{"negative", "pm25", [][]any{{"地区", "6月"}, good, {"什刹海街道", -3}}, []string{"第3行B列", "是负数"}, false},
		{"absurd", "pm25", [][]any{{"地区", "6月"}, good, {"什刹海街道", 5000}}, []string{"第3行B列", "数值不合常理"}, false},
		{"percent", "优良天数比率", [][]any{{"地区", "6月"}, {"西城区", 150}}, []string{"工作表“优良天数比率”第2行B列", "超过 100%"}, false},
		{"unknown area", "pm25", [][]any{{"地区", "6月"}, good, {"火星街道", 30}}, []string{"第3行A列", "没有名为“火星街道”的街道"}, false},
		{"unit not listed", "pm25", [][]any{{"地区", "6月"}, good, {"区水务局", 30}}, []string{"第3行A列", "指标表中没有区水务局"}, false},
		{"bad month", "pm25", [][]any{{"地区", "6月", "13月"}, {"德胜街道", 30, 31}}, []string{"第1行C列", "“13月”不是本年度的月份"}, false},
		{"no month", "pm25", [][]any{{"地区", "6月"}, {"德胜街道", 30, 31}}, []string{"第2行C列", "第1行没有月份"}, false},
		{"closed month", "pm25", [][]any{{"地区", "1月", "6月"}, {"德胜街道", 30, 31}}, []string{"第2行B列", "2023年1月已关账"}, false},
		{"twice", "pm25", [][]any{{"地区", "6月"}, good, {"德胜街道办事处", 31}}, []string{"第3行B列", "已在工作表“pm25”B2填写"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := plainSheet(t, map[string][][]any{
				tc.sheet:       tc.rows,
				"NOx重点工程累计减排量": {{"地区", "6月"}, {"西城区", 50}},
			}, "NOx重点工程累计减排量", tc.sheet)
			before := ledgerState(t, a)
			_, err := a.PrepareIndicatorImport(ctx, 2023, path)
			if data.ErrorCode(err) != data.EINVALID {
				t.Fatalf("err %v, want EINVALID", err)
			}
			msg := ErrorMessage(err)
			for _, w := range append(tc.want, "文件“指标.xlsx”", "未导入任何数值") {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
			if after := ledgerState(t, a); after != before {
				t.Error("a refused file changed the ledger")
			}
		})
	}
	// Several problems at once are all listed.
	path := plainSheet(t, map[string][][]any{
		"pm25": {{"地区", "6月"}, {"德胜街道", "x"}, {"什刹海街道", -1}, {"火星", 1}},
	}, "pm25")
	_, err := a.PrepareIndicatorImport(ctx, 2023, path)
	if msg := ErrorMessage(err); !strings.Contains(msg, "有 3 处问题") || strings.Count(msg, "\n") != 3 {
		t.Errorf("three problems:\n%s", msg)
	}
}

// TestIndicatorImportTemplate fills the template's sheet the way a clerk
// would and imports it.
func TestIndicatorImportTemplate(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	if _, err := a.SetIndicatorActual(ctx, "pm25", "德胜街道", "2023-05", "28"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := a.WriteIndicatorImportTemplate(ctx, 2023, path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sheets := f.GetSheetList()
	if len(sheets) != 13 || sheets[0] != indicatorsheet.NotesSheet || sheets[1] != "PM2.5年均浓度" {
		t.Errorf("sheets %v", sheets)
	}
	rows, _ := f.GetRows("PM2.5年均浓度")
	if len(rows) != 17 || rows[0][1] != "1月" || rows[1][0] != "德胜街道" || rows[1][5] != "28" || rows[16][0] != "西城区" {
		t.Errorf("PM2.5 sheet: %d rows, first %q, 德胜 %q", len(rows), rows[0], rows[1])
	}
	if err := f.SetCellValue("PM2.5年均浓度", "G2", 33); err != nil {
		t.Fatal(err)
	}
	filled := filepath.Join(t.TempDir(), "已填.xlsx")
	if err := f.SaveAs(filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	imp, err := a.PrepareIndicatorImport(ctx, 2023, filled)
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Changes) != 1 || imp.Changes[0].Month != "2023-06" || imp.Changes[0].New != 33 || imp.Unchanged != 1 {
		t.Errorf("template import %+v", imp)
	}
}
