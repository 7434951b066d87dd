// Package cli is taizhang's command line: the same use cases as the GUI, for
// batch work and tests. Messages are in Chinese; errors go to stderr with a
// non-zero exit code.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"taizhang/app"
	"taizhang/data"
)

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // the command line was wrong
)

// errUsage marks an error in the command line itself.
var errUsage = errors.New("usage")

// env is what a command runs with.
type env struct {
	ctx     context.Context
	storage app.Storage // how the ledger file is opened
	stdout  io.Writer
	stderr  io.Writer
	dbPath  string
	year    int           // --year: the plan year chosen, 0 for none
	wait    time.Duration // how long a writer waits for another program to close the ledger
	read    bool          // the command only reads: open the ledger read-only beside a writer
	app     *app.App      // opened on first use
}

// open opens the ledger on first use.
func (e *env) open() (*app.App, error) {
	if e.app == nil && e.read {
		// Beside a writer, read what it has committed (SQLite's WAL); a
		// ledger a writer must first create or upgrade is opened as below.
		if a, err := app.OpenReadOnly(e.ctx, e.storage, e.dbPath); err == nil {
			e.app = a
		} else if data.IsDamaged(err) {
			return nil, damageAdvice(e.ctx, e.storage, e.dbPath, err)
		}
	}
	if e.app == nil {
		waiting := func(held *data.HeldError) {
			fmt.Fprintf(e.stderr, "数据库 %s 正由%s打开，正在等它完成（最多等 %s，可用 --wait 秒数 调整）……\n", e.dbPath, held.Who(), e.wait)
		}
		a, err := app.OpenWait(e.ctx, e.storage, e.dbPath, e.wait, waiting)
		if data.IsDamaged(err) {
			return nil, damageAdvice(e.ctx, e.storage, e.dbPath, err)
		}
		if err != nil {
			return nil, err
		}
		if d := a.Debris(); d.Files > 0 {
			fmt.Fprintf(e.stderr, "已清理上次中断的备份或恢复留下的 %d 个临时文件，释放 %s。\n", d.Files, app.FormatBytes(d.Bytes))
		}
		e.sayKeptWAL(a.KeptWAL())
		e.app = a
	}
	return e.app, nil
}

// sayKeptWAL tells, on stderr, of the copy kept (if any) of the ledger and
// a -wal opening found beside it and merged or set aside.
func (e *env) sayKeptWAL(k app.WALKept) {
	switch {
	case k.SetAside:
		fmt.Fprintf(e.stderr, "数据库旁有一个与它不符的 -wal 文件（可能是从别的台账复制来的），没有合并，已移开；数据库和这个 -wal 文件另存为 %s 和 %s-wal。\n", k.Path, k.Path)
	case k.Path != "":
		fmt.Fprintf(e.stderr, "数据库旁有一个 -wal 文件（上次程序没有正常退出，或是从别处复制来的），已合并进数据库；合并前的数据库和 -wal 文件另存为 %s 和 %s-wal。\n", k.Path, k.Path)
	}
}

// planYear is the plan year a command works on: --year if given (ENOTFOUND
// for a year the ledger holds no plan of), else the newest plan's.
func (e *env) planYear(a *app.App) (int, error) {
	if e.year == 0 {
		return a.NewestYear(), nil
	}
	if !slices.Contains(a.Years(), e.year) {
		var held []string
		for _, y := range a.Years() {
			held = append(held, fmt.Sprint(y))
		}
		return 0, data.Errorf(data.ENOTFOUND, "台账中没有 %d 年的行动计划，现有：%s 年", e.year, strings.Join(held, "、"))
	}
	return e.year, nil
}

// defaultWait is how many seconds a command that writes waits, by
// default, for another program to close the ledger.
const defaultWait = 30

