package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"maps"
	"path/filepath"
	"slices"
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

// leaves lists the command tree's leaves under c with their paths.
func leaves(c *command, path []string) map[string]*command {
	out := map[string]*command{}
	for _, s := range c.subs {
		p := append(slices.Clone(path), s.name)
		if s.subs == nil {
			out[strings.Join(p, " ")] = s
		}
		maps.Copy(out, leaves(s, p))
	}
	return out
}

// TestYearHelp: every command's --year help names its real default: the
// month's year where a month is given, the file's year for plan import,
// every year for audit, the newest plan otherwise; commands about the
// whole ledger have no --year.
func TestYearHelp(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	special := map[string]string{
		"plan import":   "默认：文件标题中的年度",
		"audit":         "默认：所有年度；给出 --month 时为该月所在的年度，给出 --measure 时为最新的行动计划",
		"return import": "默认：回执表所属的年度",
		"month close":   "默认：所给月份所在的年度",
		"month reopen":  "默认：所给月份所在的年度",
	}
	whole := []string{"backup", "restore", "check", "datadir move", "plan template", "evidence get", "evidence limit", "unit add", "unit rename"}
	all := leaves(commands(), nil)
	for _, name := range whole {
		if all[name] == nil {
			t.Errorf("no command %q", name)
		}
	}
	for name, c := range all {
		code, out, _ := runCLI(t, db, append(strings.Fields(name), "--help")...)
		if code != 0 {
			t.Errorf("%s --help: exit %d", name, code)
			continue
		}
		_, help, hasYear := strings.Cut(out, "\n  --year ")
		help, _, _ = strings.Cut(help, "\n")
		fs := flag.NewFlagSet(name, flag.ContinueOnError)
		c.flags(fs)
		want := "默认：最新的行动计划）"
		if fs.Lookup("month") != nil {
			want = "默认：--month 所在的年度；给出 --year 时，月份须在该年度内）"
		}
		if s, ok := special[name]; ok {
			want = s
		}
		switch {
		case c.noYear:
			if hasYear {
				t.Errorf("%s has --year: %s", name, help)
			}
		case !hasYear:
			t.Errorf("%s has no --year", name)
		case !strings.Contains(help, want):
			t.Errorf("%s: --year %s; want %q", name, strings.TrimSpace(help), want)
		}
	}
	// The defaults said are those applied: a month outside --year is
	// refused by every command given a month, return received too.
	code, _, errOut := runCLI(t, db, "return", "received", "--year", "2024", "--unit", "德胜街道", "--month", "2023-06", "--date", "2023-07-04")
	if code != exitUsage || !strings.Contains(errOut, "不在 --year 2024 的年度内") {
		t.Errorf("return received with a month outside --year: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCLI(t, db, "evidence", "limit", "--year", "2023")
	if code != exitUsage || !strings.Contains(errOut, "未知选项 -year") {
		t.Errorf("evidence limit --year: exit %d, %s", code, errOut)
	}
}
