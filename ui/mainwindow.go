package ui

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// mainTitle is the main window's title.
const mainTitle = "台账 — 西城区污染防治攻坚战行动计划"

// mainWindow is the plan browser: filter bar on top, the annex → section →
// task tree on the left, the measures of the selected node in the middle and
// the selected measure on the right.
type mainWindow struct {
	app *app.App
	fa  fyne.App
	win fyne.Window

	filter *filterBar
	tree   *widget.Tree
	list   *widget.List
	cols   *columns
	detail *measureDetail
	count  *widget.Label
	where  *widget.Label  // the month and unit shown, in the status line
	counts *widget.Label  // 已完成 N · 序时推进 N … above the list
	closed *widget.Label  // 本月已关账 beside the counts
	clerk  *widget.Button // 经办人 in the status line; opens the settings
	check  *widget.Button // the last full check in the status line
	noRows *widget.Label  // shown over the empty list
	dbPath *widget.Label

	outline  *planTree           // tree of rows
	rows     []data.MeasureRow   // every measure that passes the filter
	rowsUnit string              // the unit filter rows were queried with
	scope    string              // selected tree node; nodeAll for everything
	visible  []data.MeasureRow   // rows under scope: the list's lines
	selected string              // ID of the measure in the detail pane
	groupsOf map[string][]string // unit → the unit groups it is a member of
	isGroup  map[string]bool     // unit groups: they report nothing themselves
	// coordinator is set when 本单位 is 区级统筹: the district view lets
	// the clerk write the district summaries.
	coordinator bool
	view        *app.ProgressView               // the month's progress for rows
	progress    map[string]*app.MeasureProgress // measure ID → its progress in view
	menuSave    *fyne.MenuItem
	report      *reportDialog // the report dialog last opened
	// The returns screens: the template or package dialog and the tracker
	// last opened, and the import wizard while it is open.
	returnFile *returnFileDialog
	tracker    *returnTrackerDialog
	imports    *importWizard
	// indicators is the open indicator window, nil while it is closed.
	indicators *indicatorsWindow
	plans      *planImportWindow // the plan import window last opened
	// welcomed is set once the first run's welcome has been offered: it is
	// not offered again each time the unit directory is read (a year
	// picked, a plan imported).
	welcomed bool

	seq     int          // number of the latest query; older results are dropped
	pending atomic.Int64 // work and scheduled searches not yet applied, its windows' included
	runner  *runner      // runs the window's work; stopped when it closes
}

