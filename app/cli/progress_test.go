package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// showJSON runs progress show and decodes it.
func showJSON(t *testing.T, db string, args ...string) progressOut {
	t.Helper()
	code, out, errOut := runCLI(t, db, append([]string{"progress", "show", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("progress show: exit %d: %s", code, errOut)
	}
	var p progressOut
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return p
}

func findMeasure(p progressOut, id string) measureProgressOut {
	for _, m := range p.Measures {
		if m.ID == id {
			return m
		}
	}
	return measureProgressOut{}
}

func mustRun(t *testing.T, db string, args ...string) string {
	t.Helper()
	code, out, errOut := runCLI(t, db, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	return out
}

func TestProgressSetAndShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	// 2-1.20.1 (6月底) is led by 区生态环境局 alone.
	mustRun(t, db, "progress", "set", "--unit", "区生态环境局", "--month", "2023-06", "--measure", "2-1.20.1",
		"--status", "推进中", "--progress", "已完成评估方案", "--problems", "无", "--next", "6月底前完成")
	june := showJSON(t, db, "--month", "2023-06")
	m := findMeasure(june, "2-1.20.1")
	if m.DistrictStatus != "序时推进" || m.Overdue || !m.DueThisMonth || len(m.Entries) != 1 ||
		m.Entries[0].Status != "序时推进" || m.Entries[0].Progress != "已完成评估方案" || m.Entries[0].Role != "lead" {
		t.Errorf("2023-06: %+v", m)
	}
	if len(june.Measures) != 137 || june.Counts["未报送"] != 136 || june.Counts["序时推进"] != 1 {
		t.Errorf("2023-06 counts %v over %d measures", june.Counts, len(june.Measures))
	}
	// Not done by the end of June: overdue in July, whatever today's date is.
	mustRun(t, db, "progress", "set", "--unit", "区生态环境局", "--month", "2023-07", "--measure", "2-1.20.1", "--status", "序时推进")
	if m := findMeasure(showJSON(t, db, "--month", "2023-07"), "2-1.20.1"); m.DistrictStatus != "滞后" || !m.Overdue {
		t.Errorf("2023-07: %+v", m)
	}
	// A partial update keeps the other fields.
	mustRun(t, db, "progress", "set", "--unit", "区生态环境局", "--month", "2023-06", "--measure", "2-1.20.1", "--status", "完成")
	m = findMeasure(showJSON(t, db, "--month", "2023-06"), "2-1.20.1")
	if m.DistrictStatus != "已完成" || m.Entries[0].Progress != "已完成评估方案" || m.Entries[0].NextSteps != "6月底前完成" {
		t.Errorf("after partial update: %+v", m)
	}
	// A unit's view has only its measures and its own entries.
	street := showJSON(t, db, "--month", "2023-06", "--unit", "德胜街道")
	if street.Unit != "德胜街道" || len(street.Measures) != 64 || len(findMeasure(street, "2-1.20.1").Entries) != 0 {
		t.Errorf("德胜街道 view: %d measures", len(street.Measures))
	}
	text := mustRun(t, db, "progress", "show", "--month", "2023-07", "--format", "text")
	if !strings.Contains(text, "2-1.20.1") || !strings.Contains(text, "逾期") {
		t.Errorf("text view: %s", text)
	}
}

func TestProgressSetRefusesBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	mustRun(t, db, "plan", "units") // seed
	before := mustRun(t, db, "audit", "--format", "json")
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"--unit", "火星街道", "--month", "2023-06", "--measure", "1.1.1", "--status", "已完成"}, []string{"火星街道", "可用的单位", "德胜街道"}},
		{[]string{"--unit", "区生态环境局", "--month", "2023-06", "--measure", "9.9.9", "--status", "已完成"}, []string{"9.9.9", "可用的措施编号", "1.1.1"}},
		{[]string{"--unit", "区生态环境局", "--month", "2024-01", "--measure", "1.1.1", "--status", "已完成"}, []string{"2024-01", "2023-01 至 2023-12"}},
		{[]string{"--unit", "区生态环境局", "--month", "六月", "--measure", "1.1.1", "--status", "已完成"}, []string{"六月"}},
		{[]string{"--unit", "区生态环境局", "--month", "2023-06", "--measure", "1.1.1", "--status", "差不多"}, []string{"差不多", "未启动、序时推进、滞后、已完成、不涉及"}},
		{[]string{"--unit", "德胜街道", "--month", "2023-06", "--measure", "1.1.1", "--status", "已完成"}, []string{"德胜街道", "1.1.1"}},
		{[]string{"--unit", "区生态环境局", "--month", "2023-06", "--measure", "1.1.1"}, []string{"--status"}},
	} {
		code, out, errOut := runCLI(t, db, append([]string{"progress", "set"}, c.args...)...)
		if code == 0 || out != "" {
			t.Errorf("%v: exit %d, stdout %q", c.args, code, out)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr lacks %q: %s", c.args, w, errOut)
			}
		}
		if strings.Contains(errOut, "内部错误") {
			t.Errorf("%v: a clerk's mistake reported as an internal error: %s", c.args, errOut)
		}
	}
	if after := mustRun(t, db, "audit", "--format", "json"); after != before {
		t.Errorf("refused input changed the audit log:\n%s", after)
	}
	if p := showJSON(t, db, "--month", "2023-06"); p.Counts["未报送"] != 137 {
		t.Errorf("refused input wrote entries: %v", p.Counts)
	}
}

