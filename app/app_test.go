package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/plantext"
)

// mustOpen opens a new ledger in a temp dir, seeded with the 2023 plan.
func mustOpen(tb testing.TB) *App {
	tb.Helper()
	a, err := Open(context.Background(), testStorage, filepath.Join(tb.TempDir(), "taizhang.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { a.Close() })
	return a
}

func TestSeededPlanIsTheParsedPlan(t *testing.T) {
	a := mustOpen(t)
	got, err := a.Plan(context.Background(), 2023)
	if err != nil {
		t.Fatal(err)
	}
	want, err := plantext.Default()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the stored plan differs from the parsed plan")
	}
}

func TestReopenKeepsTheLedger(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "taizhang.db")
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.db.SetGroupMembers(ctx, "测试员", "区空气重污染应急指挥部成员单位", []string{"区生态环境局", "区城市管理委"}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	a, err = Open(ctx, testStorage, path) // must not seed again
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	rows, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: "区城市管理委", Text: "重污染"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		found = found || r.Measure.ID == "2-1.25.1"
	}
	if !found {
		t.Errorf("group members edited before reopening are lost: %d rows", len(rows))
	}
}

func TestDefaultDBPath(t *testing.T) {
	t.Setenv(DBEnv, "")
	p, err := DefaultDBPath()
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := os.UserConfigDir()
	if p != filepath.Join(dir, "taizhang", "taizhang.db") {
		t.Errorf("default path %q", p)
	}
	t.Setenv(DBEnv, "/tmp/other.db")
	if p, _ := DefaultDBPath(); p != "/tmp/other.db" {
		t.Errorf("with %s set: %q", DBEnv, p)
	}
}

// ids lists the IDs of rows.
func ids(rows []data.MeasureRow) map[string]string {
	out := map[string]string{}
	for _, r := range rows {
		out[r.Measure.ID] = r.Role
	}
	return out
}

// TestFilterRules checks the unit rule (the groups a measure names expand
// to their members) on the real plan.
func TestFilterRules(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	find := func(f data.MeasureFilter) map[string]string {
		t.Helper()
		rows, err := a.FindMeasures(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		return ids(rows)
	}
	all := find(data.MeasureFilter{Year: 2023})
	if len(all) != 137 {
		t.Fatalf("%d measures", len(all))
	}
	// A street's measures: those naming 各街道办事处 or 相关街道办事处 (no
	// street designated yet, so all streets), as lead or co-unit.
	desheng := find(data.MeasureFilter{Year: 2023, Unit: "德胜街道"})
	if len(desheng) != 64 {
		t.Errorf("德胜街道 has %d measures, want 64", len(desheng))
	}
	for id, role := range map[string]string{"2-1.1.1": data.RoleLead, "2-1.16.2": data.RoleLead, "2-1.16.1": data.RoleCo, "3.1.1": data.RoleCo, "3.2.1": data.RoleLead} {
		if desheng[id] != role {
			t.Errorf("德胜街道 on %s: role %q, want %q", id, desheng[id], role)
		}
	}
	if _, ok := desheng["1.1.1"]; ok {
		t.Error("德胜街道 sees 1.1.1")
	}
	// Designating streets for 相关街道办事处 narrows the other streets' lists.
	if err := a.db.SetRelevantStreets(ctx, 2023, "3.1.1", []string{"什刹海街道"}); err != nil {
		t.Fatal(err)
	}
	if _, ok := find(data.MeasureFilter{Year: 2023, Unit: "德胜街道"})["3.1.1"]; ok {
		t.Error("德胜街道 still sees 3.1.1 after only 什刹海街道 was designated")
	}
	if _, ok := find(data.MeasureFilter{Year: 2023, Unit: "什刹海街道"})["3.1.1"]; !ok {
		t.Error("什刹海街道 does not see 3.1.1 after being designated")
	}
	// Aliases.
	if got, want := len(find(data.MeasureFilter{Year: 2023, Unit: "市规自委西城分局"})), len(find(data.MeasureFilter{Year: 2023, Unit: "市规划自然资源委西城分局"})); got != want || got == 0 {
		t.Errorf("by alias %d, by name %d", got, want)
	}
	// Deadline kind and text, combined with a unit.
	if got := find(data.MeasureFilter{Year: 2023, DeadlineKind: data.DeadlineMonthEnd}); len(got) != 2 {
		t.Errorf("month_end: %v", got)
	}
	got := find(data.MeasureFilter{Year: 2023, Unit: "德胜街道", Text: "扬尘 台账"})
	want := map[string]string{"2-1.14.2": data.RoleLead /* 平台账号 */, "2-1.14.3": data.RoleCo, "2-1.14.5": data.RoleLead, "2-1.16.2": data.RoleLead}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("德胜街道 + 扬尘 台账 = %v, want %v", got, want)
	}
	if _, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: "火星街道"}); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("unknown unit: %v", err)
	}
}

// BenchmarkSeed measures creating a new ledger: parse the embedded plan and
// seed it into a new database file.
func BenchmarkSeed(b *testing.B) {
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		n++
		a, err := Open(context.Background(), testStorage, filepath.Join(dir, fmt.Sprintf("seed%d.db", n)))
		if err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
}

