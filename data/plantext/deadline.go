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
	yearPrefix = regexp.MustCompile(`^(\d{4})年(.*)$`)
	monthEnd   = regexp.MustCompile(`^(\d{1,2})月(?:底|末)前?$`)
	dayDue     = regexp.MustCompile(`^(\d{1,2})月(\d{1,2})日(?:前|之前|以前)?$`)
	window     = regexp.MustCompile(`^(\d{1,2})月?(?:[-—–~～至到]+)(\d{1,2})月(?:底前?|末)?$`)
	quarter    = regexp.MustCompile(`^第?([1-4一二三四])季度(末|底)?(前)?$`)
	oneMonth   = regexp.MustCompile(`^(\d{1,2})月份?$`)
	textWidth  = strings.NewReplacer("－", "-", "～", "~")
)

// Deadlines without a date that are never overdue: what is to be done
// for good or again and again (each month, each quarter).
var ongoing = map[string]bool{
	"长期实施": true, "持续推进": true, "长期坚持": true, "长期": true, "长期推进": true,
	"持续": true, "持续实施": true, "持续开展": true, "常态化": true, "常态化推进": true, "常态化开展": true,
	"每月": true, "每季度": true, "每半年": true, "每年": true, "定期": true, "定期开展": true,
	"逐月": true, "按月": true, "按季度": true,
}

// ParseDeadline reads a printed 完成时限 for the plan year: 年底前 (年内) is
// due on 12-31; 6月底 and 9月底前 on the last day of the month, 6月15日前 on
// that day; 6-9月 (6月—9月, 6月至9月) is a window from 6-01 to 9-30, 全年
// one from 1-01 to 12-31, 6月 (6月份) one over that month, 第三季度 one over
// the quarter's months (第三季度末 and 第三季度前 are due on its last day),
// 上半年 is due on 6-30 and 下半年 is 7-12月;
// 长期实施, 持续推进, 长期坚持, 常态化 and the recurring 每月, 每季度 are
// ongoing; 按时间节点完成 is a milestone without a date until a clerk sets
// one. A year written before (2024年6月底前, 2025年底前) dates the rest in
// that year: a year before the plan year is an error, a later one is kept.
// A trailing 完成 (年底前完成) is ignored; spaces are ignored and full-width
// digits read as digits. The text is kept as printed without its spaces.
// Anything else is an error.
func ParseDeadline(text string, year int) (data.Deadline, error) {
	t := strings.Join(strings.Fields(text), "")
	d := data.Deadline{Text: t}
	s, year, err := deadlineYear(t, textWidth.Replace(foldDigits(t)), year)
	if err != nil {
		return d, err
	}
	if r := strings.TrimSuffix(s, "完成"); r != "" {
		s = r
	}
	if namedDeadline(&d, s, year) {
		return d, nil
	}
	if ok, err := dueDay(&d, t, s, year); ok || err != nil {
		return d, err
	}
	if ok, err := dueWindow(&d, t, s, year); ok || err != nil {
		return d, err
	}
	return d, fmt.Errorf("无法识别的完成时限“%s”", t)
}

// deadlineYear reads the year written before a deadline s (printed as t):
// it returns the rest and the year it dates, an error for one before the
// plan year.
func deadlineYear(t, s string, year int) (string, int, error) {
	m := yearPrefix.FindStringSubmatch(s)
	if m == nil {
		return s, year, nil
	}
	y, _ := strconv.Atoi(m[1])
	if y < year {
		return s, year, fmt.Errorf("完成时限“%s”是 %d 年的，早于计划年度 %d 年", t, y, year)
	}
	s = m[2]
	if strings.HasPrefix(s, "底") || strings.HasPrefix(s, "末") || strings.HasPrefix(s, "内") {
		s = "年" + s // 2024年底前, 2024年内
	}
	return s, y, nil
}

