package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"taizhang/data"
)

// HasPlan reports whether the database holds a plan.
func (db *DB) HasPlan(ctx context.Context) (bool, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM plan").Scan(&n); err != nil {
		return false, fmt.Errorf("count plans: %w", err)
	}
	return n > 0, nil
}

// SeedPlan writes the whole plan into an empty database in one transaction:
// annexes, sections, tasks, measures with their units, the unit directory
// with aliases and group members, and the indicator tables.
//
// It returns ECONFLICT if the database already holds a plan, and EINVALID if
// the plan breaks a rule: a measure naming a unit that is not in p.Units,
// duplicate measure IDs, annex codes, unit names or aliases, an unknown unit
// or deadline kind, a group member that is unknown or itself a group. On any
// error nothing is written.
func (db *DB) SeedPlan(ctx context.Context, p *data.Plan) error {
	if err := validatePlan(p); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM plan").Scan(&n); err != nil {
			return fmt.Errorf("count plans: %w", err)
		}
		if n > 0 {
			return data.Errorf(data.ECONFLICT, "数据库中已有行动计划，不能再次导入")
		}
		s := &seeder{ctx: ctx, tx: tx}
		s.exec("INSERT INTO plan (year, title, doc_no, date) VALUES (?, ?, ?, ?)", p.Year, p.Title, p.DocNo, p.Date)
		s.units(p.Units)
		s.annexes(p.Annexes)
		s.indicators(p.Indicators)
		return s.err
	})
}

// seeder writes a plan inside a transaction and keeps the first error.
type seeder struct {
	ctx   context.Context
	tx    *sql.Tx
	err   error
	stmts map[string]*sql.Stmt
}

// exec runs a statement (prepared once per transaction) and returns the
// row ID it inserted.
func (s *seeder) exec(query string, args ...any) int64 {
	if s.err != nil {
		return 0
	}
	stmt, ok := s.stmts[query]
	if !ok {
		if stmt, s.err = s.tx.PrepareContext(s.ctx, query); s.err != nil {
			s.err = fmt.Errorf("seed plan: prepare %q: %w", query, s.err)
			return 0
		}
		if s.stmts == nil {
			s.stmts = make(map[string]*sql.Stmt)
		}
		s.stmts[query] = stmt
	}
	res, err := stmt.ExecContext(s.ctx, args...)
	if err != nil {
		s.err = fmt.Errorf("seed plan: %q %v: %w", query, args, err)
		return 0
	}
	id, _ := res.LastInsertId()
	return id
}

func (s *seeder) units(units []data.Unit) {
	for i, u := range units {
		s.exec("INSERT INTO units (name, kind, position) VALUES (?, ?, ?)", u.Name, string(u.Kind), i)
	}
	for _, u := range units {
		for j, a := range u.Aliases {
			s.exec("INSERT INTO unit_aliases (alias, unit, position) VALUES (?, ?, ?)", a, u.Name, j)
		}
		for j, m := range u.Members {
			s.exec("INSERT INTO group_members (group_name, member, position) VALUES (?, ?, ?)", u.Name, m, j)
		}
	}
}

