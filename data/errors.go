package data

import (
	"errors"
	"fmt"
)

// Error codes, after benbjohnson/wtf. The code tells a caller what kind of
// failure happened; the message is fit to show a clerk.
const (
	EINVALID  = "invalid"   // the input breaks a rule: unknown unit, duplicate ID, newer database ...
	ENOTFOUND = "not_found" // the thing asked for does not exist
	ECONFLICT = "conflict"  // the request clashes with the stored state: plan already seeded ...
	EIO       = "io"        // the disk let the program down: full, read-only, an I/O error
	EINTERNAL = "internal"  // anything else; its details are for the log, not the clerk
)

// Error is an application error: a code from the list above and a message in
// Simplified Chinese that can be shown to the user as it is.
type Error struct {
	Code    string
	Message string
	// Kind is what an ENOTFOUND error did not find (ErrUnknownUnit, ...),
	// for errors.Is; nil for most errors.
	Kind error
}

// What an ENOTFOUND error did not find, for callers that answer with the
// accepted values: errors.Is(err, ErrUnknownUnit).
var (
	ErrUnknownUnit      = errors.New("unknown unit")
	ErrUnknownMeasure   = errors.New("unknown measure")
	ErrUnknownIndicator = errors.New("unknown indicator")
)

// Error returns the message alone, so that a dialog showing err.Error()
// shows the clerk a clean Chinese sentence.
func (e *Error) Error() string { return e.Message }

// Unwrap returns the error's Kind.
func (e *Error) Unwrap() error { return e.Kind }

// NotFound returns an ENOTFOUND *Error of the given kind (ErrUnknownUnit,
// ...) with a formatted message.
func NotFound(kind error, format string, args ...any) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf(format, args...), Kind: kind}
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, "" for a nil
// error and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}
