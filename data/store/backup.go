package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
	"taizhang/data"
)

// BackupSize estimates the size in bytes of a backup of the database: its
// pages in use. A backup is the database compacted (VACUUM INTO), so it is
// at most this size.
func (db *DB) BackupSize(ctx context.Context) (int64, error) {
	var pages, free, size int64
	err := db.db.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages)
	if err == nil {
		err = db.db.QueryRowContext(ctx, "PRAGMA freelist_count").Scan(&free)
	}
	if err == nil {
		err = db.db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size)
	}
	if err != nil {
		return 0, fmt.Errorf("database size: %w", err)
	}
	return (pages - free) * size, nil
}

// BackupResult is what Backup wrote (a domain type, so that app's Ledger
// interface can name it).
type BackupResult = data.BackupResult

// Backup writes a consistent copy of the database, evidence included, to
// the file dest. The copy is made with VACUUM INTO in one read transaction
// on a connection of its own, so it is safe while the program runs and
// does not hold up its reads and writes; it is written to a temporary file
// beside dest, synced, read back (PRAGMA quick_check, and every evidence
// file against its SHA-256) and renamed, so dest appears complete or not
// at all. An existing dest is replaced. progress, if not nil, is called now
// and then with the bytes written so far and the expected total.
//
// A copy whose structure does not read back sound is not kept (EINVALID);
// evidence files that do not match their SHA-256 are named in the result
// and the backup is kept. The evidence is checked in the copy, after it is
// written, not while copying: VACUUM INTO copies inside SQLite, where no
// Go code sees the bytes, and copying the evidence through Go instead, to
// hash it on the way, is slower than VACUUM INTO and the read-back
// together; the read-back checks the bytes as a restore will read them. It returns EINVALID if dest's folder cannot be
// written, EIO for a full disk.
func (db *DB) Backup(ctx context.Context, dest string, progress func(done, total int64)) (BackupResult, error) {
	total, err := db.BackupSize(ctx)
	if err != nil {
		return BackupResult{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(dest), ".taizhang-backup-*.tmp")
	if err != nil {
		return BackupResult{}, fileFault(dest, err, data.Errorf(data.EINVALID, "无法在文件夹 %s 中写入备份：%v", filepath.Dir(dest), err))
	}
	tmpName := tmp.Name()
	tmp.Close() // VACUUM INTO accepts an empty file
	defer os.Remove(tmpName)

	// A connection of its own: a read transaction that, with WAL, lets the
	// program's connection go on reading and writing meanwhile.
	src, err := sql.Open("sqlite", db.backupConn())
	if err != nil {
		return BackupResult{}, fmt.Errorf("backup: open %s: %w", db.path, err)
	}
	defer src.Close()
	src.SetMaxOpenConns(1)
	vacuum := "VACUUM INTO ?"
	if db.readOnly {
		// VACUUM INTO opens its target with the connection's flags: a
		// read-only connection cannot write it. So the read-only database
		// is attached to a writable in-memory one.
		if _, err = src.ExecContext(ctx, "ATTACH ? AS ledger", db.readDSN); err != nil {
			return BackupResult{}, db.fault(fmt.Errorf("backup: attach %s: %w", db.path, err))
		}
		vacuum = "VACUUM ledger INTO ?"
	}
	stop := watchSize(tmpName, total, progress)
	_, err = src.ExecContext(ctx, vacuum, tmpName)
	stop()
	if err != nil {
		if f := sizeFault(dest, total, err, tmpName); f != nil {
			return BackupResult{}, f
		}
		return BackupResult{}, faultNeed(dest, total, fmt.Errorf("backup to %s: %w", dest, err))
	}
	size, err := syncFile(tmpName)
	if err != nil {
		if f := faultNeed(dest, total, err); f != err {
			return BackupResult{}, f
		}
		return BackupResult{}, data.Errorf(data.EINVALID, "无法写入备份文件 %s：%v", dest, err)
	}
	// A copy that does not read back sound (a failing disk or USB stick)
	// must not take a good backup's place in the rotation.
	damaged, err := checkWritten(ctx, tmpName, dest)
	if err != nil {
		return BackupResult{}, err
	}
	if err := os.Rename(tmpName, dest); err != nil {
		return BackupResult{}, data.Errorf(data.EINVALID, "无法写入备份文件 %s：%v", dest, err)
	}
	syncDir(filepath.Dir(dest))
	if progress != nil {
		progress(size, size)
	}
	return BackupResult{Size: size, Damaged: damaged}, nil
}

// checkWritten runs PRAGMA quick_check on the backup just written to tmp
// (to become dest) and compares every evidence file with its SHA-256. It
// returns an EINVALID error naming dest when the copy's structure does not
// read back sound, and the evidence files that do not match.
func checkWritten(ctx context.Context, tmp, dest string) ([]string, error) {
	q, err := sql.Open("sqlite", dsn(tmp, "query_only(1)"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", tmp, err)
	}
	defer q.Close()
	q.SetMaxOpenConns(1)
	problems, err := pragmaCheck(ctx, q, "quick_check", "")
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", tmp, err)
	}
	if len(problems) > 0 {
		return nil, data.Errorf(data.EINVALID,
			"备份写入后读回检查未通过（%s），没有保存备份 %s，原有的备份都还在。请换一个备份文件夹（或 U 盘）再试，并用 文件 → 完整性检查 检查数据库。",
			data.ListProblems(problems), dest)
	}
	damaged, err := blobProblems(ctx, q, nil)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", tmp, err)
	}
	return damaged, nil
}

