package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

var questionnaireLink = regexp.MustCompile(`value="(http[^"]+/questionnaire\?token=[^"]+)"`)

// sendQuestionnaire makes a questionnaire link as a DPO, from the vendor's
// page, and returns its path and query.
func (h *harness) sendQuestionnaire(vendorID int64, template, lang string) string {
	h.t.Helper()
	res := h.as(auth.DPO).post("/vendors/"+itoa(vendorID)+"/questionnaires", url.Values{"template": {template}, "lang": {lang}})
	m := questionnaireLink.FindStringSubmatch(res.body)
	if res.StatusCode != http.StatusOK || m == nil {
		h.t.Fatalf("send: %d %s", res.StatusCode, excerpt(res.body))
	}
	u, err := url.Parse(strings.ReplaceAll(m[1], "&amp;", "&"))
	if err != nil {
		h.t.Fatal(err)
	}
	return u.Path + "?" + u.RawQuery
}

// TestQuestionnaireFlow sends a questionnaire, answers it without an
// account, and checks that the vendor and its risk changed and that the
// link cannot be used again.
func TestQuestionnaireFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		before, _ := h.reg.Vendor(context.Background(), c.crm.ID)
		link := h.sendQuestionnaire(c.crm.ID, "vendor", "fr")
		token, _ := url.ParseQuery(strings.SplitN(link, "?", 2)[1])

		// The vendor opens the link: no account, no referrer, its language.
		vendor := h.anonymous()
		res := vendor.get(link)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("open: %d %s", res.StatusCode, excerpt(res.body))
		}
		if got := res.Header.Get("Referrer-Policy"); got != "no-referrer" {
			t.Errorf("Referrer-Policy %q", got)
		}
		mustContain(t, res.body, `lang="fr"`, "Checklist des fournisseurs tiers", "Axonaut", `name="q.clause_a"`, `name="q.certifications"`)
		if strings.Contains(res.body, `class="nav"`) {
			t.Error("the public page shows the navigation")
		}

		// A bad answer is said next to its question; nothing is saved.
		answers := url.Values{"token": token["token"], "respondent": {"Jeanne Roux, DPO"}, "q.breach_hours": {"bientôt"}}
		res = vendor.post("/questionnaire", answers)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad answer: %d %s", res.StatusCode, excerpt(res.body))
		}
		mustContain(t, res.body, `id="err-breach_hours"`, `value="Jeanne Roux, DPO"`)

		// Good answers update the vendor, and so its risk.
		answers = url.Values{"token": token["token"], "respondent": {"Jeanne Roux, DPO"}, "q.legal_name": {"Axonaut SAS"},
			"q.privacy_contact": {"dpo@axonaut.example"}, "q.countries": {"FR, US"}, "q.dpf_certified": {"yes"},
			"q.transfer_safeguard": {"scc_module_3"}, "q.certifications": {"iso27001", "soc2"}, "q.breach_hours": {"24"},
			"q.rights_channels": {"email"}, "q.own_purposes": {"no"}, "q.sub_processors": {"https://axonaut.example/subprocessors"}}
		for _, cl := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
			answers.Set("q.clause_"+cl, "yes")
		}
		res = vendor.post("/questionnaire", answers)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("answer: %d %s", res.StatusCode, excerpt(res.body))
		}
		mustContain(t, res.body, "Merci")
		after, _ := h.reg.Vendor(context.Background(), c.crm.ID)
		v := after.Vendor
		if v.LegalName != "Axonaut SAS" || v.BreachNoticeHours != 24 || len(v.Certifications) != 2 || len(v.Agreement.Clauses) != 8 || !v.SubProcessorsKnown {
			t.Errorf("vendor after the answers: %+v", v)
		}
		if tr, ok := v.TransferFor("US"); !ok || tr.Mechanism != "us_dpf" || !tr.FallbackSCC {
			t.Errorf("US transfer: %+v", v.Transfers)
		}
		if after.Risk.Score >= before.Risk.Score {
			t.Errorf("risk %d → %d: the answers did not lower it", before.Risk.Score, after.Risk.Score)
		}

		// The link is spent: the same page as a forged one.
		spent := vendor.get(link)
		forged := vendor.get("/questionnaire?token=AAAA" + token.Get("token")[4:])
		if spent.StatusCode != http.StatusNotFound || forged.StatusCode != http.StatusNotFound || mainOf(spent.body) != mainOf(forged.body) {
			t.Errorf("spent %d, forged %d, pages differ: %v", spent.StatusCode, forged.StatusCode, mainOf(spent.body) != mainOf(forged.body))
		}
		if res := vendor.post("/questionnaire", answers); res.StatusCode != http.StatusNotFound {
			t.Errorf("answering twice: %d", res.StatusCode)
		}

		// The vendor's page shows the answers and who gave them; the
		// history names the questionnaire link.
		body := h.as(auth.Viewer).get("/vendors/" + itoa(c.crm.ID)).body
		mustContain(t, body, "Answered by Jeanne Roux, DPO", "ISO/IEC 27001, SOC 2")
		body = h.as(auth.Viewer).get("/register/history?entity=vendor&id=" + itoa(c.crm.ID)).body
		mustContain(t, body, "The vendor, through the questionnaire link", "Breach notice (hours)")
	})
}

