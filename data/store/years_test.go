package store

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"taizhang/data"
)

// plan2024 is testPlan re-labelled 2024: measure 1.1.2 reworded, a new unit
// (区城市管理委) leading a new measure 1.1.3, its due dates in 2024.
func plan2024() *data.Plan {
	p := testPlan()
	p.Year, p.Title = 2024, "北京市西城区深入打好污染防治攻坚战2024年行动计划"
	p.Units = append(p.Units, data.Unit{Name: "区城市管理委", Kind: data.UnitDepartment, Aliases: []string{"区城管委"}})
	task := &p.Annexes[0].Sections[0].Tasks[0]
	task.Measures[1].Text = "2024年：" + task.Measures[1].Text
	task.Measures = append(task.Measures, data.Measure{ID: "1.1.3", Text: "新措施", Lead: []string{"区城市管理委"},
		Deadline: data.Deadline{Text: "长期实施", Kind: data.DeadlineOngoing}})
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, t := range s.Tasks {
				for i := range t.Measures {
					if d := &t.Measures[i].Deadline; d.Due != "" {
						d.Due = "2024" + d.Due[4:]
					}
				}
			}
		}
	}
	return p
}

// A second year's plan joins the ledger beside the first: the first year's
// plan, entries and months are untouched, the directory keeps its units and
// gains the new one, and each year's measures, months and audit are its own.
func TestSeedPlan_SecondYear(t *testing.T) {
	ctx := context.Background()
	db := MustSeedDB(t)
	mustSetEntry(t, db, data.EntryInput{Unit: uEnv, MeasureID: "1.1.2", Month: june, Status: ptr(data.StatusOnTrack), Progress: ptr("2023 年的进展")})
	if err := db.CloseMonth(ctx, y23, june, clerk); err != nil {
		t.Fatal(err)
	}
	plan23, err := db.LoadPlan(ctx, y23)
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db)

	if err := db.SeedPlan(ctx, plan2024()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.SeedPlan(ctx, plan2024()), data.ECONFLICT)
	if years, err := db.Plans(ctx); err != nil || !slices.Equal(years, []int{2023, 2024}) {
		t.Errorf("Plans = %v, %v", years, err)
	}
	got23, err := db.LoadPlan(ctx, y23)
	if err != nil {
		t.Fatal(err)
	}
	plan23.Units = append(plan23.Units, data.Unit{Name: "区城市管理委", Kind: data.UnitDepartment, Aliases: []string{"区城管委"}})
	if !reflect.DeepEqual(got23, plan23) {
		t.Error("the 2023 plan changed when 2024's was seeded (beyond the new unit in the directory)")
	}
	wantUnchanged(t, db, before)

	m23, err := db.Measure(ctx, y23, "1.1.2")
	if err != nil {
		t.Fatal(err)
	}
	m24, err := db.Measure(ctx, 2024, "1.1.2")
	if err != nil {
		t.Fatal(err)
	}
	if m23.Measure.Text == m24.Measure.Text || m24.Measure.Deadline.Due[:4] != "2024" {
		t.Errorf("1.1.2: 2023 %q, 2024 %q %s", m23.Measure.Text, m24.Measure.Text, m24.Measure.Deadline.Due)
	}
	_, err = db.Measure(ctx, y23, "1.1.3")
	wantCode(t, err, data.ENOTFOUND)
	_, err = db.Measure(ctx, 2025, "1.1.1")
	wantCode(t, err, data.ENOTFOUND)
	wantMessage(t, err, "2025", "2023、2024")
	rows, err := db.FindMeasures(ctx, data.MeasureFilter{Year: 2024, Unit: "区城管委"})
	if err != nil || len(rows) != 1 || rows[0].Measure.ID != "1.1.3" {
		t.Errorf("2024 measures of 区城管委: %v, %v", rows, err)
	}

	// June 2024 is open although June 2023 is closed; a 2023 month is refused
	// for the 2024 plan, and a year without a plan for every month.
	june24 := data.Month("2024-06")
	if _, err := db.SetEntry(ctx, 2024, data.EntryInput{Unit: uEnv, MeasureID: "1.1.2", Month: june24, Status: ptr(data.StatusLate)}, clerk); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetEntry(ctx, 2024, data.EntryInput{Unit: uEnv, MeasureID: "1.1.2", Month: "2023-07", Status: ptr(data.StatusLate)}, clerk)
	wantCode(t, err, data.EINVALID)
	wantMessage(t, err, "2023-07", "2024")
	_, err = db.SetEntry(ctx, 2025, data.EntryInput{Unit: uEnv, MeasureID: "1.1.2", Month: "2025-01", Status: ptr(data.StatusLate)}, clerk)
	wantCode(t, err, data.ENOTFOUND)
	_, err = db.Entries(ctx, data.EntryFilter{Year: 2024, Month: june})
	wantCode(t, err, data.EINVALID)

	e23 := mustEntries(t, db, data.EntryFilter{Year: y23})
	e24 := mustEntries(t, db, data.EntryFilter{Year: 2024})
	if len(e23) != 1 || e23[0].Progress != "2023 年的进展" || len(e24) != 1 || e24[0].Status != data.StatusLate {
		t.Errorf("entries by year: 2023 %+v, 2024 %+v", e23, e24)
	}
	if closed, err := db.ClosedMonths(ctx, 2024); err != nil || len(closed) != 0 {
		t.Errorf("2024 closed months = %v, %v", closed, err)
	}
	a24, err := db.Audit(ctx, data.AuditFilter{Year: 2024})
	if err != nil || len(a24) != 1 || a24[0].Year != 2024 || a24[0].Month != june24 {
		t.Errorf("2024 audit = %+v, %v", a24, err)
	}
	if a, err := db.Audit(ctx, data.AuditFilter{Year: y23}); err != nil || len(a) != len(before.Audit) {
		t.Errorf("2023 audit: %d records, want %d (%v)", len(a), len(before.Audit), err)
	}
	u24, err := db.Units(ctx, 2024)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(u24, func(s data.UnitSummary) bool { return s.Name == "区城市管理委" })
	if i != len(u24)-1 || u24[i].Lead != 1 {
		t.Errorf("区城市管理委 in the 2024 directory: index %d of %d, %+v", i, len(u24), u24)
	}
}

