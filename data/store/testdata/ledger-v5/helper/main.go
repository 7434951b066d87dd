// Command helper does the two steps of make.sh that the release's command
// line cannot: it records the clerk's settings and due-date overrides, and
// fills a return template the way a unit would. It is copied into the
// release's source tree and run there (see make.sh).
//
//	helper settings DB
//	helper fill TEMPLATE OUT SEED
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"taizhang/app"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch args[0] {
	case "settings":
		ctx := context.Background()
		a, err := app.Open(ctx, args[1])
		if err != nil {
			return err
		}
		defer a.Close()
		for _, step := range []func() error{
			func() error { return a.SetClerk(ctx, "王芳") },
			func() error { return a.SetMyUnit(ctx, app.DistrictCoordinator) },
			func() error { return a.SetDue(ctx, "2-1.10.1", "2023-09-30") },
			func() error { return a.SetDue(ctx, "3.2.1", "2023-10-31") },
			func() error { return a.SetDue(ctx, "3.2.3", "2023-08-15") },
			func() error { return a.SetDue(ctx, "3.2.3", "") },
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	case "fill":
		return fill(args[1], args[2], args[3])
	}
	return fmt.Errorf("unknown step %q", args[0])
}

// fill sets every measure row's fillable cells of the 填报 sheet, by header.
func fill(src, dst, seed string) error {
	f, err := excelize.OpenFile(src)
	if err != nil {
		return err
	}
	defer f.Close()
	const sheet = "填报"
	rows, err := f.GetRows(sheet)
	if err != nil {
		return err
	}
	col := map[string]int{}
	header := -1
	for r, row := range rows {
		for c, v := range row {
			if v == "措施编号" {
				header = r
			}
			if header == r {
				name, _, _ := strings.Cut(v, "（")
				col[strings.TrimSpace(name)] = c + 1
			}
		}
		if header >= 0 {
			break
		}
	}
	if header < 0 {
		return fmt.Errorf("%s: no header row", src)
	}
	statuses := []string{"序时推进", "已完成", "滞后", "序时推进", "不涉及"}
	n := 0
	for r := header + 1; r < len(rows); r++ {
		id := ""
		if c := col["措施编号"]; c-1 < len(rows[r]) {
			id = rows[r][c-1]
		}
		if id == "" {
			continue
		}
		cells := map[string]string{
			"完成状态":   statuses[n%len(statuses)],
			"进展情况":   fmt.Sprintf("%s：%s 第%d项。\n", seed, id, n+1) + strings.Repeat("按计划推进，完成现场检查与台账整理；", 1+n%7),
			"存在问题":   fmt.Sprintf("问题%d：%s", n+1, seed),
			"下步计划":   "继续推进 " + id,
			"佐证材料说明": "现场照片 " + id,
		}
		for name, v := range cells {
			c, ok := col[name]
			if !ok {
				return fmt.Errorf("%s: no column %s", src, name)
			}
			cell, _ := excelize.CoordinatesToCellName(c, r+1)
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("%s: no measure rows", src)
	}
	return f.SaveAs(dst)
}
