package plantext

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"taizhang/data"
)

var (
	yearPrefix = regexp.MustCompile(`^(\d{4})年(.*)$`)
	yearOnly   = regexp.MustCompile(`^(\d{4})年(?:底|末)?$`)
	monthEnd   = regexp.MustCompile(`^(\d{1,2})月(?:底|末)前?$`)
	dayDue     = regexp.MustCompile(`^(\d{1,2})月(\d{1,2})[日号](?:前|之前|以前)?$`)
	// numericDate is a date typed in figures: 2025.6.30, 2025/6/30, 2025-06-30.
	numericDate = regexp.MustCompile(`^(\d{4})[./-](\d{1,2})[./-](\d{1,2})日?`)
	// numericMonth is a month typed in figures: 2025.6, 2025/6.
	numericMonth = regexp.MustCompile(`^(\d{4})[./](\d{1,2})(\D|$)`)
	// remark is a remark in brackets after a deadline: 6月底前（视进展）.
	remark = regexp.MustCompile(`^(.+?)[（(]([^（）()]+)[）)]$`)
	// tenDays is a month's first, middle or last ten days: 11月中旬(前).
	tenDays = regexp.MustCompile(`^(\d{1,2})月(上|中|下)旬(?:前|末)?$`)
	window  = regexp.MustCompile(`^(\d{1,2})月?(?:[-—–~～至到]+)(\d{1,2})月(?:底前?|末)?$`)
	quarter = regexp.MustCompile(`^第?([1-4一二三四])季度(末|底)?(前)?$`)
	// quarters is a run of quarters (第二至三季度); quarterPair is two
	// printed as a list (第二、三季度), read as the run before the text is
	// split at its 、.
	quarters    = regexp.MustCompile(`^第?([1-4一二三四])(?:季度)?[-—–~～至到]+第?([1-4一二三四])季度(末|底)?(前)?$`)
	quarterPair = regexp.MustCompile(`第?([1-4一二三四])(?:季度)?[、，,和及]第?([1-4一二三四])季度`)
	oneMonth    = regexp.MustCompile(`^(\d{1,2})月份?$`)
	continued   = regexp.MustCompile(`^(?:持续|延续|坚持|长期坚持)?(?:至|到)(.+)$`)
	// asRequired is a deadline set elsewhere: 按要求, 按上级要求, 根据工作安排,
	// 按国家和市要求, 按市统一部署 (at most 15 characters between).
	asRequired = regexp.MustCompile(`^(?:按|按照|根据|依据|依照)(?:.{0,15}?)(?:要求|安排|部署|时间节点|节点|进度|计划)$`)
	// recurring is a deadline again each month, quarter or year: 每月5日前,
	// 每季度末, 每年底前.
	recurring = regexp.MustCompile(`^(?:每|逐)(?:月|季度|季|半年|年|周)(?:\d{1,2}日)?(?:前|底前|末|底)?$`)
	partSep   = regexp.MustCompile(`[，,、；;。]+|并`)
	textWidth = strings.NewReplacer("－", "-", "～", "~", "．", ".", "／", "/")
)

// Deadlines without a date that are never overdue: what is to be done
// for good or again and again (each month, each quarter, whenever it comes
// up: 随时, 及时, 重污染天气期间).
var ongoing = map[string]bool{
	"长期实施": true, "持续推进": true, "长期坚持": true, "长期": true, "长期推进": true,
	"持续": true, "持续实施": true, "持续开展": true, "常态化": true, "常态化推进": true, "常态化开展": true,
	"每月": true, "每季度": true, "每半年": true, "每年": true, "定期": true, "定期开展": true,
	"逐月": true, "按月": true, "按季度": true, "每年度": true, "日常": true, "日常开展": true,
	"随时": true, "及时": true, "实时": true, "即时": true, "常年": true,
	"重污染天气期间": true, "重污染天气应急期间": true, "重污染天气预警期间": true, "重污染期间": true,
	"重污染天气应急响应期间": true, "应急期间": true, "预警期间": true,
}