// newMainWindow builds the main window of fa over the ledger a and starts
// loading the unit directory and the measures.
func newMainWindow(fa fyne.App, a *app.App) *mainWindow {
	w := &mainWindow{
		app:     a,
		fa:      fa,
		win:     fa.NewWindow(tr(mainTitle)),
		cols:    newColumns(),
		detail:  newMeasureDetail(),
		count:   widget.NewLabel(tr("正在加载……")),
		where:   &widget.Label{TextStyle: fyne.TextStyle{Bold: true}},
		counts:  widget.NewLabel(""),
		closed:  &widget.Label{Text: tr("本月已关账"), Importance: widget.DangerImportance, TextStyle: fyne.TextStyle{Bold: true}},
		clerk:   &widget.Button{Importance: widget.LowImportance},
		check:   &widget.Button{Importance: widget.LowImportance},
		noRows:  widget.NewLabel(tr("没有符合筛选条件的工作措施")),
		dbPath:  widget.NewLabel(tr("数据库：") + a.DBPath()),
		outline: buildPlanTree(nil),
		scope:   nodeAll,
	}
	w.runner = newRunner(&w.pending, w.showError)
	w.win.SetOnClosed(w.runner.stop)
	w.noRows.Hide()
	w.closed.Hide()
	w.dbPath.Truncation = fyne.TextTruncateEllipsis
	w.dbPath.Importance = widget.LowImportance
	year, err := a.DefaultYear(context.Background())
	if err != nil {
		year = a.NewestYear()
	}
	w.filter = newFilterBar(&w.pending, a.Years(), year, w.closed, w.reload)
	w.filter.onYear = w.onYear
	w.filter.close.OnTapped = w.onCloseMonth
	w.clerk.OnTapped = w.onSettings
	w.clerk.ExtendBaseWidget(w.clerk)
	w.detail.setProgress(newProgressPane(w))
	w.detail.setDue.OnTapped = w.onSetDue
	w.counts.TextStyle.Bold = true
	w.counts.Truncation = fyne.TextTruncateEllipsis

	w.tree = &widget.Tree{
		ChildUIDs:  func(id widget.TreeNodeID) []widget.TreeNodeID { return w.outline.children[id] },
		IsBranch:   func(id widget.TreeNodeID) bool { return w.outline.isBranch(id) },
		CreateNode: w.createNode,
		UpdateNode: w.updateNode,
		OnSelected: w.onTreeSelected,
	}
	w.tree.ExtendBaseWidget(w.tree)

	w.list = &widget.List{
		Length:     func() int { return len(w.visible) },
		CreateItem: func() fyne.CanvasObject { return newProgressRow(w.cols) },
		UpdateItem: w.updateItem,
		OnSelected: w.onMeasureSelected,
	}
	w.list.ExtendBaseWidget(w.list)

	middle := container.NewBorder(
		container.NewVBox(w.counts, widget.NewSeparator(), newProgressHeader(w.cols), widget.NewSeparator()), nil, nil, nil,
		container.NewStack(w.list, container.NewCenter(w.noRows)))
	right := container.NewHSplit(middle, w.detail.content)
	right.Offset = 0.6
	split := container.NewHSplit(w.tree, right)
	split.Offset = 0.25
	statusRight := container.NewHBox(w.check, w.clerk)
	if a.ReadOnly() {
		text := tr("只读，不能保存修改")
		if a.DiskFull() {
			text = tr("磁盘已满，只读，不能保存修改")
		}
		ro := &widget.Label{Text: text, Importance: widget.DangerImportance, TextStyle: fyne.TextStyle{Bold: true}}
		statusRight.Objects = append([]fyne.CanvasObject{ro}, statusRight.Objects...)
	}
	if d := a.Debris(); d.Files > 0 {
		w.dbPath.SetText(w.dbPath.Text + "　" + trf("已清理上次中断的备份或恢复留下的 %d 个临时文件，释放 %s", d.Files, app.FormatBytes(d.Bytes)))
	}
	status := container.NewBorder(nil, nil, container.NewHBox(w.where, w.count), statusRight, w.dbPath)

	w.win.SetContent(container.NewBorder(
		container.NewVBox(w.filter.content, widget.NewSeparator()),
		container.NewVBox(widget.NewSeparator(), status),
		nil, nil, split))

	w.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, w.onFind)

	w.win.SetMainMenu(w.mainMenu())
	w.win.SetOnDropped(w.onDropped)

	w.loadUnits()
	w.reload()
	return w
}

// clerkText is the status line's 经办人; a name that is only the
// operating system's user name asks to be set.
func clerkText(name string, set bool) string {
	if !set {
		return tr("经办人：") + name + tr("（未设置，点此填写姓名和本单位）")
	}
	return tr("经办人：") + name
}

// year is the plan year the window shows (the filter bar's).
func (w *mainWindow) year() int { return w.filter.selectedYear() }

// onYear remembers the year picked and reloads the unit directory, whose
// measure counts are the year's.
func (w *mainWindow) onYear(year int) {
	w.run(func(ctx context.Context) error {
		return w.app.SetChosenYear(context.WithoutCancel(ctx), year)
	}, func() {})
	w.loadUnits()
}

// loadUnits fills the unit picker from the unit directory, with the
// measure counts of the year shown.
func (w *mainWindow) loadUnits() {
	year := w.year()
	var units []data.UnitSummary
	var clerk, my string
	var clerkSet bool
	w.runThen(func(ctx context.Context) error {
		var err error
		units, err = w.app.Units(ctx, year)
		clerkSet = w.app.ClerkIsSet(ctx)
		clerk = clerkText(w.app.Clerk(ctx), clerkSet)
		var myErr error
		my, myErr = w.app.MyUnit(ctx)
		if err == nil {
			err = myErr
		}
		return err
	}, func(err error) {
		w.clerk.SetText(clerk)
		if err != nil {
			w.showError(err)
			return
		}
		w.filter.unit.setUnits(units)
		w.coordinator = my == app.DistrictCoordinator
		// A read-only ledger could not save the unit and name asked for.
		if needsWelcome(clerkSet, my) && !w.welcomed && !w.app.ReadOnly() {
			w.welcomed = true
			newWelcome(w, units).show()
		}
		if my != "" && my != app.DistrictCoordinator && w.filter.unit.unit() == "" {
			// The filter starts on the clerk's own unit.
			w.filter.unit.setUnit(my)
			w.reload()
		}
		w.groupsOf = map[string][]string{}
		w.isGroup = map[string]bool{}
		for _, u := range units {
			if u.Unit.Kind == data.UnitGroup {
				w.isGroup[u.Unit.Name] = true
			}
			for _, m := range u.Unit.Members {
				w.groupsOf[m] = append(w.groupsOf[m], u.Unit.Name)
			}
		}
	})
}

