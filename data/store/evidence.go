package store

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"taizhang/data"
)

// maxName is the longest evidence file name, in characters.
const maxName = 255

// AddEvidence attaches the content read from r, as the clerk, in one
// transaction that is also audited (New = "name (sha256)"). The content is
// hashed while it is stored, one chunk at a time, so a large file is never
// held in memory; content already stored is kept once (adding the same file
// twice gives two evidence rows sharing one blob).
//
// The database is busy for as long as r takes to read: other calls wait.
//
// Errors, after which nothing is written: those of SetEntry about the unit,
// measure, month and closed month; EINVALID for an empty or over-long name
// (255 characters), a description longer than MaxText characters, or a
// failed read of r.
func (db *DB) AddEvidence(ctx context.Context, year int, in data.EvidenceInput, r io.Reader, clerk string) (data.Evidence, error) {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return data.Evidence{}, err
	}
	var id, size int64
	err = db.withTxNeeding(ctx, writeNeed(in.Size, 1), func(tx *sql.Tx) error {
		id, size, err = newChecker(ctx, tx, year).addEvidence(in, r, clerk)
		return err
	})
	if err != nil {
		return data.Evidence{}, err
	}
	if size >= bigWrite {
		db.truncateWAL(ctx)
	}
	return db.EvidenceByID(ctx, id)
}

