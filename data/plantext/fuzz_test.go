package plantext

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"

	"taizhang/assets"
)

// FuzzParse feeds the plan parser broken and altered plan texts. It must
// never panic; an error names the line in Chinese; a plan
// it accepts is whole: unique measure IDs, every measure with a deadline
// and at least one lead unit, every unit in the directory. Seeds: the real
// plan, as saved with a BOM, CRLF and full-width spaces, and the corpus in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add(assets.PlanText2023)
	f.Add("\uFEFF" + strings.ReplaceAll(strings.ReplaceAll(assets.PlanText2023, "\n", "\r\n"), " ", "\u3000"))
	f.Fuzz(checkParse)
}

// checkParse parses text and checks what FuzzParse promises: an error that
// is a Chinese sentence, or a whole plan.
func checkParse(t *testing.T, text string) {
	p, err := Parse(text)
	if err != nil {
		if msg := err.Error(); !strings.ContainsFunc(msg, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("error message %q is not a Chinese sentence", msg)
		}
		return
	}
	if p.Year == 0 || len(p.Annexes) == 0 {
		t.Fatalf("accepted a plan without year or annexes: %+v", p)
	}
	units := map[string]bool{}
	for _, u := range p.Units {
		units[u.Name] = true
	}
	ids := map[string]bool{}
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, tk := range s.Tasks {
				for _, m := range tk.Measures {
					if ids[m.ID] || !strings.HasPrefix(m.ID, a.Code+".") {
						t.Errorf("measure ID %q repeated or outside annex %s", m.ID, a.Code)
					}
					ids[m.ID] = true
					if len(m.Lead) == 0 || m.Deadline.Kind == "" || strings.TrimSpace(m.Text) == "" {
						t.Errorf("measure %s accepted without lead, deadline or text: %+v", m.ID, m)
					}
					for _, u := range append(append([]string{}, m.Lead...), m.Co...) {
						if !units[u] {
							t.Errorf("measure %s names %q, not in the unit directory", m.ID, u)
						}
					}
				}
			}
		}
	}
}

// TestMutatedTexts runs checkParse over the text altered line by line as
// a careless edit or another conversion would (lines dropped, repeated,
// cells replaced by headers, headings, numbers, split measures, page
// numbers), a few hundred times: the fuzzer's property on every test run.
func TestMutatedTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seed := strings.Split(assets.PlanText2023, "\n")
	cellTexts := []string{"", "5", "序号", "一、新章节", "（一）新小节", "  ", "甲。  乙。", "附件 9", "— 3 —", "区外星局", "明年"}
	for i := 0; i < 300; i++ {
		lines := slices.Clone(seed)
		for range 1 + r.IntN(4) {
			j := r.IntN(len(lines))
			switch r.IntN(3) {
			case 0:
				lines = slices.Delete(lines, j, j+1)
			case 1:
				lines = slices.Insert(lines, j, lines[r.IntN(len(lines))])
			case 2:
				cells := strings.Split(lines[j], "\t")
				cells[r.IntN(len(cells))] = cellTexts[r.IntN(len(cellTexts))]
				lines[j] = strings.Join(cells, "\t")
			}
		}
		checkParse(t, strings.Join(lines, "\n"))
	}
}

// FuzzParseDeadline: any printed deadline is parsed or refused, never
// panics, and a parsed one has a kind and, unless ongoing or by milestone,
// a due date within the plan year (or a later year the text names).
func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"年底前", "6月底", "9月底前", "6-9月", "长期实施", "持续推进", "按时间节点完成", "", "13月底", "2-1月", "明年", "2024年第三季度", "２０２５年底前", "4月31日前"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		d, err := ParseDeadline(text, 2023)
		if err != nil {
			return
		}
		if d.Kind == "" {
			t.Fatalf("ParseDeadline(%q) = %+v without kind", text, d)
		}
		if d.Due != "" && d.Due < "2023-01-01" || d.Due > "2023-12-31" && !yearIn.MatchString(foldDigits(text)) {
			t.Errorf("ParseDeadline(%q) due %q outside 2023", text, d.Due)
		}
		if d.From != "" && d.From > d.Due {
			t.Errorf("ParseDeadline(%q): window %s to %s", text, d.From, d.Due)
		}
	})
}
