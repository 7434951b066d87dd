package app

import (
	"context"
	"strings"
	"testing"

	"taizhang/data"
)

// TestDistrictSummary drafts a measure's summary from its lead units only,
// then keeps what the coordinator writes, refused in a closed month.
func TestDistrictSummary(t *testing.T) {
	a := mustOpen(t)
	ctx := context.Background()
	v, err := a.Progress(ctx, june, data.MeasureFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var mp MeasureProgress
	for _, m := range v.Measures {
		if len(m.Lead) > 0 && len(m.Co) > 0 {
			mp = m
			break
		}
	}
	id, lead, co := mp.Measure.ID, mp.Lead[0].Unit, mp.Co[0].Unit
	for unit, text := range map[string]string{lead: "牵头单位完成了全部巡查工作并形成台账，共检查点位一百二十处", co: "协办单位的进展"} {
		if _, err := a.SetEntry(ctx, data.EntryInput{Unit: unit, MeasureID: id, Month: june, Progress: &text}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := a.DistrictSummary(ctx, id, june)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Drafted || !strings.HasPrefix(s.Progress, "【"+lead+"】牵头单位") || !strings.HasSuffix(s.Progress, "…") || strings.Contains(s.Progress, "协办") {
		t.Fatalf("draft %+v", s)
	}
	text := "全区完成巡查120处。"
	if _, err := a.SetDistrictSummary(ctx, data.DistrictSummaryInput{MeasureID: id, Month: june, Progress: &text}); err != nil {
		t.Fatal(err)
	}
	if s, err = a.DistrictSummary(ctx, id, june); err != nil || s.Drafted || s.Progress != text || s.Clerk != a.Clerk(ctx) {
		t.Fatalf("stored %+v, %v", s, err)
	}
	if _, err := a.DistrictSummary(ctx, "9.9.9", june); data.ErrorCode(err) != data.ENOTFOUND {
		t.Errorf("unknown measure: %v", err)
	}
	if err := a.CloseMonth(ctx, june); err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetDistrictSummary(ctx, data.DistrictSummaryInput{MeasureID: id, Month: june, Progress: &text}); data.ErrorCode(err) != data.ECONFLICT {
		t.Errorf("closed month: %v", err)
	}
}
