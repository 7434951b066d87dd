package app

import (
	"context"
	"fmt"
	"os/user"
	"slices"
	"strconv"
	"strings"

	"taizhang/data"
)

// Settings keys.
const (
	SettingClerk  = "clerk"   // the clerk's name, recorded in the audit log
	SettingMyUnit = "my_unit" // the clerk's unit, or DistrictCoordinator
)

// DistrictCoordinator is the "my unit" value of the district coordinator,
// who holds the whole plan and may act for any unit.
const DistrictCoordinator = "district"

// UnitEntry is one unit's entry on a measure; Entry is nil when the unit has
// written nothing for the month.
type UnitEntry struct {
	Unit  string
	Entry *data.Entry
}

// Status is the unit's reported status, 未报送 when it reported none.
func (u UnitEntry) Status() data.Status {
	if u.Entry == nil || u.Entry.Status == "" {
		return data.StatusNotReported
	}
	return u.Entry.Status
}

// MeasureProgress is a measure's state in a month.
type MeasureProgress struct {
	data.MeasureRow
	Due           string      // effective due date: the clerk's override, else the parsed one
	DueOverridden bool        // the clerk set Due
	District      data.Status // the district status from the lead units' entries
	Overdue       bool        // due before the month's end and not 已完成
	DueThisMonth  bool        // due within the month
	Lead          []UnitEntry // lead units after group expansion, in printed order
	Co            []UnitEntry // co-units after group expansion, without the lead units
	Own           *UnitEntry  // in a unit's view: that unit's entry
	Evidence      []data.Evidence
}

// Status is what the view shows for the measure: the unit's own status in a
// unit's view, else the district status.
func (m MeasureProgress) Status() data.Status {
	if m.Own != nil {
		return m.Own.Status()
	}
	return m.District
}

// ProgressView is a month of progress for the measures that pass a filter:
// the district's view, or one unit's (the filter names a unit, or its search
// text does).
type ProgressView struct {
	Month      data.Month
	Unit       string // canonical unit of a unit's view, "" for the district
	SearchUnit bool   // Unit came from a unit's name in the search text
	Closed     bool
	Measures   []MeasureProgress
	Counts     map[data.Status]int // how many measures show each status
}

// Progress computes the month's progress for the measures that pass f.
// Without f.Unit, the first word of f.Text that names a unit makes the view
// that unit's, as f.Unit would (SearchUnit says so). Overdue and
// due-this-month are computed as of the month's end.
//
// The month implies the plan year; f.Year, if set, must agree (EINVALID).
func (a *App) Progress(ctx context.Context, m data.Month, f data.MeasureFilter) (*ProgressView, error) {
	year, err := a.checkMonthIn(f.Year, m)
	if err != nil {
		return nil, err
	}
	f.Year = year
	v := &ProgressView{Month: m, Counts: map[data.Status]int{}}
	if f.Unit == "" {
		for _, w := range strings.Fields(f.Text) {
			u, err := a.db.ResolveUnit(ctx, w)
			if err == nil {
				f.Unit, v.SearchUnit = u, true
				break
			}
			if data.ErrorCode(err) != data.ENOTFOUND {
				return nil, err
			}
		}
	}
	if f.Unit != "" {
		u, err := a.db.ResolveUnit(ctx, f.Unit)
		if err != nil {
			return nil, err
		}
		v.Unit, f.Unit = u, u
	}
	rows, err := a.db.FindMeasures(ctx, f)
	if err != nil {
		return nil, err
	}
	dir, err := a.directory(ctx, year)
	if err != nil {
		return nil, err
	}
	entries, err := a.db.Entries(ctx, data.EntryFilter{Month: m})
	if err != nil {
		return nil, err
	}
	byKey := map[[2]string]*data.Entry{}
	for i := range entries {
		e := &entries[i]
		byKey[[2]string{e.Unit, e.MeasureID}] = e
	}
	evidence, err := a.db.ListEvidence(ctx, data.EvidenceFilter{Month: m, Unit: v.Unit})
	if err != nil {
		return nil, err
	}
	evByMeasure := map[string][]data.Evidence{}
	for _, e := range evidence {
		evByMeasure[e.MeasureID] = append(evByMeasure[e.MeasureID], e)
	}
	overrides, err := a.db.DueOverrides(ctx, year)
	if err != nil {
		return nil, err
	}
	if v.Closed, err = a.db.MonthClosed(ctx, m); err != nil {
		return nil, err
	}
	for _, r := range rows {
		mp := MeasureProgress{MeasureRow: r, Due: r.Measure.Deadline.Due, Evidence: evByMeasure[r.Measure.ID]}
		if d, ok := overrides[r.Measure.ID]; ok {
			mp.Due, mp.DueOverridden = d, true
		}
		leads := dir.expand(r.Measure.Lead, r.Streets, nil)
		cos := dir.expand(r.Measure.Co, r.Streets, leads)
		reported := map[string]data.Status{}
		for _, u := range leads {
			e := byKey[[2]string{u, r.Measure.ID}]
			mp.Lead = append(mp.Lead, UnitEntry{Unit: u, Entry: e})
			if e != nil && e.Status != "" {
				reported[u] = e.Status
			}
		}
		for _, u := range cos {
			mp.Co = append(mp.Co, UnitEntry{Unit: u, Entry: byKey[[2]string{u, r.Measure.ID}]})
		}
		mp.District = data.DistrictStatus(leads, reported, mp.Due, m)
		mp.Overdue = data.Overdue(mp.Due, m) && mp.District != data.StatusDone && mp.District != data.StatusNA
		mp.DueThisMonth = data.DueThisMonth(mp.Due, m)
		if v.Unit != "" {
			mp.Own = &UnitEntry{Unit: v.Unit, Entry: byKey[[2]string{v.Unit, r.Measure.ID}]}
		}
		v.Counts[mp.Status()]++
		v.Measures = append(v.Measures, mp)
	}
	return v, nil
}

