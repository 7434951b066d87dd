package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"taizhang/app"
	"taizhang/data"
	"taizhang/reports/returns"
)

func returnCommands() *command {
	return &command{name: "return", summary: "回执表：生成填报模板、导入回执表和回执包、导出回执包、催报",
		subs: []*command{returnTemplate(), returnImport(), returnPackage(), returnStatus(), returnReceived()}}
}

func returnTemplate() *command {
	return &command{
		name:    "template",
		summary: "生成填报模板：一个单位（-o 文件），或全部单位（--all --dir 文件夹）",
		usage:   "--month 2023-06 (--unit 单位 -o 文件.xlsx | --all --dir 文件夹)",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			month := fs.String("month", "", "填报月份，如 2023-06")
			unit := fs.String("unit", "", "单位（名称或别名）")
			out := fs.String("o", "", "输出文件（.xlsx）")
			all := fs.Bool("all", false, "为每个报送单位各生成一份")
			dir := fs.String("dir", "", "--all 时的输出文件夹")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"month"}, *month); err != nil {
					return err
				}
				switch {
				case *all && (*unit != "" || *out != ""):
					return usageErrorf("--all 不能与 --unit、-o 同时使用，请用 --dir 指定文件夹")
				case *all && *dir == "":
					return usageErrorf("缺少选项 --dir")
				case !*all:
					if err := requireOpts([]string{"unit", "o"}, *unit, *out); err != nil {
						return err
					}
				}
				a, m, err := e.openMonth(*month)
				if err != nil {
					return err
				}
				if !*all {
					if err := a.WriteReturnTemplate(e.ctx, *unit, m, *out); err != nil {
						return withUnitList(e, a, err)
					}
					fmt.Fprintf(e.stdout, "已生成填报模板：%s\n", *out)
					return nil
				}
				paths, err := a.WriteReturnTemplates(e.ctx, m, *dir, nil)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已在 %s 生成 %d 份填报模板\n", *dir, len(paths))
				return nil
			}
		},
	}
}

// parseInterleaved parses options given after the first file too
// (taizhang return import a.xlsx --dry-run b.xlsx) and returns the files.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for len(args) > 0 {
		files = append(files, args[0])
		if err := fs.Parse(args[1:]); err != nil {
			return nil, usageErrorf("%s", flagError(err))
		}
		args = fs.Args()
	}
	return files, nil
}

func returnImport() *command {
	return &command{
		name:    "import",
		summary: "导入回执表（.xlsx）或回执包（.zip）：先检查，列出问题或预览，再写入",
		usage:   "文件… [--dry-run] [--unit 单位 --month 2023-06] [--map '表头=进展情况'|'表头=-']… [--prefer-return] [--yes] [--format text|json]",
		year:    yearOfReturn,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			dry := fs.Bool("dry-run", false, "只检查并预览，不写入")
			unit := fs.String("unit", "", "回执表缺少隐藏的模板信息时：所属单位")
			month := fs.String("month", "", "回执表缺少隐藏的模板信息时：所属月份，如 2023-06")
			yes := fs.Bool("yes", false, "确认导入需确认的回执表（按序号对应的行、完成状态为空的行、同一单位同月的另一份回执表）")
			var maps columnMap
			fs.Var(&maps, "map", "无法识别的列对应哪一项：'工作完成情况=进展情况'，或 '备注=-' 表示不导入该列（可多次给出）")
			prefer := fs.Bool("prefer-return", false, "与上一份回执表相同、但台账此后已修改的内容，也按回执表导入（默认保留台账）")
			format := fs.String("format", "text", "输出格式：text 或 json")
			return func(e *env, args []string) error {
				files, err := parseInterleaved(fs, args)
				if err != nil {
					return err
				}
				if len(files) == 0 {
					return usageErrorf("没有指定要导入的文件")
				}
				if err := checkFormat(*format); err != nil {
					return err
				}
				if (*unit == "") != (*month == "") {
					return usageErrorf("--unit 和 --month 需同时给出")
				}
				target := app.ImportTarget{Unit: *unit, Year: e.year, Columns: maps.m, PreferReturn: *prefer}
				if *month != "" {
					m, err := data.ParseMonth(*month)
					if err != nil {
						return err
					}
					if e.year != 0 && m.Year() != e.year {
						return usageErrorf("月份 %s 不在 --year %d 的年度内", m, e.year)
					}
					target.Month = m
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				outs := a.PrepareImports(e.ctx, files, target, nil)
				if !*dry {
					a.ApplyImports(e.ctx, outs, func(*app.ImportPreview) bool { return *yes }, nil)
				}
				failed := 0
				for _, o := range outs {
					if o.Err != nil {
						failed++
					}
				}
				if *format == "json" {
					if err := writeJSON(e, importJSON(outs, *dry)); err != nil {
						return err
					}
				} else {
					for _, o := range outs {
						writeImportText(e.stdout, o, *dry)
					}
				}
				if failed > 0 {
					return data.Errorf(data.EINVALID, "%s", notImported(outs))
				}
				return nil
			}
		},
	}
}

