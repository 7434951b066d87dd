package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"taizhang/data"
)

// FindMeasures returns the measures that pass the filter, in printed order.
// Lead and Co of each measure are in printed order.
//
// It returns ENOTFOUND for an unknown unit or annex and EINVALID for an
// unknown deadline kind.
func (db *DB) FindMeasures(ctx context.Context, f data.MeasureFilter) ([]data.MeasureRow, error) {
	if err := planExists(ctx, db.db, f.Year); err != nil {
		return nil, err
	}
	q := measureQuery{year: f.Year, kind: f.DeadlineKind, annex: strings.TrimSpace(f.Annex)}
	if q.kind != "" && !slices.Contains(data.DeadlineKinds, q.kind) {
		return nil, data.Errorf(data.EINVALID, "未知的完成时限类型“%s”", q.kind)
	}
	if strings.TrimSpace(f.Unit) != "" {
		unit, err := db.ResolveUnit(ctx, f.Unit)
		if err != nil {
			return nil, err
		}
		q.unit = unit
	}
	rows, err := queryMeasureRows(ctx, db.db, q)
	if err != nil {
		return nil, err
	}

	words, ofUnits, err := db.searchWords(ctx, f.Year, f.Text)
	if err != nil {
		return nil, err
	}
	out := make([]data.MeasureRow, 0, len(rows))
	for _, r := range rows {
		if searchMatches(r.MeasureRow, words, ofUnits) {
			out = append(out, r.MeasureRow)
		}
	}

	if len(out) == 0 && q.annex != "" {
		var n int
		if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM annexes WHERE year = ? AND code = ?", f.Year, q.annex).Scan(&n); err != nil {
			return nil, fmt.Errorf("find annex: %w", err)
		}
		if n == 0 {
			return nil, data.Errorf(data.ENOTFOUND, "%d 年行动计划没有附件 %s", f.Year, q.annex)
		}
	}
	return out, nil
}

