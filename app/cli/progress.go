package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"taizhang/app"
	"taizhang/data"
)

func progressCommands() *command {
	return &command{name: "progress", summary: "填报和查看月度工作进展", subs: []*command{progressSet(), progressShow(), progressSummary()}}
}

func progressSet() *command {
	return &command{
		name:    "set",
		summary: "填写一个单位某月某项措施的完成状态和进展",
		usage:   "--unit 单位 --month 2023-06 --measure 措施编号 [--status 状态] [--progress 文字] [--problems 文字] [--next 文字]",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			unit := fs.String("unit", "", "填报单位（名称或别名）")
			month := fs.String("month", "", "填报月份，如 2023-06")
			measure := fs.String("measure", "", "措施编号，如 2-1.14.3")
			status := fs.String("status", "", "完成状态：未启动、序时推进、滞后、已完成、不涉及")
			progress := fs.String("progress", "", "进展情况")
			problems := fs.String("problems", "", "存在问题")
			next := fs.String("next", "", "下步计划")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"unit", "month", "measure"}, *unit, *month, *measure); err != nil {
					return err
				}
				set := map[string]bool{}
				fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
				if !set["status"] && !set["progress"] && !set["problems"] && !set["next"] {
					return usageErrorf("至少要给出 --status、--progress、--problems、--next 之一")
				}
				a, m, err := e.openMonth(*month)
				if err != nil {
					return err
				}
				in := data.EntryInput{Unit: *unit, MeasureID: *measure, Month: m}
				if set["status"] {
					s, err := data.ParseStatus(*status)
					if err != nil {
						return err
					}
					in.Status = &s
				}
				if set["progress"] {
					in.Progress = progress
				}
				if set["problems"] {
					in.Problems = problems
				}
				if set["next"] {
					in.NextSteps = next
				}
				entry, err := a.SetEntry(e.ctx, in)
				if err != nil {
					return explain(e, a, err, m.Year(), *unit)
				}
				fmt.Fprintf(e.stdout, "已保存：%s %s %s %s\n", entry.Unit, entry.Month.Label(), entry.MeasureID, statusText(entry.Status))
				return nil
			}
		},
	}
}

func progressShow() *command {
	return &command{
		name:    "show",
		read:    true,
		summary: "查看某月的工作进展：各单位填报、区级状态、是否逾期、佐证材料",
		usage:   "--month 2023-06 [--unit 单位] [--format json|text]",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			month := fs.String("month", "", "填报月份，如 2023-06")
			unit := fs.String("unit", "", "只看该单位的措施和填报（默认：全区）")
			format := fs.String("format", "json", "输出格式：json 或 text")
			return func(e *env, args []string) error {
				a, m, err := e.openMonthView(args, *month, *format)
				if err != nil {
					return err
				}
				v, err := a.Progress(e.ctx, m, data.MeasureFilter{Unit: *unit})
				if err != nil {
					return explain(e, a, err, m.Year(), *unit)
				}
				if *format == "text" {
					return writeProgressText(e, v)
				}
				return writeJSON(e, progressJSON(v))
			}
		},
	}
}

// progressOut is the JSON of `progress show`.
type progressOut struct {
	Month    data.Month           `json:"month"`
	Unit     string               `json:"unit"`
	Closed   bool                 `json:"closed"`
	Counts   map[data.Status]int  `json:"counts"`
	Measures []measureProgressOut `json:"measures"`
}

type measureProgressOut struct {
	ID             string        `json:"id"`
	Task           string        `json:"task"`
	Deadline       string        `json:"deadline"`
	Due            string        `json:"due"`
	Status         data.Status   `json:"status"`
	DistrictStatus data.Status   `json:"district_status"`
	Overdue        bool          `json:"overdue"`
	DueThisMonth   bool          `json:"due_this_month"`
	Entries        []entryOut    `json:"entries"`
	Evidence       []evidenceOut `json:"evidence"`
}

type entryOut struct {
	Unit      string      `json:"unit"`
	Role      string      `json:"role"`
	Status    data.Status `json:"status"`
	Progress  string      `json:"progress"`
	Problems  string      `json:"problems"`
	NextSteps string      `json:"next_steps"`
	Clerk     string      `json:"clerk"`
	UpdatedAt time.Time   `json:"updated_at"`
}

type evidenceOut struct {
	ID          int64     `json:"id"`
	Unit        string    `json:"unit"`
	Name        string    `json:"name"`
	Size        int64     `json:"size"`
	MIME        string    `json:"mime"`
	SHA256      string    `json:"sha256"`
	Description string    `json:"description"`
	AddedAt     time.Time `json:"added_at"`
	AddedBy     string    `json:"added_by"`
}

