package store

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"taizhang/data"
	"taizhang/data/datatest"
)

// fillDisk writes a file into dir until its disk has about leave bytes free.
func fillDisk(t *testing.T, dir string, leave uint64) {
	t.Helper()
	free, err := FreeSpace(dir)
	if err != nil {
		t.Fatal(err)
	}
	if free <= leave {
		return
	}
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.CopyN(f, zeroes{}, int64(free-leave)); err != nil {
		t.Fatalf("fill the disk: %v", err)
	}
}

type zeroes struct{}

func (zeroes) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// names lists the files in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, de := range des {
		out = append(out, de.Name())
	}
	return out
}

// seedAt creates a seeded ledger at path with one evidence file and one
// entry, and returns it open.
func seedAt(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := db.SeedPlan(ctx, testPlan()); err != nil {
		t.Fatal(err)
	}
	mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "巡查.jpg"}, string(pattern(300<<10, 3)))
	p := "已完成巡查"
	if _, err := db.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: &p}, clerk); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestDiskFull fills the ledger's disk: attaching a file fails with a
// Chinese message naming the folder and the space, the ledger keeps what
// it had and stays readable and checkable, a backup to another disk still
// works, and no temporary file is left behind.
func TestDiskFull(t *testing.T) {
	dir := datatest.MountTmpfs(t, "40m")
	ctx := context.Background()
	path := filepath.Join(dir, "taizhang.db")
	db := seedAt(t, path)
	defer db.Close()
	fillDisk(t, dir, 1<<20)

	_, err := db.AddEvidence(ctx, y23, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "大图.jpg", Size: 6 << 20}, bytes.NewReader(pattern(6<<20, 4)), clerk)
	wantCode(t, err, data.EIO)
	if msg := err.Error(); !strings.Contains(msg, "磁盘空间不足") || !strings.Contains(msg, dir) || !strings.Contains(msg, "这次操作约需 12.6 MB") || !strings.Contains(msg, "腾出空间") {
		t.Errorf("disk full message: %s", msg)
	}
	p := "写满了也要记"
	_, err = db.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: data.Month("2023-07"), Progress: &p}, clerk)
	if err != nil && data.ErrorCode(err) != data.EIO {
		t.Errorf("a small write on a full disk: %v (code %s), want success or EIO", err, data.ErrorCode(err))
	}

	ev, err := db.ListEvidence(ctx, data.EvidenceFilter{})
	if err != nil || len(ev) != 1 || ev[0].Name != "巡查.jpg" {
		t.Fatalf("evidence after the failed attach: %+v, %v", ev, err)
	}
	if problems, err := db.FullCheck(ctx, nil); err != nil || problems != nil {
		t.Errorf("full check on a full disk: %v, %v", problems, err)
	}
	elsewhere := filepath.Join(t.TempDir(), "backup.db")
	if _, err := db.Backup(ctx, elsewhere, nil); err != nil {
		t.Errorf("backup to another disk: %v", err)
	} else if err := VerifyBackup(ctx, elsewhere, nil); err != nil {
		t.Errorf("the backup made from a full disk: %v", err)
	}
	_, err = db.Backup(ctx, filepath.Join(dir, "backup.db"), nil)
	wantCode(t, err, data.EIO)
	if msg := err.Error(); !strings.Contains(msg, "磁盘空间不足") || !strings.Contains(msg, "约需") {
		t.Errorf("backup on the full disk: %s", msg)
	}
	for _, n := range names(t, dir) {
		if !slices.Contains([]string{"taizhang.db", "taizhang.db-wal", "taizhang.db-shm", "taizhang.db.lock", "filler"}, n) {
			t.Errorf("left on the full disk: %s", n)
		}
	}
}

// TestReadOnlyFilesystem opens a ledger on a read-only filesystem: it
// opens read-only, reads, checks and backs up elsewhere, and a change is
// refused with a message that says so.
func TestReadOnlyFilesystem(t *testing.T) {
	dir := datatest.MountTmpfs(t, "40m")
	path := filepath.Join(dir, "taizhang.db")
	seedAt(t, path).Close()
	datatest.RemountReadOnly(t, dir)

	db, err := Open(path)
	if err != nil {
		t.Fatalf("open on a read-only filesystem: %v", err)
	}
	defer db.Close()
	if !db.ReadOnly() {
		t.Fatal("ReadOnly() = false on a read-only filesystem")
	}
	checkReadOnlyLedger(t, db, path)
}

