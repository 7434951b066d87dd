package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"taizhang/data"
	"taizhang/data/datatest"
)

// touchBackups creates empty automatic backups made at the given times.
func touchBackups(t *testing.T, dir string, times []time.Time) {
	t.Helper()
	os.MkdirAll(dir, 0o755)
	for _, tm := range times {
		if err := os.WriteFile(filepath.Join(dir, "taizhang-"+tm.Format(backupStamp)+".db"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	bs, err := listBackups(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range bs {
		out = append(out, b.Name)
	}
	return out
}

func TestRotation(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	dir := filepath.Join(t.TempDir(), "备份")
	if err := a.SetBackupSettings(ctx, BackupSettings{Dir: dir, Daily: 3, Monthly: 12}); err != nil {
		t.Fatal(err)
	}
	// Two backups a day (09:00 and 17:30) for 500 days up to 2024-03-10,
	// plus a backup kept before a restore and a file of the clerk's.
	end := time.Date(2024, 3, 10, 0, 0, 0, 0, time.Local)
	var times []time.Time
	for d := 0; d < 500; d++ {
		day := end.AddDate(0, 0, -d)
		times = append(times, day.Add(9*time.Hour), day.Add(17*time.Hour+30*time.Minute))
	}
	touchBackups(t, dir, times)
	os.WriteFile(filepath.Join(dir, "taizhang-20230101-080000-before-restore.db"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "笔记.txt"), []byte("x"), 0o644)

	// The clock says 2024-03-11 08:00: BackupNow adds one and rotates.
	a.now = func() time.Time { return end.Add(32 * time.Hour) }
	if due, err := a.BackupDue(ctx); err != nil || due {
		t.Errorf("BackupDue with a backup 14.5 hours old = %v, %v", due, err)
	}
	b, err := a.BackupNow(ctx, BackupAuto, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"taizhang-20240311-080000.db", // daily: the three newest days
		"taizhang-20240310-173000.db",
		"taizhang-20240309-173000.db",
		"taizhang-20240308-173000.db", // monthly: the newest of each month among the rest
		"taizhang-20240229-173000.db",
		"taizhang-20240131-173000.db",
		"taizhang-20231231-173000.db",
		"taizhang-20231130-173000.db",
		"taizhang-20231031-173000.db",
		"taizhang-20230930-173000.db",
		"taizhang-20230831-173000.db",
		"taizhang-20230731-173000.db",
		"taizhang-20230630-173000.db",
		"taizhang-20230531-173000.db",
		"taizhang-20230430-173000.db",
		"taizhang-20230101-080000-before-restore.db", // not rotated
	}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("kept after rotation:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if b.Name != want[0] || b.Size == 0 {
		t.Errorf("BackupNow = %+v", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "笔记.txt")); err != nil {
		t.Error("rotation touched a file that is not a backup")
	}

	a.now = func() time.Time { return end.Add(57 * time.Hour) }
	if due, err := a.BackupDue(ctx); err != nil || !due {
		t.Errorf("BackupDue with a backup 25 hours old = %v, %v", due, err)
	}
	sp, err := a.BackupSpace(ctx)
	if err != nil || sp.Used < b.Size || sp.Free == 0 {
		t.Errorf("BackupSpace = %+v, %v", sp, err)
	}
}

// TestManualBackups follows a clerk's day: the start-up backup, 立即备份,
// the exit backup; then the rotation of the following days.
func TestManualBackups(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	dir := filepath.Join(t.TempDir(), "备份")
	if err := a.SetBackupSettings(ctx, BackupSettings{Dir: dir, Daily: 1, Monthly: 0}); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 3, 11, 0, 0, 0, 0, time.Local)
	at := func(h int) { a.now = func() time.Time { return day.Add(time.Duration(h) * time.Hour) } }
	backup := func(kind BackupKind) BackupFile {
		t.Helper()
		b, err := a.BackupNow(ctx, kind, nil)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	at(8)
	backup(BackupAuto)
	at(10)
	manual := backup(BackupManual)
	if manual.Name != "taizhang-20240311-100000-manual.db" || manual.Kind != BackupManual {
		t.Errorf("立即备份 = %+v", manual)
	}
	// Two in one second are two files.
	again := backup(BackupManual)
	if again.Name != "taizhang-20240311-100000-2-manual.db" {
		t.Errorf("a second 立即备份 in the same second = %s", again.Name)
	}
	want := []string{"taizhang-20240311-100000-2-manual.db", "taizhang-20240311-100000-manual.db", "taizhang-20240311-080000.db"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("after 立即备份: %v, want %v", got, want)
	}
	// A manual backup does not stand in for the daily one.
	at(33)
	if due, err := a.BackupDue(ctx); err != nil || !due {
		t.Errorf("BackupDue the next morning = %v, %v", due, err)
	}
	at(17)
	backup(BackupAuto) // at exit: the start-up one of the same day rotates away
	for _, h := range []int{32, 56, 80} {
		at(h)
		backup(BackupAuto)
	}
	want = []string{"taizhang-20240314-080000.db", "taizhang-20240311-100000-2-manual.db", "taizhang-20240311-100000-manual.db"}
	if got := names(t, dir); !slices.Equal(got, want) {
		t.Errorf("three days later: %v, want %v", got, want)
	}
	bs, _ := listBackups(dir)
	for _, b := range bs {
		if wantKind := map[bool]BackupKind{true: BackupManual, false: BackupAuto}[strings.HasSuffix(b.Name, "-manual.db")]; b.Kind != wantKind {
			t.Errorf("%s listed as kind %d", b.Name, b.Kind)
		}
	}
}

func TestBackupSettings(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	s, err := a.BackupSettings(ctx)
	if err != nil || s != (BackupSettings{Dir: filepath.Join(filepath.Dir(a.DBPath()), "backups"), Daily: 3, Monthly: 12}) {
		t.Errorf("defaults: %+v, %v", s, err)
	}
	for _, bad := range []BackupSettings{
		{Dir: "relative", Daily: 3, Monthly: 12},
		{Dir: t.TempDir(), Daily: -1, Monthly: 12},
		{Dir: t.TempDir(), Daily: 0, Monthly: 0},
		{Dir: t.TempDir(), Daily: 3, Monthly: 101},
	} {
		if err := a.SetBackupSettings(ctx, bad); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("SetBackupSettings(%+v) = %v, want EINVALID", bad, err)
		}
	}
	good := BackupSettings{Dir: filepath.Join(t.TempDir(), "U盘"), Daily: 7, Monthly: 0}
	if err := a.SetBackupSettings(ctx, good); err != nil {
		t.Fatal(err)
	}
	if s, err := a.BackupSettings(ctx); err != nil || s != good {
		t.Errorf("after set: %+v, %v", s, err)
	}
}

func TestCheckSpace(t *testing.T) {
	if err := checkSpace("/x", 10<<20, 200<<20, true); err != nil {
		t.Errorf("enough space refused: %v", err)
	}
	if err := checkSpace("/mnt/u", 50<<20, 60<<20, false); err != nil {
		t.Errorf("enough space on another disk refused: %v", err)
	}
	if err := checkSpace("/mnt/u", 50<<20, 51<<20, false); data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), "放不下") {
		t.Errorf("too little space on another disk: %v", err)
	}
	err := checkSpace("/mnt/u", 50<<20, 120<<20, true)
	if data.ErrorCode(err) != data.EINVALID {
		t.Fatalf("too little space: %v", err)
	}
	for _, w := range []string{"/mnt/u", "120.0 MB", "50.0 MB", "100.0 MB", "没有备份"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q does not contain %q", err, w)
		}
	}
}