// searchWords splits a search text into its words, lowercased, and the
// measures of the plan year of each word that names a unit (its canonical
// name or an alias): such a word keeps the unit's measures, as the unit
// filter does.
func (db *DB) searchWords(ctx context.Context, year int, text string) (words []string, ofUnits []map[string]bool, err error) {
	for _, w := range strings.Fields(text) {
		u, err := db.ResolveUnit(ctx, w)
		if data.ErrorCode(err) == data.ENOTFOUND {
			words = append(words, strings.ToLower(w))
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		rows, err := queryMeasureRows(ctx, db.db, measureQuery{year: year, unit: u})
		if err != nil {
			return nil, nil, err
		}
		ids := make(map[string]bool, len(rows))
		for _, r := range rows {
			ids[r.Measure.ID] = true
		}
		ofUnits = append(ofUnits, ids)
	}
	return words, ofUnits, nil
}

// searchMatches reports whether every word matches the measure (its ID
// exactly or as a prefix up to a dot, as 2-1.14 for 2-1.14.2, or its task
// name or text, ignoring case) and every unit word's measures hold it.
func searchMatches(r data.MeasureRow, words []string, ofUnits []map[string]bool) bool {
	hay := strings.ToLower(r.TaskName + "\n" + r.Measure.Text)
	id := strings.ToLower(r.Measure.ID)
	for _, w := range words {
		w = strings.TrimSuffix(w, ".")
		if id != w && !strings.HasPrefix(id, w+".") && !strings.Contains(hay, w) {
			return false
		}
	}
	for _, ids := range ofUnits {
		if !ids[r.Measure.ID] {
			return false
		}
	}
	return true
}

// Measure returns the measure of a year's plan with the given ID (2-1.14.3)
// and its place in the plan; Role is "". It returns ENOTFOUND if the ledger
// holds no plan of that year or the plan no such measure.
func (db *DB) Measure(ctx context.Context, year int, id string) (data.MeasureRow, error) {
	id = strings.TrimSpace(id)
	if err := planExists(ctx, db.db, year); err != nil {
		return data.MeasureRow{}, err
	}
	rows, err := queryMeasureRows(ctx, db.db, measureQuery{year: year, id: id})
	if err != nil {
		return data.MeasureRow{}, err
	}
	if len(rows) == 0 {
		return data.MeasureRow{}, data.NotFound(data.ErrUnknownMeasure, "%d 年行动计划中没有编号为 %s 的措施", year, id)
	}
	return rows[0].MeasureRow, nil
}

// measureQuery selects measures for queryMeasureRows; empty fields do not
// filter.
type measureQuery struct {
	year  int    // the plan year (required)
	unit  string // canonical unit name: its measures, with its role
	kind  data.DeadlineKind
	annex string
	id    string
}

// measureRow is a MeasureRow with the database ID of its task.
type measureRow struct {
	data.MeasureRow
	taskID int64
}

// queryMeasureRows runs one query for the measures q selects, in printed
// order, with their units as JSON arrays built by SQLite.
func queryMeasureRows(ctx context.Context, db queryer, q measureQuery) ([]measureRow, error) {
	var b strings.Builder
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("?%d", len(args))
	}
	role := "''"
	args = append(args, data.GroupAllStreets, data.GroupRelevantStreets, q.unit, q.year)
	if q.unit != "" {
		b.WriteString("WITH ")
		b.WriteString(unitMeasuresCTE)
		role = "CASE um.lead WHEN 1 THEN 'lead' ELSE 'co' END"
	}
	fmt.Fprintf(&b, `
SELECT t.id, a.code, a.title, s.no, s.title, t.no, t.name,
	m.id, m.text, m.deadline_text, m.deadline_kind, m.deadline_from, m.deadline_due,
	(SELECT json_group_array(mu.unit ORDER BY mu.position) FROM measure_units mu WHERE mu.year = m.year AND mu.measure_id = m.id AND mu.role = 'lead'),
	(SELECT json_group_array(mu.unit ORDER BY mu.position) FROM measure_units mu WHERE mu.year = m.year AND mu.measure_id = m.id AND mu.role = 'co'),
	(SELECT json_group_array(ms.street ORDER BY u.position) FROM measure_streets ms JOIN units u ON u.name = ms.street WHERE ms.year = m.year AND ms.measure_id = m.id),
	%s
FROM measures m
JOIN tasks t ON t.id = m.task_id
JOIN sections s ON s.id = t.section_id
JOIN annexes a ON a.year = s.year AND a.code = s.annex
`, role)
	if q.unit != "" {
		b.WriteString("JOIN unit_measures um ON um.measure_id = m.id AND um.unit = ?3\n")
	}
	b.WriteString("WHERE m.year = ?4\n")
	if q.kind != "" {
		fmt.Fprintf(&b, "AND m.deadline_kind = %s\n", arg(string(q.kind)))
	}
	if q.annex != "" {
		fmt.Fprintf(&b, "AND a.code = %s\n", arg(q.annex))
	}
	if q.id != "" {
		fmt.Fprintf(&b, "AND m.id = %s\n", arg(q.id))
	}
	b.WriteString("ORDER BY a.position, s.position, t.position, m.position")

	var out []measureRow
	err := scanAll(ctx, db, b.String(), args, func(rs *sql.Rows) error {
		var r measureRow
		var kind, lead, co, streets string
		m := &r.Measure
		if err := rs.Scan(&r.taskID, &r.AnnexCode, &r.AnnexTitle, &r.SectionNo, &r.SectionTitle, &r.TaskNo, &r.TaskName,
			&m.ID, &m.Text, &m.Deadline.Text, &kind, &m.Deadline.From, &m.Deadline.Due,
			&lead, &co, &streets, &r.Role); err != nil {
			return err
		}
		m.Deadline.Kind = data.DeadlineKind(kind)
		var err error
		if m.Lead, err = jsonList(lead); err != nil {
			return fmt.Errorf("measure %s lead units: %w", m.ID, err)
		}
		if m.Co, err = jsonList(co); err != nil {
			return fmt.Errorf("measure %s co-units: %w", m.ID, err)
		}
		if r.Streets, err = jsonList(streets); err != nil {
			return fmt.Errorf("measure %s streets: %w", m.ID, err)
		}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("query measures: %w", err)
	}
	return out, nil
}