// checkReadOnlyLedger asserts what a ledger opened read-only can and cannot do.
func checkReadOnlyLedger(t *testing.T, db *DB, path string) {
	t.Helper()
	ctx := context.Background()
	ev, err := db.ListEvidence(ctx, data.EvidenceFilter{})
	if err != nil || len(ev) != 1 {
		t.Fatalf("evidence read-only: %+v, %v", ev, err)
	}
	es, err := db.Entries(ctx, data.EntryFilter{})
	if err != nil || len(es) != 1 || es[0].Progress != "已完成巡查" {
		t.Fatalf("entries read-only: %+v, %v", es, err)
	}
	if problems, err := db.FullCheck(ctx, nil); err != nil || problems != nil {
		t.Errorf("full check read-only: %v, %v", problems, err)
	}
	p := "改不了"
	_, err = db.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: &p}, clerk)
	wantCode(t, err, data.EIO)
	if msg := err.Error(); !strings.Contains(msg, "只读") || !strings.Contains(msg, path) {
		t.Errorf("change on a read-only ledger: %s", msg)
	}
	wantCode(t, db.SetSetting(ctx, "clerk", "李四"), data.EIO)
	elsewhere := filepath.Join(t.TempDir(), "backup.db")
	if _, err := db.Backup(ctx, elsewhere, nil); err != nil {
		t.Errorf("backup of a read-only ledger: %v", err)
	} else if err := VerifyBackup(ctx, elsewhere, nil); err != nil {
		t.Errorf("the backup of a read-only ledger: %v", err)
	}
}

// readOnlyChildEnv names the ledger TestReadOnlyChild opens.
const readOnlyChildEnv = "TAIZHANG_READONLY_DB"

// TestReadOnlyChild is run by TestReadOnlyOtherUser as a user who may
// read the ledger but not write it or its folder.
func TestReadOnlyChild(t *testing.T) {
	path := os.Getenv(readOnlyChildEnv)
	if path == "" {
		t.Skip("run by TestReadOnlyOtherUser")
	}
	db, err := Open(path)
	if err != nil {
		t.Fatalf("open as another user: %v", err)
	}
	defer db.Close()
	if !db.ReadOnly() {
		t.Fatal("ReadOnly() = false for a ledger this user cannot write")
	}
	checkReadOnlyLedger(t, db, path)
}

