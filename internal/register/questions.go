package register

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// The questions below are written by us, after the kit's three tools
// (third-party vendor checklist, e-mailing provider checklist, questions
// to ask a data provider), which name the checks but not their content.
// Their texts are in register.<lang>.toml under register.q.<key>.

// applyFunc writes one answer into a vendor; at is when it was given.
type applyFunc func(v *Vendor, value string, at time.Time)

func setText(dst func(*Vendor) *string) applyFunc {
	return func(v *Vendor, s string, _ time.Time) { *dst(v) = s }
}

func setYes(dst func(*Vendor) *bool) applyFunc {
	return func(v *Vendor, s string, _ time.Time) { *dst(v) = s == "yes" }
}

func clause(c string) Question {
	return Question{Key: "clause_" + c, Kind: KindYesNo, apply: func(v *Vendor, s string, _ time.Time) {
		v.Agreement.Clauses = slices.DeleteFunc(v.Agreement.Clauses, func(x string) bool { return x == c })
		if s == "yes" {
			v.Agreement.Clauses = append(v.Agreement.Clauses, c)
			slices.Sort(v.Agreement.Clauses)
		}
	}}
}

var (
	qLegalName      = Question{Key: "legal_name", Kind: KindText, apply: setText(func(v *Vendor) *string { return &v.LegalName })}
	qPrivacyContact = Question{Key: "privacy_contact", Kind: KindText, apply: setText(func(v *Vendor) *string { return &v.PrivacyContact })}
	qDPAOffered     = Question{Key: "dpa_offered", Kind: KindYesNo}
	qDPADocument    = Question{Key: "dpa_document", Kind: KindText, apply: setText(func(v *Vendor) *string { return &v.Agreement.Document })}
	qCountries      = Question{Key: "countries", Kind: KindCountries, apply: func(v *Vendor, s string, _ time.Time) {
		v.Countries = SplitList(strings.ToUpper(s))
	}}
	qDPF = Question{Key: "dpf_certified", Kind: KindYesNo, apply: applyDPF}
	// The safeguard follows the countries and the DPF answer: it fills
	// every third country still without a mechanism.
	qSafeguard = Question{Key: "transfer_safeguard", Kind: KindChoice,
		Options: Keys{"scc_module_2", "scc_module_3", "bcr", "none", "not_applicable"}, apply: applySafeguard}
	qSubProcessors = Question{Key: "sub_processors", Kind: KindText, apply: func(v *Vendor, s string, _ time.Time) {
		v.SubProcessorList, v.SubProcessorsKnown = s, s != ""
	}}
	qSubProcessorNotice = Question{Key: "sub_processor_notice", Kind: KindYesNo}
	qCertifications     = Question{Key: "certifications", Kind: KindChoices, Options: Certifications, apply: func(v *Vendor, s string, _ time.Time) {
		v.Certifications = SplitList(s)
	}}
	qSecurity    = Question{Key: "security_measures", Kind: KindText}
	qBreachHours = Question{Key: "breach_hours", Kind: KindNumber, apply: func(v *Vendor, s string, _ time.Time) {
		v.BreachNoticeHours, _ = strconv.Atoi(s)
	}}
	qRightsChannels = Question{Key: "rights_channels", Kind: KindChoices, Options: RightsChannels, apply: func(v *Vendor, s string, _ time.Time) {
		v.RightsChannels = SplitList(s)
	}}
	qRightsContact     = Question{Key: "rights_contact", Kind: KindText, apply: setText(func(v *Vendor) *string { return &v.RightsContact })}
	qOwnPurposes       = Question{Key: "own_purposes", Kind: KindYesNo, apply: setYes(func(v *Vendor) *bool { return &v.OwnPurposes })}
	qProcessorRegister = Question{Key: "processor_register", Kind: KindYesNo}
)

var vendorChecklist = Template{Key: "vendor", Questions: []Question{
	qLegalName, qPrivacyContact, qDPAOffered, qDPADocument,
	clause("a"), clause("b"), clause("c"), clause("d"), clause("e"), clause("f"), clause("g"), clause("h"),
	qCountries, qDPF, qSafeguard, qSubProcessors, qSubProcessorNotice,
	qCertifications, qSecurity, qBreachHours, qRightsChannels, qRightsContact, qOwnPurposes, qProcessorRegister,
}}

