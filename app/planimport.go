package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"taizhang/data"
	"taizhang/reports/planfile"
)

// Importing a new year's plan is checked first and written only when the
// clerk confirms: PreparePlanImport reads the file and matches it against
// the ledger into a PlanImport (the preview), whose decisions the clerk may
// change (SetUnit, SetLink, SetInfo); ApplyPlanImport writes it in one
// transaction.

// UnitAction is what an import does with a unit name the new plan prints.
type UnitAction string

// The unit actions.
const (
	UnitKnown UnitAction = "known" // the directory knows the name (as a unit, group or alias)
	UnitNew   UnitAction = "new"   // a new unit, added to the directory
	UnitAlias UnitAction = "alias" // another name of Target (a renamed department): kept as its alias, so history stays joined
	UnitTypo  UnitAction = "typo"  // a misspelling of Target: read as Target, not kept
)

// Label is the action's Chinese name for the interface.
func (a UnitAction) Label() string {
	switch a {
	case UnitKnown:
		return "已有单位"
	case UnitNew:
		return "新单位"
	case UnitAlias:
		return "别名"
	case UnitTypo:
		return "错字"
	}
	return string(a)
}

// UnitDecision is one unit name of the new plan and what the import does
// with it.
type UnitDecision struct {
	Name   string     // as printed
	Action UnitAction //
	Target string     // the directory's unit it stands for (known, alias, typo)
	Kind   data.UnitKind
	// Via says how a known name matched: "" by its name, "alias" by an
	// alias of Target, "group" as a unit group.
	Via string
	// Suggestions are the directory's units closest to an unknown name,
	// closest first.
	Suggestions []string
	Measures    int // measures that name it
}

// LinkProposal ties a measure of the new plan to the measure of the
// previous plan it carries on: the same or nearly the same text under the
// same task.
type LinkProposal struct {
	MeasureID, Text         string
	PrevMeasureID, PrevText string
	Same                    bool // the texts are identical
}

// PlanImport is a plan file read and matched against the ledger: what the
// preview shows and the confirmed import writes.
type PlanImport struct {
	File     string
	Format   planfile.Format
	Year     int
	Plan     *data.Plan // as read, unit names as printed
	Problems planfile.Problems
	Annexes  []planfile.AnnexSummary
	// Deadlines counts the measures of every annex per deadline kind.
	Deadlines map[data.DeadlineKind]int
	Units     []UnitDecision
	PrevYear  int // the year of the plan before, whose measures Links name; 0 for none
	Links     []LinkProposal
	// Held is true when the ledger holds a plan of Year already: the import
	// then replaces it, only when confirmed and only if nothing has been
	// recorded against it.
	Held bool
	// Ignored names, with their place, what the file holds that the plan
	// has no place for (a column 备注): read past, shown in the preview.
	Ignored []string
	// Undated names, with the place of its 完成时限, every measure whose
	// deadline got no date (适时, 按上级要求, 按时间节点完成): a warning, not
	// a problem. It is imported as a milestone, never overdue, until a
	// clerk sets its due date (SetDue).
	Undated []string
	// Missing names the fields the file does not give (planfile.FieldTitle,
	// FieldDocNo, FieldDate) until SetInfo fills them.
	Missing []string

	prev     *data.Plan
	dir      []data.Unit
	measures int
}

// Measures is the number of measures the plan holds.
func (pi *PlanImport) Measures() int { return pi.measures }

// Early names the measures due before date, the plan's date of issue
// (YYYY-MM-DD) — 春节前 in a plan issued after the Spring Festival, 3月底前
// in one issued in April — which would be overdue from the first month: a
// warning, for the clerk to check and, after the import, set another due
// date (SetDue). It is nil for a date that is empty or no date.
func (pi *PlanImport) Early(date string) []string {
	if _, err := time.Parse(time.DateOnly, date); err != nil || pi.Plan == nil {
		return nil
	}
	var out []string
	forEachMeasure(pi.Plan, func(_ data.Annex, _ data.Task, m data.Measure) {
		if d := m.Deadline; d.Due != "" && d.Due < date {
			out = append(out, fmt.Sprintf("措施 %s 的完成时限“%s”截止 %s，早于印发日期 %s", m.ID, d.Text, d.Due, date))
		}
	})
	return out
}