// Deadlines whose date is not in the text and not known to the program:
// milestones, dated by the clerk after the import (besides asRequired).
var undated = map[string]bool{
	"按时间节点": true, "按时间节点推进": true, "适时": true, "择机": true, "视情": true, "视情况": true,
	"根据需要": true, "按需": true, "待定": true, "尽快": true, "尽早": true,
}

// dueBefore are events that fall on the same day each year, as a deadline
// X前 due on that day (as 11月15日前 is): Beijing's heating season runs
// from 11-15 to 3-15 of the next year, its flood season (汛期) from 6-01
// to 9-15 with the main flood season (主汛期) from 7-20, the autumn and
// winter campaign (秋冬季) from 10-01.
var dueBefore = map[string]string{
	"采暖季前": "11-15", "供暖季前": "11-15", "采暖期前": "11-15", "供暖期前": "11-15",
	"采暖季结束前": "03-15", "供暖季结束前": "03-15", "采暖期结束前": "03-15", "供暖期结束前": "03-15",
	"汛期前": "06-01", "汛前": "06-01", "主汛期前": "07-20", "秋冬季前": "10-01", "夏季前": "06-01",
	"五一前": "05-01", "劳动节前": "05-01", "国庆前": "10-01", "国庆节前": "10-01",
}

// seasons are windows of the plan year (MM-DD to MM-DD); 秋冬季, which runs
// on to 3-31 of the next year, is its part in the plan year.
var seasons = map[string][2]string{
	"春季": {"03-01", "05-31"}, "夏季": {"06-01", "08-31"}, "秋季": {"09-01", "11-30"},
	"秋冬季": {"10-01", "12-31"}, "汛期": {"06-01", "09-15"}, "主汛期": {"07-20", "08-10"},
}

// springFestival is the date of 春节 (the first day of the lunar year) in
// the years the program serves.
var springFestival = map[int]string{
	2020: "01-25", 2021: "02-12", 2022: "02-01", 2023: "01-22", 2024: "02-10", 2025: "01-29",
	2026: "02-17", 2027: "02-06", 2028: "01-26", 2029: "02-13", 2030: "02-03", 2031: "01-23",
	2032: "02-11", 2033: "01-31", 2034: "02-19", 2035: "02-08",
}

// pastEvents are events of one year: 冬奥会前 is due on the opening day,
// a deadline before the plan year (an error) for every plan after 2022.
var pastEvents = map[string]string{"冬奥会前": "2022-02-04", "冬残奥会前": "2022-03-04"}

// partVerbs may end a part: 6月底前启动, 年底前完成, or follow its time
// with what is then done: 6月底前完成方案编制 (at most maxPartObject
// characters after the verb).
var partVerbs = []string{"全面完成", "基本完成", "完成", "启动", "开工", "建成", "完工", "落实", "到位", "实施", "开展", "推进", "见效"}

// maxPartObject is how long what follows a part's verb may be: a few words
// (方案编制), not a sentence.
const maxPartObject = 12

// object reports whether s may follow a part's verb: a few words, without
// a time of their own (a digit, 年, 月, 季).
func object(s string) bool {
	return utf8.RuneCountInString(s) <= maxPartObject && !strings.ContainsAny(s, "0123456789年月季")
}

