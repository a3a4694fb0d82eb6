package web

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// statusOf is the only place where error codes become HTTP statuses.
var statusOf = map[string]int{
	gdprkit.EINVALID:   http.StatusUnprocessableEntity,
	gdprkit.ENOTFOUND:  http.StatusNotFound,
	gdprkit.ECONFLICT:  http.StatusConflict,
	gdprkit.EFORBIDDEN: http.StatusForbidden,
	gdprkit.EUNAUTH:    http.StatusUnauthorized,
	gdprkit.ERATELIMIT: http.StatusTooManyRequests,
	gdprkit.EINTERNAL:  http.StatusInternalServerError,
}

// errBusy is returned when the database could not take a write in time:
// on SQLite an import holds the only write lock until it commits.
var errBusy = gdprkit.Errorf(gdprkit.ERATELIMIT, "error.busy", nil, "database busy")

// classify returns the status and the user-facing error for err. Errors
// that are not *gdprkit.Error are internal: they are logged and shown as
// "something went wrong", never in detail.
func classify(err error) (int, *gdprkit.Error) {
	if errors.Is(err, context.DeadlineExceeded) {
		err = errBusy
	}
	e := gdprkit.AsError(err)
	if e == nil || e.Code == gdprkit.EINTERNAL {
		return http.StatusInternalServerError, &gdprkit.Error{Code: gdprkit.EINTERNAL, Key: "error.internal"}
	}
	return statusOf[e.Code], e
}

// fail answers a request that failed, in the form the client expects.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, e := classify(err)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "route", r.Pattern, "request_id", requestID(r.Context()), "err", err)
	}
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "10")
	}
	lang := langOf(r)
	msg := locale.T(lang, e.Key, e.Args)
	if wantsJSON(r) {
		writeJSONError(w, status, e, locale.T("en", e.Key, e.Args))
		return
	}
	s.renderStatus(w, r, status, msg)
}

// wantsJSON reports whether the client is a program: the API, or a
// request that asks for JSON.
func wantsJSON(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || strings.Contains(r.Header.Get("Accept"), "application/json")
}

func writeJSONError(w http.ResponseWriter, status int, e *gdprkit.Error, msg string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = jsonEncode(w, map[string]any{"status": status, "title": http.StatusText(status), "detail": msg, "code": e.Code, "key": e.Key})
}

// apiError turns a service error into Huma's problem response, with the
// same status as the pages.
func apiError(ctx context.Context, log *slog.Logger, err error) error {
	status, e := classify(err)
	if status >= 500 {
		log.ErrorContext(ctx, "api request failed", "request_id", requestID(ctx), "err", err)
	}
	return huma.NewError(status, locale.T("en", e.Key, e.Args), &huma.ErrorDetail{Location: "code", Value: e.Code, Message: e.Key})
}
