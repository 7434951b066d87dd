package ui

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"taizhang/data"
)

// planFixture is the Word plan planfile's tests convert with LibreOffice:
// a 2024 annex with a new unit (区数据局), a renamed one
// (区住房和城乡建设委员会) and a typo (区生太环境局).
var planFixture = filepath.Join("..", "reports", "planfile", "testdata", "plan-merged.docx")

// selectsOf lists the drop-downs under o.
func selectsOf(o fyne.CanvasObject) []*widget.Select {
	var out []*widget.Select
	for _, c := range test.LaidOutObjects(o) {
		if s, ok := c.(*widget.Select); ok {
			out = append(out, s)
		}
	}
	return out
}

// TestPlanImportWindow checks the Word plan in the window: the preview
// shows the counts and every unit, each unknown one with its drop-downs;
// the clerk makes the renamed department an alias; 导入 writes the year
// and the year picker shows it. A file with problems lists them with
// their place and cannot be imported.
func TestPlanImportWindow(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	z := newPlanImportWindow(w)
	z.win.Resize(fyne.NewSize(1000, 760))
	z.setPath(planFixture)
	waitIdle(t, w)
	if z.pi == nil || z.apply.Disabled() {
		t.Fatalf("the preview does not allow importing: %+v", z.pi)
	}
	if z.year.Text != "2024" {
		t.Errorf("the year read from the title shows as %q", z.year.Text)
	}
	content := z.win.Content()
	for _, want := range []string{"2024 年行动计划", "西政办发〔2024〕2号", "西城区2024年大气污染防治重点任务", "区数据局", "区生太环境局", "区住房和城乡建设委员会", "已有单位组", "完成时限："} {
		if !hasText(content, want) && z.docNo.Text != want && z.title.Text != want {
			t.Errorf("the preview lacks %q", want)
		}
	}
	// three unknown names, two drop-downs each
	sels := selectsOf(content)
	if len(sels) != 6 {
		t.Fatalf("%d drop-downs, want 6", len(sels))
	}
	renamed := -1
	for i, d := range z.pi.Units {
		if d.Name == "区住房和城乡建设委员会" {
			renamed = i
		}
	}
	// the rows are in the order of the names: find the renamed one's pair
	pair := 0
	for _, d := range z.pi.Units {
		if d.Name == "区住房和城乡建设委员会" {
			break
		}
		if d.Action != "known" {
			pair++
		}
	}
	sels[2*pair].SetSelected("别名")
	sels[2*pair+1].SetSelected("区住房城市建设委")
	if d := z.pi.Units[renamed]; d.Action != "alias" || d.Target != "区住房城市建设委" {
		t.Fatalf("decision after the drop-downs: %+v", d)
	}
	// a refusal is told in the import window, not in the main window
	// behind it
	docNo := z.docNo.Text
	z.docNo.SetText("第2号")
	test.Tap(z.apply)
	waitIdle(t, w)
	if top := z.win.Canvas().Overlays().Top(); top == nil || !hasText(top, "文号“第2号”的格式不对") {
		t.Error("a bad 文号 is not told in the import window")
	} else {
		top.Hide()
	}
	if w.win.Canvas().Overlays().Top() != nil {
		t.Error("the main window shows a dialog")
	}
	z.docNo.SetText(docNo)
	test.Tap(z.apply)
	waitIdle(t, w)
	if !slices.Equal(a.Years(), []int{2023, 2024}) {
		t.Fatalf("years %v after the import", a.Years())
	}
	if w.year() != 2024 || !slices.Contains(w.filter.year.Options, "2024年") {
		t.Errorf("the year picker shows %d of %v", w.year(), w.filter.year.Options)
	}
	if u, err := a.Units(ctx, 2024); err != nil || !hasUnit(u, "区数据局") {
		t.Errorf("区数据局 not in the directory: %v", err)
	}
	if rows, _ := a.FindMeasures(ctx, data.MeasureFilter{Year: 2024, Unit: "区住房和城乡建设委员会"}); len(rows) == 0 {
		t.Error("the alias finds no 2024 measure")
	}

	// a file with problems: listed with their place, 导入 disabled; the
	// year shown for the last file does not stay for the next
	bad := filepath.Join(t.TempDir(), "坏计划.docx")
	os.WriteFile(bad, []byte("PK\x03\x04 not a zip"), 0o644)
	z = newPlanImportWindow(w)
	z.year.SetText("2024") // as the last file showed it
	z.setPath(bad)
	waitIdle(t, w)
	if z.year.Text != "" {
		t.Errorf("the last file's year %q stays", z.year.Text)
	}
	if !z.apply.Disabled() || !hasText(z.win.Content(), "文件“坏计划.docx”") {
		t.Error("a damaged file is not refused with its name")
	}
}

