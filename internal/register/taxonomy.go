package register

import "slices"

// Keys is an ordered list of the keys of one vocabulary. The order is the
// one forms and exports show.
type Keys []string

// Has reports whether k is one of the keys.
func (ks Keys) Has(k string) bool { return slices.Contains(ks, k) }

// The vocabularies below are stored as these keys; their labels are the
// translation keys "register.<vocabulary>.<key>".

// VendorCategories are the kinds of vendor the kit names (CRM, e-mailing,
// chat, HR software) and the others marketers use.
var VendorCategories = Keys{"crm", "emailing", "chat", "hr", "analytics", "hosting", "advertising", "payment", "data_provider", "other"}

// VendorRoles say what the vendor is for the organisation: a processor
// (Art. 28), a processor's sub-processor (Art. 28(2), (4)), a joint
// controller (Art. 26) or an independent controller receiving or selling
// data (a list seller, a partner).
var VendorRoles = Keys{"processor", "sub_processor", "joint_controller", "controller"}

// RightsChannels are how a vendor takes rights requests passed on to it
// (Art. 28(3)(e)).
var RightsChannels = Keys{"email", "api", "portal"}

// Certifications a vendor may hold as evidence of guarantees (Art. 28(1),
// (5)): HDS is required in France for hosting health data; SecNumCloud is
// the ANSSI qualification.
var Certifications = Keys{"iso27001", "iso27701", "soc2", "hds", "secnumcloud", "other"}

// Category is a category of personal data.
type Category struct {
	Key       string
	Sensitive bool // Art. 9 or Art. 10 data, or the NIR: CNIL model section 6
	CNIL      bool // listed by the CNIL model; the others are our additions
}

// DataCategories are the CNIL model's categories (section 5), the marketing
// categories we add, then the sensitive data of section 6.
var DataCategories = []Category{
	{Key: "identity", CNIL: true},
	{Key: "contact"},
	{Key: "personal_life", CNIL: true},
	{Key: "professional_life", CNIL: true},
	{Key: "economic_financial", CNIL: true},
	{Key: "connection", CNIL: true},
	{Key: "location", CNIL: true},
	{Key: "internet", CNIL: true},
	{Key: "commercial"},
	{Key: "consent_records"},
	{Key: "racial_ethnic_origin", Sensitive: true, CNIL: true},
	{Key: "political_opinions", Sensitive: true, CNIL: true},
	{Key: "religious_beliefs", Sensitive: true, CNIL: true},
	{Key: "trade_union", Sensitive: true, CNIL: true},
	{Key: "genetic", Sensitive: true, CNIL: true},
	{Key: "biometric", Sensitive: true, CNIL: true},
	{Key: "health", Sensitive: true, CNIL: true},
	{Key: "sex_life", Sensitive: true, CNIL: true},
	{Key: "criminal", Sensitive: true, CNIL: true},
	{Key: "nir", Sensitive: true, CNIL: true},
}

// CategoryKeys returns the keys of every data category.
func CategoryKeys() Keys {
	out := make(Keys, len(DataCategories))
	for i, c := range DataCategories {
		out[i] = c.Key
	}
	return out
}

// IsSensitive reports whether the category key names sensitive data.
func IsSensitive(key string) bool {
	for _, c := range DataCategories {
		if c.Key == key {
			return c.Sensitive
		}
	}
	return false
}

// Subjects are the kinds of people whose data is processed (CNIL model
// section 7, with the marketing audiences fideslang lacks).
var Subjects = Keys{"customers", "prospects", "subscribers", "website_visitors", "contest_participants", "event_attendees",
	"referred_persons", "employees", "candidates", "suppliers", "partners", "minors"}

// RetentionTriggers are the events a retention period runs from.
var RetentionTriggers = Keys{"collection", "last_contact", "end_of_relationship", "consent_withdrawn", "objection",
	"transaction", "event_end", "account_closed", "other"}

// RetentionFates are what happens to the data when the period ends.
var RetentionFates = Keys{"delete", "anonymise", "archive"}

// SourceKinds are where an activity's data comes from (Art. 14(2)(f)).
var SourceKinds = Keys{"data_subject", "collection_method", "data_provider", "partner", "public", "internal", "other"}

// RecipientKinds are the CNIL model's kinds of recipient (section 8).
var RecipientKinds = Keys{"internal", "vendor", "external"}

// LegalBases are the six bases of Art. 6(1), in the order of the article.
// Their labels are the audit's "basis.<key>" keys; their official wording
// is "register.basis.<key>.official".
var LegalBases = Keys{"consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"}

// Art9Conditions are the conditions of Art. 9(2) that lift the ban on
// processing special categories.
var Art9Conditions = Keys{"explicit_consent", "employment_social_security", "vital_interests_incapable", "not_for_profit_body",
	"made_public", "legal_claims", "substantial_public_interest", "health_social_care", "public_health", "archiving_research_statistics"}

// Clauses are the points of Art. 28(3) a processing agreement must hold.
var Clauses = Keys{"a", "b", "c", "d", "e", "f", "g", "h"}