// watchEvery is how often a backup reports its progress.
var watchEvery = 200 * time.Millisecond

// watchSize reports a growing file's size to progress every watchEvery
// until the returned stop is called.
func watchSize(path string, total int64, progress func(done, total int64)) (stop func()) {
	if progress == nil {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(watchEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if fi, err := os.Stat(path); err == nil {
					progress(min(fi.Size(), total), total)
				}
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}

// syncFile flushes a file to disk and returns its size.
func syncFile(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), f.Close()
}

// syncDir flushes a folder's entries (a rename) to disk where the system
// allows it; best effort.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// VerifyBackup checks the file at path before it may replace a database:
// it is a taizhang database no newer than this program, PRAGMA
// integrity_check finds nothing wrong and every evidence blob matches its
// SHA-256. The file is opened read-only; it must not be in use. progress
// is as for FullCheck.
//
// It returns an EINVALID error that names the file and what is wrong.
func VerifyBackup(ctx context.Context, path string, progress func(done, total int)) error {
	damaged, err := verifyBackup(ctx, path, progress)
	if err == nil && len(damaged) > 0 {
		err = damagedBackup(path, damaged)
	}
	return err
}

// VerifyCopy is VerifyBackup for a copy the program has just made of its
// ledger (a data folder's move): evidence files whose content does not
// match their SHA-256, damaged in the ledger already and copied as they
// are, are listed in damaged, not an error.
func VerifyCopy(ctx context.Context, path string, progress func(done, total int)) (damaged []string, err error) {
	return verifyBackup(ctx, path, progress)
}

// verifyBackup is VerifyBackup, except that evidence files whose content
// does not match their SHA-256 are listed in damaged, not an error.
func verifyBackup(ctx context.Context, path string, progress func(done, total int)) (damaged []string, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "无法读取备份文件 %s：%v", path, err)
	}
	if fi.IsDir() || fi.Size() == 0 {
		return nil, notBackup(path)
	}
	q, err := sql.Open("sqlite", dsn(path, "query_only(1)"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer q.Close()
	q.SetMaxOpenConns(1)

	var appID, version int
	err = q.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID)
	if err == nil {
		err = q.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB {
		return nil, notBackup(path)
	}
	if isCorrupt(err) {
		return nil, damagedBackup(path, []string{err.Error()})
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if appID != applicationID || version == 0 {
		return nil, notBackup(path)
	}
	if version > len(migrations) {
		return nil, data.Errorf(data.EINVALID,
			"备份文件 %s 由更新版本的台账程序写入（数据库版本 %d，本程序只支持到版本 %d），没有用它恢复，当前数据库没有改动。请安装新版本的台账程序后再恢复。",
			path, version, len(migrations))
	}
	problems, err := structureProblems(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	if len(problems) > 0 {
		return nil, damagedBackup(path, problems)
	}
	damaged, err = blobProblems(ctx, q, progress)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	return damaged, nil
}

func notBackup(path string) error {
	return data.Errorf(data.EINVALID, "文件 %s 不是台账数据库的备份，没有用它恢复，当前数据库没有改动。请选择台账的备份文件（taizhang-日期-时间.db）。", path)
}

func damagedBackup(path string, problems []string) error {
	return data.Errorf(data.EINVALID, "备份文件 %s 已损坏（%s），没有用它恢复，当前数据库没有改动。请选择另一个备份。",
		path, data.ListProblems(problems))
}

// RestoreResult is what Restore did besides replacing the database.
type RestoreResult struct {
	WAL     string   // the -wal file beside the backup that was folded in, "" if none
	Damaged []string // the backup's evidence files that did not match their SHA-256
}

// Restore replaces the database file at dbPath with the backup src. The
// database must be closed: Restore takes its lock, and fails with
// ECONFLICT like Open while another program holds it.
//
// The backup is first copied beside the database, with the -wal file
// beside src if there is one (a copy taken from a live ledger), and the
// copy is checked: VerifyBackup, then opened as the program opens a ledger
// (its migrations run on the copy) and its schema compared with the one
// this version makes (tables, indexes, triggers). Only then is the current
// database saved to keep (if it exists), through a temporary file and a
// rename, and replaced by the copy in one rename. src is only read. On any
// error the current database is unchanged.
//
// Evidence files of the backup whose content does not match their SHA-256
// do not stop the restore: everything else is restored and the result
// names them.
func Restore(ctx context.Context, dbPath, src, keep string, progress func(done, total int)) (RestoreResult, error) {
	if same, _ := sameFile(dbPath, src); same {
		return RestoreResult{}, data.Errorf(data.EINVALID, "%s 就是当前的数据库文件，不能用它自己恢复。请选择一个备份文件。", src)
	}
	lock, err := acquireLock(dbPath)
	if err != nil {
		return RestoreResult{}, err
	}
	defer lock.release()

	tmp, err := copyBeside(src, dbPath)
	if err != nil {
		return RestoreResult{}, err
	}
	defer func() { os.Remove(tmp); removeCompanions(tmp); os.Remove(LockPath(tmp)) }()
	var res RestoreResult
	if fi, err := os.Stat(src + "-wal"); err == nil && fi.Size() > 0 {
		if err := copyFile(src+"-wal", tmp+"-wal"); err != nil {
			return RestoreResult{}, fileFault(dbPath, err, data.Errorf(data.EINVALID, "无法复制备份旁的 %s：%v，没有恢复，当前数据库没有改动。", src+"-wal", err))
		}
		res.WAL = src + "-wal"
	}
	if res.Damaged, err = checkCopy(ctx, tmp, src, res.WAL, progress); err != nil {
		return RestoreResult{}, err
	}
	removeCompanions(tmp)
	os.Remove(LockPath(tmp))

	if fi, err := os.Stat(dbPath); err == nil && fi.Size() > 0 {
		if err := keepCopy(ctx, dbPath, keep); err != nil {
			return RestoreResult{}, err
		}
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(dbPath); err == nil {
		mode = fi.Mode().Perm()
	}
	os.Chmod(tmp, mode)
	removeCompanions(dbPath)
	if err := os.Rename(tmp, dbPath); err != nil {
		return RestoreResult{}, data.Errorf(data.EINVALID, "无法替换数据库文件 %s：%v", dbPath, err)
	}
	syncDir(filepath.Dir(dbPath))
	return res, nil
}

// checkCopy checks the copy tmp of the backup src (with the copy of its
// -wal file wal, if not ""): VerifyBackup, then its migrations and its
// schema. It leaves tmp up to date, its WAL folded in, and returns the
// evidence files that do not match their SHA-256. Errors name src.
func checkCopy(ctx context.Context, tmp, src, wal string, progress func(done, total int)) ([]string, error) {
	named := func(err error) error {
		var e *data.Error
		if errors.As(err, &e) {
			e.Message = strings.ReplaceAll(e.Message, tmp, src)
			if wal != "" {
				e.Message += fmt.Sprintf("（检查时包含了备份旁的 %s；如果它不属于这个备份，请把它移走后再恢复。）", wal)
			}
		}
		return err
	}
	damaged, err := verifyBackup(ctx, tmp, progress)
	if err != nil {
		return nil, named(err)
	}
	db, err := Open(tmp)
	if err != nil {
		return nil, named(data.Errorf(data.EINVALID,
			"备份文件 %s 无法按其版本升级为本程序的数据库（%v），没有用它恢复，当前数据库没有改动。请选择另一个备份。", tmp, err))
	}
	problems, err := schemaProblems(ctx, db.db)
	if err == nil {
		_, err = db.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", src, err)
	}
	if len(problems) > 0 {
		return nil, named(data.Errorf(data.EINVALID,
			"备份文件 %s 的数据库结构与本版本应有的不符（%s），没有用它恢复，当前数据库没有改动。请选择另一个备份。", tmp, data.ListProblems(problems)))
	}
	for i, d := range damaged {
		damaged[i] = strings.ReplaceAll(d, tmp, src)
	}
	return damaged, nil
}

// sameFile reports whether two paths name one file.
func sameFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}

// copyBeside copies src to a new temporary file in dest's folder, synced,
// and returns its name.
func copyBeside(src, dest string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", data.Errorf(data.EINVALID, "无法读取备份文件 %s：%v", src, err)
	}
	defer in.Close()
	out, err := os.CreateTemp(filepath.Dir(dest), ".taizhang-restore-*.db")
	if err != nil {
		return "", data.Errorf(data.EINVALID, "无法在数据库所在的文件夹 %s 中写入：%v", filepath.Dir(dest), err)
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", data.Errorf(data.EINVALID, "复制备份文件 %s 时出错：%v", src, err)
	}
	return out.Name(), nil
}

// keepCopy saves the closed database at dbPath to keep: a compacted copy,
// or, if the database is too damaged for that, its files as they are. Each
// is written to a temporary file and renamed, so keep is whole or absent.
// It also folds the WAL into the database file, so that no WAL of the old
// database lies beside the new one.
func keepCopy(ctx context.Context, dbPath, keep string) error {
	q, err := sql.Open("sqlite", dsn(dbPath, fmt.Sprintf("busy_timeout(%d)", busyTimeout)))
	if err != nil {
		return fmt.Errorf("open %s: %w", dbPath, err)
	}
	q.SetMaxOpenConns(1)
	tmp, err := os.CreateTemp(filepath.Dir(keep), ".taizhang-keep-*.tmp")
	if err != nil {
		q.Close()
		return fileFault(keep, err, data.Errorf(data.EINVALID, "无法保存被替换的数据库 %s：%v。没有恢复，当前数据库没有改动。", keep, err))
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	_, err = q.ExecContext(ctx, "VACUUM INTO ?", tmp.Name())
	if err == nil {
		_, err = q.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	q.Close()
	if err == nil {
		if _, err = syncFile(tmp.Name()); err == nil {
			err = os.Rename(tmp.Name(), keep)
		}
		if err != nil {
			return fileFault(keep, err, data.Errorf(data.EINVALID, "无法保存被替换的数据库 %s：%v。没有恢复，当前数据库没有改动。", keep, err))
		}
		syncDir(filepath.Dir(keep))
		return nil
	}
	// Too damaged to be read whole: keep the raw files. SQLite finds the
	// WAL by name, so keep-wal belongs to keep; it is put in place first.
	for _, suffix := range []string{"-wal", ""} {
		if _, err := os.Stat(dbPath + suffix); err != nil {
			continue
		}
		err := copyFile(dbPath+suffix, tmp.Name())
		if err == nil {
			err = os.Rename(tmp.Name(), keep+suffix)
		}
		if err != nil {
			return fileFault(keep, err, data.Errorf(data.EINVALID, "无法保存被替换的数据库 %s：%v。没有恢复，当前数据库没有改动。", keep, err))
		}
	}
	syncDir(filepath.Dir(keep))
	return nil
}

// copyFile copies src to dest, synced.
func copyFile(src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dest)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// keepWAL keeps a copy of the database at path and its -wal file, as keep
// and keep-wal (each through a temporary file and a rename), when a -wal
// file lies beside it: see Options.KeepWAL. The caller holds the lock. It
// reports whether it kept a copy.
func keepWAL(path, keep string) (bool, error) {
	if fi, err := os.Stat(path + "-wal"); err != nil || fi.Size() == 0 {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(keep), 0o755); err != nil {
		return false, fileFault(keep, err, data.Errorf(data.EINVALID, "无法创建文件夹 %s 以保存数据库和它的 -wal 文件的副本：%v", filepath.Dir(keep), err))
	}
	tmp, err := os.CreateTemp(filepath.Dir(keep), ".taizhang-keep-*.tmp")
	if err != nil {
		return false, fileFault(keep, err, data.Errorf(data.EINVALID, "无法在 %s 保存数据库和它的 -wal 文件的副本：%v", filepath.Dir(keep), err))
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	for _, suffix := range []string{"-wal", ""} {
		err := copyFile(path+suffix, tmp.Name())
		if err == nil {
			err = os.Rename(tmp.Name(), keep+suffix)
		}
		if err != nil {
			os.Remove(keep + "-wal") // no half of the pair
			if noSpace(err) {
				return false, diskFull(filepath.Dir(keep), fileSize(path)+fileSize(path+"-wal"))
			}
			return false, fileFault(keep, err, data.Errorf(data.EINVALID, "无法保存数据库和它的 -wal 文件的副本 %s：%v", keep, err))
		}
	}
	syncDir(filepath.Dir(keep))
	return true, nil
}

// fileSize is the size of the file at path, 0 if it cannot be read.
func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// removeCompanions removes a closed database's WAL and shared-memory files.
func removeCompanions(path string) {
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
}

// Changes counts the rows written through this connection since the
// database was opened (SQLite's total_changes()); comparing two counts
// tells whether anything was written in between.
func (db *DB) Changes(ctx context.Context) (int64, error) {
	var n int64
	if err := db.db.QueryRowContext(ctx, "SELECT total_changes()").Scan(&n); err != nil {
		return 0, fmt.Errorf("count changes: %w", err)
	}
	return n, nil
}
