package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"taizhang/data"
)

// ApplyReturn applies a return in one transaction: its entries through the
// checks and audit of SetEntries, its indicator values through those of
// SetIndicatorActual, its evidence through those of AddEvidence (a file
// already attached to the same measure under the same name and content is
// skipped), the original file kept as a blob, the import record and an
// audit record of the import. Either all of it is written or nothing.
// After a return of more than 16 MB the WAL is truncated, as after
// attaching a big file.
//
// Errors: those of SetEntry, SetIndicatorActual and AddEvidence for the
// first change refused; EINVALID for an empty clerk or file name, an
// unknown kind, or a unit that is a group; ECONFLICT if the month is
// closed (even if the return changes nothing).
func (db *DB) ApplyReturn(ctx context.Context, year int, in data.ReturnInput, clerk string) (data.ReturnImport, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return data.ReturnImport{}, err
	}
	name := strings.TrimSpace(in.FileName)
	if name == "" || utf8.RuneCountInString(name) > maxName {
		return data.ReturnImport{}, data.Errorf(data.EINVALID, "回执表的文件名为空或超过 %d 字", maxName)
	}
	if in.Kind != data.ReturnXLSX && in.Kind != data.ReturnPackage {
		return data.ReturnImport{}, data.Errorf(data.EINVALID, "未知的回执表类型“%s”", in.Kind)
	}
	var out data.ReturnImport
	rows := int64(1 + len(in.Entries) + len(in.Indicators) + len(in.Evidence))
	err = db.withTxNeeding(ctx, writeNeed(in.Size, rows), func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		defer func() { c.source = "" }()
		var err error
		out, err = c.applyReturn(year, in, name, clerk)
		return err
	})
	if err != nil {
		return data.ReturnImport{}, err
	}
	if max(in.Size, out.Size) >= bigWrite {
		db.truncateWAL(ctx)
	}
	return out, nil
}

// applyReturn is ApplyReturn inside its transaction, for the return in
// with its trimmed file name and the checked clerk.
func (c *checker) applyReturn(year int, in data.ReturnInput, name, clerk string) (data.ReturnImport, error) {
	unit, err := c.returnUnit(in)
	if err != nil {
		return data.ReturnImport{}, err
	}
	out := data.ReturnImport{Unit: unit, Month: in.Month, FileName: name, Kind: in.Kind, Clerk: clerk,
		Unchanged: in.Unchanged, Guessed: in.Guessed, Contacts: in.Contacts}
	for _, f := range []struct{ what, v string }{{"填报人", in.Contacts.Clerk}, {"联系电话", in.Contacts.Phone}, {"审核人", in.Contacts.Reviewer}} {
		if utf8.RuneCountInString(f.v) > maxName {
			return data.ReturnImport{}, data.Errorf(data.EINVALID, "回执表“%s”的%s超过 %d 字", name, f.what, maxName)
		}
	}
	b, err := c.storeBlob(in.Original, name)
	if err != nil {
		return data.ReturnImport{}, err
	}
	out.SHA256, out.Size = b.sha256, b.size
	// The record first, so that every change it makes names it.
	if err := c.recordReturn(year, &out, b.id); err != nil {
		return data.ReturnImport{}, err
	}
	src := returnSource{what: "回执表", name: name, id: out.ID}
	if in.Kind == data.ReturnPackage {
		src.what = "回执包"
	}
	if out.Changed, err = c.applyReturnEntries(in, unit, name, src, clerk); err != nil {
		return data.ReturnImport{}, err
	}
	if out.Indicators, err = c.applyReturnIndicators(in, src, clerk); err != nil {
		return data.ReturnImport{}, err
	}
	c.source = src.at("", nil, 0)
	if out.Evidence, err = c.applyReturnEvidence(in, unit, clerk); err != nil {
		return data.ReturnImport{}, err
	}
	if _, err := c.exec(`UPDATE return_imports SET changed = ?, indicators = ?, evidence = ? WHERE id = ?`,
		out.Changed, out.Indicators, out.Evidence, out.ID); err != nil {
		return data.ReturnImport{}, fmt.Errorf("record return import: %w", err)
	}
	err = c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionReturnImport, Unit: unit, Month: in.Month,
		Field: data.FieldReturn, New: evidenceLabel(name, b.sha256)})
	return out, err
}

// returnUnit resolves the return's unit and checks that it is no group and
// that the return's month is valid and open.
func (c *checker) returnUnit(in data.ReturnInput) (string, error) {
	unit, kind, err := c.unit(in.Unit)
	if err != nil {
		return "", err
	}
	if kind == data.UnitGroup {
		return "", data.Errorf(data.EINVALID, "“%s”是单位组，没有自己的回执表", unit)
	}
	if err := c.month(in.Month); err != nil {
		return "", err
	}
	if err := c.open(in.Month); err != nil {
		return "", err
	}
	return unit, nil
}

