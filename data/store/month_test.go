package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"taizhang/data"
)

func TestCloseMonth(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusOnTrack)})
	ev := mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "照片.jpg"}, "巡查照片")

	if err := db.CloseMonth(ctx, y23, june, "王五"); err != nil {
		t.Fatal(err)
	}
	if closed, err := db.MonthClosed(ctx, june); err != nil || !closed {
		t.Errorf("MonthClosed(june) = %v, %v", closed, err)
	}
	if closed, err := db.MonthClosed(ctx, july); err != nil || closed {
		t.Errorf("MonthClosed(july) = %v, %v", closed, err)
	}

	// Every change to the month is refused, and nothing is written.
	before := snapshot(t, db)
	in := data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Status: ptr(data.StatusDone)}
	for name, change := range map[string]func() error{
		"SetEntry": func() error { _, err := db.SetEntry(ctx, y23, in, clerk); return err },
		"SetEntries": func() error {
			return db.SetEntries(ctx, y23, []data.EntryInput{{Unit: uDesheng, MeasureID: "2-1.14.3", Month: july}, in}, clerk)
		},
		"no-op SetEntry": func() error {
			_, err := db.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june}, clerk)
			return err
		},
		"TickEntry":   func() error { _, err := db.TickEntry(ctx, y23, uDesheng, "2-1.14.3", june, true, clerk); return err },
		"UntickEntry": func() error { _, err := db.TickEntry(ctx, y23, uDesheng, "2-1.14.3", june, false, clerk); return err },
		"AddEvidence": func() error {
			_, err := db.AddEvidence(ctx, y23, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "新照片.jpg"},
				strings.NewReader("新内容"), clerk)
			return err
		},
		"RemoveEvidence":         func() error { return db.RemoveEvidence(ctx, ev.ID, clerk) },
		"SetEvidenceDescription": func() error { return db.SetEvidenceDescription(ctx, ev.ID, "改说明", clerk) },
	} {
		err := change()
		wantCode(t, err, data.ECONFLICT)
		if fmt.Sprint(err) != "2023年6月已关账，如需修改请先重新开启该月" {
			t.Errorf("%s: message %q", name, fmt.Sprint(err))
		}
		wantUnchanged(t, db, before)
	}

	// Other months stay open.
	mustSetEntry(t, db, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: july, Status: ptr(data.StatusOnTrack)})

	err := db.CloseMonth(ctx, y23, june, clerk)
	wantCode(t, err, data.ECONFLICT)
	wantMessage(t, err, "2023年6月")
	err = db.ReopenMonth(ctx, y23, july, clerk)
	wantCode(t, err, data.ECONFLICT)
	wantMessage(t, err, "2023年7月")
	wantCode(t, db.CloseMonth(ctx, y23, "2024-06", clerk), data.EINVALID)
	wantCode(t, db.CloseMonth(ctx, y23, july, ""), data.EINVALID)

	if err := db.CloseMonth(ctx, y23, "2023-03", clerk); err != nil {
		t.Fatal(err)
	}
	if ms, err := db.ClosedMonths(ctx, y23); err != nil || !reflect.DeepEqual(ms, []data.Month{"2023-03", june}) {
		t.Errorf("ClosedMonths = %v, %v", ms, err)
	}

	// Reopened, the month takes changes again.
	if err := db.ReopenMonth(ctx, y23, june, "赵六"); err != nil {
		t.Fatal(err)
	}
	if e, err := db.TickEntry(ctx, y23, uDesheng, "2-1.14.3", june, true, clerk); err != nil || e.Status != data.StatusDone {
		t.Errorf("tick after reopening: %+v, %v", e, err)
	}
	if err := db.RemoveEvidence(ctx, ev.ID, clerk); err != nil {
		t.Errorf("remove after reopening: %v", err)
	}

	// Closing and reopening are audited under the month.
	rs := mustAudit(t, db, data.AuditFilter{Month: june})
	var got []string
	for _, r := range rs {
		got = append(got, r.Action+" "+r.Clerk)
	}
	want := []string{"evidence_remove 张三", "entry 张三", "month_reopen 赵六", "month_close 王五", "evidence_add 张三", "entry 张三"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("audit of June, newest first: %v, want %v", got, want)
	}
}
