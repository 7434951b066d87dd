//go:build unix

package app

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"taizhang/data"
)

func TestAttachFile_RefusesPipe(t *testing.T) {
	// A named pipe whose writer never comes: refused at once, not waited on.
	a := mustOpen(t)
	path := filepath.Join(t.TempDir(), "照片.jpg")
	if err := unix.Mkfifo(path, 0o644); err != nil {
		t.Fatal(err)
	}
	result := make(chan error, 1)
	go func() {
		_, err := a.AttachFile(context.Background(), crashUnit, crashMeasure, crashMonth, path, "")
		result <- err
	}()
	select {
	case err := <-result:
		if data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "不是普通文件") {
			t.Errorf("pipe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("AttachFile waits on a pipe")
	}
	wantNothingAttached(t, a)
}
