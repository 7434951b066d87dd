package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"taizhang/app"
	"taizhang/data"
)

func backupCommand() *command {
	return &command{
		name:    "backup",
		noYear:  true,
		summary: "备份数据库（含佐证材料）：默认存入备份文件夹并轮换",
		usage:   "[-o 文件]",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			out := fs.String("o", "", "备份到这个文件（不参与轮换）；不给出时存入备份文件夹")
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				a, err := e.open()
				if err != nil {
					return err
				}
				if *out != "" {
					b, err := a.BackupTo(e.ctx, *out, nil)
					if err != nil {
						return err
					}
					printBackup(e, b)
					return nil
				}
				b, err := a.BackupNow(e.ctx, app.BackupAuto, nil)
				if err != nil {
					return err
				}
				printBackup(e, b)
				return nil
			}
		},
	}
}

// printBackup says where the backup b went and names the damaged
// evidence files it holds.
func printBackup(e *env, b app.BackupFile) {
	fmt.Fprintf(e.stdout, "已备份到 %s（%s）\n", b.Path, app.FormatBytes(b.Size))
	if len(b.Damaged) > 0 {
		fmt.Fprintf(e.stdout, "注意：备份中有 %d 个已损坏的佐证材料（数据库中的内容已与校验值不符，按原样备份）：\n  %s\n请用 taizhang check --full 检查，并重新添加这些文件的原件。\n",
			len(b.Damaged), strings.Join(b.Damaged, "\n  "))
	}
}

func restoreCommand() *command {
	return &command{
		name:    "restore",
		noYear:  true,
		summary: "用备份文件恢复数据库：先检查备份，被替换的数据库另存为备份",
		usage:   "备份文件",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			return func(e *env, args []string) error {
				if len(args) != 1 {
					return usageErrorf("请给出一个备份文件")
				}
				r, err := app.RestoreFile(e.ctx, e.storage, e.dbPath, args[0], nil)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, "已用 %s 恢复数据库 %s。\n", args[0], e.dbPath)
				if r.Kept != "" {
					fmt.Fprintf(e.stdout, "被替换的数据库已保存为 %s。\n", r.Kept)
				}
				if len(r.Damaged) > 0 {
					fmt.Fprintf(e.stdout, "备份中有 %d 个佐证材料已损坏，无法恢复，其余内容都已恢复：\n  %s\n请重新添加这些文件的原件。\n", len(r.Damaged), strings.Join(r.Damaged, "\n  "))
				}
				if r.WAL != "" {
					fmt.Fprintf(e.stdout, "备份旁的 %s（备份时尚未写入备份文件的最新修改）已一并恢复。\n", r.WAL)
				}
				return nil
			}
		},
	}
}

func checkCommand() *command {
	return &command{
		name:    "check",
		noYear:  true,
		summary: "检查数据库是否完好：快速检查，或 --full 完整检查（含每个佐证材料的校验值）",
		usage:   "[--full] [--every 天数]",
		flags: func(fs *flag.FlagSet) func(*env, []string) error {
			full := fs.Bool("full", false, "完整检查：逐页检查数据库并核对每个佐证材料的 SHA-256")
			every := fs.Int("every", 0, fmt.Sprintf("设置图形界面在后台自动做完整检查的间隔天数（默认 %d 天），不做检查", app.DefaultCheckEvery))
			return func(e *env, args []string) error {
				if err := noArgs(args); err != nil {
					return err
				}
				if *every != 0 {
					a, err := e.open()
					if err == nil {
						err = a.SetCheckEvery(e.ctx, *every)
					}
					if err != nil {
						return err
					}
					fmt.Fprintf(e.stdout, "已设置：每 %d 天在后台自动做一次完整检查。\n", *every)
					return nil
				}
				problems, kept, err := app.CheckFile(e.ctx, e.storage, e.dbPath, *full, nil)
				if err != nil {
					return err
				}
				e.sayKeptWAL(kept)
				if len(problems) > 0 {
					for _, p := range problems {
						fmt.Fprintln(e.stdout, p)
					}
					return damageAdvice(e.ctx, e.storage, e.dbPath, data.Errorf(data.EINVALID, "数据库 %s 检查发现 %d 处问题（见上）。", e.dbPath, len(problems)))
				}
				what := "快速检查"
				if *full {
					what = "完整检查（含全部佐证材料的校验值）"
				}
				fmt.Fprintf(e.stdout, "数据库 %s %s通过，没有发现问题。\n", e.dbPath, what)
				return nil
			}
		},
	}
}

// damageAdvice adds to err the newest backup that passes the check, the
// newer ones skipped and why, and the command that restores it.
func damageAdvice(ctx context.Context, st app.Storage, dbPath string, err error) error {
	b, skipped, ok := app.GoodBackup(ctx, st, dbPath, "")
	msg := app.ErrorMessage(err)
	if len(skipped) > 0 {
		msg += "\n以下较新的备份没有通过检查，不能用来恢复：\n  " + strings.Join(skipped, "\n  ")
	}
	if !ok {
		return data.Errorf(data.EINVALID, "%s\n没有找到完好的备份（%s）。如有别处的备份文件，运行 taizhang --db %q restore 备份文件 恢复。",
			msg, app.DefaultBackupDir(dbPath), dbPath)
	}
	return data.Errorf(data.EINVALID, "%s\n最新的完好备份是 %s（%s，%s，已通过检查）。恢复请运行：\n  taizhang --db %q restore %q",
		msg, b.Path, b.Time.Format("2006-01-02 15:04"), app.FormatBytes(b.Size), dbPath, b.Path)
}
