package ui

import (
	"context"
	"fmt"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// bigFile is the total size of dropped or chosen files above which adding
// them shows a progress dialog.
const bigFile = 4 << 20

// progressPane is the part of the detail pane about the month: the chosen
// unit's entry form, every unit's status and text, and the evidence files.
type progressPane struct {
	w *mainWindow

	heading   *widget.Label
	status    *widget.Select
	progress  *widget.Entry
	problems  *widget.Entry
	nextSteps *widget.Entry
	evNote    *widget.Entry // 佐证材料说明: the evidence named in words, as a return's column
	save      *widget.Button
	note      *widget.Label // 本月已关账, or how to get a form
	form      *fyne.Container
	units     *widget.RichText // district status, then every lead and co-unit
	summary   *summaryPane     // the coordinator's district summary
	evidence  *fyne.Container  // one line per file
	noFiles   *widget.RichText
	add       *widget.Button
	audit     *widget.Button

	content *fyne.Container

	mp      *app.MeasureProgress // shown
	view    *app.ProgressView
	key     string // measure|unit|month of the form's contents
	dirty   bool   // the clerk changed the form since it was filled
	filling bool
	thumbs  map[int64]string // evidence ID → extracted file, for thumbnails
}

func newProgressPane(w *mainWindow) *progressPane {
	p := &progressPane{
		w:        w,
		heading:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		note:     &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.DangerImportance},
		units:    &widget.RichText{Wrapping: fyne.TextWrapWord, Scroll: container.ScrollNone},
		evidence: container.NewVBox(),
		noFiles:  hintText(tr("（暂无佐证材料）")),
		thumbs:   map[int64]string{},
		summary:  newSummaryPane(w),
	}
	p.heading.SizeName = theme.SizeNameSubHeadingText
	labels := make([]string, len(data.Statuses))
	for i, s := range data.Statuses {
		labels[i] = string(s)
	}
	p.status = widget.NewSelect(labels, func(string) { p.changed() })
	p.status.PlaceHolder = tr("（未填写）")
	multi := func(hint string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.PlaceHolder = hint
		e.OnChanged = func(string) { p.changed() }
		return e
	}
	p.progress = multi(tr("本月工作进展情况"))
	p.problems = multi(tr("存在的问题（没有可不填）"))
	p.nextSteps = multi(tr("下一步工作计划"))
	p.evNote = multi(tr("佐证材料的文字说明（如文件未附上，写明材料名称和存放处）"))
	p.evNote.SetMinRowsVisible(2)
	p.save = widget.NewButtonWithIcon(tr("保存（Ctrl+S）"), theme.DocumentSaveIcon(), p.onSave)
	p.save.Importance = widget.HighImportance
	p.add = widget.NewButtonWithIcon(tr("添加文件"), theme.ContentAddIcon(), p.onAdd)
	p.audit = widget.NewButtonWithIcon(tr("审计记录"), theme.HistoryIcon(), p.onAudit)

	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	pane := func() *container.Scroll { return w.detail.body }
	p.form = container.NewVBox(
		widget.NewForm(
			widget.NewFormItem(tr("完成状态"), p.status),
			widget.NewFormItem(tr("进展情况"), passWheel(p.progress, pane)),
			widget.NewFormItem(tr("存在问题"), passWheel(p.problems, pane)),
			widget.NewFormItem(tr("下步计划"), passWheel(p.nextSteps, pane)),
			widget.NewFormItem(tr("佐证材料说明"), passWheel(p.evNote, pane)),
		),
		container.NewHBox(p.save),
	)
	// The evidence comes first, above the form and the long list of every
	// unit's texts, so that it is in sight without scrolling at 1280×800.
	p.content = container.NewVBox(
		p.heading,
		p.note,
		p.summary.box,
		container.NewBorder(nil, nil, bold(tr("佐证材料")), p.add),
		p.evidence,
		widget.NewSeparator(),
		p.form,
		widget.NewSeparator(),
		bold(tr("各单位本月填报")),
		p.units,
		widget.NewSeparator(),
		container.NewHBox(p.audit),
	)
	p.clear()
	return p
}

