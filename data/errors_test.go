package data

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorCodeAndMessage(t *testing.T) {
	for _, tc := range []struct {
		name    string
		err     error
		code    string
		message string
	}{
		{"nil", nil, "", ""},
		{"application error", Errorf(ENOTFOUND, "单位名录中没有“%s”", "区环保局"), ENOTFOUND, "单位名录中没有“区环保局”"},
		{"wrapped", fmt.Errorf("app: %w", Errorf(EINVALID, "没有填写单位名称")), EINVALID, "没有填写单位名称"},
		{"other error", errors.New("disk I/O error"), EINTERNAL, "内部错误：disk I/O error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(tc.err); got != tc.code {
				t.Errorf("ErrorCode = %q, want %q", got, tc.code)
			}
			if got := ErrorMessage(tc.err); got != tc.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tc.message)
			}
		})
	}
	if got := Errorf(ECONFLICT, "已有%d份", 1).Error(); got != "已有1份" {
		t.Errorf("Error() = %q, want the message", got)
	}
}
