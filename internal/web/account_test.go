package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestFirstRunSetup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.anonymous()
		mustContain(t, c.get("/login").body, "no administrator yet")
		secret, err := h.auth.FirstAdminLink(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if res := c.get("/setup?token=wrong"); res.StatusCode != http.StatusNotFound {
			t.Errorf("setup with a wrong token: status %d, want 404", res.StatusCode)
		}
		mustContain(t, c.get("/setup?token="+secret).body, "Create the first administrator")
		form := url.Values{"token": {secret}, "email": {"Ada@Example.com"}, "name": {"Ada"}, "password": {"short"}, "confirm": {"short"}}
		if res := c.post("/setup", form); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "at least 12") {
			t.Errorf("short password: status %d: %s", res.StatusCode, alertText(res.body))
		}
		form.Set("password", testPassword)
		form.Set("confirm", testPassword)
		res := c.post("/setup", form)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
			t.Fatalf("setup: status %d, location %q: %s", res.StatusCode, res.Header.Get("Location"), excerpt(res.body))
		}
		mustContain(t, c.get("/").body, "Your GDPR action plan", "administrator account is ready")
		// The setup link logged the administrator in: the login is recorded.
		users := c.get("/users").body
		if row := regexp.MustCompile(`(?s)<tr>\s*<td><a href="/users/\d+">Ada</a>.*?</tr>`).FindString(users); row == "" || strings.Contains(row, "—") {
			t.Errorf("last login of the first administrator: %q", row)
		}
		mustContain(t, c.get("/audit?action=login").body, "Ada")
		// The link is used: a second administrator cannot be created with it.
		if res := h.anonymous().post("/setup", form); res.StatusCode != http.StatusNotFound {
			t.Errorf("second setup: status %d, want 404", res.StatusCode)
		}
		if _, err := h.auth.FirstAdminLink(context.Background()); err == nil {
			t.Error("a first-admin link was made while an administrator exists")
		}
	})
}

func TestLogin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		u := h.user(auth.Marketer)
		c := h.anonymous()
		if res := c.get("/contacts"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login?next=%2Fcontacts" {
			t.Fatalf("anonymous /contacts: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		before := cookie(c, h, "gdprkit_session")
		res := c.post("/login", url.Values{"email": {" MARKETER@example.com "}, "password": {testPassword}, "next": {"/contacts"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/contacts" {
			t.Fatalf("login: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		after := cookie(c, h, "gdprkit_session")
		if after == "" || after == before {
			t.Errorf("the session token was not renewed at login (%q → %q)", before, after)
		}
		mustContain(t, c.get("/contacts").body, u.Name)
		// A redirect target that leaves the site is refused.
		res = h.anonymous().post("/login", url.Values{"email": {u.Email}, "password": {testPassword}, "next": {"//evil.example/x"}})
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("open redirect: Location %q", loc)
		}
		if res := c.post("/logout", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("logout: %d", res.StatusCode)
		}
		if res := c.get("/contacts"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("after logout: status %d, want a redirect to the login page", res.StatusCode)
		}
	})
}

func cookie(c *client, h *harness, name string) string {
	u, _ := url.Parse(h.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// TestLoginNoEnumeration checks that unknown addresses, wrong passwords
// and disabled accounts get the same answer, and that locking applies to
// unknown addresses as well.
func TestLoginNoEnumeration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		u := h.user(auth.Viewer)
		disabled := h.user(auth.Marketer)
		yes := true
		if _, err := h.auth.UpdateUser(context.Background(), disabled.ID, auth.Change{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		answers := map[string]string{}
		for name, form := range map[string]url.Values{
			"unknown":  {"email": {"nobody@example.com"}, "password": {testPassword}},
			"wrong":    {"email": {u.Email}, "password": {"not the password at all"}},
			"disabled": {"email": {disabled.Email}, "password": {testPassword}},
		} {
			res := h.anonymous().post("/login", form)
			if res.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s: status %d, want 401", name, res.StatusCode)
			}
			answers[name] = alertText(res.body)
		}
		if answers["unknown"] != answers["wrong"] || answers["wrong"] != answers["disabled"] || answers["wrong"] == "" {
			t.Errorf("answers differ: %q", answers)
		}
		for _, email := range []string{u.Email, "nobody@example.com"} {
			var last response
			for range auth.AccountLimit.Failures {
				last = h.anonymous().post("/login", url.Values{"email": {email}, "password": {"wrong password!"}})
			}
			if last.StatusCode != http.StatusTooManyRequests {
				t.Errorf("%s after %d failures: status %d, want 429", email, auth.AccountLimit.Failures, last.StatusCode)
			}
		}
		// Locked, even with the right password.
		if res := h.anonymous().post("/login", url.Values{"email": {u.Email}, "password": {testPassword}}); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("locked account with the right password: status %d, want 429", res.StatusCode)
		}
	})
}

func alertText(body string) string {
	i := strings.Index(body, `role="alert"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	j, k := strings.Index(rest, ">"), strings.Index(rest, "</p>")
	if j < 0 || k < j {
		return ""
	}
	return rest[j+1 : k]
}

func TestDisablingEndsSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.user(auth.Admin)
		c := h.as(auth.Marketer)
		if res := c.get("/contacts"); res.StatusCode != http.StatusOK {
			t.Fatalf("before: %d", res.StatusCode)
		}
		admin := h.as(auth.Admin)
		res := admin.post("/users/"+itoa(h.user(auth.Marketer).ID), url.Values{"name": {"M"}, "role": {"marketer"}, "disabled": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d %s", res.StatusCode, excerpt(res.body))
		}
		if res := c.get("/contacts"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("disabled user's session still works: status %d", res.StatusCode)
		}
	})
}

func TestPasswordChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c, other := h.as(auth.DPO), h.as(auth.DPO)
		next := "another long passphrase"
		res := c.post("/account/password", url.Values{"current": {"bad"}, "password": {next}, "confirm": {next}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("wrong current password: status %d", res.StatusCode)
		}
		mustContain(t, c.get("/account").body, `<label for="current">Current password</label>`, `<label for="password">New password</label>`)
		res = c.post("/account/password", url.Values{"current": {testPassword}, "password": {next}, "confirm": {next}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d %s", res.StatusCode, excerpt(res.body))
		}
		if res := c.get("/account"); res.StatusCode != http.StatusOK {
			t.Errorf("own session after the change: %d", res.StatusCode)
		}
		if res := other.get("/account"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("other session after the change: %d, want a redirect to login", res.StatusCode)
		}
		u := h.user(auth.DPO)
		if res := h.anonymous().post("/login", url.Values{"email": {u.Email}, "password": {next}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("login with the new password: %d", res.StatusCode)
		}
	})
}

func TestLanguage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.anonymous()
		req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/login", nil)
		req.Header.Set("Accept-Language", "fr-CA,fr;q=0.9,en;q=0.5")
		mustContain(t, c.do(req).body, `<html lang="fr">`, "Connexion à gdprkit")
		res := c.post("/lang", url.Values{"lang": {"en"}, "back": {"/login"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/login" {
			t.Fatalf("switch: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		mustContain(t, c.do(req.Clone(context.Background())).body, `<html lang="en">`, "Log in to gdprkit")
		// A logged-in user's choice is their preference, on every device.
		u := h.as(auth.Viewer)
		u.post("/lang", url.Values{"lang": {"fr"}, "back": {"/"}})
		fresh := h.as(auth.Viewer)
		mustContain(t, fresh.get("/").body, "Votre plan d’action RGPD", "Urgence élevée")
	})
}
