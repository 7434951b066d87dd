package app

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// photo is evidence content with every byte value, to catch any text
// conversion on the way.
var photo = func() []byte {
	b := make([]byte, 3000)
	for i := range b {
		b[i] = byte(i * 7)
	}
	return b
}()

// deshengPackage fills 德胜街道's June in a ledger (two entries, two
// evidence files) and writes its return package into dir.
func deshengPackage(t testing.TB, a *App, dir string) (string, []data.Entry) {
	t.Helper()
	ctx := context.Background()
	for _, in := range []data.EntryInput{
		{Unit: "德胜街道", MeasureID: "2-1.14.5", Month: june, Status: ptrTo(data.StatusDone), Progress: ptrTo("河长巡河 8 次")},
		{Unit: "德胜街道", MeasureID: "2-1.14.3", Month: june, Status: ptrTo(data.StatusOnTrack), NextSteps: ptrTo("7 月继续")},
	} {
		if _, err := a.db.SetEntry(ctx, 2023, in, "王芳"); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"巡河照片.jpg", "会议纪要.pdf"} {
		p := filepath.Join(dir, name)
		content := photo
		if i == 1 {
			content = []byte("%PDF-1.4 纪要")
		}
		if err := os.WriteFile(p, content, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := a.AttachFile(ctx, "德胜街道", "2-1.14.5", june, p, ""); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, ReturnPackageFileName("德胜街道", june))
	if err := a.WriteReturnPackage(ctx, "德胜街道", june, out); err != nil {
		t.Fatal(err)
	}
	es, err := a.db.Entries(ctx, data.EntryFilter{Unit: "德胜街道", Month: june})
	if err != nil {
		t.Fatal(err)
	}
	return out, es
}

func TestReturnPackageRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := mustOpen(t)
	pkg, want := deshengPackage(t, src, dir)

	dst := mustOpen(t)
	p := mustPrepare(t, dst, pkg, ImportTarget{})
	if p.Kind != data.ReturnPackage || len(p.Evidence) != 2 || len(p.Changes) != 2 {
		t.Fatalf("preview: kind %s, %d evidence, %d changes", p.Kind, len(p.Evidence), len(p.Changes))
	}
	r, err := dst.ApplyImport(ctx, p, false)
	if err != nil {
		t.Fatal(err)
	}
	if r.Evidence != 2 || r.Changed != 2 || r.Kind != data.ReturnPackage {
		t.Errorf("record %+v", r)
	}
	got, err := dst.db.Entries(ctx, data.EntryFilter{Unit: "德胜街道", Month: june})
	if err != nil || len(got) != len(want) {
		t.Fatalf("%d entries, %v", len(got), err)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.MeasureID != w.MeasureID || g.Status != w.Status || g.Progress != w.Progress || g.NextSteps != w.NextSteps {
			t.Errorf("entry %+v, want %+v", g, w)
		}
	}
	srcEv, _ := src.ListEvidence(ctx, data.EvidenceFilter{Unit: "德胜街道", Month: june})
	dstEv, _ := dst.ListEvidence(ctx, data.EvidenceFilter{Unit: "德胜街道", Month: june})
	if len(dstEv) != 2 {
		t.Fatalf("%d evidence files imported", len(dstEv))
	}
	for i := range dstEv {
		var a, b bytes.Buffer
		src.db.WriteBlob(ctx, srcEv[i].SHA256, &a)
		if _, err := dst.db.WriteBlob(ctx, dstEv[i].SHA256, &b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) || dstEv[i].Name != srcEv[i].Name || dstEv[i].MeasureID != "2-1.14.5" {
			t.Errorf("evidence %s differs", dstEv[i].Name)
		}
	}

	// The unit's own ledger imports its package: nothing new, files skipped.
	own := mustPrepare(t, src, pkg, ImportTarget{})
	if len(own.Changes) != 0 || len(own.Evidence) != 2 || !own.Evidence[0].Attached || !own.Evidence[1].Attached {
		t.Errorf("own package: %d changes, evidence %+v", len(own.Changes), own.Evidence)
	}
}

// rezip copies the package at src to a new file, passing every file
// through edit (nil drops it) and adding extra files.
func rezip(t *testing.T, src, name string, edit func(name string, b []byte) []byte, extra map[string][]byte) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	write := func(n string, b []byte) {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if b = edit(f.Name, b); b != nil {
			write(f.Name, b)
		}
	}
	for n, b := range extra {
		write(n, b)
	}
	zw.Close()
	out := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// The package's manifest as these tests edit it; reports/returns defines
// the format.
const (
	manifestName = "manifest.json"
	evidenceDir  = "佐证材料"
)

type packageManifest struct {
	Format  string         `json:"format"`
	Version int            `json:"version"`
	Unit    string         `json:"unit"`
	Month   string         `json:"month"`
	Files   []manifestFile `json:"files"`
}

