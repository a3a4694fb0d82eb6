package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/campaign/campaigntest"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// campaignPeople are the base of the campaign tests: four to ask, three
// left out.
var campaignPeople = []campaigntest.Person{
	{Email: "anne.zorglub@example.com", FirstName: "Anne", LastName: "Zorglubova", Language: "fr", Status: contacts.Missing},
	{Email: "ben.quuxley@example.org", FirstName: "Ben", LastName: "Quuxley", Language: "en", Status: contacts.Weak},
	{Email: "formula@example.net", FirstName: "=HYPERLINK(\"x\")", LastName: "Cell", Language: "en", Status: contacts.Missing},
	{Email: "dan.wibble@example.com", Status: contacts.Missing},
	{Email: "doc.umented@example.com", Status: contacts.Documented},
	{Email: "with.drawn@example.com", Status: contacts.Withdrawn},
	{Email: "un.deliverable@example.com", Status: contacts.Undeliverable},
}

// TestCampaignLifecycle runs a campaign through the pages: a draft from a
// filter with its prospect counts, preview, a test message through a real
// SMTP server, the launch that delivers, live results, the report, the
// close, the purge plan, the dry run and the purge, then the export of
// the clean base; each step leaves its audit-trail entry.
func TestCampaignLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		campaigntest.Seed(t, st.Contacts, campaignPeople)
		m := h.as(auth.Marketer)

		if res := m.get("/campaigns/new"); res.StatusCode != http.StatusOK {
			t.Fatalf("new campaign page: %d", res.StatusCode)
		}
		res := m.post("/campaigns", url.Values{"name": {"Spring clean"}, "status": {"weak", "missing"}, "default_language": {"fr"},
			"reminders": {"7, 14"}, "deadline_days": {"30"}, "rate": {"0"}, "domain_rate": {"0"}, "policy_url": {"https://acme.example/privacy-v2"},
			"policy_summary_en": {"We now name our processors."}, "policy_summary_fr": {"Nous nommons désormais nos sous-traitants."}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.StatusCode, res.body)
		}
		page := res.Header.Get("Location")
		draft := m.get(page)
		if draft.StatusCode != http.StatusOK || !strings.Contains(draft.body, "4 contacts would be asked") ||
			!strings.Contains(draft.body, "Consent already documented") || !strings.Contains(draft.body, "Unsubscribed or objected") {
			t.Fatalf("draft page %d does not show the prospect: %s", draft.StatusCode, near(draft.body, "prospect"))
		}
		if strings.Contains(draft.body, "anne.zorglub") {
			t.Error("the draft page shows an address")
		}

		// Edit the French subject, then preview it.
		form := editForm(t, m, page)
		form.Set("fr_subject", "Acme : souhaitez-vous toujours nos nouvelles ?")
		if res := m.post(page, form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save draft: %d %s", res.StatusCode, near(res.body, "form-error"))
		}
		if pv := m.get(page + "/preview/fr"); pv.StatusCode != http.StatusOK || !strings.Contains(pv.body, "souhaitez-vous toujours") ||
			!strings.Contains(pv.body, "privacy-v2") {
			t.Fatalf("French preview %d: %s", pv.StatusCode, near(pv.body, "preview-subject"))
		}

		// A test message through the SMTP server; the address stays out of the URL.
		if res := m.post(page+"/test", url.Values{"to": {"tester@acme.example"}, "lang": {"fr"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("test send: %d %s", res.StatusCode, near(res.body, "form-error"))
		}
		msgs := h.consent.sink.Wait(t, 1, 10*time.Second)
		if msgs[0].To[0] != "tester@acme.example" || !strings.Contains(msgs[0].Subject(), "[TEST]") {
			t.Fatalf("test message to %v, subject %q", msgs[0].To, msgs[0].Subject())
		}

		// The launch needs the confirmation; a viewer may not launch.
		if res := m.post(page+"/launch", url.Values{}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("launch without confirmation: %d", res.StatusCode)
		}
		if res := h.as(auth.Viewer).post(page+"/launch", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("launch as viewer: %d", res.StatusCode)
		}
		if res := m.post(page+"/launch", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("launch: %d %s", res.StatusCode, near(res.body, "form-error"))
		}
		h.drainCampaigns()
		msgs = h.consent.sink.Wait(t, 5, 10*time.Second)
		if len(msgs) != 5 {
			t.Fatalf("%d messages, want the test and 4 requests", len(msgs))
		}

		live := m.get(page + "/results/live")
		if live.StatusCode != http.StatusOK || !strings.Contains(live.body, `id="count-sent">4<`) || !strings.Contains(live.body, "hx-get") {
			t.Fatalf("live results %d: %s", live.StatusCode, near(live.body, "results-counts"))
		}
		if r := h.as(auth.Viewer).get(page + "/results"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "<svg") {
			t.Fatalf("results page as viewer: %d", r.StatusCode)
		}
		rep := m.get(page + "/report.json")
		var report struct {
			Results struct {
				Counts struct{ Recipients int } `json:"counts"`
			} `json:"results"`
		}
		if err := json.Unmarshal([]byte(rep.body), &report); err != nil || report.Results.Counts.Recipients != 4 {
			t.Fatalf("report: %v, %d recipients", err, report.Results.Counts.Recipients)
		}

		// Close it, then purge.
		if res := m.post(page+"/end", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("end: %d %s", res.StatusCode, res.body)
		}
		pp := m.get(page + "/purge")
		if pp.StatusCode != http.StatusOK || !strings.Contains(pp.body, "4 contacts in the plan") || strings.Contains(pp.body, `id="run-purge"`) {
			t.Fatalf("purge page as marketer %d: %s", pp.StatusCode, near(pp.body, "planned"))
		}
		plan := m.get(page + "/purge/plan.csv")
		if plan.StatusCode != http.StatusOK || !strings.Contains(plan.body, "anne.zorglub@example.com") || strings.Contains(plan.body, "\n=HYPERLINK") ||
			strings.Contains(plan.body, ",=HYPERLINK") {
			t.Fatalf("plan %d:\n%s", plan.StatusCode, plan.body)
		}
		if dry := m.post(page+"/purge/dry-run", nil); dry.StatusCode != http.StatusOK || !strings.Contains(dry.body, "dry-run-counts") {
			t.Fatalf("dry run %d", dry.StatusCode)
		}
		if res := m.post(page+"/purge", url.Values{"mode": {"erase"}, "confirm_name": {"Spring clean"}}); res.StatusCode != http.StatusForbidden {
			t.Fatalf("purge as marketer: %d", res.StatusCode)
		}
		dpo := h.as(auth.DPO)
		if res := dpo.post(page+"/purge", url.Values{"mode": {"erase"}, "confirm_name": {"Spring"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("purge with a wrong name: %d", res.StatusCode)
		}
		if res := dpo.post(page+"/purge", url.Values{"mode": {"erase"}, "confirm_name": {"Spring clean"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("purge: %d %s", res.StatusCode, near(res.body, "form-error"))
		}
		h.drainCampaigns()
		var left int
		if err := st.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM contacts WHERE email = 'anne.zorglub@example.com'`).Scan(&left); err != nil || left != 0 {
			t.Fatalf("after the purge: %d contacts left (%v)", left, err)
		}

		exp := m.get("/campaigns/export?format=brevo")
		if exp.StatusCode != http.StatusOK || !strings.HasPrefix(exp.body, "EMAIL;FIRSTNAME") || !strings.Contains(exp.body, "doc.umented@example.com") {
			t.Fatalf("export %d:\n%s", exp.StatusCode, exp.body)
		}

		for _, action := range []string{"created", "changed", "test_sent", "launched", "purge_plan_exported", "purge_dry_run", "purge_started", "exported"} {
			var n int
			if err := st.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = ?`, action).Scan(&n); err != nil || n == 0 {
				t.Errorf("no %q entry in the audit trail (%v)", action, err)
			}
		}
		var leaks int
		if err := st.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%tester@%'`).Scan(&leaks); err != nil || leaks != 0 {
			t.Errorf("the test address is in the audit trail (%d, %v)", leaks, err)
		}
	})
}