// PreparePlanImport reads a plan file (a plan workbook, a Word document or
// the text conversion) and matches it against the ledger; nothing is
// written. year is the plan year, or 0 to take it from the plan's title.
// The file's problems are in the result, each with its place; the error is
// for a file that cannot be read at all.
func (a *App) PreparePlanImport(ctx context.Context, file string, year int) (*PlanImport, error) {
	name := filepath.Base(file)
	st, err := os.Stat(file)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "无法读取文件“%s”：%v", file, err)
	}
	if st.Size() > maxPlanFile {
		return nil, data.Errorf(data.EINVALID, "文件“%s”有 %s，不像计划文件（计划文件一般不到 1 MB）", name, FormatBytes(st.Size()))
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "无法读取文件“%s”：%v", file, err)
	}
	return a.PreparePlanImportData(ctx, name, b, year)
}

// maxPlanFile is the largest plan file read; plans are a few hundred KB.
const maxPlanFile = 64 << 20

// PreparePlanImportData is PreparePlanImport on a file's name and contents.
func (a *App) PreparePlanImportData(ctx context.Context, name string, b []byte, year int) (*PlanImport, error) {
	dir, err := a.unitDirectory(ctx)
	if err != nil {
		return nil, err
	}
	res := planfile.Read(planfile.Source{Name: name, Data: b}, planfile.Options{Year: year, Units: dir})
	pi := &PlanImport{File: name, Format: res.Format, Plan: res.Plan, Problems: res.Problems, Missing: res.Missing, dir: dir,
		Annexes: planfile.Summarize(res.Plan), Deadlines: map[data.DeadlineKind]int{}}
	for _, s := range pi.Annexes {
		pi.measures += s.Measures
		for k, n := range s.Deadlines {
			pi.Deadlines[k] += n
		}
	}
	for _, p := range res.Ignored {
		pi.Ignored = append(pi.Ignored, p.String())
	}
	for _, p := range res.Undated {
		pi.Undated = append(pi.Undated, p.String())
	}
	pi.Year = res.Plan.Year
	if pi.Year == 0 {
		pi.Year = year
	}
	if pi.Year == 0 && len(pi.Problems) == 0 {
		pi.Problems = append(pi.Problems, planfile.Problem{File: name, Text: "文件中没有计划年度（标题里的“2024年”之类），请指定年度（--year，或在预览中填写）"})
	}
	if len(pi.Problems) == 0 && !res.OK() {
		pi.Problems = append(pi.Problems, planfile.Problem{File: name, Text: "文件中没有找到任何工作措施"})
	}
	years := a.Years()
	pi.Held = slices.Contains(years, pi.Year)
	pi.matchUnits(res.Units)
	for _, y := range years {
		if y < pi.Year {
			pi.PrevYear = y
		}
	}
	if pi.PrevYear != 0 {
		if pi.prev, err = a.planOf(pi.PrevYear); err != nil {
			return nil, err
		}
		pi.Links = proposeLinks(pi.prev, pi.Plan)
	}
	return pi, nil
}

// unitDirectory is the unit directory as it stands.
func (a *App) unitDirectory(ctx context.Context) ([]data.Unit, error) {
	sums, err := a.db.Units(ctx, a.NewestYear())
	if err != nil {
		return nil, err
	}
	out := make([]data.Unit, len(sums))
	for i, s := range sums {
		out[i] = s.Unit
	}
	return out, nil
}

