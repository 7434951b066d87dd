package ui

import (
	"context"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// prefPlanFolder is the folder a plan file was last picked from.
const prefPlanFolder = "plan_folder"

// planImportHost is what the plan import window needs of the main window:
// a host that shows a year's plan once it is imported.
type planImportHost interface {
	host
	planImported(year int)
}

// planImportWindow is 文件 → 导入新年度计划…: a plan file (workbook, Word
// document or text) is read in the background and matched against the
// ledger; the preview shows the annexes' counts, the deadline kinds, every
// unit name with its decision (a drop-down for each name the directory
// does not know), the notice's fields and the carry-over links. Nothing is
// written before 导入.
type planImportWindow struct {
	h   planImportHost
	win fyne.Window

	path  string
	pi    *app.PlanImport
	units []string          // the directory's canonical names, for the drop-downs
	prev  []data.MeasureRow // the previous plan's measures, to link to

	file                      *widget.Label
	year                      *widget.Entry
	pick, check, apply, close *widget.Button
	title, docNo, date        *widget.Entry
	replace                   *widget.Check
	keep                      map[string]*widget.Check  // measure ID → keep its link
	links                     map[string]*measurePicker // unlinked measure ID → its picker
	bar                       *widget.ProgressBarInfinite
	stage                     *widget.Label
	body                      *fyne.Container
	early                     *fyne.Container // the measures due before the date of issue typed (showEarly)
	running                   bool
	done                      func() // run once the clerk is through: see finish
}

// onImportPlan opens the plan import window (文件 → 导入新年度计划…).
func (w *mainWindow) onImportPlan() { w.importPlan(nil) }

// importPlan opens the plan import window; done (if not nil) runs once the
// clerk is through with it.
func (w *mainWindow) importPlan(done func()) {
	z := newPlanImportWindow(w)
	z.done = done
	w.plans = z
	z.win.Show()
}

// planImported shows the year just imported: the year picker offers it
// and selects it.
func (w *mainWindow) planImported(year int) {
	w.filter.setYears(w.app.Years(), year)
}

// newPlanImportWindow builds the window over h.
func newPlanImportWindow(h planImportHost) *planImportWindow {
	z := &planImportWindow{
		h:     h,
		win:   h.fyneApp().NewWindow(tr("导入新年度计划")),
		file:  wrappedLabel(tr("尚未选择文件")),
		year:  widget.NewEntry(),
		title: widget.NewEntry(),
		docNo: widget.NewEntry(),
		date:  widget.NewEntry(),
		bar:   widget.NewProgressBarInfinite(),
		stage: wrappedLabel(""),
		body:  container.NewVBox(),
		early: container.NewVBox(),
		keep:  map[string]*widget.Check{},
	}
	z.year.SetPlaceHolder(tr("按文件标题"))
	z.docNo.SetPlaceHolder("西政办发〔2024〕2号")
	z.date.SetPlaceHolder("2024-02-20")
	z.date.OnChanged = func(string) { z.showEarly() }
	z.replace = widget.NewCheck(tr("替换台账中该年度已有的行动计划（仅当该年度还没有任何填报时）"), nil)
	z.pick = &widget.Button{Text: tr("选择文件…"), Icon: theme.FolderOpenIcon(), OnTapped: z.onPick}
	z.check = &widget.Button{Text: tr("重新检查"), OnTapped: z.onCheck}
	z.apply = &widget.Button{Text: tr("导入"), Importance: widget.HighImportance, OnTapped: z.onApply}
	z.close = &widget.Button{Text: tr("关闭"), OnTapped: z.onClose}
	z.bar.Hide()
	z.body.Add(wrappedLabel(tr("选择新年度的计划文件：计划工作簿（.xlsx，可用 文件 → 生成计划工作簿… 得到空白模板）、起草单位的 Word 文档（.docx）或文本（.txt）。程序先检查并预览，点“导入”才写入台账。")))

	yearBox := container.NewGridWrap(fyne.NewSize(120, z.year.MinSize().Height), z.year)
	top := container.NewVBox(
		container.NewBorder(nil, nil, z.pick, nil, z.file),
		container.NewHBox(widget.NewLabel(tr("年度")), yearBox, z.check),
		widget.NewSeparator())
	bottom := container.NewVBox(widget.NewSeparator(), z.stage, z.bar,
		container.NewBorder(nil, nil, nil, container.NewHBox(z.close, z.apply)))
	z.win.SetContent(container.NewBorder(top, bottom, nil, nil, container.NewVScroll(z.body)))
	z.win.SetCloseIntercept(z.onClose)
	z.win.Resize(fyne.NewSize(1000, 760))
	z.win.CenterOnScreen()
	z.setButtons()
	return z
}

// showError tells the clerk what went wrong in the import window, not in
// the main window behind it.
func (z *planImportWindow) showError(err error) { showErrorIn(z.win, err) }

// setButtons enables what may be done now.
func (z *planImportWindow) setButtons() {
	enable := func(b *widget.Button, on bool) {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
	enable(z.pick, !z.running)
	enable(z.check, !z.running && z.path != "")
	enable(z.apply, !z.running && z.pi != nil && len(z.pi.Problems) == 0)
	enable(z.close, !z.running)
}

// onPick lets the clerk pick the plan file, then checks it.
func (z *planImportWindow) onPick() {
	pick := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			z.showError(err)
			return
		}
		if rc == nil {
			return // cancelled
		}
		path := rc.URI().Path()
		rc.Close()
		z.h.fyneApp().Preferences().SetString(prefPlanFolder, filepath.Dir(path))
		z.setPath(path)
	}, z.win)
	pick.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".docx", ".txt", ".xls", ".doc"}))
	if l := savedFolder(z.h.fyneApp().Preferences(), prefPlanFolder); l != nil {
		pick.SetLocation(l)
	}
	pick.Resize(fyne.NewSize(900, 600))
	pick.Show()
}

