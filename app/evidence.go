package app

import (
	"bufio"
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"taizhang/data"
	"taizhang/reports/returns"
)

// AttachFile attaches the file at path to a unit's entry on a measure for a
// month. The file is only read; its bytes are stored inside the database.
// Only a regular file is accepted (not a folder, pipe or device), and a
// file whose size changes while it is read (still being copied or
// written, or deleted meanwhile) is refused with EINVALID: nothing is
// written then.
func (a *App) AttachFile(ctx context.Context, unit, measureID string, m data.Month, path, description string) (data.Evidence, error) {
	year, err := a.checkMonth(m)
	if err != nil {
		return data.Evidence{}, err
	}
	if err := a.CheckEvidenceFile(ctx, path); err != nil {
		return data.Evidence{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return data.Evidence{}, data.Errorf(data.EINVALID, "无法打开文件“%s”：%v", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return data.Evidence{}, data.Errorf(data.EINVALID, "“%s”不是普通文件（文件夹、管道或设备），不能作为佐证材料", path)
	}
	r := bufio.NewReaderSize(&steadyFile{f: f, path: path, size: st.Size()}, 64<<10)
	head, _ := r.Peek(512)
	in := data.EvidenceInput{
		Unit: unit, MeasureID: measureID, Month: m,
		Name: filepath.Base(path), MIME: fileType(path, head), Description: description, Size: st.Size(),
	}
	return a.db.AddEvidence(ctx, year, in, r, a.Clerk(ctx))
}

// SettingEvidenceMax is the settings key of the evidence size limit, in MB.
const SettingEvidenceMax = "evidence.max_mb"

// EvidenceMax is the largest evidence file, in bytes, that may be
// attached: the setting SettingEvidenceMax, by default the bound of a
// return package (returns.MaxPackageUnpacked), so that every file attached
// can travel in a package the program's own import accepts.
func (a *App) EvidenceMax(ctx context.Context) (int64, error) {
	v, err := a.db.Setting(ctx, SettingEvidenceMax)
	if mb, cerr := strconv.ParseInt(v, 10, 64); cerr == nil && mb > 0 {
		return mb << 20, err
	}
	return returns.MaxPackageUnpacked, err
}

// SetEvidenceMax sets the evidence size limit, in MB: 1 up to the package
// bound (EINVALID otherwise); 0 restores the default.
func (a *App) SetEvidenceMax(ctx context.Context, mb int64) error {
	bound := returns.MaxPackageUnpacked >> 20
	if mb < 0 || mb > bound {
		return data.Errorf(data.EINVALID, "佐证材料的大小上限应在 1 到 %d MB 之间（回执包的上限），现为 %d MB", bound, mb)
	}
	v := ""
	if mb != 0 && mb != bound {
		v = strconv.FormatInt(mb, 10)
	}
	return a.db.SetSetting(ctx, SettingEvidenceMax, v)
}

// CheckEvidenceFile refuses, with an EINVALID error naming it, a path that
// cannot be attached: missing, a folder, a link that leads nowhere or in a
// loop, not a regular file (a pipe or device: opening it would wait), not
// readable, or larger than EvidenceMax.
func (a *App) CheckEvidenceFile(ctx context.Context, path string) error {
	st, err := os.Stat(path) // before opening: opening a pipe would wait for a writer
	switch {
	case errors.Is(err, os.ErrNotExist):
		if _, lerr := os.Lstat(path); lerr == nil {
			return data.Errorf(data.EINVALID, "“%s”是一个快捷方式（符号链接），但它指向的文件不存在，不能作为佐证材料", path)
		}
		return data.Errorf(data.EINVALID, "找不到文件“%s”", path)
	case errors.Is(err, syscall.ELOOP):
		return data.Errorf(data.EINVALID, "“%s”是一个循环的快捷方式（符号链接指向自己），指不到实际的文件，不能作为佐证材料", path)
	case err != nil:
		return data.Errorf(data.EINVALID, "无法读取文件“%s”：%v", path, err)
	case st.IsDir():
		return data.Errorf(data.EINVALID, "“%s”是一个文件夹，不是文件。请选择文件夹中的文件作为佐证材料", path)
	case !st.Mode().IsRegular():
		return data.Errorf(data.EINVALID, "“%s”不是普通文件（管道或设备），不能作为佐证材料", path)
	}
	limit, err := a.EvidenceMax(ctx)
	if err != nil {
		return err
	}
	if st.Size() > limit {
		return data.Errorf(data.EINVALID,
			"文件“%s”有 %s，超过佐证材料的大小上限 %s，没有添加。请压缩或拆分后再添加（如视频可截取片段、图片可降低分辨率）；上限可用 taizhang evidence limit 调整，最大 %s（回执包能导入的大小）。",
			path, FormatBytes(st.Size()), FormatBytes(limit), FormatBytes(returns.MaxPackageUnpacked))
	}
	return nil
}

// fileType is the file's MIME type, by its extension or else its content.
func fileType(path string, head []byte) string {
	if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(path))); t != "" {
		return t
	}
	return http.DetectContentType(head)
}

