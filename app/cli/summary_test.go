package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestProgressSummary(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	// 2-1.20.1 is led by 区生态环境局 alone.
	mustRun(t, db, "progress", "set", "--unit", "区生态环境局", "--month", "2023-06", "--measure", "2-1.20.1", "--progress", "已完成评估方案")
	show := func() summaryOut {
		t.Helper()
		var s summaryOut
		out := mustRun(t, db, "progress", "summary", "show", "--month", "2023-06", "--measure", "2-1.20.1", "--format", "json")
		if err := json.Unmarshal([]byte(out), &s); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, out)
		}
		return s
	}
	if s := show(); !s.Drafted || s.Progress != "【区生态环境局】已完成评估方案" {
		t.Fatalf("draft %+v", s)
	}
	out := mustRun(t, db, "progress", "summary", "set", "--month", "2023-06", "--measure", "2-1.20.1", "--text", "全区评估方案已印发", "--next", "7月验收")
	if !strings.Contains(out, "已保存区级汇总") {
		t.Errorf("set said %q", out)
	}
	if s := show(); s.Drafted || s.Progress != "全区评估方案已印发" || s.NextSteps != "7月验收" || s.Problems != "" || s.UpdatedAt == nil {
		t.Fatalf("stored %+v", s)
	}
	text := mustRun(t, db, "progress", "summary", "show", "--month", "2023-06", "--measure", "2-1.20.1")
	if !strings.Contains(text, "进展情况：全区评估方案已印发") || !strings.Contains(text, "下步计划：7月验收") {
		t.Errorf("text %q", text)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--month", "2023-06", "--measure", "2-1.20.1"}, "至少要给出"},
		{[]string{"--month", "2023-06", "--measure", "9.9.9", "--text", "x"}, "9.9.9"},
		{[]string{"--measure", "2-1.20.1", "--text", "x"}, "--month"},
	} {
		code, _, errOut := runCLI(t, db, append([]string{"progress", "summary", "set"}, c.args...)...)
		if code == 0 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q", c.args, code, errOut)
		}
	}
	mustRun(t, db, "month", "close", "2023-06")
	code, _, errOut := runCLI(t, db, "progress", "summary", "set", "--month", "2023-06", "--measure", "2-1.20.1", "--text", "改")
	if code == 0 || !strings.Contains(errOut, "已关账") {
		t.Errorf("closed month: exit %d, %q", code, errOut)
	}
}
