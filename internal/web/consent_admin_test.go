package web

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

var textPath = regexp.MustCompile(`^/consent/texts/(\d+)$`)

// TestConsentCatalogue: purposes and texts from the pages; a text people
// consented on cannot change (409, with the way out), a new version can
// be written from it.
func TestConsentCatalogue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		dpo := h.as(auth.DPO)
		res := dpo.post("/consent/purposes", url.Values{"slug": {"events"}, "label_en": {"Invitations to our events"}, "label_fr": {"Invitations à nos événements"},
			"channel": {"email"}, "dpv": {"dpv:DirectMarketing"}, "kantara": {"6 - Marketing"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("new purpose: %d\n%s", res.StatusCode, excerpt(res.body))
		}
		over := dpo.get("/consent")
		mustContain(t, over.body, "events", "Invitations to our events", "Invitations à nos événements")
		if bad := dpo.post("/consent/purposes", url.Values{"slug": {"Bad Slug"}, "label_en": {"x"}, "label_fr": {"x"}, "channel": {"email"}}); bad.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("invalid purpose: %d", bad.StatusCode)
		}

		res = dpo.post("/consent/texts", url.Values{"name": {"newsletter-notice"}, "language": {"en"}, "format": {"html"},
			"body": {"<p>Acme SA sends you <strong>our newsletter</strong>.</p>"}})
		m := textPath.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("new text: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), excerpt(res.body))
		}
		page := dpo.get(m[0])
		mustContain(t, page.body, "<strong>our newsletter</strong>", consent.TextHash("<p>Acme SA sends you <strong>our newsletter</strong>.</p>"), `id="save-text"`)
		if fix := dpo.post(m[0], url.Values{"format": {"html"}, "body": {"<p>Acme SA sends you <strong>its newsletter</strong>.</p>"}}); fix.StatusCode != http.StatusSeeOther {
			t.Errorf("correcting an unused text: %d\n%s", fix.StatusCode, excerpt(fix.body))
		}

		// Used on a form, the text is frozen.
		f := h.newsletterForm(false)
		h.person().post("/f/newsletter", signupForm(f, "reader@example.com", "email_marketing"))
		used := "/consent/texts/" + itoa(f.Texts[0].TextID)
		page = dpo.get(used)
		mustContain(t, page.body, `id="text-locked"`, `id="new-version"`)
		if strings.Contains(page.body, `id="save-text"`) {
			t.Error("a used text offers to be changed")
		}
		res = dpo.post(used, url.Values{"format": {"text"}, "body": {"Something else."}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "People consented on this version of the text") {
			t.Errorf("changing a used text: %d\n%s", res.StatusCode, excerpt(res.body))
		}
		next := dpo.get("/consent/texts/new?from=" + itoa(f.Texts[0].TextID))
		mustContain(t, next.body, "Acme SA sends you what you tick", `value="newsletter-en"`)
		res = dpo.post("/consent/texts", url.Values{"name": {"newsletter-en"}, "language": {"en"}, "format": {"text"}, "body": {"Acme SA sends you what you tick, at most twice a month."}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("new version: %d", res.StatusCode)
		}
		mustContain(t, dpo.get(res.Header.Get("Location")).body, "v4") // three en texts of the family before it
	})
}

// TestFormsAdmin: a marketer builds a form from the catalogue; its page
// gives the iframe and the HTML snippet; the snippet, posted as a website
// would, records a sign-up.
func TestFormsAdmin(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		base := h.newsletterForm(true) // its texts
		m := h.as(auth.Marketer)
		form := url.Values{"name": {"Spring offers"}, "slug": {"spring"}, "language": {"en"}, "double_opt_in": {"1"},
			"success_url":                       {"https://acme.example/thanks"},
			"purpose_" + itoa(base.Purposes[0]): {"1"}}
		for _, ft := range base.Texts {
			if ft.PurposeID == 0 || ft.PurposeID == base.Purposes[0] {
				form.Set("text_"+ft.Language+"_"+itoa(ft.PurposeID), itoa(ft.TextID))
			}
		}
		res := m.post("/forms", form)
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/forms/") {
			t.Fatalf("new form: %d %q\n%s", res.StatusCode, res.Header.Get("Location"), excerpt(res.body))
		}
		page := m.get(res.Header.Get("Location"))
		mustContain(t, page.body, "Box label: Newsletter and offers by e-mail")
		if strings.Contains(page.body, "Box label: email_marketing") {
			t.Error("the form page names a purpose by its code")
		}
		mustContain(t, page.body, "Put the form on a website", "&lt;iframe src=&#34;"+h.ts.URL+"/f/spring&#34;", "&lt;form method=&#34;post&#34; action=&#34;"+h.ts.URL+"/f/spring&#34;")
		snippet := html.UnescapeString(regexp.MustCompile(`(?s)<textarea id="snippet-en"[^>]*>(.*?)</textarea>`).FindStringSubmatch(page.body)[1])
		hidden := url.Values{}
		for _, x := range regexp.MustCompile(`name="(text|lang)" value="([^"]+)"`).FindAllStringSubmatch(snippet, -1) {
			hidden.Add(x[1], x[2])
		}
		if len(hidden["text"]) != 2 || !strings.Contains(snippet, `name="website"`) || !strings.Contains(snippet, `value="email_marketing"`) {
			t.Fatalf("snippet:\n%s", snippet)
		}
		hidden.Set("email", "web@example.com")
		hidden.Set("purpose", "email_marketing")
		res = h.person().post("/f/spring", hidden)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "https://acme.example/thanks" {
			t.Errorf("snippet sign-up: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		h.consent.sink.Wait(t, 1, 5*time.Second)

		// A form without a text in a language is not offered in it; a
		// form cannot show a text it does not own.
		if bad := m.post("/forms", url.Values{"name": {"Empty"}, "slug": {"empty"}, "language": {"en"}}); bad.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("form without purposes: %d", bad.StatusCode)
		}
		if res := h.as(auth.Viewer).get("/forms"); !strings.Contains(res.body, "Spring offers") || strings.Contains(res.body, `id="new-form"`) {
			t.Errorf("forms as a viewer:\n%s", excerpt(res.body))
		}
	})
}

