package web

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// mayISend asks the API as a viewer's token would.
func (h *harness) mayISend(email, purpose string) PermissionJSON {
	h.t.Helper()
	secret, _, err := h.auth.CreateToken(gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem}),
		h.user(auth.Viewer), "check", auth.Viewer, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+permissionsPath+"?"+url.Values{"email": {email}, "purpose": {purpose}}.Encode(), nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	res := h.anonymous().do(req)
	if res.StatusCode != http.StatusOK {
		h.t.Fatalf("may I send %s: %d %s", email, res.StatusCode, res.body)
	}
	var p PermissionJSON
	if err := json.Unmarshal([]byte(res.body), &p); err != nil {
		h.t.Fatalf("may I send: %v in %s", err, res.body)
	}
	return p
}

// TestDoubleOptInFlow walks the public pages as a person does: the hosted
// form, the e-mail, the confirmation page and its button, the preference
// centre, a withdrawal; "may I send?" follows each step.
func TestDoubleOptInFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.newsletterForm(true)
		c := h.person()

		page := c.get("/f/newsletter")
		if page.StatusCode != http.StatusOK {
			t.Fatalf("form: %d", page.StatusCode)
		}
		mustContain(t, page.body, `name="purpose" value="email_marketing"`, `name="purpose" value="partner_offers"`,
			"Send me the Acme newsletter", `name="website"`, `name="text"`)
		if strings.Contains(page.body, "checked") {
			t.Error("a box of the form is ticked in advance")
		}
		if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors *") || page.Header.Get("X-Frame-Options") != "" {
			t.Errorf("the hosted form cannot be framed: CSP %q, X-Frame-Options %q", csp, page.Header.Get("X-Frame-Options"))
		}
		if other := c.get("/login"); !strings.Contains(other.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("other pages may be framed: %q", other.Header.Get("Content-Security-Policy"))
		}
		if fr := c.get("/f/newsletter?lang=fr"); !strings.Contains(fr.body, "Envoyez-moi la lettre") || !strings.Contains(fr.body, `lang="fr"`) {
			t.Errorf("French form:\n%s", excerpt(fr.body))
		}

		res := c.post("/f/newsletter", signupForm(f, "Jeanne.Martin@example.com", "email_marketing", "partner_offers"))
		if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Check your inbox") {
			t.Fatalf("sign-up: %d\n%s", res.StatusCode, excerpt(res.body))
		}
		if len(res.Cookies()) != 0 {
			t.Errorf("the public form set cookies: %v", res.Cookies())
		}
		if p := h.mayISend("jeanne.martin@example.com", "email_marketing"); p.Allowed || p.Reason != consent.ReasonPending {
			t.Errorf("before confirming: %+v", p)
		}

		confirm := h.confirmPath(1)
		// A mail scanner fetching the link confirms nothing.
		for range 2 {
			if got := c.get(confirm); got.StatusCode != http.StatusOK || !strings.Contains(got.body, `id="confirm"`) {
				t.Fatalf("confirmation page: %d\n%s", got.StatusCode, excerpt(got.body))
			}
		}
		if p := h.mayISend("jeanne.martin@example.com", "email_marketing"); p.Allowed {
			t.Errorf("a GET of the link confirmed: %+v", p)
		}
		done := c.post(confirm, nil)
		if done.StatusCode != http.StatusOK || !strings.Contains(done.body, "Subscription confirmed") {
			t.Fatalf("confirm: %d\n%s", done.StatusCode, excerpt(done.body))
		}
		p := h.mayISend("jeanne.martin@example.com", "email_marketing")
		if !p.Allowed || p.Reason != consent.ReasonDOIConfirmed || p.EventID == 0 || p.ConsentAt == nil {
			t.Errorf("after confirming: %+v", p)
		}
		if again := c.post(confirm, nil); again.StatusCode != http.StatusConflict || !strings.Contains(again.body, "already used") {
			t.Errorf("replayed confirmation: %d\n%s", again.StatusCode, excerpt(again.body))
		}

		prefs := link(done.body, "preferences")
		if !strings.HasPrefix(prefs, "/consent/preferences/") {
			t.Fatalf("no preference link on the thank-you page:\n%s", excerpt(done.body))
		}
		pp := c.get(prefs)
		mustContain(t, pp.body, `value="email_marketing" checked`, `value="partner_offers" checked`, "J•••@example.com")
		saved := c.post(prefs, url.Values{"purpose": {"email_marketing"}})
		if saved.StatusCode != http.StatusSeeOther {
			t.Fatalf("save preferences: %d\n%s", saved.StatusCode, excerpt(saved.body))
		}
		if p := h.mayISend("jeanne.martin@example.com", "partner_offers"); p.Allowed || p.Reason != consent.ReasonWithdrawn {
			t.Errorf("after withdrawing in the preference centre: %+v", p)
		}
		if p := h.mayISend("jeanne.martin@example.com", "email_marketing"); !p.Allowed {
			t.Errorf("the purpose kept was withdrawn too: %+v", p)
		}
		mustContain(t, c.get(saved.Header.Get("Location")).body, `id="saved"`, `value="partner_offers" disabled`, "give it again")
	})
}