// setPath checks the file at path, taking its year from its title again
// (the year shown was the last file's).
func (z *planImportWindow) setPath(path string) {
	z.path = path
	z.file.SetText(path)
	z.year.SetText("")
	z.onCheck()
}

// onCheck reads the file in the background and shows its preview.
func (z *planImportWindow) onCheck() {
	if z.path == "" || z.running {
		return
	}
	year := 0
	if s := strings.TrimSpace(z.year.Text); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			z.showError(data.Errorf(data.EINVALID, "年度“%s”应为四位数字，如 2024", s))
			return
		}
		year = y
	}
	z.busy(tr("正在读取并检查计划文件……"))
	var pi *app.PlanImport
	var units []string
	var prev []data.MeasureRow
	path := z.path
	z.h.runThen(func(ctx context.Context) error {
		var err error
		if pi, err = z.h.ledger().PreparePlanImport(ctx, path, year); err != nil {
			return err
		}
		if pi.PrevYear != 0 {
			if prev, err = z.h.ledger().FindMeasures(ctx, data.MeasureFilter{Year: pi.PrevYear}); err != nil {
				return err
			}
		}
		dir, err := z.h.ledger().Units(ctx, z.h.ledger().NewestYear())
		for _, u := range dir {
			units = append(units, u.Unit.Name)
		}
		return err
	}, func(err error) {
		z.idle("")
		if err != nil {
			z.pi = nil
			z.setButtons()
			z.showError(err)
			return
		}
		z.pi, z.units, z.prev = pi, units, prev
		z.showPreview()
	})
}

// busy shows work under way; idle ends it with a message.
func (z *planImportWindow) busy(msg string) {
	z.running = true
	z.stage.SetText(msg)
	z.bar.Show()
	z.bar.Start()
	z.setButtons()
}

func (z *planImportWindow) idle(msg string) {
	z.running = false
	z.bar.Stop()
	z.bar.Hide()
	z.stage.SetText(msg)
	z.setButtons()
}

