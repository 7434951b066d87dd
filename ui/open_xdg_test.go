//go:build linux

package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// openZombies counts this process's children named xdg-open that have
// ended and not been waited for.
func openZombies(t *testing.T) int {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range stats {
		b, err := os.ReadFile(p)
		if err != nil {
			continue // ended meanwhile
		}
		// pid (comm) state ppid …
		s := string(b)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open {
			continue
		}
		f := strings.Fields(s[end+1:])
		if len(f) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		if s[open+1:end] == "xdg-open" && f[0] == "Z" && ppid == os.Getpid() {
			n++
		}
	}
	return n
}

// Opening a file leaves no zombie xdg-open behind.
func TestOpenInSystemWaitsForXdgOpen(t *testing.T) {
	bin := t.TempDir()
	opened := filepath.Join(t.TempDir(), "opened")
	script := "#!/bin/sh\nprintf '%s' \"$1\" > " + opened + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	file := filepath.Join(t.TempDir(), "佐证 材料", "现场照片.jpg")
	for i := 0; i < 3; i++ {
		if err := openInSystem(file); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, _ := os.ReadFile(opened)
		zombies := openZombies(t)
		if string(b) == file && zombies == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("xdg-open was given %q (want %q); %d xdg-open zombies left", b, file, zombies)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
