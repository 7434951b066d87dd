package returns

import (
	"fmt"
	"strings"

	"taizhang/data"
)

// Problem is one thing wrong in a return, with its position.
type Problem struct {
	File    string `json:"file"`
	Sheet   string `json:"sheet,omitempty"`
	Row     int    `json:"row,omitempty"`    // as Excel shows it; 0 when the problem is the whole file or sheet
	Column  string `json:"column,omitempty"` // column letter, "" when not one cell
	Field   Field  `json:"field,omitempty"`
	Found   string `json:"found,omitempty"` // what the cell holds (shortened)
	Message string `json:"message"`         // Chinese: what is wrong and what to do
}

// String gives the problem with its position, e.g.
// 文件“德胜街道-2023年6月.xlsx”，工作表“填报”，第 12 行 H 列（完成状态）：无法识别的完成状态“差不多”。请从下拉列表中选择。
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "文件“%s”", p.File)
	if p.Sheet != "" {
		fmt.Fprintf(&b, "，工作表“%s”", p.Sheet)
	}
	switch {
	case p.Row > 0 && p.Column != "":
		fmt.Fprintf(&b, "，第 %d 行 %s 列", p.Row, p.Column)
	case p.Row > 0:
		fmt.Fprintf(&b, "，第 %d 行", p.Row)
	case p.Column != "":
		fmt.Fprintf(&b, "，%s 列", p.Column)
	}
	if p.Field != "" {
		fmt.Fprintf(&b, "（%s）", p.Field)
	}
	b.WriteString("：")
	b.WriteString(p.Message)
	return b.String()
}

// Problems is a list of problems; as an error it lists them all, one per line.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Unwrap makes the problems an EINVALID data.Error with the same text, so
// data.ErrorCode and app.ErrorMessage treat a faulty return as the clerk's
// input to correct, not as an internal error.
func (ps Problems) Unwrap() error {
	return data.Errorf(data.EINVALID, "%s", ps.Error())
}

// shorten cuts a cell's text for a message: at most 30 characters, one
// line, what prints as nothing shown escaped (ShowInvisible).
func shorten(s string) string {
	s = NormalizeSpace(ShowInvisible(s))
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}
