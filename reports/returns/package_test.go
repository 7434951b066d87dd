package returns

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"taizhang/data"
)

// writePackage writes a package with a return and two evidence files of
// one measure that share a name.
func writePackage(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	pw := NewPackageWriter(&buf, "德胜街道", "2023-06")
	for _, err := range []error{
		pw.AddReturn("德胜街道-2023年06月-回执表.xlsx", []byte("xlsx")),
		pw.AddEvidence("2-1.14.5", "照片.jpg", func(w io.Writer) error { _, err := io.WriteString(w, "一"); return err }),
		pw.AddEvidence("2-1.14.5", "照片.jpg", func(w io.Writer) error { _, err := io.WriteString(w, "二"); return err }),
		pw.Close(),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

func TestPackageRoundTrip(t *testing.T) {
	p, err := ReadPackage("包.zip", writePackage(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.ReturnName != "德胜街道-2023年06月-回执表.xlsx" || string(p.Return) != "xlsx" || len(p.Files) != 2 {
		t.Fatalf("read %q, %q, %d files", p.ReturnName, p.Return, len(p.Files))
	}
	for i, want := range []struct{ path, name, content string }{
		{"佐证材料/2-1.14.5/照片.jpg", "照片.jpg", "一"},
		{"佐证材料/2-1.14.5/照片 (2).jpg", "照片 (2).jpg", "二"},
	} {
		f := p.Files[i]
		if f.Path != want.path || f.Name != want.name || string(f.Content) != want.content || f.MeasureID != "2-1.14.5" ||
			f.Size != int64(len(want.content)) || len(f.SHA256) != 64 {
			t.Errorf("file %d = %+v, want %s", i, f, want.path)
		}
	}
}

// rewrite copies a zip, changing each file's content through edit (nil
// drops it) and adding extra files.
func rewrite(t *testing.T, b []byte, edit func(name string, c []byte) []byte, extra map[string]string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		c, _ := io.ReadAll(rc)
		rc.Close()
		if c = edit(f.Name, c); c != nil {
			w, _ := zw.Create(f.Name)
			w.Write(c)
		}
	}
	for name, c := range extra {
		w, _ := zw.Create(name)
		io.WriteString(w, c)
	}
	zw.Close()
	return buf.Bytes()
}

func TestReadPackageRefuses(t *testing.T) {
	good := writePackage(t)
	same := func(_ string, c []byte) []byte { return c }
	for _, tc := range []struct {
		name string
		b    []byte
		want string
	}{
		{"not a zip", []byte("not a zip"), "不是有效的回执包"},
		{"no manifest", rewrite(t, good, func(n string, c []byte) []byte {
			if n == manifestName {
				return nil
			}
			return c
		}, nil), "没有清单"},
		{"tampered", rewrite(t, good, func(n string, c []byte) []byte {
			if strings.HasSuffix(n, "照片.jpg") {
				return []byte("改")
			}
			return c
		}, nil), "与清单不符"},
		{"extra file", rewrite(t, good, same, map[string]string{"佐证材料/2-1.14.5/夹带.exe": "MZ"}), "不在清单中"},
		{"unsafe path", rewrite(t, good, same, map[string]string{"../逃出.txt": "x"}), "不安全"},
		{"folded duplicate", rewrite(t, good, same, map[string]string{"MANIFEST.JSON": "{}"}), "重名"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ReadPackage("包.zip", tc.b)
			if p != nil || data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ReadPackage = %v, %v; want EINVALID with %q", p, err, tc.want)
			}
			var ps Problems
			if tc.name != "not a zip" && (!errors.As(err, &ps) || ps[0].File != "包.zip") {
				t.Errorf("problems %v do not name the package", err)
			}
		})
	}
}

// rezipAs copies a package with each entry renamed by name, written with
// or without the zip's UTF-8 flag.
func rezipAs(t *testing.T, b []byte, name func(string) string, utf8Flag bool) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, _ := f.Open()
		c, _ := io.ReadAll(rc)
		rc.Close()
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name(f.Name), Method: zip.Deflate, NonUTF8: !utf8Flag})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(c)
	}
	zw.Close()
	return buf.Bytes()
}

// A package re-zipped by Windows Explorer: names in the GBK code page
// without the UTF-8 flag, and everything inside the package's folder.
func TestReadPackageRezippedByExplorer(t *testing.T) {
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for name, b := range map[string][]byte{
		"gbk":             rezipAs(t, writePackage(t), gbk, false),
		"folder":          rezipAs(t, writePackage(t), func(n string) string { return "德胜街道-回执包/" + n }, true),
		"gbk and folder":  rezipAs(t, writePackage(t), func(n string) string { return gbk("德胜街道-回执包/" + n) }, false),
		"utf-8 unflagged": rezipAs(t, writePackage(t), func(n string) string { return n }, false),
	} {
		t.Run(name, func(t *testing.T) {
			p, err := ReadPackage("包.zip", b)
			if err != nil {
				t.Fatal(err)
			}
			if p.ReturnName != "德胜街道-2023年06月-回执表.xlsx" || len(p.Files) != 2 || p.Files[1].Path != "佐证材料/2-1.14.5/照片 (2).jpg" {
				t.Fatalf("read %q and %+v", p.ReturnName, p.Files)
			}
		})
	}
	// Two folders: not one package zipped inside a folder.
	two := rezipAs(t, writePackage(t), func(n string) string {
		if n == manifestName {
			return "甲/" + n
		}
		return "乙/" + n
	}, true)
	if _, err := ReadPackage("包.zip", two); err == nil || !strings.Contains(err.Error(), "没有清单") {
		t.Errorf("two folders: %v", err)
	}
}