// showPreview shows the file's problems, or what the import would write.
func (z *planImportWindow) showPreview() {
	pi := z.pi
	z.body.RemoveAll()
	z.keep = map[string]*widget.Check{}
	z.links = map[string]*measurePicker{}
	if pi.Year != 0 && strings.TrimSpace(z.year.Text) == "" {
		z.year.SetText(strconv.Itoa(pi.Year))
	}
	if len(pi.Problems) > 0 {
		msg := &widget.Label{Text: trf("文件有 %d 处问题，不能导入；请改正文件后点“重新检查”。台账没有任何改动。", len(pi.Problems)),
			Importance: widget.DangerImportance, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord}
		z.body.Add(msg)
		for _, p := range pi.Problems {
			z.body.Add(wrappedLabel(p.String()))
		}
		z.stage.SetText(trf("%s：%d 处问题", filepath.Base(z.path), len(pi.Problems)))
		z.setButtons()
		z.body.Refresh()
		return
	}
	z.body.Add(heading(trf("%d 年行动计划", pi.Year)))
	z.title.SetText(pi.Plan.Title)
	z.docNo.SetText(pi.Plan.DocNo)
	z.date.SetText(pi.Plan.Date)
	hint := func(field string) string {
		if pi.IsMissing(field) {
			return tr("文件中没有，请填写")
		}
		return ""
	}
	z.body.Add(widget.NewForm(
		&widget.FormItem{Text: tr("计划名称"), Widget: z.title, HintText: hint(app.PlanFieldTitle)},
		&widget.FormItem{Text: tr("文号"), Widget: z.docNo, HintText: hint(app.PlanFieldDocNo)},
		&widget.FormItem{Text: tr("印发日期"), Widget: z.date, HintText: hint(app.PlanFieldDate)},
	))
	if pi.Held {
		z.replace.SetChecked(false)
		z.body.Add(&widget.Label{Text: trf("台账中已有 %d 年的行动计划。", pi.Year), Importance: widget.WarningImportance})
		z.body.Add(z.replace)
	}

	z.body.Add(widget.NewSeparator())
	z.body.Add(heading(trf("附件（共 %d 条工作措施）", pi.Measures())))
	grid := container.NewGridWithColumns(5, heading(tr("附件")), heading(tr("标题")), heading(tr("章节")), heading(tr("任务")), heading(tr("措施")))
	for _, s := range pi.Annexes {
		grid.Add(widget.NewLabel(s.Code))
		grid.Add(&widget.Label{Text: s.Title, Truncation: fyne.TextTruncateEllipsis})
		grid.Add(widget.NewLabel(strconv.Itoa(s.Sections)))
		grid.Add(widget.NewLabel(strconv.Itoa(s.Tasks)))
		grid.Add(widget.NewLabel(strconv.Itoa(s.Measures)))
	}
	z.body.Add(grid)
	var kinds []string
	for _, k := range data.DeadlineKinds {
		if n := pi.Deadlines[k]; n > 0 {
			kinds = append(kinds, trf("%s %d 条", k.Label(), n))
		}
	}
	z.body.Add(wrappedLabel(tr("完成时限：") + strings.Join(kinds, "、")))
	for _, t := range pi.Plan.Indicators {
		z.body.Add(wrappedLabel(trf("指标表：附件%s %s（%d 个地区 × %d 项）", t.Annex, t.Title, len(t.Rows), max(len(t.Columns)-1, 0))))
	}
	for _, s := range pi.Ignored {
		z.body.Add(&widget.Label{Text: tr("不读取：") + s, Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord})
	}
	z.body.Add(z.early)
	z.showEarly()
	if len(pi.Undated) > 0 {
		z.body.Add(&widget.Label{Text: trf("%d 条措施的完成时限没有具体日期：导入后按时间节点处理，不算逾期；导入后可在措施详情的“截止日期”旁点“设定…”填写日期。", len(pi.Undated)),
			Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}})
		for _, s := range pi.Undated {
			z.body.Add(&widget.Label{Text: s, Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord})
		}
	}

	z.body.Add(widget.NewSeparator())
	z.showUnits()
	z.showLinks()
	z.stage.SetText(trf("%s：可以导入，请核对后点“导入”", filepath.Base(z.path)))
	z.setButtons()
	z.body.Refresh()
}

// showEarly lists the measures due before the date of issue as typed.
func (z *planImportWindow) showEarly() {
	z.early.RemoveAll()
	if z.pi == nil {
		return
	}
	if early := z.pi.Early(strings.TrimSpace(z.date.Text)); len(early) > 0 {
		z.early.Add(&widget.Label{Text: trf("%d 条措施的截止日期早于印发日期：导入后即为逾期，请核对；可在导入后点措施详情中“截止日期”旁的“设定…”改设日期。", len(early)),
			Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}})
		for _, s := range early {
			z.early.Add(&widget.Label{Text: s, Importance: widget.WarningImportance, Wrapping: fyne.TextWrapWord})
		}
	}
	z.early.Refresh()
}

// The choices of a unit name's drop-down.
var unitActions = []app.UnitAction{app.UnitNew, app.UnitAlias, app.UnitTypo}

