//go:build !(linux || freebsd || netbsd || openbsd)

package ui

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/storage"
)

// openInSystem opens the file or folder at path with the system's program
// for it: Fyne's OpenURL, which on Windows waits for rundll32.
func openInSystem(path string) error {
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err != nil {
		return err
	}
	return fyne.CurrentApp().OpenURL(u)
}
