package register_test

import (
	"context"
	"testing"

	"github.com/gdprkit/gdprkit/internal/register"
)

// company is a realistic small marketing team's register: the
// organisation, a dozen vendors (a US one among them), activities from
// the templates, and collection methods including a bought list and a
// LinkedIn-scraped list.
type company struct {
	vendors    map[string]*register.Vendor
	activities map[string]*register.Activity
	methods    map[string]*register.CollectionMethod
}

func seedCompany(t *testing.T, ctx context.Context, svc *register.Service) *company {
	t.Helper()
	c := &company{vendors: map[string]*register.Vendor{}, activities: map[string]*register.Activity{}, methods: map[string]*register.CollectionMethod{}}
	org := &register.Organisation{Name: "Fleurs & Co", Controller: register.Party{LastName: "Lemoine", FirstName: "Claire",
		Address: "12 rue des Lilas", PostCode: "69002", City: "Lyon", Country: "FR", Phone: "+33 4 00 00 00 00", Email: "direction@fleurs.example"},
		DPODesignated: true, DPO: register.Party{LastName: "Bernard", FirstName: "Hugo", Company: "DPO Conseil", Email: "dpo@fleurs.example"}}
	must(t, svc.SaveOrganisation(ctx, org))

	full := register.Agreement{Signed: true, SignedOn: testNow.AddDate(-1, 0, 0), Document: "DPA v3", Clauses: []string{"a", "b", "c", "d", "e", "f", "g", "h"}}
	vendors := []*register.Vendor{
		{Name: "AWS", Category: "hosting", Role: "sub_processor", Countries: []string{"IE", "DE"}, Agreement: full, SubProcessorsKnown: true,
			Certifications: []string{"iso27001", "soc2"}, BreachNoticeHours: 24, RightsChannels: []string{"email"}, PrivacyContact: "privacy@aws.example",
			ReviewDue: testNow.AddDate(0, 6, 0)},
		{Name: "Brevo", Category: "emailing", Role: "processor", Country: "FR", Countries: []string{"FR", "DE"}, Agreement: full,
			SubProcessorsKnown: true, Certifications: []string{"iso27001"}, BreachNoticeHours: 48, RightsChannels: []string{"email", "api"},
			PrivacyContact: "dpo@brevo.example", ReviewDue: testNow.AddDate(0, 3, 0), DataCategories: []string{"contact", "identity"}},
		{Name: "HubSpot", Category: "crm", Role: "processor", Country: "US", Countries: []string{"US", "IE"},
			Transfers: []register.Transfer{{Country: "US", Mechanism: "us_dpf"}}, Agreement: full, SubProcessorsKnown: true,
			Certifications: []string{"soc2"}, BreachNoticeHours: 72, RightsChannels: []string{"portal"}, PrivacyContact: "privacy@hubspot.example",
			ReviewDue: testNow.AddDate(0, -1, 0)},
		{Name: "Crisp", Category: "chat", Role: "processor", Countries: []string{"FR"}, Agreement: register.Agreement{Signed: true, Clauses: []string{"a", "b", "c"}}},
		{Name: "Payfit", Category: "hr", Role: "processor", Countries: []string{"FR"}, Agreement: full, DataCategories: []string{"identity", "health"}},
		{Name: "Matomo Cloud", Category: "analytics", Role: "processor", Countries: []string{"DE"}, Agreement: full, BreachNoticeHours: 24},
		{Name: "Meta Ads", Category: "advertising", Role: "joint_controller", Countries: []string{"IE", "US"}},
		{Name: "Stripe", Category: "payment", Role: "controller", Countries: []string{"IE", "US"},
			Transfers: []register.Transfer{{Country: "US", Mechanism: "us_dpf", FallbackSCC: true}}},
		{Name: "Offshore Support", Category: "other", Role: "sub_processor", Countries: []string{"IN"}},
		{Name: "ListShop", Category: "data_provider", Role: "controller", Countries: []string{"FR"}},
		{Name: "LeadScraper", Category: "data_provider", Role: "controller", Countries: []string{"FR"}},
		{Name: "OVHcloud", Category: "hosting", Role: "sub_processor", Countries: []string{"FR"}, Agreement: full},
	}
	for _, v := range vendors {
		must(t, svc.CreateVendor(ctx, v))
		c.vendors[v.Name] = v
	}
	brevo := c.vendors["Brevo"]
	brevo.SubProcessors = []int64{c.vendors["AWS"].ID, c.vendors["OVHcloud"].ID}
	must(t, svc.UpdateVendor(ctx, brevo))
	crisp := c.vendors["Crisp"]
	crisp.SubProcessors = []int64{c.vendors["Offshore Support"].ID}
	must(t, svc.UpdateVendor(ctx, crisp))

	for _, key := range []string{"newsletter", "prospects", "customers", "audience", "events"} {
		a, err := svc.CreateActivityFromTemplate(ctx, key, "fr")
		must(t, err)
		c.activities[key] = a
	}
	nl := c.activities["newsletter"]
	nl.Ref = "T-01"
	nl.Recipients = append(nl.Recipients, register.Recipient{Kind: "vendor", VendorID: brevo.ID})
	must(t, svc.UpdateActivity(ctx, nl))
	pr := c.activities["prospects"]
	pr.Recipients = append(pr.Recipients, register.Recipient{Kind: "vendor", VendorID: c.vendors["HubSpot"].ID},
		register.Recipient{Kind: "vendor", VendorID: crisp.ID})
	must(t, svc.UpdateActivity(ctx, pr))

	methods := []*register.CollectionMethod{
		{Kind: "web_form", Name: "Newsletter form", Audience: "b2c", Channels: []string{"email"}, LegalBasis: "consent",
			ActivityIDs: []int64{nl.ID}, Safeguards: register.Safeguards{NoticeAtCollection: true, UntickedBox: true, ConsentSeparate: true,
				ProofKept: true, DoubleOptIn: true, ObjectionInEveryMessage: true}},
		{Kind: "bought_list", Name: "ListShop B2C file", Audience: "b2c", Channels: []string{"email"}, LegalBasis: "consent",
			ProviderID: c.vendors["ListShop"].ID, ActivityIDs: []int64{pr.ID}},
		{Kind: "scraping", Name: "LinkedIn Sales Navigator export", Audience: "b2b", Channels: []string{"email"}, LegalBasis: "legitimate_interests",
			ProviderID: c.vendors["LeadScraper"].ID, ActivityIDs: []int64{pr.ID}, RetentionMonths: 60},
		{Kind: "soft_opt_in", Name: "Customers' offers", Audience: "b2c", Channels: []string{"email"}, LegalBasis: "legitimate_interests",
			ActivityIDs: []int64{c.activities["customers"].ID}, Safeguards: register.Safeguards{NoticeAtCollection: true, ExistingCustomers: true,
				AnalogousProducts: true, ObjectionAtCollection: true, ObjectionInEveryMessage: true}},
		{Kind: "contest", Name: "Spring contest", Audience: "b2c", Channels: []string{"email"}, LegalBasis: "consent",
			ActivityIDs: []int64{c.activities["events"].ID}, Safeguards: register.Safeguards{ConsentConditional: true}},
		{Kind: "badge_scan", Name: "Salon Vivatech badges", Audience: "b2b", Channels: []string{"email"}, LegalBasis: "legitimate_interests",
			ActivityIDs: []int64{pr.ID}},
	}
	for _, m := range methods {
		must(t, svc.CreateMethod(ctx, m))
		c.methods[m.Name] = m
	}
	return c
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
