package app

import (
	"context"

	"taizhang/data/store"
)

// testStorage is the SQLite store as taizhang/app/sqlite wires it, which
// app's own tests cannot import (it imports app).
var testStorage = Storage{
	Open: func(path string, o OpenOptions) (Ledger, error) {
		return testLedger(store.OpenWith(path, store.Options(o)))
	},
	OpenReadOnly: func(path string) (Ledger, error) { return testLedger(store.OpenReadOnly(path)) },
	ErrNotLedger: store.ErrNotLedger,
	VerifyBackup: store.VerifyBackup,
	VerifyCopy:   store.VerifyCopy,
	Restore: func(ctx context.Context, dbPath, src, keep string, progress func(done, total int)) (RestoreResult, error) {
		r, err := store.Restore(ctx, dbPath, src, keep, progress)
		return RestoreResult(r), err
	},
	FreeSpace:   store.FreeSpace,
	MaxFileSize: store.MaxFileSize,
	Fault:       store.Fault,
	SQLiteFault: store.SQLiteFault,
}

// testLedger is db as a Ledger: nil, not a nil *store.DB, on error.
func testLedger(db *store.DB, err error) (Ledger, error) {
	if err != nil {
		return nil, err
	}
	return db, nil
}
