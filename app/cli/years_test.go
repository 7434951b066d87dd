package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"taizhang/app"
	"taizhang/app/sqlite"
	"taizhang/data"
	"taizhang/data/plantext"
	"taizhang/reports/returns"
)

// fixtureDir holds the version-5 ledger and what the release before plan
// years printed about it (data/store/testdata/ledger-v5/make.sh).
var fixtureDir = filepath.Join("..", "..", "data", "store", "testdata")

// copyFixture copies the version-5 ledger into a temporary folder.
func copyFixture(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, "ledger-v5.db"))
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "ledger.db")
	if err := os.WriteFile(db, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return db
}

// utcClock makes the audit's local times those of the recorded outputs.
func utcClock(t *testing.T) {
	old := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = old })
}

func mustCLI(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, errOut := runCLI(t, db, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s", args, code, errOut)
	}
	return out
}

// printed is the date line of a report, which says when it was printed.
var printed = regexp.MustCompile(`打印日期：\d+年\d+月\d+日`)

// reportText prints a month's district report and returns its text.
func reportText(t *testing.T, db string, args ...string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext not installed")
	}
	pdf := filepath.Join(t.TempDir(), "report.pdf")
	mustCLI(t, db, append([]string{"report", "-o", pdf}, args...)...)
	out, err := exec.Command(bin, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return printed.ReplaceAllString(string(out), "打印日期：")
}

