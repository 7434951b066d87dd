package store

import (
	"context"
	"testing"

	"taizhang/data"
)

func TestSettings(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	get := func(key string) string {
		t.Helper()
		v, err := db.Setting(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if v := get("clerk"); v != "" {
		t.Errorf("unset setting = %q", v)
	}
	for _, v := range []string{"张三", "李四"} {
		if err := db.SetSetting(ctx, "clerk", v); err != nil {
			t.Fatal(err)
		}
		if got := get("clerk"); got != v {
			t.Errorf("clerk = %q, want %q", got, v)
		}
	}
	if err := db.SetSetting(ctx, "my_unit", "德胜街道办事处"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSetting(ctx, "clerk", ""); err != nil {
		t.Fatal(err)
	}
	if get("clerk") != "" || get("my_unit") != "德胜街道办事处" {
		t.Errorf("after unsetting clerk: %q %q", get("clerk"), get("my_unit"))
	}
	wantCode(t, db.SetSetting(ctx, " ", "x"), data.EINVALID)
	// Settings are local preferences, not audited changes.
	if rows := rowCounts(t, db); rows["audit"] != 0 || rows["settings"] != 1 {
		t.Errorf("rows %v", rows)
	}
}