// namedDeadline sets d for a deadline in words (年底前, 长期实施, 按时间节点,
// 全年, 上半年, 下半年) and reports whether s was one.
func namedDeadline(d *data.Deadline, s string, year int) bool {
	switch {
	case s == "年底前" || s == "年底" || s == "年内" || s == "年末" || s == "年末前":
		d.Kind, d.Due = data.DeadlineYearEnd, lastDay(year, 12)
	case ongoing[s]:
		d.Kind = data.DeadlineOngoing
	case s == "按时间节点" || s == "按时间节点推进":
		d.Kind = data.DeadlineMilestone
	case s == "全年" || s == "全年实施" || s == "全年推进" || s == "全年持续":
		d.Kind, d.From, d.Due = data.DeadlineWindow, firstDay(year, 1), lastDay(year, 12)
	case s == "上半年" || s == "上半年前":
		d.Kind, d.Due = data.DeadlineMonthEnd, lastDay(year, 6)
	case s == "下半年":
		d.Kind, d.From, d.Due = data.DeadlineWindow, firstDay(year, 7), lastDay(year, 12)
	default:
		return false
	}
	return true
}

// dueDay sets d for a deadline on a day (6月底前, 6月15日前) and reports
// whether s was one; a month or day that does not exist is an error.
func dueDay(d *data.Deadline, t, s string, year int) (bool, error) {
	if m := monthEnd.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		if mo < 1 || mo > 12 {
			return true, fmt.Errorf("完成时限“%s”的月份不存在", t)
		}
		d.Kind, d.Due = data.DeadlineMonthEnd, lastDay(year, mo)
		return true, nil
	}
	if m := dayDue.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		day, _ := strconv.Atoi(m[2])
		due := time.Date(year, time.Month(mo), day, 0, 0, 0, 0, time.UTC)
		if mo < 1 || mo > 12 || day < 1 || due.Day() != day {
			return true, fmt.Errorf("完成时限“%s”的日期不存在", t)
		}
		d.Kind, d.Due = data.DeadlineMonthEnd, due.Format(time.DateOnly)
		return true, nil
	}
	return false, nil
}

// dueWindow sets d for a deadline over months (6-9月, 第三季度, 6月份; 第三季度末
// is due on the quarter's last day) and reports whether s was one; a month
// that does not exist is an error.
func dueWindow(d *data.Deadline, t, s string, year int) (bool, error) {
	if m := window.FindStringSubmatch(s); m != nil {
		from, _ := strconv.Atoi(m[1])
		to, _ := strconv.Atoi(m[2])
		if from < 1 || to > 12 || from > to {
			return true, fmt.Errorf("完成时限“%s”的月份不存在", t)
		}
		d.Kind, d.From, d.Due = data.DeadlineWindow, firstDay(year, from), lastDay(year, to)
		return true, nil
	}
	if m := quarter.FindStringSubmatch(s); m != nil {
		q := strings.Index("1234", m[1]) + 1
		if q == 0 {
			q = strings.Index("一二三四", m[1])/len("一") + 1
		}
		if m[2] != "" || m[3] != "" {
			d.Kind, d.Due = data.DeadlineMonthEnd, lastDay(year, 3*q)
		} else {
			d.Kind, d.From, d.Due = data.DeadlineWindow, firstDay(year, 3*q-2), lastDay(year, 3*q)
		}
		return true, nil
	}
	if m := oneMonth.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		if mo < 1 || mo > 12 {
			return true, fmt.Errorf("完成时限“%s”的月份不存在", t)
		}
		d.Kind, d.From, d.Due = data.DeadlineWindow, firstDay(year, mo), lastDay(year, mo)
		return true, nil
	}
	return false, nil
}

// foldDigits reads full-width digits (２０２４) as digits.
func foldDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}

// firstDay is the first day of the month as YYYY-MM-DD.
func firstDay(year, month int) string { return fmt.Sprintf("%04d-%02d-01", year, month) }

// lastDay is the last day of the month as YYYY-MM-DD.
func lastDay(year, month int) string {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}
