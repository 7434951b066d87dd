package app

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// crashEnv names the database the crash child works on.
const crashEnv = "TAIZHANG_CRASH_DB"

// crashKillsEnv sets how many times TestCrashSafety kills the child
// (default 24, fewer with -short).
const crashKillsEnv = "TAIZHANG_CRASH_KILLS"

// The measure and unit the crash child writes entries and evidence to,
// and the unit and month of the returns it imports.
const (
	crashUnit        = "区水务局"
	crashMeasure     = "3.13.1"
	crashMonth       = data.Month("2023-06")
	crashReturnUnit  = "德胜街道办事处"
	crashReturnMonth = data.Month("2023-07")
)

// TestCrashChild is the child process of TestCrashSafety: it attaches
// evidence files of random sizes, writes entries and imports returns in a
// loop, printing after each commit what it committed, until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("run by TestCrashSafety")
	}
	ctx := context.Background()
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...); out.Flush() }
	seq, _ := strconv.Atoi(os.Getenv(crashEnv + "_SEQ"))
	// Inside the parent's temporary folder: a killed child cleans up nothing.
	dir, err := os.MkdirTemp(filepath.Dir(path), "child-")
	if err != nil {
		say("ERR %v", err)
		os.Exit(3)
	}
	tpl := filepath.Join(dir, TemplateFileName(crashReturnUnit, crashReturnMonth))
	if err := a.WriteReturnTemplate(ctx, crashReturnUnit, crashReturnMonth, tpl); err != nil {
		say("ERR %v", err)
		os.Exit(3)
	}
	say("READY")
	for i := 0; ; i++ {
		seq++
		switch rand.IntN(3) {
		case 0:
			id := importCrashReturn(t, a, tpl, dir, seq)
			say("IMPORT %d %d", id, seq)
		case 1:
			content := make([]byte, rand.IntN(3<<20)+1)
			for j := range content {
				content[j] = byte(rand.Uint32())
			}
			f := filepath.Join(dir, fmt.Sprintf("证据%d.bin", seq))
			if err := os.WriteFile(f, content, 0o644); err != nil {
				say("ERR %v", err)
				os.Exit(3)
			}
			e, err := a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, f, "")
			if err != nil {
				say("ERR %v", err)
				os.Exit(3)
			}
			sum := sha256.Sum256(content)
			say("EVIDENCE %d %s %d", e.ID, hex.EncodeToString(sum[:]), len(content))
			os.Remove(f)
		default:
			text := fmt.Sprintf("第%d次", seq)
			if _, err := a.SetEntry(ctx, data.EntryInput{Unit: crashUnit, MeasureID: crashMeasure, Month: crashMonth, Progress: &text}); err != nil {
				say("ERR %v", err)
				os.Exit(3)
			}
			say("ENTRY %d", seq)
		}
	}
}

// importCrashReturn fills every row of the return template tpl with the
// progress 导入第n次, imports it, and returns the import's ID.
func importCrashReturn(t *testing.T, a *App, tpl, dir string, n int) int64 {
	out := datatest.EditWorkbook(t, tpl, filepath.Join(dir, fmt.Sprintf("回执-%d.xlsx", n)), func(f *excelize.File) {
		st, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
		pr, _ := datatest.Column(t, f, returns.ReturnSheet, returns.FieldProgress)
		for _, row := range templateRows(t, f) {
			datatest.SetCell(t, f, returns.ReturnSheet, st, row, string(data.StatusOnTrack))
			datatest.SetCell(t, f, returns.ReturnSheet, pr, row, fmt.Sprintf("导入第%d次", n))
		}
	})
	defer os.Remove(out)
	p, err := a.PrepareImport(context.Background(), out, ImportTarget{})
	if err == nil {
		var r *data.ReturnImport
		if r, err = a.ApplyImport(context.Background(), p, true); err == nil {
			return r.ID
		}
	}
	fmt.Println("ERR", err)
	os.Exit(3)
	return 0
}

