package cli

import (
	"bytes"
	"os"
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
	if code, _, _ := runCLI(t, db, "report", "--month", "2023-06", "--unit", "区水务局", "--annex", "1", "-o", filepath.Join(dir, "x.pdf")); code != 2 {
		t.Errorf("--unit with --annex: exit %d, want 2", code)
	}
	if code, _, _ := runCLI(t, db, "report", "--month", "2023-06", "-o", filepath.Join(dir, "x.doc")); code != 2 {
		t.Errorf("format doc: exit %d, want 2", code)
	}
}
