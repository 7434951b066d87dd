package plantext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"taizhang/data"
)

var (
	monthEnd = regexp.MustCompile(`^(\d{1,2})月底前?$`)
	window   = regexp.MustCompile(`^(\d{1,2})[-—–~至](\d{1,2})月$`)
)

// ParseDeadline reads a printed 完成时限 for the plan year: 年底前 is due on
// 12-31; 6月底 and 9月底前 on the last day of the month; 6-9月 is a window
// from 6-01 to 9-30; 长期实施 and 持续推进 are ongoing; 按时间节点完成 is a
// milestone without a date until a clerk sets one. Spaces in the text are
// ignored. Anything else is an error.
func ParseDeadline(text string, year int) (data.Deadline, error) {
	t := strings.Join(strings.Fields(text), "")
	d := data.Deadline{Text: t}
	switch {
	case t == "年底前" || t == "年底":
		d.Kind, d.Due = data.DeadlineYearEnd, lastDay(year, 12)
	case t == "长期实施" || t == "持续推进":
		d.Kind = data.DeadlineOngoing
	case t == "按时间节点完成":
		d.Kind = data.DeadlineMilestone
	default:
		if m := monthEnd.FindStringSubmatch(t); m != nil {
			mo, _ := strconv.Atoi(m[1])
			if mo < 1 || mo > 12 {
				return d, fmt.Errorf("完成时限“%s”的月份不存在", t)
			}
			d.Kind, d.Due = data.DeadlineMonthEnd, lastDay(year, mo)
			return d, nil
		}
		if m := window.FindStringSubmatch(t); m != nil {
			from, _ := strconv.Atoi(m[1])
			to, _ := strconv.Atoi(m[2])
			if from < 1 || to > 12 || from > to {
				return d, fmt.Errorf("完成时限“%s”的月份不存在", t)
			}
			d.Kind, d.From, d.Due = data.DeadlineWindow, fmt.Sprintf("%04d-%02d-01", year, from), lastDay(year, to)
			return d, nil
		}
		return d, fmt.Errorf("无法识别的完成时限“%s”", t)
	}
	return d, nil
}

// lastDay is the last day of the month as YYYY-MM-DD.
func lastDay(year, month int) string {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
