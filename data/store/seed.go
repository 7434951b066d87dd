package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

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

// SeedPlan writes the whole plan of a year in one transaction: annexes,
// sections, tasks, measures with their units, the indicator tables, and the
// units of p.Units the directory does not hold yet, with their aliases and
// group members. The plans of other years and the directory as it stands
// (its units, aliases and edited group members) are kept: a unit of the
// directory is matched by its name, and its new aliases are added.
//
// It returns ECONFLICT if the database already holds a plan of that year,
// and EINVALID if the plan breaks a rule: a measure naming a unit that is
// not in p.Units, duplicate measure IDs, annex codes, unit names or aliases,
// an unknown unit or deadline kind, a group member that is unknown or itself
// a group, a unit whose kind differs from the directory's, an alias that
// names another unit in the directory. On any error nothing is written.
func (db *DB) SeedPlan(ctx context.Context, p *data.Plan) error {
	return db.AddPlan(ctx, p, nil)
}

// AddPlan is SeedPlan and SetMeasureLinks for the new plan's links, in one
// transaction: a new year's plan as its import confirms it. The errors are
// theirs; on any error nothing is written.
func (db *DB) AddPlan(ctx context.Context, p *data.Plan, links []data.MeasureLink) error {
	if err := data.ValidatePlan(p); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error { return addPlan(ctx, tx, p, links) })
}

// addPlan is AddPlan inside the caller's transaction, for a plan already
// validated.
func addPlan(ctx context.Context, tx *sql.Tx, p *data.Plan, links []data.MeasureLink) error {
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM plan WHERE year = ?", p.Year).Scan(&n); err != nil {
		return fmt.Errorf("count plans: %w", err)
	}
	if n > 0 {
		return data.Errorf(data.ECONFLICT, "数据库中已有 %d 年的行动计划，不能再次导入", p.Year)
	}
	s := &seeder{ctx: ctx, tx: tx, year: p.Year}
	s.exec("INSERT INTO plan (year, title, doc_no, date) VALUES (?, ?, ?, ?)", p.Year, p.Title, p.DocNo, p.Date)
	s.units(p.Units)
	s.annexes(p.Annexes)
	s.indicators(p.Indicators)
	if s.err != nil || len(links) == 0 {
		return s.err
	}
	return setMeasureLinks(ctx, tx, p.Year, links)
}

// seeder writes a plan inside a transaction and keeps the first error.
type seeder struct {
	ctx   context.Context
	tx    *sql.Tx
	year  int
	err   error
	stmts map[string]*sql.Stmt
}

// fail keeps err as the seeder's first error.
func (s *seeder) fail(err error) {
	if s.err == nil {
		s.err = err
	}
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

// units adds the units the directory does not hold, after those it does,
// and the aliases it does not know; the members of a group already in the
// directory are left as they stand (they may have been edited).
func (s *seeder) units(units []data.Unit) {
	if s.err != nil {
		return
	}
	dir, err := loadUnits(s.ctx, s.tx)
	if err != nil {
		s.fail(err)
		return
	}
	known := make(map[string]data.UnitKind, len(dir))
	aliasOf := make(map[string]string)
	for _, u := range dir {
		known[u.Name] = u.Kind
		for _, a := range u.Aliases {
			aliasOf[a] = u.Name
		}
	}
	var added []data.Unit
	for _, u := range units {
		kind, ok := known[u.Name]
		switch {
		case !ok:
			if other, isAlias := aliasOf[u.Name]; isAlias {
				s.fail(data.Errorf(data.EINVALID, "单位“%s”在单位名录中是“%s”的简称", u.Name, other))
				return
			}
			added = append(added, u)
		case kind != u.Kind:
			s.fail(data.Errorf(data.EINVALID, "单位“%s”在单位名录中的类型是“%s”，行动计划中是“%s”", u.Name, kind, u.Kind))
			return
		}
	}
	var next int
	if err := s.tx.QueryRowContext(s.ctx, "SELECT coalesce(max(position), -1) + 1 FROM units").Scan(&next); err != nil {
		s.fail(fmt.Errorf("seed plan: unit positions: %w", err))
		return
	}
	for _, u := range added {
		s.exec("INSERT INTO units (name, kind, position) VALUES (?, ?, ?)", u.Name, string(u.Kind), next)
		next++
	}
	for _, u := range units {
		for _, a := range u.Aliases {
			switch other, ok := aliasOf[a]; {
			case ok && other != u.Name:
				s.fail(data.Errorf(data.EINVALID, "简称“%s”在单位名录中属于“%s”，行动计划中属于“%s”", a, other, u.Name))
				return
			case !ok:
				s.exec("INSERT INTO unit_aliases (alias, unit, position) VALUES (?, ?, (SELECT count(*) FROM unit_aliases WHERE unit = ?))", a, u.Name, u.Name)
				aliasOf[a] = u.Name
			}
		}
	}
	for _, u := range added {
		for j, m := range u.Members {
			s.exec("INSERT INTO group_members (group_name, member, position) VALUES (?, ?, ?)", u.Name, m, j)
		}
	}
}

func (s *seeder) annexes(annexes []data.Annex) {
	for i, a := range annexes {
		s.exec("INSERT INTO annexes (year, code, title, position) VALUES (?, ?, ?, ?)", s.year, a.Code, a.Title, i)
		for j, sec := range a.Sections {
			secID := s.exec("INSERT INTO sections (year, annex, no, title, position) VALUES (?, ?, ?, ?, ?)", s.year, a.Code, sec.No, sec.Title, j)
			for k, t := range sec.Tasks {
				taskID := s.exec("INSERT INTO tasks (year, section_id, no, name, position) VALUES (?, ?, ?, ?, ?)", s.year, secID, t.No, t.Name, k)
				for l, m := range t.Measures {
					s.exec(`INSERT INTO measures (year, id, task_id, position, text, deadline_text, deadline_kind, deadline_from, deadline_due)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
						s.year, m.ID, taskID, l, m.Text, m.Deadline.Text, string(m.Deadline.Kind), m.Deadline.From, m.Deadline.Due)
					s.measureUnits(m.ID, "lead", m.Lead)
					s.measureUnits(m.ID, "co", m.Co)
				}
			}
		}
	}
}

func (s *seeder) measureUnits(id, role string, units []string) {
	for i, u := range units {
		s.exec("INSERT INTO measure_units (year, measure_id, unit, role, position) VALUES (?, ?, ?, ?, ?)", s.year, id, u, role, i)
	}
}

func (s *seeder) indicators(tables []data.IndicatorTable) {
	for i, t := range tables {
		cols, err := json.Marshal(t.Columns)
		if err != nil && s.err == nil {
			s.err = fmt.Errorf("seed plan: indicator columns: %w", err)
		}
		id := s.exec("INSERT INTO indicator_tables (year, annex, title, note, columns, position) VALUES (?, ?, ?, ?, ?, ?)",
			s.year, t.Annex, t.Title, t.Note, string(cols), i)
		for j, row := range t.Rows {
			cells, err := json.Marshal(row)
			if err != nil && s.err == nil {
				s.err = fmt.Errorf("seed plan: indicator row: %w", err)
			}
			s.exec("INSERT INTO indicator_rows (year, table_id, position, cells) VALUES (?, ?, ?, ?)", s.year, id, j, string(cells))
		}
	}
}
