package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// TestAttachFaults: a folder, a link loop, a dangling link and a missing
// path each get their own message; a file over the evidence size limit is
// refused naming both sizes; nothing is attached by any of them.
func TestAttachFaults(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	dir := t.TempDir()
	loop := filepath.Join(dir, "环.jpg")
	os.Symlink(loop, loop)
	dangling := filepath.Join(dir, "悬空.jpg")
	os.Symlink(filepath.Join(dir, "不存在.jpg"), dangling)
	big := filepath.Join(dir, "大视频.mp4")
	os.WriteFile(big, make([]byte, 3<<20), 0o644)
	if err := a.SetEvidenceMax(ctx, 2); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{dir, "是一个文件夹，不是文件"},
		{loop, "循环的快捷方式"},
		{dangling, "指向的文件不存在"},
		{filepath.Join(dir, "没有.jpg"), "找不到文件"},
		{big, "有 3.0 MB，超过佐证材料的大小上限 2.0 MB"},
	} {
		_, err := a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, tc.path, "")
		if data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), tc.want) || !strings.Contains(ErrorMessage(err), tc.path) {
			t.Errorf("%s: %v, want %q", filepath.Base(tc.path), err, tc.want)
		}
	}
	wantNothingAttached(t, a)
	for _, bad := range []int64{-1, returns.MaxPackageUnpacked>>20 + 1} {
		if err := a.SetEvidenceMax(ctx, bad); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("SetEvidenceMax(%d) = %v", bad, err)
		}
	}
	if err := a.SetEvidenceMax(ctx, 0); err != nil {
		t.Fatal(err)
	}
	if max, err := a.EvidenceMax(ctx); err != nil || max != returns.MaxPackageUnpacked {
		t.Errorf("default EvidenceMax = %d, %v; want the package bound", max, err)
	}
}

// TestExportedPackagesImport: what the program attaches, its packages
// carry and its own import accepts: a name of invalid UTF-8 and control
// characters is stored readable (the original bytes in the audit), and
// the unit's package imports into another ledger with the file whole.
func TestExportedPackagesImport(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := mustOpen(t)
	badName := "巡查\xff\xfe记录\x01.jpg"
	path := filepath.Join(dir, badName)
	if err := os.WriteFile(path, photo, 0o644); err != nil {
		t.Skipf("this filesystem refuses the name: %v", err)
	}
	ev, err := src.AttachFile(ctx, "德胜街道", "2-1.14.5", june, path, "")
	if err != nil {
		t.Fatal(err)
	}
	if ev.Name != "巡查_记录_.jpg" {
		t.Errorf("stored name %q", ev.Name)
	}
	recs, err := src.Audit(ctx, data.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if last := recs[len(recs)-1]; !strings.Contains(last.New, "e5b7a1e69fa5fffee8aeb0e5bd9501") {
		t.Errorf("audit of the attach %q lacks the original bytes", last.New)
	}
	pkg := filepath.Join(dir, ReturnPackageFileName("德胜街道", june))
	if err := src.WriteReturnPackage(ctx, "德胜街道", june, pkg); err != nil {
		t.Fatal(err)
	}
	dst := mustOpen(t)
	p := mustPrepare(t, dst, pkg, ImportTarget{})
	if _, err := dst.ApplyImport(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	got, err := dst.ListEvidence(ctx, data.EvidenceFilter{Unit: "德胜街道", Month: june})
	if err != nil || len(got) != 1 || got[0].SHA256 != ev.SHA256 || got[0].Name != ev.Name {
		t.Errorf("imported evidence %+v, %v; want %s %s", got, err, ev.Name, ev.SHA256)
	}
}

// TestPackageOverBound: a package that would exceed the import's bound is
// not written, and says why.
func TestPackageOverBound(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	a := mustOpen(t)
	saved := returns.MaxPackageUnpacked
	returns.MaxPackageUnpacked = 1 << 20
	t.Cleanup(func() { returns.MaxPackageUnpacked = saved })
	for i := range 2 {
		p := filepath.Join(dir, string(rune('a'+i))+".bin")
		os.WriteFile(p, make([]byte, 700<<10), 0o644)
		if _, err := a.AttachFile(ctx, "德胜街道", "2-1.14.5", june, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	pkg := filepath.Join(dir, "包.zip")
	err := a.WriteReturnPackage(ctx, "德胜街道", june, pkg)
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "超过回执包能导入的 1.0 MB") {
		t.Errorf("over the bound: %v", err)
	}
	if _, err := os.Stat(pkg); err == nil {
		t.Error("the package was written")
	}
}

// TestAttachOnFullDisk attaches a file to a ledger whose disk is full: it
// is refused with a message naming the folder and the space the attach
// needs, nothing is attached and the clerk's file is unchanged; with that
// space freed it attaches.
func TestAttachOnFullDisk(t *testing.T) {
	ctx := context.Background()
	dir := datatest.MountTmpfs(t, "16m")
	a, err := Open(ctx, testStorage, filepath.Join(dir, "taizhang.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	path := filepath.Join(t.TempDir(), "巡河录像.mp4")
	content := make([]byte, 3<<20)
	for i := range content {
		content[i] = byte(i * 7)
	}
	if err := os.WriteFile(path, content, 0o644); err != nil {
		t.Fatal(err)
	}
	datatest.FillDisk(t, dir)
	sum := fileSum(t, path)
	_, err = a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, path, "")
	msg := ErrorMessage(err)
	if data.ErrorCode(err) != data.EIO || !strings.Contains(msg, "磁盘空间不足：文件夹 "+dir) || !strings.Contains(msg, "腾出空间") {
		t.Fatalf("attach on a full disk: %v", err)
	}
	need := saidNeed(t, msg)
	if need < int64(len(content)) {
		t.Errorf("the attach needs %d bytes, less than the file's %d", need, len(content))
	}
	wantNothingAttached(t, a)
	if fileSum(t, path) != sum {
		t.Error("the picked file was modified")
	}
	freeSpace(t, dir, need)
	if _, err := a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, path, ""); err != nil {
		t.Fatalf("attach with the space it asked for: %v", err)
	}
}
