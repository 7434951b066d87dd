package app

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"taizhang/data"
	"taizhang/reports"
)

// ReturnState is where a unit's return for a month stands in the tracker.
type ReturnState string

// The states of the tracker (催报).
const (
	ReturnReceived ReturnState = "已报送"  // imported by the due day
	ReturnLate     ReturnState = "逾期报送" // first imported after the due day
	ReturnMissing  ReturnState = "未报送"  // not imported yet
)

// TrackedUnit is one unit's line in the tracker.
type TrackedUnit struct {
	Unit     string
	Kind     data.UnitKind
	Measures int // measures the unit leads or co-operates on
	State    ReturnState
	// First is the month's first import of the unit's return, whose
	// received date (the import time unless set) decides whether it came
	// on time; Last is the newest (the same when there is
	// one); both nil when the return is missing.
	First, Last *data.ReturnImport
	Imports     int // how many times a return was imported for the month
}

// ReturnTracker is the submission tracker (催报) of a month: every unit
// that is not a group and has measures, in directory order.
type ReturnTracker struct {
	Month  data.Month
	DueDay int       // day of the next month the returns are due
	Due    time.Time // the end of that day, local time
	Units  []TrackedUnit
	Counts map[ReturnState]int
}

// Missing lists the units whose return has not been received.
func (t *ReturnTracker) Missing() []TrackedUnit {
	var out []TrackedUnit
	for _, u := range t.Units {
		if u.State == ReturnMissing {
			out = append(out, u)
		}
	}
	return out
}

// ReturnTracker builds the month's submission tracker. A unit's return is
// received when an import was recorded for it, late when the first import
// came after the due day.
func (a *App) ReturnTracker(ctx context.Context, m data.Month) (*ReturnTracker, error) {
	year, err := a.checkMonth(m)
	if err != nil {
		return nil, err
	}
	day, err := a.db.ReturnDueDay(ctx)
	if err != nil {
		return nil, err
	}
	due, err := data.ReturnDue(m, day)
	if err != nil {
		return nil, err
	}
	units, err := a.ReturnUnits(ctx, year)
	if err != nil {
		return nil, err
	}
	imports, err := a.db.ReturnImports(ctx, data.ReturnImportFilter{Month: m})
	if err != nil {
		return nil, err
	}
	byUnit := map[string][]data.ReturnImport{}
	for _, r := range imports {
		byUnit[r.Unit] = append(byUnit[r.Unit], r)
	}
	t := &ReturnTracker{Month: m, DueDay: day, Due: due, Counts: map[ReturnState]int{}}
	for _, u := range units {
		tu := TrackedUnit{Unit: u.Name, Kind: u.Kind, Measures: u.Lead + u.Co, State: ReturnMissing}
		if rs := byUnit[u.Name]; len(rs) > 0 {
			first, last := rs[0], rs[len(rs)-1]
			tu.First, tu.Last, tu.Imports = &first, &last, len(rs)
			tu.State = ReturnReceived
			if first.ReceivedAt.After(due) {
				tu.State = ReturnLate
			}
		}
		t.Counts[tu.State]++
		t.Units = append(t.Units, tu)
	}
	return t, nil
}

// ReturnDueDay is the day of the next month by which returns are due
// (default 5).
func (a *App) ReturnDueDay(ctx context.Context) (int, error) { return a.db.ReturnDueDay(ctx) }

// SetReturnDueDay changes the due day (1–28); EINVALID otherwise.
func (a *App) SetReturnDueDay(ctx context.Context, day int) error {
	return a.db.SetReturnDueDay(ctx, day)
}

// MissingList is the reminder list of a month as rows for display or
// export: 单位, 类别, 措施数.
func (t *ReturnTracker) MissingList() (title string, header []string, rows [][]string) {
	title = fmt.Sprintf("%s回执表未报送单位（截止 %s）", t.Month.Label(), t.Due.Add(-time.Second).Format("2006年1月2日"))
	header = []string{"单位", "类别", "措施数"}
	for _, u := range t.Missing() {
		rows = append(rows, []string{u.Unit, u.Kind.Label(), strconv.Itoa(u.Measures)})
	}
	return title, header, rows
}

// WriteMissingList writes the month's reminder list to path: an Excel
// workbook for a .xlsx path, else plain text (a title line, then one
// tab-separated line per unit).
func (a *App) WriteMissingList(ctx context.Context, m data.Month, path string) error {
	t, err := a.ReturnTracker(ctx, m)
	if err != nil {
		return err
	}
	title, header, rows := t.MissingList()
	var b []byte
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		if b, err = reports.ReminderXLSX(title, header, rows); err != nil {
			return err
		}
	} else {
		var s strings.Builder
		s.WriteString(title + "\n" + strings.Join(header, "\t") + "\n")
		for _, r := range rows {
			s.WriteString(strings.Join(r, "\t") + "\n")
		}
		b = []byte(s.String())
	}
	return writeFile(path, b)
}
