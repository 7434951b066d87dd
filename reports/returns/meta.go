package returns

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// TemplateVersion is written into every template's hidden sheet.
const TemplateVersion = 1

// MetaSheet is the very hidden sheet that carries a template's Meta.
const MetaSheet = "taizhang"

// metaMarker is the first cell of the meta sheet; it finds the record again
// when a program renamed the sheet.
const metaMarker = "taizhang-return-template"

// Meta is what the hidden sheet carries.
type Meta struct {
	Unit     string // canonical unit name
	Month    string // "2023-06"
	PlanYear int
	Version  int
	Checksum string // Checksum(ids) of the template's measure IDs in row order
	// Prefill is the PrefillChecksum of the rows as pre-filled from the
	// previous month, so that a template sent back as it came is known as
	// one; "" when the rows hold the unit's own entries (a package) or in
	// older templates.
	Prefill string
}

// Checksum is the hex SHA-256 of ids joined by "\n".
func Checksum(ids []string) string {
	sum := sha256.Sum256([]byte(strings.Join(ids, "\n")))
	return hex.EncodeToString(sum[:])
}

// metaRecord is the meta sheet's content: the Meta and the sheets it names.
type metaRecord struct {
	Meta
	Sheet, IndicatorSheet string
}

// keys of the meta sheet, one per row in column A, the value in column B.
const (
	keySheet          = "sheet"
	keyIndicatorSheet = "indicator_sheet"
	keyUnit           = "unit"
	keyMonth          = "month"
	keyPlanYear       = "plan_year"
	keyVersion        = "version"
	keyChecksum       = "checksum"
	keyPrefill        = "prefill"
)

// writeMeta adds the very hidden meta sheet.
func writeMeta(f *excelize.File, r metaRecord) error {
	if _, err := f.NewSheet(MetaSheet); err != nil {
		return err
	}
	rows := [][2]any{
		{metaMarker, ""},
		{keySheet, r.Sheet},
		{keyIndicatorSheet, r.IndicatorSheet},
		{keyUnit, r.Unit},
		{keyMonth, r.Month},
		{keyPlanYear, r.PlanYear},
		{keyVersion, r.Version},
		{keyChecksum, r.Checksum},
		{keyPrefill, r.Prefill},
	}
	for i, kv := range rows {
		if err := f.SetSheetRow(MetaSheet, "A"+strconv.Itoa(i+1), &[]any{kv[0], kv[1]}); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(MetaSheet, false, true)
}

// readMeta finds the meta sheet, by its name first and then, renamed, by
// the marker in its first cell, and parses it. It returns nil when there is
// none or it is unreadable. Only the first rows of each sheet are read.
func readMeta(f *excelize.File) *metaRecord {
	sheets := f.GetSheetList()
	if i := slices.Index(sheets, MetaSheet); i > 0 {
		sheets = append([]string{MetaSheet}, slices.Delete(sheets, i, i+1)...)
	}
	for _, name := range sheets {
		if r := parseMeta(f, name); r != nil {
			return r
		}
	}
	return nil
}

// parseMeta reads a meta record from sheet, nil when the sheet is none.
func parseMeta(f *excelize.File, sheet string) *metaRecord {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil
	}
	defer rows.Close()
	kv := map[string]string{}
	for n := 0; rows.Next() && n < 20; n++ {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil
		}
		if n == 0 && (len(cols) == 0 || strings.TrimSpace(cols[0]) != metaMarker) {
			return nil
		}
		if len(cols) >= 2 {
			kv[strings.TrimSpace(cols[0])] = strings.TrimSpace(cols[1])
		}
	}
	var r metaRecord
	r.Sheet, r.IndicatorSheet = kv[keySheet], kv[keyIndicatorSheet]
	r.Unit, r.Month, r.Checksum, r.Prefill = kv[keyUnit], kv[keyMonth], kv[keyChecksum], kv[keyPrefill]
	if r.PlanYear, err = strconv.Atoi(kv[keyPlanYear]); err != nil {
		return nil
	}
	if r.Version, err = strconv.Atoi(kv[keyVersion]); err != nil {
		return nil
	}
	if r.Unit == "" || r.Month == "" {
		return nil
	}
	return &r
}
