//go:build unix && !linux

package store

import "taizhang/data"

// fsLimit knows no file system limits here: the program is built for
// Linux and Windows.
func fsLimit(string) (data.FileLimit, error) { return data.FileLimit{}, nil }
