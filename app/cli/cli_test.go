package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/app"
	"taizhang/app/sqlite"
)

// runCLI runs the command line on a database in dir and returns the exit
// code, stdout and stderr.
func runCLI(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	noGUI := func(string) error { t.Fatal("GUI opened"); return nil }
	code := Main(context.Background(), sqlite.Storage(), append([]string{"--db", db}, args...), &out, &errOut, noGUI)
	return code, out.String(), errOut.String()
}

func exportPlan(t *testing.T, db string, args ...string) app.PlanExport {
	t.Helper()
	code, out, errOut := runCLI(t, db, append([]string{"plan", "export", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var p app.PlanExport
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	return p
}

func measureIDs(p app.PlanExport) map[string]app.MeasureExport {
	ids := map[string]app.MeasureExport{}
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, tk := range s.Tasks {
				for _, m := range tk.Measures {
					ids[m.ID] = m
				}
			}
		}
	}
	return ids
}

func TestPlanExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	p := exportPlan(t, db)
	if p.Plan.Year != 2023 || p.Plan.DocNo != "西政办发〔2023〕3号" || len(p.Annexes) != 5 || len(p.Indicators) != 2 {
		t.Fatalf("export header %+v, %d annexes, %d indicator tables", p.Plan, len(p.Annexes), len(p.Indicators))
	}
	ms := measureIDs(p)
	if len(ms) != 137 {
		t.Errorf("%d measures exported, want 137", len(ms))
	}
	m := ms["2-1.20.1"]
	if m.Deadline != "6月底" || m.DeadlineKind != "month_end" || m.Due != "2023-06-30" ||
		strings.Join(m.Lead, ",") != "区生态环境局" || strings.Join(m.Co, ",") != "各街道办事处" {
		t.Errorf("2-1.20.1 = %+v", m)
	}
	// The raw JSON uses the specified keys and [] for "no units".
	_, out, _ := runCLI(t, db, "plan", "export", "--format", "json")
	for _, key := range []string{`"plan": {`, `"doc_no": "西政办发〔2023〕3号"`, `"deadline_kind": "ongoing"`, `"due": ""`, `"co": []`, `"columns": [`, `"rows": [`} {
		if !strings.Contains(out, key) {
			t.Errorf("export lacks %s", key)
		}
	}
}

func TestPlanExportForUnit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	ms := measureIDs(exportPlan(t, db, "--unit", "德胜街道"))
	for _, id := range []string{"2-1.1.1", "2-1.16.2", "2-1.20.1", "3.1.1", "4.10.1"} {
		if _, ok := ms[id]; !ok {
			t.Errorf("德胜街道 export lacks %s", id)
		}
	}
	if _, ok := ms["1.1.1"]; ok {
		t.Error("德胜街道 export has 1.1.1, which does not concern streets")
	}
	// By alias, the same measures.
	alias := measureIDs(exportPlan(t, db, "--unit", "德胜街道办事处"))
	if len(alias) != len(ms) || len(ms) == 0 {
		t.Errorf("by alias %d measures, by name %d", len(alias), len(ms))
	}
	kx := measureIDs(exportPlan(t, db, "--unit", "区科信局"))
	if _, ok := kx["2-1.4.1"]; !ok || len(kx) != 8 {
		t.Errorf("区科信局 export: %d measures", len(kx))
	}
}

func TestUnknownUnitListsUnits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	code, out, errOut := runCLI(t, db, "plan", "export", "--format", "json", "--unit", "火星街道")
	if code == 0 || out != "" || !strings.Contains(errOut, "火星街道") || !strings.Contains(errOut, "德胜街道") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestPlanUnits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	code, out, errOut := runCLI(t, db, "plan", "units")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"单位", "区科技和信息化局", "区科信局", "德胜街道", "街道", "各街道办事处", "单位组", "北京市排水集团一分公司", "企业"} {
		if !strings.Contains(out, want) {
			t.Errorf("units list lacks %q", want)
		}
	}
	code, out, _ = runCLI(t, db, "plan", "units", "--format", "json")
	var units []struct {
		Name     string
		Kind     string
		Lead, Co int
	}
	if code != 0 || json.Unmarshal([]byte(out), &units) != nil || len(units) != 56 {
		t.Fatalf("json units: exit %d, %d units", code, len(units))
	}
	for _, u := range units {
		if u.Name == "区生态环境局" && (u.Lead != 76 || u.Co != 14) {
			t.Errorf("区生态环境局 leads %d, co %d", u.Lead, u.Co)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"frobnicate"}, exitUsage, "未知命令“frobnicate”"},
		{[]string{"plan", "export", "--format", "xml"}, exitUsage, "不支持的格式“xml”"},
		{[]string{"plan", "export", "--bogus"}, exitUsage, "未知选项"},
		{[]string{"plan", "units", "extra"}, exitUsage, "多余的参数"},
	} {
		code, _, errOut := runCLI(t, db, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q", c.args, code, errOut)
		}
	}
	for _, args := range [][]string{{"--help"}, {"plan", "--help"}, {"plan", "export", "--help"}, {"plan", "units", "-h"}} {
		code, out, _ := runCLI(t, db, args...)
		if code != 0 || strings.Count(out, "用法：") != 1 {
			t.Errorf("%v: exit %d, want the help once: %q", args, code, out)
		}
	}
}

func TestNoCommandOpensGUI(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	var opened string
	code := Main(context.Background(), sqlite.Storage(), []string{"--db", db}, &bytes.Buffer{}, &bytes.Buffer{}, func(path string) error {
		opened = path
		return nil
	})
	if code != 0 || opened != db {
		t.Errorf("exit %d, GUI opened on %v", code, opened)
	}
}

func TestDBFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	t.Setenv(app.DBEnv, db)
	var opened string
	code := Main(context.Background(), sqlite.Storage(), nil, &bytes.Buffer{}, &bytes.Buffer{}, func(path string) error {
		opened = path
		return nil
	})
	if code != 0 || opened != db {
		t.Errorf("exit %d, opened %q, want %q", code, opened, db)
	}
}
