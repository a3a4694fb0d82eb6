package register

import (
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/locale"
)

// TestEveryKeyTranslated checks that every key the register can emit (its
// vocabularies, rules, findings, gaps, references, questions, templates)
// exists in both catalogs, so no page or export shows a raw key.
func TestEveryKeyTranslated(t *testing.T) {
	var keys []string
	add := func(prefix string, ks ...string) {
		for _, k := range ks {
			keys = append(keys, prefix+k)
		}
	}
	add("register.vendor_category.", VendorCategories...)
	add("register.vendor_role.", VendorRoles...)
	add("register.rights_channel.", RightsChannels...)
	add("register.certification.", Certifications...)
	add("register.data_category.", CategoryKeys()...)
	add("register.subject.", Subjects...)
	add("register.retention_trigger.", RetentionTriggers...)
	add("register.retention_from.", RetentionTriggers...)
	add("register.retention_until.", RetentionTriggers...)
	add("register.retention_fate.", RetentionFates...)
	add("register.source.", SourceKinds...)
	add("register.recipient_kind.", RecipientKinds...)
	add("basis.", LegalBases...)
	add("register.basis_official.", LegalBases...)
	add("register.art9.", Art9Conditions...)
	add("register.clause.", Clauses...)
	add("register.clause_official.", Clauses...)
	add("register.mechanism.", Mechanisms...)
	add("register.method_kind.", MethodKinds...)
	for _, k := range MethodKinds {
		add("register.method_kind.", k+".help")
	}
	add("register.audience.", Audiences...)
	add("register.safeguard.", SafeguardKeys...)
	add("register.channel.", Channels...)
	add("register.dpia.", DPIACriteria...)
	add("register.dpia_verdict.", DPIANeeded, DPIAOneMet, DPIANotNeeded, DPIADone)
	add("register.security.", SecurityHeadings...)
	add("register.transfer_status.", TransferAdequate, TransferDPF, TransferSafeguarded, TransferDerogation, TransferUnconfirmed, TransferMissing)
	add("register.risk_level.", RiskLow, RiskMedium, RiskHigh)
	add("register.verdict.", LevelUnlawful, ActNow, Document)
	add("register.action.", ActNow, Document)
	add("register.level.", LevelUnlawful, LevelRisky, LevelInfo)
	add("register.activity_role.", RoleController, RoleProcessor)
	for _, a := range AdequacyList {
		add("register.adequacy_scope.", a.Scope)
	}
	for _, r := range riskRules {
		add("register.risk.", r.rule)
		add("register.ref.", r.refs...)
	}
	for _, r := range methodRules {
		add("register.finding.", r.rule)
		add("register.ref.", r.refs...)
	}
	for _, b := range []string{"consent", "contract", "legitimate_interests"} {
		add("register.finding.document_", b)
	}
	for _, tpl := range QuestionnaireTemplates {
		add("register.qt."+tpl.Key+".", "title", "intro")
		for _, q := range tpl.Questions {
			add("register.q.", q.Key, q.Key+".help")
			add("register.q.opt.", q.Options...)
		}
	}
	for _, c := range vendorColumns {
		add("register.col.", c.key)
		add("register.help.", c.key)
	}
	for _, lang := range locale.Languages {
		c := locale.Shared()
		for _, k := range keys {
			if !c.Has(lang, k) {
				t.Errorf("%s: missing %s", lang, k)
			}
		}
	}
}

// TestTemplatesTranslated builds every activity template in both
// languages and checks that no text fell back to its key.
func TestTemplatesTranslated(t *testing.T) {
	for _, lang := range locale.Languages {
		for _, tpl := range ActivityTemplates {
			a, err := NewActivity(tpl.Key, lang)
			if err != nil {
				t.Fatal(err)
			}
			texts := []string{a.Name, a.Purpose, a.LegitimateInterest, a.Notes, a.Security.AccessControl}
			texts = append(texts, a.SubPurposes...)
			for _, d := range a.Data {
				texts = append(texts, d.Description, d.Retention.Note)
			}
			for _, s := range a.Sources {
				texts = append(texts, s.Detail)
			}
			for _, r := range a.Recipients {
				texts = append(texts, r.Name)
			}
			for _, s := range texts {
				if strings.HasPrefix(s, "register.") {
					t.Errorf("%s/%s: untranslated %s", lang, tpl.Key, s)
				}
			}
			if err := a.Validate(); err != nil {
				t.Errorf("%s/%s: template does not validate: %v", lang, tpl.Key, err)
			}
		}
	}
}

