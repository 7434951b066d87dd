package app

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// recordImport applies an empty return of unit for month m and then dates
// its import record at (local time), as if it had been imported and
// received then.
func recordImport(t *testing.T, a *App, unit string, m data.Month, file string, at time.Time) {
	t.Helper()
	ctx := context.Background()
	r, err := a.db.ApplyReturn(ctx, 2023, data.ReturnInput{Unit: unit, Month: m, FileName: file, Kind: data.ReturnXLSX,
		Original: strings.NewReader(file)}, "王芳")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", a.DBPath())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	ts := at.UTC().Format("2006-01-02T15:04:05.000000Z")
	if _, err := raw.Exec("UPDATE return_imports SET imported_at = ?, received_at = ? WHERE id = ?", ts, ts, r.ID); err != nil {
		t.Fatal(err)
	}
}

func TestReturnTracker(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	m := data.Month("2023-06")
	recordImport(t, a, "德胜街道", m, "德胜.xlsx", time.Date(2023, 7, 3, 10, 0, 0, 0, time.Local))
	recordImport(t, a, "区水务局", m, "水务局.xlsx", time.Date(2023, 7, 8, 9, 0, 0, 0, time.Local))
	recordImport(t, a, "区水务局", m, "水务局-更正.xlsx", time.Date(2023, 7, 9, 9, 0, 0, 0, time.Local))
	recordImport(t, a, "什刹海街道", data.Month("2023-05"), "什刹海-5月.xlsx", time.Date(2023, 6, 2, 9, 0, 0, 0, time.Local))

	tr, err := a.ReturnTracker(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	units, err := a.Units(ctx, 2023)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, u := range units {
		if u.Kind != data.UnitGroup && u.Lead+u.Co > 0 {
			want++
		}
	}
	if len(tr.Units) != want || want < 40 {
		t.Fatalf("%d units tracked, want %d", len(tr.Units), want)
	}
	state := map[string]TrackedUnit{}
	for _, u := range tr.Units {
		if u.Kind == data.UnitGroup || u.Measures == 0 {
			t.Errorf("tracked %+v", u)
		}
		state[u.Unit] = u
	}
	if d := state["德胜街道"]; d.State != ReturnReceived || d.First.FileName != "德胜.xlsx" || d.Imports != 1 {
		t.Errorf("德胜 %+v", d)
	}
	if w := state["区水务局"]; w.State != ReturnLate || w.Imports != 2 || w.First.FileName != "水务局.xlsx" || w.Last.FileName != "水务局-更正.xlsx" {
		t.Errorf("水务局 %+v", w)
	}
	if s := state["什刹海街道"]; s.State != ReturnMissing || s.First != nil {
		t.Errorf("什刹海 (May's return only) %+v", s)
	}
	if tr.Counts[ReturnReceived] != 1 || tr.Counts[ReturnLate] != 1 || tr.Counts[ReturnMissing] != want-2 || len(tr.Missing()) != want-2 {
		t.Errorf("counts %v, %d missing", tr.Counts, len(tr.Missing()))
	}

	// Due on the 10th: the water bureau's return of the 8th is on time.
	if err := a.SetReturnDueDay(ctx, 10); err != nil {
		t.Fatal(err)
	}
	if err := a.SetReturnDueDay(ctx, 31); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("due day 31: %v", err)
	}
	tr, err = a.ReturnTracker(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if tr.DueDay != 10 || tr.Counts[ReturnReceived] != 2 || tr.Counts[ReturnLate] != 0 {
		t.Errorf("due day %d, counts %v", tr.DueDay, tr.Counts)
	}

	dir := t.TempDir()
	txt := filepath.Join(dir, "催报.txt")
	if err := a.WriteMissingList(ctx, m, txt); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(txt)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != want-2+2 || !strings.Contains(lines[0], "2023年7月10日") || strings.Contains(string(b), "德胜") ||
		!strings.Contains(string(b), "什刹海街道\t街道") {
		t.Errorf("missing list:\n%s", b)
	}
	xl := filepath.Join(dir, "催报.xlsx")
	if err := a.WriteMissingList(ctx, m, xl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(xl)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("催报名单")
	if err != nil || len(rows) != want-2+2 || rows[1][0] != "单位" {
		t.Errorf("xlsx rows %d (%v): %v", len(rows), err, rows[:2])
	}
}
