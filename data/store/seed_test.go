package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"taizhang/data"
)

func TestSeedPlan_RoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()

	if has, err := db.HasPlan(ctx); err != nil || has {
		t.Fatalf("HasPlan on a new database = %v, %v; want false", has, err)
	}
	_, err := db.LoadPlan(ctx, y23)
	wantCode(t, err, data.ENOTFOUND)

	want := testPlan()
	if err := db.SeedPlan(ctx, want); err != nil {
		t.Fatal(err)
	}
	if has, err := db.HasPlan(ctx); err != nil || !has {
		t.Fatalf("HasPlan after seeding = %v, %v; want true", has, err)
	}
	got, err := db.LoadPlan(ctx, y23)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadPlan differs from the seeded plan\n got: %+v\nwant: %+v", got, want)
	}
}

func TestSeedPlan_Twice(t *testing.T) {
	db := MustSeedDB(t)
	err := db.SeedPlan(context.Background(), testPlan())
	wantCode(t, err, data.ECONFLICT)
}

// tableCounts returns the number of rows of every plan table.
func tableCounts(t *testing.T, db *DB) map[string]int {
	t.Helper()
	counts := make(map[string]int)
	for _, table := range []string{"plan", "annexes", "sections", "tasks", "measures", "measure_units",
		"units", "unit_aliases", "group_members", "measure_streets", "indicator_tables", "indicator_rows"} {
		var n int
		if err := db.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	return counts
}

func TestSeedPlan_Invalid(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(p *data.Plan)
		want   []string // parts of the message
	}{
		{
			name:   "unknown lead unit",
			change: func(p *data.Plan) { p.Annexes[1].Sections[0].Tasks[0].Measures[1].Lead = []string{"区科信局"} },
			want:   []string{"2-1.14.2", "区科信局", "主责单位"},
		},
		{
			name: "unknown co-unit",
			change: func(p *data.Plan) {
				p.Annexes[0].Sections[0].Tasks[0].Measures[0].Co = append(p.Annexes[0].Sections[0].Tasks[0].Measures[0].Co, "区环保局")
			},
			want: []string{"1.1.1", "区环保局", "协办单位"},
		},
		{
			name:   "duplicate measure ID",
			change: func(p *data.Plan) { p.Annexes[1].Sections[0].Tasks[0].Measures[2].ID = "1.2.1" },
			want:   []string{"1.2.1", "重复"},
		},
		{
			name:   "unit listed twice in a measure",
			change: func(p *data.Plan) { p.Annexes[0].Sections[0].Tasks[0].Measures[1].Lead = []string{uEnv, uEnv} },
			want:   []string{"1.1.2", uEnv},
		},
		{
			name:   "unknown deadline kind",
			change: func(p *data.Plan) { p.Annexes[0].Sections[0].Tasks[1].Measures[0].Deadline.Kind = "" },
			want:   []string{"1.2.1", "长期实施"},
		},
		{
			name:   "alias equal to another unit's name",
			change: func(p *data.Plan) { p.Units[0].Aliases = []string{uWater} },
			want:   []string{uWater},
		},
		{
			name:   "alias of two units",
			change: func(p *data.Plan) { p.Units[0].Aliases = []string{"区科信局"} },
			want:   []string{"区科信局", uEnv, uSciTech},
		},
		{
			name: "unknown group member",
			change: func(p *data.Plan) {
				p.Units[len(p.Units)-1].Members = append(p.Units[len(p.Units)-1].Members, "区城管委")
			},
			want: []string{uEmergency, "区城管委"},
		},
		{
			name:   "group as group member",
			change: func(p *data.Plan) { p.Units[len(p.Units)-1].Members = []string{data.GroupAllStreets} },
			want:   []string{uEmergency, data.GroupAllStreets},
		},
		{
			name:   "duplicate annex",
			change: func(p *data.Plan) { p.Annexes[1].Code = "1" },
			want:   []string{"附件 1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := MustOpenDB(t)
			p := testPlan()
			tc.change(p)
			err := db.SeedPlan(context.Background(), p)
			wantCode(t, err, data.EINVALID)
			for _, w := range tc.want {
				if !strings.Contains(fmt.Sprint(err), w) {
					t.Errorf("message %q does not contain %q", fmt.Sprint(err), w)
				}
			}
			for table, n := range tableCounts(t, db) {
				if n != 0 {
					t.Errorf("table %s has %d rows after a refused seed", table, n)
				}
			}
		})
	}
}

func TestSeedPlan_Nil(t *testing.T) {
	db := MustOpenDB(t)
	wantCode(t, db.SeedPlan(context.Background(), nil), data.EINVALID)
}

func BenchmarkSeedPlan(b *testing.B) {
	ctx := context.Background()
	p := testPlan()
	for b.Loop() {
		b.StopTimer()
		db, err := Open(b.TempDir() + "/taizhang.db")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.SeedPlan(ctx, p); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
}
