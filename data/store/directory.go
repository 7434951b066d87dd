package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"taizhang/data"
)

// The unit directory belongs to no year: a unit keeps its name, aliases and
// history across the plans. Its edits here are each one transaction with an
// audit record in the clerk's name (year 0: none).

// unitRefs are the columns that hold a canonical unit name, updated when a
// unit is renamed so that its entries, evidence, returns and measures follow
// it. The audit log is append-only and keeps the name as it was; it is
// found by the alias the rename leaves (see scopeWhere).
var unitRefs = [][2]string{
	{"unit_aliases", "unit"},
	{"group_members", "group_name"},
	{"group_members", "member"},
	{"measure_units", "unit"},
	{"measure_streets", "street"},
	{"entries", "unit"},
	{"evidence", "unit"},
	{"return_imports", "unit"},
	{"indicator_actuals", "area"},
	{"indicator_target_edits", "area"},
}

// checkUnitName trims a new unit name and refuses an empty one or one the
// directory already knows as a name or alias.
func checkUnitName(ctx context.Context, q queryer, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", data.Errorf(data.EINVALID, "没有填写单位名称")
	}
	if strings.ContainsAny(name, "、，,；;\n\t") {
		return "", data.Errorf(data.EINVALID, "单位名称“%s”中不能有分隔符（、，；或换行）", name)
	}
	canonical, _, err := resolveUnit(ctx, q, name)
	switch {
	case err == nil && canonical == name:
		return "", data.Errorf(data.ECONFLICT, "单位名录中已有“%s”", name)
	case err == nil:
		return "", data.Errorf(data.ECONFLICT, "“%s”已是“%s”的简称", name, canonical)
	case data.ErrorCode(err) != data.ENOTFOUND:
		return "", err
	}
	return name, nil
}

// checkKind refuses an unknown unit kind.
func checkKind(kind data.UnitKind) error {
	if !slices.Contains([]data.UnitKind{data.UnitDepartment, data.UnitStreet, data.UnitEnterprise, data.UnitGroup}, kind) {
		return data.Errorf(data.EINVALID, "单位类型“%s”无效，可用 department（部门）、street（街道）、enterprise（企业）、group（单位组）", kind)
	}
	return nil
}

// AddUnit adds a unit to the directory, after the others, audited.
//
// It returns EINVALID for an empty name or an unknown kind and ECONFLICT
// for a name the directory knows as a unit or alias.
func (db *DB) AddUnit(ctx context.Context, clerk, name string, kind data.UnitKind) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	if err := checkKind(kind); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		c := newChecker(ctx, tx, 0)
		if err := c.addUnit(clerk, name, kind); err != nil {
			return err
		}
		return nil
	})
}

// addUnit inserts a unit after the others and audits it.
func (c *checker) addUnit(clerk, name string, kind data.UnitKind) error {
	name, err := checkUnitName(c.ctx, c.tx, name)
	if err != nil {
		return err
	}
	if _, err := c.exec("INSERT INTO units (name, kind, position) VALUES (?, ?, (SELECT coalesce(max(position), -1) + 1 FROM units))", name, string(kind)); err != nil {
		return fmt.Errorf("add unit: %w", err)
	}
	return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionUnitAdd, Unit: name, New: string(kind)})
}

// AddUnitAlias gives a unit another name it is printed under, audited.
//
// It returns ENOTFOUND for an unknown unit and ECONFLICT for an alias the
// directory knows already.
func (db *DB) AddUnitAlias(ctx context.Context, clerk, unit, alias string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		name, _, err := resolveUnit(ctx, tx, unit)
		if err != nil {
			return err
		}
		return newChecker(ctx, tx, 0).addAlias(clerk, name, alias)
	})
}

// addAlias records alias for the canonical unit name and audits it.
func (c *checker) addAlias(clerk, name, alias string) error {
	alias, err := checkUnitName(c.ctx, c.tx, alias)
	if err != nil {
		return err
	}
	if _, err := c.exec("INSERT INTO unit_aliases (alias, unit, position) VALUES (?, ?, (SELECT count(*) FROM unit_aliases WHERE unit = ?))", alias, name, name); err != nil {
		return fmt.Errorf("add alias: %w", err)
	}
	return c.audit(data.AuditRecord{Clerk: clerk, Action: data.ActionUnitAlias, Unit: name, New: alias})
}

