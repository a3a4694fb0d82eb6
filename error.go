package gdprkit

import (
	"errors"
	"fmt"
)

// Error codes. Only the web and command-line edges turn them into HTTP
// statuses or exit codes.
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EUNAUTH    = "unauthorized"
	ERATELIMIT = "rate_limited"
	EINTERNAL  = "internal"
)

// Error is an error that may be shown to a user. Key is a translation key
// ("contact.email_invalid"), never a sentence; Args fill its placeholders.
// Detail is an English, developer-facing description used in logs and in
// command-line output when no catalog is at hand.
type Error struct {
	Code   string
	Key    string
	Args   map[string]any
	Detail string
	Err    error
}

// Errorf returns an *Error with the given code and key. The format and
// arguments build Detail.
func Errorf(code, key string, args map[string]any, format string, a ...any) *Error {
	return &Error{Code: code, Key: key, Args: args, Detail: fmt.Sprintf(format, a...)}
}

func (e *Error) Error() string {
	switch {
	case e.Detail != "" && e.Err != nil:
		return e.Detail + ": " + e.Err.Error()
	case e.Detail != "":
		return e.Detail
	case e.Err != nil:
		return e.Key + ": " + e.Err.Error()
	}
	return e.Key
}

func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the code of the first *Error in err's chain, or
// EINTERNAL for anything else, so internal details never reach a user.
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

// AsError returns the first *Error in err's chain, or nil.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
