package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"taizhang/data"
)

// ids returns "id:role" for each row.
func ids(rows []data.MeasureRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Measure.ID
		if r.Role != "" {
			out[i] += ":" + r.Role
		}
	}
	return out
}

func find(t *testing.T, db *DB, f data.MeasureFilter) []string {
	t.Helper()
	rows, err := db.FindMeasures(context.Background(), f)
	if err != nil {
		t.Fatalf("FindMeasures(%+v): %v", f, err)
	}
	return ids(rows)
}

func TestFindMeasures(t *testing.T) {
	db := MustSeedDB(t)
	for _, tc := range []struct {
		name string
		f    data.MeasureFilter
		want []string
	}{
		{"all", data.MeasureFilter{Year: y23}, []string{"1.1.1", "1.1.2", "1.2.1", "1.3.1", "2-1.14.1", "2-1.14.2", "2-1.14.3"}},
		{"unit directly", data.MeasureFilter{Year: y23, Unit: uTraffic}, []string{"1.1.1:lead", "1.1.2:co"}},
		{"unit by alias", data.MeasureFilter{Year: y23, Unit: " 区科信局 "}, []string{"2-1.14.2:lead"}},
		{"street through both street groups", data.MeasureFilter{Year: y23, Unit: "新街口街道"},
			[]string{"1.1.1:co", "1.2.1:lead", "2-1.14.1:co", "2-1.14.3:co"}},
		{"lead beats co, group member", data.MeasureFilter{Year: y23, Unit: uDesheng},
			[]string{"1.1.1:co", "1.2.1:lead", "1.3.1:lead", "2-1.14.1:co", "2-1.14.2:co", "2-1.14.3:lead"}},
		{"through an editable group", data.MeasureFilter{Year: y23, Unit: uWater}, []string{"1.3.1:lead", "2-1.14.1:lead"}},
		{"a group itself", data.MeasureFilter{Year: y23, Unit: data.GroupAllStreets}, []string{"1.1.1:co", "2-1.14.3:co"}},
		{"enterprise", data.MeasureFilter{Year: y23, Unit: "北京排水集团"}, []string{"2-1.14.1:co"}},
		{"unit without measures", data.MeasureFilter{Year: y23, Unit: uFinance}, []string{}},
		{"deadline kind", data.MeasureFilter{Year: y23, DeadlineKind: data.DeadlineOngoing}, []string{"1.2.1", "2-1.14.3"}},
		{"deadline window", data.MeasureFilter{Year: y23, DeadlineKind: data.DeadlineWindow}, []string{"2-1.14.1"}},
		{"text, case-insensitive", data.MeasureFilter{Year: y23, Text: "pm2.5"}, []string{"1.1.1"}},
		{"text, task name and measure text", data.MeasureFilter{Year: y23, Text: "排水管网  改造"}, []string{"2-1.14.1"}},
		{"text, every word must match", data.MeasureFilter{Year: y23, Text: "柴油车 扬尘"}, []string{}},
		{"text, words across paragraphs", data.MeasureFilter{Year: y23, Text: "路检路查\u3000联合执法"}, []string{"1.1.2"}},
		{"text, a measure ID", data.MeasureFilter{Year: y23, Text: " 2-1.14.2 "}, []string{"2-1.14.2"}},
		{"text, a task's ID as prefix", data.MeasureFilter{Year: y23, Text: "2-1.14"}, []string{"2-1.14.1", "2-1.14.2", "2-1.14.3"}},
		{"text, an annex's code as prefix", data.MeasureFilter{Year: y23, Text: "1."}, []string{"1.1.1", "1.1.2", "1.2.1", "1.3.1"}},
		{"text, an ID prefix ends at a dot", data.MeasureFilter{Year: y23, Text: "2-1.1"}, []string{}},
		{"text, an ID and a word", data.MeasureFilter{Year: y23, Text: "1.1 路检路查"}, []string{"1.1.2"}},
		{"text, a unit name", data.MeasureFilter{Year: y23, Text: uWater}, []string{"1.3.1", "2-1.14.1"}},
		{"text, a unit alias", data.MeasureFilter{Year: y23, Text: "区科信局"}, []string{"2-1.14.2"}},
		{"text, a unit and a word", data.MeasureFilter{Year: y23, Text: "排水管网 " + uWater}, []string{"2-1.14.1"}},
		{"text, a unit within the unit filter", data.MeasureFilter{Year: y23, Unit: uDesheng, Text: "区科信局"}, []string{"2-1.14.2:co"}},
		{"annex", data.MeasureFilter{Year: y23, Annex: "2-1"}, []string{"2-1.14.1", "2-1.14.2", "2-1.14.3"}},
		{"annex with no match", data.MeasureFilter{Year: y23, Annex: "2-1", DeadlineKind: data.DeadlineMonthEnd}, []string{}},
		{"combined", data.MeasureFilter{Year: y23, Unit: "德胜街道", Annex: "2-1", DeadlineKind: data.DeadlineOngoing}, []string{"2-1.14.3:lead"}},
		{"combined with text", data.MeasureFilter{Year: y23, Unit: uEnv, Text: "重型柴油车"}, []string{"1.1.1:lead", "1.1.2:lead"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := find(t, db, tc.f); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestFindMeasures_RelevantStreets(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()

	// No designation: 相关街道办事处 means every street.
	if got, want := find(t, db, data.MeasureFilter{Year: y23, Unit: uShichahai}), []string{"1.1.1:co", "1.2.1:lead", "2-1.14.1:co", "2-1.14.3:co"}; !reflect.DeepEqual(got, want) {
		t.Errorf("before designation: got %v, want %v", got, want)
	}
	if err := db.SetRelevantStreets(ctx, y23, "1.2.1", []string{uDesheng}); err != nil {
		t.Fatal(err)
	}
	if got, want := find(t, db, data.MeasureFilter{Year: y23, Unit: uShichahai}), []string{"1.1.1:co", "2-1.14.1:co", "2-1.14.3:co"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after designating 德胜 for 1.2.1, 什刹海: got %v, want %v", got, want)
	}
	if got, want := find(t, db, data.MeasureFilter{Year: y23, Unit: uDesheng, DeadlineKind: data.DeadlineOngoing}), []string{"1.2.1:lead", "2-1.14.3:lead"}; !reflect.DeepEqual(got, want) {
		t.Errorf("after designating 德胜 for 1.2.1, 德胜: got %v, want %v", got, want)
	}
	// The group itself still names the measure.
	if got, want := find(t, db, data.MeasureFilter{Year: y23, Unit: data.GroupRelevantStreets}), []string{"1.2.1:lead", "2-1.14.1:co"}; !reflect.DeepEqual(got, want) {
		t.Errorf("相关街道办事处: got %v, want %v", got, want)
	}
}

func TestFindMeasures_EditedGroup(t *testing.T) {
	db := MustSeedDB(t)
	if err := db.SetGroupMembers(context.Background(), "测试员", uEmergency, []string{uSciTech, uXinjiekou}); err != nil {
		t.Fatal(err)
	}
	for unit, want := range map[string][]string{
		uWater:     {"2-1.14.1:lead"},
		uSciTech:   {"1.3.1:lead", "2-1.14.2:lead"},
		uXinjiekou: {"1.1.1:co", "1.2.1:lead", "1.3.1:lead", "2-1.14.1:co", "2-1.14.3:co"},
	} {
		if got := find(t, db, data.MeasureFilter{Year: y23, Unit: unit}); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %v, want %v", unit, got, want)
		}
	}
}

func TestFindMeasures_Errors(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()

	_, err := db.FindMeasures(ctx, data.MeasureFilter{Year: y23, Unit: "区环保局"})
	wantCode(t, err, data.ENOTFOUND)
	if !strings.Contains(fmt.Sprint(err), "区环保局") {
		t.Errorf("message %q does not name the unit", fmt.Sprint(err))
	}
	_, err = db.FindMeasures(ctx, data.MeasureFilter{Year: y23, Annex: "9"})
	wantCode(t, err, data.ENOTFOUND)
	_, err = db.FindMeasures(ctx, data.MeasureFilter{Year: y23, DeadlineKind: "someday"})
	wantCode(t, err, data.EINVALID)
}

func TestFindMeasures_RowContents(t *testing.T) {
	db := MustSeedDB(t)
	rows, err := db.FindMeasures(context.Background(), data.MeasureFilter{Year: y23, Unit: "区科信局"})
	if err != nil {
		t.Fatal(err)
	}
	want := data.MeasureRow{
		AnnexCode:    "2-1",
		AnnexTitle:   "西城区2023年水污染防治工作措施",
		SectionNo:    "一",
		SectionTitle: "水环境治理",
		TaskNo:       "14",
		TaskName:     "推进排水管网建设",
		Measure:      measureOf(t, testPlan(), "2-1.14.2"),
		Role:         data.RoleLead,
	}
	if len(rows) != 1 || !reflect.DeepEqual(rows[0], want) {
		t.Errorf("got %+v\nwant [%+v]", rows, want)
	}
}

func TestMeasure(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	plan := testPlan()

	got, err := db.Measure(ctx, y23, "1.1.1")
	if err != nil {
		t.Fatal(err)
	}
	want := data.MeasureRow{
		AnnexCode:    "1",
		AnnexTitle:   "西城区2023年大气污染防治工作措施",
		SectionNo:    "一",
		SectionTitle: "移动源污染治理",
		TaskNo:       "1",
		TaskName:     "加强机动车排放监管",
		Measure:      measureOf(t, plan, "1.1.1"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// Lead units keep their printed order, not alphabetical or directory order.
	if want := []string{uTraffic, uEnv}; !reflect.DeepEqual(got.Measure.Lead, want) {
		t.Errorf("Lead = %v, want %v", got.Measure.Lead, want)
	}

	// Every measure comes back as seeded.
	for _, id := range []string{"1.1.2", "1.2.1", "1.3.1", "2-1.14.1", "2-1.14.2", "2-1.14.3"} {
		got, err := db.Measure(ctx, y23, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := measureOf(t, plan, id); !reflect.DeepEqual(got.Measure, want) {
			t.Errorf("Measure(%s) = %+v, want %+v", id, got.Measure, want)
		}
	}

	_, err = db.Measure(ctx, y23, "2-1.14.9")
	wantCode(t, err, data.ENOTFOUND)
	if !strings.Contains(fmt.Sprint(err), "2-1.14.9") {
		t.Errorf("message %q does not name the ID", fmt.Sprint(err))
	}
}

func BenchmarkFindMeasures(b *testing.B) {
	db := MustSeedDB(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := db.FindMeasures(ctx, data.MeasureFilter{Year: y23, Unit: "德胜街道", Text: "巡查"}); err != nil {
			b.Fatal(err)
		}
	}
}
