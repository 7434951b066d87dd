package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/app/sqlite"
	"taizhang/data"
)

// The test goroutine plays the UI goroutine: what the screens hand to uiDo
// waits in uiQueue until waitIdle runs it. (The test driver's fyne.Do would
// run it at once on the loading goroutine, racing with the test.)
var uiQueue = make(chan func(), 64)

// step runs one step of a screen test as a subtest. Each step builds on
// the ones before, so the test stops at the first that fails.
func step(t *testing.T, name string, f func(t *testing.T)) {
	t.Helper()
	if !t.Run(name, f) {
		t.FailNow()
	}
}

// waitIdle runs the screens' UI work until every query and scheduled search
// has been applied.
func waitIdle(t *testing.T, w *mainWindow) {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for !w.idle() {
		select {
		case f := <-uiQueue:
			f()
		case <-timeout:
			t.Fatal("the window did not finish loading in 20 s")
		}
	}
}

// newTestWindow opens a fresh ledger seeded with the real 2023 plan and shows
// the main window over it, loaded.
func newTestWindow(t *testing.T) (*mainWindow, *app.App) {
	t.Helper()
	uiDo = func(f func()) { uiQueue <- f }
	t.Cleanup(func() { uiDo = fyne.Do })
	fa := test.NewTempApp(t)
	a, err := app.Open(context.Background(), sqlite.Storage(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatalf("app.Open: %v", err)
	}
	t.Cleanup(func() { a.Close() })
	w := newMainWindow(fa, a)
	w.win.Resize(fyne.NewSize(1280, 800))
	waitIdle(t, w)
	// A new ledger opens with the first run's welcome (see TestWelcome):
	// "以后再说".
	if o := w.win.Canvas().Overlays().Top(); o != nil {
		o.Hide()
	}
	return w, a
}

func find(t *testing.T, a *app.App, f data.MeasureFilter) []data.MeasureRow {
	t.Helper()
	rows, err := a.FindMeasures(context.Background(), f)
	if err != nil {
		t.Fatalf("FindMeasures(%+v): %v", f, err)
	}
	return rows
}

func ids(rows []data.MeasureRow) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Measure.ID
	}
	return out
}

// assertListed checks that the list shows exactly want, in order, and that
// the status line counts them.
func assertListed(t *testing.T, w *mainWindow, want []data.MeasureRow) {
	t.Helper()
	if got := ids(w.visible); !slices.Equal(got, ids(want)) {
		t.Fatalf("list shows %d measures %v, want %d %v", len(got), got, len(want), ids(want))
	}
	if got := w.list.Length(); got != len(want) {
		t.Errorf("list length %d, want %d", got, len(want))
	}
	if got, want := w.count.Text, fmt.Sprintf("共 %d 项工作措施", len(want)); got != want {
		t.Errorf("status line %q, want %q", got, want)
	}
}

// pickUnit picks a unit the way a clerk does: open the picker, type, Enter.
func pickUnit(t *testing.T, w *mainWindow, unit string) {
	t.Helper()
	p := w.filter.unit
	test.Tap(p.button)
	if p.popup == nil || !p.popup.Visible() {
		t.Fatal("the unit picker did not open")
	}
	test.Type(p.entry, unit)
	p.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if p.popup.Visible() {
		t.Error("the unit picker stayed open after Enter")
	}
	if p.button.Text != unit {
		t.Errorf("picker button says %q, want %q", p.button.Text, unit)
	}
	waitIdle(t, w)
}