// TestReadOnlyOtherUser runs TestReadOnlyChild as the user nobody on a
// ledger owned by root in a folder only root may write.
func TestReadOnlyOtherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to run a child as the user nobody")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("no setpriv to run a child as another user")
	}
	dir, err := os.MkdirTemp("", "taizhang-ro-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	path := filepath.Join(dir, "taizhang.db")
	seedAt(t, path).Close()
	bin := filepath.Join(dir, "store.test")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := copyFile(self, bin); err != nil {
		t.Fatal(err)
	}
	os.Chmod(bin, 0o755)
	before := names(t, dir)

	cmd := exec.Command(setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", bin, "-test.run=^TestReadOnlyChild$", "-test.v")
	cmd.Env = append(os.Environ(), readOnlyChildEnv+"="+path, "HOME="+os.TempDir(), "TMPDIR="+os.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestReadOnlyChild") {
		t.Fatalf("child as nobody: %v\n%s", err, out)
	}
	if after := names(t, dir); !slices.Equal(before, after) {
		t.Errorf("files before %v, after %v", before, after)
	}
}

// TestOpenOnFullDisk opens a ledger whose disk filled up while it was
// closed (SQLite cannot then make the WAL's shared-memory file): it opens
// read-only, reads, checks and backs up elsewhere, a change says the disk
// is full, and a second, read-only opening (a command that only reads)
// works too; so does an opening after a failed write left an empty -wal
// and a short -shm beside it.
func TestOpenOnFullDisk(t *testing.T) {
	dir := datatest.MountTmpfs(t, "40m")
	ctx := context.Background()
	path := filepath.Join(dir, "taizhang.db")
	seedAt(t, path).Close()
	datatest.FillDisk(t, dir)

	for _, leftover := range []bool{false, true} {
		if leftover {
			os.WriteFile(path+"-wal", nil, 0o644)
			os.WriteFile(path+"-shm", make([]byte, 100), 0o644) // as far as the full disk let it grow
		}
		db, err := Open(path)
		if err != nil {
			t.Fatalf("open on a full disk (leftover -wal %v): %v", leftover, err)
		}
		if !db.ReadOnly() {
			t.Fatal("ReadOnly() = false on a full disk")
		}
		checkReadOnlyLedger(t, db, path)
		p := "磁盘满了"
		_, err = db.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: &p}, clerk)
		if msg := err.Error(); !strings.Contains(msg, "磁盘空间不足") || !strings.Contains(msg, dir) {
			t.Errorf("change on a full disk: %s", msg)
		}
		if _, err := Open(path); data.ErrorCode(err) != data.ECONFLICT {
			t.Errorf("a second writer beside the read-only opening on a full disk: %v, want ECONFLICT", err)
		}
		db.Close()

		ro, err := OpenReadOnly(path)
		if err != nil {
			t.Fatalf("read-only opening on a full disk (leftover -wal %v): %v", leftover, err)
		}
		if es, err := ro.Entries(ctx, data.EntryFilter{}); err != nil || len(es) != 1 {
			t.Errorf("entries read-only on a full disk: %+v, %v", es, err)
		}
		ro.Close()
	}
	for _, n := range names(t, dir) {
		if !slices.Contains([]string{"taizhang.db", "taizhang.db-wal", "taizhang.db-shm", "taizhang.db.lock", "filler"}, n) {
			t.Errorf("left on the full disk: %s", n)
		}
	}
}

// TestRelativePath opens a ledger given by a path relative to the working
// folder (taizhang --db 台账.db) the ways that use a file: URI: read-only
// beside a writer, and with a -wal left beside it by a killed program.
// The URI once made the path absolute from the root ("/台账.db"), and
// both failed as a file that does not exist.
func TestRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	ctx := context.Background()
	db := seedAt(t, filepath.Join(dir, "taizhang.db"))
	defer db.Close()

	ro, err := OpenReadOnly("taizhang.db")
	if err != nil {
		t.Fatalf("read-only beside the writer, relative path: %v", err)
	}
	if es, err := ro.Entries(ctx, data.EntryFilter{}); err != nil || len(es) != 1 {
		t.Errorf("entries read beside the writer: %+v, %v", es, err)
	}
	ro.Close()

	// What a killed writer leaves: the database and its -wal.
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(filepath.Join(dir, "taizhang.db"+suffix))
		if err != nil || (suffix == "-wal" && len(b) == 0) {
			t.Fatalf("read %q: %d bytes, %v", suffix, len(b), err)
		}
		if err := os.WriteFile(filepath.Join(dir, "killed.db"+suffix), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	kdb, err := OpenWith("killed.db", Options{KeepWAL: filepath.Join("backups", "kept.db")})
	if err != nil {
		t.Fatalf("open with a stale -wal, relative path: %v", err)
	}
	defer kdb.Close()
	if es, err := kdb.Entries(ctx, data.EntryFilter{}); err != nil || len(es) != 1 || es[0].Progress != "已完成巡查" {
		t.Errorf("entries after merging the -wal: %+v, %v", es, err)
	}
	if !kdb.KeptWAL() {
		t.Error("the stale -wal was merged without a kept copy")
	}
}