// command is one node of the command tree: a group with subcommands, or a
// leaf that runs.
type command struct {
	name    string
	summary string
	read    bool   // it only reads the ledger: opened read-only beside a writer
	usage   string // arguments after the command's name
	flags   func(fs *flag.FlagSet) func(e *env, args []string) error
	subs    []*command
	noYear  bool   // a leaf about the whole ledger (backup, check, evidence get): no --year
	year    string // what --year defaults to, as its help says; "" for yearNewest
}

// What --year defaults to, as the commands' help says it.
const (
	yearNewest   = "最新的行动计划"
	yearOfMonth  = "--month 所在的年度；给出 --year 时，月份须在该年度内"
	yearOfArg    = "所给月份所在的年度；给出 --year 时，月份须在该年度内"
	yearOfFile   = "文件标题中的年度，如“2024年”；标题中没有时须给出"
	yearOfReturn = "回执表所属的年度（填报模板记录的计划年度）；给出 --year 时，回执表须属于该年度"
	yearOfAudit  = "所有年度；给出 --month 时为该月所在的年度，给出 --measure 时为最新的行动计划"
)

// yearHelp is the help of a leaf's --year.
func (c *command) yearHelp() string {
	def := c.year
	if def == "" {
		def = yearNewest
	}
	return "行动计划年度，如 2024（默认：" + def + "）"
}

func commands() *command {
	return &command{
		name: "taizhang",
		subs: []*command{
			{name: "plan", summary: "查看、导入行动计划", subs: []*command{planExport(), planUnits(), planImport(), planTemplate(), planDue()}},
			unitCommands(),
			progressCommands(),
			evidenceCommands(),
			monthCommands(),
			auditCommand(),
			indicatorCommands(),
			reportCommand(),
			backupCommand(),
			restoreCommand(),
			checkCommand(),
			datadirCommand(),
			returnCommands(),
		},
	}
}

// Main runs the command line args (without the program name) on the ledger
// files st opens and returns the exit code. Without a command it runs gui
// on the ledger's path: the GUI opens the ledger itself, so that it can
// show why it cannot.
func Main(ctx context.Context, st app.Storage, args []string, stdout, stderr io.Writer, gui func(dbPath string) error) int {
	e := &env{ctx: ctx, storage: st, stdout: stdout, stderr: stderr}
	defer func() {
		if e.app != nil {
			e.app.Close()
		}
	}()
	root := commands()
	fs := flag.NewFlagSet("taizhang", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	db := fs.String("db", "", "数据库文件（默认："+app.DBEnv+" 环境变量，或用户配置目录下的 taizhang/taizhang.db）")
	wait := fs.Int("wait", defaultWait, "另一个台账程序正在修改数据库时，最多等它多少秒（0：不等）")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			// Parse has called fs.Usage, which prints to io.Discard: the
			// help is printed here, once.
			printHelp(stdout, root, nil, fs)
			return exitOK
		}
		fmt.Fprintf(stderr, "错误：%s\n运行 taizhang --help 查看用法。\n", flagError(err))
		return exitUsage
	}
	e.dbPath = *db
	if *wait < 0 {
		fmt.Fprintf(stderr, "错误：--wait 应为 0 或正的秒数（现为 %d）\n", *wait)
		return exitUsage
	}
	e.wait = time.Duration(*wait) * time.Second
	if e.dbPath == "" {
		p, err := app.DefaultDBPath()
		if err != nil {
			fmt.Fprintf(stderr, "错误：%s\n", err)
			return exitError
		}
		e.dbPath = p
	}
	if fs.NArg() == 0 {
		return report(stderr, gui(e.dbPath))
	}
	return run(e, root, []string{"taizhang"}, fs.Args())
}