// clear forgets the shown measure.
func (p *progressPane) clear() {
	p.mp, p.view, p.key, p.dirty = nil, nil, "", false
	p.w.menuSaveEnable(false)
}

// editable reports whether the form may be saved.
func (p *progressPane) editable() bool {
	return p.mp != nil && p.mp.Own != nil && p.w.canEdit()
}

// mayChangeEvidence is the one rule for who may add or remove a unit's
// evidence, applied to 添加文件 and to 删除 alike: the view shows that unit
// (chosen in 本单位; the coordinator acts for a unit by choosing it there),
// the unit reports on the measure and the month is open. In the district
// view nobody's evidence can be changed.
func (p *progressPane) mayChangeEvidence(unit string) bool {
	return p.editable() && unit == p.view.Unit
}

// show fills the pane with a measure's progress in view. The form keeps
// what the clerk typed unless the measure, unit or month changed.
func (p *progressPane) show(mp *app.MeasureProgress, v *app.ProgressView) {
	key := mp.Measure.ID + "|" + v.Unit + "|" + string(v.Month)
	if key != p.key && p.dirty && p.mp != nil && p.mp.Own != nil && p.view != nil && !p.view.Closed {
		p.askSave(p.input())
	}
	p.mp, p.view = mp, v
	if key != p.key || !p.dirty {
		p.fill(mp)
	}
	p.key = key

	if v.Unit != "" {
		p.heading.SetText(trf("%s · %s填报", monthLabel(v.Month), v.Unit))
	} else {
		p.heading.SetText(trf("%s · 全区汇总", monthLabel(v.Month)))
	}
	switch {
	case v.Unit == "":
		p.form.Hide()
		p.note.Importance = widget.MediumImportance
		p.note.SetText(tr("全区汇总：区级状态由主责单位的填报得出。在上方“本单位”中选择单位后可填报本单位进展。"))
		p.note.Show()
	case p.w.isGroup[v.Unit]:
		p.form.Hide()
		p.note.Importance = widget.MediumImportance
		p.note.SetText(trf("“%s”是单位组，由其成员单位各自填报。", v.Unit))
		p.note.Show()
	case v.Closed:
		p.form.Show()
		p.note.Importance = widget.DangerImportance
		p.note.SetText(tr("本月已关账，不能修改。需要修改时请先“重新开启”本月。"))
		p.note.Show()
	default:
		p.form.Show()
		p.note.Hide()
	}
	for _, o := range []fyne.Disableable{p.status, p.progress, p.problems, p.nextSteps, p.evNote, p.save} {
		if p.editable() {
			o.Enable()
		} else {
			o.Disable()
		}
	}
	if p.mayChangeEvidence(v.Unit) {
		p.add.Enable()
	} else {
		p.add.Disable()
	}
	p.w.menuSaveEnable(p.editable())
	p.summary.show(mp, v)
	p.showUnits(mp)
	p.showEvidence(mp, v)
}

// fill puts the unit's entry into the form.
func (p *progressPane) fill(mp *app.MeasureProgress) {
	p.filling = true
	defer func() { p.filling = false }()
	var e data.Entry
	if mp.Own != nil && mp.Own.Entry != nil {
		e = *mp.Own.Entry
	}
	if e.Status == "" {
		p.status.ClearSelected()
	} else {
		p.status.SetSelected(string(e.Status))
	}
	p.progress.SetText(e.Progress)
	p.problems.SetText(e.Problems)
	p.nextSteps.SetText(e.NextSteps)
	p.evNote.SetText(e.EvidenceNote)
	p.dirty = false
}

func (p *progressPane) changed() {
	if !p.filling {
		p.dirty = true
	}
}

