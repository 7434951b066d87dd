package data_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers checks the dependency rules with go list: the domain package
// data imports nothing of ours and no database; reports and its
// subpackages never reach the SQLite store or Fyne; ui imports no database
// package and not the store (it reaches the ledger only through app); app
// leaves file formats to reports (it imports neither excelize nor
// archive/zip).
func TestLayers(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command:", err)
	}
	out, err := exec.Command(goTool, "list", "-tags", "migrated_fynedo",
		"-f", `{{.ImportPath}}|{{join .Imports " "}}|{{join .Deps " "}}`,
		"taizhang/data", "taizhang/reports/...", "taizhang/ui/...", "taizhang/app/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	storage := func(p string) bool {
		return p == "database/sql" || p == "taizhang/data/store" || strings.HasPrefix(p, "modernc.org/")
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		pkg, imports, deps := f[0], strings.Fields(f[1]), strings.Fields(f[2])
		seen[strings.SplitN(pkg, "/", 2)[1]] = true
		switch {
		case pkg == "taizhang/data":
			for _, d := range deps {
				if strings.HasPrefix(d, "taizhang/") || storage(d) || strings.Contains(d, ".") {
					t.Errorf("%s depends on %s; it must import only the standard library", pkg, d)
				}
			}
		case strings.HasPrefix(pkg, "taizhang/reports"):
			for _, d := range deps {
				if storage(d) || d == "taizhang/app" || strings.HasPrefix(d, "fyne.io/") {
					t.Errorf("%s depends on %s", pkg, d)
				}
			}
		case strings.HasPrefix(pkg, "taizhang/ui"):
			for _, d := range imports {
				if storage(d) {
					t.Errorf("%s imports %s; the UI reaches the ledger only through app", pkg, d)
				}
			}
		case strings.HasPrefix(pkg, "taizhang/app"):
			for _, d := range imports {
				if d == "archive/zip" || strings.HasPrefix(d, "github.com/xuri/excelize") {
					t.Errorf("%s imports %s; file formats belong in reports", pkg, d)
				}
			}
		}
	}
	for _, p := range []string{"data", "reports", "ui", "app"} {
		if !seen[p] {
			t.Errorf("go list did not list taizhang/%s", p)
		}
	}
}
