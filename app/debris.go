package app

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// debrisName matches the temporary files the program writes beside the
// ledger and in the backup folder while it works (store.Backup, Restore,
// KeepWAL, the writable probe, writeFile's of datadir.txt beside the
// default ledger); a file of that name left behind is from work that was
// interrupted.
var debrisName = regexp.MustCompile(`^\.taizhang-([0-9]+|backup-.+\.tmp|restore-.+\.db(-wal|-shm|\.lock)?|keep-.+\.tmp|probe-.+)(-journal)?$`)

// debrisAge is how old a temporary file must be to be removed: younger
// ones may belong to work still running on another ledger in the folder
// (a variable for the kill test, whose debris is seconds old).
var debrisAge = 15 * time.Minute

// Debris is what removeDebris removed at opening.
type Debris struct {
	Files int
	Bytes int64
}

// removeDebris removes the program's own temporary files (debrisName)
// older than debrisAge from the ledger's folder and its backup folders.
// Nothing else is touched, so a clerk's file is never removed.
func (a *App) removeDebris(ctx context.Context) Debris {
	dirs := []string{filepath.Dir(a.DBPath()), DefaultBackupDir(a.DBPath())}
	if s, err := a.BackupSettings(ctx); err == nil && s.Dir != dirs[1] {
		dirs = append(dirs, s.Dir)
	}
	var d Debris
	for _, dir := range dirs {
		des, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, de := range des {
			if !de.Type().IsRegular() || !debrisName.MatchString(de.Name()) {
				continue
			}
			fi, err := de.Info()
			if err != nil || a.now().Sub(fi.ModTime()) < debrisAge {
				continue
			}
			if os.Remove(filepath.Join(dir, de.Name())) == nil {
				d.Files++
				d.Bytes += fi.Size()
			}
		}
	}
	return d
}

// remove removes the file at path, if there is one, counting it.
func (d *Debris) remove(path string) {
	fi, err := os.Lstat(path)
	if err == nil && fi.Mode().IsRegular() && os.Remove(path) == nil {
		d.Files++
		d.Bytes += fi.Size()
	}
}

// Debris is what opening removed of temporary files left by interrupted
// work (a killed backup, restore or move of the data folder).
func (a *App) Debris() Debris { return a.debris }
