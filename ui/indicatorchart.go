package ui

import (
	"image/color"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
)

// Colours of the indicator charts.
var (
	chartOnTrack  = color.NRGBA{R: 120, G: 160, B: 220, A: 255}
	chartOffTrack = color.NRGBA{R: 230, G: 110, B: 100, A: 255}
	chartTarget   = color.NRGBA{R: 250, G: 190, B: 60, A: 255}
	chartGrid     = color.NRGBA{R: 128, G: 128, B: 128, A: 80}
)

// chartData is what an indicator chart draws: a value per category (areas
// as bars, or months as a line) against a target per category.
type chartData struct {
	title   string
	unit    string     // the value axis' unit
	labels  []string   // the categories
	values  []*float64 // nil where there is no value
	targets []*float64 // each category's target, nil for none
	off     []bool     // the value misses its target
	line    bool       // join the values as a line instead of bars
}

// indicatorChart draws chartData with canvas primitives: the value axis
// with its unit and round ticks, the categories under it, the values as
// bars (red when off target) or a line, and the targets as a dashed line.
type indicatorChart struct {
	widget.BaseWidget
	data chartData
}

func newIndicatorChart() *indicatorChart {
	c := &indicatorChart{}
	c.ExtendBaseWidget(c)
	return c
}

// set replaces the chart's data. UI goroutine only.
func (c *indicatorChart) set(d chartData) {
	c.data = d
	c.Refresh()
}

// MinSize keeps the chart readable.
func (c *indicatorChart) MinSize() fyne.Size { return fyne.NewSize(420, 260) }

func (c *indicatorChart) CreateRenderer() fyne.WidgetRenderer {
	return &chartRenderer{c: c}
}

type chartRenderer struct {
	c       *indicatorChart
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *chartRenderer) Destroy() {}

func (r *chartRenderer) MinSize() fyne.Size { return r.c.MinSize() }

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *chartRenderer) Layout(s fyne.Size) {
	r.size = s
	r.objects = r.draw(s)
}

func (r *chartRenderer) Refresh() {
	r.objects = r.draw(r.size)
	canvas.Refresh(r.c)
}

// chartNumber prints a value with at most two decimals.
func chartNumber(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// text is a canvas text of size ts at x, y, centred on x when centre.
func text(s string, x, y, ts float32, c color.Color, centre bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = ts
	sz := t.MinSize()
	if centre {
		x -= sz.Width / 2
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(sz)
	return t
}

// draw lays the chart out in size s.
func (r *chartRenderer) draw(s fyne.Size) []fyne.CanvasObject {
	d := r.c.data
	fg := theme.Color(theme.ColorNameForeground)
	ts := theme.TextSize() * 0.85
	var out []fyne.CanvasObject
	out = append(out, text(d.title, s.Width/2, 0, theme.TextSize(), fg, true))
	const left, right, top, bottom = 56, 12, 44, 64
	plotW, plotH := s.Width-left-right, s.Height-top-bottom
	if plotW < 20 || plotH < 20 || len(d.labels) == 0 {
		return out
	}
	hi := 0.0
	for i := range d.labels {
		for _, v := range []*float64{d.values[i], d.targets[i]} {
			if v != nil {
				hi = max(hi, *v)
			}
		}
	}
	axisTop, step := app.AxisTop(hi * 1.1)
	y := func(v float64) float32 { return top + plotH - float32(v/axisTop)*plotH }
	out = append(out, text(d.unit, 4, top-22, ts, fg, false))
	for v := 0.0; v <= axisTop+step/2; v += step {
		l := canvas.NewLine(chartGrid)
		l.Position1, l.Position2 = fyne.NewPos(left, y(v)), fyne.NewPos(left+plotW, y(v))
		out = append(out, l, text(chartNumber(v), left-6-text(chartNumber(v), 0, 0, ts, fg, false).MinSize().Width, y(v)-ts*0.7, ts, fg, false))
	}
	axis := canvas.NewLine(fg)
	axis.Position1, axis.Position2 = fyne.NewPos(left, top), fyne.NewPos(left, top+plotH)
	base := canvas.NewLine(fg)
	base.Position1, base.Position2 = fyne.NewPos(left, top+plotH), fyne.NewPos(left+plotW, top+plotH)
	out = append(out, axis, base)

	slot := plotW / float32(len(d.labels))
	// Labels wider than their slot alternate between two lines.
	stagger := false
	for _, label := range d.labels {
		if text(label, 0, 0, ts, fg, false).MinSize().Width > slot-2 {
			stagger = true
		}
	}
	var prev *fyne.Position
	for i, label := range d.labels {
		cx := left + slot*(float32(i)+0.5)
		labelY := top + plotH + 2
		if stagger && i%2 == 1 {
			labelY += ts * 1.3
		}
		out = append(out, text(label, cx, labelY, ts, fg, true))
		if t := d.targets[i]; t != nil {
			half := slot * 0.45
			if d.line {
				half = slot * 0.5
			}
			// A dashed target mark across the category.
			for x := cx - half; x < cx+half; x += 6 {
				l := canvas.NewLine(chartTarget)
				l.StrokeWidth = 2.5
				l.Position1, l.Position2 = fyne.NewPos(x, y(*t)), fyne.NewPos(min(x+4, cx+half), y(*t))
				out = append(out, l)
			}
		}
		v := d.values[i]
		if v == nil {
			if !d.line {
				out = append(out, text("—", cx, top+plotH-ts*1.6, ts, fg, true))
			}
			prev = nil
			continue
		}
		col := chartOnTrack
		if d.off[i] {
			col = chartOffTrack
		}
		if d.line {
			p := fyne.NewPos(cx, y(*v))
			if prev != nil {
				l := canvas.NewLine(chartOnTrack)
				l.StrokeWidth = 2
				l.Position1, l.Position2 = *prev, p
				out = append(out, l)
			}
			dot := canvas.NewCircle(col)
			dot.Move(fyne.NewPos(p.X-4, p.Y-4))
			dot.Resize(fyne.NewSize(8, 8))
			out = append(out, dot)
			prev = &p
		} else {
			bw := slot * 0.6
			bar := canvas.NewRectangle(col)
			bar.Move(fyne.NewPos(cx-bw/2, y(*v)))
			bar.Resize(fyne.NewSize(bw, top+plotH-y(*v)))
			out = append(out, bar)
		}
		ly := y(*v)
		if t := d.targets[i]; t != nil && !d.line {
			ly = min(ly, y(*t))
		}
		out = append(out, text(chartNumber(*v), cx, ly-ts*1.5, ts, fg, true))
	}
	// Legend.
	lx, ly := float32(left), s.Height-ts*1.6
	for _, l := range []struct {
		c    color.Color
		name string
	}{{chartOnTrack, tr("达标")}, {chartOffTrack, tr("未达标")}, {chartTarget, tr("目标")}} {
		sw := canvas.NewRectangle(l.c)
		sw.Move(fyne.NewPos(lx, ly+2))
		sw.Resize(fyne.NewSize(14, 10))
		t := text(l.name, lx+18, ly-ts*0.2, ts, fg, false)
		out = append(out, sw, t)
		lx += 18 + t.MinSize().Width + 16
	}
	return out
}
