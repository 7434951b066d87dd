package app

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
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

// ReturnField is a column of the return sheet; UnknownColumn a column
// under a header the reader does not know. The front ends take them from
// here rather than from the workbook package.
type (
	ReturnField   = returns.Field
	UnknownColumn = returns.UnknownColumn
)

// ReturnFields are the return sheet's columns in template order, and
// IgnoreColumn the mapping of a column left out.
var ReturnFields = returns.Fields

// IgnoreColumn maps a column to nothing: it is not imported.
const IgnoreColumn = returns.Ignore

// ImportTarget names the unit and month of a return whose hidden sheet is
// gone (a hand-made sheet, or a copy that lost it); the GUI asks the
// clerk, the CLI takes --unit and --month. With the hidden sheet present
// they are optional and must agree with it.
//
// The same target also carries the clerk's other answers: what each column
// under an unknown header is (Columns), and whether rows equal to the
// unit's previous return take the return's values over a correction made
// in the ledger since (PreferReturn).
type ImportTarget struct {
	Unit  string
	Month data.Month
	// Year is the plan year the return is imported into, as chosen on
	// screen or with --year; 0 takes the year of the return (its template's
	// plan year, else its month's). A return of another year is a problem.
	Year int
	// Columns maps headers the reader does not know to a field of the
	// return sheet or to returns.Ignore (the wizard's drop-downs, the
	// command line's --map).
	Columns map[string]returns.Field
	// PreferReturn: a row that equals the unit's previous return for the
	// month, while the ledger was changed since, takes the return's value
	// instead of keeping the ledger's.
	PreferReturn bool
}

// ColumnsNeededError says a return has columns under headers the reader
// does not know (each named with its sheet and cell): ask the clerk what
// each one is, then call PrepareImport again with ImportTarget.Columns.
// Its code is EINVALID.
type ColumnsNeededError struct {
	File    string
	Columns []returns.UnknownColumn
}

func (e *ColumnsNeededError) Error() string { return e.Unwrap().Error() }

// Unwrap gives the data.Error shown to the clerk.
func (e *ColumnsNeededError) Unwrap() error {
	var cols []string
	for _, c := range e.Columns {
		cols = append(cols, fmt.Sprintf("工作表“%s”%s 单元格的“%s”", c.Sheet, c.Cell, c.Header))
	}
	h := e.Columns[0].Header
	return data.Errorf(data.EINVALID, "文件“%s”中有无法识别的列：%s。请指明每一列对应哪一项，或不导入该列（命令行用 --map '%s=进展情况' 或 --map '%s=-'）",
		e.File, strings.Join(cols, "、"), h, h)
}

// Claim is what one part of a return says about whose return it is and
// for which month: the hidden sheet, the visible heading or the file name.
type Claim struct {
	Source string     `json:"source"` // 隐藏的模板信息, 表头（A2 单元格）, 文件名
	Unit   string     `json:"unit"`   // canonical; "" when this part names no unit
	Month  data.Month `json:"month"`  // "" when this part names no month
}

// WhoseReturnError says the parts of a return name different units or
// months (a template of May retitled June, one unit's data in another's
// template): ask the clerk which is right, then call PrepareImport again
// with an ImportTarget, which settles it. Its code is EINVALID.
type WhoseReturnError struct {
	File   string
	Claims []Claim
}

func (e *WhoseReturnError) Error() string { return e.Unwrap().Error() }

// Unwrap gives the data.Error shown to the clerk.
func (e *WhoseReturnError) Unwrap() error {
	var says []string
	for _, c := range e.Claims {
		says = append(says, c.Source+"是"+claimText(c))
	}
	return data.Errorf(data.EINVALID, "文件“%s”中，%s，无法确定这是哪个单位哪个月的回执表。请确认后指明（命令行用 --unit 和 --month）", e.File, strings.Join(says, "，"))
}

func claimText(c Claim) string {
	var parts []string
	if c.Unit != "" {
		parts = append(parts, c.Unit)
	}
	if c.Month != "" {
		parts = append(parts, c.Month.Label())
	}
	return "“" + strings.Join(parts, " ") + "”"
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
	Field string `json:"field"` // 完成状态, 进展情况, 存在问题, 下步计划, 佐证材料说明
	Old   string `json:"old"`
	New   string `json:"new"`
}

// MeasureChange is what a return changes on one measure, or (in
// ImportPreview.Kept and Corrections) what it leaves as the ledger holds it.
type MeasureChange struct {
	MeasureID string        `json:"measure_id"`
	Annex     string        `json:"annex"`
	No        string        `json:"no"`      // 序号 of the task
	Measure   string        `json:"measure"` // the measure's text in the plan
	Sheet     string        `json:"sheet,omitempty"`
	Row       int           `json:"row,omitempty"` // the row of the return
	New       bool          `json:"new"`           // the unit had no entry for the measure and month
	Fields    []FieldChange `json:"fields"`
}

// Guess is a row without a measure ID matched by 序号 and measure text; the
// clerk confirms it before it is applied.
type Guess struct {
	Sheet     string `json:"sheet"`
	Row       int    `json:"row"`
	No        string `json:"no"`         // as found in the row
	Text      string `json:"text"`       // as found in the row
	MeasureID string `json:"measure_id"` // the measure it was matched to
	Measure   string `json:"measure"`    // that measure's text in the plan
}

// IndicatorChange is an indicator value a return changes.
type IndicatorChange struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	Unit   string `json:"unit"` // of measure
	Area   string `json:"area"`
	Sheet  string `json:"sheet"`
	Row    int    `json:"row"`
	Column string `json:"column"`
	Old    string `json:"old"` // "" for none
	New    string `json:"new"`
}

