package cli

import (
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"taizhang/app"
	"taizhang/data"
)

func reportCommand() *command {
	return &command{
		name:    "report",
		read:    true,
		summary: "生成月报（PDF 或 Excel）：全区、某单位或某附件",
		usage:   "--month 2023-06 [--unit 单位 | --annex 附件编号] [--format pdf|xlsx] [--detail] -o 文件",
		year:    yearOfMonth,
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			month := fs.String("month", "", "报送月份，如 2023-06")
			unit := fs.String("unit", "", "只含该单位的措施及其填报（名称或别名）")
			annex := fs.String("annex", "", "只含该附件的措施，如 2-1")
			format := fs.String("format", "", "pdf 或 xlsx（默认按输出文件扩展名）")
			out := fs.String("o", "", "输出文件")
			detail := fs.Bool("detail", false, "全区或附件月报附上附表：各单位填报明细")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if err := requireOpts([]string{"month", "o"}, *month, *out); err != nil {
					return err
				}
				if *unit != "" && *annex != "" {
					return usageErrorf("--unit 和 --annex 只能给出一个")
				}
				f := app.ReportFormat(strings.ToLower(*format))
				if f == "" {
					f = app.ReportFormat(strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."))
				}
				if f != app.ReportPDF && f != app.ReportXLSX {
					return usageErrorf("--format 应为 pdf 或 xlsx")
				}
				a, m, err := e.openMonth(*month)
				if err != nil {
					return err
				}
				filter := data.MeasureFilter{Unit: *unit, Annex: *annex}
				req := app.ReportRequest{Month: m, Filter: filter, Format: f, Detail: *detail, Path: *out}
				res, err := a.WriteReport(e.ctx, req, nil)
				if err != nil {
					if *unit == "" {
						return err
					}
					return explain(e, a, err, m.Year(), *unit)
				}
				fmt.Fprintf(e.stdout, "已生成月报：%s\n", *out)
				if len(res.Missing) > 0 {
					fmt.Fprintf(e.stdout, "以下字符没有可用字形，已印作 □：%s\n", string(res.Missing))
				}
				return nil
			}
		},
	}
}
