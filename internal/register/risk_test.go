package register

import (
	"slices"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

// goodVendor scores 0: a processor with everything in order.
func goodVendor() *Vendor {
	return &Vendor{ID: 1, Name: "Good", Category: "emailing", Role: "processor", Countries: []string{"FR", "IE"},
		Agreement:          Agreement{Signed: true, Clauses: []string{"a", "b", "c", "d", "e", "f", "g", "h"}},
		SubProcessorsKnown: true, Certifications: []string{"iso27001"}, BreachNoticeHours: 24,
		RightsChannels: []string{"email"}, PrivacyContact: "dpo@good.example", ReviewDue: now.AddDate(0, 6, 0)}
}

func TestVendorRisk(t *testing.T) {
	tests := []struct {
		name   string
		change func(v *Vendor)
		rules  []string
		score  int
	}{
		{"InOrder", func(*Vendor) {}, nil, 0},
		{"NoAgreement", func(v *Vendor) { v.Agreement = Agreement{} }, []string{"no_agreement"}, 30},
		{"JointControllerNoArrangement", func(v *Vendor) { v.Role, v.Agreement = "joint_controller", Agreement{} }, []string{"no_arrangement"}, 20},
		{"IndependentControllerNoArt28", func(v *Vendor) {
			v.Role, v.Agreement, v.RightsChannels, v.Certifications, v.BreachNoticeHours = "controller", Agreement{}, nil, nil, 0
		}, nil, 0},
		{"TwoClausesMissing", func(v *Vendor) { v.Agreement.Clauses = []string{"a", "b", "c", "d", "f", "h"} }, []string{"missing_clauses"}, 6},
		{"ThirdCountryNoMechanism", func(v *Vendor) { v.Countries = []string{"FR", "IN", "CN"} }, []string{"transfer_missing"}, 30},
		{"ThirdCountryWithSCC", func(v *Vendor) {
			v.Countries, v.Transfers = []string{"IN"}, []Transfer{{Country: "IN", Mechanism: "scc_module_2"}}
		}, nil, 0},
		{"AdequateCountry", func(v *Vendor) { v.Countries = []string{"CH", "GB", "JP"} }, nil, 0},
		{"USWithoutDPF", func(v *Vendor) { v.Countries = []string{"US"} }, []string{"transfer_missing"}, 30},
		{"USOnDPF", func(v *Vendor) {
			v.Countries, v.Transfers = []string{"US"}, []Transfer{{Country: "US", Mechanism: "us_dpf"}}
		}, []string{"transfer_dpf"}, 10},
		{"USOnDPFWithFallback", func(v *Vendor) {
			v.Countries, v.Transfers = []string{"US"}, []Transfer{{Country: "US", Mechanism: "us_dpf", FallbackSCC: true}}
		}, []string{"transfer_dpf_fallback"}, 3},
		{"BrazilReportedOnly", func(v *Vendor) { v.Countries = []string{"BR"} }, []string{"transfer_unconfirmed"}, 15},
		{"Derogation", func(v *Vendor) {
			v.Countries, v.Transfers = []string{"IN"}, []Transfer{{Country: "IN", Mechanism: "derogation_49_1_a"}}
		}, []string{"transfer_derogation"}, 15},
		{"SpecialCategories", func(v *Vendor) { v.DataCategories = []string{"contact", "health"} }, []string{"special_categories"}, 15},
		{"OwnPurposes", func(v *Vendor) { v.OwnPurposes = true }, []string{"own_purposes"}, 20},
		{"BreachUnknown", func(v *Vendor) { v.BreachNoticeHours = 0 }, []string{"breach_unknown"}, 10},
		{"BreachOver72h", func(v *Vendor) { v.BreachNoticeHours = 96 }, []string{"breach_slow"}, 15},
		{"Breach72hTight", func(v *Vendor) { v.BreachNoticeHours = 72 }, []string{"breach_tight"}, 5},
		{"Breach48hFine", func(v *Vendor) { v.BreachNoticeHours = 48 }, nil, 0},
		{"NoRightsChannel", func(v *Vendor) { v.RightsChannels = nil }, []string{"no_rights_channel"}, 10},
		{"SubProcessorsUnknown", func(v *Vendor) { v.SubProcessorsKnown = false }, []string{"sub_processors_unknown"}, 10},
		{"SubProcessorsLinked", func(v *Vendor) { v.SubProcessorsKnown, v.SubProcessors = false, []int64{2} }, nil, 0},
		{"NoCertification", func(v *Vendor) { v.Certifications = nil }, []string{"no_certification"}, 5},
		{"NoPrivacyContact", func(v *Vendor) { v.PrivacyContact = "" }, []string{"no_privacy_contact"}, 3},
		{"ProviderNotAssessed", func(v *Vendor) { v.Category, v.Role = "data_provider", "controller" }, []string{"provider_not_assessed"}, 15},
		{"ProviderScrapedNoConsent", func(v *Vendor) {
			v.Category, v.Role, v.List = "data_provider", "controller", ListProvider{Assessed: true, Scraped: true}
		}, []string{"provider_scraped", "provider_no_consent"}, 50},
		{"ProviderClean", func(v *Vendor) {
			v.Category, v.Role = "data_provider", "controller"
			v.List = ListProvider{Assessed: true, ConsentForTransfer: true, ConsentProof: true}
		}, nil, 0},
		{"ProviderSensitive", func(v *Vendor) {
			v.List = ListProvider{Assessed: true, ConsentForTransfer: true, ConsentProof: true, Sensitive: true}
		}, []string{"special_categories"}, 15},
		{"NoReviewDate", func(v *Vendor) { v.ReviewDue = time.Time{} }, []string{"no_review_date"}, 5},
		{"ReviewOverdue", func(v *Vendor) { v.ReviewDue = now.AddDate(0, 0, -1) }, []string{"review_overdue"}, 5},
		{"EverythingWrongCapsAt100", func(v *Vendor) {
			*v = Vendor{Name: "Bad", Category: "crm", Role: "processor", Countries: []string{"CN"}, DataCategories: []string{"health"}, OwnPurposes: true}
		}, []string{"no_agreement", "transfer_missing", "special_categories", "own_purposes", "breach_unknown", "no_rights_channel",
			"sub_processors_unknown", "no_certification", "no_privacy_contact", "no_review_date"}, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := goodVendor()
			tt.change(v)
			r := VendorRisk(v, now)
			var got []string
			for _, p := range r.Points {
				got = append(got, p.Rule)
				if len(p.Refs) == 0 {
					t.Errorf("rule %s has no reference", p.Rule)
				}
			}
			if !slices.Equal(got, tt.rules) {
				t.Errorf("rules = %v, want %v", got, tt.rules)
			}
			if r.Score != tt.score {
				t.Errorf("score = %d, want %d", r.Score, tt.score)
			}
		})
	}
}

