package ui

import (
	"context"
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"

	"taizhang/data"
)

// The custom renderers are compared with golden images in testdata: a
// change in how they draw fails here, and the image written to
// testdata/failed shows what they draw now. Look at it; if it is right,
// copy it over the golden one.

// assertRenders draws o alone on a canvas of size s in the program's theme
// and compares the picture with testdata/name.
func assertRenders(t *testing.T, name string, o fyne.CanvasObject, s fyne.Size) {
	t.Helper()
	test.ApplyTheme(t, NewTheme())
	c := software.NewCanvas()
	c.SetPadded(false)
	c.SetContent(o)
	c.Resize(s)
	test.AssertRendersToImage(t, name, c)
}

func float(v float64) *float64 { return &v }

func TestIndicatorChartImages(t *testing.T) {
	test.NewTempApp(t)
	t.Run("bars", func(t *testing.T) {
		// Five areas against their targets: 德胜 off target, 椿树 without a
		// value, 天桥 without a target.
		c := newIndicatorChart()
		c.set(chartData{
			title:   "各地区PM2.5年均浓度（截至2023年6月）",
			unit:    "微克/立方米",
			labels:  []string{"德胜", "什刹海", "椿树", "天桥", "西长安街"},
			values:  []*float64{float(31), float(27.5), nil, float(24), float(29)},
			targets: []*float64{float(29), float(30), float(30), nil, float(30)},
			off:     []bool{true, false, false, false, false},
		})
		assertRenders(t, "indicatorchart_bars.png", c, fyne.NewSize(520, 300))
	})
	t.Run("line", func(t *testing.T) {
		// Twelve months joined as a line, broken where a month has no
		// value; June off target; the target a dashed mark on each month.
		c := newIndicatorChart()
		d := chartData{title: "西城区PM2.5年均浓度（逐月累计）", unit: "微克/立方米", line: true}
		values := []*float64{float(40), float(36), float(33), nil, float(30), float(33), nil, nil, nil, nil, nil, nil}
		for i, v := range values {
			d.labels = append(d.labels, fmt.Sprintf("%d月", i+1))
			d.values = append(d.values, v)
			d.targets = append(d.targets, float(32))
			d.off = append(d.off, i == 5)
		}
		c.set(d)
		assertRenders(t, "indicatorchart_line.png", c, fyne.NewSize(520, 300))
	})
}

func TestProgressRowImage(t *testing.T) {
	w, a := newTestWindow(t)
	pickUnit(t, w, testUnit)
	selectMonth(t, w, testMonth)
	// The unit's first four measures: 已完成 (ticked), 滞后, 序时推进 and
	// none reported.
	ctx := context.Background()
	ids := []string{w.visible[0].Measure.ID, w.visible[1].Measure.ID, w.visible[2].Measure.ID}
	if _, err := a.Tick(ctx, testUnit, ids[0], testMonth, true); err != nil {
		t.Fatal(err)
	}
	for i, s := range []data.Status{data.StatusLate, data.StatusOnTrack} {
		if _, err := a.SetEntry(ctx, data.EntryInput{Unit: testUnit, MeasureID: ids[i+1], Month: testMonth, Status: &s}); err != nil {
			t.Fatal(err)
		}
	}
	w.reload()
	waitIdle(t, w)

	rows := container.NewVBox(newProgressHeader(w.cols))
	for i := range 4 {
		o := w.list.CreateItem()
		w.list.UpdateItem(i, o)
		rows.Add(o)
	}
	assertRenders(t, "progressrow.png", rows, fyne.NewSize(900, rows.MinSize().Height))
}