// ParseDeadline reads a printed 完成时限 for the plan year: 年底前 (年内) is
// due on 12-31; 6月底 and 9月底前 on the last day of the month, 6月15日前 on
// that day; 6-9月 (6月—9月, 6月至9月) is a window from 6-01 to 9-30, 全年
// one from 1-01 to 12-31, 6月 (6月份) one over that month, 第三季度 one over
// the quarter's months (第三季度末 and 第三季度前 are due on its last day),
// 第二、三季度 (第二至三季度) one over both quarters, 上半年 (年中) is due
// on 6-30 and 下半年 is 7-12月;
// 长期实施, 持续推进, 长期坚持, 常态化, the recurring 每月, 每季度 (每月5日前,
// 每季度末) and what is done whenever it comes up (随时, 及时, 重污染天气期间)
// are ongoing.
//
// Events: 春节前 is due on the plan year's Spring Festival (2024年春节前 on
// 2024-02-10; a year without a known date is a milestone); 采暖季前 (供暖季前)
// on 11-15, 采暖季结束前 on 3-15, 汛期前 on 6-01, 主汛期前 on 7-20, 秋冬季前
// on 10-01, as 11月15日前 would be; 秋冬季 is the window 10-01 to 12-31 (its
// part in the plan year), 夏季 6-8月, 汛期 6-01 to 9-15; 冬奥会前 is due on
// 2022-02-04. A deadline left to others or to later — 按时间节点完成, 适时, 尽快,
// 按要求, 按上级要求, 根据工作安排, 按国家和市要求 — is a milestone without
// a date until a clerk sets one.
//
// A year written before (2024年6月底前, 2025年底前) dates the rest in that
// year: a year before the plan year is an error, a later one is kept; a
// date in figures (2025.6.30, 2025/6/30, 2025-06-30) is 2025年6月30日, and
// 2025年度 (本年度内) is 年内. 持续至2025年 (至2025年底) (持续到2025年6月) is a window from the plan year's 1-01 to the
// end of what it names. Several parts separated by 、，；。 or 并 (on lines
// of their own too), each of which may end in a verb (完成, 启动, 建成…)
// and a few words after it (6月底前完成方案编制), give the last date they name: 6月底前启动、年底前完成 is due on 12-31,
// 年底前完成并长期坚持 and 2024年6月底前完成，长期坚持 are due on their dates
// (what goes on after is not a deadline); parts without a date are a
// milestone if one is, else ongoing. Spaces are ignored and full-width
// digits read as digits; the text is kept as printed without its spaces.
// A remark in brackets after the deadline that names no time of its own
// (6月底前（视进展）) is read past; 2025.6 is 2025年6月, 6月30号 is
// 6月30日, 日常 and 每年度 are ongoing.
//
// Anything else is an error: every part must be one of the forms above, so
// a unit name or a sentence in the 完成时限 column is refused.
func ParseDeadline(text string, year int) (data.Deadline, error) {
	t := strings.Join(strings.Fields(text), "")
	// parts on lines of their own (6月底前启动 / 年底前完成) first, then
	// the text without its spaces (年底 前)
	var parts []string
	for _, f := range strings.Fields(quarterPair.ReplaceAllString(textWidth.Replace(foldDigits(text)), "${1}至${2}季度")) {
		parts = append(parts, partSep.Split(f, -1)...)
	}
	d, err := deadlineParts(t, parts, year)
	if err != nil && len(strings.Fields(text)) > 1 {
		if d2, err2 := deadlineParts(t, partSep.Split(textWidth.Replace(foldDigits(t)), -1), year); err2 == nil {
			d, err = d2, nil
		}
	}
	if m := remark.FindStringSubmatch(t); err != nil && m != nil && object(m[2]) {
		// a remark in brackets that names no time: the deadline before it
		if d2, err2 := ParseDeadline(m[1], year); err2 == nil {
			d, err = d2, nil
		}
	}
	d.Text = t
	if err != nil {
		return data.Deadline{Text: t}, err
	}
	return d, nil
}

// deadlineParts reads the parts of a deadline printed as t: the part with
// the last due date, else a milestone if a part is one, else ongoing. A
// year written before a part dates the parts after it too.
func deadlineParts(t string, parts []string, year int) (data.Deadline, error) {
	var dated, last data.Deadline
	milestone, n := false, 0
	y := year
	for _, p := range parts {
		if p == "" {
			continue
		}
		n++
		d, py, err := deadlinePart(t, p, y, year)
		if err != nil {
			return d, err
		}
		y, last = py, d
		switch {
		case d.Due != "" && d.Due > dated.Due:
			dated = d
		case d.Kind == data.DeadlineMilestone:
			milestone = true
		}
	}
	switch {
	case n == 0:
		return data.Deadline{}, fmt.Errorf("无法识别的完成时限“%s”", t)
	case dated.Due != "":
		return dated, nil
	case milestone:
		return data.Deadline{Kind: data.DeadlineMilestone}, nil
	}
	return last, nil
}

