package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"taizhang/data"
)

// queryer is what *sql.DB and *sql.Tx have in common for reading.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Plans lists the years whose plans the ledger holds, oldest first.
func (db *DB) Plans(ctx context.Context) ([]int, error) {
	return planYears(ctx, db.db)
}

func planYears(ctx context.Context, q queryer) ([]int, error) {
	var out []int
	err := scanAll(ctx, q, "SELECT year FROM plan ORDER BY year", nil, func(rs *sql.Rows) error {
		var y int
		err := rs.Scan(&y)
		out = append(out, y)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list plan years: %w", err)
	}
	return out, nil
}

// LoadPlan returns the whole plan of a year as stored: annexes, sections,
// tasks and measures in printed order, the indicator tables and the unit
// directory (with any group members edited since seeding). Right after
// SeedPlan it equals the seeded plan, except that empty lists come back as
// nil and the directory also holds the units of the other years.
//
// It returns ENOTFOUND if the database holds no plan of that year.
func (db *DB) LoadPlan(ctx context.Context, year int) (*data.Plan, error) {
	p := new(data.Plan)
	err := db.withReadTx(ctx, func(tx *sql.Tx) error {
		if err := planExists(ctx, tx, year); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, "SELECT year, title, doc_no, date FROM plan WHERE year = ?", year).
			Scan(&p.Year, &p.Title, &p.DocNo, &p.Date)
		if err != nil {
			return fmt.Errorf("load plan: %w", err)
		}
		if p.Annexes, err = loadAnnexes(ctx, tx, year); err != nil {
			return err
		}
		if p.Indicators, err = loadIndicators(ctx, tx, year); err != nil {
			return err
		}
		if p.Units, err = loadUnits(ctx, tx); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// loadAnnexes builds the annex tree bottom-up: measures by task, tasks by
// section, sections by annex. Every query is in printed order, so appending
// keeps that order.
func loadAnnexes(ctx context.Context, q queryer, year int) ([]data.Annex, error) {
	rows, err := queryMeasureRows(ctx, q, measureQuery{year: year})
	if err != nil {
		return nil, err
	}
	measures := make(map[int64][]data.Measure)
	for _, r := range rows {
		measures[r.taskID] = append(measures[r.taskID], r.Measure)
	}

	tasks := make(map[int64][]data.Task)
	err = scanAll(ctx, q, "SELECT t.id, t.section_id, t.no, t.name FROM tasks t WHERE t.year = ? ORDER BY t.section_id, t.position", []any{year},
		func(rs *sql.Rows) error {
			var id, section int64
			var t data.Task
			if err := rs.Scan(&id, &section, &t.No, &t.Name); err != nil {
				return err
			}
			t.Measures = measures[id]
			tasks[section] = append(tasks[section], t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load tasks: %w", err)
	}

	sections := make(map[string][]data.Section)
	err = scanAll(ctx, q, "SELECT s.id, s.annex, s.no, s.title FROM sections s WHERE s.year = ? ORDER BY s.annex, s.position", []any{year},
		func(rs *sql.Rows) error {
			var id int64
			var annex string
			var s data.Section
			if err := rs.Scan(&id, &annex, &s.No, &s.Title); err != nil {
				return err
			}
			s.Tasks = tasks[id]
			sections[annex] = append(sections[annex], s)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load sections: %w", err)
	}

	var annexes []data.Annex
	err = scanAll(ctx, q, "SELECT code, title FROM annexes WHERE year = ? ORDER BY position", []any{year},
		func(rs *sql.Rows) error {
			var a data.Annex
			if err := rs.Scan(&a.Code, &a.Title); err != nil {
				return err
			}
			a.Sections = sections[a.Code]
			annexes = append(annexes, a)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load annexes: %w", err)
	}
	return annexes, nil
}

func loadIndicators(ctx context.Context, q queryer, year int) ([]data.IndicatorTable, error) {
	var tables []data.IndicatorTable
	err := scanAll(ctx, q, `
		SELECT it.annex, it.title, it.note, it.columns,
			(SELECT json_group_array(json(ir.cells) ORDER BY ir.position) FROM indicator_rows ir WHERE ir.table_id = it.id)
		FROM indicator_tables it WHERE it.year = ? ORDER BY it.position`, []any{year},
		func(rs *sql.Rows) error {
			var t data.IndicatorTable
			var cols, rows string
			if err := rs.Scan(&t.Annex, &t.Title, &t.Note, &cols, &rows); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(cols), &t.Columns); err != nil {
				return fmt.Errorf("indicator table %q columns: %w", t.Title, err)
			}
			if err := json.Unmarshal([]byte(rows), &t.Rows); err != nil {
				return fmt.Errorf("indicator table %q rows: %w", t.Title, err)
			}
			if len(t.Rows) == 0 {
				t.Rows = nil
			}
			tables = append(tables, t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load indicators: %w", err)
	}
	return tables, nil
}

// scanAll runs a query and calls fn for each row.
func scanAll(ctx context.Context, q queryer, query string, args []any, fn func(*sql.Rows) error) error {
	rs, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if err := fn(rs); err != nil {
			return err
		}
	}
	return rs.Err()
}

// jsonList decodes a JSON array of strings made by json_group_array; an
// empty array gives nil.
func jsonList(s string) ([]string, error) {
	var list []string
	if err := json.Unmarshal([]byte(s), &list); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	return list, nil
}
