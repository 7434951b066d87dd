package app

import (
	"context"
	"os"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/reports/returns"
)

// FuzzReadPackage feeds arbitrary bytes to the package reader: it must
// never panic, whatever it accepts must hold only safe paths and files
// whose content matches their SHA-256, and an accepted package must pass
// through the return's checks without a panic. The seeds are a real package and
// broken variants; more are committed in testdata/fuzz/FuzzReadPackage.
func FuzzReadPackage(f *testing.F) {
	a := mustOpen(f)
	pkg, _ := deshengPackage(f, a, f.TempDir())
	good, err := os.ReadFile(pkg)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	// Mutants that inflate up to the real bound (512 MiB) would take the
	// fuzzer's time; the bound is checked the same way at 4 MiB.
	old := returns.MaxPackageUnpacked
	returns.MaxPackageUnpacked = 4 << 20
	f.Cleanup(func() { returns.MaxPackageUnpacked = old })
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := returns.ReadPackage("fuzz.zip", b)
		if err != nil {
			if ErrorMessage(err) == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		if p.ReturnName == "" || strings.Contains(p.ReturnName, "/") {
			t.Errorf("accepted a package with the return %q", p.ReturnName)
		}
		for _, f := range p.Files {
			if !returns.CheckPackagePath(f.Path) || hexSum(f.Content) != f.SHA256 || int64(len(f.Content)) != f.Size || f.MeasureID == "" {
				t.Errorf("accepted file %q (%d bytes, %s)", f.Path, f.Size, f.SHA256)
			}
		}
		// An accepted package goes on to the return's checks against the
		// ledger, which only read it.
		pv, err := a.prepare(context.Background(), "fuzz.zip", b, ImportTarget{Unit: "德胜街道", Month: june}, nil, false)
		if err == nil && (pv.Unit != "德胜街道" || pv.Kind != data.ReturnPackage) {
			t.Errorf("preview of %s %s", pv.Unit, pv.Kind)
		}
		if err != nil && ErrorMessage(err) == "" {
			t.Error("an error without a message")
		}
	})
}
