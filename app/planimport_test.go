package app

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/plantext"
)

// plan2024 is the 2023 plan relabelled as the next year's: titles and
// dated deadlines moved to 2024.
func plan2024(t testing.TB) *data.Plan { return relabelledPlan(t, 2024) }

// relabelledPlan is the 2023 plan relabelled as year's (without its
// indicator tables): titles, notice and dated deadlines moved to year.
func relabelledPlan(t testing.TB, year int) *data.Plan {
	t.Helper()
	p, err := plantext.Default()
	if err != nil {
		t.Fatal(err)
	}
	y := strconv.Itoa(year)
	p.Year, p.Title, p.DocNo, p.Date = year, strings.ReplaceAll(p.Title, "2023", y), "西政办发〔"+y+"〕2号", y+"-02-20"
	p.Indicators = nil
	for i := range p.Annexes {
		a := &p.Annexes[i]
		a.Title = strings.ReplaceAll(a.Title, "2023", y)
		for j := range a.Sections {
			for k := range a.Sections[j].Tasks {
				for l := range a.Sections[j].Tasks[k].Measures {
					m := &a.Sections[j].Tasks[k].Measures[l]
					m.Deadline.Text = strings.ReplaceAll(m.Deadline.Text, "2023", y)
				}
			}
		}
	}
	return p
}

// measureOf returns a pointer to the plan's measure id.
func measureOf(t testing.TB, p *data.Plan, id string) *data.Measure {
	t.Helper()
	for i := range p.Annexes {
		for j := range p.Annexes[i].Sections {
			for k := range p.Annexes[i].Sections[j].Tasks {
				ms := p.Annexes[i].Sections[j].Tasks[k].Measures
				for l := range ms {
					if ms[l].ID == id {
						return &ms[l]
					}
				}
			}
		}
	}
	t.Fatalf("no measure %s", id)
	return nil
}

// renameUnit replaces a unit name everywhere in the plan's measures.
func renameUnit(p *data.Plan, from, to string) {
	for i := range p.Annexes {
		for j := range p.Annexes[i].Sections {
			for k := range p.Annexes[i].Sections[j].Tasks {
				ms := p.Annexes[i].Sections[j].Tasks[k].Measures
				for l := range ms {
					for _, list := range [][]string{ms[l].Lead, ms[l].Co} {
						for n := range list {
							if list[n] == from {
								list[n] = to
							}
						}
					}
				}
			}
		}
	}
}

