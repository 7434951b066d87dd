package returns

import (
	"regexp"
	"strconv"
	"strings"
)

// headingLabels end the value of one label of the heading line.
var headingLabels = []string{"填报单位", "填报月份", "填报人", "联系电话", "审核人", "填报日期", "报送日期"}

var (
	// monthText is a month as clerks write it: 2023年6月, 2023-06, 2023/6, 六月.
	monthText   = regexp.MustCompile(`^(?:(\d{4})\s*(?:年|[-/.])\s*)?(\d{1,2}|[一二三四五六七八九十]{1,3})(?:\s*月份?|[-/.]\d{1,2}日?|$)`)
	yearMonth   = regexp.MustCompile(`(\d{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月`)
	chineseNums = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
)

// readHeading reads the unit and month that the lines above a return's table
// name: the values after 填报单位 and 填报月份 (in the label's cell, else the
// next cell of its row); without a 填报月份 label, the first 2023年6月 above
// the table.
func readHeading(rows []rawRow) Heading {
	var h Heading
	var fallback, fallbackCell string
	for _, r := range rows {
		for i, c := range r.cells {
			ref := cell(i+1, r.row)
			if h.UnitCell == "" {
				if v, ok := labelValue(r.cells, i, "填报单位"); ok {
					h.UnitCell = ref
					if f := strings.Fields(v); len(f) > 0 {
						h.Unit = NormalizeSpace(strings.TrimSuffix(strings.TrimSuffix(f[0], "（盖章）"), "(盖章)"))
					}
				}
			}
			if h.MonthCell == "" {
				if v, ok := labelValue(r.cells, i, "填报月份"); ok {
					h.MonthCell, h.MonthText = ref, NormalizeSpace(v)
				}
			}
			if fallbackCell == "" {
				if m := yearMonth.FindString(c); m != "" {
					fallback, fallbackCell = m, ref
				}
			}
		}
	}
	if h.MonthCell == "" && fallbackCell != "" {
		h.MonthCell, h.MonthText = fallbackCell, NormalizeSpace(fallback)
	}
	h.Year, h.MonthNo = parseMonthText(h.MonthText)
	return h
}

// labelValue returns the text after label in cells[i], cut at the next
// label; when nothing follows it in the cell, the next non-blank cell.
func labelValue(cells []string, i int, label string) (string, bool) {
	j := strings.Index(cells[i], label)
	if j < 0 {
		return "", false
	}
	v := strings.TrimLeft(cells[i][j+len(label):], " \t\u3000:：")
	for _, l := range headingLabels {
		if k := strings.Index(v, l); k >= 0 {
			v = v[:k]
		}
	}
	if strings.TrimSpace(v) == "" {
		for _, c := range cells[i+1:] {
			if strings.TrimSpace(c) != "" {
				return strings.TrimSpace(c), true
			}
		}
	}
	return strings.TrimSpace(v), true
}

// parseMonthText reads a month as written: the year (0 when none is
// written) and the month, 0 when the text is not a month (2023年13月).
func parseMonthText(s string) (year, month int) {
	m := monthText.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0
	}
	year, _ = strconv.Atoi(m[1])
	month, err := strconv.Atoi(m[2])
	if err != nil {
		month = chineseNums[m[2]]
	}
	if month < 1 || month > 12 {
		return year, 0
	}
	return year, month
}
