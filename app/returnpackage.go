package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"taizhang/data"
	"taizhang/reports/returns"
)

// isPackage reports whether a picked file is a return package, by name.
func isPackage(name string) bool { return strings.EqualFold(filepath.Ext(name), ".zip") }

// ReturnPackageFileName is the file name of a unit's return package for a
// month: 德胜街道-2023年06月-回执包.zip.
func ReturnPackageFileName(unit string, m data.Month) string {
	return fmt.Sprintf("%s-%s-回执包.zip", safeFileName(unit), monthTag(m))
}

// returnFileName is the name of the return inside a package.
func returnFileName(unit string, m data.Month) string {
	return fmt.Sprintf("%s-%s-回执表.xlsx", safeFileName(unit), monthTag(m))
}

// WriteReturnPackage writes a unit's return package for month m to path: the
// unit's return filled with its entries of m, the evidence files in use for
// the unit and month, and the manifest (returns.PackageWriter). The file
// appears complete or not at all.
//
// Errors: those of ReturnTemplate, and EINVALID if path cannot be written
// or the package would exceed what an import accepts
// (returns.MaxPackageUnpacked).
func (a *App) WriteReturnPackage(ctx context.Context, unit string, m data.Month, dest string) error {
	t, err := a.returnSheet(ctx, unit, m, m)
	if err != nil {
		return err
	}
	xlsx, err := returns.WriteTemplate(t)
	if err != nil {
		return err
	}
	evidence, err := a.db.ListEvidence(ctx, data.EvidenceFilter{Unit: t.Meta.Unit, Month: m})
	if err != nil {
		return err
	}
	total := int64(len(xlsx))
	for _, e := range evidence {
		total += e.Size
	}
	if total > returns.MaxPackageUnpacked {
		return data.Errorf(data.EINVALID,
			"%s %s的佐证材料共 %s，超过回执包能导入的 %s，没有写出回执包“%s”。请把较大的文件单独交付，或删去不需要的文件后再导出。",
			t.Meta.Unit, m.Label(), FormatBytes(total), FormatBytes(returns.MaxPackageUnpacked), dest)
	}
	fail := func(err error) error {
		return data.Errorf(data.EINVALID, "无法写入回执包“%s”：%v", dest, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".taizhang-*")
	if err != nil {
		return fail(err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	pw := returns.NewPackageWriter(tmp, t.Meta.Unit, m)
	err = pw.AddReturn(returnFileName(t.Meta.Unit, m), xlsx)
	for _, e := range evidence {
		if err != nil {
			break
		}
		err = pw.AddEvidence(e.MeasureID, safeFileName(e.Name), func(w io.Writer) error {
			_, err := a.db.WriteBlob(ctx, e.SHA256, w)
			return err
		})
	}
	if err == nil {
		err = pw.Close()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if data.ErrorCode(err) != data.EINTERNAL {
			return err
		}
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return fail(err)
	}
	return nil
}
