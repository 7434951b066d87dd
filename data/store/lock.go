package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/user"
	"time"

	"taizhang/data"
)

// errLocked is returned by tryLock when another open file holds the lock.
var errLocked = errors.New("lock held")

// Holder describes the program that holds a database open for writing. It
// is written into the lock file beside the database (<db>.lock) so that a
// second copy of the program can say who holds it.
type Holder struct {
	User     string    `json:"user"`
	Computer string    `json:"computer"`
	PID      int       `json:"pid"`
	Since    time.Time `json:"since"`
	// WALLeft, in the lock file of a ledger closed normally, is the
	// fingerprint (walPrint) of the -wal its closing could not merge into
	// the database file (a disk too full for the file to grow).
	WALLeft string `json:"wal_left,omitempty"`
}

// lockFile is the exclusive lock on <db>.lock that makes a process the
// database's only writer. The operating system releases it when the
// process ends, so a crashed program leaves no stale lock behind.
type lockFile struct {
	f    *os.File
	prev Holder // what the lock file held when the lock was taken
}

// LockPath is the lock file of the database at path.
func LockPath(path string) string { return path + ".lock" }

// acquireLock takes the exclusive lock on the database at path, or returns
// an ECONFLICT error naming the holder. The lock file is created if needed
// and never deleted: deleting it would let two processes lock two
// different files of the same name.
func acquireLock(path string) (*lockFile, error) { return acquireLockWait(path, 0, nil) }

// lockPoll is how often a waiting acquireLockWait tries the lock again.
const lockPoll = 100 * time.Millisecond

// acquireLockWait is acquireLock that, while another program holds the
// lock, tries again for up to wait, first calling waiting (if not nil)
// once with the holder, so that the caller can say it waits.
func acquireLockWait(path string, wait time.Duration, waiting func(held *data.HeldError)) (*lockFile, error) {
	f, err := os.OpenFile(LockPath(path), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "无法创建数据库的锁文件 %s：%v。请确认对该文件夹有写入权限。", LockPath(path), err)
	}
	deadline := time.Now().Add(wait)
	for {
		err = tryLock(f)
		if !errors.Is(err, errLocked) || !time.Now().Before(deadline) {
			break
		}
		if waiting != nil {
			waiting(heldError(path, readHolder(LockPath(path))))
			waiting = nil
		}
		time.Sleep(lockPoll)
	}
	if err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, heldError(path, readHolder(LockPath(path)))
		}
		return nil, fmt.Errorf("lock %s: %w", LockPath(path), err)
	}
	l := &lockFile{f: f, prev: readHolder(LockPath(path))}
	// On a full disk the holder's details cannot be written; the lock
	// holds without them (a second program is told of an unknown holder).
	if err := l.write(currentHolder()); err != nil && !noSpace(err) {
		l.release()
		return nil, fmt.Errorf("write lock file %s: %w", LockPath(path), err)
	}
	return l, nil
}

// write replaces the lock file's content with the holder's details.
func (l *lockFile) write(h Holder) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	if _, err := l.f.WriteAt(b, 0); err != nil {
		return err
	}
	return l.f.Sync()
}

// release empties the lock file and gives up the lock.
func (l *lockFile) release() error { return l.releaseLeaving("") }

// releaseLeaving is release that records in the lock file the fingerprint
// of a -wal left behind (Holder.WALLeft), if not "".
func (l *lockFile) releaseLeaving(walLeft string) error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	if walLeft != "" {
		if b, err := json.Marshal(Holder{WALLeft: walLeft}); err == nil {
			l.f.WriteAt(b, 0)
			l.f.Sync()
		}
	}
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	return err
}

// currentHolder describes this process.
func currentHolder() Holder {
	h := Holder{PID: os.Getpid(), Since: time.Now()}
	if u, err := user.Current(); err == nil {
		h.User = u.Username
		if u.Name != "" && u.Name != u.Username {
			h.User = u.Name + "（" + u.Username + "）"
		}
	}
	h.Computer, _ = os.Hostname()
	return h
}

// readHolder reads the holder's details from a lock file; the zero Holder
// when they cannot be read (the holder is still starting).
func readHolder(lockPath string) Holder {
	var h Holder
	b, err := os.ReadFile(lockPath)
	if err == nil {
		json.Unmarshal(b, &h)
	}
	return h
}

// heldError is the error for a database that another program holds.
func heldError(path string, h Holder) *data.HeldError {
	return &data.HeldError{Path: path, User: h.User, Computer: h.Computer, PID: h.PID, Since: h.Since}
}

// walPrint is the fingerprint of the -wal of the database at path: its
// size and its header's salts, which SQLite draws anew each time it starts
// the file over; "" when there is none or it is empty.
func walPrint(path string) string {
	f, err := os.Open(path + "-wal")
	if err != nil {
		return ""
	}
	defer f.Close()
	fi, err := f.Stat()
	head := make([]byte, 32)
	if err != nil || fi.Size() < int64(len(head)) {
		return ""
	}
	if _, err := f.ReadAt(head, 0); err != nil {
		return ""
	}
	return fmt.Sprintf("%d:%x", fi.Size(), head[16:24])
}
