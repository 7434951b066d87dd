package reports

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"taizhang/reports/cellfit"
)

// ReminderSheet is the sheet of the reminder list workbook.
const ReminderSheet = "催报名单"

// reminderWidth is the width of a reminder list column.
const reminderWidth = 30.0

// ReminderXLSX writes a reminder list (催报名单) as a one-sheet workbook: a
// title row, a header row and one row per unit, with the header frozen;
// texts wrap and every row is as tall as its text.
func ReminderXLSX(title string, header []string, rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ReminderSheet); err != nil {
		return nil, err
	}
	font := &excelize.Font{Family: "宋体", Size: 11}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	plain, err := f.NewStyle(&excelize.Style{Font: font, Alignment: wrap})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11, Bold: true}, Alignment: wrap})
	if err != nil {
		return nil, err
	}
	cols := max(1, len(header))
	last, _ := excelize.ColumnNumberToName(cols)
	if err := f.SetColWidth(ReminderSheet, "A", last, reminderWidth); err != nil {
		return nil, err
	}
	all := append([][]string{{title}, header}, rows...)
	for i, r := range all {
		row := i + 1
		style := plain
		if row <= 2 {
			style = bold
		}
		width := reminderWidth
		if row == 1 {
			// The title spans the table.
			if err := f.MergeCell(ReminderSheet, "A1", last+"1"); err != nil {
				return nil, err
			}
			width *= float64(cols)
		}
		height := 0.0
		for j, v := range r {
			cell, err := excelize.CoordinatesToCellName(j+1, row)
			if err != nil {
				return nil, err
			}
			if err := f.SetCellStr(ReminderSheet, cell, v); err != nil {
				return nil, err
			}
			height = max(height, cellfit.Need(strings.TrimSpace(v), width, 11))
		}
		n := strconv.Itoa(row)
		if err := f.SetCellStyle(ReminderSheet, "A"+n, last+n, style); err != nil {
			return nil, err
		}
		if err := f.SetRowHeight(ReminderSheet, row, min(height, cellfit.MaxHeight)); err != nil {
			return nil, err
		}
	}
	if err := f.SetPanes(ReminderSheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
