package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"taizhang/data"
)

const (
	clerk = "张三"
	june  = data.Month("2023-06")
	july  = data.Month("2023-07")
)

func ptr[T any](v T) *T { return &v }

// state is everything the progress store holds, to prove that a refused
// change wrote nothing.
type state struct {
	Entries  []data.Entry
	Audit    []data.AuditRecord
	Evidence []data.Evidence
	Closed   []data.Month
	Due      map[string]string
	Rows     map[string]int
}

func snapshot(t testing.TB, db *DB) state {
	t.Helper()
	ctx := context.Background()
	var s state
	var err error
	if s.Entries, err = db.Entries(ctx, data.EntryFilter{}); err != nil {
		t.Fatal(err)
	}
	if s.Audit, err = db.Audit(ctx, data.AuditFilter{}); err != nil {
		t.Fatal(err)
	}
	if s.Evidence, err = db.ListEvidence(ctx, data.EvidenceFilter{WithRemoved: true}); err != nil {
		t.Fatal(err)
	}
	if s.Closed, err = db.ClosedMonths(ctx, y23); err != nil {
		t.Fatal(err)
	}
	if s.Due, err = db.DueOverrides(ctx, y23); err != nil {
		t.Fatal(err)
	}
	s.Rows = rowCounts(t, db)
	return s
}

// rowCounts counts the rows of the progress tables.
func rowCounts(t testing.TB, db *DB) map[string]int {
	t.Helper()
	counts := make(map[string]int)
	for _, table := range []string{"entries", "evidence", "blobs", "blob_chunks", "audit", "closed_months", "due_overrides", "settings", "return_imports", "indicator_actuals", "district_summaries"} {
		var n int
		if err := db.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	return counts
}

// wantUnchanged fails the test if the store differs from before.
func wantUnchanged(t testing.TB, db *DB, before state) {
	t.Helper()
	if after := snapshot(t, db); !reflect.DeepEqual(after, before) {
		t.Errorf("store changed:\nbefore %+v\nafter  %+v", before, after)
	}
}

// wantMessage fails the test unless err's message contains every string.
func wantMessage(t testing.TB, err error, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(fmt.Sprint(err), w) {
			t.Errorf("message %q lacks %q", fmt.Sprint(err), w)
		}
	}
}

func mustSetEntry(t testing.TB, db *DB, in data.EntryInput) data.Entry {
	t.Helper()
	e, err := db.SetEntry(context.Background(), y23, in, clerk)
	if err != nil {
		t.Fatalf("SetEntry(%+v): %v", in, err)
	}
	return e
}

func mustEntries(t testing.TB, db *DB, f data.EntryFilter) []data.Entry {
	t.Helper()
	es, err := db.Entries(context.Background(), f)
	if err != nil {
		t.Fatalf("Entries(%+v): %v", f, err)
	}
	return es
}

func mustAudit(t testing.TB, db *DB, f data.AuditFilter) []data.AuditRecord {
	t.Helper()
	rs, err := db.Audit(context.Background(), f)
	if err != nil {
		t.Fatalf("Audit(%+v): %v", f, err)
	}
	return rs
}

// fields returns the audited changes as "field:old→new", oldest first.
func fields(rs []data.AuditRecord) []string {
	var out []string
	for i := len(rs) - 1; i >= 0; i-- {
		out = append(out, rs[i].Field+":"+rs[i].Old+"→"+rs[i].New)
	}
	return out
}

