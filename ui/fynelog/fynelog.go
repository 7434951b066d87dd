// Package fynelog keeps Fyne's harmless complaints off stderr, so that the
// command line prints only its own messages and the GUI's stderr shows real
// problems. Fyne reports through the standard logger (fyne.LogError: a
// "Fyne error: reason" line, then "Cause:" and "At:" lines); this package
// puts a filter in front of that logger which drops the reports listed in
// noise and passes everything else to stderr unchanged.
//
// The filter is installed by this package's init, which must run before
// Fyne's: package fyne.io/fyne/v2/lang already complains in its own init
// when the locale is C.UTF-8. Go initialises, among the packages whose
// imports are ready, the one with the lowest import path first; this
// package imports only packages that lang needs too, and its path
// (taizhang/…) sorts before text/template, which lang imports, so it runs
// before lang. TestQuietUnderCLocale in package main checks the result.
package fynelog

import (
	"io"
	"log"
	"os"
	"strings"
	"sync"
)

// noise are the reasons of the Fyne reports that are dropped.
var noise = []string{
	// The C and POSIX locales (LANG=C.UTF-8) are no language tag; Fyne
	// falls back to English for its own strings, and the program sets
	// the interface language itself.
	"Error parsing user locale ",
	// The file dialog's sidebar, on every dialog, when one of the XDG
	// user folders (Documents, Music, …) does not exist; it is left out.
	"Getting favorite locations",
}

func init() { log.SetOutput(&filter{out: os.Stderr}) }

// filter passes log lines to out, except Fyne's reports listed in noise
// with their Cause and At lines. The standard logger writes one line per
// Write.
type filter struct {
	mu       sync.Mutex
	out      io.Writer
	dropping bool // the current Fyne report is noise
}

func (f *filter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	line := string(p)
	switch {
	case strings.Contains(line, "Fyne error: "):
		f.dropping = isNoise(line[strings.Index(line, "Fyne error: ")+len("Fyne error: "):])
	case f.dropping && (strings.Contains(line, "  Cause: ") || strings.Contains(line, "  At: ")):
		// the noisy report's cause and place
	default:
		f.dropping = false
	}
	if f.dropping {
		return len(p), nil
	}
	return f.out.Write(p)
}

// isNoise reports whether a Fyne report's reason is one of noise.
func isNoise(reason string) bool {
	reason = strings.TrimSpace(reason)
	for _, n := range noise {
		if strings.HasPrefix(reason, n) {
			return true
		}
	}
	return false
}
