package web

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// The JSON API lives under /api/v1. Its OpenAPI document is generated from
// the operations below and served at /api/v1/openapi.json. Requests
// authenticate with a personal API token (Authorization: Bearer gdk_…) or
// the browser's session, and each operation requires a permission of the
// same matrix as the pages.

// permKey is the operation metadata holding its permission.
const permKey = "permission"

func (s *Server) newAPI() huma.API {
	cfg := huma.DefaultConfig("gdprkit API", s.cfg.Version)
	cfg.OpenAPIPath = "/api/v1/openapi"
	cfg.SchemasPath = "/api/v1/schemas"
	// The interactive docs load their script from a CDN: not served.
	cfg.DocsPath = ""
	cfg.Info.Description = "The API of gdprkit, a self-hosted GDPR compliance toolkit for marketing teams. " +
		"Every request that reads or exports personal data is recorded in the audit trail."
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		"bearer": {Type: "http", Scheme: "bearer", Description: "A personal API token (gdk_…), created on the account page."},
	}
	if s.cfg.BaseURL != "" {
		cfg.Servers = []*huma.Server{{URL: s.cfg.BaseURL}}
	}
	api := humago.New(s.mux, cfg)
	api.UseMiddleware(s.apiGuard(api))
	return api
}

// apiGuard checks each operation's permission, as guard does for pages.
func (s *Server) apiGuard(api huma.API) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		perm, _ := ctx.Operation().Metadata[permKey].(auth.Permission)
		p, _ := ctx.Context().Value(keyPrincipal).(*principal)
		var role auth.Role
		if p != nil {
			role = p.role
		}
		if auth.Can(role, perm) {
			next(ctx)
			return
		}
		status, key := http.StatusForbidden, "error.forbidden"
		if p == nil {
			status, key = http.StatusUnauthorized, "error.unauthorized"
		}
		_ = huma.WriteErr(api, ctx, status, locale.T("en", key, nil))
	}
}

// operation describes an API operation with its permission.
func operation(method, path, id, summary, tag string, perm auth.Permission) huma.Operation {
	return huma.Operation{
		OperationID: id, Method: method, Path: "/api/v1" + path, Summary: summary, Tags: []string{tag},
		Security: []map[string][]string{{"bearer": {}}},
		Metadata: map[string]any{permKey: perm},
		Errors:   []int{http.StatusUnauthorized, http.StatusForbidden},
	}
}

func (s *Server) registerAPI() {
	s.registerContactsAPI()
	s.registerImportsAPI()
	s.registerAuditAPI()
	s.registerRegisterAPI()
	s.registerConsentAPI()
	s.registerCampaignAPI()
	huma.Register(s.api, operation(http.MethodGet, "/me", "get-me", "Who the request acts as", "Account", auth.Authenticated), s.apiMe)
}

type meOutput struct {
	Body struct {
		ID    int64  `json:"id"`
		Email string `json:"email"`
		Name  string `json:"name"`
		Role  string `json:"role" doc:"The role the request acts with: a token's role is capped by its owner's."`
		Via   string `json:"via" enum:"session,token"`
	}
}

func (s *Server) apiMe(ctx context.Context, _ *struct{}) (*meOutput, error) {
	p, _ := ctx.Value(keyPrincipal).(*principal)
	out := &meOutput{}
	out.Body.ID, out.Body.Email, out.Body.Name, out.Body.Role, out.Body.Via = p.user.ID, p.user.Email, p.user.Name, string(p.role), "session"
	if p.token != nil {
		out.Body.Via = "token"
	}
	return out, nil
}

// apiOperations lists the API's operations with their permissions, for
// the route × role test and the permission document.
func (s *Server) apiOperations() []route {
	var out []route
	for path, item := range s.api.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{"GET": item.Get, "POST": item.Post, "PUT": item.Put, "DELETE": item.Delete, "PATCH": item.Patch} {
			if op != nil {
				perm, _ := op.Metadata[permKey].(auth.Permission)
				out = append(out, route{method: method, pattern: path, perm: perm})
			}
		}
	}
	return out
}