func TestSetEntry(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	before := time.Now().UTC().Add(-time.Second)

	e := mustSetEntry(t, db, data.EntryInput{Unit: " 德胜街道 ", MeasureID: " 2-1.14.3 ", Month: june,
		Status: ptr(data.StatusOnTrack), Progress: ptr("已巡查河湖 12 次。")})
	want := data.Entry{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: data.StatusOnTrack, Progress: "已巡查河湖 12 次。", Clerk: clerk}
	got := e
	got.UpdatedAt = time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SetEntry returned %+v, want %+v", got, want)
	}
	if e.UpdatedAt.Before(before) || e.UpdatedAt.Location() != time.UTC {
		t.Errorf("UpdatedAt %v", e.UpdatedAt)
	}
	if es := mustEntries(t, db, data.EntryFilter{}); len(es) != 1 || !reflect.DeepEqual(es[0], e) {
		t.Errorf("Entries = %+v, want [%+v]", es, e)
	}

	// A partial update keeps the other fields; a status variant is stored
	// in the vocabulary.
	e2, err := db.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june,
		Problems: ptr("部分河段垃圾清运不及时。"), NextSteps: ptr(""), Status: ptr(data.Status(" 推进中 "))}, "李四")
	if err != nil {
		t.Fatal(err)
	}
	if e2.Status != data.StatusOnTrack || e2.Progress != "已巡查河湖 12 次。" || e2.Problems != "部分河段垃圾清运不及时。" || e2.Clerk != "李四" {
		t.Errorf("after partial update: %+v", e2)
	}
	if es := mustEntries(t, db, data.EntryFilter{}); len(es) != 1 || !reflect.DeepEqual(es[0], e2) {
		t.Errorf("Entries = %+v, want [%+v]", es, e2)
	}

	// One audit row per changed field; the unchanged status and the empty
	// 下步计划 that stayed empty wrote none.
	rs := mustAudit(t, db, data.AuditFilter{})
	if got, want := fields(rs), []string{"status:→序时推进", "progress:→已巡查河湖 12 次。", "problems:→部分河段垃圾清运不及时。"}; !reflect.DeepEqual(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
	for _, r := range rs {
		if r.Action != data.ActionEntry || r.Unit != uDesheng || r.MeasureID != "2-1.14.3" || r.Month != june {
			t.Errorf("audit record %+v", r)
		}
	}
	if rs[0].Clerk != "李四" || rs[2].Clerk != clerk {
		t.Errorf("audit clerks %q %q", rs[0].Clerk, rs[2].Clerk)
	}

	// A change that changes nothing writes nothing, not even the clerk.
	s := snapshot(t, db)
	e3 := mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusOnTrack), Progress: ptr(e2.Progress)})
	if !reflect.DeepEqual(e3, e2) {
		t.Errorf("no-op SetEntry returned %+v, want %+v", e3, e2)
	}
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june})
	wantUnchanged(t, db, s)

	// Nor does an empty change to a unit with no entry; it returns an empty entry.
	e4 := mustSetEntry(t, db, data.EntryInput{Unit: uXinjiekou, MeasureID: "2-1.14.3", Month: june, Progress: ptr("")})
	if (e4 != data.Entry{Unit: uXinjiekou, MeasureID: "2-1.14.3", Month: june}) {
		t.Errorf("empty change returned %+v", e4)
	}
	wantUnchanged(t, db, s)
}

func TestSetEntry_TextLimitCountsCharacters(t *testing.T) {
	db := MustSeedDB(t)
	long := strings.Repeat("治", data.MaxText) // 30,000 bytes, 10,000 characters
	e := mustSetEntry(t, db, data.EntryInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Progress: &long})
	if e.Progress != long {
		t.Error("10,000 characters not stored whole")
	}
}

