package reports

import (
	"slices"
	"testing"
)

func TestLinePieces(t *testing.T) {
	for text, want := range map[string][]string{
		"主责单位（通过“各街道办事处”）": {"主", "责", "单", "位", "（通", "过", "“各", "街", "道", "办", "事", "处”）"},
		"完成PM2.5指标62.5%。":  {"完", "成", "PM2.5指", "标", "62.5%。"},
	} {
		if got := LinePieces(text); !slices.Equal(got, want) {
			t.Errorf("LinePieces(%q) = %q, want %q", text, got, want)
		}
	}
}