func TestChangedSinceBackup(t *testing.T) {
	ctx := context.Background()
	a := mustOpen(t)
	if ch, err := a.ChangedSinceBackup(ctx); err != nil || ch {
		t.Errorf("just opened: changed = %v, %v", ch, err)
	}
	if err := a.SetClerk(ctx, "王芳"); err != nil {
		t.Fatal(err)
	}
	if ch, _ := a.ChangedSinceBackup(ctx); !ch {
		t.Error("a write is not a change")
	}
	if _, err := a.BackupTo(ctx, filepath.Join(t.TempDir(), "b.db"), nil); err != nil {
		t.Fatal(err)
	}
	if ch, _ := a.ChangedSinceBackup(ctx); ch {
		t.Error("changed right after a backup")
	}
}

func TestRestoreFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.BackupNow(ctx, BackupAuto, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.SetClerk(ctx, "备份之后")
	// Held open: refused.
	if _, err := RestoreFile(ctx, testStorage, path, b.Path, nil); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("restore while open: %v", err)
	}
	a.Close()

	r, err := RestoreFile(ctx, testStorage, path, b.Path, nil)
	if err != nil {
		t.Fatal(err)
	}
	kept := r.Kept
	if filepath.Dir(kept) != DefaultBackupDir(path) || !strings.HasSuffix(kept, "-before-restore.db") {
		t.Errorf("kept as %s", kept)
	}
	if nb, ok := NewestBackup(path, ""); !ok || nb.Path != kept {
		t.Errorf("NewestBackup = %+v, %v; want the kept one", nb, ok)
	}
	a, err = Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.ClerkIsSet(ctx) {
		t.Error("restored ledger has the clerk set after the backup")
	}
}

func TestOpen_QuickCheckFails(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	// Garble the index pages: the schema still reads, the check does not pass.
	datatest.DamagePages(t, path, datatest.IndexPages...)
	_, err = Open(ctx, testStorage, path)
	if !data.IsDamaged(err) || !strings.Contains(ErrorMessage(err), "已损坏") {
		t.Fatalf("Open of a damaged ledger: %v", err)
	}
	problems, _, err := CheckFile(ctx, testStorage, path, true, nil)
	if err != nil || len(problems) == 0 {
		t.Errorf("CheckFile = %q, %v", problems, err)
	}
}