// planWorkbook writes p as an office fills the plan workbook with excelize:
// a 说明 sheet with the notice's fields (those given), a sheet per annex
// with the code and title in its first rows, columns in another order, task
// cells left blank under a task's first row, several units per cell with
// mixed separators.
func planWorkbook(t testing.TB, p *data.Plan) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	set := func(sheet string, col, row int, v string) {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		if err := f.SetCellStr(sheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetName("Sheet1", "说明"); err != nil {
		t.Fatal(err)
	}
	set("说明", 1, 1, "年度行动计划导入工作簿")
	for i, kv := range [][2]string{{"计划名称", p.Title}, {"文号", p.DocNo}, {"印发日期", p.Date}} {
		if kv[1] != "" {
			set("说明", 1, 3+i, kv[0])
			set("说明", 2, 3+i, kv[1])
		}
	}
	seps := []string{"、", " ", "\n", "，"}
	for _, a := range p.Annexes {
		s := "附件" + a.Code
		if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
		set(s, 1, 1, "附件"+a.Code)
		set(s, 1, 2, a.Title)
		for c, h := range []string{"序号", "重点任务", "工作措施", "完成时限", "牵头单位", "配合单位"} {
			set(s, c+1, 3, h)
		}
		row := 4
		for _, sec := range a.Sections {
			if sec.No != "" {
				set(s, 1, row, sec.No+"、"+sec.Title)
				row++
			}
			for _, task := range sec.Tasks {
				for i, m := range task.Measures {
					if i == 0 {
						set(s, 1, row, task.No)
						set(s, 2, row, task.Name)
					}
					set(s, 3, row, m.Text)
					set(s, 4, row, m.Deadline.Text)
					set(s, 5, row, strings.Join(m.Lead, seps[row%len(seps)]))
					set(s, 6, row, strings.Join(m.Co, seps[(row+1)%len(seps)]))
					row++
				}
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tempFile writes b into a temp dir and returns its path.
func tempFile(t testing.TB, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func decision(t testing.TB, pi *PlanImport, name string) UnitDecision {
	t.Helper()
	for _, d := range pi.Units {
		if d.Name == name {
			return d
		}
	}
	t.Fatalf("no decision for %s in %+v", name, pi.Units)
	return UnitDecision{}
}

// TestPlanImportNextYear imports a 2024 plan workbook in which a
// department is renamed (区城市管理委 → 区城市管理委员会), a new unit
// appears (区数据局), a unit is misspelt (区生太环境局) and a unit is
// printed by its alias and one with 西城 before it; one measure's text changed a little and one
// measure is new. The renamed department becomes an alias, so its 2023
// entry is found under the new name too; the typo is read as its unit and
// not kept; the links join the measures carried on.
func TestPlanImportNextYear(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	if err := a.SetClerk(ctx, "王芳"); err != nil {
		t.Fatal(err)
	}
	st := data.StatusOnTrack
	progress := "已完成 3 处巡查"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区城市管理委", MeasureID: "2-1.1.1", Month: "2023-12", Status: &st, Progress: &progress}); err != nil {
		t.Fatal(err)
	}
	p := plan2024(t)
	renameUnit(p, "区城市管理委", "区城市管理委员会")
	renameUnit(p, "区科技和信息化局", "区科信局")
	renameUnit(p, "区统计局", "西城区统计局")
	renameUnit(p, "区住房城市建设委", "区住建委")
	m := measureOf(t, p, "1.1.1")
	m.Lead = append(m.Lead, "区数据局")
	changed := measureOf(t, p, "3.1.1")
	changed.Text = strings.TrimSuffix(changed.Text, "。") + "，年内完成。"
	typo := measureOf(t, p, "4.1.1")
	typo.Lead[0] = "区生太环境局"
	task := &p.Annexes[0].Sections[0].Tasks[0]
	task.Measures = append(task.Measures, data.Measure{Text: "新增一项前所未有的碳普惠工作，面向全区居民推广。", Deadline: data.Deadline{Text: "年底前"}, Lead: []string{"区发展改革委"}}) // read back as 1.1.2
	path := tempFile(t, "2024年行动计划.xlsx", planWorkbook(t, p))

	pi, err := a.PreparePlanImport(ctx, path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := pi.Check(); err != nil {
		t.Fatalf("check: %v", err)
	}
	if pi.Year != 2024 || pi.Held || pi.PrevYear != 2023 || pi.Plan.DocNo != "西政办发〔2024〕2号" {
		t.Fatalf("year %d held %v prev %d docno %q", pi.Year, pi.Held, pi.PrevYear, pi.Plan.DocNo)
	}
	if len(pi.Annexes) != 5 || pi.Annexes[1].Code != "2-1" || pi.Annexes[1].Measures != 54 || pi.Measures() != 138 {
		t.Errorf("annexes %+v, %d measures", pi.Annexes, pi.Measures())
	}
	if pi.Deadlines[data.DeadlineYearEnd] == 0 || pi.Deadlines[data.DeadlineOngoing] == 0 {
		t.Errorf("deadline kinds %v", pi.Deadlines)
	}
	for name, want := range map[string]string{
		"区城市管理委员会": "typo 区城市管理委 department",
		"区数据局":     "new  department",
		"区生太环境局":   "typo 区生态环境局 department",
		"区科信局":     "known 区科技和信息化局 department alias",
		"西城区统计局":   "alias 区统计局 department",
		"区住建委":     "alias 区住房城市建设委 department",
		"区生态环境局":   "known 区生态环境局 department ",
		"各街道办事处":   "known 各街道办事处 group group",
	} {
		d := decision(t, pi, name)
		got := strings.Join([]string{string(d.Action), d.Target, string(d.Kind)}, " ")
		if d.Action == UnitKnown {
			got += " " + d.Via
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	if d := decision(t, pi, "区城市管理委员会"); len(d.Suggestions) == 0 || d.Suggestions[0] != "区城市管理委" || d.Measures == 0 {
		t.Errorf("suggestions %+v", d)
	}
	if d := decision(t, pi, "区数据局"); len(d.Suggestions) != 0 {
		t.Errorf("区数据局 is offered %v", d.Suggestions)
	}
	// the clerk says the department was renamed
	if err := pi.SetUnit("区城市管理委员会", UnitAlias, "区城市管理委", ""); err != nil {
		t.Fatal(err)
	}
	links := map[string]LinkProposal{}
	for _, l := range pi.Links {
		links[l.MeasureID] = l
	}
	if len(links) != 137 {
		t.Errorf("%d links, want every measure but the new one (137)", len(links))
	}
	if l := links["3.1.1"]; l.PrevMeasureID != "3.1.1" || l.Same {
		t.Errorf("changed measure's link %+v", l)
	}
	if l := links["2-1.14.3"]; l.PrevMeasureID != "2-1.14.3" || !l.Same {
		t.Errorf("link %+v", l)
	}
	if _, ok := links["1.1.2"]; ok { // the new measure, second of task 1
		t.Errorf("the new measure is linked: %+v", links["1.1.2"])
	}
	if err := pi.SetLink("5.1.1", ""); err != nil { // the clerk unties one
		t.Fatal(err)
	}
	var unlinked []string
	for _, m := range pi.Unlinked() {
		unlinked = append(unlinked, m.ID)
	}
	if !slices.Equal(unlinked, []string{"1.1.2", "5.1.1"}) {
		t.Errorf("unlinked %v", unlinked)
	}
	c := pi.LinkCandidates("5.1.1")
	if len(c) == 0 || c[0].ID != "5.1.1" {
		t.Errorf("candidates for 5.1.1: %+v", c)
	}
	for _, m := range c {
		if !strings.HasPrefix(m.ID, "5.1.") { // task 1 of another annex is another 主要目标
			t.Errorf("candidate %s for 5.1.1", m.ID)
		}
	}
	if err := pi.SetLink("1.1.2", "1.1.1"); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("a second link to 2023's 1.1.1: %v", err)
	}
	if err := pi.SetLink("1.1.2", "9.9.9"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("a link to no measure: %v", err)
	}

	if err := a.ApplyPlanImport(ctx, pi, false); err != nil {
		t.Fatal(err)
	}
	if got := a.Years(); !slices.Equal(got, []int{2023, 2024}) {
		t.Fatalf("years %v", got)
	}
	p24, err := a.Plan(ctx, 2024)
	if err != nil {
		t.Fatal(err)
	}
	if p24.Title != p.Title || p24.DocNo != p.DocNo || p24.Date != "2024-02-20" {
		t.Errorf("stored header %q %q %q", p24.Title, p24.DocNo, p24.Date)
	}
	if got := measureOf(t, p24, "1.1.1").Lead; !slices.Contains(got, "区数据局") {
		t.Errorf("1.1.1 lead %v", got)
	}
	if got := measureOf(t, p24, "4.1.1").Lead[0]; got != "区生态环境局" {
		t.Errorf("the typo was stored as %q", got)
	}
	for name, want := range map[string]string{"区城市管理委员会": "区城市管理委", "区数据局": "区数据局", "西城区统计局": "区统计局"} {
		if got, err := a.db.ResolveUnit(ctx, name); err != nil || got != want {
			t.Errorf("resolve %s: %q %v", name, got, err)
		}
	}
	if _, err := a.db.ResolveUnit(ctx, "区生太环境局"); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("the typo was kept in the directory: %v", err)
	}
	// history stays joined: the 2023 entry is found under the new name
	es, err := a.db.Entries(ctx, data.EntryFilter{Year: 2023, Unit: "区城市管理委员会"})
	if err != nil || len(es) != 1 || es[0].Progress != progress {
		t.Errorf("2023 entries under the new name: %+v %v", es, err)
	}
	rows, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2024, Unit: "区城市管理委员会"})
	if err != nil || len(rows) == 0 {
		t.Errorf("2024 measures of the renamed department: %d %v", len(rows), err)
	}
	stored, err := a.MeasureLinks(ctx, 2024)
	if err != nil || len(stored) != 136 {
		t.Errorf("%d links stored (%v), want 136", len(stored), err)
	}
	if l := stored["3.1.1"]; l.PrevYear != 2023 || l.PrevMeasureID != "3.1.1" {
		t.Errorf("link 3.1.1: %+v", l)
	}
	if _, ok := stored["5.1.1"]; ok {
		t.Error("the untied link was stored")
	}
	recs, err := a.Audit(ctx, data.AuditFilter{Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if r.Clerk != "王芳" {
			t.Errorf("audit clerk %q", r.Clerk)
		}
		got = append(got, r.Action+" "+r.Unit+" "+r.New)
	}
	slices.Sort(got)
	want := []string{
		"measure_links  136",
		"plan_import  " + p.Title + " 西政办发〔2024〕2号（2024年行动计划.xlsx，138 条措施）",
		"unit_add 区数据局 department",
		"unit_alias 区住房城市建设委 区住建委",
		"unit_alias 区城市管理委 区城市管理委员会",
		"unit_alias 区统计局 西城区统计局",
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// 2023 reads as before
	p23, err := a.Plan(ctx, 2023)
	if err != nil {
		t.Fatal(err)
	}
	want23, _ := plantext.Default()
	if measureOf(t, p23, "3.1.1").Text != measureOf(t, want23, "3.1.1").Text || len(p23.Annexes) != len(want23.Annexes) {
		t.Error("the 2023 plan changed")
	}
}

// TestPlanImportRefusalsChangeNothing: a file with problems, missing
// notice fields, a year already held and a replacement of a year with
// entries are each refused with a message naming the place, and the ledger
// is byte for byte as before.
func TestPlanImportRefusalsChangeNothing(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	good := plan2024(t)
	if err := a.AddPlan(ctx, plan2024Seeded(t), nil); err != nil {
		t.Fatal(err)
	}
	st := data.StatusOnTrack
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区水务局", MeasureID: "3.1.1", Month: "2024-01", Status: &st}); err != nil {
		t.Fatal(err)
	}
	before := dumpDB(t, a)

	badDeadline := plan2024(t)
	badDeadline.Year = 2025
	badDeadline.Title = strings.ReplaceAll(badDeadline.Title, "2024", "2025")
	measureOf(t, badDeadline, "2-1.14.3").Deadline.Text = "明年再说"
	noLead := plan2024(t)
	noLead.Title = strings.ReplaceAll(noLead.Title, "2024", "2025")
	measureOf(t, noLead, "3.1.1").Lead = nil
	noDocNo := plan2024(t)
	noDocNo.Title = strings.ReplaceAll(noDocNo.Title, "2024", "2025")
	noDocNo.DocNo = ""

	for _, tc := range []struct {
		name, file string
		b          []byte
		replace    bool
		want       []string
	}{
		{"bad deadline", "计划.xlsx", planWorkbook(t, badDeadline), false, []string{"文件“计划.xlsx”", "工作表“附件2-1”", "列", "明年再说"}},
		{"no lead", "计划.xlsx", planWorkbook(t, noLead), false, []string{"文件“计划.xlsx”", "工作表“附件3”", "第 5 行", "主责单位"}},
		{"no doc number", "计划.xlsx", planWorkbook(t, noDocNo), false, []string{"文件“计划.xlsx”", "文号"}},
		{"not a plan", "计划.docx", []byte("PK\x03\x04 broken"), false, []string{"文件“计划.docx”", "损坏"}},
		{"year held", "计划.xlsx", planWorkbook(t, good), false, []string{"2024 年", "确认替换"}},
		{"year with entries", "计划.xlsx", planWorkbook(t, good), true, []string{"2024 年", "填报记录（1 条）", "不能替换"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pi, err := a.PreparePlanImportData(ctx, tc.file, tc.b, 0)
			if err == nil {
				err = a.ApplyPlanImport(ctx, pi, tc.replace)
			}
			if err == nil {
				t.Fatal("imported")
			}
			msg := ErrorMessage(err)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			wantSameDB(t, a, before)
		})
	}
}

// plan2024Seeded is plan2024 with the directory, ready for AddPlan.
func plan2024Seeded(t testing.TB) *data.Plan {
	p := plan2024(t)
	d, _ := plantext.Default()
	p.Units = d.Units
	return p
}

// TestPlanImportReplacesAnUntouchedYear: a year's plan nothing has been
// recorded against is replaced when confirmed, in one step; the audit keeps
// what it replaced. The notice's number asked in the preview is checked.
func TestPlanImportReplacesAnUntouchedYear(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	if err := a.AddPlan(ctx, plan2024Seeded(t), nil); err != nil {
		t.Fatal(err)
	}
	p := plan2024(t)
	p.DocNo = ""
	measureOf(t, p, "3.1.1").Text = "改过的措施。"
	pi, err := a.PreparePlanImportData(ctx, "新版.xlsx", planWorkbook(t, p), 2024)
	if err != nil {
		t.Fatal(err)
	}
	if !pi.Held || !slices.Equal(pi.Missing, []string{"docno"}) {
		t.Fatalf("held %v missing %v", pi.Held, pi.Missing)
	}
	if err := pi.SetInfo("", "西政办发〔2024〕", ""); err == nil {
		t.Error("a number without its N accepted")
	}
	if err := pi.SetInfo("", "西政办发[2024] 5号", "2024-3-1"); err == nil {
		t.Error("a date 2024-3-1 accepted")
	}
	if err := pi.SetInfo("", "西政办发[2024] 5号", ""); err != nil || pi.Plan.DocNo != "西政办发〔2024〕5号" {
		t.Fatalf("doc no %q %v", pi.Plan.DocNo, err)
	}
	if err := a.ApplyPlanImport(ctx, pi, true); err != nil {
		t.Fatal(err)
	}
	got, _ := a.Plan(ctx, 2024)
	if got.DocNo != "西政办发〔2024〕5号" || measureOf(t, got, "3.1.1").Text != "改过的措施。" {
		t.Errorf("not replaced: %q %q", got.DocNo, measureOf(t, got, "3.1.1").Text)
	}
	recs, _ := a.Audit(ctx, data.AuditFilter{Year: 2024})
	if len(recs) == 0 || recs[0].Action != data.ActionPlanImport && recs[len(recs)-1].Action != data.ActionPlanImport {
		t.Fatalf("audit %+v", recs)
	}
	for _, r := range recs {
		if r.Action == data.ActionPlanImport && !strings.Contains(r.Old, "西政办发〔2024〕2号") {
			t.Errorf("the audit does not say what was replaced: %+v", r)
		}
	}
}

// TestUnitDirectoryEdits: a unit added, given a kind, renamed (its entries
// follow it and the old name stays an alias, under which the audit finds
// its history), and a group's members set — each audited.
func TestUnitDirectoryEdits(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	a.SetClerk(ctx, "李明")
	st := data.StatusOnTrack
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区城市管理委", MeasureID: "2-1.1.1", Month: "2023-06", Status: &st}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetMyUnit(ctx, "区城市管理委"); err != nil {
		t.Fatal(err)
	}
	if err := a.AddUnit(ctx, "区数据局", data.UnitDepartment); err != nil {
		t.Fatal(err)
	}
	if err := a.AddUnit(ctx, "区城市管理委", data.UnitDepartment); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("a second 区城市管理委: %v", err)
	}
	if err := a.AddUnit(ctx, "区科信局", data.UnitDepartment); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("a unit named like an alias: %v", err)
	}
	if err := a.SetUnitKind(ctx, "区数据局", data.UnitEnterprise); err != nil {
		t.Fatal(err)
	}
	if err := a.RenameUnit(ctx, "区城市管理委", "区城市管理委员会"); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.db.ResolveUnit(ctx, "区城市管理委"); got != "区城市管理委员会" {
		t.Errorf("the old name resolves to %q", got)
	}
	es, err := a.db.Entries(ctx, data.EntryFilter{Year: 2023, Unit: "区城市管理委员会"})
	if err != nil || len(es) != 1 || es[0].Unit != "区城市管理委员会" {
		t.Errorf("entries after the rename: %+v %v", es, err)
	}
	if rows, _ := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: "区城市管理委员会"}); len(rows) != 37 {
		t.Errorf("%d measures of the renamed unit, want 37", len(rows))
	}
	if my, _ := a.MyUnit(ctx); my != "区城市管理委员会" {
		t.Errorf("my unit %q", my)
	}
	if err := a.RenameUnit(ctx, "各街道办事处", "全部街道"); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("renaming a fixed group: %v", err)
	}
	if err := a.SetGroupMembers(ctx, "区空气重污染应急指挥部成员单位", []string{"区生态环境局", "区城市管理委"}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetUnitKind(ctx, "区空气重污染应急指挥部成员单位", data.UnitDepartment); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("a group with members made a unit: %v", err)
	}
	recs, err := a.Audit(ctx, data.AuditFilter{Unit: "区城市管理委"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, r.Action+" "+r.Old+" → "+r.New)
	}
	slices.Sort(got)
	want := []string{"entry  → 序时推进", "unit_rename 区城市管理委 → 区城市管理委员会"}
	if !slices.Equal(got, want) {
		t.Errorf("audit of the renamed unit:\n%s", strings.Join(got, "\n"))
	}
	all, _ := a.Audit(ctx, data.AuditFilter{})
	actions := map[string]string{}
	for _, r := range all {
		actions[r.Action] = r.Unit + " " + r.Old + " → " + r.New
	}
	for action, want := range map[string]string{
		data.ActionUnitAdd:      "区数据局  → department",
		data.ActionUnitKind:     "区数据局 department → enterprise",
		data.ActionGroupMembers: "区空气重污染应急指挥部成员单位  → 区生态环境局、区城市管理委员会",
	} {
		if actions[action] != want {
			t.Errorf("%s: %q, want %q", action, actions[action], want)
		}
	}
}