// TestCheckNamesTable damages the entries, the audit log and an index of
// the entries: every check that finds it says, in Chinese, what the
// damaged part holds (SQLite says "Tree 89 page 102 cell 0: …", or only
// "database disk image is malformed").
func TestCheckNamesTable(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ tree, want string }{
		{"entries", "填报记录"},
		{"audit", "修改记录"},
		{"sqlite_autoindex_entries_1", "填报记录"},
	} {
		t.Run(tc.tree, func(t *testing.T) {
			path := closedSeededFile(t)
			damageRoot(t, path, tc.tree)
			db, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for name, check := range map[string]func(context.Context) ([]string, error){
				"HistoryCheck": db.HistoryCheck,
				"QuickCheck":   db.QuickCheck,
				"FullCheck":    func(ctx context.Context) ([]string, error) { return db.FullCheck(ctx, nil) },
			} {
				problems, err := check(ctx)
				if err != nil || len(problems) == 0 {
					t.Errorf("%s: %q, %v; want the damage found", name, problems, err)
				}
				for _, p := range problems {
					if !strings.HasPrefix(p, "数据库文件结构损坏") || !strings.Contains(p, tc.want) {
						t.Errorf("%s: %q does not say it is in the %s", name, p, tc.want)
					}
				}
			}
		})
	}
}

// TestReadDamagedIsDamage reads entries from a damaged page: the error,
// as the front ends map SQLite's errors (SQLiteFault, in app.ErrorMessage),
// is a damage error that says to restore a backup, not an internal error
// with "database disk image is malformed" in the log.
func TestReadDamagedIsDamage(t *testing.T) {
	ctx := context.Background()
	path := closedSeededFile(t)
	damageRoot(t, path, "entries")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.Entries(ctx, data.EntryFilter{})
	if err == nil {
		t.Fatal("entries read from a damaged page without an error")
	}
	err = SQLiteFault(path, err)
	if !data.IsDamaged(err) || !strings.Contains(err.Error(), "已损坏") || !strings.Contains(err.Error(), "从备份恢复") {
		t.Errorf("reading a damaged page: %v (damage %v)", err, data.IsDamaged(err))
	}
}

// TestOpenFullDiskWithWAL opens, on a full disk, a ledger whose last
// writes are still in its -wal (a program killed, or one whose closing
// could not copy the -wal into the full disk's database file): the copy
// of the pair that opening keeps first cannot be written, so it opens
// read-only with what the -wal holds, a change says the disk is full, and
// no half of the copy is left in the backups folder. It once failed to
// open at all, with "copy_file_range: no space left on device".
func TestOpenFullDiskWithWAL(t *testing.T) {
	ctx := context.Background()
	for _, room := range []string{"none, a -shm left", "for the -wal's copy", "none"} {
		t.Run(room, func(t *testing.T) {
			dir := datatest.MountTmpfs(t, "40m")
			src := seedAt(t, filepath.Join(dir, "src.db"))
			// The evidence in the database file, the last entry in the -wal.
			if _, err := src.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
				t.Fatal(err)
			}
			p := "七月也已完成"
			if _, err := src.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: data.Month("2023-07"), Progress: &p}, clerk); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "taizhang.db")
			var walSize int64
			suffixes := []string{"", "-wal"}
			if room == "none, a -shm left" {
				suffixes = append(suffixes, "-shm") // as a program leaves it that could not merge its -wal
			}
			for _, suffix := range suffixes {
				b, err := os.ReadFile(filepath.Join(dir, "src.db"+suffix))
				if err != nil || len(b) == 0 {
					t.Fatalf("read src.db%s: %d bytes, %v", suffix, len(b), err)
				}
				os.WriteFile(path+suffix, b, 0o644)
				if suffix == "-wal" {
					walSize = int64(len(b))
				}
			}
			src.Close()
			for _, suffix := range []string{"", "-wal", "-shm", ".lock"} {
				os.Remove(filepath.Join(dir, "src.db"+suffix))
			}
			keep := filepath.Join(dir, "backups", "kept.db")
			os.MkdirAll(filepath.Dir(keep), 0o755)
			leave := uint64(0)
			if room == "for the -wal's copy" {
				leave = uint64(walSize) + 64<<10
			}
			fillDisk(t, dir, leave)

			db, err := OpenWith(path, Options{KeepWAL: keep})
			if room == "none" {
				// Nowhere to make the -wal's shared memory: it cannot be read.
				if err == nil || !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "磁盘空间不足") {
					t.Errorf("open on a full disk with a -wal and no room for its -shm: %v", err)
				}
				if left := names(t, filepath.Dir(keep)); len(left) > 0 {
					t.Errorf("left in the backups folder: %q", left)
				}
				return
			}
			if err != nil {
				t.Fatalf("open on a full disk with a -wal: %v", err)
			}
			defer db.Close()
			if !db.ReadOnly() || db.KeptWAL() {
				t.Errorf("ReadOnly() = %v, KeptWAL() = %v; want read-only, nothing kept", db.ReadOnly(), db.KeptWAL())
			}
			es, err := db.Entries(ctx, data.EntryFilter{Month: "2023-07"})
			if err != nil || len(es) != 1 || es[0].Progress != "七月也已完成" {
				t.Errorf("the entry in the -wal: %+v, %v", es, err)
			}
			p = "磁盘满了"
			_, err = db.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Progress: &p}, clerk)
			if err == nil || !strings.Contains(err.Error(), "磁盘空间不足") {
				t.Errorf("change on a full disk: %v", err)
			}
			if left := names(t, filepath.Dir(keep)); len(left) > 0 {
				t.Errorf("left in the backups folder: %q", left)
			}
		})
	}
}

