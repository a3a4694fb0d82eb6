package esp

// field is a canonical field a column can be read as. The order of the
// constants is the documented order of Fields.
type field int

const (
	fEmail field = iota
	fFirstName
	fLastName
	fName
	fLanguage
	fPhone
	fStatus
	fOptinAt
	fOptinIP
	fConfirmAt
	fConfirmIP
	fConsentAt
	fConsentIP
	fConsentSource
	fConsentChannel
	fConsentMethod
	fConsentText
	fDoubleOptin
	fLegalBasis
	fPurpose
	fUnsubscribed
	fUnsubscribedAt
	fUnsubscribeReason
	fBounced
	fBouncedAt
	fCreatedAt
	fUpdatedAt
	fTags
	fUserAgent
	fList
	numFields
)

var fieldNames = [numFields]string{
	"email", "first_name", "last_name", "name", "language", "phone", "status",
	"optin_at", "optin_ip", "confirm_at", "confirm_ip",
	"consent_at", "consent_ip", "consent_source", "consent_channel", "consent_method", "consent_text",
	"double_optin", "legal_basis", "purpose",
	"unsubscribed", "unsubscribed_at", "unsubscribe_reason", "bounced", "bounced_at",
	"created_at", "updated_at", "tags", "user_agent", "list",
}

func (f field) String() string { return fieldNames[f] }

// Fields returns the canonical field names a Mapping may use: identity
// first (email, names, language, phone), then status and consent evidence
// (opt-in, confirmation, consent record, legal basis), then the signals that
// end consent (unsubscribe, bounce), then the provider's dates, tags, user
// agent and list.
func Fields() []string {
	out := make([]string, numFields)
	copy(out, fieldNames[:])
	return out
}

// fieldByName returns the field called name, or false.
func fieldByName(name string) (field, bool) {
	for i, n := range fieldNames {
		if n == name {
			return field(i), true
		}
	}
	return 0, false
}
