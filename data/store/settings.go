package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"taizhang/data"
)

// Setting returns the value of a local setting (the clerk's name, the
// clerk's unit ...), "" when it is unset. Settings are not audited.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", strings.TrimSpace(key)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %q: %w", key, err)
	}
	return v, nil
}

// SetSetting stores a local setting; an empty value unsets it. It returns
// EINVALID for an empty key.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	key = strings.TrimSpace(key)
	if key == "" {
		return data.Errorf(data.EINVALID, "设置项名称为空")
	}
	if db.readOnly {
		return db.errReadOnly()
	}
	var err error
	if value == "" {
		_, err = db.db.ExecContext(ctx, "DELETE FROM settings WHERE key = ?", key)
	} else {
		_, err = db.db.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	}
	if err != nil {
		return db.fault(fmt.Errorf("write setting %q: %w", key, err))
	}
	return nil
}
