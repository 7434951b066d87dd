package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestIndicatorTargetsJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	code, out, errOut := runCLI(t, db, "indicator", "targets", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var ts []targetOut
	if err := json.Unmarshal([]byte(out), &ts); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(ts) != 124 {
		t.Errorf("%d targets, want 124", len(ts))
	}
	found := 0
	for _, x := range ts {
		if x.Annex == "6" && x.Indicator == "co2_reduction" {
			found++
			if x.Printed != "12左右" || x.Value == nil || *x.Value != 12 || x.Qualifier != "左右" || x.Direction != "higher" || x.Unit != "%" {
				t.Errorf("CO2 target %+v", x)
			}
		}
		if x.Annex == "2-2" && x.Area == "白纸坊街道" && x.Indicator == "pm25" {
			found++
			if x.Text != "31" || x.Direction != "lower" || x.Unit != "微克/立方米" || x.Aggregation != "mean" {
				t.Errorf("白纸坊 PM2.5 target %+v", x)
			}
		}
	}
	if found != 2 {
		t.Errorf("found %d of the 2 checked targets", found)
	}
	for _, key := range []string{`"value": null`, `"printed": "100 (100, 0)"`, `"direction": "lower"`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	if code, out, _ := runCLI(t, db, "indicator", "targets", "--format", "text"); code != 0 || !strings.Contains(out, "越低越好") {
		t.Errorf("text targets exit %d:\n%s", code, out)
	}
}

func TestIndicatorSetAndShow(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, args := range [][]string{
		{"--area", "德胜街道", "--indicator", "pm25", "--month", "2023-01", "--value", "35"},
		{"--area", "德胜街道办事处", "--indicator", "pm25", "--month", "2023-02", "--value", "25"},
		{"--area", "西城区", "--indicator", "voc_reduction", "--month", "2023-06", "--value", "300"},
	} {
		code, out, errOut := runCLI(t, db, append([]string{"indicator", "set"}, args...)...)
		if code != 0 || !strings.Contains(out, "已保存") {
			t.Fatalf("set %v: exit %d: %s%s", args, code, out, errOut)
		}
	}

	// Bad values: exit 1, a Chinese message naming what was wrong, nothing stored.
	for _, tc := range []struct {
		args  []string
		words []string
	}{
		{[]string{"--area", "德胜街道", "--indicator", "pm25", "--month", "2023-03", "--value", "三十"}, []string{"德胜街道", "2023年3月", "PM2.5", "三十", "不是数字"}},
		{[]string{"--area", "西城区", "--indicator", "good_days_ratio", "--month", "2023-03", "--value", "180"}, []string{"西城区", "优良天数比率", "180", "100"}},
		{[]string{"--area", "西城区", "--indicator", "nox_reduction", "--month", "2023-03", "--value", "-4"}, []string{"负数"}},
	} {
		code, _, errOut := runCLI(t, db, append([]string{"indicator", "set"}, tc.args...)...)
		if code != exitError {
			t.Errorf("set %v: exit %d", tc.args, code)
		}
		for _, w := range tc.words {
			if !strings.Contains(errOut, w) {
				t.Errorf("set %v: message %q lacks %q", tc.args, errOut, w)
			}
		}
	}
	if code, _, errOut := runCLI(t, db, "indicator", "set", "--area", "德胜街道", "--indicator", "pm25", "--month", "2023-03"); code != exitUsage || !strings.Contains(errOut, "--value") {
		t.Errorf("set without --value: exit %d %s", code, errOut)
	}

	code, out, errOut := runCLI(t, db, "indicator", "show", "--month", "2023-06", "--format", "json")
	if code != 0 {
		t.Fatalf("show: exit %d: %s", code, errOut)
	}
	var v indicatorShowOut
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	var desheng, voc *indicatorRowOut
	withValues := 0
	for i, r := range v.Rows {
		if r.Months > 0 {
			withValues++
		}
		switch {
		case r.Indicator == "pm25" && r.Area == "德胜街道":
			desheng = &v.Rows[i]
		case r.Indicator == "voc_reduction" && r.Area == "西城区":
			voc = &v.Rows[i]
		}
	}
	if withValues != 2 || desheng == nil || voc == nil {
		t.Fatalf("%d rows with values; 德胜 %v, VOCs %v", withValues, desheng, voc)
	}
	if desheng.Value != nil || *desheng.YTD != 30 || desheng.Months != 2 || *desheng.OnTrack || *desheng.Target != 29 {
		t.Errorf("德胜 PM2.5 in June: %+v", *desheng)
	}
	// 300 吨 by June against 490 × 6/12 = 245: on track.
	if *voc.Value != 300 || *voc.YTD != 300 || *voc.Expected != 245 || !*voc.OnTrack || voc.Aggregation != "sum" {
		t.Errorf("VOCs in June: %+v", *voc)
	}

	code, out, _ = runCLI(t, db, "indicator", "show", "--month", "2023-06", "--format", "text")
	if code != 0 || !strings.Contains(out, "2023年6月指标情况") || !strings.Contains(out, "未达标") || !strings.Contains(out, "达标") {
		t.Errorf("text show exit %d:\n%s", code, out)
	}

	// Target edit, then the audit log shows both kinds of change.
	code, out, errOut = runCLI(t, db, "indicator", "target", "--annex", "2-2", "--area", "德胜街道", "--indicator", "pm25", "--value", "30")
	if code != 0 || !strings.Contains(out, "原文 29") {
		t.Fatalf("target: exit %d: %s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, db, "audit", "--format", "json")
	if code != 0 || strings.Count(out, `"action": "indicator"`) != 3 || strings.Count(out, `"action": "target"`) != 1 {
		t.Errorf("audit exit %d:\n%s", code, out)
	}
	// The audit log filtered by area (西城区 is no unit) and by indicator.
	for _, tc := range []struct {
		args        []string
		values, tgt int
	}{
		{[]string{"--unit", "西城区"}, 1, 0},
		{[]string{"--unit", "全区"}, 1, 0},
		{[]string{"--unit", "德胜街道"}, 2, 1},
		{[]string{"--indicator", "pm25"}, 2, 1},
		{[]string{"--unit", "西城区", "--indicator", "voc_reduction"}, 1, 0},
		{[]string{"--unit", "德胜街道", "--indicator", "voc_reduction"}, 0, 0},
	} {
		code, out, errOut := runCLI(t, db, append([]string{"audit", "--format", "json"}, tc.args...)...)
		if code != 0 || strings.Count(out, `"action": "indicator"`) != tc.values || strings.Count(out, `"action": "target"`) != tc.tgt {
			t.Errorf("audit %v: exit %d, want %d values and %d targets:\n%s%s", tc.args, code, tc.values, tc.tgt, out, errOut)
		}
	}
	code, _, errOut = runCLI(t, db, "audit", "--indicator", "pm10")
	if code == 0 || !strings.Contains(errOut, "没有指标“pm10”") || strings.Contains(errOut, "措施编号") {
		t.Errorf("audit --indicator pm10: exit %d: %s", code, errOut)
	}
}

func TestIndicatorImportCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	tpl := filepath.Join(t.TempDir(), "指标模板.xlsx")
	mustRun(t, db, "indicator", "import-template", "-o", tpl)
	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("PM2.5年均浓度", "G2", 33); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("PM2.5年均浓度", "H2", "很好"); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "坏.xlsx")
	if err := f.SaveAs(bad); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, db, "indicator", "import", bad)
	if code == 0 || !strings.Contains(errOut, "工作表“PM2.5年均浓度”第2行H列") {
		t.Errorf("bad value: exit %d: %s", code, errOut)
	}
	if err := f.SetCellValue("PM2.5年均浓度", "H2", ""); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(t.TempDir(), "好.xlsx")
	if err := f.SaveAs(good); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out := mustRun(t, db, "indicator", "import", good, "--dry-run")
	if !strings.Contains(out, "PM2.5年均浓度!G2  德胜街道 2023年6月 PM2.5年均浓度：（空） → 33") || !strings.Contains(out, "未写入") {
		t.Errorf("dry run:\n%s", out)
	}
	if audit := mustRun(t, db, "audit", "--indicator", "pm25"); strings.Contains(audit, "33") {
		t.Error("the dry run wrote")
	}
	if out := mustRun(t, db, "indicator", "import", good); !strings.Contains(out, "已导入 1 个数值") {
		t.Errorf("import:\n%s", out)
	}
}