// matchUnits decides every printed name: known by name, alias or as a
// group; else a proposal — an alias where the names differ only in the
// 区/街道/办事处 affixes, a typo where they are a character or two apart,
// an alias where one name is the other shortened (see abbreviated), else a
// new unit of the kind its name suggests.
func (pi *PlanImport) matchUnits(names []string) {
	uses := map[string]int{}
	forEachMeasure(pi.Plan, func(_ data.Annex, _ data.Task, m data.Measure) {
		for _, u := range append(slices.Clone(m.Lead), m.Co...) {
			uses[u]++
		}
	})
	for _, name := range names {
		d := UnitDecision{Name: name, Measures: uses[name]}
		if u, via, ok := lookupUnit(pi.dir, name); ok {
			d.Action, d.Target, d.Kind, d.Via = UnitKnown, u.Name, u.Kind, via
			if via == "" && u.Kind == data.UnitGroup {
				d.Via = "group"
			}
		} else {
			d.Suggestions = closestUnits(pi.dir, name, 3)
			d.Action, d.Kind = UnitNew, guessKind(name)
			if len(d.Suggestions) > 0 {
				best := d.Suggestions[0]
				switch {
				case sameBareName(pi.dir, name, best):
					d.Action, d.Target = UnitAlias, best
				case nameDistance(pi.dir, name, best) <= typoDistance(name):
					d.Action, d.Target = UnitTypo, best
				}
			}
			if d.Action == UnitNew {
				if full := abbreviated(pi.dir, name, d.Suggestions); full != "" {
					d.Action, d.Target = UnitAlias, full
				}
			}
			if d.Target != "" {
				u, _, _ := lookupUnit(pi.dir, d.Target)
				d.Kind = u.Kind
			}
		}
		pi.Units = append(pi.Units, d)
	}
}

// lookupUnit finds a name in the directory as a unit or an alias.
func lookupUnit(dir []data.Unit, name string) (data.Unit, string, bool) {
	for _, u := range dir {
		if u.Name == name {
			return u, "", true
		}
	}
	for _, u := range dir {
		if slices.Contains(u.Aliases, name) {
			return u, "alias", true
		}
	}
	return data.Unit{}, "", false
}

// typoDistance is the edit distance up to which a name is proposed as a
// typo of the closest unit: one character in short names, two in long.
func typoDistance(name string) int {
	if utf8.RuneCountInString(name) >= 8 {
		return 2
	}
	return 1
}

// bareName strips the affixes units are printed with or without: 北京市,
// 西城区/区 in front, 办事处 and 街道办事处 behind.
func bareName(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"北京市西城区", "西城区", "北京市", "区"} {
		if strings.HasPrefix(s, p) && utf8.RuneCountInString(s) > utf8.RuneCountInString(p)+1 {
			s = strings.TrimPrefix(s, p)
			break
		}
	}
	for _, suf := range []string{"街道办事处", "办事处", "街道"} {
		if strings.HasSuffix(s, suf) && utf8.RuneCountInString(s) > utf8.RuneCountInString(suf)+1 {
			s = strings.TrimSuffix(s, suf)
			break
		}
	}
	return s
}

// abbreviated is the directory's unit that name is the short or the full
// form of, as Chinese shortens a department's name by dropping characters
// and keeping its first and last (区城管委 for 区城市管理委, 区住建委 for
// 区住房城市建设委), the suggestions first; "" when there is none, or
// several outside the suggestions.
func abbreviated(dir []data.Unit, name string, suggestions []string) string {
	matches := func(canonical string) bool {
		for _, n := range unitNames(dir, canonical) {
			if shortFor(name, n) || shortFor(n, name) {
				return true
			}
		}
		return false
	}
	for _, s := range suggestions {
		if matches(s) {
			return s
		}
	}
	found := ""
	for _, u := range dir {
		if matches(u.Name) {
			if found != "" {
				return ""
			}
			found = u.Name
		}
	}
	return found
}