func (s *seeder) annexes(annexes []data.Annex) {
	for i, a := range annexes {
		s.exec("INSERT INTO annexes (code, title, position) VALUES (?, ?, ?)", a.Code, a.Title, i)
		for j, sec := range a.Sections {
			secID := s.exec("INSERT INTO sections (annex, no, title, position) VALUES (?, ?, ?, ?)", a.Code, sec.No, sec.Title, j)
			for k, t := range sec.Tasks {
				taskID := s.exec("INSERT INTO tasks (section_id, no, name, position) VALUES (?, ?, ?, ?)", secID, t.No, t.Name, k)
				for l, m := range t.Measures {
					s.exec(`INSERT INTO measures (id, task_id, position, text, deadline_text, deadline_kind, deadline_from, deadline_due)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
						m.ID, taskID, l, m.Text, m.Deadline.Text, string(m.Deadline.Kind), m.Deadline.From, m.Deadline.Due)
					s.measureUnits(m.ID, "lead", m.Lead)
					s.measureUnits(m.ID, "co", m.Co)
				}
			}
		}
	}
}

func (s *seeder) measureUnits(id, role string, units []string) {
	for i, u := range units {
		s.exec("INSERT INTO measure_units (measure_id, unit, role, position) VALUES (?, ?, ?, ?)", id, u, role, i)
	}
}

func (s *seeder) indicators(tables []data.IndicatorTable) {
	for i, t := range tables {
		cols, err := json.Marshal(t.Columns)
		if err != nil && s.err == nil {
			s.err = fmt.Errorf("seed plan: indicator columns: %w", err)
		}
		id := s.exec("INSERT INTO indicator_tables (annex, title, note, columns, position) VALUES (?, ?, ?, ?, ?)",
			t.Annex, t.Title, t.Note, string(cols), i)
		for j, row := range t.Rows {
			cells, err := json.Marshal(row)
			if err != nil && s.err == nil {
				s.err = fmt.Errorf("seed plan: indicator row: %w", err)
			}
			s.exec("INSERT INTO indicator_rows (table_id, position, cells) VALUES (?, ?, ?)", id, j, string(cells))
		}
	}
}

// validatePlan checks the rules SeedPlan promises before anything is
// written, so that its errors name the offending measure or unit in words a
// clerk (or the engineer who maintains the plan parser) can act on.
func validatePlan(p *data.Plan) error {
	if p == nil {
		return data.Errorf(data.EINVALID, "没有行动计划可以导入")
	}
	if p.Year <= 0 {
		return data.Errorf(data.EINVALID, "行动计划缺少年份")
	}

	kinds := make(map[string]data.UnitKind, len(p.Units))
	for _, u := range p.Units {
		if u.Name == "" {
			return data.Errorf(data.EINVALID, "单位名录中有名称为空的单位")
		}
		if !slices.Contains([]data.UnitKind{data.UnitDepartment, data.UnitStreet, data.UnitEnterprise, data.UnitGroup}, u.Kind) {
			return data.Errorf(data.EINVALID, "单位“%s”的类型“%s”无效", u.Name, u.Kind)
		}
		if _, dup := kinds[u.Name]; dup {
			return data.Errorf(data.EINVALID, "单位名录中“%s”出现了两次", u.Name)
		}
		kinds[u.Name] = u.Kind
	}
	aliases := make(map[string]string)
	for _, u := range p.Units {
		for _, a := range u.Aliases {
			if a == "" {
				return data.Errorf(data.EINVALID, "单位“%s”有一个空的简称", u.Name)
			}
			if _, clash := kinds[a]; clash {
				return data.Errorf(data.EINVALID, "单位“%s”的简称“%s”与另一个单位的名称相同", u.Name, a)
			}
			if other, dup := aliases[a]; dup {
				return data.Errorf(data.EINVALID, "简称“%s”同时属于“%s”和“%s”", a, other, u.Name)
			}
			aliases[a] = u.Name
		}
		if len(u.Members) > 0 && u.Kind != data.UnitGroup {
			return data.Errorf(data.EINVALID, "单位“%s”不是单位组，不能有成员单位", u.Name)
		}
		seen := make(map[string]bool, len(u.Members))
		for _, m := range u.Members {
			kind, ok := kinds[m]
			switch {
			case !ok:
				return data.Errorf(data.EINVALID, "单位组“%s”的成员“%s”不在单位名录中", u.Name, m)
			case kind == data.UnitGroup:
				return data.Errorf(data.EINVALID, "单位组“%s”的成员“%s”本身是单位组", u.Name, m)
			case seen[m]:
				return data.Errorf(data.EINVALID, "单位组“%s”的成员“%s”出现了两次", u.Name, m)
			}
			seen[m] = true
		}
	}

	annexes := make(map[string]bool, len(p.Annexes))
	measures := make(map[string]bool)
	for _, a := range p.Annexes {
		if annexes[a.Code] {
			return data.Errorf(data.EINVALID, "附件 %s 出现了两次", a.Code)
		}
		annexes[a.Code] = true
		for _, s := range a.Sections {
			for _, t := range s.Tasks {
				for _, m := range t.Measures {
					if m.ID == "" {
						return data.Errorf(data.EINVALID, "附件 %s 任务 %s 中有一条措施没有编号", a.Code, t.No)
					}
					if measures[m.ID] {
						return data.Errorf(data.EINVALID, "措施编号 %s 重复", m.ID)
					}
					measures[m.ID] = true
					if !slices.Contains(data.DeadlineKinds, m.Deadline.Kind) {
						return data.Errorf(data.EINVALID, "措施 %s 的完成时限“%s”类型无效（%q）", m.ID, m.Deadline.Text, m.Deadline.Kind)
					}
					if err := validateMeasureUnits(m.ID, "主责单位", m.Lead, kinds); err != nil {
						return err
					}
					if err := validateMeasureUnits(m.ID, "协办单位", m.Co, kinds); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

func validateMeasureUnits(id, role string, units []string, kinds map[string]data.UnitKind) error {
	seen := make(map[string]bool, len(units))
	for _, u := range units {
		if _, ok := kinds[u]; !ok {
			return data.Errorf(data.EINVALID, "措施 %s 的%s“%s”不在单位名录中", id, role, u)
		}
		if seen[u] {
			return data.Errorf(data.EINVALID, "措施 %s 的%s“%s”出现了两次", id, role, u)
		}
		seen[u] = true
	}
	return nil
}
