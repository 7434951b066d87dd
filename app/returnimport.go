package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"taizhang/data"
	"taizhang/reports/returns"
)

// MaxReturnSize is the largest return file (.xlsx or package) PrepareImport
// reads, in bytes.
const MaxReturnSize = 256 << 20

// ImportProblem is one thing wrong in a return: its file, sheet, row,
// column, what was found and what to do.
type ImportProblem = returns.Problem

// ImportProblems is every problem found in a return; PrepareImport returns
// it as its error. The front ends take it from here rather than from the
// workbook package.
type ImportProblems = returns.Problems

// ImportTarget names the unit and month of a return whose hidden sheet is
// gone (a hand-made sheet, or a copy that lost it); the GUI asks the
// clerk, the CLI takes --unit and --month. With the hidden sheet present
// they are optional and must agree with it.
type ImportTarget struct {
	Unit  string
	Month data.Month
	// Year is the plan year the return is imported into, as chosen on
	// screen or with --year; 0 takes the year of the return (its template's
	// plan year, else its month's). A return of another year is a problem.
	Year int
}

// UnitMonthNeededError says a return carries no unit and month (its hidden
// sheet is gone) and none were supplied: ask the clerk, then call
// PrepareImport again with an ImportTarget. Its code is EINVALID.
type UnitMonthNeededError struct{ File string }

func (e *UnitMonthNeededError) Error() string { return e.Unwrap().Error() }

// Unwrap gives the data.Error shown to the clerk.
func (e *UnitMonthNeededError) Unwrap() error {
	return data.Errorf(data.EINVALID, "文件“%s”中没有隐藏的模板信息（单位、月份），请指明这是哪个单位哪个月的回执表（命令行用 --unit 和 --month）", e.File)
}

// FieldChange is one field of an entry, old → new.
type FieldChange struct {
	Field    string // 完成状态, 进展情况, 存在问题, 下步计划, 佐证材料说明
	Old, New string
}

// MeasureChange is what a return changes on one measure.
type MeasureChange struct {
	MeasureID string
	Annex     string
	No        string // 序号 of the task
	Measure   string // the measure's text in the plan
	Sheet     string
	Row       int  // the row of the return
	New       bool // the unit had no entry for the measure and month
	Fields    []FieldChange
}

// Guess is a row without a measure ID matched by 序号 and measure text; the
// clerk confirms it before it is applied.
type Guess struct {
	Sheet     string
	Row       int
	No, Text  string // as found in the row
	MeasureID string // the measure it was matched to
	Measure   string // that measure's text in the plan
}

// IndicatorChange is an indicator value a return changes.
type IndicatorChange struct {
	Key, Name, Unit string // indicator key, name and unit of measure
	Area            string
	Sheet           string
	Row             int
	Column          string
	Old, New        string // "" for none
}

// PackageFile is an evidence file of a return package.
type PackageFile struct {
	Path      string // inside the package
	MeasureID string
	Name      string
	Size      int64
	SHA256    string
	Attached  bool // the same file is already attached: skipped
	content   []byte
}

// ImportConflict is a different return for the same unit and month that
// was imported before: the differences of this return against it. Both
// stay in the history once this one is applied.
type ImportConflict struct {
	Previous    data.ReturnImport
	Differences []MeasureChange // Old is the previous return's value, New this one's
}