func TestMainWindowTreeHasAnnexes(t *testing.T) {
	w, a := newTestWindow(t)

	if got := w.win.Title(); got != mainTitle {
		t.Errorf("title %q, want %q", got, mainTitle)
	}
	top := w.tree.ChildUIDs("")
	if len(top) == 0 || top[0] != nodeAll {
		t.Fatalf("tree top level %q, want %q first", top, nodeAll)
	}
	var labels []string
	for _, id := range top[1:] {
		labels = append(labels, w.outline.labels[id])
	}
	for _, code := range []string{"1", "2-1", "3", "4", "5"} {
		found := false
		for _, l := range labels {
			if strings.HasPrefix(l, "附件"+code+" ") {
				found = true
			}
		}
		if !found {
			t.Errorf("tree has no annex %s among %q", code, labels)
		}
	}
	if l := labels[0]; !strings.HasPrefix(l, "附件1 ") || !strings.Contains(l, "应对气候变化") {
		t.Errorf("first annex label %q, want 附件1 西城区应对气候变化…", l)
	}

	// Sections and tasks as printed under annex 1.
	a1 := top[1]
	if !w.tree.IsBranchOpen(a1) {
		t.Error("annex 1 is not open at start")
	}
	sections := w.tree.ChildUIDs(a1)
	if len(sections) == 0 {
		t.Fatal("annex 1 has no sections")
	}
	if got := w.outline.labels[sections[0]]; got != "一、温室气体排放控制目标" {
		t.Errorf("first section %q", got)
	}
	tasks := w.tree.ChildUIDs(sections[0])
	if len(tasks) == 0 || w.outline.labels[tasks[0]] != "1 温室气体排放控制目标" {
		t.Errorf("first task %q", tasks)
	}

	all := find(t, a, data.MeasureFilter{Year: 2023})
	assertListed(t, w, all)

	// Selecting an annex, then a task, narrows the list to it.
	w.tree.Select(a1)
	want := find(t, a, data.MeasureFilter{Year: 2023, Annex: all[0].AnnexCode})
	assertListed(t, w, want)
	w.tree.Select(tasks[0])
	var inTask []data.MeasureRow
	for _, r := range all {
		if taskNode(r) == tasks[0] {
			inTask = append(inTask, r)
		}
	}
	assertListed(t, w, inTask)
	w.tree.Select(nodeAll)
	assertListed(t, w, all)
}

func TestMainWindowFilters(t *testing.T) {
	w, a := newTestWindow(t)
	const unit = "德胜街道"
	var (
		street, dust []data.MeasureRow // the unit's measures, and those about 扬尘
		r            data.MeasureRow   // the measure selected
	)
	d := w.detail
	step(t, "a unit", func(t *testing.T) {
		pickUnit(t, w, unit)
		street = find(t, a, data.MeasureFilter{Year: 2023, Unit: unit})
		if len(street) == 0 {
			t.Fatalf("the store finds no measure for %s", unit)
		}
		assertListed(t, w, street)
		for _, r := range w.visible {
			if r.Role != "lead" && r.Role != "co" {
				t.Errorf("measure %s listed for %s with role %q", r.Measure.ID, unit, r.Role)
			}
		}
		// The tree only holds what the filter lets through.
		if got := w.outline.counts[nodeAll]; got != len(street) {
			t.Errorf("tree counts %d measures, want %d", got, len(street))
		}
	})

	step(t, "search", func(t *testing.T) {
		// Typing narrows further once the clerk stops typing.
		test.Type(w.filter.search, "扬尘")
		waitIdle(t, w)
		dust = find(t, a, data.MeasureFilter{Year: 2023, Unit: unit, Text: "扬尘"})
		if len(dust) == 0 || len(dust) >= len(street) {
			t.Fatalf("扬尘 within %s: %d of %d measures; the test needs a term that narrows", unit, len(dust), len(street))
		}
		assertListed(t, w, dust)
	})

	step(t, "deadline kind", func(t *testing.T) {
		// A deadline kind narrows too, and 全部时限 undoes it.
		w.filter.kind.SetSelected(data.DeadlineOngoing.Label())
		waitIdle(t, w)
		assertListed(t, w, find(t, a, data.MeasureFilter{Year: 2023, Unit: unit, Text: "扬尘", DeadlineKind: data.DeadlineOngoing}))
		w.filter.kind.SetSelected(allKinds)
		waitIdle(t, w)
		assertListed(t, w, dust)
	})

	step(t, "detail pane", func(t *testing.T) {
		// Selecting a measure fills the detail pane.
		w.list.Select(0)
		r = dust[0]
		if !d.body.Visible() || d.empty.Visible() {
			t.Fatal("the detail pane still shows its hint")
		}
		if d.text.Text != r.Measure.Text {
			t.Errorf("detail text %q, want %q", d.text.Text, r.Measure.Text)
		}
		if d.deadline.Text != r.Measure.Deadline.Text {
			t.Errorf("detail deadline %q, want %q", d.deadline.Text, r.Measure.Deadline.Text)
		}
		if !strings.Contains(d.title.Text, r.Measure.ID) {
			t.Errorf("detail title %q lacks %s", d.title.Text, r.Measure.ID)
		}
		if !strings.Contains(d.path.Text, annexLabel(r)) || !strings.Contains(d.path.Text, taskLabel(r)) {
			t.Errorf("detail path %q lacks annex or task", d.path.Text)
		}
		wantRole := map[string]string{"lead": unit + "：主责单位", "co": unit + "：协办单位"}[r.Role]
		if !strings.HasPrefix(d.role.Text, wantRole) {
			t.Errorf("detail role %q, want %q…", d.role.Text, wantRole)
		}
		if direct := slices.Contains(r.Measure.Lead, unit) || slices.Contains(r.Measure.Co, unit); direct == strings.Contains(d.role.Text, "通过") {
			t.Errorf("detail role %q for a unit named directly: %v", d.role.Text, direct)
		}
	})

	step(t, "list line", func(t *testing.T) {
		// The list line carries the text, the task, the deadline and the role.
		line := w.list.CreateItem()
		w.list.UpdateItem(0, line)
		rowCells, _, _, _ := progressRowParts(line.(*fyne.Container))
		cells := rowCells.Objects
		text := func(i int) string { return cells[i].(*widget.Label).Text }
		if text(cellID) != r.Measure.ID || text(cellDeadline) != r.Measure.Deadline.Text ||
			!strings.HasPrefix(text(cellSub), taskLabel(r)) || !strings.HasPrefix(text(cellText), strings.Fields(r.Measure.Text)[0]) {
			t.Errorf("list line %q %q %q %q for %s", text(cellID), text(cellText), text(cellSub), text(cellDeadline), r.Measure.ID)
		}
		if text(cellRole) != roleLabel(r.Role) || text(cellRole) == "" {
			t.Errorf("list line role %q for role %q", text(cellRole), r.Role)
		}
		assertUnits(t, "主责单位", d.lead, r.Measure.Lead)
		assertUnits(t, "协办单位", d.co, r.Measure.Co)
	})

	step(t, "clear", func(t *testing.T) {
		// The selected measure stays in the pane while the filter still lists it.
		w.filter.onClear()
		waitIdle(t, w)
		assertListed(t, w, find(t, a, data.MeasureFilter{Year: 2023}))
		if w.selected != r.Measure.ID || d.text.Text != r.Measure.Text {
			t.Errorf("after clearing the filter the detail shows %q, want %s", w.selected, r.Measure.ID)
		}
		if w.filter.unit.button.Text != allUnits || w.filter.search.Text != "" || w.filter.kind.Selected != allKinds {
			t.Error("清除筛选 left a filter set")
		}
		if d.role.Visible() {
			t.Error("the detail pane shows a unit role without a unit filter")
		}
	})
}

