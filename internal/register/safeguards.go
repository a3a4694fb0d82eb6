package register

// SafeguardKeys are the safeguards a collection-method form asks the user
// to confirm, in the order of the form; their labels are
// "register.safeguard.<key>" and they are the JSON names of Safeguards.
var SafeguardKeys = Keys{
	"notice_at_collection", "art14_notice", "unticked_box", "consent_separate", "consent_conditional", "proof_kept",
	"double_opt_in", "objection_at_collection", "objection_in_every_message", "existing_customers", "analogous_products",
	"seller_consent_proof", "job_related", "single_referral_message", "shared_with_partners", "partner_consent_separate",
}

// Field returns the safeguard named key, or nil, so a form can read and
// set the checkboxes by name.
func (s *Safeguards) Field(key string) *bool {
	return map[string]*bool{
		"notice_at_collection": &s.NoticeAtCollection, "art14_notice": &s.Art14Notice, "unticked_box": &s.UntickedBox,
		"consent_separate": &s.ConsentSeparate, "consent_conditional": &s.ConsentConditional, "proof_kept": &s.ProofKept,
		"double_opt_in": &s.DoubleOptIn, "objection_at_collection": &s.ObjectionAtCollection,
		"objection_in_every_message": &s.ObjectionInEveryMessage, "existing_customers": &s.ExistingCustomers,
		"analogous_products": &s.AnalogousProducts, "seller_consent_proof": &s.SellerConsentProof, "job_related": &s.JobRelated,
		"single_referral_message": &s.SingleReferralMessage, "shared_with_partners": &s.SharedWithPartners,
		"partner_consent_separate": &s.PartnerConsentSeparate,
	}[key]
}
