package data

import (
	"testing"
)

func TestMonth(t *testing.T) {
	for in, want := range map[string]Month{"2023-06": "2023-06", "2023-6": "2023-06", "2023年6月": "2023-06", " 2023-12 ": "2023-12"} {
		if got, err := ParseMonth(in); got != want || err != nil {
			t.Errorf("ParseMonth(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "2023-13", "June", "2023-06-01"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
	if m := Month("2024-02"); m.First() != "2024-02-01" || m.End() != "2024-02-29" || m.Label() != "2024年2月" {
		t.Errorf("2024-02: %s %s %s", m.First(), m.End(), m.Label())
	}
	if ms := PlanMonths(2023); len(ms) != 12 || ms[0] != "2023-01" || ms[11] != "2023-12" {
		t.Errorf("PlanMonths = %v", ms)
	}
}
