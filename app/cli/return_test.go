package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// fillCells copies a workbook, setting the status of the first measure row
// to status (and, if drop, removing the hidden sheet), to dst.
func fillCells(t *testing.T, src, dst, status string, drop bool) {
	t.Helper()
	datatest.EditWorkbook(t, src, dst, func(f *excelize.File) {
		col, header := datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
		datatest.SetCell(t, f, returns.ReturnSheet, col, header+1, status)
		if drop {
			if err := f.DeleteSheet(returns.MetaSheet); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func wantExit(t *testing.T, code, want int, out, errOut string) {
	t.Helper()
	if code != want {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, want, out, errOut)
	}
}

func TestReturnTemplateCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	tpl := filepath.Join(dir, "德胜.xlsx")
	code, out, errOut := runCLI(t, db, "return", "template", "--unit", "德胜街道", "--month", "2023-06", "-o", tpl)
	wantExit(t, code, 0, out, errOut)
	if _, err := os.Stat(tpl); err != nil || !strings.Contains(out, tpl) {
		t.Errorf("template %s: %v, %q", tpl, err, out)
	}
	all := filepath.Join(dir, "all")
	code, out, errOut = runCLI(t, db, "return", "template", "--all", "--month", "2023-06", "--dir", all)
	wantExit(t, code, 0, out, errOut)
	files, _ := os.ReadDir(all)
	if len(files) < 40 || !strings.Contains(out, fmt.Sprintf("%d 份", len(files))) {
		t.Errorf("%d templates, output %q", len(files), out)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--unit", "德胜街道", "--month", "2023-06"}, 2, "-o"},
		{[]string{"--all", "--unit", "德胜街道", "--month", "2023-06", "--dir", all}, 2, "--all"},
		{[]string{"--all", "--month", "2023-06"}, 2, "--dir"},
		{[]string{"--unit", "火星街道", "--month", "2023-06", "-o", tpl}, 1, "火星街道"},
		{[]string{"--unit", "德胜街道", "--month", "2024-06", "-o", tpl}, 1, "2024-06"},
	} {
		code, _, errOut := runCLI(t, db, append([]string{"return", "template"}, c.args...)...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%v: exit %d, %q", c.args, code, errOut)
		}
	}
}

func TestReturnImportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	tpl := filepath.Join(dir, "模板.xlsx")
	code, out, errOut := runCLI(t, db, "return", "template", "--unit", "德胜街道", "--month", "2023-06", "-o", tpl)
	wantExit(t, code, 0, out, errOut)
	done := filepath.Join(dir, "德胜-回执.xlsx")
	fillCells(t, tpl, done, "已完成", false)

	code, out, errOut = runCLI(t, db, "return", "import", done, "--dry-run")
	wantExit(t, code, 0, out, errOut)
	if !strings.Contains(out, "项措施有变化") || !strings.Contains(out, "完成状态：（空） → 已完成") || !strings.Contains(out, "未写入") {
		t.Errorf("dry run output:\n%s", out)
	}
	code, out, _ = runCLI(t, db, "return", "status", "--month", "2023-06", "--format", "json")
	var st trackerOut
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.Counts["未报送"] != len(st.Units) {
		t.Fatalf("after the dry run: exit %d, %s", code, out)
	}

	code, out, errOut = runCLI(t, db, "return", "import", done)
	wantExit(t, code, 0, out, errOut)
	if !strings.Contains(out, "已导入：1 项措施") {
		t.Errorf("import output:\n%s", out)
	}
	code, out, errOut = runCLI(t, db, "return", "import", done)
	wantExit(t, code, 0, out, errOut)
	if !strings.Contains(out, "已导入过") {
		t.Errorf("re-import output:\n%s", out)
	}

	// A corrected return for the same month needs --yes.
	fixed := filepath.Join(dir, "德胜-更正.xlsx")
	fillCells(t, tpl, fixed, "滞后", false)
	code, out, errOut = runCLI(t, db, "return", "import", fixed)
	wantExit(t, code, 1, out, errOut)
	if !strings.Contains(out, "需要确认") || !strings.Contains(out, "已完成 → 滞后") || !strings.Contains(errOut, "错误：1 个文件未导入（共 1 个）") {
		t.Errorf("conflict without --yes:\nstdout %s\nstderr %s", out, errOut)
	}
	code, out, errOut = runCLI(t, db, "return", "import", "--yes", fixed, "--format", "json")
	wantExit(t, code, 0, out, errOut)
	var res []importOut
	if err := json.Unmarshal([]byte(out), &res); err != nil || len(res) != 1 || res[0].Status != "imported" || res[0].Conflict == nil {
		t.Errorf("json %v: %s", err, out)
	}

	bad := filepath.Join(dir, "德胜-错误.xlsx")
	fillCells(t, tpl, bad, "差不多", false)
	code, out, errOut = runCLI(t, db, "return", "import", bad)
	wantExit(t, code, 1, out, errOut)
	if !strings.Contains(out, "差不多") || !strings.Contains(out, "第 5 行") || !strings.Contains(out, "工作表“填报”") {
		t.Errorf("problem output:\n%s", out)
	}

	bare := filepath.Join(dir, "无模板信息.xlsx")
	fillCells(t, tpl, bare, "序时推进", true)
	code, out, errOut = runCLI(t, db, "return", "import", bare)
	wantExit(t, code, 1, out, errOut)
	if !strings.Contains(out, "--unit") {
		t.Errorf("no hidden sheet:\n%s", out)
	}
	code, out, errOut = runCLI(t, db, "return", "import", bare, "--unit", "德胜街道", "--month", "2023-06", "--yes")
	wantExit(t, code, 0, out, errOut)

	for _, args := range [][]string{{}, {bare, "--unit", "德胜街道"}, {bare, "--format", "xml"}, {bare, "--bogus"}} {
		code, _, errOut := runCLI(t, db, append([]string{"return", "import"}, args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d, %s", args, code, errOut)
		}
	}
}

func TestReturnPackageAndStatusCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "unit.db")
	photo := filepath.Join(dir, "照片.jpg")
	os.WriteFile(photo, []byte("jpeg"), 0o644)
	code, out, errOut := runCLI(t, db, "progress", "set", "--unit", "德胜街道", "--month", "2023-06", "--measure", "2-1.14.5", "--status", "已完成")
	wantExit(t, code, 0, out, errOut)
	code, out, errOut = runCLI(t, db, "evidence", "add", "--unit", "德胜街道", "--month", "2023-06", "--measure", "2-1.14.5", photo)
	wantExit(t, code, 0, out, errOut)
	pkg := filepath.Join(dir, "回执包.zip")
	code, out, errOut = runCLI(t, db, "return", "package", "--unit", "德胜街道", "--month", "2023-06", "-o", pkg)
	wantExit(t, code, 0, out, errOut)
	code, _, errOut = runCLI(t, db, "return", "package", "--unit", "德胜街道", "-o", pkg)
	if code != 2 || !strings.Contains(errOut, "--month") {
		t.Errorf("package without --month: %d %s", code, errOut)
	}

	district := filepath.Join(dir, "district.db")
	code, out, errOut = runCLI(t, district, "return", "import", pkg)
	wantExit(t, code, 0, out, errOut)
	if !strings.Contains(out, "1 个佐证材料") {
		t.Errorf("package import:\n%s", out)
	}

	missing := filepath.Join(dir, "催报.txt")
	code, out, errOut = runCLI(t, district, "return", "status", "--month", "2023-06", "--missing-out", missing)
	wantExit(t, code, 0, out, errOut)
	if !strings.Contains(out, "逾期报送 1") || !strings.Contains(out, "回执包.zip") {
		t.Errorf("status:\n%s", out)
	}
	list, err := os.ReadFile(missing)
	if err != nil || strings.Contains(string(list), "德胜街道") || !strings.Contains(string(list), "什刹海街道") {
		t.Errorf("missing list %v:\n%s", err, list)
	}
	code, out, _ = runCLI(t, district, "return", "status", "--month", "2023-06", "--format", "json")
	var st trackerOut
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.DueDay != 5 {
		t.Fatalf("json status: %d %s", code, out)
	}
	for _, u := range st.Units {
		if u.Unit == "德胜街道" && (u.State != "逾期报送" || u.File != "回执包.zip" || u.ReceivedAt == nil) {
			t.Errorf("德胜街道 %+v", u)
		}
	}
	if code, _, _ := runCLI(t, district, "return", "status", "--month", "2023-06", "--format", "xml"); code != 2 {
		t.Errorf("--format xml: exit %d", code)
	}
}