// A ledger written by the release before plan years shows the same after
// the migration: progress, the unit's view, the audit log, the plan and
// directory, and the printed report, as a release of schema version 5 with
// today's status rules and report layout printed them (the commit is in
// want-commit.txt; make.sh outputs records them again).
func TestMigratedLedgerShowsTheSame(t *testing.T) {
	utcClock(t)
	db := copyFixture(t)
	for _, c := range []struct {
		want string
		args []string
	}{
		{"want-progress-2023-06.json", []string{"progress", "show", "--month", "2023-06"}},
		{"want-progress-2023-05-water.txt", []string{"progress", "show", "--month", "2023-05", "--unit", "区水务局", "--format", "text"}},
		{"want-audit.txt", []string{"audit"}},
		{"want-plan.json", []string{"plan", "export", "--format", "json"}},
		{"want-units.txt", []string{"plan", "units"}},
	} {
		want, err := os.ReadFile(filepath.Join(fixtureDir, "ledger-v5", c.want))
		if err != nil {
			t.Fatal(err)
		}
		if got := mustCLI(t, db, c.args...); got != string(want) {
			t.Errorf("%v differs from %s (%d bytes, want %d)", c.args, c.want, len(got), len(want))
		}
	}
	want, err := os.ReadFile(filepath.Join(fixtureDir, "ledger-v5", "want-report-2023-06.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := reportText(t, db, "--month", "2023-06"); got != printed.ReplaceAllString(string(want), "打印日期：") {
		t.Errorf("report 2023-06 differs from the old release's (%d bytes, want %d)", len(got), len(want))
	}
}

// plan2024 is the 2023 plan re-labelled 2024: due dates in 2024, measure
// 1.1.1 reworded, a new unit (区数据局) leading a new measure, and
// 区科技和信息化局 under its new name 区经济和信息化局 (an alias, so that its
// history stays joined).
func plan2024(t *testing.T) *data.Plan {
	t.Helper()
	p, err := plantext.Default()
	if err != nil {
		t.Fatal(err)
	}
	p.Year, p.Title, p.DocNo = 2024, strings.ReplaceAll(p.Title, "2023", "2024"), "西政办发〔2024〕2号"
	for i := range p.Units {
		if p.Units[i].Name == "区科技和信息化局" {
			p.Units[i].Aliases = append(p.Units[i].Aliases, "区经济和信息化局")
		}
	}
	p.Units = append(p.Units, data.Unit{Name: "区数据局", Kind: data.UnitDepartment})
	for a := range p.Annexes {
		for s := range p.Annexes[a].Sections {
			for k := range p.Annexes[a].Sections[s].Tasks {
				task := &p.Annexes[a].Sections[s].Tasks[k]
				for i := range task.Measures {
					m := &task.Measures[i]
					if d := &m.Deadline; d.Due != "" {
						d.Due = "2024" + d.Due[4:]
					}
					if m.ID == "1.1.1" {
						m.Text = "2024年：" + m.Text
						m.Lead = append(m.Lead, "区数据局")
					}
				}
			}
		}
	}
	return p
}

// unitCounts lists each unit's kind and measure counts in a year's plan,
// leaving out the units that take part in none: the directory is every
// year's, and a unit new in a later year has no 2023 measures.
func unitCounts(t *testing.T, db, year string) string {
	t.Helper()
	var units []struct {
		Name, Kind string
		Lead, Co   int
	}
	if err := json.Unmarshal([]byte(mustCLI(t, db, "plan", "units", "--year", year, "--format", "json")), &units); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, u := range units {
		if u.Lead+u.Co > 0 {
			fmt.Fprintf(&b, "%s %s %d %d\n", u.Name, u.Kind, u.Lead, u.Co)
		}
	}
	return b.String()
}

// dump2023 is everything the commands show of 2023.
func dump2023(t *testing.T, db string) []string {
	t.Helper()
	return []string{
		mustCLI(t, db, "progress", "show", "--month", "2023-06"),
		mustCLI(t, db, "progress", "show", "--month", "2023-12", "--unit", "区水务局", "--format", "text"),
		mustCLI(t, db, "audit", "--year", "2023", "--format", "json"),
		mustCLI(t, db, "plan", "export", "--year", "2023", "--format", "json"),
		unitCounts(t, db, "2023"),
		mustCLI(t, db, "indicator", "targets", "--year", "2023"),
		reportText(t, db, "--month", "2023-06"),
	}
}

// A year's round trip on the migrated ledger: the 2024 plan joins it, a
// unit's January template starts from its December 2023 entry where a
// linked measure recurs, the filled return is imported into 2024 and
// printed, a 2023 return cannot land in 2024, and 2023 shows what it
// showed before.
func TestYearRoundTrip(t *testing.T) {
	utcClock(t)
	ctx := context.Background()
	db := copyFixture(t)
	dir := t.TempDir()
	const water = "区水务局"
	mustCLI(t, db, "progress", "set", "--unit", water, "--month", "2023-12", "--measure", "2-1.10.1", "--status", "序时推进",
		"--progress", "12月：河道巡查全覆盖", "--problems", "冬季结冰", "--next", "来年继续")
	mustCLI(t, db, "progress", "set", "--unit", water, "--month", "2023-12", "--measure", "1.12.1", "--status", "已完成",
		"--progress", "年底前已完成")
	before := dump2023(t, db)

	a, err := app.Open(ctx, sqlite.Storage(), db)
	if err != nil {
		t.Fatal(err)
	}
	links := []data.MeasureLink{
		{Year: 2024, MeasureID: "2-1.10.1", PrevYear: 2023, PrevMeasureID: "2-1.10.1"}, // ongoing: carried over
		{Year: 2024, MeasureID: "1.12.1", PrevYear: 2023, PrevMeasureID: "1.12.1"},     // year-end: starts empty
	}
	bad := append(slices.Clone(links), data.MeasureLink{Year: 2024, MeasureID: "1.1.1", PrevYear: 2023, PrevMeasureID: "9.9.9"})
	if err := a.AddPlan(ctx, plan2024(t), bad); data.ErrorCode(err) != data.ENOTFOUND || len(a.Years()) != 1 {
		t.Errorf("AddPlan with a link to no measure: %v, years %v; want ENOTFOUND and nothing added", err, a.Years())
	}
	if err := a.AddPlan(ctx, plan2024(t), links); err != nil {
		a.Close()
		t.Fatal(err)
	}
	a.Close()

	// --year: the default is the newest plan; a month of another year is a
	// usage error; a year without a plan is refused.
	if p := exportPlan(t, db); p.Plan.Year != 2024 {
		t.Errorf("plan export without --year: %d, want the newest plan, 2024", p.Plan.Year)
	}
	if p := exportPlan(t, db, "--year", "2023"); p.Plan.Year != 2023 || strings.HasPrefix(p.Annexes[0].Sections[0].Tasks[0].Measures[0].Text, "2024") {
		t.Errorf("plan export --year 2023 gave the %d plan", p.Plan.Year)
	}
	code, _, errOut := runCLI(t, db, "progress", "show", "--year", "2023", "--month", "2024-01")
	wantExit(t, code, exitUsage, "", errOut)
	code, _, errOut = runCLI(t, db, "plan", "units", "--year", "明年")
	if code != exitUsage || !strings.Contains(errOut, "明年") {
		t.Errorf("plan units --year 明年: exit %d, %s", code, errOut)
	}
	code, _, errOut = runCLI(t, db, "plan", "export", "--year", "2025")
	if code != exitError || !strings.Contains(errOut, "2025") || !strings.Contains(errOut, "2023、2024") {
		t.Errorf("plan export --year 2025: exit %d, %s", code, errOut)
	}
	units := mustCLI(t, db, "plan", "units", "--year", "2024")
	if !strings.Contains(units, "区数据局") || !strings.Contains(units, "区经济和信息化局") {
		t.Errorf("2024 directory lacks the new unit or the new name:\n%s", units)
	}

	// The January template of the water authority: carried over where the
	// linked measure recurs, empty where it does not.
	tpl := filepath.Join(dir, "water-2024-01.xlsx")
	mustCLI(t, db, "return", "template", "--unit", water, "--month", "2024-01", "-o", tpl)
	rows := templateCells(t, tpl)
	if got := rows["2-1.10.1"]; got[returns.FieldProgress] != "12月：河道巡查全覆盖" || got[returns.FieldStatus] != "序时推进" || got[returns.FieldNextSteps] != "来年继续" {
		t.Errorf("2-1.10.1 not carried over from December 2023: %v", got)
	}
	if got := rows["1.12.1"]; got[returns.FieldProgress] != "" || got[returns.FieldStatus] != "" {
		t.Errorf("year-end 1.12.1 carried over: %v", got)
	}
	filled := filepath.Join(dir, "water-2024-01-filled.xlsx")
	fillCells(t, tpl, filled, "序时推进", false)
	out := mustCLI(t, db, "return", "import", "--year", "2024", filled, "--yes")
	if !strings.Contains(out, "2024") {
		t.Errorf("import output does not name 2024:\n%s", out)
	}
	jan := mustCLI(t, db, "progress", "show", "--month", "2024-01", "--unit", water)
	if !strings.Contains(jan, "12月：河道巡查全覆盖") || !strings.Contains(jan, `"month": "2024-01"`) {
		t.Errorf("the imported January 2024 entry is not shown:\n%s", jan)
	}
	if r := reportText(t, db, "--month", "2024-01", "--unit", water); !strings.Contains(r, "2024") || !strings.Contains(r, "河道巡查全覆盖") {
		t.Errorf("the January 2024 report lacks the plan year or the entry")
	}

	// A 2023 return does not land in 2024: chosen as 2024, or with its
	// plan year and month disagreeing.
	tpl23 := filepath.Join(dir, "water-2023-12.xlsx")
	mustCLI(t, db, "return", "template", "--unit", water, "--month", "2023-12", "-o", tpl23)
	code, out, errOut = runCLI(t, db, "return", "import", "--year", "2024", tpl23, "--yes")
	if code == 0 || !strings.Contains(out+errOut, "这是 2023 年行动计划的回执表") {
		t.Errorf("a 2023 return imported into 2024: exit %d\n%s%s", code, out, errOut)
	}
	forged := filepath.Join(dir, "forged.xlsx")
	setMeta(t, tpl, forged, "2024", "2023") // a January 2024 template claiming the 2023 plan
	code, out, errOut = runCLI(t, db, "return", "import", forged, "--yes")
	if code == 0 || !strings.Contains(out+errOut, "2024-01") {
		t.Errorf("a return of the 2023 plan for 2024-01 imported: exit %d\n%s%s", code, out, errOut)
	}

	// With two plans, the audit names each record's year; --year keeps one.
	log := mustCLI(t, db, "audit")
	if head, _, _ := strings.Cut(log, "\n"); !strings.Contains(head, "年度") || !strings.Contains(log, " 2024 ") || !strings.Contains(log, " 2023 ") {
		t.Errorf("the audit of a two-year ledger does not name the years:\n%s", head)
	}
	var recs []data.AuditRecord
	if err := json.Unmarshal([]byte(mustCLI(t, db, "audit", "--year", "2024", "--format", "json")), &recs); err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 {
		t.Error("audit --year 2024 lists nothing after the January 2024 import")
	}
	for _, r := range recs {
		if r.Year != 2024 {
			t.Errorf("audit --year 2024 lists a record of %d: %+v", r.Year, r)
		}
	}

	after := dump2023(t, db)
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("2023 view %d changed by the 2024 round trip", i)
		}
	}
}

