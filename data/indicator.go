package data

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// District is the area name of the whole district in the indicator tables;
// the other areas are the streets, by canonical unit name.
const District = "西城区"

// Audit actions of the indicators (AuditRecord.Action). Unit holds the area
// (a street or District).
const (
	// ActionTarget: a target changed. Field is "annex/key" (2-2/pm25);
	// Old and New are the target texts.
	ActionTarget = "target"
	// ActionIndicator: a monthly actual changed. Field is the indicator key,
	// Month the month; Old and New are the values, "" for none.
	ActionIndicator = "indicator"
)

// Direction says which way an indicator improves.
type Direction string

// The directions.
const (
	LowerBetter  Direction = "lower"  // PM2.5, 重污染天数比率, 劣V类水体比例
	HigherBetter Direction = "higher" // everything else
)

// Aggregation says how the monthly values of an indicator add up to the
// year-to-date figure.
type Aggregation string

// The aggregations.
const (
	// AggMean: the mean of the months reported so far (concentrations, ratios).
	AggMean Aggregation = "mean"
	// AggSum: the cumulative sum of the months so far (减排量, 路检, 一厂一策).
	AggSum Aggregation = "sum"
)

// Indicator is one indicator (指标) of the indicator annexes.
type Indicator struct {
	Key         string      // stable key: pm25, nox_reduction ...
	Name        string      // Chinese name: PM2.5年均浓度
	Unit        string      // unit of measure: 微克/立方米, %, 吨, 家, 万辆次
	Direction   Direction   //
	Aggregation Aggregation //
	Max         float64     // largest plausible monthly value, 0 for no bound
}

// Percent reports whether the indicator is a percentage.
func (i Indicator) Percent() bool { return i.Unit == "%" }

// The bounds of a month's value in the counted units, far above what the
// district reports (its 2023 targets for the year: 640 吨 NOx, 490 吨 VOCs,
// 1 家, 2.9 万辆次) and far below what would overflow a year's sum.
const (
	maxTonnes = 100000 // 吨
	maxPlants = 10000  // 家
	maxChecks = 1000   // 万辆次
)

// Indicators is the catalogue of the indicators of annexes 2-2 and 6, in
// display order. Every one is bounded: percentages by 100, PM2.5 by 1000
// 微克/立方米, the counted ones by maxTonnes, maxPlants and maxChecks.
var Indicators = []Indicator{
	{Key: "pm25", Name: "PM2.5年均浓度", Unit: "微克/立方米", Direction: LowerBetter, Aggregation: AggMean, Max: 1000},
	{Key: "heavy_pollution_ratio", Name: "重污染天数比率", Unit: "%", Direction: LowerBetter, Aggregation: AggMean, Max: 100},
	{Key: "good_days_ratio", Name: "优良天数比率", Unit: "%", Direction: HigherBetter, Aggregation: AggMean, Max: 100},
	{Key: "nox_reduction", Name: "NOx重点工程累计减排量", Unit: "吨", Direction: HigherBetter, Aggregation: AggSum, Max: maxTonnes},
	{Key: "voc_reduction", Name: "VOCs重点工程累计减排量", Unit: "吨", Direction: HigherBetter, Aggregation: AggSum, Max: maxTonnes},
	{Key: "voc_one_plant", Name: "VOCs“一厂一策”治理", Unit: "家", Direction: HigherBetter, Aggregation: AggSum, Max: maxPlants},
	{Key: "diesel_checks", Name: "重型柴油车和重型燃气车路检", Unit: "万辆次", Direction: HigherBetter, Aggregation: AggSum, Max: maxChecks},
	{Key: "co2_reduction", Name: "单位地区生产总值二氧化碳排放较2020年累计下降率", Unit: "%", Direction: HigherBetter, Aggregation: AggMean, Max: 100},
	{Key: "water_section_ok", Name: "断面水质达标率", Unit: "%", Direction: HigherBetter, Aggregation: AggMean, Max: 100},
	{Key: "water_good_ratio", Name: "优良水体比例", Unit: "%", Direction: HigherBetter, Aggregation: AggMean, Max: 100},
	{Key: "water_worst_ratio", Name: "劣V类水体比例", Unit: "%", Direction: LowerBetter, Aggregation: AggMean, Max: 100},
	{Key: "land_safe_use", Name: "重点建设用地安全利用率", Unit: "%", Direction: HigherBetter, Aggregation: AggMean, Max: 100},
}

