package data

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Audit actions (AuditRecord.Action).
const (
	ActionEntry               = "entry"                // a field of an entry changed; Field says which
	ActionEvidenceAdd         = "evidence_add"         // New is "name (sha256)"
	ActionEvidenceRemove      = "evidence_remove"      // Old is "name (sha256)"
	ActionEvidenceDescription = "evidence_description" // Old and New are the descriptions
	ActionMonthClose          = "month_close"          // Month is the month closed
	ActionMonthReopen         = "month_reopen"         // Month is the month reopened
	ActionDueOverride         = "due_override"         // Old and New are override dates, "" for none
)

// Audited fields (AuditRecord.Field).
const (
	FieldStatus       = "status"        // 完成状态
	FieldProgress     = "progress"      // 进展情况
	FieldProblems     = "problems"      // 存在问题
	FieldNextSteps    = "next_steps"    // 下步计划
	FieldEvidenceNote = "evidence_note" // 佐证材料说明 (the return's column)
	FieldEvidence     = "evidence"      // an evidence file added or removed
	FieldDescription  = "description"   // an evidence file's description
	FieldDue          = "due"           // a measure's due date
)

// AuditRecord is one change in the audit log: who, when, what, old → new.
type AuditRecord struct {
	ID         int64
	At         time.Time // UTC
	Clerk      string
	Action     string // one of the Action constants
	Unit       string // canonical unit, "" for month and due-date changes
	MeasureID  string // "" for month changes
	Month      Month  // "" for due-date changes
	EvidenceID int64  // the evidence file of evidence actions, else 0
	Field      string // one of the Field constants, "" for month changes
	Old, New   string
}

// AuditFilter selects audit records; every field is optional.
type AuditFilter struct {
	MeasureID string
	Unit      string // canonical name or alias, or the area 西城区 (全区) of the indicators
	Month     Month
	Indicator string // an indicator key: its monthly values and its targets
}

// Audit returns the audit records that pass the filter, newest first.
//
// It returns ENOTFOUND for an unknown unit or indicator.
func (db *DB) Audit(ctx context.Context, f AuditFilter) ([]AuditRecord, error) {
	unit := f.Unit
	if n := strings.TrimSpace(unit); n == District || n == "全区" {
		unit = "" // the district is an area of the indicators, not a unit
	}
	where, args, err := db.scopeWhere(ctx, "", unit, f.MeasureID, f.Month)
	if err != nil {
		return nil, err
	}
	if unit != f.Unit {
		where, args = append(where, "unit = ?"), append(args, District)
	}
	if strings.TrimSpace(f.Indicator) != "" {
		ind, err := indicatorOf(f.Indicator)
		if err != nil {
			return nil, err
		}
		where = append(where, "((action = ? AND field = ?) OR (action = ? AND field LIKE ?))")
		args = append(args, ActionIndicator, ind.Key, ActionTarget, "%/"+ind.Key)
	}
	query := "SELECT id, at, clerk, action, unit, measure_id, month, coalesce(evidence_id, 0), field, old, new FROM audit"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY id DESC"

	var out []AuditRecord
	err = scanAll(ctx, db.db, query, args, func(rs *sql.Rows) error {
		var r AuditRecord
		var at, month string
		if err := rs.Scan(&r.ID, &at, &r.Clerk, &r.Action, &r.Unit, &r.MeasureID, &month, &r.EvidenceID, &r.Field, &r.Old, &r.New); err != nil {
			return err
		}
		r.Month = Month(month)
		var err error
		r.At, err = parseTime(at)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}

// audit appends a record to the log inside the caller's transaction; At is
// set here.
func (c *checker) audit(r AuditRecord) error {
	_, at := stamp()
	var evidence any
	if r.EvidenceID != 0 {
		evidence = r.EvidenceID
	}
	_, err := c.exec(`INSERT INTO audit (at, clerk, action, unit, measure_id, month, evidence_id, field, old, new)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		at, r.Clerk, r.Action, r.Unit, r.MeasureID, string(r.Month), evidence, r.Field, r.Old, r.New)
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}
