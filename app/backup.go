package app

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"taizhang/data"
)

// Settings keys of the backups.
const (
	SettingBackupDir     = "backup.dir"     // the backup folder; default DefaultBackupDir
	SettingBackupDaily   = "backup.daily"   // how many daily backups rotation keeps
	SettingBackupMonthly = "backup.monthly" // how many monthly backups rotation keeps
)

// Rotation defaults and limits.
const (
	DefaultDaily   = 3
	DefaultMonthly = 12
	maxKept        = 100
)

// backupMargin is the free space a backup must leave on its disk.
const backupMargin = 100 << 20

// backupName matches the backups the program makes, named by the local
// time and their kind: taizhang-YYYYMMDD-HHMMSS.db (automatic, rotated),
// taizhang-YYYYMMDD-HHMMSS-manual.db (立即备份) and
// taizhang-YYYYMMDD-HHMMSS-before-restore.db (kept by a restore) and
// taizhang-YYYYMMDD-HHMMSS-before-wal.db (kept with its -wal at opening);
// a second backup within the same second gets -2, -3, … after the time.
var backupName = regexp.MustCompile(`^taizhang-(\d{8}-\d{6})(?:-(\d+))?(-manual|-before-restore|-before-wal)?\.db$`)

// BackupKind says who made a backup, and so whether rotation removes it.
type BackupKind int

// The kinds of backups.
const (
	BackupAuto          BackupKind = iota // at start, at exit, or by the command line's backup: rotated
	BackupManual                          // made by the clerk with 立即备份: never rotated
	BackupBeforeRestore                   // the database a restore replaced: never rotated
	BackupBeforeWAL                       // the database and the -wal opening found beside it: pruned to the newest few
	BackupOther                           // a taizhang-*.db file the program did not name: never rotated
)

// backupSuffix is the end of a kind's file names, before ".db".
var backupSuffix = map[BackupKind]string{BackupAuto: "", BackupManual: "-manual", BackupBeforeRestore: "-before-restore", BackupBeforeWAL: "-before-wal"}

// backupPath is a new backup's file in dir for the time t: a name no other
// file has, so two backups are always two files, numbered after every
// backup of that second (of any kind), so that it sorts as the newest even
// when rotation has removed a lower number.
func backupPath(dir string, t time.Time, kind BackupKind) string {
	base := "taizhang-" + t.Format(backupStamp)
	n := 0
	if bs, err := listBackups(dir); err == nil {
		for _, b := range bs {
			if strings.HasPrefix(b.Name, base) && b.Time.Equal(t.Truncate(time.Second)) {
				n = max(n, b.seq)
			}
		}
	}
	for n++; ; n++ {
		name := base
		if n > 1 {
			name += "-" + strconv.Itoa(n)
		}
		path := filepath.Join(dir, name+backupSuffix[kind]+".db")
		if _, err := os.Lstat(path); os.IsNotExist(err) {
			return path
		}
	}
}

// backupStamp is the time layout in backup file names.
const backupStamp = "20060102-150405"

// BackupSettings are where backups go and how many rotation keeps.
type BackupSettings struct {
	Dir     string // the backup folder
	Daily   int    // the newest backup of each of the last Daily days
	Monthly int    // the newest backup of each of the last Monthly months before those
}

// BackupFile is a backup in the backup folder.
type BackupFile struct {
	Path string
	Name string
	Time time.Time // when it was made (from its name, else its modification time)
	Size int64
	Kind BackupKind
	seq  int // 2, 3, … for later backups within the same second
	// Damaged names the evidence files found damaged as the backup was
	// made (BackupTo, BackupNow only): copied as they are.
	Damaged []string
}

// BackupSpace is the space the backups take and the free space of the
// backup folder's disk.
type BackupSpace struct {
	Used int64
	Free uint64
}

// DefaultBackupDir is the backup folder unless the clerk chooses another:
// "backups" beside the database file.
func DefaultBackupDir(dbPath string) string {
	return filepath.Join(filepath.Dir(dbPath), "backups")
}

// BackupSettings returns the backup settings, with the defaults for those
// not set.
func (a *App) BackupSettings(ctx context.Context) (BackupSettings, error) {
	s := BackupSettings{Dir: DefaultBackupDir(a.DBPath()), Daily: DefaultDaily, Monthly: DefaultMonthly}
	dir, err := a.db.Setting(ctx, SettingBackupDir)
	if err != nil {
		return s, err
	}
	if dir != "" {
		s.Dir = dir
	}
	for key, n := range map[string]*int{SettingBackupDaily: &s.Daily, SettingBackupMonthly: &s.Monthly} {
		v, err := a.db.Setting(ctx, key)
		if err != nil {
			return s, err
		}
		if i, err := strconv.Atoi(v); err == nil {
			*n = i
		}
	}
	return s, nil
}