// directory is the unit directory as needed to expand groups.
type directory struct {
	members map[string][]string // group → members
	streets []string
}

func (a *App) directory(ctx context.Context, year int) (*directory, error) {
	units, err := a.db.Units(ctx, year)
	if err != nil {
		return nil, err
	}
	d := &directory{members: map[string][]string{}}
	for _, u := range units {
		switch u.Kind {
		case data.UnitGroup:
			d.members[u.Name] = u.Members
		case data.UnitStreet:
			d.streets = append(d.streets, u.Name)
		}
	}
	return d, nil
}

// expand replaces groups by their members: 各街道办事处 by every
// street, 相关街道办事处 by the measure's designated streets (all when none),
// other groups by their member lists. Units in skip are left out.
func (d *directory) expand(units, designated, skip []string) []string {
	var out []string
	add := func(u string) {
		if !slices.Contains(out, u) && !slices.Contains(skip, u) {
			out = append(out, u)
		}
	}
	for _, u := range units {
		members, isGroup := d.members[u]
		switch {
		case u == data.GroupAllStreets:
			members = d.streets
		case u == data.GroupRelevantStreets && len(designated) > 0:
			members = designated
		case u == data.GroupRelevantStreets:
			members = d.streets
		case !isGroup:
			members = []string{u}
		}
		for _, m := range members {
			add(m)
		}
	}
	return out
}

// checkMonth returns the plan year of a month: the month's year, refused
// (ENOTFOUND) if the ledger holds no plan of that year, or EINVALID for a
// malformed month.
func (a *App) checkMonth(m data.Month) (int, error) {
	return a.checkMonthIn(0, m)
}

// checkMonthIn is checkMonth for a month that must lie in the plan of year
// (0: any year held): a month of another year is EINVALID.
func (a *App) checkMonthIn(year int, m data.Month) (int, error) {
	y := m.Year()
	if y == 0 {
		return 0, data.Errorf(data.EINVALID, "月份“%s”无法识别，应写成 2023-06 这样的年-月", m)
	}
	if year != 0 && y != year {
		return 0, data.Errorf(data.EINVALID, "填报月份“%s”不在 %d 年行动计划的年度内，可用：%d-01 至 %d-12", m, year, year, year)
	}
	if _, err := a.planOf(y); err != nil {
		var held, months []string
		for _, h := range a.Years() {
			held = append(held, fmt.Sprint(h))
			months = append(months, fmt.Sprintf("%d-01 至 %d-12", h, h))
		}
		return 0, data.Errorf(data.ENOTFOUND, "月份 %s 所在的 %d 年没有行动计划：台账中现有 %s 年的行动计划，可用 %s",
			m, y, strings.Join(held, "、"), strings.Join(months, "、"))
	}
	return y, nil
}

// Clerk is the clerk's name for the audit log: the setting, else the
// operating system's user name.
func (a *App) Clerk(ctx context.Context) string {
	if name, err := a.db.Setting(ctx, SettingClerk); err == nil && name != "" {
		return name
	}
	if u, err := user.Current(); err == nil {
		if u.Name != "" {
			return u.Name
		}
		return u.Username
	}
	return "未署名"
}

// ClerkIsSet reports whether the clerk has recorded a name; if not, Clerk
// is only the operating system's user name.
func (a *App) ClerkIsSet(ctx context.Context) bool {
	name, err := a.db.Setting(ctx, SettingClerk)
	return err == nil && name != ""
}

// SetClerk records the clerk's name.
func (a *App) SetClerk(ctx context.Context, name string) error {
	return a.db.SetSetting(ctx, SettingClerk, name)
}

// MyUnit is the clerk's unit ("" before the first run's choice), or
// DistrictCoordinator.
func (a *App) MyUnit(ctx context.Context) (string, error) {
	return a.db.Setting(ctx, SettingMyUnit)
}

