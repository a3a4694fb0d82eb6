package register

import (
	"encoding/json"
	"slices"
	"testing"
)

// okForm is a B2C newsletter form with every safeguard confirmed.
func okForm() *CollectionMethod {
	return &CollectionMethod{Kind: "web_form", Name: "Newsletter form", Audience: "b2c", Channels: []string{"email"},
		LegalBasis: "consent", ActivityIDs: []int64{1}, Safeguards: Safeguards{NoticeAtCollection: true, UntickedBox: true,
			ConsentSeparate: true, ProofKept: true, ObjectionInEveryMessage: true}}
}

func assessedProvider(consent, scraped, sensitive bool) *Vendor {
	return &Vendor{ID: 9, Name: "Lists Inc", Category: "data_provider", Role: "controller",
		List: ListProvider{Assessed: true, ConsentForTransfer: consent, ConsentProof: consent, Scraped: scraped, Sensitive: sensitive}}
}

func TestCheckMethod(t *testing.T) {
	tests := []struct {
		name     string
		change   func(m *CollectionMethod)
		provider *Vendor
		rules    []string
		verdict  string
	}{
		{"CompliantForm", func(*CollectionMethod) {}, nil, []string{"document_consent"}, Document},
		{"Scraping", func(m *CollectionMethod) {
			m.Kind, m.Audience, m.LegalBasis = "scraping", "b2b", "legitimate_interests"
			m.Safeguards = Safeguards{JobRelated: true, ObjectionAtCollection: true, ObjectionInEveryMessage: true}
		}, nil, []string{"scraping"}, LevelUnlawful},
		{"ProviderAdmitsScraping", func(m *CollectionMethod) {
			m.Kind, m.ProviderID = "bought_list", 9
			m.Safeguards = Safeguards{Art14Notice: true, ObjectionInEveryMessage: true}
		}, assessedProvider(true, true, false), []string{"scraping"}, LevelUnlawful},
		{"NoBasis", func(m *CollectionMethod) { m.LegalBasis = "" }, nil, []string{"basis_missing"}, ActNow},
		{"PublicTaskForMarketing", func(m *CollectionMethod) { m.LegalBasis = "public_task" }, nil, []string{"basis_not_for_marketing"}, LevelUnlawful},
		{"ForcedOptInKind", func(m *CollectionMethod) { m.Kind = "forced_opt_in" }, nil, []string{"forced_opt_in"}, LevelUnlawful},
		{"ConsentConditional", func(m *CollectionMethod) { m.Safeguards.ConsentConditional = true }, nil, []string{"forced_opt_in"}, LevelUnlawful},
		{"ConsentInTerms", func(m *CollectionMethod) { m.Kind = "consent_in_terms" }, nil, []string{"consent_in_terms"}, LevelUnlawful},
		{"ConsentNotSeparate", func(m *CollectionMethod) { m.Safeguards.ConsentSeparate = false }, nil,
			[]string{"consent_not_separate", "document_consent"}, ActNow},
		{"PrecheckedBox", func(m *CollectionMethod) { m.Safeguards.UntickedBox = false }, nil,
			[]string{"consent_prechecked", "document_consent"}, ActNow},
		{"NoProof", func(m *CollectionMethod) { m.Safeguards.ProofKept = false }, nil, []string{"consent_no_proof", "document_consent"}, ActNow},
		{"B2CEmailOnLegitimateInterests", func(m *CollectionMethod) { m.LegalBasis = "legitimate_interests" }, nil,
			[]string{"b2c_needs_consent"}, LevelUnlawful},
		{"B2CPostOnLegitimateInterests", func(m *CollectionMethod) { m.LegalBasis, m.Channels = "legitimate_interests", []string{"post"} }, nil,
			[]string{"document_legitimate_interests"}, Document},
		{"SoftOptInComplete", func(m *CollectionMethod) {
			m.Kind, m.LegalBasis = "soft_opt_in", "legitimate_interests"
			m.Safeguards.ExistingCustomers, m.Safeguards.AnalogousProducts, m.Safeguards.ObjectionAtCollection = true, true, true
		}, nil, []string{"document_legitimate_interests"}, Document},
		{"SoftOptInNothingConfirmed", func(m *CollectionMethod) {
			m.Kind, m.LegalBasis, m.Safeguards = "soft_opt_in", "legitimate_interests", Safeguards{NoticeAtCollection: true, ObjectionInEveryMessage: true}
		}, nil, []string{"soft_opt_in_not_customers", "soft_opt_in_not_analogous", "soft_opt_in_no_objection", "document_legitimate_interests"}, ActNow},
		{"CheckoutOnLegitimateInterestsIsSoftOptIn", func(m *CollectionMethod) {
			m.Kind, m.LegalBasis = "checkout", "legitimate_interests"
			m.Safeguards.ExistingCustomers, m.Safeguards.AnalogousProducts = true, true
		}, nil, []string{"soft_opt_in_no_objection", "document_legitimate_interests"}, ActNow},
		{"B2BComplete", func(m *CollectionMethod) {
			m.Audience, m.LegalBasis = "b2b", "legitimate_interests"
			m.Safeguards.JobRelated, m.Safeguards.ObjectionAtCollection = true, true
		}, nil, []string{"document_legitimate_interests"}, Document},
		{"B2BNotConfirmed", func(m *CollectionMethod) { m.Audience, m.LegalBasis = "b2b", "legitimate_interests" }, nil,
			[]string{"b2b_not_job_related", "b2b_no_objection", "document_legitimate_interests"}, ActNow},
		{"BoughtListNothingShown", func(m *CollectionMethod) {
			m.Kind, m.Safeguards = "bought_list", Safeguards{ObjectionInEveryMessage: true}
		}, nil, []string{"list_no_seller_consent", "list_no_art14", "list_no_questionnaire", "document_consent"}, ActNow},
		{"BoughtListProviderVouches", func(m *CollectionMethod) {
			m.Kind, m.ProviderID, m.Safeguards = "bought_list", 9, Safeguards{Art14Notice: true, ObjectionInEveryMessage: true}
		}, assessedProvider(true, false, false), []string{"document_consent"}, Document},
		{"RentedListProviderWithoutConsent", func(m *CollectionMethod) {
			m.Kind, m.ProviderID, m.Safeguards = "rented_list", 9, Safeguards{Art14Notice: true, ObjectionInEveryMessage: true}
		}, assessedProvider(false, false, false), []string{"list_no_seller_consent", "document_consent"}, ActNow},
		{"BoughtListSensitive", func(m *CollectionMethod) {
			m.Kind, m.ProviderID, m.Safeguards = "bought_list", 9, Safeguards{Art14Notice: true, ObjectionInEveryMessage: true}
		}, assessedProvider(true, false, true), []string{"list_sensitive", "document_consent"}, ActNow},
		{"ReferralReused", func(m *CollectionMethod) { m.Kind, m.Safeguards.Art14Notice = "referral", true }, nil,
			[]string{"referral_reuse", "document_consent"}, ActNow},
		{"ReferralSingleMessageNoNotice", func(m *CollectionMethod) { m.Kind, m.Safeguards.SingleReferralMessage = "referral", true }, nil,
			[]string{"no_art14_notice", "document_consent"}, ActNow},
		{"ContestSharedWithoutConsent", func(m *CollectionMethod) { m.Kind, m.Safeguards.SharedWithPartners = "contest", true }, nil,
			[]string{"contest_partners", "document_consent"}, ActNow},
		{"ContestSharedWithConsent", func(m *CollectionMethod) {
			m.Kind, m.Safeguards.SharedWithPartners, m.Safeguards.PartnerConsentSeparate = "contest", true, true
		}, nil, []string{"document_consent"}, Document},
		{"NoNotice", func(m *CollectionMethod) { m.Safeguards.NoticeAtCollection = false }, nil, []string{"no_notice", "document_consent"}, ActNow},
		{"NoUnsubscribe", func(m *CollectionMethod) { m.Safeguards.ObjectionInEveryMessage = false }, nil,
			[]string{"no_unsubscribe", "document_consent"}, ActNow},
		{"KeptFiveYears", func(m *CollectionMethod) { m.RetentionMonths = 60 }, nil, []string{"retention_too_long", "document_consent"}, ActNow},
		{"KeptThreeYears", func(m *CollectionMethod) { m.RetentionMonths = 36 }, nil, []string{"document_consent"}, Document},
		{"BadgeScanB2B", func(m *CollectionMethod) {
			m.Kind, m.Audience, m.LegalBasis = "badge_scan", "b2b", "legitimate_interests"
			m.Safeguards = Safeguards{NoticeAtCollection: true, JobRelated: true, ObjectionAtCollection: true, ObjectionInEveryMessage: true}
		}, nil, []string{"badge_scan", "document_legitimate_interests"}, Document},
		{"BusinessCardB2B", func(m *CollectionMethod) {
			m.Kind, m.Audience, m.LegalBasis = "business_card", "b2b", "legitimate_interests"
			m.Safeguards = Safeguards{NoticeAtCollection: true, JobRelated: true, ObjectionAtCollection: true, ObjectionInEveryMessage: true}
		}, nil, []string{"business_card", "document_legitimate_interests"}, Document},
		{"NotLinked", func(m *CollectionMethod) { m.ActivityIDs = nil }, nil, []string{"no_activity", "document_consent"}, Document},
		{"ContractBasisPostOnly", func(m *CollectionMethod) { m.LegalBasis, m.Channels = "contract", []string{"post"} }, nil,
			[]string{"document_contract"}, Document},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := okForm()
			tt.change(m)
			c := CheckMethod(m, tt.provider)
			var got []string
			for _, f := range c.Findings {
				got = append(got, f.Rule)
				if len(f.Refs) == 0 {
					t.Errorf("finding %s has no reference", f.Rule)
				}
				if (f.Action == Document) != (f.Level == LevelInfo) {
					t.Errorf("finding %s: level %s with action %s", f.Rule, f.Level, f.Action)
				}
			}
			if !slices.Equal(got, tt.rules) {
				t.Errorf("findings = %v, want %v", got, tt.rules)
			}
			if c.Verdict != tt.verdict {
				t.Errorf("verdict = %s, want %s", c.Verdict, tt.verdict)
			}
		})
	}
}

