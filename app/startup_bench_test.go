package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"taizhang/data"
)

// benchEvidenceMB is the evidence the start-up benchmark's ledger holds, in
// MB: 1024 unless TAIZHANG_BENCH_EVIDENCE_MB says otherwise.
func benchEvidenceMB(tb testing.TB) int {
	if s := os.Getenv("TAIZHANG_BENCH_EVIDENCE_MB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			tb.Fatalf("TAIZHANG_BENCH_EVIDENCE_MB=%q is not a number of MB", s)
		}
		return n
	}
	return 1024
}

// noise is a reader of n pseudo-random bytes (xorshift64 seeded by x), so
// no two evidence files share content and nothing is deduplicated.
type noise struct {
	n int64
	x uint64
}

func (r *noise) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n {
		p = p[:r.n]
	}
	i := 0
	for ; i+8 <= len(p); i += 8 {
		r.x ^= r.x << 13
		r.x ^= r.x >> 7
		r.x ^= r.x << 17
		for k := range 8 {
			p[i+k] = byte(r.x >> (8 * k))
		}
	}
	for ; i < len(p); i++ {
		p[i] = byte(r.x >> (8 * (i % 8)))
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// fullYearLedger writes a ledger with a full year of entries from every
// unit on every measure that concerns it, and mb MB of evidence in 8 MB
// files spread over the units, measures and months; it returns its path.
func fullYearLedger(tb testing.TB, mb int) (path string, entries int) {
	tb.Helper()
	ctx := context.Background()
	path = filepath.Join(tb.TempDir(), "taizhang.db")
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer a.Close()
	for _, m := range a.Months(2023) {
		entries += fillMonth(tb, a, m)
	}
	rows, err := a.FindMeasures(ctx, data.MeasureFilter{Year: 2023, Unit: "德胜街道"})
	if err != nil {
		tb.Fatal(err)
	}
	const fileMB = 8
	months := a.Months(2023)
	for i := 0; i < mb/fileMB; i++ {
		in := data.EvidenceInput{
			Unit: "德胜街道", MeasureID: rows[i%len(rows)].Measure.ID, Month: months[i%len(months)],
			Name: fmt.Sprintf("检查照片%03d.jpg", i),
		}
		if _, err := a.db.AddEvidence(ctx, 2023, in, &noise{n: fileMB << 20, x: uint64(i)*0x9E3779B97F4A7C15 + 1}, "基准测试"); err != nil {
			tb.Fatal(err)
		}
	}
	return path, entries
}

// BenchmarkStartupFullYear measures what the GUI does before its window is
// usable, on a ledger with a year of entries and 1 GB of evidence: open the
// file (checking its schema and tables, not the evidence's bytes), load the plan, the units, the clerk's
// settings and the month's progress for the district.
func BenchmarkStartupFullYear(b *testing.B) {
	ctx := context.Background()
	mb := benchEvidenceMB(b)
	path, entries := fullYearLedger(b, mb)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		a, err := Open(ctx, testStorage, path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.Plan(ctx, 2023); err != nil {
			b.Fatal(err)
		}
		if _, err := a.Units(ctx, 2023); err != nil {
			b.Fatal(err)
		}
		a.Clerk(ctx)
		if _, err := a.MyUnit(ctx); err != nil {
			b.Fatal(err)
		}
		if _, err := a.Progress(ctx, "2023-12", data.MeasureFilter{Year: 2023}); err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
	b.ReportMetric(float64(entries), "entries")
	b.ReportMetric(float64(fi.Size())/(1<<20), "MB-db")
}
