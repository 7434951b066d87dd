// Package store keeps the ledger in one SQLite file (modernc.org/sqlite):
// opening and migrating it, the plan, entries, evidence, audit log,
// indicators, month closing, backups, integrity checks and the file lock
// that keeps a second program out. Its types and errors are those of
// package data.
package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
	"taizhang/data"
)

// applicationID marks a SQLite file as a taizhang database
// (PRAGMA application_id, "TZDB"). Migration 1 sets it.
const applicationID = 0x545A4442

// busyTimeout is how long, in milliseconds, a statement waits for a lock held
// by another process (a second copy of the program on the same file).
const busyTimeout = 5000

// DB is an open taizhang database: one SQLite file holding the plan, the
// progress entries, their evidence and the audit log.
//
// It uses a single connection, so statements are serialised; every method is
// safe for concurrent use.
type DB struct {
	db       *sql.DB
	path     string
	lock     *lockFile // this process is the only writer while it is open; nil when read-only
	readOnly bool
	readDSN  string // the read-only connection's data source name, a file: URI
	diskFull bool   // opened read-only because the disk is full (openOnFullDisk)
	keptWAL  bool   // Options.KeepWAL kept a copy at opening
	// walSetAside: the -wal kept was not merged but removed, not fitting
	// the database (WALSetAside)
	walSetAside bool
}

// KeptWAL reports whether opening kept a copy of the database and a -wal
// file beside it (Options.KeepWAL).
func (db *DB) KeptWAL() bool { return db.keptWAL }

// WALSetAside reports whether the -wal opening kept a copy of did not fit
// the database (copied there from another ledger, or damaged: with it the
// database reads as damaged, without it sound), so that opening removed it
// instead of merging it.
func (db *DB) WALSetAside() bool { return db.walSetAside }

// walShrinks reports whether the -wal beside the database at path would
// make it smaller than its file: the most pages any of its transactions
// leaves the database with is fewer than the file holds. The ledger's own
// -wal never does (it is never vacuumed in place, so it only grows, and
// its file holds a transaction of the -wal or an earlier one): such a -wal
// is another, smaller ledger's, whose merging would leave this one as that
// one, quietly, the check passing.
func walShrinks(path string) bool {
	f, err := os.Open(path + "-wal")
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 32)
	if _, err := f.ReadAt(head, 0); err != nil {
		return false
	}
	pageSize := int64(binary.BigEndian.Uint32(head[8:12]))
	if pageSize < 512 || pageSize > 65536 {
		return false
	}
	var most uint32
	frame := make([]byte, 24)
	for off := int64(32); ; off += 24 + pageSize {
		if _, err := f.ReadAt(frame, off); err != nil {
			break
		}
		// A frame of this -wal (its header's salts) that ends a transaction.
		if bytes.Equal(frame[8:16], head[16:24]) {
			most = max(most, binary.BigEndian.Uint32(frame[4:8]))
		}
	}
	return most > 0 && int64(most)*pageSize < fileSize(path)
}

// soundWithoutWAL reports whether the database file at path passes the
// quick check read without its -wal (immutable: SQLite then reads the
// database file alone).
func soundWithoutWAL(path string) bool {
	conn := uriDSN(path, []string{"mode=ro", "immutable=1"}, "query_only(1)")
	if checkFile(path, conn) != nil {
		return false
	}
	q, err := sql.Open("sqlite", conn)
	if err != nil {
		return false
	}
	defer q.Close()
	problems, err := pragmaCheck(context.Background(), q, "quick_check", "")
	return err == nil && problems == nil
}

// removeIfExists removes the file at path; one that does not exist is no
// error.
func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Open opens the database file at path, creating it and its parent directory
// if needed, and brings its schema up to date.
//
// Every connection runs with WAL journaling, foreign keys on, a busy timeout
// and full synchronous writes. Only one program at a time may have the file
// open: while one does, Open returns ECONFLICT naming it (see Holder). A
// file written by a newer version of the
// program, or a SQLite file that is not a taizhang database, is refused with
// an EINVALID error and left untouched.
//
// A ledger that exists but cannot be written (the file or its folder is
// read-only) is opened read-only, as by OpenReadOnly: ReadOnly then
// reports true.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// Options are what OpenWith does beyond Open.
type Options struct {
	// Wait is how long to wait while another program holds the database;
	// Waiting, if not nil, is called once when the wait begins, with the
	// holder. After Wait that ECONFLICT error is returned, as Open returns
	// it at once.
	Wait    time.Duration
	Waiting func(held *data.HeldError)
	// KeepWAL, if not "", is where a copy of the database and its -wal
	// file is kept (KeepWAL and KeepWAL-wal, each through a temporary
	// file and a rename) when a -wal that no running program holds lies
	// beside it (left by a program that was killed, or copied there; not
	// one this ledger's own closing could not merge, Holder.WALLeft),
	// before opening merges it. KeptWAL then reports true. A -wal that
	// does not fit the database (another ledger's: see walShrinks; or
	// one with which it reads damaged and without which sound) is not
	// merged but removed once kept: WALSetAside reports true.
	KeepWAL string
}

