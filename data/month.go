package data

import (
	"fmt"
	"time"
)

// Month is a reporting month (填报月份), YYYY-MM.
type Month string

// ParseMonth checks a YYYY-MM month; also accepts 2023-6 and 2023年6月.
func ParseMonth(s string) (Month, error) {
	for _, layout := range []string{"2006-01", "2006-1", "2006年1月", "2006年01月"} {
		if t, err := time.Parse(layout, stripSpace(s)); err == nil {
			return Month(t.Format("2006-01")), nil
		}
	}
	return "", Errorf(EINVALID, "月份“%s”无法识别，应写成 2023-06 这样的年-月", s)
}

// First is the month's first day, YYYY-MM-DD.
func (m Month) First() string { return string(m) + "-01" }

// End is the month's last day, YYYY-MM-DD: "overdue" and "due this month"
// are computed as of this day, never from today's clock.
func (m Month) End() string {
	t, err := time.Parse("2006-01", string(m))
	if err != nil {
		return ""
	}
	return t.AddDate(0, 1, -1).Format(time.DateOnly)
}

// Label is the month in Chinese: 2023年6月.
func (m Month) Label() string {
	t, err := time.Parse("2006-01", string(m))
	if err != nil {
		return string(m)
	}
	return fmt.Sprintf("%d年%d月", t.Year(), int(t.Month()))
}

// Year is the month's year, 0 for a malformed month.
func (m Month) Year() int {
	t, err := time.Parse("2006-01", string(m))
	if err != nil {
		return 0
	}
	return t.Year()
}

// PlanMonths are the twelve months of a plan year.
func PlanMonths(year int) []Month {
	ms := make([]Month, 12)
	for i := range ms {
		ms[i] = Month(fmt.Sprintf("%04d-%02d", year, i+1))
	}
	return ms
}