// SetBackupSettings stores the backup settings. The folder must be an
// absolute path and is created if needed; the counts run from 0 to 100 and
// at least one must be above 0. It returns EINVALID otherwise.
func (a *App) SetBackupSettings(ctx context.Context, s BackupSettings) error {
	s.Dir = strings.TrimSpace(s.Dir)
	if !filepath.IsAbs(s.Dir) {
		return data.Errorf(data.EINVALID, "备份文件夹“%s”不是完整路径，请选择一个文件夹", s.Dir)
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return data.Errorf(data.EINVALID, "无法创建备份文件夹 %s：%v", s.Dir, err)
	}
	if s.Daily < 0 || s.Daily > maxKept || s.Monthly < 0 || s.Monthly > maxKept || s.Daily+s.Monthly == 0 {
		return data.Errorf(data.EINVALID, "保留的备份份数应在 0 到 %d 之间，且每日和每月不能都为 0（现为每日 %d 份、每月 %d 份）", maxKept, s.Daily, s.Monthly)
	}
	dir := s.Dir
	if dir == DefaultBackupDir(a.DBPath()) {
		dir = ""
	}
	for key, v := range map[string]string{SettingBackupDir: dir, SettingBackupDaily: strconv.Itoa(s.Daily), SettingBackupMonthly: strconv.Itoa(s.Monthly)} {
		if err := a.db.SetSetting(ctx, key, v); err != nil {
			return err
		}
	}
	return nil
}

// Backups lists the backups in the backup folder (files named
// taizhang-*.db), newest first. A missing folder has none.
func (a *App) Backups(ctx context.Context) ([]BackupFile, error) {
	s, err := a.BackupSettings(ctx)
	if err != nil {
		return nil, err
	}
	return listBackups(s.Dir)
}

func listBackups(dir string) ([]BackupFile, error) {
	des, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "无法读取备份文件夹 %s：%v", dir, err)
	}
	var out []BackupFile
	for _, de := range des {
		name := de.Name()
		if de.IsDir() || !strings.HasPrefix(name, "taizhang-") || !strings.HasSuffix(name, ".db") {
			continue
		}
		fi, err := de.Info()
		if err != nil {
			continue
		}
		b := BackupFile{Path: filepath.Join(dir, name), Name: name, Time: fi.ModTime(), Size: fi.Size(), Kind: BackupOther}
		if m := backupName.FindStringSubmatch(name); m != nil {
			if t, err := time.ParseInLocation(backupStamp, m[1], time.Local); err == nil {
				b.Time, b.seq = t, atoiOr(m[2], 1)
				for k, suffix := range backupSuffix {
					if m[3] == suffix {
						b.Kind = k
					}
				}
			}
		}
		out = append(out, b)
	}
	slices.SortFunc(out, func(x, y BackupFile) int { return cmp.Or(y.Time.Compare(x.Time), y.seq-x.seq) })
	return out, nil
}

// atoiOr is the number s, or def if s is none.
func atoiOr(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return def
}

// BackupSpace returns the space the backups take and the free space on
// the backup folder's disk.
func (a *App) BackupSpace(ctx context.Context) (BackupSpace, error) {
	s, err := a.BackupSettings(ctx)
	if err != nil {
		return BackupSpace{}, err
	}
	bs, err := listBackups(s.Dir)
	if err != nil {
		return BackupSpace{}, err
	}
	var sp BackupSpace
	for _, b := range bs {
		sp.Used += b.Size
	}
	dir := s.Dir
	if _, err := os.Stat(dir); err != nil {
		dir = filepath.Dir(dir)
	}
	if sp.Free, err = a.storage.FreeSpace(dir); err != nil {
		return sp, data.Errorf(data.EINVALID, "无法读取备份文件夹 %s 所在磁盘的可用空间：%v", s.Dir, err)
	}
	return sp, nil
}

// BackupNow makes a backup of the kind (BackupAuto or BackupManual) into the
// backup folder, named by the time and the kind, and then rotates the
// folder's automatic backups; manual ones are never removed. progress is as
// for store.DB.Backup.
//
// It returns EINVALID if the folder cannot be written or the backup would
// leave less than 100 MB free on its disk, if that is the ledger's, or does
// not fit on another disk.
func (a *App) BackupNow(ctx context.Context, kind BackupKind, progress func(done, total int64)) (BackupFile, error) {
	s, err := a.BackupSettings(ctx)
	if err != nil {
		return BackupFile{}, err
	}
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
			return BackupFile{}, data.Errorf(data.EIO, "无法创建备份文件夹 %s：那里不允许写入（只读）。请在“备份与恢复”中换一个可写的备份文件夹（如U盘）再备份。", s.Dir)
		}
		return BackupFile{}, data.Errorf(data.EINVALID, "无法创建备份文件夹 %s：%v。请插入备份所用的U盘，或在“备份与恢复”中换一个备份文件夹。", s.Dir, err)
	}
	t := a.now()
	path := backupPath(s.Dir, t, kind)
	b, err := a.BackupTo(ctx, path, progress)
	if err != nil {
		return BackupFile{}, err
	}
	if err := rotate(s.Dir, s.Daily, s.Monthly); err != nil {
		return BackupFile{}, err
	}
	b.Time, b.Kind = t.Truncate(time.Second), kind
	return b, nil
}