// OpenWith is Open with options.
func OpenWith(path string, o Options) (*DB, error) {
	if path == "" {
		return nil, data.Errorf(data.EINVALID, "没有指定数据库文件")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fileFault(path, err, data.Errorf(data.EINVALID, "无法创建数据库所在的目录 %s：%v", filepath.Dir(path), err))
	}
	if file, folder := writable(path); !file || !folder {
		if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
			return openReadOnly(path, folder)
		}
		return nil, data.Errorf(data.EIO, "无法在文件夹 %s 中新建数据库：该文件夹不允许写入。请选择一个可写的文件夹。", filepath.Dir(path))
	}
	db, err := openWritable(path, o)
	if errors.Is(err, ErrDiskFull) {
		return openOnFullDisk(path, err)
	}
	return db, err
}

// openWritable is OpenWith of a file whose folder can be written.
func openWritable(path string, o Options) (*DB, error) {
	conn := dsn(path, fmt.Sprintf("busy_timeout(%d)", busyTimeout), "query_only(1)")
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		// A read-only connection: closing it does not merge the WAL,
		// which Options.KeepWAL must see first.
		conn = uriDSN(path, []string{"mode=ro"}, fmt.Sprintf("busy_timeout(%d)", busyTimeout), "query_only(1)")
	}
	checkErr := checkFile(path, conn)
	// A -wal that does not fit the database (another ledger's, copied
	// there) is kept with it and set aside instead of merged.
	foreign := o.KeepWAL != "" && fileSize(path+"-wal") > 0 &&
		(walShrinks(path) || (data.IsDamaged(checkErr) && soundWithoutWAL(path)))
	if checkErr != nil && !foreign {
		return nil, checkErr
	}
	lock, err := acquireLockWait(path, o.Wait, o.Waiting)
	if err != nil {
		return nil, err
	}
	var kept bool
	// A -wal this ledger's own closing left needs no copy.
	if o.KeepWAL != "" && (foreign || lock.prev.WALLeft == "" || lock.prev.WALLeft != walPrint(path)) {
		if kept, err = keepWAL(path, o.KeepWAL); err != nil {
			lock.release()
			return nil, err
		}
	}
	if foreign {
		if err := errors.Join(removeIfExists(path+"-wal"), removeIfExists(path+"-shm")); err != nil {
			lock.release()
			return nil, fileFault(path, err, data.Errorf(data.EINVALID, "无法移开数据库旁与它不符的 -wal 文件 %s：%v", path+"-wal", err))
		}
	}

	sqldb, err := sql.Open("sqlite", dsn(path,
		fmt.Sprintf("busy_timeout(%d)", busyTimeout),
		"foreign_keys(1)",
		"journal_mode(WAL)",
		"synchronous(FULL)",
	)+"&_txlock=immediate")
	if err != nil {
		lock.release()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sqldb, path: path, lock: lock, keptWAL: kept, walSetAside: foreign}
	db.oneConn()
	if err := db.migrate(context.Background()); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return db, nil
}

// OpenReadOnly opens the existing database file at path for reading only,
// beside a program that may be writing it (SQLite's WAL lets readers and
// one writer work at once): it takes no lock and changes nothing, not even
// the schema. A database whose schema is older than this program's is
// refused (EINVALID): only a writer can bring it up to date. Every change
// asked of it is refused with an EIO error that says it is read-only.
func OpenReadOnly(path string) (*DB, error) {
	fi, err := os.Stat(path)
	if err != nil || fi.Size() == 0 {
		return nil, data.Errorf(data.ENOTFOUND, "数据库文件 %s 不存在或是空的，无法只读打开。", path)
	}
	_, folder := writable(path)
	db, err := openReadOnly(path, folder)
	if errors.Is(err, ErrDiskFull) {
		return openOnFullDisk(path, err)
	}
	return db, err
}

