package fynelog

import (
	"bytes"
	"errors"
	"log"
	"strings"
	"testing"
)

// logError logs like fyne.LogError.
func logError(l *log.Logger, reason string, err error) {
	l.Println("Fyne error: ", reason)
	if err != nil {
		l.Println("  Cause:", err)
	}
	l.Printf("  At: %s:%d", "/go/fyne/log_caller.go", 35)
}

func TestFilterDropsOnlyNoise(t *testing.T) {
	var out bytes.Buffer
	l := log.New(&filter{out: &out}, "", log.LstdFlags)
	logError(l, "Error parsing user locale C", errors.New("language: tag is not well-formed"))
	l.Println("first own line")
	logError(l, "Getting favorite locations", errors.New("stat /root/Music: no such file or directory"))
	logError(l, "Failed to open file", errors.New("permission denied"))
	logError(l, "Error parsing user locale POSIX", nil)
	l.Println("last own line")

	got := out.String()
	for _, gone := range []string{"locale", "favorite", "not well-formed", "/root/Music"} {
		if strings.Contains(got, gone) {
			t.Errorf("noise %q passed:\n%s", gone, got)
		}
	}
	for _, kept := range []string{"first own line", "Fyne error:  Failed to open file", "Cause: permission denied", "last own line"} {
		if !strings.Contains(got, kept) {
			t.Errorf("%q dropped:\n%s", kept, got)
		}
	}
	if n := strings.Count(got, "\n"); n != 5 {
		t.Errorf("%d lines passed, want 5 (own line, a real report of 3 lines, own line):\n%s", n, got)
	}
}