func assertUnits(t *testing.T, what string, rt *widget.RichText, want []string) {
	t.Helper()
	var got []string
	for _, s := range rt.Segments {
		u := strings.TrimPrefix(s.Textual(), "· ")
		if i := strings.Index(u, "（"); i > 0 {
			u = u[:i] // 相关街道办事处（the designated streets）
		}
		got = append(got, u)
	}
	if len(want) == 0 {
		want = []string{"——"}
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s %q, want %q", what, got, want)
	}
}

func TestMainWindowSearchIDsAndUnits(t *testing.T) {
	w, a := newTestWindow(t)
	submit := func(text string) {
		w.filter.search.SetText(text)
		w.filter.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		waitIdle(t, w)
	}
	submit("2-1.14.2")
	if len(w.visible) != 1 || w.visible[0].Measure.ID != "2-1.14.2" {
		t.Errorf("2-1.14.2 lists %d measures", len(w.visible))
	}
	submit("2-1.14")
	assertListed(t, w, find(t, a, data.MeasureFilter{Year: 2023, Text: "2-1.14"}))
	if len(w.visible) < 2 {
		t.Errorf("the prefix 2-1.14 lists %d measures", len(w.visible))
	}

	// A unit's name lists its measures with its statuses, as the unit
	// filter would, and the status line says why.
	submit("区水务局")
	assertListed(t, w, find(t, a, data.MeasureFilter{Year: 2023, Unit: "区水务局"}))
	if w.view.Unit != "区水务局" || w.rowsUnit != "区水务局" || !strings.Contains(w.where.Text, "区水务局（搜索框中的单位名称") {
		t.Errorf("searching 区水务局: view unit %q, status line %q", w.view.Unit, w.where.Text)
	}
	if w.filter.unit.unit() != "" {
		t.Errorf("the search changed the unit filter to %q", w.filter.unit.unit())
	}
	if !strings.Contains(w.countsText(), "区水务局") {
		t.Errorf("the count bar %q does not count 区水务局's statuses", w.countsText())
	}
	w.filter.onClear()
	waitIdle(t, w)
	if w.view.Unit != "" || strings.Contains(w.where.Text, "搜索") {
		t.Errorf("after 清除筛选: unit %q, status line %q", w.view.Unit, w.where.Text)
	}
}