// IndicatorByKey returns the indicator with the given key.
func IndicatorByKey(key string) (Indicator, bool) {
	key = strings.TrimSpace(key)
	for _, ind := range Indicators {
		if ind.Key == key {
			return ind, true
		}
	}
	return Indicator{}, false
}

// IndicatorKeys lists the keys of the catalogue in display order.
func IndicatorKeys() []string {
	keys := make([]string, len(Indicators))
	for i, ind := range Indicators {
		keys[i] = ind.Key
	}
	return keys
}

// ColumnIndicators maps a printed column header of an indicator table to
// the indicators it holds: one, three for 断面水质达标率 (达标率, 优良水体比例,
// 劣V类水体比例), none for the area column or an unknown header.
func ColumnIndicators(header string) []string {
	h := strings.ToUpper(strings.ReplaceAll(header, " ", ""))
	switch {
	case strings.Contains(h, "二氧化碳"):
		return []string{"co2_reduction"}
	case strings.Contains(h, "PM2.5"):
		return []string{"pm25"}
	case strings.Contains(h, "重污染天数"):
		return []string{"heavy_pollution_ratio"}
	case strings.Contains(h, "优良天数"):
		return []string{"good_days_ratio"}
	case strings.Contains(h, "断面水质达标率"):
		return []string{"water_section_ok", "water_good_ratio", "water_worst_ratio"}
	case strings.Contains(h, "安全利用率"):
		return []string{"land_safe_use"}
	case strings.Contains(h, "NOX"):
		return []string{"nox_reduction"}
	case strings.Contains(h, "VOCS") && strings.Contains(h, "一厂一策"):
		return []string{"voc_one_plant"}
	case strings.Contains(h, "VOCS") && strings.Contains(h, "减排"):
		return []string{"voc_reduction"}
	case strings.Contains(h, "路检"):
		return []string{"diesel_checks"}
	}
	return nil
}

// tripleCell splits a printed cell holding three targets, "100 (100, 0)".
var tripleCell = regexp.MustCompile(`^(.*?)\s*[（(]\s*(.*?)\s*[,，、]\s*(.*?)\s*[)）]$`)

// SplitCell returns the text of each of n indicators held by one printed
// cell: the cell itself for one, the three parts of "100 (100, 0)" for
// three. A cell that does not split ("—") gives its text to every one.
func SplitCell(cell string, n int) []string {
	cell = strings.TrimSpace(cell)
	out := make([]string, n)
	if n == 3 {
		if m := tripleCell.FindStringSubmatch(cell); m != nil {
			copy(out, m[1:])
			return out
		}
	}
	for i := range out {
		out[i] = cell
	}
	return out
}

// targetText reads a target as printed: a number with an optional
// qualifier (12左右, 12 左右, 90以上).
var targetText = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)\s*(左右|以上|以下|以内|及以上|及以下)?$`)

// noTarget lists the texts that mean "no target".
var noTarget = []string{"", "—", "——", "–", "-", "/", "无"}

// maxTarget bounds a target: twelve months of the largest monthly value.
const maxTarget = 12 * maxTonnes

// ParseTarget reads a target text: "—" (and "" or "-") is no target (nil);
// "12 左右" is 12 with qualifier 左右. Anything else is EINVALID.
func ParseTarget(s string) (value *float64, qualifier string, err error) {
	s = strings.TrimSpace(s)
	for _, none := range noTarget {
		if s == none {
			return nil, "", nil
		}
	}
	m := targetText.FindStringSubmatch(s)
	if m == nil {
		return nil, "", Errorf(EINVALID, "目标值“%s”无法识别，应写成数字（可带“左右”“以上”等），无目标时写“—”", s)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil || math.IsInf(v, 0) || v > maxTarget {
		return nil, "", Errorf(EINVALID, "目标值“%s”太大，不合常理，请核对", s)
	}
	return &v, m[2], nil
}

// numberText is what a monthly value may look like: digits with an
// optional sign and decimals; no exponent, no hex, no NaN.
var numberText = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$`)