// showUnits lists the district status and every lead and co-unit's status
// and texts; co-units are always shown.
func (p *progressPane) showUnits(mp *app.MeasureProgress) {
	strong := widget.RichTextStyleStrong
	plain := widget.RichTextStyleInline
	small := widget.RichTextStyleInline
	small.SizeName = theme.SizeNameCaptionText
	small.ColorName = theme.ColorNamePlaceHolder
	var segs []widget.RichTextSegment
	line := func(ss ...widget.RichTextSegment) {
		segs = append(segs, ss...)
		segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
	}
	coloured := func(s data.Status) *widget.TextSegment {
		st := strong
		switch s {
		case data.StatusDone:
			st.ColorName = theme.ColorNameSuccess
		case data.StatusOnTrack:
			st.ColorName = theme.ColorNamePrimary
		case data.StatusLate:
			st.ColorName = theme.ColorNameError
		case data.StatusNotReported:
			st.ColorName = theme.ColorNameWarning
		default:
			st.ColorName = theme.ColorNamePlaceHolder
		}
		return &widget.TextSegment{Text: string(s), Style: st}
	}
	dist := []widget.RichTextSegment{&widget.TextSegment{Text: tr("区级状态："), Style: strong}, coloured(mp.District)}
	if mp.Overdue {
		st := strong
		st.ColorName = theme.ColorNameError
		dist = append(dist, &widget.TextSegment{Text: tr("  逾期"), Style: st})
	} else if mp.DueThisMonth {
		st := strong
		st.ColorName = theme.ColorNameWarning
		dist = append(dist, &widget.TextSegment{Text: tr("  本月到期"), Style: st})
	}
	if mp.Due != "" {
		dist = append(dist, &widget.TextSegment{Text: trf("  截止 %s", chineseDate(mp.Due)), Style: small})
	}
	line(dist...)
	unit := func(role string, u app.UnitEntry) {
		name := plain
		if p.view != nil && u.Unit == p.view.Unit {
			name = strong // the clerk's own unit
			name.ColorName = theme.ColorNamePrimary
		}
		line(&widget.TextSegment{Text: "【" + role + "】" + u.Unit + "：", Style: name}, coloured(u.Status()))
		if u.Entry == nil {
			return
		}
		for _, t := range []struct{ label, text string }{
			{tr("进展情况"), u.Entry.Progress}, {tr("存在问题"), u.Entry.Problems}, {tr("下步计划"), u.Entry.NextSteps},
			{tr("佐证材料说明"), u.Entry.EvidenceNote},
		} {
			if strings.TrimSpace(t.text) != "" {
				line(&widget.TextSegment{Text: "    " + trf("%s：%s", t.label, t.text), Style: small})
			}
		}
	}
	for _, u := range mp.Lead {
		unit(tr("主责"), u)
	}
	for _, u := range mp.Co {
		unit(tr("协办"), u)
	}
	p.units.Segments = segs
	p.units.Refresh()
}

// showEvidence lists the files of the shown unit (every unit's in the
// district view), with a thumbnail for images.
func (p *progressPane) showEvidence(mp *app.MeasureProgress, v *app.ProgressView) {
	p.evidence.RemoveAll()
	if len(mp.Evidence) == 0 {
		p.evidence.Add(p.noFiles)
	}
	for _, e := range mp.Evidence {
		p.evidence.Add(p.evidenceLine(e, v))
	}
	p.evidence.Refresh()
}

func (p *progressPane) evidenceLine(e data.Evidence, v *app.ProgressView) fyne.CanvasObject {
	var thumb fyne.CanvasObject
	if strings.HasPrefix(e.MIME, "image/") {
		img := canvas.NewImageFromResource(theme.FileImageIcon())
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(64, 64))
		if path, ok := p.thumbs[e.ID]; ok {
			img.Resource = nil
			img.File = path
		} else {
			p.loadThumb(e.ID, img)
		}
		thumb = img
	} else {
		icon := widget.NewIcon(theme.FileIcon())
		box := canvas.NewRectangle(nil)
		box.SetMinSize(fyne.NewSize(64, 48))
		thumb = container.NewStack(box, icon)
	}
	name := widget.NewLabelWithStyle(e.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	meta := fmt.Sprintf("%s · %s · %s", sizeText(e.Size), e.AddedAt.Local().Format("2006-01-02 15:04"), e.AddedBy)
	if v.Unit == "" {
		meta += " · " + e.Unit
	}
	if e.Description != "" {
		meta += " · " + e.Description
	}
	info := &widget.Label{Text: meta, SizeName: theme.SizeNameCaptionText, Truncation: fyne.TextTruncateEllipsis}
	open := widget.NewButtonWithIcon(tr("打开"), theme.FileApplicationIcon(), func() { p.onOpen(e) })
	saveAs := widget.NewButtonWithIcon(tr("另存为"), theme.DownloadIcon(), func() { p.onSaveAs(e) })
	del := widget.NewButtonWithIcon(tr("删除"), theme.DeleteIcon(), func() { p.onRemove(e) })
	if !p.mayChangeEvidence(e.Unit) {
		del.Disable()
	}
	buttons := container.NewHBox(open, saveAs, del)
	text := container.NewVBox(name, info)
	return container.NewBorder(nil, nil, container.NewCenter(thumb), nil,
		container.NewVBox(text, buttons))
}