func TestTickEntry(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	tick := func(unit, id string, done bool) data.Entry {
		t.Helper()
		e, err := db.TickEntry(ctx, y23, unit, id, june, done, clerk)
		if err != nil {
			t.Fatalf("TickEntry(%s, %s, %v): %v", unit, id, done, err)
		}
		if es := mustEntries(t, db, data.EntryFilter{Unit: unit, MeasureID: id, Month: june}); len(es) != 1 || es[0] != e {
			t.Fatalf("TickEntry returned %+v, stored %+v", e, es)
		}
		return e
	}

	// No previous status: unticking returns to none.
	if e := tick(uWater, "2-1.14.1", true); e.Status != data.StatusDone {
		t.Errorf("tick: %q", e.Status)
	}
	if e := tick(uWater, "2-1.14.1", false); e.Status != "" {
		t.Errorf("untick without previous status: %q", e.Status)
	}

	// A previous status comes back, however often the tick is repeated.
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusLate), Progress: ptr("进度滞后")})
	tick(uDesheng, "2-1.14.3", true)
	tick(uDesheng, "2-1.14.3", true)
	if e := tick(uDesheng, "2-1.14.3", false); e.Status != data.StatusLate || e.Progress != "进度滞后" {
		t.Errorf("untick: %+v", e)
	}
	// Unticking what is not ticked changes nothing.
	s := snapshot(t, db)
	if e := tick(uDesheng, "2-1.14.3", false); e.Status != data.StatusLate {
		t.Errorf("second untick: %q", e.Status)
	}
	if e, err := db.TickEntry(ctx, y23, uXinjiekou, "2-1.14.3", june, false, clerk); err != nil || e.Status != "" {
		t.Errorf("untick of no entry: %+v, %v", e, err)
	}
	wantUnchanged(t, db, s)

	// 已完成 set by SetEntry also remembers the status before it.
	mustSetEntry(t, db, data.EntryInput{Unit: uEnv, MeasureID: "1.1.2", Month: june, Status: ptr(data.StatusNotStarted)})
	mustSetEntry(t, db, data.EntryInput{Unit: uEnv, MeasureID: "1.1.2", Month: june, Status: ptr(data.StatusDone)})
	if e := tick(uEnv, "1.1.2", false); e.Status != data.StatusNotStarted {
		t.Errorf("untick after SetEntry 已完成: %q", e.Status)
	}

	rs := mustAudit(t, db, data.AuditFilter{MeasureID: "2-1.14.3"})
	if got, want := fields(rs), []string{"status:→滞后", "progress:→进度滞后", "status:滞后→已完成", "status:已完成→滞后"}; !reflect.DeepEqual(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
	rs = mustAudit(t, db, data.AuditFilter{Unit: uWater})
	if got, want := fields(rs), []string{"status:→已完成", "status:已完成→"}; !reflect.DeepEqual(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
}

func TestSetEntry_Invalid(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusOnTrack), Progress: ptr("原有内容")})
	long := strings.Repeat("字", data.MaxText+1)
	ok := data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusDone), Progress: ptr("新内容")}
	with := func(f func(in *data.EntryInput)) data.EntryInput {
		in := ok
		f(&in)
		return in
	}
	for _, tc := range []struct {
		name  string
		in    data.EntryInput
		clerk string
		code  string
		want  []string
	}{
		{"unknown unit", with(func(in *data.EntryInput) { in.Unit = "区环保局" }), clerk, data.ENOTFOUND, []string{"区环保局"}},
		{"empty unit", with(func(in *data.EntryInput) { in.Unit = " " }), clerk, data.EINVALID, nil},
		{"unknown measure", with(func(in *data.EntryInput) { in.MeasureID = "9.9.9" }), clerk, data.ENOTFOUND, []string{"9.9.9"}},
		{"month after the plan year", with(func(in *data.EntryInput) { in.Month = "2024-01" }), clerk, data.EINVALID,
			[]string{"填报月份 2024-01 不在 2023 年行动计划的年度内"}},
		{"malformed month", with(func(in *data.EntryInput) { in.Month = "2023-6" }), clerk, data.EINVALID, []string{"2023-6"}},
		{"unit not concerned", with(func(in *data.EntryInput) { in.MeasureID = "1.1.2" }), clerk, data.EINVALID,
			[]string{"德胜街道办事处与措施 1.1.2 无关"}},
		{"unit without measures", with(func(in *data.EntryInput) { in.Unit = "区金融办" }), clerk, data.EINVALID, []string{uFinance, "2-1.14.3"}},
		{"a group", with(func(in *data.EntryInput) { in.Unit = data.GroupAllStreets }), clerk, data.EINVALID, []string{data.GroupAllStreets, "单位组"}},
		{"unknown status", with(func(in *data.EntryInput) { in.Status = ptr(data.Status("差不多")) }), clerk, data.EINVALID,
			[]string{uDesheng, "2-1.14.3", "2023年6月", "差不多"}},
		{"empty status", with(func(in *data.EntryInput) { in.Status = ptr(data.Status("")) }), clerk, data.EINVALID, []string{uDesheng, "2-1.14.3"}},
		{"district-only status", with(func(in *data.EntryInput) { in.Status = ptr(data.StatusNotReported) }), clerk, data.EINVALID, []string{"未报送"}},
		{"progress too long", with(func(in *data.EntryInput) { in.Progress = &long }), clerk, data.EINVALID,
			[]string{uDesheng, "2-1.14.3", "2023年6月", "进展情况", "10000", "10001"}},
		{"problems too long", with(func(in *data.EntryInput) { in.Problems = &long }), clerk, data.EINVALID, []string{"存在问题"}},
		{"next steps too long", with(func(in *data.EntryInput) { in.NextSteps = &long }), clerk, data.EINVALID, []string{"下步计划"}},
		{"no clerk", ok, " ", data.EINVALID, []string{"经办人"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			_, err := db.SetEntry(ctx, y23, tc.in, tc.clerk)
			wantCode(t, err, tc.code)
			wantMessage(t, err, tc.want...)
			wantUnchanged(t, db, before)

			// The same change inside a batch of good ones: nothing at all.
			good := data.EntryInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Status: ptr(data.StatusOnTrack)}
			err = db.SetEntries(ctx, y23, []data.EntryInput{good, tc.in, good}, tc.clerk)
			wantCode(t, err, tc.code)
			wantUnchanged(t, db, before)

			// Ticking checks the unit, measure and month alike.
			if tc.in.Status == ok.Status && tc.in.Progress == ok.Progress && tc.in.Problems == nil && tc.in.NextSteps == nil {
				_, err = db.TickEntry(ctx, y23, tc.in.Unit, tc.in.MeasureID, tc.in.Month, true, tc.clerk)
				wantCode(t, err, tc.code)
				wantUnchanged(t, db, before)
			}
		})
	}
}

