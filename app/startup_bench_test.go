package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

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

// startupLedger is the ledger the start-up benchmarks open: the embedded
// 2023 plan and the plans of the years-1 years after it, imported from plan
// workbooks; a full year of entries from every unit on every measure in
// each; a December return of a street and of a department imported in
// each; mb MB of evidence in 8 MB files spread over the years, units,
// measures and months; every month closed but the newest year's last, which
// the clerk is working on (generateLedger). It returns the ledger's path.
//
// Generating gigabytes takes minutes, so when TAIZHANG_BENCH_LEDGER names a
// file the ledger is generated there once and reused by later runs (a
// ledger left there for another shape, or by a generation cut short, is
// refused); otherwise it goes into tb's temporary folder.
func startupLedger(tb testing.TB, years, mb int) string {
	tb.Helper()
	path := os.Getenv("TAIZHANG_BENCH_LEDGER")
	if path == "" {
		path = filepath.Join(tb.TempDir(), "taizhang.db")
	}
	shape := fmt.Sprintf("%d years, %d MB of evidence\n", years, mb)
	done := path + ".generated"
	switch got, err := os.ReadFile(done); {
	case err == nil && string(got) == shape:
		tb.Logf("reusing %s (%s)", path, strings.TrimSpace(shape))
		return path
	case err == nil:
		tb.Fatalf("%s holds a ledger of %s, not %s: remove it and %s", path, strings.TrimSpace(string(got)), strings.TrimSpace(shape), done)
	}
	if _, err := os.Stat(path); err == nil {
		tb.Fatalf("%s exists but was not generated to the end: remove it", path)
	}
	generateLedger(tb, path, years, mb)
	if err := os.WriteFile(done, []byte(shape), 0o644); err != nil {
		tb.Fatal(err)
	}
	return path
}

// generateLedger writes the ledger startupLedger describes at path, month
// by month as the clerks fill it (a year's plan imported before its
// months; each month's entries, then its evidence, then the month closed),
// so that entries, audit and evidence lie interleaved in the file as in a
// ledger used for years.
func generateLedger(tb testing.TB, path string, years, mb int) {
	tb.Helper()
	ctx := context.Background()
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer a.Close()
	if err := a.SetClerk(ctx, "王芳"); err != nil {
		tb.Fatal(err)
	}
	if err := a.SetMyUnit(ctx, DistrictCoordinator); err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	for yi := range years {
		y := 2023 + yi
		if y > 2023 {
			pi, err := a.PreparePlanImportData(ctx, fmt.Sprintf("%d年行动计划.xlsx", y), planWorkbook(tb, relabelledPlan(tb, y)), 0)
			if err != nil {
				tb.Fatal(err)
			}
			if err := a.ApplyPlanImport(ctx, pi, false); err != nil {
				tb.Fatal(err)
			}
		}
		for mi, m := range data.PlanMonths(y) {
			fillMonth(tb, a, m)
			if mi == 11 {
				for _, unit := range []string{"德胜街道", "区水务局"} {
					ret, _ := fillReturn(tb, a, unit, m, dir, nil)
					mustImport(tb, a, ret, ImportTarget{Unit: unit})
				}
			}
			addEvidence(tb, a, m, yi, years, mb)
			if yi == years-1 && mi == 11 {
				break // the month the clerk is working on
			}
			if err := a.CloseMonth(ctx, m); err != nil {
				tb.Fatal(err)
			}
		}
	}
}

// addEvidence adds month m's share of mb MB of evidence in 8 MB files over
// the years: file i goes to the (i%years)-th year (m's is the yi-th), to
// the ((i/years)%12)-th month, and within these to the units, and their
// measures, in turn.
func addEvidence(tb testing.TB, a *App, m data.Month, yi, years, mb int) {
	tb.Helper()
	ctx := context.Background()
	const fileMB = 8
	units, err := a.Units(ctx, m.Year())
	if err != nil {
		tb.Fatal(err)
	}
	var names []string
	for _, u := range units {
		if u.Kind != data.UnitGroup && u.Lead+u.Co > 0 {
			names = append(names, u.Name)
		}
	}
	for i := 0; i < mb/fileMB; i++ {
		k := i / years // the file's number within its year
		if i%years != yi || data.PlanMonths(m.Year())[k%12] != m {
			continue
		}
		unit := names[k%len(names)]
		rows, err := a.FindMeasures(ctx, data.MeasureFilter{Year: m.Year(), Unit: unit})
		if err != nil {
			tb.Fatal(err)
		}
		in := data.EvidenceInput{
			Unit: unit, MeasureID: rows[(k/len(names))%len(rows)].Measure.ID, Month: m,
			Name: fmt.Sprintf("检查照片%04d.jpg", i),
		}
		if _, err := a.db.AddEvidence(ctx, m.Year(), in, &noise{n: fileMB << 20, x: uint64(i)*0x9E3779B97F4A7C15 + 1}, "基准测试"); err != nil {
			tb.Fatal(err)
		}
	}
}

