package store

import (
	"context"
	"reflect"
	"testing"

	"taizhang/data"
)

func TestSetDueOverride(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	if got, err := db.DueOverrides(ctx, y23); err != nil || len(got) != 0 {
		t.Errorf("DueOverrides on a new database: %v, %v", got, err)
	}
	if err := db.SetDueOverride(ctx, y23, " 1.3.1 ", " 2023-10-31 ", clerk); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDueOverride(ctx, y23, "1.1.2", "2023-07-31", clerk); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDueOverride(ctx, y23, "1.3.1", "2023-11-15", "李四"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.DueOverrides(ctx, y23); err != nil || !reflect.DeepEqual(got, map[string]string{"1.3.1": "2023-11-15", "1.1.2": "2023-07-31"}) {
		t.Errorf("DueOverrides = %v, %v", got, err)
	}

	// Closed months do not stop a due-date change.
	if err := db.CloseMonth(ctx, y23, june, clerk); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDueOverride(ctx, y23, "1.1.2", "", clerk); err != nil {
		t.Fatal(err)
	}
	if got, err := db.DueOverrides(ctx, y23); err != nil || !reflect.DeepEqual(got, map[string]string{"1.3.1": "2023-11-15"}) {
		t.Errorf("after clearing: %v, %v", got, err)
	}
	rs := mustAudit(t, db, data.AuditFilter{MeasureID: "1.3.1"})
	if got, want := fields(rs), []string{"due:→2023-10-31", "due:2023-10-31→2023-11-15"}; !reflect.DeepEqual(got, want) {
		t.Errorf("audit %v, want %v", got, want)
	}
	if rs[0].Action != data.ActionDueOverride || rs[0].Clerk != "李四" || rs[0].Unit != "" || rs[0].Month != "" {
		t.Errorf("audit record %+v", rs[0])
	}
	if got := fields(mustAudit(t, db, data.AuditFilter{MeasureID: "1.1.2"})); !reflect.DeepEqual(got, []string{"due:→2023-07-31", "due:2023-07-31→"}) {
		t.Errorf("audit of 1.1.2: %v", got)
	}

	before := snapshot(t, db)
	if err := db.SetDueOverride(ctx, y23, "1.3.1", "2023-11-15", clerk); err != nil { // unchanged: nothing written
		t.Error(err)
	}
	if err := db.SetDueOverride(ctx, y23, "1.1.1", "", clerk); err != nil { // nothing to clear
		t.Error(err)
	}
	for _, bad := range []string{"2023-6-30", "2023-02-30", "2023/06/30", "明天", "2023-06-30T00:00"} {
		err := db.SetDueOverride(ctx, y23, "1.3.1", bad, clerk)
		wantCode(t, err, data.EINVALID)
		wantMessage(t, err, "1.3.1", bad)
	}
	err := db.SetDueOverride(ctx, y23, "9.9", "2023-06-30", clerk)
	wantCode(t, err, data.ENOTFOUND)
	wantMessage(t, err, "9.9")
	wantCode(t, db.SetDueOverride(ctx, y23, "1.3.1", "2023-06-30", " "), data.EINVALID)
	wantUnchanged(t, db, before)
}
