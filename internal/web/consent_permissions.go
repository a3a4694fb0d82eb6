package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/jsonstr"
)

// "May I send?" is the busiest endpoint: an ESP sync or a sending script
// asks it for every message. GET /api/v1/permissions is therefore a plain
// handler rather than a Huma operation: it reads its two parameters from
// the raw query and writes its JSON by hand into a pooled buffer, so a
// request costs the lookup and little else (docs/benchmarks.md,
// "Consent"). Its OpenAPI description is added to the document by hand
// and its permission is checked by the same guard as every page.
//
// Single checks are counted in the metrics but not written to the audit
// trail: they are machine traffic, return nothing the caller did not send
// but a verdict, and a database write each would cost more than the
// check. A batch is one audit entry.

const permissionsPath = "/api/v1/permissions"

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

func (s *Server) apiPermission(w http.ResponseWriter, r *http.Request) {
	email, purpose := queryValue(r.URL.RawQuery, "email"), queryValue(r.URL.RawQuery, "purpose")
	// One indexed lookup, bounded: it runs to its end even if the client
	// leaves, which spares database/sql a goroutine per query watching
	// for the cancellation.
	p, err := s.svc.Consent.Permissions.Check(context.WithoutCancel(r.Context()), email, purpose)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	bp := bufPool.Get().(*[]byte)
	b := appendPermission((*bp)[:0], p)
	h := w.Header()
	h["Content-Type"] = jsonContentType
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b) //nolint:gosec // JSON built by appendPermission, served as application/json
	*bp = b
	bufPool.Put(bp)
}

var jsonContentType = []string{"application/json"}

// queryValue returns the first value of key in a raw query string,
// unescaped; "" when it is missing or does not unescape.
func queryValue(raw, key string) string {
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(part, "=")
		if k != key {
			continue
		}
		if strings.IndexByte(v, '%') < 0 && strings.IndexByte(v, '+') < 0 {
			return v
		}
		u, err := url.QueryUnescape(v)
		if err != nil {
			return ""
		}
		return u
	}
	return ""
}

// registerPermissionsAPI adds "may I send?" to the mux and the OpenAPI
// document, and the batch form as a Huma operation.
func (s *Server) registerPermissionsAPI() {
	op := operation(http.MethodGet, "/permissions", "check-permission", "May I send? One address and purpose", "Consent", auth.PermissionsCheck)
	op.Description = "Answers whether a message for the purpose may be sent to the address now, with the reason and the ledger event " +
		"that decided. The suppression list and withdrawals always win; only documented consent (a confirmed double opt-in the strongest) allows. " +
		"Unknown and invalid addresses are denied with their reason. Built for volume: a sending script may ask for every message."
	op.Parameters = []*huma.Param{
		{Name: "email", In: "query", Required: true, Description: "The address, as the sender has it.", Schema: &huma.Schema{Type: "string", MaxLength: intPtr(320)}},
		{Name: "purpose", In: "query", Required: true, Description: "The purpose's slug (email_marketing…).", Schema: &huma.Schema{Type: "string", Pattern: "^[a-z][a-z0-9_]{0,62}$"}},
	}
	schema := s.api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[PermissionJSON](), true, "")
	op.Responses = map[string]*huma.Response{
		"200": {Description: "The answer.", Content: map[string]*huma.MediaType{"application/json": {Schema: schema}}},
		"401": {Description: "No valid API token."},
		"403": {Description: "The token's role may not ask."},
		"422": {Description: "The address or the purpose is malformed."},
	}
	s.api.OpenAPI().AddOperation(&op)
	s.mux.Handle(quietRoute, s.guard(route{method: http.MethodGet, pattern: permissionsPath, perm: auth.PermissionsCheck, h: s.apiPermission, long: true}))

	batch := operation(http.MethodPost, "/permissions:batch", "check-permissions", "May I send? Many addresses, one purpose", "Consent", auth.PermissionsCheck)
	batch.Description = "The same answer as GET /permissions for up to 10,000 addresses at once, in their order (for syncing an ESP)."
	batch.MaxBodyBytes = maxBatchBody
	huma.Register(s.api, batch, s.apiPermissions)
}

func intPtr(n int) *int { return &n }

// maxBatchBody bounds a batch: 10,000 addresses of up to 320 bytes.
const maxBatchBody = 4 << 20

type permissionsInput struct {
	Body struct {
		Purpose string   `json:"purpose" pattern:"^[a-z][a-z0-9_]{0,62}$"`
		Emails  []string `json:"emails" minItems:"1" maxItems:"10000"`
	}
}

type permissionsOutput struct {
	Body struct {
		Results []PermissionJSON `json:"results" doc:"One answer per address, in the order asked."`
	}
}

func (s *Server) apiPermissions(ctx context.Context, in *permissionsInput) (*permissionsOutput, error) {
	ps, err := s.svc.Consent.Permissions.CheckMany(ctx, in.Body.Emails, in.Body.Purpose)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	s.record(ctx, audit.Entry{Action: audit.Viewed, ObjectType: "permissions", Detail: batchDetail(in.Body.Purpose, len(ps))})
	out := &permissionsOutput{}
	out.Body.Results = make([]PermissionJSON, len(ps))
	for i := range ps {
		out.Body.Results[i] = permissionJSON(&ps[i])
	}
	return out, nil
}

func batchDetail(purpose string, n int) string {
	b := append([]byte(`{"purpose":`), jsonstr.Append(nil, purpose, true)...)
	b = append(b, `,"addresses":`...)
	b = strconv.AppendInt(b, int64(n), 10)
	return string(append(b, '}'))
}

// quietRoute is logged at debug level when it succeeds: a sending script
// asks it for every message, and a line per answer would be most of the
// log and a write per request. The metrics count every request; failures
// are logged as usual.
const quietRoute = "GET " + permissionsPath

// accessLevel is the level of a request's access-log line.
func accessLevel(route string, status int) slog.Level {
	if route == quietRoute && status < http.StatusBadRequest {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}