// TestPreferenceCentreGrant: with the "preferences" form, the preference
// centre lets a person give consent again, on its texts.
func TestPreferenceCentreGrant(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.newsletterForm(false)
		prefsForm := *f
		prefsForm.ID, prefsForm.Slug, prefsForm.Name = 0, preferencesForm, "Preference centre"
		if err := h.consent.capture.SaveForm(context.Background(), &prefsForm); err != nil {
			t.Fatal(err)
		}
		c := h.person()
		c.post("/f/newsletter", signupForm(f, "back@example.com", "email_marketing"))
		var id int64
		if err := st.DB.QueryRow(context.Background(), `SELECT id FROM contacts WHERE email_key = 'back@example.com'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		token, err := h.consent.capture.PreferencesToken(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		path := "/consent/preferences/" + token
		mustContain(t, c.get(path).body, "Send me offers from Acme&#39;s partners.", `value="partner_offers" aria-describedby`)
		c.post(path, url.Values{"purpose": {"email_marketing", "partner_offers"}})
		if p := h.mayISend("back@example.com", "partner_offers"); !p.Allowed {
			t.Errorf("granted in the preference centre: %+v", p)
		}
	})
}

// TestLedgerPage: checkpoints, the public key and its procedure, a
// verification that passes, then fails naming the first bad event once
// an event is changed in the database.
func TestLedgerPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.newsletterForm(false)
		c := h.person()
		for _, e := range []string{"a@example.com", "b@example.com", "c@example.com"} {
			c.post("/f/newsletter", signupForm(f, e, "email_marketing", "partner_offers"))
		}
		dpo := h.as(auth.DPO)
		if res := dpo.post("/ledger/checkpoint", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("checkpoint: %d", res.StatusCode)
		}
		page := dpo.get("/ledger")
		mustContain(t, page.body, "A checkpoint of the ledger is signed.", "BEGIN PUBLIC KEY", consent.KeyID(h.consent.ledger.PublicKey()), `id="verify-ledger"`)
		if strings.Contains(h.as(auth.Viewer).get("/ledger").body, `id="verify-ledger"`) {
			t.Error("a viewer is offered to verify")
		}
		ok := dpo.post("/ledger/verify", nil)
		if ok.StatusCode != http.StatusOK || !strings.Contains(ok.body, "The ledger verifies") || !strings.Contains(ok.body, "6 events in 3 blocks") {
			t.Errorf("verify: %d\n%s", ok.StatusCode, excerpt(ok.body))
		}
		pem := h.anonymous().get("/ledger/public-key.pem")
		if pem.StatusCode != http.StatusOK || !strings.Contains(pem.body, "BEGIN PUBLIC KEY") {
			t.Errorf("public key: %d", pem.StatusCode)
		}
		if doc := h.anonymous().get("/ledger/verification"); !strings.Contains(doc.body, "gdprkit/chain/v1") {
			t.Error("the verification procedure is not served")
		}

		if _, err := st.DB.Write.Exec(`UPDATE consent_events SET occurred_at = occurred_at + 1000 WHERE id = (SELECT MIN(id) + 2 FROM consent_events)`); err != nil {
			t.Fatal(err)
		}
		bad := dpo.post("/ledger/verify", nil)
		if bad.StatusCode != http.StatusConflict || !strings.Contains(bad.body, "does NOT verify") || !strings.Contains(bad.body, "its content was changed") {
			t.Errorf("verify after tampering: %d\n%s", bad.StatusCode, excerpt(bad.body))
		}
		if fr := dpo.post("/lang", url.Values{"lang": {"fr"}, "back": {"/ledger"}}); fr.StatusCode != http.StatusSeeOther {
			t.Fatal(fr.StatusCode)
		}
		mustContain(t, dpo.post("/ledger/verify", nil).body, "Le journal n’est PAS intègre", "son contenu a été modifié")
	})
}

// TestProofsAndContactPage: the contact page answers "may I send?" per
// purpose, offers the proofs (each download audited) and records a
// withdrawal of everything.
func TestProofsAndContactPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.newsletterForm(false)
		h.person().post("/f/newsletter", signupForm(f, "proof@example.com", "email_marketing"))
		var id int64
		if err := st.DB.QueryRow(context.Background(), `SELECT id FROM contacts WHERE email_key = 'proof@example.com'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		m := h.as(auth.Marketer)
		page := m.get("/contacts/" + itoa(id))
		mustContain(t, page.body, "May I send?", `data-purpose="email_marketing"`, "documented consent", "/contacts/"+itoa(id)+"/proof/jsonld")
		for _, format := range proofFormats {
			res := m.get("/contacts/" + itoa(id) + "/proof/" + format + "?lang=fr")
			if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s proof: %d %q", format, res.StatusCode, res.Header.Get("Content-Disposition"))
			}
			if format != "html" && !json.Valid([]byte(res.body)) {
				t.Errorf("%s proof is not JSON", format)
			}
			if format == "html" && !strings.Contains(res.body, "Preuve de consentement") {
				t.Errorf("French proof:\n%s", excerpt(res.body))
			}
		}
		if res := h.as(auth.Viewer).get("/contacts/" + itoa(id) + "/proof/html"); res.StatusCode != http.StatusForbidden {
			t.Errorf("a viewer downloads a proof: %d", res.StatusCode)
		}
		entries, err := h.srv.svc.Audit.Trail(context.Background(), audit.Filter{Action: audit.Exported, ObjectType: "contact", ObjectID: itoa(id), Limit: 10})
		if err != nil || len(entries) != len(proofFormats) {
			t.Errorf("proof downloads in the audit trail: %d, %v", len(entries), err)
		}

		res := m.post("/consent/withdraw", url.Values{"contact": {itoa(id)}, "note": {"phone call"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/contacts/"+itoa(id) {
			t.Fatalf("withdraw from the contact page: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		page = m.get("/contacts/" + itoa(id))
		mustContain(t, page.body, "The withdrawal is recorded.", "on the suppression list", "Denied")
		if strings.Contains(page.body, `class="yes"`) {
			t.Errorf("still allowed after the withdrawal:\n%s", excerpt(page.body))
		}

		// An address that is not a contact lands on the suppression list.
		if res := m.post("/consent/withdraw", url.Values{"email": {"letter@example.com"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("withdrawal of an unknown address: %d", res.StatusCode)
		}
		if p := h.mayISend("letter@example.com", "email_marketing"); p.Reason != consent.ReasonSuppressed {
			t.Errorf("unknown address withdrawn: %+v", p)
		}
		if res := m.post("/consent/withdraw", url.Values{"email": {"not an address"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("withdrawal of a non-address: %d", res.StatusCode)
		}
		mustContain(t, h.as(auth.Viewer).get("/consent").body, "entries on the suppression list")
	})
}

// TestWebImportHonoursSuppression: an import started from the browser
// imports a suppressed address as withdrawn, and signs a checkpoint once
// it committed, as `gdprkit import` does.
func TestWebImportHonoursSuppression(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		a, _ := address.Parse("alice.martin@example.com")
		if err := h.consent.list.Add(context.Background(), suppression.Withdrawn, a); err != nil {
			t.Fatal(err)
		}
		c := h.as(auth.Marketer)
		res := c.upload(map[string][]byte{"subscribed_email_audience_export_a1b2c3d4e5.csv": mustRead(t, testdata("subscribed_email_audience_export_a1b2c3d4e5.csv"))})
		c.post(res.Header.Get("Location")+"/start", nil)
		h.runImports()
		if p := h.mayISend("alice.martin@example.com", "email_marketing"); p.Allowed || p.Reason != consent.ReasonSuppressed {
			t.Errorf("suppressed address imported: %+v", p)
		}
		cps, err := st.Consent.Store.RecentCheckpoints(context.Background(), 1)
		if err != nil || len(cps) != 1 || cps[0].Events == 0 {
			t.Errorf("no checkpoint after the import: %v, %v", cps, err)
		}
	})
}
