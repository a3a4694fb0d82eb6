package web

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
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
		if u, err := h.auth.UserByEmail(t.Context(), "new@example.com"); err != nil || u.LastLoginAt.IsZero() {
			t.Errorf("the invitation link logged the user in without recording it (%v)", err)
		}
		// The last administrator cannot demote themselves.
		res = admin.post("/users/"+itoa(h.user(auth.Admin).ID), url.Values{"name": {"A"}, "role": {"viewer"}})
		if res.StatusCode != http.StatusConflict {
			t.Errorf("demoting the last admin: %d", res.StatusCode)
		}
	})
}

// TestFilterLinksKeepFilters checks that the download and pager links of
// a filtered list carry the filters as a query, not escaped into one
// parameter ("?status%3dweak" downloads every contact).
func TestFilterLinksKeepFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.importMailchimp()
		c := h.as(auth.Admin)
		mustContain(t, c.get("/contacts?status=weak&import=1").body,
			`href="/contacts/export/csv?import=1&amp;status=weak"`, `href="/contacts/export/xlsx?import=1&amp;status=weak"`)
		mustContain(t, c.get("/audit?action=viewed").body, `href="/audit/export.csv?action=viewed"`)
	})
}

// TestEveryPageInBothLanguages opens every page (GET route that answers
// HTML) with data, in English and in French, and fails on what a reader
// must never see: a template's "<no value>", a formatting error ("%!d"),
// a raw translation key ("campaignweb.list.title") in the text or in an
// attribute read aloud, or a count of one with a plural noun.
func TestEveryPageInBothLanguages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.fixtures()
		rawKey := untranslatedKey(t)
		for _, lang := range []string{"en", "fr"} {
			c := h.as(auth.Admin)
			c.post("/lang", url.Values{"lang": {lang}})
			for _, rt := range h.srv.routes {
				if rt.method != http.MethodGet || rt.pattern == "/static/" {
					continue
				}
				p := f.path(rt.pattern)
				res := c.get(p)
				if res.StatusCode >= http.StatusInternalServerError {
					t.Errorf("%s %s: %d %s", lang, p, res.StatusCode, excerpt(res.body))
				}
				if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					continue
				}
				for _, bad := range []string{"<no value>", "%!"} {
					if strings.Contains(res.body, bad) {
						t.Errorf("%s %s: %q in the page", lang, p, bad)
					}
				}
				text := readable(res.body)
				if k := rawKey(text); k != "" {
					t.Errorf("%s %s: untranslated key %q", lang, p, k)
				}
				if m := onePlural.FindString(text); m != "" {
					t.Errorf("%s %s: %q", lang, p, m)
				}
			}
		}
	})
}

var (
	pageUnread = regexp.MustCompile(`(?is)<(script|style|textarea|pre|code)\b.*?</(?:script|style|textarea|pre|code)>`)
	readAloud  = regexp.MustCompile(`\s(?:title|aria-label|placeholder|alt)="([^"]*)"`)
	pageTag    = regexp.MustCompile(`<[^>]*>`)
	onePlural  = regexp.MustCompile(`\b1 (?:contacts|imports|rows|files|entries|steps|purposes|lignes|fichiers|entrées|étapes|finalités)\b`)
	fileName   = regexp.MustCompile(`\.(?:csv|xlsx|json|html|pem|md|txt|zip)$`)
)

// readable is what a person reads or hears of a page: its text and the
// attributes screen readers speak, without scripts, styles and the
// contents of code and template editors.
func readable(body string) string {
	body = pageUnread.ReplaceAllString(body, " ")
	var b strings.Builder
	for _, m := range readAloud.FindAllStringSubmatch(body, -1) {
		b.WriteString(m[1] + "\n")
	}
	b.WriteString(pageTag.ReplaceAllString(body, "\n"))
	return b.String()
}

// untranslatedKey returns a finder of words shaped like a message key of
// the catalogs ("registerweb.vendor.name"), file names left aside.
func untranslatedKey(t *testing.T) func(string) string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("..", "locale", "translations", "*.toml"))
	if err != nil || len(names) == 0 {
		t.Fatalf("translations: %v", err)
	}
	first := regexp.MustCompile(`(?m)^\[?"([a-z][a-z_]*)\.`)
	areas := map[string]bool{}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range first.FindAllStringSubmatch(string(b), -1) {
			areas[m[1]] = true
		}
	}
	alt := make([]string, 0, len(areas))
	for a := range areas {
		alt = append(alt, a)
	}
	sort.Strings(alt)
	key := regexp.MustCompile(`\b(?:` + strings.Join(alt, "|") + `)(?:\.[a-z0-9_]+)+`)
	return func(text string) string {
		for _, m := range key.FindAllString(text, -1) {
			if !fileName.MatchString(m) {
				return m
			}
		}
		return ""
	}
}