// editForm reads a draft's editor as the browser would post it.
func editForm(t *testing.T, c *client, page string) url.Values {
	t.Helper()
	v := url.Values{"name": {"Spring clean"}, "default_language": {"fr"}, "reminders": {"7, 14"}, "deadline_days": {"30"}, "rate": {"0"},
		"domain_rate": {"0"}, "status": {"weak", "missing"}, "policy_url": {"https://acme.example/privacy-v2"}}
	ctx := context.Background()
	id := page[strings.LastIndex(page, "/")+1:]
	cs, err := c.h.campaigns.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range cs {
		if itoa(x.ID) != id {
			continue
		}
		for lang, tp := range x.Templates {
			v.Set(lang+"_from", tp.From)
			v.Set(lang+"_subject", tp.Subject)
			v.Set(lang+"_text", tp.Text)
			v.Set(lang+"_html", tp.HTML)
		}
	}
	return v
}

// near returns the part of body around marker, for failure messages.
func near(body, marker string) string {
	i := strings.Index(body, marker)
	if i < 0 {
		if len(body) > 600 {
			return body[:600]
		}
		return body
	}
	return body[max(0, i-100):min(len(body), i+600)]
}

// TestCampaignAPI lists, creates, reads and launches campaigns through
// /api/v1 with a token, with the pages' permissions.
func TestCampaignAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		campaigntest.Seed(t, st.Contacts, campaignPeople)
		m := h.as(auth.Marketer)
		res := m.postJSON("/api/v1/campaigns", `{"name":"API campaign","statuses":["weak","missing"]}`)
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", res.StatusCode, res.body)
		}
		var c CampaignJSON
		if err := json.Unmarshal([]byte(res.body), &c); err != nil || c.Status != "draft" {
			t.Fatalf("created %+v (%v)", c, err)
		}
		path := "/api/v1/campaigns/" + itoa(c.ID)
		if res := h.as(auth.Viewer).postJSON(path+"/launch", `{}`); res.StatusCode != http.StatusForbidden {
			t.Fatalf("launch as viewer: %d", res.StatusCode)
		}
		if res := m.postJSON(path+"/launch", ``); res.StatusCode != http.StatusOK || !strings.Contains(res.body, `"status":"running"`) {
			t.Fatalf("launch: %d %s", res.StatusCode, res.body)
		}
		if res := m.postJSON(path+"/launch", ``); res.StatusCode != http.StatusConflict {
			t.Fatalf("launch again: %d", res.StatusCode)
		}
		h.drainCampaigns()
		h.consent.sink.Wait(t, 4, 10*time.Second)
		res = h.as(auth.Viewer).get(path + "/results")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `"recipients":4`) {
			t.Fatalf("results: %d %s", res.StatusCode, res.body)
		}
		if res := h.as(auth.Viewer).get("/api/v1/campaigns"); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "API campaign") {
			t.Fatalf("list: %d %s", res.StatusCode, res.body)
		}
	})
}

func (c *client) postJSON(path, body string) response {
	c.h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.h.ts.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return c.do(req)
}