// columnMap is the --map flag: header=field, repeatable.
type columnMap struct{ m map[string]returns.Field }

func (c *columnMap) String() string { return "" }

func (c *columnMap) Set(v string) error {
	h, f, ok := strings.Cut(v, "=")
	h = strings.TrimSpace(h)
	if !ok || h == "" {
		return fmt.Errorf("--map 应写成 '表头=进展情况' 或 '表头=-'，现为“%s”", v)
	}
	fl, ok := returns.ParseField(f)
	if !ok {
		var names []string
		for _, x := range returns.Fields {
			names = append(names, string(x))
		}
		return fmt.Errorf("--map '%s'：“%s”不是回执表的列，应为 %s 之一，或 - 表示不导入", v, strings.TrimSpace(f), strings.Join(names, "、"))
	}
	if c.m == nil {
		c.m = map[string]returns.Field{}
	}
	c.m[h] = fl
	return nil
}

// notImported is the batch's closing summary: every file not imported and
// why, one per line.
func notImported(outs []app.ImportOutcome) string {
	var lines []string
	for _, o := range outs {
		if o.Err == nil {
			continue
		}
		var ps returns.Problems
		var why string
		switch {
		case errors.As(o.Err, &ps):
			why = fmt.Sprintf("回执表中有 %d 个问题，需改正", len(ps))
		case o.Preview != nil && o.Preview.NeedsConfirmation():
			why = "需要确认（加 --yes）"
		default:
			why = oneLineAll(app.ErrorMessage(o.Err))
		}
		lines = append(lines, fmt.Sprintf("  %s：%s", o.Path, why))
	}
	return fmt.Sprintf("%d 个文件未导入（共 %d 个）：\n%s", len(lines), len(outs), strings.Join(lines, "\n"))
}