func TestMainWindowSearchOnEnter(t *testing.T) {
	w, a := newTestWindow(t)
	w.filter.search.SetText("垃圾")
	w.filter.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitIdle(t, w)
	assertListed(t, w, find(t, a, data.MeasureFilter{Year: 2023, Text: "垃圾"}))
	if w.noRows.Visible() {
		t.Error("the no-measures hint shows over a list of measures")
	}

	w.filter.search.SetText("垃圾扬尘水体")
	w.filter.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	waitIdle(t, w)
	assertListed(t, w, nil)
	if !w.noRows.Visible() {
		t.Error("an empty result shows no hint")
	}
}

func TestMainWindowCtrlF(t *testing.T) {
	w, _ := newTestWindow(t)
	c := w.win.Canvas()
	c.Focus(w.list)
	c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
	if c.Focused() != w.filter.search {
		t.Errorf("Ctrl+F focused %T, want the search entry", c.Focused())
	}
}

func TestMainWindowUnitPickerGroups(t *testing.T) {
	w, _ := newTestWindow(t)
	p := w.filter.unit
	test.Tap(p.button)
	defer p.close()
	if len(p.items) == 0 || !p.items[0].all {
		t.Fatal("the picker does not start with 全部单位")
	}
	var headings []string
	for _, it := range p.items {
		if it.heading != "" {
			headings = append(headings, it.heading)
		}
	}
	if len(headings) == 0 || headings[0] != "街道办事处" {
		t.Errorf("picker groups %q, want 街道办事处 first", headings)
	}
	test.Type(p.entry, "区科信局") // an alias finds its unit
	units := 0
	for _, it := range p.items {
		if it.heading == "" {
			units++
			if it.unit.Unit.Name != "区科技和信息化局" {
				t.Errorf("searching 区科信局 lists %q", it.unit.Unit.Name)
			}
		}
	}
	if units != 1 {
		t.Errorf("searching 区科信局 lists %d units, want 1", units)
	}
}

func TestMainWindowRenders(t *testing.T) {
	w, _ := newTestWindow(t)
	fyne.CurrentApp().Settings().SetTheme(NewTheme())
	w.list.Select(0)
	img := w.win.Canvas().Capture()
	if b := img.Bounds(); b.Dx() < 100 || b.Dy() < 100 {
		t.Errorf("rendered %v", b)
	}
}

func TestDueText(t *testing.T) {
	for _, c := range []struct {
		d    data.Deadline
		want string
	}{
		{data.Deadline{Kind: data.DeadlineYearEnd, Due: "2023-12-31"}, "2023年12月31日"},
		{data.Deadline{Kind: data.DeadlineWindow, From: "2023-06-01", Due: "2023-09-30"}, "2023年6月1日 至 2023年9月30日"},
		{data.Deadline{Kind: data.DeadlineOngoing}, "长期实施（不逾期）"},
		{data.Deadline{Kind: data.DeadlineMilestone}, "按时间节点（未设定日期）"},
		{data.Deadline{Kind: data.DeadlineMilestone, Due: "2023-10-15"}, "2023年10月15日"},
	} {
		if got := dueText(c.d); got != c.want {
			t.Errorf("dueText(%+v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestSavedSize(t *testing.T) {
	fa := test.NewTempApp(t)
	p := fa.Preferences()
	if got := savedSize(p); got != defaultSize {
		t.Errorf("first run size %v, want %v", got, defaultSize)
	}
	saveSize(p, fyne.NewSize(1500, 950))
	if got := savedSize(p); got != fyne.NewSize(1500, 950) {
		t.Errorf("remembered size %v", got)
	}
	saveSize(p, fyne.NewSize(10, 10)) // a minimised window is not remembered
	if got := savedSize(p); got != fyne.NewSize(1500, 950) {
		t.Errorf("size after a tiny window %v", got)
	}
}
