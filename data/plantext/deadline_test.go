package plantext

import (
	"strings"
	"testing"

	"taizhang/data"
)

// TestParseDeadlineEvents: the event-tied, fuzzy and compound deadlines of
// real plans, read for a 2024 plan.
func TestParseDeadlineEvents(t *testing.T) {
	ms := func(due string) data.Deadline { return data.Deadline{Kind: data.DeadlineMonthEnd, Due: due} }
	win := func(from, due string) data.Deadline {
		return data.Deadline{Kind: data.DeadlineWindow, From: from, Due: due}
	}
	ongoing := data.Deadline{Kind: data.DeadlineOngoing}
	milestone := data.Deadline{Kind: data.DeadlineMilestone}
	for _, c := range []struct {
		in   string
		want data.Deadline
	}{
		// dates in figures, ten-day periods, the year (the second blind pass)
		{"2024.6.30", ms("2024-06-30")},
		{"2024/6/30", ms("2024-06-30")},
		{"2024-06-30", ms("2024-06-30")},
		{"２０２４．６．３０前", ms("2024-06-30")},
		{"2025/3/31前完成", ms("2025-03-31")},
		{"11月中旬", ms("2024-11-20")},
		{"6月上旬前", ms("2024-06-10")},
		{"9月下旬", ms("2024-09-30")},
		{"2024年度", data.Deadline{Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"本年度内", data.Deadline{Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"至2025年底", win("2024-01-01", "2025-12-31")},
		{"6月30号前", ms("2024-06-30")},
		{"2024.6", win("2024-06-01", "2024-06-30")},
		{"2024年6月底前（视进展）", ms("2024-06-30")},
		{"2月底前（春节后）", ms("2024-02-29")},
		{"日常", ongoing},
		{"每年度", ongoing},
		// events with a date every year
		{"春节前", ms("2024-02-10")},
		{"2024年春节前", ms("2024-02-10")},
		{"2025年春节前", ms("2025-01-29")},
		{"春节之前", ms("2024-02-10")},
		{"采暖季前", ms("2024-11-15")},
		{"供暖季前", ms("2024-11-15")},
		{"采暖季结束前", ms("2024-03-15")},
		{"2025年采暖季结束前", ms("2025-03-15")},
		{"汛期前", ms("2024-06-01")},
		{"主汛期前", ms("2024-07-20")},
		{"国庆节前", ms("2024-10-01")},
		{"秋冬季", win("2024-10-01", "2024-12-31")},
		{"秋冬季期间", win("2024-10-01", "2024-12-31")},
		{"夏季", win("2024-06-01", "2024-08-31")},
		{"汛期", win("2024-06-01", "2024-09-15")},
		// done whenever it comes up: never overdue
		{"重污染天气期间", ongoing},
		{"重污染天气应急期间", ongoing},
		{"随时", ongoing},
		{"及时", ongoing},
		// dates set elsewhere: milestones, the clerk sets the date
		{"适时", milestone},
		{"尽快", milestone},
		{"尽早完成", milestone},
		{"按要求", milestone},
		{"按上级要求", milestone},
		{"根据工作安排", milestone},
		{"按国家和市要求", milestone},
		{"按国家和市要求完成", milestone},
		{"按市统一部署推进", milestone},
		{"按时间节点完成", milestone},
		// compound: the last date
		{"年底前完成并长期坚持", data.Deadline{Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"2024年6月底前完成，长期坚持", ms("2024-06-30")},
		{"6月底前启动、年底前完成", data.Deadline{Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"6月底前启动\n9月底前完成", ms("2024-09-30")},
		{"2025年6月底前启动；9月底前建成", ms("2025-09-30")},
		{"年底前完成、适时", data.Deadline{Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"适时启动，长期坚持", milestone},
		{"每月；长期坚持", ongoing},
		{"持续至2025年", win("2024-01-01", "2025-12-31")},
		// a few words after the verb; recurring dates
		{"6月底前完成方案编制，年底前全面完成", data.Deadline{Kind: data.DeadlineYearEnd, Due: "2024-12-31"}},
		{"2024年9月底前完成方案编制", ms("2024-09-30")},
		{"每月5日前", ongoing},
		{"每季度末", ongoing},
		{"持续到2025年6月底", win("2024-01-01", "2025-06-30")},
	} {
		c.want.Text = strings.Join(strings.Fields(c.in), "")
		got, err := ParseDeadline(c.in, 2024)
		if err != nil || got != c.want {
			t.Errorf("ParseDeadline(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

// TestParseDeadlineGarbage: the boundary. Every part of a deadline must be
// one of the forms ParseDeadline reads, a verb and a few words after it
// allowed; a unit name, a sentence, a time word inside a sentence or
// before a long one, an event that is over or a year earlier than the
// plan's is refused with the text in the message.
func TestParseDeadlineGarbage(t *testing.T) {
	for bad, msg := range map[string]string{
		"区生态环境局":      "无法识别的完成时限“区生态环境局”",
		"各街道办事处、区城管委": "无法识别的完成时限“各街道办事处、区城管委”",
		"加强对施工工地的巡查力度，发现问题及时整改到位": "无法识别的完成时限“加强对施工工地的巡查力度，发现问题及时整改到位”",
		"年底前完成，区生态环境局负责":          "无法识别的完成时限“年底前完成，区生态环境局负责”",
		"在采暖季前做好准备工作":             "无法识别的完成时限“在采暖季前做好准备工作”",
		"春节后":                     "无法识别的完成时限“春节后”",
		"按照":                      "无法识别的完成时限“按照”",
		"按区里统一组织的检查考核工作方案中的有关具体要求": "无法识别的完成时限“按区里统一组织的检查考核工作方案中的有关具体要求”",
		"持续至适时":          "无法识别的完成时限“持续至适时”",
		"、":              "无法识别的完成时限“、”",
		"冬奥会前":           "完成时限“冬奥会前”（2022-02-04）早于计划年度 2024 年",
		"2023年春节前":       "完成时限“2023年春节前”是 2023 年的，早于计划年度 2024 年",
		"6月底前启动、13月底前完成": "完成时限“6月底前启动、13月底前完成”的月份不存在",
		"年底前完成全区所有重点区域的施工工地扬尘治理验收工作": "无法识别的完成时限“年底前完成全区所有重点区域的施工工地扬尘治理验收工作”",
		"完成方案编制":         "无法识别的完成时限“完成方案编制”",
		"每月开会":           "无法识别的完成时限“每月开会”",
		"6月底前启动9月底前完成":   "无法识别的完成时限“6月底前启动9月底前完成”", // parts need a 、 or a line between
		"2024.2.30":      "完成时限“2024.2.30”的日期不存在",
		"2023/12/31":     "完成时限“2023/12/31”是 2023 年的，早于计划年度 2024 年",
		"13月中旬":          "完成时限“13月中旬”的月份不存在",
		"至今":             "无法识别的完成时限“至今”",
		"6月底前（2025年3月前）": "无法识别的完成时限“6月底前（2025年3月前）”", // a remark with a time of its own
		"2024.13":        "完成时限“2024.13”的月份不存在",
	} {
		if d, err := ParseDeadline(bad, 2024); err == nil || err.Error() != msg {
			t.Errorf("ParseDeadline(%q) = %+v, %v; want %s", bad, d, err, msg)
		}
	}
	// 冬奥会前 in the plans before the games, a year without a known
	// Spring Festival a milestone.
	if d, err := ParseDeadline("冬奥会前", 2021); err != nil || d.Due != "2022-02-04" {
		t.Errorf("冬奥会前 in 2021: %+v, %v", d, err)
	}
	if d, err := ParseDeadline("春节前", 2040); err != nil || d.Kind != data.DeadlineMilestone || d.Due != "" {
		t.Errorf("春节前 in 2040: %+v, %v", d, err)
	}
}

// TestSpringFestivalTable: every Spring Festival of the table falls between
// 1-21 and 2-20, as the lunar new year always does, in its year.
func TestSpringFestivalTable(t *testing.T) {
	for y := 2020; y <= 2035; y++ {
		day, ok := springFestival[y]
		if !ok || day < "01-21" || day > "02-20" {
			t.Errorf("Spring Festival %d: %q", y, day)
		}
	}
}
