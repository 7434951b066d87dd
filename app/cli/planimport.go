package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"taizhang/app"
	"taizhang/data"
	"taizhang/reports/planfile"
)

// unitMapping is one --unit-map: what to do with a unit name the new plan
// prints.
type unitMapping struct {
	name, target string
	action       app.UnitAction
	kind         data.UnitKind
}

// parseUnitMap reads 新名=旧名 (an alias of a directory's unit), 新名~旧名
// (a typo of it) or 新名=+ / 新名=+街道 (a new unit, of the kind given by
// its Chinese or English name).
func parseUnitMap(s string) (unitMapping, error) {
	i := strings.IndexAny(s, "=~")
	if i <= 0 || i == len(s)-1 {
		return unitMapping{}, usageErrorf("--unit-map “%s”的格式不对，应为 新名=旧名（别名）、新名~旧名（错字）或 新名=+（新单位，可写 新名=+街道）", s)
	}
	m := unitMapping{name: strings.TrimSpace(s[:i]), target: strings.TrimSpace(s[i+1:])}
	switch {
	case s[i] == '~':
		m.action = app.UnitTypo
	case strings.HasPrefix(m.target, "+"):
		m.action = app.UnitNew
		kind := strings.TrimSpace(strings.TrimPrefix(m.target, "+"))
		m.target = ""
		if kind != "" {
			k, ok := parseKind(kind)
			if !ok {
				return unitMapping{}, usageErrorf("--unit-map “%s”：单位类型“%s”无效，可用：部门、街道、企业、单位组", s, kind)
			}
			m.kind = k
		}
	default:
		m.action = app.UnitAlias
	}
	return m, nil
}

// parseKind reads a unit kind by its Chinese label or English name.
func parseKind(s string) (data.UnitKind, bool) {
	for _, k := range []data.UnitKind{data.UnitDepartment, data.UnitStreet, data.UnitEnterprise, data.UnitGroup} {
		if s == string(k) || s == k.Label() {
			return k, true
		}
	}
	return "", false
}

func planImport() *command {
	return &command{
		name:    "import",
		summary: "导入新年度的行动计划（.xlsx 计划工作簿、.docx 文档或文本）：先检查并预览，确认后写入",
		usage:   "文件 [--year Y] [--dry-run] [--yes] [--replace] [--unit-map '新名=旧名' …] [--link '新编号=上年编号' …] [--title … --doc-no … --date …]",
		year:    yearOfFile,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			dry := fs.Bool("dry-run", false, "只检查并预览，不写入")
			yes := fs.Bool("yes", false, "确认导入（按预览中的单位处理和措施延续关系）")
			replace := fs.Bool("replace", false, "替换该年度已有的行动计划（仅当该年度还没有任何填报时）")
			title := fs.String("title", "", "计划名称（文件中没有时）")
			docNo := fs.String("doc-no", "", "文号，如 西政办发〔2024〕2号（文件中没有时）")
			date := fs.String("date", "", "印发日期，如 2024-02-20（文件中没有时）")
			var maps []unitMapping
			fs.Func("unit-map", "新计划中单位名称的处理，可重复：新名=旧名（别名，如部门改名）、新名~旧名（错字）、新名=+ 或 新名=+街道（新单位）", func(s string) error {
				m, err := parseUnitMap(s)
				maps = append(maps, m)
				return err
			})
			var links [][2]string
			fs.Func("link", "措施延续关系，可重复：新编号=上年编号（如 2-1.14.3=2-1.14.3），新编号= 取消预览中提出的延续", func(s string) error {
				id, prev, ok := strings.Cut(s, "=")
				if !ok || strings.TrimSpace(id) == "" {
					return usageErrorf("--link “%s”的格式不对，应为 新编号=上年编号 或 新编号=", s)
				}
				links = append(links, [2]string{strings.TrimSpace(id), strings.TrimSpace(prev)})
				return nil
			})
			return func(e *env, args []string) error {
				files, err := parseInterleaved(fs, args)
				if err != nil {
					return err
				}
				if len(files) != 1 {
					return usageErrorf("请给出一个计划文件")
				}
				year := e.year // --year before the file; after it, parseInterleaved read it
				if s := strings.TrimSpace(fs.Lookup("year").Value.String()); s != "" {
					if year, err = strconv.Atoi(strings.TrimSuffix(s, "年")); err != nil || year < 1 {
						return usageErrorf("年度“%s”无效，应写成 2024 这样的年份", s)
					}
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				pi, err := a.PreparePlanImport(e.ctx, files[0], year)
				if err != nil {
					return err
				}
				for _, m := range maps {
					if err := pi.SetUnit(m.name, m.action, m.target, m.kind); err != nil {
						return err
					}
				}
				for _, l := range links {
					if err := pi.SetLink(l[0], l[1]); err != nil {
						return err
					}
				}
				if err := pi.SetInfo(*title, *docNo, *date); err != nil {
					return err
				}
				writePlanPreview(e.stdout, pi)
				if err := pi.Check(); err != nil {
					return err
				}
				switch {
				case *dry:
					fmt.Fprintln(e.stdout, "（--dry-run：未写入）")
					return nil
				case !*yes:
					fmt.Fprintln(e.stdout, "未写入：请核对以上预览，确认无误后加 --yes 再运行一次。")
					return nil
				}
				if err := a.ApplyPlanImport(e.ctx, pi, *replace); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已导入 %d 年行动计划：%d 条措施\n", pi.Year, pi.Measures())
				return nil
			}
		},
	}
}

