// Package app holds the use cases that the GUI and the CLI share: open the
// ledger, browse the plan, track progress, import returns and make
// reports. It never imports fyne.
package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"taizhang/data"
	"taizhang/data/plantext"
)

// DBEnv is the environment variable that chooses the database file.
const DBEnv = "TAIZHANG_DB"

// App is an open ledger: one database file.
type App struct {
	db       Ledger
	storage  Storage            // what db was opened with, for MoveTo, backups and Storage
	plansMu  sync.RWMutex       // guards plans and years, replaced when a plan is added
	plans    map[int]*data.Plan // the plans held, by year, as seeded (a plan does not change once seeded)
	years    []int              // the years of plans, oldest first
	now      func() time.Time   // the clock, for backup names and their rotation
	backedUp int64              // db.Changes() at the last backup, or at opening
	keptWAL  WALKept            // the copy KeepWAL made at opening
	debris   Debris             // the temporary files removed at opening
}

// DefaultDBPath is where the ledger lives unless --db names it: the file
// TAIZHANG_DB names, else taizhang.db in the data folder chosen in 设置
// (see MoveTo), else the user's config directory, taizhang/taizhang.db.
func DefaultDBPath() (string, error) {
	if p := os.Getenv(DBEnv); p != "" {
		return p, nil
	}
	dir, err := configDir()
	if err != nil {
		return "", data.Errorf(data.EINVALID, "找不到用户配置目录，请用 --db 指定数据库文件：%v", err)
	}
	if chosen := chosenDataDir(dir); chosen != "" {
		dir = chosen
	}
	return filepath.Join(dir, DBName), nil
}

// Open opens (or creates) the ledger at path, checks what must be sound
// before use (store.DB.OpenCheck: the schema and every table but the
// evidence's bytes, the entries and the audit log, so opening takes as long
// with five years and 10 GB of evidence as with none; HistoryCheck and the
// full check run in the background, see CheckDue), and seeds an
// empty database with the embedded 2023 plan, in one transaction.
//
// It returns the errors of st.Open (ECONFLICT while another program
// holds the ledger) and, for a file that fails the check at opening, a
// damage error (data.IsDamaged) listing the problems. A ledger that cannot be
// written is opened read-only (ReadOnly).
func Open(ctx context.Context, st Storage, path string) (*App, error) {
	return OpenWait(ctx, st, path, 0, nil)
}

// OpenWait is Open that, while another program holds the ledger, waits up
// to wait for it to close, first calling waiting (if not nil) once with the
// holder (OpenOptions).
func OpenWait(ctx context.Context, st Storage, path string, wait time.Duration, waiting func(held *data.HeldError)) (*App, error) {
	logBeside(st, path)
	keep := backupPath(DefaultBackupDir(path), time.Now(), BackupBeforeWAL)
	db, err := st.Open(path, OpenOptions{Wait: wait, Waiting: waiting, KeepWAL: keep})
	if errors.Is(err, st.ErrNotLedger) {
		if _, ok := NewestBackup(path, ""); ok {
			// Backups beside it: the ledger itself, its header damaged.
			return nil, data.Damaged(path, []string{"文件头已损坏，不再能识别为台账数据库"})
		}
	}
	if err != nil {
		return nil, err
	}
	a, err := ready(ctx, st, db)
	if err != nil {
		return nil, err
	}
	if db.KeptWAL() {
		a.keptWAL = WALKept{Path: keep, SetAside: db.WALSetAside()}
		pruneKeptWAL(DefaultBackupDir(path))
	}
	if !db.ReadOnly() {
		a.debris = a.removeDebris(ctx)
		moved := a.removeInterruptedMove()
		a.debris.Files += moved.Files
		a.debris.Bytes += moved.Bytes
	}
	return a, nil
}

// OpenReadOnly opens the existing ledger at path for reading only, beside
// a program that may be writing it (st.OpenReadOnly), for the commands
// that only read: it changes nothing and waits for nobody. A ledger that
// needs a writer first (missing, without a plan, of an older schema) is
// an error.
func OpenReadOnly(ctx context.Context, st Storage, path string) (*App, error) {
	logBeside(st, path)
	db, err := st.OpenReadOnly(path)
	if err != nil {
		return nil, err
	}
	return ready(ctx, st, db)
}