// BenchmarkPlanImport reads, matches and writes a 2023-sized plan (137
// measures, 5 annexes) as the next year's from a plan workbook: the
// preview's work and the transaction, on a ledger holding the 2023 plan.
func BenchmarkPlanImport(b *testing.B) {
	ctx := context.Background()
	p := plan2024(b)
	renameUnit(p, "区城市管理委", "区城市管理委员会")
	book := planWorkbook(b, p)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		a := mustOpen(b)
		b.StartTimer()
		pi, err := a.PreparePlanImportData(ctx, "计划.xlsx", book, 0)
		if err != nil {
			b.Fatal(err)
		}
		if err := pi.SetUnit("区城市管理委员会", UnitAlias, "区城市管理委", ""); err != nil {
			b.Fatal(err)
		}
		if err := a.ApplyPlanImport(ctx, pi, false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPlanImportReadsPastAnExtraColumn: a column 备注 an office added is
// named in the preview and does not stop the import.
func TestPlanImportReadsPastAnExtraColumn(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	f, err := excelize.OpenReader(bytes.NewReader(planWorkbook(t, plan2024(t))))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("附件3", "G3", "备注")
	f.SetCellStr("附件3", "G5", "年中督查")
	var buf bytes.Buffer
	f.Write(&buf)
	f.Close()
	pi, err := a.PreparePlanImportData(ctx, "计划.xlsx", buf.Bytes(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := pi.Check(); err != nil {
		t.Fatal(err)
	}
	if len(pi.Ignored) != 1 || pi.Ignored[0] != "文件“计划.xlsx”，工作表“附件3”，第 3 行 G 列：“备注”列不是计划的列，导入时不读取" {
		t.Errorf("ignored %q", pi.Ignored)
	}
	if err := a.ApplyPlanImport(ctx, pi, false); err != nil {
		t.Fatal(err)
	}
	if p, _ := a.Plan(ctx, 2024); strings.Contains(measureOf(t, p, "3.1.1").Text, "督查") {
		t.Error("the extra column was read into the measure")
	}
}

// TestPlanImportYearRoundTrip: a 2024 plan imported through the use case
// (a renamed department decided as alias), a unit's first 2024 template
// carrying on its December 2023 text on a recurring measure, the filled
// return imported, its month's report printed; 2023's plan, entries and
// report are as before.
func TestPlanImportYearRoundTrip(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	a.SetClerk(ctx, "王芳")
	ongoing, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: "区水务局", DeadlineKind: data.DeadlineOngoing})
	if err != nil || len(ongoing) == 0 {
		t.Fatalf("no ongoing measure of 区水务局: %v", err)
	}
	id := ongoing[0].Measure.ID
	dec := "十二月：巡河 40 次"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区水务局", MeasureID: id, Month: "2023-12", Progress: &dec}); err != nil {
		t.Fatal(err)
	}
	printed := time.Date(2024, 1, 5, 9, 0, 0, 0, time.Local)
	snapshot := func() string {
		p, err := a.Plan(ctx, 2023)
		if err != nil {
			t.Fatal(err)
		}
		es, err := a.db.Entries(ctx, data.EntryFilter{Year: 2023})
		if err != nil {
			t.Fatal(err)
		}
		rep, err := a.MonthlyReport(ctx, "2023-12", data.MeasureFilter{Year: 2023}, printed)
		if err != nil {
			t.Fatal(err)
		}
		p.Units = nil // the directory grows with the new year's units
		b, err := json.MarshalIndent([]any{p, es, rep}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	before := snapshot()

	p := plan2024(t)
	renameUnit(p, "区城市管理委", "区城市管理委员会")
	pi, err := a.PreparePlanImportData(ctx, "2024.xlsx", planWorkbook(t, p), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := pi.SetUnit("区城市管理委员会", UnitAlias, "区城市管理委", ""); err != nil {
		t.Fatal(err)
	}
	if err := a.ApplyPlanImport(ctx, pi, false); err != nil {
		t.Fatal(err)
	}
	tpl, err := a.ReturnTemplate(ctx, "区水务局", "2024-01")
	if err != nil {
		t.Fatal(err)
	}
	carried := false
	for _, r := range tpl.Rows {
		if r.MeasureID == id && r.Progress == dec {
			carried = true
		}
	}
	if !carried {
		t.Errorf("the first 2024 template does not carry on %s's December text", id)
	}
	path, want := fillReturn(t, a, "区水务局", "2024-01", t.TempDir(), nil)
	mustImport(t, a, path, ImportTarget{})
	wantEntries(t, a, "区水务局", "2024-01", want)
	rep, err := a.MonthlyReport(ctx, "2024-01", data.MeasureFilter{Year: 2024, Unit: "区水务局"}, printed)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rep.Title, "2024") || len(rep.Groups) == 0 {
		t.Errorf("2024 report %q, %d groups", rep.Title, len(rep.Groups))
	}
	if after := snapshot(); after != before {
		t.Errorf("2023 changed:\n%s", firstDiff(before, after))
	}
}

// TestRenameStreetKeepsItsHistory renames a street to its own alias (德胜街道
// → 德胜街道办事处, the old name now the alias) with entries, an evidence
// file, an indicator value and an imported return recorded: all follow it,
// the foreign keys hold, and its measures are found under either name.
func TestRenameStreetKeepsItsHistory(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	a.SetClerk(ctx, "李明")
	rows, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: "德胜街道"})
	if err != nil || len(rows) == 0 {
		t.Fatal(err)
	}
	id := rows[0].Measure.ID
	text := "街道巡查"
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "德胜街道", MeasureID: id, Month: "2023-06", Progress: &text}); err != nil {
		t.Fatal(err)
	}
	file := tempFile(t, "纪要.txt", []byte("会议纪要"))
	if _, err := a.AttachFile(ctx, "德胜街道", id, "2023-06", file, "纪要"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetIndicatorActual(ctx, "pm25", "德胜街道", "2023-06", "28"); err != nil {
		t.Fatal(err)
	}
	ret, _ := fillReturn(t, a, "德胜街道", "2023-05", t.TempDir(), nil)
	mustImport(t, a, ret, ImportTarget{})
	if err := a.RenameUnit(ctx, "德胜街道", "德胜街道办事处"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"德胜街道", "德胜街道办事处"} {
		es, err := a.db.Entries(ctx, data.EntryFilter{Month: "2023-06", Unit: name})
		if err != nil || len(es) != 1 || es[0].Unit != "德胜街道办事处" {
			t.Errorf("entries under %s: %+v %v", name, es, err)
		}
		ev, err := a.ListEvidence(ctx, data.EvidenceFilter{Unit: name})
		if err != nil || len(ev) != 1 {
			t.Errorf("evidence under %s: %d %v", name, len(ev), err)
		}
		if got, _ := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: name}); len(got) != len(rows) {
			t.Errorf("%d measures under %s, want %d", len(got), name, len(rows))
		}
	}
	if imports, err := a.db.ReturnImports(ctx, data.ReturnImportFilter{Unit: "德胜街道"}); err != nil || len(imports) != 1 || imports[0].Unit != "德胜街道办事处" {
		t.Errorf("return imports after the rename: %+v %v", imports, err)
	}
	g, err := a.IndicatorGrid(ctx, 2023, "pm25")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(fmt.Sprintf("%+v", g), "德胜街道办事处") {
		t.Error("the indicator grid does not show the new name")
	}
	if problems, err := a.db.QuickCheck(ctx); err != nil || len(problems) > 0 {
		t.Errorf("check after the rename: %v %v", problems, err)
	}
	raw, err := sql.Open("sqlite", a.DBPath()+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, ref := range []string{"units.name", "entries.unit", "evidence.unit", "return_imports.unit", "indicator_actuals.area", "measure_units.unit", "group_members.member", "unit_aliases.unit"} {
		table, col, _ := strings.Cut(ref, ".")
		var n int
		if err := raw.QueryRow("SELECT count(*) FROM " + table + " WHERE " + col + " = '德胜街道'").Scan(&n); err != nil || n != 0 {
			t.Errorf("%d rows of %s still name 德胜街道 (%v)", n, ref, err)
		}
	}
	var broken int
	if err := raw.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&broken); err != nil || broken != 0 {
		t.Errorf("%d broken foreign keys (%v)", broken, err)
	}
}

