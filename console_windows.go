//go:build windows

package main

import (
	"os"
	"syscall"
)

// attachParentProcess is AttachConsole's ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

// attachConsole lets a command-line run of the .exe print in the cmd.exe or
// PowerShell window it was started from. The .exe is linked as a GUI program
// (no console window flashes up when a clerk double-clicks it), so Windows
// gives it no console: without this its output would go nowhere. Output
// already redirected to a file or pipe keeps its handle; started from
// Explorer there is no parent console and nothing changes.
func attachConsole() {
	if validStdHandle(syscall.STD_OUTPUT_HANDLE) && validStdHandle(syscall.STD_ERROR_HANDLE) {
		return
	}
	attach := syscall.NewLazyDLL("kernel32.dll").NewProc("AttachConsole")
	if ok, _, _ := attach.Call(uintptr(attachParentProcess)); ok == 0 {
		return
	}
	if !validStdHandle(syscall.STD_OUTPUT_HANDLE) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stdout = f
		}
	}
	if !validStdHandle(syscall.STD_ERROR_HANDLE) {
		if f, err := os.OpenFile("CONOUT$", os.O_WRONLY, 0); err == nil {
			os.Stderr = f
		}
	}
}

// validStdHandle reports whether the standard handle n is set.
func validStdHandle(n int) bool {
	h, err := syscall.GetStdHandle(n)
	return err == nil && h != 0 && h != syscall.InvalidHandle
}