type manifestFile struct {
	Path      string `json:"path"`
	Kind      string `json:"kind"`
	MeasureID string `json:"measure_id,omitempty"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
}

// editManifest returns an edit that changes manifest.json through fn.
func editManifest(t *testing.T, fn func(m *packageManifest)) func(string, []byte) []byte {
	return func(name string, b []byte) []byte {
		if name != manifestName {
			return b
		}
		var m packageManifest
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		fn(&m)
		out, _ := json.Marshal(m)
		return out
	}
}

func keep(_ string, b []byte) []byte { return b }

func hexSum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestReturnPackageRefused(t *testing.T) {
	ctx := context.Background()
	src := mustOpen(t)
	pkg, _ := deshengPackage(t, src, t.TempDir())
	photoPath := evidenceDir + "/2-1.14.5/巡河照片.jpg"
	cases := []struct {
		name string
		file func(t *testing.T) string
		want string
	}{
		{"tampered evidence", func(t *testing.T) string {
			return rezip(t, pkg, "tampered.zip", func(n string, b []byte) []byte {
				if n == photoPath {
					b = append([]byte{}, b...)
					b[100] ^= 1
				}
				return b
			}, nil)
		}, "与清单不符"},
		{"path with ../", func(t *testing.T) string {
			evil := []byte("evil")
			return rezip(t, pkg, "dotdot.zip", editManifest(t, func(m *packageManifest) {
				m.Files = append(m.Files, manifestFile{Path: "../../evil.txt", Kind: "evidence", MeasureID: "2-1.14.5", Size: 4, SHA256: hexSum(evil)})
			}), map[string][]byte{"../../evil.txt": evil})
		}, "不安全"},
		{"absolute path", func(t *testing.T) string {
			return rezip(t, pkg, "abs.zip", keep, map[string][]byte{"/etc/passwd": []byte("x")})
		}, "不安全"},
		{"duplicate names", func(t *testing.T) string {
			return rezip(t, pkg, "dup.zip", keep, map[string][]byte{strings.ToUpper(manifestName): []byte("{}")})
		}, "重名"},
		{"manifest lists a missing file", func(t *testing.T) string {
			return rezip(t, pkg, "missing.zip", func(n string, b []byte) []byte {
				if n == photoPath {
					return nil
				}
				return b
			}, nil)
		}, "不在回执包中"},
		{"file not in the manifest", func(t *testing.T) string {
			return rezip(t, pkg, "extra.zip", keep, map[string][]byte{evidenceDir + "/2-1.14.5/夹带.exe": []byte("MZ")})
		}, "不在清单中"},
		{"manifest with a wrong hash", func(t *testing.T) string {
			return rezip(t, pkg, "hash.zip", editManifest(t, func(m *packageManifest) {
				m.Files[1].SHA256 = strings.Repeat("ab", 32)
			}), nil)
		}, "与清单不符"},
		{"evidence of another unit's measure", func(t *testing.T) string {
			return rezip(t, pkg, "other.zip", editManifest(t, func(m *packageManifest) {
				for i := range m.Files {
					if m.Files[i].Kind == "evidence" {
						m.Files[i].MeasureID = "3.13.1"
					}
				}
			}), nil)
		}, "不是德胜街道的措施"},
		{"no manifest", func(t *testing.T) string {
			return rezip(t, pkg, "nomanifest.zip", func(n string, b []byte) []byte {
				if n == manifestName {
					return nil
				}
				return b
			}, nil)
		}, "没有清单"},
		{"damaged return inside a sound package", func(t *testing.T) string {
			junk := []byte("PK\x03\x04 not a workbook")
			var ret string
			return rezip(t, pkg, "junk.zip", func(n string, b []byte) []byte {
				if strings.HasSuffix(n, ".xlsx") {
					ret = n
					return junk
				}
				if n == manifestName {
					return editManifest(t, func(m *packageManifest) {
						for i := range m.Files {
							if m.Files[i].Path == ret {
								m.Files[i].Size, m.Files[i].SHA256 = int64(len(junk)), hexSum(junk)
							}
						}
					})(n, b)
				}
				return b
			}, nil)
		}, "损坏"},
		{"return with a bad status inside a package", func(t *testing.T) string {
			var fixed []byte
			var ret string
			return rezip(t, pkg, "status.zip", func(n string, b []byte) []byte {
				if strings.HasSuffix(n, ".xlsx") {
					ret, fixed = n, withStatus(t, b, "差不多")
					return fixed
				}
				if n == manifestName {
					return editManifest(t, func(m *packageManifest) {
						for i := range m.Files {
							if m.Files[i].Path == ret {
								m.Files[i].Size, m.Files[i].SHA256 = int64(len(fixed)), hexSum(fixed)
							}
						}
					})(n, b)
				}
				return b
			}, nil)
		}, "差不多"},
		{"not a zip", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "fake.zip")
			os.WriteFile(p, []byte("just text"), 0o644)
			return p
		}, "不是有效的回执包"},
		{"declared size beyond the bound", func(t *testing.T) string {
			return bombZip(t, 1<<40, 10)
		}, "恶意"},
		{"size larger than declared", func(t *testing.T) string {
			return bombZip(t, 10, 1<<20)
		}, "无法读取回执包中的文件"},
	}
	dst := mustOpen(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := dumpDB(t, dst)
			_, err := dst.PrepareImport(ctx, c.file(t), ImportTarget{})
			if err == nil || !strings.Contains(ErrorMessage(err), c.want) {
				t.Errorf("got %v, want a message with %q", err, c.want)
			}
			wantSameDB(t, dst, before)
		})
	}
}

// bombZip writes a zip whose one file declares size bytes but holds
// actual zero bytes, deflated.
func bombZip(t *testing.T, size uint64, actual int) string {
	t.Helper()
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(make([]byte, actual))
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "bomb.bin", Method: zip.Deflate,
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: size, CRC32: 0})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	p := filepath.Join(t.TempDir(), "bomb.zip")
	os.WriteFile(p, buf.Bytes(), 0o644)
	return p
}

// withStatus returns the workbook b with the status of its first measure
// row set to status.
func withStatus(t *testing.T, b []byte, status string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	col, header := datatest.Column(t, f, returns.ReturnSheet, returns.FieldStatus)
	datatest.SetCell(t, f, returns.ReturnSheet, col, header+1, status)
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
