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
	} {
		if got, err := ParseStatus(in); got != want || err != nil {
			t.Errorf("ParseStatus(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "差不多", "未报送", "done"} {
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
		{"未启动 counts as reported", map[string]Status{"乙": StatusNotStarted}, "", june, StatusOnTrack},
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
