package planfile

import (
	"strings"
	"testing"

	"taizhang/assets"
)

// TestText reads the text conversion the 2023 plan came in, as a file the
// clerk picked: the same plan as the built-in one, units as the directory
// names them.
func TestText(t *testing.T) {
	want := plan2023(t)
	res := Read(Source{Name: "xicheng-2023-action-plan.txt", Data: []byte(assets.PlanText2023)}, Options{Year: 2023})
	if res.Format != FormatText || len(res.Problems) > 0 || len(res.Missing) > 0 || !res.OK() {
		t.Fatalf("format %s problems %v missing %v", res.Format, res.Problems, res.Missing)
	}
	samePlan(t, res.Plan, want)
	if res.Plan.Units != nil || len(res.Units) != 41 {
		t.Errorf("plan units %d, names %d", len(res.Plan.Units), len(res.Units))
	}
	res = Read(Source{Name: "计划.txt", Data: []byte(assets.PlanText2023)}, Options{Year: 2024})
	if len(res.Problems) != 1 || res.Problems[0].Row == 0 || !strings.Contains(res.Problems[0].String(), "是 2023 年的计划，而导入的年度是 2024 年") {
		t.Errorf("year mismatch: %v", res.Problems)
	}
}