func hasUnit(units []data.UnitSummary, name string) bool {
	for _, u := range units {
		if u.Unit.Name == name {
			return true
		}
	}
	return false
}

// TestUnitDirectoryWindow adds a unit and renames one through the window.
func TestUnitDirectoryWindow(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	d := newUnitDirectory(w, w.year())
	d.load()
	waitIdle(t, w)
	if len(d.units) < 50 || !d.rename.Disabled() {
		t.Fatalf("%d units, rename enabled %v", len(d.units), !d.rename.Disabled())
	}
	d.edit(func(ctx context.Context) error { return a.AddUnit(ctx, "区数据局", data.UnitDepartment) })
	waitIdle(t, w)
	i := slices.IndexFunc(d.units, func(u data.UnitSummary) bool { return u.Unit.Name == "区城市管理委" })
	d.list.Select(i)
	if d.rename.Disabled() || !d.members.Disabled() {
		t.Error("buttons for a department")
	}
	d.edit(func(ctx context.Context) error {
		return a.RenameUnit(ctx, "区城市管理委", "区城市管理委员会")
	})
	waitIdle(t, w)
	if !hasUnit(d.units, "区数据局") || !hasUnit(d.units, "区城市管理委员会") {
		t.Error("the list does not show the edits")
	}
	if got, _ := a.Units(ctx, 2023); !hasUnit(got, "区城市管理委员会") {
		t.Error("not renamed")
	}
	// a refused edit is told in the directory's window, not in the main
	// window behind it
	d.edit(func(ctx context.Context) error { return a.AddUnit(ctx, "区数据局", data.UnitDepartment) })
	waitIdle(t, w)
	if top := d.win.Canvas().Overlays().Top(); top == nil || !hasText(top, "区数据局") {
		t.Error("a refused edit is not told in the directory's window")
	}
	if w.win.Canvas().Overlays().Top() != nil {
		t.Error("the main window shows a dialog")
	}
}

// TestWelcomeOffersAnotherYear: the first run's dialog opens the plan
// import.
func TestWelcomeOffersAnotherYear(t *testing.T) {
	w, _ := newTestWindow(t)
	c := newWelcome(w, w.filter.unit.units)
	c.show()
	var other *widget.Button
	for _, o := range test.LaidOutObjects(w.win.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "导入其他年度的计划…" {
			other = b
		}
	}
	if other == nil {
		t.Fatal("the welcome has no 导入其他年度的计划…")
	}
	test.Tap(other)
	waitIdle(t, w)
	opened := false
	for _, win := range fyne.CurrentApp().Driver().AllWindows() {
		if win.Title() == "导入新年度计划" {
			opened = true
		}
	}
	if !opened {
		t.Error("the plan import window did not open")
	}
}

