package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/app"
	"taizhang/app/sqlite"
)

// runDefault runs the command line on the default ledger (no --db).
func runDefault(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	noGUI := func(string) error { t.Fatal("GUI opened"); return nil }
	code := Main(context.Background(), sqlite.Storage(), args, &out, &errOut, noGUI)
	return code, out.String(), errOut.String()
}

func TestDatadirMove(t *testing.T) {
	config := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", config)
	t.Setenv("APPDATA", config) // os.UserConfigDir on Windows
	t.Setenv(app.DBEnv, "")
	if code, _, errOut := runDefault(t, "progress", "set", "--unit", "区水务局", "--month", "2023-06",
		"--measure", "3.13.1", "--status", "序时推进", "--progress", "六月已完成巡查"); code != 0 {
		t.Fatalf("progress set: exit %d: %s", code, errOut)
	}
	old := filepath.Join(config, "taizhang", app.DBName)

	if code, _, errOut := runDefault(t, "datadir", "move", "相对 路径"); code != exitError || !strings.Contains(errOut, "不是完整路径") {
		t.Errorf("relative folder: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runDefault(t, "datadir", "move"); code != exitUsage || !strings.Contains(errOut, "请给出一个文件夹") {
		t.Errorf("no folder: exit %d, %q", code, errOut)
	}
	dir := filepath.Join(t.TempDir(), "U盘 数据", "台账")
	code, out, errOut := runDefault(t, "datadir", "move", dir)
	if code != 0 || !strings.Contains(out, filepath.Join(dir, app.DBName)) || !strings.Contains(out, old) {
		t.Fatalf("move: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, err := os.Stat(old); err != nil {
		t.Errorf("the old file is gone: %v", err)
	}
	// The next run opens the copy, which holds the entry.
	code, out, errOut = runDefault(t, "progress", "show", "--month", "2023-06", "--unit", "区水务局", "--format", "json")
	if code != 0 || !strings.Contains(out, "六月已完成巡查") {
		t.Errorf("after the move: exit %d, stderr %q", code, errOut)
	}
	if p, _ := app.DefaultDBPath(); p != filepath.Join(dir, app.DBName) {
		t.Errorf("the default ledger is %s after the move", p)
	}
	// A ledger named by --db is not moved.
	other := filepath.Join(t.TempDir(), "x.db")
	code, _, errOut = runCLI(t, other, "datadir", "move", filepath.Join(t.TempDir(), "别处"))
	if code != exitError || !strings.Contains(errOut, "不在默认位置") {
		t.Errorf("--db: exit %d, %q", code, errOut)
	}
}