func progressJSON(v *app.ProgressView) progressOut {
	out := progressOut{Month: v.Month, Unit: v.Unit, Closed: v.Closed, Counts: v.Counts, Measures: []measureProgressOut{}}
	for _, m := range v.Measures {
		mo := measureProgressOut{
			ID: m.Measure.ID, Task: m.TaskNo + " " + m.TaskName, Deadline: m.Measure.Deadline.Text, Due: m.Due,
			Status: m.Status(), DistrictStatus: m.District, Overdue: m.Overdue, DueThisMonth: m.DueThisMonth,
			Entries: []entryOut{}, Evidence: []evidenceOut{},
		}
		add := func(role string, ues []app.UnitEntry) {
			for _, ue := range ues {
				if ue.Entry == nil || (v.Unit != "" && ue.Unit != v.Unit) {
					continue
				}
				en := ue.Entry
				mo.Entries = append(mo.Entries, entryOut{Unit: en.Unit, Role: role, Status: en.Status, Progress: en.Progress,
					Problems: en.Problems, NextSteps: en.NextSteps, Clerk: en.Clerk, UpdatedAt: en.UpdatedAt})
			}
		}
		add(data.RoleLead, m.Lead)
		add(data.RoleCo, m.Co)
		for _, ev := range m.Evidence {
			mo.Evidence = append(mo.Evidence, evidenceOut{ID: ev.ID, Unit: ev.Unit, Name: ev.Name, Size: ev.Size, MIME: ev.MIME,
				SHA256: ev.SHA256, Description: ev.Description, AddedAt: ev.AddedAt, AddedBy: ev.AddedBy})
		}
		out.Measures = append(out.Measures, mo)
	}
	return out
}

func writeProgressText(e *env, v *app.ProgressView) error {
	scope := "全区"
	if v.Unit != "" {
		scope = v.Unit
	}
	fmt.Fprintf(e.stdout, "%s %s工作进展", scope, v.Month.Label())
	if v.Closed {
		fmt.Fprint(e.stdout, "（已关账）")
	}
	fmt.Fprintln(e.stdout)
	var counts []string
	for _, s := range append(append([]data.Status{}, data.Statuses...), data.StatusNotReported) {
		if n := v.Counts[s]; n > 0 {
			counts = append(counts, fmt.Sprintf("%s %d", s, n))
		}
	}
	fmt.Fprintf(e.stdout, "共 %d 项：%s\n\n", len(v.Measures), strings.Join(counts, "，"))
	var tw table
	tw.add("措施", "状态", "完成时限", "标记", "佐证")
	for _, m := range v.Measures {
		mark := ""
		switch {
		case m.Overdue:
			mark = "逾期"
		case m.DueThisMonth:
			mark = "本月到期"
		}
		tw.add(m.Measure.ID, m.Status(), m.Measure.Deadline.Text, mark, len(m.Evidence))
	}
	return tw.write(e.stdout)
}

func evidenceCommands() *command {
	return &command{name: "evidence", summary: "佐证材料：添加、取出、大小上限", subs: []*command{evidenceAdd(), evidenceGet(), evidenceLimit()}}
}

func evidenceAdd() *command {
	return &command{
		name:    "add",
		summary: "把文件作为佐证材料存入台账（原文件不会被修改）",
		usage:   "--unit 单位 --month 2023-06 --measure 措施编号 [--desc 说明] 文件…",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			unit := fs.String("unit", "", "填报单位（名称或别名）")
			month := fs.String("month", "", "填报月份，如 2023-06")
			measure := fs.String("measure", "", "措施编号，如 2-1.14.3")
			desc := fs.String("desc", "", "说明（可选）")
			return func(e *env, files []string) error {
				if err := requireOpts([]string{"unit", "month", "measure"}, *unit, *month, *measure); err != nil {
					return err
				}
				if len(files) == 0 {
					return usageErrorf("请给出要添加的文件")
				}
				a, m, err := e.openMonth(*month)
				if err != nil {
					return err
				}
				for _, f := range files { // check them all before storing any
					if err := a.CheckEvidenceFile(e.ctx, f); err != nil {
						return data.Errorf(data.EINVALID, "%s。没有添加任何文件。", strings.TrimSuffix(app.ErrorMessage(err), "。"))
					}
				}
				for _, f := range files {
					ev, err := a.AttachFile(e.ctx, *unit, *measure, m, f, *desc)
					if err != nil {
						return explain(e, a, err, m.Year(), *unit)
					}
					fmt.Fprintf(e.stdout, "已添加：%s（%d 字节，SHA-256 %s）\n", ev.Name, ev.Size, ev.SHA256)
				}
				return nil
			}
		},
	}
}

