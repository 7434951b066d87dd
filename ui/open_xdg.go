//go:build linux || freebsd || netbsd || openbsd

package ui

import "os/exec"

// openInSystem opens the file or folder at path with the desktop's program
// for it (xdg-open). Fyne's OpenURL starts xdg-open and never waits for it,
// which leaves a zombie process behind for every file opened until the
// program ends; here a goroutine waits for it.
func openInSystem(path string) error {
	cmd := exec.Command("xdg-open", path)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}
