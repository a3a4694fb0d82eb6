package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// api calls the JSON API with a token of the role.
func (h *harness) api(role auth.Role, method, path string, body any) (int, map[string]any) {
	h.t.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: "system"})
	secret, _, err := h.auth.CreateToken(ctx, h.user(role), "test", role, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	var rd bytes.Buffer
	if body != nil {
		json.NewEncoder(&rd).Encode(body) //nolint:errcheck // a buffer
	}
	req, _ := http.NewRequest(method, h.ts.URL+path, &rd)
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	return decode(h, h.anonymous().do(req))
}

func decode(h *harness, res response) (int, map[string]any) {
	out := map[string]any{}
	if err := json.Unmarshal([]byte(res.body), &out); err != nil {
		h.t.Fatalf("%d: not JSON: %s", res.StatusCode, res.body)
	}
	return res.StatusCode, out
}

func TestAPIContacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.importMailchimp()
		status, out := h.api(auth.Viewer, http.MethodGet, "/api/v1/contacts?limit=2", nil)
		list, _ := out["contacts"].([]any)
		if status != http.StatusOK || len(list) != 2 || out["next"] == nil {
			t.Fatalf("list: %d %v", status, out)
		}
		first := list[0].(map[string]any)
		email := first["email"].(string)
		status, out = h.api(auth.Viewer, http.MethodPost, "/api/v1/contacts/search", map[string]any{"q": email[:strings.Index(email, "@")+1]})
		if found, _ := out["contacts"].([]any); status != http.StatusOK || len(found) == 0 {
			t.Fatalf("search: %d %v", status, out)
		}
		status, out = h.api(auth.Viewer, http.MethodGet, fmt.Sprintf("/api/v1/contacts/%.0f", first["id"].(float64)), nil)
		if status != http.StatusOK || out["events"] == nil || out["sources"] == nil {
			t.Fatalf("get: %d %v", status, out)
		}
		if status, _ := h.api(auth.Viewer, http.MethodGet, "/api/v1/audit", nil); status != http.StatusForbidden {
			t.Errorf("viewer reads the audit trail: %d", status)
		}
		status, out = h.api(auth.DPO, http.MethodGet, "/api/v1/audit?action=viewed&object=contact", nil)
		if entries, _ := out["entries"].([]any); status != http.StatusOK || len(entries) == 0 {
			t.Errorf("audit: %d %v", status, out)
		}
	})
}

func TestAPIImport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: "system"})
		secret, _, err := h.auth.CreateToken(ctx, h.user(auth.Marketer), "ci", auth.Marketer, 0)
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("files", "crm.csv")
		w.Write([]byte("mail;nom\nanne@example.fr;Anne\n"))      //nolint:errcheck // a buffer
		mw.WriteField("mapping", `email="mail",last_name="nom"`) //nolint:errcheck // a buffer
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/api/v1/imports", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+secret)
		status, out := decode(h, h.anonymous().do(req))
		if status != http.StatusAccepted || out["status"] != "queued" {
			t.Fatalf("upload: %d %v", status, out)
		}
		id := fmt.Sprintf("%.0f", out["id"].(float64))
		if status, _ := h.api(auth.Viewer, http.MethodGet, "/api/v1/imports/"+id+"/report", nil); status != http.StatusConflict {
			t.Errorf("report before the end: %d", status)
		}
		h.runImports()
		status, out = h.api(auth.Viewer, http.MethodGet, "/api/v1/imports/"+id, nil)
		if status != http.StatusOK || out["status"] != "done" || out["import_id"] == nil {
			t.Fatalf("status: %d %v", status, out)
		}
		status, out = h.api(auth.Viewer, http.MethodGet, "/api/v1/imports/"+id+"/report", nil)
		if status != http.StatusOK || out["total_contacts"] != 1.0 {
			t.Errorf("report: %d %v", status, out)
		}
	})
}

func TestAPIAuth(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/api/v1/contacts", nil)
	req.Header.Set("Authorization", "Bearer gdk_nottoken")
	if res := h.anonymous().do(req); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad token: %d", res.StatusCode)
	}
	// A token never acts with more than its owner's current role.
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: "system"})
	u := h.user(auth.DPO)
	secret, _, _ := h.auth.CreateToken(ctx, u, "t", auth.DPO, 0)
	role := auth.Viewer
	if _, err := h.auth.UpdateUser(ctx, u.ID, auth.Change{Role: &role}); err != nil {
		t.Fatal(err)
	}
	req, _ = http.NewRequest(http.MethodGet, h.ts.URL+"/api/v1/audit", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	if res := h.anonymous().do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("token of a demoted user: %d, want 403", res.StatusCode)
	}
	res := h.anonymous().get("/api/v1/openapi.json")
	mustContain(t, res.body, `"openapi":"3.1`, "/api/v1/contacts", "bearer")
}
