package register

// methodRules is the collection-method rules table, most serious first.
// docs/registers.md lists the same rows with their sources; every row has
// a case in collect_test.go.
var methodRules = []methodRule{
	// Scraping: the CNIL fined KASPR EUR 240,000 for collecting LinkedIn
	// contact details with no valid legal basis (SAN-2024-020). A provider
	// admitting scraping taints the lists bought from it.
	{"scraping", LevelUnlawful, []string{"cnil_kaspr", "art6_1", "art14"}, false, func(m *CollectionMethod, p *Vendor) bool {
		return m.Kind == "scraping" || (p != nil && p.List.Assessed && p.List.Scraped)
	}},
	{"basis_missing", LevelRisky, []string{"art6_1"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return m.LegalBasis == ""
	}},
	{"basis_not_for_marketing", LevelUnlawful, []string{"art6_1"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return nonMarketingBases.Has(m.LegalBasis)
	}},
	// Consent made a condition of a service or an entry is not freely
	// given.
	{"forced_opt_in", LevelUnlawful, []string{"art7_4", "recital43"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return m.Kind == "forced_opt_in" || (consentBased(m) && m.Safeguards.ConsentConditional)
	}},
	// Ticking "I accept the terms" is not consent (Conseil d'État,
	// 11 March 2015, n° 368624).
	{"consent_in_terms", LevelUnlawful, []string{"ce_368624", "art7_2"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return m.Kind == "consent_in_terms"
	}},
	{"consent_not_separate", LevelRisky, []string{"art7_2", "ce_368624"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return consentBased(m) && !m.Safeguards.ConsentSeparate && m.Kind != "consent_in_terms" && m.Kind != "forced_opt_in" && !listKinds.Has(m.Kind)
	}},
	{"consent_prechecked", LevelRisky, []string{"recital32", "art4_11"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return consentBased(m) && formKinds.Has(m.Kind) && !m.Safeguards.UntickedBox
	}},
	{"consent_no_proof", LevelRisky, []string{"art7_1"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		// For lists the proof is the seller's: list_no_seller_consent.
		return consentBased(m) && !m.Safeguards.ProofKept && !listKinds.Has(m.Kind)
	}},
	// E-mail and SMS to consumers need prior consent; the only exception
	// is the soft opt-in.
	{"b2c_needs_consent", LevelUnlawful, []string{"cpce_l34_5"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return m.Audience == "b2c" && m.Electronic() && (m.LegalBasis == "legitimate_interests" || m.LegalBasis == "contract") && !softOptIn(m)
	}},
	{"soft_opt_in_not_customers", LevelRisky, []string{"cpce_l34_5"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return softOptIn(m) && !m.Safeguards.ExistingCustomers
	}},
	{"soft_opt_in_not_analogous", LevelRisky, []string{"cpce_l34_5"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return softOptIn(m) && !m.Safeguards.AnalogousProducts
	}},
	{"soft_opt_in_no_objection", LevelRisky, []string{"cpce_l34_5", "art21_4"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return softOptIn(m) && !m.Safeguards.ObjectionAtCollection
	}},
	{"b2b_not_job_related", LevelRisky, []string{"cpce_l34_5", "cnil_b2b_2005"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return b2bProspecting(m) && !m.Safeguards.JobRelated
	}},
	{"b2b_no_objection", LevelRisky, []string{"cpce_l34_5", "cnil_b2b_2005", "art21_4"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return b2bProspecting(m) && !m.Safeguards.ObjectionAtCollection
	}},
	// Bought and rented lists: the seller must have obtained consent to
	// the transfer to partners, the buyer informs at the first message and
	// questions the provider first.
	{"list_no_seller_consent", LevelRisky, []string{"art7_1", "cnil_lists"}, true, func(m *CollectionMethod, p *Vendor) bool {
		return listKinds.Has(m.Kind) && !listConsentProven(m, p)
	}},
	{"list_no_art14", LevelRisky, []string{"art14_3"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return listKinds.Has(m.Kind) && !m.Safeguards.Art14Notice
	}},
	{"list_no_questionnaire", LevelRisky, []string{"art5_2", "kit_provider"}, false, func(m *CollectionMethod, p *Vendor) bool {
		return listKinds.Has(m.Kind) && (p == nil || !p.List.Assessed)
	}},
	{"list_sensitive", LevelRisky, []string{"art9"}, false, func(m *CollectionMethod, p *Vendor) bool {
		return listKinds.Has(m.Kind) && p != nil && p.List.Assessed && p.List.Sensitive
	}},
	{"referral_reuse", LevelRisky, []string{"cnil_referral", "art14"}, true, func(m *CollectionMethod, _ *Vendor) bool {
		return m.Kind == "referral" && !m.Safeguards.SingleReferralMessage
	}},
	{"contest_partners", LevelRisky, []string{"cnil_contests", "art7_2", "art14"}, true, func(m *CollectionMethod, _ *Vendor) bool {
		return m.Kind == "contest" && m.Safeguards.SharedWithPartners && !m.Safeguards.PartnerConsentSeparate
	}},
	{"no_notice", LevelRisky, []string{"art13"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return directKinds.Has(m.Kind) && !m.Safeguards.NoticeAtCollection
	}},
	{"no_art14_notice", LevelRisky, []string{"art14_3"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return indirectKinds.Has(m.Kind) && !m.Safeguards.Art14Notice
	}},
	{"no_unsubscribe", LevelRisky, []string{"cpce_l34_5", "art21_2"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return m.Electronic() && !m.Safeguards.ObjectionInEveryMessage
	}},
	// The CNIL's reference for commercial activities keeps prospects three
	// years from the last contact from them; it found five years excessive
	// in the KASPR decision.
	{"retention_too_long", LevelRisky, []string{"cnil_referentiel_commercial", "cnil_kaspr"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return m.RetentionMonths > 36
	}},
	{"badge_scan", LevelInfo, []string{"art13", "cpce_l34_5"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return m.Kind == "badge_scan"
	}},
	{"business_card", LevelInfo, []string{"art13", "cnil_b2b_2005"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return m.Kind == "business_card"
	}},
	{"no_activity", LevelInfo, []string{"art30_1"}, false, func(m *CollectionMethod, _ *Vendor) bool {
		return len(m.ActivityIDs) == 0
	}},
}