// recordReturn writes the import record of out, with no changes counted
// yet, and sets out's ID and times.
func (c *checker) recordReturn(year int, out *data.ReturnImport, blobID int64) error {
	at, ts := stamp()
	out.ImportedAt, out.ReceivedAt = at, at
	res, err := c.exec(`INSERT INTO return_imports (year, unit, month, file_name, kind, blob_id, imported_at, received_at, clerk,
		changed, unchanged, guessed, indicators, evidence, contact_clerk, contact_phone, contact_reviewer)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 0, 0, ?, ?, ?)`,
		year, out.Unit, string(out.Month), out.FileName, out.Kind, blobID, ts, ts, out.Clerk, out.Unchanged, out.Guessed,
		out.Contacts.Clerk, out.Contacts.Phone, out.Contacts.Reviewer)
	if err != nil {
		return fmt.Errorf("record return import: %w", err)
	}
	if out.ID, err = res.LastInsertId(); err != nil {
		return fmt.Errorf("record return import: %w", err)
	}
	return nil
}

// returnSource names an import record's file in the audit log's source.
type returnSource struct {
	what, name string // 回执表 or 回执包; the file name
	id         int64  // the import record
}

// at is the source of the i-th value of a sheet whose rows are listed in
// rows: with its row number when known.
func (s returnSource) at(sheet string, rows []int, i int) string {
	if i < len(rows) && rows[i] > 0 {
		return fmt.Sprintf("%s“%s”%s第 %d 行（导入记录 %d）", s.what, s.name, sheet, rows[i], s.id)
	}
	return fmt.Sprintf("%s“%s”（导入记录 %d）", s.what, s.name, s.id)
}

// applyReturnEntries writes the return's entries, each of which must be the
// return's unit and month, and counts those that changed.
func (c *checker) applyReturnEntries(in data.ReturnInput, unit, name string, src returnSource, clerk string) (int, error) {
	changes := 0
	for i, e := range in.Entries {
		if u, _, err := c.unit(e.Unit); err != nil || u != unit || e.Month != in.Month {
			return 0, data.Errorf(data.EINVALID, "回执表“%s”中有不属于%s%s的内容（%s，%s）", name, unit, in.Month.Label(), e.Unit, e.Month.Label())
		}
		c.source = src.at("", in.EntryRows, i)
		_, changed, err := c.setEntry(e, clerk)
		if err != nil {
			return 0, err
		}
		if changed {
			changes++
		}
	}
	return changes, nil
}

// applyReturnIndicators writes the return's indicator values and counts
// those that changed.
func (c *checker) applyReturnIndicators(in data.ReturnInput, src returnSource, clerk string) (int, error) {
	changes := 0
	for i, v := range in.Indicators {
		c.source = src.at("指标表", in.IndicatorRows, i)
		_, changed, err := c.setIndicatorActual(v, clerk)
		if err != nil {
			return 0, err
		}
		if changed {
			changes++
		}
	}
	return changes, nil
}

// applyReturnEvidence attaches the return's files that the unit's entries
// do not have yet and counts them.
func (c *checker) applyReturnEvidence(in data.ReturnInput, unit, clerk string) (int, error) {
	added := 0
	for _, ev := range in.Evidence {
		attached, err := c.attached(unit, in.Month, ev)
		if err != nil {
			return 0, err
		}
		if attached {
			continue
		}
		e := data.EvidenceInput{Unit: unit, MeasureID: ev.MeasureID, Month: in.Month, Name: ev.Name, MIME: ev.MIME, Description: ev.Description}
		if _, _, err := c.addEvidence(e, ev.Content, clerk); err != nil {
			return 0, err
		}
		added++
	}
	return added, nil
}

// attached reports whether the unit's entry on the measure for the month
// already has a file of that name and content in use.
func (c *checker) attached(unit string, m data.Month, ev data.ReturnEvidence) (bool, error) {
	row, err := c.queryRow(`SELECT EXISTS (SELECT 1 FROM evidence e JOIN blobs b ON b.id = e.blob_id
		WHERE e.unit = ? AND e.month = ? AND e.measure_id = ? AND e.name = ? AND b.sha256 = ? AND e.removed_at IS NULL)`,
		unit, string(m), strings.TrimSpace(ev.MeasureID), strings.TrimSpace(ev.Name), strings.ToLower(ev.SHA256))
	if err != nil {
		return false, err
	}
	var ok bool
	if err := row.Scan(&ok); err != nil {
		return false, fmt.Errorf("find evidence: %w", err)
	}
	return ok, nil
}