// ready makes an App of db, opened with st: the check at opening, the plan
// (seeded into a new ledger), the change count. It closes db on error.
func ready(ctx context.Context, st Storage, db Ledger) (*App, error) {
	problems, err := db.OpenCheck(ctx)
	if err == nil && len(problems) > 0 {
		err = data.Damaged(db.Path(), problems)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &App{db: db, storage: st, now: time.Now}
	if err := a.seed(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := a.loadPlans(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if a.backedUp, err = db.Changes(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) seed(ctx context.Context) error {
	has, err := a.db.HasPlan(ctx)
	if err != nil || has {
		return err
	}
	if a.db.ReadOnly() {
		return data.Errorf(data.EINVALID, "数据库 %s 中还没有行动计划，而它只能只读打开，无法写入计划。请在可写的文件夹中打开它。", a.DBPath())
	}
	p, err := plantext.Default()
	if err != nil {
		return fmt.Errorf("parse the embedded 2023 plan: %w", err)
	}
	return a.db.SeedPlan(ctx, p)
}

// maxKeptWAL is how many copies of a ledger and a -wal left beside it
// opening keeps: older ones are removed.
const maxKeptWAL = 3

// pruneKeptWAL removes all but the newest maxKeptWAL copies that opening
// kept of a ledger and its -wal file (taizhang-…-before-wal.db) in dir.
func pruneKeptWAL(dir string) {
	bs, _ := listBackups(dir)
	n := 0
	for _, b := range bs {
		if b.Kind == BackupBeforeWAL {
			if n++; n > maxKeptWAL {
				os.Remove(b.Path + "-wal")
				os.Remove(b.Path)
			}
		}
	}
}

// WALKept is the copy opening kept of the ledger and a -wal that no
// running program held beside it (left by a program that was killed, or
// copied there).
type WALKept struct {
	Path string // the kept database, its -wal Path+"-wal"; "" if none was kept
	// SetAside: the -wal did not fit the ledger (another ledger's, copied
	// there), so it was removed instead of merged.
	SetAside bool
}

// KeptWAL is the copy of the ledger and its -wal file kept at opening.
func (a *App) KeptWAL() WALKept { return a.keptWAL }

// ErrLedgerMissing is the Kind of CheckLedger's error (errors.Is).
var ErrLedgerMissing = errors.New("ledger missing")

// CheckLedger is run before the GUI opens the ledger at path: a ledger
// that is missing or empty while backups of it exist (in its backups
// folder) is not silently replaced by a new, empty one. It then returns an
// EINVALID error of Kind ErrLedgerMissing saying so; nil otherwise.
func CheckLedger(path string) error {
	fi, err := os.Stat(path)
	if err == nil && fi.Size() > 0 {
		return nil
	}
	bs := candidates(path, "")
	if len(bs) == 0 {
		return nil
	}
	what := "不存在"
	if err == nil {
		what = "是空的（0 字节）"
	}
	e := data.Errorf(data.EINVALID, "数据库文件 %s %s，但备份文件夹 %s 中有 %d 个备份。可以用最新的完好备份恢复、选择另一个备份，或者新建一个空的台账。",
		path, what, DefaultBackupDir(path), len(bs))
	e.Kind = ErrLedgerMissing
	return e
}

// Close closes the database.
func (a *App) Close() error { return a.db.Close() }

// ReadOnly reports whether the ledger was opened read-only (its file or
// folder cannot be written, or another program writes it): it can be
// viewed, checked, reported on and backed up elsewhere, not changed.
func (a *App) ReadOnly() bool { return a.db.ReadOnly() }

// DiskFull reports whether the ledger was opened read-only because its
// disk is full: after space is freed, opening it again can write.
func (a *App) DiskFull() bool { return a.db.DiskFull() }

// DBPath is the database file's path.
func (a *App) DBPath() string { return a.db.Path() }

// Storage is the Storage the ledger was opened with, for reopening it
// (RestoreFile, Open).
func (a *App) Storage() Storage { return a.storage }

// loadPlans reads every plan the ledger holds.
func (a *App) loadPlans(ctx context.Context) error {
	years, err := a.db.Plans(ctx)
	if err != nil {
		return err
	}
	plans := make(map[int]*data.Plan, len(years))
	for _, y := range years {
		if plans[y], err = a.db.LoadPlan(ctx, y); err != nil {
			return err
		}
	}
	a.plansMu.Lock()
	a.plans, a.years = plans, years
	a.plansMu.Unlock()
	return nil
}

// AddPlan stores the plan of a year beside the plans held, with the links
// of its measures to those of earlier plans they carry on, in one
// transaction, keeping the unit directory (see store.DB.SeedPlan and
// SetMeasureLinks for the checks and errors: ECONFLICT for a year already
// held).
func (a *App) AddPlan(ctx context.Context, p *data.Plan, links []data.MeasureLink) error {
	if err := a.db.AddPlan(ctx, p, links); err != nil {
		return err
	}
	return a.loadPlans(ctx)
}

// SetMeasureLinks replaces the links of a year's measures to the measures of
// earlier plans they carry on (see ReturnTemplate for what they do and
// store.DB.SetMeasureLinks for the checks).
func (a *App) SetMeasureLinks(ctx context.Context, year int, links []data.MeasureLink) error {
	return a.db.SetMeasureLinks(ctx, year, links)
}

// MeasureLinks returns the links of a year's measures, by measure ID.
func (a *App) MeasureLinks(ctx context.Context, year int) (map[string]data.MeasureLink, error) {
	return a.db.MeasureLinks(ctx, year)
}

// Plan returns the whole plan of a year: annexes, sections, tasks, measures,
// indicator tables and the unit directory (ENOTFOUND for a year the ledger
// holds no plan of).
func (a *App) Plan(ctx context.Context, year int) (*data.Plan, error) {
	return a.db.LoadPlan(ctx, year)
}

// Years lists the years whose plans the ledger holds, oldest first.
func (a *App) Years() []int {
	a.plansMu.RLock()
	defer a.plansMu.RUnlock()
	return slices.Clone(a.years)
}

// NewestYear is the year of the newest plan the ledger holds: the default
// wherever no year is chosen.
func (a *App) NewestYear() int {
	a.plansMu.RLock()
	defer a.plansMu.RUnlock()
	return a.years[len(a.years)-1]
}

// planOf returns the plan of a year as seeded (ENOTFOUND, naming the years
// held, for a year the ledger holds no plan of).
func (a *App) planOf(year int) (*data.Plan, error) {
	a.plansMu.RLock()
	defer a.plansMu.RUnlock()
	if p, ok := a.plans[year]; ok {
		return p, nil
	}
	var held []string
	for _, y := range a.years {
		held = append(held, strconv.Itoa(y))
	}
	return nil, data.Errorf(data.ENOTFOUND, "台账中没有 %d 年的行动计划，现有：%s 年", year, strings.Join(held, "、"))
}

// planTitle is the title of a year's plan ("" for a year not held).
func (a *App) planTitle(year int) string {
	a.plansMu.RLock()
	defer a.plansMu.RUnlock()
	if p, ok := a.plans[year]; ok {
		return p.Title
	}
	return ""
}

// Units lists the unit directory with each unit's measure counts in the
// plan of year.
func (a *App) Units(ctx context.Context, year int) ([]data.UnitSummary, error) {
	return a.db.Units(ctx, year)
}

// FindMeasures lists the measures of the plan of f.Year that pass the
// filter, in printed order. An unknown unit is an ENOTFOUND error.
func (a *App) FindMeasures(ctx context.Context, f data.MeasureFilter) ([]data.MeasureRow, error) {
	return a.db.FindMeasures(ctx, f)
}

// Measure returns one measure of a year's plan with its place in the plan
// (ENOTFOUND if unknown).
func (a *App) Measure(ctx context.Context, year int, id string) (data.MeasureRow, error) {
	return a.db.Measure(ctx, year, id)
}
