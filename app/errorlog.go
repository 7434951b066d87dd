package app

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"time"

	"taizhang/data"
)

// LogName is the log file, beside the database, that holds the details of
// internal errors; ErrorMessage names it to the clerk.
const LogName = "taizhang.log"

// maxLog bounds the log: a line that would take it past this size first
// renames it to taizhang.log.1 (replacing the older one), so the two files
// hold at most twice this.
const maxLog = 1 << 20

// errorLog is where ErrorMessage writes: LogName beside the ledger opened
// last (Open, RestoreFile), "" before any.
var errorLog struct {
	sync.Mutex
	path   string
	ledger string                             // the ledger's path, for fault
	fault  func(path string, err error) error // its Storage's SQLiteFault
}

// logBeside makes ErrorMessage write to LogName in dbPath's folder and
// map SQLite's faults with st, which opens the ledger there.
func logBeside(st Storage, dbPath string) {
	errorLog.Lock()
	defer errorLog.Unlock()
	errorLog.path = filepath.Join(filepath.Dir(dbPath), LogName)
	errorLog.ledger = dbPath
	errorLog.fault = st.SQLiteFault
}

// ErrorMessage is the message to show a clerk for err, "" for nil. For an
// error with a data.Error in its chain (the app's other error types, such
// as *UnitMonthNeededError and returns.Problems, unwrap to one) it is that
// error's message. Any other error is internal: its details are written,
// with a new error number and the time, to taizhang.log beside the
// database, and the message gives the number and says where the log is.
// If the log cannot be written the message carries the details itself.
// SQLite's full disk, read-only and I/O errors are not internal: they get
// Storage.Fault's message for the ledger.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	errorLog.Lock()
	ledger, fault := errorLog.ledger, errorLog.fault
	errorLog.Unlock()
	if ledger != "" && fault != nil {
		err = fault(ledger, err)
	}
	var e *data.Error
	if errors.As(err, &e) {
		return e.Message
	}
	id := fmt.Sprintf("%06X", rand.Uint32()&0xFFFFFF)
	path, lerr := writeLog(id, err)
	if path == "" {
		return fmt.Sprintf("内部错误（编号 %s）：%v", id, err)
	}
	if lerr != nil {
		return fmt.Sprintf("内部错误（编号 %s）：%v（未能写入日志文件 %s：%v）", id, err, path, lerr)
	}
	return fmt.Sprintf("内部错误（编号 %s），详细情况已记入日志文件 %s。请把编号和这个文件交给维护人员。", id, path)
}

// writeLog appends one line for the internal error err, numbered id, to
// the log, rotating it first if the line would take it past maxLog. It
// returns the log's path, "" if no ledger has been opened.
func writeLog(id string, err error) (string, error) {
	errorLog.Lock()
	defer errorLog.Unlock()
	path := errorLog.path
	if path == "" {
		return "", nil
	}
	line := fmt.Sprintf("%s 内部错误 %s: %v\n", time.Now().Format("2006-01-02 15:04:05"), id, err)
	if fi, serr := os.Stat(path); serr == nil && fi.Size()+int64(len(line)) > maxLog {
		if rerr := os.Rename(path, path+".1"); rerr != nil {
			return path, rerr
		}
	}
	f, oerr := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if oerr != nil {
		return path, oerr
	}
	if _, werr := f.WriteString(line); werr != nil {
		f.Close()
		return path, werr
	}
	return path, f.Close()
}
