package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// fixtures are the ids that path parameters take in the matrix test.
type fixtures struct {
	contact, upload, imp, user              int64
	vendor, activity, method, questionnaire int64
	form, purpose, text                     int64 // consent_harness_test.go
	campaign                                int64 // campaign_harness_test.go
}

func (h *harness) fixtures() fixtures {
	h.t.Helper()
	h.importMailchimp()
	var f fixtures
	ctx := context.Background()
	if err := h.st.DB.QueryRow(ctx, `SELECT MIN(id) FROM contacts`).Scan(&f.contact); err != nil {
		h.t.Fatal(err)
	}
	if err := h.st.DB.QueryRow(ctx, `SELECT MAX(id) FROM imports`).Scan(&f.imp); err != nil {
		h.t.Fatal(err)
	}
	res := h.as(auth.Admin).upload(map[string][]byte{"a.csv": []byte("email\na@example.com\n")})
	f.upload, _ = strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/uploads/"), 10, 64)
	f.user = h.user(auth.Viewer).ID
	f.vendor, f.activity, f.method, f.questionnaire = h.registerFixtures()
	f.form, f.purpose, f.text = h.consentFixtures()
	f.campaign = h.campaignFixture()
	return f
}

// path turns a route pattern into a path to request.
func (f fixtures) path(pattern string) string {
	p := strings.NewReplacer("{$}", "", "{format}", "csv", "{file}", "contacts.csv", "{action}", "clean_base", "{item}", "decide",
		"{what}", "vendors", "{q}", strconv.FormatInt(f.questionnaire, 10), "{slug}", "newsletter", "{token}", "x", "{lang}", "fr").Replace(pattern)
	if p == "/static/" {
		return "/static/app.css"
	}
	id := map[string]int64{"/contacts/": f.contact, "/api/v1/contacts/": f.contact, "/uploads/": f.upload, "/api/v1/imports/": f.upload,
		"/imports/": f.imp, "/users/": f.user, "/account/tokens/": 999999,
		"/vendors/": f.vendor, "/api/v1/vendors/": f.vendor, "/activities/": f.activity, "/api/v1/activities/": f.activity,
		"/methods/": f.method, "/api/v1/collection-methods/": f.method,
		"/forms/": f.form, "/consent/purposes/": f.purpose, "/consent/texts/": f.text,
		"/campaigns/": f.campaign, "/api/v1/campaigns/": f.campaign}
	for prefix, v := range id {
		if strings.HasPrefix(p, prefix+"{id}") {
			return strings.Replace(p, "{id}", strconv.FormatInt(v, 10), 1)
		}
	}
	return p
}

// allRoutes lists every page route and API operation.
func (s *Server) allRoutes() []route {
	rs := append(append([]route(nil), s.routes...), s.apiOperations()...)
	sort.Slice(rs, func(i, j int) bool { return rs[i].pattern+rs[i].method < rs[j].pattern+rs[j].method })
	return rs
}

// TestRouteRoleMatrix requests every registered route as every role and
// as an anonymous visitor, and checks the answer against the permission
// matrix: allowed requests get past the guard, others get 401 (or the
// login page) or 403.
func TestRouteRoleMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.fixtures()
		tokens := map[auth.Role]string{}
		for _, role := range auth.Roles {
			secret, _, err := h.auth.CreateToken(gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: "system"}), h.user(role), "matrix", role, 0)
			if err != nil {
				t.Fatal(err)
			}
			tokens[role] = secret
		}
		for _, rt := range h.srv.allRoutes() {
			if !auth.Known(rt.perm) {
				t.Errorf("%s %s has no permission of the matrix (%q)", rt.method, rt.pattern, rt.perm)
				continue
			}
			for _, role := range append([]auth.Role{""}, auth.Roles...) {
				h.checkRoute(t, rt, role, f, tokens[role], strings.HasPrefix(rt.pattern, "/api/"))
				if role != "" && !strings.HasPrefix(rt.pattern, "/api/") && rt.pattern != "/logout" {
					// Pages answer API tokens too, with the same matrix.
					h.checkRoute(t, rt, role, f, tokens[role], true)
				}
			}
		}
	})
}

func (h *harness) checkRoute(t *testing.T, rt route, role auth.Role, f fixtures, token string, bearer bool) {
	t.Helper()
	path := f.path(rt.pattern)
	c := h.anonymous()
	if role != "" {
		c = h.as(role)
	}
	req, _ := http.NewRequest(rt.method, h.ts.URL+path, nil)
	if rt.method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if bearer && role != "" {
		c = h.anonymous()
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res := c.do(req)
	name := string(role)
	if name == "" {
		name = "anonymous"
	}
	if bearer && role != "" {
		name += " (token)"
	}
	toLogin := res.StatusCode == http.StatusSeeOther && strings.HasPrefix(res.Header.Get("Location"), "/login?next=")
	if auth.Can(role, rt.perm) {
		refused := res.StatusCode == http.StatusForbidden || toLogin && rt.perm != auth.Public ||
			res.StatusCode == http.StatusUnauthorized && rt.perm != auth.Public
		if refused {
			t.Errorf("%s %s as %s: status %d, want it allowed (%s)", rt.method, path, name, res.StatusCode, rt.perm)
		}
		return
	}
	switch {
	case role != "" && res.StatusCode != http.StatusForbidden:
		t.Errorf("%s %s as %s: status %d, want 403 (%s)", rt.method, path, name, res.StatusCode, rt.perm)
	case role == "" && !toLogin && res.StatusCode != http.StatusUnauthorized:
		t.Errorf("%s %s as anonymous: status %d, want 401 or the login page (%s)", rt.method, path, res.StatusCode, rt.perm)
	}
}
