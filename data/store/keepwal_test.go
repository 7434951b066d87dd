package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"taizhang/data"
)

// TestKeepWAL_CopyFails: a copy of the database and its -wal that cannot
// be put in place is an error, not a copy reported kept.
func TestKeepWAL_CopyFails(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "taizhang.db")
	if err := os.WriteFile(path, []byte("database"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+"-wal", []byte("wal"), 0o644); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "kept", "taizhang.db")
	// keep-wal is a folder with a file in it: the rename onto it fails.
	if err := os.MkdirAll(filepath.Join(keep+"-wal", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	kept, err := keepWAL(path, keep)
	if err == nil || kept {
		t.Fatalf("keepWAL = %v, %v; want an error", kept, err)
	}
	if code := data.ErrorCode(err); code != data.EINVALID {
		t.Errorf("error code %q, want EINVALID: %v", code, err)
	}
	if _, err := os.Stat(keep); !os.IsNotExist(err) {
		t.Errorf("the database was copied although its -wal was not: %v", err)
	}
}

// TestKeepWAL_Copies: both files are kept, byte for byte.
func TestKeepWAL_Copies(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "taizhang.db")
	if err := os.WriteFile(path, []byte("database"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+"-wal", []byte("wal"), 0o644); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "kept", "taizhang.db")
	kept, err := keepWAL(path, keep)
	if err != nil || !kept {
		t.Fatalf("keepWAL = %v, %v", kept, err)
	}
	for suffix, want := range map[string]string{"": "database", "-wal": "wal"} {
		b, err := os.ReadFile(keep + suffix)
		if err != nil || !bytes.Equal(b, []byte(want)) {
			t.Errorf("kept%s = %q, %v; want %q", suffix, b, err, want)
		}
	}
}

// TestKeepCopy_Unreadable: a database too damaged to be read whole is kept
// as its raw file (it stopped with VACUUM's error).
func TestKeepCopy_Unreadable(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "taizhang.db")
	junk := bytes.Repeat([]byte("not a database "), 512)
	if err := os.WriteFile(path, junk, 0o644); err != nil {
		t.Fatal(err)
	}
	keep := filepath.Join(dir, "taizhang.db.replaced")
	if err := keepCopy(context.Background(), path, keep); err != nil {
		t.Fatalf("keepCopy: %v", err)
	}
	if b, err := os.ReadFile(keep); err != nil || !bytes.Equal(b, junk) {
		t.Errorf("kept %d bytes, %v; want the %d bytes of the file", len(b), err, len(junk))
	}
}