// templateCells reads a template's fillable cells by measure ID.
func templateCells(t *testing.T, path string) map[string]map[returns.Field]string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(returns.ReturnSheet)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[returns.Field]string{}
	var header []string
	for _, row := range rows {
		if len(row) > 0 && row[0] == string(returns.FieldMeasureID) {
			header = row
			continue
		}
		if header == nil || len(row) == 0 || row[0] == "" {
			continue
		}
		cells := map[returns.Field]string{}
		for c, v := range row {
			if c < len(header) {
				name, _, _ := strings.Cut(header[c], "（")
				cells[returns.Field(name)] = v
			}
		}
		out[row[0]] = cells
	}
	return out
}

// setMeta copies a template, replacing the value from with to in its
// hidden sheet.
func setMeta(t *testing.T, src, dst, from, to string) {
	t.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(returns.MetaSheet)
	if err != nil {
		t.Fatal(err)
	}
	done := false
	for r, row := range rows {
		if len(row) > 1 && row[1] == from {
			if err := f.SetCellValue(returns.MetaSheet, fmt.Sprintf("B%d", r+1), to); err != nil {
				t.Fatal(err)
			}
			done = true
		}
	}
	if !done {
		t.Fatalf("%s: no %s in the hidden sheet", src, from)
	}
	if err := f.SaveAs(dst); err != nil {
		t.Fatal(err)
	}
}