// TestMethodRulesCovered fails when a rule of the table is never hit by
// the cases of TestCheckMethod's kinds.
func TestMethodRulesCovered(t *testing.T) {
	hit := map[string]bool{}
	for _, k := range MethodKinds {
		for _, basis := range append(LegalBases, "") {
			for _, aud := range Audiences {
				m := &CollectionMethod{Kind: k, Audience: aud, LegalBasis: basis, Channels: []string{"email"}, RetentionMonths: 60,
					Safeguards: Safeguards{ConsentConditional: true, SharedWithPartners: true}}
				for _, p := range []*Vendor{nil, assessedProvider(false, true, true)} {
					for _, f := range CheckMethod(m, p).Findings {
						hit[f.Rule] = true
					}
				}
			}
		}
	}
	for _, r := range methodRules {
		if !hit[r.rule] {
			t.Errorf("method rule %s is never triggered", r.rule)
		}
	}
}

func TestUncertainRulesSayItself(t *testing.T) {
	for _, r := range methodRules {
		if r.uncertain && r.level == LevelInfo {
			t.Errorf("rule %s: an uncertain rule should ask for action, not only documentation", r.rule)
		}
	}
}

func TestMethodCatalogue(t *testing.T) {
	if len(MethodCatalogue) != len(MethodKinds) {
		t.Fatalf("catalogue has %d kinds, MethodKinds %d", len(MethodCatalogue), len(MethodKinds))
	}
	for i, k := range MethodCatalogue {
		m := NewMethod(k.Kind)
		m.Name = "x"
		if k.Kind != MethodKinds[i] || m.Validate() != nil {
			t.Errorf("catalogue entry %d %+v: %v", i, k, m.Validate())
		}
	}
	// The catalogue's usual basis for scraping is still unlawful.
	if c := CheckMethod(NewMethod("scraping"), nil); c.Verdict != LevelUnlawful {
		t.Errorf("scraping verdict = %s", c.Verdict)
	}
}

// TestSafeguardKeys checks that every key names a field, under the JSON
// name the stored form uses.
func TestSafeguardKeys(t *testing.T) {
	var s Safeguards
	for _, k := range SafeguardKeys {
		f := s.Field(k)
		if f == nil {
			t.Fatalf("no field for %s", k)
		}
		*f = true
	}
	b, _ := json.Marshal(s)
	var m map[string]bool
	_ = json.Unmarshal(b, &m)
	if len(m) != len(SafeguardKeys) {
		t.Errorf("%d JSON fields set, want %d: %s", len(m), len(SafeguardKeys), b)
	}
	for _, k := range SafeguardKeys {
		if !m[k] {
			t.Errorf("JSON lacks %s", k)
		}
	}
	if s.Field("nope") != nil {
		t.Error("unknown key has a field")
	}
}