//nolint:misspell // French expected texts
func TestRetentionText(t *testing.T) {
	tests := []struct {
		lang string
		r    Retention
		want string
	}{
		{"en", Retention{Months: 36, Trigger: "last_contact", Fate: "delete"}, "3 years from the last contact from the person, then deleted."},
		{"fr", Retention{Months: 36, Trigger: "last_contact", Fate: "delete"}, "3 ans à compter du dernier contact émanant de la personne, puis supprimées."},
		{"fr", Retention{Months: 13, Trigger: "transaction", Fate: "archive"}, "13 mois à compter de la transaction, en archivage intermédiaire, puis supprimées."},
		{"en", Retention{Months: 12}, "1 year."},
		{"en", Retention{Trigger: "consent_withdrawn", Note: "See policy."}, "Until consent is withdrawn. See policy."},
		{"en", Retention{}, ""},
	}
	for _, tt := range tests {
		if got := RetentionText(tt.lang, tt.r); got != tt.want {
			t.Errorf("RetentionText(%s, %+v) = %q, want %q", tt.lang, tt.r, got, tt.want)
		}
	}
}

func TestExplainUsesLabels(t *testing.T) {
	p := VendorRisk(&Vendor{Role: "processor", Agreement: Agreement{Signed: true, Clauses: []string{"a", "b", "c", "d", "e", "f"}},
		Countries: []string{"IN"}}, now)
	var clauses, transfer string
	for _, pt := range p.Points {
		switch pt.Rule {
		case "missing_clauses":
			clauses = ExplainRisk("fr", pt)
		case "transfer_missing":
			transfer = ExplainRisk("en", pt)
		}
	}
	if !strings.Contains(clauses, "g) suppression ou renvoi") || !strings.Contains(clauses, "2 des clauses") {
		t.Errorf("clauses explained as %q", clauses)
	}
	if !strings.Contains(transfer, "India") {
		t.Errorf("transfer explained as %q", transfer)
	}
	f := Finding{Rule: "list_no_seller_consent", Uncertain: true}
	if s := ExplainFinding("en", f); !strings.Contains(s, "secondary sources") {
		t.Errorf("uncertain finding explained as %q", s)
	}
}

// TestFrenchCitations checks that French cites provisions and joins
// references the French way, and English keeps its own.
func TestFrenchCitations(t *testing.T) {
	for _, tc := range []struct{ lang, item, want string }{
		{"fr", "30(1)(a)", "30.1.a"}, {"fr", "9(2)", "9.2"}, {"fr", "cnil", "cnil"}, {"en", "30(1)(a)", "30(1)(a)"},
	} {
		if got := Provision(tc.lang, tc.item); got != tc.want {
			t.Errorf("Provision(%s, %s) = %q, want %q", tc.lang, tc.item, got, tc.want)
		}
	}
	if got := locale.T("fr", "register.export.fiche.gap_missing", map[string]any{"Item": Provision("fr", "30(1)(a)")}); got != "Manquant (art. 30.1.a)" {
		t.Errorf("French gap: %q", got)
	}
	refs := []string{"art5_2", "art6_1"}
	if got, want := References("fr", refs), "RGPD, art. 5.2\u00a0; RGPD, art. 6.1"; got != want {
		t.Errorf("French references: %q, want %q", got, want)
	}
	if got := References("en", refs); !strings.Contains(got, "5(2); GDPR") {
		t.Errorf("English references: %q", got)
	}
}

// TestImportFoldsApostrophes checks that a vendor sheet typed by hand, or
// exported before the French labels took the typographic apostrophe,
// still reads: headers and vocabulary cells match with ' or ’.
func TestImportFoldsApostrophes(t *testing.T) {
	for _, h := range []string{"Pays d'établissement", "Pays d’établissement", " PAYS D'ÉTABLISSEMENT "} {
		if c, ok := columnByHeader(h); !ok || c.key != "country" {
			t.Errorf("header %q: %v %q", h, ok, c.key)
		}
	}
	ix := newVocabIndex("vendor_category", VendorCategories)
	for _, s := range []string{"Solution d'emailing", "Solution d’emailing", "emailing"} {
		if k, ok := ix.key(s); !ok || k != "emailing" {
			t.Errorf("category %q: %v %q", s, ok, k)
		}
	}
}