// ImportPreview is a checked return, ready to apply: what it would change,
// against the ledger as it stood when it was read. Nothing has been written.
type ImportPreview struct {
	Path     string // the file as picked
	Name     string // its base name
	Kind     string // data.ReturnXLSX or data.ReturnPackage
	SHA256   string // of the file
	Size     int64
	Unit     string     // canonical
	Month    data.Month // it lies in the plan year of the return
	Supplied bool       // unit and month came from the ImportTarget: the hidden sheet is gone

	Changes    []MeasureChange // measures the return changes, in the return's order
	Unchanged  int             // rows that change nothing
	Missing    []string        // IDs of the unit's measures the return has no row for (left as they are)
	Guesses    []Guess         // rows matched by 序号 and text, to confirm
	Indicators []IndicatorChange
	Evidence   []PackageFile // a package's evidence files

	// AlreadyImported is the earlier import of this very file (same
	// SHA-256) for the same unit and month: applying changes nothing.
	AlreadyImported *data.ReturnImport
	// Conflict is set when a different return for the unit and month was
	// imported before; applying it needs confirmation.
	Conflict *ImportConflict

	original []byte
	entries  []data.EntryInput
	values   []data.IndicatorActualInput
}

// NeedsConfirmation reports whether applying must be confirmed by the
// clerk: rows were matched by guess, or another return for the unit and
// month was imported before and this one changes something.
func (p *ImportPreview) NeedsConfirmation() bool {
	if p.AlreadyImported != nil {
		return false
	}
	return len(p.Guesses) > 0 || p.Conflict != nil && p.changes()
}

// changes reports whether applying would change the ledger beyond
// recording the import.
func (p *ImportPreview) changes() bool {
	attach := false
	for _, f := range p.Evidence {
		attach = attach || !f.Attached
	}
	return len(p.Changes) > 0 || len(p.Indicators) > 0 || attach
}

// Summary is a one-line account of the preview for the clerk.
func (p *ImportPreview) Summary() string {
	if p.AlreadyImported != nil {
		return fmt.Sprintf("“%s”已导入过（%s，%s），未作更改", p.Name,
			p.AlreadyImported.ImportedAt.Local().Format("2006-01-02 15:04"), p.AlreadyImported.Clerk)
	}
	s := fmt.Sprintf("%s %s：%d 项措施有变化，%d 项无变化", p.Unit, p.Month.Label(), len(p.Changes), p.Unchanged)
	if n := len(p.Indicators); n > 0 {
		s += fmt.Sprintf("，%d 个指标值", n)
	}
	if n := len(p.Evidence); n > 0 {
		s += fmt.Sprintf("，%d 个佐证材料", n)
	}
	if n := len(p.Guesses); n > 0 {
		s += fmt.Sprintf("；%d 行按序号和措施内容对应，需确认", n)
	}
	if p.Conflict != nil {
		s += fmt.Sprintf("；该单位本月已于 %s 导入过另一份回执表“%s”", p.Conflict.Previous.ImportedAt.Local().Format("2006-01-02 15:04"), p.Conflict.Previous.FileName)
		if p.changes() {
			s += "，需确认"
		}
	}
	return s
}

// The fields of an entry as a return shows them.
const (
	labelStatus    = "完成状态"
	labelProgress  = "进展情况"
	labelProblems  = "存在问题"
	labelNextSteps = "下步计划"
	labelEvidence  = "佐证材料说明"
)

// PrepareImport reads the return (.xlsx) or return package (.zip) at path
// and checks it against the ledger: plan year, unit and month (from the
// hidden sheet, else from target), the template's checksum, every row's
// measure (known, the unit's own, not repeated; a row without ID matched
// by 序号 and text as a Guess), statuses, text lengths, indicator values and
// a package's evidence. The file is only read.
//
// It returns returns.Problems listing every problem found (nothing is
// written), a *UnitMonthNeededError when the unit and month must be asked
// for, a data.Error for a file that cannot be read, or the preview.
func (a *App) PrepareImport(ctx context.Context, path string, target ImportTarget) (*ImportPreview, error) {
	b, err := readLimited(path, MaxReturnSize)
	if err != nil {
		return nil, err
	}
	return a.prepare(ctx, path, b, target)
}