// run finds the command named by args under c and runs it.
func run(e *env, c *command, path, args []string) int {
	if c.subs != nil {
		if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
			printHelp(e.stdout, c, path, nil)
			return exitOK
		}
		for _, s := range c.subs {
			if s.name == args[0] {
				return run(e, s, append(path, s.name), args[1:])
			}
		}
		fmt.Fprintf(e.stderr, "错误：未知命令“%s”。可用的命令：%s\n运行 %s --help 查看用法。\n",
			args[0], strings.Join(names(c.subs), "、"), strings.Join(path, " "))
		return exitUsage
	}
	fs := flag.NewFlagSet(strings.Join(path, " "), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	runLeaf := c.flags(fs)
	var year *string
	if !c.noYear {
		year = fs.String("year", "", c.yearHelp())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(e.stdout, c, path, fs)
			return exitOK
		}
		fmt.Fprintf(e.stderr, "错误：%s\n运行 %s --help 查看用法。\n", flagError(err), strings.Join(path, " "))
		return exitUsage
	}
	e.read = c.read
	var err error
	if year != nil && *year != "" {
		if e.year, err = strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(*year), "年")); err != nil || e.year < 1 {
			err = usageErrorf("年度“%s”无效，应写成 2024 这样的年份", *year)
		}
	}
	if err == nil {
		err = runLeaf(e, fs.Args())
	}
	if errors.Is(err, errUsage) {
		fmt.Fprintf(e.stderr, "错误：%s\n运行 %s --help 查看用法。\n", strings.TrimSuffix(err.Error(), ": usage"), strings.Join(path, " "))
		return exitUsage
	}
	return report(e.stderr, err)
}

// report prints err for a clerk and returns the exit code.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	fmt.Fprintf(stderr, "错误：%s\n", app.ErrorMessage(err))
	return exitError
}

// usageErrorf is a command-line mistake found after flag parsing.
func usageErrorf(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, errUsage)...)
}

// flagError translates the flag package's messages.
func flagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "flag provided but not defined: "):
		return "未知选项 " + strings.TrimPrefix(msg, "flag provided but not defined: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "选项缺少参数：" + strings.TrimPrefix(msg, "flag needs an argument: ")
	}
	return msg
}

func names(cs []*command) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.name)
	}
	return out
}

// printHelp prints a command's help: its subcommands or its options.
func printHelp(w io.Writer, c *command, path []string, fs *flag.FlagSet) {
	if path == nil {
		fmt.Fprintln(w, "台账 taizhang — 西城区深入打好污染防治攻坚战行动计划工作台账")
		fmt.Fprintln(w, "\n用法：taizhang [--db 文件] [命令]   （不带命令时打开图形界面）")
	} else {
		usage := c.usage
		if len(c.subs) > 0 {
			usage = "<命令> [选项]"
		}
		fmt.Fprintf(w, "用法：%s %s\n", strings.Join(path, " "), usage)
		if c.summary != "" {
			fmt.Fprintf(w, "\n%s\n", c.summary)
		}
	}
	if len(c.subs) > 0 {
		fmt.Fprintln(w, "\n命令：")
		for _, s := range c.subs {
			fmt.Fprintf(w, "  %-10s %s\n", s.name, s.summary)
		}
	}
	if fs != nil {
		fmt.Fprintln(w, "\n选项：")
		fs.VisitAll(func(f *flag.Flag) {
			def := ""
			if f.DefValue != "" {
				def = "（默认 " + f.DefValue + "）"
			}
			fmt.Fprintf(w, "  --%-10s %s%s\n", f.Name, f.Usage, def)
		})
	}
}

// requireOpts checks that the named options were given, in the order given.
func requireOpts(names []string, values ...string) error {
	var missing []string
	for i, v := range values {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, "--"+names[i])
		}
	}
	if len(missing) > 0 {
		return usageErrorf("缺少选项 %s", strings.Join(missing, "、"))
	}
	return nil
}

// checkFormat accepts the output formats json and text.
func checkFormat(format string) error {
	if format != "json" && format != "text" {
		return usageErrorf("不支持的格式“%s”，可用：json、text", format)
	}
	return nil
}
