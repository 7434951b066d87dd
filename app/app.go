// Package app holds the use cases that the GUI and the CLI share: open the
// ledger, browse the plan, track progress, import returns and make
// reports. It never imports fyne.
package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"taizhang/data"
	"taizhang/data/plantext"
	"taizhang/data/store"
)

// DBEnv is the environment variable that chooses the database file.
const DBEnv = "TAIZHANG_DB"

// App is an open ledger: one database file.
type App struct {
	db       *store.DB
	plan     *data.Plan       // the plan as seeded; it does not change once seeded
	now      func() time.Time // the clock, for backup names and their rotation
	backedUp int64            // db.Changes() at the last backup, or at opening
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

// Open opens (or creates) the ledger at path, runs SQLite's quick check on
// it, and seeds an empty database with the embedded 2023 plan, in one
// transaction.
//
// It returns the errors of store.Open (ECONFLICT while another program
// holds the ledger) and, for a file that fails the quick check, a damage
// error (data.IsDamaged) listing the problems.
func Open(ctx context.Context, path string) (*App, error) {
	logBeside(path)
	db, err := store.Open(path)
	if err != nil {
		return nil, err
	}
	problems, err := db.QuickCheck(ctx)
	if err == nil && len(problems) > 0 {
		err = data.Damaged(path, problems)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	a := &App{db: db, now: time.Now}
	if err := a.seed(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if a.plan, err = db.LoadPlan(ctx); err != nil {
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
	p, err := plantext.Default()
	if err != nil {
		return fmt.Errorf("parse the embedded 2023 plan: %w", err)
	}
	return a.db.SeedPlan(ctx, p)
}

// Close closes the database.
func (a *App) Close() error { return a.db.Close() }

// DBPath is the database file's path.
func (a *App) DBPath() string { return a.db.Path() }

// Plan returns the whole plan: annexes, sections, tasks, measures, indicator
// tables and the unit directory.
func (a *App) Plan(ctx context.Context) (*data.Plan, error) { return a.db.LoadPlan(ctx) }

// PlanYear is the plan's year.
func (a *App) PlanYear() int { return a.plan.Year }

// Units lists the unit directory with each unit's measure counts.
func (a *App) Units(ctx context.Context) ([]data.UnitSummary, error) { return a.db.Units(ctx) }

// FindMeasures lists the measures that pass the filter, in printed order.
// An unknown unit is an ENOTFOUND error.
func (a *App) FindMeasures(ctx context.Context, f data.MeasureFilter) ([]data.MeasureRow, error) {
	return a.db.FindMeasures(ctx, f)
}

// Measure returns one measure with its place in the plan (ENOTFOUND if unknown).
func (a *App) Measure(ctx context.Context, id string) (data.MeasureRow, error) {
	return a.db.Measure(ctx, id)
}