// readLimited reads a whole file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "无法打开文件“%s”：%v", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		return nil, data.Errorf(data.EINVALID, "“%s”不是文件", path)
	}
	if st.Size() > limit {
		return nil, data.Errorf(data.EINVALID, "文件“%s”有 %d MB，超过回执表的上限 %d MB，请确认选对了文件", path, st.Size()>>20, limit>>20)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, data.Errorf(data.EINVALID, "读取文件“%s”时出错：%v", path, err)
	}
	if int64(len(b)) > limit {
		return nil, data.Errorf(data.EINVALID, "文件“%s”超过回执表的上限 %d MB", path, limit>>20)
	}
	return b, nil
}

// prepare checks the bytes of a return or package picked at path.
func (a *App) prepare(ctx context.Context, path string, b []byte, target ImportTarget) (*ImportPreview, error) {
	sum := sha256.Sum256(b)
	p := &ImportPreview{Path: path, Name: filepath.Base(path), Kind: data.ReturnXLSX, SHA256: hex.EncodeToString(sum[:]),
		Size: int64(len(b)), original: b}
	var rtn *returns.Return
	var files []PackageFile
	var err error
	if isPackage(p.Name) {
		var pkg *returns.Package
		if pkg, err = returns.ReadPackage(p.Name, b); err != nil {
			return nil, err
		}
		p.Kind = data.ReturnPackage
		for _, f := range pkg.Files {
			files = append(files, PackageFile{Path: f.Path, MeasureID: f.MeasureID, Name: f.Name, Size: f.Size, SHA256: f.SHA256, content: f.Content})
		}
		rtn, err = returns.ReadReturn(pkg.ReturnName, pkg.Return, returns.ReadOptions{})
	} else {
		rtn, err = returns.ReadReturn(p.Name, b, returns.ReadOptions{})
	}
	// With structural problems the reader still gives what it could read,
	// so the clerk sees every problem at once.
	var structural returns.Problems
	if err != nil && (!errors.As(err, &structural) || rtn == nil) {
		return nil, err
	}
	if len(structural) > 0 && rtn.Meta == nil && target.Unit == "" {
		return nil, structural // no unit to ask for before the sheet itself is right
	}
	ck, err := a.newReturnCheck(ctx, p, rtn, target)
	if err != nil {
		return nil, err
	}
	ck.problems = append(structural, ck.problems...)
	if p.Unit != "" { // the unit and month are settled: check the rows
		ck.rows()
		if err := ck.indicators(); err != nil {
			return nil, err
		}
		if err := ck.evidence(files); err != nil {
			return nil, err
		}
	}
	if len(ck.problems) > 0 {
		return nil, ck.problems
	}
	if err := a.history(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}

// returnCheck collects the problems of one return against the ledger and
// fills its preview.
type returnCheck struct {
	a        *App
	ctx      context.Context
	p        *ImportPreview
	rtn      *returns.Return
	problems returns.Problems
	kind     data.UnitKind
	all      map[string]data.MeasureRow // every measure of the plan
	own      []data.MeasureRow          // the unit's measures, printed order
	ownIDs   map[string]bool
	current  map[string]data.Entry // the unit's entries of the month
}

func (ck *returnCheck) problem(sheet string, row int, column string, field returns.Field, found, format string, args ...any) {
	ck.problems = append(ck.problems, returns.Problem{File: ck.p.Name, Sheet: sheet, Row: row, Column: column, Field: field,
		Found: found, Message: fmt.Sprintf(format, args...)})
}

// newReturnCheck settles the unit and month of the return (its hidden
// sheet, else target) and loads what the checks need. Problems with the
// plan year, unit, month and checksum are collected; an unreadable ledger
// is an error.
func (a *App) newReturnCheck(ctx context.Context, p *ImportPreview, rtn *returns.Return, target ImportTarget) (*returnCheck, error) {
	ck := &returnCheck{a: a, ctx: ctx, p: p, rtn: rtn}
	meta := rtn.Meta
	unitName, month := strings.TrimSpace(target.Unit), data.Month(strings.TrimSpace(string(target.Month)))
	if meta == nil {
		if unitName == "" || month == "" {
			return nil, &UnitMonthNeededError{File: p.Name}
		}
		p.Supplied = true
	} else {
		if _, err := a.planOf(meta.PlanYear); err != nil {
			ck.problem("", 0, "", "", fmt.Sprint(meta.PlanYear), "这是 %d 年行动计划的回执表，%s", meta.PlanYear, ErrorMessage(err))
			return ck, nil
		}
		if unitName != "" {
			u1, err1 := a.db.ResolveUnit(ctx, unitName)
			if code := data.ErrorCode(err1); code == data.ENOTFOUND || code == data.EINVALID {
				ck.problem("", 0, "", "", unitName, "%s", ErrorMessage(err1))
			} else if err1 != nil {
				return nil, err1
			}
			if u2, err2 := a.db.ResolveUnit(ctx, meta.Unit); err1 == nil && err2 == nil && u1 != u2 {
				ck.problem("", 0, "", "", meta.Unit, "这是%s的回执表，不是%s的", u2, u1)
			}
		}
		if month != "" && data.Month(meta.Month) != month {
			ck.problem("", 0, "", "", meta.Month, "这是 %s 的回执表，不是 %s 的", meta.Month, month)
		}
		unitName, month = meta.Unit, data.Month(meta.Month)
	}
	m, err := data.ParseMonth(string(month))
	if err != nil {
		ck.problem("", 0, "", "", string(month), "%s", ErrorMessage(err))
		return ck, nil
	}
	month = m
	year := m.Year()
	if meta != nil {
		year = meta.PlanYear
	}
	if target.Year != 0 && year != target.Year {
		ck.problem("", 0, "", "", fmt.Sprint(year), "这是 %d 年行动计划的回执表，不能导入 %d 年的台账；请使用 %d 年的填报模板", year, target.Year, target.Year)
		return ck, nil
	}
	if _, err := a.checkMonthIn(year, month); err != nil {
		ck.problem("", 0, "", "", string(month), "%s", ErrorMessage(err))
		return ck, nil
	}
	u, kind, err := a.reportingUnit(ctx, unitName)
	if code := data.ErrorCode(err); code == data.ENOTFOUND || code == data.EINVALID {
		ck.problem("", 0, "", "", unitName, "%s", ErrorMessage(err))
		return ck, nil
	} else if err != nil {
		return nil, err
	}
	p.Unit, p.Month, ck.kind = u, month, kind

	all, err := a.db.FindMeasures(ctx, data.MeasureFilter{Year: year})
	if err != nil {
		return nil, err
	}
	ck.all = map[string]data.MeasureRow{}
	for _, r := range all {
		ck.all[r.Measure.ID] = r
	}
	if ck.own, err = a.db.FindMeasures(ctx, data.MeasureFilter{Year: year, Unit: u}); err != nil {
		return nil, err
	}
	ck.ownIDs = map[string]bool{}
	ids := make([]string, len(ck.own))
	for i, r := range ck.own {
		ck.ownIDs[r.Measure.ID], ids[i] = true, r.Measure.ID
	}
	if meta != nil && meta.Checksum != returns.Checksum(ids) {
		ck.problem("", 0, "", "", meta.Checksum, "回执表中的措施清单与台账中%s的措施不一致（校验值不符）：模板可能已过时或被改动，请重新生成%s的填报模板后再填报", u, month.Label())
	}
	if closed, err := a.db.MonthClosed(ctx, month); err != nil {
		return nil, err
	} else if closed {
		ck.problem("", 0, "", "", string(month), "%s已关账，回执表不能导入；如需导入，请先重新开启该月", month.Label())
	}
	es, err := a.db.Entries(ctx, data.EntryFilter{Unit: u, Month: month})
	if err != nil {
		return nil, err
	}
	ck.current = map[string]data.Entry{}
	for _, e := range es {
		ck.current[e.MeasureID] = e
	}
	return ck, nil
}

// squeeze drops every space and line break, to compare texts as a person
// reads them.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// cleanText trims a cell's text and normalises its line breaks.
func cleanText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.TrimSpace(s)
}

