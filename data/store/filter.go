package store

import (
	"context"
	"strings"

	"taizhang/data"
)

// scopeWhere builds the WHERE conditions shared by the entry, evidence and
// audit queries: unit (canonical name or alias; ENOTFOUND if unknown),
// measure and month, each optional. col prefixes the column names ("e.").
func (db *DB) scopeWhere(ctx context.Context, col, unit, measureID string, m data.Month) ([]string, []any, error) {
	var where []string
	var args []any
	if strings.TrimSpace(unit) != "" {
		u, err := db.ResolveUnit(ctx, unit)
		if err != nil {
			return nil, nil, err
		}
		where, args = append(where, col+"unit = ?"), append(args, u)
	}
	if id := strings.TrimSpace(measureID); id != "" {
		where, args = append(where, col+"measure_id = ?"), append(args, id)
	}
	if m != "" {
		where, args = append(where, col+"month = ?"), append(args, string(m))
	}
	return where, args, nil
}
