package cli

import (
	"flag"
	"fmt"
	"strings"

	"taizhang/app"
	"taizhang/data"
)

// datadirCommand moves the ledger to another data folder, as 设置 →
// 更换数据文件夹 does: a verified copy there, opened from the next start;
// the old file stays.
func datadirCommand() *command {
	return &command{
		name:    "datadir",
		summary: "更换数据文件夹：把数据库复制到另一个文件夹，下次启动起使用那里的数据库",
		subs: []*command{{
			name:    "move",
			summary: "把数据库复制到文件夹（完整路径）并从下次启动起使用它；原来的文件保留",
			usage:   "文件夹",
			noYear:  true,
			flags: func(fs *flag.FlagSet) func(*env, []string) error {
				return func(e *env, args []string) error {
					if len(args) != 1 {
						return usageErrorf("请给出一个文件夹")
					}
					a, err := e.open()
					if err != nil {
						return err
					}
					if !a.InDefaultPlace() {
						return data.Errorf(data.EINVALID, "数据库 %s 由 --db 或 %s 指定，不在默认位置，不能更换数据文件夹。", a.DBPath(), app.DBEnv)
					}
					m, err := a.MoveTo(e.ctx, args[0], nil)
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "数据库已复制到 %s 并核对无误，下次启动起使用它。\n原来的文件 %s 保留未动。\n", m.Path, a.DBPath())
					if len(m.Damaged) > 0 {
						fmt.Fprintf(e.stdout, "注意：数据库中有 %d 个佐证材料已损坏（内容已与校验值不符），已按原样复制：\n  %s\n请重新添加这些文件的原件。\n", len(m.Damaged), strings.Join(m.Damaged, "\n  "))
					}
					return nil
				}
			},
		}},
	}
}