// SetMyUnit records the clerk's unit (a unit name or alias, or
// DistrictCoordinator).
func (a *App) SetMyUnit(ctx context.Context, unit string) error {
	if unit != DistrictCoordinator {
		u, err := a.db.ResolveUnit(ctx, unit)
		if err != nil {
			return err
		}
		unit = u
	}
	return a.db.SetSetting(ctx, SettingMyUnit, unit)
}

// SetEntry changes a unit's entry on a measure for a month, as the clerk.
func (a *App) SetEntry(ctx context.Context, in data.EntryInput) (data.Entry, error) {
	year, err := a.checkMonth(in.Month)
	if err != nil {
		return data.Entry{}, err
	}
	return a.db.SetEntry(ctx, year, in, a.Clerk(ctx))
}

// Tick sets (done) or clears a unit's 已完成 on a measure for a month;
// clearing returns the status it had before.
func (a *App) Tick(ctx context.Context, unit, measureID string, m data.Month, done bool) (data.Entry, error) {
	year, err := a.checkMonth(m)
	if err != nil {
		return data.Entry{}, err
	}
	return a.db.TickEntry(ctx, year, unit, measureID, m, done, a.Clerk(ctx))
}

// CloseMonth freezes a month's entries and evidence.
func (a *App) CloseMonth(ctx context.Context, m data.Month) error {
	year, err := a.checkMonth(m)
	if err != nil {
		return err
	}
	return a.db.CloseMonth(ctx, year, m, a.Clerk(ctx))
}

// MonthGaps is what a month still lacks, told before it is closed.
type MonthGaps struct {
	Unit        string   // the clerk's own unit; "" for the district coordinator
	Measures    int      // the measures counted: the unit's, or the whole plan's
	NotReported int      // of those, the measures whose status is 未报送
	Missing     []string // the units without a return for the month (district only)
}

// MonthGaps counts the measures still 未报送 in month m and lists the units
// whose return has not come: for the clerk's own unit when it is one (its
// own entries; no returns), else for the district.
func (a *App) MonthGaps(ctx context.Context, m data.Month) (MonthGaps, error) {
	var g MonthGaps
	my, err := a.MyUnit(ctx)
	if err != nil {
		return g, err
	}
	if my != DistrictCoordinator && my != "" {
		g.Unit = my
	}
	v, err := a.Progress(ctx, m, data.MeasureFilter{Unit: g.Unit})
	if err != nil {
		return g, err
	}
	g.Measures, g.NotReported = len(v.Measures), v.Counts[data.StatusNotReported]
	if g.Unit != "" {
		return g, nil
	}
	t, err := a.ReturnTracker(ctx, m)
	if err != nil {
		return g, err
	}
	for _, u := range t.Missing() {
		g.Missing = append(g.Missing, u.Unit)
	}
	return g, nil
}

// ReopenMonth allows edits of a closed month again; the reopening is audited.
func (a *App) ReopenMonth(ctx context.Context, m data.Month) error {
	year, err := a.checkMonth(m)
	if err != nil {
		return err
	}
	return a.db.ReopenMonth(ctx, year, m, a.Clerk(ctx))
}

// SetDue overrides the due date of a measure of a year's plan (YYYY-MM-DD;
// "" returns to the printed deadline).
func (a *App) SetDue(ctx context.Context, year int, measureID, due string) error {
	return a.db.SetDueOverride(ctx, year, measureID, due, a.Clerk(ctx))
}

// Audit lists the audit log, newest first.
func (a *App) Audit(ctx context.Context, f data.AuditFilter) ([]data.AuditRecord, error) {
	return a.db.Audit(ctx, f)
}

// Months lists the months of a plan year, for pickers.
func (a *App) Months(year int) []data.Month {
	return data.PlanMonths(year)
}

// MonthClosed reports whether the month is closed.
func (a *App) MonthClosed(ctx context.Context, m data.Month) (bool, error) {
	return a.db.MonthClosed(ctx, m)
}

// SettingYear is the settings key of the plan year last chosen on screen.
const SettingYear = "plan_year"

// DefaultYear is the plan year the window opens on: the one last chosen
// (SetChosenYear) while the ledger still holds it, else the newest plan
// with a month not closed, else the newest plan.
func (a *App) DefaultYear(ctx context.Context) (int, error) {
	if v, err := a.db.Setting(ctx, SettingYear); err != nil {
		return 0, err
	} else if y, err := strconv.Atoi(v); err == nil {
		if _, err := a.planOf(y); err == nil {
			return y, nil
		}
	}
	years := a.Years()
	for i := len(years) - 1; i >= 0; i-- {
		closed, err := a.db.ClosedMonths(ctx, years[i])
		if err != nil {
			return 0, err
		}
		if len(closed) < 12 {
			return years[i], nil
		}
	}
	return a.NewestYear(), nil
}

// SetChosenYear remembers the plan year chosen on screen (ENOTFOUND for a
// year the ledger holds no plan of).
func (a *App) SetChosenYear(ctx context.Context, year int) error {
	if _, err := a.planOf(year); err != nil {
		return err
	}
	return a.db.SetSetting(ctx, SettingYear, strconv.Itoa(year))
}
