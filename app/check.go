package app

import (
	"context"

	"taizhang/data"
	"taizhang/data/store"
)

// FullCheck checks the open ledger whole: SQLite's integrity check, every
// reference, and every evidence file's SHA-256. It returns the problems
// found, nil for a sound ledger; progress reports the evidence files
// checked.
func (a *App) FullCheck(ctx context.Context, progress func(done, total int)) ([]string, error) {
	return a.db.FullCheck(ctx, progress)
}

// CheckFile checks the ledger at path, which must not be open elsewhere:
// the quick check, or with full the checks of FullCheck. A file too
// damaged to open is reported as problems, not as an error.
func CheckFile(ctx context.Context, path string, full bool, progress func(done, total int)) ([]string, error) {
	db, err := store.Open(path)
	if err != nil {
		if problems := data.DamageProblems(err); problems != nil {
			return problems, nil
		}
		return nil, err
	}
	defer db.Close()
	if full {
		return db.FullCheck(ctx, progress)
	}
	return db.QuickCheck(ctx)
}
