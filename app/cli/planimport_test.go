package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wantRun runs the command line and fails unless it exits with code and
// stdout+stderr hold every want.
func wantRun(t *testing.T, db string, code int, want []string, args ...string) string {
	t.Helper()
	got, out, errOut := runCLI(t, db, args...)
	if got != code {
		t.Fatalf("%v: exit %d, want %d\n%s%s", args, got, code, out, errOut)
	}
	for _, w := range want {
		if !strings.Contains(out+errOut, w) {
			t.Errorf("%v: output lacks %q:\n%s%s", args, w, out, errOut)
		}
	}
	return out
}

// TestPlanImportCommand imports the Word document planfile's tests
// convert with LibreOffice: the dry run and the run without --yes write
// nothing, --unit-map decides a renamed department, --yes imports, a
// second import of the year is refused.
func TestPlanImportCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	doc := filepath.Join("..", "..", "reports", "planfile", "testdata", "plan-merged.docx")
	wantRun(t, db, 0, []string{"年度：2024", "西政办发〔2024〕2号", "区数据局", "新单位（部门）", "区生太环境局", "错字 → 区生态环境局", "完成时限：", "（--dry-run：未写入）"},
		"plan", "import", doc, "--dry-run")
	wantRun(t, db, 0, []string{"未写入", "--yes"}, "plan", "import", doc)
	wantRun(t, db, 1, []string{"没有 2024 年"}, "plan", "units", "--year", "2024")
	wantRun(t, db, 2, []string{"--unit-map"}, "plan", "import", doc, "--unit-map", "区数据局")
	wantRun(t, db, 1, []string{"单位名录中没有“区不存在局”"}, "plan", "import", doc, "--unit-map", "区住房和城乡建设委员会=区不存在局")
	wantRun(t, db, 0, []string{"已导入 2024 年行动计划：5 条措施"},
		"plan", "import", doc, "--unit-map", "区住房和城乡建设委员会=区住房城市建设委", "--unit-map", "区数据局=+部门", "--yes")
	units := wantRun(t, db, 0, []string{"区数据局"}, "unit", "list", "--year", "2024")
	if !strings.Contains(units, "区住房和城乡建设委员会") || strings.Contains(units, "区生太环境局") {
		t.Errorf("directory after the import:\n%s", units)
	}
	p := exportPlan(t, db, "--year", "2024")
	if len(measureIDs(p)) != 5 || p.Plan.Year != 2024 {
		t.Errorf("2024 export: %+v, %d measures", p.Plan, len(measureIDs(p)))
	}
	wantRun(t, db, 1, []string{"已有 2024 年", "--replace"}, "plan", "import", doc, "--yes")
	wantRun(t, db, 1, []string{"2023 年行动计划中没有编号为 9.9.9 的措施"}, "plan", "import", doc, "--link", "1.1.1=9.9.9", "--dry-run")
	out := wantRun(t, db, 0, []string{"延续 2023 年的措施：1 条", "1.1.1 ← 2023 年 1.1.1（略有改动）", "已导入 2024 年"},
		"plan", "import", doc, "--yes", "--replace", "--link", "1.1.1=1.1.1")
	if strings.Contains(out, "区数据局  新单位") {
		t.Errorf("区数据局 is new again after the first import:\n%s", out)
	}
}

// TestPlanTemplateCommand writes the empty plan workbook; importing it as
// it is names the file and what is missing.
func TestPlanTemplateCommand(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "x.db"), filepath.Join(dir, "计划.xlsx")
	wantRun(t, db, 0, []string{"已生成计划工作簿"}, "plan", "template", "-o", out)
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("template: %v", err)
	}
	wantRun(t, db, 1, []string{"文件“计划.xlsx”", "没有找到任何工作措施"}, "plan", "import", out, "--year", "2024年", "--yes")
}

// TestUnitCommands edits the directory: add, kind, rename (old name kept
// as alias), members; each change is in the audit.
func TestUnitCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	wantRun(t, db, 0, []string{"已添加部门“区数据局”"}, "unit", "add", "区数据局")
	wantRun(t, db, 1, []string{"已有“区数据局”"}, "unit", "add", "区数据局")
	wantRun(t, db, 2, []string{"单位类型“局”无效"}, "unit", "kind", "区数据局", "--kind", "局")
	wantRun(t, db, 0, []string{"类型已设为企业"}, "unit", "kind", "区数据局", "--kind", "企业")
	wantRun(t, db, 0, []string{"改名为“区城市管理委员会”"}, "unit", "rename", "区城市管理委", "区城市管理委员会")
	wantRun(t, db, 0, []string{"成员已设为 2 个"}, "unit", "members", "区空气重污染应急指挥部成员单位", "区生态环境局", "区城市管理委")
	wantRun(t, db, 1, []string{"不是单位组"}, "unit", "members", "区水务局", "区生态环境局")
	list := wantRun(t, db, 0, []string{"区城市管理委员会", "区数据局"}, "unit", "list")
	for _, line := range strings.Split(list, "\n") {
		if strings.HasPrefix(line, "区城市管理委员会") && !strings.Contains(line, "区城市管理委") {
			t.Errorf("the old name is not an alias: %s", line)
		}
	}
	audit := wantRun(t, db, 0, nil, "audit")
	for _, w := range []string{"区数据局", "区城市管理委员会", "区空气重污染应急指挥部成员单位"} {
		if !strings.Contains(audit, w) {
			t.Errorf("audit lacks %s:\n%s", w, audit)
		}
	}
}