// TestPlanImportTextOfAHeldYear reads the 2023 plan's text conversion as a
// picked file: every unit is known, the year is held, so it is refused
// until replacing is confirmed; on a ledger where nothing is recorded yet
// the replacement gives the same plan back.
func TestPlanImportTextOfAHeldYear(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	path := filepath.Join("..", "assets", "plan", "xicheng-2023-action-plan.txt")
	pi, err := a.PreparePlanImport(ctx, path, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := pi.Check(); err != nil {
		t.Fatal(err)
	}
	if pi.Year != 2023 || !pi.Held || pi.PrevYear != 0 || pi.Measures() != 137 || len(pi.Plan.Indicators) != 2 {
		t.Fatalf("year %d held %v prev %d, %d measures, %d indicator tables", pi.Year, pi.Held, pi.PrevYear, pi.Measures(), len(pi.Plan.Indicators))
	}
	for _, d := range pi.Units {
		if d.Action != UnitKnown {
			t.Errorf("%s: %s", d.Name, d.Action)
		}
	}
	before := dumpDB(t, a)
	if err := a.ApplyPlanImport(ctx, pi, false); data.ErrorCode(err) != data.ECONFLICT {
		t.Fatalf("import over a held year without confirmation: %v", err)
	}
	wantSameDB(t, a, before)
	if err := a.ApplyPlanImport(ctx, pi, true); err != nil {
		t.Fatal(err)
	}
	got, _ := a.Plan(ctx, 2023)
	want, _ := plantext.Default()
	got.Units, want.Units = nil, nil
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if string(gb) != string(wb) {
		t.Errorf("the replaced 2023 plan differs from the parsed one:\n%s", firstDiff(string(wb), string(gb)))
	}

	// once 2024's measures carry on 2023's, 2023 is not replaced
	next, err := a.PreparePlanImportData(ctx, "2024.xlsx", planWorkbook(t, plan2024(t)), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.ApplyPlanImport(ctx, next, false); err != nil {
		t.Fatal(err)
	}
	if pi, err = a.PreparePlanImport(ctx, path, 0); err != nil {
		t.Fatal(err)
	}
	before = dumpDB(t, a)
	err = a.ApplyPlanImport(ctx, pi, true)
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "以后年度的 137 条措施延续 2023 年的措施") {
		t.Errorf("replacing a year carried on: %v", err)
	}
	wantSameDB(t, a, before)
}

// TestShortFor: a department's short name keeps the first and last
// characters of the full one and drops some between.
func TestShortFor(t *testing.T) {
	for _, c := range []struct {
		short, long string
		want        bool
	}{
		{"区城管委", "区城市管理委", true},
		{"区科信局", "区科技和信息化局", true},
		{"市规自委西城分局", "市规划自然资源委西城分局", true},
		{"区文旅局", "区文化和旅游局", true},
		{"区城管委", "区城管执法局", false},     // another last character
		{"区城市管理委", "区城市管理委员会", false}, // the longer name goes on: not shortened
		{"区数据局", "区统计局", false},       // 数据 not in it
		{"区局", "区水务局", false},         // too short to tell
		{"区水务局", "区水务局", false},       // the same name
		{"区管城委", "区城市管理委", false},     // out of order
	} {
		if got := shortFor(c.short, c.long); got != c.want {
			t.Errorf("shortFor(%s, %s) = %v", c.short, c.long, got)
		}
	}
}
