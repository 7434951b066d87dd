package cli

import (
	"flag"
	"fmt"
)

// planDue sets a measure's due date, the clerk's override of the printed
// deadline: for a milestone without a date (适时, 按上级要求, 按时间节点完成)
// or to move a dated one; "" returns to the plan's date. Audited.
func planDue() *command {
	return &command{
		name:    "due",
		summary: "设定措施的截止日期（没有具体日期的完成时限，或改期；\"\" 恢复计划的日期）",
		usage:   "措施编号 YYYY-MM-DD|\"\"",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			return func(e *env, args []string) error {
				if len(args) != 2 {
					return usageErrorf("请给出措施编号和截止日期，如 3.2.1 2024-06-30；\"\" 恢复计划的日期")
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				year, err := e.planYear(a)
				if err != nil {
					return err
				}
				id, due := args[0], args[1]
				if err := a.SetDue(e.ctx, year, id, due); err != nil {
					return err
				}
				if due == "" {
					fmt.Fprintf(e.stdout, "已恢复：%d 年措施 %s 按计划的完成时限\n", year, id)
				} else {
					fmt.Fprintf(e.stdout, "已设定：%d 年措施 %s 截止 %s\n", year, id, due)
				}
				return nil
			}
		},
	}
}
