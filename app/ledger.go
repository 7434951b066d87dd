package app

import (
	"context"
	"io"
	"time"

	"taizhang/data"
)

// Ledger is the store of one open ledger file, as app uses it: exactly the
// methods of the SQLite store (taizhang/data/store's *DB) that app calls,
// in the domain's types. Each method's checks and errors are documented
// on the store. app depends on this interface and not on the store, so
// that app and the GUI above it do not link SQLite; main wires the store
// in through a Storage.
type Ledger interface {
	// The file.
	Path() string
	Close() error
	ReadOnly() bool
	DiskFull() bool
	KeptWAL() bool
	WALSetAside() bool
	OpenCheck(ctx context.Context) ([]string, error)
	HistoryCheck(ctx context.Context) ([]string, error)
	QuickCheck(ctx context.Context) ([]string, error)
	FullCheck(ctx context.Context, progress func(done, total int)) ([]string, error)
	Changes(ctx context.Context) (int64, error)
	BackupSize(ctx context.Context) (int64, error)
	Backup(ctx context.Context, dest string, progress func(done, total int64)) (data.BackupResult, error)
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error

	// Plans and their measures.
	HasPlan(ctx context.Context) (bool, error)
	SeedPlan(ctx context.Context, p *data.Plan) error
	AddPlan(ctx context.Context, p *data.Plan, links []data.MeasureLink) error
	ImportPlan(ctx context.Context, in data.PlanImport) error
	Plans(ctx context.Context) ([]int, error)
	LoadPlan(ctx context.Context, year int) (*data.Plan, error)
	MeasureLinks(ctx context.Context, year int) (map[string]data.MeasureLink, error)
	SetMeasureLinks(ctx context.Context, year int, links []data.MeasureLink) error
	FindMeasures(ctx context.Context, f data.MeasureFilter) ([]data.MeasureRow, error)
	Measure(ctx context.Context, year int, id string) (data.MeasureRow, error)
	DueOverrides(ctx context.Context, year int) (map[string]string, error)
	SetDueOverride(ctx context.Context, year int, measureID, due, clerk string) error
	SetRelevantStreets(ctx context.Context, year int, measureID string, streets []string) error

	// The unit directory.
	Units(ctx context.Context, year int) ([]data.UnitSummary, error)
	ResolveUnit(ctx context.Context, name string) (string, error)
	UnitKind(ctx context.Context, name string) (string, data.UnitKind, error)
	AddUnit(ctx context.Context, clerk, name string, kind data.UnitKind) error
	AddUnitAlias(ctx context.Context, clerk, unit, alias string) error
	RenameUnit(ctx context.Context, clerk, unit, newName string) error
	SetUnitKind(ctx context.Context, clerk, unit string, kind data.UnitKind) error
	SetGroupMembers(ctx context.Context, clerk, group string, members []string) error

	// Entries, months and the audit log.
	Entries(ctx context.Context, f data.EntryFilter) ([]data.Entry, error)
	SetEntry(ctx context.Context, year int, in data.EntryInput, clerk string) (data.Entry, error)
	SetEntries(ctx context.Context, year int, ins []data.EntryInput, clerk string) error
	TickEntry(ctx context.Context, year int, unit, measureID string, m data.Month, done bool, clerk string) (data.Entry, error)
	ClosedMonths(ctx context.Context, year int) ([]data.Month, error)
	MonthClosed(ctx context.Context, m data.Month) (bool, error)
	CloseMonth(ctx context.Context, year int, m data.Month, clerk string) error
	ReopenMonth(ctx context.Context, year int, m data.Month, clerk string) error
	Audit(ctx context.Context, f data.AuditFilter) ([]data.AuditRecord, error)

	// The district summaries (区级汇总).
	DistrictSummaries(ctx context.Context, m data.Month) ([]data.DistrictSummary, error)
	SetDistrictSummary(ctx context.Context, year int, in data.DistrictSummaryInput, clerk string) (data.DistrictSummary, error)

	// Evidence.
	AddEvidence(ctx context.Context, year int, in data.EvidenceInput, r io.Reader, clerk string) (data.Evidence, error)
	EvidenceByID(ctx context.Context, id int64) (data.Evidence, error)
	ListEvidence(ctx context.Context, f data.EvidenceFilter) ([]data.Evidence, error)
	RemoveEvidence(ctx context.Context, id int64, clerk string) error
	WriteBlob(ctx context.Context, sha string, w io.Writer) (int64, error)

	// Indicators.
	IndicatorTargets(ctx context.Context, year int) ([]data.IndicatorTarget, error)
	SetIndicatorTarget(ctx context.Context, year int, annex, key, area, text, clerk string) (data.IndicatorTarget, error)
	IndicatorActuals(ctx context.Context, year int, upTo data.Month) ([]data.IndicatorActual, error)
	SetIndicatorActual(ctx context.Context, year int, in data.IndicatorActualInput, clerk string) (*data.IndicatorActual, error)
	SetIndicatorActuals(ctx context.Context, year int, ins []data.IndicatorActualInput, clerk string) (int, error)

	// Returns (回执表).
	ApplyReturn(ctx context.Context, year int, in data.ReturnInput, clerk string) (data.ReturnImport, error)
	ReturnImports(ctx context.Context, f data.ReturnImportFilter) ([]data.ReturnImport, error)
	SetReturnReceived(ctx context.Context, year int, unit string, m data.Month, day string, clerk string) (data.ReturnImport, error)
	ReturnDueDay(ctx context.Context) (int, error)
	SetReturnDueDay(ctx context.Context, day int) error
}

