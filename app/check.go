package app

import (
	"context"
	"strconv"
	"time"

	"taizhang/data"
)

// Settings keys of the full check.
const (
	SettingCheckEvery = "check.every" // days between background full checks; default DefaultCheckEvery
	settingCheckLast  = "check.last"  // when the last full check ended (RFC 3339)
	settingCheckFound = "check.found" // how many problems it found
)

// DefaultCheckEvery is how many days pass between full checks unless the
// clerk sets another interval.
const DefaultCheckEvery = 7

// CheckRecord is the last full check's outcome.
type CheckRecord struct {
	Time  time.Time // zero if none was recorded
	Found int       // problems found
}

// FullCheck checks the open ledger whole: SQLite's integrity check, every
// reference, and every evidence file's SHA-256. It returns the problems
// found, nil for a sound ledger; progress reports the evidence files
// checked. It runs on a connection of its own, so the ledger stays usable
// meanwhile, and records its outcome (LastCheck) unless the ledger is
// read-only.
func (a *App) FullCheck(ctx context.Context, progress func(done, total int)) ([]string, error) {
	problems, err := a.db.FullCheck(ctx, progress)
	if err != nil || a.ReadOnly() {
		return problems, err
	}
	if err := a.db.SetSetting(ctx, settingCheckLast, a.now().UTC().Format(time.RFC3339)); err != nil {
		return problems, err
	}
	return problems, a.db.SetSetting(ctx, settingCheckFound, strconv.Itoa(len(problems)))
}

// HistoryCheck checks what opening left out for start-up to stay quick as
// the years go by: every year's entries and the audit log (SQLite's quick
// check of their tables; store.DB.HistoryCheck). The GUI runs it in the
// background once its window is up, unless the full check (which covers
// it) is due. It returns the problems found, nil for sound tables.
func (a *App) HistoryCheck(ctx context.Context) ([]string, error) {
	return a.db.HistoryCheck(ctx)
}

// LastCheck is the outcome of the last full check recorded.
func (a *App) LastCheck(ctx context.Context) (CheckRecord, error) {
	var r CheckRecord
	last, err := a.db.Setting(ctx, settingCheckLast)
	if err != nil || last == "" {
		return r, err
	}
	if r.Time, err = time.Parse(time.RFC3339, last); err != nil {
		return CheckRecord{}, nil // unreadable: as if none
	}
	found, err := a.db.Setting(ctx, settingCheckFound)
	r.Found, _ = strconv.Atoi(found)
	return r, err
}

// CheckEvery is the interval of the background full check, in days.
func (a *App) CheckEvery(ctx context.Context) (int, error) {
	v, err := a.db.Setting(ctx, SettingCheckEvery)
	if n, cerr := strconv.Atoi(v); cerr == nil && n > 0 {
		return n, err
	}
	return DefaultCheckEvery, err
}

// SetCheckEvery sets the interval of the background full check: 1 to 365
// days (EINVALID otherwise).
func (a *App) SetCheckEvery(ctx context.Context, days int) error {
	if days < 1 || days > 365 {
		return data.Errorf(data.EINVALID, "完整性检查的间隔应在 1 到 365 天之间（现为 %d 天）", days)
	}
	v := strconv.Itoa(days)
	if days == DefaultCheckEvery {
		v = ""
	}
	return a.db.SetSetting(ctx, SettingCheckEvery, v)
}

// CheckDue reports whether the background full check should run now: none
// was recorded, or the last is older than CheckEvery days.
func (a *App) CheckDue(ctx context.Context) (bool, error) {
	last, err := a.LastCheck(ctx)
	if err != nil {
		return false, err
	}
	every, err := a.CheckEvery(ctx)
	if err != nil {
		return false, err
	}
	return last.Time.IsZero() || a.now().Sub(last.Time) >= time.Duration(every)*24*time.Hour, nil
}

// CheckFile checks the ledger at path, opened with st, which must not be
// open elsewhere: the quick check, or with full the checks of FullCheck. A
// file too damaged to open is reported as problems, not as an error.
// Opening merges a -wal left beside the ledger, as Open does after
// keeping a copy of the pair (or sets it aside, not fitting the ledger):
// keptWAL is that copy.
func CheckFile(ctx context.Context, st Storage, path string, full bool, progress func(done, total int)) (problems []string, keptWAL WALKept, err error) {
	keep := backupPath(DefaultBackupDir(path), time.Now(), BackupBeforeWAL)
	db, err := st.Open(path, OpenOptions{KeepWAL: keep})
	if err != nil {
		if problems := data.DamageProblems(err); problems != nil {
			return problems, WALKept{}, nil
		}
		return nil, WALKept{}, err
	}
	defer db.Close()
	if db.KeptWAL() {
		keptWAL = WALKept{Path: keep, SetAside: db.WALSetAside()}
		pruneKeptWAL(DefaultBackupDir(path))
	}
	if full {
		problems, err = db.FullCheck(ctx, progress)
	} else {
		problems, err = db.QuickCheck(ctx)
	}
	return problems, keptWAL, err
}
