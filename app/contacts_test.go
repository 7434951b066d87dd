package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"taizhang/data"
	"taizhang/data/datatest"
	"taizhang/reports/returns"
)

// TestReturnContacts fills the contacts a template asks for, imports the
// return and finds them in the preview, the import record and the tracker.
func TestReturnContacts(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	path, _ := baseReturn(t, a)
	signed := filepath.Join(t.TempDir(), "signed.xlsx")
	datatest.EditWorkbook(t, path, signed, func(f *excelize.File) {
		for cell, v := range map[string]string{"D3": "张三", "I3": "010-66001234", "K3": "李四"} {
			if err := f.SetCellValue(returns.ReturnSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	})
	want := data.Contacts{Clerk: "张三", Phone: "010-66001234", Reviewer: "李四"}
	p := mustPrepare(t, a, signed, ImportTarget{})
	if p.Contacts != want {
		t.Fatalf("preview contacts %+v", p.Contacts)
	}
	if _, err := a.ApplyImport(ctx, p, false); err != nil {
		t.Fatal(err)
	}
	tr, err := a.ReturnTracker(ctx, june)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range tr.Units {
		if u.Unit == "德胜街道" {
			if u.Last == nil || u.Last.Contacts != want {
				t.Fatalf("tracker's last import %+v", u.Last)
			}
			return
		}
	}
	t.Fatal("德胜街道 not in the tracker")
}
