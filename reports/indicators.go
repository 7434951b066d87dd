package reports

import (
	"fmt"
	"math"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// IndicatorSheet is the Excel sheet of the district report's indicator
// section.
const IndicatorSheet = "指标"

// Verdicts of an indicator figure as printed.
const (
	VerdictOnTrack   = "达标"
	VerdictOffTrack  = "未达标"
	VerdictNoTarget  = "无目标"
	VerdictNoReports = "未填报"
)

// IndicatorFixedText is the fixed text of the indicator section, for the
// glyph-coverage test.
const IndicatorFixedText = "指标完成情况（截至）各街道PM2.5累计平均浓度与目标西城区年度指标附件6" +
	"街道累计平均浓度目标填报月数是否达标指标单位年度目标累计值或均值序时目标" +
	"达标未达标无目标未填报微克/立方米目标线（各街道目标）三四—（）、：0123456789."

// Indicators is the district report's indicator section, as of the
// report's month.
type Indicators struct {
	AsOf     string       // 2023年6月
	PM25     []AreaFigure // each street's PM2.5 (annex 2-2), in printed order
	PM25Unit string       // 微克/立方米
	District []Figure     // the 西城区 row of annex 6, in printed order
}

// AreaFigure is one street's year-to-date figure against its target.
type AreaFigure struct {
	Area   string
	Figure Figure
}

// Figure is one indicator's year-to-date figure against its target.
type Figure struct {
	Name     string   // PM2.5年均浓度
	Unit     string   // 微克/立方米
	Target   string   // the target as printed (12左右, —)
	Value    *float64 // the target's number, nil for none
	YTD      *float64 // year-to-date mean or cumulative sum, nil before any value
	Expected *float64 // what YTD is held against (pro rata for sums), nil without a target
	Months   int      // months with a value
	OnTrack  *bool    // nil without a target or a value
}

// Verdict is the figure's 是否达标 as printed.
func (f Figure) Verdict() string {
	switch {
	case f.Value == nil:
		return VerdictNoTarget
	case f.YTD == nil:
		return VerdictNoReports
	case *f.OnTrack:
		return VerdictOnTrack
	}
	return VerdictOffTrack
}

// Off reports whether the figure misses its target.
func (f Figure) Off() bool { return f.OnTrack != nil && !*f.OnTrack }

// number prints a figure's value, "—" for none.
func number(v *float64) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatFloat(math.Round(*v*100)/100, 'f', -1, 64)
}

// AxisTop is a round top for a chart's value axis holding values up to v,
// with its step: 1, 2 or 5 times a power of ten, five or fewer steps.
func AxisTop(v float64) (top, step float64) {
	if v <= 0 {
		return 1, 0.2
	}
	raw := v / 5
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * p; step >= raw {
			break
		}
	}
	return math.Ceil(v/step) * step, step
}

// pm25Max is the largest YTD or target among the streets.
func (s *Indicators) pm25Max() float64 {
	hi := 0.0
	for _, a := range s.PM25 {
		for _, v := range []*float64{a.Figure.YTD, a.Figure.Value} {
			if v != nil {
				hi = max(hi, *v)
			}
		}
	}
	return hi
}

// indicators draws the indicator section of the district report on a new
// page: the streets' PM2.5 as a bar chart against each street's target
// beside its table, then the 西城区 row of annex 6.
func (w *pdfWriter) indicators(s *Indicators, no string) {
	p := w.pdf
	p.AddPage()
	// The indicator tables are fpdf cells: pad them like the other tables.
	p.SetCellMargin(cellPad)
	defer p.SetCellMargin(0)
	w.heading(fmt.Sprintf("%s、指标完成情况（截至%s）", no, s.AsOf), 100)
	w.setSize(10)
	p.CellFormat(w.textW, 6, "（一）各街道PM2.5累计平均浓度与目标（"+s.PM25Unit+"）", "", 1, "L", false, 0, "")
	top := p.GetY() + 1
	w.pm25Chart(s, w.left, top, w.textW-112, 84)
	w.pm25Table(s, w.left+w.textW-105, top)
	p.SetXY(w.left, top+88)
	w.districtTable(s)
}

