package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"taizhang/data"
)

func mustAddEvidence(t testing.TB, db *DB, in data.EvidenceInput, content string) data.Evidence {
	t.Helper()
	e, err := db.AddEvidence(context.Background(), y23, in, strings.NewReader(content), clerk)
	if err != nil {
		t.Fatalf("AddEvidence(%+v): %v", in, err)
	}
	return e
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// pattern returns n bytes that differ from chunk to chunk.
func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	x := uint32(seed) + 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func readBlob(t testing.TB, db *DB, sha string) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := db.WriteBlob(context.Background(), sha, &buf)
	if err != nil {
		t.Fatalf("WriteBlob(%s): %v", sha, err)
	}
	if n != int64(buf.Len()) {
		t.Errorf("WriteBlob returned %d, wrote %d", n, buf.Len())
	}
	return buf.Bytes()
}

func TestAddEvidence(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	content := pattern(2*chunkSize+12345, 1) // three chunks, the last one short
	in := data.EvidenceInput{Unit: "德胜街道", MeasureID: "2-1.14.3", Month: june, Name: " 巡查记录.pdf ", MIME: "application/pdf", Description: "6月巡查"}
	start := time.Now().UTC().Add(-time.Second)
	e, err := db.AddEvidence(ctx, y23, in, bytes.NewReader(content), clerk)
	if err != nil {
		t.Fatal(err)
	}
	want := data.Evidence{ID: e.ID, Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "巡查记录.pdf", Size: int64(len(content)),
		MIME: "application/pdf", SHA256: hashOf(content), Description: "6月巡查", AddedAt: e.AddedAt, AddedBy: clerk}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("AddEvidence returned %+v, want %+v", e, want)
	}
	if e.AddedAt.Before(start) || e.AddedAt.Location() != time.UTC || e.Removed() {
		t.Errorf("AddedAt %v, removed %v", e.AddedAt, e.Removed())
	}
	if got, err := db.EvidenceByID(ctx, e.ID); err != nil || !reflect.DeepEqual(got, e) {
		t.Errorf("EvidenceByID = %+v, %v", got, err)
	}
	if rows := rowCounts(t, db); rows["blob_chunks"] != 3 || rows["blobs"] != 1 {
		t.Errorf("rows %v", rows)
	}
	if got := readBlob(t, db, strings.ToUpper(e.SHA256)); !bytes.Equal(got, content) {
		t.Error("WriteBlob did not return the stored content")
	}

	// The same content again, under another name and unit: one blob, two
	// evidence rows. An empty MIME type is stored as octet-stream.
	e2, err := db.AddEvidence(ctx, y23, data.EvidenceInput{Unit: uXinjiekou, MeasureID: "2-1.14.3", Month: june, Name: "副本.pdf"}, bytes.NewReader(content), clerk)
	if err != nil {
		t.Fatal(err)
	}
	if e2.SHA256 != e.SHA256 || e2.ID == e.ID || e2.MIME != "application/octet-stream" || e2.Size != e.Size {
		t.Errorf("second add %+v", e2)
	}
	if rows := rowCounts(t, db); rows["blobs"] != 1 || rows["blob_chunks"] != 3 || rows["evidence"] != 2 {
		t.Errorf("after adding the same content twice: %v", rows)
	}
	// Different content, and an empty file, are blobs of their own.
	e3 := mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: july, Name: "b.txt"}, "其他内容")
	e4 := mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: july, Name: "empty.txt"}, "")
	if rows := rowCounts(t, db); rows["blobs"] != 3 || rows["evidence"] != 4 {
		t.Errorf("rows %v", rows)
	}
	if got := readBlob(t, db, e3.SHA256); string(got) != "其他内容" {
		t.Errorf("e3 content %q", got)
	}
	if got := readBlob(t, db, e4.SHA256); len(got) != 0 || e4.Size != 0 || e4.SHA256 != hashOf(nil) {
		t.Errorf("empty file: %q %+v", got, e4)
	}

	// Listing: printed order of measures, then directory order of units,
	// then month, then order of adding.
	list := func(f data.EvidenceFilter) []int64 {
		t.Helper()
		es, err := db.ListEvidence(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		ids := []int64{}
		for _, e := range es {
			ids = append(ids, e.ID)
		}
		return ids
	}
	if got, want := list(data.EvidenceFilter{}), []int64{e.ID, e3.ID, e4.ID, e2.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("all evidence %v, want %v", got, want)
	}
	if got, want := list(data.EvidenceFilter{Month: june, Unit: "新街口街道"}), []int64{e2.ID}; !reflect.DeepEqual(got, want) {
		t.Errorf("June, 新街口: %v, want %v", got, want)
	}
	if got := list(data.EvidenceFilter{MeasureID: "1.1.1"}); len(got) != 0 {
		t.Errorf("1.1.1: %v", got)
	}
	_, err = db.ListEvidence(ctx, data.EvidenceFilter{Unit: "区环保局"})
	wantCode(t, err, data.ENOTFOUND)

	// The audit log names the file and its hash.
	rs := mustAudit(t, db, data.AuditFilter{Unit: uXinjiekou})
	if len(rs) != 1 || rs[0].Action != data.ActionEvidenceAdd || rs[0].New != "副本.pdf ("+e.SHA256+")" || rs[0].Old != "" ||
		rs[0].EvidenceID != e2.ID || rs[0].Month != june || rs[0].MeasureID != "2-1.14.3" || rs[0].Field != data.FieldEvidence {
		t.Errorf("audit %+v", rs)
	}
}