// reload queries the measures for the filter bar's state and shows them.
func (w *mainWindow) reload() {
	f := w.filter.filter()
	month := w.filter.selectedMonth()
	openAll := !w.filter.isEmpty()
	w.seq++
	seq := w.seq
	var v *app.ProgressView
	w.runThen(func(ctx context.Context) (err error) {
		v, err = w.app.Progress(ctx, month, f)
		return err
	}, func(err error) {
		if seq != w.seq {
			return // a newer query is on its way
		}
		if err != nil {
			w.showError(err)
			return
		}
		w.setView(v, v.Unit, openAll)
	})
}

// setView shows a month's progress: its measures in the tree and the list,
// the month's closing state in the filter bar.
func (w *mainWindow) setView(v *app.ProgressView, unit string, openAll bool) {
	w.view = v
	w.progress = make(map[string]*app.MeasureProgress, len(v.Measures))
	rows := make([]data.MeasureRow, len(v.Measures))
	for i := range v.Measures {
		w.progress[v.Measures[i].Measure.ID] = &v.Measures[i]
		rows[i] = v.Measures[i].MeasureRow
	}
	if v.Closed {
		w.filter.close.SetText(tr("重新开启"))
		w.filter.close.SetIcon(theme.ViewRefreshIcon())
	} else {
		w.filter.close.SetText(tr("关账"))
		w.filter.close.SetIcon(theme.ConfirmIcon())
	}
	w.filter.close.Enable()
	w.where.SetText(whereText(v))
	if v.Closed {
		w.closed.Show()
	} else {
		w.closed.Hide()
	}
	w.setRows(rows, unit, openAll)
}

// whereText is the status line's month and unit of view v; a unit named
// in the search box is said to act as the unit filter.
func whereText(v *app.ProgressView) string {
	unit := tr("全部单位")
	switch {
	case v.SearchUnit:
		unit = trf("%s（搜索框中的单位名称，按该单位筛选）", v.Unit)
	case v.Unit != "":
		unit = v.Unit
	}
	return trf("月份：%s　单位：%s", string(v.Month), unit)
}

// countsText is the count bar: the month, whose statuses, and how many of
// the listed measures show each status.
func (w *mainWindow) countsText() string {
	if w.view == nil {
		return ""
	}
	n := map[data.Status]int{}
	for _, r := range w.visible {
		if mp := w.progress[r.Measure.ID]; mp != nil {
			n[mp.Status()]++
		}
	}
	who := tr("全区")
	if w.view.Unit != "" {
		who = w.view.Unit
	}
	parts := []string{}
	for _, s := range []data.Status{data.StatusDone, data.StatusOnTrack, data.StatusLate, data.StatusNotReported} {
		parts = append(parts, fmt.Sprintf("%s %d", s, n[s]))
	}
	for _, s := range []data.Status{data.StatusNotStarted, data.StatusNA} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", s, n[s]))
		}
	}
	return trf("%s：%s", who, strings.Join(parts, " · "))
}

// canEdit reports whether the list's check boxes and the detail form may
// change entries: a unit is chosen and the month is open.
func (w *mainWindow) canEdit() bool {
	return w.view != nil && w.view.Unit != "" && !w.view.Closed && !w.isGroup[w.view.Unit]
}

// setRows shows a query's result in the tree, the list and the status line,
// keeping the selected node and measure where they still exist.
func (w *mainWindow) setRows(rows []data.MeasureRow, unit string, openAll bool) {
	w.rows = rows
	w.rowsUnit = unit
	w.outline = buildPlanTree(rows)
	if !w.outline.has(w.scope) {
		w.scope = nodeAll
	}

	if openAll {
		w.tree.OpenAllBranches()
	} else {
		w.tree.CloseAllBranches()
		for _, a := range w.outline.annexes() {
			w.tree.OpenBranch(a)
		}
	}
	w.tree.Refresh()
	// Select without calling onTreeSelected: the list is filled below.
	onSelected := w.tree.OnSelected
	w.tree.OnSelected = nil
	w.tree.Select(w.scope)
	w.tree.OnSelected = onSelected

	w.showScope()
}

