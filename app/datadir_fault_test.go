package app

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// crashMoveEnv names the ledger and the folder TestCrashMoveChild moves
// it into ("ledger|folder").
const crashMoveEnv = "TAIZHANG_CRASH_MOVE"

// TestCrashMoveChild is the child of TestCrashMove: it opens the ledger,
// says READY, moves it into the folder and waits to be killed.
func TestCrashMoveChild(t *testing.T) {
	path, dir, ok := strings.Cut(os.Getenv(crashMoveEnv), "|")
	if !ok {
		t.Skip("run by TestCrashMove")
	}
	ctx := context.Background()
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	fmt.Println("READY")
	if _, err := a.MoveTo(ctx, dir, nil); err != nil {
		fmt.Println("ERR", err)
		os.Exit(3)
	}
	fmt.Println("MOVED")
	time.Sleep(time.Hour)
}

// TestCrashMove kills a move of the data folder at random moments. At the
// next opening of the ledger the folder it was moving into either is the
// recorded data folder and holds a sound copy, or holds nothing: no
// unfinished copy (which a second try refused to overwrite, 已有一个台账数据库)
// and no temporary file; and the move can be tried again.
func TestCrashMove(t *testing.T) {
	if os.Getenv(crashMoveEnv) != "" {
		t.Skip("in the child")
	}
	kills := 10
	if testing.Short() {
		kills = 4
	}
	ctx := context.Background()
	a, path := defaultLedger(t)
	ev := filepath.Join(t.TempDir(), "照片.jpg")
	os.WriteFile(ev, []byte(strings.Repeat("像素", 4<<20)), 0o644)
	if _, err := a.AttachFile(ctx, "区水务局", "3.13.1", "2023-06", ev, ""); err != nil {
		t.Fatal(err)
	}
	a.Close()
	config, err := configDir()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "新的数据文件夹")
	dest := filepath.Join(dir, DBName)

	var unfinished int
	for k := 0; k < kills; k++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashMoveChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashMoveEnv+"="+path+"|"+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		if !sc.Scan() || sc.Text() != "READY" {
			cmd.Process.Kill()
			t.Fatalf("child %d did not start: %q", k, sc.Text())
		}
		time.AfterFunc(time.Duration(rand.IntN(120))*time.Millisecond, func() { cmd.Process.Kill() })
		for sc.Scan() {
			if sc.Text() != "MOVED" {
				t.Errorf("child %d: %s", k, sc.Text())
			}
		}
		cmd.Wait()

		a, err := Open(ctx, testStorage, path)
		if err != nil {
			t.Fatalf("kill %d: reopen: %v", k, err)
		}
		if chosenDataDir(config) == dir {
			if err := testStorage.VerifyBackup(ctx, dest, nil); err != nil {
				t.Errorf("kill %d: the recorded data folder's copy: %v", k, err)
			}
		} else {
			des, _ := os.ReadDir(dir)
			for _, de := range des {
				t.Errorf("kill %d: left in the folder the move did not finish into: %s", k, de.Name())
				unfinished++
			}
			if _, err := a.MoveTo(ctx, dir, nil); err != nil {
				t.Errorf("kill %d: trying the move again: %v", k, err)
			}
		}
		if _, err := os.Stat(filepath.Join(config, movingName)); err == nil {
			t.Errorf("kill %d: the move's marker is left", k)
		}
		a.Close()
		// Back to the start: the ledger in the default place, nothing moved.
		os.Remove(filepath.Join(config, locationName))
		os.RemoveAll(dir)
	}
	t.Logf("%d kills, %d files left by unfinished moves", kills, unfinished)
}
