package plantext

import (
	"fmt"
	"slices"
	"strings"
)

// HeaderNames are the names a measure table's header cell may give each
// column (ColNo … ColCo), spaces removed: the 2023 plan's and the other
// names district plans use. The plan workbook and Word readers
// (reports/planfile) take the same.
var HeaderNames = map[string]int{
	"序号": ColNo, "编号": ColNo,
	"重点任务": ColTask, "任务": ColTask, "主要任务": ColTask, "重点工作": ColTask, "工作任务": ColTask,
	"工作措施": ColText, "措施": ColText, "具体措施": ColText, "主要措施": ColText, "具体工作措施": ColText, "主要工作措施": ColText,
	"工作内容": ColText, "具体工作内容": ColText, "主要工作内容": ColText,
	"完成时限": ColDeadline, "完成时间": ColDeadline, "时限": ColDeadline, "时间节点": ColDeadline, "完成期限": ColDeadline, "时间要求": ColDeadline,
	"时间安排": ColDeadline, "进度安排": ColDeadline, "完成时间节点": ColDeadline, "时间进度": ColDeadline,
	"主责单位": ColLead, "牵头单位": ColLead, "责任单位": ColLead, "主责部门": ColLead, "牵头部门": ColLead, "主办单位": ColLead,
	"主责": ColLead, "牵头": ColLead, "责任部门": ColLead, "牵头责任单位": ColLead, "责任主体": ColLead,
	"协办单位": ColCo, "配合单位": ColCo, "协助单位": ColCo, "协办部门": ColCo, "配合部门": ColCo, "参与单位": ColCo,
	"协办": ColCo, "配合": ColCo, "协同单位": ColCo, "协同部门": ColCo, "配合责任单位": ColCo,
}

// layout is where a measure table's columns are in its lines, as its
// header says: the cell of each column (-1 for a column the table does not
// have) and the number of cells.
type layout struct {
	cols  [NumCols]int
	width int
}

// defaultLayout is the 2023 plan's: 序号 重点任务 工作措施 完成时限 主责单位
// 协办单位, for a table whose header the text does not show.
var defaultLayout = layout{cols: [NumCols]int{ColNo, ColTask, ColText, ColDeadline, ColLead, ColCo}, width: NumCols}

// readHeader reads a table line as the table's header. header is false for
// a line that is none: a header names 工作措施 and at least two more of the
// columns. A header is read when it names 序号, 重点任务, 工作措施, 完成时限
// and a lead unit column, in any order; 协办单位 may be missing (no
// co-units), a second lead-kind column is the co-units' (牵头单位 then
// 责任单位), and a column of another name (备注) is read past. Otherwise err
// names what is missing.
func readHeader(cells []string) (l layout, header bool, err error) {
	if !slices.ContainsFunc(cells, func(c string) bool { return headerName(c) == ColText }) {
		return l, false, nil
	}
	l.width = len(cells)
	for c := range l.cols {
		l.cols[c] = -1
	}
	named := 0
	for i, cell := range cells {
		c := headerName(cell)
		switch {
		case c < 0:
		case l.cols[c] < 0:
			l.cols[c] = i
			named++
		case c == ColLead && l.cols[ColCo] < 0:
			l.cols[ColCo] = i
			named++
		default:
			return l, true, fmt.Errorf("表头有两个“%s”列", cleanLine(cell))
		}
	}
	if l.cols[ColText] < 0 || named < 3 {
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

// headerName is the column a header cell names (HeaderNames), -1 for none.
func headerName(cell string) int {
	if c, ok := HeaderNames[strings.ReplaceAll(cleanLine(cell), " ", "")]; ok {
		return c
	}
	return -1
}

// row gives a line's cells in column order, "" for a column the table does
// not have or the line does not reach.
func (l layout) row(cells []string) []string {
	out := make([]string, NumCols)
	for c, i := range l.cols {
		if i >= 0 && i < len(cells) {
			out[c] = cells[i]
		}
	}
	return out
}

// cell is the 1-based cell of a line that holds column c (0-based).
func (l layout) cell(c int) int { return l.cols[c] + 1 }

// IndicatorHeader reports whether a table's first row is the header of an
// indicator table (areas × targets, like the 2023 plan's annexes 2-2 and 6)
// whatever the annex's title says (…控制目标, …考核表): at least two cells,
// none naming a column of a measure table but 序号, and none speaking of
// measures, deadlines or roles (a misspelt measure header is no indicator
// table: its missing column is the problem).
func IndicatorHeader(cells []string) bool {
	n := 0
	for _, cell := range cells {
		s := strings.ReplaceAll(cleanLine(cell), " ", "")
		if s == "" {
			continue
		}
		n++
		if c := headerName(s); c >= 0 && c != ColNo {
			return false
		}
		for _, w := range []string{"措施", "任务", "时限", "时间", "牵头", "主责", "协办", "配合", "责任"} {
			if strings.Contains(s, w) {
				return false
			}
		}
	}
	return n >= 2
}
