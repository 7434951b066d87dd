// Command fillreturn fills a return template as a clerk would, for the
// Windows smoke test (.ci/windows-smoke): the first rows of the 填报 sheet get
// a status and a progress text. The template is not modified; the filled
// copy is written to a new file.
//
//	go run ./.ci/fillreturn TEMPLATE.xlsx FILLED.xlsx
package main

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

// rowsToFill is how many measures get a status and a progress text.
const rowsToFill = 3

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: fillreturn TEMPLATE.xlsx FILLED.xlsx")
		os.Exit(2)
	}
	if err := fill(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "fillreturn:", err)
		os.Exit(1)
	}
}

func fill(template, filled string) error {
	f, err := excelize.OpenFile(template)
	if err != nil {
		return err
	}
	defer f.Close()
	const sheet = "填报"
	rows, err := f.GetRows(sheet)
	if err != nil {
		return err
	}
	// The columns are found by their header labels, as the return reader does.
	header, status, progress := -1, -1, -1
	for r, row := range rows {
		for c, v := range row {
			switch v {
			case "完成状态":
				status = c
			case "进展情况":
				progress = c
			}
		}
		if status >= 0 && progress >= 0 {
			header = r
			break
		}
	}
	if header < 0 {
		return fmt.Errorf("%s: no header row with 完成状态 and 进展情况 on sheet %s", template, sheet)
	}
	n := 0
	for r := header + 1; r < len(rows) && n < rowsToFill; r++ {
		if len(rows[r]) == 0 || rows[r][0] == "" {
			continue
		}
		n++
		if err := set(f, sheet, status, r, "序时推进"); err != nil {
			return err
		}
		if err := set(f, sheet, progress, r, fmt.Sprintf("按计划推进，第%d项（回执表，Windows 冒烟测试）", n)); err != nil {
			return err
		}
	}
	if n == 0 {
		return fmt.Errorf("%s: no measure rows under the header", template)
	}
	return f.SaveAs(filled)
}

// set writes v into the cell at the 0-based column col and row row.
func set(f *excelize.File, sheet string, col, row int, v string) error {
	cell, err := excelize.CoordinatesToCellName(col+1, row+1)
	if err != nil {
		return err
	}
	return f.SetCellStr(sheet, cell, v)
}
