package returns

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field names a column of the return. Its value is the column's header label
// as the template prints it.
type Field string

// The columns of the return sheet, in template order.
const (
	FieldMeasureID Field = "措施编号"
	FieldAnnex     Field = "附件"
	FieldNo        Field = "序号"
	FieldTask      Field = "重点任务"
	FieldMeasure   Field = "工作措施"
	FieldDeadline  Field = "完成时限"
	FieldRole      Field = "责任类型"
	FieldStatus    Field = "完成状态"
	FieldProgress  Field = "进展情况"
	FieldProblems  Field = "存在问题"
	FieldNextSteps Field = "下步计划"
	FieldEvidence  Field = "佐证材料说明"
)

// The columns of the indicator sheet, in template order.
const (
	FieldIndicatorKey    Field = "指标代码"
	FieldIndicatorName   Field = "指标名称"
	FieldIndicatorUnit   Field = "计量单位"
	FieldIndicatorTarget Field = "目标值"
	FieldIndicatorValue  Field = "本月实际值"
)

// Fields lists the columns of the return sheet in template order.
var Fields = []Field{
	FieldMeasureID, FieldAnnex, FieldNo, FieldTask, FieldMeasure, FieldDeadline, FieldRole,
	FieldStatus, FieldProgress, FieldProblems, FieldNextSteps, FieldEvidence,
}

// indicatorFields lists the columns of the indicator sheet in template order.
var indicatorFields = []Field{
	FieldIndicatorKey, FieldIndicatorName, FieldIndicatorUnit, FieldIndicatorTarget, FieldIndicatorValue,
}

// fixedFields are the locked columns of the return sheet.
var fixedFields = map[Field]bool{
	FieldMeasureID: true, FieldAnnex: true, FieldNo: true, FieldTask: true,
	FieldMeasure: true, FieldDeadline: true, FieldRole: true,
}

// headerAliases maps header texts that clerks or older sheets use to a field.
// Keys are normalized by headerKey.
var headerAliases = map[string]Field{
	"编号": FieldMeasureID, "措施id": FieldMeasureID, "id": FieldMeasureID, "措施代码": FieldMeasureID,
	"附件号": FieldAnnex,
	"任务":  FieldTask,
	"措施":  FieldMeasure, "具体措施": FieldMeasure,
	"时限": FieldDeadline, "完成时间": FieldDeadline,
	"责任": FieldRole, "主责/协办": FieldRole, "主责协办": FieldRole, "责任类别": FieldRole,
	"状态": FieldStatus, "进度状态": FieldStatus, "完成情况": FieldStatus,
	"进展": FieldProgress, "工作进展": FieldProgress, "工作进展情况": FieldProgress,
	"问题": FieldProblems, "存在的问题": FieldProblems,
	"下一步计划": FieldNextSteps, "下步工作计划": FieldNextSteps, "下一步工作计划": FieldNextSteps,
	"佐证材料": FieldEvidence, "佐证": FieldEvidence,
	"代码":  FieldIndicatorKey,
	"单位":  FieldIndicatorUnit,
	"目标":  FieldIndicatorTarget,
	"实际值": FieldIndicatorValue, "本月值": FieldIndicatorValue, "完成值": FieldIndicatorValue,
}

func init() {
	for _, f := range append(append([]Field{}, Fields...), indicatorFields...) {
		headerAliases[headerKey(string(f))] = f
	}
}

// headerKey normalizes a header cell for matching: no whitespace, lower case,
// and a trailing note in brackets dropped ("完成状态（下拉选择）" → "完成状态").
func headerKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == '＊' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	for _, open := range []string{"（", "("} {
		if i := strings.Index(s, open); i > 0 {
			s = s[:i]
		}
	}
	return s
}

// NormalizeSpace collapses every run of white space (line breaks and the
// ideographic space included) to one space, drops it where it stands next to
// a CJK character, and trims the ends: "推进  扬尘\n治理" → "推进扬尘治理".
// Callers comparing a return's texts with the ledger normalize both with it.
func NormalizeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	var last rune
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if pending && !wide(last) && !wide(r) {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// wide reports whether r is a CJK character or full-width punctuation, which
// take no space between them.
func wide(r rune) bool {
	return r >= 0x2E80 && r != utf8.RuneError
}

// normalizeText keeps a fillable text as typed but trimmed: line breaks become
// \n, spaces at line ends and blank lines at either end go.
func normalizeText(s string) string {
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "_x000D_", "")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.TrimFunc(strings.Join(lines, "\n"), unicode.IsSpace)
}
