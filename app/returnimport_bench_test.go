package app

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkImport40Returns imports 40 filled returns of one month, each
// with its unit's real measures (every row changed), into a fresh ledger:
// read, check, preview and apply, one transaction per return.
func BenchmarkImport40Returns(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	seed := filepath.Join(dir, "seed.db")
	a, err := Open(ctx, testStorage, seed)
	if err != nil {
		b.Fatal(err)
	}
	units, err := a.ReturnUnits(ctx, 2023)
	if err != nil {
		b.Fatal(err)
	}
	if len(units) < 40 {
		b.Fatalf("only %d units send returns", len(units))
	}
	var files []string
	rows := 0
	for _, u := range units[:40] {
		p, want := fillReturn(b, a, u.Name, june, dir, nil)
		files = append(files, p)
		rows += len(want)
	}
	a.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := filepath.Join(dir, "run.db")
		os.Remove(db)
		copyFile(b, seed, db)
		a, err := Open(ctx, testStorage, db)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		outs := a.PrepareImports(ctx, files, ImportTarget{}, nil)
		a.ApplyImports(ctx, outs, nil, nil)
		b.StopTimer()
		for _, o := range outs {
			if o.Err != nil || o.Record == nil || o.Record.Changed == 0 {
				b.Fatalf("%s: %+v, %v", o.Path, o.Record, o.Err)
			}
		}
		a.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(rows), "rows/op")
}

func copyFile(tb testing.TB, src, dst string) {
	tb.Helper()
	in, err := os.Open(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}