// addEvidence checks an EvidenceInput, stores the content read from r and
// attaches it, audited, inside the checker's transaction (AddEvidence and
// ApplyReturn share it). It returns the new evidence ID and the size read.
func (c *checker) addEvidence(in data.EvidenceInput, r io.Reader, clerk string) (id, size int64, err error) {
	name, changed := normalName(in.Name)
	if name == "" {
		return 0, 0, data.Errorf(data.EINVALID, "佐证材料没有文件名")
	}
	if n := utf8.RuneCountInString(name); n > maxName {
		return 0, 0, data.Errorf(data.EINVALID, "佐证材料的文件名“%s…”超过 %d 字", string([]rune(name)[:20]), maxName)
	}
	mime := strings.TrimSpace(in.MIME)
	if mime == "" {
		mime = "application/octet-stream"
	}
	if err := checkText(fmt.Sprintf("佐证材料“%s”的说明", name), in.Description); err != nil {
		return 0, 0, err
	}
	t, err := c.target(in.Unit, in.MeasureID, in.Month)
	if err != nil {
		return 0, 0, err
	}
	if err := c.open(t.Month); err != nil {
		return 0, 0, err
	}
	b, err := c.storeBlob(r, name)
	if err != nil {
		return 0, 0, err
	}
	_, ts := stamp()
	res, err := c.exec(`INSERT INTO evidence (year, month, measure_id, unit, blob_id, name, mime, description, added_at, added_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.year, string(t.Month), t.MeasureID, t.Unit, b.id, name, mime, in.Description, ts, clerk)
	if err != nil {
		return 0, 0, fmt.Errorf("add evidence: %w", err)
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, 0, fmt.Errorf("add evidence: %w", err)
	}
	label := evidenceLabel(name, b.sha256)
	if changed {
		label += fmt.Sprintf("；原文件名的字节（十六进制）：%x", in.Name)
	}
	err = c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionEvidenceAdd, Unit: t.Unit, MeasureID: t.MeasureID, Month: t.Month,
		EvidenceID: id, Field: data.FieldEvidence, New: label})
	return id, b.size, err
}

// normalName is an evidence file's name as stored: trimmed, bytes that are
// not UTF-8 (a name from another system's encoding) and control
// characters each made "_", so that every package the program writes
// carries a name its own import accepts. changed reports whether anything
// but the trimming changed it; the audit then keeps the original bytes.
func normalName(name string) (normal string, changed bool) {
	t := strings.TrimSpace(name)
	normal = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(t, "_"))
	return normal, normal != t
}

// evidenceLabel names a file in the audit log: name (sha256).
func evidenceLabel(name, sha string) string { return name + " (" + sha + ")" }

const evidenceColumns = `
SELECT e.id, e.unit, e.measure_id, e.month, e.name, b.size, e.mime, b.sha256, e.description,
	e.added_at, e.added_by, e.removed_at, e.removed_by
FROM evidence e
JOIN blobs b ON b.id = e.blob_id
`

// ListEvidence returns the evidence that passes the filter, ordered by the
// measures' printed order, then the unit directory, then month and the
// order of adding. It returns ENOTFOUND for an unknown unit.
func (db *DB) ListEvidence(ctx context.Context, f data.EvidenceFilter) ([]data.Evidence, error) {
	where, args, err := db.scopeWhere(ctx, "e.", f.Year, f.Unit, f.MeasureID, f.Month)
	if err != nil {
		return nil, err
	}
	if !f.WithRemoved {
		where = append(where, "e.removed_at IS NULL")
	}
	query := evidenceColumns + `
JOIN measures m ON m.year = e.year AND m.id = e.measure_id
JOIN tasks t ON t.id = m.task_id
JOIN sections s ON s.id = t.section_id
JOIN annexes a ON a.year = s.year AND a.code = s.annex
JOIN units u ON u.name = e.unit
`
	if len(where) > 0 {
		query += "WHERE " + strings.Join(where, " AND ") + "\n"
	}
	query += "ORDER BY e.year, a.position, s.position, t.position, m.position, u.position, e.month, e.id"
	var out []data.Evidence
	err = scanAll(ctx, db.db, query, args, func(rs *sql.Rows) error {
		e, err := scanEvidence(rs)
		out = append(out, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list evidence: %w", err)
	}
	return out, nil
}

// EvidenceByID returns one evidence file, removed or not (ENOTFOUND if
// there is no such ID).
func (db *DB) EvidenceByID(ctx context.Context, id int64) (data.Evidence, error) {
	return evidenceByID(ctx, db.db, id)
}

func evidenceByID(ctx context.Context, q queryer, id int64) (data.Evidence, error) {
	var e data.Evidence
	found := false
	err := scanAll(ctx, q, evidenceColumns+"WHERE e.id = ?", []any{id}, func(rs *sql.Rows) error {
		var err error
		e, err = scanEvidence(rs)
		found = true
		return err
	})
	if err != nil {
		return data.Evidence{}, fmt.Errorf("read evidence %d: %w", id, err)
	}
	if !found {
		return data.Evidence{}, data.Errorf(data.ENOTFOUND, "没有编号为 %d 的佐证材料", id)
	}
	return e, nil
}

func scanEvidence(rs *sql.Rows) (data.Evidence, error) {
	var e data.Evidence
	var month, added string
	var removed sql.NullString
	if err := rs.Scan(&e.ID, &e.Unit, &e.MeasureID, &month, &e.Name, &e.Size, &e.MIME, &e.SHA256, &e.Description,
		&added, &e.AddedBy, &removed, &e.RemovedBy); err != nil {
		return e, err
	}
	e.Month = data.Month(month)
	var err error
	if e.AddedAt, err = parseTime(added); err != nil {
		return e, err
	}
	if removed.Valid {
		t, err := parseTime(removed.String)
		if err != nil {
			return e, err
		}
		e.RemovedAt = &t
	}
	return e, nil
}

// RemoveEvidence marks an evidence file removed, as the clerk. The row and
// its content are kept; the removal is audited (Old = "name (sha256)").
//
// It returns EINVALID for an empty clerk, ENOTFOUND for an unknown ID, and
// ECONFLICT if the file is already removed or its month is closed.
func (db *DB) RemoveEvidence(ctx context.Context, id int64, clerk string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, 0)
		e, err := c.changeableEvidence(id)
		if err != nil {
			return err
		}
		_, ts := stamp()
		if _, err := c.exec("UPDATE evidence SET removed_at = ?, removed_by = ? WHERE id = ?", ts, clerk, id); err != nil {
			return fmt.Errorf("remove evidence: %w", err)
		}
		return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionEvidenceRemove, Unit: e.Unit, MeasureID: e.MeasureID, Month: e.Month,
			EvidenceID: id, Field: data.FieldEvidence, Old: evidenceLabel(e.Name, e.SHA256)})
	})
}

// SetEvidenceDescription changes an evidence file's description, as the
// clerk; the change is audited (old → new description) and an unchanged
// description writes nothing.
//
// It returns EINVALID for an empty clerk or a description longer than
// MaxText characters, ENOTFOUND for an unknown ID, and ECONFLICT if the file
// is removed or its month is closed.
func (db *DB) SetEvidenceDescription(ctx context.Context, id int64, desc, clerk string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, 0)
		e, err := c.changeableEvidence(id)
		if err != nil {
			return err
		}
		if err := checkText(fmt.Sprintf("佐证材料“%s”的说明", e.Name), desc); err != nil {
			return err
		}
		if desc == e.Description {
			return nil
		}
		if _, err := c.exec("UPDATE evidence SET description = ? WHERE id = ?", desc, id); err != nil {
			return fmt.Errorf("set evidence description: %w", err)
		}
		return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionEvidenceDescription, Unit: e.Unit, MeasureID: e.MeasureID, Month: e.Month,
			EvidenceID: id, Field: data.FieldDescription, Old: e.Description, New: desc})
	})
}

// changeableEvidence reads an evidence file that may be changed: it exists
// (ENOTFOUND), is not removed and its month is open (ECONFLICT). The
// checker, made without a year, takes the year of the file's month.
func (c *checker) changeableEvidence(id int64) (data.Evidence, error) {
	e, err := evidenceByID(c.ctx, c.tx, id)
	if err != nil {
		return data.Evidence{}, err
	}
	c.year = e.Month.Year()
	if err := c.open(e.Month); err != nil {
		return data.Evidence{}, err
	}
	if e.Removed() {
		return data.Evidence{}, data.Errorf(data.ECONFLICT, "佐证材料“%s”（%s在措施 %s，%s）已于 %s 被%s删除",
			e.Name, e.Unit, e.MeasureID, e.Month.Label(), e.RemovedAt.Local().Format("2006-01-02 15:04"), e.RemovedBy)
	}
	return e, nil
}
