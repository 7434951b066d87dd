package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"taizhang/data"
)

// wantNothingAttached fails if the ledger holds any evidence or audit row.
func wantNothingAttached(t *testing.T, a *App) {
	t.Helper()
	ctx := context.Background()
	es, err := a.ListEvidence(ctx, data.EvidenceFilter{WithRemoved: true})
	if err != nil || len(es) != 0 {
		t.Errorf("evidence after a refused file: %v, %v", es, err)
	}
	if rs, err := a.Audit(ctx, data.AuditFilter{}); err != nil || len(rs) != 0 {
		t.Errorf("audit rows after a refused file: %d, %v", len(rs), err)
	}
}

func TestAttachFile_RefusesFolder(t *testing.T) {
	a := mustOpen(t)
	dir := t.TempDir()
	_, err := a.AttachFile(context.Background(), crashUnit, crashMeasure, crashMonth, dir, "")
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "是一个文件夹") {
		t.Errorf("folder: %v", err)
	}
	wantNothingAttached(t, a)
}

func TestSteadyFile_Shrunk(t *testing.T) {
	path := filepath.Join(t.TempDir(), "纪要.pdf")
	if err := os.WriteFile(path, bytes.Repeat([]byte("x"), 1<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	// Cut short after opening, as when a copy is cancelled.
	if err := os.Truncate(path, 1000); err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(&steadyFile{f: f, path: path, size: st.Size()})
	if data.ErrorCode(err) != data.EINVALID || !strings.Contains(ErrorMessage(err), "读到 1000 字节时已经结束") {
		t.Errorf("shrunk file: %v", err)
	}
}

func TestAttachFile_StoredAsBytes(t *testing.T) {
	// Content that looks like a path or a script is kept as bytes, never
	// followed or run; the name keeps only the file's own name.
	ctx := context.Background()
	a := mustOpen(t)
	content := []byte("#!/bin/sh\nrm -rf /\n../../../etc/passwd\n=cmd|' /C calc'!A0\n")
	path := filepath.Join(t.TempDir(), "run.sh")
	os.WriteFile(path, content, 0o755)
	e, err := a.AttachFile(ctx, crashUnit, crashMeasure, crashMonth, path, "")
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "run.sh" {
		t.Errorf("stored name %q", e.Name)
	}
	out, err := a.ExtractEvidence(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, content) || filepath.Base(out) != "run.sh" {
		t.Errorf("extracted %s holds %q", out, got)
	}
}