// shortFor reports whether short is long shortened: at least three
// characters, fewer than long's, the same first and last, the rest in
// long's order.
func shortFor(short, long string) bool {
	s, l := []rune(short), []rune(long)
	if len(s) < 3 || len(s) >= len(l) || s[0] != l[0] || s[len(s)-1] != l[len(l)-1] {
		return false
	}
	i := 0
	for _, r := range l {
		if i < len(s) && r == s[i] {
			i++
		}
	}
	return i == len(s)
}

// unitNames are a unit's canonical name and aliases.
func unitNames(dir []data.Unit, canonical string) []string {
	u, _, _ := lookupUnit(dir, canonical)
	return append([]string{u.Name}, u.Aliases...)
}

// sameBareName reports whether name and one of the unit's names are the
// same without their affixes (德胜街道 and 德胜街道办事处).
func sameBareName(dir []data.Unit, name, canonical string) bool {
	for _, n := range unitNames(dir, canonical) {
		if bareName(n) == bareName(name) {
			return true
		}
	}
	return false
}

// nameDistance is the edit distance from name to the closest of the unit's
// names, also compared without their affixes.
func nameDistance(dir []data.Unit, name, canonical string) int {
	best := -1
	for _, n := range unitNames(dir, canonical) {
		for _, d := range []int{editDistance(name, n), editDistance(bareName(name), bareName(n))} {
			if best < 0 || d < best {
				best = d
			}
		}
	}
	return best
}

// closestUnits lists up to n units of the directory whose names (or
// aliases) are closest to name without their affixes (see bareName),
// leaving out those that share less than half their characters with it
// (数据局 and 统计局 share only 局).
func closestUnits(dir []data.Unit, name string, n int) []string {
	type cand struct {
		name string
		sim  float64
	}
	var cands []cand
	for _, u := range dir {
		best := 0.0
		for _, other := range unitNames(dir, u.Name) {
			best = max(best, similarity(bareName(name), bareName(other)))
		}
		if best >= minSuggestSimilarity {
			cands = append(cands, cand{u.Name, best})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].sim > cands[j].sim })
	var out []string
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, cands[i].name)
	}
	return out
}

// minSuggestSimilarity is how alike (see similarity) a directory's name must
// be to an unknown one to be suggested for it.
const minSuggestSimilarity = 0.5

// guessKind is the kind a new unit's name suggests.
func guessKind(name string) data.UnitKind {
	switch {
	case strings.HasPrefix(name, "各") || strings.HasPrefix(name, "相关") || strings.HasSuffix(name, "成员单位"):
		return data.UnitGroup
	case strings.HasSuffix(name, "街道") || strings.HasSuffix(name, "街道办事处"):
		return data.UnitStreet
	case strings.Contains(name, "公司") || strings.Contains(name, "集团"):
		return data.UnitEnterprise
	}
	return data.UnitDepartment
}

// similarity is 1 for equal texts, falling to 0 as the edit distance
// approaches the longer text's length.
func similarity(a, b string) float64 {
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	if n == 0 {
		return 1
	}
	return 1 - float64(editDistance(a, b))/float64(n)
}

// Thresholds for proposing a link: the tasks' names and the measures' texts
// must be at least this similar.
const (
	linkTaskSimilarity    = 0.8
	linkMeasureSimilarity = 0.75
)

