package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"taizhang/data"
)

func sha(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

// desheng is a return of 德胜街道办事处 for June touching what the test
// plan lets it report: two entries and one evidence file. (The test plan
// has no indicator the streets report; the app tests import indicator
// values against the real plan.)
func desheng(original string) data.ReturnInput {
	return data.ReturnInput{
		Unit: "德胜街道", Month: june, FileName: "德胜街道-2023年06月.xlsx", Kind: data.ReturnXLSX,
		Original: strings.NewReader(original),
		Entries: []data.EntryInput{
			{Unit: "德胜街道", MeasureID: "2-1.14.3", Month: june, Status: ptr(data.Status("推进中")), Progress: ptr("巡查 12 次")},
			{Unit: "德胜街道", MeasureID: "2-1.14.2", Month: june, Status: ptr(data.StatusNotStarted)},
		},
		Evidence: []data.ReturnEvidence{{MeasureID: "2-1.14.3", Name: "巡查.jpg", MIME: "image/jpeg",
			SHA256: sha("jpeg bytes"), Content: strings.NewReader("jpeg bytes")}},
		Unchanged: 3, Guessed: 1,
	}
}

func TestApplyReturn(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	got, err := db.ApplyReturn(ctx, y23, desheng("xlsx bytes"), clerk)
	if err != nil {
		t.Fatal(err)
	}
	if got.Unit != uDesheng || got.Month != june || got.Changed != 2 || got.Unchanged != 3 || got.Guessed != 1 ||
		got.Indicators != 0 || got.Evidence != 1 || got.SHA256 != sha("xlsx bytes") || got.Size != 10 || got.Clerk != clerk {
		t.Errorf("import record %+v", got)
	}
	es := mustEntries(t, db, data.EntryFilter{Unit: uDesheng, Month: june})
	if len(es) != 2 || es[0].MeasureID != "2-1.14.2" || es[0].Status != data.StatusNotStarted ||
		es[1].Status != data.StatusOnTrack || es[1].Progress != "巡查 12 次" {
		t.Errorf("entries %+v", es)
	}
	ev, err := db.ListEvidence(ctx, data.EvidenceFilter{Unit: uDesheng})
	if err != nil || len(ev) != 1 || ev[0].SHA256 != sha("jpeg bytes") || ev[0].MeasureID != "2-1.14.3" {
		t.Errorf("evidence %+v, %v", ev, err)
	}
	var kept strings.Builder
	if _, err := db.WriteBlob(ctx, got.SHA256, &kept); err != nil || kept.String() != "xlsx bytes" {
		t.Errorf("kept original %q, %v", kept.String(), err)
	}
	audit := mustAudit(t, db, data.AuditFilter{Unit: uDesheng})
	if len(audit) == 0 || audit[0].Action != data.ActionReturnImport || audit[0].New != "德胜街道-2023年06月.xlsx ("+sha("xlsx bytes")+")" {
		t.Errorf("newest audit record %+v", audit[0])
	}

	// The same package again: the entries, value and file are there already.
	again, err := db.ApplyReturn(ctx, y23, desheng("xlsx bytes"), clerk)
	if err != nil {
		t.Fatal(err)
	}
	if again.Changed != 0 || again.Indicators != 0 || again.Evidence != 0 {
		t.Errorf("second import changed something: %+v", again)
	}
	list, err := db.ReturnImports(ctx, data.ReturnImportFilter{Unit: "德胜街道", Month: june})
	if err != nil || len(list) != 2 || list[0].ID != got.ID || list[1].ID != again.ID {
		t.Errorf("import records %+v, %v", list, err)
	}
	bySHA, err := db.ReturnImports(ctx, data.ReturnImportFilter{SHA256: strings.ToUpper(got.SHA256)})
	if err != nil || len(bySHA) != 2 {
		t.Errorf("by SHA-256: %+v, %v", bySHA, err)
	}
}

func TestApplyReturn_RefusedWritesNothing(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusLate)})
	cases := []struct {
		name   string
		change func(*data.ReturnInput)
		code   string
		msg    string
	}{
		{"measure of another unit", func(in *data.ReturnInput) {
			in.Entries = append(in.Entries, data.EntryInput{Unit: uDesheng, MeasureID: "1.1.2", Month: june, Status: ptr(data.StatusDone)})
		}, data.EINVALID, "1.1.2"},
		{"bad status last", func(in *data.ReturnInput) {
			in.Entries = append(in.Entries, data.EntryInput{Unit: uDesheng, MeasureID: "1.1.1", Month: june, Status: ptr(data.Status("差不多"))})
		}, data.EINVALID, "差不多"},
		{"entry of another month", func(in *data.ReturnInput) { in.Entries[0].Month = july }, data.EINVALID, "不属于"},
		{"entry of another unit", func(in *data.ReturnInput) { in.Entries[0].Unit = uXinjiekou }, data.EINVALID, "不属于"},
		{"indicator the annexes do not list", func(in *data.ReturnInput) {
			in.Indicators = []data.IndicatorActualInput{{Indicator: "pm25", Area: uDesheng, Month: june, Value: "30"}}
		}, data.ENOTFOUND, "PM2.5"},
		{"group", func(in *data.ReturnInput) { in.Unit = data.GroupAllStreets; in.Entries = nil }, data.EINVALID, "单位组"},
		{"no file name", func(in *data.ReturnInput) { in.FileName = " " }, data.EINVALID, "文件名"},
		{"outside the plan year", func(in *data.ReturnInput) { in.Month = "2024-01"; in.Entries = nil }, data.EINVALID, "2024-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := snapshot(t, db)
			in := desheng("xlsx " + c.name)
			c.change(&in)
			_, err := db.ApplyReturn(ctx, y23, in, clerk)
			wantCode(t, err, c.code)
			wantMessage(t, err, c.msg)
			wantUnchanged(t, db, before)
		})
	}

	t.Run("closed month", func(t *testing.T) {
		if err := db.CloseMonth(ctx, y23, june, clerk); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, db)
		in := desheng("xlsx")
		in.Entries, in.Indicators, in.Evidence = nil, nil, nil
		_, err := db.ApplyReturn(ctx, y23, in, clerk)
		wantCode(t, err, data.ECONFLICT)
		wantMessage(t, err, "已关账")
		wantUnchanged(t, db, before)
	})
}

func TestReturnDueDay(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	if d, err := db.ReturnDueDay(ctx); err != nil || d != data.DefaultReturnDueDay {
		t.Errorf("default due day %d, %v", d, err)
	}
	for _, bad := range []int{0, 29, -1} {
		wantCode(t, db.SetReturnDueDay(ctx, bad), data.EINVALID)
	}
	if err := db.SetReturnDueDay(ctx, 10); err != nil {
		t.Fatal(err)
	}
	if d, err := db.ReturnDueDay(ctx); err != nil || d != 10 {
		t.Errorf("due day %d, %v", d, err)
	}
	due, err := data.ReturnDue("2023-12", 5)
	want := time.Date(2024, 1, 6, 0, 0, 0, 0, time.Local)
	if err != nil || !due.Equal(want) {
		t.Errorf("ReturnDue(2023-12, 5) = %v, %v; want %v", due, err, want)
	}
}
