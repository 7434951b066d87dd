package data_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayers checks the dependency rules with go list (without test
// files): the domain package data imports nothing of ours and no
// database; reports and its subpackages never reach the SQLite store or
// Fyne; ui and its subpackages, app and app/cli depend neither on the store
// nor on SQLite, directly or not: app reaches the ledger through its
// Ledger interface, and only app/sqlite, which main alone imports, wires
// the store in; app leaves file formats to reports (it imports neither
// excelize nor archive/zip).
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
		return p == "database/sql" || p == "taizhang/data/store" || p == "taizhang/app/sqlite" || strings.HasPrefix(p, "modernc.org/")
	}
	notStd := func(p string) bool {
		return strings.HasPrefix(p, "taizhang/") || storage(p) || strings.Contains(p, ".")
	}
	aboveReports := func(p string) bool {
		return storage(p) || p == "taizhang/app" || strings.HasPrefix(p, "fyne.io/")
	}
	fileFormat := func(p string) bool {
		return p == "archive/zip" || strings.HasPrefix(p, "github.com/xuri/excelize")
	}
	// matching lists the deps that bad matches, "" for none.
	matching := func(deps []string, bad func(string) bool) string {
		var found []string
		for _, d := range deps {
			if bad(d) {
				found = append(found, d)
			}
		}
		return strings.Join(found, ", ")
	}
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		pkg, imports, deps := f[0], strings.Fields(f[1]), strings.Fields(f[2])
		seen[strings.SplitN(pkg, "/", 2)[1]] = true
		switch {
		case pkg == "taizhang/data":
			if d := matching(deps, notStd); d != "" {
				t.Errorf("%s depends on %s; it must import only the standard library", pkg, d)
			}
		case strings.HasPrefix(pkg, "taizhang/reports"):
			if d := matching(deps, aboveReports); d != "" {
				t.Errorf("%s depends on %s", pkg, d)
			}
		case strings.HasPrefix(pkg, "taizhang/ui"):
			if d := matching(deps, storage); d != "" {
				t.Errorf("%s depends on %s; the UI reaches the ledger only through app", pkg, d)
			}
		case strings.HasPrefix(pkg, "taizhang/app"):
			if d := matching(deps, storage); d != "" && pkg != "taizhang/app/sqlite" {
				t.Errorf("%s depends on %s; app reaches the ledger through its Ledger interface, which main wires to the store", pkg, d)
			}
			if d := matching(imports, fileFormat); d != "" {
				t.Errorf("%s imports %s; file formats belong in reports", pkg, d)
			}
		}
	}
	for _, p := range []string{"data", "reports", "ui", "app", "app/cli", "app/sqlite"} {
		if !seen[p] {
			t.Errorf("go list did not list taizhang/%s", p)
		}
	}
}