// formatLabels name the file formats.
var formatLabels = map[planfile.Format]string{
	planfile.FormatXLSX: "Excel 计划工作簿",
	planfile.FormatDOCX: "Word 文档",
	planfile.FormatText: "文本",
}

// writePlanPreview prints what the import would write: the notice, the
// annexes' counts, the deadline kinds, every unit name with its decision,
// and the carry-over links whose texts changed. The file's problems are
// the command's error.
func writePlanPreview(w io.Writer, pi *app.PlanImport) {
	fmt.Fprintf(w, "文件：%s（%s）\n", pi.File, formatLabels[pi.Format])
	year := fmt.Sprint(pi.Year)
	if pi.Held {
		year += "（台账中已有该年度的行动计划：导入将替换它，须加 --replace）"
	}
	fmt.Fprintf(w, "年度：%s\n", year)
	for _, f := range []struct{ label, v string }{{"计划名称", pi.Plan.Title}, {"文号", pi.Plan.DocNo}, {"印发日期", pi.Plan.Date}} {
		if f.v == "" {
			f.v = "（文件中没有，请用 --title、--doc-no、--date 给出）"
		}
		fmt.Fprintf(w, "%s：%s\n", f.label, f.v)
	}
	if len(pi.Annexes) > 0 {
		var tw table
		tw.add("附件", "标题", "章节", "任务", "措施")
		for _, s := range pi.Annexes {
			tw.add(s.Code, s.Title, s.Sections, s.Tasks, s.Measures)
		}
		tw.write(w)
		var kinds []string
		for _, k := range data.DeadlineKinds {
			if n := pi.Deadlines[k]; n > 0 {
				kinds = append(kinds, fmt.Sprintf("%s %d", k.Label(), n))
			}
		}
		fmt.Fprintf(w, "完成时限：%s\n", strings.Join(kinds, "、"))
	}
	if len(pi.Units) > 0 {
		fmt.Fprintf(w, "单位（%d 个）：\n", len(pi.Units))
		var tw table
		for _, d := range pi.Units {
			tw.add("  "+d.Name, unitDecisionText(d))
		}
		tw.write(w)
	}
	for _, t := range pi.Plan.Indicators {
		fmt.Fprintf(w, "指标表：附件%s %s（%d 个地区 × %d 项）\n", t.Annex, t.Title, len(t.Rows), max(len(t.Columns)-1, 0))
	}
	for _, s := range pi.Ignored {
		fmt.Fprintf(w, "不读取：%s\n", s)
	}
	if early := pi.Early(pi.Plan.Date); len(early) > 0 {
		fmt.Fprintf(w, "截止日期早于印发日期的措施（%d 条：导入后即为逾期，请核对；日期可用 taizhang plan due 措施编号 日期 改设）：\n", len(early))
		for _, s := range early {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
	if len(pi.Undated) > 0 {
		fmt.Fprintf(w, "没有具体日期的完成时限（%d 条：导入后按时间节点处理，不算逾期；日期可用 taizhang plan due 措施编号 日期 设定）：\n", len(pi.Undated))
		for _, s := range pi.Undated {
			fmt.Fprintf(w, "  %s\n", s)
		}
	}
	if pi.PrevYear != 0 && pi.Measures() > 0 {
		changed := 0
		for _, l := range pi.Links {
			if !l.Same {
				changed++
			}
		}
		fmt.Fprintf(w, "延续 %d 年的措施：%d 条（文字相同 %d 条，略有改动 %d 条）\n", pi.PrevYear, len(pi.Links), len(pi.Links)-changed, changed)
		for _, l := range pi.Links {
			if !l.Same {
				fmt.Fprintf(w, "  %s ← %d 年 %s（略有改动）\n", l.MeasureID, pi.PrevYear, l.PrevMeasureID)
			}
		}
	}
}

// unitDecisionText says what the import does with a unit name.
func unitDecisionText(d app.UnitDecision) string {
	var s string
	switch d.Action {
	case app.UnitKnown:
		switch d.Via {
		case "alias":
			s = "已有单位（" + d.Target + " 的别名）"
		case "group":
			s = "已有单位组"
		default:
			s = "已有单位"
		}
	case app.UnitNew:
		s = "新单位（" + d.Kind.Label() + "）"
	case app.UnitAlias:
		s = "别名 → " + d.Target + "（记入单位名录，历史记录相连）"
	case app.UnitTypo:
		s = "错字 → " + d.Target + "（按该单位导入，不记入名录）"
	}
	if d.Action != app.UnitKnown && len(d.Suggestions) > 0 {
		s += "；相近：" + strings.Join(d.Suggestions, "、")
	}
	return s
}

func planTemplate() *command {
	return &command{
		name:    "template",
		summary: "生成空白的计划工作簿（含填写说明），供导入新年度计划",
		usage:   "-o 计划.xlsx",
		noYear:  true,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			out := fs.String("o", "", "输出文件（.xlsx）")
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usageErrorf("多余的参数：%s", strings.Join(args, " "))
				}
				if *out == "" {
					return usageErrorf("请用 -o 给出输出文件")
				}
				b, err := planfile.Template()
				if err != nil {
					return err
				}
				if err := os.WriteFile(*out, b, 0o644); err != nil {
					return data.Errorf(data.EINVALID, "无法写入“%s”：%v", *out, err)
				}
				fmt.Fprintf(e.stdout, "已生成计划工作簿 %s\n", *out)
				return nil
			}
		},
	}
}