// TestRestoreFaults: two restores in one second keep two copies; a
// truncated newest backup (a crashed restore's) is skipped, named, and the
// good one recommended; a missing or empty ledger with backups beside it
// is not silently made new; a -wal left by a killed program is kept with
// its database before opening merges it.
func TestRestoreFaults(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "taizhang.db")
	a, err := Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	good, err := a.BackupNow(ctx, BackupAuto, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	r1, err1 := RestoreFile(ctx, testStorage, path, good.Path, nil)
	r2, err2 := RestoreFile(ctx, testStorage, path, good.Path, nil)
	if err1 != nil || err2 != nil || r1.Kept == "" || r1.Kept == r2.Kept {
		t.Fatalf("two restores: %+v %v, %+v %v; want two kept copies", r1, err1, r2, err2)
	}

	// The newest backup is a truncated kept copy.
	bad := filepath.Join(DefaultBackupDir(path), "taizhang-"+time.Now().Add(time.Hour).Format(backupStamp)+"-before-restore.db")
	whole, _ := os.ReadFile(good.Path)
	os.WriteFile(bad, whole[:len(whole)/3], 0o644)
	b, skipped, ok := GoodBackup(ctx, testStorage, path, "")
	if !ok || b.Path == bad || len(skipped) != 1 || !strings.Contains(skipped[0], filepath.Base(bad)) || !strings.Contains(skipped[0], "损坏") {
		t.Errorf("GoodBackup = %s, %q, %v; want the truncated one skipped and named", b.Path, skipped, ok)
	}

	// Missing, then empty, with backups beside: refused, not made new.
	os.Remove(path)
	err = CheckLedger(path)
	if !errors.Is(err, ErrLedgerMissing) || !strings.Contains(err.Error(), "不存在") {
		t.Errorf("CheckLedger of a missing ledger: %v", err)
	}
	os.WriteFile(path, nil, 0o644)
	if err := CheckLedger(path); !errors.Is(err, ErrLedgerMissing) || !strings.Contains(err.Error(), "空的") {
		t.Errorf("CheckLedger of an empty ledger: %v", err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 {
		t.Error("CheckLedger changed the empty file")
	}
	if err := CheckLedger(filepath.Join(t.TempDir(), "new.db")); err != nil {
		t.Errorf("CheckLedger of a new ledger without backups: %v", err)
	}
	// A zeroed header with backups beside: damaged, so restore is offered.
	os.WriteFile(path, make([]byte, 8192), 0o644)
	if _, err := Open(ctx, testStorage, path); !data.IsDamaged(err) {
		t.Errorf("Open of a zeroed ledger with backups: %v, want a damage error", err)
	}
	os.Remove(path)
	if _, err := RestoreFile(ctx, testStorage, path, good.Path, nil); err != nil {
		t.Fatal(err)
	}

	// A -wal left by a killed program: kept with its database first.
	a, err = Open(ctx, testStorage, path)
	if err != nil {
		t.Fatal(err)
	}
	a.SetClerk(ctx, "只在 WAL 中")
	crashed := filepath.Join(t.TempDir(), "taizhang.db")
	copyTo(t, path, crashed)
	copyTo(t, path+"-wal", crashed+"-wal")
	a.Close()
	a, err = Open(ctx, testStorage, crashed)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	kept := a.KeptWAL().Path
	if a.KeptWAL().SetAside {
		t.Error("the ledger's own -wal was set aside, not merged")
	}
	if filepath.Dir(kept) != DefaultBackupDir(crashed) || !strings.Contains(kept, "-before-wal") {
		t.Fatalf("KeptWAL = %q", kept)
	}
	for _, f := range []string{kept, kept + "-wal"} {
		if fi, err := os.Stat(f); err != nil || fi.Size() == 0 {
			t.Errorf("kept %s: %v", f, err)
		}
	}
	if !a.ClerkIsSet(ctx) {
		t.Error("the WAL's change was not merged on opening")
	}
}

func copyTo(t *testing.T, src, dest string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dest, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBackupPathAfterRotation: when rotation has removed the first backup
// of a second and kept a later one, the next backup of that second is
// numbered after it, so it sorts as the newest and rotation keeps it.
func TestBackupPathAfterRotation(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2026, 12, 1, 9, 7, 0, 0, time.Local)
	os.WriteFile(filepath.Join(dir, "taizhang-20261201-090700-2.db"), nil, 0o644)
	if got := filepath.Base(backupPath(dir, at, BackupAuto)); got != "taizhang-20261201-090700-3.db" {
		t.Errorf("backupPath = %s, want -3 after the kept -2", got)
	}
	if got := filepath.Base(backupPath(dir, at.Add(time.Second), BackupManual)); got != "taizhang-20261201-090701-manual.db" {
		t.Errorf("backupPath of the next second = %s", got)
	}
}