// BackupTo writes a backup to the file dest (replacing it) and returns it
// (its size, and the damaged evidence files it holds as they are; see
// store.DB.Backup); it refuses, with EINVALID and before writing anything,
// a backup larger than the largest file dest's folder may hold (a FAT32 USB
// stick: 4 GB) or one that would leave less than 100 MB free on dest's disk,
// if that is the ledger's own, or that does not fit on another disk.
func (a *App) BackupTo(ctx context.Context, dest string, progress func(done, total int64)) (BackupFile, error) {
	return a.backupTo(ctx, dest, sameDisk(filepath.Dir(dest), a.DBPath()), progress)
}

// backupTo is BackupTo that leaves backupMargin free on dest's disk if
// margin is true (the ledger's own disk, or its disk to be).
func (a *App) backupTo(ctx context.Context, dest string, margin bool, progress func(done, total int64)) (BackupFile, error) {
	need, err := a.db.BackupSize(ctx)
	if err != nil {
		return BackupFile{}, err
	}
	dir := filepath.Dir(dest)
	if err := a.checkFileLimit(dir, "备份", need); err != nil {
		return BackupFile{}, err
	}
	free, err := a.storage.FreeSpace(dir)
	if err != nil {
		return BackupFile{}, data.Errorf(data.EINVALID, "无法写入备份文件夹 %s：%v", dir, err)
	}
	if err := checkSpace(dir, need, free, margin); err != nil {
		return BackupFile{}, err
	}
	mark, err := a.db.Changes(ctx)
	if err != nil {
		return BackupFile{}, err
	}
	res, err := a.db.Backup(ctx, dest, progress)
	if err != nil {
		return BackupFile{}, err
	}
	a.backedUp = mark
	return BackupFile{Path: dest, Name: filepath.Base(dest), Time: a.now().Truncate(time.Second), Size: res.Size, Damaged: res.Damaged}, nil
}

// checkSpace refuses a backup of need bytes into dir, whose disk has free
// bytes free: on the ledger's own disk (ownDisk) one that would leave less
// than backupMargin there, for the ledger to go on growing; on another
// disk (a USB stick, which it may fill) one that does not fit with a
// twentieth to spare.
func checkSpace(dir string, need int64, free uint64, ownDisk bool) error {
	if need < 0 {
		need = 0
	}
	if !ownDisk {
		if free < uint64(need+need/20) {
			return data.Errorf(data.EINVALID,
				"备份文件夹 %s 所在的磁盘只剩 %s 可用，备份约需 %s，放不下，本次没有备份。请清理该磁盘，或换一个空间更大的备份文件夹。",
				dir, FormatBytes(int64(free)), FormatBytes(need+need/20))
		}
		return nil
	}
	if free < uint64(need)+backupMargin {
		return data.Errorf(data.EINVALID,
			"备份文件夹 %s 所在的磁盘只剩 %s 可用，备份约需 %s，备份后将不足 %s。为免占满磁盘，本次没有备份。请清理该磁盘，或在“备份与恢复”中换一个备份文件夹（如U盘）。",
			dir, FormatBytes(int64(free)), FormatBytes(need), FormatBytes(backupMargin))
	}
	return nil
}

// rotate deletes the automatic backups in dir that the rotation does not
// keep.
func rotate(dir string, daily, monthly int) error {
	bs, err := listBackups(dir)
	if err != nil {
		return err
	}
	keep := kept(bs, daily, monthly)
	for _, b := range bs {
		if b.Kind == BackupAuto && !keep[b.Name] {
			if err := os.Remove(b.Path); err != nil {
				return data.Errorf(data.EINVALID, "无法删除过期的备份 %s：%v", b.Path, err)
			}
		}
	}
	return nil
}

// kept picks, from backups listed newest first, the automatic backups that
// rotation keeps: the newest of each of the last daily days that have one,
// then the newest of each of the last monthly months among the other days.
func kept(bs []BackupFile, daily, monthly int) map[string]bool {
	keep := map[string]bool{}
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	days, months := map[string]bool{}, map[string]bool{}
	for _, b := range bs {
		d := day(b.Time)
		if b.Kind != BackupAuto || days[d] {
			continue
		}
		if len(days) == daily {
			break
		}
		days[d], keep[b.Name] = true, true
	}
	for _, b := range bs {
		m := b.Time.Format("2006-01")
		if b.Kind != BackupAuto || days[day(b.Time)] || months[m] {
			continue
		}
		if len(months) == monthly {
			break
		}
		months[m], keep[b.Name] = true, true
	}
	return keep
}