// TestQuestionnaireLinks checks that revoked and expired links get the
// same page as forged ones, and who may send and revoke.
func TestQuestionnaireLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		forged := h.anonymous().get("/questionnaire?token=not-a-token")
		if forged.StatusCode != http.StatusNotFound {
			t.Fatalf("forged: %d", forged.StatusCode)
		}
		mustContain(t, forged.body, "This link cannot be used")

		revoked := h.sendQuestionnaire(c.seller.ID, "data_provider", "en")
		qs, _ := h.reg.Questionnaires(context.Background(), c.seller.ID)
		res := h.as(auth.DPO).post("/vendors/"+itoa(c.seller.ID)+"/questionnaires/"+itoa(qs[0].ID)+"/revoke", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		if res := h.anonymous().get(revoked); res.StatusCode != http.StatusNotFound || mainOf(res.body) != mainOf(forged.body) {
			t.Errorf("revoked link: %d", res.StatusCode)
		}
		// Revoking a questionnaire of another vendor is refused.
		if res := h.as(auth.DPO).post("/vendors/"+itoa(c.crm.ID)+"/questionnaires/"+itoa(qs[0].ID)+"/revoke", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("revoke through another vendor: %d", res.StatusCode)
		}

		expired := h.sendQuestionnaire(c.seller.ID, "data_provider", "en")
		h.reg.Now = func() time.Time { return time.Now().Add(register.DefaultLinkTTL + time.Hour) }
		res = h.anonymous().get(expired)
		h.reg.Now = time.Now
		if res.StatusCode != http.StatusNotFound || mainOf(res.body) != mainOf(forged.body) {
			t.Errorf("expired link: %d", res.StatusCode)
		}
		if res := h.as(auth.Marketer).post("/vendors/"+itoa(c.seller.ID)+"/questionnaires", url.Values{"template": {"vendor"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("a marketer sends a questionnaire: %d", res.StatusCode)
		}
	})
}

// TestQuestionnaireRateLimit checks that the public page is limited per
// client address, in the database.
func TestQuestionnaireRateLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.limiter.Limit = 3
		c := h.anonymous()
		for i := range 3 {
			if res := c.get("/questionnaire?token=x"); res.StatusCode != http.StatusNotFound {
				t.Fatalf("request %d: %d", i, res.StatusCode)
			}
		}
		res := c.get("/questionnaire?token=x")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
			t.Errorf("over the limit: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
		}
		mustContain(t, res.body, "Too many requests")
	})
}

// mainOf returns the <main> element of a page: what differs between two
// pages, without the request's own values.
func mainOf(body string) string {
	i, j := strings.Index(body, "<main"), strings.Index(body, "</main>")
	if i < 0 || j < i {
		return body
	}
	return body[i:j]
}

// TestQuestionnaireByEmail e-mails a questionnaire link from the vendor's
// page: the form offers the vendor's privacy contact, the link goes out
// through the SMTP server, and a bad address still leaves the link to
// copy.
func TestQuestionnaireByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		page := "/vendors/" + itoa(c.crm.ID)
		if res := h.as(auth.DPO).get(page); strings.Contains(res.body, `name="email_to"`) {
			t.Error("the form offers to e-mail links without an SMTP server")
		}
		// The SMTP server and templates the consent pages use, as serve wires them.
		sink := h.consent.sink
		h.reg.Mail = &register.Mail{Sender: h.consent.capture.Mailer, Templates: h.consent.capture.Templates}
		ctx := context.Background()
		vv, err := h.reg.Vendor(ctx, c.crm.ID)
		if err != nil {
			t.Fatal(err)
		}
		vv.Vendor.PrivacyContact = "DPO Axonaut <dpo@axonaut.example>"
		if err := h.reg.UpdateVendor(gdprkit.NewContext(ctx, gdprkit.Actor{Kind: gdprkit.ActorUser, ID: "1"}), vv.Vendor); err != nil {
			t.Fatal(err)
		}
		mustContain(t, h.as(auth.DPO).get(page).body, `name="email_to" value="dpo@axonaut.example"`)

		res := h.as(auth.DPO).post(page+"/questionnaires", url.Values{"template": {"vendor"}, "lang": {"en"}, "email_to": {"dpo@axonaut.example"}})
		mustContain(t, res.body, `id="questionnaire-emailed"`, "dpo@axonaut.example", `id="q-link"`)
		m := sink.Wait(t, 1, 5*time.Second)[0]
		link := questionnaireLink.FindStringSubmatch(res.body)
		if link == nil || !strings.Contains(m.Text(), strings.ReplaceAll(link[1], "&amp;", "&")) {
			t.Errorf("the e-mail does not carry the link shown:\n%s", m.Text())
		}

		res = h.as(auth.DPO).post(page+"/questionnaires", url.Values{"template": {"vendor"}, "lang": {"en"}, "email_to": {"not an address"}})
		mustContain(t, res.body, `id="questionnaire-not-emailed"`, "This is not an e-mail address", `id="q-link"`)
	})
}
