package app

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"taizhang/data"
)

// DBName is the database file's name in the data folder.
const DBName = "taizhang.db"

// locationName is the file in the user's config folder (beside the default
// database) that names the data folder the clerk chose in 设置.
const locationName = "datadir.txt"

// movingName is the file in the config folder that names, while MoveTo
// copies the ledger, the folder it copies into and the ledger it copies:
// found at the next opening of that ledger, it marks a move that was
// interrupted (the program killed), whose unfinished copy is then removed
// (removeInterruptedMove).
const movingName = "datadir-moving.txt"

// configDir is the program's folder in the user's config folder.
func configDir() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "taizhang"), nil
}

// chosenDataDir is the data folder recorded by MoveTo, "" if none.
func chosenDataDir(config string) string {
	b, err := os.ReadFile(filepath.Join(config, locationName))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// InDefaultPlace reports whether the ledger is where the program looks
// when neither --db nor TAIZHANG_DB names a file: only then can 设置 move
// it to another data folder.
func (a *App) InDefaultPlace() bool {
	if os.Getenv(DBEnv) != "" {
		return false
	}
	p, err := DefaultDBPath()
	if err != nil {
		return false
	}
	want, err1 := filepath.Abs(p)
	got, err2 := filepath.Abs(a.DBPath())
	return err1 == nil && err2 == nil && want == got
}

// Moved is a ledger copied into a new data folder.
type Moved struct {
	Path string // the copy: taizhang.db in the new folder
	// Damaged names the evidence files damaged in the ledger already
	// (their content no longer matches their SHA-256), copied as they are.
	Damaged []string
}

// MoveTo copies the ledger into the folder dir as taizhang.db and makes dir
// the data folder that the program opens from its next start. The copy is
// a consistent backup (VACUUM INTO) verified like a backup before dir is
// recorded; the current file stays where it is, unchanged, and remains the
// open ledger until the program restarts. progress is as for BackupTo.
// Evidence damaged in the ledger does not stop the move (a failing disk is
// when a clerk moves the data away): it is copied as it is and named in
// Damaged, as a backup names it.
//
// It returns EINVALID for a folder that is not a full path, cannot be
// created, lacks space or cannot hold a file the ledger's size (a FAT32 USB
// stick: 4 GB; refused before anything is written), and ECONFLICT when dir already holds a
// taizhang.db or is the current data folder.
func (a *App) MoveTo(ctx context.Context, dir string, progress func(done, total int64)) (Moved, error) {
	dir = strings.TrimSpace(dir)
	if !filepath.IsAbs(dir) {
		return Moved{}, data.Errorf(data.EINVALID, "数据文件夹“%s”不是完整路径，请选择一个文件夹", dir)
	}
	dir = filepath.Clean(dir)
	dest := filepath.Join(dir, DBName)
	a.removeInterruptedMove()
	if cur, err := filepath.Abs(a.DBPath()); err == nil && filepath.Dir(cur) == dir {
		return Moved{}, data.Errorf(data.ECONFLICT, "数据库已经在文件夹 %s 中，无需更换", dir)
	}
	if _, err := os.Stat(dest); err == nil {
		return Moved{}, data.Errorf(data.ECONFLICT, "文件夹 %s 中已有一个台账数据库 %s，没有覆盖它。请另选一个文件夹，或先把那个文件移走。", dir, DBName)
	} else if !errors.Is(err, os.ErrNotExist) {
		return Moved{}, data.Errorf(data.EINVALID, "无法读取文件夹 %s：%v", dir, err)
	}
	need, err := a.db.BackupSize(ctx)
	if err != nil {
		return Moved{}, err
	}
	if err := a.checkFileLimit(dir, "数据库的副本", need); err != nil {
		return Moved{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Moved{}, data.Errorf(data.EINVALID, "无法创建数据文件夹 %s：%v。请另选一个文件夹。", dir, err)
	}
	marker, err := a.markMove(dir)
	if err != nil {
		return Moved{}, err
	}
	defer os.Remove(marker) // after the move is recorded, or its copy removed
	// The ledger will grow there: the margin of its own disk.
	if _, err := a.backupTo(ctx, dest, true, progress); err != nil {
		os.Remove(dest)
		return Moved{}, err
	}
	damaged, err := a.storage.VerifyCopy(ctx, dest, nil)
	if err != nil {
		os.Remove(dest)
		return Moved{}, err
	}
	config, err := configDir()
	if err == nil {
		err = os.MkdirAll(config, 0o755)
	}
	if err == nil {
		err = writeFile(filepath.Join(config, locationName), []byte(dir+"\n"))
	}
	if err != nil {
		os.Remove(dest)
		return Moved{}, data.Errorf(data.EINVALID, "无法记下新的数据文件夹：%s。数据库仍在 %s，没有更换。", ErrorMessage(err), a.DBPath())
	}
	return Moved{Path: dest, Damaged: damaged}, nil
}

// markMove writes the marker of a move of the ledger into dir (movingName)
// and returns its path.
func (a *App) markMove(dir string) (string, error) {
	src, err := filepath.Abs(a.DBPath())
	config, cerr := configDir()
	if err == nil {
		err = cerr
	}
	if err == nil {
		err = os.MkdirAll(config, 0o755)
	}
	marker := filepath.Join(config, movingName)
	if err == nil {
		err = writeFile(marker, []byte(dir+"\n"+src+"\n"))
	}
	if err != nil {
		return "", data.Errorf(data.EINVALID, "无法开始更换数据文件夹：%s。数据库仍在 %s，没有更换。", ErrorMessage(err), a.DBPath())
	}
	return marker, nil
}

// removeInterruptedMove removes what an interrupted move of this ledger
// (a marker of markMove naming it) left in the folder it was copying
// into: the copy, unless that folder was recorded as the data folder
// before the interruption, and the temporary files of its writing; then
// the marker. Holding the ledger, no move of it runs meanwhile. It returns
// what it removed.
func (a *App) removeInterruptedMove() Debris {
	var d Debris
	config, err := configDir()
	if err != nil {
		return d
	}
	marker := filepath.Join(config, movingName)
	b, err := os.ReadFile(marker)
	if err != nil {
		return d
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	src, err := filepath.Abs(a.DBPath())
	if err != nil || len(lines) != 2 || lines[1] != src || !filepath.IsAbs(lines[0]) {
		return d // another ledger's move, or not our marker
	}
	dir := lines[0]
	if chosenDataDir(config) != dir {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			d.remove(filepath.Join(dir, DBName+suffix))
		}
	}
	des, _ := os.ReadDir(dir)
	for _, de := range des {
		if de.Type().IsRegular() && debrisName.MatchString(de.Name()) {
			d.remove(filepath.Join(dir, de.Name()))
		}
	}
	os.Remove(marker)
	return d
}
