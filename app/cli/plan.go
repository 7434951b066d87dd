package cli

import (
	"errors"
	"flag"
	"strings"

	"taizhang/app"
	"taizhang/data"
)

func planExport() *command {
	return &command{
		name:    "export",
		read:    true,
		summary: "导出行动计划（附件、章节、任务、措施、指标表）",
		usage:   "--format json [--unit 单位]",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			format := fs.String("format", "json", "输出格式：json")
			unit := fs.String("unit", "", "只导出与该单位有关的措施（主责或协办，含别名和单位组）")
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usageErrorf("多余的参数：%s", strings.Join(args, " "))
				}
				if *format != "json" {
					return usageErrorf("不支持的格式“%s”，可用：json", *format)
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				year, err := e.planYear(a)
				if err != nil {
					return err
				}
				p, err := a.ExportPlan(e.ctx, year, *unit)
				if err != nil {
					return withUnitList(e, a, err)
				}
				return writeJSON(e, p)
			}
		},
	}
}

func planUnits() *command {
	return &command{
		name:    "units",
		read:    true,
		summary: "列出单位名录：类别、主责和协办的措施数",
		usage:   "[--format text|json]",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			format := fs.String("format", "text", "输出格式：text 或 json")
			return func(e *env, args []string) error {
				if len(args) > 0 {
					return usageErrorf("多余的参数：%s", strings.Join(args, " "))
				}
				if err := checkFormat(*format); err != nil {
					return err
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				year, err := e.planYear(a)
				if err != nil {
					return err
				}
				units, err := a.Units(e.ctx, year)
				if err != nil {
					return err
				}
				if *format == "json" {
					return writeUnitsJSON(e, units)
				}
				var tw table
				tw.add("单位", "类别", "主责", "协办", "别名")
				for _, u := range units {
					tw.add(u.Name, u.Kind.Label(), u.Lead, u.Co, strings.Join(u.Aliases, "、"))
				}
				return tw.write(e.stdout)
			}
		},
	}
}

// unitJSON is one row of `plan units --format json`.
type unitJSON struct {
	Name    string        `json:"name"`
	Kind    data.UnitKind `json:"kind"`
	Aliases []string      `json:"aliases"`
	Members []string      `json:"members,omitempty"`
	Lead    int           `json:"lead"`
	Co      int           `json:"co"`
}

func writeUnitsJSON(e *env, units []data.UnitSummary) error {
	out := []unitJSON{}
	for _, u := range units {
		aliases := u.Aliases
		if aliases == nil {
			aliases = []string{}
		}
		out = append(out, unitJSON{Name: u.Name, Kind: u.Kind, Aliases: aliases, Members: u.Members, Lead: u.Lead, Co: u.Co})
	}
	return writeJSON(e, out)
}

// withUnitList adds the accepted unit names to an unknown-unit error.
func withUnitList(e *env, a *app.App, err error) error {
	if !errors.Is(err, data.ErrUnknownUnit) {
		return err
	}
	units, lerr := a.Units(e.ctx, a.NewestYear()) // the directory is every year's
	if lerr != nil {
		return err
	}
	var names []string
	for _, u := range units {
		names = append(names, u.Name)
	}
	return data.Errorf(data.ENOTFOUND, "%s\n可用的单位：%s", app.ErrorMessage(err), strings.Join(names, "、"))
}