// RenameUnit gives a unit a new canonical name and keeps the old one as an
// alias, so that files and history printed under either name find it; its
// measures, entries, evidence, returns and indicator values follow. One
// transaction, audited.
//
// It returns ENOTFOUND for an unknown unit, EINVALID for the fixed groups
// (各街道办事处, 相关街道办事处) and ECONFLICT for a new name the directory
// knows already (a name that is only the unit's own alias is allowed: the
// alias becomes its name).
func (db *DB) RenameUnit(ctx context.Context, clerk, unit, newName string) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	newName = strings.TrimSpace(newName)
	return db.withTx(ctx, func(tx *sql.Tx) error {
		old, _, err := resolveUnit(ctx, tx, unit)
		if err != nil {
			return err
		}
		if old == data.GroupAllStreets || old == data.GroupRelevantStreets {
			return data.Errorf(data.EINVALID, "“%s”有固定含义，不能改名", old)
		}
		if newName == old {
			return data.Errorf(data.EINVALID, "新名称与原名称“%s”相同", old)
		}
		if owner, _, err := resolveUnit(ctx, tx, newName); err == nil && owner == old {
			// the unit's own alias becomes its name
			if _, err := tx.ExecContext(ctx, "DELETE FROM unit_aliases WHERE alias = ?", newName); err != nil {
				return fmt.Errorf("rename unit: %w", err)
			}
		} else if _, err := checkUnitName(ctx, tx, newName); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return fmt.Errorf("rename unit: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE units SET name = ? WHERE name = ?", newName, old); err != nil {
			return fmt.Errorf("rename unit: %w", err)
		}
		for _, ref := range unitRefs {
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("UPDATE %s SET %s = ? WHERE %s = ?", ref[0], ref[1], ref[1]), newName, old); err != nil {
				return fmt.Errorf("rename unit in %s: %w", ref[0], err)
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE settings SET value = ? WHERE key = 'my_unit' AND value = ?", newName, old); err != nil {
			return fmt.Errorf("rename unit in settings: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO unit_aliases (alias, unit, position) VALUES (?, ?, (SELECT count(*) FROM unit_aliases WHERE unit = ?))", old, newName, newName); err != nil {
			return fmt.Errorf("rename unit: %w", err)
		}
		return newChecker(ctx, tx, 0).audit(data.AuditRecord{Clerk: clerk, Action: data.ActionUnitRename, Unit: newName, Old: old, New: newName})
	})
}

// SetUnitKind changes a unit's kind, audited. A street counts in
// 各街道办事处 and in the indicator areas; a group expands to its members.
//
// It returns ENOTFOUND for an unknown unit and EINVALID for an unknown
// kind, for the fixed groups, for a group that still has members becoming
// a unit, and for a member of a group becoming a group.
func (db *DB) SetUnitKind(ctx context.Context, clerk, unit string, kind data.UnitKind) error {
	clerk, err := checkClerk(clerk)
	if err != nil {
		return err
	}
	if err := checkKind(kind); err != nil {
		return err
	}
	return db.withTx(ctx, func(tx *sql.Tx) error {
		name, old, err := resolveUnit(ctx, tx, unit)
		if err != nil {
			return err
		}
		if old == kind {
			return nil
		}
		if name == data.GroupAllStreets || name == data.GroupRelevantStreets {
			return data.Errorf(data.EINVALID, "“%s”有固定含义，不能改类型", name)
		}
		var members, memberOf int
		if err := tx.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM group_members WHERE group_name = ?1), (SELECT count(*) FROM group_members WHERE member = ?1)", name).Scan(&members, &memberOf); err != nil {
			return fmt.Errorf("set unit kind: %w", err)
		}
		switch {
		case old == data.UnitGroup && members > 0:
			return data.Errorf(data.EINVALID, "单位组“%s”还有 %d 个成员单位，请先清空成员再改类型", name, members)
		case kind == data.UnitGroup && memberOf > 0:
			return data.Errorf(data.EINVALID, "“%s”是其他单位组的成员，不能改为单位组", name)
		}
		if _, err := tx.ExecContext(ctx, "UPDATE units SET kind = ? WHERE name = ?", string(kind), name); err != nil {
			return fmt.Errorf("set unit kind: %w", err)
		}
		return newChecker(ctx, tx, 0).audit(data.AuditRecord{Clerk: clerk, Action: data.ActionUnitKind, Unit: name, Old: string(old), New: string(kind)})
	})
}