// proposeLinks ties each new measure to the most similar measure of the
// previous plan under a task of the same (or nearly the same) name, each
// old measure to one new one at most, best pairs first.
func proposeLinks(prev, next *data.Plan) []LinkProposal {
	type pair struct {
		m, p  data.Measure
		score float64
	}
	var pairs []pair
	forEachMeasure(next, func(a data.Annex, t data.Task, m data.Measure) {
		forEachMeasure(prev, func(pa data.Annex, pt data.Task, pm data.Measure) {
			if !sameTask(a, t, pa, pt) {
				return
			}
			if s := similarity(pm.Text, m.Text); s >= linkMeasureSimilarity {
				pairs = append(pairs, pair{m, pm, s})
			}
		})
	})
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].score > pairs[j].score })
	usedNew, usedOld := map[string]bool{}, map[string]bool{}
	byID := map[string]LinkProposal{}
	for _, p := range pairs {
		if usedNew[p.m.ID] || usedOld[p.p.ID] {
			continue
		}
		usedNew[p.m.ID], usedOld[p.p.ID] = true, true
		byID[p.m.ID] = LinkProposal{MeasureID: p.m.ID, Text: p.m.Text, PrevMeasureID: p.p.ID, PrevText: p.p.Text, Same: p.m.Text == p.p.Text}
	}
	var out []LinkProposal
	forEachMeasure(next, func(_ data.Annex, _ data.Task, m data.Measure) {
		if l, ok := byID[m.ID]; ok {
			out = append(out, l)
		}
	})
	return out
}

// sameTask reports whether task t of annex a and task pt of annex pa of
// the previous plan are the same task: (nearly) the same name in the same
// annex, known by its code or its title without the year (codes may be
// renumbered; 主要目标 is a task of several annexes).
func sameTask(a data.Annex, t data.Task, pa data.Annex, pt data.Task) bool {
	if pt.Name != t.Name && similarity(pt.Name, t.Name) < linkTaskSimilarity {
		return false
	}
	return a.Code == pa.Code || similarity(yearPattern.ReplaceAllString(a.Title, ""), yearPattern.ReplaceAllString(pa.Title, "")) >= linkTaskSimilarity
}

// yearPattern is a year in a title: 2024年.
var yearPattern = regexp.MustCompile(`\d{4}年`)

// forEachMeasure calls fn for every measure of p in printed order.
func forEachMeasure(p *data.Plan, fn func(data.Annex, data.Task, data.Measure)) {
	for _, a := range p.Annexes {
		for _, s := range a.Sections {
			for _, t := range s.Tasks {
				for _, m := range t.Measures {
					fn(a, t, m)
				}
			}
		}
	}
}

// SetUnit changes the decision for a printed unit name: UnitNew with a
// kind, UnitAlias or UnitTypo with the directory's unit (name or alias) it
// stands for. A known name cannot be changed (edit the directory instead).
func (pi *PlanImport) SetUnit(name string, action UnitAction, target string, kind data.UnitKind) error {
	i := slices.IndexFunc(pi.Units, func(d UnitDecision) bool { return d.Name == name })
	if i < 0 {
		return data.Errorf(data.ENOTFOUND, "新计划中没有单位“%s”", name)
	}
	d := &pi.Units[i]
	if d.Action == UnitKnown {
		return data.Errorf(data.EINVALID, "单位名录中已有“%s”（%s），无需决定", name, d.Target)
	}
	switch action {
	case UnitNew:
		if !slices.Contains([]data.UnitKind{data.UnitDepartment, data.UnitStreet, data.UnitEnterprise, data.UnitGroup}, kind) {
			kind = guessKind(name)
		}
		d.Action, d.Target, d.Kind = UnitNew, "", kind
	case UnitAlias, UnitTypo:
		u, _, ok := lookupUnit(pi.dir, strings.TrimSpace(target))
		if !ok {
			return data.Errorf(data.ENOTFOUND, "单位名录中没有“%s”，“%s”不能作为它的%s", strings.TrimSpace(target), name, action.Label())
		}
		d.Action, d.Target, d.Kind = action, u.Name, u.Kind
	default:
		return data.Errorf(data.EINVALID, "无效的单位处理方式“%s”，可用：新单位、别名、错字", action)
	}
	return nil
}

// Unlinked lists the new plan's measures no link ties to the previous plan,
// in printed order.
func (pi *PlanImport) Unlinked() []data.Measure {
	linked := map[string]bool{}
	for _, l := range pi.Links {
		linked[l.MeasureID] = true
	}
	var out []data.Measure
	forEachMeasure(pi.Plan, func(_ data.Annex, _ data.Task, m data.Measure) {
		if !linked[m.ID] {
			out = append(out, m)
		}
	})
	return out
}