// Storage is how app reaches ledger files: the store's functions that
// work on a file rather than on an open ledger. main builds it from the
// SQLite store (see taizhang/app/sqlite) and passes it to the front ends,
// which pass it to Open, OpenWait, OpenReadOnly, CheckFile, RestoreFile and
// GoodBackup; an App keeps the one it was opened with.
type Storage struct {
	// Open opens (or creates) the ledger file at path and brings its
	// schema up to date; a ledger that cannot be written is opened
	// read-only. While another program holds the file it returns
	// ECONFLICT (after o.Wait); a file too damaged to open is a damage
	// error (data.IsDamaged), a file that is no ledger wraps ErrNotLedger.
	Open func(path string, o OpenOptions) (Ledger, error)
	// OpenReadOnly opens the existing ledger file at path for reading
	// only, beside a program that may be writing it.
	OpenReadOnly func(path string) (Ledger, error)
	// ErrNotLedger is in the chain of Open's error for a file that is not
	// a taizhang database (errors.Is).
	ErrNotLedger error
	// VerifyBackup checks the backup file at path, which it only reads,
	// before it may replace a ledger (EINVALID naming what is wrong).
	// progress reports the evidence files checked.
	VerifyBackup func(ctx context.Context, path string, progress func(done, total int)) error
	// VerifyCopy is VerifyBackup for a copy just made of the ledger, but
	// for evidence files that do not match their SHA-256: it lists them in
	// damaged instead of refusing the copy.
	VerifyCopy func(ctx context.Context, path string, progress func(done, total int)) (damaged []string, err error)
	// Restore replaces the closed ledger file at dbPath with the backup
	// src after verifying a copy of it, first saving the replaced file as
	// keep (if it exists). On any error the ledger is unchanged.
	Restore func(ctx context.Context, dbPath, src, keep string, progress func(done, total int)) (RestoreResult, error)
	// FreeSpace is the space free for a new file in dir, in bytes.
	FreeSpace func(dir string) (uint64, error)
	// MaxFileSize is the largest file that may be written in the folder
	// dir: its file system's limit (FAT32: 4 GiB − 1 byte) or the
	// system's for the program, whichever is smaller; Max 0 for none.
	MaxFileSize func(dir string) (data.FileLimit, error)
	// Fault is the EIO error, in Chinese, naming path and what to do, for
	// a disk-full, I/O, read-only or cannot-open error met working on the
	// file at path; any other error is returned unchanged. SQLiteFault is
	// Fault for SQLite's own errors only, for an error whose file is not
	// known.
	Fault, SQLiteFault func(path string, err error) error
}

// OpenOptions are what Storage.Open does beyond opening: Wait is how long
// to wait while another program holds the ledger, Waiting (if not nil) is
// called once when the wait begins, with the holder; KeepWAL, if not "",
// is where a copy of the ledger and its -wal is kept when a -wal that no
// running program holds lies beside it, before opening merges it (then
// Ledger.KeptWAL reports true).
type OpenOptions struct {
	Wait    time.Duration
	Waiting func(held *data.HeldError)
	KeepWAL string
}

// RestoreResult is what Storage.Restore did beyond replacing the ledger.
type RestoreResult struct {
	WAL     string   // the -wal file beside the backup that was folded in, "" if none
	Damaged []string // the backup's evidence files that did not match their SHA-256
}