// A unit whose kind or alias disagrees with the directory stops the seeding
// of a new year; nothing is written.
func TestSeedPlan_SecondYearRefusesDirectoryClash(t *testing.T) {
	ctx := context.Background()
	db := MustSeedDB(t)
	kind := plan2024()
	for i := range kind.Units {
		if kind.Units[i].Name == uWater {
			kind.Units[i].Kind = data.UnitEnterprise
		}
	}
	alias := plan2024()
	alias.Units[len(alias.Units)-1].Aliases = []string{"区科信局"}
	for _, p := range []*data.Plan{kind, alias} {
		err := db.SeedPlan(ctx, p)
		wantCode(t, err, data.EINVALID)
		if years, _ := db.Plans(ctx); !slices.Equal(years, []int{2023}) {
			t.Errorf("Plans after a refused seed = %v", years)
		}
	}
}

// Links from a year's measures to last year's are stored, replaced as a
// whole, and refused when they point nowhere or forwards.
func TestSetMeasureLinks(t *testing.T) {
	ctx := context.Background()
	db := MustSeedDB(t)
	if err := db.SeedPlan(ctx, plan2024()); err != nil {
		t.Fatal(err)
	}
	link := func(id, prev string) data.MeasureLink {
		return data.MeasureLink{Year: 2024, MeasureID: id, PrevYear: y23, PrevMeasureID: prev}
	}
	if err := db.SetMeasureLinks(ctx, 2024, []data.MeasureLink{link("1.1.1", "1.1.1"), link("1.1.3", "1.1.2")}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetMeasureLinks(ctx, 2024, []data.MeasureLink{link("1.1.2", "1.1.2")}); err != nil {
		t.Fatal(err)
	}
	got, err := db.MeasureLinks(ctx, 2024)
	if err != nil || !reflect.DeepEqual(got, map[string]data.MeasureLink{"1.1.2": link("1.1.2", "1.1.2")}) {
		t.Errorf("MeasureLinks = %v, %v", got, err)
	}
	for _, tc := range []struct {
		links []data.MeasureLink
		code  string
	}{
		{[]data.MeasureLink{link("9.9.9", "1.1.1")}, data.ENOTFOUND},
		{[]data.MeasureLink{link("1.1.3", "1.1.3")}, data.ENOTFOUND},
		{[]data.MeasureLink{{Year: 2024, MeasureID: "1.1.1", PrevYear: 2024, PrevMeasureID: "1.1.2"}}, data.EINVALID},
		{[]data.MeasureLink{{Year: y23, MeasureID: "1.1.1", PrevYear: 2022, PrevMeasureID: "1.1.1"}}, data.EINVALID},
		{[]data.MeasureLink{link("1.1.1", "1.1.1"), link("1.1.1", "1.1.2")}, data.EINVALID},
	} {
		wantCode(t, db.SetMeasureLinks(ctx, 2024, tc.links), tc.code)
	}
	if again, _ := db.MeasureLinks(ctx, 2024); !reflect.DeepEqual(again, got) {
		t.Errorf("a refused SetMeasureLinks changed the links: %v", again)
	}
}
