package register

import "time"

// MethodKinds are the ways contacts are collected, from the kit's list
// (bought lists, LinkedIn scraping, soft and forced opt-in, referral,
// contests) and the everyday ones.
var MethodKinds = Keys{
	"web_form",         // sign-up form on the website
	"checkout",         // order or account creation by a customer
	"soft_opt_in",      // existing customers e-mailed about similar products (L.34-5 CPCE)
	"forced_opt_in",    // marketing consent as a condition (a white paper, a service)
	"consent_in_terms", // consent given by accepting the terms and conditions
	"bought_list",      // list bought from a data provider
	"rented_list",      // list rented, the provider sending or handing over
	"scraping",         // LinkedIn or web scraping, enrichment tools
	"referral",         // "refer a friend"
	"contest",          // contests and draws
	"badge_scan",       // badges scanned at trade shows
	"business_card",    // business cards collected
	"partner",          // data passed on by a partner (co-registration)
	"paper_form",       // paper form, coupon
	"phone",            // inbound call or call centre
	"other",
}

// Audiences: the French rules differ for consumers and professionals.
var Audiences = Keys{"b2c", "b2b"}

// Channels are how the collected contacts are reached.
var Channels = Keys{"email", "sms", "phone", "post", "ads"}

// CollectionMethod is one way contacts enter the base, linked to the
// processing activities it feeds, with its legal basis and the safeguards
// the rules look at.
type CollectionMethod struct {
	ID          int64    `json:"id"`
	Kind        string   `json:"kind"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Audience    string   `json:"audience"`
	Channels    []string `json:"channels,omitempty"`
	LegalBasis  string   `json:"legal_basis,omitempty"`
	// ProviderID is the vendor selling, renting or passing on the list.
	ProviderID  int64   `json:"provider_id,omitempty"`
	ActivityIDs []int64 `json:"activity_ids,omitempty"`
	// RetentionMonths is how long contacts from this method are kept
	// without a new contact from them; 0 when the activity says.
	RetentionMonths int        `json:"retention_months,omitempty"`
	Safeguards      Safeguards `json:"safeguards"`
	CreatedAt       time.Time  `json:"created_at,omitzero"`
	UpdatedAt       time.Time  `json:"updated_at,omitzero"`
	Version         int        `json:"version"`
}

// Safeguards are what the user confirms about the method. A false value
// means "not confirmed", and the rules treat it as absent: the register
// must show what can be proven, not what is hoped.
type Safeguards struct {
	NoticeAtCollection      bool `json:"notice_at_collection,omitempty"`       // Art. 13 information when collecting
	Art14Notice             bool `json:"art14_notice,omitempty"`               // Art. 14 notice at the first message at the latest
	UntickedBox             bool `json:"unticked_box,omitempty"`               // an active, unticked opt-in
	ConsentSeparate         bool `json:"consent_separate,omitempty"`           // consent apart from the terms and other purposes
	ConsentConditional      bool `json:"consent_conditional,omitempty"`        // entry or service conditional on marketing consent
	ProofKept               bool `json:"proof_kept,omitempty"`                 // date, form, wording, IP kept (Art. 7(1))
	DoubleOptIn             bool `json:"double_opt_in,omitempty"`              // address confirmed by a link
	ObjectionAtCollection   bool `json:"objection_at_collection,omitempty"`    // a free, simple way to object when collecting
	ObjectionInEveryMessage bool `json:"objection_in_every_message,omitempty"` // an unsubscribe link in every message
	ExistingCustomers       bool `json:"existing_customers,omitempty"`         // only people who bought from us
	AnalogousProducts       bool `json:"analogous_products,omitempty"`         // messages about similar products of ours only
	SellerConsentProof      bool `json:"seller_consent_proof,omitempty"`       // proof of consent to transfer to partners, from the seller
	JobRelated              bool `json:"job_related,omitempty"`                // B2B: the message relates to the recipient's job
	SingleReferralMessage   bool `json:"single_referral_message,omitempty"`    // one message on the referrer's behalf, no reuse
	SharedWithPartners      bool `json:"shared_with_partners,omitempty"`       // entries passed on to partners
	PartnerConsentSeparate  bool `json:"partner_consent_separate,omitempty"`   // a separate unticked consent for partners
}

// Electronic reports whether contacts are reached by e-mail or SMS, the
// "courrier électronique" of art. L.34-5 CPCE.
func (m *CollectionMethod) Electronic() bool {
	for _, c := range m.Channels {
		if c == "email" || c == "sms" {
			return true
		}
	}
	return false
}

// Validate checks the method as a form would.
func (m *CollectionMethod) Validate() error {
	err := firstError(
		checkRequired("name", m.Name),
		checkKindRequired(m.Kind),
		checkTexts("description", m.Description),
		checkAudience(m.Audience),
		checkKeys("channels", m.Channels, Channels),
		checkKey("legal_basis", m.LegalBasis, LegalBases),
		checkRange("retention_months", m.RetentionMonths, 0, 1200),
	)
	if err != nil {
		return err
	}
	for _, id := range m.ActivityIDs {
		if id <= 0 {
			return invalid("register.error.unknown_value", "activity_ids", map[string]any{"Value": id})
		}
	}
	return nil
}

func checkKindRequired(k string) error {
	if k == "" {
		return invalid("register.error.required", "kind", nil)
	}
	return checkKey("kind", k, MethodKinds)
}

func checkAudience(a string) error {
	if a == "" {
		return invalid("register.error.required", "audience", nil)
	}
	return checkKey("audience", a, Audiences)
}
