package reports

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"taizhang/assets"
	"taizhang/data/datatest"
)

// typedTexts are progress texts as clerks type them, with every kind of
// punctuation, number and symbol the line breaker must keep right.
var typedTexts = []string{
	"本月组织开展专项检查12次，出动执法人员1,234人次，发现问题86处，已整改完成62.5%；累计完成率达到100%。",
	"完成PM₂.₅监测站点维护3个（德胜、什刹海、月坛），月均浓度较去年同期下降8.3%（同比）。",
	"召开“清洁空气”专题调度会2次，印发《西城区2023年大气污染防治工作方案》1份【已存档】。",
	"①推进雨污分流改造，完成管线敷设1.2公里；②开展河道巡查45次，清理垃圾3.5吨；③其他。",
	"夏季高温期间（日最高气温≥35℃）错峰施工，VOCs排放量减少约0.8吨……下一步——确保按期销号！",
	"完成老旧小区供热管网改造Ⅱ期工程，涉及居民2,860户、面积18.6万平方米，投资±5%以内，‰级精度？",
	"“双随机、一公开”检查：共检查企业27家，责令整改4家；「重点」『难点』问题已于2023年7月15日前完成。",
}

// lineBreakViolation says what is wrong where line i of a paragraph's lines
// meets line i+1, or "".
func lineBreakViolation(prev, next string) string {
	p, n := []rune(prev), []rune(next)
	if len(p) == 0 || len(n) == 0 {
		return ""
	}
	last, first := p[len(p)-1], n[0]
	switch {
	case strings.ContainsRune(noLineStart, first):
		return fmt.Sprintf("line starts with %q", first)
	case strings.ContainsRune(noLineEnd, last):
		return fmt.Sprintf("line ends with %q", last)
	case isDigit(last) && (isDigit(first) || first == ',' || first == '.' || first == '%'):
		return "number split"
	case (last == ',' || last == '.') && isDigit(first) && len(p) > 1 && isDigit(p[len(p)-2]):
		return "number split at its separator"
	case isDigit(last) && !strings.ContainsRune(noLineEnd, first) && !isWordRune(first) && first != ' ':
		return fmt.Sprintf("number split from its unit %q", first)
	}
	return ""
}

// TestLineBreakingRules lays out the real plan text and the typed texts at
// the widths of every column and checks each break: no line starts with
// closing punctuation or ends with opening punctuation, no number is split
// from its separators, decimals or unit; lines fit their width and lose no
// character.
func TestLineBreakingRules(t *testing.T) {
	w := newPDFWriter(&Monthly{})
	w.setSize(bodyFont)
	var paras []string
	for l := range strings.Lines(assets.PlanText2023) {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, strings.ReplaceAll(l, "\t", " "))
		}
	}
	paras = append(paras, typedTexts...)
	widths := map[float64]bool{}
	for _, cols := range [][]column{districtColumns, unitColumns, detailColumns} {
		for _, cw := range w.widthsOf(cols) {
			widths[cw-2*cellPad] = true
		}
	}
	breaks, bad := 0, 0
	for width := range widths {
		for _, para := range paras {
			lines := w.wrap(para, width)
			if got := strings.Join(lines, ""); got != para {
				t.Fatalf("width %.1f: wrapping lost text:\n%q\n%q", width, para, got)
			}
			for i, l := range lines {
				if lw := w.textWidth(l); lw > width+0.01 && len([]rune(l)) > 1 {
					t.Errorf("width %.1f: line %q is %.1f mm wide", width, l, lw)
				}
				if i == 0 {
					continue
				}
				breaks++
				// A cluster wider than the whole line (a long code or URL)
				// must be cut; that is the only excuse.
				if v := lineBreakViolation(lines[i-1], l); v != "" && !longCluster(w, para, width) {
					bad++
					if bad <= 20 {
						t.Errorf("width %.1f: %s: %q | %q", width, v, lines[i-1], l)
					}
				}
			}
		}
	}
	if breaks < 5000 {
		t.Errorf("only %d line breaks checked", breaks)
	}
	t.Logf("%d line breaks checked over %d paragraphs at %d widths", breaks, len(paras), len(widths))
}