func TestEvidenceAddGet(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	photo := filepath.Join(dir, "检查照片.jpg")
	content := bytes.Repeat([]byte("not really a jpeg "), 5000)
	if err := os.WriteFile(photo, content, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(content)
	hash := hex.EncodeToString(sum[:])
	out := mustRun(t, db, "evidence", "add", "--unit", "德胜街道", "--month", "2023-06", "--measure", "2-1.14.5", "--desc", "6月检查", photo)
	if !strings.Contains(out, hash) {
		t.Errorf("add output lacks the hash: %s", out)
	}
	m := findMeasure(showJSON(t, db, "--month", "2023-06", "--unit", "德胜街道"), "2-1.14.5")
	if len(m.Evidence) != 1 || m.Evidence[0].SHA256 != hash || m.Evidence[0].Name != "检查照片.jpg" ||
		m.Evidence[0].Size != int64(len(content)) || m.Evidence[0].MIME != "image/jpeg" || m.Evidence[0].Description != "6月检查" {
		t.Errorf("evidence %+v", m.Evidence)
	}
	got := filepath.Join(dir, "out.jpg")
	mustRun(t, db, "evidence", "get", "--sha256", hash, "-o", got)
	if b, err := os.ReadFile(got); err != nil || !bytes.Equal(b, content) {
		t.Errorf("extracted file differs (%v)", err)
	}
	// A missing file among several: nothing is added.
	code, _, errOut := runCLI(t, db, "evidence", "add", "--unit", "德胜街道", "--month", "2023-06", "--measure", "2-1.14.5", photo, filepath.Join(dir, "nope.pdf"))
	if code == 0 || !strings.Contains(errOut, "nope.pdf") {
		t.Errorf("missing file: exit %d %s", code, errOut)
	}
	if m := findMeasure(showJSON(t, db, "--month", "2023-06", "--unit", "德胜街道"), "2-1.14.5"); len(m.Evidence) != 1 {
		t.Errorf("%d evidence rows after a refused add", len(m.Evidence))
	}
	code, _, errOut = runCLI(t, db, "evidence", "get", "--sha256", strings.Repeat("0", 64), "-o", filepath.Join(dir, "x"))
	if code == 0 || errOut == "" {
		t.Errorf("unknown hash: exit %d", code)
	}
}

func TestMonthCloseAndAudit(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	set := []string{"progress", "set", "--unit", "区水务局", "--month", "2023-03", "--measure", "3.13.1", "--status", "序时推进"}
	mustRun(t, db, set...)
	mustRun(t, db, "month", "close", "2023-03")
	code, _, errOut := runCLI(t, db, append(set[:len(set)-1], "已完成")...)
	if code == 0 || !strings.Contains(errOut, "已关账") {
		t.Errorf("edit in a closed month: exit %d %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, db, "month", "close", "2023-03"); code == 0 || errOut == "" {
		t.Error("closing twice accepted")
	}
	mustRun(t, db, "month", "reopen", "2023-03")
	mustRun(t, db, append(set[:len(set)-1], "已完成")...)
	audit := mustRun(t, db, "audit", "--measure", "3.13.1")
	for _, w := range []string{"完成状态", "序时推进", "已完成"} {
		if !strings.Contains(audit, w) {
			t.Errorf("audit lacks %q:\n%s", w, audit)
		}
	}
	all := mustRun(t, db, "audit", "--month", "2023-03")
	if !strings.Contains(all, "关账") || !strings.Contains(all, "重新开启") {
		t.Errorf("month close/reopen not audited:\n%s", all)
	}
}