// matchedRow is a row of the return with the measure it is about.
type matchedRow struct {
	returns.ReadRow
	id      string
	guessed bool
}

// match finds the measure of a row: its ID, else its 序号 and text among
// own. ok is false when the row names no measure of own.
func match(r returns.ReadRow, own []data.MeasureRow) (id string, guessed, ok bool) {
	if id := strings.TrimSpace(r.MeasureID); id != "" {
		return id, false, true
	}
	no, text := squeeze(r.No), squeeze(r.Measure)
	if text == "" {
		return "", false, false
	}
	for _, m := range own {
		if squeeze(m.Measure.Text) == text && (no == "" || squeeze(m.TaskNo) == no) {
			return m.Measure.ID, true, true
		}
	}
	return "", false, false
}

// rows checks the measure rows and builds the entries and the changes.
func (ck *returnCheck) rows() {
	sheet := ck.rtn.Sheet
	seen := map[string]int{}
	for _, r := range ck.rtn.Rows {
		col := func(f returns.Field) string { return r.Columns[f] }
		if squeeze(r.MeasureID+r.No+r.Measure+r.Status+r.Progress+r.Problems+r.NextSteps) == "" {
			continue
		}
		id, guessed, ok := match(r, ck.own)
		switch {
		case !ok:
			ck.problem(sheet, r.Row, col(returns.FieldMeasure), returns.FieldMeasure, r.Measure,
				"没有措施编号，按序号“%s”和工作措施的内容也找不到%s的措施；请填写措施编号，或删去这一行", strings.TrimSpace(r.No), ck.p.Unit)
			continue
		case ck.all[id].Measure.ID == "":
			ck.problem(sheet, r.Row, col(returns.FieldMeasureID), returns.FieldMeasureID, r.MeasureID,
				"行动计划中没有编号为“%s”的措施，请核对措施编号（不要修改模板中的编号）", id)
			continue
		case !ck.ownIDs[id]:
			ck.problem(sheet, r.Row, col(returns.FieldMeasureID), returns.FieldMeasureID, r.MeasureID,
				"措施 %s 不是%s的措施（它不是该措施的主责或协办单位），请删去这一行或使用本单位的填报模板", id, ck.p.Unit)
			continue
		}
		if first, dup := seen[id]; dup {
			ck.problem(sheet, r.Row, col(returns.FieldMeasureID), returns.FieldMeasureID, id,
				"措施 %s 在第 %d 行已经填过，同一措施只能填一行", id, first)
			continue
		}
		seen[id] = r.Row
		m := ck.all[id]
		if guessed {
			ck.p.Guesses = append(ck.p.Guesses, Guess{Sheet: sheet, Row: r.Row, No: strings.TrimSpace(r.No), Text: cleanText(r.Measure),
				MeasureID: id, Measure: m.Measure.Text})
		}
		in := data.EntryInput{Unit: ck.p.Unit, MeasureID: id, Month: ck.p.Month}
		if strings.TrimSpace(r.Status) != "" {
			s, err := data.ParseStatus(r.Status)
			if err != nil {
				ck.problem(sheet, r.Row, col(returns.FieldStatus), returns.FieldStatus, r.Status,
					"完成状态“%s”无法识别，应为：未启动、序时推进、滞后、已完成、不涉及", strings.TrimSpace(r.Status))
			}
			in.Status = &s
		}
		texts := []struct {
			field returns.Field
			label string
			text  string
			dest  **string
		}{
			{returns.FieldProgress, labelProgress, cleanText(r.Progress), &in.Progress},
			{returns.FieldProblems, labelProblems, cleanText(r.Problems), &in.Problems},
			{returns.FieldNextSteps, labelNextSteps, cleanText(r.NextSteps), &in.NextSteps},
			{returns.FieldEvidence, labelEvidence, cleanText(r.Evidence), &in.EvidenceNote},
		}
		for _, t := range texts {
			if n := utf8.RuneCountInString(t.text); n > data.MaxText {
				ck.problem(sheet, r.Row, col(t.field), t.field, string([]rune(t.text)[:20])+"…",
					"%s有 %d 字，超过 %d 字的上限，请精简", t.label, n, data.MaxText)
			}
			text := t.text
			*t.dest = &text
		}
		cur, exists := ck.current[id]
		change := MeasureChange{MeasureID: id, Annex: m.AnnexCode, No: m.TaskNo, Measure: m.Measure.Text, Sheet: sheet, Row: r.Row, New: !exists}
		change.Fields = diffFields(cur, entryOf(in))
		ck.p.entries = append(ck.p.entries, in)
		if len(change.Fields) == 0 {
			ck.p.Unchanged++
		} else {
			ck.p.Changes = append(ck.p.Changes, change)
		}
	}
	for _, m := range ck.own {
		if _, ok := seen[m.Measure.ID]; !ok {
			ck.p.Missing = append(ck.p.Missing, m.Measure.ID)
		}
	}
}