func TestSetEntries(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	batch := []data.EntryInput{
		{Unit: "德胜街道", MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusOnTrack), Progress: ptr("第一次")},
		{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Status: ptr(data.StatusDone)},
		{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: ptr("第二次")}, // later changes win
	}
	if err := db.SetEntries(ctx, y23, batch, clerk); err != nil {
		t.Fatal(err)
	}
	es := mustEntries(t, db, data.EntryFilter{Month: june})
	if len(es) != 2 || es[0].Unit != uWater || es[1].Progress != "第二次" || es[1].Status != data.StatusOnTrack {
		t.Errorf("entries %+v", es)
	}
	if n := len(mustAudit(t, db, data.AuditFilter{})); n != 4 {
		t.Errorf("%d audit records, want 4", n)
	}
	if err := db.SetEntries(ctx, y23, nil, clerk); err != nil {
		t.Errorf("empty batch: %v", err)
	}

	// One bad row, anywhere: nothing is written.
	before := snapshot(t, db)
	bad := append([]data.EntryInput{}, batch...)
	bad[0].Progress = ptr("改了")
	bad = append(bad, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: "2024-01", Progress: ptr("x")})
	err := db.SetEntries(ctx, y23, bad, clerk)
	wantCode(t, err, data.EINVALID)
	wantMessage(t, err, "2024-01")
	wantUnchanged(t, db, before)
}

func TestEntries_OrderAndFilter(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	set := func(unit, id string, m data.Month) {
		mustSetEntry(t, db, data.EntryInput{Unit: unit, MeasureID: id, Month: m, Status: ptr(data.StatusOnTrack)})
	}
	// Written out of order on purpose.
	set(uShichahai, "2-1.14.3", june)
	set(uDesheng, "2-1.14.3", june)
	set(uWater, "2-1.14.1", june)
	set(uEnv, "1.1.1", july)
	set(uTraffic, "1.1.1", june)
	set(uEnv, "1.1.1", june)
	set(uXinjiekou, "1.1.1", june)

	key := func(es []data.Entry) []string {
		out := []string{}
		for _, e := range es {
			out = append(out, fmt.Sprintf("%s/%s/%s", e.MeasureID, e.Unit, e.Month))
		}
		return out
	}
	for _, tc := range []struct {
		f    data.EntryFilter
		want []string
	}{
		{data.EntryFilter{}, []string{
			"1.1.1/" + uEnv + "/2023-06", "1.1.1/" + uEnv + "/2023-07", "1.1.1/" + uTraffic + "/2023-06", "1.1.1/" + uXinjiekou + "/2023-06",
			"2-1.14.1/" + uWater + "/2023-06",
			"2-1.14.3/" + uDesheng + "/2023-06", "2-1.14.3/" + uShichahai + "/2023-06"}},
		{data.EntryFilter{Month: july}, []string{"1.1.1/" + uEnv + "/2023-07"}},
		{data.EntryFilter{Unit: "新街口街道"}, []string{"1.1.1/" + uXinjiekou + "/2023-06"}},
		{data.EntryFilter{MeasureID: "2-1.14.3", Month: june}, []string{"2-1.14.3/" + uDesheng + "/2023-06", "2-1.14.3/" + uShichahai + "/2023-06"}},
		{data.EntryFilter{Month: "2023-01"}, []string{}},
	} {
		if got := key(mustEntries(t, db, tc.f)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Entries(%+v) = %v, want %v", tc.f, got, tc.want)
		}
	}
	_, err := db.Entries(ctx, data.EntryFilter{Unit: "区环保局"})
	wantCode(t, err, data.ENOTFOUND)
}

// Relevant streets and edited groups decide who may report, as they decide
// FindMeasures.
func TestSetEntry_FollowsMeasureUnits(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	in := data.EntryInput{Unit: uShichahai, MeasureID: "1.2.1", Month: june, Status: ptr(data.StatusOnTrack)}
	mustSetEntry(t, db, in)
	if err := db.SetRelevantStreets(ctx, y23, "1.2.1", []string{uDesheng}); err != nil {
		t.Fatal(err)
	}
	in.Status = ptr(data.StatusDone)
	_, err := db.SetEntry(ctx, y23, in, clerk)
	wantCode(t, err, data.EINVALID)

	// 区水务局 leads 1.3.1 through the emergency group until it leaves it.
	mustSetEntry(t, db, data.EntryInput{Unit: uWater, MeasureID: "1.3.1", Month: june, Status: ptr(data.StatusOnTrack)})
	if err := db.SetGroupMembers(ctx, "测试员", uEmergency, []string{uEnv}); err != nil {
		t.Fatal(err)
	}
	_, err = db.SetEntry(ctx, y23, data.EntryInput{Unit: uWater, MeasureID: "1.3.1", Month: june, Status: ptr(data.StatusDone)}, clerk)
	wantCode(t, err, data.EINVALID)
	// Earlier entries stay: nothing is lost.
	if es := mustEntries(t, db, data.EntryFilter{Unit: uWater}); len(es) != 1 {
		t.Errorf("entries %+v", es)
	}
}