// LinkCandidates lists the previous plan's measures a new measure may be
// tied to: those under a task of the same or nearly the same name, most
// similar text first; none without a previous plan.
func (pi *PlanImport) LinkCandidates(id string) []data.Measure {
	if pi.prev == nil {
		return nil
	}
	var annex data.Annex
	var task data.Task
	var m data.Measure
	forEachMeasure(pi.Plan, func(a data.Annex, t data.Task, x data.Measure) {
		if x.ID == id {
			annex, task, m = a, t, x
		}
	})
	type cand struct {
		m   data.Measure
		sim float64
	}
	var cands []cand
	forEachMeasure(pi.prev, func(pa data.Annex, pt data.Task, pm data.Measure) {
		if sameTask(annex, task, pa, pt) {
			cands = append(cands, cand{pm, similarity(pm.Text, m.Text)})
		}
	})
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].sim > cands[j].sim })
	out := make([]data.Measure, len(cands))
	for i, c := range cands {
		out[i] = c.m
	}
	return out
}

// SetLink ties a new measure to a measure of the previous plan, or unties
// it when prevID is "".
func (pi *PlanImport) SetLink(id, prevID string) error {
	var m data.Measure
	found := false
	forEachMeasure(pi.Plan, func(_ data.Annex, _ data.Task, x data.Measure) {
		if x.ID == id {
			m, found = x, true
		}
	})
	if !found {
		return data.Errorf(data.ENOTFOUND, "新计划中没有编号为 %s 的措施", id)
	}
	pi.Links = slices.DeleteFunc(pi.Links, func(l LinkProposal) bool { return l.MeasureID == id })
	if prevID == "" {
		return nil
	}
	if pi.prev == nil {
		return data.Errorf(data.EINVALID, "台账中没有 %d 年以前的行动计划，措施无可延续", pi.Year)
	}
	var p data.Measure
	found = false
	forEachMeasure(pi.prev, func(_ data.Annex, _ data.Task, x data.Measure) {
		if x.ID == prevID {
			p, found = x, true
		}
	})
	if !found {
		return data.Errorf(data.ENOTFOUND, "%d 年行动计划中没有编号为 %s 的措施", pi.PrevYear, prevID)
	}
	for _, l := range pi.Links {
		if l.PrevMeasureID == prevID {
			return data.Errorf(data.ECONFLICT, "%d 年的措施 %s 已由新措施 %s 延续", pi.PrevYear, prevID, l.MeasureID)
		}
	}
	pi.Links = append(pi.Links, LinkProposal{MeasureID: id, Text: m.Text, PrevMeasureID: prevID, PrevText: p.Text, Same: m.Text == p.Text})
	return nil
}

// docNoPattern is a notice number: 西政办发〔2024〕2号.
var docNoPattern = regexp.MustCompile(`^\p{Han}+〔(\d{4})〕(\d+)号$`)

// SetInfo sets the notice's title, number and date the file does not give
// (or corrects them); empty values leave them as they are. The number is
// written 西政办发〔YYYY〕N号 (brackets [] and 【】 are accepted), the date
// YYYY-MM-DD.
func (pi *PlanImport) SetInfo(title, docNo, date string) error {
	title, docNo, date = strings.TrimSpace(title), strings.TrimSpace(docNo), strings.TrimSpace(date)
	if docNo != "" {
		docNo = strings.NewReplacer("[", "〔", "]", "〕", "【", "〔", "】", "〕", "(", "〔", ")", "〕", "（", "〔", "）", "〕", " ", "").Replace(docNo)
		if !docNoPattern.MatchString(docNo) {
			return data.Errorf(data.EINVALID, "文号“%s”的格式不对，应为 西政办发〔%d〕N号", docNo, pi.Year)
		}
	}
	if date != "" {
		if _, err := time.Parse("2006-01-02", date); err != nil {
			return data.Errorf(data.EINVALID, "印发日期“%s”的格式不对，应为 %d-02-20 这样的年-月-日", date, pi.Year)
		}
	}
	for _, f := range []struct {
		field string
		value string
		dst   *string
	}{{planfile.FieldTitle, title, &pi.Plan.Title}, {planfile.FieldDocNo, docNo, &pi.Plan.DocNo}, {planfile.FieldDate, date, &pi.Plan.Date}} {
		if f.value != "" {
			*f.dst = f.value
			pi.Missing = slices.DeleteFunc(pi.Missing, func(s string) bool { return s == f.field })
		}
	}
	return nil
}

