package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestPagesRender opens every page of the navigation in both languages,
// with data, as an administrator.
func TestPagesRender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.importMailchimp()
		for _, lang := range []string{"en", "fr"} {
			c := h.as(auth.Admin)
			c.post("/lang", url.Values{"lang": {lang}})
			for _, p := range []string{"/", "/contacts", "/contacts?status=weak", "/imports", "/imports/1", "/imports/new", "/audit", "/settings", "/users", "/account"} {
				res := c.get(p)
				if res.StatusCode != http.StatusOK {
					t.Errorf("%s %s: %d %s", lang, p, res.StatusCode, excerpt(res.body))
				}
				if m := regexp.MustCompile(`>([a-z_]+\.[a-z_.]+)<`).FindString(res.body); m != "" {
					t.Errorf("%s %s: untranslated key %s", lang, p, m)
				}
			}
		}
	})
}

func TestChecklist(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.as(auth.Marketer)
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/plan/vendors/esp_checklist", strings.NewReader("done=1"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		res := c.do(req)
		mustContain(t, res.body, `id="vendors"`, "Ticked by Marketer Test", `aria-checked="true"`)
		if strings.Contains(res.body, "<html") {
			t.Error("htmx got a whole page")
		}
		if res := c.post("/plan/clean_base/imported", url.Values{"done": {"1"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("ticking an automatic item: %d", res.StatusCode)
		}
		mustContain(t, h.as(auth.Viewer).get("/").body, "Ticked by Marketer Test")
		c.post("/plan/vendors/esp_checklist", url.Values{"done": {"0"}})
		if strings.Contains(c.get("/").body, "Ticked by") {
			t.Error("unticking kept the tick")
		}
	})
}

func TestDashboardFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.importMailchimp()
		body := h.as(auth.Viewer).get("/").body
		mustContain(t, body, "Documented consent:", "contacts from 1 import", "Mailchimp", "<svg")
	})
}

func TestSettingsAndUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		admin := h.as(auth.Admin)
		res := admin.post("/settings", url.Values{"org_name": {"Acme SAS"}, "dpo_email": {"not an address"}, "language": {"fr"}, "timezone": {"Europe/Paris"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad DPO address: %d", res.StatusCode)
		}
		res = admin.post("/settings", url.Values{"org_name": {"Acme SAS"}, "dpo_email": {"dpo@acme.example"}, "language": {"fr"}, "timezone": {"Europe/Paris"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.StatusCode, alertText(res.body))
		}
		mustContain(t, admin.get("/").body, "Acme SAS", "dpo@acme.example")
		if res := h.as(auth.DPO).post("/users", url.Values{"email": {"x@example.com"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a DPO invites: %d", res.StatusCode)
		}
		res = admin.post("/users", url.Values{"email": {"new@example.com"}, "name": {"New"}, "role": {"marketer"}})
		link := regexp.MustCompile(`value="(http[^"]+/link\?token=[^"]+)"`).FindStringSubmatch(res.body)
		if link == nil {
			t.Fatalf("no invitation link: %s", excerpt(res.body))
		}
		u, _ := url.Parse(strings.ReplaceAll(link[1], "&amp;", "&"))
		c := h.anonymous()
		mustContain(t, c.get("/link?"+u.RawQuery).body, "new@example.com")
		res = c.post("/link", url.Values{"token": {u.Query().Get("token")}, "password": {testPassword}, "confirm": {testPassword}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("use link: %d %s", res.StatusCode, alertText(res.body))
		}
		mustContain(t, c.get("/").body, "New")
		// The last administrator cannot demote themselves.
		res = admin.post("/users/"+itoa(h.user(auth.Admin).ID), url.Values{"name": {"A"}, "role": {"viewer"}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("demoting the last admin: %d", res.StatusCode)
		}
	})
}
