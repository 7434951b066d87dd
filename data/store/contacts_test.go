package store

import (
	"context"
	"strings"
	"testing"

	"taizhang/data"
)

// TestApplyReturnContacts keeps the contacts a return names in its import
// record, and refuses one too long to be a name or number.
func TestApplyReturnContacts(t *testing.T) {
	db := MustSeedDB(t)
	ctx := context.Background()
	in := desheng("xlsx bytes")
	in.Contacts = data.Contacts{Clerk: "张三", Phone: "010-66001234", Reviewer: "李四"}
	got, err := db.ApplyReturn(ctx, y23, in, clerk)
	if err != nil {
		t.Fatal(err)
	}
	if got.Contacts != in.Contacts {
		t.Errorf("record's contacts %+v", got.Contacts)
	}
	recs, err := db.ReturnImports(ctx, data.ReturnImportFilter{Unit: uDesheng})
	if err != nil || len(recs) != 1 || recs[0].Contacts != in.Contacts {
		t.Fatalf("stored records %+v, %v", recs, err)
	}
	before := snapshot(t, db)
	in = desheng("other bytes")
	in.Contacts.Phone = strings.Repeat("1", 300)
	_, err = db.ApplyReturn(ctx, y23, in, clerk)
	wantCode(t, err, data.EINVALID)
	wantMessage(t, err, "联系电话")
	wantUnchanged(t, db, before)
}
