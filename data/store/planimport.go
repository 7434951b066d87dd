package store

import (
	"context"
	"database/sql"
	"fmt"

	"taizhang/data"
)

// yearWork are the tables of what clerks record against a year's plan: a
// plan with any of it is never replaced.
var yearWork = []struct{ table, what string }{
	{"entries", "填报记录"},
	{"evidence", "佐证材料"},
	{"return_imports", "导入的回执表"},
	{"closed_months", "已关账的月份"},
	{"indicator_actuals", "指标数据"},
	{"indicator_target_edits", "调整过的指标目标"},
	{"due_overrides", "修改过的截止日期"},
	{"measure_streets", "指定的相关街道"},
}

// ImportPlan stores a year's plan in one transaction: the plan and its
// carry-over links (AddPlan's checks), the units and aliases it adds to the
// directory, and the audit records: one for the import, one per unit or
// alias added, one for the links. On any error nothing is written.
//
// A year that holds a plan already is ECONFLICT, unless Replace is set and
// nothing has been recorded against that plan (no entries, evidence,
// returns, closed months, indicator values or edited targets, due dates or
// streets) and no later plan's links point at it: then the old plan is
// deleted in the same transaction (its audit records stay).
func (db *DB) ImportPlan(ctx context.Context, in data.PlanImport) error {
	clerk, err := checkClerk(in.Clerk)
	if err != nil {
		return err
	}
	p := in.Plan
	if err := data.ValidatePlan(p); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, p.Year)
		var old string
		var held bool
		err := tx.QueryRowContext(ctx, "SELECT title || ' ' || doc_no FROM plan WHERE year = ?", p.Year).Scan(&old)
		switch {
		case err == nil:
			held = true
		case err != sql.ErrNoRows:
			return fmt.Errorf("import plan: %w", err)
		}
		if held {
			if !in.Replace {
				return data.Errorf(data.ECONFLICT, "台账中已有 %d 年的行动计划（%s），确认替换后才能导入", p.Year, old)
			}
			if err := deletePlan(ctx, tx, p.Year); err != nil {
				return err
			}
		}
		if err := auditDirectory(ctx, c, clerk, p.Units); err != nil {
			return err
		}
		if err := addPlan(ctx, tx, p, in.Links); err != nil {
			return err
		}
		n := 0
		for _, a := range p.Annexes {
			for _, sec := range a.Sections {
				for _, t := range sec.Tasks {
					n += len(t.Measures)
				}
			}
		}
		err = c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionPlanImport, Old: old,
			New: fmt.Sprintf("%s %s（%s，%d 条措施）", p.Title, p.DocNo, in.File, n)})
		if err != nil {
			return err
		}
		if len(in.Links) == 0 {
			return nil
		}
		return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionMeasureLinks, New: fmt.Sprint(len(in.Links))})
	})
}

// auditDirectory records the units and aliases units adds to the directory.
func auditDirectory(ctx context.Context, c *checker, clerk string, units []data.Unit) error {
	dir, err := loadUnits(ctx, c.tx)
	if err != nil {
		return err
	}
	known := make(map[string]bool)
	for _, u := range dir {
		known[u.Name] = true
		for _, a := range u.Aliases {
			known[a] = true
		}
	}
	for _, u := range units {
		if !known[u.Name] {
			if err := c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionUnitAdd, Unit: u.Name, New: string(u.Kind)}); err != nil {
				return err
			}
		}
		for _, a := range u.Aliases {
			if !known[a] {
				if err := c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionUnitAlias, Unit: u.Name, New: a}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// deletePlan removes a year's plan that nothing has been recorded against
// (EINVALID naming what has been).
func deletePlan(ctx context.Context, tx *sql.Tx, year int) error {
	for _, w := range yearWork {
		var n int
		if err := tx.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s WHERE year = ?", w.table), year).Scan(&n); err != nil {
			return fmt.Errorf("count %s: %w", w.table, err)
		}
		if n > 0 {
			return data.Errorf(data.EINVALID, "%d 年的行动计划已有%s（%d 条），不能替换；请把新计划导入为另一个年度", year, w.what, n)
		}
	}
	var later int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM measure_links WHERE prev_year = ?", year).Scan(&later); err != nil {
		return fmt.Errorf("count measure links: %w", err)
	}
	if later > 0 {
		return data.Errorf(data.EINVALID, "以后年度的 %d 条措施延续 %d 年的措施，不能替换 %d 年的行动计划", later, year, year)
	}
	for _, q := range []string{
		"DELETE FROM measure_links WHERE year = ?",
		"DELETE FROM measure_units WHERE year = ?",
		"DELETE FROM measures WHERE year = ?",
		"DELETE FROM tasks WHERE year = ?",
		"DELETE FROM sections WHERE year = ?",
		"DELETE FROM annexes WHERE year = ?",
		"DELETE FROM indicator_rows WHERE year = ?",
		"DELETE FROM indicator_tables WHERE year = ?",
		"DELETE FROM plan WHERE year = ?",
	} {
		if _, err := tx.ExecContext(ctx, q, year); err != nil {
			return fmt.Errorf("replace plan: %w", err)
		}
	}
	return nil
}
