package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/plantext"
	"taizhang/data/store"
)

const clerk = "王芳"

// mustOpenPlan opens a new database seeded with the real 2023 plan.
func mustOpenPlan(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "taizhang.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	p, err := plantext.Default()
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.SeedPlan(context.Background(), p); err != nil {
		tb.Fatal(err)
	}
	return db
}

// streets2023 are the 15 streets of annex 2-2 with their printed PM2.5 targets.
var streets2023 = []struct {
	name string
	pm25 string
}{
	{"德胜街道", "29"}, {"什刹海街道", "30"}, {"西长安街街道", "29"}, {"大栅栏街道", "30"}, {"天桥街道", "29"},
	{"新街口街道", "29"}, {"金融街街道", "30"}, {"椿树街道", "30"}, {"陶然亭街道", "29"}, {"展览路街道", "30"},
	{"月坛街道", "30"}, {"广内街道", "30"}, {"牛街街道", "30"}, {"白纸坊街道", "31"}, {"广外街道", "30"},
}

type wantTarget struct {
	key, printed, text string
	value              float64 // -1: no target
	qualifier          string
}

func TestIndicatorTargetsOfBothAnnexes(t *testing.T) {
	db := mustOpenPlan(t)
	got, err := db.IndicatorTargets(context.Background(), 2023)
	if err != nil {
		t.Fatal(err)
	}
	byKey := make(map[string]data.IndicatorTarget)
	for _, tg := range got {
		k := tg.Annex + "|" + tg.Area + "|" + tg.Indicator
		if _, dup := byKey[k]; dup {
			t.Errorf("target %s listed twice", k)
		}
		byKey[k] = tg
	}

	want := map[string]wantTarget{}
	add := func(annex, area string, ws ...wantTarget) {
		for _, w := range ws {
			if w.text == "" {
				w.text = w.printed
			}
			want[annex+"|"+area+"|"+w.key] = w
		}
	}
	for _, s := range streets2023 {
		var pm float64
		fmt.Sscan(s.pm25, &pm)
		add("2-2", s.name,
			wantTarget{key: "pm25", printed: s.pm25, value: pm},
			wantTarget{key: "heavy_pollution_ratio", printed: "1.7", value: 1.7},
			wantTarget{key: "good_days_ratio", printed: "—", value: -1},
			wantTarget{key: "nox_reduction", printed: "—", value: -1},
			wantTarget{key: "voc_reduction", printed: "—", value: -1},
			wantTarget{key: "voc_one_plant", printed: "—", value: -1},
			wantTarget{key: "diesel_checks", printed: "—", value: -1},
		)
	}
	add("2-2", data.District,
		wantTarget{key: "pm25", printed: "31", value: 31},
		wantTarget{key: "heavy_pollution_ratio", printed: "1.7", value: 1.7},
		wantTarget{key: "good_days_ratio", printed: "75", value: 75},
		wantTarget{key: "nox_reduction", printed: "640", value: 640},
		wantTarget{key: "voc_reduction", printed: "490", value: 490},
		wantTarget{key: "voc_one_plant", printed: "1", value: 1},
		wantTarget{key: "diesel_checks", printed: "2.9", value: 2.9},
	)
	add("6", data.District,
		wantTarget{key: "co2_reduction", printed: "12左右", value: 12, qualifier: "左右"},
		wantTarget{key: "pm25", printed: "31", value: 31},
		wantTarget{key: "good_days_ratio", printed: "75", value: 75},
		wantTarget{key: "heavy_pollution_ratio", printed: "1.7", value: 1.7},
		wantTarget{key: "water_section_ok", printed: "100 (100, 0)", text: "100", value: 100},
		wantTarget{key: "water_good_ratio", printed: "100 (100, 0)", text: "100", value: 100},
		wantTarget{key: "water_worst_ratio", printed: "100 (100, 0)", text: "0", value: 0},
		wantTarget{key: "land_safe_use", printed: "100", value: 100},
		wantTarget{key: "nox_reduction", printed: "640", value: 640},
		wantTarget{key: "voc_reduction", printed: "490", value: 490},
		wantTarget{key: "voc_one_plant", printed: "1", value: 1},
		wantTarget{key: "diesel_checks", printed: "2.9", value: 2.9},
	)
	if len(want) != 16*7+12 {
		t.Fatalf("test lists %d targets", len(want))
	}
	if len(got) != len(want) {
		t.Errorf("%d targets, want %d", len(got), len(want))
	}
	for k, w := range want {
		g, ok := byKey[k]
		if !ok {
			t.Errorf("target %s missing", k)
			continue
		}
		if g.Printed != w.printed || g.Text != w.text || g.Qualifier != w.qualifier || g.Edited {
			t.Errorf("target %s = printed %q text %q qualifier %q edited %v; want %q %q %q", k, g.Printed, g.Text, g.Qualifier, g.Edited, w.printed, w.text, w.qualifier)
		}
		switch {
		case w.value < 0 && g.Value != nil:
			t.Errorf("target %s = %v, want none", k, *g.Value)
		case w.value >= 0 && (g.Value == nil || *g.Value != w.value):
			t.Errorf("target %s = %v, want %v", k, g.Value, w.value)
		}
		if g.Column == "" {
			t.Errorf("target %s has no column header", k)
		}
	}

	// Every indicator has its unit and direction; lower is better for
	// PM2.5, 重污染天数比率 and 劣V类水体比例 only.
	lower := map[string]bool{"pm25": true, "heavy_pollution_ratio": true, "water_worst_ratio": true}
	units := map[string]string{"pm25": "微克/立方米", "nox_reduction": "吨", "voc_reduction": "吨", "voc_one_plant": "家", "diesel_checks": "万辆次"}
	sums := map[string]bool{"nox_reduction": true, "voc_reduction": true, "voc_one_plant": true, "diesel_checks": true}
	for _, tg := range got {
		ind, ok := data.IndicatorByKey(tg.Indicator)
		if !ok {
			t.Fatalf("target of unknown indicator %q", tg.Indicator)
		}
		if wantDir := map[bool]data.Direction{true: data.LowerBetter, false: data.HigherBetter}[lower[ind.Key]]; ind.Direction != wantDir {
			t.Errorf("%s direction %s, want %s", ind.Key, ind.Direction, wantDir)
		}
		wantUnit := units[ind.Key]
		if wantUnit == "" {
			wantUnit = "%"
		}
		if ind.Unit != wantUnit {
			t.Errorf("%s unit %s, want %s", ind.Key, ind.Unit, wantUnit)
		}
		if wantAgg := map[bool]data.Aggregation{true: data.AggSum, false: data.AggMean}[sums[ind.Key]]; ind.Aggregation != wantAgg {
			t.Errorf("%s aggregation %s, want %s", ind.Key, ind.Aggregation, wantAgg)
		}
	}
}

