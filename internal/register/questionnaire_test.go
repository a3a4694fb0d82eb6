package register

import (
	"slices"
	"testing"
)

func TestTemplatesWellFormed(t *testing.T) {
	for _, tpl := range QuestionnaireTemplates {
		seen := map[string]bool{}
		for _, q := range tpl.Questions {
			if seen[q.Key] {
				t.Errorf("%s: question %s twice", tpl.Key, q.Key)
			}
			seen[q.Key] = true
			if (q.Kind == KindChoice || q.Kind == KindChoices) != (len(q.Options) > 0) {
				t.Errorf("%s: question %s of kind %s with options %v", tpl.Key, q.Key, q.Kind, q.Options)
			}
		}
	}
}

func TestCheckAnswers(t *testing.T) {
	tpl, _ := TemplateByKey("vendor")
	tests := []struct {
		name    string
		answers []Answer
		ok      bool
	}{
		{"Valid", []Answer{{"clause_a", "yes"}, {"breach_hours", "24"}, {"countries", "fr, us"}, {"certifications", "iso27001,soc2"}}, true},
		{"EmptyDropped", []Answer{{"clause_a", " "}}, true},
		{"UnknownQuestion", []Answer{{"favourite_colour", "blue"}}, false},
		{"Twice", []Answer{{"clause_a", "yes"}, {"clause_a", "no"}}, false},
		{"BadYesNo", []Answer{{"clause_a", "maybe"}}, false},
		{"BadNumber", []Answer{{"breach_hours", "soon"}}, false},
		{"BadCountry", []Answer{{"countries", "France"}}, false},
		{"BadChoice", []Answer{{"transfer_safeguard", "handshake"}}, false},
		{"BadChoices", []Answer{{"rights_channels", "email,pigeon"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tpl.CheckAnswers(tt.answers)
			if (err == nil) != tt.ok {
				t.Errorf("CheckAnswers(%v) error = %v, want ok %v", tt.answers, err, tt.ok)
			}
		})
	}
}

func TestApplyVendorChecklist(t *testing.T) {
	tpl, _ := TemplateByKey("vendor")
	v := &Vendor{Name: "Chatty", Category: "chat", Role: "processor", Agreement: Agreement{Signed: true, Clauses: []string{"h"}}}
	answers, err := tpl.CheckAnswers([]Answer{
		{"clause_a", "yes"}, {"clause_b", "yes"}, {"clause_h", "no"},
		{"countries", "FR, US, IN, GB"}, {"dpf_certified", "yes"}, {"transfer_safeguard", "scc_module_2"},
		{"sub_processors", "https://chatty.example/subprocessors"}, {"certifications", "iso27001"},
		{"breach_hours", "36"}, {"rights_channels", "email, api"}, {"own_purposes", "no"},
	})
	if err != nil {
		t.Fatal(err)
	}
	tpl.Apply(v, answers, now)
	if !slices.Equal(v.Agreement.Clauses, []string{"a", "b"}) {
		t.Errorf("clauses = %v, want [a b]", v.Agreement.Clauses)
	}
	us, _ := v.TransferFor("US")
	in, _ := v.TransferFor("IN")
	_, gb := v.TransferFor("GB")
	if us.Mechanism != "us_dpf" || !us.FallbackSCC || in.Mechanism != "scc_module_2" || gb {
		t.Errorf("transfers = %+v, want US on DPF with fallback SCCs, IN on SCCs, nothing for adequate GB", v.Transfers)
	}
	if !v.SubProcessorsKnown || v.BreachNoticeHours != 36 || !slices.Equal(v.RightsChannels, []string{"email", "api"}) {
		t.Errorf("vendor = %+v", v)
	}
	if r := VendorRisk(v, now); hasRule(r, "transfer_missing") || hasRule(r, "sub_processors_unknown") || !hasRule(r, "missing_clauses") {
		t.Errorf("risk after answers = %+v", r.Points)
	}
}

func TestApplyDPFNoWithdrawsClaim(t *testing.T) {
	tpl, _ := TemplateByKey("emailing")
	v := &Vendor{Countries: []string{"US"}, Transfers: []Transfer{{Country: "US", Mechanism: "us_dpf"}}}
	tpl.Apply(v, []Answer{{"dpf_certified", "no"}, {"transfer_safeguard", "none"}}, now)
	if us, _ := v.TransferFor("US"); us.Mechanism != "none" {
		t.Errorf("US mechanism = %q, want none", us.Mechanism)
	}
}

func TestApplyDataProvider(t *testing.T) {
	tpl, _ := TemplateByKey("data_provider")
	v := &Vendor{Name: "Lists", Category: "data_provider", Role: "controller"}
	tpl.Apply(v, []Answer{{"consent_transfer", "yes"}, {"consent_proof", "yes"}, {"scraped", "no"}, {"list_source", "co-registration on partner sites"}}, now)
	if !v.List.Assessed || !v.List.AssessedOn.Equal(now) || !v.List.ConsentForTransfer || !v.List.ConsentProof || v.List.Scraped {
		t.Errorf("list = %+v", v.List)
	}
	if r := VendorRisk(v, now); hasRule(r, "provider_not_assessed") || hasRule(r, "provider_no_consent") {
		t.Errorf("risk after answers = %+v", r.Points)
	}
}

func hasRule(r Risk, rule string) bool {
	for _, p := range r.Points {
		if p.Rule == rule {
			return true
		}
	}
	return false
}