// TestCloseLeavesWAL closes a ledger whose -wal cannot be merged into its
// database file, the disk too full for the file to grow: the next opening
// knows the -wal for this ledger's own, closed normally, and keeps no copy
// of the pair (which it said was left by a program that did not exit
// normally, and which needed as much space again on the full disk).
func TestCloseLeavesWAL(t *testing.T) {
	ctx := context.Background()
	dir := datatest.MountTmpfs(t, "40m")
	path := filepath.Join(dir, "taizhang.db")
	db := seedAt(t, path)
	if _, err := db.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	fillDisk(t, dir, 1<<20)
	mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "纪要.pdf"}, string(pattern(600<<10, 5)))
	if err := db.Close(); err != nil {
		t.Logf("close: %v", err)
	}
	if fileSize(path+"-wal") == 0 {
		t.Skip("the -wal was merged at closing after all")
	}
	os.Remove(filepath.Join(dir, "filler")) // the clerk freed space
	keep := filepath.Join(dir, "backups", "kept.db")
	db, err := OpenWith(path, Options{KeepWAL: keep})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.KeptWAL() || db.ReadOnly() {
		t.Errorf("KeptWAL() = %v, ReadOnly() = %v: a copy was kept of the -wal this ledger's own closing left", db.KeptWAL(), db.ReadOnly())
	}
	if ev, err := db.ListEvidence(ctx, data.EvidenceFilter{}); err != nil || len(ev) != 2 {
		t.Errorf("evidence after reopening: %d, %v; want 2", len(ev), err)
	}
}

// TestBackupFolderReadOnly backs up into, and keeps a -wal's copy in, a
// folder that may not be written: the message says so in Chinese and what
// to do, not "open …: read-only file system" (or "permission denied").
func TestBackupFolderReadOnly(t *testing.T) {
	ctx := context.Background()
	ro := datatest.MountTmpfs(t, "2m")
	datatest.RemountReadOnly(t, ro)
	dir := t.TempDir()
	db := seedAt(t, filepath.Join(dir, "taizhang.db"))
	_, err := db.Backup(ctx, filepath.Join(ro, "备份.db"), nil)
	wantFolderReadOnly(t, "backup", err, ro)

	// A ledger with a -wal no program holds, its backups folder read-only.
	path := filepath.Join(dir, "copy.db")
	for _, suffix := range []string{"", "-wal"} {
		b, _ := os.ReadFile(filepath.Join(dir, "taizhang.db"+suffix))
		os.WriteFile(path+suffix, b, 0o644)
	}
	db.Close()
	_, err = OpenWith(path, Options{KeepWAL: filepath.Join(ro, "kept.db")})
	wantFolderReadOnly(t, "keeping the -wal's copy", err, ro)
}