// ReturnImports returns the import records that pass the filter, oldest
// first. It returns ENOTFOUND for an unknown unit.
func (db *DB) ReturnImports(ctx context.Context, f data.ReturnImportFilter) ([]data.ReturnImport, error) {
	var where []string
	var args []any
	if strings.TrimSpace(f.Unit) != "" {
		u, err := db.ResolveUnit(ctx, f.Unit)
		if err != nil {
			return nil, err
		}
		where, args = append(where, "r.unit = ?"), append(args, u)
	}
	if f.Month != "" {
		where, args = append(where, "r.month = ?"), append(args, string(f.Month))
	}
	if f.Year != 0 {
		where, args = append(where, "r.year = ?"), append(args, f.Year)
	}
	if f.SHA256 != "" {
		where, args = append(where, "b.sha256 = ?"), append(args, strings.ToLower(strings.TrimSpace(f.SHA256)))
	}
	query := `SELECT r.id, r.unit, r.month, r.file_name, r.kind, b.sha256, b.size, r.imported_at, r.received_at, r.clerk,
	r.changed, r.unchanged, r.guessed, r.indicators, r.evidence, r.contact_clerk, r.contact_phone, r.contact_reviewer
FROM return_imports r JOIN blobs b ON b.id = r.blob_id`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY r.id"
	var out []data.ReturnImport
	err := scanAll(ctx, db.db, query, args, func(rs *sql.Rows) error {
		var r data.ReturnImport
		var m, at, received string
		if err := rs.Scan(&r.ID, &r.Unit, &m, &r.FileName, &r.Kind, &r.SHA256, &r.Size, &at, &received, &r.Clerk,
			&r.Changed, &r.Unchanged, &r.Guessed, &r.Indicators, &r.Evidence,
			&r.Contacts.Clerk, &r.Contacts.Phone, &r.Contacts.Reviewer); err != nil {
			return err
		}
		r.Month = data.Month(m)
		var err error
		if r.ImportedAt, err = parseTime(at); err != nil {
			return err
		}
		r.ReceivedAt, err = parseTime(received)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read return imports: %w", err)
	}
	return out, nil
}

// SetReturnReceived sets the day the return of unit for month m of the
// plan of year arrived: its first import's received date, which decides
// whether it was late, audited (Old and New as YYYY-MM-DD). The time is
// noon of that day, local time, so that the day reads the same in any time
// zone of the country.
//
// Errors: EINVALID for an empty clerk, a day that is no date, lies after
// today or before the month began (a typo: a December return cannot
// arrive in November); ENOTFOUND when no return of the unit and month was imported;
// ECONFLICT if the month is closed.
func (db *DB) SetReturnReceived(ctx context.Context, year int, unit string, m data.Month, day string, clerk string) (data.ReturnImport, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return data.ReturnImport{}, err
	}
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(day), time.Local)
	if err != nil {
		return data.ReturnImport{}, data.Errorf(data.EINVALID, "收到日期“%s”无法识别，应写成 2023-07-04 这样的年-月-日", day)
	}
	if d.After(time.Now()) {
		return data.ReturnImport{}, data.Errorf(data.EINVALID, "收到日期 %s 晚于今天", d.Format(time.DateOnly))
	}
	if d.Format(time.DateOnly) < m.First() {
		return data.ReturnImport{}, data.Errorf(data.EINVALID, "收到日期 %s 早于填报月份%s，%s的回执表不会在该月开始前收到，请核对日期", d.Format(time.DateOnly), m.Label(), m.Label())
	}
	at := d.Add(12 * time.Hour).UTC()
	var out data.ReturnImport
	err = db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, year)
		u, _, err := c.unit(unit)
		if err != nil {
			return err
		}
		if err := c.open(m); err != nil {
			return err
		}
		row, err := c.queryRow(`SELECT id, received_at FROM return_imports WHERE unit = ? AND month = ? ORDER BY id LIMIT 1`, u, string(m))
		if err != nil {
			return err
		}
		var old string
		if err := row.Scan(&out.ID, &old); errors.Is(err, sql.ErrNoRows) {
			return data.Errorf(data.ENOTFOUND, "%s%s的回执表尚未导入，无法设置收到日期", u, m.Label())
		} else if err != nil {
			return fmt.Errorf("read return import: %w", err)
		}
		prev, err := parseTime(old)
		if err != nil {
			return err
		}
		if _, err := c.exec(`UPDATE return_imports SET received_at = ? WHERE id = ?`, at.Format(timeLayout), out.ID); err != nil {
			return fmt.Errorf("set received date: %w", err)
		}
		out.Unit, out.Month, out.ReceivedAt = u, m, at
		return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionReturnReceived, Unit: u, Month: m,
			Old: prev.Local().Format(time.DateOnly), New: d.Format(time.DateOnly)})
	})
	if err != nil {
		return data.ReturnImport{}, err
	}
	return out, nil
}

// ReturnDueDay returns the return due day (1–28), DefaultReturnDueDay when
// unset.
func (db *DB) ReturnDueDay(ctx context.Context) (int, error) {
	v, err := db.Setting(ctx, data.SettingReturnDueDay)
	if err != nil || v == "" {
		return data.DefaultReturnDueDay, err
	}
	d, err := strconv.Atoi(v)
	if err != nil || d < 1 || d > 28 {
		return 0, fmt.Errorf("stored return due day %q is not 1 to 28", v)
	}
	return d, nil
}

// SetReturnDueDay sets the return due day; it returns EINVALID for a day
// outside 1–28 (every month has those days).
func (db *DB) SetReturnDueDay(ctx context.Context, day int) error {
	if day < 1 || day > 28 {
		return data.Errorf(data.EINVALID, "回执表报送截止日“%d”无效，应为 1 至 28 之间的日期（次月几号前报送）", day)
	}
	return db.SetSetting(ctx, data.SettingReturnDueDay, strconv.Itoa(day))
}
