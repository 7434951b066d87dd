package store

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"taizhang/data"
)

// A database at schema version 1 (plan only) gains the progress tables and
// keeps its plan.
func TestMigration2_UpgradesVersion1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SeedPlan(ctx, testPlan()); err != nil {
		t.Fatal(err)
	}
	want, err := db.LoadPlan(ctx, y23)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var drops []string
	for _, table := range []string{"district_summaries", "return_imports", "settings", "entries", "blob_chunks", "evidence", "blobs", "closed_months", "due_overrides", "audit", "indicator_target_edits", "indicator_actuals", "measure_links"} {
		drops = append(drops, "DROP TABLE "+table)
	}
	rawExec(t, path, append(drops, "PRAGMA user_version = 1")...)

	db, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != len(migrations) {
		t.Errorf("SchemaVersion = %d, %v", v, err)
	}
	got, err := db.LoadPlan(ctx, y23)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("plan changed by the upgrade (%v)", err)
	}
	if _, err := db.SetEntry(ctx, y23, data.EntryInput{Unit: uWater, MeasureID: "2-1.14.1", Month: june, Status: ptr(data.StatusDone)}, clerk); err != nil {
		t.Errorf("SetEntry after upgrade: %v", err)
	}
}