// showUnits lists every unit name: those the directory does not know
// first, each with its decision in two drop-downs (what, and which unit
// or kind), then the known ones.
func (z *planImportWindow) showUnits() {
	pi := z.pi
	var unknown, known []app.UnitDecision
	for _, d := range pi.Units {
		if d.Action == app.UnitKnown {
			known = append(known, d)
		} else {
			unknown = append(unknown, d)
		}
	}
	z.body.Add(heading(trf("单位（%d 个，其中 %d 个单位名录中没有，请确认如何处理）", len(pi.Units), len(unknown))))
	if len(unknown) > 0 {
		z.body.Add(wrappedLabel(tr("新单位：加入单位名录；别名：是名录中某单位的另一个名称（如部门改名），记为其别名，历史记录相连；错字：按名录中的单位导入，不记入名录。")))
		rows := container.NewGridWithColumns(4)
		for _, d := range unknown {
			rows.Add(&widget.Label{Text: d.Name, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis})
			rows.Add(widget.NewLabel(trf("%d 条措施", d.Measures)))
			action, target := z.unitChoice(d)
			rows.Add(action)
			rows.Add(target)
		}
		z.body.Add(rows)
	}
	grid := container.NewGridWithColumns(4) // two names a line
	for _, d := range known {
		grid.Add(&widget.Label{Text: d.Name, Truncation: fyne.TextTruncateEllipsis})
		grid.Add(&widget.Label{Text: knownText(d), Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis})
	}
	z.body.Add(grid)
	z.body.Add(widget.NewSeparator())
}

// knownText says how a known name matched.
func knownText(d app.UnitDecision) string {
	switch d.Via {
	case "alias":
		return trf("已有单位（%s 的别名）", d.Target)
	case "group":
		return tr("已有单位组")
	}
	return tr("已有单位")
}

// actionLabel names a unit action in the drop-down.
func actionLabel(a app.UnitAction) string {
	switch a {
	case app.UnitNew:
		return tr("新单位")
	case app.UnitAlias:
		return tr("别名")
	case app.UnitTypo:
		return tr("错字")
	}
	return string(a)
}

// kindLabels are the unit kinds a new unit may have.
var kindLabels = []data.UnitKind{data.UnitDepartment, data.UnitStreet, data.UnitEnterprise, data.UnitGroup}

// unitChoice is a name's pair of drop-downs: the action, then the unit it
// stands for (suggestions first) or, for a new unit, its kind. Every change
// is the preview's at once.
func (z *planImportWindow) unitChoice(d app.UnitDecision) (*widget.Select, *widget.Select) {
	var actions []string
	for _, a := range unitActions {
		actions = append(actions, actionLabel(a))
	}
	action := widget.NewSelect(actions, nil)
	target := widget.NewSelect(nil, nil)
	var targets []string
	targets = append(targets, d.Suggestions...)
	for _, u := range z.units {
		if !slices.Contains(targets, u) {
			targets = append(targets, u)
		}
	}
	var kinds []string
	for _, k := range kindLabels {
		kinds = append(kinds, k.Label())
	}
	current := d
	var onAction, onTarget func(string)
	show := func() {
		action.OnChanged, target.OnChanged = nil, nil
		action.SetSelected(actionLabel(current.Action))
		if current.Action == app.UnitNew {
			target.SetOptions(kinds)
			target.SetSelected(current.Kind.Label())
		} else {
			target.SetOptions(targets)
			target.SetSelected(current.Target)
		}
		action.OnChanged, target.OnChanged = onAction, onTarget
	}
	set := func(a app.UnitAction, tgt string, kind data.UnitKind) {
		if err := z.pi.SetUnit(d.Name, a, tgt, kind); err != nil {
			z.showError(err)
		}
		i := slices.IndexFunc(z.pi.Units, func(x app.UnitDecision) bool { return x.Name == d.Name })
		current = z.pi.Units[i]
		show()
	}
	onAction = func(s string) {
		for _, a := range unitActions {
			if actionLabel(a) != s {
				continue
			}
			tgt := current.Target
			if tgt == "" && len(targets) > 0 {
				tgt = targets[0]
			}
			set(a, tgt, current.Kind)
		}
	}
	onTarget = func(s string) {
		if current.Action == app.UnitNew {
			for _, k := range kindLabels {
				if k.Label() == s {
					set(app.UnitNew, "", k)
				}
			}
			return
		}
		set(current.Action, s, "")
	}
	show()
	return action, target
}

// showLinks shows the carry-over: how many measures carry on last year's,
// and those whose text changed, each with a tick to keep its link.
func (z *planImportWindow) showLinks() {
	pi := z.pi
	if pi.PrevYear == 0 {
		return
	}
	var changed []app.LinkProposal
	for _, l := range pi.Links {
		if !l.Same {
			changed = append(changed, l)
		}
	}
	z.body.Add(heading(trf("延续 %d 年的措施：%d 条（文字相同 %d 条，略有改动 %d 条）", pi.PrevYear, len(pi.Links), len(pi.Links)-len(changed), len(changed))))
	z.body.Add(wrappedLabel(tr("延续上年的措施中，长期实施、持续推进的，各单位新年度第一份填报模板从上年 12 月的填报开始。文字有改动的逐条列出，取消勾选则不延续。")))
	for _, l := range changed {
		c := widget.NewCheck(trf("%s ← %d 年 %s：%s", l.MeasureID, pi.PrevYear, l.PrevMeasureID, firstLine(l.Text, 60)), nil)
		c.SetChecked(true)
		z.keep[l.MeasureID] = c
		z.body.Add(c)
	}
	z.showUnlinked()
}