// BenchmarkOpenExisting measures what the GUI does before its window is
// usable on an existing ledger: open the file, load the plan (tree), the unit
// list and the measure list.
func BenchmarkOpenExisting(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "taizhang.db")
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		b.Fatal(err)
	}
	a.Close()
	for b.Loop() {
		a, err := Open(ctx, testStorage, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.Plan(ctx, 2023); err != nil {
			b.Fatal(err)
		}
		if _, err := a.Units(ctx, 2023); err != nil {
			b.Fatal(err)
		}
		if _, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023}); err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
}

// BenchmarkFilterStreet measures filtering the list to one street with text.
func BenchmarkFilterStreet(b *testing.B) {
	ctx := context.Background()
	a := mustOpen(b)
	for b.Loop() {
		if _, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: "德胜街道", Text: "扬尘"}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestClerkIsSet(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	if a.ClerkIsSet(ctx) {
		t.Error("a new ledger has a clerk's name")
	}
	if a.Clerk(ctx) == "" {
		t.Error("Clerk has no fallback")
	}
	if err := a.SetClerk(ctx, "王芳"); err != nil {
		t.Fatal(err)
	}
	if !a.ClerkIsSet(ctx) || a.Clerk(ctx) != "王芳" {
		t.Errorf("after SetClerk: set %v, clerk %q", a.ClerkIsSet(ctx), a.Clerk(ctx))
	}
}

// TestProgressSearch searches the 2023 plan by measure ID and by unit name.
func TestProgressSearch(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	search := func(f data.MeasureFilter) (*ProgressView, []string) {
		t.Helper()
		v, err := a.Progress(ctx, "2023-06", f)
		if err != nil {
			t.Fatalf("Progress(%+v): %v", f, err)
		}
		var ids []string
		for _, mp := range v.Measures {
			ids = append(ids, mp.Measure.ID)
		}
		return v, ids
	}
	if v, ids := search(data.MeasureFilter{Text: "2-1.14.2"}); !slices.Equal(ids, []string{"2-1.14.2"}) || v.Unit != "" {
		t.Errorf("2-1.14.2 finds %v in unit %q", ids, v.Unit)
	}
	_, ids := search(data.MeasureFilter{Text: "2-1.14"})
	if len(ids) < 2 {
		t.Errorf("2-1.14 finds %v", ids)
	}
	for _, id := range ids {
		if !strings.HasPrefix(id, "2-1.14.") {
			t.Errorf("2-1.14 finds %s", id)
		}
	}

	// A unit's name acts like the unit filter, and the view says so.
	want, _ := search(data.MeasureFilter{Unit: "区水务局"})
	v, ids := search(data.MeasureFilter{Text: "区水务局"})
	if v.Unit != "区水务局" || !v.SearchUnit || len(ids) == 0 || len(ids) != len(want.Measures) || v.Measures[0].Own == nil {
		t.Errorf("区水务局 in the search: unit %q, from search %v, %d measures (the filter gives %d)", v.Unit, v.SearchUnit, len(ids), len(want.Measures))
	}
	if v, _ := search(data.MeasureFilter{Text: "区科信局"}); v.Unit != "区科技和信息化局" || !v.SearchUnit {
		t.Errorf("an alias in the search: unit %q", v.Unit)
	}
	// With the unit filter set, another unit's name narrows its measures.
	v, ids = search(data.MeasureFilter{Unit: "德胜街道", Text: "区水务局"})
	if v.Unit != "德胜街道" || v.SearchUnit || len(ids) >= len(want.Measures) {
		t.Errorf("德胜街道 filtered, 区水务局 searched: unit %q, from search %v, %v", v.Unit, v.SearchUnit, ids)
	}
}

// TestMonthGaps counts what a month lacks before it is closed: for the
// district, and for a unit's own clerk.
func TestMonthGaps(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	m := data.Month("2023-06")
	g, err := a.MonthGaps(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	all, err := a.Progress(ctx, m, data.MeasureFilter{})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := a.ReturnTracker(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if g.Unit != "" || g.Measures != len(all.Measures) || g.NotReported != len(all.Measures) || len(g.Missing) != len(tr.Units) || !slices.Contains(g.Missing, "德胜街道") {
		t.Errorf("an empty month: %+v (%d measures, %d units)", g, len(all.Measures), len(tr.Units))
	}
	// A lead unit's entry takes its measure out of 未报送.
	mp := all.Measures[0]
	st := data.StatusOnTrack
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: mp.Lead[0].Unit, MeasureID: mp.Measure.ID, Month: m, Status: &st}); err != nil {
		t.Fatal(err)
	}
	if g, _ = a.MonthGaps(ctx, m); g.NotReported != len(all.Measures)-1 {
		t.Errorf("after one entry %d of %d measures are 未报送", g.NotReported, g.Measures)
	}
	// A unit's clerk is told about the unit's own measures, not the returns.
	if err := a.SetMyUnit(ctx, "德胜街道"); err != nil {
		t.Fatal(err)
	}
	own, err := a.Progress(ctx, m, data.MeasureFilter{Unit: "德胜街道"})
	if err != nil {
		t.Fatal(err)
	}
	if g, _ = a.MonthGaps(ctx, m); g.Unit != "德胜街道" || g.Measures != len(own.Measures) || g.NotReported != own.Counts[data.StatusNotReported] || g.NotReported == 0 || g.Missing != nil {
		t.Errorf("德胜街道's clerk: %+v", g)
	}
}
