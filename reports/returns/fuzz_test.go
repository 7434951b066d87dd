package returns

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"testing"

	"taizhang/data"
)

// FuzzReadReturn: whatever the bytes, ReadReturn returns a Return or an
// error, never panics; a refused file is an EINVALID error without a Return,
// and every row read lies below the header. Seeds are in
// testdata/fuzz/FuzzReadReturn: a template, filled copies, an old .xls, text.
func FuzzReadReturn(f *testing.F) {
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ReadReturn("fuzz.xlsx", b, ReadOptions{})
		var ps Problems
		switch {
		case err == nil && r == nil:
			t.Fatal("neither a return nor an error")
		case errors.As(err, &ps):
			if r == nil || len(ps) == 0 {
				t.Fatalf("problems %v with return %v", ps, r)
			}
		case err != nil:
			if r != nil || data.ErrorCode(err) != data.EINVALID {
				t.Fatalf("refusal %T %v with return %v", err, err, r)
			}
			return
		}
		for _, row := range r.Rows {
			if row.Row <= r.HeaderRow {
				t.Fatalf("row %d read above the header at %d", row.Row, r.HeaderRow)
			}
		}
	})
}

// FuzzReadSheet puts fuzzed XML in place of the return sheet of a valid
// template, so that the mutations reach the sheet parser and the reader
// instead of failing the zip's checksums.
func FuzzReadSheet(f *testing.F) {
	tpl := sampleTemplate(4)
	file := fill(f, tpl, mustWrite(f, tpl))
	parts := unzipParts(f, file)
	f.Add(parts[sheetPart])
	f.Add([]byte(`<worksheet><sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>序号</t></is></c><c t="inlineStr"><is><t>工作措施</t></is></c><c t="inlineStr"><is><t>完成状态</t></is></c></row><row r="3"><c r="B3"><v>1</v></c><c r="D3"><f>1+1</f><v>2</v></c></row></sheetData><mergeCells><mergeCell ref="D3:D5"/></mergeCells></worksheet>`))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		r, err := ReadReturn("fuzz.xlsx", storedZip(t, parts, sheetPart, sheet), ReadOptions{})
		var ps Problems
		switch {
		case err == nil && r == nil:
			t.Fatal("neither a return nor an error")
		case err != nil && !errors.As(err, &ps) && data.ErrorCode(err) != data.EINVALID:
			t.Fatalf("error %T %v", err, err)
		}
	})
}

// sheetPart is the return sheet's part in a template.
const sheetPart = "xl/worksheets/sheet1.xml"

// unzipParts returns the parts of an xlsx package by name.
func unzipParts(t testing.TB, b []byte) map[string][]byte {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	must(t, err)
	parts := map[string][]byte{}
	for _, f := range z.File {
		rc, err := f.Open()
		must(t, err)
		parts[f.Name], err = io.ReadAll(rc)
		must(t, err)
		rc.Close()
	}
	return parts
}

// storedZip packs parts without compression, with part name replaced by b.
func storedZip(t testing.TB, parts map[string][]byte, name string, b []byte) []byte {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for n, p := range parts {
		if n == name {
			p = b
		}
		w, err := z.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store})
		must(t, err)
		_, err = w.Write(p)
		must(t, err)
	}
	must(t, z.Close())
	return buf.Bytes()
}
