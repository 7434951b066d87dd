package planfile

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"taizhang/data"
	"taizhang/data/plantext"
)

func plan2023(t testing.TB) *data.Plan {
	t.Helper()
	p, err := plantext.Default()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// samePlan compares what a reader gives with the parsed plan: header,
// annexes (codes, titles, sections, tasks, measure IDs, texts, deadlines,
// units) and indicator tables.
func samePlan(t *testing.T, got, want *data.Plan) {
	t.Helper()
	if got.Year != want.Year || got.Title != want.Title || got.DocNo != want.DocNo || got.Date != want.Date {
		t.Errorf("header %d %q %q %q, want %d %q %q %q", got.Year, got.Title, got.DocNo, got.Date, want.Year, want.Title, want.DocNo, want.Date)
	}
	if len(got.Annexes) != len(want.Annexes) {
		t.Fatalf("%d annexes, want %d", len(got.Annexes), len(want.Annexes))
	}
	for i, a := range want.Annexes {
		g := got.Annexes[i]
		if g.Code != a.Code || g.Title != a.Title || len(g.Sections) != len(a.Sections) {
			t.Errorf("annex %s %q %d sections, want %s %q %d", g.Code, g.Title, len(g.Sections), a.Code, a.Title, len(a.Sections))
			continue
		}
		for si, s := range a.Sections {
			gs := g.Sections[si]
			if gs.No != s.No || gs.Title != s.Title || len(gs.Tasks) != len(s.Tasks) {
				t.Errorf("annex %s section %s %q %d tasks, want %s %q %d", a.Code, gs.No, gs.Title, len(gs.Tasks), s.No, s.Title, len(s.Tasks))
				continue
			}
			for ti, tk := range s.Tasks {
				gt := gs.Tasks[ti]
				if gt.No != tk.No || gt.Name != tk.Name || len(gt.Measures) != len(tk.Measures) {
					t.Errorf("annex %s task %s %q %d measures, want %s %q %d", a.Code, gt.No, gt.Name, len(gt.Measures), tk.No, tk.Name, len(tk.Measures))
					continue
				}
				for mi, m := range tk.Measures {
					if !reflect.DeepEqual(gt.Measures[mi], m) {
						t.Errorf("measure %s:\n got %+v\nwant %+v", m.ID, gt.Measures[mi], m)
					}
				}
			}
		}
	}
	if !reflect.DeepEqual(got.Indicators, want.Indicators) {
		t.Errorf("indicators:\n got %+v\nwant %+v", got.Indicators, want.Indicators)
	}
}

func TestRoundTripWorkbook(t *testing.T) {
	want := plan2023(t)
	b, err := writeWorkbook(want)
	if err != nil {
		t.Fatal(err)
	}
	picked := append([]byte(nil), b...)
	res := Read(Source{Name: "计划2023.xlsx", Data: b}, Options{Year: 2023})
	if !bytes.Equal(b, picked) {
		t.Error("the file read was changed")
	}
	if res.Format != FormatXLSX || len(res.Problems) > 0 || len(res.Missing) > 0 || !res.OK() {
		t.Fatalf("format %s, problems %v, missing %v", res.Format, res.Problems, res.Missing)
	}
	samePlan(t, res.Plan, want)
	if n := countMeasures(res.Plan); n < 100 || n != countMeasures(want) || len(res.Units) < 40 {
		t.Errorf("%d measures, %d units", n, len(res.Units))
	}
	t.Logf("%d measures, %d units, %d bytes", countMeasures(res.Plan), len(res.Units), len(b))
}

func countMeasures(p *data.Plan) int {
	n := 0
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, tk := range s.Tasks {
				n += len(tk.Measures)
			}
		}
	}
	return n
}

func TestSummarize(t *testing.T) {
	got := Summarize(plan2023(t))
	if len(got) != 5 {
		t.Fatalf("%d annexes", len(got))
	}
	total := 0
	for _, s := range got {
		n := 0
		for _, k := range s.Deadlines {
			n += k
		}
		if n != s.Measures || s.Sections == 0 || s.Tasks == 0 {
			t.Errorf("annex %s: %+v", s.Code, s)
		}
		total += s.Measures
	}
	if total != 137 || got[1].Code != "2-1" {
		t.Errorf("%d measures; %+v", total, got)
	}
}

func TestProblemsError(t *testing.T) {
	ps := Problems{{File: "a.xlsx", Sheet: "附件1", Row: 2, Col: 3, Text: "x"}, {File: "a.xlsx", Text: "y"}}
	if ps.Error() != "文件“a.xlsx”，工作表“附件1”，第 2 行 C 列：x\n文件“a.xlsx”：y" {
		t.Errorf("%q", ps.Error())
	}
	var de *data.Error
	if !errors.As(error(ps), &de) || de.Code != data.EINVALID {
		t.Errorf("not EINVALID: %v", de)
	}
}
