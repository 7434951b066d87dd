package reports

import (
	"bytes"

	"github.com/xuri/excelize/v2"
)

// ReminderSheet is the sheet of the reminder list workbook.
const ReminderSheet = "催报名单"

// ReminderXLSX writes a reminder list (催报名单) as a one-sheet workbook: a
// title row, a header row and one row per unit, with the header frozen.
func ReminderXLSX(title string, header []string, rows [][]string) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", ReminderSheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	if err := f.SetCellValue(ReminderSheet, "A1", title); err != nil {
		return nil, err
	}
	all := append([][]string{header}, rows...)
	for i, r := range all {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return nil, err
		}
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := f.SetSheetRow(ReminderSheet, cell, &vals); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(ReminderSheet, "A1", "A2", bold); err != nil {
		return nil, err
	}
	last, _ := excelize.ColumnNumberToName(max(1, len(header)))
	if err := f.SetCellStyle(ReminderSheet, "A2", last+"2", bold); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(ReminderSheet, "A", last, 24); err != nil {
		return nil, err
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
