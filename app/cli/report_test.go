package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.db")
	for _, c := range []struct{ file, magic string }{{"月报.pdf", "%PDF-"}, {"月报.xlsx", "PK"}} {
		out := filepath.Join(dir, c.file)
		code, stdout, stderr := runCLI(t, db, "report", "--month", "2023-06", "--unit", "区水务局", "-o", out)
		if code != 0 || !strings.Contains(stdout, "已生成月报") {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", c.file, code, stdout, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(b, []byte(c.magic)) {
			t.Errorf("%s: %v, starts %q", c.file, err, b[:min(len(b), 5)])
		}
	}
	// --detail adds the appendix of every unit's texts to the district PDF.
	if code, _, stderr := runCLI(t, db, "progress", "set", "--unit", "区水务局", "--month", "2023-06", "--measure", "3.13.1", "--status", "序时推进", "--progress", "完成河道巡查12次，清理垃圾3.5吨，整改排水口8处，复查全部合格"); code != 0 {
		t.Fatalf("progress set: %d %s", code, stderr)
	}
	for _, detail := range []bool{false, true} {
		out := filepath.Join(dir, "全区.pdf")
		args := []string{"report", "--month", "2023-06", "-o", out}
		if detail {
			args = append(args, "--detail")
		}
		if code, _, stderr := runCLI(t, db, args...); code != 0 {
			t.Fatalf("district report: exit %d, %s", code, stderr)
		}
		bin, err := exec.LookPath("pdftotext")
		if err != nil {
			t.Skip("pdftotext not installed")
		}
		raw, err := exec.Command(bin, out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(raw)), "")
		if strings.Contains(text, "附表：各单位填报明细") != detail || strings.Contains(text, "整改排水口8处，复查全部合格") != detail {
			t.Errorf("--detail %v: appendix %v, full text %v", detail, strings.Contains(text, "附表：各单位填报明细"), strings.Contains(text, "复查全部合格"))
		}
	}
	if code, _, _ := runCLI(t, db, "report", "--month", "2023-06", "--unit", "区水务局", "--annex", "1", "-o", filepath.Join(dir, "x.pdf")); code != 2 {
		t.Errorf("--unit with --annex: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, db, "report", "--month", "2023-06", "-o", filepath.Join(dir, "x.doc")); code != 2 {
		t.Errorf("format doc: exit %d, want 2", code)
	}
}