// openOnFullDisk opens read-only the ledger at path whose disk is full (err
// is the failure to open it for writing), holding the lock so that no
// program writes under it: without a -wal immutable, since SQLite may not
// be able to make the WAL's shared-memory file; with a -wal whose copy
// could not be kept (Options.KeepWAL) through the shared memory, which
// reads what the -wal holds without merging it; where that file cannot
// be made either (no -shm left beside the ledger), err is returned.
// A ledger another program holds may change: its ECONFLICT error is
// returned.
func openOnFullDisk(path string, err error) (*DB, error) {
	params := []string{"mode=ro", "immutable=1"}
	if fileSize(path+"-wal") > 0 {
		params = params[:1]
	}
	lock, lerr := acquireLock(path)
	if lerr != nil {
		return nil, lerr
	}
	conn := uriDSN(path, params, fmt.Sprintf("busy_timeout(%d)", busyTimeout), "query_only(1)")
	db, oerr := openReadOnlyConn(path, conn)
	if oerr != nil {
		lock.release()
		if errors.Is(oerr, ErrDiskFull) {
			return nil, err
		}
		return nil, oerr
	}
	db.lock, db.diskFull = lock, true
	return db, nil
}

// openReadOnly opens path read-only. In a folder that cannot be written
// SQLite cannot make the WAL's shared-memory file, so a database without a
// WAL is then opened immutable (nobody can change it there either).
func openReadOnly(path string, folderWritable bool) (*DB, error) {
	params := []string{"mode=ro"}
	if _, err := os.Stat(path + "-wal"); !folderWritable && err != nil {
		params = append(params, "immutable=1")
	}
	return openReadOnlyConn(path, uriDSN(path, params, fmt.Sprintf("busy_timeout(%d)", busyTimeout), "query_only(1)"))
}

// openReadOnlyConn is openReadOnly with the connection's data source name.
func openReadOnlyConn(path, conn string) (*DB, error) {
	if err := checkFile(path, conn); err != nil {
		return nil, err
	}
	sqldb, err := sql.Open("sqlite", conn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sqldb, path: path, readOnly: true, readDSN: conn}
	db.oneConn()
	v, err := db.SchemaVersion(context.Background())
	if err == nil && v < len(migrations) {
		err = data.Errorf(data.EINVALID,
			"数据库文件 %s 由旧版本的台账程序写入（数据库版本 %d），需要先升级才能使用，而它现在只能只读打开（文件或文件夹不允许写入，或另有程序正在使用）。请在可写的文件夹中、没有其他台账程序打开它时再打开。",
			path, v)
	}
	if err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return db, nil
}

// oneConn limits the pool to one connection: no SQLITE_BUSY between our
// own goroutines, and every write is serialised in-process (evebuddy's
// single writer).
func (db *DB) oneConn() {
	db.db.SetMaxOpenConns(1)
	db.db.SetMaxIdleConns(1)
	db.db.SetConnMaxLifetime(0)
	db.db.SetConnMaxIdleTime(0)
}

// ReadOnly reports whether the database was opened read-only (OpenReadOnly,
// or Open of a file that cannot be written).
func (db *DB) ReadOnly() bool { return db.readOnly }

// DiskFull reports whether the database was opened read-only because its
// disk is full.
func (db *DB) DiskFull() bool { return db.diskFull }

// backupConn is the data source name for a backup's connection: the
// database itself, or for a read-only one an in-memory database to attach
// it to (readDSN).
func (db *DB) backupConn() string {
	if db.readOnly {
		return "file::memory:?_pragma=" + fmt.Sprintf("busy_timeout(%d)", busyTimeout)
	}
	return dsn(db.path, fmt.Sprintf("busy_timeout(%d)", busyTimeout))
}

// uriDSN is dsn for a file: URI, so that SQLite applies its own URI
// parameters (mode=ro, immutable=1) before the driver's _pragma ones.
func uriDSN(path string, params []string, pragmas ...string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs // a URI's path is absolute: "taizhang.db" is not "/taizhang.db"
	}
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	u := (&url.URL{Scheme: "file", Path: p}).String() + "?" + strings.Join(params, "&")
	for _, pr := range pragmas {
		u += "&_pragma=" + pr
	}
	return u
}

// dsn builds a data source name for modernc.org/sqlite: a plain path (so
// Windows paths need no URI escaping) followed by one _pragma parameter per
// pragma, which the driver runs on every new connection.
func dsn(path string, pragmas ...string) string {
	s := path + "?"
	for i, p := range pragmas {
		if i > 0 {
			s += "&"
		}
		s += "_pragma=" + p
	}
	return s
}

