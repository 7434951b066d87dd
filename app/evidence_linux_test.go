package app

import (
	"bytes"
	"context"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"

	"taizhang/data"
)

// onFirstRead runs grow when a program first reads the file at path,
// holding that read until grow has returned (a fanotify permission
// event), and lets every later read through. It skips the test where
// fanotify's permission events are not allowed (they need root).
func onFirstRead(t *testing.T, path string, grow func()) {
	t.Helper()
	fd, err := unix.FanotifyInit(unix.FAN_CLASS_CONTENT|unix.FAN_CLOEXEC|unix.FAN_NONBLOCK, unix.O_RDONLY|unix.O_LARGEFILE)
	if err != nil {
		t.Skipf("needs root to hold a read with fanotify: %v", err)
	}
	if err := unix.FanotifyMark(fd, unix.FAN_MARK_ADD, unix.FAN_ACCESS_PERM, unix.AT_FDCWD, path); err != nil {
		unix.Close(fd)
		t.Skipf("fanotify permission events are not available here: %v", err)
	}
	events := os.NewFile(uintptr(fd), "fanotify")
	done := make(chan struct{})
	t.Cleanup(func() { events.Close(); <-done }) // closing allows any held read
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		first := true
		for {
			n, err := events.Read(buf)
			if err != nil {
				return
			}
			var ev unix.FanotifyEventMetadata
			for b := buf[:n]; len(b) >= int(unsafe.Sizeof(ev)); b = b[ev.Event_len:] {
				if _, err := binary.Decode(b, binary.NativeEndian, &ev); err != nil || ev.Event_len == 0 {
					t.Errorf("fanotify event: %v", err)
					return
				}
				if first {
					grow()
					first = false
				}
				allow := unix.FanotifyResponse{Fd: ev.Fd, Response: unix.FAN_ALLOW}
				if _, err := events.Write(unsafe.Slice((*byte)(unsafe.Pointer(&allow)), unsafe.Sizeof(allow))); err != nil {
					t.Errorf("allow the read: %v", err)
				}
				unix.Close(int(ev.Fd))
			}
		}
	}()
}

// TestAttachFile_RefusesGrowingFile: a file that another program writes
// to after the attach opened it (a recording still being saved) is
// refused, and nothing is attached. The file grows while the attach's
// first read of it is held, so it has always grown by the time it is read.
func TestAttachFile_RefusesGrowingFile(t *testing.T) {
	a := mustOpen(t)
	path := filepath.Join(t.TempDir(), "录像.mp4")
	if err := os.WriteFile(path, bytes.Repeat([]byte("帧"), 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	onFirstRead(t, path, func() {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			_, err = f.Write(bytes.Repeat([]byte{1}, 64<<10))
			f.Close()
		}
		if err != nil {
			t.Errorf("grow the file: %v", err)
		}
	})
	_, err := a.AttachFile(context.Background(), crashUnit, crashMeasure, crashMonth, path, "")
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "在添加过程中发生了变化（打开时 3145728 字节") ||
		!strings.Contains(ErrorMessage(err), "还在变大") || !strings.Contains(ErrorMessage(err), path) {
		t.Errorf("growing file: %v", err)
	}
	wantNothingAttached(t, a)
}