// PackageFile is an evidence file of a return package.
type PackageFile struct {
	Path      string `json:"path"` // inside the package
	MeasureID string `json:"measure_id"`
	Name      string `json:"name"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	Attached  bool   `json:"attached"` // the same file is already attached: skipped
	content   []byte
}

// ImportConflict is a different return for the same unit and month that
// was imported before, or that comes earlier in the same batch: the
// differences of this return against it. Both stay in the history once
// this one is applied. Reimport marks the same file imported before while
// the ledger no longer holds what it says.
type ImportConflict struct {
	Previous    data.ReturnImport `json:"previous"` // ImportedAt zero for a file of the same batch
	InBatch     bool              `json:"in_batch"`
	Reimport    bool              `json:"reimport"`
	Differences []MeasureChange   `json:"differences"` // Old is the previous return's value, New this one's
}

// ImportPreview is a checked return, ready to apply: what it would change,
// against the ledger as it stood when it was read. Nothing has been written.
type ImportPreview struct {
	Path     string // the file as picked
	Name     string // its base name
	Kind     string // data.ReturnXLSX or data.ReturnPackage
	SHA256   string // of the file
	Size     int64
	Unit     string        // canonical
	Month    data.Month    // it lies in the plan year of the return
	Supplied bool          // unit and month came from the ImportTarget: the hidden sheet is gone
	Contacts data.Contacts // 填报人, 联系电话, 审核人 as the return names them

	Changes    []MeasureChange // measures the return changes, in the return's order
	Unchanged  int             // rows that change nothing
	Missing    []string        // IDs of the unit's measures the return has no row for (left as they are)
	Guesses    []Guess         // rows matched by 序号 and text, to confirm
	Indicators []IndicatorChange
	Evidence   []PackageFile // a package's evidence files

	// Kept lists the fields left blank in the return while the ledger
	// holds a value: kept (Old is the ledger's, New is "").
	Kept []MeasureChange
	// Absent names the fields the return has no column for: every value
	// stored for them stays.
	Absent []string
	// Mapped lists the columns read under the clerk's mapping.
	Mapped []string
	// Corrections lists the values of rows equal to the unit's previous
	// return while the ledger was changed since: the ledger's are kept
	// (Old), the return's (New) are not applied unless PreferReturn.
	Corrections []MeasureChange
	// Warnings are rows to confirm: a status left blank with text written.
	Warnings []ImportProblem
	// Settled is set when the clerk's ImportTarget chose between the
	// hidden sheet, the heading and the file name, which disagree; for a
	// return without its hidden sheet (Supplied), when the heading or the
	// file name names another unit or month than the ImportTarget, whose
	// claim comes first: applying it then needs confirmation.
	Settled []Claim

	// AlreadyImported is the earlier import of this very file (same
	// SHA-256) for the same unit and month: applying changes nothing.
	AlreadyImported *data.ReturnImport
	// Conflict is set when a different return for the unit and month was
	// imported before; applying it needs confirmation.
	Conflict *ImportConflict

	original  []byte
	entries   []data.EntryInput
	rows      []int // the return's row of each of entries
	values    []data.IndicatorActualInput
	valueRows []int                 // the indicator sheet's row of each of values
	ledger    map[string]data.Entry // the unit's entries of the month it was checked against
}

// NeedsConfirmation reports whether applying must be confirmed by the
// clerk: rows were matched by guess or have text without a status, a
// return without its hidden sheet has a heading or file name naming
// another unit or month than the clerk gave, or another return for the
// unit and month was imported before and this one changes something.
func (p *ImportPreview) NeedsConfirmation() bool {
	if p.AlreadyImported != nil {
		return false
	}
	return len(p.Guesses) > 0 || len(p.Warnings) > 0 || p.Supplied && len(p.Settled) > 0 || p.Conflict != nil && p.changes()
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
	if a := p.AlreadyImported; a != nil {
		if a.ImportedAt.IsZero() {
			return fmt.Sprintf("“%s”与同一批中的“%s”是同一文件，未作更改", p.Name, a.FileName)
		}
		return fmt.Sprintf("“%s”已导入过（%s，%s），台账仍与它一致，未作更改", p.Name,
			a.ImportedAt.Local().Format("2006-01-02 15:04"), a.Clerk)
	}
	s := fmt.Sprintf("%s %s：%d 项措施有变化，%d 项无变化", p.Unit, p.Month.Label(), len(p.Changes), p.Unchanged)
	if n := len(p.Kept); n > 0 {
		s += fmt.Sprintf("，%d 项措施有空白单元格、保留台账内容", n)
	}
	if n := len(p.Corrections); n > 0 {
		s += fmt.Sprintf("，%d 项措施保留台账中的修改", n)
	}
	if n := len(p.Indicators); n > 0 {
		s += fmt.Sprintf("，%d 个指标值", n)
	}
	if n := len(p.Evidence); n > 0 {
		s += fmt.Sprintf("，%d 个佐证材料", n)
	}
	if n := len(p.Guesses); n > 0 {
		s += fmt.Sprintf("；%d 行按序号和措施内容对应，需确认", n)
	}
	if n := len(p.Warnings); n > 0 {
		s += fmt.Sprintf("；%d 行完成状态为空，需确认", n)
	}
	if c := p.Conflict; c != nil {
		switch {
		case c.InBatch:
			s += fmt.Sprintf("；同一批中已有该单位本月的另一份回执表“%s”", c.Previous.FileName)
		case c.Reimport:
			s += fmt.Sprintf("；该文件已于 %s 导入过，但台账此后已有更改", c.Previous.ImportedAt.Local().Format("2006-01-02 15:04"))
		default:
			s += fmt.Sprintf("；该单位本月已于 %s 导入过另一份回执表“%s”", c.Previous.ImportedAt.Local().Format("2006-01-02 15:04"), c.Previous.FileName)
		}
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
// hidden sheet, else from target; the visible heading and the file name
// must agree), the template's checksum, every row's measure (known, the
// unit's own, not repeated, its ID agreeing with its text; a row without
// ID matched by 序号 and text as a Guess), statuses, text lengths,
// indicator values and a package's evidence. A blank cell keeps what the
// ledger holds. The file is only read.
//
// It returns returns.Problems listing every problem found (nothing is
// written), a *UnitMonthNeededError, *WhoseReturnError or
// *ColumnsNeededError when the clerk must be asked, a data.Error for a
// file that cannot be read or a closed month (ECONFLICT), or the preview.
func (a *App) PrepareImport(ctx context.Context, path string, target ImportTarget) (*ImportPreview, error) {
	return a.prepareIn(ctx, path, target, nil)
}

func (a *App) prepareIn(ctx context.Context, path string, target ImportTarget, b *importBatch) (*ImportPreview, error) {
	content, err := readLimited(path, MaxReturnSize)
	if err != nil {
		return nil, err
	}
	return a.prepare(ctx, path, content, target, b, false)
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

// prepare checks the bytes of a return or package picked at path, in the
// batch b (nil for none). bare reads an earlier return for its entries
// only: no history, no comparison with the return before it.
func (a *App) prepare(ctx context.Context, path string, b []byte, target ImportTarget, batch *importBatch, bare bool) (*ImportPreview, error) {
	sum := sha256.Sum256(b)
	p := &ImportPreview{Path: path, Name: filepath.Base(path), Kind: data.ReturnXLSX, SHA256: hex.EncodeToString(sum[:]),
		Size: int64(len(b)), original: b}
	rtn, structural, files, err := readReturnFile(p, b, target)
	if err != nil {
		return nil, err
	}
	p.Contacts = data.Contacts(rtn.Contacts)
	p.Mapped = mappedColumns(rtn.Mapped, target.Columns)
	ck, err := a.newReturnCheck(ctx, p, rtn, target, batch, bare)
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
		// A file imported before is judged by history (already imported,
		// or the ledger changed since), not refused as empty: its values
		// equal the ledger because it put them there.
		if !bare && len(p.Indicators) == 0 && len(files) == 0 && !ck.importedBefore() {
			untouched := rtn.Untouched
			if !untouched && rtn.Meta != nil && rtn.Meta.Prefill == "" && p.Kind == data.ReturnXLSX {
				// A template written before it carried its pre-fill's checksum.
				if untouched, err = ck.onlyPreviousMonth(); err != nil {
					return nil, err
				}
			}
			if untouched {
				ck.untouched()
			}
		}
		if !rtn.Untouched && len(rtn.SameHeader) > 0 {
			ck.twoSheets()
		}
	}
	if len(ck.problems) > 0 {
		return nil, ck.problems
	}
	if ck.closed {
		return nil, data.Errorf(data.ECONFLICT, "回执表“%s”未导入：%s已关账。回执表本身没有问题；如需导入，请先重新开启该月", p.Name, p.Month.Label())
	}
	if !bare {
		ck.history()
	}
	return p, nil
}

// readReturnFile reads the file (a return workbook, or a return package
// and the workbook in it; p.Kind says which) with the target's column
// mapping. Structural problems come with the return read as far as it
// could be, so the clerk sees every problem at once; they are the error
// when there is no unit to ask for. Columns the reader does not know, in
// a return without structural problems, are a *ColumnsNeededError.
func readReturnFile(p *ImportPreview, b []byte, target ImportTarget) (*returns.Return, returns.Problems, []PackageFile, error) {
	var rtn *returns.Return
	var files []PackageFile
	var err error
	opts := returns.ReadOptions{Map: target.Columns}
	if isPackage(p.Name) {
		var pkg *returns.Package
		if pkg, err = returns.ReadPackage(p.Name, b); err != nil {
			return nil, nil, nil, err
		}
		p.Kind = data.ReturnPackage
		for _, f := range pkg.Files {
			files = append(files, PackageFile{Path: f.Path, MeasureID: f.MeasureID, Name: f.Name, Size: f.Size, SHA256: f.SHA256, content: f.Content})
		}
		rtn, err = returns.ReadReturn(pkg.ReturnName, pkg.Return, opts)
	} else {
		rtn, err = returns.ReadReturn(p.Name, b, opts)
	}
	var structural returns.Problems
	if err != nil && (!errors.As(err, &structural) || rtn == nil) {
		return nil, nil, nil, err
	}
	if len(structural) > 0 && rtn.Meta == nil && target.Unit == "" {
		return nil, nil, nil, structural // no unit to ask for before the sheet itself is right
	}
	if len(structural) == 0 && len(rtn.Unknown) > 0 {
		return nil, nil, nil, &ColumnsNeededError{File: p.Name, Columns: rtn.Unknown}
	}
	return rtn, structural, files, nil
}

// mappedColumns says, for the preview, how each column read through the
// clerk's mapping is imported.
func mappedColumns(mapped []returns.UnknownColumn, columns map[string]returns.Field) []string {
	var out []string
	for _, c := range mapped {
		for h, f := range columns {
			switch {
			case !returns.SameHeader(h, c.Header):
			case f == returns.Ignore:
				out = append(out, fmt.Sprintf("%s 列“%s”不导入", c.Column, c.Header))
			default:
				out = append(out, fmt.Sprintf("%s 列“%s”按%s导入", c.Column, c.Header, f))
			}
		}
	}
	return out
}

// onlyPreviousMonth reports whether every row holds nothing but what the
// unit's entry of the previous month holds: what its template was
// pre-filled with.
func (ck *returnCheck) onlyPreviousMonth() (bool, error) {
	prev := previousMonth(ck.p.Month)
	if prev == "" {
		return false, nil
	}
	es, err := ck.a.db.Entries(ck.ctx, data.EntryFilter{Unit: ck.p.Unit, Month: prev})
	if err != nil {
		return false, err
	}
	before := map[string]data.Entry{}
	for _, e := range es {
		before[e.MeasureID] = e
	}
	for _, r := range ck.rtn.Rows {
		e := before[strings.TrimSpace(r.MeasureID)]
		for _, f := range [][2]string{{r.Status, string(e.Status)}, {r.Progress, e.Progress}, {r.Problems, e.Problems},
			{r.NextSteps, e.NextSteps}, {r.Evidence, e.EvidenceNote}} {
			if got := squeeze(f[0]); got != "" && got != squeeze(f[1]) {
				return false, nil
			}
		}
	}
	return true, nil
}

// untouched refuses a return that holds nothing beyond its template's
// pre-fill: it is not recorded as received.
func (ck *returnCheck) untouched() {
	msg := "回执表中没有填写任何内容：没有哪一行的完成状态或进展情况等与模板预填的上月内容不同，不算报送，未导入。请填写本月情况后重新报送"
	if len(ck.rtn.SameHeader) > 0 {
		msg += fmt.Sprintf("。工作表“%s”中有同样的表头和填写的内容，可能填在了那里：请把内容填回工作表“%s”，或删去工作表“%s”后再导入",
			strings.Join(ck.rtn.SameHeader, "”“"), ck.rtn.Sheet, ck.rtn.Sheet)
	}
	ck.problem(ck.rtn.Sheet, 0, "", "", "", "%s。", msg)
}

// twoSheets refuses a return whose workbook holds, besides the sheet read,
// another sheet with the return's header filled in differently (a copy of
// the sheet filled again): which of them is the return is the clerk's to
// say, by deleting the other.
func (ck *returnCheck) twoSheets() {
	ck.problem(ck.rtn.Sheet, 0, "", "", "", "工作簿中除工作表“%s”外，工作表“%s”也填写了回执表，内容不同，无法确定以哪张为准，未导入。请删去不用的工作表（或把内容合并到一张）后再导入。",
		ck.rtn.Sheet, strings.Join(ck.rtn.SameHeader, "”“"))
}

// returnCheck collects the problems of one return against the ledger and
// fills its preview.
type returnCheck struct {
	a        *App
	ctx      context.Context
	p        *ImportPreview
	rtn      *returns.Return
	target   ImportTarget
	batch    *importBatch
	problems returns.Problems
	kind     data.UnitKind
	year     int                                 // the plan year the return lands in
	all      map[string]data.MeasureRow          // every measure of the plan
	links    map[int]map[string]data.MeasureLink // every held year's links to the year before, by measure
	own      []data.MeasureRow                   // the unit's measures, printed order
	ownIDs   map[string]bool
	current  map[string]data.Entry // the unit's entries of the month (as the batch leaves them)
	closed   bool                  // the month is closed

	imports  []data.ReturnImport        // earlier imports of the unit and month, oldest first
	previous *ImportPreview             // the return before this one: the batch's, else the last import's
	prevFrom data.ReturnImport          // its record
	prevIn   map[string]data.EntryInput // its entries by measure
	prefill  map[string]data.EntryInput // without a return before: what the template was pre-filled with, by measure
}

func (ck *returnCheck) problem(sheet string, row int, column string, field returns.Field, found, format string, args ...any) {
	// Found as the messages quote a cell: what prints as nothing escaped,
	// so that a message quoting it is not followed by it again, raw.
	ck.problems = append(ck.problems, returns.Problem{File: ck.p.Name, Sheet: sheet, Row: row, Column: column, Field: field,
		Found: returns.ShowInvisible(strings.TrimSpace(found)), Message: fmt.Sprintf(format, args...)})
}

// newReturnCheck settles the unit and month of the return (its hidden
// sheet, else target; target settles a disagreement between the hidden
// sheet, the heading and the file name) and loads what the checks need:
// the ledger as the batch leaves it and the return before this one.
// Problems with the plan year, unit, month and checksum are collected; an
// unreadable ledger is an error.
func (a *App) newReturnCheck(ctx context.Context, p *ImportPreview, rtn *returns.Return, target ImportTarget, batch *importBatch, bare bool) (*returnCheck, error) {
	ck := &returnCheck{a: a, ctx: ctx, p: p, rtn: rtn, target: target, batch: batch}
	if h := rtn.Heading; h.MonthText != "" && h.MonthNo == 0 {
		ck.problem(rtn.Sheet, 0, "", "", h.MonthText, "%s 单元格中的填报月份“%s”不是一个月份，请改正", h.MonthCell, returns.ShowInvisible(h.MonthText))
	}
	unitName, month, ok, err := ck.settle(strings.TrimSpace(target.Unit), data.Month(strings.TrimSpace(string(target.Month))))
	if err != nil {
		return nil, err
	}
	if !ok {
		return ck, nil
	}
	year, ok, err := ck.place(unitName, month)
	if err != nil {
		return nil, err
	}
	if !ok {
		return ck, nil
	}
	if err := ck.loadLedger(year); err != nil {
		return nil, err
	}
	if bare {
		return ck, nil
	}
	if err := ck.loadPrevious(); err != nil {
		return nil, err
	}
	return ck, nil
}

// settle decides which unit and month the return is checked against, from
// the target's (unitName, month; either may be empty) and the return's
// hidden sheet. ok is false, with the problem collected, when the return's
// plan year has no plan; a return without a hidden sheet and no target, or
// whose parts disagree with no target to settle them, is an error.
func (ck *returnCheck) settle(unitName string, month data.Month) (_ string, _ data.Month, ok bool, _ error) {
	p, meta := ck.p, ck.rtn.Meta
	if meta == nil {
		if unitName == "" || month == "" {
			return "", "", false, &UnitMonthNeededError{File: p.Name}
		}
		p.Supplied = true
		if _, err := ck.a.planOf(month.Year()); err != nil {
			return unitName, month, true, nil // a month of no plan held (or none): place says so
		}
		given := Claim{Source: "指定的单位和月份", Unit: unitName, Month: month}
		if u, err := ck.a.db.ResolveUnit(ck.ctx, unitName); err == nil {
			given.Unit = u
		}
		claims, err := ck.a.claims(ck.ctx, p.Name, ck.rtn, given, month.Year(), true)
		if err != nil {
			return "", "", false, err
		}
		p.Settled = claims
		return unitName, month, true, nil
	}
	if _, err := ck.a.planOf(meta.PlanYear); err != nil {
		ck.problem("", 0, "", "", fmt.Sprint(meta.PlanYear), "这是 %d 年行动计划的回执表，%s", meta.PlanYear, ErrorMessage(err))
		return "", "", false, nil
	}
	hidden := Claim{Source: "隐藏的模板信息", Unit: meta.Unit, Month: data.Month(meta.Month)}
	if u, err := ck.a.db.ResolveUnit(ck.ctx, meta.Unit); err == nil {
		hidden.Unit = u
	}
	_, badMonth := data.ParseMonth(meta.Month) // a hidden month that is none is a problem of its own
	claims, err := ck.a.claims(ck.ctx, p.Name, ck.rtn, hidden, meta.PlanYear, badMonth == nil)
	if err != nil {
		return "", "", false, err
	}
	switch {
	case len(claims) > 1 && unitName == "" && month == "":
		return "", "", false, &WhoseReturnError{File: p.Name, Claims: claims}
	case len(claims) > 1:
		p.Settled = claims
		if unitName == "" {
			unitName = meta.Unit
		}
		if month == "" {
			month = data.Month(meta.Month)
		}
		return unitName, month, true, nil
	}
	if err := ck.compareTarget(unitName, month); err != nil {
		return "", "", false, err
	}
	return meta.Unit, data.Month(meta.Month), true, nil
}

// compareTarget collects a problem when the target's unit or month (if
// given) is not the hidden sheet's.
func (ck *returnCheck) compareTarget(unitName string, month data.Month) error {
	a, ctx, meta := ck.a, ck.ctx, ck.rtn.Meta
	if unitName != "" {
		u1, err1 := a.db.ResolveUnit(ctx, unitName)
		if code := data.ErrorCode(err1); code == data.ENOTFOUND || code == data.EINVALID {
			ck.problem("", 0, "", "", unitName, "%s", a.unitNotFound(ctx, meta.PlanYear, unitName, err1))
		} else if err1 != nil {
			return err1
		}
		if u2, err2 := a.db.ResolveUnit(ctx, meta.Unit); err1 == nil && err2 == nil && u1 != u2 {
			ck.problem("", 0, "", "", meta.Unit, "这是%s的回执表，不是%s的", u2, u1)
		}
	}
	if month != "" && data.Month(meta.Month) != month {
		ck.problem("", 0, "", "", meta.Month, "这是 %s 的回执表，不是 %s 的", meta.Month, month)
	}
	return nil
}

// place checks the settled month against the plan year (the hidden
// sheet's, else the month's) and the target's year, and the unit against
// the directory, and sets the preview's unit and month. ok is false, with
// the problem collected, when one of them does not fit; it returns the
// plan year.
func (ck *returnCheck) place(unitName string, month data.Month) (year int, ok bool, _ error) {
	a, p, meta := ck.a, ck.p, ck.rtn.Meta
	m, err := data.ParseMonth(string(month))
	if err != nil {
		ck.problem("", 0, "", "", string(month), "填报月份“%s”不是一个月份，应写成 2023-06 这样的年-月", returns.ShowInvisible(string(month)))
		return 0, false, nil
	}
	year = m.Year()
	if meta != nil {
		year = meta.PlanYear
	}
	if t := ck.target.Year; t != 0 && year != t {
		ck.problem("", 0, "", "", fmt.Sprint(year), "这是 %d 年行动计划的回执表，不能导入 %d 年的台账；请使用 %d 年的填报模板", year, t, t)
		return 0, false, nil
	}
	if meta != nil && m.Year() != year {
		ck.problem("", 0, "", "", "", "这是用 %d 年行动计划的填报模板填写的回执表，只能导入 %d 年的月份（%d-01 至 %d-12），不能导入 %s。%s的回执请用 %d 年的填报模板填写后再导入",
			year, year, year, year, m, m.Label(), m.Year())
		return 0, false, nil
	}
	if _, err := a.checkMonthIn(year, m); err != nil {
		ck.problem("", 0, "", "", string(m), "%s", ErrorMessage(err))
		return 0, false, nil
	}
	u, kind, err := a.reportingUnit(ck.ctx, unitName)
	if code := data.ErrorCode(err); code == data.ENOTFOUND || code == data.EINVALID {
		ck.problem("", 0, "", "", unitName, "%s", a.unitNotFound(ck.ctx, year, unitName, err))
		return 0, false, nil
	} else if err != nil {
		return 0, false, err
	}
	p.Unit, p.Month, ck.kind = u, m, kind
	return year, true, nil
}

// loadLedger loads the plan year's measures, the unit's own and its
// entries of the month, and whether the month is closed; a hidden sheet's
// checksum that is not that of the unit's measures is a problem.
func (ck *returnCheck) loadLedger(year int) error {
	a, ctx, u, month := ck.a, ck.ctx, ck.p.Unit, ck.p.Month
	all, err := a.db.FindMeasures(ctx, data.MeasureFilter{Year: year})
	if err != nil {
		return err
	}
	ck.year, ck.links = year, map[int]map[string]data.MeasureLink{}
	if years := a.Years(); len(years) > 1 {
		for _, y := range years {
			if ck.links[y], err = a.db.MeasureLinks(ctx, y); err != nil {
				return err
			}
		}
	}
	ck.all = map[string]data.MeasureRow{}
	for _, r := range all {
		ck.all[r.Measure.ID] = r
	}
	if ck.own, err = a.db.FindMeasures(ctx, data.MeasureFilter{Year: year, Unit: u}); err != nil {
		return err
	}
	ck.ownIDs = map[string]bool{}
	ids := make([]string, len(ck.own))
	for i, r := range ck.own {
		ck.ownIDs[r.Measure.ID], ids[i] = true, r.Measure.ID
	}
	if meta := ck.rtn.Meta; meta != nil && meta.Checksum != returns.Checksum(ids) {
		ck.problem("", 0, "", "", meta.Checksum, "回执表中的措施清单与台账中%s的措施不一致（校验值不符）：模板可能已过时或被改动，请重新生成%s的填报模板后再填报", u, month.Label())
	}
	if ck.closed, err = a.db.MonthClosed(ctx, month); err != nil {
		return err
	}
	es, err := a.db.Entries(ctx, data.EntryFilter{Unit: u, Month: month})
	if err != nil {
		return err
	}
	ck.current = map[string]data.Entry{}
	for _, e := range es {
		ck.current[e.MeasureID] = e
	}
	return nil
}

// loadPrevious finds the return before this one for the unit and month:
// an earlier file of the batch (whose result is then the ledger the rows
// are compared with), else the last import, read again from its kept
// original.
func (ck *returnCheck) loadPrevious() error {
	p := ck.p
	key := batchKey(p.Unit, p.Month)
	if ck.batch != nil {
		if prev := ck.batch.last[key]; prev != nil {
			ck.previous = prev
			ck.prevFrom = data.ReturnImport{Unit: p.Unit, Month: p.Month, FileName: prev.Name, Kind: prev.Kind, SHA256: prev.SHA256, Size: prev.Size}
			ck.current = maps.Clone(ck.batch.entries[key])
		}
	}
	var err error
	if ck.imports, err = ck.a.db.ReturnImports(ck.ctx, data.ReturnImportFilter{Unit: p.Unit, Month: p.Month}); err != nil {
		return err
	}
	if ck.previous == nil && len(ck.imports) > 0 {
		ck.prevFrom = ck.imports[len(ck.imports)-1]
		var buf bytes.Buffer
		if _, err := ck.a.db.WriteBlob(ck.ctx, ck.prevFrom.SHA256, &buf); err != nil {
			return err
		}
		old, err := ck.a.prepare(ck.ctx, ck.prevFrom.FileName, buf.Bytes(), ImportTarget{Unit: p.Unit, Month: p.Month}, nil, true)
		if err == nil {
			ck.previous = old
		}
		// Otherwise the earlier return no longer passes the checks (the
		// plan changed since): the preview against the ledger still shows
		// every change.
	}
	if ck.previous != nil {
		ck.prevIn = map[string]data.EntryInput{}
		for _, e := range ck.previous.entries {
			ck.prevIn[e.MeasureID] = e
		}
		return nil
	}
	if len(ck.current) > 0 {
		return ck.loadPrefill()
	}
	return nil
}

// loadPrefill takes, for the first return of the unit and month, what its
// template was pre-filled with (the month before, or December's entries
// carried over into a new plan year), when that is still what the ledger
// pre-fills (the template's prefill checksum): a row left as pre-filled
// does not overwrite what the ledger was given for the month since.
func (ck *returnCheck) loadPrefill() error {
	meta := ck.rtn.Meta
	if meta == nil || meta.Prefill == "" {
		return nil
	}
	t, err := ck.a.returnSheet(ck.ctx, ck.p.Unit, ck.p.Month, previousMonth(ck.p.Month))
	if err != nil || returns.PrefillChecksum(t.Rows) != meta.Prefill {
		return err
	}
	ck.prefill = map[string]data.EntryInput{}
	for _, r := range t.Rows {
		in := data.EntryInput{MeasureID: r.MeasureID}
		if r.Status != "" {
			st := data.Status(r.Status)
			in.Status = &st
		}
		for _, f := range []struct {
			dest **string
			v    string
		}{{&in.Progress, r.Progress}, {&in.Problems, r.Problems}, {&in.NextSteps, r.NextSteps}, {&in.EvidenceNote, r.Evidence}} {
			if f.v != "" {
				*f.dest = &f.v
			}
		}
		ck.prefill[r.MeasureID] = in
	}
	return nil
}

// claims lists what ref (the hidden sheet, or for a return without one
// the unit and month the clerk gave), the visible heading and the file
// name say about the return's unit and month when they disagree, ref
// first (nil when they agree, or only one says anything); months are
// compared only when byMonth. A part naming no unit or month it can be
// resolved to agrees with any.
func (a *App) claims(ctx context.Context, name string, rtn *returns.Return, ref Claim, year int, byMonth bool) ([]Claim, error) {
	hidden := ref
	var others []Claim
	h := rtn.Heading
	heading := Claim{Source: fmt.Sprintf("表头（%s 单元格）", h.UnitCell)}
	if h.UnitCell == "" {
		heading.Source = fmt.Sprintf("表头（%s 单元格）", h.MonthCell)
	}
	if h.Unit != "" {
		if u, err := a.resolveLoose(ctx, h.Unit); err != nil {
			return nil, err
		} else {
			heading.Unit = u
		}
	}
	if h.MonthNo > 0 {
		heading.Month = writtenMonth(h.Year, h.MonthNo, hidden.Month, year)
	}
	others = append(others, heading)
	inName, err := a.unitInName(ctx, year, name)
	if err != nil {
		return nil, err
	}
	file := Claim{Source: fmt.Sprintf("文件名“%s”", name), Unit: inName}
	if y, mo := monthInName(name); mo > 0 {
		file.Month = writtenMonth(y, mo, hidden.Month, year)
	}
	others = append(others, file)
	out := []Claim{hidden}
	for _, c := range others {
		if c.Unit != "" && c.Unit != hidden.Unit || byMonth && c.Month != "" && c.Month != hidden.Month {
			out = append(out, c)
		}
	}
	if len(out) == 1 {
		return nil, nil
	}
	return out, nil
}

// writtenMonth is the month a heading or file name writes as year and
// month number. Without a year it is the month of that number nearest to
// the template's month (ties go to the plan year): "12月" on a 2024-01
// template is 2023-12, a December return made late from January's
// template, and "1月" on a 2023-12 template is 2024-01.
func writtenMonth(year, month int, template data.Month, planYear int) data.Month {
	if year == 0 {
		year = planYear
		if _, err := data.ParseMonth(string(template)); err == nil {
			at := template.Year()*12 + monthNo(template)
			for _, y := range []int{year - 1, year + 1} {
				if d, best := abs(y*12+month-at), abs(year*12+month-at); d < best {
					year = y
				}
			}
		}
	}
	return data.Month(fmt.Sprintf("%04d-%02d", year, month))
}

// monthNo is the number of m's month, 1 to 12.
func monthNo(m data.Month) int {
	n, _ := strconv.Atoi(string(m)[5:])
	return n
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// resolveLoose resolves a unit name as a clerk wrote it in a heading: the
// name or an alias, also without a trailing 办事处; "" when it names none.
func (a *App) resolveLoose(ctx context.Context, name string) (string, error) {
	for _, n := range []string{name, strings.TrimSuffix(name, "办事处")} {
		u, err := a.db.ResolveUnit(ctx, n)
		switch code := data.ErrorCode(err); {
		case err == nil:
			return u, nil
		case code != data.ENOTFOUND && code != data.EINVALID:
			return "", err
		}
	}
	return "", nil
}

// unitInName is the reporting unit whose name or alias a file name holds;
// "" when none or two different ones (a name inside a longer one found
// does not count).
func (a *App) unitInName(ctx context.Context, year int, name string) (string, error) {
	units, err := a.db.Units(ctx, year)
	if err != nil {
		return "", err
	}
	type hit struct{ unit, text string }
	var hits []hit
	for _, u := range units {
		if u.Kind == data.UnitGroup {
			continue
		}
		for _, n := range append([]string{u.Name}, u.Aliases...) {
			if n != "" && strings.Contains(name, n) {
				hits = append(hits, hit{u.Name, n})
			}
		}
	}
	found := ""
	for _, h := range hits {
		inner := false
		for _, o := range hits {
			inner = inner || o.unit != h.unit && len(o.text) > len(h.text) && strings.Contains(o.text, h.text)
		}
		switch {
		case inner || found == h.unit:
		case found != "":
			return "", nil
		default:
			found = h.unit
		}
	}
	return found, nil
}

// monthInName finds a month in a file name: 2023年6月, 2023-06, 6月; year 0
// when none is written, month 0 when there is none or two different ones.
var monthInNamePattern = regexp.MustCompile(`(?:(\d{4})\s*[年\-_.]?\s*)?(\d{1,2})\s*月|(\d{4})[-_.](\d{1,2})(?:\D|$)`)

func monthInName(name string) (year, month int) {
	for _, at := range monthInNamePattern.FindAllStringSubmatchIndex(name, -1) {
		if dayAfter.MatchString(name[at[1]:]) {
			continue // 7月5日: the day it was sent, not its month
		}
		group := func(i int) string {
			if at[2*i] < 0 {
				return ""
			}
			return name[at[2*i]:at[2*i+1]]
		}
		y, mo := group(1), group(2)
		if group(3) != "" {
			y, mo = group(3), group(4)
			if numericDay.MatchString(name[at[9]:]) {
				continue // 2024-01-04: the day it was sent, not its month
			}
		}
		yn, _ := strconv.Atoi(y)
		n, _ := strconv.Atoi(mo)
		if n < 1 || n > 12 {
			continue
		}
		if month != 0 && (n != month || yn != year) {
			return 0, 0
		}
		year, month = yn, n
	}
	return year, month
}

// dayAfter is a day of the month following a month in a file name.
var dayAfter = regexp.MustCompile(`^\s*\d{1,2}\s*[日号]`)

// numericDay is a day following a month written 2024-01 or 2024.1 in a
// file name (2024-01-04, 2024.1.4, 2024_01_04).
var numericDay = regexp.MustCompile(`^[-_.]\d{1,2}(?:\D|$)`)

// unitNotFound is the message for a unit name that names no unit, with the
// closest names the ledger has (德胜 → 德胜街道).
func (a *App) unitNotFound(ctx context.Context, year int, name string, err error) string {
	msg := ErrorMessage(err)
	if data.ErrorCode(err) != data.ENOTFOUND {
		return msg
	}
	units, uerr := a.db.Units(ctx, year)
	if uerr != nil {
		return msg
	}
	var near []string
	key := squeeze(name)
	for _, u := range units {
		if u.Kind == data.UnitGroup {
			continue
		}
		n := squeeze(u.Name)
		if key != "" && (strings.Contains(n, key) || strings.Contains(key, n) || editDistance(n, key) <= 2) {
			near = append(near, u.Name)
		}
	}
	if len(near) > 0 {
		if len(near) > 5 {
			near = near[:5]
		}
		msg += "。是否指：" + strings.Join(near, "、") + "？"
	}
	return msg
}

// editDistance is the Levenshtein distance of two strings, in characters.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur := make([]int, len(y)+1)
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(y)]
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

// rows checks the measure rows and builds the entries and the changes. A
// blank cell, and a column the return does not have, keeps what the ledger
// holds; a value equal to the previous return's where the ledger was
// changed since keeps the ledger's too, unless the clerk prefers the return.
func (ck *returnCheck) rows() {
	seen := map[string]int{}
	absent := map[returns.Field]bool{}
	for _, f := range ck.rtn.Absent {
		absent[f] = true
		ck.p.Absent = append(ck.p.Absent, string(f))
	}
	for _, r := range ck.rtn.Rows {
		id, guessed, ok := ck.rowMeasure(r, seen)
		if !ok {
			continue
		}
		seen[id] = r.Row
		ck.addRow(r, id, guessed, absent)
	}
	for _, m := range ck.own {
		if _, ok := seen[m.Measure.ID]; !ok {
			ck.p.Missing = append(ck.p.Missing, m.Measure.ID)
		}
	}
	ck.p.ledger = ck.current
}

// rowMeasure finds the unit's measure a row reports on (guessed when the
// row has no measure ID); seen holds the rows of the measures found so far.
// ok is false for a row to skip: an empty one, one that reports nothing and
// matches no measure of the unit, or one with a problem (collected).
func (ck *returnCheck) rowMeasure(r returns.ReadRow, seen map[string]int) (id string, guessed, ok bool) {
	sheet := ck.rtn.Sheet
	col := func(f returns.Field) string { return r.Columns[f] }
	if squeeze(r.MeasureID+r.No+r.Measure+r.Status+r.Progress+r.Problems+r.NextSteps+r.Evidence) == "" {
		return "", false, false
	}
	// A row that reports nothing (a note under the table, a row of
	// another unit left blank) loses nothing when it matches no measure.
	empty := squeeze(r.Status+r.Progress+r.Problems+r.NextSteps+r.Evidence) == ""
	id, guessed, ok = match(r, ck.own)
	switch {
	case empty && (!ok || ck.all[id].Measure.ID == "" || !ck.ownIDs[id]):
		return "", false, false
	case !ok:
		ck.problem(sheet, r.Row, col(returns.FieldMeasure), returns.FieldMeasure, r.Measure,
			"没有措施编号，按序号“%s”和工作措施的内容也找不到%s的措施；请填写措施编号，或删去这一行", returns.ShowInvisible(strings.TrimSpace(r.No)), ck.p.Unit)
		return "", false, false
	case ck.all[id].Measure.ID == "":
		if y, o := ck.otherYearsMeasure(func(m data.Measure) bool { return m.ID == id }); o.ID != "" {
			ck.problem(sheet, r.Row, col(returns.FieldMeasureID), returns.FieldMeasureID, r.MeasureID,
				"%d 年行动计划中没有编号为“%s”的措施：这是 %d 年行动计划的措施（“%s”），不在 %d 年的行动计划中。可能是从 %d 年的回执表复制的行，请删去这一行后再导入",
				ck.year, id, y, shortText(o.Text), ck.year, y)
			return "", false, false
		}
		ck.problem(sheet, r.Row, col(returns.FieldMeasureID), returns.FieldMeasureID, r.MeasureID,
			"%d 年行动计划中没有编号为“%s”的措施，请核对措施编号（不要修改模板中的编号）", ck.year, returns.ShowInvisible(id))
		return "", false, false
	case !ck.ownIDs[id]:
		ck.problem(sheet, r.Row, col(returns.FieldMeasureID), returns.FieldMeasureID, r.MeasureID,
			"措施 %s 不是%s的措施（它不是该措施的主责或协办单位），请删去这一行或使用本单位的填报模板", id, ck.p.Unit)
		return "", false, false
	case !guessed && !empty && ck.misplaced(r, id):
		return "", false, false
	}
	if first, dup := seen[id]; dup {
		ck.problem(sheet, r.Row, col(returns.FieldMeasureID), returns.FieldMeasureID, id,
			"措施 %s 在第 %d 行已经填过，同一措施只能填一行", id, first)
		return "", false, false
	}
	return id, guessed, true
}

// addRow adds a row on measure id to the preview: its entry, its changes,
// what the ledger keeps and the warnings; absent holds the columns the
// return lacks.
func (ck *returnCheck) addRow(r returns.ReadRow, id string, guessed bool, absent map[returns.Field]bool) {
	sheet := ck.rtn.Sheet
	m := ck.all[id]
	if guessed {
		ck.p.Guesses = append(ck.p.Guesses, Guess{Sheet: sheet, Row: r.Row, No: strings.TrimSpace(r.No), Text: cleanText(r.Measure),
			MeasureID: id, Measure: m.Measure.Text})
	}
	in := data.EntryInput{Unit: ck.p.Unit, MeasureID: id, Month: ck.p.Month}
	if strings.TrimSpace(r.Status) != "" {
		s, err := data.ParseStatus(r.Status)
		switch shown := returns.ShowInvisible(strings.TrimSpace(r.Status)); {
		case err != nil && utf8.RuneCountInString(shown) > maxStatusShown:
			// A text typed into the status column: quoted in part.
			short := string([]rune(shown)[:maxStatusShown]) + "…"
			ck.problem(sheet, r.Row, r.Columns[returns.FieldStatus], returns.FieldStatus, short,
				"完成状态“%s”（%d 字）无法识别，像是写在完成状态列里的进展：请把它移到“进展情况”列，完成状态应为：未启动、序时推进、滞后、已完成、不涉及",
				short, utf8.RuneCountInString(shown))
		case err != nil:
			ck.problem(sheet, r.Row, r.Columns[returns.FieldStatus], returns.FieldStatus, r.Status,
				"完成状态“%s”无法识别，应为：未启动、序时推进、滞后、已完成、不涉及", shown)
		}
		in.Status = &s
	}
	cur, exists := ck.current[id]
	base := MeasureChange{MeasureID: id, Annex: m.AnnexCode, No: m.TaskNo, Measure: m.Measure.Text, Sheet: sheet, Row: r.Row, New: !exists}
	kept, corrected := base, base
	if in.Status == nil && !absent[returns.FieldStatus] && cur.Status != "" {
		kept.Fields = append(kept.Fields, FieldChange{labelStatus, string(cur.Status), ""})
	}
	kept.Fields = append(kept.Fields, ck.rowTexts(r, &in, cur, absent)...)
	corrected.Fields = ck.keepCorrections(&in, cur)
	if in.Status == nil && cur.Status == "" && (in.Progress != nil || in.Problems != nil || in.NextSteps != nil || in.EvidenceNote != nil) {
		ck.p.Warnings = append(ck.p.Warnings, returns.Problem{File: ck.p.Name, Sheet: sheet, Row: r.Row, Column: r.Columns[returns.FieldStatus], Field: returns.FieldStatus,
			Message: fmt.Sprintf("措施 %s 的完成状态为空，但填写了进展等内容：导入后该措施仍显示为“未报送”。请确认，或在回执表中补填完成状态", id)})
	}
	change := base
	change.Fields = diffInput(cur, in)
	ck.p.entries, ck.p.rows = append(ck.p.entries, in), append(ck.p.rows, r.Row)
	if len(kept.Fields) > 0 {
		ck.p.Kept = append(ck.p.Kept, kept)
	}
	if len(corrected.Fields) > 0 {
		ck.p.Corrections = append(ck.p.Corrections, corrected)
	}
	if len(change.Fields) == 0 {
		ck.p.Unchanged++
	} else {
		ck.p.Changes = append(ck.p.Changes, change)
	}
}

// rowTexts sets the entry's texts from the row's (a text over the limit is
// a problem) and returns the ledger's texts that an empty cell keeps, in
// a column the return has.
func (ck *returnCheck) rowTexts(r returns.ReadRow, in *data.EntryInput, cur data.Entry, absent map[returns.Field]bool) []FieldChange {
	texts := []struct {
		field  returns.Field
		label  string
		text   string
		stored string
		dest   **string
	}{
		{returns.FieldProgress, labelProgress, cleanText(r.Progress), cur.Progress, &in.Progress},
		{returns.FieldProblems, labelProblems, cleanText(r.Problems), cur.Problems, &in.Problems},
		{returns.FieldNextSteps, labelNextSteps, cleanText(r.NextSteps), cur.NextSteps, &in.NextSteps},
		{returns.FieldEvidence, labelEvidence, cleanText(r.Evidence), cur.EvidenceNote, &in.EvidenceNote},
	}
	var kept []FieldChange
	for _, t := range texts {
		if n := utf8.RuneCountInString(t.text); n > data.MaxText {
			ck.problem(ck.rtn.Sheet, r.Row, r.Columns[t.field], t.field, string([]rune(t.text)[:20])+"…",
				"%s有 %d 字，超过 %d 字的上限，请精简", t.label, n, data.MaxText)
		}
		if t.text == "" {
			if t.stored != "" && !absent[t.field] {
				kept = append(kept, FieldChange{t.label, t.stored, ""})
			}
			continue
		}
		text := t.text
		*t.dest = &text
	}
	return kept
}

// misplaced reports a row whose 措施编号 contradicts its 工作措施 (the text
// of another of the unit's measures) or, without text, its 序号: a sort of
// one column moved the IDs. It is a problem naming the row, the ID and the
// measure the text belongs to.
func (ck *returnCheck) misplaced(r returns.ReadRow, id string) bool {
	m := ck.all[id]
	col := r.Columns[returns.FieldMeasureID]
	if text := squeeze(r.Measure); text != "" {
		if text == squeeze(m.Measure.Text) {
			return false
		}
		for _, o := range ck.own {
			if o.Measure.ID != id && squeeze(o.Measure.Text) == text {
				ck.problem(ck.rtn.Sheet, r.Row, col, returns.FieldMeasureID, id,
					"措施编号“%s”与本行的工作措施不符：本行的工作措施是措施 %s（序号 %s）的内容，措施 %s 是“%s”。可能只对一列排序使行错位，请核对后再导入",
					id, o.Measure.ID, o.TaskNo, id, shortText(m.Measure.Text))
				return true
			}
		}
		y, o := ck.otherYearsMeasure(func(m data.Measure) bool { return squeeze(m.Text) == text })
		if o.ID != "" && !ck.carriesOn(y, o.ID, id) {
			ck.problem(ck.rtn.Sheet, r.Row, col, returns.FieldMeasureID, id,
				"措施编号“%s”与本行的工作措施不符：本行的工作措施是 %d 年行动计划措施 %s 的内容，%d 年的措施 %s 是另一项措施（“%s”）。可能是从 %d 年的回执表复制的行，请在 %d 年的填报模板中填写本行后再导入",
				id, y, o.ID, ck.year, id, shortText(m.Measure.Text), y, ck.year)
			return true
		}
		return false
	}
	if no := squeeze(r.No); no != "" && no != squeeze(m.TaskNo) {
		ck.problem(ck.rtn.Sheet, r.Row, col, returns.FieldMeasureID, id,
			"措施编号“%s”属于序号 %s 的重点任务，但本行的序号是“%s”。可能只对一列排序使行错位，请核对后再导入", id, m.TaskNo, returns.ShowInvisible(strings.TrimSpace(r.No)))
		return true
	}
	return false
}

// otherYearsMeasure finds the measure of another plan year the ledger holds
// that is match's, the nearest year first; o.ID is "" when none.
func (ck *returnCheck) otherYearsMeasure(match func(data.Measure) bool) (year int, o data.Measure) {
	years := ck.a.Years()
	slices.SortStableFunc(years, func(x, y int) int { return abs(x-ck.year) - abs(y-ck.year) })
	for _, y := range years {
		p, err := ck.a.planOf(y)
		if y == ck.year || err != nil {
			continue
		}
		for _, an := range p.Annexes {
			for _, sec := range an.Sections {
				for _, t := range sec.Tasks {
					for _, m := range t.Measures {
						if match(m) {
							return y, m
						}
					}
				}
			}
		}
	}
	return 0, data.Measure{}
}

// carriesOn reports whether measure a of year ya and measure b of the
// return's year are one measure carried on from year to year (the plan
// import's links, in either direction): a reworded measure, not another.
func (ck *returnCheck) carriesOn(ya int, a, b string) bool {
	later, lid, earlier, eid := ck.year, b, ya, a
	if ya > ck.year {
		later, lid, earlier, eid = ya, a, ck.year, b
	}
	for y, id := later, lid; y > earlier; {
		l, ok := ck.links[y][id]
		if !ok {
			return false
		}
		y, id = l.PrevYear, l.PrevMeasureID
		if y == earlier {
			return id == eid
		}
	}
	return false
}

// maxStatusShown is how much of an unknown status a message quotes.
const maxStatusShown = 20

// shortText cuts a plan text for a message.
func shortText(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// keepCorrections drops from in the values equal to the previous return's
// where the ledger now holds another (corrected in the ledger since), and
// lists them: Old the ledger's value, New the return's. Without a previous
// return, a value left as the template pre-filled it gives way to a value
// the ledger holds for the month (written after the template was made).
// With PreferReturn they stay in in, and are still listed.
func (ck *returnCheck) keepCorrections(in *data.EntryInput, cur data.Entry) []FieldChange {
	prev, ok := ck.prevIn[in.MeasureID]
	prefilled := false
	if !ok {
		prev, prefilled = ck.prefill[in.MeasureID]
		ok = prefilled
	}
	if !ok {
		return nil
	}
	var out []FieldChange
	keep := func(label string, next, before *string, ledger string) bool {
		if next == nil || before == nil || *next != *before || *next == ledger || prefilled && ledger == "" {
			return false
		}
		out = append(out, FieldChange{label, ledger, *next})
		return !ck.target.PreferReturn
	}
	if in.Status != nil && prev.Status != nil {
		n, b := string(*in.Status), string(*prev.Status)
		if keep(labelStatus, &n, &b, string(cur.Status)) {
			in.Status = nil
		}
	}
	for _, f := range []struct {
		label  string
		next   **string
		before *string
		ledger string
	}{
		{labelProgress, &in.Progress, prev.Progress, cur.Progress},
		{labelProblems, &in.Problems, prev.Problems, cur.Problems},
		{labelNextSteps, &in.NextSteps, prev.NextSteps, cur.NextSteps},
		{labelEvidence, &in.EvidenceNote, prev.EvidenceNote, cur.EvidenceNote},
	} {
		if keep(f.label, *f.next, f.before, f.ledger) {
			*f.next = nil
		}
	}
	return out
}

// diffInput lists the fields in sets that differ from cur; a field in
// leaves unset (nil) is kept and not listed.
func diffInput(cur data.Entry, in data.EntryInput) []FieldChange {
	var out []FieldChange
	if in.Status != nil && *in.Status != cur.Status {
		out = append(out, FieldChange{labelStatus, string(cur.Status), string(*in.Status)})
	}
	for _, f := range []struct {
		label string
		old   string
		new   *string
	}{{labelProgress, cur.Progress, in.Progress}, {labelProblems, cur.Problems, in.Problems},
		{labelNextSteps, cur.NextSteps, in.NextSteps}, {labelEvidence, cur.EvidenceNote, in.EvidenceNote}} {
		if f.new != nil && *f.new != f.old {
			out = append(out, FieldChange{f.label, f.old, *f.new})
		}
	}
	return out
}

// applyInput is cur with the fields in sets.
func applyInput(cur data.Entry, in data.EntryInput) data.Entry {
	cur.Unit, cur.MeasureID, cur.Month = in.Unit, in.MeasureID, in.Month
	if in.Status != nil {
		cur.Status = *in.Status
	}
	for _, f := range []struct {
		in  *string
		out *string
	}{{in.Progress, &cur.Progress}, {in.Problems, &cur.Problems}, {in.NextSteps, &cur.NextSteps}, {in.EvidenceNote, &cur.EvidenceNote}} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	return cur
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
		ck.p.valueRows = append(ck.p.valueRows, r.Row)
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
			id := f.MeasureID
			if y, o := ck.otherYearsMeasure(func(m data.Measure) bool { return m.ID == id }); ck.all[id].Measure.ID == "" && o.ID != "" {
				ck.problem("", 0, "", "", f.Path, "回执包中的佐证材料“%s”属于措施“%s”，%d 年行动计划中没有这项措施（它是 %d 年行动计划的措施）", f.Path, id, ck.year, y)
				continue
			}
			ck.problem("", 0, "", "", f.Path, "回执包中的佐证材料“%s”属于措施“%s”，它不是%s的措施", f.Path, id, ck.p.Unit)
			continue
		}
		for _, e := range have {
			f.Attached = f.Attached || (e.MeasureID == f.MeasureID && e.Name == f.Name && e.SHA256 == f.SHA256)
		}
		ck.p.Evidence = append(ck.p.Evidence, f)
	}
	return nil
}

// importedBefore reports whether this very file was imported before for
// the unit and month, or is an earlier file of the batch.
func (ck *returnCheck) importedBefore() bool {
	if ck.previous != nil && ck.previous.SHA256 == ck.p.SHA256 {
		return true
	}
	for _, r := range ck.imports {
		if r.SHA256 == ck.p.SHA256 {
			return true
		}
	}
	return false
}

// history compares the return with the one before it for the unit and
// month. The same file imported before while the ledger still holds what it
// says is AlreadyImported (nothing to do); the same file when the ledger no
// longer does, or another return, is a Conflict with its differences,
// applied only once confirmed.
func (ck *returnCheck) history() {
	p := ck.p
	if ck.previous != nil && ck.prevFrom.ImportedAt.IsZero() { // an earlier file of the batch
		if ck.previous.SHA256 == p.SHA256 {
			p.AlreadyImported = &ck.prevFrom
			return
		}
		p.Conflict = &ImportConflict{Previous: ck.prevFrom, InBatch: true, Differences: ck.differences()}
		return
	}
	for i := range ck.imports {
		if ck.imports[i].SHA256 != p.SHA256 {
			continue
		}
		if !p.changes() {
			p.AlreadyImported = &ck.imports[i]
			return
		}
		p.Conflict = &ImportConflict{Previous: ck.imports[i], Reimport: true}
		return
	}
	if len(ck.imports) > 0 {
		p.Conflict = &ImportConflict{Previous: ck.prevFrom, Differences: ck.differences()}
	}
}

// differences lists the measures where this return sets a value other than
// the previous return's (Old the previous return's, "" when it had none).
func (ck *returnCheck) differences() []MeasureChange {
	if ck.previous == nil {
		return nil
	}
	var out []MeasureChange
	for _, e := range ck.p.entries {
		prev, ok := ck.prevIn[e.MeasureID]
		if fs := diffInput(applyInput(data.Entry{}, prev), e); len(fs) > 0 {
			m := ck.all[e.MeasureID]
			out = append(out, MeasureChange{MeasureID: e.MeasureID, Annex: m.AnnexCode, No: m.TaskNo, Measure: m.Measure.Text, New: !ok, Fields: fs})
		}
	}
	return out
}

// importBatch is what the files of a batch checked so far would leave: the
// entries of each unit and month, and the last preview of each.
type importBatch struct {
	entries map[string]map[string]data.Entry
	last    map[string]*ImportPreview
}

func batchKey(unit string, m data.Month) string { return unit + "|" + string(m) }

// add records what p would leave.
func (b *importBatch) add(p *ImportPreview) {
	if p.AlreadyImported != nil {
		return
	}
	key := batchKey(p.Unit, p.Month)
	es := maps.Clone(p.ledger)
	if es == nil {
		es = map[string]data.Entry{}
	}
	for _, in := range p.entries {
		es[in.MeasureID] = applyInput(es[in.MeasureID], in)
	}
	b.entries[key], b.last[key] = es, p
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
		var why string
		switch c := p.Conflict; {
		case len(p.Guesses) > 0:
			why = "其中有按序号和措施内容对应的行"
		case len(p.Warnings) > 0:
			why = "其中有完成状态为空却填写了进展等内容的行"
		case p.Supplied && len(p.Settled) > 0:
			why = fmt.Sprintf("%s写的是另一个单位或月份", p.Settled[1].Source)
		case c.InBatch:
			why = fmt.Sprintf("同一批中已有该单位本月的另一份回执表“%s”", c.Previous.FileName)
		case c.Reimport:
			why = "该文件导入过，但台账此后已有更改"
		default:
			why = fmt.Sprintf("该单位本月已导入过另一份回执表“%s”", c.Previous.FileName)
		}
		return nil, data.Errorf(data.ECONFLICT, "回执表“%s”未导入：%s，需要确认后才能导入（命令行加 --yes）", p.Name, why)
	}
	in := data.ReturnInput{Unit: p.Unit, Month: p.Month, FileName: p.Name, Kind: p.Kind, Original: bytes.NewReader(p.original),
		Entries: p.entries, Indicators: p.values, Unchanged: p.Unchanged, Guessed: len(p.Guesses),
		EntryRows: p.rows, IndicatorRows: p.valueRows, Contacts: p.Contacts, Size: int64(len(p.original))}
	for _, f := range p.Evidence {
		if f.Attached {
			continue
		}
		in.Size += int64(len(f.content))
		in.Evidence = append(in.Evidence, data.ReturnEvidence{MeasureID: f.MeasureID, Name: f.Name, MIME: fileType(f.Name, f.content),
			SHA256: f.SHA256, Content: bytes.NewReader(f.content)})
	}
	r, err := a.db.ApplyReturn(ctx, p.Month.Year(), in, a.Clerk(ctx))
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// SetReturnReceived sets the day the return of unit for month m arrived,
// as the clerk (day as 2023-07-04): the tracker judges 逾期 by it. It is
// audited. Errors: those of the store's SetReturnReceived.
func (a *App) SetReturnReceived(ctx context.Context, unit string, m data.Month, day string) (data.ReturnImport, error) {
	year, err := a.checkMonth(m)
	if err != nil {
		return data.ReturnImport{}, err
	}
	return a.db.SetReturnReceived(ctx, year, unit, m, day, a.Clerk(ctx))
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
//
// Each file is checked against the ledger as the files before it would
// leave it: a second return for a unit and month is compared with the
// first, and is a conflict that needs confirmation.
func (a *App) PrepareImports(ctx context.Context, paths []string, target ImportTarget, progress func(done, total int)) []ImportOutcome {
	targets := make([]ImportTarget, len(paths))
	for i := range targets {
		targets[i] = target
	}
	return a.PrepareImportsEach(ctx, paths, targets, progress)
}

// PrepareImportsEach is PrepareImports with the clerk's answers for each
// file: targets[i] is paths[i]'s.
func (a *App) PrepareImportsEach(ctx context.Context, paths []string, targets []ImportTarget, progress func(done, total int)) []ImportOutcome {
	out := make([]ImportOutcome, len(paths))
	batch := &importBatch{entries: map[string]map[string]data.Entry{}, last: map[string]*ImportPreview{}}
	for i, path := range paths {
		out[i].Path = path
		if out[i].Err = ctx.Err(); out[i].Err == nil {
			out[i].Preview, out[i].Err = a.prepareIn(ctx, path, targets[i], batch)
		}
		if out[i].Preview != nil {
			batch.add(out[i].Preview)
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
