package data

import (
	"testing"
)

func TestParseStatus(t *testing.T) {
	for in, want := range map[string]Status{
		"已完成": StatusDone, " 完成 ": StatusDone, "已办结": StatusDone,
		"序时推进": StatusOnTrack, "正在推进": StatusOnTrack, "推进中": StatusOnTrack, "进行中": StatusOnTrack, "按序时推进": StatusOnTrack,
		"未启动": StatusNotStarted, "未开始": StatusNotStarted,
		"滞后": StatusLate, "进度滞后": StatusLate,
		"不涉及": StatusNA, "不适用": StatusNA, "无此项": StatusNA, "不 涉 及\n": StatusNA,
		"已完成 ✓": StatusDone, "√已完成": StatusDone, "已完成。": StatusDone, "滞后！": StatusLate, "☑ 序时推进": StatusOnTrack,
	} {
		if got, err := ParseStatus(in); got != want || err != nil {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "差不多", "未报送", "done", "✓", "已✓完成"} {
		if _, err := ParseStatus(bad); ErrorCode(err) != EINVALID {
			t.Errorf("ParseStatus(%q) err = %v", bad, err)
		}
	}
}

func TestOverdueAsOfMonthEnd(t *testing.T) {
	// A 6月底 measure is due this month in June and overdue in July.
	if Overdue("2023-06-30", "2023-06") || !DueThisMonth("2023-06-30", "2023-06") {
		t.Error("6月底 in 2023-06 must be due this month, not overdue")
	}
	if !Overdue("2023-06-30", "2023-07") || DueThisMonth("2023-06-30", "2023-07") {
		t.Error("6月底 in 2023-07 must be overdue")
	}
	if Overdue("2023-06-30", "2023-05") || DueThisMonth("2023-06-30", "2023-05") {
		t.Error("6月底 in 2023-05 is neither")
	}
	// Ongoing (长期实施) and undated milestones have no due date: never overdue.
	if Overdue("", "2024-12") || DueThisMonth("", "2023-12") {
		t.Error("no due date must never be overdue or due")
	}
	// 年底前 is overdue only after the plan year.
	if Overdue("2023-12-31", "2023-12") || !Overdue("2023-12-31", "2024-01") {
		t.Error("年底前")
	}
}

func TestDistrictStatus(t *testing.T) {
	leads := []string{"甲", "乙"}
	june, july := Month("2023-06"), Month("2023-07")
	for _, c := range []struct {
		name     string
		reported map[string]Status
		due      string
		m        Month
		want     Status
	}{
		{"all lead units done", map[string]Status{"甲": StatusDone, "乙": StatusDone}, "2023-06-30", july, StatusDone},
		{"one done, one not reported", map[string]Status{"甲": StatusDone}, "", june, StatusOnTrack},
		{"any late", map[string]Status{"甲": StatusLate, "乙": StatusDone}, "", june, StatusLate},
		{"deadline passed without done", map[string]Status{"甲": StatusOnTrack, "乙": StatusDone}, "2023-06-30", july, StatusLate},
		{"deadline passed, nobody reported", nil, "2023-06-30", july, StatusLate},
		{"due this month, on track", map[string]Status{"甲": StatusOnTrack}, "2023-06-30", june, StatusOnTrack},
		{"未启动 and not reported", map[string]Status{"乙": StatusNotStarted}, "", june, StatusNotStarted},
		{"nobody reported", map[string]Status{}, "2023-12-31", june, StatusNotReported},
		{"不涉及 does not block completion", map[string]Status{"甲": StatusNA, "乙": StatusDone}, "", june, StatusDone},
		{"all 不涉及", map[string]Status{"甲": StatusNA, "乙": StatusNA}, "2023-06-30", july, StatusNA},
		{"co-unit entries are not passed in", map[string]Status{"丙": StatusDone}, "", june, StatusNotReported},
	} {
		if got := DistrictStatus(leads, c.reported, c.due, c.m); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestDistrictStatusEveryPair checks the rule for every pair of two lead
// units' states (each of the five statuses or not reported), in both
// orders, before and after the due date.
func TestDistrictStatusEveryPair(t *testing.T) {
	const (
		NR = Status("") // not reported
		NS = StatusNotStarted
		OT = StatusOnTrack
		L  = StatusLate
		D  = StatusDone
		NA = StatusNA
	)
	// before the due date; after it, every status but 已完成 and 不涉及 is 滞后.
	cases := []struct{ a, b, want Status }{
		{NR, NR, StatusNotReported}, {NR, NS, NS}, {NR, OT, OT}, {NR, L, L}, {NR, D, OT}, {NR, NA, StatusNotReported},
		{NS, NS, NS}, {NS, OT, OT}, {NS, L, L}, {NS, D, OT}, {NS, NA, NS},
		{OT, OT, OT}, {OT, L, L}, {OT, D, OT}, {OT, NA, OT},
		{L, L, L}, {L, D, L}, {L, NA, L},
		{D, D, D}, {D, NA, D},
		{NA, NA, NA},
	}
	if len(cases) != 21 {
		t.Fatalf("%d cases, want all 21 unordered pairs of 6 states", len(cases))
	}
	leads := []string{"甲", "乙"}
	m := Month("2023-06")
	for _, c := range cases {
		for _, order := range [][2]Status{{c.a, c.b}, {c.b, c.a}} {
			reported := map[string]Status{}
			for i, s := range order {
				if s != NR {
					reported[leads[i]] = s
				}
			}
			label := func(s Status) string {
				if s == NR {
					return "未报"
				}
				return string(s)
			}
			if got := DistrictStatus(leads, reported, "2023-12-31", m); got != c.want {
				t.Errorf("%s+%s before the due date: %q, want %q", label(order[0]), label(order[1]), got, c.want)
			}
			late := c.want
			if late != D && late != NA {
				late = L
			}
			if got := DistrictStatus(leads, reported, "2023-05-31", m); got != late {
				t.Errorf("%s+%s overdue: %q, want %q", label(order[0]), label(order[1]), got, late)
			}
		}
	}
	// One lead unit: its status is the district's, 未报送 when it is silent.
	for _, s := range Statuses {
		if got := DistrictStatus([]string{"甲"}, map[string]Status{"甲": s}, "", m); got != s {
			t.Errorf("single lead unit %q: %q", s, got)
		}
	}
}