// BackupDue reports whether the newest automatic backup in the backup
// folder is older than a day, or there is none: then the program makes one
// at start. Manual backups do not count: they stay out of the rotation.
// A read-only ledger, which nothing can change, is never due.
func (a *App) BackupDue(ctx context.Context) (bool, error) {
	if a.ReadOnly() {
		return false, nil
	}
	bs, err := a.Backups(ctx)
	if err != nil {
		return false, err
	}
	for _, b := range bs {
		if b.Kind == BackupAuto {
			return a.now().Sub(b.Time) > 24*time.Hour, nil
		}
	}
	return true, nil
}

// ChangedSinceBackup reports whether anything was written since the last
// backup this program made, or since it opened the ledger: then the
// program makes a backup at exit.
func (a *App) ChangedSinceBackup(ctx context.Context) (bool, error) {
	n, err := a.db.Changes(ctx)
	return n != a.backedUp, err
}

// Restored is what RestoreFile did.
type Restored struct {
	Kept    string   // the replaced ledger as kept in the backups folder, "" for a new ledger
	WAL     string   // the -wal file beside the backup that was folded in, "" if none
	Damaged []string // the backup's evidence files that could not be restored: damaged in it
}

// RestoreFile replaces the closed ledger at dbPath with the backup src,
// after checking it (store.Restore: the full check, its migrations and
// schema). The replaced database is kept in DefaultBackupDir as
// taizhang-…-before-restore.db (backupPath: a name no other file has).
// progress reports the evidence files checked. It returns ECONFLICT while
// a program holds the ledger and EINVALID for a backup that fails the
// checks or is larger than the largest file the ledger's folder may hold
// (a data folder on a FAT32 disk: 4 GB); the ledger is then unchanged.
func RestoreFile(ctx context.Context, st Storage, dbPath, src string, progress func(done, total int)) (Restored, error) {
	if fi, err := os.Stat(src); err == nil {
		if err := fileLimit(st, filepath.Dir(dbPath), "恢复时复制备份", fi.Size()); err != nil {
			return Restored{}, err
		}
	}
	dir := DefaultBackupDir(dbPath)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Restored{}, st.Fault(dir, data.Errorf(data.EINVALID, "无法创建备份文件夹 %s：%v", dir, err))
	}
	logBeside(st, dbPath)
	kept := backupPath(dir, time.Now(), BackupBeforeRestore)
	res, err := st.Restore(ctx, dbPath, src, kept, progress)
	if err != nil {
		return Restored{}, err
	}
	r := Restored{WAL: res.WAL, Damaged: res.Damaged}
	if _, err := os.Stat(kept); err == nil {
		r.Kept = kept
	}
	return r, nil
}

// NewestBackup is the newest backup of the ledger at dbPath in its default
// backup folder and in folder (the chosen one, "" if unknown), or false if
// there is none. It is not checked: see GoodBackup.
func NewestBackup(dbPath, folder string) (BackupFile, bool) {
	all := candidates(dbPath, folder)
	if len(all) == 0 {
		return BackupFile{}, false
	}
	return all[0], true
}

// candidates lists the backups of NewestBackup, newest first.
func candidates(dbPath, folder string) []BackupFile {
	var all []BackupFile
	for _, dir := range []string{DefaultBackupDir(dbPath), folder} {
		if dir == "" {
			continue
		}
		bs, _ := listBackups(dir)
		all = append(all, bs...)
	}
	slices.SortFunc(all, func(x, y BackupFile) int { return y.Time.Compare(x.Time) })
	return all
}

// GoodBackup is the newest backup, as for NewestBackup, that passes the
// check a restore makes (st.VerifyBackup): candidates are checked
// newest first. skipped says, for each newer one passed over, why. ok is
// false when none passes.
func GoodBackup(ctx context.Context, st Storage, dbPath, folder string) (b BackupFile, skipped []string, ok bool) {
	for _, c := range candidates(dbPath, folder) {
		if err := st.VerifyBackup(ctx, c.Path, nil); err != nil {
			skipped = append(skipped, c.Name+"："+ErrorMessage(err))
			continue
		}
		return c, skipped, true
	}
	return BackupFile{}, skipped, false
}

// FormatBytes shows a size for a clerk: 512 B, 3.2 KB, 41.0 MB, 1.25 GB.
func FormatBytes(n int64) string { return data.FormatBytes(n) }
