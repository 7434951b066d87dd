package app

import "strings"

// SummaryDraftLength is how many characters of each lead unit's progress
// text a drafted district summary keeps.
const SummaryDraftLength = 20

// DraftSummary drafts a measure's district summary (区级汇总进展) from its
// lead units' entries, for a month without a written one: one 【单位】text
// line per lead unit that wrote progress, the text on one line and cut to
// limit characters with …. Co-units never count: the lead units answer for
// the measure.
func DraftSummary(leads []UnitEntry, limit int) string {
	var lines []string
	for _, u := range leads {
		if u.Entry == nil {
			continue
		}
		t := strings.Join(strings.Fields(u.Entry.Progress), " ")
		if t == "" {
			continue
		}
		if rs := []rune(t); limit > 0 && len(rs) > limit {
			t = strings.TrimRight(string(rs[:limit-1]), "（【《「『“‘〔( ") + "…"
		}
		lines = append(lines, "【"+u.Unit+"】"+t)
	}
	return strings.Join(lines, "\n")
}
