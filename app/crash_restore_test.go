package app

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"taizhang/data"
	"taizhang/data/store"
)

// crashRestoreEnv names the ledger TestCrashRestoreChild works on.
const crashRestoreEnv = "TAIZHANG_CRASH_RESTORE_DB"

// TestCrashRestoreChild is the child of TestCrashBackupRestore: it writes
// an entry, backs up and restores that backup in a loop, printing each
// committed entry, until it is killed.
func TestCrashRestoreChild(t *testing.T) {
	path := os.Getenv(crashRestoreEnv)
	if path == "" {
		t.Skip("run by TestCrashBackupRestore")
	}
	ctx := context.Background()
	seq, _ := strconv.Atoi(os.Getenv(crashRestoreEnv + "_SEQ"))
	fail := func(err error) { fmt.Println("ERR", err); os.Exit(3) }
	fmt.Println("READY")
	for {
		a, err := Open(ctx, testStorage, path)
		if err != nil {
			fail(err)
		}
		seq++
		text := fmt.Sprintf("第%d次", seq)
		if _, err := a.SetEntry(ctx, data.EntryInput{Unit: crashUnit, MeasureID: crashMeasure, Month: crashMonth, Progress: &text}); err != nil {
			fail(err)
		}
		fmt.Println("ENTRY", seq)
		b, err := a.BackupNow(ctx, BackupAuto, nil)
		if err != nil {
			fail(err)
		}
		a.Close()
		if _, err := RestoreFile(ctx, testStorage, path, b.Path, nil); err != nil {
			fail(err)
		}
	}
}

// TestCrashBackupRestore kills backups and restores at random moments:
// afterwards the ledger opens, is sound and holds the last entry reported,
// every backup and kept copy in the backups folder passes the check (no
// truncated copy to be recommended), and opening removes the temporary
// files the killed work left.
func TestCrashBackupRestore(t *testing.T) {
	if os.Getenv(crashRestoreEnv) != "" {
		t.Skip("in the child")
	}
	kills := 12
	if testing.Short() {
		kills = 4
	}
	if n, err := strconv.Atoi(os.Getenv(crashKillsEnv)); err == nil {
		kills = max(4, n/4)
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
	a.SetClerk(ctx, "张三")
	ev := filepath.Join(t.TempDir(), "照片.jpg")
	os.WriteFile(ev, []byte(strings.Repeat("像素", 1<<20)), 0o644)
	if _, err := a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, ev, ""); err != nil {
		t.Fatal(err)
	}
	a.Close()

	last, seq := 0, 0
	var freed Debris
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRestoreChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashRestoreEnv+"="+path, fmt.Sprintf("%s_SEQ=%d", crashRestoreEnv, seq))
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() || sc.Text() != "READY" {
			t.Fatalf("child %d did not start: %q", k, sc.Text())
		}
		time.AfterFunc(time.Duration(rand.IntN(1500)+50)*time.Millisecond, func() { cmd.Process.Kill() })
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 2 && f[0] == "ENTRY" {
				last, _ = strconv.Atoi(f[1])
				continue
			}
			t.Fatalf("child %d: %s", k, sc.Text())
		}
		cmd.Wait()
		seq += 100000

		a, err := Open(ctx, testStorage, path)
		if err != nil {
			t.Fatalf("kill %d: reopen: %v", k, err)
		}
		freed.Files += a.Debris().Files
		freed.Bytes += a.Debris().Bytes
		if problems, err := a.FullCheck(ctx, nil); err != nil || problems != nil {
			t.Fatalf("kill %d: full check: %q, %v", k, problems, err)
		}
		es, err := a.db.Entries(ctx, data.EntryFilter{Unit: crashUnit, MeasureID: crashMeasure, Month: crashMonth})
		var n int
		if err == nil && len(es) == 1 {
			fmt.Sscanf(es[0].Progress, "第%d次", &n)
		}
		if n < last {
			t.Errorf("kill %d: the entry holds %d, but %d was reported committed (%v)", k, n, last, err)
		}
		if evs, _ := a.ListEvidence(ctx, data.EvidenceFilter{}); len(evs) != 1 {
			t.Errorf("kill %d: %d evidence files, want 1", k, len(evs))
		}
		a.Close()
		bs, err := listBackups(DefaultBackupDir(path))
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs {
			if err := store.VerifyBackup(ctx, b.Path, nil); err != nil {
				t.Errorf("kill %d: %s does not pass the check: %v", k, b.Name, err)
			}
		}
		for _, dir := range []string{filepath.Dir(path), DefaultBackupDir(path)} {
			left, _ := filepath.Glob(filepath.Join(dir, ".taizhang-*"))
			if len(left) > 0 {
				t.Errorf("kill %d: temporary files left after opening: %v", k, left)
			}
		}
	}
	t.Logf("%d kills during backups and restores; opening removed %d temporary files (%s); last entry %d", kills, freed.Files, FormatBytes(freed.Bytes), last)
}
