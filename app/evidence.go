package app

import (
	"bufio"
	"context"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"taizhang/data"
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
	// Stat before opening: opening a pipe would wait for a writer.
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		if err != nil {
			return data.Evidence{}, data.Errorf(data.EINVALID, "无法打开文件“%s”：%v", path, err)
		}
		return data.Evidence{}, data.Errorf(data.EINVALID, "“%s”不是普通文件（文件夹、管道或设备），不能作为佐证材料", path)
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
		Name: filepath.Base(path), MIME: fileType(path, head), Description: description,
	}
	return a.db.AddEvidence(ctx, year, in, r, a.Clerk(ctx))
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
	if _, err := a.db.WriteBlob(ctx, sha256, tmp); err != nil {
		tmp.Close()
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
