package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
)

func TestLock_RefusesSecondOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "taizhang.db")
	first, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	h := readHolder(LockPath(path))
	if h.PID != os.Getpid() || h.Since.IsZero() {
		t.Errorf("lock file holds %+v, want this process", h)
	}

	second, err := Open(path)
	if err == nil {
		second.Close()
		t.Fatal("second Open succeeded while the first holds the database")
	}
	wantCode(t, err, data.ECONFLICT)
	msg := fmt.Sprint(err)
	for _, want := range []string{path, "正由", h.User, h.Computer, fmt.Sprintf("进程号 %d", os.Getpid()), h.Since.Local().Format("2006-01-02 15:04"), "请先关闭"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not contain %q", msg, want)
		}
	}
	// Restoring behind the holder's back is refused the same way.
	_, err = Restore(t.Context(), path, filepath.Join(t.TempDir(), "b.db"), filepath.Join(t.TempDir(), "k.db"), nil)
	wantCode(t, err, data.ECONFLICT)

	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(LockPath(path)); len(b) != 0 {
		t.Errorf("lock file after Close holds %q, want it empty", b)
	}
	again, err := Open(path)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	again.Close()
}

func TestLock_UnknownHolder(t *testing.T) {
	// A holder that has not written its details yet is still named.
	msg := heldError("x.db", Holder{}).Error()
	if !strings.Contains(msg, "另一个台账程序打开") {
		t.Errorf("message %q", msg)
	}
}
