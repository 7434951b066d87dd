package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"taizhang/app"
	"taizhang/data"
)

// summaryPane is the district summary (区级汇总) of the shown measure and
// month, in the district view of the district coordinator (本单位 is
// 区级统筹), who writes it; until saved it shows the draft the report
// would print, made from the lead units' progress.
type summaryPane struct {
	w *mainWindow

	box       *fyne.Container
	origin    *widget.Label // 草稿… or who saved it when
	progress  *widget.Entry
	problems  *widget.Entry
	nextSteps *widget.Entry
	save      *widget.Button

	key     string // measure|month shown
	input   data.DistrictSummaryInput
	dirty   bool // the coordinator changed the texts since they were filled
	filling bool
}

func newSummaryPane(w *mainWindow) *summaryPane {
	s := &summaryPane{w: w, origin: &widget.Label{Wrapping: fyne.TextWrapWord, Importance: widget.LowImportance}}
	multi := func(hint string) *widget.Entry {
		e := widget.NewMultiLineEntry()
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
		e.PlaceHolder = hint
		e.OnChanged = func(string) {
			if !s.filling {
				s.dirty = true
			}
		}
		return e
	}
	s.progress = multi(tr("全区本月进展的汇总，打印在全区月报中"))
	s.problems = multi(tr("存在的问题（没有可不填）"))
	s.nextSteps = multi(tr("下一步工作计划"))
	s.nextSteps.SetMinRowsVisible(2)
	s.problems.SetMinRowsVisible(2)
	s.save = widget.NewButtonWithIcon(tr("保存区级汇总"), theme.DocumentSaveIcon(), s.onSave)
	s.box = container.NewVBox(
		widget.NewLabelWithStyle(tr("区级汇总"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.origin,
		widget.NewForm(
			widget.NewFormItem(tr("进展情况"), s.progress),
			widget.NewFormItem(tr("存在问题"), s.problems),
			widget.NewFormItem(tr("下步计划"), s.nextSteps),
		),
		container.NewHBox(s.save),
		widget.NewSeparator(),
	)
	s.box.Hide()
	return s
}

// show loads the summary of mp in view v, when the pane applies: the
// district view of the coordinator. What the coordinator typed stays
// until the measure or month changes, and is offered for saving then.
func (s *summaryPane) show(mp *app.MeasureProgress, v *app.ProgressView) {
	if v.Unit != "" || !s.w.coordinator {
		s.box.Hide()
		return
	}
	key := mp.Measure.ID + "|" + string(v.Month)
	if key == s.key && s.dirty {
		return
	}
	if s.dirty {
		s.askSave(s.formInput())
	}
	s.key, s.dirty = key, false
	s.input = data.DistrictSummaryInput{MeasureID: mp.Measure.ID, Month: v.Month}
	for _, o := range []fyne.Disableable{s.progress, s.problems, s.nextSteps, s.save} {
		if v.Closed {
			o.Disable()
		} else {
			o.Enable()
		}
	}
	s.box.Show()
	m := *mp
	var sum app.MeasureSummary
	s.w.run(func(ctx context.Context) (err error) {
		sum, err = s.w.app.MeasureSummary(ctx, m, v.Month)
		return err
	}, func() {
		if s.key == key && !s.dirty {
			s.fill(sum, v.Closed)
		}
	})
}

// fill puts a summary into the texts.
func (s *summaryPane) fill(sum app.MeasureSummary, closed bool) {
	s.filling = true
	defer func() { s.filling = false }()
	s.progress.SetText(sum.Progress)
	s.problems.SetText(sum.Problems)
	s.nextSteps.SetText(sum.NextSteps)
	switch {
	case sum.Drafted:
		s.origin.SetText(tr("草稿：由主责单位的进展生成，月报按此打印；修改并保存后按保存的内容打印。"))
	default:
		s.origin.SetText(trf("%s 于 %s 保存。", sum.Clerk, sum.UpdatedAt.Local().Format("2006-01-02 15:04")))
	}
	if closed {
		s.origin.SetText(s.origin.Text + tr("本月已关账，不能修改。"))
	}
	s.dirty = false
}

// formInput is the texts as a change of the shown summary.
func (s *summaryPane) formInput() data.DistrictSummaryInput {
	in := s.input
	progress, problems, next := s.progress.Text, s.problems.Text, s.nextSteps.Text
	in.Progress, in.Problems, in.NextSteps = &progress, &problems, &next
	return in
}

func (s *summaryPane) onSave() {
	s.save.Disable()
	s.saveInput(s.formInput(), func(sum app.MeasureSummary, ok bool) {
		s.save.Enable()
		if ok && s.input.MeasureID == sum.MeasureID && s.input.Month == sum.Month {
			s.fill(sum, false)
		}
	})
}

// saveInput writes in; done (if not nil) learns what was stored.
func (s *summaryPane) saveInput(in data.DistrictSummaryInput, done func(sum app.MeasureSummary, ok bool)) {
	var sum app.MeasureSummary
	s.w.runThen(func(ctx context.Context) (err error) {
		sum, err = s.w.app.SetDistrictSummary(context.WithoutCancel(ctx), in)
		return err
	}, func(err error) {
		if err != nil {
			s.w.showError(err)
		}
		if done != nil {
			done(sum, err == nil)
		}
	})
}

// askSave offers to save the summary typed for another measure or month.
func (s *summaryPane) askSave(in data.DistrictSummaryInput) {
	d := newConfirm(tr("保存修改？"),
		trf("%s 工作措施 %s 的区级汇总有未保存的修改。\n保存这些修改吗？", in.Month.Label(), in.MeasureID),
		func(ok bool) {
			if ok {
				s.saveInput(in, nil)
			}
		}, s.w.win)
	d.SetConfirmText(tr("保存"))
	d.SetDismissText(tr("不保存"))
	d.Show()
}