// oneLineAll puts a message on one line, whole.
func oneLineAll(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// problemWhere names a problem's place: file, sheet, row, column.
func problemWhere(p returns.Problem) string {
	parts := []string{"“" + p.File + "”"}
	if p.Sheet != "" {
		parts = append(parts, "工作表“"+p.Sheet+"”")
	}
	if p.Row > 0 {
		parts = append(parts, fmt.Sprintf("第 %d 行", p.Row))
	}
	if p.Column != "" {
		parts = append(parts, p.Column+" 列")
	}
	return strings.Join(parts, " ")
}

// writeImportText writes one file's outcome of `return import` as text: its
// problems or error, or its preview and what was written.
func writeImportText(w io.Writer, o app.ImportOutcome, dry bool) {
	var ps returns.Problems
	switch {
	case errors.As(o.Err, &ps):
		writeProblems(w, o.Path, ps)
		return
	case o.Preview == nil:
		fmt.Fprintf(w, "%s：未导入：%s\n", o.Path, app.ErrorMessage(o.Err))
		return
	}
	p := o.Preview
	fmt.Fprintf(w, "%s：%s\n", o.Path, p.Summary())
	if p.AlreadyImported != nil {
		return
	}
	writeUnitMonthNotes(w, p)
	for _, m := range p.Mapped {
		fmt.Fprintf(w, "  %s\n", m)
	}
	for _, c := range p.Changes {
		writeChange(w, c)
	}
	writeLedgerKept(w, p)
	writeToConfirm(w, p)
	for _, v := range p.Indicators {
		fmt.Fprintf(w, "  指标 %s：%s → %s %s\n", v.Name, orNone(v.Old), v.New, v.Unit)
	}
	for _, f := range p.Evidence {
		note := ""
		if f.Attached {
			note = "（已有，跳过）"
		}
		fmt.Fprintf(w, "  佐证材料 %s：%s（%d 字节）%s\n", f.MeasureID, f.Name, f.Size, note)
	}
	writeConflict(w, p.Conflict)
	switch {
	case dry:
		fmt.Fprintln(w, "  （--dry-run：未写入）")
	case o.Record != nil:
		fmt.Fprintf(w, "  已导入：%d 项措施、%d 个指标值、%d 个佐证材料有更改\n", o.Record.Changed, o.Record.Indicators, o.Record.Evidence)
	case o.Err != nil:
		fmt.Fprintf(w, "  %s\n", app.ErrorMessage(o.Err))
	}
}

// writeProblems writes the problems that stopped the file's import.
func writeProblems(w io.Writer, path string, ps returns.Problems) {
	fmt.Fprintf(w, "%s：发现 %d 个问题，未导入，请改正后重新导入：\n", path, len(ps))
	for _, p := range ps {
		found := ""
		if f := oneLine(p.Found); f != "" && !strings.Contains(p.Message, f) {
			found = "（现为“" + f + "”）"
		}
		fmt.Fprintf(w, "  %s：%s%s\n", problemWhere(p), p.Message, found)
	}
}

// writeUnitMonthNotes says when the unit and month came from the command
// line rather than the file.
func writeUnitMonthNotes(w io.Writer, p *app.ImportPreview) {
	if p.Supplied {
		fmt.Fprintf(w, "  （文件中没有模板信息，按指定的 %s %s 导入）\n", p.Unit, p.Month.Label())
	}
	if len(p.Settled) > 0 {
		var says []string
		for _, c := range p.Settled {
			says = append(says, c.Source+"是"+claimLabel(c))
		}
		fmt.Fprintf(w, "  （%s；按指定的 %s %s 导入）\n", strings.Join(says, "，"), p.Unit, p.Month.Label())
	}
}

// writeLedgerKept lists what the import leaves as the ledger has it: absent
// columns, empty cells and the ledger's own corrections.
func writeLedgerKept(w io.Writer, p *app.ImportPreview) {
	if len(p.Absent) > 0 {
		fmt.Fprintf(w, "  回执表中没有“%s”列：台账中的内容保持不变\n", strings.Join(p.Absent, "”“"))
	}
	for _, c := range p.Kept {
		var fs []string
		for _, f := range c.Fields {
			fs = append(fs, f.Field)
		}
		fmt.Fprintf(w, "  保留台账：措施 %s（第 %d 行）的%s在回执表中为空，保持台账中的内容\n", c.MeasureID, c.Row, strings.Join(fs, "、"))
	}
	for _, c := range p.Corrections {
		fmt.Fprintf(w, "  台账已修改，回执表未改：保留台账（措施 %s，第 %d 行；加 --prefer-return 则按回执表）：\n", c.MeasureID, c.Row)
		for _, f := range c.Fields {
			fmt.Fprintf(w, "    %s：台账“%s”，回执表“%s”\n", f.Field, orNone(oneLine(f.Old)), orNone(oneLine(f.New)))
		}
	}
}

// writeToConfirm lists what the clerk should check: warnings, the unit's
// measures the return lacks and the rows matched to a measure by guess.
func writeToConfirm(w io.Writer, p *app.ImportPreview) {
	for _, pr := range p.Warnings {
		fmt.Fprintf(w, "  需确认：%s：%s\n", problemWhere(pr), pr.Message)
	}
	if n := len(p.Missing); n > 0 {
		fmt.Fprintf(w, "  回执表中没有以下 %d 项本单位措施，保持不变：%s\n", n, strings.Join(p.Missing, " "))
	}
	for _, g := range p.Guesses {
		fmt.Fprintf(w, "  需确认：第 %d 行（序号“%s”，“%s”）没有措施编号，对应为措施 %s\n", g.Row, g.No, oneLine(g.Text), g.MeasureID)
	}
}

// writeConflict lists how the file differs from an earlier return of the
// same unit and month, if it does.
func writeConflict(w io.Writer, c *app.ImportConflict) {
	if c == nil || len(c.Differences) == 0 {
		return
	}
	when := "同一批中"
	if !c.InBatch {
		when = c.Previous.ImportedAt.Local().Format("2006-01-02 15:04") + " 导入"
	}
	fmt.Fprintf(w, "  与%s的“%s”相比，有 %d 项措施不同：\n", when, c.Previous.FileName, len(c.Differences))
	for _, d := range c.Differences {
		writeChange(w, d)
	}
}

func writeChange(w io.Writer, c app.MeasureChange) {
	where := ""
	if c.Row > 0 {
		where = fmt.Sprintf("（第 %d 行）", c.Row)
	}
	fmt.Fprintf(w, "  措施 %s%s：\n", c.MeasureID, where)
	for _, f := range c.Fields {
		fmt.Fprintf(w, "    %s：%s → %s\n", f.Field, orNone(oneLine(f.Old)), orNone(oneLine(f.New)))
	}
}

// claimLabel is a claim's unit and month, quoted.
func claimLabel(c app.Claim) string {
	var parts []string
	if c.Unit != "" {
		parts = append(parts, c.Unit)
	}
	if c.Month != "" {
		parts = append(parts, c.Month.Label())
	}
	return "“" + strings.Join(parts, " ") + "”"
}

func orNone(s string) string {
	if s == "" {
		return "（空）"
	}
	return s
}

// importOut is one file in the JSON of `return import`.
type importOut struct {
	File            string                  `json:"file"`
	Status          string                  `json:"status"` // imported, unchanged, preview, needs_confirmation, problems, error
	Message         string                  `json:"message,omitempty"`
	Problems        []returns.Problem       `json:"problems,omitempty"`
	Unit            string                  `json:"unit,omitempty"`
	Month           string                  `json:"month,omitempty"`
	SHA256          string                  `json:"sha256,omitempty"`
	Changes         []app.MeasureChange     `json:"changes,omitempty"`
	Unchanged       int                     `json:"unchanged"`
	Missing         []string                `json:"missing,omitempty"`
	Guesses         []app.Guess             `json:"guesses,omitempty"`
	Indicators      []app.IndicatorChange   `json:"indicators,omitempty"`
	Evidence        []app.PackageFile       `json:"evidence,omitempty"`
	Conflict        *app.ImportConflict     `json:"conflict,omitempty"`
	AlreadyImported *data.ReturnImport      `json:"already_imported,omitempty"`
	Record          *data.ReturnImport      `json:"record,omitempty"`
	Kept            []app.MeasureChange     `json:"kept,omitempty"`
	Absent          []string                `json:"absent,omitempty"`
	Corrections     []app.MeasureChange     `json:"corrections,omitempty"`
	Warnings        []returns.Problem       `json:"warnings,omitempty"`
	Columns         []returns.UnknownColumn `json:"unknown_columns,omitempty"`
	Claims          []app.Claim             `json:"claims,omitempty"`
}

func importJSON(outs []app.ImportOutcome, dry bool) []importOut {
	res := []importOut{}
	for _, o := range outs {
		r := importOut{File: o.Path, Record: o.Record}
		var ps returns.Problems
		var cols *app.ColumnsNeededError
		var who *app.WhoseReturnError
		switch {
		case errors.As(o.Err, &ps):
			r.Status, r.Problems = "problems", ps
		case errors.As(o.Err, &cols):
			r.Status, r.Message, r.Columns = "columns_needed", app.ErrorMessage(o.Err), cols.Columns
		case errors.As(o.Err, &who):
			r.Status, r.Message, r.Claims = "unit_month_needed", app.ErrorMessage(o.Err), who.Claims
		case o.Err != nil:
			r.Status, r.Message = "error", app.ErrorMessage(o.Err)
		}
		if p := o.Preview; p != nil {
			r.Unit, r.Month, r.SHA256 = p.Unit, string(p.Month), p.SHA256
			r.Changes, r.Unchanged, r.Missing, r.Guesses, r.Indicators, r.Evidence = p.Changes, p.Unchanged, p.Missing, p.Guesses, p.Indicators, p.Evidence
			r.Conflict, r.AlreadyImported = p.Conflict, p.AlreadyImported
			r.Kept, r.Absent, r.Corrections, r.Warnings = p.Kept, p.Absent, p.Corrections, p.Warnings
			switch {
			case p.AlreadyImported != nil:
				r.Status, r.Message = "unchanged", p.Summary()
			case o.Err != nil && p.NeedsConfirmation():
				r.Status = "needs_confirmation"
			case dry:
				r.Status = "preview"
			case o.Record != nil:
				r.Status = "imported"
			}
		}
		res = append(res, r)
	}
	return res
}

func returnPackage() *command {
	return &command{
		name:    "package",
		summary: "导出回执包（.zip）：本单位该月的回执表、佐证材料和清单",
		usage:   "--unit 单位 --month 2023-06 -o 文件.zip",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			unit := fs.String("unit", "", "单位（名称或别名）")
			month := fs.String("month", "", "填报月份，如 2023-06")
			out := fs.String("o", "", "输出文件（.zip）")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"unit", "month", "o"}, *unit, *month, *out); err != nil {
					return err
				}
				a, m, err := e.openMonth(*month)
				if err != nil {
					return err
				}
				if err := a.WriteReturnPackage(e.ctx, *unit, m, *out); err != nil {
					return withUnitList(e, a, err)
				}
				fmt.Fprintf(e.stdout, "已导出回执包：%s\n", *out)
				return nil
			}
		},
	}
}