// deadlinePart reads one part s of a deadline printed as t, in the year y
// of the part before (the plan year for the first): it returns the part's
// deadline and the year it dates.
func deadlinePart(t, s string, y, planYear int) (data.Deadline, int, error) {
	var d data.Deadline
	s = numericDate.ReplaceAllString(s, "${1}年${2}月${3}日")
	s = numericMonth.ReplaceAllString(s, "${1}年${2}月${3}")
	s, y, err := deadlineYear(t, s, y, planYear)
	if err != nil {
		return d, y, err
	}
	if m := continued.FindStringSubmatch(s); m != nil {
		if ym := yearOnly.FindStringSubmatch(m[1]); ym != nil {
			m[1] = ym[1] + "年底" // 持续至2025年: to its end
		}
		end, _, err := deadlinePart(t, m[1], y, planYear)
		if err == nil && end.Due == "" {
			err = fmt.Errorf("无法识别的完成时限“%s”", t)
		}
		if err != nil {
			return d, y, err
		}
		return data.Deadline{Kind: data.DeadlineWindow, From: firstDay(planYear, 1), Due: end.Due}, y, nil
	}
	if ok, err := deadlineForm(&d, t, s, y); ok || err != nil {
		return d, y, err
	}
	for _, v := range partVerbs {
		if r := strings.TrimSuffix(s, v); r != s && r != "" {
			if ok, err := deadlineForm(&d, t, r, y); ok || err != nil {
				return d, y, err
			}
		}
	}
	for _, v := range partVerbs {
		// the time, the verb and what is done: 6月底前完成方案编制
		if i := strings.Index(s, v); i > 0 && object(s[i+len(v):]) {
			if ok, err := deadlineForm(&d, t, s[:i], y); ok || err != nil {
				return d, y, err
			}
		}
	}
	return d, y, fmt.Errorf("无法识别的完成时限“%s”", t)
}

// deadlineForm sets d for s, one of the forms ParseDeadline reads, in the
// year y, and reports whether it was one.
func deadlineForm(d *data.Deadline, t, s string, y int) (bool, error) {
	if r, ok := strings.CutSuffix(s, "之前"); ok {
		s = r + "前"
	} else if r, ok := strings.CutSuffix(s, "以前"); ok {
		s = r + "前"
	}
	if namedDeadline(d, s, y) || eventDeadline(d, s, y) {
		return true, nil
	}
	if due, ok := pastEvents[s]; ok {
		if due < firstDay(y, 1) {
			return true, fmt.Errorf("完成时限“%s”（%s）早于计划年度 %d 年", t, due, y)
		}
		d.Kind, d.Due = data.DeadlineMonthEnd, due
		return true, nil
	}
	if ok, err := dueDay(d, t, s, y); ok || err != nil {
		return ok, err
	}
	return dueWindow(d, t, s, y)
}

// deadlineYear reads the year written before a deadline s (printed as t):
// it returns the rest and the year it dates (year when none is written),
// an error for one before the plan year.
func deadlineYear(t, s string, year, planYear int) (string, int, error) {
	m := yearPrefix.FindStringSubmatch(s)
	if m == nil {
		return s, year, nil
	}
	y, _ := strconv.Atoi(m[1])
	if y < planYear {
		return s, year, fmt.Errorf("完成时限“%s”是 %d 年的，早于计划年度 %d 年", t, y, planYear)
	}
	s = m[2]
	if strings.HasPrefix(s, "底") || strings.HasPrefix(s, "末") || strings.HasPrefix(s, "内") || strings.HasPrefix(s, "度") {
		s = "年" + s // 2024年底前, 2024年内, 2024年度
	}
	return s, y, nil
}