// TestSignupSameAnswer: a new, a known and a suppressed address get the
// same page and status from a single opt-in form, and each answer takes
// at least the floor; a bot filling the honeypot gets it too, and nothing
// is recorded for it.
func TestSignupSameAnswer(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.newsletterForm(false)
		h.srv.consent.signupFloor = 150 * time.Millisecond
		c := h.person()
		c.post("/f/newsletter", signupForm(f, "known@example.com", "email_marketing"))
		a, _ := address.Parse("suppressed@example.com")
		if err := h.consent.list.Add(context.Background(), suppression.Manual, a); err != nil {
			t.Fatal(err)
		}
		bot := signupForm(f, "bot@example.com", "email_marketing")
		bot.Set(honeypotField, "http://spam.example")
		var first string
		for _, form := range []url.Values{signupForm(f, "new@example.com", "email_marketing"), signupForm(f, "known@example.com", "email_marketing"),
			signupForm(f, "suppressed@example.com", "email_marketing"), bot} {
			start := time.Now()
			res := c.post("/f/newsletter", form)
			if d := time.Since(start); d < h.srv.consent.signupFloor {
				t.Errorf("%s answered in %s, under the floor", form.Get("email"), d)
			}
			body := res.body
			if first == "" {
				first = body
			}
			if res.StatusCode != http.StatusOK || body != first {
				t.Errorf("%s: status %d, page differs:\n%s", form.Get("email"), res.StatusCode, excerpt(body))
			}
		}
		var n int
		if err := st.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM contacts WHERE email_key = 'bot@example.com'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("the honeypot recorded a contact: %d, %v", n, err)
		}
		// Only the suppressed address is asked to confirm.
		msgs := h.consent.sink.Wait(t, 1, 5*time.Second)
		time.Sleep(200 * time.Millisecond)
		if got := h.consent.sink.Count(); got != 1 || !strings.Contains(strings.Join(msgs[0].To, ","), "suppressed@example.com") {
			t.Errorf("%d e-mails, first to %v", got, msgs[0].To)
		}
	})
}

func TestSignupRefusals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.newsletterForm(true)
		c := h.person()
		bad := c.post("/f/newsletter", signupForm(f, "not an address", "email_marketing"))
		if bad.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "valid e-mail address") || !strings.Contains(bad.body, `value="email_marketing" checked`) {
			t.Errorf("invalid address: %d\n%s", bad.StatusCode, excerpt(bad.body))
		}
		if none := c.post("/f/newsletter", signupForm(f, "a@example.com")); none.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(none.body, "Tick at least one box") {
			t.Errorf("no box ticked: %d", none.StatusCode)
		}
		if unknown := c.post("/f/nope", signupForm(f, "a@example.com", "email_marketing")); unknown.StatusCode != http.StatusNotFound {
			t.Errorf("unknown form: %d", unknown.StatusCode)
		}
		big := signupForm(f, "a@example.com", "email_marketing")
		big.Set("page", strings.Repeat("x", maxPublicBody))
		if res := c.post("/f/newsletter", big); res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("oversized sign-up: %d", res.StatusCode)
		}
		// Another site may post the form (the embed snippet).
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/f/newsletter", strings.NewReader(signupForm(f, "cross@example.com", "email_marketing").Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://www.acme.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Referer", "https://www.acme.example/join")
		if res := c.do(req); res.StatusCode != http.StatusOK {
			t.Errorf("cross-site sign-up: %d\n%s", res.StatusCode, excerpt(res.body))
		}
		// ...but not a staff form.
		req, _ = http.NewRequest(http.MethodPost, h.ts.URL+"/consent/withdraw", strings.NewReader("email=x%40example.com"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if res := h.as(auth.Admin).do(req); res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site staff withdrawal: %d", res.StatusCode)
		}

		h.consent.signups.Limit = 1 // the cross-site sign-up above counted already
		if res := c.post("/f/newsletter", signupForm(f, "rate@example.com", "email_marketing")); res.StatusCode != http.StatusTooManyRequests ||
			res.Header.Get("Retry-After") == "" || !strings.Contains(res.body, "Too many requests") {
			t.Errorf("sign-up past the limit: %d", res.StatusCode)
		}
	})
}