func TestSetIndicatorActual(t *testing.T) {
	ctx := context.Background()
	db := mustOpenPlan(t)
	set := func(key, area string, m data.Month, v string) (*data.IndicatorActual, error) {
		return db.SetIndicatorActual(ctx, 2023, data.IndicatorActualInput{Indicator: key, Area: area, Month: m, Value: v}, clerk)
	}

	a, err := set("pm25", "德胜街道办事处", "2023-06", " 28.5 ")
	if err != nil {
		t.Fatal(err)
	}
	if a.Area != "德胜街道" || a.Value != 28.5 || a.Clerk != clerk || a.Month != "2023-06" {
		t.Errorf("stored %+v", a)
	}
	if _, err := set("nox_reduction", "西城区", "2023-06", "12"); err != nil {
		t.Fatal(err)
	}

	// Bad values are refused with a message naming indicator, area, month
	// and value, and nothing is written.
	for _, tc := range []struct {
		key, area string
		m         data.Month
		value     string
		code      string
		words     []string
	}{
		{"pm25", "德胜街道", "2023-07", "abc", data.EINVALID, []string{"PM2.5", "德胜街道", "2023年7月", "abc", "不是数字"}},
		{"pm25", "德胜街道", "2023-07", "1e3", data.EINVALID, []string{"不是数字"}},
		{"pm25", "德胜街道", "2023-07", "NaN", data.EINVALID, []string{"不是数字"}},
		{"pm25", "德胜街道", "2023-07", "-1", data.EINVALID, []string{"PM2.5", "德胜街道", "2023年7月", "-1", "负数"}},
		{"pm25", "德胜街道", "2023-07", "1001", data.EINVALID, []string{"PM2.5", "1001", "1000"}},
		{"good_days_ratio", "西城区", "2023-07", "100.5", data.EINVALID, []string{"优良天数比率", "西城区", "2023年7月", "100.5", "100%"}},
		{"heavy_pollution_ratio", "什刹海街道", "2023-07", "120", data.EINVALID, []string{"重污染天数比率", "什刹海街道", "120"}},
		{"co2_reduction", "德胜街道", "2023-07", "1", data.ENOTFOUND, []string{"德胜街道"}},
		{"pm10", "德胜街道", "2023-07", "1", data.ENOTFOUND, []string{"pm10", "pm25"}},
		{"pm25", "区水务局", "2023-07", "1", data.EINVALID, []string{"区水务局", "不是街道"}},
		{"pm25", "火星街道", "2023-07", "1", data.ENOTFOUND, []string{"火星街道"}},
		{"pm25", "德胜街道", "2024-01", "1", data.EINVALID, []string{"2024-01"}},
	} {
		_, err := set(tc.key, tc.area, tc.m, tc.value)
		if data.ErrorCode(err) != tc.code {
			t.Errorf("set %s %s %s %q: error %v, want %s", tc.key, tc.area, tc.m, tc.value, err, tc.code)
			continue
		}
		for _, w := range tc.words {
			if !strings.Contains(fmt.Sprint(err), w) {
				t.Errorf("set %s %q: message %q lacks %q", tc.key, tc.value, fmt.Sprint(err), w)
			}
		}
	}
	if _, err := db.SetIndicatorActual(ctx, 2023, data.IndicatorActualInput{Indicator: "pm25", Area: "德胜街道", Month: "2023-07", Value: "1"}, " "); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("empty clerk: %v", err)
	}

	// A closed month refuses edits.
	if err := db.CloseMonth(ctx, 2023, "2023-05", clerk); err != nil {
		t.Fatal(err)
	}
	if _, err := set("pm25", "德胜街道", "2023-05", "30"); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("closed month: %v, want ECONFLICT", err)
	}

	all, err := db.IndicatorActuals(ctx, 2023, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 {
		t.Fatalf("%d values stored after refusals, want 2: %+v", len(all), all)
	}

	// Changing, re-setting the same value, clearing.
	if _, err := set("pm25", "德胜街道", "2023-06", "27"); err != nil {
		t.Fatal(err)
	}
	if a, err := set("pm25", "德胜街道", "2023-06", "27.0"); err != nil || a.Value != 27 || a.Clerk != clerk {
		t.Fatalf("same value again = %+v, %v", a, err)
	}
	if a, err := db.SetIndicatorActual(ctx, 2023, data.IndicatorActualInput{Indicator: "pm25", Area: "德胜街道", Month: "2023-06", Value: "27"}, "赵六"); err != nil || a.Clerk != clerk {
		t.Fatalf("unchanged value reports clerk %q (%v), want the one who stored it", a.Clerk, err)
	}
	if a, err := set("nox_reduction", "西城区", "2023-06", ""); err != nil || a != nil {
		t.Fatalf("clear = %v, %v", a, err)
	}
	if upTo, _ := db.IndicatorActuals(ctx, 2023, "2023-05"); len(upTo) != 0 {
		t.Errorf("values up to May: %+v", upTo)
	}
	all, _ = db.IndicatorActuals(ctx, 2023, "")
	if len(all) != 1 || all[0].Value != 27 {
		t.Errorf("values = %+v, want PM2.5 27 only", all)
	}

	recs, err := db.Audit(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if r.Action == data.ActionIndicator {
			got = append(got, fmt.Sprintf("%s %s %s %s %s→%s", r.Clerk, r.Unit, r.Month, r.Field, r.Old, r.New))
		}
	}
	want := []string{
		clerk + " 西城区 2023-06 nox_reduction 12→",
		clerk + " 德胜街道 2023-06 pm25 28.5→27",
		clerk + " 西城区 2023-06 nox_reduction →12",
		clerk + " 德胜街道 2023-06 pm25 →28.5",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSetIndicatorTarget(t *testing.T) {
	ctx := context.Background()
	db := mustOpenPlan(t)
	tg, err := db.SetIndicatorTarget(ctx, 2023, "2-2", "pm25", "德胜街道办事处", "28", clerk)
	if err != nil {
		t.Fatal(err)
	}
	if tg.Text != "28" || *tg.Value != 28 || tg.Printed != "29" || !tg.Edited || tg.SetBy != clerk {
		t.Errorf("edited target = %+v", tg)
	}
	if _, err := db.SetIndicatorTarget(ctx, 2023, "6", "water_worst_ratio", "西城区", "—", clerk); err != nil {
		t.Fatal(err)
	}
	// Same text again: no change, no audit row.
	if _, err := db.SetIndicatorTarget(ctx, 2023, "2-2", "pm25", "德胜街道", "28", clerk); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		annex, key, area, text, code string
	}{
		{"2-2", "pm25", "德胜街道", "二十八", data.EINVALID},
		{"6", "pm25", "德胜街道", "28", data.ENOTFOUND}, // annex 6 has no streets
		{"2-2", "co2_reduction", "西城区", "12", data.ENOTFOUND},
		{"2-2", "pm10", "西城区", "12", data.ENOTFOUND},
	} {
		if _, err := db.SetIndicatorTarget(ctx, 2023, tc.annex, tc.key, tc.area, tc.text, clerk); data.ErrorCode(err) != tc.code {
			t.Errorf("SetIndicatorTarget(%s %s %s %q) = %v, want %s", tc.annex, tc.key, tc.area, tc.text, err, tc.code)
		}
	}

	targets, err := db.IndicatorTargets(ctx, 2023)
	if err != nil {
		t.Fatal(err)
	}
	edited := 0
	for _, x := range targets {
		if !x.Edited {
			continue
		}
		edited++
		switch x.Annex + " " + x.Indicator + " " + x.Area {
		case "2-2 pm25 德胜街道":
			if x.Text != "28" || *x.Value != 28 {
				t.Errorf("德胜 PM2.5 = %+v", x)
			}
		case "6 water_worst_ratio 西城区":
			if x.Value != nil || x.Printed != "100 (100, 0)" {
				t.Errorf("劣V类 = %+v", x)
			}
		default:
			t.Errorf("unexpected edit %+v", x)
		}
	}
	if edited != 2 || len(targets) != 124 {
		t.Errorf("%d edited of %d targets", edited, len(targets))
	}

	recs, _ := db.Audit(ctx, data.AuditFilter{})
	var got []string
	for _, r := range recs {
		if r.Action == data.ActionTarget {
			got = append(got, fmt.Sprintf("%s %s %s→%s", r.Unit, r.Field, r.Old, r.New))
		}
	}
	want := "西城区 6/water_worst_ratio 0→—\n德胜街道 2-2/pm25 29→28"
	if strings.Join(got, "\n") != want {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// A ledger at schema version 2, seeded and in use before the indicators
// existed, gains them on opening: the targets come from the stored annexes.
func TestIndicatorMigrationUpgradesVersion2(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v2.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plantext.Default()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SeedPlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	db.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"DROP TABLE district_summaries", "ALTER TABLE entries DROP COLUMN evidence_note", "ALTER TABLE audit DROP COLUMN source", "DROP TABLE return_imports", "DROP TABLE indicator_target_edits", "DROP TABLE indicator_actuals", "DROP TABLE measure_links", "PRAGMA user_version = 2"} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	raw.Close()

	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v < 3 {
		t.Errorf("SchemaVersion = %d, %v; want at least 3", v, err)
	}
	targets, err := db.IndicatorTargets(ctx, 2023)
	if err != nil || len(targets) != 124 {
		t.Fatalf("%d targets after upgrade (%v)", len(targets), err)
	}
	if _, err := db.SetIndicatorActual(ctx, 2023, data.IndicatorActualInput{Indicator: "pm25", Area: "西城区", Month: "2023-03", Value: "33"}, clerk); err != nil {
		t.Errorf("SetIndicatorActual after upgrade: %v", err)
	}
}