// pm25Chart draws the streets' PM2.5 bars in the box x, y, wd × ht: a bar
// per street (red and cross-hatched when off target), each street's target
// as a dark mark across its bar, the value above the bar, the axis on the
// left.
func (w *pdfWriter) pm25Chart(s *Indicators, x, y, wd, ht float64) {
	p := w.pdf
	const axisW, labelH, legendH = 12.0, 10.0, 6.0
	x0, y0 := x+axisW, y+ht-labelH-legendH // the plot's bottom left
	plotW, plotH := wd-axisW, ht-labelH-legendH-4
	top, step := AxisTop(s.pm25Max() * 1.1)
	scale := plotH / top
	w.setSize(6.5)
	p.SetDrawColor(200, 200, 200)
	p.SetLineWidth(0.1)
	for v := 0.0; v <= top+step/2; v += step {
		yy := y0 - v*scale
		p.Line(x0, yy, x0+plotW, yy)
		p.SetXY(x, yy-2)
		p.CellFormat(axisW-1, 4, strconv.FormatFloat(v, 'f', -1, 64), "", 0, "R", false, 0, "")
	}
	p.SetDrawColor(0, 0, 0)
	p.SetLineWidth(0.2)
	p.Line(x0, y0, x0+plotW, y0)
	p.Line(x0, y0, x0, y0-plotH)
	n := max(1, len(s.PM25))
	slot := plotW / float64(n)
	barW := slot * 0.6
	for i, a := range s.PM25 {
		bx := x0 + slot*float64(i) + (slot-barW)/2
		f := a.Figure
		labelY := y0
		if f.YTD != nil {
			h := *f.YTD * scale
			if f.Off() {
				p.SetFillColor(230, 110, 100)
			} else {
				p.SetFillColor(120, 160, 220)
			}
			p.Rect(bx, y0-h, barW, h, "F")
			if f.Off() { // cross-hatched: it reads in black and white too
				w.hatch(bx, y0-h, barW, h, patternCross)
			}
			labelY = y0 - h
		}
		if f.Value != nil {
			ty := y0 - *f.Value*scale
			labelY = min(labelY, ty)
			p.SetDrawColor(40, 40, 40)
			p.SetLineWidth(0.6)
			p.Line(bx-1.5, ty, bx+barW+1.5, ty)
			p.SetLineWidth(0.2)
			p.SetDrawColor(0, 0, 0)
		}
		if f.YTD != nil {
			// The value above both the bar and the target mark.
			p.SetXY(bx-2, labelY-4.3)
			p.CellFormat(barW+4, 4, number(f.YTD), "", 0, "C", false, 0, "")
		}
		p.SetXY(x0+slot*float64(i), y0+0.5)
		name := []rune(a.Area)
		if len(name) > 3 && string(name[len(name)-2:]) == "街道" {
			name = name[:len(name)-2] // 德胜 under the bar; the table names it in full
		}
		p.CellFormat(slot, 4, string(name), "", 0, "C", false, 0, "")
	}
	// Legend.
	ly := y0 + labelH - 3
	lx := x0
	for _, l := range []struct {
		r, g, b int
		text    string
	}{{120, 160, 220, VerdictOnTrack}, {230, 110, 100, VerdictOffTrack}} {
		p.SetFillColor(l.r, l.g, l.b)
		p.Rect(lx, ly+1, 4, 3, "F")
		if l.text == VerdictOffTrack {
			w.hatch(lx, ly+1, 4, 3, patternCross)
		}
		p.SetXY(lx+5, ly)
		p.CellFormat(14, 5, l.text, "", 0, "L", false, 0, "")
		lx += 22
	}
	p.SetDrawColor(40, 40, 40)
	p.SetLineWidth(0.6)
	p.Line(lx, ly+2.5, lx+6, ly+2.5)
	p.SetLineWidth(0.2)
	p.SetDrawColor(0, 0, 0)
	p.SetXY(lx+7, ly)
	p.CellFormat(30, 5, "目标线（各街道目标）", "", 0, "L", false, 0, "")
}

// verdictFill fills a 是否达标 cell: red for off target.
func (w *pdfWriter) verdictFill(f Figure) bool {
	if f.Off() {
		w.pdf.SetFillColor(240, 170, 160)
		return true
	}
	return false
}

// pm25Table lists the streets' PM2.5 at x, y.
func (w *pdfWriter) pm25Table(s *Indicators, x, y float64) {
	p := w.pdf
	cols := []float64{30, 24, 16, 16, 19}
	w.setSize(8)
	p.SetFillColor(225, 232, 240)
	p.SetXY(x, y)
	for i, h := range []string{"街道", "累计平均浓度", "目标", "填报月数", "是否达标"} {
		p.CellFormat(cols[i], 5, h, "1", 0, "C", true, 0, "")
	}
	for i, a := range s.PM25 {
		p.SetXY(x, y+5*float64(i+1))
		f := a.Figure
		p.CellFormat(cols[0], 5, a.Area, "1", 0, "L", false, 0, "")
		p.CellFormat(cols[1], 5, number(f.YTD), "1", 0, "C", false, 0, "")
		p.CellFormat(cols[2], 5, f.Target, "1", 0, "C", false, 0, "")
		p.CellFormat(cols[3], 5, strconv.Itoa(f.Months), "1", 0, "C", false, 0, "")
		p.CellFormat(cols[4], 5, f.Verdict(), "1", 0, "C", w.verdictFill(f), 0, "")
	}
}