// linkWorkbook writes a 2024 plan workbook (说明 and one annex sheet) whose task
// 积极推广新能源汽车 carries 2023's 2-1.4.1 on word for word and has a
// measure new in its text, and whose task 20 is new: neither new measure
// is linked by the preview.
func linkWorkbook(t *testing.T, same string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"附件2-1"},
		{"西城区大气污染防治2024年行动计划"},
		{"序号", "重点任务", "工作措施", "完成时限", "主责单位", "协办单位"},
		{"一、结构调整"},
		{"4", "积极推广新能源汽车", same, "年底前", "区交通委", "区生态环境局"},
		{"", "", "推进巡游出租车全面更新为纯电动车辆，年内更新不少于 300 辆。", "年底前", "区交通委", ""},
		{"20", "建设碳普惠平台", "搭建区级碳普惠平台，覆盖辖区主要公共机构。", "9月底前", "区发展改革委", "区生态环境局"},
	}
	notice := [][]any{
		{"年度行动计划导入工作簿"},
		{},
		{"计划名称", "西城区深入打好污染防治攻坚战2024年行动计划"},
		{"文号", "西政办发〔2024〕2号"},
		{"印发日期", "2024-02-20"},
	}
	f.SetSheetName("Sheet1", "说明")
	f.NewSheet("附件2-1")
	for sheet, rows := range map[string][][]any{"说明": notice, "附件2-1": rows} {
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "2024年计划.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPlanImportLinkAnyMeasure: a new measure the preview leaves unlinked
// may carry on any measure of last year, picked from a searchable list
// with those of the same task first; a measure another one carries on
// already is refused with the reason; 导入 writes the links picked.
func TestPlanImportLinkAnyMeasure(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	old := find(t, a, data.MeasureFilter{Year: 2023})
	same := slices.IndexFunc(old, func(r data.MeasureRow) bool { return r.Measure.ID == "2-1.4.1" })
	z := newPlanImportWindow(w)
	z.win.Resize(fyne.NewSize(1000, 760))
	z.win.Show()
	z.setPath(linkWorkbook(t, old[same].Measure.Text))
	waitIdle(t, w)
	if z.pi == nil || len(z.pi.Problems) > 0 {
		t.Fatalf("the workbook does not read: %v", z.pi.Problems)
	}
	if len(z.pi.Links) != 1 || z.pi.Links[0].PrevMeasureID != "2-1.4.1" {
		t.Fatalf("links proposed: %+v", z.pi.Links)
	}
	if len(z.links) != 2 || z.links["2-1.4.2"] == nil || z.links["2-1.20.1"] == nil {
		t.Fatalf("pickers for %v, want 2-1.4.2 and 2-1.20.1", slices.Collect(maps.Keys(z.links)))
	}
	if !hasText(z.win.Content(), "未延续的新措施（2 条）") {
		t.Error("the unlinked measures are not introduced")
	}

	// The changed measure: 不延续, the task's four measures of 2023, then
	// the other 133 in printed order.
	p := z.links["2-1.4.2"]
	if p.button.Text != "不延续" {
		t.Errorf("the picker starts on %q", p.button.Text)
	}
	test.Tap(p.button)
	if !p.popup.Visible() {
		t.Fatal("the picker does not open")
	}
	var got []string
	for _, it := range p.items {
		switch {
		case it.none:
			got = append(got, "none")
		case it.heading != "":
			got = append(got, it.heading)
		default:
			got = append(got, it.row.Measure.ID)
		}
	}
	if len(got) != 1+1+4+1+len(old)-4 || got[0] != "none" || got[1] != "2023 年同一任务下的措施" || got[6] != "2023 年的其他措施" || got[7] != old[0].Measure.ID {
		t.Fatalf("the picker lists %d lines: %v…", len(got), got[:min(len(got), 9)])
	}
	for _, id := range got[2:6] {
		if !strings.HasPrefix(id, "2-1.4.") {
			t.Errorf("%s is listed under the same task", id)
		}
	}
	if !hasText(p.popup, "已由 2-1.4.1 延续") {
		t.Error("the measure carried on already is not marked")
	}
	// By text: a measure of another annex.
	test.Type(p.entry, "碳排放权交易")
	for _, it := range p.items {
		if it.heading == "" && !strings.Contains(it.row.Measure.Text, "碳排放权交易") {
			t.Errorf("the search keeps %s", it.row.Measure.ID)
		}
	}
	p.onSubmit("")
	if p.popup.Visible() || !strings.HasPrefix(p.button.Text, "1.3.1 ") {
		t.Fatalf("after Return the picker shows %q", p.button.Text)
	}

	// The new task's measure: no same-task group; by ID, a measure carried
	// on already is refused and the picker goes back to 不延续.
	q := z.links["2-1.20.1"]
	test.Tap(q.button)
	if q.items[1].heading != "2023 年的其他措施" {
		t.Errorf("a measure of a new task opens on %q", q.items[1].heading)
	}
	test.Type(q.entry, "2-1.4.1")
	q.onSubmit("")
	waitIdle(t, w)
	if q.button.Text != "不延续" || !hasText(z.win.Canvas().Overlays().Top(), "已由新措施 2-1.4.1 延续") {
		t.Fatalf("picking a measure carried on already: the picker shows %q", q.button.Text)
	}
	z.win.Canvas().Overlays().Top().Hide()
	test.Tap(q.button)
	test.Type(q.entry, "2-1.4.3")
	q.onSubmit("")

	test.Tap(z.apply)
	waitIdle(t, w)
	links, err := a.MeasureLinks(ctx, 2024)
	if err != nil {
		t.Fatal(err)
	}
	for id, prev := range map[string]string{"2-1.4.1": "2-1.4.1", "2-1.4.2": "1.3.1", "2-1.20.1": "2-1.4.3"} {
		if l := links[id]; l.PrevYear != 2023 || l.PrevMeasureID != prev {
			t.Errorf("%s carries on %d %s, want 2023 %s", id, l.PrevYear, l.PrevMeasureID, prev)
		}
	}
	if len(links) != 3 {
		t.Errorf("%d links written, want 3: %v", len(links), links)
	}
}
