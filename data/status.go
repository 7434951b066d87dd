package data

import (
	"slices"
	"strings"
)

// Status is a unit's status on a measure for a month (完成状态), or a
// measure's district status, which adds 未报送.
type Status string

// The status vocabulary a unit reports, and the district-only 未报送.
const (
	StatusNotStarted  Status = "未启动"
	StatusOnTrack     Status = "序时推进"
	StatusLate        Status = "滞后"
	StatusDone        Status = "已完成"
	StatusNA          Status = "不涉及"
	StatusNotReported Status = "未报送" // district status only: no lead unit reported
)

// Statuses is the vocabulary a unit may report, in display order.
var Statuses = []Status{StatusNotStarted, StatusOnTrack, StatusLate, StatusDone, StatusNA}

// statusVariants maps the spellings found in returns to the vocabulary.
var statusVariants = map[string]Status{
	"完成": StatusDone, "已办结": StatusDone, "办结": StatusDone,
	"正在推进": StatusOnTrack, "推进中": StatusOnTrack, "进行中": StatusOnTrack, "按序时推进": StatusOnTrack,
	"未开始":  StatusNotStarted,
	"进度滞后": StatusLate,
	"不适用":  StatusNA, "无此项": StatusNA,
}

// statusMarks are what clerks put beside a status word in a cell: a tick
// (已完成 ✓, √已完成) or a full stop.
const statusMarks = "✓✔√☑✅。．.！!"

// ParseStatus reads a status word, accepting the common variants (完成,
// 推进中, 未开始, 进度滞后, 不适用 …) and ignoring white space and a tick or
// full stop beside it (statusMarks). Anything else is an EINVALID error
// listing the accepted words.
func ParseStatus(s string) (Status, error) {
	t := Status(strings.Trim(stripSpace(s), statusMarks))
	if slices.Contains(Statuses, t) {
		return t, nil
	}
	if v, ok := statusVariants[string(t)]; ok {
		return v, nil
	}
	return "", Errorf(EINVALID, "未知的完成状态“%s”，应为：未启动、序时推进、滞后、已完成、不涉及", s)
}

func stripSpace(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' && r != '\u3000' {
			out = append(out, r)
		}
	}
	return string(out)
}

// Overdue reports whether a measure due on due (YYYY-MM-DD, "" for none) is
// overdue as of the end of month m: the due date lies before the month's
// last day. A measure due on the month's last day is due this month, not
// overdue; ongoing measures and undated milestones are never overdue.
func Overdue(due string, m Month) bool {
	return due != "" && due < m.End()
}

// DueThisMonth reports whether due falls within month m.
func DueThisMonth(due string, m Month) bool {
	return due != "" && due >= m.First() && due <= m.End()
}

// DistrictStatus combines the lead units' statuses for month m into the
// measure's district status: all lead units 已完成 → 已完成 (a unit
// reporting 不涉及 neither blocks nor counts; all 不涉及 → 不涉及); any 滞后,
// or the due date passed without 已完成 → 滞后; otherwise 序时推进 if a lead
// unit reported 序时推进 or 已完成, 未启动 if those that reported said 未启动,
// and 未报送 if no lead unit reported a status that applies. leads are the
// lead units after group expansion; reported holds the statuses they
// reported (a unit absent from the map did not report).
func DistrictStatus(leads []string, reported map[string]Status, due string, m Month) Status {
	someone, done, applicable, late, moving, notStarted := false, 0, 0, false, false, false
	for _, u := range leads {
		s, ok := reported[u]
		if !ok {
			applicable++
			continue
		}
		someone = true
		switch s {
		case StatusNA:
			continue
		case StatusDone:
			done++
			moving = true
		case StatusOnTrack:
			moving = true
		case StatusNotStarted:
			notStarted = true
		case StatusLate:
			late = true
		}
		applicable++
	}
	switch {
	case someone && applicable == 0:
		return StatusNA
	case applicable > 0 && done == applicable:
		return StatusDone
	case late || Overdue(due, m):
		return StatusLate
	case moving:
		return StatusOnTrack
	case notStarted:
		return StatusNotStarted
	}
	return StatusNotReported
}