// districtTable lists the 西城区 row of annex 6.
func (w *pdfWriter) districtTable(s *Indicators) {
	p := w.pdf
	w.setSize(10)
	p.CellFormat(w.textW, 6, "（二）西城区年度指标（附件6）", "", 1, "L", false, 0, "")
	cols := w.widthsOf([]column{{share: 95}, {share: 28}, {share: 30}, {share: 36}, {share: 30}, {share: 24}, {share: 34}})
	header := func() {
		w.setSize(8)
		p.SetFillColor(225, 232, 240)
		for i, h := range []string{"指标", "单位", "年度目标", "累计值或均值", "序时目标", "填报月数", "是否达标"} {
			p.CellFormat(cols[i], 5.5, h, "1", 0, "C", true, 0, "")
		}
		p.Ln(-1)
	}
	w.ensure(5.5 * 3)
	header()
	for _, f := range s.District {
		if p.GetY()+5.5 > bottom {
			p.AddPage()
			header()
		}
		p.CellFormat(cols[0], 5.5, f.Name, "1", 0, "L", false, 0, "")
		p.CellFormat(cols[1], 5.5, f.Unit, "1", 0, "C", false, 0, "")
		p.CellFormat(cols[2], 5.5, f.Target, "1", 0, "C", false, 0, "")
		p.CellFormat(cols[3], 5.5, number(f.YTD), "1", 0, "C", false, 0, "")
		p.CellFormat(cols[4], 5.5, number(f.Expected), "1", 0, "C", false, 0, "")
		p.CellFormat(cols[5], 5.5, strconv.Itoa(f.Months), "1", 0, "C", false, 0, "")
		p.CellFormat(cols[6], 5.5, f.Verdict(), "1", 1, "C", w.verdictFill(f), 0, "")
	}
}

// indicators writes the sheet 指标: the streets' PM2.5, then the 西城区
// row of annex 6, off-target cells red, and under both tables the column
// chart of the streets against their targets, so that the sheet prints at
// full width.
func (x *xlsxWriter) indicators(m *Monthly) {
	s := m.Indicators
	const sh = IndicatorSheet
	if _, err := x.f.NewSheet(sh); err != nil {
		x.check(err)
		return
	}
	x.columns(sh, []float64{44, 14, 12, 14, 12, 10, 10})
	x.titleRows(sh, m, fmt.Sprintf("指标完成情况（截至%s）    %s", s.AsOf, m.Subtitle))
	x.put(sh, 3, xcell{v: "（一）各街道PM2.5累计平均浓度与目标（" + s.PM25Unit + "）", style: x.band2, span: 7})
	x.putRow(sh, 4, x.head, "街道", "累计平均浓度", "目标", "填报月数", "是否达标")
	r := 4
	for _, a := range s.PM25 {
		r++
		f := a.Figure
		st := x.center
		if f.Off() {
			st = x.off
		}
		x.put(sh, r, xcell{v: a.Area, style: x.center}, xcell{v: value(f.YTD), style: st}, xcell{v: value(f.Value), style: x.center},
			xcell{v: f.Months, style: x.center}, xcell{v: f.Verdict(), style: st})
	}
	first, last := 5, r
	r += 2
	x.put(sh, r, xcell{v: "（二）西城区年度指标（附件6）", style: x.band2, span: 7})
	r++
	x.putRow(sh, r, x.head, "指标", "单位", "年度目标", "累计值或均值", "序时目标", "填报月数", "是否达标")
	for _, f := range s.District {
		r++
		verdict := x.center
		if f.Off() {
			verdict = x.off
		}
		x.put(sh, r, xcell{v: f.Name, style: x.cell}, xcell{v: f.Unit, style: x.center}, xcell{v: f.Target, style: x.center},
			xcell{v: value(f.YTD), style: x.center}, xcell{v: value(f.Expected), style: x.center},
			xcell{v: f.Months, style: x.center}, xcell{v: f.Verdict(), style: verdict})
	}
	if len(s.PM25) > 0 {
		series := func(col string) excelize.ChartSeries {
			return excelize.ChartSeries{
				Name:       fmt.Sprintf("'%s'!$%s$4", sh, col),
				Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", sh, first, last),
				Values:     fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sh, col, first, col, last),
			}
		}
		bars := series("B")
		bars.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"78A0DC"}}
		target := series("C")
		target.Line = excelize.LineOptions{Width: 2}
		target.Marker = excelize.ChartMarker{Symbol: "dash", Size: 12}
		// 340 pixels are 255 points.
		r = x.chart(sh, r+2, 255, &excelize.Chart{
			Type:      excelize.Col,
			Series:    []excelize.ChartSeries{bars},
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各街道PM2.5累计平均浓度与目标（" + s.PM25Unit + "）"}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: 720, Height: 340},
		}, &excelize.Chart{Type: excelize.Line, Series: []excelize.ChartSeries{target}})
	}
	x.finish(sh, m, r, 0)
}

// value is a figure's number for a cell: the number, or "—" for none.
func value(v *float64) any {
	if v == nil {
		return "—"
	}
	return math.Round(*v*100) / 100
}