// showScope fills the list with the rows under the selected tree node.
func (w *mainWindow) showScope() {
	w.visible = w.visible[:0:0]
	for _, r := range w.rows {
		if inNode(r, w.scope) {
			w.visible = append(w.visible, r)
		}
	}
	w.count.SetText(trn(len(w.visible), "共 %d 项工作措施", len(w.visible)))
	w.counts.SetText(w.countsText())
	if len(w.visible) > 0 {
		w.noRows.Hide()
	} else {
		w.noRows.Show()
	}

	// Keep the detail pane on the selected measure if it is still listed.
	keep := -1
	for i, r := range w.visible {
		if r.Measure.ID == w.selected {
			keep = i
			break
		}
	}
	onSelected := w.list.OnSelected
	w.list.OnSelected = nil
	w.list.UnselectAll()
	w.list.Refresh()
	if keep >= 0 {
		w.list.Select(keep)
		w.showDetail(w.visible[keep])
	} else {
		w.list.ScrollToTop()
		w.selected = ""
		w.detail.clear()
		w.detail.progress.clear()
	}
	w.list.OnSelected = onSelected
}

func (w *mainWindow) createNode(branch bool) fyne.CanvasObject {
	name := widget.NewLabel("")
	name.Truncation = fyne.TextTruncateEllipsis
	count := widget.NewLabel("")
	count.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, nil, count, name)
}

func (w *mainWindow) updateNode(id widget.TreeNodeID, branch bool, o fyne.CanvasObject) {
	c := o.(*fyne.Container)
	name, count := c.Objects[0].(*widget.Label), c.Objects[1].(*widget.Label)
	name.TextStyle.Bold = id == nodeAll
	name.SetText(w.outline.labels[id])
	count.SetText(w.outline.countText(id))
}

func (w *mainWindow) updateItem(id widget.ListItemID, o fyne.CanvasObject) {
	if id < len(w.visible) && w.view != nil {
		r := w.visible[id]
		setProgressRow(o.(*fyne.Container), r, w.progress[r.Measure.ID], w.view.Month, w.canEdit(), func(done bool) {
			w.onTick(r.Measure.ID, done)
		})
	}
}

// onTreeSelected narrows the list to the selected annex, section or task.
func (w *mainWindow) onTreeSelected(id widget.TreeNodeID) {
	w.scope = id
	w.showScope()
}

// onMeasureSelected shows the measure in the detail pane.
func (w *mainWindow) onMeasureSelected(id widget.ListItemID) {
	if id < 0 || id >= len(w.visible) {
		return
	}
	r := w.visible[id]
	w.selected = r.Measure.ID
	w.showDetail(r)
}

// showDetail shows measure r and its progress in the detail pane.
func (w *mainWindow) showDetail(r data.MeasureRow) {
	w.detail.show(r, w.rowsUnit, w.groupsOf[w.rowsUnit])
	mp := w.progress[r.Measure.ID]
	w.detail.due.SetText(effectiveDueText(mp, r.Measure.Deadline))
	if mp != nil {
		w.detail.progress.show(mp, w.view)
	}
	w.detail.relayout()
}

// onFind moves the keyboard focus to the search entry (Ctrl+F).
func (w *mainWindow) onFind(fyne.Shortcut) {
	w.win.Canvas().Focus(w.filter.search)
}

// showError tells the clerk what went wrong, in their words. UI goroutine only.
func (w *mainWindow) showError(err error) { showErrorIn(w.win, err) }

// The main window is the host of the dialogs it opens.
func (w *mainWindow) ledger() *app.App    { return w.app }
func (w *mainWindow) fyneApp() fyne.App   { return w.fa }
func (w *mainWindow) window() fyne.Window { return w.win }
func (w *mainWindow) run(work func(ctx context.Context) error, apply func()) {
	w.runner.run(work, apply)
}
func (w *mainWindow) runThen(work func(ctx context.Context) error, then func(err error)) {
	w.runner.runThen(work, then)
}

// onQuit remembers the window's size, backs up what changed and ends the
// program (文件 → 退出, or the window's close button).
func (w *mainWindow) onQuit() {
	saveSize(w.fa.Preferences(), w.win.Canvas().Size())
	w.backupAndClose()
}

// idle reports whether every query and scheduled search has been applied.
// UI goroutine only.
func (w *mainWindow) idle() bool { return w.pending.Load() == 0 }
