package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"taizhang/data"
)

func TestErrorMessage_Coded(t *testing.T) {
	a := mustOpen(t)
	log := filepath.Join(filepath.Dir(a.DBPath()), LogName)
	err := fmt.Errorf("find: %w", data.Errorf(data.ENOTFOUND, "单位名录中没有“%s”", "区环保局"))
	if got := ErrorMessage(err); got != "单位名录中没有“区环保局”" {
		t.Errorf("ErrorMessage = %q, want the data.Error's message", got)
	}
	if got := ErrorMessage(nil); got != "" {
		t.Errorf("ErrorMessage(nil) = %q", got)
	}
	if _, err := os.Stat(log); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a coded error wrote the log: %v", err)
	}
}

var internalMessage = regexp.MustCompile(`^内部错误（编号 ([0-9A-F]{6})），详细情况已记入日志文件 (.+)。请把编号和这个文件交给维护人员。$`)

func TestErrorMessage_InternalIsLogged(t *testing.T) {
	a := mustOpen(t)
	log := filepath.Join(filepath.Dir(a.DBPath()), LogName)
	var ids []string
	for _, detail := range []string{"read entries: disk I/O error", "write entry: database is locked"} {
		msg := ErrorMessage(fmt.Errorf("%s", detail))
		m := internalMessage.FindStringSubmatch(msg)
		if m == nil {
			t.Fatalf("ErrorMessage = %q, want 内部错误（编号 …） naming the log", msg)
		}
		if m[2] != log {
			t.Errorf("message names the log %s, want %s", m[2], log)
		}
		if strings.Contains(msg, detail) {
			t.Errorf("message %q shows the clerk the details", msg)
		}
		ids = append(ids, m[1])
	}
	if ids[0] == ids[1] {
		t.Errorf("two errors got the same number %s", ids[0])
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], ids[0]+": read entries: disk I/O error") ||
		!strings.Contains(lines[1], ids[1]+": write entry: database is locked") {
		t.Errorf("log holds %q, want one line per error with its number and details", lines)
	}
}

func TestErrorMessage_LogRotates(t *testing.T) {
	a := mustOpen(t)
	log := filepath.Join(filepath.Dir(a.DBPath()), LogName)
	old := strings.Repeat("旧的日志。\n", maxLog/len("旧的日志。\n"))
	if err := os.WriteFile(log, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(log+".1", []byte("更旧的日志\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := internalMessage.FindStringSubmatch(ErrorMessage(errors.New("boom")))
	if m == nil {
		t.Fatal("no error number")
	}
	if b, err := os.ReadFile(log + ".1"); err != nil || string(b) != old {
		t.Errorf("taizhang.log.1 holds %d bytes (%v), want the full log of %d", len(b), err, len(old))
	}
	b, err := os.ReadFile(log)
	if err != nil || !strings.HasSuffix(string(b), m[1]+": boom\n") || strings.Count(string(b), "\n") != 1 {
		t.Errorf("new log = %q (%v), want the one new line", b, err)
	}
}

func TestErrorMessage_LogUnwritable(t *testing.T) {
	a := mustOpen(t)
	// A folder where the log should be: the line cannot be written, so
	// the message carries the details.
	log := filepath.Join(filepath.Dir(a.DBPath()), LogName)
	if err := os.Mkdir(log, 0o755); err != nil {
		t.Fatal(err)
	}
	msg := ErrorMessage(errors.New("read entries: disk I/O error"))
	if !strings.HasPrefix(msg, "内部错误（编号 ") || !strings.Contains(msg, "read entries: disk I/O error") || !strings.Contains(msg, log) {
		t.Errorf("ErrorMessage = %q, want the number, the details and the log it could not write", msg)
	}
}

// TestErrorMessageSQLiteFault: SQLite's read-only error reaching the one
// error path uncoded gets the Chinese fault message for the ledger, not
// 内部错误 with SQLite's English.
func TestErrorMessageSQLiteFault(t *testing.T) {
	path := filepath.Join(t.TempDir(), "taizhang.db")
	a, err := Open(context.Background(), testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	ro, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.Exec("INSERT INTO settings (key, value) VALUES ('x', 'y')")
	if err == nil {
		t.Fatal("a write through a read-only connection succeeded")
	}
	msg := ErrorMessage(fmt.Errorf("write setting: %w", err))
	if !strings.Contains(msg, "是只读的") || !strings.Contains(msg, path) || strings.Contains(msg, "内部错误") || strings.Contains(msg, "readonly") {
		t.Errorf("ErrorMessage = %q", msg)
	}
}