// entryOf is the entry a return's row sets: nil fields as "".
func entryOf(in data.EntryInput) data.Entry {
	e := data.Entry{Unit: in.Unit, MeasureID: in.MeasureID, Month: in.Month}
	for _, f := range []struct {
		in  *string
		out *string
	}{{in.Progress, &e.Progress}, {in.Problems, &e.Problems}, {in.NextSteps, &e.NextSteps}, {in.EvidenceNote, &e.EvidenceNote}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	if in.Status != nil {
		e.Status = *in.Status
	}
	return e
}

// diffFields lists the fields of cur that next changes; an empty status in
// next leaves the status as it is.
func diffFields(cur, next data.Entry) []FieldChange {
	var out []FieldChange
	if next.Status != "" && next.Status != cur.Status {
		out = append(out, FieldChange{labelStatus, string(cur.Status), string(next.Status)})
	}
	for _, f := range []FieldChange{{labelProgress, cur.Progress, next.Progress}, {labelProblems, cur.Problems, next.Problems},
		{labelNextSteps, cur.NextSteps, next.NextSteps}, {labelEvidence, cur.EvidenceNote, next.EvidenceNote}} {
		if f.Old != f.New {
			out = append(out, f)
		}
	}
	return out
}

// indicators checks the indicator sheet of a street's return.
func (ck *returnCheck) indicators() error {
	if len(ck.rtn.Indicators) == 0 {
		return nil
	}
	sheet := ck.rtn.IndicatorSheet
	targets, err := ck.a.db.IndicatorTargets(ck.ctx, ck.p.Month.Year())
	if err != nil {
		return err
	}
	listed := map[string]bool{}
	for _, t := range targets {
		if t.Area == ck.p.Unit {
			listed[t.Indicator] = true
		}
	}
	actuals, err := ck.a.db.IndicatorActuals(ck.ctx, ck.p.Month.Year(), ck.p.Month)
	if err != nil {
		return err
	}
	stored := map[string]string{}
	for _, v := range actuals {
		if v.Area == ck.p.Unit && v.Month == ck.p.Month {
			stored[v.Indicator] = data.FormatValue(v.Value)
		}
	}
	seen := map[string]int{}
	for _, r := range ck.rtn.Indicators {
		if strings.TrimSpace(r.Value) == "" {
			continue
		}
		ind, ok := data.IndicatorByKey(r.Key)
		if !ok {
			for _, c := range data.Indicators {
				if squeeze(c.Name) == squeeze(r.Name) {
					ind, ok = c, true
				}
			}
		}
		if !ok || !listed[ind.Key] {
			ck.problem(sheet, r.Row, r.Column, returns.FieldIndicatorValue, r.Value, "指标“%s”不是%s在附件2-2、6中有目标的指标，请使用本单位的填报模板", strings.TrimSpace(r.Name+" "+r.Key), ck.p.Unit)
			continue
		}
		if first, dup := seen[ind.Key]; dup {
			ck.problem(sheet, r.Row, r.Column, returns.FieldIndicatorValue, r.Value, "指标“%s”在第 %d 行已经填过", ind.Name, first)
			continue
		}
		seen[ind.Key] = r.Row
		v, err := data.ParseActual(ind, ck.p.Unit, ck.p.Month, r.Value)
		if err != nil {
			ck.problem(sheet, r.Row, r.Column, returns.FieldIndicatorValue, r.Value, "%s", ErrorMessage(err))
			continue
		}
		ck.p.values = append(ck.p.values, data.IndicatorActualInput{Indicator: ind.Key, Area: ck.p.Unit, Month: ck.p.Month, Value: data.FormatValue(v)})
		if nv := data.FormatValue(v); nv != stored[ind.Key] {
			ck.p.Indicators = append(ck.p.Indicators, IndicatorChange{Key: ind.Key, Name: ind.Name, Unit: ind.Unit, Area: ck.p.Unit,
				Sheet: sheet, Row: r.Row, Column: r.Column, Old: stored[ind.Key], New: nv})
		}
	}
	return nil
}

// evidence checks a package's evidence files: each for a measure of the
// unit; a file already attached is marked so.
func (ck *returnCheck) evidence(files []PackageFile) error {
	if len(files) == 0 {
		return nil
	}
	have, err := ck.a.db.ListEvidence(ck.ctx, data.EvidenceFilter{Unit: ck.p.Unit, Month: ck.p.Month})
	if err != nil {
		return err
	}
	for _, f := range files {
		if !ck.ownIDs[f.MeasureID] {
			ck.problem("", 0, "", "", f.Path, "回执包中的佐证材料“%s”属于措施“%s”，它不是%s的措施", f.Path, f.MeasureID, ck.p.Unit)
			continue
		}
		for _, e := range have {
			f.Attached = f.Attached || (e.MeasureID == f.MeasureID && e.Name == f.Name && e.SHA256 == f.SHA256)
		}
		ck.p.Evidence = append(ck.p.Evidence, f)
	}
	return nil
}

// history looks up earlier imports of the unit and month: the same file
// (AlreadyImported), or another return (Conflict, with its differences).
func (a *App) history(ctx context.Context, p *ImportPreview) error {
	prev, err := a.db.ReturnImports(ctx, data.ReturnImportFilter{Unit: p.Unit, Month: p.Month})
	if err != nil {
		return err
	}
	if len(prev) == 0 {
		return nil
	}
	for i := range prev {
		if prev[i].SHA256 == p.SHA256 {
			p.AlreadyImported = &prev[i]
			return nil
		}
	}
	last := prev[len(prev)-1]
	p.Conflict = &ImportConflict{Previous: last}
	var buf bytes.Buffer
	if _, err := a.db.WriteBlob(ctx, last.SHA256, &buf); err != nil {
		return err
	}
	old, err := a.prepare(ctx, last.FileName, buf.Bytes(), ImportTarget{Unit: p.Unit, Month: p.Month})
	if err != nil {
		// The earlier return no longer passes the checks (the plan changed
		// since): the preview against the ledger still shows every change.
		return nil
	}
	before := map[string]data.Entry{}
	for _, e := range old.entries {
		before[e.MeasureID] = entryOf(e)
	}
	for _, e := range p.entries {
		cur, ok := before[e.MeasureID]
		if fs := diffFields(cur, entryOf(e)); len(fs) > 0 {
			m, _ := a.db.Measure(ctx, p.Month.Year(), e.MeasureID)
			p.Conflict.Differences = append(p.Conflict.Differences, MeasureChange{MeasureID: e.MeasureID, Annex: m.AnnexCode,
				No: m.TaskNo, Measure: m.Measure.Text, New: !ok, Fields: fs})
		}
	}
	return nil
}

// ApplyImport writes a prepared return in one transaction, as the clerk:
// its entries, indicator values and a package's evidence, the original file
// kept, and the import recorded. It returns the import record, or nil when
// the preview found the same file already imported (nothing is written).
//
// A preview that NeedsConfirmation is refused (ECONFLICT) unless confirmed.
// The ledger may have changed since the preview: every change is checked
// again, and any refusal (a month closed meanwhile: ECONFLICT) writes
// nothing.
func (a *App) ApplyImport(ctx context.Context, p *ImportPreview, confirmed bool) (*data.ReturnImport, error) {
	if p.AlreadyImported != nil {
		return nil, nil
	}
	if p.NeedsConfirmation() && !confirmed {
		why := "其中有按序号和措施内容对应的行"
		if len(p.Guesses) == 0 {
			why = fmt.Sprintf("该单位本月已导入过另一份回执表“%s”", p.Conflict.Previous.FileName)
		}
		return nil, data.Errorf(data.ECONFLICT, "回执表“%s”未导入：%s，需要确认后才能导入（命令行加 --yes）", p.Name, why)
	}
	in := data.ReturnInput{Unit: p.Unit, Month: p.Month, FileName: p.Name, Kind: p.Kind, Original: bytes.NewReader(p.original),
		Entries: p.entries, Indicators: p.values, Unchanged: p.Unchanged, Guessed: len(p.Guesses)}
	for _, f := range p.Evidence {
		if f.Attached {
			continue
		}
		in.Evidence = append(in.Evidence, data.ReturnEvidence{MeasureID: f.MeasureID, Name: f.Name, MIME: fileType(f.Name, f.content),
			SHA256: f.SHA256, Content: bytes.NewReader(f.content)})
	}
	r, err := a.db.ApplyReturn(ctx, p.Month.Year(), in, a.Clerk(ctx))
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// ImportOutcome is what became of one file of a batch import.
type ImportOutcome struct {
	Path    string
	Preview *ImportPreview     // nil if the file could not be prepared
	Record  *data.ReturnImport // nil if nothing was written
	Err     error              // returns.Problems, *UnitMonthNeededError or a data.Error
}

// PrepareImports prepares several files, calling progress (if not nil)
// after each with the number done and the total. Each outcome has either a
// Preview or an Err.
func (a *App) PrepareImports(ctx context.Context, paths []string, target ImportTarget, progress func(done, total int)) []ImportOutcome {
	out := make([]ImportOutcome, len(paths))
	for i, path := range paths {
		out[i].Path = path
		if out[i].Err = ctx.Err(); out[i].Err == nil {
			out[i].Preview, out[i].Err = a.PrepareImport(ctx, path, target)
		}
		if progress != nil {
			progress(i+1, len(paths))
		}
	}
	return out
}

// ApplyImports applies the prepared outcomes without an error, each return
// in its own transaction, in order, calling progress (if not nil) after
// each. confirm decides for each preview that NeedsConfirmation. It fills
// in Record or Err of each outcome.
func (a *App) ApplyImports(ctx context.Context, outs []ImportOutcome, confirm func(*ImportPreview) bool, progress func(done, total int)) {
	for i := range outs {
		o := &outs[i]
		if o.Err == nil && o.Preview != nil {
			if o.Err = ctx.Err(); o.Err == nil {
				o.Record, o.Err = a.ApplyImport(ctx, o.Preview, confirm != nil && confirm(o.Preview))
			}
		}
		if progress != nil {
			progress(i+1, len(outs))
		}
	}
}
