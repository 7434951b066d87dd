package cli

import (
	"flag"
	"fmt"

	"taizhang/data"
)

func indicatorImport() *command {
	return &command{
		name:    "import",
		summary: "从指标月度数据表（.xlsx，每个指标一个工作表）导入各地区的月度值：先检查，列出全部问题或预览，再一次写入",
		usage:   "文件 [--dry-run]",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			dry := fs.Bool("dry-run", false, "只检查并预览，不写入")
			return func(e *env, args []string) error {
				files, err := parseInterleaved(fs, args)
				if err != nil {
					return err
				}
				if len(files) != 1 {
					return usageErrorf("请指定一个要导入的文件")
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				year, err := e.planYear(a)
				if err != nil {
					return err
				}
				imp, err := a.PrepareIndicatorImport(e.ctx, year, files[0])
				if err != nil {
					return err
				}
				for _, c := range imp.Changes {
					old := "（空）"
					if c.Old != nil {
						old = data.FormatValue(*c.Old)
					}
					fmt.Fprintf(e.stdout, "%s!%s  %s %s %s：%s → %s %s\n", c.Sheet, c.Cell, c.Area, c.Month.Label(),
						c.Indicator.Name, old, data.FormatValue(c.New), c.Indicator.Unit)
				}
				fmt.Fprintf(e.stdout, "共 %d 个数值有变化，%d 个与台账相同。\n", len(imp.Changes), imp.Unchanged)
				if *dry {
					fmt.Fprintln(e.stdout, "（--dry-run：未写入）")
					return nil
				}
				n, err := a.ApplyIndicatorImport(e.ctx, imp)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已导入 %d 个数值。\n", n)
				return nil
			}
		},
	}
}

func indicatorImportTemplate() *command {
	return &command{
		name:    "import-template",
		summary: "生成指标月度数据表模板（每个指标一个工作表，含已填的数值），填好后用 indicator import 导入",
		usage:   "-o 文件",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			out := fs.String("o", "", "输出文件（.xlsx）")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"o"}, *out); err != nil {
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
				if err := a.WriteIndicatorImportTemplate(e.ctx, year, *out); err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已生成指标月度数据表：%s\n", *out)
				return nil
			}
		},
	}
}