// longCluster reports whether para holds a piece that cannot fit width.
func longCluster(w *pdfWriter, para string, width float64) bool {
	for _, c := range clusters([]rune(para)) {
		if w.textWidth(string(c)) > width {
			return true
		}
	}
	return false
}

// TestClusters pins the pieces a line may break between.
func TestClusters(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"出动1,234人次", "出|动|1,234人|次"},
		{"完成62.5%；", "完|成|62.5%；"},
		{"（同比）。", "（同|比）。"},
		{"PM₂.₅浓度", "PM₂.₅浓|度"},
		{"≥35℃）", "≥35℃）"},
		{"《方案》1份", "《方|案》|1份"},
		{"2023年7月", "2023年|7月"},
	} {
		var parts []string
		for _, p := range clusters([]rune(c.in)) {
			parts = append(parts, string(p))
		}
		if got := strings.Join(parts, "|"); got != c.want {
			t.Errorf("clusters(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// pages is the text of every page, spaces and line breaks removed.
func pages(t *testing.T, b []byte) []string {
	t.Helper()
	ps := strings.Split(pdfText(t, b), "\f")
	for i, p := range ps {
		ps[i] = strings.Join(strings.Fields(p), "")
	}
	return ps[:len(ps)-1] // the text ends with a form feed
}

// districtSample is a district report: a measure whose summary runs over a
// page, many short ones, and the units' details.
func districtSample(groups int) *Monthly {
	m := &Monthly{Title: "《西城区深入打好污染防治攻坚战2023年行动计划》6月工作进展情况", Subtitle: "全区汇总",
		Unit: "区生态环境局", Month: "2023年6月", Printed: "2023年7月5日", District: true}
	long := strings.Repeat("【德胜街道】组织开展河道巡查和排水户排查，推进雨污分流改造。\n", 120)
	for g := range groups {
		grp := Group{Annex: fmt.Sprintf("附件%d", g+1), Title: fmt.Sprintf("测试计划%d", g+1)}
		m.Summary = append(m.Summary, SummaryRow{Annex: grp.Annex, Title: grp.Title})
		for s := range 3 {
			sec := Section{No: []string{"一", "二", "三"}[s], Title: fmt.Sprintf("测试章节%d-%d", g+1, s+1)}
			for i := range 2 + (g+s)%4 {
				id := fmt.Sprintf("X%d-%d-%d", g+1, s+1, i+1)
				r := Row{ID: id, No: fmt.Sprint(s + 1), Task: "推进能源绿色低碳发展", Measure: "大力开展能源节约和能效提升。" + strings.Repeat("推进落实。", (g*7+i*3)%12),
					Deadline: "年底前", Lead: "区发展改革委", Status: []string{StatusDone, StatusLate, StatusOnTrack}[i%3],
					Units:   []UnitStatus{{"区发展改革委", StatusLate, true}, {"德胜街道", StatusOnTrack, false}},
					Summary: "【区发展改革委】已完成月度调度。",
					Details: []UnitDetail{{Unit: "区发展改革委", Status: StatusLate, Lead: true, Progress: "已完成月度调度。"}, {Unit: "德胜街道", Status: StatusOnTrack, Progress: "配合推进。"}}}
				if g == 0 && s == 0 && i == 1 {
					r.Summary = long
					r.Details[1].Progress = long
				}
				sec.Rows = append(sec.Rows, r)
				m.Summary[g].Add(r.Status)
			}
			grp.Sections = append(grp.Sections, sec)
		}
		m.Groups = append(m.Groups, grp)
	}
	return m
}

// TestDistrictTable checks the district main table read back: the unit
// line and the summary print, not the units' texts; a row longer than a
// page continues with 序号, ID（续） and its status on every page; the
// appendix prints only when asked.
func TestDistrictTable(t *testing.T) {
	m := districtSample(3)
	b, err := PDF(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps := pages(t, b)
	all := strings.Join(ps, "")
	for _, want := range []string{"各单位完成状态", "区级汇总进展", "区发展改革委滞后", "【区发展改革委】已完成月度调度。", "注：措施的完成状态按主责单位的填报汇总"} {
		if !strings.Contains(all, want) {
			t.Errorf("district PDF lacks %q", want)
		}
	}
	if strings.Contains(all, "附表：各单位填报明细") || strings.Contains(all, "配合推进。") {
		t.Error("the units' texts print without the appendix being asked for")
	}
	// X1-1-2's summary runs over pages; every page after its first says
	// what it continues.
	var cont []int
	for i, p := range ps {
		// The 序号 column wraps 续 under the ID.
		if strings.Contains(p, "X1-1-2") && strings.Contains(p, "（续）") {
			cont = append(cont, i)
			if !strings.Contains(p, StatusLate) {
				t.Errorf("page %d continues X1-1-2 without its status", i+1)
			}
		}
	}
	if len(cont) < 2 {
		t.Errorf("X1-1-2 continues on %d pages, want at least 2 (pages %v)", len(cont), cont)
	}
	m.Detail = true
	b, err = PDF(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps = pages(t, b)
	all = strings.Join(ps, "")
	for _, want := range []string{"附表：各单位填报明细", "区发展改革委（主责）", "德胜街道序时推进配合推进。", "X3-3-1推进能源绿色低碳发展：大力开展"} {
		if !strings.Contains(all, want) {
			t.Errorf("appendix lacks %q", want)
		}
	}
	// 德胜街道's long text on X1-1-2 continues under its measure and name.
	n := 0
	for _, p := range ps {
		if strings.Contains(p, "德胜街道（续）") && strings.Contains(p, "X1-1-2") {
			n++
		}
	}
	if n < 2 {
		t.Errorf("the appendix's continuation names the measure and unit on %d pages, want at least 2", n)
	}
}

// TestUnitLine joins the units' statuses, neighbours with the same status
// sharing it.
func TestUnitLine(t *testing.T) {
	r := Row{Units: []UnitStatus{{"区生态环境局", StatusOnTrack, true}, {"德胜街道", StatusLate, true}, {"什刹海街道", StatusLate, true}, {"区水务局", StatusOnTrack, false}}}
	if got, want := r.UnitLine(), "区生态环境局 序时推进；德胜街道、什刹海街道 滞后；区水务局 序时推进"; got != want {
		t.Errorf("UnitLine = %q, want %q", got, want)
	}
	if got := (Row{}).UnitLine(); got != "" {
		t.Errorf("no units: %q", got)
	}
	if got := (Row{}).EvidenceCount(); got != "无" {
		t.Errorf("no evidence: %q", got)
	}
}

// TestNoOrphanBands checks at many page fillings that an annex or section
// band never ends a page (the first row under every band is on the band's
// page) and that a row shorter than a page is never split.
func TestNoOrphanBands(t *testing.T) {
	for groups := 1; groups <= 6; groups++ {
		m := districtSample(groups)
		b, err := PDF(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		ps := pages(t, b)
		table := 0 // the main table's first page: the summary names the annexes too
		for i, p := range ps {
			if strings.Contains(p, "、工作进展情况") {
				table = i
				break
			}
		}
		pageOf := func(s string, from int) int {
			for i := from; i < len(ps); i++ {
				if strings.Contains(ps[i], s) {
					return i
				}
			}
			return -1
		}
		checked, from := 0, table
		for gi, g := range m.Groups {
			for si, s := range g.Sections {
				first := s.Rows[0].ID
				band := s.No + "、" + s.Title
				p := pageOf(band, from)
				if p < 0 {
					t.Fatalf("band %q not found", band)
				}
				if pageOf(first, p) != p {
					t.Errorf("%d annexes: band %q on page %d without its first row %s", groups, band, p+1, first)
				}
				if si == 0 {
					if ap := pageOf(g.Annex+g.Title, from); ap != p {
						t.Errorf("%d annexes: annex band %d on page %d, its first section on %d", groups, gi+1, ap+1, p+1)
					}
				}
				checked++
				from = p
				// A row that fits a page is never split.
				for _, r := range s.Rows {
					n := 0
					for _, pg := range ps {
						if strings.Contains(pg, r.ID) {
							n++
						}
					}
					if n != 1 && r.ID != "X1-1-2" {
						t.Errorf("%d annexes: row %s is on %d pages", groups, r.ID, n)
					}
				}
			}
		}
		if checked == 0 {
			t.Fatal("no band checked")
		}
	}
}

// TestMarginsAndPlaceholder reads the words' boxes back: nothing prints in
// the binding margin or the right margin, and a character no font draws
// prints as □ and is listed once.
func TestMarginsAndPlaceholder(t *testing.T) {
	m := districtSample(2)
	odd := "\U0001F600" // an emoji: in no embedded font
	m.Groups[0].Sections[0].Rows[0].Summary = "完成" + odd + "检查，气温35℃，PM₂.₅下降" + odd
	if got := MissingGlyphs(m.Text()); string(got) != odd {
		t.Errorf("MissingGlyphs = %q, want %q once", string(got), odd)
	}
	for _, binding := range []float64{0, 30} {
		m.BindingMargin = binding
		b, err := PDF(m, nil)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(pdfText(t, b)), "")
		if !strings.Contains(text, "完成□检查，气温35℃，PM₂.₅下降□") {
			t.Errorf("placeholder or fallback glyphs missing from %q", text[:min(len(text), 400)])
		}
		out := datatest.PDFText(t, b, "-bbox")
		left := max(binding, MinBindingMargin) * 72 / 25.4
		right := (pageW - marginRight) * 72 / 25.4
		minX, maxX := 1e9, 0.0
		for l := range strings.Lines(out) {
			if !strings.Contains(l, "<word ") {
				continue
			}
			x0, x1 := attr(t, l, "xMin"), attr(t, l, "xMax")
			minX, maxX = min(minX, x0), max(maxX, x1)
		}
		if minX < left || maxX > right+0.5 {
			t.Errorf("binding %v: words span %.1f–%.1f pt, want within %.1f–%.1f", binding, minX, maxX, left, right)
		}
	}
}

func attr(t *testing.T, line, name string) float64 {
	t.Helper()
	_, v, ok := strings.Cut(line, name+"=\"")
	if !ok {
		t.Fatalf("no %s in %q", name, line)
	}
	v, _, _ = strings.Cut(v, "\"")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestCompletionRate leaves 不涉及 out of the denominator and counts
// 未启动 and 不涉及 as 其他.
func TestCompletionRate(t *testing.T) {
	var s SummaryRow
	for _, st := range []string{StatusDone, StatusNA, StatusNA, StatusNotStarted, StatusOnTrack} {
		s.Add(st)
	}
	if s.Rate() != "33.3%" || s.Other != 3 || s.NA != 2 || s.Measures != 5 {
		t.Errorf("rate %s, other %d, NA %d, measures %d", s.Rate(), s.Other, s.NA, s.Measures)
	}
	var na SummaryRow
	na.Add(StatusNA)
	if na.Rate() != "—" {
		t.Errorf("only 不涉及: rate %s, want —", na.Rate())
	}
	m := &Monthly{Summary: []SummaryRow{s, na}}
	if tot := m.Total(); tot.NA != 3 || tot.Rate() != "33.3%" {
		t.Errorf("total %+v rate %s", tot, tot.Rate())
	}
}