// trackedOut is one unit in the JSON of `return status`.
type trackedOut struct {
	Unit       string     `json:"unit"`
	Kind       string     `json:"kind"`
	Measures   int        `json:"measures"`
	State      string     `json:"state"`
	ReceivedAt *time.Time `json:"received_at,omitempty"`
	File       string     `json:"file,omitempty"`
	Imports    int        `json:"imports"`
	LastFile   string     `json:"last_file,omitempty"`
	// Clerk, Phone and Reviewer are the contacts of the latest return.
	Clerk    string `json:"clerk,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Reviewer string `json:"reviewer,omitempty"`
}

// trackerOut is the JSON of `return status`.
type trackerOut struct {
	Month  string         `json:"month"`
	DueDay int            `json:"due_day"`
	Due    time.Time      `json:"due"`
	Counts map[string]int `json:"counts"`
	Units  []trackedOut   `json:"units"`
}

func returnStatus() *command {
	return &command{
		name:    "status",
		summary: "催报：各单位该月回执表已报送、逾期报送或未报送",
		usage:   "--month 2023-06 [--format text|json] [--missing-out 文件.xlsx|文件.txt]",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			month := fs.String("month", "", "填报月份，如 2023-06")
			format := fs.String("format", "text", "输出格式：text 或 json")
			missing := fs.String("missing-out", "", "把未报送单位名单写入文件（.xlsx 为 Excel，否则为文本）")
			return func(e *env, args []string) error {
				a, m, err := e.openMonthView(args, *month, *format)
				if err != nil {
					return err
				}
				t, err := a.ReturnTracker(e.ctx, m)
				if err != nil {
					return err
				}
				if *missing != "" {
					if err := a.WriteMissingList(e.ctx, m, *missing); err != nil {
						return err
					}
				}
				if *format == "json" {
					out := trackerOut{Month: string(m), DueDay: t.DueDay, Due: t.Due, Counts: map[string]int{}, Units: []trackedOut{}}
					for s, n := range t.Counts {
						out.Counts[string(s)] = n
					}
					for _, u := range t.Units {
						to := trackedOut{Unit: u.Unit, Kind: u.Kind.Label(), Measures: u.Measures, State: string(u.State), Imports: u.Imports}
						if u.First != nil {
							at := u.First.ReceivedAt
							to.ReceivedAt, to.File, to.LastFile = &at, u.First.FileName, u.Last.FileName
							to.Clerk, to.Phone, to.Reviewer = u.Last.Contacts.Clerk, u.Last.Contacts.Phone, u.Last.Contacts.Reviewer
						}
						out.Units = append(out.Units, to)
					}
					return writeJSON(e, out)
				}
				fmt.Fprintf(e.stdout, "%s回执表：截止 %s，已报送 %d，逾期报送 %d，未报送 %d\n", m.Label(),
					t.Due.Add(-time.Second).Format("2006-01-02"), t.Counts[app.ReturnReceived], t.Counts[app.ReturnLate], t.Counts[app.ReturnMissing])
				var tw table
				tw.add("单位", "状态", "收到时间", "文件", "填报人")
				for _, u := range t.Units {
					at, file, who := "", "", ""
					if u.First != nil {
						at, file, who = u.First.ReceivedAt.Local().Format("2006-01-02 15:04"), u.Last.FileName, u.Last.Contacts.Label()
					}
					tw.add(u.Unit, string(u.State), at, file, who)
				}
				if err := tw.write(e.stdout); err != nil {
					return err
				}
				if *missing != "" {
					fmt.Fprintf(e.stdout, "未报送单位名单已写入：%s\n", *missing)
				}
				return nil
			}
		},
	}
}

func returnReceived() *command {
	return &command{
		name:    "received",
		summary: "设置某单位某月回执表的收到日期（默认为导入时间），催报按它判断是否逾期",
		usage:   "--unit 单位 --month 2023-06 --date 2023-07-04",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			unit := fs.String("unit", "", "单位")
			month := fs.String("month", "", "填报月份，如 2023-06")
			date := fs.String("date", "", "收到日期，如 2023-07-04")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if *unit == "" || *month == "" || *date == "" {
					return usageErrorf("--unit、--month 和 --date 都需要给出")
				}
				a, m, err := e.openMonth(*month)
				if err != nil {
					return err
				}
				r, err := a.SetReturnReceived(e.ctx, *unit, m, *date)
				if err != nil {
					return explain(e, a, err, m.Year(), *unit)
				}
				fmt.Fprintf(e.stdout, "%s%s的回执表收到日期已设为 %s\n", r.Unit, m.Label(), r.ReceivedAt.Local().Format(time.DateOnly))
				return nil
			}
		},
	}
}
