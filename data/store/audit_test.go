package store

import (
	"context"
	"sort"
	"testing"
	"time"

	"taizhang/data"
)

func TestAudit_FiltersAndOrder(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	// Several changes within the same microsecond must still come back
	// newest first.
	defer func(old func() time.Time) { now = old }(now)
	fixed := time.Date(2023, 6, 30, 16, 30, 0, 0, time.FixedZone("CST", 8*3600))
	now = func() time.Time { return fixed }

	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusOnTrack)})
	mustSetEntry(t, db, data.EntryInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Progress: ptr("a")})
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: july, Progress: ptr("b")})
	if err := db.CloseMonth(ctx, y23, june, clerk); err != nil {
		t.Fatal(err)
	}
	now = func() time.Time { return fixed.Add(time.Hour) }
	if err := db.SetDueOverride(ctx, y23, "2-1.14.3", "2023-08-31", clerk); err != nil {
		t.Fatal(err)
	}

	all := mustAudit(t, db, data.AuditFilter{})
	if len(all) != 5 {
		t.Fatalf("%d records", len(all))
	}
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].ID > all[j].ID }) {
		t.Error("not newest first")
	}
	if all[0].Action != data.ActionDueOverride || all[4].Field != data.FieldStatus {
		t.Errorf("order: first %+v, last %+v", all[0], all[4])
	}
	if want := fixed.UTC(); !all[4].At.Equal(want) || all[4].At.Location() != time.UTC {
		t.Errorf("At = %v, want %v in UTC", all[4].At, want)
	}
	var at string
	if err := db.db.QueryRow("SELECT at FROM audit ORDER BY id LIMIT 1").Scan(&at); err != nil || at != "2023-06-30T08:30:00.000000Z" {
		t.Errorf("stored time %q, %v", at, err)
	}

	for _, tc := range []struct {
		f    data.AuditFilter
		want int
	}{
		{data.AuditFilter{Unit: "德胜街道"}, 2},
		{data.AuditFilter{MeasureID: "2-1.14.3"}, 3}, // two entries and the due date
		{data.AuditFilter{Month: june}, 3},           // two entries and the closing
		{data.AuditFilter{Unit: uDesheng, Month: july}, 1},
		{data.AuditFilter{MeasureID: "1.1.1"}, 0},
	} {
		if got := mustAudit(t, db, tc.f); len(got) != tc.want {
			t.Errorf("Audit(%+v): %d records, want %d", tc.f, len(got), tc.want)
		}
	}
	_, err := db.Audit(ctx, data.AuditFilter{Unit: "区环保局"})
	wantCode(t, err, data.ENOTFOUND)
}
