// Package datatest holds helpers for the tests of data/store, app and
// reports that handle the ledger's files: a damaged database file, the
// text of a PDF, the cells of a workbook. Only tests import it.
package datatest

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// SQLite b-tree page types (the first byte of a page), for DamagePages:
// those of indexes (interior, leaf), whose damage leaves the schema
// readable, and those of tables.
var (
	IndexPages = []byte{0x02, 0x0a}
	TablePages = []byte{0x05, 0x0d}
)

// DamagePages garbles the cell pointers of the database file's b-tree
// pages of the given types, leaving the header page alone, as a failing
// disk would. With IndexPages the schema still reads and the quick check
// fails.
func DamagePages(tb testing.TB, path string, types ...byte) {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	const page = 4096
	for off := page; off+page <= len(b); off += page {
		if slices.Contains(types, b[off]) {
			for i := off + 8; i < off+64; i++ {
				b[i] ^= 0xA5
			}
		}
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
}

// PDFText is the text of the PDF b as pdftotext gives it with the options
// args (such as -layout); it skips the test when pdftotext is not
// installed.
func PDFText(tb testing.TB, b []byte, args ...string) string {
	tb.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		tb.Skip("pdftotext not installed")
	}
	path := filepath.Join(tb.TempDir(), "r.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		tb.Fatal(err)
	}
	out, err := exec.Command(bin, append(args, path, "-")...).Output()
	if err != nil {
		tb.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// EditWorkbook opens the workbook at src, lets edit change it and saves
// it as dst, returning dst.
func EditWorkbook(tb testing.TB, src, dst string, edit func(f *excelize.File)) string {
	tb.Helper()
	f, err := excelize.OpenFile(src)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	edit(f)
	if err := f.SaveAs(dst); err != nil {
		tb.Fatal(err)
	}
	return dst
}

// Column finds the column letter of a header label in a sheet's first ten
// rows, and the header's row (1 for the first).
func Column[L ~string](tb testing.TB, f *excelize.File, sheet string, label L) (string, int) {
	tb.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		tb.Fatal(err)
	}
	for r := 0; r < len(rows) && r < 10; r++ {
		for c, v := range rows[r] {
			if strings.TrimSpace(v) == string(label) {
				col, _ := excelize.ColumnNumberToName(c + 1)
				return col, r + 1
			}
		}
	}
	tb.Fatalf("no column %s in sheet %s", label, sheet)
	return "", 0
}

// SetCell sets the cell of column col and row (1 for the first) to v.
func SetCell(tb testing.TB, f *excelize.File, sheet, col string, row int, v any) {
	tb.Helper()
	if err := f.SetCellValue(sheet, col+strconv.Itoa(row), v); err != nil {
		tb.Fatal(err)
	}
}

// Workbook returns a workbook with the sheets named in order, each filled
// from sheets (name → rows, from A1).
func Workbook(tb testing.TB, sheets map[string][][]any, order ...string) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			tb.Fatal(err)
		}
		for r, row := range sheets[name] {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(name, cell, &row); err != nil {
				tb.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// MountTmpfs mounts a tmpfs of size (as mount -o size= takes it, e.g. "2m")
// on a new folder, unmounted when the test ends, for tests of a full or
// read-only disk. It skips the test where it is not root or mounting is
// not allowed.
func MountTmpfs(tb testing.TB, size string) string {
	tb.Helper()
	if os.Geteuid() != 0 {
		tb.Skip("needs root to mount a small tmpfs (mount -t tmpfs -o size=…)")
	}
	dir := tb.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		tb.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	tb.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// FillDisk writes the file filler into dir until its disk is full.
func FillDisk(tb testing.TB, dir string) {
	tb.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			return
		}
	}
}

// RemountReadOnly makes the tmpfs at dir (from MountTmpfs) read-only.
func RemountReadOnly(tb testing.TB, dir string) {
	tb.Helper()
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		tb.Fatalf("remount read-only: %v %s", err, out)
	}
}