// namedDeadline sets d for a deadline in words (年底前, 长期实施, 按时间节点,
// 适时, 按要求, 全年, 上半年, 下半年) and reports whether s was one.
func namedDeadline(d *data.Deadline, s string, year int) bool {
	switch {
	case s == "年底前" || s == "年底" || s == "年内" || s == "年末" || s == "年末前" ||
		s == "年度" || s == "年度内" || s == "本年度" || s == "本年度内" || s == "本年内":
		d.Kind, d.Due = data.DeadlineYearEnd, lastDay(year, 12)
	case ongoing[s] || recurring.MatchString(s):
		d.Kind = data.DeadlineOngoing
	case undated[s] || asRequired.MatchString(s):
		d.Kind = data.DeadlineMilestone
	case s == "全年" || s == "全年实施" || s == "全年推进" || s == "全年持续":
		d.Kind, d.From, d.Due = data.DeadlineWindow, firstDay(year, 1), lastDay(year, 12)
	case s == "上半年" || s == "上半年前" || s == "年中" || s == "年中前":
		d.Kind, d.Due = data.DeadlineMonthEnd, lastDay(year, 6)
	case s == "下半年":
		d.Kind, d.From, d.Due = data.DeadlineWindow, firstDay(year, 7), lastDay(year, 12)
	default:
		return false
	}
	return true
}

// eventDeadline sets d for a deadline tied to an event of the year (春节前,
// 采暖季前, 汛期前) or a season (秋冬季, 夏季; with 期间 too) and reports
// whether s was one.
func eventDeadline(d *data.Deadline, s string, year int) bool {
	if s == "春节前" {
		if day, ok := springFestival[year]; ok {
			d.Kind, d.Due = data.DeadlineMonthEnd, fmt.Sprintf("%04d-%s", year, day)
		} else {
			d.Kind = data.DeadlineMilestone
		}
		return true
	}
	if day, ok := dueBefore[s]; ok {
		d.Kind, d.Due = data.DeadlineMonthEnd, fmt.Sprintf("%04d-%s", year, day)
		return true
	}
	if w, ok := seasons[strings.TrimSuffix(s, "期间")]; ok {
		d.Kind, d.From, d.Due = data.DeadlineWindow, fmt.Sprintf("%04d-%s", year, w[0]), fmt.Sprintf("%04d-%s", year, w[1])
		return true
	}
	return false
}

// dueDay sets d for a deadline on a day (6月底前, 6月15日前; 6月上旬, 中旬
// and 下旬, with 前 too, on the 10th, the 20th and the month's last day)
// and reports
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
	if m := tenDays.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		if mo < 1 || mo > 12 {
			return true, fmt.Errorf("完成时限“%s”的月份不存在", t)
		}
		d.Kind, d.Due = data.DeadlineMonthEnd, map[string]string{"上": fmt.Sprintf("%04d-%02d-10", year, mo), "中": fmt.Sprintf("%04d-%02d-20", year, mo), "下": lastDay(year, mo)}[m[2]]
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
	if m := quarters.FindStringSubmatch(s); m != nil {
		from, to := quarterNo(m[1]), quarterNo(m[2])
		if from > to {
			return true, fmt.Errorf("完成时限“%s”的季度顺序不对", t)
		}
		if m[3] != "" || m[4] != "" {
			d.Kind, d.Due = data.DeadlineMonthEnd, lastDay(year, 3*to)
		} else {
			d.Kind, d.From, d.Due = data.DeadlineWindow, firstDay(year, 3*from-2), lastDay(year, 3*to)
		}
		return true, nil
	}
	if m := quarter.FindStringSubmatch(s); m != nil {
		q := quarterNo(m[1])
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

// quarterNo is the number of a quarter printed as 3 or 三.
func quarterNo(s string) int {
	if q := strings.Index("1234", s) + 1; q > 0 {
		return q
	}
	return strings.Index("一二三四", s)/len("一") + 1
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
