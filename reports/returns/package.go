package returns

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"taizhang/data"
)

// The layout of a return package (回执包): a .zip holding the return
// (.xlsx), the evidence files under 佐证材料/<measure ID>/<name>, and
// manifest.json listing every other file with its SHA-256 and size.
const (
	manifestName   = "manifest.json"
	packageFormat  = "taizhang-return-package"
	packageVersion = 1
	evidenceDir    = "佐证材料"
)

// Bounds of a package, against zip bombs and hostile files.
const (
	maxPackageFiles = 2000
	maxManifestSize = 1 << 20
)

// MaxPackageUnpacked bounds all files of a package together, uncompressed
// (a variable so that a fuzz test can bound its inputs lower).
var MaxPackageUnpacked int64 = 512 << 20

// packageManifest is manifest.json.
type packageManifest struct {
	Format  string         `json:"format"`
	Version int            `json:"version"`
	Unit    string         `json:"unit"`
	Month   string         `json:"month"`
	Files   []manifestFile `json:"files"`
}

// manifestFile is one file of the manifest: the return or an evidence file.
type manifestFile struct {
	Path      string `json:"path"`
	Kind      string `json:"kind"` // "return" or "evidence"
	MeasureID string `json:"measure_id,omitempty"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
}

// Package is a return package read and verified by ReadPackage.
type Package struct {
	ReturnName string // the return's file name, without folders
	Return     []byte // the return (.xlsx)
	Files      []PackageFile
}

// PackageFile is an evidence file of a package, its size and SHA-256
// checked against the manifest.
type PackageFile struct {
	Path      string // inside the package
	MeasureID string
	Name      string // the file name, without folders
	Size      int64
	SHA256    string
	Content   []byte
}

// CheckPackagePath refuses a path that could leave the folder it is
// unpacked to or that Windows cannot name: absolute paths, drive letters,
// back slashes, "." and ".." elements, empty elements.
func CheckPackagePath(p string) bool {
	if p == "" || strings.ContainsAny(p, "\\:\x00") || strings.HasPrefix(p, "/") || !utf8Valid(p) {
		return false
	}
	for _, el := range strings.Split(p, "/") {
		if el == "" || el == "." || el == ".." {
			return false
		}
	}
	return path.Clean(p) == p
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// ReadPackage reads and verifies a return package: every path safe and
// unique, the unpacked size bounded, the manifest listing exactly the files
// present with their true sizes and SHA-256, one return. Problems of the
// package are Problems naming the file inside it; a file that is not a zip
// is EINVALID.
func ReadPackage(name string, b []byte) (*Package, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "“%s”不是有效的回执包（zip 文件已损坏或不是 zip）：%v。请让报送单位用台账程序重新导出回执包", name, err)
	}
	r := &packageReader{name: name}
	if len(zr.File) > maxPackageFiles {
		r.bad("", "回执包中有 %d 个文件，超过上限 %d 个", len(zr.File), maxPackageFiles)
		return nil, r.ps
	}
	contents := r.unpack(zr.File)
	if len(r.ps) > 0 {
		return nil, r.ps
	}
	man, ok := r.manifest(contents)
	if !ok {
		return nil, r.ps
	}
	pkg := &Package{}
	listed := map[string]bool{}
	for _, mf := range man.Files {
		r.add(pkg, mf, contents, listed)
	}
	r.unlisted(contents, listed)
	if pkg.ReturnName == "" && len(r.ps) == 0 {
		r.bad("", "回执包中没有回执表（.xlsx）")
	}
	if len(r.ps) > 0 {
		return nil, r.ps
	}
	return pkg, nil
}

// packageReader collects the problems of the return package named name.
type packageReader struct {
	name    string
	ps      Problems
	missing []manifestFile // files of the manifest not in the package
}

// bad adds a problem with the file inside the package (or "").
func (r *packageReader) bad(inside, format string, args ...any) {
	r.ps = append(r.ps, Problem{File: r.name, Found: inside, Message: fmt.Sprintf(format, args...)})
}

// unpack returns the contents of the package's files by path, each path
// safe and unique ignoring case, within the unpacked size bound. It stops
// at the first file over the bound or unreadable.
func (r *packageReader) unpack(files []*zip.File) map[string][]byte {
	contents := map[string][]byte{}
	folded := map[string]string{}
	budget := MaxPackageUnpacked
	names := entryNames(files)
	for i, f := range files {
		n := names[i]
		if strings.HasSuffix(n, "/") && CheckPackagePath(strings.TrimSuffix(n, "/")) {
			continue // a folder entry
		}
		if !CheckPackagePath(n) {
			r.bad(n, "回执包中的路径“%s”不安全（绝对路径、“..”或非法字符），已拒绝整个回执包", n)
			continue
		}
		key := strings.ToLower(n)
		if other, dup := folded[key]; dup {
			r.bad(n, "回执包中有重名的文件“%s”和“%s”", other, n)
			continue
		}
		folded[key] = n
		if f.UncompressedSize64 > uint64(budget) {
			r.bad(n, "回执包解压后超过 %d MB（可能是恶意的压缩包），已拒绝", MaxPackageUnpacked>>20)
			return nil
		}
		c, err := readZipFile(f, budget)
		if err != nil {
			r.bad(n, "无法读取回执包中的文件“%s”：%v", n, err)
			return nil
		}
		budget -= int64(len(c))
		contents[n] = c
	}
	return contents
}

// manifest decodes the package's manifest; ok is false, with the problem
// added, when it is missing, unreadable or of a newer format version.
func (r *packageReader) manifest(contents map[string][]byte) (man packageManifest, ok bool) {
	raw, ok := contents[manifestName]
	if !ok {
		r.bad(manifestName, "回执包中没有清单 %s，无法核对文件，请让报送单位用台账程序重新导出回执包", manifestName)
		return man, false
	}
	if len(raw) > maxManifestSize || json.Unmarshal(raw, &man) != nil || man.Format != packageFormat {
		r.bad(manifestName, "回执包的清单 %s 无法识别，请让报送单位用台账程序重新导出回执包", manifestName)
		return man, false
	}
	if man.Version > packageVersion {
		r.bad(manifestName, "回执包由更新版本的台账程序导出（格式版本 %d），请先升级台账程序", man.Version)
		return man, false
	}
	return man, true
}

// add checks the manifest's file mf against the package's contents and
// adds it to pkg as its return or an evidence file; listed holds the
// paths of the manifest checked so far.
func (r *packageReader) add(pkg *Package, mf manifestFile, contents map[string][]byte, listed map[string]bool) {
	c, present := contents[mf.Path]
	switch {
	case listed[mf.Path]:
		r.bad(mf.Path, "清单中“%s”出现了不止一次", mf.Path)
		return
	case mf.Path == manifestName || !CheckPackagePath(mf.Path):
		r.bad(mf.Path, "清单中的路径“%s”无效", mf.Path)
		return
	case !present:
		r.missing = append(r.missing, mf)
		return
	}
	listed[mf.Path] = true
	sum := sha256.Sum256(c)
	if int64(len(c)) != mf.Size || hex.EncodeToString(sum[:]) != strings.ToLower(mf.SHA256) {
		r.bad(mf.Path, "文件“%s”与清单不符（大小或 SHA-256 校验值不同）：文件在导出后被改动或已损坏", mf.Path)
		return
	}
	switch mf.Kind {
	case "return":
		if pkg.ReturnName != "" {
			r.bad(mf.Path, "回执包中有不止一份回执表（“%s”和“%s”）", pkg.ReturnName, mf.Path)
			return
		}
		pkg.ReturnName, pkg.Return = path.Base(mf.Path), c
	case "evidence":
		if strings.TrimSpace(mf.MeasureID) == "" {
			r.bad(mf.Path, "清单没有写明佐证材料“%s”属于哪项措施", mf.Path)
			return
		}
		pkg.Files = append(pkg.Files, PackageFile{Path: mf.Path, MeasureID: strings.TrimSpace(mf.MeasureID), Name: path.Base(mf.Path),
			Size: mf.Size, SHA256: hex.EncodeToString(sum[:]), Content: c})
	default:
		r.bad(mf.Path, "清单中文件“%s”的类别“%s”无法识别", mf.Path, mf.Kind)
	}
}

// unlisted reports the package's files the manifest does not list and the
// files it lists that are missing. A file whose size and SHA-256 are those
// of a missing one is that file renamed or moved after packing: one
// problem names both.
func (r *packageReader) unlisted(contents map[string][]byte, listed map[string]bool) {
	paths := slices.Sorted(maps.Keys(contents))
	found := map[string]bool{}
	for _, p := range paths {
		if p == manifestName || listed[p] {
			continue
		}
		sum := sha256.Sum256(contents[p])
		i := slices.IndexFunc(r.missing, func(mf manifestFile) bool {
			return !found[mf.Path] && mf.Size == int64(len(contents[p])) && strings.EqualFold(mf.SHA256, hex.EncodeToString(sum[:]))
		})
		if i < 0 {
			r.bad(p, "回执包中的文件“%s”不在清单中", p)
			continue
		}
		found[r.missing[i].Path] = true
		r.bad(p, "回执包中的文件“%s”就是清单列出的“%s”（大小和 SHA-256 校验值相同），在打包后被改名或移动了。请把它改回“%s”，或让报送单位用台账程序重新导出回执包",
			p, r.missing[i].Path, r.missing[i].Path)
	}
	for _, mf := range r.missing {
		if !found[mf.Path] {
			r.bad(mf.Path, "清单列出的文件“%s”不在回执包中", mf.Path)
		}
	}
}

// entryNames gives the paths of a zip's entries as the package's manifest
// names them. A name that is not UTF-8 (Windows Explorer writes the GBK/CP936
// code page without the zip's UTF-8 flag) is decoded from GB18030. When the
// package was zipped inside a folder (every entry under one folder, the
// manifest in it), that folder is taken off.
func entryNames(files []*zip.File) []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
		if !utf8.ValidString(f.Name) {
			if n, err := simplifiedchinese.GB18030.NewDecoder().String(f.Name); err == nil && utf8.ValidString(n) {
				names[i] = n
			}
		}
	}
	if slices.Contains(names, manifestName) {
		return names
	}
	var dir string
	for _, n := range names {
		if d, rest, ok := strings.Cut(n, "/"); ok && rest == manifestName {
			dir = d + "/"
		}
	}
	if dir == "" {
		return names
	}
	for _, n := range names {
		if !strings.HasPrefix(n, dir) {
			return names
		}
	}
	for i, n := range names {
		names[i] = strings.TrimPrefix(n, dir)
		if names[i] == "" { // the folder's own entry
			names[i] = dir
		}
	}
	return names
}

// readZipFile reads one file of a zip, refusing more than its declared
// size or the remaining budget: a lying header is caught while reading.
func readZipFile(f *zip.File, budget int64) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	limit := min(int64(f.UncompressedSize64), budget)
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("解压后的大小超过声明的 %d 字节", f.UncompressedSize64)
	}
	return b, nil
}

// PackageWriter writes a return package: the return, then the evidence
// files, then Close adds the manifest.
type PackageWriter struct {
	zw   *zip.Writer
	man  packageManifest
	used map[string]bool // evidence paths taken, lower case
}

// NewPackageWriter starts the return package of a unit (canonical name)
// and month on w.
func NewPackageWriter(w io.Writer, unit string, m data.Month) *PackageWriter {
	return &PackageWriter{zw: zip.NewWriter(w), used: map[string]bool{},
		man: packageManifest{Format: packageFormat, Version: packageVersion, Unit: unit, Month: string(m)}}
}

// AddReturn adds the return (.xlsx) under the file name name.
func (p *PackageWriter) AddReturn(name string, xlsx []byte) error {
	return p.add(name, "return", "", func(w io.Writer) error {
		_, err := w.Write(xlsx)
		return err
	})
}

// AddEvidence adds an evidence file of a measure under
// 佐证材料/<measure ID>/name (name (2).ext … if two share a name); write
// writes its content.
func (p *PackageWriter) AddEvidence(measureID, name string, write func(io.Writer) error) error {
	return p.add(uniqueName(p.used, evidenceDir+"/"+measureID+"/", name), "evidence", measureID, write)
}

func (p *PackageWriter) add(name, kind, measure string, write func(io.Writer) error) error {
	w, err := p.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return err
	}
	h := sha256.New()
	cw := &countWriter{w: io.MultiWriter(w, h)}
	if err := write(cw); err != nil {
		return err
	}
	p.man.Files = append(p.man.Files, manifestFile{Path: name, Kind: kind, MeasureID: measure, Size: cw.n, SHA256: hex.EncodeToString(h.Sum(nil))})
	return nil
}

// Close writes the manifest and finishes the zip; it does not close the
// underlying writer.
func (p *PackageWriter) Close() error {
	w, err := p.zw.Create(manifestName)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(p.man); err != nil {
		return err
	}
	return p.zw.Close()
}

// uniqueName returns dir+name, or dir+"name (2).ext" … if taken (two files
// of one measure may share a name), and marks it taken.
func uniqueName(used map[string]bool, dir, name string) string {
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	p := dir + name
	for i := 2; used[strings.ToLower(p)]; i++ {
		p = fmt.Sprintf("%s%s (%d)%s", dir, stem, i, ext)
	}
	used[strings.ToLower(p)] = true
	return p
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
