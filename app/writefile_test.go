package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/datatest"
)

// TestWriteFileFaults writes a report and a return template to a full disk
// and to a read-only one: each is refused with a Chinese message that says
// what happened and names the folder, nothing is left behind, and the same
// report to another folder is written.
func TestWriteFileFaults(t *testing.T) {
	dir := datatest.MountTmpfs(t, "2m")
	a := mustOpen(t)
	ctx := context.Background()
	m := data.Month("2023-06")
	want := func(err error, words ...string) {
		t.Helper()
		if data.ErrorCode(err) != data.EIO {
			t.Fatalf("error %v (code %q), want EIO", err, data.ErrorCode(err))
		}
		for _, w := range append(words, dir) {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("message %q does not say %q", err.Error(), w)
			}
		}
	}
	left := func() {
		t.Helper()
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "filler" {
				t.Errorf("left in %s: %s", dir, e.Name())
			}
		}
	}

	datatest.FillDisk(t, dir)
	_, err := a.WriteReport(ctx, ReportRequest{Month: m, Format: ReportPDF, Path: filepath.Join(dir, "月报.pdf")}, nil)
	want(err, "磁盘空间不足", "月报.pdf", "腾出空间")
	err = a.WriteReturnTemplate(ctx, "德胜街道", m, filepath.Join(dir, "德胜街道.xlsx"))
	want(err, "磁盘空间不足", "德胜街道.xlsx")
	left()
	other := filepath.Join(t.TempDir(), "月报.pdf")
	if _, err := a.WriteReport(ctx, ReportRequest{Month: m, Format: ReportPDF, Path: other}, nil); err != nil {
		t.Fatalf("the report to another folder: %v", err)
	}

	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	datatest.RemountReadOnly(t, dir)
	_, err = a.WriteReport(ctx, ReportRequest{Month: m, Format: ReportXLSX, Path: filepath.Join(dir, "月报.xlsx")}, nil)
	want(err, "只读", "月报.xlsx", "另选一个文件夹")
}
