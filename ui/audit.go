package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"taizhang/data"
)

// auditField names an audited change for the clerk.
func auditField(r data.AuditRecord) string {
	switch r.Action {
	case data.ActionEvidenceAdd:
		return tr("添加佐证材料")
	case data.ActionEvidenceRemove:
		return tr("删除佐证材料")
	case data.ActionEvidenceDescription:
		return tr("佐证材料说明")
	case data.ActionMonthClose:
		return tr("关账")
	case data.ActionMonthReopen:
		return tr("重新开启")
	case data.ActionDueOverride:
		return tr("截止日期")
	case data.ActionReturnReceived:
		return tr("回执表收到日期")
	case data.ActionPlanImport:
		return tr("导入行动计划")
	case data.ActionUnitAdd:
		return tr("添加单位")
	case data.ActionUnitRename:
		return tr("单位改名")
	case data.ActionUnitAlias:
		return tr("添加单位别名")
	case data.ActionUnitKind:
		return tr("单位类型")
	case data.ActionGroupMembers:
		return tr("单位组成员")
	case data.ActionMeasureLinks:
		return tr("措施延续关系")
	}
	switch r.Field {
	case data.FieldStatus:
		return tr("完成状态")
	case data.FieldProgress:
		return tr("进展情况")
	case data.FieldProblems:
		return tr("存在问题")
	case data.FieldNextSteps:
		return tr("下步计划")
	case data.FieldEvidenceNote:
		return tr("佐证材料说明（回执表）")
	}
	return r.Field
}

// auditCells is one audit record as the table's cells.
func auditCells(r data.AuditRecord) [7]string {
	old, nw := r.Old, r.New
	if old == "" {
		old = tr("（空）")
	}
	if nw == "" {
		nw = tr("（空）")
	}
	source := tr("手工修改")
	if r.Source != "" {
		source = trf("来源：%s", r.Source)
	}
	return [7]string{
		r.At.Local().Format("2006-01-02 15:04:05"), r.Clerk, orDash(r.Unit),
		orDash(string(r.Month)), auditField(r), old + " → " + nw, source,
	}
}

// showAuditDialog shows audit records in a table.
func showAuditDialog(win fyne.Window, title string, recs []data.AuditRecord) {
	headers := []string{tr("时间"), tr("经办人"), tr("单位"), tr("月份"), tr("项目"), tr("原值 → 新值"), tr("来源")}
	widths := []float32{170, 90, 150, 80, 110, 330, 330}
	t := widget.NewTableWithHeaders(
		func() (int, int) { return len(recs), len(headers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			o.(*widget.Label).SetText(auditCells(recs[id.Row])[id.Col])
		})
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 {
			o.(*widget.Label).SetText(headers[id.Col])
		}
	}
	for i, wd := range widths {
		t.SetColumnWidth(i, wd)
	}
	var body fyne.CanvasObject = t
	if len(recs) == 0 {
		body = container.NewCenter(widget.NewLabel(tr("这项工作措施还没有修改记录")))
	}
	d := dialog.NewCustom(title, tr("关闭"), body, win)
	d.Resize(fyne.NewSize(1280, 560))
	d.Show()
}
