package web

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// systemCtx acts as the system, for fixtures written through services.
func systemCtx() context.Context {
	return gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem})
}

// registerFixtures adds a vendor, an activity, a collection method and a
// questionnaire, for the routes that take their ids.
func (h *harness) registerFixtures() (vendor, activity, method, questionnaire int64) {
	h.t.Helper()
	ctx := systemCtx()
	v := &register.Vendor{Name: "Brevo", Category: "emailing", Role: "processor", Country: "FR", Countries: []string{"FR"}}
	if err := h.reg.CreateVendor(ctx, v); err != nil {
		h.t.Fatal(err)
	}
	a, err := h.reg.CreateActivityFromTemplate(ctx, "newsletter", "en")
	if err != nil {
		h.t.Fatal(err)
	}
	m := register.NewMethod("web_form")
	m.Name = "Newsletter form"
	m.ActivityIDs = []int64{a.ID}
	if err := h.reg.CreateMethod(ctx, m); err != nil {
		h.t.Fatal(err)
	}
	q, _, err := h.reg.SendQuestionnaire(ctx, v.ID, "emailing", "en")
	if err != nil {
		h.t.Fatal(err)
	}
	return v.ID, a.ID, m.ID, q.ID
}

// company enters a small realistic company through the services: a US
// e-mailing vendor on the Data Privacy Framework, a French CRM, a list
// seller, a newsletter activity, a bought list and a LinkedIn-scraped
// list.
type company struct {
	emailing, crm, seller    *register.Vendor
	newsletter               *register.Activity
	webForm, bought, scraped *register.CollectionMethod
}

func (h *harness) company() company {
	h.t.Helper()
	ctx := systemCtx()
	var c company
	must := func(err error) {
		h.t.Helper()
		if err != nil {
			h.t.Fatal(err)
		}
	}
	must(h.reg.SaveOrganisation(ctx, &register.Organisation{Name: "Atelier Lumière SAS",
		Controller:    register.Party{LastName: "Martin", FirstName: "Claire", Address: "12 rue des Lilas", PostCode: "69002", City: "Lyon", Country: "FR", Email: "claire@atelier-lumiere.example"},
		DPODesignated: true, DPO: register.Party{LastName: "Durand", FirstName: "Paul", Email: "dpo@atelier-lumiere.example"}}))
	c.emailing = &register.Vendor{Name: "Mailchimp", LegalName: "The Rocket Science Group LLC", Category: "emailing", Role: "processor", Country: "US",
		Countries: []string{"US"}, Transfers: []register.Transfer{{Country: "US", Mechanism: "us_dpf"}},
		DataCategories: []string{"contact", "identity", "internet"}, Subjects: []string{"subscribers"},
		Agreement: register.Agreement{Signed: true, Clauses: []string{"a", "b", "c", "d", "e", "f", "g", "h"}}}
	must(h.reg.CreateVendor(ctx, c.emailing))
	c.crm = &register.Vendor{Name: "Axonaut", Category: "crm", Role: "processor", Country: "FR", Countries: []string{"FR"}}
	must(h.reg.CreateVendor(ctx, c.crm))
	c.seller = &register.Vendor{Name: "DataLeads", Category: "data_provider", Role: "controller", Country: "FR"}
	must(h.reg.CreateVendor(ctx, c.seller))
	var err error
	c.newsletter, err = h.reg.CreateActivityFromTemplate(ctx, "newsletter", "en")
	must(err)
	c.newsletter.Recipients = append(c.newsletter.Recipients, register.Recipient{Kind: "vendor", VendorID: c.emailing.ID})
	must(h.reg.UpdateActivity(ctx, c.newsletter))
	c.webForm = register.NewMethod("web_form")
	c.webForm.Name, c.webForm.ActivityIDs = "Newsletter form", []int64{c.newsletter.ID}
	for _, k := range []string{"notice_at_collection", "unticked_box", "consent_separate", "proof_kept", "objection_in_every_message"} {
		*c.webForm.Safeguards.Field(k) = true
	}
	must(h.reg.CreateMethod(ctx, c.webForm))
	c.bought = register.NewMethod("bought_list")
	c.bought.Name, c.bought.ProviderID = "Trade-fair list bought from DataLeads", c.seller.ID
	must(h.reg.CreateMethod(ctx, c.bought))
	c.scraped = register.NewMethod("scraping")
	c.scraped.Name = "LinkedIn Sales Navigator extraction"
	must(h.reg.CreateMethod(ctx, c.scraped))
	return c
}