func unitCommands() *command {
	return &command{name: "unit", summary: "单位名录：列出、添加、改名、设类型、设成员（每次修改记入审计）", subs: []*command{
		{name: "list", summary: "列出单位名录（同 plan units）", usage: "[--format text|json]", flags: planUnits().flags},
		unitEdit("add", "添加单位", "名称 [--kind 部门|街道|企业|单位组]", 1, func(e *env, a *app.App, args []string, kind data.UnitKind) error {
			if kind == "" {
				kind = data.UnitDepartment
			}
			if err := a.AddUnit(e.ctx, args[0], kind); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已添加%s“%s”\n", kind.Label(), strings.TrimSpace(args[0]))
			return nil
		}),
		unitEdit("rename", "单位改名（原名保留为别名，历史记录相连）", "原名 新名", 2, func(e *env, a *app.App, args []string, _ data.UnitKind) error {
			if err := a.RenameUnit(e.ctx, args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已将“%s”改名为“%s”，原名保留为别名\n", strings.TrimSpace(args[0]), strings.TrimSpace(args[1]))
			return nil
		}),
		unitEdit("alias", "给单位添加别名", "单位 别名", 2, func(e *env, a *app.App, args []string, _ data.UnitKind) error {
			if err := a.AddUnitAlias(e.ctx, args[0], args[1]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "已将“%s”记为“%s”的别名\n", strings.TrimSpace(args[1]), strings.TrimSpace(args[0]))
			return nil
		}),
		unitEdit("kind", "设置单位类型", "单位 --kind 部门|街道|企业|单位组", 1, func(e *env, a *app.App, args []string, kind data.UnitKind) error {
			if kind == "" {
				return usageErrorf("请用 --kind 给出类型")
			}
			if err := a.SetUnitKind(e.ctx, args[0], kind); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "“%s”的类型已设为%s\n", strings.TrimSpace(args[0]), kind.Label())
			return nil
		}),
		unitEdit("members", "设置单位组的成员（不给成员则清空）", "单位组 [成员…]", -1, func(e *env, a *app.App, args []string, _ data.UnitKind) error {
			if err := a.SetGroupMembers(e.ctx, args[0], args[1:]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "单位组“%s”的成员已设为 %d 个\n", strings.TrimSpace(args[0]), len(args)-1)
			return nil
		}),
	}}
}

// unitEdit is a directory command taking n arguments (-1: at least one) and
// an optional --kind.
func unitEdit(name, summary, usage string, n int, run func(*env, *app.App, []string, data.UnitKind) error) *command {
	return &command{
		name: name, summary: summary, usage: usage, noYear: true,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			kindFlag := fs.String("kind", "", "单位类型：部门、街道、企业、单位组（或 department、street、enterprise、group）")
			return func(e *env, args []string) error {
				args, err := parseInterleaved(fs, args)
				if err != nil {
					return err
				}
				if (n >= 0 && len(args) != n) || (n < 0 && len(args) == 0) {
					return usageErrorf("参数不对，用法：taizhang unit %s %s", name, usage)
				}
				var kind data.UnitKind
				if *kindFlag != "" {
					k, ok := parseKind(*kindFlag)
					if !ok {
						return usageErrorf("单位类型“%s”无效，可用：部门、街道、企业、单位组", *kindFlag)
					}
					kind = k
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				return run(e, a, args, kind)
			}
		},
	}
}
