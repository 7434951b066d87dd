package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"taizhang/app"
	"taizhang/data"
)

func TestWelcome(t *testing.T) {
	w, a := newTestWindow(t) // a new ledger: newTestWindow closed its welcome
	ctx := context.Background()
	if my, _ := a.MyUnit(ctx); !needsWelcome(a.ClerkIsSet(ctx), my) {
		t.Fatal("a new ledger does not ask for the clerk's unit and name")
	}
	c := newWelcome(w, w.filter.unit.units)
	c.show()
	if !hasText(w.win.Canvas().Overlays().Top(), "欢迎使用台账") {
		t.Fatal("the welcome dialog is not shown")
	}
	if !c.start.Disabled() {
		t.Error("开始使用 is enabled before a name is typed")
	}
	// Nothing is chosen for the clerk: a street clerk who only types a name
	// must not become the coordinator.
	if c.unit.chosen() || c.unit.button.Text != "请选择本单位" {
		t.Errorf("the unit starts chosen, as %q", c.unit.button.Text)
	}
	test.Type(c.name, "李四")
	if !c.start.Disabled() {
		t.Error("开始使用 is enabled with a name and no unit")
	}
	c.onStart() // Enter in the name entry
	waitIdle(t, w)
	if a.ClerkIsSet(ctx) {
		t.Fatal("开始使用 without a unit saved the settings")
	}
	// Picking 区级统筹 is a choice too.
	c.unit.onPick(0)
	if !c.unit.chosen() || c.unit.unit() != "" || c.start.Disabled() {
		t.Errorf("after picking %q: chosen %v, unit %q, start disabled %v",
			c.unit.button.Text, c.unit.chosen(), c.unit.unit(), c.start.Disabled())
	}
	c.name.SetText("")
	if !c.start.Disabled() {
		t.Error("开始使用 stays enabled without a name")
	}
	// The own-unit picker offers the coordinator and units, never a group.
	for _, it := range c.unit.items {
		if it.heading == "" && !it.all && it.unit.Unit.Kind == data.UnitGroup {
			t.Errorf("the picker offers the group %s as own unit", it.unit.Unit.Name)
		}
	}
	// By keyboard: Shift+Tab to the unit button, space opens the picker,
	// whose search takes the keyboard.
	w.win.Canvas().Focus(c.unit.button)
	c.unit.onOpen()
	c.unit.onSearch("德胜")
	c.unit.onSubmit("")
	// A picked unit hands the keyboard to the name: Return there starts.
	if f := w.win.Canvas().Focused(); f != c.name {
		t.Errorf("after picking the unit the focus is on %T, not the name", f)
	}
	test.Type(c.name, "李四")
	if c.start.Disabled() {
		t.Fatal("开始使用 stays disabled with a name")
	}
	test.Tap(c.start)
	waitIdle(t, w)

	if got := a.Clerk(ctx); got != "李四" {
		t.Errorf("clerk %q", got)
	}
	if my, _ := a.MyUnit(ctx); my != "德胜街道" || needsWelcome(a.ClerkIsSet(ctx), my) {
		t.Errorf("own unit %q", my)
	}
	if w.view.Unit != "德胜街道" {
		t.Errorf("the plan shows unit %q after the welcome", w.view.Unit)
	}
	if !strings.Contains(w.where.Text, "德胜街道") {
		t.Errorf("status line %q does not name the unit", w.where.Text)
	}
	if !hasText(w.win.Canvas().Overlays().Top(), "第1步") {
		t.Error("the guide to the month's work does not follow the welcome")
	}
}

func TestSettings(t *testing.T) {
	w, a := newTestWindow(t)
	ctx := context.Background()
	v, err := w.loadSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if v.dueDay != 5 || v.backupDir == "" || v.movable {
		t.Errorf("settings of a new ledger in a temp folder: %+v", v)
	}
	s := newSettingsDialog(w, v, w.filter.unit.units)
	s.show()
	s.unit.setUnit(testUnit)
	s.name.SetText("王五")
	s.language.SetSelected("English")
	s.dueDay.SetSelected("10")
	if s.binding.Selected != "25" {
		t.Errorf("binding margin opens on %q, want 25", s.binding.Selected)
	}
	s.binding.SetSelected("30")
	s.onSave()
	waitIdle(t, w)
	if got := w.fa.Preferences().String(prefLanguage); got != langEnglish {
		t.Errorf("language preference %q", got)
	}
	if !hasText(w.win.Canvas().Overlays().Top(), "after the program restarts") {
		t.Error("the clerk is not told when the language changes")
	}
	if got, _ := a.MyUnit(ctx); got != testUnit || a.Clerk(ctx) != "王五" {
		t.Errorf("own unit %q, clerk %q", got, a.Clerk(ctx))
	}
	if day, _ := a.ReturnDueDay(ctx); day != 10 {
		t.Errorf("due day %d", day)
	}
	if mm, _ := a.ReportBindingMargin(ctx); mm != 30 {
		t.Errorf("binding margin %v mm", mm)
	}

	// Back to the coordinator: the unit filter shows every unit.
	if v, err = w.loadSettings(ctx); err != nil {
		t.Fatal(err)
	}
	s = newSettingsDialog(w, v, w.filter.unit.units)
	if s.unit.unit() != testUnit || s.language.Selected != "English" {
		t.Errorf("the dialog opens on %q, %q", s.unit.unit(), s.language.Selected)
	}
	s.unit.setUnit("")
	s.onSave()
	waitIdle(t, w)
	if got, _ := a.MyUnit(ctx); got != app.DistrictCoordinator || w.filter.unit.unit() != "" {
		t.Errorf("own unit %q, filter %q", got, w.filter.unit.unit())
	}
}

