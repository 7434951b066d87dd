package app

import (
	"os"
	"path/filepath"

	"taizhang/data"
)

// writeFile writes b to path through a temporary file in the same folder
// renamed into place, so a failed write leaves no half file behind. Errors
// are EINVALID and name the file.
func writeFile(path string, b []byte) error {
	fail := func(err error) error { return data.Errorf(data.EINVALID, "无法写入文件“%s”：%v", path, err) }
	tmp, err := os.CreateTemp(filepath.Dir(path), ".taizhang-*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fail(err)
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fail(err)
	}
	return nil
}