// loadThumb extracts an image file and shows it in img once written.
func (p *progressPane) loadThumb(id int64, img *canvas.Image) {
	var path string
	p.w.runThen(func(ctx context.Context) (err error) {
		path, err = p.w.app.ExtractEvidence(ctx, id)
		return err
	}, func(err error) {
		if err != nil {
			return // the generic icon stays
		}
		p.thumbs[id] = path
		img.Resource = nil
		img.File = path
		img.Refresh()
	})
}

// sizeText is a file size for people: 12 KB, 3.4 MB.
func sizeText(n int64) string {
	switch {
	case n < 1024:
		return trn(int(n), "%d 字节", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.0f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1024/1024)
}

// onSave writes the form as the unit's entry for the month.
func (p *progressPane) onSave() {
	if !p.editable() {
		return
	}
	p.save.Disable()
	p.saveInput(p.input(), func(ok bool) {
		p.save.Enable()
		if ok {
			p.dirty = false
		}
	})
}

// input is the form as a change of the shown unit's entry.
func (p *progressPane) input() data.EntryInput {
	in := data.EntryInput{Unit: p.view.Unit, MeasureID: p.mp.Measure.ID, Month: p.view.Month}
	if p.status.Selected != "" {
		s := data.Status(p.status.Selected)
		in.Status = &s
	}
	progress, problems, next, note := p.progress.Text, p.problems.Text, p.nextSteps.Text, p.evNote.Text
	in.Progress, in.Problems, in.NextSteps, in.EvidenceNote = &progress, &problems, &next, &note
	return in
}

// saveInput writes in, then reloads; done (if not nil) learns whether it was written.
func (p *progressPane) saveInput(in data.EntryInput, done func(ok bool)) {
	w := p.w
	w.runThen(func(ctx context.Context) error {
		_, err := w.app.SetEntry(context.WithoutCancel(ctx), in)
		return err
	}, func(err error) {
		if done != nil {
			done(err == nil)
		}
		if err != nil {
			w.showError(err)
			return
		}
		w.reload()
	})
}

// askSave offers to save what the clerk typed for another measure, unit or
// month before it is replaced in the form.
func (p *progressPane) askSave(in data.EntryInput) {
	d := newConfirm(tr("保存修改？"),
		trf("%s %s 工作措施 %s 的填报有未保存的修改。\n保存这些修改吗？", monthLabel(in.Month), in.Unit, in.MeasureID),
		func(ok bool) {
			if ok {
				p.saveInput(in, nil)
			}
		}, p.w.win)
	d.SetConfirmText(tr("保存"))
	d.SetDismissText(tr("不保存"))
	d.Show()
}

// onAdd lets the clerk choose a file to attach.
func (p *progressPane) onAdd() {
	if p.view == nil || !p.mayChangeEvidence(p.view.Unit) {
		return
	}
	askOpenPath(p.w.win, p.w.fa.Preferences(), tr("添加佐证材料"), evidenceTypes(), prefEvidenceFolder,
		func(path string) { p.attach([]string{path}) })
}

// attach adds the files at paths as evidence of the shown unit's entry,
// one after another in a goroutine; big files get a progress dialog.
func (p *progressPane) attach(paths []string) {
	w := p.w
	if p.view == nil || !p.mayChangeEvidence(p.view.Unit) {
		d := newInformation(tr("无法添加佐证材料"), tr("请先在“本单位”中选择单位、选中一项工作措施，并确认本月未关账。"), w.win)
		d.SetDismissText(tr("知道了"))
		d.Show()
		return
	}
	unit, measure, month := p.view.Unit, p.mp.Measure.ID, p.view.Month
	var total int64
	for _, path := range paths {
		if st, err := os.Stat(path); err == nil {
			total += st.Size()
		}
	}
	var progress dialog.Dialog
	if total > bigFile {
		progress = dialog.NewCustomWithoutButtons(tr("正在添加佐证材料"),
			container.NewVBox(widget.NewLabel(trn(len(paths), "正在保存 %d 个文件（%s）到数据库……", len(paths), sizeText(total))),
				widget.NewProgressBarInfinite()), w.win)
		progress.Show()
	}
	var errs []error // one per file not added
	w.run(func(ctx context.Context) error {
		ctx = context.WithoutCancel(ctx)
		for _, path := range paths {
			if _, err := w.app.AttachFile(ctx, unit, measure, month, path, ""); err != nil {
				errs = append(errs, err)
			}
		}
		return nil
	}, func() {
		if progress != nil {
			progress.Hide()
		}
		for _, err := range errs {
			w.showError(err)
		}
		w.reload()
	})
}

// onOpen opens an evidence file with the system's program.
func (p *progressPane) onOpen(e data.Evidence) {
	w := p.w
	done := w.showBusy(e)
	var path string
	w.runThen(func(ctx context.Context) (err error) {
		path, err = w.app.ExtractEvidence(ctx, e.ID)
		return err
	}, func(err error) {
		done()
		if err != nil {
			w.showError(err)
			return
		}
		if err := openInSystem(path); err != nil {
			w.showError(data.Errorf(data.EINVALID, tr("无法打开“%s”：%v"), e.Name, err))
		}
	})
}

// showBusy shows a progress bar while a big evidence file is read out of
// the database (more than a blink; nothing for a small one) and returns
// the function that ends it.
func (w *mainWindow) showBusy(e data.Evidence) (done func()) {
	if e.Size <= bigFile {
		return func() {}
	}
	d := dialog.NewCustomWithoutButtons(tr("正在取出佐证材料"),
		container.NewVBox(widget.NewLabel(trf("正在从数据库取出“%s”（%s）……", e.Name, sizeText(e.Size))),
			widget.NewProgressBarInfinite()), w.win)
	d.Show()
	return d.Hide
}

// onSaveAs writes an evidence file where the clerk chooses.
func (p *progressPane) onSaveAs(e data.Evidence) {
	w := p.w
	askSavePath(w, e.Name, "", "", func(dest string) {
		done := w.showBusy(e)
		w.runThen(func(ctx context.Context) error {
			return w.app.SaveBlob(ctx, e.SHA256, dest)
		}, func(err error) {
			done()
			if err != nil {
				w.showError(err)
			}
		})
	})
}

// onRemove removes an evidence file after the clerk confirms.
func (p *progressPane) onRemove(e data.Evidence) {
	if !p.mayChangeEvidence(e.Unit) {
		return
	}
	w := p.w
	d := newConfirm(tr("删除佐证材料"),
		trf("删除“%s”？\n删除后不再列出，但文件仍保留在数据库和审计记录中。", e.Name),
		func(ok bool) {
			if ok {
				p.remove(e.ID)
			}
		}, w.win)
	d.SetConfirmText(tr("删除"))
	d.SetDismissText(tr("取消"))
	d.Show()
}

func (p *progressPane) remove(id int64) {
	w := p.w
	w.runThen(func(ctx context.Context) error {
		return w.app.RemoveEvidence(context.WithoutCancel(ctx), id)
	}, func(err error) {
		if err != nil {
			w.showError(err)
		}
		w.reload()
	})
}

// onAudit shows the measure's audit log.
func (p *progressPane) onAudit() {
	if p.mp == nil {
		return
	}
	w := p.w
	id, year := p.mp.Measure.ID, w.year()
	var recs []data.AuditRecord
	w.run(func(ctx context.Context) (err error) {
		recs, err = w.app.Audit(ctx, data.AuditFilter{Year: year, MeasureID: id})
		return err
	}, func() { showAuditDialog(w.win, trf("%d 年工作措施 %s 的审计记录", year, id), recs) })
}