// IsMissing reports whether the file did not give the notice's field
// (planfile.FieldTitle, FieldDocNo or FieldDate) and SetInfo has not set it.
func (pi *PlanImport) IsMissing(field string) bool { return slices.Contains(pi.Missing, field) }

// The notice's fields, for IsMissing.
const (
	PlanFieldTitle = planfile.FieldTitle
	PlanFieldDocNo = planfile.FieldDocNo
	PlanFieldDate  = planfile.FieldDate
)

// WritePlanTemplate writes the empty plan workbook, with its instructions
// sheet, to path.
func WritePlanTemplate(path string) error {
	b, err := planfile.Template()
	if err != nil {
		return err
	}
	return writeFile(path, b)
}

// FieldLabel is a missing field's Chinese name.
func FieldLabel(field string) string {
	switch field {
	case planfile.FieldTitle:
		return "计划名称"
	case planfile.FieldDocNo:
		return "文号"
	case planfile.FieldDate:
		return "印发日期"
	}
	return field
}

// Check returns why the import cannot be written as it stands: the file's
// problems (an EINVALID planfile.Problems, each with its place), else a
// missing title, number or date; nil when it can.
func (pi *PlanImport) Check() error {
	if len(pi.Problems) > 0 {
		return pi.Problems
	}
	if len(pi.Missing) > 0 {
		var names []string
		for _, f := range pi.Missing {
			names = append(names, FieldLabel(f))
		}
		return data.Errorf(data.EINVALID, "文件“%s”中没有找到%s，请在预览中填写（命令行：--title、--doc-no、--date）", pi.File, strings.Join(names, "、"))
	}
	return nil
}

// ApplyPlanImport writes a checked import in one transaction (see
// store.DB.ImportPlan): the plan with its unit names as decided, the new
// units and aliases, the links, audited in the clerk's name. replace must
// be true to replace a plan of the same year (allowed only while nothing is
// recorded against it). On any error nothing is written.
func (a *App) ApplyPlanImport(ctx context.Context, pi *PlanImport, replace bool) error {
	if err := pi.Check(); err != nil {
		return err
	}
	if pi.Held && !replace {
		return data.Errorf(data.ECONFLICT, "台账中已有 %d 年的行动计划，确认替换后才能导入（命令行：--replace）", pi.Year)
	}
	p, err := pi.plan()
	if err != nil {
		return err
	}
	var links []data.MeasureLink
	for _, l := range pi.Links {
		links = append(links, data.MeasureLink{Year: p.Year, MeasureID: l.MeasureID, PrevYear: pi.PrevYear, PrevMeasureID: l.PrevMeasureID})
	}
	err = a.db.ImportPlan(ctx, data.PlanImport{Plan: p, Links: links, Replace: replace, Clerk: a.Clerk(ctx), File: pi.File})
	if err != nil {
		return err
	}
	return a.loadPlans(ctx)
}