func TestAddEvidence_Invalid(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "a.jpg"}, "原有")
	ok := data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "b.jpg"}
	with := func(f func(in *data.EvidenceInput)) data.EvidenceInput {
		in := ok
		f(&in)
		return in
	}
	content := pattern(chunkSize+10, 2)
	for _, tc := range []struct {
		name  string
		in    data.EvidenceInput
		r     io.Reader
		clerk string
		code  string
		want  []string
	}{
		{"unknown unit", with(func(in *data.EvidenceInput) { in.Unit = "区环保局" }), nil, clerk, data.ENOTFOUND, []string{"区环保局"}},
		{"unknown measure", with(func(in *data.EvidenceInput) { in.MeasureID = "1.9" }), nil, clerk, data.ENOTFOUND, []string{"1.9"}},
		{"month outside the year", with(func(in *data.EvidenceInput) { in.Month = "2022-12" }), nil, clerk, data.EINVALID, []string{"2022-12", "2023"}},
		{"unit not concerned", with(func(in *data.EvidenceInput) { in.MeasureID = "1.1.2" }), nil, clerk, data.EINVALID, []string{uDesheng, "1.1.2"}},
		{"no name", with(func(in *data.EvidenceInput) { in.Name = "  " }), nil, clerk, data.EINVALID, []string{"文件名"}},
		{"name too long", with(func(in *data.EvidenceInput) { in.Name = strings.Repeat("名", 256) }), nil, clerk, data.EINVALID, []string{"文件名"}},
		{"description too long", with(func(in *data.EvidenceInput) { in.Description = strings.Repeat("述", data.MaxText+1) }), nil, clerk, data.EINVALID,
			[]string{"b.jpg", "说明", "10000"}},
		{"no clerk", ok, nil, "", data.EINVALID, []string{"经办人"}},
		{"read fails after a chunk", ok, io.MultiReader(bytes.NewReader(content), iotest.ErrReader(errors.New("U 盘已拔出"))), clerk,
			data.EINVALID, []string{"b.jpg", "U 盘已拔出"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := snapshot(t, db)
			r := tc.r
			if r == nil {
				r = bytes.NewReader(content)
			}
			_, err := db.AddEvidence(ctx, y23, tc.in, r, tc.clerk)
			wantCode(t, err, tc.code)
			wantMessage(t, err, tc.want...)
			wantUnchanged(t, db, before)
		})
	}

	// A cancelled context stops the copy; nothing is written.
	before := snapshot(t, db)
	cctx, cancel := context.WithCancel(ctx)
	r := io.MultiReader(bytes.NewReader(content), readerFunc(func(p []byte) (int, error) {
		cancel()
		return copy(p, "more"), nil
	}), bytes.NewReader(content))
	if _, err := db.AddEvidence(cctx, y23, ok, r, clerk); err == nil {
		t.Error("cancelled add succeeded")
	}
	wantUnchanged(t, db, before)
}

