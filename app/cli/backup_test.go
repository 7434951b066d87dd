package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"taizhang/app"
	"taizhang/app/sqlite"
	"taizhang/data"
	"taizhang/data/datatest"
)

func TestBackupRestoreCheck(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "taizhang.db")
	code, out, errOut := runCLI(t, db, "backup")
	if code != 0 || !strings.Contains(out, "已备份到 "+app.DefaultBackupDir(db)) {
		t.Fatalf("backup: exit %d, %q, %q", code, out, errOut)
	}
	manual := filepath.Join(dir, "手动备份.db")
	if code, out, errOut := runCLI(t, db, "backup", "-o", manual); code != 0 || !strings.Contains(out, manual) {
		t.Fatalf("backup -o: exit %d, %q, %q", code, out, errOut)
	}
	if code, _, _ := runCLI(t, db, "progress", "set", "--unit", "区水务局", "--month", "2023-06", "--measure", "3.13.1", "--progress", "备份后写的"); code != 0 {
		t.Fatal("progress set failed")
	}
	for _, args := range [][]string{{"check"}, {"check", "--full"}} {
		if code, out, errOut := runCLI(t, db, args...); code != 0 || !strings.Contains(out, "通过") {
			t.Errorf("%v: exit %d, %q, %q", args, code, out, errOut)
		}
	}

	notOurs := filepath.Join(dir, "notes.db")
	os.WriteFile(notOurs, []byte(strings.Repeat("x", 5000)), 0o644)
	if code, _, errOut := runCLI(t, db, "restore", notOurs); code != 1 || !strings.Contains(errOut, "不是台账数据库的备份") {
		t.Errorf("restore of a text file: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, db, "restore"); code != 2 || !strings.Contains(errOut, "请给出一个备份文件") {
		t.Errorf("restore without a file: exit %d, %q", code, errOut)
	}
	code, out, errOut = runCLI(t, db, "restore", manual)
	if code != 0 || !strings.Contains(out, "被替换的数据库已保存为") {
		t.Fatalf("restore: exit %d, %q, %q", code, out, errOut)
	}
	if _, out, _ := runCLI(t, db, "progress", "show", "--month", "2023-06", "--format", "text"); strings.Contains(out, "备份后写的") {
		t.Error("restored ledger holds the entry written after the backup")
	}
}

func TestCLIWhileHeld(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "taizhang.db")
	a, err := app.Open(ctx, sqlite.Storage(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { a.Close() }()
	a.SetClerk(ctx, "张三")
	st := data.StatusLate
	if _, err := a.SetEntry(ctx, data.EntryInput{Unit: "区水务局", MeasureID: "3.13.1", Month: "2023-06", Status: &st}); err != nil {
		t.Fatal(err)
	}
	holder := fmt.Sprintf("进程号 %d", os.Getpid())

	// Commands that only read open read-only beside the writer and see
	// what it committed.
	for _, args := range [][]string{{"progress", "show", "--month", "2023-06", "--unit", "区水务局", "--format", "text"}, {"plan", "units"}, {"audit"}} {
		code, out, errOut := runCLI(t, db, args...)
		if code != 0 || errOut != "" {
			t.Errorf("%v beside a writer: exit %d, %q", args, code, errOut)
		}
		if args[0] == "progress" && !strings.Contains(out, "滞后 1") {
			t.Errorf("progress show beside a writer does not show its committed entry: %q", out)
		}
	}
	// A writer that may not wait, restore and check: refused at once,
	// naming the holder.
	for _, args := range [][]string{{"--wait", "0", "backup"}, {"restore", db + ".x"}, {"check"}} {
		code, _, errOut := runCLI(t, db, args...)
		if code != 1 || !strings.Contains(errOut, "正由") || !strings.Contains(errOut, holder) || strings.Contains(errOut, "正在等") {
			t.Errorf("%v while held: exit %d, %q", args, code, errOut)
		}
	}
	// A writer waits, says so once, and gives up after --wait.
	start := time.Now()
	code, _, errOut := runCLI(t, db, "--wait", "1", "backup")
	if took := time.Since(start); code != 1 || took < time.Second || strings.Count(errOut, "正在等它完成（最多等 1s") != 1 || !strings.Contains(errOut, holder) {
		t.Errorf("backup waiting 1 s: exit %d after %v, %q", code, took, errOut)
	}
	// The holder closes while a writer waits: the writer goes on.
	time.AfterFunc(300*time.Millisecond, func() { a.Close() })
	code, out, errOut := runCLI(t, db, "progress", "set", "--unit", "区水务局", "--month", "2023-07", "--measure", "3.13.1", "--status", "已完成")
	if code != 0 || strings.Count(errOut, "正在等它完成（最多等 30s") != 1 {
		t.Errorf("a writer waiting for the holder to close: exit %d, %q, %q", code, out, errOut)
	}
	if code, out, _ := runCLI(t, db, "progress", "show", "--month", "2023-07", "--unit", "区水务局", "--format", "text"); code != 0 || !strings.Contains(out, "已完成 1") {
		t.Errorf("the waiting writer's entry: %q", out)
	}
	if code := Main(ctx, sqlite.Storage(), []string{"--db", db, "--wait", "-1", "backup"}, io.Discard, io.Discard, nil); code != 2 {
		t.Errorf("--wait -1: exit %d", code)
	}
}

func TestCheckDamaged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "taizhang.db")
	if code, _, errOut := runCLI(t, db, "backup"); code != 0 {
		t.Fatal(errOut)
	}
	datatest.DamagePages(t, db, datatest.IndexPages...)
	code, out, errOut := runCLI(t, db, "check")
	if code != 1 || !strings.Contains(out, "数据库文件结构损坏") || !strings.Contains(errOut, "restore") || !strings.Contains(errOut, "最新的完好备份是") {
		t.Errorf("check of a damaged ledger: exit %d, %q, %q", code, out, errOut)
	}
	code, _, errOut = runCLI(t, db, "progress", "show", "--month", "2023-06")
	if code != 1 || !strings.Contains(errOut, "已损坏") || !strings.Contains(errOut, "taizhang --db") {
		t.Errorf("a command on a damaged ledger: exit %d, %q", code, errOut)
	}
}