// plan is the plan to store: names replaced by the directory's, with the
// directory (and the aliases and units the decisions add) as its units.
func (pi *PlanImport) plan() (*data.Plan, error) {
	canonical := map[string]string{}
	units := make([]data.Unit, len(pi.dir))
	for i, u := range pi.dir {
		units[i] = u
		units[i].Aliases = slices.Clone(u.Aliases)
	}
	for _, d := range pi.Units {
		switch d.Action {
		case UnitKnown, UnitTypo:
			canonical[d.Name] = d.Target
		case UnitAlias:
			canonical[d.Name] = d.Target
			i := slices.IndexFunc(units, func(u data.Unit) bool { return u.Name == d.Target })
			units[i].Aliases = append(units[i].Aliases, d.Name)
		case UnitNew:
			canonical[d.Name] = d.Name
			units = append(units, data.Unit{Name: d.Name, Kind: d.Kind})
		}
	}
	p := *pi.Plan
	p.Year = pi.Year
	p.Units = units
	p.Annexes = slices.Clone(pi.Plan.Annexes)
	for i, a := range p.Annexes {
		a.Sections = slices.Clone(a.Sections)
		for j, s := range a.Sections {
			s.Tasks = slices.Clone(s.Tasks)
			for k, t := range s.Tasks {
				t.Measures = slices.Clone(t.Measures)
				for l, m := range t.Measures {
					var err error
					if m.Lead, err = mapUnits(m, m.Lead, canonical); err != nil {
						return nil, err
					}
					if m.Co, err = mapUnits(m, m.Co, canonical); err != nil {
						return nil, err
					}
					t.Measures[l] = m
				}
				s.Tasks[k] = t
			}
			a.Sections[j] = s
		}
		p.Annexes[i] = a
	}
	return &p, nil
}

// mapUnits gives the canonical names of a measure's units, dropping a unit
// named twice (a typo and its unit in one cell); a co-unit that is also a
// lead stays in both lists as printed.
func mapUnits(m data.Measure, names []string, canonical map[string]string) ([]string, error) {
	var out []string
	for _, n := range names {
		c, ok := canonical[n]
		if !ok {
			return nil, fmt.Errorf("plan import: unit %q of measure %s was not decided", n, m.ID)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// AddUnit adds a unit to the directory in the clerk's name, audited (see
// store.DB.AddUnit).
func (a *App) AddUnit(ctx context.Context, name string, kind data.UnitKind) error {
	return a.editDirectory(ctx, func(clerk string) error { return a.db.AddUnit(ctx, clerk, name, kind) })
}

// AddUnitAlias gives a unit another name it is printed under, audited.
func (a *App) AddUnitAlias(ctx context.Context, unit, alias string) error {
	return a.editDirectory(ctx, func(clerk string) error { return a.db.AddUnitAlias(ctx, clerk, unit, alias) })
}

// RenameUnit renames a unit, keeping the old name as its alias; its plans,
// entries, evidence and returns follow (see store.DB.RenameUnit).
func (a *App) RenameUnit(ctx context.Context, unit, newName string) error {
	return a.editDirectory(ctx, func(clerk string) error { return a.db.RenameUnit(ctx, clerk, unit, newName) })
}

// SetUnitKind changes a unit's kind, audited (see store.DB.SetUnitKind).
func (a *App) SetUnitKind(ctx context.Context, unit string, kind data.UnitKind) error {
	return a.editDirectory(ctx, func(clerk string) error { return a.db.SetUnitKind(ctx, clerk, unit, kind) })
}

// SetGroupMembers replaces an editable group's members, audited (see
// store.DB.SetGroupMembers).
func (a *App) SetGroupMembers(ctx context.Context, group string, members []string) error {
	return a.editDirectory(ctx, func(clerk string) error { return a.db.SetGroupMembers(ctx, clerk, group, members) })
}

// editDirectory runs a directory edit in the clerk's name and reloads the
// plans, whose measures name units by their canonical names.
func (a *App) editDirectory(ctx context.Context, edit func(clerk string) error) error {
	if err := edit(a.Clerk(ctx)); err != nil {
		return err
	}
	return a.loadPlans(ctx)
}
