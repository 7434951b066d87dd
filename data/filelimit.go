package data

import (
	"fmt"
	"strings"
)

// FileLimit is the largest file that may be written in a folder: its
// disk's file system (FAT32 holds no file over 4 GiB − 1 byte) or the
// system's limit for the program (ulimit -f) may set one.
type FileLimit struct {
	Max    int64  // the largest file, in bytes; 0 if nothing limits it
	FS     string // the file system whose format sets Max ("FAT32"); "" when the system's limit for the program does
	Volume string // the drive the folder is on ("E:\") where the system has drive letters, else ""
}

// Says tells a clerk, in Chinese, the limit of the folder dir:
// “E:\”是 FAT32 格式，单个文件不能超过 4 GB. With Max 0 (a write was
// refused as too large, the limit unknown) it says so without a size.
func (l FileLimit) Says(dir string) string {
	where := "文件夹 " + dir + " 所在的磁盘"
	if l.Volume != "" {
		where = "“" + l.Volume + "”"
	}
	switch {
	case l.Max == 0:
		return where + "不允许这么大的单个文件"
	case l.FS == "":
		return "系统限制本程序写入的单个文件不能超过 " + limitText(l.Max) + "（ulimit -f）"
	}
	return fmt.Sprintf("%s是 %s 格式，单个文件不能超过 %s", where, l.FS, limitText(l.Max))
}

// Advice is what the clerk can do about the limit, in Chinese.
func (l FileLimit) Advice() string {
	if l.Max > 0 && l.FS == "" {
		return "请解除这一限制（ulimit -f unlimited）后重试，或选择其他位置。"
	}
	return "请换用 exFAT 或 NTFS 格式的 U 盘或移动硬盘，或选择其他位置。"
}

// limitText shows a file size limit: one of 2ⁿ − 1 bytes (FAT's 4 GiB − 1)
// as 2ⁿ, "4 GB".
func limitText(max int64) string {
	if max&(max+1) == 0 {
		max++
	}
	return strings.Replace(FormatBytes(max), ".00 ", " ", 1)
}
