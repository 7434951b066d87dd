package ui

import (
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// allKinds is the deadline select's label for "any deadline".
const allKinds = "全部时限"

// searchDelay is how long the search waits after the last keystroke.
const searchDelay = 300 * time.Millisecond

// filterBar is the row above the lists: plan year, month, unit, deadline
// kind, search text. Every change calls onChanged on the UI goroutine;
// typing is debounced.
type filterBar struct {
	unit   *unitPicker
	kind   *widget.Select
	year   *widget.Select // 年度: the plan whose measures the window shows, as 2023年
	month  *widget.Select // 填报月份, as 2023年6月
	close  *widget.Button // 关账 / 重新开启 of the selected month
	search *widget.Entry
	clear  *widget.Button

	content fyne.CanvasObject

	years     []int        // the years of the plans held, oldest first
	months    []data.Month // the selected plan year's months, in month's order
	onChanged func()
	onYear    func(year int) // after the clerk picks another year, before onChanged
	pending   *atomic.Int64  // work not yet applied, scheduled searches included
	gen       int            // bumped by every change; a timer of an older one does nothing
}

// closed is shown beside the month while it is closed; year is the plan
// year selected first.
func newFilterBar(pending *atomic.Int64, years []int, year int, closed fyne.CanvasObject, onChanged func()) *filterBar {
	fb := &filterBar{onChanged: onChanged, pending: pending, years: years, months: data.PlanMonths(year)}
	fb.unit = newUnitPicker()
	fb.unit.OnChanged = fb.onUnit

	kinds := []string{tr(allKinds)}
	for _, k := range data.DeadlineKinds {
		kinds = append(kinds, k.Label())
	}
	fb.kind = widget.NewSelect(kinds, nil)
	fb.kind.SetSelected(tr(allKinds))
	fb.kind.OnChanged = fb.onKind

	yearLabels := make([]string, len(years))
	for i, y := range years {
		yearLabels[i] = yearLabel(y)
	}
	fb.year = widget.NewSelect(yearLabels, nil)
	fb.year.SetSelected(yearLabel(year))
	fb.year.OnChanged = fb.onYearChanged
	fb.month = widget.NewSelect(monthLabels(fb.months), nil)
	fitLongest(fb.month)
	fb.month.SetSelected(monthLabel(defaultMonth(fb.months, time.Now())))
	fb.month.OnChanged = fb.onMonth
	fb.close = widget.NewButtonWithIcon(tr("关账"), theme.ContentClearIcon(), nil)
	fb.close.Disable()

	fb.search = widget.NewEntry()
	fb.search.PlaceHolder = tr("搜索编号（如 2-1.14）、任务、措施内容或单位名称（Ctrl+F）")
	fb.search.OnChanged = fb.onSearch
	fb.search.OnSubmitted = fb.onSubmit

	fb.clear = widget.NewButtonWithIcon(tr("清除筛选"), theme.ContentClearIcon(), fb.onClear)

	left := container.NewHBox(
		widget.NewLabel(tr("年度")), fb.year,
		widget.NewLabel(tr("填报月份")), fb.month, closed, fb.close,
		widget.NewLabel(tr("本单位")), fb.unit.button,
		widget.NewLabel(tr("完成时限")), fb.kind,
		widget.NewLabel(tr("搜索")),
	)
	fb.content = container.NewBorder(nil, nil, left, fb.clear, fb.search)
	return fb
}

// filter is the store query for the bar's current state.
func (fb *filterBar) filter() data.MeasureFilter {
	f := data.MeasureFilter{
		Year: fb.selectedYear(),
		Unit: fb.unit.unit(),
		Text: strings.TrimSpace(fb.search.Text),
	}
	for _, k := range data.DeadlineKinds {
		if k.Label() == fb.kind.Selected {
			f.DeadlineKind = k
		}
	}
	return f
}

// yearLabel names a plan year in the picker: 2023年.
func yearLabel(y int) string { return trf("%d年", y) }

func monthLabels(months []data.Month) []string {
	labels := make([]string, len(months))
	for i, m := range months {
		labels[i] = monthLabel(m)
	}
	return labels
}

// selectedYear is the plan year the bar shows.
func (fb *filterBar) selectedYear() int {
	for _, y := range fb.years {
		if yearLabel(y) == fb.year.Selected {
			return y
		}
	}
	return fb.years[len(fb.years)-1]
}

// setYears offers the years of the plans held, after a plan was imported,
// and picks year (which then shows, as if the clerk had picked it).
func (fb *filterBar) setYears(years []int, year int) {
	fb.years = years
	labels := make([]string, len(years))
	for i, y := range years {
		labels[i] = yearLabel(y)
	}
	fb.year.SetOptions(labels)
	if fb.year.Selected == yearLabel(year) {
		fb.onYearChanged(fb.year.Selected)
		return
	}
	fb.year.SetSelected(yearLabel(year))
}

// onYearChanged shows the months of the year picked, on the latest month
// begun (else December), and tells onYear before the bar's change.
func (fb *filterBar) onYearChanged(string) {
	year := fb.selectedYear()
	fb.months = data.PlanMonths(year)
	fb.month.OnChanged = nil
	fb.month.SetOptions(monthLabels(fb.months))
	fb.month.SetSelected(monthLabel(defaultMonth(fb.months, time.Now())))
	fb.month.OnChanged = fb.onMonth
	if fb.onYear != nil {
		fb.onYear(year)
	}
	fb.changed()
}

// selectedMonth is the month the bar shows.
func (fb *filterBar) selectedMonth() data.Month {
	for _, m := range fb.months {
		if monthLabel(m) == fb.month.Selected {
			return m
		}
	}
	return fb.months[len(fb.months)-1]
}

// defaultMonth is the latest of the plan year's months that has begun by
// now, else the year's last month.
func defaultMonth(months []data.Month, now time.Time) data.Month {
	cur := data.Month(now.Format("2006-01"))
	for i := len(months) - 1; i >= 0; i-- {
		if months[i] <= cur {
			return months[i]
		}
	}
	return months[len(months)-1]
}

// isEmpty reports whether the bar filters nothing.
func (fb *filterBar) isEmpty() bool {
	f := fb.filter()
	return f.Unit == "" && f.Text == "" && f.DeadlineKind == ""
}

func (fb *filterBar) onUnit(string) { fb.changed() }

func (fb *filterBar) onKind(string) { fb.changed() }

func (fb *filterBar) onMonth(string) { fb.changed() }

// onSearch schedules the search for when the clerk stops typing: only the
// last keystroke's timer searches, earlier ones find a newer generation.
func (fb *filterBar) onSearch(string) {
	fb.gen++
	gen := fb.gen
	fb.pending.Add(1)
	time.AfterFunc(searchDelay, func() {
		uiDo(func() {
			defer fb.pending.Add(-1)
			if gen == fb.gen {
				fb.changed()
			}
		})
	})
}

// onSubmit searches at once on Enter.
func (fb *filterBar) onSubmit(string) {
	fb.changed()
}

// onClear resets every filter and queries once.
func (fb *filterBar) onClear() {
	fb.unit.setUnit("")
	fb.kind.OnChanged = nil
	fb.kind.SetSelected(tr(allKinds))
	fb.kind.OnChanged = fb.onKind
	fb.search.OnChanged = nil
	fb.search.SetText("")
	fb.search.OnChanged = fb.onSearch
	fb.changed()
}

// changed queries now; scheduled searches become stale.
func (fb *filterBar) changed() {
	fb.gen++
	if fb.onChanged != nil {
		fb.onChanged()
	}
}

// newMonthSelect is a drop-down of the plan year's months with m selected.
func newMonthSelect(months []data.Month, m data.Month) *widget.Select {
	labels := make([]string, len(months))
	for i, mm := range months {
		labels[i] = monthLabel(mm)
	}
	s := widget.NewSelect(labels, nil)
	fitLongest(s)
	s.SetSelected(monthLabel(m))
	return s
}

// fitLongest makes s wide enough for its longest option (September 2023
// in English): a Select is as wide as its placeholder, which it shows only
// while nothing is chosen.
func fitLongest(s *widget.Select) {
	longest := ""
	for _, o := range s.Options {
		if fyne.MeasureText(o, theme.TextSize(), fyne.TextStyle{}).Width > fyne.MeasureText(longest, theme.TextSize(), fyne.TextStyle{}).Width {
			longest = o
		}
	}
	s.PlaceHolder = longest
}

// selectedMonth is the month a newMonthSelect shows.
func selectedMonth(s *widget.Select, months []data.Month) data.Month {
	if i := s.SelectedIndex(); i >= 0 && i < len(months) {
		return months[i]
	}
	return months[len(months)-1]
}
