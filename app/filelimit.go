package app

import (
	"os"
	"path/filepath"

	"taizhang/data"
)

// checkFileLimit refuses, with EINVALID, a copy of the ledger of about
// need bytes (what: 备份, 数据库的副本) into the folder dir when it is larger
// than the largest file dir may hold (Storage.MaxFileSize: a FAT32 USB
// stick holds no file over 4 GB). dir need not exist yet: its nearest
// existing parent is asked. A limit that cannot be read refuses nothing:
// the free-space check and the write then say what is wrong.
func (a *App) checkFileLimit(dir, what string, need int64) error {
	return fileLimit(a.storage, dir, what, need)
}

// fileLimit is checkFileLimit through st.
func fileLimit(st Storage, dir, what string, need int64) error {
	l, err := st.MaxFileSize(existingParent(dir))
	if err != nil || l.Max == 0 || need <= l.Max {
		return nil
	}
	return data.Errorf(data.EINVALID, "%s约需 %s，而%s，本次没有写入任何文件。%s",
		what, FormatBytes(need), l.Says(dir), l.Advice())
}

// existingParent is dir, or its nearest parent that exists.
func existingParent(dir string) string {
	for {
		if _, err := os.Stat(dir); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			return dir
		}
		dir = up
	}
}