// TestCrashSafety runs TestCrashChild in a child process, SIGKILLs it at a
// random moment, reopens the ledger and checks that it is sound, holds
// every commit the child reported, whole, and that opening left none of the
// program's temporary files; many times over.
func TestCrashSafety(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("in the child")
	}
	kills := 24
	if testing.Short() {
		kills = 8
	}
	if n, err := strconv.Atoi(os.Getenv(crashKillsEnv)); err == nil {
		kills = n
	}
	saved := debrisAge
	debrisAge = 0 // the debris of a kill a second ago is debris
	t.Cleanup(func() { debrisAge = saved })
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()

	evidence := map[int64]string{} // every reported evidence file: "sha size"
	lastEntry := 0                 // the last reported entry's number
	imports := map[int64]int{}     // every reported import: its number
	seq := 0                       // numbers used so far
	var commits, evidenceBytes, lost int64
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+path, fmt.Sprintf("%s_SEQ=%d", crashEnv, seq))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
			close(lines)
		}()
		if l := <-lines; l != "READY" {
			t.Fatalf("child %d started with %q", k, l)
		}
		kill := time.After(time.Duration(rand.IntN(600)+20) * time.Millisecond)
		killed := false
		for !killed {
			select {
			case <-kill:
				cmd.Process.Kill() // SIGKILL
				killed = true
			case l, ok := <-lines:
				if !ok {
					t.Fatalf("child %d ended by itself", k)
				}
				commits++
				f := strings.Fields(l)
				switch f[0] {
				case "EVIDENCE":
					id, _ := strconv.ParseInt(f[1], 10, 64)
					evidence[id] = f[2] + " " + f[3]
					n, _ := strconv.ParseInt(f[3], 10, 64)
					evidenceBytes += n
				case "ENTRY":
					lastEntry, _ = strconv.Atoi(f[1])
				case "IMPORT":
					id, _ := strconv.ParseInt(f[1], 10, 64)
					imports[id], _ = strconv.Atoi(f[2])
				default:
					t.Fatalf("child %d: %s", k, l)
				}
			}
		}
		for l := range lines { // reported before the kill landed
			if f := strings.Fields(l); len(f) > 0 && f[0] == "EVIDENCE" {
				id, _ := strconv.ParseInt(f[1], 10, 64)
				evidence[id] = f[2] + " " + f[3]
			} else if len(f) > 0 && f[0] == "ENTRY" {
				lastEntry, _ = strconv.Atoi(f[1])
			} else if len(f) > 0 && f[0] == "IMPORT" {
				id, _ := strconv.ParseInt(f[1], 10, 64)
				imports[id], _ = strconv.Atoi(f[2])
			}
		}
		cmd.Wait()
		seq += 1000 // the next child's numbers start above anything this one wrote

		lost += checkAfterCrash(t, ctx, path, evidence, lastEntry, imports)
		for _, dir := range []string{filepath.Dir(path), DefaultBackupDir(path)} {
			if left, _ := filepath.Glob(filepath.Join(dir, ".taizhang-*")); len(left) > 0 {
				t.Errorf("kill %d: temporary files left after opening: %v", k, left)
			}
		}
	}
	t.Logf("crash points tried: %d kills, %d commits reported (%d evidence files of %s, %d return imports), bytes lost: %d",
		kills, commits, len(evidence), FormatBytes(evidenceBytes), len(imports), lost)
	if lost != 0 {
		t.Errorf("%d bytes of committed evidence lost", lost)
	}
}

// checkAfterCrash reopens the ledger after a kill and checks it: sound,
// every reported evidence file present with its content, every reported
// import recorded, the entry at least as new as the last reported one, the
// newest import's entries all there, nothing half written. It returns the
// bytes of reported evidence that are missing or wrong.
func checkAfterCrash(t *testing.T, ctx context.Context, path string, evidence map[int64]string, lastEntry int, imports map[int64]int) (lost int64) {
	t.Helper()
	a, err := Open(ctx, testStorage, path) // runs the quick check
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer a.Close()
	if problems, err := a.FullCheck(ctx, nil); err != nil || problems != nil {
		t.Fatalf("full check after kill: %q, %v", problems, err)
	}
	stored := map[int64]string{}
	es, err := a.ListEvidence(ctx, data.EvidenceFilter{WithRemoved: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		stored[e.ID] = fmt.Sprintf("%s %d", e.SHA256, e.Size)
	}
	for id, want := range evidence {
		if stored[id] != want {
			t.Errorf("evidence %d reported as %s, stored as %q", id, want, stored[id])
			n, _ := strconv.ParseInt(strings.Fields(want)[1], 10, 64)
			lost += n
		}
	}
	raw, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if lastEntry > 0 {
		var progress string
		var n int
		raw.QueryRowContext(ctx, "SELECT progress FROM entries WHERE unit = ? AND measure_id = ? AND month = ?",
			crashUnit, crashMeasure, string(crashMonth)).Scan(&progress)
		fmt.Sscanf(progress, "第%d次", &n)
		if n < lastEntry {
			t.Errorf("entry holds %q, but number %d was reported committed", progress, lastEntry)
		}
	}
	for id, n := range imports {
		var name string
		if err := raw.QueryRowContext(ctx, "SELECT file_name FROM return_imports WHERE id = ?", id).Scan(&name); err != nil || name != fmt.Sprintf("回执-%d.xlsx", n) {
			t.Errorf("import %d (回执-%d.xlsx) reported, stored as %q, %v", id, n, name, err)
		}
	}
	// The newest import and its entries are there together: every entry of
	// its unit and month holds its number.
	var newest, unit, month string
	if err := raw.QueryRowContext(ctx, "SELECT file_name, unit, month FROM return_imports ORDER BY id DESC LIMIT 1").Scan(&newest, &unit, &month); err == nil {
		var want int
		fmt.Sscanf(newest, "回执-%d.xlsx", &want)
		var total, match int
		raw.QueryRowContext(ctx, "SELECT count(*), count(*) FILTER (WHERE progress = ?) FROM entries WHERE unit = ? AND month = ?",
			fmt.Sprintf("导入第%d次", want), unit, month).Scan(&total, &match)
		if total == 0 || match != total {
			t.Errorf("newest import %s: %d of its %d entries hold its text", newest, match, total)
		}
	}
	for _, q := range []string{
		"SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.evidence_id = e.id)",
		"SELECT count(*) FROM blobs WHERE sha256 IS NULL",
		"SELECT count(*) FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM evidence e WHERE e.blob_id = b.id) AND NOT EXISTS (SELECT 1 FROM return_imports r WHERE r.blob_id = b.id)",
		"SELECT count(*) FROM entries e WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.unit = e.unit AND a.measure_id = e.measure_id AND a.month = e.month AND a.new = e.progress)",
	} {
		var n int
		if err := raw.QueryRowContext(ctx, q).Scan(&n); err != nil || n != 0 {
			t.Errorf("half-written rows after kill: %s = %d, %v", q, n, err)
		}
	}
	return lost
}