// showUnlinked lists the new measures that carry on nothing, each with a
// picker of the previous plan's measures to tie it to: any of them, those
// under the same task first.
func (z *planImportWindow) showUnlinked() {
	pi := z.pi
	taken := func(id, self string) string {
		for _, l := range pi.Links {
			if l.PrevMeasureID == id && l.MeasureID != self {
				return l.MeasureID
			}
		}
		return ""
	}
	var rows []fyne.CanvasObject
	for _, m := range pi.Unlinked() {
		var near []string
		for _, c := range pi.LinkCandidates(m.ID) {
			near = append(near, c.ID)
		}
		id := m.ID
		p := newMeasurePicker(pi.PrevYear, z.prev, near, func(prev string) string { return taken(prev, id) })
		p.OnChanged = func(prev string) {
			if err := pi.SetLink(id, prev); err != nil {
				showErrorIn(z.win, err) // over the picker, not behind the window
				p.setMeasure("")
			}
		}
		z.links[id] = p
		rows = append(rows, &widget.Label{Text: measureLabel(m, 40), Truncation: fyne.TextTruncateEllipsis}, p.button)
	}
	if len(rows) == 0 {
		return
	}
	z.body.Add(wrappedLabel(trf("未延续的新措施（%d 条）：可选上年的任一措施延续（同一任务下的列在前面，可按编号或文字查找）。", len(rows)/2)))
	z.body.Add(container.NewGridWithColumns(2, rows...))
}

// firstLine is a text's first line cut to n characters.
func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// onApply writes the import in the background, once the notice's fields
// are in order and, for a year held, replacing it is confirmed.
func (z *planImportWindow) onApply() {
	pi := z.pi
	if pi == nil || z.running {
		return
	}
	if err := pi.SetInfo(z.title.Text, z.docNo.Text, z.date.Text); err != nil {
		z.showError(err)
		return
	}
	if err := pi.Check(); err != nil {
		z.showError(err)
		return
	}
	if pi.Held && !z.replace.Checked {
		z.showError(data.Errorf(data.ECONFLICT, "台账中已有 %d 年的行动计划：要替换它，请勾选“替换台账中该年度已有的行动计划”", pi.Year))
		return
	}
	for id, c := range z.keep {
		if !c.Checked {
			if err := pi.SetLink(id, ""); err != nil {
				z.showError(err)
				return
			}
		}
	}
	replace := z.replace.Checked
	z.busy(trf("正在导入 %d 年行动计划……", pi.Year))
	z.h.runThen(func(ctx context.Context) error {
		return z.h.ledger().ApplyPlanImport(context.WithoutCancel(ctx), pi, replace)
	}, func(err error) {
		if err != nil {
			z.idle(tr("未导入，台账没有任何改动"))
			z.showError(err)
			return
		}
		z.idle("")
		z.win.Close()
		z.h.planImported(pi.Year)
		d := newInformation(tr("导入新年度计划"), trf("已导入 %d 年行动计划：%d 条工作措施。", pi.Year, pi.Measures()), z.h.window())
		d.SetDismissText(tr("关闭"))
		d.SetOnClosed(z.finish)
		d.Show()
	})
}

// onClose closes the window, except while the import is being written.
func (z *planImportWindow) onClose() {
	if z.running {
		return
	}
	z.win.Close()
	z.finish()
}

// finish runs done, once: when the window is closed without an import, or
// when the import's result has been read.
func (z *planImportWindow) finish() {
	if done := z.done; done != nil {
		z.done = nil
		done()
	}
}

// planTemplateName is the empty plan workbook's file name.
const planTemplateName = "计划工作簿.xlsx"

// onPlanTemplate saves the empty plan workbook where the clerk says.
func (w *mainWindow) onPlanTemplate() {
	askSavePath(w, tr(planTemplateName), ".xlsx", prefPlanFolder, func(path string) {
		w.run(func(context.Context) error { return app.WritePlanTemplate(path) }, func() {
			d := newInformation(tr("生成计划工作簿"), trf("已生成 %s", path), w.win)
			d.SetDismissText(tr("关闭"))
			d.Show()
		})
	})
}
