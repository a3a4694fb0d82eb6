package web

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestRegisterAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()

		status, out := h.api(auth.Viewer, http.MethodGet, "/api/v1/vendors", nil)
		vs, _ := out["vendors"].([]any)
		if status != http.StatusOK || len(vs) != 3 {
			t.Fatalf("list: %d %v", status, out)
		}
		first := vs[0].(map[string]any)
		if risk := first["risk"].(map[string]any); risk["score"].(float64) < vs[2].(map[string]any)["risk"].(map[string]any)["score"].(float64) {
			t.Error("vendors are not sorted by risk")
		}

		// Create with the fields the register needs, and nothing else.
		status, out = h.api(auth.DPO, http.MethodPost, "/api/v1/vendors", map[string]any{"name": "Zendesk", "category": "chat", "role": "processor",
			"countries": []string{"US", "IE"}, "transfers": []map[string]any{{"country": "US", "mechanism": "us_dpf"}}})
		if status != http.StatusCreated {
			t.Fatalf("create: %d %v", status, out)
		}
		v := out["vendor"].(map[string]any)
		id := int64(v["id"].(float64))
		if transfers, _ := out["transfers"].([]any); len(transfers) != 1 || transfers[0].(map[string]any)["status"] != "dpf" {
			t.Errorf("derived transfers: %v", out["transfers"])
		}
		// An invalid value names its field.
		status, out = h.api(auth.DPO, http.MethodPost, "/api/v1/vendors", map[string]any{"name": "X", "category": "crm", "role": "processor", "countries": []string{"XX"}})
		if status != http.StatusUnprocessableEntity || !strings.Contains(toJSON(out), `"location":"body.countries"`) {
			t.Errorf("invalid country: %d %v", status, out)
		}
		// Updates carry the version read.
		v["services"] = "Support tickets"
		status, out = h.api(auth.DPO, http.MethodPut, "/api/v1/vendors/"+itoa(id), v)
		if status != http.StatusOK || out["vendor"].(map[string]any)["services"] != "Support tickets" {
			t.Fatalf("update: %d %v", status, out)
		}
		status, out = h.api(auth.DPO, http.MethodPut, "/api/v1/vendors/"+itoa(id), v)
		if status != http.StatusConflict {
			t.Errorf("stale update: %d %v", status, out)
		}
		if status, _ := h.api(auth.Marketer, http.MethodPost, "/api/v1/vendors", map[string]any{"name": "X", "category": "crm", "role": "processor"}); status != http.StatusForbidden {
			t.Errorf("a marketer creates a vendor: %d", status)
		}
		if status, _ := h.api(auth.DPO, http.MethodDelete, "/api/v1/vendors/"+itoa(c.emailing.ID)+"?version=1", nil); status != http.StatusConflict {
			t.Errorf("delete a vendor in use: %d", status)
		}
		vv, _ := h.reg.Vendor(context.Background(), id)
		ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: "system"})
		dpoToken, _, _ := h.auth.CreateToken(ctx, h.user(auth.DPO), "delete", auth.DPO, 0)
		req, _ := http.NewRequest(http.MethodDelete, h.ts.URL+"/api/v1/vendors/"+itoa(id)+"?version="+itoa(int64(vv.Vendor.Version)), nil)
		req.Header.Set("Authorization", "Bearer "+dpoToken)
		if res := h.anonymous().do(req); res.StatusCode != http.StatusNoContent {
			t.Errorf("delete: %d %s", res.StatusCode, res.body)
		}

		// Activities: from a template, then read with what is derived.
		status, out = h.api(auth.DPO, http.MethodPost, "/api/v1/activities/from-template?template=customers&lang=fr", nil)
		if status != http.StatusCreated || out["activity"].(map[string]any)["name"] != "Gestion des clients" || out["completeness"] == nil {
			t.Fatalf("activity from template: %d %v", status, out)
		}
		status, out = h.api(auth.Viewer, http.MethodGet, "/api/v1/activities/"+itoa(c.newsletter.ID), nil)
		if ts, _ := out["transfers"].([]any); status != http.StatusOK || len(ts) != 1 {
			t.Errorf("activity: %d %v", status, out)
		}

		// Collection methods: a marketer creates one; findings explained.
		status, out = h.api(auth.Marketer, http.MethodPost, "/api/v1/collection-methods", map[string]any{"kind": "forced_opt_in", "name": "White paper", "audience": "b2c",
			"legal_basis": "consent", "channels": []string{"email"}})
		if status != http.StatusCreated || out["check"].(map[string]any)["verdict"] != "unlawful" {
			t.Fatalf("create method: %d %v", status, out)
		}
		status, out = h.api(auth.Viewer, http.MethodGet, "/api/v1/collection-methods/"+itoa(c.scraped.ID)+"/findings?lang=fr", nil)
		if status != http.StatusOK || out["verdict"] != "unlawful" || !strings.Contains(toJSON(out), "KASPR") {
			t.Errorf("findings: %d %v", status, out)
		}
		status, out = h.api(auth.Viewer, http.MethodPost, "/api/v1/collection-methods/check", map[string]any{"kind": "badge_scan", "name": "Salon", "audience": "b2b",
			"legal_basis": "legitimate_interests", "channels": []string{"email"}})
		if status != http.StatusOK || out["verdict"] != "act_now" {
			t.Errorf("check: %d %v", status, out)
		}
		status, out = h.api(auth.Viewer, http.MethodGet, "/api/v1/collection-methods", nil)
		if ms, _ := out["collection_methods"].([]any); status != http.StatusOK || len(ms) != 4 || ms[0].(map[string]any)["check"].(map[string]any)["verdict"] != "unlawful" {
			t.Errorf("methods: %d %v", status, out)
		}

		// Organisation.
		status, out = h.api(auth.Viewer, http.MethodGet, "/api/v1/organisation", nil)
		if status != http.StatusOK || out["name"] != "Atelier Lumière SAS" {
			t.Fatalf("organisation: %d %v", status, out)
		}
		out["review_months"] = 6
		if status, got := h.api(auth.DPO, http.MethodPut, "/api/v1/organisation", out); status != http.StatusOK || got["review_months"] != 6.0 {
			t.Errorf("put organisation: %d %v", status, got)
		}

		// Export: a file, recorded in the audit trail.
		secret, _, _ := h.auth.CreateToken(ctx, h.user(auth.Marketer), "export", auth.Marketer, 0)
		req, _ = http.NewRequest(http.MethodGet, h.ts.URL+"/api/v1/register/export?what=activities&format=xlsx&lang=fr", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		res := h.anonymous().do(req)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.body, "PK") || !strings.Contains(res.Header.Get("Content-Disposition"), "registre-des-traitements") {
			t.Errorf("export: %d %s", res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		entries, _ := h.st.Web().Audit.Trail(context.Background(), audit.Filter{ObjectType: "register", Action: audit.Exported, Limit: 5})
		if len(entries) != 1 || !strings.HasPrefix(entries[0].Actor, "token:") {
			t.Errorf("export not recorded: %+v", entries)
		}
		if status, _ := h.api(auth.Marketer, http.MethodGet, "/api/v1/register/export?what=vendors&format=html", nil); status != http.StatusUnprocessableEntity {
			t.Errorf("impossible export: %d", status)
		}
		if status, _ := h.api(auth.Viewer, http.MethodGet, "/api/v1/register/export", nil); status != http.StatusForbidden {
			t.Errorf("a viewer exports: %d", status)
		}
		doc := h.anonymous().get("/api/v1/openapi.json").body
		mustContain(t, doc, "/api/v1/vendors/{id}", "/api/v1/collection-methods/check", "/api/v1/register/export", `"Vendor"`)
	})
}

func toJSON(v any) string {
	var b strings.Builder
	_ = jsonEncode(&b, v)
	return b.String()
}
