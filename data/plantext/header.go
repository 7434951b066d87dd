package plantext

import (
	"fmt"
	"slices"
	"strings"
)

// headerNames are the names a measure table's header cell may give each
// column, spaces removed: the 2023 plan's and the other names district
// plans use (the plan workbook and Word readers take the same).
var headerNames = map[string]int{
	"序号": colNo, "编号": colNo,
	"重点任务": colTask, "任务": colTask, "主要任务": colTask, "重点工作": colTask, "工作任务": colTask,
	"工作措施": colText, "措施": colText, "具体措施": colText, "主要措施": colText, "具体工作措施": colText, "主要工作措施": colText,
	"完成时限": colDeadline, "完成时间": colDeadline, "时限": colDeadline, "时间节点": colDeadline, "完成期限": colDeadline, "时间要求": colDeadline,
	"时间安排": colDeadline, "进度安排": colDeadline, "完成时间节点": colDeadline, "时间进度": colDeadline,
	"主责单位": colLead, "牵头单位": colLead, "责任单位": colLead, "主责部门": colLead, "牵头部门": colLead, "主办单位": colLead,
	"主责": colLead, "牵头": colLead, "责任部门": colLead, "牵头责任单位": colLead, "责任主体": colLead,
	"协办单位": colCo, "配合单位": colCo, "协助单位": colCo, "协办部门": colCo, "配合部门": colCo, "参与单位": colCo,
	"协办": colCo, "配合": colCo, "协同单位": colCo, "协同部门": colCo, "配合责任单位": colCo,
}

// layout is where a measure table's columns are in its lines, as its
// header says: the cell of each column (-1 for a column the table does not
// have) and the number of cells.
type layout struct {
	cols  [numCols]int
	width int
}

// defaultLayout is the 2023 plan's: 序号 重点任务 工作措施 完成时限 主责单位
// 协办单位, for a table whose header the text does not show.
var defaultLayout = layout{cols: [numCols]int{colNo, colTask, colText, colDeadline, colLead, colCo}, width: numCols}

// readHeader reads a table line as the table's header. header is false for
// a line that is none: a header names 工作措施 and at least two more of the
// columns. A header is read when it names 序号, 重点任务, 工作措施, 完成时限
// and a lead unit column, in any order; 协办单位 may be missing (no
// co-units), a second lead-kind column is the co-units' (牵头单位 then
// 责任单位), and a column of another name (备注) is read past. Otherwise err
// names what is missing.
func readHeader(cells []string) (l layout, header bool, err error) {
	if !slices.ContainsFunc(cells, func(c string) bool { return len(c) < 64 && strings.Contains(c, "措施") }) {
		return l, false, nil // every name of 工作措施 says 措施; a row's text is longer
	}
	l.width = len(cells)
	for c := range l.cols {
		l.cols[c] = -1
	}
	named := 0
	for i, cell := range cells {
		c, ok := headerNames[strings.ReplaceAll(cleanLine(cell), " ", "")]
		switch {
		case !ok:
		case l.cols[c] < 0:
			l.cols[c] = i
			named++
		case c == colLead && l.cols[colCo] < 0:
			l.cols[colCo] = i
			named++
		default:
			return l, true, fmt.Errorf("表头有两个“%s”列", cleanLine(cell))
		}
	}
	if l.cols[colText] < 0 || named < 3 {
		return l, false, nil
	}
	var missing []string
	for c, name := range []string{"序号", "重点任务", "工作措施", "完成时限", "主责单位"} {
		if l.cols[c] < 0 {
			missing = append(missing, name)
		}
	}
	if missing != nil {
		return l, true, fmt.Errorf("表头缺少 %s 列", strings.Join(missing, "、"))
	}
	return l, true, nil
}

// row gives a line's cells in column order, "" for a column the table does
// not have or the line does not reach.
func (l layout) row(cells []string) []string {
	out := make([]string, numCols)
	for c, i := range l.cols {
		if i >= 0 && i < len(cells) {
			out[c] = cells[i]
		}
	}
	return out
}

// cell is the 1-based cell of a line that holds column c (0-based).
func (l layout) cell(c int) int { return l.cols[c] + 1 }
