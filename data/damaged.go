package data

import (
	"errors"
	"fmt"
	"strings"
)

// damageError is the EINVALID error for a database file found damaged;
// IsDamaged tells it from other errors, so that a front end can offer to
// restore a backup.
type damageError struct {
	err      *Error
	Problems []string
}

func (e *damageError) Error() string { return e.err.Error() }

func (e *damageError) Unwrap() error { return e.err }

// Damaged is the error for the damaged database file at path: an EINVALID
// error that lists the problems and says how to restore a backup.
func Damaged(path string, problems []string) error {
	return &damageError{
		err: Errorf(EINVALID, "数据库文件 %s 已损坏（%s）。请从备份恢复：在“文件 → 备份与恢复”中选一个备份，或在命令行运行 taizhang restore 备份文件。",
			path, ListProblems(problems)),
		Problems: problems,
	}
}

// IsDamaged reports whether err says that the database file is damaged
// (from Open, or Damaged after QuickCheck found problems).
func IsDamaged(err error) bool {
	var d *damageError
	return errors.As(err, &d)
}

// ListProblems joins the first three problems, and says how many there are.
func ListProblems(problems []string) string {
	shown := problems
	if len(shown) > 3 {
		shown = append(shown[:3:3], fmt.Sprintf("等共 %d 处问题", len(problems)))
	}
	return strings.Join(shown, "；")
}

// DamageProblems returns the problems listed by a damage error, nil for
// any other error.
func DamageProblems(err error) []string {
	var d *damageError
	if errors.As(err, &d) {
		return d.Problems
	}
	return nil
}

// BackupResult is what a backup of the ledger wrote.
type BackupResult struct {
	Size int64
	// Damaged lists the evidence files whose content did not match their
	// SHA-256 when the backup was read back: damaged in the ledger itself,
	// copied as they are. The backup holds everything else whole.
	Damaged []string
}
