package data

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCode(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		code string
	}{
		{"nil", nil, ""},
		{"application error", Errorf(ENOTFOUND, "单位名录中没有“%s”", "区环保局"), ENOTFOUND},
		{"wrapped", fmt.Errorf("app: %w", Errorf(EINVALID, "没有填写单位名称")), EINVALID},
		{"other error", errors.New("disk I/O error"), EINTERNAL},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(tc.err); got != tc.code {
				t.Errorf("ErrorCode = %q, want %q", got, tc.code)
			}
		})
	}
	if got := Errorf(ECONFLICT, "已有%d份", 1).Error(); got != "已有1份" {
		t.Errorf("Error() = %q, want the message", got)
	}
}

func TestNotFound(t *testing.T) {
	err := fmt.Errorf("find: %w", NotFound(ErrUnknownUnit, "单位名录中没有“%s”", "区环保局"))
	if ErrorCode(err) != ENOTFOUND || !errors.Is(err, ErrUnknownUnit) || errors.Is(err, ErrUnknownMeasure) {
		t.Errorf("NotFound(ErrUnknownUnit) wrapped: code %q, is unit %v, is measure %v",
			ErrorCode(err), errors.Is(err, ErrUnknownUnit), errors.Is(err, ErrUnknownMeasure))
	}
	var e *Error
	if !errors.As(err, &e) || e.Message != "单位名录中没有“区环保局”" {
		t.Errorf("message = %v, want 单位名录中没有“区环保局”", err)
	}
	if errors.Is(Errorf(ENOTFOUND, "没有附件 %s", "3"), ErrUnknownMeasure) {
		t.Error("an Errorf error has a kind")
	}
}