// TestRiskRulesCovered fails when a rule of the table has no case above.
func TestRiskRulesCovered(t *testing.T) {
	src := map[string]bool{}
	for _, v := range riskCases() {
		for _, p := range VendorRisk(v, now).Points {
			src[p.Rule] = true
		}
	}
	for _, r := range riskRules {
		if !src[r.rule] {
			t.Errorf("risk rule %s is never triggered by the test vendors", r.rule)
		}
	}
}

// riskCases are vendors that together trigger every rule.
func riskCases() []*Vendor {
	return []*Vendor{
		{Role: "processor", Countries: []string{"CN", "BR"}, DataCategories: []string{"health"}, OwnPurposes: true, BreachNoticeHours: 96},
		{Role: "processor", Agreement: Agreement{Signed: true}, BreachNoticeHours: 60, ReviewDue: now.AddDate(0, 0, -1),
			Countries: []string{"US", "IN"}, Transfers: []Transfer{{Country: "US", Mechanism: "us_dpf"}, {Country: "IN", Mechanism: "derogation_49_1_b"}}},
		{Role: "joint_controller", Countries: []string{"US"}, Transfers: []Transfer{{Country: "US", Mechanism: "us_dpf", FallbackSCC: true}}},
		{Role: "controller", Category: "data_provider"},
		{Role: "sub_processor"},
		{Role: "controller", Category: "data_provider", List: ListProvider{Assessed: true, Scraped: true}},
	}
}

func TestRiskLevel(t *testing.T) {
	for _, tt := range []struct {
		score int
		want  string
	}{{0, RiskLow}, {19, RiskLow}, {20, RiskMedium}, {49, RiskMedium}, {50, RiskHigh}, {100, RiskHigh}} {
		if got := riskLevel(tt.score); got != tt.want {
			t.Errorf("riskLevel(%d) = %s, want %s", tt.score, got, tt.want)
		}
	}
}

func TestSortByRisk(t *testing.T) {
	vs := []VendorView{
		{Vendor: &Vendor{Name: "b"}, Risk: Risk{Score: 10}},
		{Vendor: &Vendor{Name: "c"}, Risk: Risk{Score: 60}},
		{Vendor: &Vendor{Name: "a"}, Risk: Risk{Score: 10}},
	}
	SortByRisk(vs)
	var got []string
	for _, v := range vs {
		got = append(got, v.Vendor.Name)
	}
	if want := []string{"c", "a", "b"}; !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}
