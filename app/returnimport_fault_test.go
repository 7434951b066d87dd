package app

import (
	"context"
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/datatest"
)

// faultReturns writes, from a ledger of its own, the two kinds of return
// a clerk picks to import into dir: 德胜街道's June package with two
// evidence files of size bytes each (incompressible, so the package holds
// them whole) and 什刹海街道's filled June workbook.
func faultReturns(t *testing.T, dir string, size int) (pkg, workbook string) {
	t.Helper()
	ctx := context.Background()
	src := mustOpen(t)
	if _, err := src.db.SetEntry(ctx, 2023, data.EntryInput{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: june,
		Status: ptrTo(data.StatusDone), Progress: ptrTo("河长巡河 8 次")}, "王芳"); err != nil {
		t.Fatal(err)
	}
	rng := rand.NewChaCha8([32]byte{17})
	for _, name := range []string{"巡河照片.jpg", "会议纪要.pdf"} {
		content := make([]byte, size)
		rng.Read(content)
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := src.AttachFile(ctx, "德胜街道", "2-1.14.5", june, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	pkg = filepath.Join(dir, ReturnPackageFileName("德胜街道", june))
	if err := src.WriteReturnPackage(ctx, "德胜街道", june, pkg); err != nil {
		t.Fatal(err)
	}
	workbook, _ = fillReturn(t, src, "什刹海街道", june, dir, nil)
	return pkg, workbook
}

// fileSum is the SHA-256 of the file at path.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// wantFiles fails unless dir holds exactly the files named.
func wantFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, de := range des {
		got = append(got, de.Name())
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("files in %s: %q, want %q", dir, got, want)
	}
}

// importRefused prepares the file at path into a and applies it: it is
// refused with an EIO error whose message says every one of words, the
// ledger is unchanged and the picked file is unmodified. It returns the
// preview and the message.
func importRefused(t *testing.T, a *App, path string, words ...string) (*ImportPreview, string) {
	t.Helper()
	before := dumpDB(t, a)
	sum := fileSum(t, path)
	p := mustPrepare(t, a, path, ImportTarget{})
	_, err := a.ApplyImport(context.Background(), p, true)
	if data.ErrorCode(err) != data.EIO {
		t.Fatalf("%s: %v (code %q), want EIO", filepath.Base(path), err, data.ErrorCode(err))
	}
	for _, w := range words {
		if !strings.Contains(ErrorMessage(err), w) {
			t.Errorf("%s: message %q does not say %q", filepath.Base(path), ErrorMessage(err), w)
		}
	}
	if fileSum(t, path) != sum {
		t.Errorf("the picked file %s was modified", path)
	}
	wantSameDB(t, a, before)
	return p, ErrorMessage(err)
}

// saidNeed is the space a disk-full message says the work needs, in bytes.
func saidNeed(t *testing.T, msg string) int64 {
	t.Helper()
	m := regexp.MustCompile(`约需 ([0-9.]+) (B|KB|MB|GB)`).FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("the message does not say the space needed: %s", msg)
	}
	n, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return int64(n * float64(map[string]int64{"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}[m[2]]))
}

// freeSpace leaves about n bytes free on the disk at dir, which FillDisk
// filled.
func freeSpace(t *testing.T, dir string, n int64) {
	t.Helper()
	datatest.FillDisk(t, dir)
	filler := filepath.Join(dir, "filler")
	fi, err := os.Stat(filler)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filler, fi.Size()-n); err != nil {
		t.Fatal(err)
	}
}

// TestImportOnFullDisk imports a return package with evidence and a plain
// return workbook into a ledger whose disk is full: each is refused with
// a Chinese message naming the folder, the free space and the space the
// import needs; the ledger is unchanged, nothing is left on either disk,
// and the clerk's files are not modified. Once the space each asked for
// is freed, each imports.
func TestImportOnFullDisk(t *testing.T) {
	dir := datatest.MountTmpfs(t, "24m")
	picked := t.TempDir()
	pkg, workbook := faultReturns(t, picked, 2<<20)
	path := filepath.Join(dir, "taizhang.db")
	a, err := Open(context.Background(), testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ledger, _ := os.ReadDir(dir)
	var files []string
	for _, de := range ledger {
		files = append(files, de.Name())
	}
	pickedFiles, _ := os.ReadDir(picked)

	datatest.FillDisk(t, dir)
	full := []string{"磁盘空间不足", "文件夹 " + dir + " 所在的磁盘只剩 0 B 可用空间，这次操作约需",
		"刚才的操作没有完成，已保存的数据没有改动", "腾出空间后重试"}
	p, msg := importRefused(t, a, pkg, full...)
	if len(p.Evidence) != 2 {
		t.Fatalf("the package's preview has %d evidence files, want 2", len(p.Evidence))
	}
	pkgNeed := saidNeed(t, msg)
	_, msg = importRefused(t, a, workbook, full...)
	workbookNeed := saidNeed(t, msg)
	wantFiles(t, dir, append(files, "filler")...)
	if after, _ := os.ReadDir(picked); len(after) != len(pickedFiles) {
		t.Errorf("files beside the picked ones: %d before, %d after", len(pickedFiles), len(after))
	}
	if fi, _ := os.Stat(pkg); pkgNeed < fi.Size()+4<<20 {
		t.Errorf("the package needs %d bytes, less than it and its evidence hold", pkgNeed)
	}

	// With the space each message asked for freed, each imports.
	freeSpace(t, dir, pkgNeed)
	mustImport(t, a, pkg, ImportTarget{})
	freeSpace(t, dir, workbookNeed)
	mustImport(t, a, workbook, ImportTarget{})
	if ev, err := a.ListEvidence(context.Background(), data.EvidenceFilter{Unit: "德胜街道", Month: june}); err != nil || len(ev) != 2 {
		t.Errorf("evidence after freeing space: %d, %v", len(ev), err)
	}
}

// TestImportReadOnlyLedger imports the same files into a ledger on a
// read-only disk: it opens read-only, the import is refused saying so,
// and the ledger and the clerk's files are unchanged.
func TestImportReadOnlyLedger(t *testing.T) {
	dir := datatest.MountTmpfs(t, "24m")
	pkg, workbook := faultReturns(t, t.TempDir(), 64<<10)
	path := filepath.Join(dir, "taizhang.db")
	a, err := Open(context.Background(), testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	datatest.RemountReadOnly(t, dir)
	if a, err = Open(context.Background(), testStorage, path); err != nil {
		t.Fatalf("open on a read-only disk: %v", err)
	}
	defer a.Close()
	if !a.ReadOnly() {
		t.Fatal("the ledger on a read-only disk did not open read-only")
	}
	for _, f := range []string{pkg, workbook} {
		importRefused(t, a, f, "数据库 "+path+" 是以只读方式打开的", "不能保存修改", "仍可以查看、打印报表")
	}
}

// TestImportBigPackageLeavesNoWAL: after a package of more than 16 MB is
// imported, the WAL file beside the ledger is not left that size (it is
// checkpointed and truncated, as after attaching a big file).
func TestImportBigPackageLeavesNoWAL(t *testing.T) {
	pkg, _ := faultReturns(t, t.TempDir(), 9<<20)
	a := mustOpen(t)
	mustImport(t, a, pkg, ImportTarget{})
	fi, err := os.Stat(a.DBPath() + "-wal")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Size() > 1<<20 {
		t.Errorf("the WAL is %d bytes after the import", fi.Size())
	}
}