type readerFunc func(p []byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestWriteBlob_Errors(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	content := pattern(chunkSize+100, 3)
	e, err := db.AddEvidence(ctx, y23, data.EvidenceInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Name: "a.bin"}, bytes.NewReader(content), clerk)
	if err != nil {
		t.Fatal(err)
	}

	_, err = db.WriteBlob(ctx, strings.Repeat("0", 64), io.Discard)
	wantCode(t, err, data.ENOTFOUND)
	_, err = db.WriteBlob(ctx, "xyz", io.Discard)
	wantCode(t, err, data.EINVALID)

	// A writer that fails: its error is returned.
	_, err = db.WriteBlob(ctx, e.SHA256, failingWriter{})
	if err == nil || !strings.Contains(err.Error(), "磁盘已满") {
		t.Errorf("failing writer: %v", err)
	}

	// One byte changed in the second chunk: the hash no longer matches.
	if _, err := db.db.Exec("UPDATE blob_chunks SET data = substr(data, 1, 10) || x'00' || substr(data, 12) WHERE seq = 1"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	_, err = db.WriteBlob(ctx, e.SHA256, &buf)
	wantCode(t, err, data.EINTERNAL)
	wantMessage(t, err, "佐证材料已损坏", e.SHA256)

	// A chunk missing altogether.
	if _, err := db.db.Exec("DELETE FROM blob_chunks WHERE seq = 1"); err != nil {
		t.Fatal(err)
	}
	_, err = db.WriteBlob(ctx, e.SHA256, io.Discard)
	wantCode(t, err, data.EINTERNAL)
	wantMessage(t, err, "佐证材料已损坏")
}

type failingWriter struct{}

func (failingWriter) Write(p []byte) (int, error) { return 0, errors.New("磁盘已满") }

func TestRemoveEvidence(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	e := mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "会议纪要.docx"}, "纪要")
	keep := mustAddEvidence(t, db, data.EvidenceInput{Unit: uDesheng, MeasureID: "2-1.14.3", Month: june, Name: "照片.jpg"}, "照片")

	if err := db.RemoveEvidence(ctx, e.ID, "李四"); err != nil {
		t.Fatal(err)
	}
	es, err := db.ListEvidence(ctx, data.EvidenceFilter{Month: june})
	if err != nil || len(es) != 1 || es[0].ID != keep.ID {
		t.Errorf("after removal: %+v, %v", es, err)
	}
	es, err = db.ListEvidence(ctx, data.EvidenceFilter{Month: june, WithRemoved: true})
	if err != nil || len(es) != 2 || es[0].ID != e.ID || !es[0].Removed() || es[0].RemovedBy != "李四" || es[0].RemovedAt.Location() != time.UTC {
		t.Errorf("with removed: %+v, %v", es, err)
	}
	// The content stays readable.
	if got := readBlob(t, db, e.SHA256); string(got) != "纪要" {
		t.Errorf("content after removal %q", got)
	}
	rs := mustAudit(t, db, data.AuditFilter{Unit: uDesheng})
	if rs[0].Action != data.ActionEvidenceRemove || rs[0].Old != "会议纪要.docx ("+e.SHA256+")" || rs[0].New != "" ||
		rs[0].Clerk != "李四" || rs[0].EvidenceID != e.ID || rs[0].Month != june {
		t.Errorf("audit %+v", rs[0])
	}

	before := snapshot(t, db)
	err = db.RemoveEvidence(ctx, e.ID, clerk)
	wantCode(t, err, data.ECONFLICT)
	wantMessage(t, err, "会议纪要.docx", "李四")
	wantCode(t, db.SetEvidenceDescription(ctx, e.ID, "说明", clerk), data.ECONFLICT)
	wantCode(t, db.RemoveEvidence(ctx, 9999, clerk), data.ENOTFOUND)
	wantCode(t, db.RemoveEvidence(ctx, keep.ID, ""), data.EINVALID)
	_, err = db.EvidenceByID(ctx, 9999)
	wantCode(t, err, data.ENOTFOUND)
	wantUnchanged(t, db, before)

	// Nothing is lost: the rows cannot be deleted, even by hand.
	if _, err := db.db.Exec("DELETE FROM evidence WHERE id = ?", e.ID); err == nil {
		t.Error("an evidence row was deleted")
	}
	if _, err := db.db.Exec("DELETE FROM blobs"); err == nil {
		t.Error("a blob was deleted")
	}
	if _, err := db.db.Exec("DELETE FROM audit"); err == nil {
		t.Error("the audit log was deleted")
	}
	if _, err := db.db.Exec("UPDATE audit SET new = 'x'"); err == nil {
		t.Error("the audit log was changed")
	}
	wantUnchanged(t, db, before)
}

func TestSetEvidenceDescription(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	e := mustAddEvidence(t, db, data.EvidenceInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Name: "a.jpg", Description: "旧说明"}, "a")
	if err := db.SetEvidenceDescription(ctx, e.ID, "新说明", "李四"); err != nil {
		t.Fatal(err)
	}
	if got, err := db.EvidenceByID(ctx, e.ID); err != nil || got.Description != "新说明" {
		t.Errorf("description %q, %v", got.Description, err)
	}
	rs := mustAudit(t, db, data.AuditFilter{})
	if len(rs) != 2 || rs[0].Action != data.ActionEvidenceDescription || rs[0].Field != data.FieldDescription ||
		rs[0].Old != "旧说明" || rs[0].New != "新说明" || rs[0].EvidenceID != e.ID || rs[0].Clerk != "李四" {
		t.Errorf("audit %+v", rs)
	}
	before := snapshot(t, db)
	if err := db.SetEvidenceDescription(ctx, e.ID, "新说明", clerk); err != nil {
		t.Errorf("unchanged description: %v", err)
	}
	err := db.SetEvidenceDescription(ctx, e.ID, strings.Repeat("长", data.MaxText+1), clerk)
	wantCode(t, err, data.EINVALID)
	wantMessage(t, err, "a.jpg")
	wantCode(t, db.SetEvidenceDescription(ctx, 12345, "x", clerk), data.ENOTFOUND)
	wantUnchanged(t, db, before)
}
