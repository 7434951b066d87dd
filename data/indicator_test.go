package data_test

import (
	"math"
	"strings"
	"testing"

	"taizhang/data"
)

func TestParseTarget(t *testing.T) {
	for _, tc := range []struct {
		in        string
		value     float64 // -1: none
		qualifier string
		bad       bool
	}{
		{"31", 31, "", false},
		{"1.7", 1.7, "", false},
		{"12左右", 12, "左右", false},
		{"12 左右", 12, "左右", false},
		{" 90以上 ", 90, "以上", false},
		{"—", -1, "", false},
		{"", -1, "", false},
		{"-", -1, "", false},
		{"很多", 0, "", true},
		{"12左右吧", 0, "", true},
		{"-5", 0, "", true},
	} {
		v, q, err := data.ParseTarget(tc.in)
		switch {
		case tc.bad:
			if data.ErrorCode(err) != data.EINVALID {
				t.Errorf("ParseTarget(%q) error %v, want EINVALID", tc.in, err)
			}
		case err != nil:
			t.Errorf("ParseTarget(%q): %v", tc.in, err)
		case tc.value < 0 && v != nil, tc.value >= 0 && (v == nil || *v != tc.value), q != tc.qualifier:
			t.Errorf("ParseTarget(%q) = %v %q, want %v %q", tc.in, v, q, tc.value, tc.qualifier)
		}
	}
}

func TestYearToDateAndOnTrack(t *testing.T) {
	pm25, _ := data.IndicatorByKey("pm25")
	nox, _ := data.IndicatorByKey("nox_reduction")
	good, _ := data.IndicatorByKey("good_days_ratio")
	worst, _ := data.IndicatorByKey("water_worst_ratio")

	pmValues := map[data.Month]float64{"2023-01": 40, "2023-02": 30, "2023-04": 20, "2023-07": 99}
	// Mean of the months with a value up to April; March is missing and
	// does not count as zero; July is later.
	if v, n, ok := data.YearToDate(pm25, pmValues, "2023-04"); !ok || n != 3 || v != 30 {
		t.Errorf("PM2.5 YTD to April = %v over %d months (%v), want 30 over 3", v, n, ok)
	}
	if _, _, ok := data.YearToDate(pm25, map[data.Month]float64{"2023-05": 1}, "2023-04"); ok {
		t.Error("YTD with no month up to April is ok")
	}
	noxValues := map[data.Month]float64{"2023-01": 100, "2023-03": 150, "2023-06": 70}
	if v, n, ok := data.YearToDate(nox, noxValues, "2023-06"); !ok || n != 3 || v != 320 {
		t.Errorf("NOx YTD to June = %v over %d months, want sum 320 over 3", v, n)
	}
	if v, _, _ := data.YearToDate(nox, noxValues, "2023-05"); v != 250 {
		t.Errorf("NOx YTD to May = %v, want 250", v)
	}
	// Binary noise is rounded off: 0.1 + 0.2 meets a pro-rata 0.3.
	checks, _ := data.IndicatorByKey("diesel_checks")
	v, _, _ := data.YearToDate(checks, map[data.Month]float64{"2023-01": 0.1, "2023-02": 0.2}, "2023-02")
	if v != 0.3 || !data.OnTrack(checks, v, 1.8, "2023-02") {
		t.Errorf("路检 YTD = %v (on track %v), want 0.3 on track", v, data.OnTrack(checks, v, 1.8, "2023-02"))
	}

	for _, tc := range []struct {
		ind         data.Indicator
		ytd, target float64
		m           data.Month
		want        bool
	}{
		{pm25, 30, 30, "2023-06", true}, // lower is better: ≤ target
		{pm25, 30.1, 30, "2023-06", false},
		{worst, 0, 0, "2023-06", true},
		{worst, 1, 0, "2023-06", false},
		{good, 75, 75, "2023-06", true}, // higher is better: ≥ target
		{good, 74.9, 75, "2023-06", false},
		{nox, 320, 640, "2023-06", true}, // sums: ≥ 640 × 6/12
		{nox, 319, 640, "2023-06", false},
		{nox, 319, 640, "2023-05", true}, // 640 × 5/12 ≈ 266.7
		{nox, 639, 640, "2023-12", false},
	} {
		if got := data.OnTrack(tc.ind, tc.ytd, tc.target, tc.m); got != tc.want {
			t.Errorf("OnTrack(%s, %v, %v, %s) = %v, want %v", tc.ind.Key, tc.ytd, tc.target, tc.m, got, tc.want)
		}
	}
	if e := data.Expected(nox, 640, "2023-06"); e != 320 {
		t.Errorf("Expected NOx by June = %v, want 320", e)
	}
	if e := data.Expected(pm25, 31, "2023-06"); e != 31 {
		t.Errorf("Expected PM2.5 = %v, want 31", e)
	}
}

// TestIndicatorBounds: every indicator has an upper bound, so a year's sum
// stays finite; values and targets beyond it, or too large to be a float,
// are refused; nothing prints as Inf or NaN.
func TestIndicatorBounds(t *testing.T) {
	for _, ind := range data.Indicators {
		if ind.Max <= 0 {
			t.Errorf("%s (%s) has no upper bound", ind.Key, ind.Unit)
			continue
		}
		values := map[data.Month]float64{}
		for _, m := range data.PlanMonths(2023) {
			v, err := data.ParseActual(ind, data.District, m, data.FormatValue(ind.Max))
			if err != nil {
				t.Fatalf("%s at its bound: %v", ind.Key, err)
			}
			values[m] = v
		}
		if ytd, _, ok := data.YearToDate(ind, values, "2023-12"); !ok || math.IsInf(ytd, 0) || math.IsNaN(ytd) {
			t.Errorf("%s: a year at the bound sums to %v, %v", ind.Key, ytd, ok)
		}
		over := data.FormatValue(ind.Max * 1.01)
		if _, err := data.ParseActual(ind, data.District, "2023-06", over); data.ErrorCode(err) != data.EINVALID {
			t.Errorf("%s: %s accepted: %v", ind.Key, over, err)
		}
	}
	nox, _ := data.IndicatorByKey("nox_reduction")
	huge := "1" + strings.Repeat("0", 400)
	if _, err := data.ParseActual(nox, data.District, "2023-06", huge); data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), "吨") {
		t.Errorf("a 401-digit value: %v", err)
	}
	if _, err := data.ParseActual(nox, data.District, "2023-06", "180000000000000000000000000000"); data.ErrorCode(err) != data.EINVALID || !strings.Contains(err.Error(), "不合常理") {
		t.Errorf("1.8e29 吨: %v", err)
	}
	if _, _, err := data.ParseTarget(huge); data.ErrorCode(err) != data.EINVALID {
		t.Errorf("a 401-digit target: %v", err)
	}
	if ytd, _, ok := data.YearToDate(nox, map[data.Month]float64{"2023-01": math.MaxFloat64, "2023-02": math.MaxFloat64}, "2023-12"); ok {
		t.Errorf("an overflowing sum gave %v", ytd)
	}
	for _, v := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		if s := data.FormatValue(v); s != "—" {
			t.Errorf("data.FormatValue(%v) = %q", v, s)
		}
	}
}
