package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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