var emailingChecklist = Template{Key: "emailing", Questions: []Question{
	qPrivacyContact, qDPAOffered, qDPADocument, qCountries, qDPF, qSafeguard, qSubProcessors,
	qCertifications, qBreachHours, qRightsChannels, qOwnPurposes,
	{Key: "unsubscribe_link", Kind: KindYesNo},
	{Key: "suppression_list", Kind: KindYesNo},
	{Key: "consent_proof_export", Kind: KindYesNo},
	{Key: "double_opt_in", Kind: KindYesNo},
	{Key: "tracking_control", Kind: KindYesNo},
	{Key: "data_export", Kind: KindYesNo},
	{Key: "deletion_everywhere", Kind: KindYesNo},
}}

var dataProviderQuestions = Template{Key: "data_provider", Questions: []Question{
	qLegalName, qPrivacyContact,
	{Key: "list_source", Kind: KindText, apply: setText(func(v *Vendor) *string { return &v.List.Source })},
	{Key: "collection_date", Kind: KindText},
	{Key: "consent_wording", Kind: KindText},
	{Key: "consent_transfer", Kind: KindYesNo, apply: setYes(func(v *Vendor) *bool { return &v.List.ConsentForTransfer })},
	{Key: "consent_proof", Kind: KindYesNo, apply: setYes(func(v *Vendor) *bool { return &v.List.ConsentProof })},
	{Key: "informed_sharing", Kind: KindYesNo, apply: setYes(func(v *Vendor) *bool { return &v.List.InformedOfSharing })},
	{Key: "list_audience", Kind: KindChoice, Options: Keys{"b2c", "b2b", "mixed"}},
	{Key: "scraped", Kind: KindYesNo, apply: setYes(func(v *Vendor) *bool { return &v.List.Scraped })},
	{Key: "list_sensitive", Kind: KindYesNo, apply: setYes(func(v *Vendor) *bool { return &v.List.Sensitive })},
	{Key: "objections", Kind: KindYesNo, apply: setYes(func(v *Vendor) *bool { return &v.List.ObjectionsHandled })},
	{Key: "list_cleaning", Kind: KindText},
	{Key: "list_retention", Kind: KindText},
	qCountries,
}, done: func(v *Vendor, at time.Time) {
	v.List.Assessed, v.List.AssessedOn = true, at
}}

// QuestionnaireTemplates are the built-in questionnaires, in the order
// the kit lists them.
var QuestionnaireTemplates = []Template{vendorChecklist, emailingChecklist, dataProviderQuestions}

// applyDPF records a US importer's self-certification: "yes" makes the DPF
// the US mechanism (keeping fallback SCCs if any); "no" withdraws a DPF
// claim, leaving the safeguard question to fill the gap.
func applyDPF(v *Vendor, s string, _ time.Time) {
	t, ok := v.TransferFor("US")
	switch {
	case s == "yes" && (!ok || t.Mechanism == "none" || t.Mechanism == "us_dpf"):
		setTransfer(v, Transfer{Country: "US", Mechanism: "us_dpf", Documentation: t.Documentation, FallbackSCC: t.FallbackSCC})
	case s == "yes" && strings.HasPrefix(t.Mechanism, "scc_"):
		// SCCs already signed: switch to the DPF and keep them as fallback.
		setTransfer(v, Transfer{Country: "US", Mechanism: "us_dpf", Documentation: t.Documentation, FallbackSCC: true})
	case s == "no" && ok && t.Mechanism == "us_dpf":
		setTransfer(v, Transfer{Country: "US", Mechanism: "none", Documentation: t.Documentation})
	}
}

// applySafeguard gives the declared safeguard to every third country of
// the vendor without an adequacy decision and without a mechanism; for a
// DPF importer, SCCs become the fallback.
func applySafeguard(v *Vendor, s string, at time.Time) {
	if s == "not_applicable" {
		return
	}
	for _, c := range v.Countries {
		if EEA.Has(c) {
			continue
		}
		if a, ok := AdequacyFor(c, at); ok && a.Confirmed && !a.DPFOnly {
			continue
		}
		t, ok := v.TransferFor(c)
		switch {
		case ok && t.Mechanism == "us_dpf" && strings.HasPrefix(s, "scc_"):
			t.FallbackSCC = true
			setTransfer(v, t)
		case !ok || t.Mechanism == "none":
			setTransfer(v, Transfer{Country: c, Mechanism: s, Documentation: t.Documentation})
		}
	}
}

func setTransfer(v *Vendor, t Transfer) {
	for i := range v.Transfers {
		if v.Transfers[i].Country == t.Country {
			v.Transfers[i] = t
			return
		}
	}
	v.Transfers = append(v.Transfers, t)
}
