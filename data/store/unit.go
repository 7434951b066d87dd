package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"taizhang/data"
)

// unitMeasuresCTE defines, for a WITH clause, unit_measures(unit,
// measure_id, lead): every measure each unit takes part in, with lead = 1 if
// it is a lead unit and 0 if only a co-unit. Parameters ?1 and ?2 must be
// GroupAllStreets and GroupRelevantStreets; ?3 is a canonical unit name to
// compute only that unit's measures, or NULL for every unit; ?4 is the plan
// year.
//
// This is the domain rule: a unit takes part in a measure that names it, or
// names a group that expands to it. 各街道办事处 expands to every street;
// 相关街道办事处 to the streets designated for that measure, or every
// street if none is; any other group to its member list. A group itself
// takes part only in the measures that name it. A unit that is lead by any
// path is lead.
const unitMeasuresCTE = `
expanded (unit, measure_id, role) AS (
	SELECT mu.unit, mu.measure_id, mu.role
	FROM measure_units mu
	WHERE mu.year = ?4 AND (?3 IS NULL OR mu.unit = ?3)
	UNION ALL
	SELECT st.name, mu.measure_id, mu.role
	FROM measure_units mu JOIN units st ON st.kind = 'street'
	WHERE mu.year = ?4 AND mu.unit = ?1 AND (?3 IS NULL OR st.name = ?3)
	UNION ALL
	SELECT st.name, mu.measure_id, mu.role
	FROM measure_units mu JOIN units st ON st.kind = 'street'
	WHERE mu.year = ?4 AND mu.unit = ?2 AND (?3 IS NULL OR st.name = ?3) AND (
		NOT EXISTS (SELECT 1 FROM measure_streets ms WHERE ms.year = ?4 AND ms.measure_id = mu.measure_id)
		OR EXISTS (SELECT 1 FROM measure_streets ms WHERE ms.year = ?4 AND ms.measure_id = mu.measure_id AND ms.street = st.name))
	UNION ALL
	SELECT gm.member, mu.measure_id, mu.role
	FROM measure_units mu JOIN group_members gm ON gm.group_name = mu.unit
	WHERE mu.year = ?4 AND mu.unit NOT IN (?1, ?2) AND (?3 IS NULL OR gm.member = ?3)
),
unit_measures (unit, measure_id, lead) AS (
	SELECT unit, measure_id, max(role = 'lead')
	FROM expanded
	GROUP BY unit, measure_id
)
`

