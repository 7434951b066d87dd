package store

import (
	"context"
	"strings"

	"taizhang/data"
)

// scopeWhere builds the WHERE conditions shared by the entry, evidence and
// audit queries: plan year (0 for every year), unit (canonical name or
// alias; ENOTFOUND if unknown; rows under any of its names), measure and month, each optional; a month
// implies its year, and a month outside the year given is EINVALID. col
// prefixes the column names ("e.").
func (db *DB) scopeWhere(ctx context.Context, col string, year int, unit, measureID string, m data.Month) ([]string, []any, error) {
	var where []string
	var args []any
	if m != "" && year != 0 && m.Year() != year {
		return nil, nil, data.Errorf(data.EINVALID, "月份 %s 不在 %d 年行动计划的年度内，可用 %d-01 至 %d-12", m, year, year, year)
	}
	if year != 0 {
		where, args = append(where, col+"year = ?"), append(args, year)
	}
	if strings.TrimSpace(unit) != "" {
		u, err := db.ResolveUnit(ctx, unit)
		if err != nil {
			return nil, nil, err
		}
		// a renamed unit's audit records keep the name it had, now an alias
		where = append(where, col+"unit IN (SELECT ? UNION ALL SELECT alias FROM unit_aliases WHERE unit = ?)")
		args = append(args, u, u)
	}
	if id := strings.TrimSpace(measureID); id != "" {
		where, args = append(where, col+"measure_id = ?"), append(args, id)
	}
	if m != "" {
		where, args = append(where, col+"month = ?"), append(args, string(m))
	}
	return where, args, nil
}
