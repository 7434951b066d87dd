package app

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"taizhang/data"
)

// writeFile writes b to path through a temporary file in the same folder
// renamed into place, so a failed write leaves no half file behind.
//
// Errors name the file: EIO when its disk is full or its folder cannot be
// written (the clerk frees space or picks another folder), EINVALID for
// any other failure (a folder that does not exist, a bad name).
func writeFile(path string, b []byte) error {
	fail := func(err error) error { return writeFault(path, err) }
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

// writeFault is the clerk's message for a failed write of the file at
// path.
func writeFault(path string, err error) error {
	dir := filepath.Dir(path)
	switch {
	case fileTooBig(err):
		return data.Errorf(data.EIO, "“%s”太大，没有写入（没有留下不完整的文件）：%s。%s",
			filepath.Base(path), data.FileLimit{}.Says(dir), data.FileLimit{}.Advice())
	case diskFull(err):
		return data.Errorf(data.EIO, "磁盘空间不足：文件夹 %s 所在的磁盘已满，“%s”没有写入（没有留下不完整的文件）。"+
			"请在该磁盘上腾出空间，或另选一个文件夹后重试。", dir, filepath.Base(path))
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return data.Errorf(data.EIO, "无法写入“%s”：文件夹 %s 是只读的，或您没有在其中写入的权限。请另选一个文件夹后重试。",
			filepath.Base(path), dir)
	}
	return data.Errorf(data.EINVALID, "无法写入文件“%s”：%v", path, err)
}
