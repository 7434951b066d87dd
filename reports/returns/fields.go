package returns

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// Ignore is the mapping of a return's column that the clerk chose to leave
// out of the import (ReadOptions.Map; "-" on the command line).
const Ignore Field = "-"

// HeaderVariants lists, per field, the header texts a return may use for
// it besides the field's own label. It is the one list of accepted headers:
// matching ignores white space, case, asterisks, brackets or quotes around
// the whole header ("【进展情况】") and a trailing note in brackets
// ("完成状态（下拉选择）"), and a header in no list is reported as unknown
// for the clerk to map (Return.Unknown).
var HeaderVariants = map[Field][]string{
	FieldMeasureID: {"编号", "措施ID", "ID", "措施代码"},
	FieldAnnex:     {"附件号"},
	FieldTask:      {"任务"},
	FieldMeasure:   {"措施", "具体措施"},
	FieldDeadline:  {"时限", "完成时间"},
	FieldRole:      {"责任", "主责/协办", "主责协办", "责任类别"},
	FieldStatus:    {"状态", "进度状态", "完成情况"},
	FieldProgress:  {"进展", "工作进展", "工作进展情况"},
	FieldProblems:  {"问题", "存在的问题"},
	FieldNextSteps: {"下一步计划", "下步工作计划", "下一步工作计划", "下一步工作", "下步工作", "下一步打算", "下步打算"},
	FieldEvidence:  {"佐证材料", "佐证"},

	FieldIndicatorKey:    {"代码"},
	FieldIndicatorUnit:   {"单位"},
	FieldIndicatorTarget: {"目标"},
	FieldIndicatorValue:  {"实际值", "本月值", "完成值"},
}

// headerAliases maps every accepted header, normalized by headerKey, to its
// field: the labels and their HeaderVariants.
var headerAliases = map[string]Field{}

func init() {
	for _, f := range append(append([]Field{}, Fields...), indicatorFields...) {
		headerAliases[headerKey(string(f))] = f
		for _, v := range HeaderVariants[f] {
			headerAliases[headerKey(v)] = f
		}
	}
}

// ParseField names the field of the return sheet that s is the label or an
// accepted variant of, or Ignore for "-"; ok is false for anything else.
// The command line's --map uses it.
func ParseField(s string) (f Field, ok bool) {
	if strings.TrimSpace(s) == string(Ignore) {
		return Ignore, true
	}
	f, ok = headerAliases[headerKey(s)]
	return f, ok && slices.Contains(Fields, f)
}

// SameHeader reports whether two header texts match as headers do (white
// space, case and a bracketed note do not count).
func SameHeader(a, b string) bool { return headerKey(a) == headerKey(b) }

// headerKey normalizes a header cell for matching: no whitespace, lower case,
// and a trailing note in brackets dropped ("完成状态（下拉选择）" → "完成状态").
func headerKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || invisible(r) || r == '*' || r == '＊' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	s = strings.Trim(s, headerWrap)
	for _, pair := range []string{"（）", "()"} {
		open, close := string([]rune(pair)[0]), string([]rune(pair)[1])
		if strings.HasPrefix(s, open) && strings.HasSuffix(s, close) && strings.Count(s, open) == 1 {
			s = s[len(open) : len(s)-len(close)]
		}
	}
	for _, open := range []string{"（", "("} {
		if i := strings.Index(s, open); i > 0 {
			s = s[:i]
		}
	}
	return s
}

// headerWrap are the brackets, quotes and marks a clerk puts around a whole
// header ("【进展情况】", "进展情况："): they do not count.
const headerWrap = "【】[]〔〕［］「」『』《》<>“”\"'‘’：:。."

// NormalizeSpace collapses every run of white space (line breaks, the
// ideographic and the no-break space included) to one space, drops it where
// it stands next to a CJK character, drops the characters that print as
// nothing (zero-width space, BOM, soft hyphen; see invisible) and trims the
// ends: "推进  扬尘\n治理" → "推进扬尘治理". Callers comparing a return's texts
// with the ledger normalize both with it.
func NormalizeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	var last rune
	for _, r := range s {
		if invisible(r) {
			continue
		}
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

// normalizeCode is NormalizeSpace for a code (措施编号, 附件, 序号), with
// full-width letters, digits and signs made plain (NFKC): "２－１．１．１" →
// "2-1.1.1".
func normalizeCode(s string) string {
	return NormalizeSpace(norm.NFKC.String(s))
}

// invisible reports whether r prints as nothing: a format character
// (zero-width space and joiners, BOM, soft hyphen, direction marks) or a
// variation selector. Readers drop them as they drop spaces.
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Variation_Selector, r)
}

// blankLetters are letters that print as nothing (Hangul fillers, the
// blank Braille pattern): not dropped, but shown escaped in messages.
var blankLetters = map[rune]bool{0x115F: true, 0x1160: true, 0x3164: true, 0xFFA0: true, 0x2800: true}

// ShowInvisible writes every character of s that prints as nothing, other
// than white space, as its code point in angle brackets, so that a message
// quoting a cell shows what is really there: "已完成\u3164" → "已完成<U+3164>".
func ShowInvisible(s string) string {
	var b strings.Builder
	for _, r := range s {
		if invisible(r) || blankLetters[r] || !unicode.IsGraphic(r) && !unicode.IsSpace(r) {
			fmt.Fprintf(&b, "<U+%04X>", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wide reports whether r is a CJK character or full-width punctuation, which
// take no space between them.
func wide(r rune) bool {
	return r >= 0x2E80 && r != utf8.RuneError
}

// normalizeText keeps a fillable text as typed but trimmed: line breaks become
// \n, spaces at line ends and blank lines at either end go, no-break spaces
// become spaces and the characters that print as nothing go (the zero-width
// joiner of an emoji stays).
func normalizeText(s string) string {
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "_x000D_", "")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u00A0' || r == '\u202F' || r == '\u2007':
			return ' '
		case r != '\u200D' && unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.TrimFunc(strings.Join(lines, "\n"), unicode.IsSpace)
}