func TestMoveDataFolder(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv(app.DBEnv, "")
	w, _ := newTestWindow(t)
	dir := filepath.Join(t.TempDir(), "新位置")
	w.moveData(dir)
	waitIdle(t, w)
	if !hasText(w.win.Canvas().Overlays().Top(), "核对无误") {
		t.Fatal("the clerk is not told that the database was copied")
	}
	if got, _ := app.DefaultDBPath(); got != filepath.Join(dir, app.DBName) {
		t.Errorf("the next start opens %s", got)
	}
	if _, err := os.Stat(filepath.Join(dir, app.DBName)); err != nil {
		t.Error(err)
	}
}

// welcomes counts the welcome dialogs shown over the main window.
func welcomes(w *mainWindow) int {
	n := 0
	for _, o := range w.win.Canvas().Overlays().List() {
		if hasText(o, "欢迎使用台账") {
			n++
		}
	}
	return n
}

// TestWelcomeAfterPlanImport: the welcome is offered once, not again at
// every reading of the unit directory (another year picked, a plan
// imported); a plan import started from it brings the clerk back to it,
// as they left it, once the import window is closed or the import's result
// read; then the clerk may pick the unit the new plan brought.
func TestWelcomeAfterPlanImport(t *testing.T) {
	w, a := newTestWindow(t) // its welcome was put off (以后再说)
	ctx := context.Background()
	w.filter.setYears(a.Years(), 2023) // as after a plan import
	waitIdle(t, w)
	if n := welcomes(w); n != 0 {
		t.Fatalf("a year picked reopens the welcome put off: %d shown", n)
	}

	c := newWelcome(w, w.filter.unit.units)
	c.show()
	test.Type(c.name, "赵六")
	other := buttonIn(w.win.Canvas().Overlays().Top(), "导入其他年度的计划…")
	if other == nil {
		t.Fatal("the welcome has no 导入其他年度的计划…")
	}
	// Closed without importing: back to the welcome, once.
	test.Tap(other)
	waitIdle(t, w)
	if welcomes(w) != 0 || w.plans == nil {
		t.Fatal("the plan import does not take the welcome's place")
	}
	test.Tap(w.plans.close)
	waitIdle(t, w)
	if n := welcomes(w); n != 1 || c.name.Text != "赵六" {
		t.Fatalf("after the import window closed: %d welcomes, name %q", n, c.name.Text)
	}

	// Imported: the result first, then the welcome, once.
	test.Tap(other)
	waitIdle(t, w)
	z := w.plans
	z.setPath(planFixture)
	waitIdle(t, w)
	if z.apply.Disabled() {
		t.Fatal("the fixture cannot be imported")
	}
	test.Tap(z.apply)
	waitIdle(t, w)
	if w.year() != 2024 {
		t.Fatalf("the window shows %d after the import", w.year())
	}
	if n := welcomes(w); n != 0 {
		t.Fatalf("%d welcomes over the import's result", n)
	}
	closeBtn := buttonIn(w.win.Canvas().Overlays().Top(), "关闭")
	if closeBtn == nil || !hasText(w.win.Canvas().Overlays().Top(), "已导入 2024 年行动计划") {
		t.Fatal("the import's result is not shown")
	}
	test.Tap(closeBtn)
	waitIdle(t, w)
	if n := welcomes(w); n != 1 || !hasText(w.win.Canvas().Overlays().Top(), "欢迎使用台账") {
		t.Fatalf("after the import's result: %d welcomes", n)
	}
	w.filter.setYears(a.Years(), 2024)
	waitIdle(t, w)
	if n := welcomes(w); n != 1 {
		t.Fatalf("the year picked again makes %d welcomes", n)
	}

	// The unit new in 2024 is offered; the welcome finishes as ever.
	c.unit.onOpen()
	c.unit.onSearch("区数据局")
	c.unit.onSubmit("")
	if c.unit.unit() != "区数据局" || c.start.Disabled() {
		t.Fatalf("picked %q, start disabled %v", c.unit.unit(), c.start.Disabled())
	}
	test.Tap(c.start)
	waitIdle(t, w)
	if my, _ := a.MyUnit(ctx); my != "区数据局" || a.Clerk(ctx) != "赵六" {
		t.Errorf("own unit %q, clerk %q", my, a.Clerk(ctx))
	}
	if n := welcomes(w); n != 0 {
		t.Errorf("%d welcomes after 开始使用", n)
	}
}