// retitle renames the header label of the return sheet and writes text in
// that column's first row.
func retitle(t *testing.T, src, dst string, label returns.Field, header, text string) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(returns.ReturnSheet)
	for r, row := range rows {
		for c, v := range row {
			if v == string(label) {
				h, _ := excelize.CoordinatesToCellName(c+1, r+1)
				below, _ := excelize.CoordinatesToCellName(c+1, r+2)
				if f.UnprotectSheet(returns.ReturnSheet) != nil || f.SetCellValue(returns.ReturnSheet, h, header) != nil ||
					f.SetCellValue(returns.ReturnSheet, below, text) != nil {
					t.Fatal("edit")
				}
			}
		}
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}

// --map names what an unknown column is; the batch ends with one line per
// file not imported, saying why; JSON keys are snake_case throughout.
func TestReturnImportMapAndSummary(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	tpl := filepath.Join(dir, "模板.xlsx")
	code, out, errOut := runCLI(t, db, "return", "template", "--unit", "德胜街道", "--month", "2023-06", "-o", tpl)
	wantExit(t, code, 0, out, errOut)
	renamed := filepath.Join(dir, "德胜街道6月.xlsx")
	retitle(t, tpl, renamed, returns.FieldProgress, "工作完成情况", "检查工地12处")
	bad := filepath.Join(dir, "德胜街道6月-错误.xlsx")
	fillCells(t, tpl, bad, "差不多", false)
	untouched := filepath.Join(dir, "德胜街道6月-空.xlsx")
	fillCells(t, tpl, untouched, "", false)

	code, out, errOut = runCLI(t, db, "return", "import", renamed, bad, untouched)
	wantExit(t, code, 1, out, errOut)
	for _, want := range []string{"3 个文件未导入（共 3 个）", renamed + "：文件“德胜街道6月.xlsx”中有无法识别的列：工作表“填报”I4 单元格的“工作完成情况”",
		bad + "：回执表中有 1 个问题，需改正", untouched + "：回执表中有 1 个问题"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(out, "（现为“差不多”）") {
		t.Errorf("the value is repeated:\n%s", out)
	}

	code, out, errOut = runCLI(t, db, "return", "import", renamed, "--map", "工作完成情况=火星", "--dry-run")
	wantExit(t, code, 2, out, errOut)
	code, out, errOut = runCLI(t, db, "return", "import", renamed, "--map", "工作完成情况=进展情况", "--yes", "--format", "json")
	wantExit(t, code, 0, out, errOut)
	if !strings.Contains(out, `"new": "检查工地12处"`) {
		t.Errorf("mapped column not imported:\n%s", out)
	}
	var keys []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				keys = append(keys, k)
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	var res any
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	walk(res)
	for _, k := range keys {
		if strings.ToLower(k) != k || strings.Contains(k, "-") {
			t.Errorf("JSON key %q is not snake_case", k)
		}
	}
	code, out, errOut = runCLI(t, db, "return", "import", bad, "--format", "json")
	wantExit(t, code, 1, out, errOut)
	if !strings.Contains(out, `"row": 5`) || !strings.Contains(out, `"column": "H"`) {
		t.Errorf("problems in JSON:\n%s", out)
	}
}

// return received sets the day a return came, which the tracker judges
// 逾期 by; audit names where an imported change came from.
func TestReturnReceivedCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	tpl := filepath.Join(dir, "模板.xlsx")
	code, out, errOut := runCLI(t, db, "return", "template", "--unit", "德胜街道", "--month", "2023-06", "-o", tpl)
	wantExit(t, code, 0, out, errOut)
	done := filepath.Join(dir, "德胜街道6月.xlsx")
	fillCells(t, tpl, done, "已完成", false)
	code, out, errOut = runCLI(t, db, "return", "received", "--unit", "德胜街道", "--month", "2023-06", "--date", "2023-07-04")
	wantExit(t, code, 1, out, errOut)
	code, out, errOut = runCLI(t, db, "return", "import", done)
	wantExit(t, code, 0, out, errOut)
	code, out, errOut = runCLI(t, db, "return", "received", "--unit", "德胜街道", "--month", "2023-06", "--date", "2023-07-04")
	wantExit(t, code, 0, out, errOut)
	if !strings.Contains(out, "收到日期已设为 2023-07-04") {
		t.Errorf("received: %s", out)
	}
	code, out, errOut = runCLI(t, db, "return", "status", "--month", "2023-06", "--format", "json")
	wantExit(t, code, 0, out, errOut)
	var st trackerOut
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	for _, u := range st.Units {
		if u.Unit == "德胜街道" && (u.State != "已报送" || u.ReceivedAt == nil || u.ReceivedAt.Local().Format("2006-01-02") != "2023-07-04") {
			t.Errorf("tracked %+v", u)
		}
	}
	code, out, errOut = runCLI(t, db, "audit", "--unit", "德胜街道", "--month", "2023-06")
	wantExit(t, code, 0, out, errOut)
	if !strings.Contains(out, "来源：回执表“德胜街道6月.xlsx”第 5 行（导入记录 1）") || !strings.Contains(out, "回执表收到日期") {
		t.Errorf("audit:\n%s", out)
	}
	code, out, errOut = runCLI(t, db, "return", "received", "--unit", "德胜街道", "--month", "2023-06")
	wantExit(t, code, 2, out, errOut)
}

// A status with a character that prints as nothing (the Hangul filler,
// which is a letter and so is not dropped) is quoted once, escaped; the
// message does not repeat it raw as （现为“未启动ㅤ”）. Nothing is stored.
func TestReturnImportInvisibleQuotedOnce(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	tpl := filepath.Join(dir, "模板.xlsx")
	code, out, errOut := runCLI(t, db, "return", "template", "--unit", "德胜街道", "--month", "2023-06", "-o", tpl)
	wantExit(t, code, 0, out, errOut)
	bad := filepath.Join(dir, "德胜街道6月.xlsx")
	fillCells(t, tpl, bad, "未启动\u3164", false)
	code, out, errOut = runCLI(t, db, "return", "import", bad)
	wantExit(t, code, 1, out, errOut)
	if !strings.Contains(out, "完成状态“未启动<U+3164>”无法识别") || strings.Contains(out, "现为") {
		t.Errorf("the status is not quoted once, escaped:\n%s", out)
	}
	code, out, errOut = runCLI(t, db, "progress", "show", "--month", "2023-06", "--unit", "德胜街道", "--format", "text")
	wantExit(t, code, 0, out, errOut)
	if strings.Contains(out, "未启动") {
		t.Errorf("something was stored:\n%s", out)
	}
}
