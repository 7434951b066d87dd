package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"taizhang/data"
)

// benchDB is a database holding TAIZHANG_BENCH_MB megabytes of evidence
// (default 256) in 16 MB files, made once per benchmark.
func benchDB(b *testing.B) (*DB, int64) {
	b.Helper()
	mb := 256
	if n, err := strconv.Atoi(os.Getenv("TAIZHANG_BENCH_MB")); err == nil && n > 0 {
		mb = n
	}
	db := MustSeedDB(b)
	const file = 16 << 20
	for i := range (mb + 15) / 16 {
		in := data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: fmt.Sprintf("录像%d.mp4", i)}
		if _, err := db.AddEvidence(context.Background(), y23, in, bytes.NewReader(pattern(file, byte(i))), clerk); err != nil {
			b.Fatal(err)
		}
	}
	size, err := db.BackupSize(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return db, size
}

// BenchmarkBackup measures a backup (VACUUM INTO, synced) of a database
// with large evidence; MB/s is of the database's size.
func BenchmarkBackup(b *testing.B) {
	db, size := benchDB(b)
	dest := filepath.Join(b.TempDir(), "backup.db")
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Backup(context.Background(), dest, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBackupReadBack measures the part of a backup that reads the
// copy back: quick_check and every evidence file against its SHA-256.
func BenchmarkBackupReadBack(b *testing.B) {
	db, size := benchDB(b)
	dest := filepath.Join(b.TempDir(), "backup.db")
	if _, err := db.Backup(context.Background(), dest, nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if damaged, err := checkWritten(context.Background(), dest, dest); err != nil || damaged != nil {
			b.Fatal(damaged, err)
		}
	}
}

// BenchmarkVerifyBackup measures the check a restore makes first:
// integrity_check and every blob's SHA-256.
func BenchmarkVerifyBackup(b *testing.B) {
	db, size := benchDB(b)
	dest := filepath.Join(b.TempDir(), "backup.db")
	if _, err := db.Backup(context.Background(), dest, nil); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if err := VerifyBackup(context.Background(), dest, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuickCheck measures the check every opening of the ledger runs.
func BenchmarkQuickCheck(b *testing.B) {
	db, size := benchDB(b)
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		if p, err := db.QuickCheck(context.Background()); err != nil || p != nil {
			b.Fatal(p, err)
		}
	}
}