func wantFolderReadOnly(t *testing.T, what string, err error, dir string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s in a read-only folder: no error", what)
	}
	msg := err.Error()
	if !strings.Contains(msg, "不允许写入") || !strings.Contains(msg, dir) || strings.Contains(msg, "read-only file system") || strings.Contains(msg, "permission denied") {
		t.Errorf("%s in a read-only folder: %s", what, msg)
	}
}

// TestDiskFullGivesSpaceBack fails a large attach on a nearly full disk:
// the space the failed write took in the -wal is given back at once (not
// at closing), so the message tells the space really free and a small
// write after it succeeds. The -wal once kept it, and the message said
// 只剩 0 B.
func TestDiskFullGivesSpaceBack(t *testing.T) {
	dir := datatest.MountTmpfs(t, "40m")
	ctx := context.Background()
	path := filepath.Join(dir, "taizhang.db")
	db := seedAt(t, path)
	defer db.Close()
	if _, err := db.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	fillDisk(t, dir, 2<<20)
	before, _ := FreeSpace(dir)

	_, err := db.AddEvidence(ctx, y23, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "大图.jpg", Size: 6 << 20}, bytes.NewReader(pattern(6<<20, 4)), clerk)
	wantCode(t, err, data.EIO)
	after, _ := FreeSpace(dir)
	if after+256<<10 < before {
		t.Errorf("free space %s before the failed attach, %s after it", data.FormatBytes(int64(before)), data.FormatBytes(int64(after)))
	}
	if msg := err.Error(); strings.Contains(msg, "只剩 0 B") {
		t.Errorf("disk full message: %s", msg)
	}
	p := "空间还够写这一条"
	if _, err := db.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: data.Month("2023-07"), Progress: &p}, clerk); err != nil {
		t.Errorf("a small write after the failed attach: %v", err)
	}
}

// TestForeignWAL opens a sound ledger with another ledger's -wal copied
// beside it: read with it, the ledger is damaged, and was called so
// ("已损坏 … 请从备份恢复", losing the work since that backup); now the
// pair is kept, the -wal removed instead of merged, the ledger opens with
// all it held, and WALSetAside says so.
func TestForeignWAL(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "taizhang.db")
	seedAt(t, path).Close()
	// Another ledger, of other contents, open with its writes in its -wal.
	other, err := Open(filepath.Join(dir, "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.SeedPlan(ctx, testPlan()); err != nil {
		t.Fatal(err)
	}
	if _, err := other.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	// Its pages lie otherwise: its entries first, then other evidence.
	for _, m := range []data.Month{"2023-03", "2023-04", "2023-05"} {
		p := strings.Repeat("另一个台账的进展", 200)
		if _, err := other.SetEntry(ctx, y23, data.EntryInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: m, Progress: &p}, clerk); err != nil {
			t.Fatal(err)
		}
	}
	mustAddEvidence(t, other, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "别人的.jpg"}, string(pattern(100<<10, 9)))
	wal, err := os.ReadFile(filepath.Join(dir, "other.db-wal"))
	if err != nil || len(wal) == 0 {
		t.Fatalf("the other ledger's -wal: %d bytes, %v", len(wal), err)
	}
	os.WriteFile(path+"-wal", wal, 0o644)

	keep := filepath.Join(dir, "backups", "kept.db")
	db, err := OpenWith(path, Options{KeepWAL: keep})
	if err != nil {
		t.Fatalf("open with another ledger's -wal: %v", err)
	}
	defer db.Close()
	if !db.KeptWAL() || !db.WALSetAside() {
		t.Errorf("KeptWAL() = %v, WALSetAside() = %v; want both", db.KeptWAL(), db.WALSetAside())
	}
	if b, err := os.ReadFile(keep + "-wal"); err != nil || !bytes.Equal(b, wal) {
		t.Errorf("the kept -wal: %d bytes, %v", len(b), err)
	}
	ev, err := db.ListEvidence(ctx, data.EvidenceFilter{})
	if err != nil || len(ev) != 1 || ev[0].Name != "巡查.jpg" {
		t.Errorf("evidence: %+v, %v; want the ledger's own", ev, err)
	}
	if problems, err := db.FullCheck(ctx, nil); err != nil || problems != nil {
		t.Errorf("full check: %q, %v", problems, err)
	}
}
