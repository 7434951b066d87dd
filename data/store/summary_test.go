package store

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"taizhang/data"
)

func TestDistrictSummary(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	in := data.DistrictSummaryInput{MeasureID: " 2-1.14.3 ", Month: june, Progress: ptr("各街道完成巡查。\n德胜街道滞后。")}
	s, err := db.SetDistrictSummary(ctx, y23, in, clerk)
	if err != nil {
		t.Fatal(err)
	}
	if s.MeasureID != "2-1.14.3" || s.Progress != *in.Progress || s.Clerk != clerk || s.UpdatedAt.IsZero() {
		t.Fatalf("summary %+v", s)
	}
	// A second field leaves the first as it is; repeating a text writes
	// nothing.
	if _, err := db.SetDistrictSummary(ctx, y23, data.DistrictSummaryInput{MeasureID: "2-1.14.3", Month: june, Problems: ptr("资金不足")}, "李四"); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, db)
	if _, err := db.SetDistrictSummary(ctx, y23, data.DistrictSummaryInput{MeasureID: "2-1.14.3", Month: june, Problems: ptr("资金不足")}, clerk); err != nil {
		t.Fatal(err)
	}
	wantUnchanged(t, db, before)
	got, err := db.DistrictSummaries(ctx, june)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Progress != *in.Progress || got[0].Problems != "资金不足" || got[0].NextSteps != "" || got[0].Clerk != "李四" {
		t.Fatalf("summaries %+v", got)
	}
	if other, err := db.DistrictSummaries(ctx, july); err != nil || len(other) != 0 {
		t.Fatalf("july %+v, %v", other, err)
	}
	audit, err := db.Audit(ctx, data.AuditFilter{MeasureID: "2-1.14.3"})
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, a := range audit {
		if a.Action == data.ActionDistrictSummary {
			fields = append(fields, a.Clerk+":"+a.Field+":"+a.Old+"→"+a.New)
		}
	}
	slices.Sort(fields)
	if want := []string{"张三:progress:→" + *in.Progress, "李四:problems:→资金不足"}; strings.Join(fields, "|") != strings.Join(want, "|") {
		t.Fatalf("audit %q, want %q", fields, want)
	}

	// Refused, writing nothing.
	before = snapshot(t, db)
	for _, c := range []struct {
		in    data.DistrictSummaryInput
		clerk string
		code  string
	}{
		{data.DistrictSummaryInput{MeasureID: "9.9.9", Month: june, Progress: ptr("x")}, clerk, data.ENOTFOUND},
		{data.DistrictSummaryInput{MeasureID: "2-1.14.3", Month: "2024-01", Progress: ptr("x")}, clerk, data.EINVALID},
		{data.DistrictSummaryInput{MeasureID: "2-1.14.3", Month: june, Progress: ptr("x")}, " ", data.EINVALID},
		{data.DistrictSummaryInput{MeasureID: "2-1.14.3", Month: june, NextSteps: ptr(strings.Repeat("长", data.MaxText+1))}, clerk, data.EINVALID},
	} {
		_, err := db.SetDistrictSummary(ctx, y23, c.in, c.clerk)
		wantCode(t, err, c.code)
	}
	wantUnchanged(t, db, before)
	if err := db.CloseMonth(ctx, y23, june, clerk); err != nil {
		t.Fatal(err)
	}
	before = snapshot(t, db)
	_, err = db.SetDistrictSummary(ctx, y23, data.DistrictSummaryInput{MeasureID: "2-1.14.3", Month: june, Progress: ptr("改")}, clerk)
	wantCode(t, err, data.ECONFLICT)
	wantMessage(t, err, "已关账")
	wantUnchanged(t, db, before)

	// The backup carries the summaries: they are in the one file.
	dest := filepath.Join(t.TempDir(), "backup.db")
	if _, err := db.Backup(ctx, dest, nil); err != nil {
		t.Fatal(err)
	}
	b, err := Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got, err := b.DistrictSummaries(ctx, june); err != nil || len(got) != 1 || got[0].Problems != "资金不足" {
		t.Fatalf("backup's summaries %+v, %v", got, err)
	}
}