var untranslated = regexp.MustCompile(`>\s*((?:registerweb|register|plan|nav)\.[a-z_.]+)\s*<`)

// TestRegisterPagesRender opens every register page in both languages, as
// an administrator and as a viewer, with a realistic company entered.
func TestRegisterPagesRender(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		pages := []string{"/register", "/vendors", "/vendors?risk=high&transfer=missing", "/vendors?category=emailing&transfer=dpf",
			"/vendors/" + itoa(c.emailing.ID), "/vendors/" + itoa(c.seller.ID), "/activities", "/activities/" + itoa(c.newsletter.ID),
			"/methods", "/methods/" + itoa(c.scraped.ID), "/methods/" + itoa(c.bought.ID), "/register/organisation", "/register/history",
			"/register/history?entity=vendor&id=" + itoa(c.emailing.ID), "/"}
		editor := []string{"/vendors/new", "/vendors/" + itoa(c.crm.ID) + "/edit", "/activities/new", "/activities/new?blank=1",
			"/activities/new?blank=1&role=processor", "/activities/" + itoa(c.newsletter.ID) + "/edit", "/methods/new",
			"/methods/new?kind=bought_list", "/methods/" + itoa(c.bought.ID) + "/edit"}
		for _, lang := range []string{"en", "fr"} {
			for role, paths := range map[auth.Role][]string{auth.Admin: append(append([]string(nil), pages...), editor...), auth.Viewer: pages} {
				cl := h.as(role)
				cl.post("/lang", url.Values{"lang": {lang}})
				for _, p := range paths {
					res := cl.get(p)
					if res.StatusCode != http.StatusOK {
						t.Errorf("%s %s %s: %d %s", role, lang, p, res.StatusCode, excerpt(res.body))
						continue
					}
					if m := untranslated.FindStringSubmatch(res.body); m != nil {
						t.Errorf("%s %s %s: untranslated key %s", role, lang, p, m[1])
					}
					if strings.Contains(res.body, ` style="`) {
						t.Errorf("%s %s: an inline style would break the CSP", lang, p)
					}
				}
			}
		}
		// A viewer sees no editing button.
		body := h.as(auth.Viewer).get("/vendors/" + itoa(c.emailing.ID)).body
		for _, id := range []string{`id="edit-vendor"`, `id="send-questionnaire"`, `id="delete-vendor"`, `id="mark-reviewed"`} {
			if strings.Contains(body, id) {
				t.Errorf("a viewer is offered %s", id)
			}
		}
	})
}

func TestVendorPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		body := h.as(auth.Viewer).get("/vendors/" + itoa(c.emailing.ID)).body
		// Every point of the score is explained, with its references.
		mustContain(t, body, "Data Privacy Framework alone", "C-703/25 P", "No committed delay", "(EU) 2023/1795", "adopted", "United States",
			"The Rocket Science Group LLC", "Newsletter")
		body = h.as(auth.Viewer).get("/vendors").body
		if strings.Index(body, "Axonaut") > strings.Index(body, "Mailchimp") && strings.Index(body, "DataLeads") > strings.Index(body, "Mailchimp") {
			t.Errorf("the list is not sorted by risk: Mailchimp (agreement signed) comes first")
		}
		mustContain(t, body, "No signed processing agreement", "US transfer on the Data Privacy Framework alone")
		if fr := h.as(auth.Viewer); true {
			fr.post("/lang", url.Values{"lang": {"fr"}})
			mustContain(t, fr.get("/vendors/"+itoa(c.emailing.ID)).body, "États-Unis", "Data Privacy Framework", "adoptée le")
		}
	})
}

