package data

import (
	"fmt"
	"strings"
	"time"
)

// HeldError is the ECONFLICT error of a ledger that another program holds
// open: the database file and who holds it, as the lock file beside it says
// (zero when the lock file could not be read). Error is the message in
// Chinese; a screen in another language words it from the fields.
type HeldError struct {
	Path     string
	User     string
	Computer string
	PID      int
	Since    time.Time
}

// Error is the message fit for the clerk.
func (e *HeldError) Error() string { return e.Unwrap().Error() }

// Who names the program that holds the ledger: 另一个台账程序（用户 …，
// 计算机 …，进程号 …，… 起）.
func (e *HeldError) Who() string {
	who := "另一个台账程序"
	if e.PID != 0 {
		var parts []string
		if e.User != "" {
			parts = append(parts, "用户 "+e.User)
		}
		if e.Computer != "" {
			parts = append(parts, "计算机 "+e.Computer)
		}
		parts = append(parts, fmt.Sprintf("进程号 %d", e.PID))
		if !e.Since.IsZero() {
			parts = append(parts, e.Since.Local().Format("2006-01-02 15:04")+" 起")
		}
		who += "（" + strings.Join(parts, "，") + "）"
	}
	return who
}

// Unwrap is the message as an ECONFLICT Error.
func (e *HeldError) Unwrap() error {
	return Errorf(ECONFLICT,
		"数据库文件 %s 正由%s打开。为免两处同时修改、互相覆盖，本程序现在不能打开它。"+
			"请先关闭那个台账程序（在另一台电脑上的，请联系其使用者关闭），再重新打开；"+
			"如果那个程序已经退出，锁会自动解除，直接重试即可。",
		e.Path, e.Who())
}
