package register

// Finding levels and actions. The kit asks, for every collection method,
// whether it needs measures now or only a documented legal basis.
const (
	LevelUnlawful = "unlawful" // no valid basis or invalid consent: stop using the contacts
	LevelRisky    = "risky"    // a condition of the basis is not shown to hold: fix it
	LevelInfo     = "info"     // lawful as described: keep the documentation

	ActNow   = "act_now"
	Document = "document"
)

// Finding is one result of the collection-method rules. Its explanation
// is "register.finding.<rule>"; Refs are keys of "register.ref.<ref>".
// Uncertain marks a rule resting on CNIL guidance we could only read
// through secondary sources (legal-reference §8.2): the text says so.
type Finding struct {
	Rule      string         `json:"rule"`
	Level     string         `json:"level"`
	Action    string         `json:"action"`
	Args      map[string]any `json:"args,omitempty"`
	Refs      []string       `json:"refs"`
	Uncertain bool           `json:"uncertain,omitempty"`
}

// MethodCheck is the verdict on one method: the worst of its findings.
type MethodCheck struct {
	Verdict  string    `json:"verdict"` // unlawful, act_now or document
	Findings []Finding `json:"findings"`
}

// methodRule is one row of the collection-method rules table
// (docs/registers.md). applies sees the method and the vendor providing
// its list, if any (nil otherwise).
type methodRule struct {
	rule      string
	level     string
	refs      []string
	uncertain bool
	applies   func(m *CollectionMethod, p *Vendor) bool
}

// CheckMethod runs every rule on the method. provider is the vendor the
// method's ProviderID names, or nil. The rules are pure and ordered: the
// most serious come first, and a final "document" finding says what to
// keep on file for the basis whenever the method is not unlawful.
func CheckMethod(m *CollectionMethod, provider *Vendor) MethodCheck {
	c := MethodCheck{Verdict: Document, Findings: []Finding{}}
	for _, r := range methodRules {
		if !r.applies(m, provider) {
			continue
		}
		f := Finding{Rule: r.rule, Level: r.level, Action: ActNow, Refs: r.refs, Uncertain: r.uncertain}
		if r.level == LevelInfo {
			f.Action = Document
		}
		if r.rule == "retention_too_long" {
			f.Args = map[string]any{"Months": m.RetentionMonths}
		}
		c.Findings = append(c.Findings, f)
		c.Verdict = worse(c.Verdict, f)
	}
	if f, ok := documentBasis(m, c.Verdict); ok {
		c.Findings = append(c.Findings, f)
	}
	return c
}

func worse(verdict string, f Finding) string {
	switch {
	case f.Level == LevelUnlawful:
		return LevelUnlawful
	case verdict == LevelUnlawful:
		return verdict
	case f.Action == ActNow:
		return ActNow
	}
	return verdict
}

// documentBasis says what to keep on file for a valid basis (Art. 5(2),
// Art. 7(1); legal-reference §1.2), unless the method is unlawful anyway.
func documentBasis(m *CollectionMethod, verdict string) (Finding, bool) {
	if verdict == LevelUnlawful {
		return Finding{}, false
	}
	refs := map[string][]string{
		"consent":              {"art7_1"},
		"contract":             {"art6_1"},
		"legitimate_interests": {"art6_1", "art21_2"},
	}[m.LegalBasis]
	if refs == nil {
		return Finding{}, false
	}
	return Finding{Rule: "document_" + m.LegalBasis, Level: LevelInfo, Action: Document, Refs: refs}, true
}

// Kinds the rules group.
var (
	// Data collected from the person: an Art. 13 notice at collection.
	directKinds = Keys{"web_form", "checkout", "soft_opt_in", "forced_opt_in", "consent_in_terms", "contest",
		"badge_scan", "business_card", "paper_form", "phone"}
	// Data obtained elsewhere, other than lists: an Art. 14 notice.
	indirectKinds = Keys{"referral", "partner"}
	listKinds     = Keys{"bought_list", "rented_list"}
	// Where consent is given by ticking a box.
	formKinds = Keys{"web_form", "checkout", "contest", "paper_form", "partner"}
	// Bases that can never justify marketing.
	nonMarketingBases = Keys{"legal_obligation", "vital_interests", "public_task"}
)

// softOptIn reports whether the method relies on the existing-customer
// exception of art. L.34-5 CPCE: declared as such, or a checkout relying
// on legitimate interests.
func softOptIn(m *CollectionMethod) bool {
	return m.Kind == "soft_opt_in" || (m.Kind == "checkout" && m.LegalBasis == "legitimate_interests")
}

func consentBased(m *CollectionMethod) bool { return m.LegalBasis == "consent" }

// b2bProspecting is e-mail or SMS to professionals on legitimate
// interests, outside the soft opt-in.
func b2bProspecting(m *CollectionMethod) bool {
	return m.Audience == "b2b" && m.Electronic() && m.LegalBasis == "legitimate_interests" && !softOptIn(m)
}

// listConsentProven accepts either the method's own confirmation or the
// provider's questionnaire answers.
func listConsentProven(m *CollectionMethod, p *Vendor) bool {
	if m.Safeguards.SellerConsentProof {
		return true
	}
	return p != nil && p.List.Assessed && p.List.ConsentForTransfer && p.List.ConsentProof
}