func TestVendorForm(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		dpo := h.as(auth.DPO)
		// A missing name is said next to the field.
		res := dpo.post("/vendors", url.Values{"category": {"crm"}, "role": {"processor"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("no name: %d", res.StatusCode)
		}
		mustContain(t, res.body, `id="err-name">This field is required.`, `href="#f-name"`, `aria-invalid="true"`)
		// So is a country gdprkit cannot read, with what was typed kept.
		res = dpo.post("/vendors", url.Values{"name": {"HubSpot"}, "category": {"crm"}, "role": {"processor"}, "countries": {"Irlande, Narnia"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad country: %d", res.StatusCode)
		}
		mustContain(t, res.body, `id="err-countries"`, "NARNIA", `value="HubSpot"`)
		res = dpo.post("/vendors", url.Values{"name": {"HubSpot"}, "category": {"crm"}, "role": {"processor"}, "breach_notice_hours": {"soon"}})
		mustContain(t, res.body, `id="err-breach_notice_hours">Write a whole number, not &#34;soon&#34;.`)
		// A good form creates the vendor; country names are read in
		// either language.
		res = dpo.post("/vendors", url.Values{"name": {"HubSpot"}, "category": {"crm"}, "role": {"processor"}, "countries": {"Irlande, United States"},
			"transfers.0.country": {"US"}, "transfers.0.mechanism": {"scc_module_2"}, "signed": {"1"}, "clauses": {"a", "b", "c"},
			"sub_processors": {itoa(c.crm.ID)}, "breach_notice_hours": {"48"}, "rights_channels": {"email"}, "review_due": {"2030-01-31"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.StatusCode, alertText(res.body))
		}
		loc := res.Header.Get("Location")
		id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/vendors/"), 10, 64)
		vv, err := h.reg.Vendor(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if v := vv.Vendor; strings.Join(v.Countries, ",") != "IE,US" || v.Transfers[0].Mechanism != "scc_module_2" || len(v.Agreement.Clauses) != 3 ||
			v.SubProcessors[0] != c.crm.ID || v.ReviewDue.Format("2006-01-02") != "2030-01-31" {
			t.Errorf("saved: %+v", v)
		}
		mustContain(t, dpo.get(loc).body, "lacks 5 of the Art. 28(3) clauses", "Axonaut", "Saved.")
		// Someone else saves first: the form says so and keeps the input.
		page := dpo.get(loc + "/edit").body
		version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
		if _, err := h.reg.MarkVendorReviewed(systemCtx(), id, vv.Vendor.Version); err != nil {
			t.Fatal(err)
		}
		res = dpo.post(loc, url.Values{"version": {version}, "name": {"HubSpot Inc."}, "category": {"crm"}, "role": {"processor"}})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("stale edit: %d", res.StatusCode)
		}
		mustContain(t, res.body, "Someone changed this entry since you opened it", `value="HubSpot Inc."`, "alert-warn")
		// A vendor still used cannot be deleted: the page says why.
		res = dpo.post("/vendors/"+itoa(c.crm.ID)+"/delete", url.Values{"version": {itoa(int64(c.crm.Version))}})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("delete a sub-processor: %d", res.StatusCode)
		}
		mustContain(t, res.body, "This vendor is still used")
		// Mark reviewed sets the next review.
		vv, _ = h.reg.Vendor(context.Background(), c.seller.ID)
		res = dpo.post("/vendors/"+itoa(c.seller.ID)+"/reviewed", url.Values{"version": {itoa(int64(vv.Vendor.Version))}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("mark reviewed: %d", res.StatusCode)
		}
		if vv, _ = h.reg.Vendor(context.Background(), c.seller.ID); vv.Vendor.ReviewDue.IsZero() {
			t.Error("no next review after marking reviewed")
		}
		// A marketer may not edit vendors.
		if res := h.as(auth.Marketer).post("/vendors", url.Values{"name": {"X"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("marketer creates a vendor: %d", res.StatusCode)
		}
		// The history says who changed what.
		body := dpo.get("/register/history?entity=vendor&id=" + itoa(id)).body
		mustContain(t, body, "Dpo Test", "Next review", "Created")
	})
}

func TestActivityPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		dpo := h.as(auth.DPO)
		res := dpo.post("/activities", url.Values{"template": {"prospects"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("from template: %d %s", res.StatusCode, alertText(res.body))
		}
		loc := res.Header.Get("Location")
		body := dpo.get(loc).body
		mustContain(t, body, "Prospects", "3 years from the last contact from the person, then deleted", "Legitimate interests pursued", "Recommended")
		// The newsletter names the US e-mailing vendor: its transfer shows.
		body = dpo.get("/activities/" + itoa(c.newsletter.ID)).body
		mustContain(t, body, `href="/vendors/`+itoa(c.emailing.ID)+`">Mailchimp</a>`, "United States", "EU-US Data Privacy Framework")
		// Edit: a data row in years, an external recipient outside the EEA.
		a, _ := h.reg.Activity(context.Background(), c.newsletter.ID)
		form := url.Values{"version": {itoa(int64(a.Activity.Version))}, "name": {"Newsletter"}, "role": {"controller"}, "purpose": {"Send the newsletter"},
			"legal_basis": {"consent"}, "data.0.category": {"contact"}, "data.0.amount": {"3"}, "data.0.unit": {"years"}, "data.0.trigger": {"last_contact"},
			"data.0.fate": {"delete"}, "subjects.0.kind": {"subscribers"}, "recipients.0.kind": {"vendor"}, "recipients.0.vendor_id": {itoa(c.emailing.ID)},
			"recipients.1.kind": {"external"}, "recipients.1.name": {"Agency"}, "recipients.1.country": {"Inde"}, "security.access_control": {"SSO"},
			"dpia_criteria": {"large_scale"}}
		res = dpo.post("/activities/"+itoa(c.newsletter.ID), form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", res.StatusCode, alertText(res.body))
		}
		a, _ = h.reg.Activity(context.Background(), c.newsletter.ID)
		if a.Activity.Data[0].Retention.Months != 36 || a.Activity.Recipients[1].Country != "IN" || len(a.Activity.Data) != 1 {
			t.Errorf("saved: %+v", a.Activity)
		}
		body = dpo.get("/activities/" + itoa(c.newsletter.ID)).body
		mustContain(t, body, "India", "no legal basis", "Transfers outside the EEA without a documented legal basis: India.")
		// Stale, then invalid.
		res = dpo.post("/activities/"+itoa(c.newsletter.ID), form)
		if res.StatusCode != http.StatusConflict {
			t.Errorf("stale activity: %d", res.StatusCode)
		}
		form.Set("version", itoa(int64(a.Activity.Version)))
		form.Set("data.0.amount", "many")
		res = dpo.post("/activities/"+itoa(c.newsletter.ID), form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("bad retention: %d", res.StatusCode)
		}
		mustContain(t, res.body, `id="err-data"`)
	})
}

func TestMethodFindings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		c := h.company()
		mk := h.as(auth.Marketer)
		// The list separates what needs action now from what to document.
		body := mk.get("/methods").body
		now, doc := strings.Index(body, `id="act-now"`), strings.Index(body, `id="document"`)
		for _, name := range []string{"LinkedIn Sales Navigator extraction", "Trade-fair list bought from DataLeads"} {
			if i := strings.Index(body, name); i < now || i > doc {
				t.Errorf("%s is not under Act now", name)
			}
		}
		if i := strings.Index(body, "Newsletter form"); i < doc {
			t.Error("the compliant web form is not under Document the basis")
		}
		mustContain(t, body, "Unlawful: stop", "Scraped contacts: no valid legal basis", "Provider has not answered the questionnaire")
		// Each finding on the method's page has its explanation and
		// references.
		body = mk.get("/methods/" + itoa(c.scraped.ID)).body
		mustContain(t, body, "KASPR", "SAN-2024-020", "GDPR, Art. 6(1)")
		body = mk.get("/methods/" + itoa(c.bought.ID)).body
		mustContain(t, body, "data-provider questionnaire", "Art. 14(3)", "secondary sources")
		// Live findings while filling in the form: a fragment for htmx.
		req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/methods/check", strings.NewReader(url.Values{"kind": {"soft_opt_in"}, "name": {"x"},
			"audience": {"b2c"}, "channels": {"email"}, "legal_basis": {"legitimate_interests"}, "safeguard.existing_customers": {"1"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("HX-Request", "true")
		res := mk.do(req)
		if res.StatusCode != http.StatusOK || strings.Contains(res.body, "<html") {
			t.Fatalf("check: %d %s", res.StatusCode, res.body)
		}
		mustContain(t, res.body, "Act now", "analogous to those the customer bought", "objection")
		if strings.Contains(res.body, "already bought from you. You have not confirmed") {
			t.Error("a confirmed safeguard still counts as missing")
		}
		// Create from the catalogue, then a validation message.
		res = mk.post("/methods", url.Values{"kind": {"contest"}, "name": {"Summer contest"}, "audience": {"b2c"}, "legal_basis": {"consent"},
			"activity_ids": {itoa(c.newsletter.ID)}, "safeguard.consent_conditional": {"1"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.StatusCode, alertText(res.body))
		}
		mustContain(t, mk.get(res.Header.Get("Location")).body, "not freely given", "Summer contest")
		res = mk.post("/methods", url.Values{"kind": {"contest"}, "name": {"Summer contest"}, "audience": {"b2c"}, "retention_months": {"5000"}})
		mustContain(t, res.body, `id="err-retention_months">Give a number from 0 to 1200.`)
		// A viewer reads but does not edit.
		if res := h.as(auth.Viewer).get("/methods/new"); res.StatusCode != http.StatusForbidden {
			t.Errorf("viewer on /methods/new: %d", res.StatusCode)
		}
	})
}

func TestOrganisationPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		admin := h.as(auth.Admin)
		admin.post("/settings", url.Values{"org_name": {"Acme SAS"}, "dpo_name": {"Dana"}, "dpo_email": {"dpo@acme.example"}, "language": {"en"}, "timezone": {"Europe/Paris"}})
		body := admin.get("/register/organisation").body
		mustContain(t, body, `value="Acme SAS"`, `value="dpo@acme.example"`, "Filled from the settings")
		res := admin.post("/register/organisation", url.Values{"name": {"Acme SAS"}, "review_months": {"500"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("bad interval: %d", res.StatusCode)
		}
		mustContain(t, res.body, `id="err-review_months">Give a number from 0 to 120.`)
		res = admin.post("/register/organisation", url.Values{"name": {"Acme SAS"}, "controller.last_name": {"Martin"}, "controller.email": {"cm@acme.example"},
			"controller.country": {"France"}, "dpo_designated": {"1"}, "dpo.last_name": {"Dana"}, "dpo.email": {"dpo@acme.example"}, "review_months": {"6"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d %s", res.StatusCode, alertText(res.body))
		}
		o, _ := h.reg.Organisation(context.Background())
		if o.Controller.Country != "FR" || o.ReviewMonths != 6 || !o.DPODesignated {
			t.Errorf("saved: %+v", o)
		}
		if res := h.as(auth.Marketer).post("/register/organisation", url.Values{"name": {"X"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("marketer edits the organisation: %d", res.StatusCode)
		}
		mustContain(t, h.as(auth.Viewer).get("/register/organisation").body, "disabled")
	})
}

func TestRegisterDashboard(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		mustContain(t, h.as(auth.Viewer).get("/").body, "No vendor in the register yet.", "No collection method in the register yet.", `href="/vendors"`)
		h.company()
		body := h.as(auth.Viewer).get("/").body
		mustContain(t, body, "3 vendors in the register.", "1 processor without a signed agreement", "2 collection methods need action now",
			"1 unlawful", "Record of processing: 1 activity", `href="/methods#act-now"`, "Open the vendor register")
	})
}

func TestRegisterAuditedDownloadsRecorded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		h.company()
		res := h.as(auth.Marketer).get("/register/export/activities/csv?lang=fr")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("csv: %d", res.StatusCode)
		}
		entries, err := h.st.Web().Audit.Trail(context.Background(), audit.Filter{ObjectType: "register", Limit: 10})
		if err != nil || len(entries) != 1 || entries[0].Action != audit.Exported || entries[0].ObjectID != "activities" ||
			!strings.Contains(entries[0].Detail, `"lang":"fr"`) || entries[0].Actor != "user:"+itoa(h.user(auth.Marketer).ID) {
			t.Errorf("audit: %v %+v", err, entries)
		}
	})
}