// ListEvidence lists evidence files.
func (a *App) ListEvidence(ctx context.Context, f data.EvidenceFilter) ([]data.Evidence, error) {
	return a.db.ListEvidence(ctx, f)
}

// RemoveEvidence marks an evidence file removed; it stays in the database
// and in the audit log.
func (a *App) RemoveEvidence(ctx context.Context, id int64) error {
	return a.db.RemoveEvidence(ctx, id, a.Clerk(ctx))
}

// SaveBlob writes the stored file with the given SHA-256 to dest, verifying
// its hash. dest appears complete or not at all.
func (a *App) SaveBlob(ctx context.Context, sha256, dest string) error {
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".taizhang-*")
	if err != nil {
		return data.Errorf(data.EINVALID, "无法写入“%s”：%v", dest, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	out := &fileWriter{f: tmp}
	if _, err := a.db.WriteBlob(ctx, sha256, out); err != nil {
		tmp.Close()
		if fileTooBig(out.err) || diskFull(out.err) {
			return writeFault(dest, out.err)
		}
		return err
	}
	if err := tmp.Close(); err != nil {
		return data.Errorf(data.EINVALID, "无法写入“%s”：%v", dest, err)
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return data.Errorf(data.EINVALID, "无法写入“%s”：%v", dest, err)
	}
	return nil
}

// fileWriter writes to f and keeps the error of a failed write, which
// the store's error tells only as text.
type fileWriter struct {
	f   *os.File
	err error
}

func (w *fileWriter) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	if err != nil {
		w.err = err
	}
	return n, err
}

// ExtractEvidence writes an evidence file to a temporary folder, under its
// original name, for opening with the system's program, and returns its path.
func (a *App) ExtractEvidence(ctx context.Context, id int64) (string, error) {
	e, err := a.db.EvidenceByID(ctx, id)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(os.TempDir(), "taizhang-evidence", e.SHA256[:16])
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", data.Errorf(data.EINVALID, "无法创建临时文件夹：%v", err)
	}
	path := filepath.Join(dir, filepath.Base(e.Name))
	return path, a.SaveBlob(ctx, e.SHA256, path)
}

// steadyFile reads a file that must keep the size it had when opened: a
// read past that size, or an end of file before it, is an error, and the
// bytes of that read are dropped so that no reader mistakes them for
// content.
type steadyFile struct {
	f    *os.File
	path string
	size int64 // as opened
	read int64
	err  error // sticky once the size changed
}

func (s *steadyFile) Read(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.f.Read(p)
	s.read += int64(n)
	if s.read > s.size || (err == io.EOF && s.read < s.size) {
		how := "已经结束"
		if s.read > s.size {
			how = "还在变大"
		}
		s.err = data.Errorf(data.EINVALID,
			"文件“%s”在添加过程中发生了变化（打开时 %d 字节，读到 %d 字节时%s），没有添加。请等文件复制或保存完成后再添加。",
			s.path, s.size, s.read, how)
		return 0, s.err
	}
	return n, err
}