// checkFile looks at an existing file before Open changes anything in it
// (switching to WAL rewrites the file header): it must be a taizhang
// database (or an empty SQLite file) no newer than this program. The check
// runs on a separate query-only connection made from conn.
func checkFile(path, conn string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return nil
	}
	if err != nil {
		return data.Errorf(data.EINVALID, "无法读取数据库文件 %s：%v", path, err)
	}
	if fi.IsDir() {
		return data.Errorf(data.EINVALID, "%s 是一个目录，不是数据库文件", path)
	}

	ro, err := sql.Open("sqlite", conn)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer ro.Close()
	ctx := context.Background()
	var appID, version, objects int
	err = ro.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID)
	if err == nil {
		err = ro.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	}
	if err == nil {
		err = ro.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects)
	}
	if err != nil {
		return openError(path, err)
	}
	if appID != applicationID && (appID != 0 || version != 0 || objects != 0) {
		return notOurs(path)
	}
	if version > len(migrations) {
		return newerVersion(path, version)
	}
	return nil
}

// openError turns SQLite's "not a database" into an EINVALID error naming the
// file and "malformed" into a damage error; other errors pass through.
func openError(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB {
		return notOurs(path)
	}
	if isCorrupt(err) {
		return data.Damaged(path, []string{err.Error()})
	}
	return Fault(path, err)
}

// ErrNotLedger is the Kind of the error for a file that is not a taizhang
// database (errors.Is): a stranger's file, or a ledger whose header was
// damaged or zeroed.
var ErrNotLedger = errors.New("not a taizhang database")

func notOurs(path string) error {
	e := data.Errorf(data.EINVALID, "文件 %s 不是台账数据库，程序没有改动它。请选择台账数据库文件或新建一个。", path)
	e.Kind = ErrNotLedger
	return e
}

func newerVersion(path string, version int) error {
	return data.Errorf(data.EINVALID,
		"数据库文件 %s 由更新版本的台账程序写入（数据库版本 %d，本程序只支持到版本 %d），本程序没有改动它。请安装新版本的台账程序后再打开。",
		path, version, len(migrations))
}

// Close closes the database and then gives up the lock that made this
// process its only writer.
func (db *DB) Close() error {
	err := db.db.Close()
	left := ""
	if !db.readOnly {
		left = walPrint(db.path) // not merged: the disk too full for the database file to grow
	}
	if lerr := db.lock.releaseLeaving(left); err == nil {
		err = lerr
	}
	return err
}

// Path returns the database file's path as given to Open.
func (db *DB) Path() string { return db.path }

// withTx runs fn in a write transaction (BEGIN IMMEDIATE) and commits it if
// fn returns nil; otherwise it rolls back and returns fn's error.
func (db *DB) withTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.tx(ctx, nil, 0, fn)
}

// withTxNeeding is withTx for a write of about need bytes, which a
// disk-full error says the work needs.
func (db *DB) withTxNeeding(ctx context.Context, need int64, fn func(tx *sql.Tx) error) error {
	return db.tx(ctx, nil, need, fn)
}

// withReadTx runs fn in a read transaction (BEGIN DEFERRED), so that several
// queries see one snapshot of the database.
func (db *DB) withReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.tx(ctx, &sql.TxOptions{ReadOnly: true}, 0, fn)
}

func (db *DB) tx(ctx context.Context, opts *sql.TxOptions, need int64, fn func(tx *sql.Tx) error) error {
	if db.readOnly && opts == nil {
		return db.errReadOnly()
	}
	tx, err := db.db.BeginTx(ctx, opts)
	if err != nil {
		return db.faultFor(need, fmt.Errorf("begin transaction: %w", err))
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return db.faultFor(need, err)
	}
	if err := tx.Commit(); err != nil {
		return db.faultFor(need, fmt.Errorf("commit: %w", err))
	}
	return nil
}

// fault is Fault for the database file; a write refused by a read-only
// database says it was opened so.
func (db *DB) fault(err error) error { return db.faultFor(0, err) }

// faultFor is fault for work that needs about need bytes (0: unknown). A
// write that failed on a full disk first gives back the space it took in
// the -wal (SQLite keeps the file's size until a checkpoint starts it
// over), so that the message tells what is really free.
func (db *DB) faultFor(need int64, err error) error {
	if db.readOnly && data.ErrorCode(err) == data.EINTERNAL {
		var se *sqlite.Error
		if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_READONLY {
			return db.errReadOnly()
		}
	}
	f := faultNeed(db.path, need, err)
	if errors.Is(f, ErrDiskFull) && !db.readOnly {
		if _, cerr := db.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); cerr == nil {
			f = faultNeed(db.path, need, err)
		}
	}
	return f
}