// ParseActual reads a monthly value of ind for area and month m and checks
// it: a number, not negative, a percentage at most 100, PM2.5 at most 1000.
// Every error is EINVALID and names the indicator, the area, the month and
// the value as given.
func ParseActual(ind Indicator, area string, m Month, s string) (float64, error) {
	t := strings.TrimSpace(s)
	where := fmt.Sprintf("%s %s的%s", area, m.Label(), ind.Name)
	if !numberText.MatchString(t) {
		return 0, Errorf(EINVALID, "%s“%s”不是数字，请填写数字（单位：%s）", where, s, ind.Unit)
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, Errorf(EINVALID, "%s“%s”不是有效的数字（太大或无法识别），请填写数字（单位：%s）", where, s, ind.Unit)
	}
	switch {
	case v < 0:
		return 0, Errorf(EINVALID, "%s“%s”是负数，不能小于 0", where, s)
	case ind.Percent() && v > 100:
		return 0, Errorf(EINVALID, "%s“%s”超过 100%%，百分比不能大于 100", where, s)
	case ind.Max > 0 && v > ind.Max:
		return 0, Errorf(EINVALID, "%s“%s”超过 %s %s，数值不合常理，请核对", where, s, FormatValue(ind.Max), ind.Unit)
	}
	return v, nil
}

// FormatValue writes a value in the shortest form that reads back the same;
// a value that is not finite (never stored: see ParseActual) is "—".
func FormatValue(v float64) string {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return "—"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// monthNumber is the month of the year, 1 to 12 (0 for a malformed month).
func monthNumber(m Month) int {
	s := string(m)
	if len(s) != 7 {
		return 0
	}
	n, err := strconv.Atoi(s[5:])
	if err != nil {
		return 0
	}
	return n
}

// YearToDate aggregates the monthly values of ind up to and including
// month m of the same year: the mean of the months that have a value for
// AggMean (a month without a value is left out, not counted as zero), the
// sum for AggSum. n is the number of months with a value; ok is false when
// there is none. The figure is rounded to six decimals.
func YearToDate(ind Indicator, values map[Month]float64, m Month) (ytd float64, n int, ok bool) {
	year := string(m)[:min(4, len(m))]
	for month, v := range values {
		if len(month) != 7 || string(month)[:4] != year || month > m {
			continue
		}
		ytd += v
		n++
	}
	if n == 0 {
		return 0, 0, false
	}
	if ind.Aggregation == AggMean {
		ytd /= float64(n)
	}
	if math.IsInf(ytd, 0) || math.IsNaN(ytd) {
		return 0, 0, false // values stored before the bounds: no figure, not +Inf
	}
	// Round off binary noise (0.1 + 0.2), so that a sum that meets its
	// pro-rata target to the decimals entered counts as meeting it.
	return math.Round(ytd*1e6) / 1e6, n, true
}

// Expected is what the year-to-date figure of ind is held against as of
// month m: the target itself for means; for sums the target pro rata of the
// months elapsed, target × (month of the year)/12, so that 640 吨 a year
// expects 320 吨 by the end of June.
func Expected(ind Indicator, target float64, m Month) float64 {
	if ind.Aggregation == AggSum {
		return target * float64(monthNumber(m)) / 12
	}
	return target
}

// OnTrack reports whether the year-to-date figure of ind, as of month m,
// is on track against the annual target. Lower-better indicators are on
// track when ytd ≤ target, higher-better ones when ytd ≥ target; for sums
// the comparison is against the pro-rata target of Expected (cumulative
// sum ≥ target × months elapsed/12). A qualifier such as 左右 does not widen
// the comparison.
func OnTrack(ind Indicator, ytd, target float64, m Month) bool {
	want := Expected(ind, target, m)
	if ind.Direction == LowerBetter {
		return ytd <= want
	}
	return ytd >= want
}

// IndicatorTarget is one target of an indicator annex: an indicator for an
// area, as printed and as possibly edited since. A cell holding three
// targets ("100 (100, 0)") gives three IndicatorTargets with the same
// Printed text and their own part in Text.
type IndicatorTarget struct {
	Annex     string    // 2-2, 6
	Indicator string    // indicator key
	Area      string    // canonical street name, or District
	Column    string    // the printed column header
	Printed   string    // the printed cell, verbatim
	Text      string    // the target's text: its part of Printed, or the clerk's edit
	Value     *float64  // the number in Text; nil for "—" (no target)
	Qualifier string    // 左右, 以上 ... as written after the number
	Edited    bool      // a clerk changed Text
	SetBy     string    // who edited it, if Edited
	SetAt     time.Time // when, if Edited (UTC)
}

// IndicatorActual is the value of an indicator for an area in a month.
type IndicatorActual struct {
	Indicator string
	Area      string
	Month     Month
	Value     float64
	Clerk     string
	UpdatedAt time.Time // UTC
}

// IndicatorActualInput sets (or, with an empty Value, clears) a monthly
// value. Value is the text the clerk typed, checked by ParseActual.
type IndicatorActualInput struct {
	Indicator string // key
	Area      string // street (name or alias) or 西城区
	Month     Month
	Value     string
}
