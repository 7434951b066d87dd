// Package sqlite wires the SQLite store (taizhang/data/store) into app: it
// is the one place that imports both. main passes Storage() to the front
// ends, which pass it on to app; ui and reports never import this package,
// so they do not link SQLite (data's TestLayers checks it).
package sqlite

import (
	"context"

	"taizhang/app"
	"taizhang/data/store"
)

// Storage is app's Storage over the SQLite store.
func Storage() app.Storage {
	return app.Storage{
		Open:         open,
		OpenReadOnly: openReadOnly,
		ErrNotLedger: store.ErrNotLedger,
		VerifyBackup: store.VerifyBackup,
		VerifyCopy:   store.VerifyCopy,
		Restore:      restore,
		FreeSpace:    store.FreeSpace,
		MaxFileSize:  store.MaxFileSize,
		Fault:        store.Fault,
		SQLiteFault:  store.SQLiteFault,
	}
}

// open is store.OpenWith as an app.Ledger, nil on error.
func open(path string, o app.OpenOptions) (app.Ledger, error) {
	return ledger(store.OpenWith(path, store.Options(o)))
}

// openReadOnly is store.OpenReadOnly as an app.Ledger, nil on error.
func openReadOnly(path string) (app.Ledger, error) { return ledger(store.OpenReadOnly(path)) }

// ledger is db as an app.Ledger: nil, not a nil *store.DB, on error.
func ledger(db *store.DB, err error) (app.Ledger, error) {
	if err != nil {
		return nil, err
	}
	return db, nil
}

// restore is store.Restore with app's result type.
func restore(ctx context.Context, dbPath, src, keep string, progress func(done, total int)) (app.RestoreResult, error) {
	r, err := store.Restore(ctx, dbPath, src, keep, progress)
	return app.RestoreResult(r), err
}