func evidenceLimit() *command {
	return &command{
		name:    "limit",
		summary: "查看或设置佐证材料的大小上限（MB；默认为回执包能导入的大小）",
		usage:   "[MB]",
		noYear:  true, // about the whole ledger
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			return func(e *env, args []string) error {
				if len(args) > 1 {
					return usageErrorf("最多给出一个数（MB）")
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				if len(args) == 1 {
					mb, err := strconv.ParseInt(args[0], 10, 64)
					if err != nil {
						return usageErrorf("“%s”不是整数（MB）", args[0])
					}
					if err := a.SetEvidenceMax(e.ctx, mb); err != nil {
						return err
					}
				}
				limit, err := a.EvidenceMax(e.ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "佐证材料的大小上限：%s\n", app.FormatBytes(limit))
				return nil
			}
		},
	}
}

func evidenceGet() *command {
	return &command{
		name:    "get",
		read:    true,
		summary: "把存入的佐证材料取出为文件（校验 SHA-256）",
		usage:   "--sha256 哈希 -o 文件",
		noYear:  true, // about the whole ledger
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			sha := fs.String("sha256", "", "佐证材料的 SHA-256（见 progress show）")
			out := fs.String("o", "", "输出文件")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"sha256", "o"}, *sha, *out); err != nil {
					return err
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				return a.SaveBlob(e.ctx, strings.ToLower(strings.TrimSpace(*sha)), *out)
			}
		},
	}
}

func monthCommands() *command {
	return &command{name: "month", summary: "月份关账与重新开启", subs: []*command{
		monthAction("close", "关账：冻结该月的填报和佐证材料", (*app.App).CloseMonth, "已关账"),
		monthAction("reopen", "重新开启已关账的月份（记入审计日志）", (*app.App).ReopenMonth, "已重新开启"),
	}}
}

func monthAction(name, summary string, do func(*app.App, context.Context, data.Month) error, done string) *command {
	return &command{
		name: name, summary: summary, usage: "2023-06", year: yearOfArg,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			return func(e *env, args []string) error {
				if len(args) != 1 {
					return usageErrorf("请给出一个月份，如 2023-06")
				}
				a, m, err := e.openMonth(args[0])
				if err != nil {
					return err
				}
				if err := do(a, e.ctx, m); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "%s%s\n", m.Label(), done)
				return nil
			}
		},
	}
}

func auditCommand() *command {
	return &command{
		name:    "audit",
		read:    true,
		summary: "查看审计日志：谁在何时把什么从什么改成什么",
		usage:   "[--measure 措施编号] [--unit 单位或西城区] [--indicator 指标] [--month 2023-06] [--format text|json]",
		year:    yearOfAudit,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			measure := fs.String("measure", "", "只看该措施")
			unit := fs.String("unit", "", "只看该单位（或指标的地区：街道、西城区）")
			indicator := fs.String("indicator", "", "只看该指标（键名，如 pm25）的月度值和目标")
			month := fs.String("month", "", "只看该月")
			format := fs.String("format", "text", "输出格式：text 或 json")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := checkFormat(*format); err != nil {
					return err
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				// Without --year or --month, the log of every year; a
				// measure ID is one of a year's plan: the newest by default.
				f := data.AuditFilter{MeasureID: *measure, Unit: *unit, Indicator: *indicator}
				if *month != "" {
					if f.Month, err = data.ParseMonth(*month); err != nil {
						return err
					}
					if e.year != 0 && f.Month.Year() != e.year {
						return usageErrorf("月份 %s 不在 --year %d 的年度内", f.Month, e.year)
					}
					f.Year = f.Month.Year()
				}
				if f.Year == 0 && (e.year != 0 || *measure != "") {
					if f.Year, err = e.planYear(a); err != nil {
						return err
					}
				}
				recs, err := a.Audit(e.ctx, f)
				if err != nil {
					if *indicator != "" && errors.Is(err, data.ErrUnknownIndicator) {
						return err // it lists the indicators
					}
					return explain(e, a, err, a.NewestYear(), *unit)
				}
				if *format == "json" {
					if recs == nil {
						recs = []data.AuditRecord{}
					}
					return writeJSON(e, recs)
				}
				// With plans of several years, each record names its year.
				years := len(a.Years()) > 1
				var tw table
				head := []any{"时间", "经办人", "单位", "月份", "措施", "项目", "原值", "新值"}
				sources := slices.ContainsFunc(recs, func(r data.AuditRecord) bool { return r.Source != "" })
				if sources {
					head = append(head, "来源")
				}
				if years {
					head = slices.Insert(head, 4, any("年度"))
				}
				tw.add(head...)
				for _, r := range recs {
					row := []any{r.At.Local().Format("2006-01-02 15:04:05"), r.Clerk,
						r.Unit, r.Month, r.MeasureID, auditWhat(r), oneLine(r.Old), oneLine(r.New)}
					if sources {
						src := ""
						if r.Source != "" {
							src = "来源：" + r.Source
						}
						row = append(row, src)
					}
					if years {
						y := ""
						if r.Year != 0 {
							y = fmt.Sprint(r.Year)
						}
						row = slices.Insert(row, 4, any(y))
					}
					tw.add(row...)
				}
				return tw.write(e.stdout)
			}
		},
	}
}