// TestLinkErrors: a forged, a wrong-kind, an expired and a used link each
// get their own page and status.
func TestLinkErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.newsletterForm(true)
		c := h.person()
		c.post("/f/newsletter", signupForm(f, "late@example.com", "email_marketing"))
		confirm := h.confirmPath(1)
		token := strings.TrimPrefix(confirm, "/consent/confirm/")
		forged := []byte(token)
		forged[40] ^= 1
		for _, tc := range []struct {
			name, path string
			status     int
			says       string
		}{
			{"forged", "/consent/confirm/" + string(forged), http.StatusBadRequest, "not valid"},
			{"truncated", "/consent/confirm/" + token[:60], http.StatusBadRequest, "not valid"},
			{"wrong kind", "/consent/preferences/" + token, http.StatusBadRequest, "not valid"},
			{"garbage", "/consent/unsubscribe/" + url.PathEscape("<script>"), http.StatusBadRequest, "not valid"},
		} {
			if res := c.get(tc.path); res.StatusCode != tc.status || !strings.Contains(res.body, tc.says) || strings.Contains(res.body, "<script>") {
				t.Errorf("%s: %d\n%s", tc.name, res.StatusCode, excerpt(res.body))
			}
		}
		h.consent.capture.Now = func() time.Time { return time.Now().Add(8 * 24 * time.Hour) }
		if res := c.get(confirm); res.StatusCode != http.StatusGone || !strings.Contains(res.body, "expired") {
			t.Errorf("expired: %d\n%s", res.StatusCode, excerpt(res.body))
		}
		if res := c.post(confirm, nil); res.StatusCode != http.StatusGone {
			t.Errorf("expired POST: %d", res.StatusCode)
		}
		h.consent.capture.Now = nil
		c.post(confirm, nil)
		if res := c.get(confirm); res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "already used") {
			t.Errorf("used: %d\n%s", res.StatusCode, excerpt(res.body))
		}
		if fr := c.get(confirm + "?lang=fr"); !strings.Contains(fr.body, "Ce lien a déjà servi") {
			t.Errorf("French used-link page:\n%s", excerpt(fr.body))
		}
	})
}

// TestOneClickUnsubscribe: RFC 8058 one-click, form-encoded and multipart,
// answered 200 with no redirect and no cookie; the page's GET changes
// nothing, its button unsubscribes.
func TestOneClickUnsubscribe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.newsletterForm(false)
		c := h.person()
		ctx := context.Background()
		for _, e := range []string{"one@example.com", "two@example.com", "three@example.com"} {
			c.post("/f/newsletter", signupForm(f, e, "email_marketing", "partner_offers"))
		}
		unsubscribeLink := func(email string, purpose int64) string {
			t.Helper()
			var id int64
			if err := st.DB.QueryRow(ctx, `SELECT id FROM contacts WHERE email_key = ?`, email).Scan(&id); err != nil {
				t.Fatal(err)
			}
			token, err := h.consent.capture.UnsubscribeToken(ctx, id, purpose)
			if err != nil {
				t.Fatal(err)
			}
			return "/consent/unsubscribe/" + token
		}

		// Form-encoded, every e-mail purpose.
		one := unsubscribeLink("one@example.com", 0)
		if page := c.get(one); page.StatusCode != http.StatusOK || !strings.Contains(page.body, `id="unsubscribe"`) {
			t.Fatalf("unsubscribe page: %d", page.StatusCode)
		}
		if p := h.mayISend("one@example.com", "email_marketing"); !p.Allowed {
			t.Errorf("the GET unsubscribed: %+v", p)
		}
		res := h.plain().post(one, url.Values{"List-Unsubscribe": {"One-Click"}})
		checkOneClick(t, res)
		if p := h.mayISend("one@example.com", "email_marketing"); p.Allowed || p.Reason != consent.ReasonSuppressed {
			t.Errorf("after one-click: %+v", p)
		}
		checkOneClick(t, h.plain().post(one, url.Values{"List-Unsubscribe": {"One-Click"}})) // twice: still 200

		// Multipart, one purpose.
		two := unsubscribeLink("two@example.com", f.Purposes[1])
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		if err := mw.WriteField("List-Unsubscribe", "One-Click"); err != nil {
			t.Fatal(err)
		}
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+two, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		checkOneClick(t, h.plain().do(req))
		if p := h.mayISend("two@example.com", "partner_offers"); p.Allowed || p.Reason != consent.ReasonWithdrawn {
			t.Errorf("after multipart one-click: %+v", p)
		}
		if p := h.mayISend("two@example.com", "email_marketing"); !p.Allowed {
			t.Errorf("one-click of one purpose withdrew another: %+v", p)
		}

		// The page's button.
		three := unsubscribeLink("three@example.com", 0)
		done := c.post(three, nil)
		if done.StatusCode != http.StatusOK || !strings.Contains(done.body, "no longer receive our e-mails") {
			t.Errorf("unsubscribe button: %d\n%s", done.StatusCode, excerpt(done.body))
		}
		if p := h.mayISend("three@example.com", "email_marketing"); p.Allowed {
			t.Errorf("after the button: %+v", p)
		}

		bad := []byte(one)
		bad[len(bad)-3] ^= 1
		res = h.plain().post(string(bad), url.Values{"List-Unsubscribe": {"One-Click"}})
		if res.StatusCode != http.StatusBadRequest || res.Header.Get("Location") != "" || len(res.Cookies()) != 0 {
			t.Errorf("forged one-click: %d", res.StatusCode)
		}
	})
}

func checkOneClick(t *testing.T, res response) {
	t.Helper()
	if res.StatusCode != http.StatusOK || res.Header.Get("Location") != "" || len(res.Header.Values("Set-Cookie")) != 0 {
		t.Errorf("one-click: status %d, Location %q, cookies %v: %s", res.StatusCode, res.Header.Get("Location"), res.Header.Values("Set-Cookie"), res.body)
	}
}