// startWindow does what the GUI does before its main window is usable
// (ui.Run, newMainWindow, loadUnits, reload, backupAtStart): check the
// ledger is there, open it (the opening check, store.DB.OpenCheck; a -wal
// left beside it; the debris of a cut-short backup), pick the year and
// list the years for the year picker, load the year's unit directory and
// the clerk's settings, the district's progress for the month the filter
// bar starts on, and read when the last full check and backup were.
func startWindow(tb testing.TB, path string) {
	ctx := context.Background()
	if err := CheckLedger(path); err != nil {
		tb.Fatal(err)
	}
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer a.Close()
	year, err := a.DefaultYear(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	if ys := a.Years(); year != a.NewestYear() || a.KeptWAL().Path != "" || a.Debris().Files > 0 {
		tb.Fatalf("year %d of %v, kept WAL %+v, debris %+v", year, ys, a.KeptWAL(), a.Debris())
	}
	if _, err := a.Units(ctx, year); err != nil {
		tb.Fatal(err)
	}
	a.ClerkIsSet(ctx)
	a.Clerk(ctx)
	if _, err := a.MyUnit(ctx); err != nil {
		tb.Fatal(err)
	}
	v, err := a.Progress(ctx, startMonth(year, time.Now()), data.MeasureFilter{Year: year})
	if err != nil || len(v.Measures) == 0 {
		tb.Fatalf("progress of %d: %v", year, err)
	}
	if _, err := a.CheckDue(ctx); err != nil {
		tb.Fatal(err)
	}
	if _, err := a.BackupDue(ctx); err != nil {
		tb.Fatal(err)
	}
}

// startMonth is the month the filter bar starts on for year (ui's
// defaultMonth): the latest of its months that has begun by now, else its
// last.
func startMonth(year int, now time.Time) data.Month {
	ms := data.PlanMonths(year)
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i] <= data.Month(now.Format("2006-01")) {
			return ms[i]
		}
	}
	return ms[len(ms)-1]
}

// benchmarkStartup measures startWindow on a ledger of years plan years
// (startupLedger) with TAIZHANG_BENCH_EVIDENCE_MB of evidence, 1 GB by
// default; it reports the entries the ledger holds, its size and how long
// the history check the window then runs in the background took, once
// (from a cold disk in a run of one iteration after dropping the page
// cache, as the loop reads no more of the entries than a month's).
func benchmarkStartup(b *testing.B, years int) {
	path := startupLedger(b, years, benchEvidenceMB(b))
	for b.Loop() {
		startWindow(b, path)
	}
	b.StopTimer()
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	a, err := Open(context.Background(), testStorage, path)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	t := time.Now()
	if problems, err := a.HistoryCheck(context.Background()); err != nil || len(problems) > 0 {
		b.Fatalf("history check: %v, %v", problems, err)
	}
	b.ReportMetric(float64(time.Since(t).Milliseconds()), "ms-history-check")
	entries := 0
	for _, y := range a.Years() {
		es, err := a.db.Entries(context.Background(), data.EntryFilter{Year: y})
		if err != nil {
			b.Fatal(err)
		}
		entries += len(es)
	}
	b.ReportMetric(float64(entries), "entries")
	b.ReportMetric(float64(fi.Size())/(1<<20), "MB-db")
}

// BenchmarkStartupFullYear measures start-up (startWindow) on a ledger of
// one plan year, 2023, with a full year of entries and 1 GB of evidence.
func BenchmarkStartupFullYear(b *testing.B) { benchmarkStartup(b, 1) }

// BenchmarkStartupFiveYears measures start-up (startWindow) on a ledger of
// five plan years, 2023 to 2027, each with a full year of entries, and
// 1 GB of evidence over them; TAIZHANG_BENCH_EVIDENCE_MB=10240 makes it the
// 10 GB ledger start-up must open in half a second.
func BenchmarkStartupFiveYears(b *testing.B) { benchmarkStartup(b, 5) }
