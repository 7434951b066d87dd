package cli

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// TestPlanDueOfAnUndatedDeadline imports a flat-list plan whose 按上级要求
// and 适时 have no date: the preview names both cells; plan due dates one,
// which then is overdue and 滞后 in a later month, and "" undoes it.
func TestPlanDueOfAnUndatedDeadline(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	doc := filepath.Join("..", "..", "reports", "planfile", "testdata", "blind", "f1-flat-list.docx")
	wantRun(t, db, 0, []string{
		"没有具体日期的完成时限（2 条：导入后按时间节点处理，不算逾期；日期可用 taizhang plan due 措施编号 日期 设定）",
		"表1，第 6 行第 3 列：措施 3.2.1 的完成时限“按上级要求”没有具体日期",
		"表1，第 8 行第 3 列：措施 3.2.3 的完成时限“适时”没有具体日期",
		"截止日期早于印发日期的措施（1 条",
		"  措施 3.1.2 的完成时限“春节前”截止 2024-02-10，早于印发日期 2024-03-08",
		"已导入 2024 年行动计划：8 条措施",
	}, "plan", "import", doc, "--doc-no", "西政办发〔2024〕2号", "--date", "2024-03-08", "--yes")
	due := func() (string, bool, string) {
		t.Helper()
		out := wantRun(t, db, 0, nil, "progress", "show", "--month", "2024-06", "--format", "json")
		var raw struct {
			Measures []map[string]any `json:"measures"`
		}
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatal(err)
		}
		for _, m := range raw.Measures {
			if m["id"] == "3.2.1" {
				return m["due"].(string), m["overdue"].(bool), m["district_status"].(string)
			}
		}
		t.Fatalf("no 3.2.1 in\n%s", out)
		return "", false, ""
	}
	if d, over, st := due(); d != "" || over || st != "未报送" {
		t.Errorf("undated: due %q overdue %v %s", d, over, st)
	}
	wantRun(t, db, 0, []string{"已设定：2024 年措施 3.2.1 截止 2024-05-31"}, "plan", "due", "3.2.1", "2024-05-31")
	if d, over, st := due(); d != "2024-05-31" || !over || st != "滞后" {
		t.Errorf("dated by the clerk: due %q overdue %v %s", d, over, st)
	}
	wantRun(t, db, 1, []string{"没有编号为 3.9.9 的措施"}, "plan", "due", "3.9.9", "2024-05-31")
	wantRun(t, db, 2, []string{"请给出措施编号和截止日期"}, "plan", "due", "3.2.1")
	wantRun(t, db, 0, []string{"已恢复：2024 年措施 3.2.1 按计划的完成时限"}, "plan", "due", "3.2.1", "")
	if d, over, _ := due(); d != "" || over {
		t.Errorf("restored: due %q overdue %v", d, over)
	}
}