// Units returns the unit directory in directory order, each unit with its
// aliases, group members and measure counts. A unit's measures are those
// that name it or a group that expands to it: 各街道办事处 to every street,
// 相关街道办事处 to the streets designated for the measure (all if none),
// any other group to its members. A group's own counts are the measures that
// name it directly. A unit that is lead on a measure by any path counts as
// lead there, never also as co.
//
// The counts are those of the plan of year (ENOTFOUND if the ledger does not
// hold it); the directory itself belongs to no year.
func (db *DB) Units(ctx context.Context, year int) ([]data.UnitSummary, error) {
	if err := planExists(ctx, db.db, year); err != nil {
		return nil, err
	}
	var out []data.UnitSummary
	err := scanAll(ctx, db.db, "WITH "+unitMeasuresCTE+`,
counts (unit, lead, co) AS (
	SELECT unit, sum(lead), sum(1 - lead) FROM unit_measures GROUP BY unit
)
SELECT u.name, u.kind,
	(SELECT json_group_array(a.alias ORDER BY a.position) FROM unit_aliases a WHERE a.unit = u.name),
	(SELECT json_group_array(g.member ORDER BY g.position) FROM group_members g WHERE g.group_name = u.name),
	coalesce(c.lead, 0), coalesce(c.co, 0)
FROM units u LEFT JOIN counts c ON c.unit = u.name
ORDER BY u.position`, []any{data.GroupAllStreets, data.GroupRelevantStreets, nil, year},
		func(rs *sql.Rows) error {
			var s data.UnitSummary
			if err := scanUnit(rs, &s.Unit, &s.Lead, &s.Co); err != nil {
				return err
			}
			out = append(out, s)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	return out, nil
}

// loadUnits returns the unit directory in directory order.
func loadUnits(ctx context.Context, q queryer) ([]data.Unit, error) {
	var out []data.Unit
	err := scanAll(ctx, q, `
SELECT u.name, u.kind,
	(SELECT json_group_array(a.alias ORDER BY a.position) FROM unit_aliases a WHERE a.unit = u.name),
	(SELECT json_group_array(g.member ORDER BY g.position) FROM group_members g WHERE g.group_name = u.name)
FROM units u
ORDER BY u.position`, nil,
		func(rs *sql.Rows) error {
			var u data.Unit
			if err := scanUnit(rs, &u); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	return out, nil
}

// scanUnit scans name, kind, aliases and members (JSON arrays), then any
// further columns into extra.
func scanUnit(rs *sql.Rows, u *data.Unit, extra ...any) error {
	var kind, aliases, members string
	if err := rs.Scan(append([]any{&u.Name, &kind, &aliases, &members}, extra...)...); err != nil {
		return err
	}
	u.Kind = data.UnitKind(kind)
	var err error
	if u.Aliases, err = jsonList(aliases); err != nil {
		return fmt.Errorf("unit %s aliases: %w", u.Name, err)
	}
	if u.Members, err = jsonList(members); err != nil {
		return fmt.Errorf("unit %s members: %w", u.Name, err)
	}
	return nil
}

// ResolveUnit returns the canonical name of a unit given by its canonical
// name or an alias, with surrounding spaces trimmed. It returns EINVALID for
// an empty name and ENOTFOUND for an unknown one.
func (db *DB) ResolveUnit(ctx context.Context, name string) (string, error) {
	u, _, err := resolveUnit(ctx, db.db, name)
	return u, err
}

// UnitKind is ResolveUnit that also returns the unit's kind.
func (db *DB) UnitKind(ctx context.Context, name string) (string, data.UnitKind, error) {
	return resolveUnit(ctx, db.db, name)
}

// resolveUnit is ResolveUnit that also returns the unit's kind.
func resolveUnit(ctx context.Context, q queryer, name string) (string, data.UnitKind, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", "", data.Errorf(data.EINVALID, "没有填写单位名称")
	}
	var canonical, kind string
	err := q.QueryRowContext(ctx, `
SELECT u.name, u.kind FROM units u WHERE u.name = ?1
UNION ALL
SELECT u.name, u.kind FROM unit_aliases a JOIN units u ON u.name = a.unit WHERE a.alias = ?1
LIMIT 1`, name).Scan(&canonical, &kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", data.NotFound(data.ErrUnknownUnit, "单位名录中没有“%s”", name)
	}
	if err != nil {
		return "", "", fmt.Errorf("resolve unit %q: %w", name, err)
	}
	return canonical, data.UnitKind(kind), nil
}

// SetGroupMembers replaces the member list of an editable group, such as
// 区空气重污染应急指挥部成员单位. Names may be aliases; blank names and
// duplicates are dropped and the order is kept. An empty list leaves the
// group without members. The change is audited in the clerk's name (Old
// and New the member lists, separated by 、).
//
// It returns ENOTFOUND for an unknown group and EINVALID if the unit is not a
// group, is 各街道办事处 or 相关街道办事处 (whose members follow fixed
// rules), or if a member is unknown or is itself a group.
func (db *DB) SetGroupMembers(ctx context.Context, clerk, group string, members []string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		name, kind, err := resolveUnit(ctx, tx, group)
		if err != nil {
			return err
		}
		switch {
		case kind != data.UnitGroup:
			return data.Errorf(data.EINVALID, "“%s”不是单位组，不能设置成员单位", name)
		case name == data.GroupAllStreets:
			return data.Errorf(data.EINVALID, "“%s”始终包括全部街道办事处，不能编辑成员", name)
		case name == data.GroupRelevantStreets:
			return data.Errorf(data.EINVALID, "“%s”按措施指定街道，请在措施中设置相关街道", name)
		}
		var list []string
		for _, m := range members {
			if strings.TrimSpace(m) == "" {
				continue
			}
			canonical, mkind, err := resolveUnit(ctx, tx, m)
			if data.ErrorCode(err) == data.ENOTFOUND {
				return data.Errorf(data.EINVALID, "单位组“%s”的成员“%s”不在单位名录中", name, strings.TrimSpace(m))
			}
			if err != nil {
				return err
			}
			if mkind == data.UnitGroup {
				return data.Errorf(data.EINVALID, "“%s”是单位组，不能作为单位组“%s”的成员", canonical, name)
			}
			if !slices.Contains(list, canonical) {
				list = append(list, canonical)
			}
		}
		var old []string
		err = scanAll(ctx, tx, "SELECT member FROM group_members WHERE group_name = ? ORDER BY position", []any{name}, func(rs *sql.Rows) error {
			var m string
			err := rs.Scan(&m)
			old = append(old, m)
			return err
		})
		if err != nil {
			return fmt.Errorf("set group members: %w", err)
		}
		if slices.Equal(old, list) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM group_members WHERE group_name = ?", name); err != nil {
			return fmt.Errorf("set group members: %w", err)
		}
		for i, m := range list {
			if _, err := tx.ExecContext(ctx, "INSERT INTO group_members (group_name, member, position) VALUES (?, ?, ?)", name, m, i); err != nil {
				return fmt.Errorf("set group members: %w", err)
			}
		}
		return newChecker(ctx, tx, 0).audit(data.AuditRecord{Clerk: clerk, Action: data.ActionGroupMembers, Unit: name,
			Old: strings.Join(old, "、"), New: strings.Join(list, "、")})
	})
}

