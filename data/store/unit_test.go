package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"taizhang/data"
)

func TestResolveUnit(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	for _, tc := range []struct{ in, want string }{
		{uSciTech, uSciTech},
		{"区科信局", uSciTech},
		{"  市规自委西城分局 ", uPlanning},
		{"\u3000北京金融街服务局（区金融办）", uFinance},
		{"区金融办", uFinance},
		{data.GroupAllStreets, data.GroupAllStreets},
	} {
		got, err := db.ResolveUnit(ctx, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ResolveUnit(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}

	_, err := db.ResolveUnit(ctx, " 区环保局 ")
	wantCode(t, err, data.ENOTFOUND)
	if !strings.Contains(fmt.Sprint(err), "“区环保局”") {
		t.Errorf("message %q does not name the trimmed input", fmt.Sprint(err))
	}
	_, err = db.ResolveUnit(ctx, "  ")
	wantCode(t, err, data.EINVALID)
}

// counts maps unit name to its [lead, co] counts.
func unitCounts(t *testing.T, db *DB) map[string][2]int {
	t.Helper()
	units, err := db.Units(context.Background(), y23)
	if err != nil {
		t.Fatal(err)
	}
	m := make(map[string][2]int, len(units))
	for _, u := range units {
		m[u.Name] = [2]int{u.Lead, u.Co}
	}
	return m
}

func TestUnits(t *testing.T) {
	db := MustSeedDB(t)
	units, err := db.Units(context.Background(), y23)
	if err != nil {
		t.Fatal(err)
	}
	plan := testPlan()
	if len(units) != len(plan.Units) {
		t.Fatalf("got %d units, want %d", len(units), len(plan.Units))
	}
	for i, u := range units {
		if !reflect.DeepEqual(u.Unit, plan.Units[i]) {
			t.Errorf("unit %d = %+v, want %+v (directory order, aliases, members)", i, u.Unit, plan.Units[i])
		}
	}

	want := map[string][2]int{
		uEnv:       {3, 1}, // 1.1.1, 1.1.2, 1.3.1 via the emergency group; co 1.2.1
		uSciTech:   {1, 0},
		uPlanning:  {0, 1},
		uWater:     {2, 0}, // 2-1.14.1, 1.3.1 via the emergency group
		uTraffic:   {1, 1},
		uFinance:   {0, 0},
		uDesheng:   {3, 3}, // lead 1.2.1 (相关, all), 1.3.1 (group), 2-1.14.3 (lead beats co via 各街道); co 1.1.1, 2-1.14.1, 2-1.14.2
		uXinjiekou: {1, 3}, // lead 1.2.1; co 1.1.1, 2-1.14.1, 2-1.14.3
		uJinrongj:  {1, 3},
		uShichahai: {1, 3},
		uDrainage:  {0, 1},
		// Groups count the measures that name them.
		data.GroupAllStreets:      {0, 2},
		data.GroupRelevantStreets: {1, 1},
		uEmergency:                {1, 0},
	}
	if got := unitCounts(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("counts\n got %v\nwant %v", got, want)
	}
}

func TestUnits_AfterEdits(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	if err := db.SetRelevantStreets(ctx, y23, "1.2.1", []string{"德胜街道", uJinrongj}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetRelevantStreets(ctx, y23, "2-1.14.1", []string{uXinjiekou}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetGroupMembers(ctx, "测试员", uEmergency, []string{"区科信局", uShichahai}); err != nil {
		t.Fatal(err)
	}
	got := unitCounts(t, db)
	for name, want := range map[string][2]int{
		uEnv:       {2, 1}, // no longer in the emergency group
		uSciTech:   {2, 0}, // now in it
		uWater:     {1, 0},
		uDesheng:   {2, 2}, // loses 1.3.1 (group) and 2-1.14.1 (not designated)
		uXinjiekou: {0, 3}, // loses 1.2.1
		uJinrongj:  {1, 2}, // loses 2-1.14.1
		uShichahai: {1, 2}, // loses 1.2.1 and 2-1.14.1, gains 1.3.1
	} {
		if got[name] != want {
			t.Errorf("%s: got %v, want %v", name, got[name], want)
		}
	}
}

func TestSetGroupMembers(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()

	// Aliases resolve, blanks and duplicates drop, order is kept.
	if err := db.SetGroupMembers(ctx, "测试员", " "+uEmergency, []string{"区科信局", "", uWater, uSciTech, " ", "北京排水集团"}); err != nil {
		t.Fatal(err)
	}
	p, err := db.LoadPlan(ctx, y23)
	if err != nil {
		t.Fatal(err)
	}
	got := p.Units[len(p.Units)-1]
	if want := []string{uSciTech, uWater, uDrainage}; got.Name != uEmergency || !reflect.DeepEqual(got.Members, want) {
		t.Errorf("members of %s = %v, want %v", got.Name, got.Members, want)
	}

	// An empty list leaves no members.
	if err := db.SetGroupMembers(ctx, "测试员", uEmergency, nil); err != nil {
		t.Fatal(err)
	}
	if c := unitCounts(t, db); c[uWater] != [2]int{1, 0} {
		t.Errorf("%s after emptying the group: %v, want [1 0]", uWater, c[uWater])
	}

	for _, tc := range []struct {
		name    string
		group   string
		members []string
		code    string
		want    string
	}{
		{"unknown group", "区环保指挥部", nil, data.ENOTFOUND, "区环保指挥部"},
		{"not a group", uEnv, []string{uWater}, data.EINVALID, uEnv},
		{"all streets", data.GroupAllStreets, []string{uDesheng}, data.EINVALID, data.GroupAllStreets},
		{"relevant streets", data.GroupRelevantStreets, []string{uDesheng}, data.EINVALID, data.GroupRelevantStreets},
		{"unknown member", uEmergency, []string{uWater, "区城管委"}, data.EINVALID, "区城管委"},
		{"group member", uEmergency, []string{data.GroupAllStreets}, data.EINVALID, data.GroupAllStreets},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.SetGroupMembers(ctx, "测试员", tc.group, tc.members)
			wantCode(t, err, tc.code)
			if !strings.Contains(fmt.Sprint(err), tc.want) {
				t.Errorf("message %q does not contain %q", fmt.Sprint(err), tc.want)
			}
		})
	}
	// A refused edit changes nothing.
	if c := unitCounts(t, db); c[uWater] != [2]int{1, 0} {
		t.Errorf("%s after refused edits: %v, want [1 0]", uWater, c[uWater])
	}
}

func TestSetRelevantStreets(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()

	if err := db.SetRelevantStreets(ctx, y23, " 1.2.1 ", []string{uShichahai, "德胜街道", "", uDesheng}); err != nil {
		t.Fatal(err)
	}
	row, err := db.Measure(ctx, y23, "1.2.1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{uDesheng, uShichahai}; !reflect.DeepEqual(row.Streets, want) {
		t.Errorf("Streets = %v, want %v (directory order, deduplicated)", row.Streets, want)
	}

	// Empty means all streets again.
	if err := db.SetRelevantStreets(ctx, y23, "1.2.1", nil); err != nil {
		t.Fatal(err)
	}
	if row, err = db.Measure(ctx, y23, "1.2.1"); err != nil || row.Streets != nil {
		t.Errorf("Streets after reset = %v, %v; want nil", row.Streets, err)
	}

	for _, tc := range []struct {
		name    string
		id      string
		streets []string
		code    string
		want    string
	}{
		{"unknown measure", "9.9.9", nil, data.ENOTFOUND, "9.9.9"},
		{"measure without the group", "1.1.1", []string{uDesheng}, data.EINVALID, "1.1.1"},
		{"not a street", "1.2.1", []string{uEnv}, data.EINVALID, uEnv},
		{"unknown street", "1.2.1", []string{"月坛街道"}, data.EINVALID, "月坛街道"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := db.SetRelevantStreets(ctx, y23, tc.id, tc.streets)
			wantCode(t, err, tc.code)
			if !strings.Contains(fmt.Sprint(err), tc.want) {
				t.Errorf("message %q does not contain %q", fmt.Sprint(err), tc.want)
			}
		})
	}
}