// TestRegisterFrenchWording checks the French register pages: provisions
// cited "art. 30.1.a", references joined by " ; ", a verdict chart whose
// labels hold no colon of their own, and one way of saying "none".
func TestRegisterFrenchWording(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		h := newHarness(t, st)
		f := h.fixtures()
		c := h.as(auth.Admin)
		c.post("/lang", url.Values{"lang": {"fr"}})
		act := c.get("/activities/" + itoa(f.activity)).body
		mustContain(t, act, "Manquant (art. 30.1.a)")
		if strings.Contains(act, "30(1)") {
			t.Error("the French activity page cites a provision the English way")
		}
		mustContain(t, c.get("/methods/"+itoa(f.method)).body, "RGPD, art. 7.2\u00a0; Conseil d’État")
		methods := c.get("/methods").body
		mustContain(t, methods, "Illicite\u00a0: 0\u00a0; Agir maintenant\u00a0: 1")
		if strings.Contains(methods, "arrêter\u00a0: ") {
			t.Error("the verdict chart writes two colons")
		}
		acts := c.get("/activities").body
		mustContain(t, acts, `<span class="muted">Aucun</span>`)
		if strings.Contains(acts, `<span class="muted">non</span>`) {
			t.Error("the activities list says \"non\" beside \"Non requise\"")
		}
	})
}