// SetRelevantStreets designates the streets that 相关街道办事处 stands for
// on a measure. Names may be aliases; blank names and duplicates are
// dropped. An empty list removes the designation, so the group again stands
// for every street.
//
// It returns ENOTFOUND for an unknown measure and EINVALID if the measure
// does not name 相关街道办事处 or a name is not a known street.
func (db *DB) SetRelevantStreets(ctx context.Context, year int, measureID string, streets []string) error {
	measureID = strings.TrimSpace(measureID)
	return db.withTx(ctx, func(tx *sql.Tx) error {
		var exists, names bool
		err := tx.QueryRowContext(ctx, `
SELECT EXISTS (SELECT 1 FROM measures WHERE year = ?3 AND id = ?1),
	EXISTS (SELECT 1 FROM measure_units WHERE year = ?3 AND measure_id = ?1 AND unit = ?2)`,
			measureID, data.GroupRelevantStreets, year).Scan(&exists, &names)
		if err != nil {
			return fmt.Errorf("set relevant streets: %w", err)
		}
		if !exists {
			return data.NotFound(data.ErrUnknownMeasure, "%d 年行动计划中没有编号为 %s 的措施", year, measureID)
		}
		if !names {
			return data.Errorf(data.EINVALID, "措施 %s 的主责单位和协办单位中没有“%s”，无需指定街道", measureID, data.GroupRelevantStreets)
		}
		var list []string
		for _, s := range streets {
			if strings.TrimSpace(s) == "" {
				continue
			}
			canonical, kind, err := resolveUnit(ctx, tx, s)
			if data.ErrorCode(err) == data.ENOTFOUND {
				return data.Errorf(data.EINVALID, "“%s”不是街道办事处", strings.TrimSpace(s))
			}
			if err != nil {
				return err
			}
			if kind != data.UnitStreet {
				return data.Errorf(data.EINVALID, "“%s”不是街道办事处", canonical)
			}
			if !slices.Contains(list, canonical) {
				list = append(list, canonical)
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM measure_streets WHERE year = ? AND measure_id = ?", year, measureID); err != nil {
			return fmt.Errorf("set relevant streets: %w", err)
		}
		for _, s := range list {
			if _, err := tx.ExecContext(ctx, "INSERT INTO measure_streets (year, measure_id, street) VALUES (?, ?, ?)", year, measureID, s); err != nil {
				return fmt.Errorf("set relevant streets: %w", err)
			}
		}
		return nil
	})
}