// auditWhat names an audit record's action and field in Chinese.
func auditWhat(r data.AuditRecord) string {
	switch r.Action {
	case "entry":
		if name, ok := entryFields[r.Field]; ok {
			return name
		}
		return r.Field
	case "evidence_add":
		return "添加佐证材料"
	case "evidence_remove":
		return "删除佐证材料"
	case "evidence_description":
		return "佐证材料说明"
	case "month_close":
		return "关账"
	case "month_reopen":
		return "重新开启"
	case "due_override":
		return "修改完成日期"
	case "return_import":
		return "导入回执表"
	case "return_received":
		return "回执表收到日期"
	case "target":
		return "修改指标目标（" + r.Field + "）"
	case "indicator":
		return "指标月度值（" + r.Field + "）"
	case data.ActionPlanImport:
		return "导入行动计划"
	case data.ActionUnitAdd:
		return "添加单位"
	case data.ActionUnitRename:
		return "单位改名"
	case data.ActionUnitAlias:
		return "添加单位别名"
	case data.ActionUnitKind:
		return "单位类型"
	case data.ActionGroupMembers:
		return "单位组成员"
	case data.ActionMeasureLinks:
		return "措施延续关系"
	}
	return r.Action
}

// entryFields names an entry's fields in Chinese.
var entryFields = map[string]string{"status": "完成状态", "progress": "进展情况", "problems": "存在问题", "next_steps": "下步计划",
	"evidence_note": "佐证材料说明"}

// oneLine shortens a value for a table cell.
func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// openMonth opens the ledger and parses a month, which implies its plan
// year: a month outside --year is a usage error.
func (e *env) openMonth(month string) (*app.App, data.Month, error) {
	m, err := data.ParseMonth(month)
	if err != nil {
		return nil, "", err
	}
	if e.year != 0 && m.Year() != e.year {
		return nil, "", usageErrorf("月份 %s 不在 --year %d 的年度内，可用 %d-01 至 %d-12", m, e.year, e.year, e.year)
	}
	a, err := e.open()
	return a, m, err
}

// openMonthView checks the arguments of a command that shows a month (no
// positional arguments, --month given, --format json or text), then opens
// the ledger.
func (e *env) openMonthView(args []string, month, format string) (*app.App, data.Month, error) {
	if err := noArgs(args); err != nil {
		return nil, "", err
	}
	if err := requireOpts([]string{"month"}, month); err != nil {
		return nil, "", err
	}
	if err := checkFormat(format); err != nil {
		return nil, "", err
	}
	return e.openMonth(month)
}

// explain adds the accepted values to an unknown-unit or unknown-measure
// error about the plan of year.
func explain(e *env, a *app.App, err error, year int, unit string) error {
	if data.ErrorCode(err) != data.ENOTFOUND {
		return err
	}
	if errors.Is(err, data.ErrUnknownUnit) {
		return withUnitList(e, a, err)
	}
	rows, lerr := a.FindMeasures(e.ctx, data.MeasureFilter{Year: year, Unit: unit})
	if lerr != nil {
		rows, lerr = a.FindMeasures(e.ctx, data.MeasureFilter{Year: year})
	}
	if lerr != nil {
		return err
	}
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.Measure.ID)
	}
	return data.Errorf(data.ENOTFOUND, "%s\n可用的措施编号：%s", app.ErrorMessage(err), strings.Join(ids, " "))
}

func statusText(s data.Status) string {
	if s == "" {
		return "（未填状态）"
	}
	return string(s)
}

func noArgs(args []string) error {
	if len(args) > 0 {
		return usageErrorf("多余的参数：%s", strings.Join(args, " "))
	}
	return nil
}

func writeJSON(e *env, v any) error {
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
