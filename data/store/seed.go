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
	if err := data.ValidatePlan(p); err != nil {
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
